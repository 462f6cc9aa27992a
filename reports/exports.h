// The published KPI performance dataset (SPEC §1 "public", §6 GET /exports/…): one row per
// contract × KPI × scored period of a calendar year, as CSV and as an OCDS release package.
//
// Both read the stored scores contract by contract in batches and write the output once,
// so memory holds the result plus one batch, never a second copy of the data set.
//
// Thread safety: pure functions over one Connection the caller holds.
#pragma once

#include <optional>
#include <string_view>

#include "model/calendar.h"
#include "model/enums.h"
#include "reports/scorecards.h"
#include "store/database.h"

namespace scorecard::reports {

// The dataset as CSV (text/csv), formula-injection safe (reports/csv.h). Columns: see
// docs/api.md "GET /exports/kpi-performance.csv".
Rendered kpi_performance_csv(store::Connection& conn, int year);

// The same rows as an OCDS 1.1 release package (application/json): one release per
// contract, its KPIs as contracts[0].implementation.metrics with one observation per
// period. `published` stamps the package and its releases.
Rendered kpi_performance_ocds(store::Connection& conn, int year, Timestamp published);

// SPEC §6: the UK extension's measureClassification of a rating — good → met,
// approaching → slightlyBelow, requires_improvement → below, inadequate →
// significantlyBelow, other → other; nullopt for missing (no figure to classify).
std::optional<std::string_view> measure_classification(Rating rating);

}  // namespace scorecard::reports
