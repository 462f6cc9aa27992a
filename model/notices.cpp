#include "model/notices.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "model/rating.h"
#include "model/scoring.h"

namespace scorecard {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

Refusal conflict(std::string message) {
    return {ErrorCode::kConflict, std::move(message)};
}
Refusal invalid(std::string message) {
    return {ErrorCode::kInvalid, std::move(message)};
}

std::string state_name(NoticeState state) {
    return std::string(to_string(state));
}

std::string number_text(double value) {
    std::string text = std::to_string(value);
    // std::to_string writes six decimals: drop the trailing zeros (and the point).
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.')
        text.pop_back();
    return text;
}

// The KPI versions in force at `period`, by code.
std::map<std::string, KpiDefinition> in_force_by_code(const Contract& contract,
                                                      const Period& period) {
    std::map<std::string, KpiDefinition> out;
    for (KpiDefinition& d : kpis_in_force(contract.kpis, period))
        out.emplace(d.code, std::move(d));
    return out;
}

// How many KPIs are in force at `as_of`, or at the contract's start or end when it lies
// outside them; 0 for a contract whose dates are unset or reversed.
int kpis_in_force_at(const Contract& contract, Date as_of) {
    if (!contract.start.ok() || !contract.end.ok() || contract.end < contract.start)
        return 0;
    const Date day = std::clamp(as_of, contract.start, contract.end);
    return static_cast<int>(
        kpis_in_force(contract.kpis, Period::containing(contract.frequency, day)).size());
}

bool meets(Direction direction, double value, double level) {
    return direction == Direction::kHigher ? value >= level : value <= level;
}

}  // namespace

// SPEC §7: the notices.* defaults (etc/scorecard.properties documents the same).
NoticePolicy default_notice_policy() {
    using namespace std::chrono;
    NoticePolicy p;
    p.kpi_threshold = 5'000'000;
    p.regime_start = year{2025} / February / 24;
    p.review_days = 10;
    p.failure_days = 30;
    return p;
}

// ---- what is owed ----

Regime regime_of(const Contract& contract, Date regime_start) {
    if (contract.regime)
        return *contract.regime;
    return contract.start >= regime_start ? Regime::kPa2023 : Regime::kPcr2015;
}

// s52(1): "an estimated value of more than £5 million" — SPEC §7.1 says "at least"; the
// Act wins, so a contract of exactly the threshold owes nothing.
bool owes_kpi_assessments(const Contract& contract, const NoticePolicy& policy) {
    return regime_of(contract, policy.regime_start) == Regime::kPa2023 &&
           contract.value > policy.kpi_threshold;
}

bool has_ended(const Contract& contract, Date as_of) {
    return contract.status != ContractStatus::kActive || contract.end <= as_of;
}

Date months_after(Date date, int months) {
    using namespace std::chrono;
    const year_month ym = date.year() / date.month() + std::chrono::months(months);
    const day last = (ym / std::chrono::last).day();
    return ym / std::min(date.day(), last);
}

Date failure_deadline(Date decided, const NoticePolicy& policy) {
    // "the period of 30 days beginning with the day" of the decision: that day is the first.
    return add_days(decided, std::max(policy.failure_days, 1) - 1);
}

std::optional<int> too_few_kpis(const Contract& contract, Date as_of, const NoticePolicy& policy) {
    if (!owes_kpi_assessments(contract, policy))
        return std::nullopt;
    const int count = kpis_in_force_at(contract, as_of);
    if (count >= 3)
        return std::nullopt;
    return count;
}

// SPEC §7.1.
std::vector<OwedNotice> notices_owed(const Contract& contract,
                                     const std::vector<NoticeSummary>& notices, Date as_of,
                                     const NoticePolicy& policy) {
    std::vector<OwedNotice> out;
    if (regime_of(contract, policy.regime_start) != Regime::kPa2023)
        return out;
    auto line = [&](OwedReason reason, Date due) {
        OwedNotice n;
        n.contract_id = contract.id;
        n.authority_id = contract.authority_id;
        n.reason = reason;
        n.due = due;
        return n;
    };

    // Failure notices: s71(5) applies to any contract let under the Act.
    for (const NoticeSummary& n : notices) {
        if (n.kind == NoticeKind::kFailure && n.state != NoticeState::kPublished && n.decided) {
            OwedNotice owed = line(OwedReason::kFailure, failure_deadline(*n.decided, policy));
            owed.notice_id = n.id;
            out.push_back(owed);
        }
    }

    if (!owes_kpi_assessments(contract, policy) || kpis_in_force_at(contract, as_of) == 0)
        return out;

    std::optional<Date> last_published;
    std::optional<Date> last_window_end;
    for (const NoticeSummary& n : notices) {
        if (n.kind != NoticeKind::kAssessment || n.state != NoticeState::kPublished)
            continue;
        if (n.published && (!last_published || *n.published > *last_published))
            last_published = n.published;
        if (!last_window_end || n.window_end > *last_window_end)
            last_window_end = n.window_end;
    }

    if (has_ended(contract, as_of)) {
        // The end date, or at once for a contract marked ended before it.
        const Date final_due = std::min(contract.end, as_of);
        if (!(last_window_end && *last_window_end >= final_due)) {
            OwedNotice owed = line(OwedReason::kFinal, final_due);
            owed.last_published = last_published;
            out.push_back(owed);
        }
    } else {
        const Date annual_due = months_after(last_window_end.value_or(contract.start), 12);
        if (annual_due <= as_of) {
            OwedNotice owed = line(OwedReason::kAnnual, annual_due);
            owed.last_published = last_published;
            out.push_back(owed);
        }
    }
    return out;
}

// ---- the assessment ----

std::optional<Refusal> check_window(const Contract& contract, const AssessmentWindow& window,
                                    Date today) {
    const std::string kind = std::string(to_string(contract.frequency));
    if (window.first.frequency() != contract.frequency ||
        window.last.frequency() != contract.frequency)
        return invalid("the window's periods must be " + kind + " periods, as contract " +
                       contract.id + " reports");
    if (window.last < window.first)
        return invalid("the window's last period (" + window.last.to_string() +
                       ") is before its first (" + window.first.to_string() + ")");
    const Period first = Period::containing(contract.frequency, contract.start);
    const Period last = Period::containing(contract.frequency, contract.end);
    if (window.first < first || last < window.last)
        return invalid("the window " + window.first.to_string() + " to " + window.last.to_string() +
                       " is not within contract " + contract.id + "'s periods (" +
                       first.to_string() + " to " + last.to_string() + ")");
    if (window.last.first_day() > today)
        return invalid("the window's last period " + window.last.to_string() +
                       " has not begun yet");
    return std::nullopt;
}

std::vector<std::string> default_assessed_kpis(const Contract& contract,
                                               const AssessmentWindow& window) {
    std::vector<KpiDefinition> in_force = kpis_in_force(contract.kpis, window.last);
    // kpis_in_force orders by code; a stable sort by weight keeps code order among equals.
    std::stable_sort(
        in_force.begin(), in_force.end(),
        [](const KpiDefinition& a, const KpiDefinition& b) { return a.weight > b.weight; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < in_force.size() && i < 3; ++i)
        out.push_back(in_force[i].code);
    return out;
}

// SPEC §7.2.
std::optional<KpiAssessment> assess_kpi(const Contract& contract, const std::string& code,
                                        const AssessmentWindow& window,
                                        const std::vector<KpiReturn>& returns,
                                        const std::vector<Period>& due) {
    auto at_end = in_force_by_code(contract, window.last);
    auto definition = at_end.find(code);
    if (definition == at_end.end())
        return std::nullopt;
    KpiAssessment out;
    out.definition = definition->second;

    auto in_window = [&](const Period& p) {
        return p.frequency() == window.first.frequency() && !(p < window.first) &&
               !(window.last < p);
    };
    std::vector<const KpiReturn*> ordered;
    for (const KpiReturn& r : returns) {
        if (in_window(r.period))
            ordered.push_back(&r);
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const KpiReturn* a, const KpiReturn* b) { return a->period < b->period; });
    double sum = 0;
    int measured = 0;
    for (const KpiReturn* r : ordered) {
        for (const Measure& m : r->measures) {
            if (m.kpi_code != code)
                continue;
            out.returned.push_back(r->period);
            if (m.status == MeasureStatus::kMeasured && m.value) {
                sum += *m.value;
                ++measured;
            }
        }
    }
    for (const Period& p : due) {
        if (!in_window(p))
            continue;
        const auto in_force = in_force_by_code(contract, p);
        if (in_force.contains(code))
            out.due.push_back(p);
    }
    if (out.returned.empty()) {
        out.proposed = Rating::kOther;
        out.proposed_reason = kNoReturnInWindow;
    } else if (measured == 0) {
        out.proposed = Rating::kOther;
        out.proposed_reason = kNotApplicableInWindow;
    } else {
        out.mean = sum / measured;
        out.proposed = rate_value(out.definition, *out.mean);
    }
    return out;
}

std::optional<Refusal> check_supplier_contact(const SupplierContact& contact) {
    if (is_blank(contact.postal_address))
        return invalid("a postal address is required");
    const std::string& e = contact.email;
    const auto at = e.find('@');
    if (e.empty() || at == 0 || at == std::string::npos || at + 1 >= e.size() ||
        e.find('@', at + 1) != std::string::npos ||
        e.find_first_of(" \t\r\n,;<>") != std::string::npos ||
        e.find('.', at + 2) == std::string::npos || e.back() == '.')
        return invalid("'" + e + "' is not an email address (name@domain)");
    return std::nullopt;
}

// ---- the path ----

std::string preparer(const Notice& notice) {
    return notice.drafted_by == "system" ? notice.sent_by : notice.drafted_by;
}

std::optional<Date> review_ends(const Notice& notice, const NoticePolicy& policy) {
    if (!notice.sent)
        return std::nullopt;
    return add_days(date_of(*notice.sent), policy.review_days);
}

// SPEC §7.3.
std::optional<Refusal> check_notice_transition(const Notice& notice, NoticeState to,
                                               const std::string& user, const std::string& note,
                                               Date today, const NoticePolicy& policy,
                                               const SupplierContact& contact) {
    const std::string which = "notice " + std::to_string(notice.id);
    if (notice.state == NoticeState::kPublished)
        return conflict(which +
                        " is published: it never changes (a correction is a new "
                        "notice that replaces it)");
    const auto from = notice.state;
    if (from == NoticeState::kDraft && to == NoticeState::kWithSupplier) {
        if (notice.kind == NoticeKind::kAssessment && notice.kpis.empty())
            return invalid(which + " assesses no KPI");
        if (notice.kind == NoticeKind::kFailure && is_blank(notice.description))
            return invalid(which + " does not say what the failure was (description)");
        return std::nullopt;
    }
    if (from == NoticeState::kWithSupplier && to == NoticeState::kDraft) {
        if (is_blank(note))
            return invalid("say why " + which + " goes back to draft (note)");
        return std::nullopt;
    }
    if (from == NoticeState::kWithSupplier && to == NoticeState::kApproved) {
        if (user == preparer(notice))
            return conflict(which + " was prepared by " + user +
                            ": a second commercial user of the authority approves it");
        const auto ends = review_ends(notice, policy);
        if (!notice.agreed && ends && today < *ends)
            return conflict("the supplier has neither agreed " + which +
                            " nor let its review days run out (until " + format_date(*ends) + ")");
        return std::nullopt;
    }
    if (from == NoticeState::kApproved && to == NoticeState::kPublished) {
        if (check_supplier_contact(contact))
            return conflict(which +
                            " cannot be published without the supplier's postal "
                            "address and email (reg 39(4)(f)): the supplier or an "
                            "admin records them");
        return std::nullopt;
    }
    return conflict(which + " is " + state_name(from) + ": it cannot go to " + state_name(to) +
                    " (draft -> with_supplier -> approved -> published; with_supplier -> "
                    "draft)");
}

std::optional<Refusal> check_rating_change(const Notice& notice, const std::string& kpi_code,
                                           Rating rating, const std::string& reason) {
    const std::string which = "notice " + std::to_string(notice.id);
    if (notice.state != NoticeState::kDraft)
        return conflict(which + " is " + state_name(notice.state) +
                        ": ratings change only in a draft");
    if (rating == Rating::kMissing)
        return invalid(
            "a notice rates good, approaching, requires_improvement, inadequate or "
            "other (reg 39(5))");
    auto kpi = std::find_if(notice.kpis.begin(), notice.kpis.end(), [&](const NoticeKpi& k) {
        return k.assessment.definition.code == kpi_code;
    });
    if (kpi == notice.kpis.end())
        return invalid(which + " does not assess KPI '" + kpi_code + "'");
    if (rating != kpi->assessment.proposed && is_blank(reason))
        return invalid("a rating other than the proposed one (" +
                       std::string(to_string(kpi->assessment.proposed)) + ") needs a reason");
    return std::nullopt;
}

std::optional<Refusal> check_notice_comment(const Notice& notice, Role role,
                                            const std::string& text) {
    const std::string which = "notice " + std::to_string(notice.id);
    if (notice.state == NoticeState::kPublished)
        return conflict(which + " is published: it takes no more comments");
    if (role == Role::kSupplier && notice.state != NoticeState::kWithSupplier)
        return conflict(which + " is not with the supplier");
    if (is_blank(text))
        return invalid("a comment needs some text");
    return std::nullopt;
}

std::optional<Refusal> check_agreement(const Notice& notice) {
    const std::string which = "notice " + std::to_string(notice.id);
    if (notice.state != NoticeState::kWithSupplier)
        return conflict(which + " is " + state_name(notice.state) +
                        ": the supplier agrees while it is with_supplier");
    if (notice.agreed)
        return conflict(which + " was already agreed by " + notice.agreed_by);
    return std::nullopt;
}

// ---- improvement and failure ----

std::optional<Refusal> check_improvement(const Contract& contract, const ImprovementNotice& notice,
                                         Date today) {
    if (notice.levels.empty())
        return invalid("an improvement notice names at least one KPI and its required level");
    if (!notice.deadline.ok() || notice.deadline < today)
        return invalid("the deadline " + format_date(notice.deadline) + " is before today (" +
                       format_date(today) + ")");
    const auto in_force =
        in_force_by_code(contract, Period::containing(contract.frequency, notice.deadline));
    std::set<std::string> seen;
    for (const ImprovementLevel& l : notice.levels) {
        if (!seen.insert(l.kpi_code).second)
            return invalid("KPI '" + l.kpi_code + "' is named twice");
        if (!in_force.contains(l.kpi_code))
            return invalid("contract " + contract.id + " has no KPI '" + l.kpi_code +
                           "' in force at the deadline");
        if (!std::isfinite(l.level))
            return invalid("the level of KPI '" + l.kpi_code + "' must be a finite number");
    }
    return std::nullopt;
}

// SPEC §7.3: returns for periods after the deadline are checked against the notice.
std::vector<Shortfall> improvement_shortfalls(const Contract& contract,
                                              const ImprovementNotice& notice,
                                              const std::vector<KpiReturn>& returns) {
    std::vector<const KpiReturn*> after;
    for (const KpiReturn& r : returns) {
        if (r.period.first_day() > notice.deadline)
            after.push_back(&r);
    }
    std::sort(after.begin(), after.end(),
              [](const KpiReturn* a, const KpiReturn* b) { return a->period < b->period; });
    std::vector<Shortfall> out;
    for (const KpiReturn* r : after) {
        const auto in_force = in_force_by_code(contract, r->period);
        for (const ImprovementLevel& l : notice.levels) {
            auto def = in_force.find(l.kpi_code);
            if (def == in_force.end())
                continue;
            for (const Measure& m : r->measures) {
                if (m.kpi_code == l.kpi_code && m.status == MeasureStatus::kMeasured && m.value &&
                    !meets(def->second.direction, *m.value, l.level))
                    out.push_back({r->period, l.kpi_code, *m.value, l.level});
            }
        }
    }
    return out;
}

std::string describe_shortfalls(const Contract& contract, const std::vector<Shortfall>& found) {
    std::string out;
    for (const Shortfall& s : found) {
        const auto in_force = in_force_by_code(contract, s.period);
        auto def = in_force.find(s.kpi_code);
        const bool higher = def == in_force.end() || def->second.direction == Direction::kHigher;
        out += (out.empty() ? "" : "; ") + s.kpi_code + " " + number_text(s.value) + " in " +
               s.period.to_string() + " (required " + (higher ? "at least " : "at most ") +
               number_text(s.level) + ")";
    }
    return out;
}

Notice proposed_failure_notice(const Contract& contract, const ImprovementNotice& notice,
                               const std::vector<Shortfall>& found, Timestamp now) {
    Notice out;
    out.kind = NoticeKind::kFailure;
    out.state = NoticeState::kDraft;
    out.contract_id = contract.id;
    out.authority_id = contract.authority_id;
    out.supplier_id = contract.supplier_id;
    out.drafted_by = "system";
    out.created = now;
    out.review_id = notice.review_id;
    out.improvement_id = notice.id;
    // The first period that begins after the deadline: the first one checked.
    const Period first = Period::containing(contract.frequency, notice.deadline).next();
    Period last = first;
    for (const Shortfall& s : found)
        last = std::max(last, s.period);
    out.window = {first, last};
    std::string required;
    for (const ImprovementLevel& l : notice.levels) {
        const auto in_force =
            in_force_by_code(contract, Period::containing(contract.frequency, notice.deadline));
        auto def = in_force.find(l.kpi_code);
        const bool higher = def == in_force.end() || def->second.direction == Direction::kHigher;
        required += (required.empty() ? "" : "; ") + l.kpi_code + " " +
                    (higher ? "at least " : "at most ") + number_text(l.level);
    }
    out.requirement = "Improvement notice " + std::to_string(notice.id) + " (review " +
                      std::to_string(notice.review_id) + ") required from " +
                      format_date(add_days(notice.deadline, 1)) + ": " + required;
    out.description = "Returns after the deadline " + format_date(notice.deadline) +
                      " fell short: " + describe_shortfalls(contract, found);
    return out;
}

}  // namespace scorecard
