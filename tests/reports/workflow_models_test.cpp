// reports/reviews.h and reports/disputes.h: the JSON and CSV writers of the review and
// dispute read models, on structs built by hand; the expected text is worked out from the
// documented shapes (docs/api-shapes.md, docs/reviews.md) and reports/csv.h's rules. No
// database: the load functions are exercised through the API and page suites.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "reports/disputes.h"
#include "reports/reviews.h"
#include "tests/support/spec_values.h"

using namespace scorecard;

namespace {

using scorecard::testing::at;
using scorecard::testing::period;

// Review 7 of Acme: scheduled, with its history, one proposed action and one comment.
Review scheduled_review() {
    Review r;
    r.id = 7;
    r.supplier_id = "GB-COH-1";
    r.state = ReviewState::kScheduled;
    r.opened = at("2026-10-05T09:30:00Z");
    r.reason = "inadequate_kpi (high) on C-1";
    r.transitions = {{ReviewState::kProposed, ReviewState::kScheduled, "ann",
                      at("2026-10-06T10:00:00Z"), "Meeting"}};
    r.actions = {{3, "Fix the logger", "Bob", parse_date("2026-12-31"), false}};
    r.comments = {{2, "supplier.a", Role::kSupplier, at("2026-10-06T11:00:00Z"), "We have a plan"}};
    return r;
}

// Review 8: just proposed, of a supplier the directory does not know, its reason a formula.
Review proposed_review() {
    Review r;
    r.id = 8;
    r.supplier_id = "GB-COH-2";
    r.state = ReviewState::kProposed;
    r.opened = at("2026-11-01T00:00:00Z");
    r.reason = "=SUM(A1), \"two\"";
    return r;
}

// Dispute 4: Acme's rating of CALLS in 2026-09, upheld.
Dispute rating_dispute() {
    Dispute d;
    d.id = 4;
    d.supplier_id = "GB-COH-1";
    d.contract_id = "C-1";
    d.kpi_code = "CALLS";
    d.period = period("2026-09");
    d.reason = "Logger fault";
    d.raised_by = "supplier.a";
    d.raised = at("2026-10-07T08:00:00Z");
    d.status = DisputeStatus::kUpheld;
    d.decided_by = "commercial.dwp";
    d.decision_reason = "Confirmed";
    d.decided = at("2026-10-08T12:00:00Z");
    return d;
}

// Dispute 5: Acme's dispute of flag 11 (a contract-level flag), still open.
Dispute flag_dispute() {
    Dispute d;
    d.id = 5;
    d.supplier_id = "GB-COH-1";
    d.contract_id = "C-1";
    d.period = period("2026-Q3");
    d.flag_id = 11;
    d.reason = "Outage";
    d.raised_by = "supplier.a";
    d.raised = at("2026-10-09T00:00:00Z");
    return d;
}

const std::string kRatingDisputeFields =
    R"("id":4,"supplier":"GB-COH-1","contract":"C-1","kpi":"CALLS","period":"2026-09",)"
    R"("flag":null,"reason":"Logger fault","raised_by":"supplier.a",)"
    R"("raised":"2026-10-07T08:00:00Z","status":"upheld","decided_by":"commercial.dwp",)"
    R"("decision_reason":"Confirmed","decided":"2026-10-08T12:00:00Z")";
const std::string kFlagDisputeFields =
    R"("id":5,"supplier":"GB-COH-1","contract":"C-1","kpi":null,"period":"2026-Q3",)"
    R"("flag":11,"reason":"Outage","raised_by":"supplier.a","raised":"2026-10-09T00:00:00Z",)"
    R"("status":"open","decided_by":null,"decision_reason":null,"decided":null)";

}  // namespace

BOOST_AUTO_TEST_SUITE(review_models)

BOOST_AUTO_TEST_CASE(a_list_is_its_reviews_without_comments_and_the_page) {
    reports::ReviewList list;
    list.reviews = {{scheduled_review(), "Acme Ltd"}, {proposed_review(), ""}};
    list.total = 12;
    list.page = {2, 4};
    const std::string expected =
        R"({"reviews":[)"
        R"({"id":7,"supplier":"GB-COH-1","state":"scheduled","opened":"2026-10-05T09:30:00Z",)"
        R"("reason":"inadequate_kpi (high) on C-1",)"
        R"("transitions":[{"from":"proposed","to":"scheduled","by":"ann",)"
        R"("at":"2026-10-06T10:00:00Z","note":"Meeting"}],)"
        R"("actions":[{"id":3,"description":"Fix the logger","owner":"Bob","due":"2026-12-31",)"
        R"("agreed":false}],"supplier_name":"Acme Ltd"},)"
        R"({"id":8,"supplier":"GB-COH-2","state":"proposed","opened":"2026-11-01T00:00:00Z",)"
        R"("reason":"=SUM(A1), \"two\"","transitions":[],"actions":[],"supplier_name":null}],)"
        R"("total":12,"limit":2,"offset":4})";
    BOOST_TEST(reports::to_json(list) == expected);
}

BOOST_AUTO_TEST_CASE(a_record_has_its_comments) {
    const reports::ReviewRecord record{scheduled_review(), "Acme Ltd"};
    const std::string expected =
        R"({"id":7,"supplier":"GB-COH-1","state":"scheduled","opened":"2026-10-05T09:30:00Z",)"
        R"("reason":"inadequate_kpi (high) on C-1",)"
        R"("transitions":[{"from":"proposed","to":"scheduled","by":"ann",)"
        R"("at":"2026-10-06T10:00:00Z","note":"Meeting"}],)"
        R"("actions":[{"id":3,"description":"Fix the logger","owner":"Bob","due":"2026-12-31",)"
        R"("agreed":false}],)"
        R"("comments":[{"id":2,"by":"supplier.a","role":"supplier",)"
        R"("at":"2026-10-06T11:00:00Z","text":"We have a plan"}],"supplier_name":"Acme Ltd"})";
    BOOST_TEST(reports::to_json(record) == expected);
}

BOOST_AUTO_TEST_CASE(the_csv_has_a_row_per_review_and_neutralises_formulas) {
    reports::ReviewList list;
    list.reviews = {{scheduled_review(), "Acme Ltd"}, {proposed_review(), ""}};
    // The reason "=SUM(A1), "two"" starts a formula: a quote goes first; it has a comma and
    // quotes, so it is quoted and its quotes doubled (RFC 4180).
    BOOST_TEST(reports::to_csv(list) ==
               "id,supplier,state,opened,reason\r\n"
               "7,GB-COH-1,scheduled,2026-10-05T09:30:00Z,inadequate_kpi (high) on C-1\r\n"
               "8,GB-COH-2,proposed,2026-11-01T00:00:00Z,\"'=SUM(A1), \"\"two\"\"\"\r\n");
    BOOST_TEST(reports::to_csv(reports::ReviewList{}) == "id,supplier,state,opened,reason\r\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dispute_models)

BOOST_AUTO_TEST_CASE(a_list_is_its_disputes_and_the_page) {
    reports::DisputeList list;
    list.disputes = {{rating_dispute(), "Acme Ltd"}, {flag_dispute(), ""}};
    list.total = 2;
    list.page = {50, 0};
    const std::string expected = R"({"disputes":[{)" + kRatingDisputeFields +
                                 R"(,"supplier_name":"Acme Ltd"},{)" + kFlagDisputeFields +
                                 R"(,"supplier_name":null}],"total":2,"limit":50,"offset":0})";
    BOOST_TEST(reports::to_json(list) == expected);
}

BOOST_AUTO_TEST_CASE(the_csv_has_a_row_per_dispute_with_empty_cells_for_what_is_absent) {
    reports::DisputeList list;
    list.disputes = {{rating_dispute(), "Acme Ltd"}, {flag_dispute(), ""}};
    BOOST_TEST(reports::to_csv(list) ==
               "id,supplier,contract,kpi,period,flag,status,reason,raised_by,raised,decided_by,"
               "decided,decision_reason\r\n"
               "4,GB-COH-1,C-1,CALLS,2026-09,,upheld,Logger fault,supplier.a,"
               "2026-10-07T08:00:00Z,commercial.dwp,2026-10-08T12:00:00Z,Confirmed\r\n"
               "5,GB-COH-1,C-1,,2026-Q3,11,open,Outage,supplier.a,2026-10-09T00:00:00Z,,,\r\n");
}

BOOST_AUTO_TEST_CASE(a_rating_dispute_record_has_the_figure_and_the_score_now) {
    struct Case {
        const char* name;
        std::optional<reports::DisputedFigure> figure;
        std::optional<reports::DisputedPeriodScore> score;
        const char* expected_tail;  // from "current_return" on
    };
    Measure calls;
    calls.kpi_code = "CALLS";
    calls.value = 92;
    Measure not_applicable;
    not_applicable.kpi_code = "CALLS";
    not_applicable.status = MeasureStatus::kNotApplicable;
    not_applicable.comment = "closed for refit";
    // (40 × 75 + 20 × 100) / 60 = 83.33…: shown to one decimal, kept exact beside it.
    const std::vector<Case> cases = {
        {"measured", reports::DisputedFigure{2, calls},
         reports::DisputedPeriodScore{5000.0 / 60, Rating::kApproaching},
         R"("current_return":{"version":2,"status":"measured","value":92},)"
         R"("period_score":{"score":83.3,"rating":"approaching","score_exact":83.33333333333333},)"
         R"("disputed_flag":null})"},
        {"not applicable, no score", reports::DisputedFigure{3, not_applicable},
         reports::DisputedPeriodScore{std::nullopt, Rating::kMissing},
         R"("current_return":{"version":3,"status":"not_applicable","value":null},)"
         R"("period_score":{"score":null,"rating":"missing","score_exact":null},)"
         R"("disputed_flag":null})"},
        {"left out of the return", reports::DisputedFigure{1, std::nullopt}, std::nullopt,
         R"("current_return":{"version":1,"status":null,"value":null},"period_score":null,)"
         R"("disputed_flag":null})"},
        {"no return yet", std::nullopt, std::nullopt,
         R"("current_return":null,"period_score":null,"disputed_flag":null})"},
    };
    for (const Case& c : cases) {
        reports::DisputeRecord record;
        record.dispute = rating_dispute();
        record.contract_title = "Contact centre";
        record.authority_id = "GB-GOV-DWP";
        record.authority_name = "Department for Work and Pensions";
        record.supplier_name = "Acme Ltd";
        record.figure = c.figure;
        record.period_score = c.score;
        const std::string expected =
            "{" + kRatingDisputeFields +
            R"(,"contract_title":"Contact centre","authority":"GB-GOV-DWP",)"
            R"("authority_name":"Department for Work and Pensions","supplier_name":"Acme Ltd",)" +
            c.expected_tail;
        BOOST_TEST(reports::to_json(record) == expected, c.name);
    }
}

BOOST_AUTO_TEST_CASE(a_flag_dispute_record_has_the_flag) {
    Flag flag;
    flag.id = 11;
    flag.rule = FlagRuleId::kLowContractScore;
    flag.severity = Severity::kMedium;
    flag.supplier_id = "GB-COH-1";
    flag.contract_id = "C-1";
    flag.authority_id = "GB-GOV-DWP";
    flag.period = period("2026-Q3");
    flag.detail = "score 41.7 below 50";
    flag.raised = at("2026-10-08T00:00:00Z");
    reports::DisputeRecord record;
    record.dispute = flag_dispute();
    record.flag = flag;
    // A contract the directory no longer has: its names are null.
    const std::string expected =
        "{" + kFlagDisputeFields +
        R"(,"contract_title":null,"authority":null,"authority_name":null,"supplier_name":null,)"
        R"("current_return":null,"period_score":null,)"
        R"("disputed_flag":{"id":11,"rule":"low_contract_score","severity":"medium",)"
        R"("status":"open","supplier":"GB-COH-1","contract":"C-1","kpi":null,"period":"2026-Q3",)"
        R"("raised":"2026-10-08T00:00:00Z","authority":"GB-GOV-DWP",)"
        R"("detail":"score 41.7 below 50","closed":null,"dismissed_by":null,)"
        R"("dismiss_reason":null}})";
    BOOST_TEST(reports::to_json(record) == expected);
}

BOOST_AUTO_TEST_SUITE_END()
