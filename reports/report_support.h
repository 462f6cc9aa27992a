// Private to reports/: what several read models share besides JSON (reports/json_writer.h
// and reports/entity_json.h write that) — scores shown to one decimal, the plain mean, enum
// spellings as strings, the media types of a rendered report, reading every page of a
// repository listing, and the scoping of flag queries to what a caller may see.
//
// Thread safety: free functions; the Connection is the caller's, used on its thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "reports/scorecards.h"
#include "store/repositories.h"

namespace scorecard::reports::detail {

// The plain mean of the values; nullopt for none.
std::optional<double> mean_of(const std::vector<double>& values);

// SPEC §3.3: a score is kept unrounded and shown to one decimal.
double shown(double score);

template <class E>
std::string name(E value) {
    return std::string(to_string(value));
}

Rendered json_document(std::string body);
Rendered csv_document(std::string body);

// Every row of a paged listing: repositories cap a page at 1000 rows.
std::vector<Contract> all_contracts(store::Connection& conn, store::ContractFilter filter);
std::vector<Supplier> all_suppliers(store::Connection& conn, store::SupplierFilter filter);
std::vector<Flag> all_flags(store::Connection& conn, store::FlagFilter filter);

// Narrows a flag filter to what `who` may see: a commercial user their authority's flags,
// a supplier its own. False when the caller may see no flags at all (an account set up
// without its authority or organisation).
bool scope_flags(store::FlagFilter& filter, const Principal& who);

}  // namespace scorecard::reports::detail
