#include "services/http/app.h"

#include <algorithm>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

#include <Poco/Exception.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>

#include "services/http/pages/pages.h"
#include "services/http/percent_encoding.h"
#include "services/secrets.h"
#include "services/sessions.h"
#include "store/user_repository.h"

namespace scorecard::services {

Timestamp AppContext::now() const {
    return settings_.clock.now();
}

std::shared_ptr<const reports::CachedSummary> AppContext::summary(const Principal& who) {
    auto conn = db_.acquire();
    return summaries_.summary(*conn, who, today());
}

BearerCheck authenticate(AppContext& app, const std::string& authorization) {
    constexpr std::string_view kScheme = "Bearer ";
    if (authorization.size() <= kScheme.size())
        return {};
    if (!std::equal(kScheme.begin(), kScheme.end(), authorization.begin(),
                    [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
        return {};
    std::string token = authorization.substr(kScheme.size());
    token.erase(0, token.find_first_not_of(' '));
    if (token.empty() || token.size() > 200)
        return {};
    const std::string token_sha256 = sha256_hex(token);
    const Timestamp now = app.now();
    auto conn = app.db().acquire();
    BearerCheck check;
    check.data_version = store::data_version(*conn);
    check.principal = app.tokens().find(token_sha256, *check.data_version, now);
    if (check.principal)
        return check;
    auto holder = store::UserRepository(*conn).find_token_holder(token_sha256, now);
    if (!holder)
        return check;
    const User& user = holder->user;
    check.principal = Principal{user.name, user.role, user.authority_id, user.supplier_id};
    app.tokens().keep(token_sha256, *check.principal, holder->expires, *check.data_version);
    return check;
}

namespace {

bool changes_state(const std::string& method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// Whether the request must carry its session's CSRF token (docs/accounts.md "Web sessions"):
// every state-changing request a live session cookie authenticates, signing out
// (DELETE /api/v1/session, a public route) included. Signing in (POST /sign-in, POST
// /api/v1/session, the other public routes that change state) is authenticated by the name
// and password it sends, not by a cookie the browser may still hold; the sign-in form has its
// pre-session token instead. A cookie of an ended session authenticates nothing: signing it
// out needs no token. Bearer tokens never need one.
bool needs_csrf_token(const Route& route, bool by_session, const std::string& method) {
    if (!by_session || !changes_state(method))
        return false;
    const bool signs_in = route.permission == Permission::kPublic && method == "POST";
    return !signs_in;
}

// The CSRF token a session's form or script sent back: the X-CSRF-Token header, or the
// "csrf" field of a url-encoded or multipart form (the upload page's form is multipart; its
// file is skipped here and read by the handler).
std::string csrf_sent(const HttpRequest& request) {
    std::string sent = request.header("x-csrf-token");
    if (!sent.empty())
        return sent;
    const std::string type = request.media_type();
    if (type == "application/x-www-form-urlencoded")
        return request.form_value("csrf");
    if (type != "multipart/form-data")
        return {};
    try {
        Poco::Net::HTTPRequest poco_request("POST", request.path);
        poco_request.setContentType(request.header("content-type"));
        std::istringstream body(request.body);
        Poco::Net::HTMLForm form;
        form.load(poco_request, body);
        return form.get("csrf", "");
    } catch (const Poco::Exception&) {
        return {};  // a body that cannot be read carries no token: refused as missing
    }
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// "host[:port]" lower-cased, without the scheme's default port, so that "Example.org:443"
// reached over https and "example.org" compare equal.
std::string normal_authority(std::string authority, std::string_view scheme) {
    authority = lower_ascii(authority);
    const std::string_view default_port = scheme == "https" ? ":443" : ":80";
    if (authority.ends_with(default_port))
        authority.resize(authority.size() - default_port.size());
    return authority;
}

// The scheme and authority of an Origin header or a Referer URL ("https://host:port/…");
// nullopt for anything else, "null" included (RFC 6454 §7: a privacy-sensitive or sandboxed
// context), which is then no origin of this site.
struct Origin {
    std::string scheme;
    std::string authority;
};

std::optional<Origin> origin_of(std::string_view url) {
    const auto separator = url.find("://");
    if (separator == std::string_view::npos)
        return std::nullopt;
    Origin origin{lower_ascii(url.substr(0, separator)), {}};
    if (origin.scheme != "http" && origin.scheme != "https")
        return std::nullopt;
    std::string_view rest = url.substr(separator + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (rest.empty() || rest.find('@') != std::string_view::npos)
        return std::nullopt;
    origin.authority = normal_authority(std::string(rest), origin.scheme);
    return origin;
}

// Issue 15 item 5: a state-changing request a browser sent from another site's page is
// refused, whatever it carries. The site's own origin is the one the client addressed: the
// Host header, or the trusted proxy's X-Forwarded-Host and X-Forwarded-Proto (the server
// drops forwarding headers from anyone else, services/http/server.cpp). Only the authority
// must match: a TLS proxy that does not say X-Forwarded-Proto still works; but a page of the
// site served over plain http may not post to it when it is known to be reached over https.
// Without Origin and Referer (scripts, curl, old browsers) the request passes: the CSRF
// token and the pre-session token are the defence there.
void refuse_foreign_origin(const AppContext& app, const HttpRequest& request) {
    const std::string header = !request.header("origin").empty() ? "Origin" : "Referer";
    const std::string sent = request.header(lower_ascii(header));
    if (sent.empty())
        return;
    const std::string own_scheme = cookies_secure(app, request) ? "https" : "http";
    std::string own_host = request.header("x-forwarded-host");
    own_host = own_host.substr(0, own_host.find(','));  // the first proxy's view of it
    if (own_host.empty())
        own_host = request.header("host");
    own_host.erase(0, own_host.find_first_not_of(' '));
    own_host.erase(own_host.find_last_not_of(' ') + 1);
    const auto origin = origin_of(sent);
    if (origin && !own_host.empty() &&
        origin->authority == normal_authority(own_host, own_scheme) &&
        !(own_scheme == "https" && origin->scheme == "http"))
        return;
    throw Error::Forbidden(
        "this request came from another site's page (its " + header +
        " is not this site): forms of this site are sent only from its own pages; open the "
        "page on this site, reload it and try again");
}

// The caller, by bearer token or else by session cookie; sets request.principal and, for a
// session, request.csrf_token. Returns whether a session cookie was the credential.
struct Credential {
    std::optional<Principal> principal;
    bool by_session = false;
    bool bad_cookie = false;  // a cookie was sent but names no live session
};

Credential identify(AppContext& app, HttpRequest& request) {
    const std::string authorization = request.header("authorization");
    if (!authorization.empty()) {
        BearerCheck check = authenticate(app, authorization);
        request.data_version = check.data_version;
        return Credential{std::move(check.principal), false, false};
    }
    const std::string cookie = request.cookie(kSessionCookie);
    if (cookie.empty())
        return {};
    auto session = find_session(app.db(), app.now(), cookie);
    if (!session)
        return Credential{std::nullopt, false, true};
    request.csrf_token = session->csrf_token;
    return Credential{std::move(session->principal), true, false};
}

// Whether an error is answered as an HTML page rather than JSON (issue 16 item 5): as its
// route is; for a path no route of this method has, as the routes of that path with other
// methods are (a 405); for a path no route has, JSON under /api/ and a page anywhere else.
bool error_as_page(const Router* router, const Route* route, const std::string& path) {
    if (route)
        return route->page();
    if (router)
        for (const Route& r : router->routes())
            if (const Route* other = router->match(r.method, path).route)
                return other->page();
    return path != "/api" && !path.starts_with("/api/");
}

HttpResponse error_answer(const Router* router, const Route* route, const HttpRequest& request,
                          const Error& error) {
    return error_as_page(router, route, request.path) ? render_error_page(error, request)
                                                      : error_response(error);
}

// The one place an exception becomes a response. Called from a catch block; internal errors
// are logged with their request.
HttpResponse current_error_answer(const Router* router, const Route* route,
                                  const HttpRequest& request) {
    Error error = Error::Internal("an exception of unknown type");
    try {
        throw;
    } catch (const Error& e) {
        error = e;
    } catch (const std::exception& e) {
        error = Error::Internal(std::string("unexpected: ") + e.what());
    } catch (...) {
    }
    if (error.code() == ErrorCode::kInternal)
        std::cerr << "scorecard: internal error on " << request.method << " " << request.path
                  << ": " << error.what() << "\n";
    return error_answer(router, route, request, error);
}

// 405 with the methods the path does take (RFC 9110 §15.5.6); HEAD wherever GET is.
HttpResponse method_not_allowed(const Router& router, const HttpRequest& request) {
    std::set<std::string> methods;
    for (const auto& r : router.routes())
        if (router.match(r.method, request.path).route) {
            methods.insert(r.method);
            if (r.method == "GET")
                methods.insert("HEAD");
        }
    std::string allow;
    for (const auto& m : methods)
        allow += (allow.empty() ? "" : ", ") + m;
    auto response = error_answer(
        &router, nullptr, request,
        Error(ErrorCode::kMethodNotAllowed, request.method + " is not allowed here; use " + allow));
    response.headers.emplace_back("Allow", allow);
    return response;
}

Admission refused(HttpResponse response) {
    Admission admission;
    admission.refusal = std::move(response);
    return admission;
}

}  // namespace

Admission admit(const Router& router, AppContext& app, HttpRequest& request) {
    const Route* route = nullptr;
    try {
        auto match = router.match(request.method, request.path);
        if (!match.route) {
            if (match.other_method)
                return refused(method_not_allowed(router, request));
            throw Error::NotFound("no such resource: " + request.path);
        }
        route = match.route;
        request.path_params = std::move(match.params);
        // Public routes learn who is signed in too (a page's header shows it, signing out
        // needs the session's CSRF token), but only the others require it.
        Credential credential = identify(app, request);
        if (route->permission != Permission::kPublic) {
            if (!credential.principal) {
                if (route->page()) {
                    HttpResponse redirect =
                        HttpResponse::text(303, "text/plain; charset=utf-8", "sign in first\n");
                    redirect.headers.emplace_back("Location",
                                                  "/sign-in?next=" + url_encode_path(request.path));
                    if (credential.bad_cookie)
                        redirect.headers.emplace_back(
                            "Set-Cookie", session_cookie("", cookies_secure(app, request)));
                    return refused(std::move(redirect));
                }
                throw Error::Unauthenticated(
                    credential.bad_cookie
                        ? "your session has ended: sign in again"
                        : "a valid bearer token is required (Authorization: Bearer …)");
            }
            // SPEC §1's roles table (model/access.h): the one route-level access decision.
            if (!role_may(credential.principal->role, route->permission))
                throw Error::Forbidden("the " + std::string(to_string(credential.principal->role)) +
                                       " role may not do this (" + to_string(route->permission) +
                                       ")");
        }
        request.principal = std::move(credential.principal);
        return Admission{route, credential.by_session, std::nullopt};
    } catch (...) {
        return refused(current_error_answer(&router, route, request));
    }
}

HttpResponse handle(const Admission& admission, AppContext& app, HttpRequest& request) {
    const Route* route = admission.route;
    try {
        // A bearer token is never sent by a browser on another site's behalf; everything
        // else that changes state (session cookies, signing in) must come from this site.
        if (changes_state(request.method) && request.header("authorization").empty())
            refuse_foreign_origin(app, request);
        if (needs_csrf_token(*route, admission.by_session, request.method)) {
            const std::string sent = csrf_sent(request);
            if (sent.empty() || !constant_time_equal(sent, request.csrf_token))
                throw Error::Forbidden(
                    "this form has expired or did not come from this site (its CSRF token "
                    "is missing or wrong): go back, reload the page and try again");
        }
        return route->handler(request, app);
    } catch (...) {
        return current_error_answer(nullptr, route, request);
    }
}

HttpResponse dispatch(const Router& router, AppContext& app, HttpRequest& request) {
    Admission admission = admit(router, app, request);
    if (admission.refusal)
        return std::move(*admission.refusal);
    return handle(admission, app, request);
}

std::string session_cookie(const std::string& cookie_value, bool secure) {
    std::string cookie = std::string(kSessionCookie) + "=" + cookie_value + "; Path=/; ";
    // Max-Age makes the browser drop it when the session ends anyway; 0 clears it now.
    cookie +=
        cookie_value.empty() ? "Max-Age=0" : "Max-Age=" + std::to_string(kSessionHours * 3600);
    cookie += "; HttpOnly; SameSite=Lax";
    if (secure)
        cookie += "; Secure";
    return cookie;
}

bool cookies_secure(const AppContext& app, const HttpRequest& request) {
    if (app.settings().server.secure_cookies)
        return true;
    std::string proto = request.header("x-forwarded-proto");
    for (auto& c : proto)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return proto == "https";
}

}  // namespace scorecard::services
