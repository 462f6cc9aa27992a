// The directory read models (GET /authorities, /suppliers, /suppliers/{id}, /contracts,
// /contracts/{id}): the organisations and contracts a caller may see, with their stored
// scores, as JSON and (for lists) CSV.
//
// Ratings of scores are by the configured bands (`policy`, services::Settings::scoring).
//
// Lists are narrowed by model/access.h's list_scope() before they reach the database, so a
// page and its total count only what the caller may see. A single record of another
// organisation is Error::Forbidden, as the scorecards answer; one that does not exist is
// Error::NotFound.
//
// Thread safety: pure functions over one Connection the caller holds.
#pragma once

#include <string>

#include "model/access.h"
#include "reports/scorecards.h"
#include "store/database.h"
#include "store/repositories.h"

namespace scorecard::reports {

// {"authorities": [{"id","name"}], "total","limit","offset"}: every authority (public
// bodies' names are public), by name.
Rendered authority_list(store::Connection& conn, const store::Page& page, Format format);

// {"suppliers": [...], "total","limit","offset"}: the filter's page of the suppliers `who`
// may see, each with its stored score and rating and its open flags.
Rendered supplier_list(store::Connection& conn, store::SupplierFilter filter, const Principal& who,
                       Format format, const ScoringPolicy& policy);

// One supplier (JSON): its record, score, rating, open flags and contracts `who` may see.
Rendered supplier_record(store::Connection& conn, const std::string& supplier_id,
                         const Principal& who, const ScoringPolicy& policy);

// {"contracts": [...], "total","limit","offset"}: the filter's page of the contracts `who`
// may see, each with its current score and rating.
Rendered contract_list(store::Connection& conn, store::ContractFilter filter, const Principal& who,
                       Format format, const ScoringPolicy& policy);

// One contract (JSON): its fields, current score, counts of open flags and disputes, and
// its KPIs, each with the latest definition and every version.
Rendered contract_record(store::Connection& conn, const std::string& contract_id,
                         const Principal& who, const ScoringPolicy& policy);

}  // namespace scorecard::reports
