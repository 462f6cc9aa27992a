// The accounts area of the REST API (docs/accounts.md): users (admin), API tokens (create
// with an expiry, list, revoke), the web session (sign-in and sign-out, as the sign-in page
// does it) and /metrics (docs/operations.md). Secrets are never logged or echoed: a token
// is shown once, when created; lists show its last four characters.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "model/calendar.h"
#include "services/accounts.h"
#include "services/http/api_support.h"
#include "services/http/app.h"
#include "services/http/handlers.h"
#include "services/http/metrics.h"
#include "services/sessions.h"
#include "store/user_repository.h"

namespace scorecard::services::api {
namespace {

store::Change change_by(const HttpRequest& request, AppContext& app) {
    return store::Change{request.who().user, app.now()};
}

Poco::JSON::Object::Ptr user_json(const User& user) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("name", user.name);
    o->set("role", std::string(to_string(user.role)));
    o->set("authority", user.authority_id.empty() ? Poco::Dynamic::Var()
                                                  : Poco::Dynamic::Var(user.authority_id));
    o->set("supplier",
           user.supplier_id.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(user.supplier_id));
    o->set("has_password", !user.password_hash.empty());
    return o;
}

Poco::Dynamic::Var optional_time(const std::optional<Timestamp>& t) {
    return t ? Poco::Dynamic::Var(format_timestamp(*t)) : Poco::Dynamic::Var();
}

Poco::JSON::Object::Ptr token_json(const store::TokenInfo& token) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("id", token.id);
    o->set("user", token.user);
    o->set("last_four", token.hint);
    o->set("created", format_timestamp(token.created));
    o->set("expires", optional_time(token.expires));
    o->set("revoked", optional_time(token.revoked));
    return o;
}

}  // namespace

// GET /api/v1/users (admin)
HttpResponse get_users(const HttpRequest& request, AppContext& app) {
    const store::Page page = page_of(request);
    auto conn = app.db().acquire();
    store::UserRepository users(*conn);
    Poco::JSON::Array items;
    for (const auto& user : users.list(page))
        items.add(user_json(user));
    return list_response("users", items, users.count(), page);
}

// POST /api/v1/users (admin) {"name","role","authority"?,"supplier"?,"password"?}
HttpResponse post_user(const HttpRequest& request, AppContext& app) {
    auto body = json_body(request);
    NewAccount account;
    account.name = required_string(*body, "name", 100);
    const std::string role = required_string(*body, "role", 40);
    auto parsed = parse_enum<Role>(role);
    if (!parsed)
        throw Error::BadRequest("role must be one of " + allowed_values<Role>());
    account.role = *parsed;
    account.authority_id = optional_string(*body, "authority", 191);
    account.supplier_id = optional_string(*body, "supplier", 191);
    account.password = optional_string(*body, "password", kMaxPasswordLength);
    const User user = create_account(app.db(), account, change_by(request, app));
    return HttpResponse::json(201, stringify(*user_json(user)));
}

// DELETE /api/v1/users/{name}/sessions (admin): signs the account out everywhere.
HttpResponse delete_user_sessions(const HttpRequest& request, AppContext& app) {
    const std::string& name = request.param("name");
    const std::int64_t ended = revoke_sessions(app.db(), name, change_by(request, app));
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("user", name);
    out.set("sessions_ended", ended);
    return HttpResponse::json(200, stringify(out));
}

// GET /api/v1/tokens[?user=NAME]: whose tokens one may see is services/accounts.h's rule.
HttpResponse get_tokens(const HttpRequest& request, AppContext& app) {
    const store::Page page = page_of(request);
    const TokenList list =
        list_tokens(app.db(), request.who(), request.query_value("user").value_or(""), page);
    Poco::JSON::Array items;
    for (const auto& token : list.tokens)
        items.add(token_json(token));
    return list_response("tokens", items, list.total, page);
}

// POST /api/v1/tokens {"expires_days"?: N, "user"?: NAME}; an empty body is {}.
HttpResponse post_token(const HttpRequest& request, AppContext& app) {
    Poco::JSON::Object::Ptr body =
        request.body.empty() ? Poco::JSON::Object::Ptr(new Poco::JSON::Object) : json_body(request);
    const std::string asked = optional_string(*body, "user", 100);
    std::optional<int> days;
    if (body->has("expires_days") && !body->isNull("expires_days")) {
        auto value = body->get("expires_days");
        if (!value.isInteger())
            throw Error::BadRequest("expires_days must be a whole number of days (1 to " +
                                    std::to_string(kMaxTokenDays) + ")");
        const auto n = value.convert<long long>();
        if (n < 1 || n > kMaxTokenDays)
            throw Error::BadRequest("expires_days must be between 1 and " +
                                    std::to_string(kMaxTokenDays));
        days = static_cast<int>(n);
    }
    const IssuedToken issued =
        issue_token(app.db(), request.who(), asked, days, change_by(request, app));
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("token", issued.token);
    out.set("id", issued.id);
    out.set("user", issued.user);
    out.set("expires", optional_time(issued.expires));
    return HttpResponse::json(201, stringify(out));
}

// DELETE /api/v1/tokens/{id}: own tokens, or any for an admin; revoking twice is fine.
HttpResponse delete_token(const HttpRequest& request, AppContext& app) {
    revoke_token(app.db(), request.who(), id_param(request, "id", "token"),
                 change_by(request, app));
    return HttpResponse::text(204, "text/plain", "");
}

// POST /api/v1/session {"name","password"}: the sign-in the web form does, for scripts.
HttpResponse post_session(const HttpRequest& request, AppContext& app) {
    auto body = json_body(request);
    const std::string name = optional_string(*body, "name", 200);
    const std::string password = optional_string(*body, "password", kMaxPasswordLength);
    const SignIn signed_in = sign_in(app.db(), app.now(), name, password, request.client_address);
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("user", signed_in.session.principal.user);
    out.set("role", std::string(to_string(signed_in.session.principal.role)));
    out.set("csrf_token", signed_in.session.csrf_token);
    out.set("expires", format_timestamp(signed_in.session.expires));
    auto response = HttpResponse::json(200, stringify(out));
    response.headers.emplace_back(
        "Set-Cookie", session_cookie(signed_in.cookie_value, cookies_secure(app, request)));
    return response;
}

// DELETE /api/v1/session: signs out the session cookie, if any; always clears it. A live
// session's cookie must come with its CSRF token, which handle() (services/http/app.h)
// checks before this runs.
HttpResponse delete_session(const HttpRequest& request, AppContext& app) {
    sign_out(app.db(), app.now(), request.cookie(kSessionCookie));
    HttpResponse response = HttpResponse::text(204, "text/plain", "");
    response.headers.emplace_back("Set-Cookie", session_cookie("", cookies_secure(app, request)));
    return response;
}

// One metric family in the exposition format: its HELP and TYPE lines, then one sample per
// `result` label (or one unlabelled sample when the label is empty).
static std::string family(
    std::string_view name, std::string_view type, std::string_view help,
    std::initializer_list<std::pair<std::string_view, std::int64_t>> samples) {
    std::string out = "# HELP " + std::string(name) + " " + std::string(help) + "\n# TYPE " +
                      std::string(name) + " " + std::string(type) + "\n";
    for (const auto& [result, value] : samples) {
        out += name;
        if (!result.empty())
            out += "{result=\"" + std::string(result) + "\"}";
        out += " " + std::to_string(value) + "\n";
    }
    return out;
}

// GET /metrics: Prometheus text exposition format 0.0.4.
HttpResponse get_metrics(const HttpRequest&, AppContext& app) {
    const auto cache = app.summary_cache_counts();
    const auto kept = app.scorecards().counts();
    std::string out = Metrics::global().exposition();
    out += family("scorecard_summary_cache_total", "counter",
                  "Summaries asked for: served from the cache (hit), built (miss), or waited for "
                  "another request's build (shared).",
                  {{"hit", cache.hits}, {"miss", cache.misses}, {"shared", cache.shared}});
    out += family("scorecard_scorecard_cache_total", "counter",
                  "Prepared scorecards asked for by a caller who sees them whole: served from "
                  "memory (hit), served from memory after reading the row's version (check), or "
                  "read whole from the database (miss).",
                  {{"hit", kept.hits}, {"check", kept.checks}, {"miss", kept.misses}});
    out += family("scorecard_scorecard_cache_bytes", "gauge",
                  "Bytes of prepared scorecards kept in memory (as stored; "
                  "server.scorecard_cache_bytes caps it).",
                  {{"", static_cast<std::int64_t>(kept.bytes)}});
    // The database's backlog; left out (not a failed scrape) while the database is away.
    try {
        out += pending_work_exposition(pending_work(app.db()), app.now());
    } catch (const Error&) {
    }
    return HttpResponse::text(200, "text/plain; version=0.0.4; charset=utf-8", out);
}

}  // namespace scorecard::services::api
