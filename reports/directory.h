// The directory read models (GET /authorities, /suppliers, /suppliers/{id}, /contracts,
// /contracts/{id}; the contract list page): the organisations and contracts a caller may
// see, with their stored scores. Each is a typed model filled by a load function, written
// as JSON (docs/api.md "Directory") and, for lists, as CSV by one writer each.
//
// Ratings of scores are by the configured bands (`policy`, services::Settings::scoring).
//
// Lists are narrowed by model/access.h's narrow_to_scope() before they reach the database,
// so a page and its total count only what the caller may see. A single record of another
// organisation is Error::Forbidden, as the scorecards answer; one that does not exist is
// Error::NotFound. A page's limit must be 1..1000 and its offset not negative
// (Error::BadRequest).
//
// Thread safety: load functions use one Connection the caller holds; writers are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "reports/scorecards.h"
#include "store/database.h"
#include "store/repositories.h"

namespace scorecard::reports {

// ---------------------------------------------------------------- authorities

struct AuthorityList {
    std::vector<Authority> authorities;  // the page, by name
    std::int64_t total = 0;
    store::Page page;
};

// Every authority (public bodies' names are public), by name.
AuthorityList load_authority_list(store::Connection& conn, const store::Page& page);
// {"authorities": [{"id","name"}], "total","limit","offset"}
std::string to_json(const AuthorityList& list);
std::string to_csv(const AuthorityList& list);

// ---------------------------------------------------------------- suppliers

struct SupplierListItem {
    Supplier supplier;
    std::optional<double> score;  // stored (SPEC §3.6), unrounded
    Rating rating = Rating::kMissing;
    std::int64_t open_flags = 0;
    std::int64_t contracts = 0;
};

struct SupplierList {
    std::vector<SupplierListItem> suppliers;
    std::int64_t total = 0;
    store::Page page;
};

// The filter's page of the suppliers `who` may see, each with its stored score and rating
// and its open flags.
SupplierList load_supplier_list(store::Connection& conn, store::SupplierFilter filter,
                                const Principal& who, const ScoringPolicy& policy);
// {"suppliers": [...], "total","limit","offset"}
std::string to_json(const SupplierList& list);
std::string to_csv(const SupplierList& list);

// One supplier: its listing (record, score, rating, open flags, contracts).
struct SupplierRecord {
    SupplierListItem listing;
};

SupplierRecord load_supplier_record(store::Connection& conn, const std::string& supplier_id,
                                    const Principal& who, const ScoringPolicy& policy);
// The list's item and "scorecard": its API path.
std::string to_json(const SupplierRecord& record);

// ---------------------------------------------------------------- contracts

struct ContractListItem {
    Contract contract;  // without KPI versions
    std::string authority_name;
    std::string supplier_name;
    SizeClass supplier_size = SizeClass::kLarge;
    std::optional<CurrentScore> current;  // stored, rated by the policy's bands
};

struct ContractList {
    std::vector<ContractListItem> contracts;
    std::int64_t total = 0;
    store::Page page;
};

// The filter's page of the contracts `who` may see, each with its current score and
// rating.
ContractList load_contract_list(store::Connection& conn, store::ContractFilter filter,
                                const Principal& who, const ScoringPolicy& policy);
// {"contracts": [...], "total","limit","offset"}
std::string to_json(const ContractList& list);
std::string to_csv(const ContractList& list);

// One contract: its listing, counts of open flags and disputes, and its KPIs, each with the
// latest definition and every version.
struct ContractRecord {
    ContractListItem listing;
    std::int64_t open_flags = 0;
    std::int64_t open_disputes = 0;
    std::vector<KpiVersion> kpis;  // every version, ordered by code then effective period
};

ContractRecord load_contract_record(store::Connection& conn, const std::string& contract_id,
                                    const Principal& who, const ScoringPolicy& policy);
std::string to_json(const ContractRecord& record);

}  // namespace scorecard::reports
