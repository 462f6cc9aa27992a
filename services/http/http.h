// The HTTP layer's own types, independent of Poco so that routing and handlers can be
// tested (and fuzzed) without a socket: a request, a response, a route table, and the one
// function that turns errors into statuses.
//
// Routes are declared in one table (services/http/routes.cpp: method, pattern, handler,
// permission); dispatch decides from the permission whether the caller's role gets in,
// model/access.h inside the services and reports whose data it may touch.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/access.h"
#include "model/errors.h"

namespace scorecard::services {

struct HttpRequest {
    std::string method;
    // As sent, still percent-encoded, without the query: Router::match decodes each segment
    // into path_params, so that "/contracts/A%2FB" names contract "A/B".
    std::string path;
    std::map<std::string, std::string> path_params;
    std::multimap<std::string, std::string> query;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::optional<Principal> principal;  // set by dispatch for routes that need sign-in
    std::string client_address;          // the peer's IP address (for rate limits and logs)
    // Set by dispatch when the caller signed in with a session cookie (web pages): forms
    // must carry it back in a hidden "csrf" field, which dispatch checks on every POST.
    std::string csrf_token;
    // The data version (store/database.h) read when the request was admitted, before its
    // bearer token was checked: what is kept in memory at that version may answer it
    // (reports/prepared_scorecards.h) without reading the version again.
    std::optional<std::int64_t> data_version;

    const std::string& param(const std::string& name) const;
    std::optional<std::string> query_value(const std::string& name) const;
    std::string header(const std::string& lower_name) const;
    // The media type without parameters, lower-cased: "application/xml".
    std::string media_type() const;
    const Principal& who() const;
    // The value of a cookie, "" when absent.
    std::string cookie(const std::string& name) const;
    // The fields of an application/x-www-form-urlencoded body (empty for other types).
    std::multimap<std::string, std::string> form() const;
    std::string form_value(const std::string& name) const;  // first value, "" when absent
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    // Instead of `body`: bytes kept elsewhere (a cached scorecard, kept compressed), `size`
    // of them, which `append` writes straight into the bytes on the wire (no copy between).
    struct KeptBody {
        std::size_t size = 0;
        std::function<void(std::string& out)> append;
    };
    std::optional<KeptBody> kept_body;
    std::vector<std::pair<std::string, std::string>> headers;

    std::size_t body_size() const { return kept_body ? kept_body->size : body.size(); }

    static HttpResponse json(int status, std::string body);
    static HttpResponse text(int status, std::string content_type, std::string body);
};

// The Content-Security-Policy of every response (services/http/server.cpp): a page loads
// only this site's scripts, styles, fonts and images, may not be framed, and posts its forms
// only to this site.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'";
// The policy of content a sender chose (an archived document served as received, which may
// be an XHTML page with a form): sandboxed, loading nothing, posting nowhere, in case a
// browser renders it although it is sent as an attachment.
inline constexpr std::string_view kUntrustedContentPolicy =
    "default-src 'none'; frame-ancestors 'none'; form-action 'none'; sandbox";

// ONE function maps error codes to HTTP statuses.
int http_status(ErrorCode code);
// {"error": {"code", "message", "details": [{"code","message","line","column","document"}]}}
HttpResponse error_response(const Error& error);

class AppContext;  // services/app.h
using Handler = std::function<HttpResponse(const HttpRequest&, AppContext&)>;

// How a route answers: its errors, and a caller who must sign in first.
enum class RouteKind {
    kApi,   // JSON errors; 401 without a valid credential
    kPage,  // HTML error pages; without a valid session, 303 to /sign-in?next=PATH
};

struct Route {
    std::string method;
    std::string pattern;  // "/api/v1/contracts/{id}/scorecard"
    Handler handler;
    // What the caller's role must be allowed (model/access.h role_may); kPublic: anyone,
    // without signing in.
    Permission permission = Permission::kPublic;
    RouteKind kind = RouteKind::kApi;

    bool page() const { return kind == RouteKind::kPage; }
};

class Router {
  public:
    void add(Route route);

    struct Match {
        const Route* route = nullptr;
        std::map<std::string, std::string> params;
        bool other_method = false;  // the path exists with another method (405)
    };
    // HEAD matches the GET route of the path. `path` is percent-encoded; each segment is
    // decoded before it is compared or captured.
    Match match(std::string_view method, std::string_view path) const;
    const std::vector<Route>& routes() const { return routes_; }

  private:
    std::vector<Route> routes_;
};

}  // namespace scorecard::services
