// The JSON and CSV writers of the directory's read models (reports/scorecards.h,
// reports/directory.h): each model built by hand, its text worked out by hand from
// docs/api-shapes.md and docs/api.md. No database: the writers are pure functions.
#include <boost/test/unit_test.hpp>

#include <string>

#include "model/calendar.h"
#include "reports/directory.h"
#include "reports/scorecards.h"
#include "tests/support/spec_values.h"

using namespace scorecard;
using namespace scorecard::reports;

namespace {

using scorecard::testing::at;
using scorecard::testing::date;
using scorecard::testing::period;

KpiDefinition calls(double weight) {
    return {"CALLS", "Calls answered", Unit::kPercent,       Direction::kHigher,
            weight,  {95, 90, 85},     KpiCategory::kService};
}

KpiDefinition wait() {
    return {"WAIT", "Waiting time", Unit::kHours, Direction::kLower, 10, {1, 2, 4}, std::nullopt};
}

Contract contact_centre() {
    Contract c;
    c.id = "DWP-1";
    c.authority_id = "GB-GOV-DWP";
    c.supplier_id = "GB-COH-1";
    c.title = "Contact centre";
    c.start = date("2026-01-01");
    c.end = date("2026-12-31");
    c.value = 12500000;
    c.currency = "GBP";
    c.frequency = Frequency::kMonthly;
    c.status = ContractStatus::kActive;
    return c;
}

Contract legacy() {
    Contract c;
    c.id = "DWP-0";
    c.authority_id = "GB-GOV-DWP";
    c.supplier_id = "GB-COH-1";
    c.title = "Legacy print, post";
    c.start = date("2024-01-01");
    c.end = date("2025-12-31");
    c.value = 1000000;
    c.frequency = Frequency::kQuarterly;
    c.status = ContractStatus::kExpired;
    return c;
}

// 2026-01 scores (75 × 30 + 40 × 10) / 40 = 66.25, shown 66.3 (half away from zero).
const CurrentScore kCurrent{period("2026-01"), 66.25, Rating::kApproaching};

Flag missing_return() {
    Flag f;
    f.id = 7;
    f.rule = FlagRuleId::kMissingReturn;
    f.severity = Severity::kHigh;
    f.status = FlagStatus::kOpen;
    f.supplier_id = "GB-COH-1";
    f.contract_id = "DWP-1";
    f.authority_id = "GB-GOV-DWP";
    f.period = period("2026-02");
    f.detail = "no return for 2026-02";
    f.raised = at("2026-03-15T00:00:00Z");
    return f;
}

const std::string kMissingReturnJson =
    R"({"id":7,"rule":"missing_return","severity":"high","status":"open","supplier":"GB-COH-1",)"
    R"("contract":"DWP-1","kpi":null,"period":"2026-02","raised":"2026-03-15T00:00:00Z",)"
    R"("authority":"GB-GOV-DWP","detail":"no return for 2026-02","closed":null,)"
    R"("dismissed_by":null,"dismiss_reason":null})";

const std::string kCurrentJson =
    R"({"period":"2026-01","score":66.3,"rating":"approaching","score_exact":66.25})";

ContractScorecard contract_card() {
    ContractScorecard card;
    card.contract = contact_centre();
    card.authority_name = "Department for Work and Pensions";
    card.supplier_name = "Acme Ltd";

    ScorecardPeriod january;
    january.period = period("2026-01");
    january.score = 66.25;
    january.rating = Rating::kApproaching;
    january.version = 2;
    january.submitted = at("2026-02-03T10:00:00Z");
    january.measures = {
        {{"CALLS", 91, Rating::kApproaching, 75, 30}, "Calls answered", ""},
        {{"WAIT", 12.5, Rating::kRequiresImprovement, 40, 10}, "Waiting time", "Staff shortage"}};
    ScorecardPeriod february;  // due, no return
    february.period = period("2026-02");
    february.measures = {{{"CALLS", std::nullopt, Rating::kMissing, 0, 30}, "Calls answered", ""},
                         {{"WAIT", std::nullopt, Rating::kMissing, 0, 10}, "Waiting time", ""}};
    card.periods = {january, february};
    card.current = kCurrent;
    card.kpis = {calls(30)};
    card.flags = {missing_return()};
    return card;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(contract_scorecard_writers)

BOOST_AUTO_TEST_CASE(json_has_the_documented_names_in_order) {
    const std::string expected =
        R"({"contract":{"id":"DWP-1","authority":"GB-GOV-DWP","supplier":"GB-COH-1",)"
        R"("title":"Contact centre","frequency":"monthly","value":12500000,"currency":"GBP",)"
        R"("start":"2026-01-01","end":"2026-12-31","status":"active","lot":null,"former_suppliers":[],)"
        R"("authority_name":"Department for Work and Pensions","supplier_name":"Acme Ltd"},)"
        R"("periods":[)"
        R"({"period":"2026-01","score":66.3,"rating":"approaching","score_exact":66.25,)"
        R"("returned":true,"version":2,"submitted":"2026-02-03T10:00:00Z","measures":[)"
        R"({"kpi":"CALLS","value":91,"rating":"approaching","points":75,"weight":30,)"
        R"("name":"Calls answered","comment":null},)"
        R"({"kpi":"WAIT","value":12.5,"rating":"requires_improvement","points":40,"weight":10,)"
        R"("name":"Waiting time","comment":"Staff shortage"}]},)"
        R"({"period":"2026-02","score":null,"rating":"missing","score_exact":null,)"
        R"("returned":false,"version":null,"submitted":null,"measures":[)"
        R"({"kpi":"CALLS","value":null,"rating":"missing","points":0,"weight":30,)"
        R"("name":"Calls answered","comment":null},)"
        R"({"kpi":"WAIT","value":null,"rating":"missing","points":0,"weight":10,)"
        R"("name":"Waiting time","comment":null}]}],)"
        R"("current":)" +
        kCurrentJson +
        R"(,"kpis":[{"code":"CALLS","name":"Calls answered","unit":"percent",)"
        R"("direction":"higher","weight":30,"good":95,"approaching":90,"minimum":85,)"
        R"("category":"service"}],)"
        R"("flags":[)" +
        kMissingReturnJson + R"(],"disputes":[]})";
    BOOST_TEST(to_json(contract_card()) == expected);
}

BOOST_AUTO_TEST_CASE(json_of_a_contract_without_a_score_has_null_current) {
    ContractScorecard card;
    card.contract = legacy();
    const std::string json = to_json(card);
    BOOST_TEST(json.find(R"("periods":[],"current":null,"kpis":[])") != std::string::npos, json);
    // No names known: null, not "".
    BOOST_TEST(json.find(R"("authority_name":null,"supplier_name":null)") != std::string::npos,
               json);
}

BOOST_AUTO_TEST_CASE(csv_has_one_line_per_period_and_kpi) {
    BOOST_TEST(to_csv(contract_card()) ==
               "contract,period,kpi,value,rating,points,weight,period_score,period_rating\r\n"
               "DWP-1,2026-01,CALLS,91,approaching,75,30,66.3,approaching\r\n"
               "DWP-1,2026-01,WAIT,12.5,requires_improvement,40,10,66.3,approaching\r\n"
               "DWP-1,2026-02,CALLS,,missing,0,30,,missing\r\n"
               "DWP-1,2026-02,WAIT,,missing,0,10,,missing\r\n");
}

BOOST_AUTO_TEST_CASE(csv_gives_a_period_without_kpis_one_line) {
    ContractScorecard card;
    card.contract = contact_centre();
    ScorecardPeriod empty;
    empty.period = period("2026-03");
    card.periods = {empty};
    BOOST_TEST(to_csv(card) ==
               "contract,period,kpi,value,rating,points,weight,period_score,period_rating\r\n"
               "DWP-1,2026-03,,,,,,,missing\r\n");
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

SupplierScorecard supplier_card() {
    SupplierScorecard card;
    card.supplier = {"GB-COH-1", "Acme Ltd", SizeClass::kLarge, true};
    card.score = 66.25;
    card.rating = Rating::kApproaching;
    card.size_group = SizeGroup::kLarge;
    card.percentile = 200.0 / 3;  // 2 of 3: 66.666…, shown 66.7
    card.group_suppliers = 3;
    SupplierContract current;
    current.contract = contact_centre();
    current.authority_name = "Department for Work and Pensions";
    current.current = kCurrent;
    current.history = {{period("2025-12"), 50}, {period("2026-01"), 66.25}};
    SupplierContract old;
    old.contract = legacy();
    card.contracts = {current, old};
    Review review;
    review.id = 3;
    review.supplier_id = "GB-COH-1";
    review.state = ReviewState::kProposed;
    review.opened = at("2026-03-16T00:00:00Z");
    review.reason = "missing_return on DWP-1";
    card.review = review;
    return card;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(supplier_scorecard_writers)

BOOST_AUTO_TEST_CASE(json_has_the_documented_names_in_order) {
    const std::string expected =
        R"({"supplier":{"id":"GB-COH-1","name":"Acme Ltd","size":"large","strategic":true},)"
        R"("score":66.3,"score_exact":66.25,"rating":"approaching","size_group":"large",)"
        R"("percentile":66.7,"group_suppliers":3,"contracts":[)"
        R"({"id":"DWP-1","title":"Contact centre","authority":"GB-GOV-DWP","value":12500000,)"
        R"("currency":"GBP","status":"active","frequency":"monthly","start":"2026-01-01",)"
        R"("end":"2026-12-31","current":)" +
        kCurrentJson +
        R"(,"authority_name":"Department for Work and Pensions","history":[)"
        R"({"period":"2025-12","score":50,"score_exact":50},)"
        R"({"period":"2026-01","score":66.3,"score_exact":66.25}]},)"
        R"({"id":"DWP-0","title":"Legacy print, post","authority":"GB-GOV-DWP",)"
        R"("value":1000000,"currency":"GBP","status":"expired","frequency":"quarterly",)"
        R"("start":"2024-01-01","end":"2025-12-31","current":null,"authority_name":null,)"
        R"("history":[]}],"flags":[],)"
        R"("review":{"id":3,"supplier":"GB-COH-1","state":"proposed",)"
        R"("opened":"2026-03-16T00:00:00Z","reason":"missing_return on DWP-1",)"
        R"("transitions":[],"actions":[]}})";
    BOOST_TEST(to_json(supplier_card()) == expected);
}

BOOST_AUTO_TEST_CASE(json_without_a_score_is_unplaced) {
    SupplierScorecard card;
    card.supplier = {"GB-CHC-9", "Small CIC", SizeClass::kSmall, false};
    card.size_group = SizeGroup::kSme;
    BOOST_TEST(to_json(card) ==
               R"({"supplier":{"id":"GB-CHC-9","name":"Small CIC","size":"small",)"
               R"("strategic":false},"score":null,"score_exact":null,"rating":"missing",)"
               R"("size_group":"sme","percentile":null,"group_suppliers":0,"contracts":[],)"
               R"("flags":[],"review":null})");
}

BOOST_AUTO_TEST_CASE(csv_has_one_line_per_contract_with_its_current_score) {
    BOOST_TEST(to_csv(supplier_card()) ==
               "supplier,contract,title,authority,value,currency,period,score,rating\r\n"
               "GB-COH-1,DWP-1,Contact centre,GB-GOV-DWP,12500000,GBP,2026-01,66.3,approaching\r\n"
               "GB-COH-1,DWP-0,\"Legacy print, post\",GB-GOV-DWP,1000000,GBP,,,\r\n");
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

FlagList two_flags() {
    Flag dismissed;
    dismissed.id = 4;
    dismissed.rule = FlagRuleId::kPersistentUnderperformance;
    dismissed.severity = Severity::kMedium;
    dismissed.status = FlagStatus::kDismissed;
    dismissed.supplier_id = "GB-COH-2";
    dismissed.contract_id = "DWP-2";
    dismissed.authority_id = "GB-GOV-DWP";
    dismissed.kpi_code = "SATISF";
    dismissed.period = period("2025-Q4");
    dismissed.detail = "SATISF below target";
    dismissed.raised = at("2026-01-15T09:00:00Z");
    dismissed.closed = at("2026-04-05T09:00:00Z");
    dismissed.dismissed_by = "commercial.dwp";
    dismissed.dismiss_reason = "=agreed";  // a formula to a spreadsheet
    FlagList list;
    list.flags = {{missing_return(), "Acme Ltd"}, {dismissed, ""}};
    list.total = 12;
    list.page = {2, 4};
    return list;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(flag_list_writers)

BOOST_AUTO_TEST_CASE(json_is_the_page_of_flags_and_the_total) {
    BOOST_TEST(to_json(two_flags()) ==
               R"({"flags":[)" + kMissingReturnJson +
                   R"(,{"id":4,"rule":"persistent_underperformance","severity":"medium",)"
                   R"("status":"dismissed","supplier":"GB-COH-2","contract":"DWP-2",)"
                   R"("kpi":"SATISF","period":"2025-Q4","raised":"2026-01-15T09:00:00Z",)"
                   R"("authority":"GB-GOV-DWP","detail":"SATISF below target",)"
                   R"("closed":"2026-04-05T09:00:00Z","dismissed_by":"commercial.dwp",)"
                   R"("dismiss_reason":"=agreed"}],"total":12,"limit":2,"offset":4})");
}

BOOST_AUTO_TEST_CASE(csv_has_the_json_fields_as_columns) {
    BOOST_TEST(to_csv(two_flags()) ==
               "id,rule,severity,status,supplier,contract,kpi,period,raised,authority,detail,"
               "closed,dismissed_by,dismiss_reason\r\n"
               "7,missing_return,high,open,GB-COH-1,DWP-1,,2026-02,2026-03-15T00:00:00Z,"
               "GB-GOV-DWP,no return for 2026-02,,,\r\n"
               "4,persistent_underperformance,medium,dismissed,GB-COH-2,DWP-2,SATISF,2025-Q4,"
               "2026-01-15T09:00:00Z,GB-GOV-DWP,SATISF below target,2026-04-05T09:00:00Z,"
               "commercial.dwp,'=agreed\r\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(directory_writers)

BOOST_AUTO_TEST_CASE(authority_list_as_json_and_csv) {
    AuthorityList list;
    list.authorities = {{"GB-GOV-DWP", "Department for Work and Pensions"},
                        {"GB-GOV-HMRC", "HM Revenue & Customs"}};
    list.total = 5;
    list.page = {2, 2};
    BOOST_TEST(to_json(list) ==
               R"({"authorities":[{"id":"GB-GOV-DWP","name":"Department for Work and Pensions"},)"
               R"({"id":"GB-GOV-HMRC","name":"HM Revenue & Customs"}],)"
               R"("total":5,"limit":2,"offset":2})");
    BOOST_TEST(to_csv(list) ==
               "id,name\r\n"
               "GB-GOV-DWP,Department for Work and Pensions\r\n"
               "GB-GOV-HMRC,HM Revenue & Customs\r\n");
}

namespace {

SupplierListItem acme() {
    return {{"GB-COH-1", "Acme Ltd", SizeClass::kLarge, true}, 66.25, Rating::kApproaching, 1, 2};
}

const std::string kAcmeFields =
    R"("id":"GB-COH-1","name":"Acme Ltd","size":"large","size_group":"large",)"
    R"("strategic":true,"score":66.3,"score_exact":66.25,"rating":"approaching",)"
    R"("open_flags":1,"contracts":2)";

}  // namespace

BOOST_AUTO_TEST_CASE(supplier_list_as_json_and_csv) {
    SupplierList list;
    list.suppliers = {acme(),
                      {{"GB-CHC-9", "Small, Good CIC", SizeClass::kSmall, false},
                       std::nullopt,
                       Rating::kMissing,
                       0,
                       1}};
    list.total = 2;
    list.page = {50, 0};
    BOOST_TEST(to_json(list) ==
               R"({"suppliers":[{)" + kAcmeFields +
                   R"(},{"id":"GB-CHC-9","name":"Small, Good CIC","size":"small",)"
                   R"("size_group":"sme","strategic":false,"score":null,"score_exact":null,)"
                   R"("rating":"missing","open_flags":0,"contracts":1}],)"
                   R"("total":2,"limit":50,"offset":0})");
    BOOST_TEST(to_csv(list) ==
               "id,name,size,size_group,strategic,score,rating,open_flags,contracts\r\n"
               "GB-COH-1,Acme Ltd,large,large,true,66.3,approaching,1,2\r\n"
               "GB-CHC-9,\"Small, Good CIC\",small,sme,false,,missing,0,1\r\n");
}

BOOST_AUTO_TEST_CASE(supplier_record_adds_its_scorecard_path) {
    BOOST_TEST(to_json(SupplierRecord{acme()}) ==
               "{" + kAcmeFields + R"(,"scorecard":"/api/v1/suppliers/GB-COH-1/scorecard"})");
}

namespace {

ContractListItem listed_contact_centre() {
    ContractListItem item;
    item.contract = contact_centre();
    item.authority_name = "Department for Work and Pensions";
    item.supplier_name = "Acme Ltd";
    item.supplier_size = SizeClass::kLarge;
    item.current = kCurrent;
    return item;
}

const std::string kContactCentreFields =
    R"("id":"DWP-1","title":"Contact centre","authority":"GB-GOV-DWP",)"
    R"("authority_name":"Department for Work and Pensions","supplier":"GB-COH-1",)"
    R"("supplier_name":"Acme Ltd","supplier_size":"large","status":"active",)"
    R"("frequency":"monthly","start":"2026-01-01","end":"2026-12-31","value":12500000,)"
    R"("currency":"GBP",)";

}  // namespace

BOOST_AUTO_TEST_CASE(contract_list_as_json_and_csv) {
    ContractListItem with_lot = listed_contact_centre();
    with_lot.contract.lot = "LOT-1";
    ContractListItem unscored;
    unscored.contract = legacy();
    unscored.authority_name = "Department for Work and Pensions";
    unscored.supplier_name = "Acme Ltd";
    ContractList list;
    list.contracts = {with_lot, unscored};
    list.total = 2;
    list.page = {50, 0};
    BOOST_TEST(to_json(list) ==
               R"({"contracts":[{)" + kContactCentreFields + R"("lot":"LOT-1","current":)" +
                   kCurrentJson +
                   R"(},{"id":"DWP-0","title":"Legacy print, post","authority":"GB-GOV-DWP",)"
                   R"("authority_name":"Department for Work and Pensions",)"
                   R"("supplier":"GB-COH-1","supplier_name":"Acme Ltd",)"
                   R"("supplier_size":"large","status":"expired","frequency":"quarterly",)"
                   R"("start":"2024-01-01","end":"2025-12-31","value":1000000,)"
                   R"("currency":"GBP","lot":null,"current":null}],)"
                   R"("total":2,"limit":50,"offset":0})");
    BOOST_TEST(to_csv(list) ==
               "id,title,authority,authority_name,supplier,supplier_name,supplier_size,status,"
               "frequency,start,end,value,currency,current_period,current_score,current_rating\r\n"
               "DWP-1,Contact centre,GB-GOV-DWP,Department for Work and Pensions,GB-COH-1,"
               "Acme Ltd,large,active,monthly,2026-01-01,2026-12-31,12500000,GBP,2026-01,66.3,"
               "approaching\r\n"
               "DWP-0,\"Legacy print, post\",GB-GOV-DWP,Department for Work and Pensions,"
               "GB-COH-1,Acme Ltd,large,expired,quarterly,2024-01-01,2025-12-31,1000000,GBP,,,"
               "\r\n");
}

BOOST_AUTO_TEST_CASE(contract_record_lists_each_kpi_once_with_every_version) {
    ContractRecord record;
    record.listing = listed_contact_centre();
    record.open_flags = 1;
    record.open_disputes = 0;
    record.kpis = {{calls(30), period("2026-01"), false},
                   {calls(40), period("2026-03"), false},
                   {wait(), period("2026-02"), true}};
    const std::string calls_fields = R"("name":"Calls answered","unit":"percent",)"
                                     R"("direction":"higher","weight":)";
    const std::string calls_rest = R"(,"good":95,"approaching":90,"minimum":85,)"
                                   R"("category":"service")";
    const std::string wait_fields =
        R"("name":"Waiting time","unit":"hours","direction":"lower","weight":10,"good":1,)"
        R"("approaching":2,"minimum":4,"category":null)";
    BOOST_TEST(to_json(record) ==
               "{" + kContactCentreFields + R"("lot":null,"current":)" + kCurrentJson +
                   R"(,"open_flags":1,"open_disputes":0,"kpis":[)"
                   // CALLS: the latest version (2026-03, weight 40), then both versions.
                   R"({"code":"CALLS",)" +
                   calls_fields + "40" + calls_rest +
                   R"(,"effective":"2026-03","withdrawn":false,"versions":[)"
                   R"({"effective":"2026-01","withdrawn":false,)" +
                   calls_fields + "30" + calls_rest +
                   R"(},{"effective":"2026-03","withdrawn":false,)" + calls_fields + "40" +
                   calls_rest +
                   R"(}]},)"
                   // WAIT: withdrawn from 2026-02.
                   R"({"code":"WAIT",)" +
                   wait_fields + R"(,"effective":"2026-02","withdrawn":true,"versions":[)" +
                   R"({"effective":"2026-02","withdrawn":true,)" + wait_fields +
                   R"(}]}],"scorecard":"/api/v1/contracts/DWP-1/scorecard"})");
}

BOOST_AUTO_TEST_SUITE_END()
