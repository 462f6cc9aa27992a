// Private to reports/: the pieces every read model shares — JSON objects that keep the
// order fields are written in, scores shown to one decimal, the JSON of entities that
// appear in several reports (flags, disputes, current scores), reading every page of a
// repository listing, and the scoping of flag queries to what a caller may see.
//
// Thread safety: free functions; the Connection is the caller's, used on its thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "model/access.h"
#include "model/calendar.h"
#include "model/domain.h"
#include "model/scoring.h"
#include "reports/scorecards.h"
#include "store/repositories.h"

namespace scorecard::reports::detail {

// An object whose keys come out in insertion order (Poco sorts them otherwise), so the
// documented shapes read in their documented order.
Poco::JSON::Object::Ptr object();
Poco::JSON::Array::Ptr array();
Poco::Dynamic::Var null();

// The plain mean of the values; nullopt for none.
std::optional<double> mean_of(const std::vector<double>& values);

// SPEC §3.3: a score is kept unrounded and shown to one decimal.
double shown(double score);
Poco::Dynamic::Var shown_or_null(std::optional<double> score);
Poco::Dynamic::Var exact_or_null(std::optional<double> score);
Poco::Dynamic::Var text_or_null(const std::string& text);
Poco::Dynamic::Var timestamp_or_null(const std::optional<Timestamp>& at);

template <class E>
std::string name(E value) {
    return std::string(to_string(value));
}

// {"period","score","rating","score_exact"}, or null when there is no current score.
Poco::Dynamic::Var current_json(const PeriodScore* current);
Poco::JSON::Object::Ptr flag_json(const Flag& flag);
// A KPI's definition after its code: "name", "unit", "direction", "weight", "good",
// "approaching", "minimum", "category" (null when it has none).
void add_kpi_definition(Poco::JSON::Object& out, const KpiDefinition& definition);
Poco::JSON::Object::Ptr dispute_json(const Dispute& dispute);

Rendered json_document(const Poco::JSON::Object::Ptr& root);
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
