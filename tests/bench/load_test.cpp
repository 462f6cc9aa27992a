// Load (issue #9 part 4): a bounded wrk run on loopback of mixed reads and writes against
// the real `scorecard serve`, repeated in rounds, finishes with no unexpected status or
// socket error, and the server's memory does not grow across rounds.
//
// The data set is the benchmark generator's at scale 0.001 (20 contracts), imported with the
// real binary; wrk runs bench/wrk/mixed.lua (contract and supplier scorecards, the summary,
// and POST /returns amending December 2025 returns) as an admin. On every database in
// SCORECARD_TEST_DATABASES.
#include <boost/test/unit_test.hpp>

#include <string>

#include "store/database.h"
#include "tests/bench/bench_test_support.h"
#include "tests/support/process.h"
#include "tests/support/test_databases.h"

namespace {

using namespace scorecard::bench_testing;
using namespace scorecard::testing;
namespace fs = std::filesystem;
using scorecard::testing::ScratchDatabase;
using scorecard::testing::test_database_urls;

constexpr int kRounds = 3;
constexpr int kRoundSeconds = 3;
// Growth allowed from the end of round 2 to the end of round 3, after round 1 warmed the
// server up (thread stacks, connection pool, SQLite/MariaDB client caches): 8 MiB. Rounds
// here serve a few hundred to a few thousand requests (measured: 300-1,000 on a loaded
// 2-core machine; RSS grew under 1 MiB from round 2 to 3), so a leak of about 10 kB per
// request would exceed it; the figures are printed either way (--log_level=message).
constexpr long kRssToleranceKib = 8 * 1024;

long as_long(const std::map<std::string, std::string>& values, const std::string& key) {
    auto it = values.find(key);
    if (it == values.end())
        throw std::runtime_error("wrk printed no " + key);
    return std::stol(it->second);
}

}  // namespace

BOOST_AUTO_TEST_CASE(mixed_reads_and_writes_have_no_errors_and_no_memory_growth) {
    for (const auto& base : test_database_urls()) {
        ScratchDatabase db(base);
        BOOST_TEST_CONTEXT("database " << db.kind()) {
            TempDir dir;
            const fs::path data = dir.path() / "data";
            run_ok(dir.path(), BENCH_GEN, {"--scale", "0.001", "--out", data.string(), "--no-csv"});
            run_ok(dir.path(), SCORECARD_BINARY, {"--db", db.url(), "migrate"});
            // Scale 0.001: 20 contracts, in one feed and one returns file (50 contracts a
            // file); 20 contracts x 36 periods = 720 returns, each touching its contract.
            const std::string imported =
                run_ok(dir.path(), SCORECARD_BINARY,
                       {"--db", db.url(), "import", (data / "feeds").string(),
                        (data / "returns").string()});
            BOOST_TEST(
                imported ==
                "2 document(s): 2 accepted, 0 unchanged, 0 rejected; 20 contract(s) rescored\n");
            run_ok(dir.path(), SCORECARD_BINARY,
                   {"--db", db.url(), "user", "add", "load-admin", "--role", "admin"});
            std::string token = run_ok(dir.path(), SCORECARD_BINARY,
                                       {"--db", db.url(), "token", "create", "load-admin"});
            token.erase(token.find_last_not_of("\n") + 1);

            ServerProcess server(dir.path(), "serve", SCORECARD_BINARY, db.url(), 8);
            const int port = server.wait_for_port();
            std::vector<long> rss;
            long posts = 0;
            for (int round = 1; round <= kRounds; ++round) {
                RunResult r =
                    run(dir.path(), "wrk",
                        {"-t", "2", "-c", "4", "-d", std::to_string(kRoundSeconds) + "s",
                         "--timeout", "10s", "-s", SCORECARD_SOURCE_DIR "/bench/wrk/mixed.lua",
                         "http://127.0.0.1:" + std::to_string(port), "--", "20", token});
                BOOST_TEST_CONTEXT("round " << round << ": " << r.out << r.err) {
                    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
                    auto v = key_values(r.out);
                    BOOST_TEST(as_long(v, "requests") > 0);
                    BOOST_TEST(as_long(v, "posts") > 0);
                    // Every response 2xx: 200 for reads and unchanged returns, 201 for
                    // amendments; a 4xx/5xx or a socket error is unexpected.
                    BOOST_TEST(as_long(v, "status_other") == 0);
                    BOOST_TEST(as_long(v, "status_2xx") == as_long(v, "requests"));
                    for (const char* e : {"errors_connect", "errors_read", "errors_write",
                                          "errors_status", "errors_timeout"})
                        BOOST_TEST(as_long(v, e) == 0, e);
                    posts += as_long(v, "posts");
                }
                rss.push_back(rss_kib(server.pid()));
                BOOST_TEST_MESSAGE(db.kind() << " round " << round << ": "
                                             << r.out.substr(0, r.out.find("\np50")) << ", RSS "
                                             << rss.back() << " KiB");
            }
            BOOST_TEST(rss[2] - rss[1] <= kRssToleranceKib,
                       "RSS grew from " << rss[1] << " KiB after round 2 to " << rss[2]
                                        << " KiB after round 3 (tolerance " << kRssToleranceKib
                                        << " KiB)");
            BOOST_TEST(server.terminate() == 0, server.log());

            // The writes went through: December 2025 returns were amended (a post with the
            // same CALLS value as the current version is `unchanged`, the others add a
            // version), so there are more than the 20 imported versions for 2025-12, and no
            // more than one per post beyond them.
            auto database = scorecard::store::Database::open(db.url());
            auto conn = database->acquire();
            const long versions = static_cast<long>(
                conn->query_one("SELECT count(*) FROM return_versions WHERE period = ?",
                                {std::string("2025-12")})
                    ->
                    operator[](0)
                    .as_int());
            BOOST_TEST(versions > 20);
            BOOST_TEST(versions <= 20 + posts);
        }
    }
}
