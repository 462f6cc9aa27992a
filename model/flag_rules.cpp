#include "model/flag_rules.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <tuple>

namespace scorecard {
namespace {

// A figure as a person wrote it: 93.2, 85, 0.75 (no trailing zeros).
std::string figure(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// A score as it is shown everywhere: one decimal (SPEC §3.3).
std::string shown_score(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// A score shown next to the limit it fell below: one decimal unless rounding would hide
// why it fired (64.99 would show as 65.0, "below 65"), then as many as it takes.
std::string shown_below(double v, double limit) {
    for (int decimals = 1; decimals <= 6; ++decimals) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        if (std::strtod(buf, nullptr) < limit)
            return buf;
    }
    return shown_score(v);
}

std::string rating_words(Rating rating) {
    std::string words{to_string(rating)};
    std::replace(words.begin(), words.end(), '_', ' ');
    return words;
}

const MeasureScore* measure_for(const PeriodScore& period, const std::string& code) {
    for (const MeasureScore& m : period.measures) {
        if (m.kpi_code == code)
            return &m;
    }
    return nullptr;
}

bool requires_improvement_or_worse(Rating rating) {
    return rating == Rating::kRequiresImprovement || rating == Rating::kInadequate ||
           rating == Rating::kMissing;
}

// The scored history the rules read: every returned period, ascending.
using History = std::vector<const PeriodScore*>;

// Only the periods that have a score, for the rules about scores.
History with_score(const History& returned) {
    History out;
    for (const PeriodScore* p : returned) {
        if (p->score)
            out.push_back(p);
    }
    return out;
}

FlagFinding finding(FlagRuleId rule, Severity severity, const Contract& contract,
                    std::string kpi_code, const Period& period, std::string detail) {
    return FlagFinding{rule, severity, contract.id, std::move(kpi_code), period, std::move(detail)};
}

// SPEC §4 inadequate_kpi: a KPI rated inadequate in the latest returned period.
void inadequate_kpi(const Contract& contract, const History& returned, const RulePolicy& rule,
                    std::vector<FlagFinding>& out) {
    if (returned.empty())
        return;
    const PeriodScore& latest = *returned.back();
    std::vector<KpiDefinition> in_force = kpis_in_force(contract.kpis, latest.period);
    for (const MeasureScore& m : latest.measures) {
        if (m.rating != Rating::kInadequate)
            continue;
        std::string detail = m.kpi_code + " rated inadequate in " + latest.period.to_string();
        auto def = std::find_if(in_force.begin(), in_force.end(),
                                [&](const KpiDefinition& k) { return k.code == m.kpi_code; });
        if (m.value && def != in_force.end()) {
            detail += " (" + figure(*m.value) + " against minimum " +
                      figure(def->thresholds.minimum) + ")";
        }
        out.push_back(finding(FlagRuleId::kInadequateKpi, rule.severity, contract, m.kpi_code,
                              latest.period, std::move(detail)));
    }
}

// SPEC §4 persistent_underperformance: the same KPI requires improvement or worse (left out
// counts as worse) in each of the N most recent returned periods.
void persistent_underperformance(const Contract& contract, const History& returned,
                                 const SizeGroupPolicy& policy, std::vector<FlagFinding>& out) {
    const int n = policy.persistent_periods;
    if (n < 1 || returned.size() < static_cast<std::size_t>(n))
        return;
    const History recent(returned.end() - n, returned.end());
    const PeriodScore& latest = *recent.back();
    for (const MeasureScore& m : latest.measures) {
        // A period where the KPI was not in force has no measure for it: that breaks the run.
        bool every_period = std::all_of(recent.begin(), recent.end(), [&](const PeriodScore* p) {
            const MeasureScore* earlier = measure_for(*p, m.kpi_code);
            return earlier != nullptr && requires_improvement_or_worse(earlier->rating);
        });
        if (!every_period)
            continue;
        std::string periods;
        for (const PeriodScore* p : recent)
            periods += (periods.empty() ? "" : ", ") + p->period.to_string();
        out.push_back(finding(FlagRuleId::kPersistentUnderperformance,
                              policy.persistent_underperformance.severity, contract, m.kpi_code,
                              latest.period,
                              m.kpi_code + " rated requires improvement or worse in each of " +
                                  periods + " (latest: " + rating_words(m.rating) + ")"));
    }
}

// SPEC §4 low_contract_score: the latest returned period's score is below the threshold.
void low_contract_score(const Contract& contract, const History& returned,
                        const SizeGroupPolicy& policy, std::vector<FlagFinding>& out) {
    History scored = with_score(returned);
    if (scored.empty())
        return;
    const PeriodScore& latest = *scored.back();
    if (*latest.score < policy.low_score_below - kScoreTolerance) {
        out.push_back(finding(
            FlagRuleId::kLowContractScore, policy.low_contract_score.severity, contract, "",
            latest.period,
            "contract score " + shown_below(*latest.score, policy.low_score_below) + " in " +
                latest.period.to_string() + " is below " + figure(policy.low_score_below)));
    }
}

// SPEC §4 declining_trend: the M most recent scores strictly decrease, falling by at least
// the minimum in total.
void declining_trend(const Contract& contract, const History& returned,
                     const SizeGroupPolicy& policy, std::vector<FlagFinding>& out) {
    const int m = policy.declining_periods;
    History scored = with_score(returned);
    if (m < 2 || scored.size() < static_cast<std::size_t>(m))
        return;
    const History recent(scored.end() - m, scored.end());
    for (std::size_t i = 1; i < recent.size(); ++i) {
        if (!(*recent[i]->score < *recent[i - 1]->score))
            return;
    }
    const double first = *recent.front()->score;
    const double last = *recent.back()->score;
    if (first - last < policy.declining_min_fall - kScoreTolerance)
        return;
    out.push_back(finding(FlagRuleId::kDecliningTrend, policy.declining_trend.severity, contract,
                          "", recent.back()->period,
                          "contract score fell in each of " + std::to_string(m) +
                              " returned periods, from " + shown_score(first) + " in " +
                              recent.front()->period.to_string() + " to " + shown_score(last) +
                              " in " + recent.back()->period.to_string()));
}

// SPEC §4 missing_return: each due period without a return; escalated once enough are
// missed.
void missing_return(const Contract& contract, const History& returned, Date as_of,
                    const SizeGroupPolicy& policy, std::vector<FlagFinding>& out) {
    std::set<Period> have;
    for (const PeriodScore* p : returned)
        have.insert(p->period);

    std::vector<FlagFinding> missed;
    for (const Period& p : due_periods(contract, policy.grace_days, as_of)) {
        if (have.count(p) > 0)
            continue;
        missed.push_back(finding(
            FlagRuleId::kMissingReturn, policy.missing_return.severity, contract, "", p,
            "no return for " + p.to_string() + ", which ended " + format_date(p.last_day()) +
                " (due within " + std::to_string(policy.grace_days) + " days)"));
    }
    if (static_cast<int>(missed.size()) >= policy.missing_escalate_after) {
        for (FlagFinding& f : missed)
            f.severity = policy.missing_escalated_severity;
    }
    out.insert(out.end(), missed.begin(), missed.end());
}

}  // namespace

bool reports_for(const Contract& contract, const Period& period) {
    if (!contract.start.ok() || !contract.end.ok() || contract.end < contract.start)
        return false;
    if (period.frequency() != contract.frequency || period.last_day() < contract.start ||
        contract.end < period.first_day())
        return false;
    return !kpis_in_force(contract.kpis, period).empty();
}

// SPEC §4 missing_return: a return is due once the period's grace days have passed.
bool return_due(const Period& period, int grace_days, Date as_of) {
    return as_of > add_days(period.last_day(), grace_days);
}

std::vector<Period> due_periods(const Contract& contract, int grace_days, Date as_of) {
    std::vector<Period> out;
    if (!contract.start.ok() || !contract.end.ok() || contract.end < contract.start)
        return out;
    const Period last = Period::containing(contract.frequency, contract.end);
    for (Period p = Period::containing(contract.frequency, contract.start);; p = p.next()) {
        // Later periods end later still, so none of them is due either; this also bounds
        // the walk for a contract that runs for centuries.
        if (!return_due(p, grace_days, as_of))
            break;
        if (reports_for(contract, p))
            out.push_back(p);
        if (p == last)
            break;
    }
    return out;
}

DaySpan same_missing_periods(const Contract& contract, int grace_days, Date as_of,
                             const std::function<bool(const Period&)>& accounted) {
    DaySpan span;
    if (!contract.start.ok() || !contract.end.ok() || contract.end < contract.start)
        return span;  // no period is ever due
    const Period last = Period::containing(contract.frequency, contract.end);
    for (Period p = Period::containing(contract.frequency, contract.start);; p = p.next()) {
        if (reports_for(contract, p) && !accounted(p)) {
            // return_due: due from the day after its grace days.
            const Date due_from = add_days(p.last_day(), grace_days + 1);
            if (as_of < due_from) {
                // The first period without a return still to fall due: later ones fall due
                // later still.
                span.until = due_from;
                break;
            }
            span.from = due_from;  // ascending: the last one due is the latest
        }
        if (p == last)
            break;
    }
    return span;
}

std::vector<FlagFinding> evaluate_flags(const Contract& contract, SizeClass supplier_size,
                                        const std::vector<PeriodScore>& returned, Date as_of,
                                        const FlagPolicy& policy) {
    const SizeGroupPolicy& p = policy.for_size(supplier_size);
    History history;
    for (const PeriodScore& s : returned)
        history.push_back(&s);
    std::stable_sort(history.begin(), history.end(),
                     [](const auto* a, const auto* b) { return a->period < b->period; });

    std::vector<FlagFinding> out;
    if (p.inadequate_kpi.enabled)
        inadequate_kpi(contract, history, p.inadequate_kpi, out);
    if (p.persistent_underperformance.enabled)
        persistent_underperformance(contract, history, p, out);
    if (p.low_contract_score.enabled)
        low_contract_score(contract, history, p, out);
    if (p.declining_trend.enabled)
        declining_trend(contract, history, p, out);
    if (p.missing_return.enabled)
        missing_return(contract, history, as_of, p, out);

    std::stable_sort(out.begin(), out.end(), [](const FlagFinding& a, const FlagFinding& b) {
        return std::tie(a.rule, a.kpi_code, a.period) < std::tie(b.rule, b.kpi_code, b.period);
    });
    return out;
}

// SPEC §4, last paragraph.
bool review_warranted(const Supplier& supplier, const std::vector<OpenFlag>& open_flags) {
    std::set<std::string> contracts;
    for (const OpenFlag& f : open_flags) {
        if (f.severity == Severity::kHigh)
            return true;
        if (supplier.strategic && f.severity == Severity::kMedium)
            return true;
        contracts.insert(f.contract_id);
    }
    return contracts.size() >= 2;
}

// SPEC §2 "Partnership review": each state leads only to the next one.
bool review_transition_allowed(ReviewState from, ReviewState to) {
    switch (from) {
        case ReviewState::kProposed:
            return to == ReviewState::kScheduled;
        case ReviewState::kScheduled:
            return to == ReviewState::kActionPlanAgreed;
        case ReviewState::kActionPlanAgreed:
            return to == ReviewState::kMonitoring;
        case ReviewState::kMonitoring:
            return to == ReviewState::kClosed;
        case ReviewState::kClosed:
            return false;
    }
    return false;
}

}  // namespace scorecard
