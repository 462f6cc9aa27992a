#include "model/scoring_policy.h"

namespace scorecard {
namespace {

// SPEC §4's table: the same rules for both groups; only the grace days differ.
SizeGroupPolicy spec_group(int grace_days) {
    SizeGroupPolicy p;
    p.inadequate_kpi = {true, Severity::kHigh};
    p.persistent_underperformance = {true, Severity::kHigh};
    p.persistent_periods = 3;
    p.low_contract_score = {true, Severity::kMedium};
    p.low_score_below = 65;
    p.declining_trend = {true, Severity::kMedium};
    p.declining_periods = 4;
    p.declining_min_fall = 10;
    p.missing_return = {true, Severity::kLow};
    p.missing_escalate_after = 2;  // "high after 2 missed periods"
    p.missing_escalated_severity = Severity::kHigh;
    p.grace_days = grace_days;
    return p;
}

}  // namespace

ScoringPolicy default_policy() {
    ScoringPolicy p;
    // SPEC §3.2.
    p.points = {100, 75, 40, 0, 0};
    // SPEC §3.4: >= 85 good, >= 65 approaching, >= 40 requires_improvement.
    p.bands = {85, 65, 40};
    // SPEC §4 missing_return: grace large 10 days, SME 20 days.
    p.flags.large = spec_group(10);
    p.flags.sme = spec_group(20);
    return p;
}

}  // namespace scorecard
