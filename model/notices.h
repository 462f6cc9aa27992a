// Contract performance notices (SPEC §7; Procurement Act 2023 s52 and s71, Procurement
// Regulations 2024 reg 39): what a contract owes, how an assessment's ratings are proposed,
// the path a notice takes to publication, and when an improvement notice has not been met.
//
// Pure rules over model values: the services load what they need, ask these functions and
// write what they decide (services/notices.h). docs/notices.md says what the law asks and
// where scorecard reads it.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "model/review_rules.h"

namespace scorecard {

// The configurable values of SPEC §7 (notices.* settings). Zero here on purpose, as in
// ScoringPolicy: SPEC's values are written once, in default_notice_policy().
struct NoticePolicy {
    // s52(1): contracts whose value is MORE than this owe KPIs and assessments.
    double kpi_threshold = 0;
    // Contracts that start on or after this day are taken to be let under the Act unless a
    // feed says otherwise (the Act commenced on 24 February 2025).
    Date regime_start{};
    // How long the supplier has to review a draft before it may be approved without its
    // agreement (SPEC §7.3).
    int review_days = 0;
    // s71(5): a performance failure notice is published within this many days of the
    // decision, the decision's day being the first.
    int failure_days = 0;
};

// SPEC §7's values: threshold 5,000,000, regime start 2025-02-24, review 10 days, failure
// notices within 30 days. The one place in the code where they are written.
NoticePolicy default_notice_policy();

// ---- what is owed (SPEC §7.1) ---------------------------------------------------------

// The contract's regime: what its feed says, else PA2023 when it starts on or after
// `regime_start` and PCR2015 before.
Regime regime_of(const Contract& contract, Date regime_start);

// Whether the contract is one s52(1) and s71(2) apply to: let under the Act and worth more
// than the threshold. (Whether it has KPIs is asked separately: see too_few_kpis.)
bool owes_kpi_assessments(const Contract& contract, const NoticePolicy& policy);

// A contract that has ended owes only its final assessment: its end date has come (the
// as-of date is on or after it), or its status is expired or terminated.
bool has_ended(const Contract& contract, Date as_of);

// Twelve calendar months after `date` (29 February goes to 28 February).
Date months_after(Date date, int months);

// What the due list needs to know of one of the contract's notices.
struct NoticeSummary {
    std::int64_t id = 0;
    NoticeKind kind = NoticeKind::kAssessment;
    NoticeState state = NoticeState::kDraft;
    Date window_end{};              // the last day of its window's last period
    std::optional<Date> published;  // the day it was published
    std::optional<Date> decided;    // a failure notice: the authority's decision
};

// One line of the due list (SPEC §7.5).
struct OwedNotice {
    std::string contract_id;
    std::string authority_id;
    OwedReason reason = OwedReason::kAnnual;
    Date due{};
    // The day the contract's latest KPI assessment was published, if any.
    std::optional<Date> last_published;
    std::int64_t notice_id = 0;  // a failure notice: the notice that is to be published
    bool operator==(const OwedNotice&) const = default;
};

// SPEC §7.1, the notices `contract` owes at `as_of`, given its `notices`:
//   - annual: 12 months after the start, then 12 months after the window end of the last
//     published assessment; owed while the contract has not ended;
//   - final: on the end date (or, for a contract marked ended before its end date, at once),
//     unless a published assessment's window ends on or after that day;
//   - failure: each decided, unpublished failure notice, due on the last day of the
//     failure_days beginning with its decision (listed from the decision, with that day).
// Annual and final are owed by contracts that owe_kpi_assessments and have a KPI in force;
// failure notices by every contract let under the Act. An annual or final line is listed
// only once its due date is on or before `as_of`.
std::vector<OwedNotice> notices_owed(const Contract& contract,
                                     const std::vector<NoticeSummary>& notices, Date as_of,
                                     const NoticePolicy& policy);

// s52(1): the number of KPIs in force (at `as_of`, or at the contract's start or end when
// it lies outside them) of a contract that owes KPI assessments, when it is fewer than 3;
// nullopt otherwise.
std::optional<int> too_few_kpis(const Contract& contract, Date as_of, const NoticePolicy& policy);

// The last day a decided failure notice may be published (s71(5)).
Date failure_deadline(Date decided, const NoticePolicy& policy);

// ---- the assessment (SPEC §7.2) -------------------------------------------------------

// The periods an assessment covers, first to last inclusive, of the contract's frequency.
struct AssessmentWindow {
    Period first;
    Period last;
    Date start() const { return first.first_day(); }
    Date end() const { return last.last_day(); }
    bool operator==(const AssessmentWindow&) const = default;
};

// Why a window may not be assessed: periods of another frequency, reversed, outside the
// contract, or ending in a period that has not begun by `today`. kInvalid.
std::optional<Refusal> check_window(const Contract& contract, const AssessmentWindow& window,
                                    Date today);

// SPEC §7.2 default: the three KPIs in force at the window's end with the highest weight
// (ties by code), in that order.
std::vector<std::string> default_assessed_kpis(const Contract& contract,
                                               const AssessmentWindow& window);

// One KPI of an assessment as proposed.
struct KpiAssessment {
    KpiDefinition definition;  // in force at the window's end: its thresholds rate the mean
    Rating proposed = Rating::kOther;
    std::string proposed_reason;   // why it is `other`; empty otherwise
    std::optional<double> mean;    // of the measured values in the window
    std::vector<Period> returned;  // periods of the window whose return has this KPI
    std::vector<Period> due;       // periods of the window due by the assessment's day
    bool operator==(const KpiAssessment&) const = default;
};

inline constexpr const char* kNoReturnInWindow = "no return in the window";
inline constexpr const char* kNotApplicableInWindow = "not applicable in every period returned";

// SPEC §7.2: the mean of the KPI's measured values over the window's returned periods
// (not-applicable ones left out), rated against the thresholds in force at the window's
// end; no returned period: `other`, "no return in the window"; returned but never
// measured: `other`, "not applicable in every period returned". `returns` are the
// contract's current returns (any order); `due` the periods the contract owes by the
// assessment's day (flag_rules.h due_periods), of which those in the window where the KPI
// is in force are listed. nullopt when the KPI is not in force at the window's end.
std::optional<KpiAssessment> assess_kpi(const Contract& contract, const std::string& code,
                                        const AssessmentWindow& window,
                                        const std::vector<KpiReturn>& returns,
                                        const std::vector<Period>& due);

// What a published notice carries for the supplier (reg 39(4)(f)(ii)): kept once per
// supplier, by the supplier itself and by admins (model/access.h), never by a feed.
struct SupplierContact {
    std::string postal_address;
    std::string email;
    bool operator==(const SupplierContact&) const = default;
};

// Why a supplier's contact details may not be stored: a blank address, or an email that is
// not one address (something@domain, no spaces). kInvalid.
std::optional<Refusal> check_supplier_contact(const SupplierContact& contact);

// ---- the notice and its path (SPEC §7.3) ----------------------------------------------

// One assessed KPI of a notice: what was proposed and what the authority rates it.
struct NoticeKpi {
    KpiAssessment assessment;
    Rating rating = Rating::kOther;  // the authority's; the proposal until changed
    std::string change_reason;       // why it differs from the proposal
};

struct NoticeTransition {
    NoticeState from = NoticeState::kDraft;
    NoticeState to = NoticeState::kDraft;
    std::string by;
    Timestamp at{};
    std::string note;
};

struct NoticeComment {
    std::string by;
    Role role = Role::kCommercial;
    Timestamp at{};
    std::string text;
};

// A contract performance notice: a KPI assessment (s71(2)) or a performance failure notice
// (s71(5)), from its draft to its publication. A published notice never changes; a
// correction is a new notice that `replaces` it.
struct Notice {
    std::int64_t id = 0;
    NoticeKind kind = NoticeKind::kAssessment;
    NoticeState state = NoticeState::kDraft;
    std::string contract_id;
    std::string authority_id;
    std::string supplier_id;
    AssessmentWindow window;
    std::vector<NoticeKpi> kpis;  // an assessment's KPIs; a failure notice's, if it names any
    std::string drafted_by;       // "system" for a failure notice the scoring run proposed
    Timestamp created{};
    std::string sent_by;  // who sent it to the supplier (last time)
    std::optional<Timestamp> sent;
    std::string agreed_by;  // the supplier's agreement with the version it was sent
    std::optional<Timestamp> agreed;
    std::string approved_by;
    std::optional<Timestamp> approved;
    std::string published_by;
    std::optional<Timestamp> published;
    std::int64_t replaces = 0;  // the published notice this one corrects
    // A failure notice (s71(4)-(5)): the decision that the supplier failed to improve (set
    // when it is first sent to the supplier unless given), what was required and what
    // happened, and the review and improvement notice it came from.
    std::optional<Date> decided;
    std::string requirement;
    std::string description;
    std::int64_t review_id = 0;
    std::int64_t improvement_id = 0;
    // reg 39(4)(f) as published: the supplier's name and contact details at publication.
    std::string supplier_name;
    SupplierContact supplier_contact;
    std::vector<NoticeTransition> transitions;
    std::vector<NoticeComment> comments;
};

// The person answerable for the notice's content: its drafter, or for a notice the scoring
// run proposed, whoever sent it to the supplier.
std::string preparer(const Notice& notice);

// The day from which an unagreed notice may be approved: `review_days` after the day it
// was sent. nullopt when it has not been sent.
std::optional<Date> review_ends(const Notice& notice, const NoticePolicy& policy);

// What a move along the path needs besides the caller's rights (model/access.h):
//   draft -> with_supplier   an assessment with KPIs, a failure notice with a description;
//   with_supplier -> draft   a non-blank note (why it goes back);
//   with_supplier -> approved by someone other than the preparer, once the supplier has
//                            agreed or its review days have run out;
//   approved -> published    the supplier's postal address and email known (reg 39(4)(f)).
// Anything else, and anything from published, is a conflict.
std::optional<Refusal> check_notice_transition(const Notice& notice, NoticeState to,
                                               const std::string& user, const std::string& note,
                                               Date today, const NoticePolicy& policy,
                                               const SupplierContact& contact);

// A rating changed by the authority: only in a draft, one of the five statutory ratings
// (not `missing`), of a KPI the notice assesses, with a reason when it differs from the
// proposal.
std::optional<Refusal> check_rating_change(const Notice& notice, const std::string& kpi_code,
                                           Rating rating, const std::string& reason);

// Comments are taken until publication; the supplier's only while the notice is with it.
std::optional<Refusal> check_notice_comment(const Notice& notice, Role role,
                                            const std::string& text);

// The supplier agrees once, while the notice is with it.
std::optional<Refusal> check_agreement(const Notice& notice);

// ---- improvement and failure (SPEC §7.3; s71(4)(b)) ------------------------------------

// The level one KPI must reach after an improvement notice's deadline: at least `level`
// for a higher-is-better KPI, at most for a lower-is-better one.
struct ImprovementLevel {
    std::string kpi_code;
    double level = 0;
    bool operator==(const ImprovementLevel&) const = default;
};

// An improvement notice issued in a partnership review: the supplier's proper opportunity
// to improve (s71(4)(b)(ii)) on one contract.
struct ImprovementNotice {
    std::int64_t id = 0;
    std::int64_t review_id = 0;
    std::string contract_id;
    std::vector<ImprovementLevel> levels;
    Date deadline{};
    std::string issued_by;
    Timestamp issued{};
    ImprovementStatus status = ImprovementStatus::kOpen;
    std::string shortfall;  // what fell short, once it failed
    std::int64_t failure_notice_id = 0;
};

// One measured value that fell short of its required level.
struct Shortfall {
    Period period;
    std::string kpi_code;
    double value = 0;
    double level = 0;
    bool operator==(const Shortfall&) const = default;
};

// Why an improvement notice may not be issued: no KPI, a KPI named twice or not in force
// in the deadline's period, a non-finite level, a deadline before `today`. kInvalid.
std::optional<Refusal> check_improvement(const Contract& contract, const ImprovementNotice& notice,
                                         Date today);

// SPEC §7.3: the measured values of the named KPIs in returns for periods that begin after
// the deadline that fall short of their level (in the direction of the KPI in force in
// that period), by period then KPI. Not-applicable and left-out measures are not checked.
std::vector<Shortfall> improvement_shortfalls(const Contract& contract,
                                              const ImprovementNotice& notice,
                                              const std::vector<KpiReturn>& returns);

// "CALLS 80 in 2026-11 (required at least 90); …": for the record and the failure notice.
std::string describe_shortfalls(const Contract& contract, const std::vector<Shortfall>& found);

// The performance failure notice the scoring run proposes (s71(5)) when `notice` has fallen
// short: a draft by "system" whose window runs from the first period after the deadline to
// the last short period, saying what was required and what the returns showed.
Notice proposed_failure_notice(const Contract& contract, const ImprovementNotice& notice,
                               const std::vector<Shortfall>& found, Timestamp now);

}  // namespace scorecard
