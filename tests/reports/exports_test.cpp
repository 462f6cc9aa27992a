// The published KPI performance dataset (GET /exports/kpi-performance.csv and
// /exports/ocds.json) through the real server, without signing in, on every database: the
// rows of services_test_support.h's world worked out by hand, thresholds in force per
// period, the statutory words beside the rating codes (reg 39(5)), formula-injection
// escaping; and the OCDS package field by field as the OCDS 1.1.5 schemas, the metrics and
// UK extensions and SPEC §7.4 say (tests/ocds/ocds_schema_test.cpp runs the schemas
// themselves over every package): absolute uri, release tags, classifications, string
// dimensions, a year without data, stable ids and dates, the publication settings.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "reports/exports.h"
#include "services/settings.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
using namespace scorecard::testing;
namespace bdata = boost::unit_test::data;
namespace fs = std::filesystem;

namespace {

const std::string kHeader =
    "authority,authority_name,supplier,supplier_name,supplier_size,contract,contract_title,"
    "period,kpi,kpi_name,category,unit,direction,weight,good,approaching,minimum,value,rating,"
    "points,period_score,period_rating,rating_words,period_rating_words\r\n";
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
    for_each_world([](RunningServer& srv) {
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
            "approaching,75,83.3,approaching,Approaching target,Approaching target\r\n" +
            kContractAColumns +
            "2026-09,COMPLAINTS,\"Complaints per 10,000 calls\",,ratio,lower,20,5,8,12,4,good,"
            "100,83.3,approaching,Good,Approaching target\r\n" +
            kContractAColumns +
            "2026-10,CALLS,Calls answered within 60 seconds,,percent,higher,40,97,93,88,96,"
            "approaching,75,75,approaching,Approaching target,Approaching target\r\n" +
            kContractAColumns +
            "2026-10,COMPLAINTS,\"Complaints per 10,000 calls\",,ratio,lower,20,5,8,12,6,"
            "approaching,75,75,approaching,Approaching target,Approaching target\r\n";
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
            "1,10,5,1,10,good,100,100,good,Good,Good\r\n";
        BOOST_TEST(r.body == expected);
    });
}

BOOST_AUTO_TEST_CASE(the_statutory_words_stand_beside_the_codes) {
    for_each_world([](RunningServer& srv) {
        // 2026-09: CALLS 86 (< 90, >= 85) requires improvement, 40 points; COMPLAINTS not
        // applicable: other, left out of the score; period 40×40/40 = 40, requires improvement.
        post_return(srv, srv.supplier_a,
                    R"(<KpiReturn xmlns="urn:scorecard:1" contract="DWP-2026-0001" period="2026-09"
           submitted="2026-10-05T10:00:00Z"><Measure kpi="CALLS" value="86"/>
  <Measure kpi="COMPLAINTS" status="not_applicable"><Comment>None</Comment></Measure>
</KpiReturn>)");
        // 2026-10: CALLS 96 good, 100; COMPLAINTS left out: missing, 0 points at weight 20;
        // period (40×100 + 20×0)/60 = 66.7, approaching target. Missing has no statutory words.
        post_return(srv, srv.supplier_a,
                    R"(<KpiReturn xmlns="urn:scorecard:1" contract="DWP-2026-0001" period="2026-10"
           submitted="2026-11-05T10:00:00Z"><Measure kpi="CALLS" value="96"/></KpiReturn>)");
        auto r = srv.get("/api/v1/exports/kpi-performance.csv?year=2026", "");
        BOOST_TEST_REQUIRE(r.status == 200, r);
        const std::string calls =
            "CALLS,Calls answered within 60 seconds,,percent,higher,40,95,90,85,";
        const std::string complaints =
            "COMPLAINTS,\"Complaints per 10,000 calls\",,ratio,lower,20,5,8,12,";
        const std::string expected =
            kHeader + kContractAColumns + "2026-09," + calls +
            "86,requires_improvement,40,40,requires_improvement,Requires improvement,"
            "Requires improvement\r\n" +
            kContractAColumns + "2026-09," + complaints +
            ",other,0,40,requires_improvement,Other,Requires improvement\r\n" + kContractAColumns +
            "2026-10," + calls + "96,good,100,66.7,approaching,Good,Approaching target\r\n" +
            kContractAColumns + "2026-10," + complaints +
            ",missing,0,66.7,approaching,,Approaching target\r\n";
        BOOST_TEST(r.body == expected);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// The OCDS package (SPEC §7.4). Its validity against the official schemas is checked by a
// real validator in tests/ocds/ocds_schema_test.cpp; here, what the schemas and the spec say
// each field holds, worked out by hand.
BOOST_AUTO_TEST_SUITE(ocds)

namespace {

const std::string kMetricsUrl =
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/1.1/"
    "extension.json";
const std::string kUkUrl =
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json";

// "kpi-2026-" and 20 lower-case hex digits.
bool is_kpi_release_id(const std::string& id, int year) {
    const std::string prefix = "kpi-" + std::to_string(year) + "-";
    return id.size() == prefix.size() + 20 && id.rfind(prefix, 0) == 0 &&
           id.find_first_not_of("0123456789abcdef", prefix.size()) == std::string::npos;
}

Poco::JSON::Object::Ptr release_of(const Poco::JSON::Object::Ptr& package,
                                   const std::string& ocid) {
    auto releases = package->getArray("releases");
    for (std::size_t i = 0; i < releases->size(); ++i) {
        auto r = releases->getObject(static_cast<unsigned>(i));
        if (r->getValue<std::string>("ocid") == ocid)
            return r;
    }
    BOOST_FAIL("no release of " << ocid);
    return nullptr;
}

// {scheme, id, description} of the UK extension's Classification.
void check_classification(const Poco::JSON::Object::Ptr& obs, const std::string& id,
                          const std::string& words) {
    auto c = obs->getObject("measureClassification");
    BOOST_TEST_REQUIRE(c, "no measureClassification object for " << id);
    BOOST_TEST(c->getValue<std::string>("scheme") == "UK_KPI_RATING");
    BOOST_TEST(c->getValue<std::string>("id") == id);
    BOOST_TEST(c->getValue<std::string>("description") == words);
}

}  // namespace

// SPEC §7.4, exactly; missing has no figure to classify.
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
    for_each_world([](RunningServer& srv) {
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
        // release-package-schema.json: uri (absolute: the publication.base_url default),
        // version, publishedDate, publisher, releases; the licence by default OGL v3.
        BOOST_TEST(package->getValue<std::string>("uri") ==
                   "http://localhost:8080/api/v1/exports/ocds.json?year=2026");
        BOOST_TEST(package->getValue<std::string>("version") == "1.1");
        BOOST_TEST(package->getObject("publisher")->getValue<std::string>("name") == "scorecard");
        BOOST_TEST(package->getValue<std::string>("license") ==
                   "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/");
        // The metrics extension (implementation.metrics) and the UK one (measureClassification),
        // at the registry's URLs; the UK extension brings its dependencies itself.
        auto extensions = package->getArray("extensions");
        BOOST_TEST_REQUIRE(extensions->size() == 2u);
        BOOST_TEST(extensions->getElement<std::string>(0) == kMetricsUrl);
        BOOST_TEST(extensions->getElement<std::string>(1) == kUkUrl);
        auto releases = package->getArray("releases");
        BOOST_TEST_REQUIRE(releases->size() == 2u);  // by contract id: A, then B

        auto a = releases->getObject(0);
        BOOST_TEST(a->getValue<std::string>("ocid") == "ocds-scorecard-DWP-2026-0001");
        BOOST_TEST(is_kpi_release_id(a->getValue<std::string>("id"), 2026),
                   a->getValue<std::string>("id"));
        auto tags = a->getArray("tag");  // releaseTag.csv: "new information on the implementation"
        BOOST_TEST_REQUIRE(tags->size() == 1u);
        BOOST_TEST(tags->getElement<std::string>(0) == "implementation");
        BOOST_TEST(a->getValue<std::string>("initiationType") == "tender");
        BOOST_TEST(a->getObject("buyer")->getValue<std::string>("id") == kAuthority);
        auto parties = a->getArray("parties");
        BOOST_TEST_REQUIRE(parties->size() == 2u);
        BOOST_TEST(parties->getObject(0)->getArray("roles")->getElement<std::string>(0) == "buyer");
        BOOST_TEST(parties->getObject(1)->getValue<std::string>("id") == kSupplierA);
        BOOST_TEST(parties->getObject(1)->getArray("roles")->getElement<std::string>(0) ==
                   "supplier");
        // Organization.details has no `scale` without the partyScale extension.
        BOOST_TEST(!parties->getObject(1)->has("details"));
        auto contract = a->getArray("contracts")->getObject(0);
        BOOST_TEST(contract->getValue<std::string>("id") == kContractA);
        BOOST_TEST(contract->getValue<std::string>("status") == "active");  // contractStatus.csv
        BOOST_TEST(contract->getObject("period")->getValue<std::string>("startDate") ==
                   "2026-09-01T00:00:00Z");
        BOOST_TEST(contract->getObject("period")->getValue<std::string>("endDate") ==
                   "2028-08-31T23:59:59Z");
        BOOST_TEST(contract->getObject("value")->getValue<double>("amount") == 12500000.0);
        BOOST_TEST(contract->getObject("value")->getValue<std::string>("currency") == "GBP");

        auto calls = metric(a, "CALLS");
        BOOST_TEST(calls->getValue<std::string>("title") == "Calls answered within 60 seconds");
        BOOST_TEST(calls->getValue<std::string>("description") ==
                   "Key performance indicator in percent; higher is better");
        BOOST_TEST(calls->getArray("observations")->size() == 2u);
        auto sep = observation(calls, "2026-09");
        BOOST_TEST(sep->getValue<double>("measure") == 93.2);
        check_classification(sep, "slightlyBelow", "Approaching target");
        BOOST_TEST(sep->getObject("period")->getValue<std::string>("startDate") ==
                   "2026-09-01T00:00:00Z");
        BOOST_TEST(sep->getObject("period")->getValue<std::string>("endDate") ==
                   "2026-09-30T23:59:59Z");
        BOOST_TEST(sep->getObject("unit")->getValue<std::string>("name") == "percent");
        // The metrics extension: every dimension is a string. (40×75 + 20×100)/60 = 83.3.
        auto dimensions = sep->getObject("dimensions");
        const std::vector<std::pair<std::string, std::string>> expected_dimensions{
            {"rating", "approaching"}, {"points", "75"},
            {"weight", "40"},          {"good", "95"},
            {"approaching", "90"},     {"minimum", "85"},
            {"periodScore", "83.3"},   {"periodRating", "approaching"}};
        BOOST_TEST(dimensions->size() == expected_dimensions.size());
        for (const auto& [key, value] : expected_dimensions) {
            BOOST_TEST_REQUIRE(dimensions->get(key).isString(), key);
            BOOST_TEST(dimensions->getValue<std::string>(key) == value, key);
        }
        // A 2026-10: CALLS 40 points at weight 40, COMPLAINTS other (left out): 40.
        auto oct = observation(calls, "2026-10");
        check_classification(oct, "below", "Requires improvement");
        BOOST_TEST(oct->getObject("dimensions")->getValue<std::string>("periodScore") == "40");
        auto complaints = metric(a, "COMPLAINTS");
        BOOST_TEST(complaints->getValue<std::string>("description") ==
                   "Key performance indicator in ratio; lower is better");
        check_classification(observation(complaints, "2026-09"), "met", "Good");
        auto na = observation(complaints, "2026-10");
        check_classification(na, "other", "Other");
        BOOST_TEST(!na->has("measure"));  // no figure for a measure not applicable

        auto b = releases->getObject(1);
        BOOST_TEST(b->getValue<std::string>("ocid") == "ocds-scorecard-DWP-2026-0002");
        auto visits = observation(metric(b, "VISITS"), "2026-09");
        BOOST_TEST(visits->getValue<double>("measure") == 10.0);
        check_classification(visits, "significantlyBelow", "Inadequate");

        // OCDS: a package made on demand is dated by the last change to its contents.
        const std::string latest =
            std::max(a->getValue<std::string>("date"), b->getValue<std::string>("date"));
        BOOST_TEST(package->getValue<std::string>("publishedDate") == latest);

        // releases has minItems 1: a year with nothing scored has no package.
        auto none = srv.get("/api/v1/exports/ocds.json?year=2027", "");
        BOOST_TEST(none.status == 404, none);
        BOOST_TEST(none.json()->getObject("error")->getValue<std::string>("code") == "not_found");
    });
}

BOOST_AUTO_TEST_CASE(a_kpi_left_out_is_observed_without_a_figure_or_a_classification) {
    for_each_world([](RunningServer& srv) {
        post_return(srv, srv.supplier_a,
                    R"(<KpiReturn xmlns="urn:scorecard:1" contract="DWP-2026-0001" period="2026-09"
           submitted="2026-10-05T10:00:00Z"><Measure kpi="CALLS" value="96"/></KpiReturn>)");
        auto r = srv.get("/api/v1/exports/ocds.json?year=2026", "");
        BOOST_TEST_REQUIRE(r.status == 200, r);
        auto missing = observation(
            metric(r.json()->getArray("releases")->getObject(0), "COMPLAINTS"), "2026-09");
        BOOST_TEST(!missing->has("measure"));
        BOOST_TEST(!missing->has("measureClassification"));
        BOOST_TEST(missing->getObject("dimensions")->getValue<std::string>("rating") == "missing");
        // (40×100 + 20×0)/60 = 66.7.
        BOOST_TEST(missing->getObject("dimensions")->getValue<std::string>("periodScore") ==
                   "66.7");
    });
}

// SPEC §7.4: "a release's id and date change only when its content changes".
BOOST_AUTO_TEST_CASE(ids_and_dates_change_only_with_the_content) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        post_return(srv, srv.supplier_a,
                    kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        post_return(srv, srv.supplier_b, return_b("2026-09", "2026-10-05T10:00:00Z", 10));
        const std::string path = "/api/v1/exports/ocds.json?year=2026";
        auto first = srv.get(path, "");
        BOOST_TEST_REQUIRE(first.status == 200, first);
        // Nothing changed: the same bytes, ids and dates included.
        BOOST_TEST(srv.get(path, "").body == first.body);

        // A release is dated when its content is first exported, in whole seconds: amend A's
        // figures, then export from a second server on the same database whose clock is
        // pinned an hour later, so that the new content's date is later without waiting.
        post_return(srv, srv.supplier_a,
                    kpi_return_a("2026-09", "2026-10-06T10:00:00Z", "95.5", "4"));
        Settings later_settings = srv.app().settings();
        later_settings.clock = Clock::starting_at(kTestNow + std::chrono::hours(1));
        AppContext later_app(db, later_settings);
        Server later(later_app, later_app.settings().server, 0, /*access_log=*/false);
        later.start();
        const auto export_later = [&] {
            return http_request(later.port(), {"GET", path, "", "", "", {}});
        };
        auto second = export_later();
        BOOST_TEST_REQUIRE(second.status == 200, second);
        auto before = first.json();
        auto after = second.json();
        auto a0 = release_of(before, "ocds-scorecard-DWP-2026-0001");
        auto a1 = release_of(after, "ocds-scorecard-DWP-2026-0001");
        auto b0 = release_of(before, "ocds-scorecard-DWP-2026-0002");
        auto b1 = release_of(after, "ocds-scorecard-DWP-2026-0002");
        BOOST_TEST(a1->getValue<std::string>("id") != a0->getValue<std::string>("id"));
        BOOST_TEST(is_kpi_release_id(a1->getValue<std::string>("id"), 2026));
        BOOST_TEST(a1->getValue<std::string>("date") > a0->getValue<std::string>("date"));
        BOOST_TEST(b1->getValue<std::string>("id") == b0->getValue<std::string>("id"));
        BOOST_TEST(b1->getValue<std::string>("date") == b0->getValue<std::string>("date"));
        BOOST_TEST(after->getValue<std::string>("publishedDate") ==
                   a1->getValue<std::string>("date"));
        BOOST_TEST(after->getValue<std::string>("publishedDate") >
                   before->getValue<std::string>("publishedDate"));

        // The first figures again: that content was published before, with its id and date.
        post_return(srv, srv.supplier_a,
                    kpi_return_a("2026-09", "2026-10-07T10:00:00Z", "93.2", "4"));
        auto third = export_later();
        BOOST_TEST_REQUIRE(third.status == 200, third);
        auto a2 = release_of(third.json(), "ocds-scorecard-DWP-2026-0001");
        BOOST_TEST(a2->getValue<std::string>("id") == a0->getValue<std::string>("id"));
        BOOST_TEST(a2->getValue<std::string>("date") == a0->getValue<std::string>("date"));
    });
}

// The publication.* settings reach the package: uri under the base URL, the ocid prefix,
// the publisher with its identifier, and text that needs escaping in JSON.
BOOST_AUTO_TEST_CASE(the_publication_settings_make_the_package_s_identity) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        post_return(srv, srv.supplier_a,
                    kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        reports::PublicationSettings publication;
        publication.base_url = "https://data.example.gov.uk/scorecard";
        publication.ocid_prefix = "ocds-a1b2c3";
        publication.publisher_name = R"(Department for "Open" Data \ Ünïcode)";
        publication.publisher_scheme = "GB-GOR";
        publication.publisher_uid = "D2";
        publication.publisher_uri = "https://www.gov.uk/government/organisations/example";
        publication.license = "";
        auto conn = db.acquire();
        auto rendered =
            reports::kpi_performance_ocds(*conn, 2026, at("2026-11-23T12:00:00Z"), publication);
        Poco::JSON::Parser parser;
        auto package = parser.parse(rendered.body).extract<Poco::JSON::Object::Ptr>();
        BOOST_TEST(package->getValue<std::string>("uri") ==
                   "https://data.example.gov.uk/scorecard/api/v1/exports/ocds.json?year=2026");
        auto publisher = package->getObject("publisher");
        BOOST_TEST(publisher->getValue<std::string>("name") == publication.publisher_name);
        BOOST_TEST(publisher->getValue<std::string>("scheme") == "GB-GOR");
        BOOST_TEST(publisher->getValue<std::string>("uid") == "D2");
        BOOST_TEST(publisher->getValue<std::string>("uri") == publication.publisher_uri);
        BOOST_TEST(!package->has("license"));
        auto release = package->getArray("releases")->getObject(0);
        BOOST_TEST(release->getValue<std::string>("ocid") == "ocds-a1b2c3-DWP-2026-0001");

        // The same content under the server's default prefix is another release: the id
        // covers the ocid.
        auto served = srv.get("/api/v1/exports/ocds.json?year=2026", "");
        BOOST_TEST_REQUIRE(served.status == 200, served);
        BOOST_TEST(served.json()->getArray("releases")->getObject(0)->getValue<std::string>("id") !=
                   release->getValue<std::string>("id"));
    });
}

BOOST_AUTO_TEST_CASE(publication_settings_are_checked_when_loaded) {
    struct Case {
        std::string name;
        std::string properties;
        std::string error_part;  // "" when it loads
    };
    const std::vector<Case> cases{
        {"the defaults", "", ""},
        {"a base URL with a trailing slash", "publication.base_url = https://x.example/sc/\n", ""},
        {"a relative base URL", "publication.base_url = /api\n", "publication.base_url"},
        {"a base URL with a query", "publication.base_url = https://x.example/?a=1\n", "no query"},
        {"an ftp base URL", "publication.base_url = ftp://x.example\n", "absolute http"},
        {"a prefix without ocds-", "publication.ocid_prefix = abc123\n", "publication.ocid_prefix"},
        {"a prefix with upper case", "publication.ocid_prefix = ocds-ABC123\n",
         "publication.ocid_prefix"},
        {"no publisher name", "publication.publisher_name =\n", "publisher_name"},
        {"a relative licence", "publication.license = licence.html\n", "publication.license"},
    };
    const fs::path dir = fs::temp_directory_path() / ("exports-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / "publication.properties";
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            std::ofstream(file) << c.properties;
            if (c.error_part.empty()) {
                const auto settings = load_settings(file.string());
                BOOST_TEST(settings.publication.base_url.back() != '/');
                continue;
            }
            try {
                load_settings(file.string());
                BOOST_ERROR("loaded a configuration with " << c.name);
            } catch (const Error& e) {
                BOOST_TEST(std::string(e.what()).find(c.error_part) != std::string::npos, e.what());
            }
        }
    }
    const auto trimmed = [&] {
        std::ofstream(file) << "publication.base_url = https://x.example/sc/\n";
        return load_settings(file.string()).publication.base_url;
    }();
    BOOST_TEST(trimmed == "https://x.example/sc");
    fs::remove_all(dir);
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
