// What every request handler shares: the database, the settings and the clock; and the
// dispatcher: admit() authenticates and checks the route's permission from the request's
// head (services/http/routes.h), handle() checks the CSRF token and runs the handler;
// both turn any error into a response.
//
// Thread safety: an AppContext is shared by all server threads; everything in it is
// thread-safe (the Database pools connections, Settings are immutable, the summary cache
// locks).
#pragma once

#include <atomic>
#include <memory>
#include <optional>

#include "reports/scorecard_cache.h"
#include "reports/summary_cache.h"
#include "services/http/http.h"
#include "services/sessions.h"
#include "services/settings.h"
#include "services/token_cache.h"
#include "store/database.h"

namespace scorecard::services {

class AppContext {
  public:
    AppContext(store::Database& db, Settings settings)
        : db_(db),
          settings_(std::move(settings)),
          summaries_(settings_.scoring),
          scorecards_(settings_.server.scorecard_cache_bytes) {}

    store::Database& db() { return db_; }
    const Settings& settings() const { return settings_; }
    Timestamp now() const;
    Date today() const { return date_of(now()); }
    // The minister's summary as of today with its JSON and CSV, from the cache while nothing
    // has changed (reports/summary_cache.h). Shared by GET /api/v1/summary and the dashboard
    // pages.
    std::shared_ptr<const reports::CachedSummary> summary(const Principal& who);
    reports::SummaryCache::Counts summary_cache_counts() const { return summaries_.counts(); }
    // The prepared scorecards served from memory while the data version vouches for them
    // (reports/scorecard_cache.h).
    reports::ScorecardCache& scorecards() { return scorecards_; }
    // The bearer tokens found valid at the data version last read (services/token_cache.h).
    TokenCache& tokens() { return tokens_; }

  private:
    store::Database& db_;
    Settings settings_;
    reports::SummaryCache summaries_;
    reports::ScorecardCache scorecards_;
    TokenCache tokens_;
};

// Resolves "Authorization: Bearer …" to the account's Principal; nullopt when absent or
// not a valid, unexpired, unrevoked token. A token found valid at the data version read
// now is not read again (services/token_cache.h).
struct BearerCheck {
    std::optional<Principal> principal;
    std::optional<std::int64_t> data_version;  // read before the token was checked
};
BearerCheck authenticate(AppContext& app, const std::string& authorization);

// What is decided from a request's head alone, before its body is read: the route, the
// caller and whether the caller's role may use the route. The server admits a request
// before it reads the body, so that a caller who may not send one is answered at once.
struct Admission {
    const Route* route = nullptr;  // set when admitted
    bool by_session = false;       // the credential was a session cookie (CSRF applies)
    // The answer when the request is not admitted: 404/405 for unknown paths and methods;
    // for a route that is not public, 401 without a valid credential (a page: 303 to
    // /sign-in?next=PATH), 403 when the caller's role may not do what the route's permission
    // allows (model/access.h role_may).
    std::optional<HttpResponse> refusal;
};

// Routes the request (HEAD as GET) and authenticates it; sets request.path_params,
// request.principal and, for a session, request.csrf_token. Reads no body.
Admission admit(const Router& router, AppContext& app, HttpRequest& request);

// Runs an admitted request whose body has arrived: 403 when a session's state-changing
// request lacks its CSRF token, the handler's response otherwise.
HttpResponse handle(const Admission& admission, AppContext& app, HttpRequest& request);

// admit(), then handle() when admitted: the whole request, for callers that have its body.
// In all three, every exception becomes an error response, and nowhere else.
HttpResponse dispatch(const Router& router, AppContext& app, HttpRequest& request);

// The Set-Cookie header value that stores (or, with an empty value, clears) the session.
std::string session_cookie(const std::string& cookie_value, bool secure);

// Whether cookies set in answer to this request must be Secure: the server.secure_cookies
// setting, or "X-Forwarded-Proto: https" from the trusted proxy (server.cpp drops that
// header from anyone else).
bool cookies_secure(const AppContext& app, const HttpRequest& request);

}  // namespace scorecard::services
