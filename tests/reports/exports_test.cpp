// The published KPI performance dataset (GET /exports/kpi-performance.csv and
// /exports/ocds.json) through the real server, without signing in, on every database: the
// rows of services_test_support.h's world worked out by hand, thresholds in force per
// period, the OCDS measureClassification of each rating, and formula-injection escaping.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "reports/exports.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
using namespace scorecard::testing;
namespace bdata = boost::unit_test::data;
namespace tt = boost::test_tools;

namespace {

const std::string kHeader =
    "authority,authority_name,supplier,supplier_name,supplier_size,contract,contract_title,"
    "period,kpi,kpi_name,category,unit,direction,weight,good,approaching,minimum,value,rating,"
    "points,period_score,period_rating\r\n";
const std::string kContractAColumns =
    "GB-GOV-DWP,Department for Work and Pensions,GB-COH-01234567,Acme Services Ltd,large,"
    "DWP-2026-0001,Contact centre services,";

void post_return(RunningServer& srv, const std::string& token, const std::string& xml) {
    auto r = srv.post_xml("/api/v1/returns", token, xml);
    BOOST_TEST_REQUIRE(r.status == 201, r);
}

std::string return_b(const std::string& period, const std::string& submitted, double visits) {
    return return_xml(kpi_return(kContractB, period, submitted, {measured("VISITS", visits)}));
}

// A's 2026-10 return: CALLS as given, COMPLAINTS not applicable (rated `other`).
std::string return_a_not_applicable(double calls) {
    return return_xml(
        kpi_return(kContractA, "2026-10", "2026-11-05T10:00:00Z",
                   {measured("CALLS", calls), not_applicable("COMPLAINTS", "No calls taken")}));
}

Poco::JSON::Object::Ptr metric(const Poco::JSON::Object::Ptr& release, const std::string& code) {
    auto metrics = release->getArray("contracts")
                       ->getObject(0)
                       ->getObject("implementation")
                       ->getArray("metrics");
    for (std::size_t i = 0; i < metrics->size(); ++i) {
        auto m = metrics->getObject(static_cast<unsigned>(i));
        if (m->getValue<std::string>("id") == code)
            return m;
    }
    BOOST_FAIL("no metric " << code);
    return nullptr;
}

Poco::JSON::Object::Ptr observation(const Poco::JSON::Object::Ptr& m, const std::string& period) {
    auto list = m->getArray("observations");
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto o = list->getObject(static_cast<unsigned>(i));
        if (o->getValue<std::string>("id") == m->getValue<std::string>("id") + "-" + period)
            return o;
    }
    BOOST_FAIL("no observation for " << period);
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kpi_performance_csv)

BOOST_AUTO_TEST_CASE(one_row_per_contract_kpi_and_period_with_the_thresholds_then_in_force) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        post_return(srv, srv.supplier_a,
                    kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        // CALLS is stricter from 2026-10 (good 97, approaching 93, minimum 88).
        auto feed = srv.post_xml("/api/v1/feeds", srv.commercial,
                                 world_feed_with_stricter_calls("2026-10"));
        BOOST_TEST_REQUIRE(feed.status == 201, feed);
        post_return(srv, srv.supplier_a,
                    kpi_return_a("2026-10", "2026-11-05T10:00:00Z", "96", "6"));

        auto r = srv.get("/api/v1/exports/kpi-performance.csv?year=2026", "");  // no sign-in
        BOOST_TEST_REQUIRE(r.status == 200, r);
        BOOST_TEST(r.header("content-type").rfind("text/csv", 0) == 0u);
        BOOST_TEST(r.header("content-disposition").find("kpi-performance-2026.csv") !=
                   std::string::npos);
        // 2026-09 under the first thresholds (95/90/85): CALLS 93.2 → approaching, 75;
        // COMPLAINTS 4 ≤ 5 → good, 100; period (40×75 + 20×100)/60 = 83.3, approaching.
        // 2026-10 under the stricter ones (97/93/88): CALLS 96 → approaching, 75;
        // COMPLAINTS 6: above good 5, within approaching 8 → approaching, 75; period
        // (40×75 + 20×75)/60 = 75, approaching. B has no return: no rows.
        // The KPI name with a comma is quoted (RFC 4180); the world's KPIs have no category.
        const std::string expected =
            kHeader + kContractAColumns +
            "2026-09,CALLS,Calls answered within 60 seconds,,percent,higher,40,95,90,85,93.2,"
            "approaching,75,83.3,approaching\r\n" +
            kContractAColumns +
            "2026-09,COMPLAINTS,\"Complaints per 10,000 calls\",,ratio,lower,20,5,8,12,4,good,"
            "100,83.3,approaching\r\n" +
            kContractAColumns +
            "2026-10,CALLS,Calls answered within 60 seconds,,percent,higher,40,97,93,88,96,"
            "approaching,75,75,approaching\r\n" +
            kContractAColumns +
            "2026-10,COMPLAINTS,\"Complaints per 10,000 calls\",,ratio,lower,20,5,8,12,6,"
            "approaching,75,75,approaching\r\n";
        BOOST_TEST(r.body == expected);

        // Another year has no scored periods: the header alone.
        auto other = srv.get("/api/v1/exports/kpi-performance.csv?year=2025", "");
        BOOST_TEST_REQUIRE(other.status == 200, other);
        BOOST_TEST(other.body == kHeader);
    });
}

BOOST_AUTO_TEST_CASE(the_year_is_required_and_must_be_a_year) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        for (const std::string& path : std::vector<std::string>{
                 "/api/v1/exports/kpi-performance.csv", "/api/v1/exports/kpi-performance.csv?year=",
                 "/api/v1/exports/kpi-performance.csv?year=twenty",
                 "/api/v1/exports/kpi-performance.csv?year=20261", "/api/v1/exports/ocds.json",
                 "/api/v1/exports/ocds.json?year=1066"}) {
            auto r = srv.get(path, "");
            BOOST_TEST(r.status == 400, path << ": " << r);
            BOOST_TEST(r.json()->getObject("error")->getValue<std::string>("code") ==
                       "bad_request");
        }
    });
}

BOOST_AUTO_TEST_CASE(cells_that_a_spreadsheet_would_run_as_formulas_are_quoted_as_text) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        // Every text cell a feed controls starts with a formula character.
        KpiDefinition k1 = kpi("K1", "-2+3", Unit::kCount, Direction::kHigher, 1, {10, 5, 1});
        k1.category = KpiCategory::kUserSatisfaction;
        const std::string feed =
            FeedBuilder()
                .generated("2026-09-01T09:00:00Z")
                .authority("GB-GOV-EVIL", "=HYPERLINK(\"http://x\")")
                .supplier("GB-COH-66666666", "+cmd|' /C calc'!A0", SizeClass::kMicro)
                .contract(contract("EVIL-1", "GB-GOV-EVIL", "GB-COH-66666666", "@SUM(1+1)",
                                   "2026-09-01", "2027-08-31", 1000, Frequency::kMonthly))
                .kpi(k1)
                .xml();
        auto loaded = srv.post_xml("/api/v1/feeds", srv.admin, feed);
        BOOST_TEST_REQUIRE(loaded.status == 201, loaded);
        post_return(srv, srv.admin,
                    return_xml(kpi_return("EVIL-1", "2026-09", "2026-10-05T10:00:00Z",
                                          {measured("K1", 10)})));
        auto r = srv.get("/api/v1/exports/kpi-performance.csv?year=2026", "");
        BOOST_TEST_REQUIRE(r.status == 200, r);
        // K1 10 ≥ good 10 → good, 100; the period's only KPI: 100, good. The authority's
        // name has quotes, so after its ' prefix it is quoted with the quotes doubled.
        const std::string expected =
            kHeader +
            "GB-GOV-EVIL,\"'=HYPERLINK(\"\"http://x\"\")\",GB-COH-66666666,'+cmd|' /C "
            "calc'!A0,micro,EVIL-1,'@SUM(1+1),2026-09,K1,'-2+3,user_satisfaction,count,higher,"
            "1,10,5,1,10,good,100,100,good\r\n";
        BOOST_TEST(r.body == expected);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ocds)

// SPEC §6, exactly; missing has no figure to classify.
BOOST_DATA_TEST_CASE(each_rating_maps_to_the_uk_measure_classification,
                     bdata::make({Rating::kGood, Rating::kApproaching, Rating::kRequiresImprovement,
                                  Rating::kInadequate, Rating::kOther}) ^
                         bdata::make({"met", "slightlyBelow", "below", "significantlyBelow",
                                      "other"}),
                     rating, expected) {
    auto got = reports::measure_classification(rating);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(std::string(*got) == std::string(expected));
}

BOOST_AUTO_TEST_CASE(missing_has_no_measure_classification) {
    BOOST_TEST(!reports::measure_classification(Rating::kMissing).has_value());
}

BOOST_AUTO_TEST_CASE(a_release_per_contract_with_its_kpis_as_metrics) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        // Every rating once (thresholds in services_test_support.h):
        //   A 2026-09: CALLS 93.2 → approaching; COMPLAINTS 4 → good.
        //   A 2026-10: CALLS 86 (< 90, ≥ 85) → requires_improvement; COMPLAINTS n/a → other.
        //   B 2026-09: VISITS 10 (< minimum 60) → inadequate.
        post_return(srv, srv.supplier_a,
                    kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        post_return(srv, srv.supplier_a, return_a_not_applicable(86));
        post_return(srv, srv.supplier_b, return_b("2026-09", "2026-10-05T10:00:00Z", 10));

        auto r = srv.get("/api/v1/exports/ocds.json?year=2026", "");
        BOOST_TEST_REQUIRE(r.status == 200, r);
        BOOST_TEST(r.header("content-type").rfind("application/json", 0) == 0u);
        auto package = r.json();
        BOOST_TEST(package->getValue<std::string>("version") == "1.1");
        BOOST_TEST(package->getArray("extensions")
                       ->getElement<std::string>(0)
                       .find("ocds_metrics_extension") != std::string::npos);
        auto releases = package->getArray("releases");
        BOOST_TEST_REQUIRE(releases->size() == 2u);  // by contract id: A, then B

        auto a = releases->getObject(0);
        BOOST_TEST(a->getValue<std::string>("ocid") == "ocds-scorecard-DWP-2026-0001");
        BOOST_TEST(a->getArray("tag")->getElement<std::string>(0) == "contractImplementation");
        BOOST_TEST(a->getObject("buyer")->getValue<std::string>("id") == kAuthority);
        auto parties = a->getArray("parties");
        BOOST_TEST_REQUIRE(parties->size() == 2u);
        BOOST_TEST(parties->getObject(1)->getValue<std::string>("id") == kSupplierA);
        BOOST_TEST(parties->getObject(1)->getObject("details")->getValue<std::string>("scale") ==
                   "large");
        auto contract = a->getArray("contracts")->getObject(0);
        BOOST_TEST(contract->getValue<std::string>("id") == kContractA);
        BOOST_TEST(contract->getObject("value")->getValue<double>("amount") == 12500000.0);
        BOOST_TEST(contract->getObject("value")->getValue<std::string>("currency") == "GBP");

        auto calls = metric(a, "CALLS");
        BOOST_TEST(calls->getValue<std::string>("title") == "Calls answered within 60 seconds");
        BOOST_TEST(calls->getArray("observations")->size() == 2u);
        auto sep = observation(calls, "2026-09");
        BOOST_TEST(sep->getValue<double>("measure") == 93.2);
        BOOST_TEST(sep->getValue<std::string>("measureClassification") == "slightlyBelow");
        BOOST_TEST(sep->getObject("period")->getValue<std::string>("startDate") ==
                   "2026-09-01T00:00:00Z");
        BOOST_TEST(sep->getObject("period")->getValue<std::string>("endDate") ==
                   "2026-09-30T23:59:59Z");
        BOOST_TEST(sep->getObject("unit")->getValue<std::string>("name") == "percent");
        BOOST_TEST(sep->getObject("dimensions")->getValue<std::string>("rating") == "approaching");
        BOOST_TEST(sep->getObject("dimensions")->getValue<int>("points") == 75);
        // (40×75 + 20×100)/60 = 83.3.
        BOOST_TEST(sep->getObject("dimensions")->getValue<double>("periodScore") == 83.3,
                   tt::tolerance(1e-9));
        BOOST_TEST(observation(calls, "2026-10")->getValue<std::string>("measureClassification") ==
                   "below");
        auto complaints = metric(a, "COMPLAINTS");
        BOOST_TEST(
            observation(complaints, "2026-09")->getValue<std::string>("measureClassification") ==
            "met");
        auto na = observation(complaints, "2026-10");
        BOOST_TEST(na->getValue<std::string>("measureClassification") == "other");
        BOOST_TEST(!na->has("measure"));  // no figure for a measure not applicable

        auto b = releases->getObject(1);
        BOOST_TEST(b->getValue<std::string>("ocid") == "ocds-scorecard-DWP-2026-0002");
        BOOST_TEST(
            b->getArray("parties")->getObject(1)->getObject("details")->getValue<std::string>(
                "scale") == "sme");  // small
        auto visits = observation(metric(b, "VISITS"), "2026-09");
        BOOST_TEST(visits->getValue<double>("measure") == 10.0);
        BOOST_TEST(visits->getValue<std::string>("measureClassification") == "significantlyBelow");

        auto none = srv.get("/api/v1/exports/ocds.json?year=2027", "");
        BOOST_TEST_REQUIRE(none.status == 200, none);
        BOOST_TEST(none.json()->getArray("releases")->size() == 0u);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// Issue #6: "performance and users' views should be published routinely" — the summary's
// user_satisfaction section (docs/api-shapes.md), worked by hand on a world of its own.
BOOST_AUTO_TEST_SUITE(users_views_in_the_summary)

namespace {

// C1 (supplier A): SAT percent, user_satisfaction, 90/80/70; WAIT days, no category.
// C2 (supplier B): NPS score, user_satisfaction, 50/30/10; SAT2 percent, user_satisfaction.
std::string views_feed() {
    auto satisfaction = [](KpiDefinition k) {
        k.category = KpiCategory::kUserSatisfaction;
        return k;
    };
    return FeedBuilder()
        .generated("2026-09-01T09:00:00Z")
        .authority(kAuthority, "Department for Work and Pensions")
        .supplier(kSupplierA, "Acme Services Ltd", SizeClass::kLarge)
        .supplier(kSupplierB, "Brightside Support CIC", SizeClass::kSmall)
        .contract(contract("C1", kAuthority, kSupplierA, "Helpline", "2026-09-01", "2027-08-31",
                           1000, Frequency::kMonthly))
        .kpi(satisfaction(
            kpi("SAT", "Callers satisfied", Unit::kPercent, Direction::kHigher, 1, {90, 80, 70})))
        .kpi(kpi("WAIT", "Days to answer", Unit::kDays, Direction::kLower, 1, {1, 2, 3}))
        .contract(contract("C2", kAuthority, kSupplierB, "Visits", "2026-09-01", "2027-08-31", 1000,
                           Frequency::kMonthly))
        .kpi(satisfaction(
            kpi("NPS", "Net promoter score", Unit::kScore, Direction::kHigher, 1, {50, 30, 10})))
        .kpi(satisfaction(
            kpi("SAT2", "Visitors satisfied", Unit::kPercent, Direction::kHigher, 1, {90, 80, 70})))
        .xml();
}

std::string views_return(const std::string& contract, const std::string& period,
                         const std::string& submitted, std::vector<Measure> measures) {
    return return_xml(kpi_return(contract, period, submitted, std::move(measures)));
}

}  // namespace

BOOST_AUTO_TEST_CASE(user_satisfaction_kpis_as_rated_in_their_latest_returned_period) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto feed = srv.post_xml("/api/v1/feeds", srv.commercial, views_feed());
        BOOST_TEST_REQUIRE(feed.status == 201, feed);
        // C1 2026-09: SAT 95 (good) — superseded by 2026-10, so not counted.
        // C1 2026-10: SAT 75 (< 80, ≥ 70) → requires_improvement; WAIT has no category.
        // C2 2026-09: NPS 60 ≥ 50 → good; SAT2 left out → missing.
        post_return(srv, srv.commercial,
                    views_return("C1", "2026-09", "2026-10-05T10:00:00Z",
                                 {measured("SAT", 95), measured("WAIT", 1)}));
        post_return(srv, srv.commercial,
                    views_return("C1", "2026-10", "2026-11-05T10:00:00Z",
                                 {measured("SAT", 75), measured("WAIT", 1)}));
        post_return(srv, srv.commercial,
                    views_return("C2", "2026-09", "2026-10-05T10:00:00Z", {measured("NPS", 60)}));

        auto r = srv.get("/api/v1/summary", srv.minister);
        BOOST_TEST_REQUIRE(r.status == 200, r);
        auto views = r.json()->getObject("user_satisfaction");
        BOOST_TEST_REQUIRE(views);
        BOOST_TEST(views->getValue<int>("kpis") == 3);       // SAT, NPS, SAT2
        BOOST_TEST(views->getValue<int>("contracts") == 2);  // C1, C2
        auto ratings = views->getObject("ratings");
        BOOST_TEST(ratings->getValue<int>("good") == 1);  // NPS
        BOOST_TEST(ratings->getValue<int>("approaching") == 0);
        BOOST_TEST(ratings->getValue<int>("requires_improvement") == 1);  // SAT
        BOOST_TEST(ratings->getValue<int>("inadequate") == 0);
        BOOST_TEST(ratings->getValue<int>("other") == 0);
        BOOST_TEST(ratings->getValue<int>("missing") == 1);  // SAT2
        // Percent KPIs with a figure: SAT 75 alone (SAT2 has none).
        BOOST_TEST(views->getValue<double>("mean_value_percent") == 75.0);

        auto csv = srv.get("/api/v1/summary?format=csv", srv.minister);
        BOOST_TEST_REQUIRE(csv.status == 200, csv);
        BOOST_TEST(csv.body.find("user_satisfaction,,kpis,3\r\nuser_satisfaction,,contracts,2\r\n"
                                 "user_satisfaction,,good,1\r\n") != std::string::npos,
                   csv.body);
        BOOST_TEST(
            csv.body.find("user_satisfaction,,mean_value_percent,75\r\n") != std::string::npos,
            csv.body);

        // Scoped like the rest of the summary: supplier A sees C1 only; HMRC nothing.
        auto own = srv.get("/api/v1/summary", srv.supplier_a);
        BOOST_TEST_REQUIRE(own.status == 200, own);
        auto own_views = own.json()->getObject("user_satisfaction");
        BOOST_TEST(own_views->getValue<int>("kpis") == 1);
        BOOST_TEST(own_views->getObject("ratings")->getValue<int>("requires_improvement") == 1);
        auto other = srv.get("/api/v1/summary", srv.commercial_other);
        BOOST_TEST_REQUIRE(other.status == 200, other);
        auto other_views = other.json()->getObject("user_satisfaction");
        BOOST_TEST(other_views->getValue<int>("kpis") == 0);
        BOOST_TEST(other_views->getValue<int>("contracts") == 0);
        BOOST_TEST(other_views->isNull("mean_value_percent"));
    });
}

BOOST_AUTO_TEST_SUITE_END()
