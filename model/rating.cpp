#include "model/rating.h"

namespace scorecard {

// SPEC §3.1: a value exactly on a threshold earns that threshold's rating.
Rating rate_value(const KpiDefinition& kpi, double value) {
    const KpiThresholds& t = kpi.thresholds;
    // "At least as good as" in the KPI's own direction, so one ladder serves both.
    auto meets = [&](double threshold) {
        return kpi.direction == Direction::kHigher ? value >= threshold : value <= threshold;
    };
    if (meets(t.good))
        return Rating::kGood;
    if (meets(t.approaching))
        return Rating::kApproaching;
    if (meets(t.minimum))
        return Rating::kRequiresImprovement;
    return Rating::kInadequate;
}

// SPEC §3.2.
int points_for(Rating rating, const RatingPoints& points) {
    switch (rating) {
        case Rating::kGood:
            return points.good;
        case Rating::kApproaching:
            return points.approaching;
        case Rating::kRequiresImprovement:
            return points.requires_improvement;
        case Rating::kInadequate:
            return points.inadequate;
        case Rating::kMissing:
            return points.missing;
        case Rating::kOther:
            return 0;  // callers leave `other` out of both sums
    }
    return 0;
}

// SPEC §3.4.
Rating rating_for_score(double score, const RatingBands& bands) {
    auto at_least = [score](double edge) { return score >= edge - kScoreTolerance; };
    if (at_least(bands.good))
        return Rating::kGood;
    if (at_least(bands.approaching))
        return Rating::kApproaching;
    if (at_least(bands.requires_improvement))
        return Rating::kRequiresImprovement;
    return Rating::kInadequate;
}

// SPEC §3.4.
Rating rating_or_missing(const std::optional<double>& score, const RatingBands& bands) {
    return score ? rating_for_score(*score, bands) : Rating::kMissing;
}

}  // namespace scorecard
