// The five flag rules (SPEC §4) and the rule that opens a partnership review.
//
// Each rule is one named function in flag_rules.cpp; evaluate_flags() runs the enabled
// ones for one contract. Pure: the caller supplies the scored history and the as-of date.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/domain.h"
#include "model/scoring.h"
#include "model/scoring_policy.h"

namespace scorecard {

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

// Whether the contract reports for `period`: a period of its frequency that overlaps its
// start and end dates and has at least one KPI in force. False when the contract's dates are
// unset or reversed.
bool reports_for(const Contract& contract, const Period& period);

// SPEC §4 missing_return: whether the return for `period` is due by `as_of`: the period
// ended more than `grace_days` (the supplier's size group's, SizeGroupPolicy::grace_days)
// before `as_of`. Until then it is within its grace period.
bool return_due(const Period& period, int grace_days, Date as_of);

// SPEC §4 missing_return: the periods of the contract whose return is due by `as_of`, in
// time order: every period it reports_for() whose return_due(). Returned or not: the caller
// knows which periods have a return.
std::vector<Period> due_periods(const Contract& contract, int grace_days, Date as_of);

// The days around `as_of` on which the due periods without a return are the same as on
// `as_of`: from `from` (inclusive; none: every earlier day) until `until` (exclusive; none:
// for good). `accounted(p)` says whether period p has a return or a score, so that it is
// never listed missing. What a scorecard shows of the day is exactly that set, so bytes
// made on `as_of` hold for every day of the span (reports/prepared_scorecards.h).
struct DaySpan {
    std::optional<Date> from;
    std::optional<Date> until;
    bool holds(Date day) const { return (!from || *from <= day) && (!until || day < *until); }
};
DaySpan same_missing_periods(const Contract& contract, int grace_days, Date as_of,
                             const std::function<bool(const Period&)>& accounted);

// Runs every enabled rule for one contract.
// `returned` is score_contract()'s output for the returns known at `as_of` (ascending).
// missing_return fires for each of due_periods() that has no return.
std::vector<FlagFinding> evaluate_flags(const Contract& contract, SizeClass supplier_size,
                                        const std::vector<PeriodScore>& returned, Date as_of,
                                        const FlagPolicy& policy);

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
