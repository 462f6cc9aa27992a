// SPEC §6: `scorecard report` prints "the same content" as the REST API. Issue #19 item 3:
// for the contract and supplier scorecards, the flag list and the summary, in JSON and in
// CSV, the real binary's report equals the body the running server answers on the same
// database, for the same reader (the CLI acts as an operator with admin rights; the API is
// called with an admin's token). The flag list is read in one page of 1,000 on both sides
// (the CLI's page), so page size plays no part. On every database of
// SCORECARD_TEST_DATABASES.
//
// The data: the world's feed (tests/services/services_test_support.h) and two returns for
// DWP-2026-0001, one with CALLS below its minimum so that flags and a review exist; the
// other contract, DWP-2026-0002, has none (missing-return flags).
#include <boost/test/unit_test.hpp>

#include <array>
#include <string>
#include <vector>

#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"
#include "tests/support/process.h"

using namespace scorecard;
using namespace scorecard::services::testing;

namespace {

// The report as the binary prints it: its stdout, with the one newline the CLI adds after a
// body that does not end in one taken off again.
std::string cli_report(const std::string& url, std::vector<std::string> args) {
    scorecard::testing::TempDir dir("scorecard-parity");
    std::vector<std::string> full = {"--config", test_clock_config(), "--db", url, "report"};
    full.insert(full.end(), args.begin(), args.end());
    const auto result = scorecard::testing::run(dir.path(), SCORECARD_BINARY, full);
    BOOST_TEST_REQUIRE(result.exit_code == 0, result);
    std::string out = result.out;
    BOOST_TEST_REQUIRE(!out.empty(), result);
    return out;
}

std::string without_final_newline(std::string text) {
    if (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}

struct Case {
    std::vector<std::string> cli;  // after `scorecard --db URL report`
    std::string path;              // the REST request
};

}  // namespace

BOOST_AUTO_TEST_CASE(cli_reports_equal_the_rest_bodies_in_json_and_csv) {
    for_each_database([](store::Database& db, const std::string& url) {
        RunningServer srv(db);
        load_world(srv);
        for (const auto& [period, submitted, calls] :
             std::vector<std::array<std::string, 3>>{{"2026-09", "2026-10-05T10:00:00Z", "96.0"},
                                                     {"2026-10", "2026-11-04T10:00:00Z", "80.0"}}) {
            auto r = srv.post_xml("/api/v1/returns", srv.supplier_a,
                                  kpi_return_a(period, submitted, calls, "4"));
            BOOST_TEST_REQUIRE(r.status == 201, r);
        }
        // Something to compare: the flag list is not empty (CALLS 80 is below its minimum
        // 85, and DWP-2026-0002 has returned nothing).
        const auto flags = srv.get("/api/v1/flags?limit=1000", srv.admin);
        BOOST_TEST_REQUIRE(flags.status == 200, flags);
        BOOST_TEST_REQUIRE(flags.json()->getValue<int>("total") >= 2, flags);

        const std::vector<Case> cases = {
            {{"contract", kContractA},
             std::string("/api/v1/contracts/") + kContractA + "/scorecard"},
            {{"contract", kContractB},
             std::string("/api/v1/contracts/") + kContractB + "/scorecard"},
            {{"supplier", kSupplierA},
             std::string("/api/v1/suppliers/") + kSupplierA + "/scorecard"},
            {{"supplier", kSupplierB},
             std::string("/api/v1/suppliers/") + kSupplierB + "/scorecard"},
            {{"flags"}, "/api/v1/flags?limit=1000"},
            {{"summary"}, "/api/v1/summary"},
        };
        for (const auto& c : cases) {
            for (const std::string format : {"json", "csv"}) {
                std::vector<std::string> args = c.cli;
                args.insert(args.end(), {"--format", format});
                const std::string path = c.path +
                                         (c.path.find('?') == std::string::npos ? "?" : "&") +
                                         "format=" + format;
                const auto rest = srv.get(path, srv.admin);
                BOOST_TEST_REQUIRE(rest.status == 200, path << ": " << rest);
                const std::string cli = cli_report(url, args);
                BOOST_TEST(without_final_newline(cli) == without_final_newline(rest.body),
                           "report " << c.cli[0] << " --format " << format << " differs from GET "
                                     << path);
            }
        }
    });
}
