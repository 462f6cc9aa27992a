// The OpenAPI document (etc/openapi.json, served at GET /api/v1/openapi.json) against the
// route table: every API route is documented with its method, and every documented path and
// method is a route. "API routes" are those under /api/ plus /healthz, /readyz and /metrics;
// web pages and their assets are not part of the REST API.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "services/http/app.h"
#include "services/http/openapi.h"
#include "services/http/routes.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;

namespace {

using Operation = std::pair<std::string, std::string>;  // path, lower-case method

bool is_api_route(const Route& route) {
    return !route.page() && (route.pattern.rfind("/api/", 0) == 0 || route.pattern == "/healthz" ||
                             route.pattern == "/readyz" || route.pattern == "/metrics");
}

std::string lower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::set<Operation> routed() {
    std::set<Operation> out;
    const Router router = make_router();
    for (const Route& route : router.routes()) {
        if (is_api_route(route))
            out.emplace(route.pattern, lower(route.method));
    }
    return out;
}

Poco::JSON::Object::Ptr document() {
    Poco::JSON::Parser parser;
    return parser.parse(std::string(openapi_document())).extract<Poco::JSON::Object::Ptr>();
}

std::set<Operation> documented() {
    static const std::set<std::string> kMethods = {"get",   "put",  "post",   "delete",
                                                   "patch", "head", "options"};
    std::set<Operation> out;
    auto paths = document()->getObject("paths");
    for (const auto& [path, item] : *paths) {
        auto operations = item.extract<Poco::JSON::Object::Ptr>();
        for (const auto& [method, op] : *operations) {
            if (kMethods.contains(method))
                out.emplace(path, method);
        }
    }
    return out;
}

std::string listing(const std::set<Operation>& ops) {
    std::string out;
    for (const auto& [path, method] : ops)
        out += "\n  " + method + " " + path;
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_document_is_openapi_3_with_bearer_auth) {
    auto doc = document();
    BOOST_TEST(doc->getValue<std::string>("openapi").rfind("3.0", 0) == 0u);
    BOOST_TEST(doc->getObject("components")
                   ->getObject("securitySchemes")
                   ->getObject("bearerAuth")
                   ->getValue<std::string>("scheme") == "bearer");
    BOOST_TEST(doc->getObject("components")->getObject("schemas")->has("Error"));
}

BOOST_AUTO_TEST_CASE(every_api_route_is_documented) {
    std::set<Operation> missing;
    const std::set<Operation> docs = documented();
    for (const Operation& op : routed()) {
        if (!docs.contains(op))
            missing.insert(op);
    }
    BOOST_TEST(missing.empty(), "routes missing from etc/openapi.json:" << listing(missing));
}

BOOST_AUTO_TEST_CASE(every_documented_operation_is_a_route) {
    std::set<Operation> extra;
    const std::set<Operation> routes = routed();
    for (const Operation& op : documented()) {
        if (!routes.contains(op))
            extra.insert(op);
    }
    BOOST_TEST(extra.empty(), "documented operations with no route:" << listing(extra));
}

BOOST_AUTO_TEST_CASE(the_server_serves_it_without_sign_in) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto r = srv.get("/api/v1/openapi.json", "");
        BOOST_TEST_REQUIRE(r.status == 200, r);
        BOOST_TEST(r.header("content-type").rfind("application/json", 0) == 0u);
        BOOST_TEST(r.body == std::string(openapi_document()));
    });
}
