// Every OCDS package the server publishes (GET /api/v1/exports/ocds.json, SPEC §7.4) against
// the official OCDS 1.1.5 schemas patched with the extensions it declares, checked by a real
// JSON Schema validator: tests/ocds/validate.mjs (npm ajv) over ../shared/corpus/ocds.
//   - the validator itself first, on packages known to be bad, so that it cannot pass
//     vacuously, and on one known to be good, so that it is not simply refusing everything;
//   - the demo data (`scorecard demo`) for every year it has data, and the years either side
//     that have none;
//   - hand-made worlds: a measure not applicable (other), a KPI left out (missing), a period
//     with no return, a quarterly contract, lower-is-better KPIs, and names with characters
//     that need escaping.
// On every database; 0 errors required.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "reports/exports.h"
#include "services/demo_data.h"
#include "services/notices.h"
#include "services/settings.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"
#include "tests/support/corpus.h"
#include "tests/support/process.h"

namespace fs = std::filesystem;
namespace support = scorecard::testing;
using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;

namespace {

struct Validation {
    int exit_code = 0;
    std::string output;  // stdout and stderr

    // The validator's lines about `file` (it prefixes each with the file's path).
    std::vector<std::string> lines_about(const fs::path& file) const {
        std::vector<std::string> out;
        std::istringstream in(output);
        for (std::string line; std::getline(in, line);) {
            if (line.rfind(file.string() + "\t", 0) == 0 || line.rfind(file.string() + ":", 0) == 0)
                out.push_back(line);
        }
        return out;
    }
    // "<file>: 0 errors in N releases"?
    bool clean(const fs::path& file, std::size_t releases) const {
        return output.find(file.string() + ": 0 errors in " + std::to_string(releases) +
                           " releases\n") != std::string::npos;
    }
};

std::ostream& operator<<(std::ostream& os, const Validation& v) {
    return os << "validate.mjs exited " << v.exit_code << ":\n" << v.output;
}

// node tests/ocds/validate.mjs --corpus <corpus> FILE...
Validation validate(const fs::path& dir, const std::vector<fs::path>& files) {
    std::vector<std::string> args{std::string(SCORECARD_SOURCE_DIR) + "/tests/ocds/validate.mjs",
                                  "--corpus", scorecard::testing::corpus_dir().string()};
    for (const fs::path& f : files)
        args.push_back(f.string());
    auto result = support::run(dir, SCORECARD_NODE, args);
    return {result.exit_code, result.out + result.err};
}

fs::path save(const fs::path& dir, const std::string& name, const std::string& text) {
    const fs::path file = dir / name;
    support::write_text(file, text);
    return file;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, "the good package has no '" << from << "'");
    return text.replace(at, from.size(), to);
}

const std::string kMetrics(reports::kOcdsMetricsExtension);
const std::string kUk(reports::kOcdsUkExtension);

// Written by hand from release-package-schema.json, release-schema.json and the metrics and
// UK extensions: one release of one contract with one KPI observed once.
const std::string kGoodPackage =
    R"({"uri": "https://scorecard.example.gov.uk/api/v1/exports/ocds.json?year=2026",
 "version": "1.1", "publishedDate": "2026-11-23T12:00:00Z", "publisher": {"name": "Example"},
 "extensions": [")" +
    kMetrics + R"(", ")" + kUk + R"("],
 "releases": [{"ocid": "ocds-abc123-C1", "id": "kpi-2026-0123456789abcdef0123",
   "date": "2026-11-23T12:00:00Z", "tag": ["implementation"], "initiationType": "tender",
   "parties": [{"id": "GB-GOV-X", "name": "X", "roles": ["buyer"]}],
   "contracts": [{"id": "C1", "awardID": "C1", "status": "active",
     "implementation": {"metrics": [{"id": "K1", "title": "Calls answered",
       "observations": [{"id": "K1-2026-09",
         "period": {"startDate": "2026-09-01T00:00:00Z", "endDate": "2026-09-30T23:59:59Z"},
         "measure": 93.2, "unit": {"name": "percent"},
         "measureClassification": {"scheme": "UK_KPI_RATING", "id": "slightlyBelow",
                                   "description": "Approaching target"},
         "dimensions": {"rating": "approaching", "points": "75"}}]}]}}]}]})";

struct BadCase {
    std::string name;
    std::string from, to;  // the change made to the good package
    std::string expected;  // a line about the package holds this
};

// What was wrong with the package published before issue 17, one fault at a time, and a
// few more the schemas forbid.
const std::vector<BadCase> kBadCases{
    {"tag-outside-the-codelist", R"("tag": ["implementation"])",
     R"("tag": ["contractImplementation"])",
     "/tag/0\t\"contractImplementation\" is not in the closed releaseTag codelist"},
    {"relative-uri", "https://scorecard.example.gov.uk/api", "/api",
     "package\t/uri\tmust match format \"uri\""},
    {"no-release", R"("releases": [{"ocid")", R"("releases": [], "x": [{"ocid")",
     "package\t/releases\tmust NOT have fewer than 1 items"},
    {"a-number-as-a-dimension", R"("points": "75")", R"("points": 75)",
     "/dimensions/points\tmust be string,null"},
    {"measure-classification-as-a-string",
     R"("measureClassification": {"scheme": "UK_KPI_RATING", "id": "slightlyBelow",
                                   "description": "Approaching target"})",
     R"("measureClassification": "slightlyBelow")", "/measureClassification\tmust be object"},
    {"uk-extension-used-but-not-declared", ", \"" + kUk + "\"", "",
     "/measureClassification\tfield \"measureClassification\" is not in the OCDS schema"},
    {"metrics-declared-at-a-branch-that-does-not-exist", "ocds_metrics_extension/1.1/",
     "ocds_metrics_extension/master/", "package\t/extensions/0\tunknown extension"},
    {"a-field-of-no-extension", R"("roles": ["buyer"])",
     R"("roles": ["buyer"], "details": {"scale": "large"})",
     "/parties/0/details/scale\tfield \"scale\" is not in the OCDS schema"},
    {"a-date-without-a-time-zone", R"("date": "2026-11-23T12:00:00Z")",
     R"("date": "2026-11-23T12:00:00")", "/date\tmust match format \"date-time\""},
    {"a-status-outside-the-codelist", R"("status": "active")", R"("status": "expired")",
     "/contracts/0/status\tmust be equal to one of the allowed values"},
};

// The demo's reporting window in calendar years: the months before the reference month.
std::pair<int, int> demo_years() {
    const DemoOptions options;
    const int reference_year = static_cast<int>(options.reference.year());
    const int reference_month = static_cast<int>(static_cast<unsigned>(options.reference.month()));
    const int last = reference_year * 12 + reference_month - 2;  // the month before, 0-based
    const int first = last - options.size.months + 1;
    return {first / 12, last / 12};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(the_validator)

BOOST_AUTO_TEST_CASE(passes_a_good_package_and_names_every_fault_of_a_bad_one) {
    support::TempDir dir;
    std::vector<fs::path> files{save(dir.path(), "good.json", kGoodPackage)};
    for (const BadCase& c : kBadCases)
        files.push_back(save(dir.path(), c.name + ".json", replaced(kGoodPackage, c.from, c.to)));

    const Validation v = validate(dir.path(), files);
    BOOST_TEST(v.exit_code == 1, v);  // errors found, and nothing kept it from checking
    BOOST_TEST(v.clean(files[0], 1), v);
    for (std::size_t i = 0; i < kBadCases.size(); ++i) {
        BOOST_TEST_CONTEXT(kBadCases[i].name) {
            bool found = false;
            for (const std::string& line : v.lines_about(files[i + 1]))
                found = found || line.find(kBadCases[i].expected) != std::string::npos;
            BOOST_TEST(found, v);
            BOOST_TEST(!v.clean(files[i + 1], 1));
        }
    }
}

BOOST_AUTO_TEST_CASE(cannot_check_without_the_schemas) {
    support::TempDir dir;
    const fs::path file = save(dir.path(), "good.json", kGoodPackage);
    auto r = support::run(dir.path(), SCORECARD_NODE,
                          {std::string(SCORECARD_SOURCE_DIR) + "/tests/ocds/validate.mjs",
                           "--corpus", dir.path().string(), file.string()});
    BOOST_TEST(r.exit_code == 2, r.out + r.err);
    BOOST_TEST(r.err.find("no OCDS schemas") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(published_packages)

BOOST_AUTO_TEST_CASE(every_year_of_the_demo_data_validates) {
    for_each_database([](store::Database& db, const std::string& url) {
        support::TempDir dir;
        // The server's accounts first: `scorecard demo` keeps accounts that exist.
        RunningServer srv(db);
        auto demo = support::run(dir.path(), SCORECARD_BINARY, {"--db", url, "demo"});
        BOOST_TEST_REQUIRE(demo.exit_code == 0, demo.out + demo.err);

        const auto [first, last] = demo_years();
        std::vector<fs::path> files;
        for (int year = first; year <= last; ++year) {
            const std::string path = "/api/v1/exports/ocds.json?year=" + std::to_string(year);
            auto r = srv.get(path, "");
            BOOST_TEST_REQUIRE(r.status == 200, path << ": " << r.status);
            files.push_back(save(dir.path(), std::to_string(year) + ".json", r.body));
            // Nothing changed in between: the same bytes, ids and dates included.
            BOOST_TEST(srv.get(path, "").body == r.body, path);
        }
        // A package holds at least one release: a year with nothing has none (404).
        for (int year : {first - 1, last + 1}) {
            auto none = srv.get("/api/v1/exports/ocds.json?year=" + std::to_string(year), "");
            BOOST_TEST(none.status == 404, year << ": " << none);
        }

        const Validation v = validate(dir.path(), files);
        BOOST_TEST(v.exit_code == 0, v);
        BOOST_TEST(v.output.find(std::to_string(files.size()) + " packages") != std::string::npos);
        BOOST_TEST(v.output.find("0 errors in " + std::to_string(files.size()) + " packages") !=
                       std::string::npos,
                   v);
    });
}

namespace {

// A quarterly contract whose names need escaping in JSON, with a lower-is-better KPI and a
// KPI that is not always applicable.
const char* kOddFeed = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<ContractFeed xmlns="urn:scorecard:1" generated="2026-01-01T09:00:00Z">
  <Authority id="GB-GOV-ODD" name="Department for &quot;Quotes&quot; &amp; &lt;Angles&gt; \ Back/slash"/>
  <Supplier id="GB-COH-99999999" name="O'Brien &amp; Søn — Łódź 🙂 Ltd" size="medium"/>
  <Contract id="ODD-2026-Q" authority="GB-GOV-ODD" supplier="GB-COH-99999999"
            title="Tab&#9;and &quot;quoted&quot; \u0041 services" start="2026-01-01" end="2027-12-31"
            value="7500000" currency="GBP" frequency="quarterly">
    <Kpi code="UP" name="Cases closed &quot;first time&quot; (%)" unit="percent" direction="higher"
         weight="3" good="95" approaching="90" minimum="85"/>
    <Kpi code="DOWN" name="Days to resolve \ escalate" unit="days" direction="lower" weight="2"
         good="3" approaching="5" minimum="8"/>
    <Kpi code="VISITS" name="Site visits" unit="count" direction="higher" weight="1"
         good="10" approaching="8" minimum="6"/>
  </Contract>
</ContractFeed>
)xml";

std::string odd_return(const std::string& period, const std::string& submitted,
                       const std::string& measures) {
    return "<KpiReturn xmlns=\"urn:scorecard:1\" contract=\"ODD-2026-Q\" period=\"" + period +
           "\" submitted=\"" + submitted + "\">" + measures + "</KpiReturn>";
}

}  // namespace

BOOST_AUTO_TEST_CASE(hand_made_cases_validate) {
    for_each_database([](store::Database& db, const std::string&) {
        support::TempDir dir;
        RunningServer srv(db);
        load_world(srv);
        auto feed = srv.post_xml("/api/v1/feeds", srv.admin, kOddFeed);
        BOOST_TEST_REQUIRE(feed.status == 201, feed);
        // Q1: UP 96 good; DOWN 4 approaching (lower is better); VISITS not applicable (other).
        // Q2: no return (a missing period: no observation).
        // Q3: UP 86 requires improvement; DOWN 9 inadequate; VISITS left out (missing).
        for (const std::string& ret :
             {odd_return("2026-Q1", "2026-04-10T10:00:00Z",
                         R"(<Measure kpi="UP" value="96"/><Measure kpi="DOWN" value="4"/>)"
                         R"(<Measure kpi="VISITS" status="not_applicable">)"
                         R"(<Comment>No site "open" \ closed</Comment></Measure>)"),
              odd_return("2026-Q3", "2026-10-10T10:00:00Z",
                         R"(<Measure kpi="UP" value="86"/><Measure kpi="DOWN" value="9"/>)"),
              kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4")}) {
            auto r = srv.post_xml("/api/v1/returns", srv.admin, ret);
            BOOST_TEST_REQUIRE(r.status == 201, r);
        }

        auto r = srv.get("/api/v1/exports/ocds.json?year=2026", "");
        BOOST_TEST_REQUIRE(r.status == 200, r);
        // DWP-2026-0001 (the world's A, returned) and ODD-2026-Q; B has no return.
        BOOST_TEST_REQUIRE(r.json()->getArray("releases")->size() == 2u);
        const fs::path file = save(dir.path(), "2026.json", r.body);
        const Validation v = validate(dir.path(), {file});
        BOOST_TEST(v.exit_code == 0, v);
        BOOST_TEST(v.clean(file, 2), v);
    });
}

// SPEC §7.4: published contract performance notices in the package, each as a release
// tagged implementation: a KPI assessment (metrics with the UK extension's
// measureClassification, the supplier's address and email), a correction that replaces it,
// and a performance failure notice (performanceFailures, its extension declared).
BOOST_AUTO_TEST_CASE(published_notices_validate) {
    for_each_database([](store::Database& db, const std::string&) {
        support::TempDir dir;
        RunningServer srv(db);
        load_world(srv);
        for (const std::string& ret : {kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93", "4"),
                                       kpi_return_a("2026-10", "2026-11-04T10:00:00Z", "80", "9")}) {
            auto r = srv.post_xml("/api/v1/returns", srv.admin, ret);
            BOOST_TEST_REQUIRE(r.status == 201, r);
        }
        const Settings settings;
        const Principal drafter = commercial_principal();
        const Principal approver{"commercial.dwp.2", Role::kCommercial, kAuthority, ""};
        const Principal supplier = supplier_principal(kSupplierA);
        NoticeDesk desk(db, settings, at("2026-11-20T09:00:00Z"));
        desk.keep_contact(supplier, kSupplierA,
                          {"1 \"High\" Street, Leeds LS1 1AA", "contracts@acme.example"});
        auto publish = [&](const NoticeDraft& d) {
            const std::int64_t id = desk.draft(drafter, d).notice.id;
            desk.move(drafter, id, NoticeState::kWithSupplier, "", std::nullopt);
            desk.agree(supplier, id, "");
            desk.move(approver, id, NoticeState::kApproved, "", std::nullopt);
            return desk.move(approver, id, NoticeState::kPublished, "", std::nullopt).notice;
        };
        NoticeDraft assessment;
        assessment.contract_id = kContractA;
        assessment.first = period("2026-09");
        assessment.last = period("2026-10");
        const Notice first = publish(assessment);
        NoticeDraft correction;
        correction.contract_id = kContractA;
        correction.replaces = first.id;
        publish(correction);
        NoticeDraft failure;
        failure.kind = NoticeKind::kFailure;
        failure.contract_id = kContractA;
        failure.first = period("2026-10");
        failure.last = period("2026-10");
        failure.requirement = "CALLS at least 90 from 2026-10";
        failure.description = "CALLS 80 in 2026-10";
        failure.decided = date("2026-11-19");
        publish(failure);

        auto r = srv.get("/api/v1/exports/ocds.json?year=2026", "");
        BOOST_TEST_REQUIRE(r.status == 200, r);
        // A's KPI release (B has no return) and the three notices.
        BOOST_TEST_REQUIRE(r.json()->getArray("releases")->size() == 4u);
        BOOST_TEST(r.body.find(std::string(reports::kOcdsPerformanceFailuresExtension)) !=
                   std::string::npos);
        BOOST_TEST(r.body.find("contracts@acme.example") != std::string::npos);
        const fs::path file = save(dir.path(), "notices.json", r.body);
        const Validation v = validate(dir.path(), {file});
        BOOST_TEST(v.exit_code == 0, v);
        BOOST_TEST(v.clean(file, 4), v);
        // Nothing changed: the same bytes.
        BOOST_TEST(srv.get("/api/v1/exports/ocds.json?year=2026", "").body == r.body);
    });
}

BOOST_AUTO_TEST_SUITE_END()
