// The benchmarks at a tiny scale (issue #8: "a tiny-scale run of the benchmark code is part
// of the test suite, so it never rots"): bench/run.sh itself, at scale 0.001 with 1-second
// wrk runs, on SQLite (the database its baselines use). It checks that the run's outputs
// are sane — counts worked out from the scale — never timings.
#include <boost/test/unit_test.hpp>

#include <string>

#include "store/database.h"
#include "tests/bench/bench_test_support.h"
#include "tests/support/process.h"

namespace {

using namespace scorecard::bench_testing;
using namespace scorecard::testing;
namespace fs = std::filesystem;

}  // namespace

BOOST_AUTO_TEST_CASE(run_sh_at_scale_0_001_gives_counts_worked_out_from_the_scale) {
    TempDir dir;
    const fs::path work = dir.path() / "work";
    const fs::path report = dir.path() / "BENCHMARKS.md";
    SpawnOptions bench;
    bench.env = {
        {"BENCH_BUILD", SCORECARD_BUILD_DIR},
        {"BENCH_SCALES", "0.001"},
        {"BENCH_DURATION", "1"},
        {"BENCH_CONNECTIONS", "4"},
        {"BENCH_WARMUP", "1"},
        {"BENCH_BESIDE", "1"},
        {"BENCH_WORK", work.string()},
        {"BENCH_KEEP", "1"},
        // A 1 GiB redo log file is no use for 20 contracts (it is written out on disk).
        {"BENCH_MARIADB_BUFFER_POOL", "64M"},
        {"BENCH_MARIADB_LOG_FILE", "96M"},
        // The suite built the binaries; a build from here would relink what other tests run.
        {"BENCH_NO_BUILD", "1"}};
    RunResult r =
        run(dir.path(), SCORECARD_SOURCE_DIR "/bench/run.sh", {"--out", report.string()}, bench);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r);
    auto v = key_values(read_text(work / "results.txt"));

    // Scale 0.001 of 20,000 contracts: 20 contracts; 20 / 4 = 5 suppliers; 20 authorities
    // (one per contract up to 20); 20 x 36 = 720 returns; 720 x 8 = 5,760 measures; one feed
    // file (up to 1,000 contracts) and one returns file (50 contracts a file).
    BOOST_TEST(v["0.001.contracts"] == "20");
    BOOST_TEST(v["0.001.suppliers"] == "5");
    BOOST_TEST(v["0.001.authorities"] == "20");
    BOOST_TEST(v["0.001.returns"] == "720");
    BOOST_TEST(v["0.001.measures"] == "5760");
    BOOST_TEST(v["0.001.feed_files"] == "1");
    BOOST_TEST(v["0.001.return_files"] == "1");
    // The XML bench read both files and every measure, with no problem.
    BOOST_TEST(v["0.001.xml_files"] == "2");
    BOOST_TEST(v["0.001.xml_measures"] == "5760");
    BOOST_TEST(v["0.001.xml_problems"] == "0");
    // Every returned period scored (720), as many as the SQL aggregate found; run.sh also
    // checked that the two sums of scores agree.
    BOOST_TEST(v["0.001.periods_scored"] == "720");
    BOOST_TEST(v["0.001.aggregate_periods"] == "720");
    // Each wrk run served requests without an error of any kind.
    for (const std::string name : {"trivial", "contract", "supplier", "summary"}) {
        BOOST_TEST(std::stol(v["0.001." + name + "_requests"]) > 0, name);
        BOOST_TEST(v["0.001." + name + "_errors"] == "0", name);
    }
    // Each timed run followed a warm-up of its kind, whose rate is kept as the cold rate.
    for (const std::string name : {"trivial", "contract", "supplier"})
        BOOST_TEST(std::stod(v["0.001." + name + "_cold_rps"]) > 0, name);
    BOOST_TEST(std::stol(v["0.001.rss_peak_kib"]) > 0);
    // Each ratio divides by the trivial rate measured beside its run (a /healthz run after
    // it, averaged with the one before), not by the first /healthz run's.
    for (const std::string name : {"contract", "supplier", "not_modified", "summary"}) {
        const double beside = std::stod(v["0.001." + name + "_beside_rps"]);
        BOOST_TEST(beside > 0, name);
        const double expected = std::stod(v["0.001." + name + "_rps"]) / beside;
        BOOST_TEST_CONTEXT(name) {
            BOOST_TEST(std::stod(v["0.001." + name + "_ratio"]) == expected,
                       boost::test_tools::tolerance(1e-4));
        }
    }
    // The end state was copied in three groups; the derived group holds what the scoring
    // wrote (scores, flags, prepared scorecards); the ceiling over the whole end state is
    // below the one over rows, archive and audit (the same baseline over more to write).
    const std::string derived = " " + v["0.001.copy_derived_tables"] + " ";
    for (const char* table : {" period_scores ", " flags ", " prepared_scorecards "})
        BOOST_TEST(derived.find(table) != std::string::npos, table);
    BOOST_TEST(derived.find(" audit_log ") == std::string::npos);
    BOOST_TEST(derived.find(" measures ") == std::string::npos);
    const double mandated = std::stod(v["0.001.copy_limit_mandated"]);
    const double all = std::stod(v["0.001.copy_limit_all"]);
    BOOST_TEST(all > 0.0);
    BOOST_TEST(all < mandated);
    for (const char* key : {"import_ratio", "xml_ratio", "score_ratio", "contract_ratio"})
        BOOST_TEST(std::stod(v[std::string("0.001.") + key]) > 0, key);

    // What run.sh imported is in the database it kept: 5,760 measures, 720 period scores.
    auto db =
        scorecard::store::Database::open("sqlite:" + (work / "s0.001" / "scorecard.db").string());
    auto conn = db->acquire();
    BOOST_TEST(conn->query_one("SELECT count(*) FROM measures")->operator[](0).as_int() == 5760);
    BOOST_TEST(conn->query_one("SELECT count(*) FROM period_scores WHERE score IS NOT NULL")
                   ->
                   operator[](0)
                   .as_int() == 720);

    // The report names every target with a figure.
    const std::string md = read_text(report);
    for (const char* line :
         {"# Benchmarks", "## Targets (scale 0.001)", "import ≥ 50%", "parse and validation ≥ 30%",
          "full rescore", "summary p99", "server RSS", "## Growth", "## How to reproduce"})
        BOOST_TEST(md.find(line) != std::string::npos, line);
}
