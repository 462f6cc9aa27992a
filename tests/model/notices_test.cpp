// Contract performance notices (SPEC §7; Procurement Act 2023 s52, s71; Procurement
// Regulations 2024 reg 39): what is owed, the proposed ratings, the path, and improvement
// notices. Every expected value is worked out by hand in the case's comment or name.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <ostream>
#include <string>
#include <vector>

#include "model/notices.h"
#include "tests/model/model_fixtures.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;
using namespace scorecard::model_test;

namespace {

const NoticePolicy& spec_notices() {
    static const NoticePolicy policy = default_notice_policy();
    return policy;
}

KpiDefinition visits() {
    return kpi("VISITS", Direction::kHigher, 10, 100, 80, 60);
}

// A contract worth 12.5m with CALLS, COMPLAINTS and VISITS in force from its start.
Contract three_kpi_contract(const std::string& start, const std::string& end) {
    Contract c = monthly_contract(start, end);
    const std::string first = Period::containing(Frequency::kMonthly, date(start)).to_string();
    c.kpis = {version(calls(), first), version(complaints(), first), version(visits(), first)};
    return c;
}

NoticeSummary published_assessment(const std::string& window_end, const std::string& published) {
    NoticeSummary s;
    s.id = 7;
    s.kind = NoticeKind::kAssessment;
    s.state = NoticeState::kPublished;
    s.window_end = date(window_end);
    s.published = date(published);
    return s;
}

std::string joined(const std::vector<Period>& periods) {
    std::string out;
    for (const Period& p : periods)
        out += (out.empty() ? "" : ",") + p.to_string();
    return out;
}

// "annual 2026-06-01 (last published 2025-09-10)", one line per owed notice.
std::string describe(const std::vector<OwedNotice>& owed) {
    std::string out;
    for (const OwedNotice& n : owed) {
        out +=
            (out.empty() ? "" : "; ") + std::string(to_string(n.reason)) + " " + format_date(n.due);
        if (n.last_published)
            out += " (last published " + format_date(*n.last_published) + ")";
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(what_is_owed)

namespace {

struct OwedCase {
    const char* name;
    Contract contract;
    std::vector<NoticeSummary> notices;
    const char* expected;  // describe() of the owed notices at 2026-12-03
    int too_few = -1;      // too_few_kpis, -1 for none
};

std::ostream& operator<<(std::ostream& os, const OwedCase& c) {
    return os << c.name;
}

Contract with(Contract c, double value) {
    c.value = value;
    return c;
}
Contract with(Contract c, Regime regime) {
    c.regime = regime;
    return c;
}
Contract with(Contract c, ContractStatus status) {
    c.status = status;
    return c;
}
Contract with_kpis(Contract c, std::size_t count) {
    c.kpis.resize(count);
    return c;
}

std::vector<OwedCase> owed_cases() {
    const Contract y2025 = three_kpi_contract("2025-06-01", "2028-05-31");
    NoticeSummary approved_draft = published_assessment("2026-05-31", "2026-06-05");
    approved_draft.state = NoticeState::kApproved;
    approved_draft.published.reset();
    NoticeSummary failure;
    failure.id = 9;
    failure.kind = NoticeKind::kFailure;
    failure.state = NoticeState::kWithSupplier;
    failure.window_end = date("2026-10-31");
    failure.decided = date("2026-11-20");
    NoticeSummary undecided = failure;
    undecided.decided.reset();
    undecided.state = NoticeState::kDraft;
    NoticeSummary published_failure = failure;
    published_failure.state = NoticeState::kPublished;
    published_failure.published = date("2026-11-25");

    return {
        // 12 months after the start, 2026-06-01, is on or before 2026-12-03.
        {"annual", y2025, {}, "annual 2026-06-01"},
        // 12 months after 2026-03-01 is 2027-03-01: not yet a year.
        {"not yet a year", three_kpi_contract("2026-03-01", "2028-02-29"), {}, ""},
        {"under the threshold", with(y2025, 4'900'000), {}, ""},
        // s52(1) says "more than £5 million": exactly £5m owes nothing (SPEC said "at least").
        {"exactly 5m", with(y2025, 5'000'000), {}, ""},
        {"a penny over 5m", with(y2025, 5'000'000.01), {}, "annual 2026-06-01"},
        // The earlier regime by the start date: the day before the Act commenced.
        {"earlier regime by date", three_kpi_contract("2025-02-23", "2028-02-22"), {}, ""},
        {"the day the Act commenced",
         three_kpi_contract("2025-02-24", "2028-02-23"),
         {},
         "annual 2026-02-24"},
        {"earlier regime named by the feed", with(y2025, Regime::kPcr2015), {}, ""},
        // A feed may say PA2023 for an early start: then 12 months from 2024-12-01.
        {"the Act named by the feed",
         with(three_kpi_contract("2024-12-01", "2027-11-30"), Regime::kPa2023),
         {},
         "annual 2025-12-01"},
        // Two KPIs in force: still owes its assessments, and is listed too few (s52).
        {"two KPIs", with_kpis(y2025, 2), {}, "annual 2026-06-01", 2},
        {"no KPIs", with_kpis(y2025, 0), {}, "", 0},
        // Ended: only the final, on the end date; the annual of 2026-03-01 is not listed.
        {"ended", three_kpi_contract("2025-03-01", "2026-10-31"), {}, "final 2026-10-31"},
        {"ends on the as-of day",
         three_kpi_contract("2025-03-01", "2026-12-03"),
         {},
         "final 2026-12-03"},
        {"expired",
         with(three_kpi_contract("2025-03-01", "2026-11-30"), ContractStatus::kExpired),
         {},
         "final 2026-11-30"},
        // Terminated before its end date: the final is owed at once (the as-of day).
        {"terminated early", with(y2025, ContractStatus::kTerminated), {}, "final 2026-12-03"},
        {"ended, final covered by a window ending on the end date",
         three_kpi_contract("2025-03-01", "2026-10-31"),
         {published_assessment("2026-10-31", "2026-11-15")},
         ""},
        {"ended, the last window ends before the end date",
         three_kpi_contract("2025-03-01", "2026-10-31"),
         {published_assessment("2026-09-30", "2026-10-12")},
         "final 2026-10-31 (last published 2026-10-12)"},
        // Window 2025-03 to 2026-02 published: the next annual is 2027-02-28.
        {"a published assessment moves the next annual date",
         three_kpi_contract("2025-03-01", "2028-02-29"),
         {published_assessment("2026-02-28", "2026-03-15")},
         ""},
        // Window ending 2025-08-31: the next annual, 2026-08-31, is due.
        {"the next annual date after a published assessment",
         three_kpi_contract("2025-03-01", "2028-02-29"),
         {published_assessment("2025-08-31", "2025-09-10")},
         "annual 2026-08-31 (last published 2025-09-10)"},
        {"an approved, unpublished assessment covers nothing",
         y2025,
         {approved_draft},
         "annual 2026-06-01"},
        // Decided 2026-11-20: the 30 days beginning with that day end on 2026-12-19.
        {"a decided failure notice",
         three_kpi_contract("2026-03-01", "2028-02-29"),
         {failure},
         "failure 2026-12-19"},
        {"a failure notice not yet decided",
         three_kpi_contract("2026-03-01", "2028-02-29"),
         {undecided},
         ""},
        {"a published failure notice",
         three_kpi_contract("2026-03-01", "2028-02-29"),
         {published_failure},
         ""},
        // s71(5) is not limited to contracts over the threshold.
        {"a failure notice under the threshold",
         with(three_kpi_contract("2026-03-01", "2028-02-29"), 100'000),
         {failure},
         "failure 2026-12-19"},
        {"a failure notice under the earlier regime", with(y2025, Regime::kPcr2015), {failure}, ""},
        // 29 February plus 12 months is 28 February.
        {"a leap-day start",
         with(three_kpi_contract("2024-02-29", "2028-02-28"), Regime::kPa2023),
         {},
         "annual 2025-02-28"},
    };
}

}  // namespace

BOOST_DATA_TEST_CASE(the_due_list_matches_hand_worked_cases, bdata::make(owed_cases()), c) {
    const Date as_of = date("2026-12-03");
    BOOST_TEST(describe(notices_owed(c.contract, c.notices, as_of, spec_notices())) ==
               std::string(c.expected));
    BOOST_TEST(too_few_kpis(c.contract, as_of, spec_notices()).value_or(-1) == c.too_few);
}

BOOST_AUTO_TEST_CASE(owed_lines_name_the_contract_and_authority) {
    const auto owed = notices_owed(three_kpi_contract("2025-06-01", "2028-05-31"), {},
                                   date("2026-12-03"), spec_notices());
    BOOST_TEST_REQUIRE(owed.size() == 1u);
    BOOST_TEST(owed[0].contract_id == "DWP-2024-0001");
    BOOST_TEST(owed[0].authority_id == "GB-GOV-DWP");
    BOOST_TEST(!owed[0].last_published.has_value());
}

// KPIs in force at the as-of date: one withdrawn from 2026-07 leaves two.
BOOST_AUTO_TEST_CASE(too_few_counts_the_kpis_in_force_at_the_as_of_date) {
    Contract c = three_kpi_contract("2025-06-01", "2028-05-31");
    c.kpis.push_back(version(visits(), "2026-07", true));
    BOOST_TEST(too_few_kpis(c, date("2026-06-30"), spec_notices()).value_or(-1) == -1);
    BOOST_TEST(too_few_kpis(c, date("2026-07-01"), spec_notices()).value_or(-1) == 2);
}

BOOST_AUTO_TEST_CASE(the_regime_defaults_by_the_start_date) {
    Contract c = three_kpi_contract("2025-02-23", "2026-02-22");
    BOOST_TEST((regime_of(c, date("2025-02-24")) == Regime::kPcr2015));
    c.start = date("2025-02-24");
    BOOST_TEST((regime_of(c, date("2025-02-24")) == Regime::kPa2023));
    c.regime = Regime::kPcr2015;
    BOOST_TEST((regime_of(c, date("2025-02-24")) == Regime::kPcr2015));
}

BOOST_AUTO_TEST_CASE(months_and_deadlines_count_calendar_days) {
    BOOST_TEST(format_date(months_after(date("2024-02-29"), 12)) == "2025-02-28");
    BOOST_TEST(format_date(months_after(date("2025-01-31"), 1)) == "2025-02-28");
    BOOST_TEST(format_date(months_after(date("2025-06-01"), 12)) == "2026-06-01");
    // s71(5): 30 days beginning with the decision's day.
    BOOST_TEST(format_date(failure_deadline(date("2026-11-20"), spec_notices())) == "2026-12-19");
    BOOST_TEST(format_date(failure_deadline(date("2026-12-31"), spec_notices())) == "2027-01-29");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(the_proposed_rating)

namespace {

// CALLS: higher is better, good 95, approaching 90, minimum 85; COMPLAINTS lower, 5/8/12.
const AssessmentWindow kQ1{period("2026-01"), period("2026-03")};

struct RatingCase {
    const char* name;
    std::vector<KpiReturn> returns;
    const char* kpi;
    Rating proposed;
    const char* reason;
    std::optional<double> mean;
    const char* returned;
};

std::ostream& operator<<(std::ostream& os, const RatingCase& c) {
    return os << c.name;
}

const std::vector<RatingCase> kRatingCases{
    // (96 + 88 + 91) / 3 = 91.67: at least 90, under 95.
    {"the mean of the window's values",
     {kpi_return("2026-01", {measured("CALLS", 96)}),
      kpi_return("2026-02", {measured("CALLS", 88)}),
      kpi_return("2026-03", {measured("CALLS", 91)})},
     "CALLS",
     Rating::kApproaching,
     "",
     275.0 / 3,
     "2026-01,2026-02,2026-03"},
    // Not applicable in February: (96 + 90) / 2 = 93, approaching; February still returned.
    {"a period rated other is left out of the mean",
     {kpi_return("2026-01", {measured("CALLS", 96)}),
      kpi_return("2026-02", {not_applicable("CALLS")}),
      kpi_return("2026-03", {measured("CALLS", 90)})},
     "CALLS",
     Rating::kApproaching,
     "",
     93.0,
     "2026-01,2026-02,2026-03"},
    // December is outside the window: only 95 counts, good.
    {"returns outside the window are left out",
     {kpi_return("2025-12", {measured("CALLS", 10)}),
      kpi_return("2026-02", {measured("CALLS", 95)}),
      kpi_return("2026-04", {measured("CALLS", 10)})},
     "CALLS",
     Rating::kGood,
     "",
     95.0,
     "2026-02"},
    // February's return leaves CALLS out: January's 84 alone, inadequate (under 85).
    {"a return that leaves the KPI out does not count for it",
     {kpi_return("2026-01", {measured("CALLS", 84)}),
      kpi_return("2026-02", {measured("COMPLAINTS", 4)})},
     "CALLS",
     Rating::kInadequate,
     "",
     84.0,
     "2026-01"},
    // Lower is better: (4 + 6) / 2 = 5, exactly good.
    {"lower is better",
     {kpi_return("2026-01", {measured("COMPLAINTS", 4)}),
      kpi_return("2026-03", {measured("COMPLAINTS", 6)})},
     "COMPLAINTS",
     Rating::kGood,
     "",
     5.0,
     "2026-01,2026-03"},
    // (8 + 12) / 2 = 10: over 8, at most 12, requires improvement.
    {"lower is better, requires improvement",
     {kpi_return("2026-01", {measured("COMPLAINTS", 8)}),
      kpi_return("2026-02", {measured("COMPLAINTS", 12)})},
     "COMPLAINTS",
     Rating::kRequiresImprovement,
     "",
     10.0,
     "2026-01,2026-02"},
    {"no return in the window",
     {kpi_return("2025-12", {measured("CALLS", 96)})},
     "CALLS",
     Rating::kOther,
     kNoReturnInWindow,
     std::nullopt,
     ""},
    {"returned but never applicable",
     {kpi_return("2026-01", {not_applicable("CALLS")}),
      kpi_return("2026-02", {not_applicable("CALLS")})},
     "CALLS",
     Rating::kOther,
     kNotApplicableInWindow,
     std::nullopt,
     "2026-01,2026-02"},
};

}  // namespace

BOOST_DATA_TEST_CASE(ratings_are_proposed_by_the_spec_rule, bdata::make(kRatingCases), c) {
    const Contract contract = monthly_contract();
    auto a = assess_kpi(contract, c.kpi, kQ1, c.returns, {});
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST((a->proposed == c.proposed), to_string(a->proposed));
    BOOST_TEST(a->proposed_reason == std::string(c.reason));
    BOOST_TEST(a->mean.has_value() == c.mean.has_value());
    if (a->mean && c.mean)
        BOOST_TEST(std::abs(*a->mean - *c.mean) < 1e-9, *a->mean);
    BOOST_TEST(joined(a->returned) == std::string(c.returned));
}

// CALLS becomes stricter from 2026-03 (good 97, approaching 93, minimum 88): the mean 91.67
// is rated against those — requires improvement — not against January's (approaching).
BOOST_AUTO_TEST_CASE(the_thresholds_in_force_at_the_end_of_the_window_rate_the_mean) {
    Contract contract = monthly_contract();
    contract.kpis.push_back(version(kpi("CALLS", Direction::kHigher, 40, 97, 93, 88), "2026-03"));
    const std::vector<KpiReturn> returns{kpi_return("2026-01", {measured("CALLS", 96)}),
                                         kpi_return("2026-02", {measured("CALLS", 88)}),
                                         kpi_return("2026-03", {measured("CALLS", 91)})};
    auto a = assess_kpi(contract, "CALLS", kQ1, returns, {});
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST((a->proposed == Rating::kRequiresImprovement));
    BOOST_TEST(a->definition.thresholds.good == 97);
    auto before =
        assess_kpi(contract, "CALLS", {period("2026-01"), period("2026-02")}, returns, {});
    BOOST_TEST_REQUIRE(before.has_value());
    // (96 + 88) / 2 = 92 against 95/90/85: approaching.
    BOOST_TEST((before->proposed == Rating::kApproaching));
}

// The due periods of the window, only where the KPI is in force: VISITS from 2026-02.
BOOST_AUTO_TEST_CASE(the_due_periods_are_those_of_the_window_where_the_kpi_is_in_force) {
    Contract contract = monthly_contract("2025-12-01", "2027-12-31");
    contract.kpis.push_back(version(visits(), "2026-02"));
    const std::vector<Period> due{period("2025-12"), period("2026-01"), period("2026-02"),
                                  period("2026-03"), period("2026-04")};
    auto calls_due = assess_kpi(contract, "CALLS", kQ1, {}, due);
    auto visits_due = assess_kpi(contract, "VISITS", kQ1, {}, due);
    BOOST_TEST_REQUIRE((calls_due && visits_due));
    BOOST_TEST(joined(calls_due->due) == "2026-01,2026-02,2026-03");
    BOOST_TEST(joined(visits_due->due) == "2026-02,2026-03");
}

BOOST_AUTO_TEST_CASE(a_kpi_not_in_force_at_the_end_of_the_window_cannot_be_assessed) {
    Contract contract = monthly_contract();
    contract.kpis.push_back(version(calls(), "2026-03", true));
    BOOST_TEST(!assess_kpi(contract, "CALLS", kQ1, {}, {}).has_value());
    BOOST_TEST(!assess_kpi(contract, "NOPE", kQ1, {}, {}).has_value());
}

// Weights CALLS 40, COMPLAINTS 20, ZETA 20, VISITS 10: the top three, ties by code.
BOOST_AUTO_TEST_CASE(by_default_the_three_kpis_of_highest_weight_are_assessed) {
    Contract contract = monthly_contract();
    contract.kpis.push_back(version(visits(), "2026-01"));
    contract.kpis.push_back(version(kpi("ZETA", Direction::kHigher, 20, 3, 2, 1), "2026-01"));
    auto codes = default_assessed_kpis(contract, kQ1);
    BOOST_TEST((codes == std::vector<std::string>{"CALLS", "COMPLAINTS", "ZETA"}));
    // CALLS withdrawn from 2026-03: VISITS comes in.
    contract.kpis.push_back(version(calls(), "2026-03", true));
    codes = default_assessed_kpis(contract, kQ1);
    BOOST_TEST((codes == std::vector<std::string>{"COMPLAINTS", "ZETA", "VISITS"}));
}

namespace {

struct WindowCase {
    const char* name;
    const char* first;
    const char* last;
    bool refused;
};

std::ostream& operator<<(std::ostream& os, const WindowCase& c) {
    return os << c.name;
}

// The contract runs 2026-01-01 to 2027-12-31; today is 2026-12-03.
const std::vector<WindowCase> kWindowCases{
    {"a year of months", "2026-01", "2026-12", false},
    {"one month", "2026-06", "2026-06", false},
    {"reversed", "2026-06", "2026-05", true},
    {"quarters for a monthly contract", "2026-Q1", "2026-Q2", true},
    {"before the contract", "2025-12", "2026-03", true},
    {"a last period not begun", "2026-01", "2027-01", true},
};

}  // namespace

BOOST_DATA_TEST_CASE(windows_lie_within_the_contract_and_have_begun, bdata::make(kWindowCases), c) {
    auto refusal =
        check_window(monthly_contract(), {period(c.first), period(c.last)}, date("2026-12-03"));
    BOOST_TEST(refusal.has_value() == c.refused);
    if (refusal)
        BOOST_TEST((refusal->code == ErrorCode::kInvalid));
}

BOOST_AUTO_TEST_CASE(supplier_contact_details_need_an_address_and_an_email) {
    BOOST_TEST(!check_supplier_contact({"1 High Street, Leeds LS1 1AA", "bids@acme.example"}));
    BOOST_TEST(check_supplier_contact({" ", "bids@acme.example"}).has_value());
    for (const char* bad : {"", "acme.example", "@acme.example", "bids@", "bids@acme",
                            "a b@acme.example", "bids@acme.example.", "a@b@acme.example"})
        BOOST_TEST(check_supplier_contact({"1 High Street", bad}).has_value(), bad);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(the_path)

namespace {

const SupplierContact kContact{"1 High Street, Leeds LS1 1AA", "bids@acme.example"};

Notice a_notice(NoticeState state) {
    Notice n;
    n.id = 3;
    n.state = state;
    n.drafted_by = "alice";
    n.contract_id = "DWP-2024-0001";
    NoticeKpi k;
    k.assessment.definition = calls();
    k.assessment.proposed = Rating::kApproaching;
    k.rating = Rating::kApproaching;
    n.kpis = {k};
    if (state != NoticeState::kDraft) {
        n.sent_by = "alice";
        n.sent = start_of(date("2026-12-01"));
    }
    return n;
}

struct PathCase {
    const char* name;
    Notice notice;
    NoticeState to;
    const char* user;
    const char* note;
    const char* today;
    SupplierContact contact;
    std::optional<ErrorCode> refused;
};

std::ostream& operator<<(std::ostream& os, const PathCase& c) {
    return os << c.name;
}

std::vector<PathCase> path_cases() {
    using enum NoticeState;
    Notice empty = a_notice(kDraft);
    empty.kpis.clear();
    Notice failure = a_notice(kDraft);
    failure.kind = NoticeKind::kFailure;
    failure.kpis.clear();
    Notice described = failure;
    described.description = "CALLS 80 in 2026-11 (required at least 90)";
    Notice agreed = a_notice(kWithSupplier);
    agreed.agreed_by = "supplier.a";
    agreed.agreed = start_of(date("2026-12-02"));
    Notice proposed = a_notice(kWithSupplier);
    proposed.drafted_by = "system";
    proposed.sent_by = "bob";
    const auto conflict = ErrorCode::kConflict;
    const auto invalid = ErrorCode::kInvalid;
    // Sent 2026-12-01 with 10 review days: approval without agreement from 2026-12-11.
    return {
        {"send a draft", a_notice(kDraft), kWithSupplier, "alice", "", "2026-12-01", {}, {}},
        {"send a draft with no KPI", empty, kWithSupplier, "alice", "", "2026-12-01", {}, invalid},
        {"send a failure notice with no description",
         failure,
         kWithSupplier,
         "alice",
         "",
         "2026-12-01",
         {},
         invalid},
        {"send a failure notice", described, kWithSupplier, "alice", "", "2026-12-01", {}, {}},
        {"back to draft without a note",
         a_notice(kWithSupplier),
         kDraft,
         "alice",
         " ",
         "2026-12-02",
         {},
         invalid},
        {"back to draft with a note",
         a_notice(kWithSupplier),
         kDraft,
         "alice",
         "The supplier's comments are fair.",
         "2026-12-02",
         {},
         {}},
        {"approved by its drafter", agreed, kApproved, "alice", "", "2026-12-02", {}, conflict},
        {"approved by a second user once agreed",
         agreed,
         kApproved,
         "bob",
         "",
         "2026-12-02",
         {},
         {}},
        {"approved unagreed on the tenth day",
         a_notice(kWithSupplier),
         kApproved,
         "bob",
         "",
         "2026-12-10",
         {},
         conflict},
        {"approved unagreed once the review days ran out",
         a_notice(kWithSupplier),
         kApproved,
         "bob",
         "",
         "2026-12-11",
         {},
         {}},
        {"a proposal approved by whoever sent it",
         proposed,
         kApproved,
         "bob",
         "",
         "2026-12-20",
         {},
         conflict},
        {"a proposal approved by another", proposed, kApproved, "carol", "", "2026-12-20", {}, {}},
        {"published with the supplier's details",
         a_notice(kApproved),
         kPublished,
         "alice",
         "",
         "2026-12-20",
         kContact,
         {}},
        {"published without them",
         a_notice(kApproved),
         kPublished,
         "alice",
         "",
         "2026-12-20",
         {"1 High Street", ""},
         conflict},
        {"a draft approved", a_notice(kDraft), kApproved, "bob", "", "2026-12-20", {}, conflict},
        {"a draft published", a_notice(kDraft), kPublished, "bob", "", "2026-12-20", kContact,
         conflict},
        {"an approved notice back to draft",
         a_notice(kApproved),
         kDraft,
         "bob",
         "why",
         "2026-12-20",
         {},
         conflict},
        {"a published notice moved",
         a_notice(kPublished),
         kDraft,
         "bob",
         "why",
         "2026-12-20",
         {},
         conflict},
    };
}

}  // namespace

BOOST_DATA_TEST_CASE(each_move_needs_what_the_spec_says, bdata::make(path_cases()), c) {
    auto refusal = check_notice_transition(c.notice, c.to, c.user, c.note, date(c.today),
                                           spec_notices(), c.contact);
    BOOST_TEST(refusal.has_value() == c.refused.has_value(),
               (refusal ? refusal->message : std::string("allowed")));
    if (refusal && c.refused)
        BOOST_TEST((refusal->code == *c.refused), refusal->message);
}

BOOST_AUTO_TEST_CASE(review_days_count_from_the_day_it_was_sent) {
    Notice n = a_notice(NoticeState::kWithSupplier);
    BOOST_TEST(format_date(*review_ends(n, spec_notices())) == "2026-12-11");
    BOOST_TEST(!review_ends(a_notice(NoticeState::kDraft), spec_notices()).has_value());
}

BOOST_AUTO_TEST_CASE(a_rating_changes_only_in_a_draft_and_with_a_reason) {
    const Notice draft = a_notice(NoticeState::kDraft);
    BOOST_TEST(!check_rating_change(draft, "CALLS", Rating::kGood, "Logger fault in March."));
    BOOST_TEST(check_rating_change(draft, "CALLS", Rating::kGood, " ").has_value());
    BOOST_TEST(!check_rating_change(draft, "CALLS", Rating::kApproaching, ""));  // the proposal
    BOOST_TEST(
        (check_rating_change(draft, "CALLS", Rating::kMissing, "x")->code == ErrorCode::kInvalid));
    BOOST_TEST(
        (check_rating_change(draft, "VISITS", Rating::kGood, "x")->code == ErrorCode::kInvalid));
    BOOST_TEST(
        (check_rating_change(a_notice(NoticeState::kWithSupplier), "CALLS", Rating::kGood, "x")
             ->code == ErrorCode::kConflict));
}

BOOST_AUTO_TEST_CASE(the_supplier_comments_and_agrees_while_the_notice_is_with_it) {
    using enum NoticeState;
    BOOST_TEST(!check_notice_comment(a_notice(kWithSupplier), Role::kSupplier, "Agreed in part."));
    BOOST_TEST(check_notice_comment(a_notice(kDraft), Role::kSupplier, "Early").has_value());
    BOOST_TEST(!check_notice_comment(a_notice(kApproved), Role::kCommercial, "Noted."));
    BOOST_TEST(check_notice_comment(a_notice(kPublished), Role::kCommercial, "Late").has_value());
    BOOST_TEST(check_notice_comment(a_notice(kDraft), Role::kCommercial, "  ").has_value());
    BOOST_TEST(!check_agreement(a_notice(kWithSupplier)));
    BOOST_TEST(check_agreement(a_notice(kDraft)).has_value());
    Notice agreed = a_notice(kWithSupplier);
    agreed.agreed = start_of(date("2026-12-02"));
    BOOST_TEST(check_agreement(agreed).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(improvement_notices)

namespace {

// CALLS at least 90, COMPLAINTS at most 8, after 2026-10-15.
ImprovementNotice an_improvement() {
    ImprovementNotice i;
    i.id = 4;
    i.review_id = 2;
    i.contract_id = "DWP-2024-0001";
    i.levels = {{"CALLS", 90}, {"COMPLAINTS", 8}};
    i.deadline = date("2026-10-15");
    return i;
}

}  // namespace

// 2026-10 begins before the deadline: not checked. 2026-11: CALLS 92 meets, COMPLAINTS 9 is
// over 8. 2026-12: CALLS 89 is under 90; COMPLAINTS exactly 8 meets; 2027-01: CALLS not
// applicable, not checked.
BOOST_AUTO_TEST_CASE(returns_after_the_deadline_are_checked_against_the_levels) {
    const std::vector<KpiReturn> returns{
        kpi_return("2026-10", {measured("CALLS", 50), measured("COMPLAINTS", 30)}),
        kpi_return("2026-11", {measured("CALLS", 92), measured("COMPLAINTS", 9)}),
        kpi_return("2026-12", {measured("CALLS", 89), measured("COMPLAINTS", 8)}),
        kpi_return("2027-01", {not_applicable("CALLS"), measured("COMPLAINTS", 2)}),
    };
    const Contract contract = monthly_contract();
    const auto found = improvement_shortfalls(contract, an_improvement(), returns);
    const std::vector<Shortfall> expected{{period("2026-11"), "COMPLAINTS", 9, 8},
                                          {period("2026-12"), "CALLS", 89, 90}};
    BOOST_TEST((found == expected));
    BOOST_TEST(describe_shortfalls(contract, found) ==
               "COMPLAINTS 9 in 2026-11 (required at most 8); CALLS 89 in 2026-12 (required at "
               "least 90)");
}

BOOST_AUTO_TEST_CASE(levels_met_after_the_deadline_fall_short_of_nothing) {
    const std::vector<KpiReturn> returns{
        kpi_return("2026-11", {measured("CALLS", 90), measured("COMPLAINTS", 8)})};
    BOOST_TEST(improvement_shortfalls(monthly_contract(), an_improvement(), returns).empty());
}

// A missed deadline proposes a failure notice: a draft by "system" whose window runs from
// 2026-11 (the first period after 2026-10-15) to 2026-12 (the last short period).
BOOST_AUTO_TEST_CASE(a_shortfall_proposes_a_failure_notice) {
    const Contract contract = monthly_contract();
    const std::vector<Shortfall> found{{period("2026-12"), "CALLS", 89, 90}};
    const Notice n =
        proposed_failure_notice(contract, an_improvement(), found, start_of(date("2027-01-10")));
    BOOST_TEST((n.kind == NoticeKind::kFailure));
    BOOST_TEST((n.state == NoticeState::kDraft));
    BOOST_TEST(n.drafted_by == "system");
    BOOST_TEST(n.window.first.to_string() == "2026-11");
    BOOST_TEST(n.window.last.to_string() == "2026-12");
    BOOST_TEST(n.review_id == 2);
    BOOST_TEST(n.improvement_id == 4);
    BOOST_TEST(!n.decided.has_value());
    BOOST_TEST(n.requirement ==
               "Improvement notice 4 (review 2) required from 2026-10-16: CALLS at least 90; "
               "COMPLAINTS at most 8");
    BOOST_TEST(n.description ==
               "Returns after the deadline 2026-10-15 fell short: CALLS 89 in 2026-12 (required "
               "at least 90)");
}

BOOST_AUTO_TEST_CASE(an_improvement_notice_names_kpis_in_force_and_a_future_deadline) {
    const Contract contract = monthly_contract();
    const Date today = date("2026-10-01");
    BOOST_TEST(!check_improvement(contract, an_improvement(), today));
    ImprovementNotice none = an_improvement();
    none.levels.clear();
    BOOST_TEST(check_improvement(contract, none, today).has_value());
    ImprovementNotice past = an_improvement();
    past.deadline = date("2026-09-30");
    BOOST_TEST(check_improvement(contract, past, today).has_value());
    ImprovementNotice twice = an_improvement();
    twice.levels.push_back({"CALLS", 91});
    BOOST_TEST(check_improvement(contract, twice, today).has_value());
    ImprovementNotice unknown = an_improvement();
    unknown.levels.push_back({"VISITS", 1});
    BOOST_TEST(check_improvement(contract, unknown, today).has_value());
    ImprovementNotice nan = an_improvement();
    nan.levels[0].level = std::nan("");
    BOOST_TEST(check_improvement(contract, nan, today).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
