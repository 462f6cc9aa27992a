// GET /metrics (docs/operations.md): the Prometheus text a registry renders for requests
// worked out by hand, that the server counts the requests a client makes and the documents
// it imports, and that the whole page is valid exposition text (format 0.0.4).
#include <boost/test/unit_test.hpp>

#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "services/http/metrics.h"
#include "services/http/server.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;

namespace {

bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

// The value of one sample ("name{labels}"), 0 when the series does not exist yet.
double sample(const std::string& text, const std::string& series) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(series + " ", 0) == 0)
            return std::stod(line.substr(series.size() + 1));
    return 0;
}

// Every line is a HELP, a TYPE or a sample of a family declared by a TYPE line before it;
// label values are quoted and escaped; the text ends with a newline.
void check_exposition(const std::string& text) {
    BOOST_TEST_REQUIRE(!text.empty());
    BOOST_TEST(text.back() == '\n');
    static const std::regex help(R"(# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+)");
    static const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram))");
    static const std::regex sample_line(
        R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*")"
        R"((,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*")*\})? (-?[0-9.eE+-]+|\+Inf|NaN))");
    std::set<std::string> families;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::smatch m;
        if (std::regex_match(line, m, type)) {
            BOOST_TEST(families.insert(m[1]).second, "family declared twice: " << line);
        } else if (std::regex_match(line, help)) {
        } else if (std::regex_match(line, m, sample_line)) {
            std::string family = m[1];
            for (const char* suffix : {"_bucket", "_sum", "_count"})
                if (!families.count(family) && family.size() > std::string(suffix).size() &&
                    family.compare(family.size() - std::string(suffix).size(), std::string::npos,
                                   suffix) == 0)
                    family.resize(family.size() - std::string(suffix).size());
            BOOST_TEST(families.count(family) == 1u,
                       "no TYPE before line " << number << ": " << line);
        } else {
            BOOST_TEST(false, "line " << number << " is not exposition text: " << line);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registry)

BOOST_AUTO_TEST_CASE(requests_are_counted_by_route_and_timed_into_buckets) {
    Metrics m([] {
        return DocumentCounts{{{"ContractFeed", "accepted"}, 1}, {{"unknown", "rejected"}, 1}};
    });
    m.observe_request("GET", "/api/v1/flags", 200, 0.003);
    m.observe_request("GET", "/api/v1/flags", 200, 0.3);
    m.observe_request("GET", "unmatched", 404, 0.001);
    m.observe_request("POST", "/api/v1/feeds", 500, 12.0);
    const std::string text = m.exposition();
    check_exposition(text);

    const std::string flags = R"(method="GET",route="/api/v1/flags")";
    const std::string feeds = R"(method="POST",route="/api/v1/feeds")";
    const std::string bucket = "scorecard_http_request_duration_seconds_bucket{";
    const std::vector<std::string> expected_lines = {
        R"(scorecard_http_requests_total{method="GET",route="/api/v1/flags",status="200"} 2)",
        R"(scorecard_http_requests_total{method="GET",route="unmatched",status="404"} 1)",
        R"(scorecard_http_requests_total{method="POST",route="/api/v1/feeds",status="500"} 1)",
        // 0.003 s falls in every bucket from 0.005 up; 0.3 s from 0.5 up: buckets are
        // cumulative, so le=0.25 holds 1 and le=0.5 holds 2. The sum is 0.003 + 0.3 = 0.303.
        bucket + flags + R"(,le="0.005"} 1)",
        bucket + flags + R"(,le="0.25"} 1)",
        bucket + flags + R"(,le="0.5"} 2)",
        bucket + flags + R"(,le="+Inf"} 2)",
        "scorecard_http_request_duration_seconds_sum{" + flags + "} 0.303",
        "scorecard_http_request_duration_seconds_count{" + flags + "} 2",
        // 12 s is beyond the largest bucket (10 s): only +Inf counts it.
        bucket + feeds + R"(,le="10"} 0)",
        bucket + feeds + R"(,le="+Inf"} 1)",
        // The 404 is a client error, the 500 a server error.
        R"(scorecard_http_errors_total{class="client"} 1)",
        R"(scorecard_http_errors_total{class="server"} 1)",
        R"(scorecard_documents_total{kind="ContractFeed",outcome="accepted"} 1)",
        // A document whose kind could not be told is "unknown".
        R"(scorecard_documents_total{kind="unknown",outcome="rejected"} 1)",
        "# TYPE process_start_time_seconds gauge",
    };
    for (const std::string& line : expected_lines)
        BOOST_TEST(has_line(text, line), "no line " << line << " in:\n" << text);
    BOOST_TEST(text.find("scorecard_build_info{version=\"") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(label_values_are_escaped) {
    // Backslash, double quote and newline are the three the format escapes.
    BOOST_TEST(escape_label("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
    Metrics m;
    m.observe_request("GET", "odd\"route", 200, 0.001);
    check_exposition(m.exposition());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(endpoint)

BOOST_AUTO_TEST_CASE(the_server_counts_requests_by_pattern_and_imports_by_outcome) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        // The registry is process-wide (other tests in this run count too): compare two
        // scrapes.
        auto first = srv.get("/metrics", "");
        BOOST_TEST_REQUIRE(first.status == 200, first);
        BOOST_TEST(first.header("content-type") == "text/plain; version=0.0.4; charset=utf-8");
        check_exposition(first.body);

        const std::string healthz =
            R"(scorecard_http_requests_total{method="GET",route="/healthz",status="200"})";
        const std::string document =
            R"(scorecard_http_requests_total{method="GET",route="/api/v1/documents/{id}",status="404"})";
        const std::string unmatched =
            R"(scorecard_http_requests_total{method="GET",route="unmatched",status="404"})";
        const std::string scrapes =
            R"(scorecard_http_requests_total{method="GET",route="/metrics",status="200"})";
        const std::string accepted =
            R"(scorecard_documents_total{kind="ContractFeed",outcome="accepted"})";
        const std::string unchanged =
            R"(scorecard_documents_total{kind="ContractFeed",outcome="unchanged"})";

        BOOST_TEST(srv.get("/healthz", "").status == 200);
        BOOST_TEST(srv.get("/healthz", "").status == 200);
        // Two unknown documents: counted under the route's pattern, not the raw paths.
        BOOST_TEST(srv.get("/api/v1/documents/424242", srv.admin).status == 404);
        BOOST_TEST(srv.get("/api/v1/documents/434343", srv.admin).status == 404);
        BOOST_TEST(srv.get("/no/such/thing", "").status == 404);
        load_world(srv);  // accepted
        BOOST_TEST(srv.post_xml("/api/v1/feeds", srv.commercial, world_feed()).status == 200);

        auto second = srv.get("/metrics", "");
        BOOST_TEST_REQUIRE(second.status == 200, second);
        check_exposition(second.body);
        const std::vector<std::pair<std::string, double>> increases = {
            {healthz, 2},
            {document, 2},
            {unmatched, 1},
            // The first scrape is counted; the second is not yet when it renders itself.
            {scrapes, 1},
            {accepted, 1},
            {unchanged, 1},
        };
        for (const auto& [series, increase] : increases)
            BOOST_TEST(sample(second.body, series) - sample(first.body, series) == increase,
                       series);
        BOOST_TEST(second.body.find("424242") == std::string::npos);
    });
}

// The summary is cached until the data changes (reports/summary_cache.h): the cache's
// counts in /metrics are the server's own (one cache per server), so they are exact.
BOOST_AUTO_TEST_CASE(the_summary_is_served_from_the_cache_until_data_changes) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto contracts = [&] {
            auto r = srv.get("/api/v1/summary", srv.minister);
            BOOST_TEST_REQUIRE(r.status == 200, r);
            return r.json()->getObject("totals")->getValue<int>("contracts");
        };
        const std::string hit = R"(scorecard_summary_cache_total{result="hit"})";
        const std::string miss = R"(scorecard_summary_cache_total{result="miss"})";
        BOOST_TEST(contracts() == 0);  // built: a miss
        BOOST_TEST(contracts() == 0);  // nothing changed: a hit
        load_world(srv);               // the world feed's two contracts
        BOOST_TEST(contracts() == 2);  // the data moved: a miss, built again
        BOOST_TEST(contracts() == 2);  // a hit
        // The same feed again changes nothing ("unchanged"): still a hit.
        BOOST_TEST(srv.post_xml("/api/v1/feeds", srv.commercial, world_feed()).status == 200);
        BOOST_TEST(contracts() == 2);
        auto m = srv.get("/metrics", "");
        BOOST_TEST(sample(m.body, hit) == 3);
        BOOST_TEST(sample(m.body, miss) == 2);

        // After a change, six requests at once: each is answered with the same summary, and
        // each is counted once as a hit, a build or a wait for another's build.
        BOOST_TEST(srv.post_xml("/api/v1/feeds", srv.commercial,
                                world_feed_with_stricter_calls("2026-10"))
                       .status == 201);  // a new KPI version: a change
        std::vector<std::string> bodies(6);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < bodies.size(); ++i)
            threads.emplace_back([&, i] {
                auto r = srv.get("/api/v1/summary", srv.minister);
                bodies[i] = r.status == 200 ? r.body : "status " + std::to_string(r.status);
            });
        for (auto& t : threads)
            t.join();
        for (const auto& body : bodies)
            BOOST_TEST(body == bodies.front());
        auto after = srv.get("/metrics", "");
        const std::string shared = R"(scorecard_summary_cache_total{result="shared"})";
        BOOST_TEST(sample(after.body, hit) + sample(after.body, miss) +
                       sample(after.body, shared) ==
                   3 + 2 + 0 + 6);
        BOOST_TEST(sample(after.body, miss) >= 3);  // at least one build after the change
    });
}

// The prepared scorecards a server keeps (reports/scorecard_cache.h) are counted in /metrics:
// a minister's first GET of a contract scorecard reads the row whole (a miss) and keeps it,
// the second is served from memory (a hit) while nothing changed, and its bytes are kept.
BOOST_AUTO_TEST_CASE(kept_scorecards_are_counted_as_hits_and_misses) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        const std::string hit = R"(scorecard_scorecard_cache_total{result="hit"})";
        const std::string miss = R"(scorecard_scorecard_cache_total{result="miss"})";
        const std::string bytes = "scorecard_scorecard_cache_bytes";
        auto before = srv.get("/metrics", "");
        BOOST_TEST(sample(before.body, hit) == 0);
        BOOST_TEST(sample(before.body, miss) == 0);
        BOOST_TEST(sample(before.body, bytes) == 0);
        const std::string path = "/api/v1/contracts/" + std::string(kContractA) + "/scorecard";
        auto first = srv.get(path, srv.minister);
        BOOST_TEST_REQUIRE(first.status == 200, first);
        auto second = srv.get(path, srv.minister);
        BOOST_TEST_REQUIRE(second.status == 200, second);
        BOOST_TEST(second.body == first.body);
        auto after = srv.get("/metrics", "");
        BOOST_TEST(sample(after.body, miss) == 1);
        BOOST_TEST(sample(after.body, hit) == 1);
        BOOST_TEST(sample(after.body, bytes) > 0);
    });
}

BOOST_AUTO_TEST_SUITE_END()
