// libFuzzer target: the request router and the request parsing a handler relies on
// (services/http/http.h): Router::match over the real route table, cookies, urlencoded forms,
// media types and query values, on arbitrary input. No database: only the parts that see
// raw request bytes before a handler runs.
//
// The route table is the (method, pattern) of every row of services/http/routes.cpp, read
// by fuzz/CMakeLists.txt into fuzz_routes.inc, so that this target links
// services/http/http.cpp and services/http/api_support.cpp only, not the handlers.
//
// Input layout: METHOD \n PATH \n COOKIE-HEADER \n CONTENT-TYPE \n BODY (missing parts are
// empty), so that the mutator can change each part on its own.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "services/http/http.h"

namespace {

struct RoutePattern {
    const char* method;
    const char* pattern;
};

constexpr RoutePattern kRoutes[] = {
#include "fuzz_routes.inc"
};

scorecard::services::Router make_fuzz_router() {
    scorecard::services::Router router;
    for (const auto& r : kRoutes) {
        scorecard::services::Route route;
        route.method = r.method;
        route.pattern = r.pattern;
        router.add(std::move(route));
    }
    return router;
}

std::string_view next_line(std::string_view& rest) {
    auto end = rest.find('\n');
    auto line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace scorecard::services;
    static const Router router = make_fuzz_router();
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    HttpRequest request;
    request.method = std::string(next_line(rest));
    request.path = std::string(next_line(rest));
    request.headers["cookie"] = std::string(next_line(rest));
    request.headers["content-type"] = std::string(next_line(rest));
    request.body = std::string(rest);

    auto match = router.match(request.method, request.path);
    if (match.route != nullptr) {
        // HEAD takes the GET route (RFC 9110 §9.3.2; Router::match); any other method only
        // its own.
        const bool head_on_get = request.method == "HEAD" && match.route->method == "GET";
        if (match.route->method != request.method && !head_on_get)
            std::abort();
        // Every {param} of the pattern is bound, and only those.
        std::size_t braces = 0;
        for (char c : match.route->pattern)
            braces += c == '{';
        if (match.params.size() > braces)
            std::abort();
    }
    (void)request.cookie("scorecard_session");
    (void)request.cookie("");
    (void)request.media_type();
    // A malformed body may be refused with a scorecard Error (a 400); any other exception
    // reaches the dispatcher's catch-all and becomes a 500, so it is a finding.
    try {
        auto fields = request.form();
        for (const auto& [key, value] : fields) {
            if (key.empty())
                std::abort();
        }
        (void)request.form_value("csrf");
    } catch (const scorecard::Error&) {
    }
    (void)request.query_value("raw");
    return 0;
}
