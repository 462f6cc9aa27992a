// The five flag rules (SPEC §4) and the rule that opens a partnership review.
//
// Each rule is one named function in flag_rules.cpp; evaluate_flags() runs the enabled
// ones for one contract. Pure: the caller supplies the scored history and the as-of date.
#pragma once

#include <string>
#include <vector>

#include "model/domain.h"
#include "model/scoring.h"

namespace scorecard {

struct RulePolicy {
    bool enabled = true;
    Severity severity = Severity::kMedium;
};

// Thresholds and severities for one size group (large or SME); defaults are SPEC §4's.
struct SizeGroupPolicy {
    RulePolicy inadequate_kpi{true, Severity::kHigh};
    RulePolicy persistent_underperformance{true, Severity::kHigh};
    int persistent_periods = 3;
    RulePolicy low_contract_score{true, Severity::kMedium};
    double low_score_below = 65;
    RulePolicy declining_trend{true, Severity::kMedium};
    int declining_periods = 4;
    double declining_min_fall = 10;
    RulePolicy missing_return{true, Severity::kLow};
    // Once a contract has this many missed periods, its missing_return flags are escalated.
    int missing_escalate_after = 2;
    Severity missing_escalated_severity = Severity::kHigh;
    int grace_days = 10;
};

struct FlagPolicy {
    SizeGroupPolicy large;  // grace_days 10
    SizeGroupPolicy sme = [] {
        SizeGroupPolicy p;
        p.grace_days = 20;
        return p;
    }();
    const SizeGroupPolicy& for_size(SizeClass size) const {
        return size_group(size) == SizeGroup::kLarge ? large : sme;
    }
};

// A rule that fired. Identity for history is (rule, contract, kpi) and, for
// missing_return only, the period: a flag stays open while its condition holds.
struct FlagFinding {
    FlagRuleId rule = FlagRuleId::kInadequateKpi;
    Severity severity = Severity::kLow;
    std::string contract_id;
    std::string kpi_code;  // empty for contract-level rules
    Period period;         // the latest period that is evidence for it
    std::string detail;    // for a person: "CALLS rated inadequate in 2026-09 (80 < 85)"
    bool operator==(const FlagFinding&) const = default;
};

// Runs every enabled rule for one contract.
// `returned` is score_contract()'s output for the returns known at `as_of` (ascending).
// missing_return looks at every period that overlaps the contract's dates, has KPIs in
// force, and ended more than grace_days before `as_of`.
std::vector<FlagFinding> evaluate_flags(const Contract& contract, SizeClass supplier_size,
                                        const std::vector<PeriodScore>& returned, Date as_of,
                                        const FlagPolicy& policy = {});

// An open flag as the review rule sees it.
struct OpenFlag {
    std::string contract_id;
    Severity severity = Severity::kLow;
};

// SPEC §4, last paragraph: one open high-severity flag, or open flags on two or more
// contracts; for a strategic supplier, any open medium or high flag. The caller checks
// that no review is already open.
bool review_warranted(const Supplier& supplier, const std::vector<OpenFlag>& open_flags);

// SPEC §2: proposed -> scheduled -> action_plan_agreed -> monitoring -> closed.
bool review_transition_allowed(ReviewState from, ReviewState to);

}  // namespace scorecard
