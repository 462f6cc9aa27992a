// The JSON and CSV writers of the summary, the annual report, the supplier statement and the
// audit log (reports/summary.h, annual.h, statement.h, audit.h), each on a value built by
// hand here; the expected text is written out by hand from docs/api-shapes.md and the
// headers, scores to one decimal (SPEC §3.3). No database.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "reports/annual.h"
#include "reports/audit.h"
#include "reports/statement.h"
#include "reports/summary.h"
#include "tests/support/spec_values.h"

using namespace scorecard;
using namespace scorecard::reports;

namespace {

using scorecard::testing::at;
using scorecard::testing::period;

// The CSV body's lines, CRLF removed.
std::vector<std::string> lines_of(const std::string& csv) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < csv.size()) {
        const std::size_t end = csv.find("\r\n", start);
        BOOST_REQUIRE_MESSAGE(end != std::string::npos,
                              "a line without CRLF: " << csv.substr(start));
        out.push_back(csv.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

// One DWP contract with a good current score of 71.66…, and one SME contract with KPIs and
// no return yet; four open flags on two suppliers; two months of trend.
Summary small_summary() {
    Summary s;
    s.as_of = *parse_date("2026-05-20");
    s.authorities = 1;
    s.suppliers = 2;
    s.contracts = 3;
    s.active_contracts = 2;
    s.open_flags = 4;
    s.overall.ratings.counts = {{Rating::kGood, 1}, {Rating::kMissing, 1}};
    s.overall.mean_score = 215.0 / 3;  // 71.666… -> 71.7
    SummarySlice large;
    large.ratings.counts = {{Rating::kGood, 1}};
    large.suppliers = 1;
    large.contracts = 2;
    large.active_contracts = 1;
    large.mean_score = 215.0 / 3;
    SummarySlice sme;
    sme.ratings.counts = {{Rating::kMissing, 1}};
    sme.suppliers = 1;
    sme.contracts = 1;
    sme.active_contracts = 1;
    s.by_size = {{SizeGroup::kLarge, large}, {SizeGroup::kSme, sme}};
    s.by_class = {{SizeClass::kLarge, large}, {SizeClass::kSmall, sme}};
    SummarySlice dwp = large;
    dwp.ratings.counts[Rating::kMissing] = 1;
    dwp.contracts = 3;
    dwp.active_contracts = 2;
    s.by_authority = {{{"GB-GOV-DWP", "=Work & Pensions"}, dwp}};
    s.flagged_suppliers = {{"GB-COH-1", "Acme \"A\" Ltd", SizeClass::kLarge, 3, 1},
                           {"GB-COH-9", "GB-COH-9", std::nullopt, 1, 0}};
    TrendMonth march{period("2026-03"), 70.0, 2, 2, 3, false};
    TrendMonth april{period("2026-04"), std::nullopt, 0, 0, 4, true};
    s.trend = {march, april};
    s.user_satisfaction.kpis = 2;
    s.user_satisfaction.contracts = 1;
    s.user_satisfaction.ratings.counts = {{Rating::kGood, 1}, {Rating::kOther, 1}};
    s.user_satisfaction.mean_value_percent = 91.25;  // 912.5 rounds away from zero: 91.3
    return s;
}

// A slice with nothing in it, as the JSON writes it.
const std::string kEmptySlice =
    R"({"good":0,"approaching":0,"requires_improvement":0,"inadequate":0,"missing":0,)"
    R"("suppliers":0,"contracts":0,"active_contracts":0,"mean_score":null})";
const std::string kLargeSlice =
    R"({"good":1,"approaching":0,"requires_improvement":0,"inadequate":0,"missing":0,)"
    R"("suppliers":1,"contracts":2,"active_contracts":1,"mean_score":71.7})";
const std::string kSmeSlice =
    R"({"good":0,"approaching":0,"requires_improvement":0,"inadequate":0,"missing":1,)"
    R"("suppliers":1,"contracts":1,"active_contracts":1,"mean_score":null})";

}  // namespace

BOOST_AUTO_TEST_SUITE(summary_writers)

BOOST_AUTO_TEST_CASE(the_json_has_every_section_in_the_documented_order) {
    const std::string expected =
        R"({"totals":{"authorities":1,"suppliers":2,"contracts":3,"active_contracts":2,)"
        R"("open_flags":4},)"
        R"("ratings":{"good":1,"approaching":0,"requires_improvement":0,"inadequate":0,)"
        R"("missing":1},"mean_score":71.7,)"
        R"("by_size":{"large":)" +
        kLargeSlice + R"(,"sme":)" + kSmeSlice + "}," + R"("by_class":{"micro":)" + kEmptySlice +
        R"(,"small":)" + kSmeSlice + R"(,"medium":)" + kEmptySlice + R"(,"large":)" + kLargeSlice +
        R"(,"sme":)" + kEmptySlice + "}," +
        R"("by_authority":[{"id":"GB-GOV-DWP","name":"=Work & Pensions","contracts":3,)"
        R"("active_contracts":2,"mean_score":71.7,"ratings":{"good":1,"approaching":0,)"
        R"("requires_improvement":0,"inadequate":0,"missing":1}}],)"
        R"("flagged_suppliers":[{"id":"GB-COH-1","name":"Acme \"A\" Ltd","size":"large",)"
        R"("open_flags":3,"high":1},{"id":"GB-COH-9","name":"GB-COH-9","size":null,)"
        R"("open_flags":1,"high":0}],)"
        R"("trend":[{"period":"2026-03","mean_score":70,"contracts":2,"returned":2,)"
        R"("expected":3,"provisional":false},{"period":"2026-04","mean_score":null,)"
        R"("contracts":0,"returned":0,"expected":4,"provisional":true}],)"
        R"("user_satisfaction":{"kpis":2,"contracts":1,"ratings":{"good":1,"approaching":0,)"
        R"("requires_improvement":0,"inadequate":0,"other":1,"missing":0},)"
        R"("mean_value_percent":91.3}})";
    BOOST_TEST(to_json(small_summary()) == expected);
}

BOOST_AUTO_TEST_CASE(the_csv_has_one_row_per_figure_in_the_jsons_order) {
    const std::vector<std::string> got = lines_of(to_csv(small_summary()));
    // header 1, totals 5, ratings 5 + mean 1, by_size 2 × 9, by_class 5 × 9, by_authority
    // 1 × 9, flagged 2 × 4, trend 2 × 5, user_satisfaction 2 + 6 + 1:
    // 1 + 5 + 6 + 18 + 45 + 9 + 8 + 10 + 9 = 111.
    BOOST_TEST(got.size() == 111u);
    const std::vector<std::string> some = {
        "section,key,metric,value",
        "totals,,authorities,1",
        "totals,,open_flags,4",
        "ratings,,good,1",
        "ratings,,mean_score,71.7",
        "by_size,large,mean_score,71.7",
        "by_size,sme,mean_score,",
        "by_class,micro,suppliers,0",
        "by_class,small,missing,1",
        // A text that a spreadsheet would take for a formula is quoted away (reports/csv.h).
        "by_authority,GB-GOV-DWP,name,'=Work & Pensions",
        "by_authority,GB-GOV-DWP,missing,1",
        "flagged_suppliers,GB-COH-1,name,\"Acme \"\"A\"\" Ltd\"",
        "flagged_suppliers,GB-COH-9,size,",
        "trend,2026-03,mean_score,70",
        "trend,2026-03,contracts,2",
        "trend,2026-03,returned,2",
        "trend,2026-03,expected,3",
        "trend,2026-03,provisional,false",
        "trend,2026-04,mean_score,",
        "trend,2026-04,provisional,true",
        "user_satisfaction,,other,1",
        "user_satisfaction,,mean_value_percent,91.3",
    };
    // In this order, each exactly once.
    std::size_t from = 0;
    for (const std::string& line : some) {
        auto it = std::find(got.begin() + static_cast<std::ptrdiff_t>(from), got.end(), line);
        BOOST_TEST_REQUIRE((it != got.end()), "missing or out of order: " << line);
        from = static_cast<std::size_t>(it - got.begin()) + 1;
    }
    BOOST_TEST(got.back() == "user_satisfaction,,mean_value_percent,91.3");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(annual_report_writers)

// DWP's 2026: one contract, January scored 91.666… (good), February with every KPI not
// applicable (other, no score); the mean of the one score.
AnnualReport small_report() {
    AnnualReport r;
    r.authority = {"GB-GOV-DWP", "Department for Work and Pensions"};
    r.year = 2026;
    AnnualContract c;
    c.id = "DWP-2026-0001";
    c.title = "Contact centre, \"phase 2\"";
    c.supplier_id = "GB-COH-01234567";
    c.supplier_name = "Acme Services Ltd";
    c.supplier_size = SizeClass::kSmall;
    c.value = 12500000;
    c.currency = "GBP";
    c.periods = {{period("2026-01"), 275.0 / 3, Rating::kGood},
                 {period("2026-02"), std::nullopt, Rating::kOther}};
    c.mean = 275.0 / 3;
    r.contracts = {c};
    r.period_ratings[static_cast<std::size_t>(Rating::kGood)] = 1;
    r.period_ratings[static_cast<std::size_t>(Rating::kOther)] = 1;
    r.mean = 275.0 / 3;
    r.mean_sme = 275.0 / 3;
    return r;
}

BOOST_AUTO_TEST_CASE(the_json_gives_contracts_periods_and_means) {
    BOOST_TEST(
        to_json(small_report()) ==
        R"({"authority":{"id":"GB-GOV-DWP","name":"Department for Work and Pensions"},)"
        R"("year":2026,"contracts":[{"id":"DWP-2026-0001","title":"Contact centre, \"phase 2\"",)"
        R"("supplier":"GB-COH-01234567","supplier_name":"Acme Services Ltd","size":"small",)"
        R"("value":12500000,"currency":"GBP","periods":[{"period":"2026-01","score":91.7,)"
        R"("rating":"good"},{"period":"2026-02","score":null,"rating":"other"}],"mean":91.7}],)"
        R"("period_ratings":{"good":1,"approaching":0,"requires_improvement":0,"inadequate":0,)"
        R"("other":1,"missing":0},"mean":91.7,"mean_large":null,"mean_sme":91.7})");
}

BOOST_AUTO_TEST_CASE(the_csv_has_one_line_per_contract_and_period) {
    BOOST_TEST(to_csv(small_report()) ==
               "authority,year,contract,title,supplier,supplier_name,size,period,score,rating,"
               "contract_mean\r\n"
               "GB-GOV-DWP,2026,DWP-2026-0001,\"Contact centre, \"\"phase 2\"\"\","
               "GB-COH-01234567,Acme Services Ltd,small,2026-01,91.7,good,91.7\r\n"
               "GB-GOV-DWP,2026,DWP-2026-0001,\"Contact centre, \"\"phase 2\"\"\","
               "GB-COH-01234567,Acme Services Ltd,small,2026-02,,other,91.7\r\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(statement_writers)

// Acme's 2026: one contract with one period (75, approaching), one with none; one open
// flag; one dispute of a rating, decided.
SupplierStatement small_statement() {
    SupplierStatement s;
    s.supplier = {"GB-COH-01234567", "Acme Services Ltd", SizeClass::kLarge, true};
    s.year = 2026;
    StatementContract contact;
    contact.id = "DWP-2026-0001";
    contact.title = "Contact centre services";
    contact.authority_id = "GB-GOV-DWP";
    contact.authority_name = "Department for Work and Pensions";
    contact.periods = {{period("2026-09"), 75.0, Rating::kApproaching}};
    contact.mean = 75.0;
    StatementContract old;
    old.id = "DWP-2023-0004";
    old.title = "Legacy print";
    old.authority_id = "GB-GOV-DWP";
    old.authority_name = "Department for Work and Pensions";
    old.status = ContractStatus::kExpired;
    s.contracts = {contact, old};
    s.mean = 75.0;
    s.periods_scored = 1;
    Flag f;
    f.id = 7;
    f.rule = FlagRuleId::kMissingReturn;
    f.severity = Severity::kLow;
    f.supplier_id = s.supplier.id;
    f.contract_id = "DWP-2026-0001";
    f.authority_id = "GB-GOV-DWP";
    f.period = period("2026-10");
    f.detail = "no return for 2026-10";
    f.raised = at("2026-11-11T00:00:00Z");
    s.open_flags = {f};
    Dispute d;
    d.id = 3;
    d.supplier_id = s.supplier.id;
    d.contract_id = "DWP-2026-0001";
    d.kpi_code = "CALLS";
    d.period = period("2026-09");
    d.reason = "Outage";
    d.raised_by = "supplier.a";
    d.raised = at("2026-10-02T09:00:00Z");
    d.status = DisputeStatus::kUpheld;
    d.decided_by = "commercial.dwp";
    d.decision_reason = "Agreed";
    d.decided = at("2026-10-03T09:00:00Z");
    s.disputes = {d};
    return s;
}

BOOST_AUTO_TEST_CASE(the_json_gives_the_year_with_flags_reviews_and_disputes) {
    BOOST_TEST(to_json(small_statement()) ==
               R"({"supplier":{"id":"GB-COH-01234567","name":"Acme Services Ltd","size":"large",)"
               R"("strategic":true},"year":2026,"contracts":[{"id":"DWP-2026-0001",)"
               R"("title":"Contact centre services","authority":"GB-GOV-DWP",)"
               R"("authority_name":"Department for Work and Pensions","status":"active",)"
               R"("periods":[{"period":"2026-09","score":75,"rating":"approaching"}],"mean":75},)"
               R"({"id":"DWP-2023-0004","title":"Legacy print","authority":"GB-GOV-DWP",)"
               R"("authority_name":"Department for Work and Pensions","status":"expired",)"
               R"("periods":[],"mean":null}],"mean":75,"periods_scored":1,)"
               R"("open_flags":[{"id":7,"rule":"missing_return","severity":"low","status":"open",)"
               R"("supplier":"GB-COH-01234567","contract":"DWP-2026-0001","kpi":null,)"
               R"("period":"2026-10","raised":"2026-11-11T00:00:00Z","authority":"GB-GOV-DWP",)"
               R"("detail":"no return for 2026-10","closed":null,"dismissed_by":null,)"
               R"("dismiss_reason":null}],"reviews":[],)"
               R"("disputes":[{"id":3,"supplier":"GB-COH-01234567","contract":"DWP-2026-0001",)"
               R"("kpi":"CALLS","period":"2026-09","flag":null,"reason":"Outage",)"
               R"("raised_by":"supplier.a","raised":"2026-10-02T09:00:00Z","status":"upheld",)"
               R"("decided_by":"commercial.dwp","decision_reason":"Agreed",)"
               R"("decided":"2026-10-03T09:00:00Z"}]})");
}

BOOST_AUTO_TEST_CASE(the_csv_gives_a_contract_without_periods_an_empty_line) {
    BOOST_TEST(to_csv(small_statement()) ==
               "supplier,supplier_name,size,year,contract,title,authority,period,score,rating,"
               "contract_mean\r\n"
               "GB-COH-01234567,Acme Services Ltd,large,2026,DWP-2026-0001,Contact centre "
               "services,GB-GOV-DWP,2026-09,75,approaching,75\r\n"
               "GB-COH-01234567,Acme Services Ltd,large,2026,DWP-2023-0004,Legacy print,"
               "GB-GOV-DWP,,,,\r\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_writers)

// Two entries: a review moved (the store's JSON objects), and a legacy row whose "after" is
// not JSON and whose actor looks like a formula.
AuditLog small_log(bool paged) {
    AuditLog log;
    log.entries = {
        {1, at("2026-10-05T10:00:00Z"), "commercial.dwp", "transition", "review", "4",
         R"({"state":"proposed"})", R"({"state":"scheduled","note":"Booked"})"},
        {2, at("2026-10-06T11:30:00Z"), "=cmd|' /C calc'!A0", "update", "supplier", "GB-COH-1", "",
         "renamed to {Acme"},
    };
    log.total = 5;
    if (paged)
        log.page = store::Page{2, 0};
    return log;
}

BOOST_AUTO_TEST_CASE(before_and_after_are_json_when_they_are_json) {
    const std::string entries =
        R"({"entries":[{"id":1,"at":"2026-10-05T10:00:00Z","actor":"commercial.dwp",)"
        R"("action":"transition","entity":"review","entity_id":"4",)"
        R"("before":{"state":"proposed"},"after":{"state":"scheduled","note":"Booked"}},)"
        R"({"id":2,"at":"2026-10-06T11:30:00Z","actor":"=cmd|' /C calc'!A0",)"
        R"("action":"update","entity":"supplier","entity_id":"GB-COH-1","before":null,)"
        R"("after":"renamed to {Acme"}],"total":5)";
    // A page says which; the whole log does not.
    BOOST_TEST(to_json(small_log(true)) == entries + R"(,"limit":2,"offset":0})");
    BOOST_TEST(to_json(small_log(false)) == entries + "}");
}

BOOST_AUTO_TEST_CASE(the_csv_gives_before_and_after_as_text_and_defuses_formulas) {
    BOOST_TEST(to_csv(small_log(false)) ==
               "id,at,actor,action,entity,entity_id,before,after\r\n"
               "1,2026-10-05T10:00:00Z,commercial.dwp,transition,review,4,"
               "\"{\"\"state\"\":\"\"proposed\"\"}\","
               "\"{\"\"state\"\":\"\"scheduled\"\",\"\"note\"\":\"\"Booked\"\"}\"\r\n"
               "2,2026-10-06T11:30:00Z,'=cmd|' /C calc'!A0,update,supplier,GB-COH-1,,"
               "renamed to {Acme\r\n");
}

// What the store might hold besides its own objects: only whole JSON values are embedded.
BOOST_AUTO_TEST_CASE(only_whole_json_values_are_embedded) {
    struct Case {
        const char* stored;
        const char* written;
    };
    const std::vector<Case> cases = {
        {R"({"a":[1,-2.5e3,true,false,null,"\u00e9\n"]})",
         R"({"a":[1,-2.5e3,true,false,null,"\u00e9\n"]})"},
        {"[]", "[]"},
        {R"({"a":1} trailing)", R"("{\"a\":1} trailing")"},
        {R"({"a":01})", R"("{\"a\":01}")"},
        {R"({"a":1,})", R"("{\"a\":1,}")"},
        {R"({"a":"\x"})", R"("{\"a\":\"\\x\"}")"},
        {"{'a':1}", R"("{'a':1}")"},
        {"nul", R"("nul")"},
    };
    for (const Case& c : cases) {
        AuditLog log;
        log.entries = {{1, at("2026-10-05T10:00:00Z"), "a", "b", "c", "d", "", c.stored}};
        log.total = 1;
        const std::string json = to_json(log);
        const std::string want = std::string(R"("after":)") + c.written + "}";
        BOOST_TEST(json.find(want) != std::string::npos, c.stored << " -> " << json);
    }
}

BOOST_AUTO_TEST_SUITE_END()
