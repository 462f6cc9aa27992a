// The read models other tools rely on (SPEC §6): a contract's scorecard, a supplier's
// scorecard and the flag list (the minister's summary: reports/summary.h); each loaded from the
// store and rendered as JSON (the API and `scorecard report … --format json`) or CSV.
//
// The JSON names shown in SPEC §6 are fixed; more fields are welcome. Scores are given to
// one decimal in "score" (as shown to people); "score_exact" carries the unrounded value.
//
// Thread safety: pure functions over one Connection the caller holds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "model/access.h"
#include "model/domain.h"
#include "model/scoring.h"
#include "store/database.h"
#include "store/repositories.h"

namespace scorecard::reports {

enum class Format { kJson, kCsv };

// A rendered report: its media type and bytes.
struct Rendered {
    std::string content_type;  // "application/json" or "text/csv; charset=utf-8"
    std::string body;
};

// Every report that rates a score or decides which periods are due takes the configured
// ScoringPolicy (services::Settings::scoring): ratings of stored scores were made with it
// when they were scored, and the ratings and due periods worked out here use it too.

// GET /contracts/{id}/scorecard. Throws Error::NotFound, Error::Forbidden (who may not
// view it). Periods that were due by `as_of` (default: today, UTC) and have no return are
// listed as `missing`; "due" is the missing_return rule's: ended more than the supplier's
// grace days before `as_of`.
Rendered contract_scorecard(store::Connection& conn, const std::string& contract_id,
                            const Principal& who, Format format, const ScoringPolicy& policy,
                            std::optional<Date> as_of = std::nullopt);

// GET /suppliers/{id}/scorecard: the supplier, its score and rating, its place in its size
// class, each contract's current score, its open flags and its review.
Rendered supplier_scorecard(store::Connection& conn, const std::string& supplier_id,
                            const Principal& who, Format format, const ScoringPolicy& policy);

// GET /flags: the flags the caller may see, filtered; one page (filter.page, limit 1..1000,
// else Error::BadRequest), in the repository's order, with the total that match.
Rendered flag_list(store::Connection& conn, const store::FlagFilter& filter, const Principal& who,
                   Format format);

}  // namespace scorecard::reports
