// The web pages' entry points (issue #7): sign-in and sign-out, the home page that sends
// each role to its start page, the static assets (GOV.UK Frontend's CSS, fonts and images,
// and our own small stylesheet) and error pages.
#include "services/http/pages/pages.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "services/http/handlers.h"
#include "services/http/pages/html.h"
#include "services/http/pages/workflow_forms.h"
#include "services/secrets.h"
#include "services/sessions.h"

namespace scorecard::services {
namespace pages {
namespace {

// Our additions to GOV.UK Frontend: a sign-out button that looks like a header link,
// the signed-in line in the header, charts that shrink with the page, and print styles for
// the reports.
constexpr const char* kStylesheet = R"css(
.app-inline-form { display: inline; margin: 0; }
.app-link-button { background: none; border: 0; padding: 0; margin: 0; cursor: pointer;
  color: #ffffff; font: inherit; font-weight: 700; text-decoration: none; }
.app-link-button:hover { text-decoration: underline; text-decoration-thickness: 3px; }
.app-link-button:focus { outline: 3px solid transparent; color: #0b0c0c; background-color: #ffdd00;
  box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; text-decoration: none; }
.app-signed-in { margin: 0 0 10px; }
.app-chart { max-width: 100%; height: auto; display: block; margin-bottom: 20px; }
/* Every table sits in a region (role=region, labelled by its caption, tabindex=0) that
   scrolls sideways when the table is wider than the screen (WCAG 1.4.10), so that keyboards
   can scroll it; shadows at its edges show that there is more. The one way of doing it:
   tests/browser/crawl.mjs fails a page where anything else scrolls sideways. It is the
   containing block of what it holds: the visually hidden text in its cells is positioned
   absolutely and would otherwise widen the page. */
.app-table-wrap { position: relative; overflow-x: auto; margin-bottom: 20px; background:
  linear-gradient(to right, #ffffff 30%, rgba(255,255,255,0)) left / 40px 100% no-repeat local,
  linear-gradient(to left, #ffffff 30%, rgba(255,255,255,0)) right / 40px 100% no-repeat local,
  radial-gradient(farthest-side at 0 50%, rgba(11,12,12,.3), rgba(11,12,12,0)) left / 14px 100% no-repeat scroll,
  radial-gradient(farthest-side at 100% 50%, rgba(11,12,12,.3), rgba(11,12,12,0)) right / 14px 100% no-repeat scroll; }
.app-table-wrap .govuk-table { margin-bottom: 0; }
.app-table-wrap:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: inset 0 0 0 4px #0b0c0c; }
.app-period-list { margin-bottom: 0; min-width: 14em; }
/* A period ("2026-10") is one word: never cut in the KPI × period table's heading. */
#kpi-periods thead th { white-space: nowrap; }
/* A select as wide as its longest option would widen the page on a small screen. */
.govuk-select { max-width: 100%; }
.app-figure { font-size: 2.5rem; font-weight: 700; display: block; }
.app-card { border-top: 5px solid #1d70b8; padding-top: 10px; margin-bottom: 20px; }
@media print {
  .govuk-header, .govuk-footer, .govuk-skip-link, .app-no-print, .app-signed-in { display: none; }
  .govuk-width-container { max-width: none; margin: 0; }
  .govuk-tag { border: 1px solid #0b0c0c; }
}
)css";

std::string assets_dir() {
    return assets_status().dir;
}

std::string content_type_for(const std::string& name) {
    static const std::vector<std::pair<std::string, std::string>> kTypes = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
    };
    for (const auto& [ext, type] : kTypes)
        if (name.size() > ext.size() &&
            name.compare(name.size() - ext.size(), ext.size(), ext) == 0)
            return type;
    return {};
}

// A file name as one path segment: letters, digits, '-', '_' and inner dots, no "..": the
// route pattern already keeps it within one folder, this keeps it a plain name.
bool plain_file_name(const std::string& name) {
    if (name.empty() || name.size() > 128 || name.front() == '.' ||
        name.find("..") != std::string::npos)
        return false;
    for (unsigned char c : name)
        if (!std::isalnum(c) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

HttpResponse serve_asset(const std::string& folder, const std::string& name) {
    if (!plain_file_name(name))
        throw Error::NotFound("no such asset: " + name);
    std::string type = content_type_for(name);
    if (type.empty())
        throw Error::NotFound("no such asset: " + name);
    HttpResponse response;
    response.status = 200;
    response.content_type = type;
    if (folder.empty() && name == "scorecard.css") {
        response.body = kStylesheet;
    } else {
        std::ifstream in(assets_dir() + folder + "/" + name, std::ios::binary);
        if (!in)
            throw Error::NotFound("no such asset: " + name +
                                  " (GOV.UK Frontend is not installed: see /readyz)");
        std::ostringstream bytes;
        bytes << in.rdbuf();
        response.body = bytes.str();
    }
    // Fonts and images carry a content hash or never change within a release; the
    // stylesheets may change with an upgrade, so they are kept for a day.
    bool immutable = folder != "";
    response.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable"
                                                             : "public, max-age=86400");
    return response;
}

// `next` only when it is a path on this site ("/…" but not "//host" or "/\host").
std::string safe_next(const std::string& next) {
    if (next.size() < 1 || next.size() > 2000 || next[0] != '/')
        return "/";
    if (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))
        return "/";
    for (unsigned char c : next)
        if (c < 0x20 || c == 0x7f || c == '\\')
            return "/";
    return next;
}

// The pre-session token (issue 15 item 5): GET /sign-in puts a random token in this cookie
// and the same in the form's hidden "sign_in_token" field; POST /sign-in takes the form only
// when the two match. Another site can make a browser post the form but can neither read
// nor set this site's cookie, so it cannot sign a victim in to the attacker's account (login
// CSRF). Random rather than signed: the instances of one deployment share no secret, and the
// token is only ever compared with the browser's own cookie. Short-lived and scoped to the
// form's path.
constexpr const char* kSignInCookie = "scorecard_sign_in";
constexpr int kSignInTokenSeconds = 3600;

// A token new_token() made: "sc_" and 43 base64url characters.
bool sign_in_token_shape(std::string_view token) {
    return token.size() == 46 && token.starts_with("sc_") &&
           std::all_of(token.begin() + 3, token.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

// Set-Cookie for the pre-session token; "" clears it.
std::string sign_in_cookie(const std::string& token, bool secure) {
    std::string cookie = std::string(kSignInCookie) + "=" + token + "; Path=/sign-in; Max-Age=" +
                         std::to_string(token.empty() ? 0 : kSignInTokenSeconds) +
                         "; HttpOnly; SameSite=Strict";
    if (secure)
        cookie += "; Secure";
    return cookie;
}

std::string sign_in_form(const std::string& next, const std::string& token, const std::string& name,
                         const FieldErrors& errors) {
    auto field = [&](const std::string& id, const std::string& label, const std::string& type,
                     const std::string& value, const std::string& autocomplete) {
        reports::View v = field_view({id, id, label, "", value}, errors);
        v.set("type", type)
            .set("width_two_thirds", true)
            .set("no_spellcheck", true)
            .set("has_autocomplete", true)
            .set("autocomplete", autocomplete);
        return v;
    };
    reports::View view;
    view.set("next", next)
        .set("sign_in_token", token)
        .set("name_field", field("name", "User name", "text", name, "username"))
        .set("password_field", field("password", "Password", "password", "", "current-password"));
    set_errors(view, errors);
    return reports::render_template("workflow_sign_in", view);
}

}  // namespace

HttpResponse get_sign_in(const HttpRequest& request, AppContext& app) {
    // The browser's token is kept while it lasts, so that two tabs of the form both work.
    std::string token = request.cookie(kSignInCookie);
    if (!sign_in_token_shape(token))
        token = new_token();
    auto response = page(200, request, "Sign in",
                         sign_in_form(safe_next(query_text(request, "next")), token, "", {}));
    response.headers.emplace_back("Set-Cookie",
                                  sign_in_cookie(token, cookies_secure(app, request)));
    return response;
}

HttpResponse post_sign_in(const HttpRequest& request, AppContext& app) {
    auto form = request.form();
    auto field = [&](const std::string& name) {
        auto it = form.find(name);
        return it == form.end() ? std::string{} : it->second;
    };
    const std::string token = request.cookie(kSignInCookie);
    if (!sign_in_token_shape(token) || !constant_time_equal(field("sign_in_token"), token))
        throw Error::Forbidden(
            "this sign-in form has expired or did not come from this site: reload the sign-in "
            "page and try again");
    std::string name = field("name"), password = field("password");
    std::string next = safe_next(field("next"));
    FieldErrors errors;
    if (name.empty())
        errors.emplace_back("name", "Enter your user name");
    if (password.empty())
        errors.emplace_back("password", "Enter your password");
    int status = 400;  // a field left empty
    if (errors.empty()) {
        try {
            auto signed_in = sign_in(app.db(), app.now(), name, password, request.client_address);
            auto response = redirect(next);
            const bool secure = cookies_secure(app, request);
            response.headers.emplace_back("Set-Cookie", sign_in_cookie("", secure));
            response.headers.emplace_back("Set-Cookie",
                                          session_cookie(signed_in.cookie_value, secure));
            return response;
        } catch (const Error& e) {
            if (e.code() != ErrorCode::kUnauthenticated && e.code() != ErrorCode::kForbidden)
                throw;
            // As POST /api/v1/session answers (docs/accounts.md "Wrong passwords and the
            // lockout"): 401 for a wrong name or password, 403 for a locked name or address,
            // with the message saying until when.
            status = http_status(e.code());
            errors.emplace_back("name", e.what());
        }
    }
    HttpRequest anonymous = request;
    anonymous.principal.reset();
    return page(status, anonymous, "Error: Sign in", sign_in_form(next, token, name, errors));
}

HttpResponse post_sign_out(const HttpRequest& request, AppContext& app) {
    sign_out(app.db(), app.now(), request.cookie(kSessionCookie));
    auto response = redirect("/sign-in");
    response.headers.emplace_back("Set-Cookie", session_cookie("", cookies_secure(app, request)));
    return response;
}

// Each role's start page (docs/pages.md).
HttpResponse get_home(const HttpRequest& request, AppContext&) {
    switch (request.who().role) {
        case Role::kCommercial:
        case Role::kSupplier:
            return redirect("/contracts");
        case Role::kMinister:
        case Role::kAdmin:
            return redirect("/dashboard");
    }
    return redirect("/contracts");
}

HttpResponse get_asset(const HttpRequest& request, AppContext&) {
    return serve_asset("", request.param("file"));
}

HttpResponse get_font(const HttpRequest& request, AppContext&) {
    return serve_asset("/assets/fonts", request.param("file"));
}

HttpResponse get_image(const HttpRequest& request, AppContext&) {
    return serve_asset("/assets/images", request.param("file"));
}

}  // namespace pages

AssetsStatus assets_status() {
    namespace fs = std::filesystem;
    const std::string kStylesheetFile = "govuk-frontend.min.css";
    std::error_code ec;
    AssetsStatus status;
    if (const char* dir = std::getenv("SCORECARD_ASSETS_DIR"); dir && *dir) {
        status.dir = dir;
    } else {
        // An installed binary (cmake --install) is PREFIX/bin/scorecard, its assets
        // PREFIX/share/scorecard/govuk-frontend; a binary in a build tree uses the source tree.
        const fs::path installed =
            fs::read_symlink("/proc/self/exe", ec).parent_path().parent_path() / "share" /
            "scorecard" / "govuk-frontend";
        status.dir =
            !ec && fs::is_regular_file(installed / kStylesheetFile, ec)
                ? installed.string()
                : std::string(SCORECARD_SOURCE_DIR) + "/node_modules/govuk-frontend/dist/govuk";
    }
    status.found = fs::is_regular_file(fs::path(status.dir) / kStylesheetFile, ec);
    if (!status.found)
        status.fix = std::string("GOV.UK Frontend's files are not in ") + status.dir +
                     ", so every page is unstyled: run `npm ci` in " + SCORECARD_SOURCE_DIR +
                     " (or `cmake --install BUILD_DIR` and run the installed binary), or set "
                     "SCORECARD_ASSETS_DIR to the dist/govuk folder of the govuk-frontend npm "
                     "package";
    return status;
}

HttpResponse render_error_page(const Error& error, const HttpRequest& request) {
    int status = http_status(error.code());
    std::string title;
    switch (status) {
        case 400:
            title = "There is a problem with the request";
            break;
        case 401:
            title = "You need to sign in";
            break;
        case 403:
            title = "You cannot see this page";
            break;
        case 404:
            title = "Page not found";
            break;
        case 409:
            title = "This cannot be done now";
            break;
        case 413:
            title = "The file is too large";
            break;
        case 422:
            title = "There is a problem";
            break;
        case 503:
            title = "Sorry, the service is unavailable";
            break;
        default:
            title = "Sorry, there is a problem with the service";
            break;
    }
    reports::View details = reports::View::list();
    for (const auto& p : error.details())
        details.add(reports::View().set("text", p.to_string()));
    reports::View view;
    view.set("heading", title)
        .set("server_error", status >= 500)
        .set("message", error.what())
        .set("has_details", !error.details().empty())
        .set("details", std::move(details));
    const std::string body = reports::render_template("workflow_error_page", view);
    return pages::page(status, request, title, body);
}

}  // namespace scorecard::services
