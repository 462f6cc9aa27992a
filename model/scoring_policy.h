// The configurable values of the scoring and flag rules (SPEC §3 and §4) as one value: the
// points each rating earns, the bands that rate a score, and per size group which flag rules
// run, with their thresholds, severities and grace days.
//
// Every rule that needs one of these values takes it as an argument, and every caller
// passes on the ScoringPolicy it was given (from services::Settings), so that one
// configuration reaches the API, the CLI, the exports and the pages alike. The members are
// zero here on purpose: SPEC's values are written once, in default_policy(), which the
// settings loader starts from. Plain values; thread-safe.
#pragma once

#include "model/enums.h"

namespace scorecard {

// SPEC §3.2: the points each rating earns (`other` earns none: it is left out of a score).
struct RatingPoints {
    int good = 0;
    int approaching = 0;
    int requires_improvement = 0;
    int inadequate = 0;
    int missing = 0;

    bool operator==(const RatingPoints&) const = default;
};

// SPEC §3.4: the lowest score of each band; a score below `requires_improvement` is
// inadequate.
struct RatingBands {
    double good = 0;
    double approaching = 0;
    double requires_improvement = 0;

    bool operator==(const RatingBands&) const = default;
};

// Whether one flag rule runs, and the severity of what it raises.
struct RulePolicy {
    bool enabled = false;
    Severity severity = Severity::kLow;

    bool operator==(const RulePolicy&) const = default;
};

// SPEC §4: the flag rules' thresholds and severities for one size group (large or SME).
struct SizeGroupPolicy {
    RulePolicy inadequate_kpi;
    RulePolicy persistent_underperformance;
    int persistent_periods = 0;
    RulePolicy low_contract_score;
    double low_score_below = 0;
    RulePolicy declining_trend;
    int declining_periods = 0;
    double declining_min_fall = 0;
    RulePolicy missing_return;
    // Once a contract has this many missed periods, its missing_return flags are escalated.
    int missing_escalate_after = 0;
    Severity missing_escalated_severity = Severity::kLow;
    // A period's return is due this many days after the period's last day (SPEC §4
    // missing_return); it is missing from the day after.
    int grace_days = 0;

    bool operator==(const SizeGroupPolicy&) const = default;
};

struct FlagPolicy {
    SizeGroupPolicy large;
    SizeGroupPolicy sme;  // micro, small, medium and sme
    const SizeGroupPolicy& for_size(SizeClass size) const {
        return size_group(size) == SizeGroup::kLarge ? large : sme;
    }

    bool operator==(const FlagPolicy&) const = default;
};

struct ScoringPolicy {
    RatingPoints points;
    RatingBands bands;
    FlagPolicy flags;

    bool operator==(const ScoringPolicy&) const = default;
};

// SPEC §3 and §4's values, the same as etc/scorecard.properties documents: the one place in
// the code where they are written. services::load_settings starts from it; tests use it
// for "the spec's configuration".
ScoringPolicy default_policy();

}  // namespace scorecard
