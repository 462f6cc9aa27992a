// Rating one measured value and one period score (SPEC §3 rules 1, 2 and 4).
#pragma once

#include <optional>

#include "model/domain.h"
#include "model/enums.h"
#include "model/scoring_policy.h"

namespace scorecard {

// SPEC §3.1: `higher`: v >= good -> good; v >= approaching -> approaching;
// v >= minimum -> requires_improvement; else inadequate. `lower` mirrors it with <=.
Rating rate_value(const KpiDefinition& kpi, double value);

// SPEC §3.2. `other` has no points: callers leave it out of both sums; returns 0 for it.
int points_for(Rating rating, const RatingPoints& points);

// Scores are sums of weight × points divided by a sum of weights, so a score that is
// exactly on a band edge on paper can land a few ulps below it in floating point. Every
// comparison of a computed score against a configured edge (bands, flag thresholds, falls)
// allows this much, so that 65 on paper is 65 in the program.
inline constexpr double kScoreTolerance = 1e-9;

// SPEC §3.4: the rating of a contract period score (also used for supplier scores, §3.6).
Rating rating_for_score(double score, const RatingBands& bands);

// SPEC §3.4: what is shown for a score that may be absent: its rating, or `missing` when
// there is no score (no return, or every KPI `other`).
Rating rating_or_missing(const std::optional<double>& score, const RatingBands& bands);

}  // namespace scorecard
