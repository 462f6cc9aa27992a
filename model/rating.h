// Rating one measured value and one period score (SPEC §3 rules 1, 2 and 4).
#pragma once

#include "model/domain.h"
#include "model/enums.h"

namespace scorecard {

// The configurable values of SPEC §3, with the spec's defaults.
struct ScoringConfig {
    int points_good = 100;
    int points_approaching = 75;
    int points_requires_improvement = 40;
    int points_inadequate = 0;
    int points_missing = 0;
    double band_good = 85;                  // period score >= this is good
    double band_approaching = 65;           // >= this is approaching
    double band_requires_improvement = 40;  // >= this is requires_improvement, else inadequate
};

// SPEC §3.1: `higher`: v >= good -> good; v >= approaching -> approaching;
// v >= minimum -> requires_improvement; else inadequate. `lower` mirrors it with <=.
Rating rate_value(const KpiDefinition& kpi, double value);

// SPEC §3.2. `other` has no points: callers leave it out of both sums; returns 0 for it.
int points_for(Rating rating, const ScoringConfig& config = {});

// Scores are sums of weight × points divided by a sum of weights, so a score that is
// exactly on a band edge on paper can land a few ulps below it in floating point. Every
// comparison of a computed score against a configured edge (bands, flag thresholds, falls)
// allows this much, so that 65 on paper is 65 in the program.
inline constexpr double kScoreTolerance = 1e-9;

// SPEC §3.4: the rating of a contract period score (also used for supplier scores).
Rating rating_for_score(double score, const ScoringConfig& config = {});

}  // namespace scorecard
