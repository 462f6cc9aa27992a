// The documents are executed (issue 19 item 4, docs/doc-tests.md): every command and request
// in README.md, docs/walkthrough.md, docs/api.md and docs/formats.md runs — the built
// `scorecard` binary, and a real `scorecard serve --port 0` on a temporary SQLite database
// for the requests — and what it prints is compared with the output the document shows.
// And docs/api.md has a heading for every REST endpoint of the route table, with a request to
// it that runs.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "services/http/routes.h"
#include "tests/docs/doc_session.h"
#include "tests/docs/expected_output.h"
#include "tests/docs/markdown_examples.h"
#include "tests/support/process.h"

using namespace scorecard::docs_testing;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = SCORECARD_SOURCE_DIR;

std::string read_doc(const std::string& name) {
    const std::string text = scorecard::testing::read_text(kSource / name);
    BOOST_TEST_REQUIRE(!text.empty(), name << " cannot be read");
    return text;
}

// Runs every step of `name` in one session and checks each example's output, status and
// exit status (docs/doc-tests.md).
void run_document(const std::string& name) {
    DocSession session(kSource, SCORECARD_BINARY);
    const auto steps = steps_of(read_doc(name));
    BOOST_TEST_REQUIRE(!steps.empty(), name << " has no examples");
    for (const Step& step : steps) {
        if (step.file) {
            session.write_file(*step.file->value("file"), step.file->text);
            continue;
        }
        const Example& example = *step.example;
        const std::string where = name + ":" + std::to_string(example.commands.line);
        std::vector<CommandResult> results;
        try {
            results = session.run(example.commands.text);
        } catch (const std::exception& e) {
            BOOST_ERROR(where << ": " << e.what());
            continue;
        }
        const Fence* shown = example.output ? &*example.output : nullptr;
        const int status = std::stoi(shown ? shown->value("status").value_or("200") : "200");
        const int exit = std::stoi(shown ? shown->value("exit").value_or("0") : "0");
        std::string printed;
        int last_http = -1, last_program = -1;
        for (std::size_t i = 0; i < results.size(); ++i) {
            printed += results[i].printed;
            if (results[i].status)
                last_http = static_cast<int>(i);
            if (results[i].exit)
                last_program = static_cast<int>(i);
        }
        for (std::size_t i = 0; i < results.size(); ++i) {
            const CommandResult& r = results[i];
            if (r.status) {
                const bool last = static_cast<int>(i) == last_http;
                // Without an output block every request must succeed.
                const bool exact = last && shown != nullptr;
                BOOST_TEST((exact ? *r.status == status : *r.status / 100 == 2),
                           where << ": `" << r.command << "` answered " << *r.status
                                 << (exact ? ", shown " + std::to_string(status) : "") << "\n"
                                 << r.printed);
            }
            if (r.exit) {
                const bool last = static_cast<int>(i) == last_program;
                BOOST_TEST(*r.exit == (last ? exit : 0), where << ": `" << r.command << "` exited "
                                                               << *r.exit << "\n"
                                                               << r.printed);
            }
        }
        const std::string difference = output_difference(shown ? shown->text : "", printed);
        BOOST_TEST(difference.empty(), where << ": the output differs from the document's "
                                             << difference << "\n--- printed:\n"
                                             << printed << "\n--- end");
    }
}

std::string listing(const std::set<Endpoint>& endpoints) {
    std::string out;
    for (const auto& [method, path] : endpoints)
        out += "\n  " + method + " " + path;
    return out;
}

// The REST endpoints of the route table: under /api/, and /healthz, /readyz, /metrics (as
// tests/services/openapi_test.cpp counts them); not the web pages.
std::set<Endpoint> routed() {
    std::set<Endpoint> out;
    const auto router = scorecard::services::make_router();
    for (const auto& route : router.routes()) {
        if (!route.page() && (route.pattern.rfind("/api/", 0) == 0 || route.pattern == "/healthz" ||
                              route.pattern == "/readyz" || route.pattern == "/metrics"))
            out.emplace(route.method, route.pattern);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(the_documents_run)

BOOST_AUTO_TEST_CASE(readme) {
    run_document("README.md");
}

BOOST_AUTO_TEST_CASE(walkthrough) {
    run_document("docs/walkthrough.md");
}

BOOST_AUTO_TEST_CASE(formats) {
    run_document("docs/formats.md");
}

BOOST_AUTO_TEST_CASE(api) {
    run_document("docs/api.md");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(api_md_has_a_heading_for_every_endpoint_of_the_route_table) {
    const auto headings = endpoint_headings(read_doc("docs/api.md"));
    const auto routes = routed();
    std::set<Endpoint> missing, extra;
    for (const auto& e : routes) {
        if (!headings.contains(e))
            missing.insert(e);
    }
    for (const auto& e : headings) {
        if (!routes.contains(e))
            extra.insert(e);
    }
    BOOST_TEST(missing.empty(), "endpoints without a heading in docs/api.md:" << listing(missing));
    BOOST_TEST(extra.empty(), "headings in docs/api.md that are no route:" << listing(extra));
}

BOOST_AUTO_TEST_CASE(api_md_has_a_request_for_every_endpoint_of_the_route_table) {
    const auto examples = endpoints_with_examples(read_doc("docs/api.md"));
    std::set<Endpoint> missing;
    for (const auto& e : routed()) {
        if (!examples.contains(e))
            missing.insert(e);
    }
    BOOST_TEST(missing.empty(), "endpoints with no request run under their heading in docs/api.md:"
                                    << listing(missing));
}

// The parts the runner relies on, on small documents.
BOOST_AUTO_TEST_CASE(a_block_of_commands_takes_the_adjacent_block_as_its_output) {
    const std::string md =
        "```sh\ncurl x\n```\n\n```json status=201\n{}\n```\ntext\n```sh\na\n```\nprose\n"
        "```\nnot its output\n```\n```sh not-run\nb\n```\n```xml file=f.xml\n<a/>\n```\n";
    const auto steps = steps_of(md);
    BOOST_TEST_REQUIRE(steps.size() == 3u);
    BOOST_TEST(steps[0].example->output->value("status").value_or("") == "201");
    BOOST_TEST(!steps[1].example->output.has_value());
    BOOST_TEST(steps[2].file->value("file").value_or("") == "f.xml");
}

BOOST_AUTO_TEST_CASE(outputs_compare_json_as_values_and_text_by_line) {
    BOOST_TEST(output_difference("{\"a\": 1, \"b\": [true, null]}", "{\"b\":[true,null],\"a\":1.0}")
                   .empty());
    BOOST_TEST(
        output_difference("{\"token\": \"…\", \"a\": 1}", "{\"token\":\"x9\",\"a\":1}").empty());
    BOOST_TEST(!output_difference("{\"a\": 1}", "{\"a\":1,\"b\":2}").empty());
    BOOST_TEST(!output_difference("{\"a\": \"1\"}", "{\"a\":1}").empty());
    BOOST_TEST(output_difference("id,at\n1,…Z\n", "id,at\r\n1,2026-11-20T00:00:00Z\r\n").empty());
    BOOST_TEST(!output_difference("a\nb\n", "a\n").empty());
    BOOST_TEST(!output_difference("", "anything").empty());
}

BOOST_AUTO_TEST_CASE(headings_name_endpoints) {
    const auto e = endpoint_headings(
        "## GET /authorities\n### GET, POST /reviews/{id}/x\n### GET /notices, GET "
        "/notices/{id}\n## GET /healthz\n### GET /exports/a.csv?year=YYYY\n## Conventions\n");
    const std::set<Endpoint> expected = {
        {"GET", "/api/v1/authorities"},     {"GET", "/api/v1/reviews/{id}/x"},
        {"POST", "/api/v1/reviews/{id}/x"}, {"GET", "/api/v1/notices"},
        {"GET", "/api/v1/notices/{id}"},    {"GET", "/healthz"},
        {"GET", "/api/v1/exports/a.csv"}};
    BOOST_TEST((e == expected), listing(e));
}

BOOST_AUTO_TEST_CASE(a_heading_has_an_example_when_a_run_block_under_it_requests_it) {
    const auto e = endpoints_with_examples(
        "### POST /reviews/{id}/actions/{action}/agree\n```sh\ncurl -s -H 'A: b' \\\n"
        "  -d '{}' \"$SC/reviews/1/actions/2/agree\"\n```\n"
        "### DELETE /tokens/{id}\n```sh not-run\ncurl -X DELETE \"$SC/tokens/6\"\n```\n"
        "### GET /healthz\n```sh\ncurl -s http://localhost:8080/healthz\n```\n"
        "### GET /flags\n```sh\ncurl -s \"$SC/flagsx\"\n```\n");
    const std::set<Endpoint> expected = {{"POST", "/api/v1/reviews/{id}/actions/{action}/agree"},
                                         {"GET", "/healthz"}};
    BOOST_TEST((e == expected), listing(e));
}

BOOST_AUTO_TEST_CASE(the_shell_expands_quotes_variables_and_substitutions) {
    DocSession session(kSource, SCORECARD_BINARY);
    const auto results = session.run(
        "X=$(printf 'a b')\n"
        "export Y=\"[$X]\"   # a comment\n"
        "printf '%s|%s\\n' \"$Y\" \\\n"
        "  '$X'\n");
    BOOST_TEST_REQUIRE(results.size() == 3u);
    BOOST_TEST(results[2].printed == "[a b]|$X\n");
    BOOST_TEST(results[2].exit.value_or(-1) == 0);
    BOOST_CHECK_THROW(session.run("printf a | cat"), std::runtime_error);
    BOOST_CHECK_THROW(session.run("printf '%s' \"$UNSET\""), std::runtime_error);
    BOOST_CHECK_THROW(session.run("curl -s http://localhost:8080/healthz"), std::runtime_error);
}
