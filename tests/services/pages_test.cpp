// The web pages (issue #7) without a browser: the real server on port 0 over the small
// world, on every database. Statuses, redirects, sign-in and its cookie, CSRF refusal,
// escaping, access control and the return form through the import pipeline.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "services_test_support.h"
#include "test_server.h"
#include "tests/support/documents.h"

using namespace scorecard;
using namespace scorecard::services::testing;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The items of GET /api/v1/<list>?<query> (e.g. "flags", "status=open") as `token` sees them.
Poco::JSON::Array::Ptr api_list(RunningServer& srv, const std::string& list,
                                const std::string& query, const std::string& token) {
    auto r = srv.get("/api/v1/" + list + "?" + query, token);
    BOOST_TEST_REQUIRE(r.status == 200, list << "?" << query << ": " << r);
    return r.json()->getArray(list);
}

}  // namespace

BOOST_AUTO_TEST_CASE(anonymous_pages_redirect_to_sign_in_and_the_sign_in_page_is_public) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto r = srv.get("/contracts", "");
        BOOST_TEST(r.status == 303);
        BOOST_TEST(r.header("location").rfind("/sign-in?next=", 0) == 0, r.header("location"));
        auto page = srv.get("/sign-in", "");
        BOOST_TEST(page.status == 200);
        BOOST_TEST(contains(page.header("content-type"), "text/html"));
        BOOST_TEST(contains(page.body, "<label class=\"govuk-label\" for=\"name\">"));
        BOOST_TEST(contains(page.body, "<label class=\"govuk-label\" for=\"password\">"));
        // The server's security headers are on pages too.
        BOOST_TEST(page.header("x-frame-options") == "DENY");
        BOOST_TEST(contains(page.header("content-security-policy"), "default-src 'self'"));
    });
}

BOOST_AUTO_TEST_CASE(sign_in_sets_the_cookie_and_goes_only_to_local_paths) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto wrong = post_sign_in_form(srv, "name=minister&password=nope", {});
        BOOST_TEST(wrong.status == 401);
        BOOST_TEST(contains(wrong.body, "govuk-error-summary"));
        BOOST_TEST(wrong.header("set-cookie").empty());
        auto empty = post_sign_in_form(srv, "name=&password=", {});
        BOOST_TEST(empty.status == 400);
        BOOST_TEST(contains(empty.body, "href=\"#name\">Enter your user name"));
        BOOST_TEST(contains(empty.body, "href=\"#password\">Enter your password"));

        auto local = post_sign_in_form(
            srv, "name=minister&password=correct+horse+battery+staple&next=%2Fflags", {});
        BOOST_TEST(local.status == 303);
        BOOST_TEST(local.header("location") == "/flags");
        BOOST_TEST(contains(local.header("set-cookie"), "scorecard_session="));
        // Another site, or a scheme-relative URL, is never a destination.
        for (std::string next :
             {"https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example%2F", "%2F%5Cevil.example"}) {
            auto r = post_sign_in_form(
                srv, "name=minister&password=correct+horse+battery+staple&next=" + next, {});
            BOOST_TEST(r.header("location") == "/", next);
        }
    });
}

// Issue 19 item 6: the sign-in page answers a lockout as POST /api/v1/session does
// (docs/accounts.md "Wrong passwords and the lockout"): 401 for each wrong password, 403 from
// the fifth within 15 minutes on, even for the right password, saying until when.
BOOST_AUTO_TEST_CASE(a_locked_account_is_403_on_the_sign_in_page_as_in_the_api) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        for (int i = 1; i <= 4; ++i) {
            auto r = post_sign_in_form(srv, "name=supplier.a&password=wrong+password", {});
            BOOST_TEST(r.status == 401, "attempt " << i << ": " << r);
            BOOST_TEST(contains(r.body, "the name or password is not right"), r.body);
        }
        auto fifth = post_sign_in_form(srv, "name=supplier.a&password=wrong+password", {});
        BOOST_TEST(fifth.status == 403, fifth);
        BOOST_TEST(contains(fifth.body,
                            "the name or password is not right; this account is "
                            "locked after 5 failed sign-ins within 15 minutes"),
                   fifth.body);

        auto right =
            post_sign_in_form(srv, "name=supplier.a&password=correct+horse+battery+staple", {});
        BOOST_TEST(right.status == 403, right);
        BOOST_TEST(contains(right.header("content-type"), "text/html"), right);
        // The form again, with the reason in its error summary and at the name field.
        BOOST_TEST(contains(right.body, "govuk-error-summary"), right.body);
        BOOST_TEST(contains(right.body,
                            "href=\"#name\">this account is locked after 5 failed "
                            "sign-ins within 15 minutes; try again after "),
                   right.body);
        BOOST_TEST(contains(right.body, "(UTC), or ask an administrator to unlock it"), right.body);
        BOOST_TEST(!contains(right.header("set-cookie"), "scorecard_session="), right);

        // The API says the same of the same name.
        auto api = srv.call({"POST",
                             "/api/v1/session",
                             "",
                             "application/json",
                             R"({"name":"supplier.a","password":"correct horse battery staple"})",
                             {}});
        BOOST_TEST(api.status == 403, api);
    });
}

// Issue 15 item 5: the sign-in form cannot be posted from another site. Each case sends the
// form with the token and cookie a browser has after GET /sign-in, unless it says otherwise.
BOOST_AUTO_TEST_CASE(sign_in_from_another_site_or_without_the_form_token_is_refused) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        const std::string own = "http://127.0.0.1:" + std::to_string(srv.port());
        const std::string fields = "name=minister&password=correct+horse+battery+staple";
        struct Case {
            std::string name;
            std::vector<std::pair<std::string, std::string>> headers;
            int status;
        };
        const std::vector<Case> cases = {
            {"same Origin", {{"Origin", own}}, 303},
            {"same Origin, upper-case host",
             {{"Origin", "HTTP://127.0.0.1:" + std::to_string(srv.port())}},
             303},
            {"no Origin, same Referer", {{"Referer", own + "/sign-in?next=%2F"}}, 303},
            {"neither Origin nor Referer (a script)", {}, 303},
            {"foreign Origin", {{"Origin", "https://evil.example"}}, 403},
            {"same host, another port", {{"Origin", "http://127.0.0.1:1"}}, 403},
            {"Origin null (sandboxed page)", {{"Origin", "null"}}, 403},
            {"no Origin, foreign Referer", {{"Referer", "https://evil.example/login.html"}}, 403},
            // Origin wins over Referer: a same-site Referer does not excuse a foreign Origin.
            {"foreign Origin, same Referer",
             {{"Origin", "https://evil.example"}, {"Referer", own + "/sign-in"}},
             403},
            // X-Forwarded-Host is believed only from the trusted proxy (none here).
            {"foreign Origin, forged X-Forwarded-Host",
             {{"Origin", "https://evil.example"}, {"X-Forwarded-Host", "evil.example"}},
             403},
        };
        for (const auto& c : cases) {
            auto r = post_sign_in_form(srv, fields, c.headers);
            BOOST_TEST(r.status == c.status, c.name << ": " << r);
            const bool session = contains(r.header("set-cookie"), "scorecard_session=");
            BOOST_TEST(session == (c.status == 303), c.name << ": " << r.header("set-cookie"));
            if (c.status == 403) {
                BOOST_TEST(contains(r.header("content-type"), "text/html"), c.name);
                BOOST_TEST(contains(r.body, "another site"), c.name << ": " << r.body);
            }
        }

        // The pre-session token: missing, wrong, or without its cookie.
        const SignInForm form = open_sign_in_form(srv);
        BOOST_TEST(contains(srv.get("/sign-in", "").header("set-cookie"), "SameSite=Strict"));
        const std::string kForm = "application/x-www-form-urlencoded";
        struct TokenCase {
            std::string name;
            std::string body;
            std::string cookie;
        };
        const std::vector<TokenCase> token_cases = {
            {"no token, no cookie", fields, ""},
            {"no token field", fields, form.cookie},
            {"token without its cookie", fields + "&sign_in_token=" + form.token, ""},
            {"another token than the cookie's",
             fields + "&sign_in_token=" + open_sign_in_form(srv).token, form.cookie},
            {"empty token and empty cookie", fields + "&sign_in_token=", "scorecard_sign_in="},
        };
        for (const auto& c : token_cases) {
            std::vector<std::pair<std::string, std::string>> headers;
            if (!c.cookie.empty())
                headers.emplace_back("Cookie", c.cookie);
            auto r = srv.call({"POST", "/sign-in", "", kForm, c.body, headers});
            BOOST_TEST(r.status == 403, c.name << ": " << r);
            BOOST_TEST(contains(r.header("content-type"), "text/html"), c.name);
            BOOST_TEST(contains(r.body, "reload the sign-in page and try again"), c.name);
            BOOST_TEST(!contains(r.header("set-cookie"), "scorecard_session="), c.name);
        }
        // The matching pair from the same browser, from this site: signed in.
        auto right = srv.call({"POST",
                               "/sign-in",
                               "",
                               kForm,
                               fields + "&sign_in_token=" + form.token,
                               {{"Cookie", form.cookie}, {"Origin", own}}});
        BOOST_TEST(right.status == 303, right);
        BOOST_TEST(contains(right.header("set-cookie"), "scorecard_session="), right);
    });
}

// Beside the CSRF token, every state-changing request a browser sends with a cookie — and
// the JSON sign-in, which sets one — is refused from another site; bearer-token calls are
// not browsers' and pass whatever Origin they carry.
BOOST_AUTO_TEST_CASE(cookie_requests_from_another_site_are_refused_bearer_calls_are_not) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        const std::vector<std::pair<std::string, std::string>> foreign = {
            {"Origin", "https://evil.example"}};
        const std::string json =
            std::string(R"({"name": "minister", "password": ")") + kPassword + "\"}";
        auto api = srv.call({"POST", "/api/v1/session", "", "application/json", json, foreign});
        BOOST_TEST(api.status == 403, api);
        BOOST_TEST(api.header("set-cookie").empty(), api.header("set-cookie"));
        auto script = srv.call({"POST", "/api/v1/session", "", "application/json", json, {}});
        BOOST_TEST(script.status == 200, script);

        std::string cookie = sign_in_cookie(srv, "minister");
        auto page = srv.call({"GET", "/dashboard", "", "", "", {{"Cookie", cookie}}});
        BOOST_REQUIRE_MESSAGE(page.status == 200, page);
        auto headers = foreign;
        headers.emplace_back("Cookie", cookie);
        auto sign_out = form_post(srv, "/sign-out", "csrf=" + csrf_of(page.body), "", headers);
        BOOST_TEST(sign_out.status == 403, sign_out);
        // The session survived the refused sign-out.
        auto still = srv.call({"GET", "/dashboard", "", "", "", {{"Cookie", cookie}}});
        BOOST_TEST(still.status == 200, still);

        auto bearer =
            srv.call({"POST", "/api/v1/tokens", srv.minister, "application/json", "{}", foreign});
        BOOST_TEST(bearer.status == 201, bearer);
    });
}

// Issue 15 item 10: an id may hold '/'. Sent percent-encoded as one path segment
// ("DWP%2F2026%2F7"), it reaches its contract through the API and its page; the page's own
// links encode it the same way; the unencoded path is another (unknown) resource.
BOOST_AUTO_TEST_CASE(an_id_with_a_slash_is_reachable_percent_encoded) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        const std::string id = "DWP/2026/7";
        const std::string encoded = "DWP%2F2026%2F7";
        const std::string feed =
            scorecard::testing::FeedBuilder()
                .generated("2026-09-01T09:00:00Z")
                .authority(kAuthority, "Department for Work and Pensions")
                .supplier(kSupplierA, "Acme Services Ltd", SizeClass::kLarge)
                .contract(scorecard::testing::contract(id, kAuthority, kSupplierA, "Slashed",
                                                       "2026-09-01", "2027-08-31", 1000,
                                                       Frequency::kMonthly))
                .kpi(scorecard::testing::kpi("CALLS", "Calls", Unit::kPercent, Direction::kHigher,
                                             1, {95, 90, 85}))
                .xml();
        auto loaded = srv.post_xml("/api/v1/feeds", srv.commercial, feed);
        BOOST_TEST_REQUIRE(loaded.status == 201, loaded);

        auto api = srv.get("/api/v1/contracts/" + encoded, srv.commercial);
        BOOST_TEST(api.status == 200, api);
        BOOST_TEST(contains(api.body, "Slashed"), api);
        // Lower-case hex is the same escape (RFC 3986 §2.1).
        BOOST_TEST(srv.get("/api/v1/contracts/DWP%2f2026%2f7", srv.commercial).status == 200);
        BOOST_TEST(srv.get("/api/v1/contracts/" + id, srv.commercial).status == 404);

        const std::string cookie = sign_in_cookie(srv, "commercial.dwp");
        auto page = srv.call({"GET", "/contracts/" + encoded, "", "", "", {{"Cookie", cookie}}});
        BOOST_TEST(page.status == 200, page);
        BOOST_TEST(contains(page.body, "Slashed"), page.body);
        // Its CSV link is built with the id encoded as one segment, and works.
        BOOST_TEST(contains(page.body, "/contracts/" + encoded + "/scorecard.csv"), page.body);
        auto csv = srv.call(
            {"GET", "/contracts/" + encoded + "/scorecard.csv", "", "", "", {{"Cookie", cookie}}});
        BOOST_TEST(csv.status == 200, csv);
        // The contract list links to it the same way.
        auto list = srv.call({"GET", "/contracts", "", "", "", {{"Cookie", cookie}}});
        BOOST_TEST(contains(list.body, "href=\"/contracts/" + encoded + "\""), list.body);
    });
}

BOOST_AUTO_TEST_CASE(a_signed_in_session_opens_pages_and_each_role_has_its_start_page) {
    for_each_world([](RunningServer& srv) {
        for (const auto& [name, start] :
             std::vector<std::pair<std::string, std::string>>{{"minister", "/dashboard"},
                                                              {"commercial.dwp", "/contracts"},
                                                              {"supplier.a", "/contracts"},
                                                              {"admin", "/dashboard"}}) {
            std::string cookie = sign_in_cookie(srv, name);
            auto home = srv.call({"GET", "/", "", "", "", {{"Cookie", cookie}}});
            BOOST_TEST(home.status == 303, name);
            BOOST_TEST(home.header("location") == start, name);
            auto page = srv.call({"GET", start, "", "", "", {{"Cookie", cookie}}});
            BOOST_TEST(page.status == 200, name << ": " << page.status);
            BOOST_TEST(contains(page.body, "Signed in as <strong>" + name), name);
        }
    });
}

BOOST_AUTO_TEST_CASE(a_form_post_without_the_csrf_token_is_refused) {
    for_each_world([](RunningServer& srv) {
        std::string cookie = sign_in_cookie(srv, "supplier.a");
        std::string path = std::string("/contracts/") + kContractA + "/return";
        auto form = srv.call({"GET", path, "", "", "", {{"Cookie", cookie}}});
        BOOST_REQUIRE_MESSAGE(form.status == 200, form);
        std::string body = "period=2026-09&value.CALLS=93.2&value.COMPLAINTS=6.1";
        auto refused = form_post(srv, path, body, "", {{"Cookie", cookie}});
        BOOST_TEST(refused.status == 403);
        BOOST_TEST(contains(refused.header("content-type"), "text/html"));
        auto wrong = form_post(srv, path, body + "&csrf=not-the-token", "", {{"Cookie", cookie}});
        BOOST_TEST(wrong.status == 403);
        auto accepted =
            form_post(srv, path, body + "&csrf=" + csrf_of(form.body), "", {{"Cookie", cookie}});
        BOOST_TEST(accepted.status == 303, accepted);
    });
}

BOOST_AUTO_TEST_CASE(a_supplier_name_with_markup_is_escaped) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        using namespace scorecard::testing;
        const std::string feed =
            FeedBuilder()
                .authority(kAuthority, "Department for Work and Pensions")
                .supplier(kSupplierA, "Acme <script>alert(1)</script> Ltd", SizeClass::kLarge)
                .contract(contract(kContractA, kAuthority, kSupplierA, "Contact centre services",
                                   "2026-09-01", "2028-08-31", 12500000, Frequency::kMonthly))
                .kpi(kpi("CALLS", "Calls answered within 60 seconds", Unit::kPercent,
                         Direction::kHigher, 40, {95, 90, 85}))
                .xml();
        BOOST_REQUIRE_EQUAL(srv.post_xml("/api/v1/feeds", srv.commercial, feed).status, 201);
        for (const auto& path :
             {std::string("/suppliers/") + kSupplierA, std::string("/contracts")}) {
            auto page = srv.get(path, srv.commercial);
            BOOST_TEST(page.status == 200, path);
            BOOST_TEST(contains(page.body, "Acme &lt;script&gt;alert(1)&lt;/script&gt; Ltd"), path);
            BOOST_TEST(!contains(page.body, "<script>"), path);
        }
    });
}

BOOST_AUTO_TEST_CASE(a_supplier_cannot_open_another_suppliers_pages) {
    for_each_world([](RunningServer& srv) {
        // Supplier B holds DWP-2026-0002 only.
        for (const auto& path : {std::string("/contracts/") + kContractA,
                                 std::string("/contracts/") + kContractA + "/return",
                                 std::string("/suppliers/") + kSupplierA,
                                 std::string("/contracts/") + kContractA + "/scorecard.csv"}) {
            auto r = srv.get(path, srv.supplier_b);
            BOOST_TEST(r.status == 403, path);
            BOOST_TEST(contains(r.body, "You cannot see this page"), path);
        }
        // Its own list shows its contract and not the other's.
        auto list = srv.get("/contracts", srv.supplier_b);
        BOOST_TEST(contains(list.body, kContractB));
        BOOST_TEST(!contains(list.body, kContractA));
        // The minister's dashboard is not for suppliers.
        BOOST_TEST(srv.get("/dashboard", srv.supplier_b).status == 403);
    });
}

BOOST_AUTO_TEST_CASE(the_return_form_goes_through_the_pipeline) {
    for_each_world([](RunningServer& srv) {
        std::string path = std::string("/contracts/") + kContractA + "/return";
        // One field per KPI of the contract.
        auto form = srv.get(path, srv.supplier_a);
        BOOST_TEST(form.status == 200);
        BOOST_TEST(contains(form.body, "name=\"value.CALLS\""));
        BOOST_TEST(contains(form.body, "name=\"value.COMPLAINTS\""));
        // Not a number: the importer's rule, shown in the summary and linked to the field.
        auto bad = form_post(srv, path, "period=2026-09&value.CALLS=lots&value.COMPLAINTS=6.1",
                             srv.supplier_a);
        BOOST_TEST(bad.status == 422);
        BOOST_TEST(contains(bad.body, "<a href=\"#kpi-0\">"));
        BOOST_TEST(contains(bad.body, "is not a decimal number"));
        // An empty field is caught before the pipeline.
        auto empty = form_post(srv, path, "period=2026-09&value.CALLS=&value.COMPLAINTS=6.1",
                               srv.supplier_a);
        BOOST_TEST(empty.status == 422);
        BOOST_TEST(contains(empty.body, "Enter a value for CALLS"));
        // CALLS 93.2 is approaching (>= 90): 75 points × 40; COMPLAINTS 6.1 (lower, <= 8)
        // approaching: 75 × 20; score (3000 + 1500) / 60 = 75.0.
        auto ok = form_post(srv, path, "period=2026-09&value.CALLS=93.2&value.COMPLAINTS=6.1",
                            srv.supplier_a);
        BOOST_TEST(ok.status == 303);
        BOOST_TEST(contains(ok.header("location"), "?submitted="));
        auto page = srv.get(std::string("/contracts/") + kContractA, srv.supplier_a);
        BOOST_TEST(contains(page.body, "data-period=\"2026-09\">75.0</span>"));
        auto api =
            srv.get(std::string("/api/v1/contracts/") + kContractA + "/scorecard", srv.supplier_a);
        BOOST_TEST(contains(api.body, "\"period\":\"2026-09\",\"score\":75"));
    });
}

BOOST_AUTO_TEST_CASE(the_return_form_refuses_figures_at_their_fields) {
    for_each_world([](RunningServer& srv) {
        const std::string path = std::string("/contracts/") + kContractA + "/return";
        // A figure that is not a number as the formats spell one is refused at its field,
        // before the pipeline.
        for (const std::string figure : {"1%2C234", "%2B5", "1e3", "93.2%25"}) {
            auto r = form_post(srv, path,
                               "period=2026-09&value.CALLS=" + figure + "&value.COMPLAINTS=6.1",
                               srv.supplier_a);
            BOOST_TEST(r.status == 422, figure);
            BOOST_TEST(contains(r.body, "<a href=\"#kpi-0\">CALLS: &apos;"), figure);
            BOOST_TEST(contains(r.body, "is not a decimal number"), figure);
            BOOST_TEST(!contains(r.body, "href=\"#kpi-1\""), figure);
        }
        // A comment holding a character XML cannot carry (a form feed): the comment's
        // field, not a server error.
        auto control = form_post(
            srv, path, "period=2026-09&value.CALLS=93&comment.CALLS=a%0Cb&value.COMPLAINTS=6.1",
            srv.supplier_a);
        BOOST_TEST(control.status == 422, control);
        BOOST_TEST(contains(control.body, "<a href=\"#kpi-0\">The comment for CALLS holds"));
        // The pipeline's problems land on the field they are about, whatever the lines
        // before them: CALLS's comment spans three lines; COMPLAINTS's comment is one
        // character over the 2000 allowed (docs/formats.md), reported at its <Comment>.
        auto long_comment = form_post(srv, path,
                                      "period=2026-09&value.CALLS=93&comment.CALLS=line+one%0A"
                                      "line+two%0Aline+three&value.COMPLAINTS=4&comment."
                                      "COMPLAINTS=" +
                                          std::string(2001, 'x'),
                                      srv.supplier_a);
        BOOST_TEST(long_comment.status == 422, long_comment);
        BOOST_TEST(
            contains(long_comment.body, "<a href=\"#kpi-1\">the comment is 2001 characters long"),
            long_comment);
        BOOST_TEST(!contains(long_comment.body, "href=\"#kpi-0\""));
        // What was typed comes back in the fields.
        BOOST_TEST(contains(long_comment.body,
                            "name=\"value.CALLS\" type=\"text\" "
                            "inputmode=\"decimal\" spellcheck=\"false\" "
                            "value=\"93\""));
        // A percentage above 100 is the importer's rule, shown at CALLS.
        auto too_big = form_post(srv, path, "period=2026-09&value.CALLS=120&value.COMPLAINTS=4",
                                 srv.supplier_a);
        BOOST_TEST(too_big.status == 422);
        BOOST_TEST(contains(too_big.body, "<a href=\"#kpi-0\">KPI CALLS is a percentage"));
    });
}

BOOST_AUTO_TEST_CASE(errors_are_pages_outside_the_api_and_json_under_it) {
    for_each_world([](RunningServer& srv) {
        // An unknown page URL, signed in or not: an HTML page with a title and a language.
        for (const std::string& token : {std::string(), srv.commercial}) {
            auto r = srv.get("/no/such/page", token);
            BOOST_TEST(r.status == 404, r);
            BOOST_TEST(contains(r.header("content-type"), "text/html"), r);
            BOOST_TEST(contains(r.body, "<html lang=\"en\""));
            BOOST_TEST(contains(r.body, "<title>Page not found – scorecard</title>"));
            BOOST_TEST(contains(r.body, "<h1 class=\"govuk-heading-l\">Page not found</h1>"));
        }
        // A page path with a method it does not take: a page too, with Allow.
        auto wrong = srv.call({"DELETE", "/contracts", srv.commercial, "", "", {}});
        BOOST_TEST(wrong.status == 405, wrong);
        BOOST_TEST(wrong.header("allow") == "GET, HEAD");  // HEAD wherever GET is (RFC 9110 §9.3.2)
        BOOST_TEST(contains(wrong.header("content-type"), "text/html"), wrong);
        // A page route's refusal is a page (403) ...
        auto forbidden = srv.get("/dashboard", srv.supplier_b);
        BOOST_TEST(forbidden.status == 403);
        BOOST_TEST(contains(forbidden.header("content-type"), "text/html"));
        BOOST_TEST(contains(forbidden.body, "<title>You cannot see this page – scorecard</title>"));
        // ... and under /api/ every error is JSON, known route or not.
        for (const std::string& api : {std::string("/api/v1/no-such-thing"), std::string("/api"),
                                       std::string("/api/v1/reviews/99999")}) {
            auto r = srv.get(api, srv.commercial);
            BOOST_TEST(r.status == 404, api << ": " << r);
            BOOST_TEST(contains(r.header("content-type"), "application/json"), api);
        }
    });
}

BOOST_AUTO_TEST_CASE(assets_are_served_with_types_and_no_way_out_of_their_folder) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto css = srv.get("/assets/govuk-frontend.min.css", "");
        BOOST_TEST(css.status == 200);
        BOOST_TEST(css.header("content-type") == "text/css; charset=utf-8");
        BOOST_TEST(contains(css.header("cache-control"), "max-age="));
        auto font = srv.get("/assets/fonts/bold-b542beb274-v2.woff2", "");
        BOOST_TEST(font.status == 200);
        BOOST_TEST(font.header("content-type") == "font/woff2");
        BOOST_TEST(srv.get("/assets/scorecard.css", "").status == 200);
        for (const auto& path :
             {"/assets/..%2F..%2Fpackage.json", "/assets/fonts/..%2F..%2Fall.mjs",
              "/assets/.hidden.css", "/assets/missing.css", "/assets/images/favicon.exe"})
            BOOST_TEST(srv.get(path, "").status == 404, path);
    });
}

// Every table's download, as the DWP commercial team, with the clock pinned to 15 October
// 2026 and supplier A's September return in (CALLS 93.2, COMPLAINTS 4). Worked out by hand
// from SPEC §3-4: CALLS 93.2 is below good 95 and at least approaching 90: approaching, 75
// points, weight 40; COMPLAINTS 4 ≤ good 5: good, 100 points, weight 20; the period score
// (40×75 + 20×100) / 60 = 83.33… shows as 83.3, approaching (65 ≤ s < 85). One flag, now
// resolved: when the feed came in, contract A's September had ended 15 days before, more
// than supplier A's 10 days' grace (large), so missing_return (low) was raised; the return
// resolved it. No other: nothing is inadequate, 83.3 ≥ 65, one period is no trend, October
// has not ended, and contract B's September is within supplier B's 20 days (small).
BOOST_AUTO_TEST_CASE(every_table_downloads_as_csv) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db, kMaxBody, at("2026-10-15T09:00:00Z"));
        load_world(srv);
        auto returned = srv.post_xml("/api/v1/returns", srv.supplier_a,
                                     kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        BOOST_TEST_REQUIRE(returned.status == 201, returned);
        struct Download {
            std::string path;
            std::string file;  // the name Content-Disposition gives
            std::string body;  // "" when checked apart (below)
        };
        const std::vector<Download> downloads = {
            {"/contracts.csv", "contracts.csv", kScoredWorldContractsCsv},
            {"/flags.csv?status=any", "flags.csv", ""},
            {std::string("/contracts/") + kContractA + "/scorecard.csv",
             std::string(kContractA) + "-scorecard.csv",
             "contract,period,kpi,value,rating,points,weight,period_score,period_rating\r\n"
             "DWP-2026-0001,2026-09,CALLS,93.2,approaching,75,40,83.3,approaching\r\n"
             "DWP-2026-0001,2026-09,COMPLAINTS,4,good,100,20,83.3,approaching\r\n"},
            {std::string("/suppliers/") + kSupplierA + "/scorecard.csv",
             std::string(kSupplierA) + "-scorecard.csv",
             "supplier,contract,title,authority,value,currency,period,score,rating\r\n"
             "GB-COH-01234567,DWP-2026-0001,Contact centre services,GB-GOV-DWP,12500000,GBP,"
             "2026-09,83.3,approaching\r\n"},
            // Contract B has no scored period in 2026, so no line.
            {"/reports/annual.csv?authority=GB-GOV-DWP&year=2026", "",
             "authority,year,contract,title,supplier,supplier_name,size,period,score,rating,"
             "contract_mean\r\n"
             "GB-GOV-DWP,2026,DWP-2026-0001,Contact centre services,GB-COH-01234567,"
             "Acme Services Ltd,large,2026-09,83.3,approaching,83.3\r\n"},
            {"/dashboard.csv", "", ""},
        };
        for (const auto& d : downloads) {
            BOOST_TEST_CONTEXT("GET " << d.path) {
                auto r = srv.get(d.path, srv.commercial);
                BOOST_TEST_REQUIRE(r.status == 200, r);
                BOOST_TEST(r.header("content-type") == "text/csv; charset=utf-8");
                BOOST_TEST(r.header("content-disposition").rfind("attachment", 0) == 0u,
                           r.header("content-disposition"));
                if (!d.file.empty())
                    BOOST_TEST(
                        contains(r.header("content-disposition"), "filename=\"" + d.file + "\""),
                        r.header("content-disposition"));
                if (!d.body.empty())
                    BOOST_TEST(r.body == d.body);
            }
        }
        // The flag: raised and closed by the clock, which runs on from 09:00:00.
        auto flags = srv.get("/flags.csv?status=any", srv.commercial);
        const std::regex flag_rows(
            "id,rule,severity,status,supplier,contract,kpi,period,raised,authority,detail,closed,"
            "dismissed_by,dismiss_reason\r\n"
            "1,missing_return,low,resolved,GB-COH-01234567,DWP-2026-0001,,2026-09,"
            "2026-10-15T09:0[0-4]:[0-5][0-9]Z,GB-GOV-DWP,\"[^\"\r\n]*2026-09[^\"\r\n]*\","
            "2026-10-15T09:0[0-4]:[0-5][0-9]Z,,\r\n");
        BOOST_TEST(std::regex_match(flags.body, flag_rows), flags.body);
        // The dashboard: the summary's section,key,metric,value lines; its totals for what
        // DWP's team sees (two suppliers, two contracts, both active, no open flag) and the
        // mean of the one scored contract.
        auto dashboard = srv.get("/dashboard.csv", srv.commercial);
        BOOST_TEST(dashboard.body.rfind("section,key,metric,value\r\n", 0) == 0u, dashboard.body);
        for (const std::string line :
             {"\r\ntotals,,suppliers,2\r\n", "\r\ntotals,,contracts,2\r\n",
              "\r\ntotals,,active_contracts,2\r\n", "\r\ntotals,,open_flags,0\r\n",
              "\r\nratings,,mean_score,83.3\r\n"})
            BOOST_TEST(contains(dashboard.body, line), line << " in\n" << dashboard.body);
    });
}

BOOST_AUTO_TEST_CASE(flags_are_dismissed_and_reviews_moved_from_the_pages) {
    for_each_world([](RunningServer& srv) {
        // CALLS 50 is below the minimum 85: inadequate, so an inadequate_kpi flag (high) and,
        // for a supplier with a high flag, a proposed partnership review (SPEC §4).
        auto posted = form_post(srv, std::string("/contracts/") + kContractA + "/return",
                                "period=2026-09&value.CALLS=50&value.COMPLAINTS=4", srv.supplier_a);
        BOOST_REQUIRE_EQUAL(posted.status, 303);
        auto flags =
            api_list(srv, "flags", std::string("rule=inadequate_kpi&contract=") + kContractA,
                     srv.commercial);
        BOOST_REQUIRE_EQUAL(flags->size(), 1u);
        std::string flag = flags->getObject(0)->getValue<std::string>("id");

        auto list = srv.get("/flags", srv.commercial);
        BOOST_TEST(contains(list.body, "href=\"/flags/" + flag + "/dismiss\""));
        BOOST_TEST(!contains(srv.get("/flags", srv.minister).body, "/dismiss\""));
        auto blank = form_post(srv, "/flags/" + flag + "/dismiss", "reason=", srv.commercial);
        BOOST_TEST(blank.status == 422);
        BOOST_TEST(contains(blank.body, "href=\"#reason\""));
        BOOST_TEST(
            form_post(srv, "/flags/" + flag + "/dismiss", "reason=x", srv.supplier_a).status ==
            403);
        auto dismissed = form_post(srv, "/flags/" + flag + "/dismiss",
                                   "reason=Known+outage%2C+agreed+with+DWP", srv.commercial);
        BOOST_TEST(dismissed.status == 303);
        auto dismissed_flags = api_list(
            srv, "flags", std::string("status=dismissed&contract=") + kContractA, srv.commercial);
        BOOST_REQUIRE_EQUAL(dismissed_flags->size(), 1u);
        BOOST_TEST(dismissed_flags->getObject(0)->getValue<std::string>("dismiss_reason") ==
                   "Known outage, agreed with DWP");

        // Supplier A's review (supplier B, missing its returns as of today, may have one too).
        auto reviews =
            api_list(srv, "reviews", std::string("supplier=") + kSupplierA, srv.commercial);
        BOOST_REQUIRE_EQUAL(reviews->size(), 1u);
        std::string review = "/reviews/" + reviews->getObject(0)->getValue<std::string>("id");
        auto page = srv.get(review, srv.supplier_a);
        BOOST_TEST(page.status == 200);
        BOOST_TEST(contains(page.body, "id=\"add-comment\""));
        BOOST_TEST(!contains(page.body, "id=\"transition\""));  // suppliers do not move reviews
        BOOST_TEST(
            form_post(srv, review + "/comments", "text=We+have+a+recovery+plan", srv.supplier_a)
                .status == 303);
        BOOST_TEST(
            form_post(srv, review + "/transitions", "to=scheduled&note=x", srv.supplier_a).status ==
            403);
        auto no_note =
            form_post(srv, review + "/transitions", "to=scheduled&note=", srv.commercial);
        BOOST_TEST(no_note.status == 422);
        BOOST_TEST(contains(no_note.body, "govuk-error-summary"));
        BOOST_TEST(form_post(srv, review + "/transitions", "to=scheduled&note=Meeting+on+Monday",
                             srv.commercial)
                       .status == 303);
        auto moved = srv.get(review, srv.commercial);
        BOOST_TEST(contains(moved.body, "We have a recovery plan"));
        BOOST_TEST(contains(moved.body, "Meeting on Monday"));
        BOOST_TEST(contains(moved.body, "proposed → scheduled"));
        // Another supplier may not see the review at all.
        BOOST_TEST(srv.get(review, srv.supplier_b).status == 403);
    });
}

namespace {

// A GET with the session cookie.
Reply cookie_get(RunningServer& srv, const std::string& path, const std::string& cookie) {
    return srv.call({"GET", path, "", "", "", {{"Cookie", cookie}}});
}

// Posts a form as a browser does: with the session cookie and the page's CSRF field.
Reply browser_post(RunningServer& srv, const std::string& form_page, const std::string& path,
                   const std::string& body, const std::string& cookie) {
    auto form = cookie_get(srv, form_page, cookie);
    BOOST_REQUIRE_MESSAGE(form.status == 200, form_page << ": " << form);
    return form_post(srv, path, body + "&csrf=" + csrf_of(form.body), "", {{"Cookie", cookie}});
}

std::string id_from_location(const Reply& r, const std::string& prefix) {
    std::string location = r.header("location");
    BOOST_REQUIRE_MESSAGE(location.rfind(prefix, 0) == 0, location);
    return location.substr(prefix.size());
}

// Supplier A's 2026-09 return: CALLS 80 (below the minimum 85: inadequate, 0 points, weight
// 40) and COMPLAINTS 4 (at most good 5: good, 100 points, weight 20); the period scores
// (40×0 + 20×100) / 60 = 33.3 and an inadequate_kpi flag (high) opens on CALLS.
void return_with_inadequate_calls(RunningServer& srv) {
    auto posted = form_post(srv, std::string("/contracts/") + kContractA + "/return",
                            "period=2026-09&value.CALLS=80&value.COMPLAINTS=4", srv.supplier_a);
    BOOST_REQUIRE_EQUAL(posted.status, 303);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_rating_dispute_is_raised_and_upheld_from_the_pages) {
    for_each_world([](RunningServer& srv) {
        return_with_inadequate_calls(srv);
        const std::string contract = std::string("/contracts/") + kContractA;
        std::string supplier = sign_in_cookie(srv, "supplier.a");

        // The scorecard offers the supplier "Dispute a rating"; its form lists the KPIs and the
        // one returned period.
        auto card = cookie_get(srv, contract, supplier);
        BOOST_TEST(contains(card.body, "data-period=\"2026-09\">33.3</span>"));
        BOOST_TEST(contains(card.body, "href=\"" + contract + "/dispute\""));
        BOOST_TEST(!contains(srv.get(contract, srv.commercial).body, "id=\"dispute-rating\""));
        auto form = cookie_get(srv, contract + "/dispute", supplier);
        BOOST_TEST(form.status == 200);
        BOOST_TEST(contains(form.body, "<option value=\"CALLS\""));
        BOOST_TEST(contains(form.body, "<option value=\"COMPLAINTS\""));
        BOOST_TEST(contains(form.body, "<option value=\"2026-09\""));
        // Not for the commercial team, nor another supplier.
        BOOST_TEST(srv.get(contract + "/dispute", srv.commercial).status == 403);
        BOOST_TEST(srv.get(contract + "/dispute", srv.supplier_b).status == 403);

        // A blank reason: 422 with the summary linked to the field, nothing raised.
        auto blank = browser_post(srv, contract + "/dispute", contract + "/dispute",
                                  "kpi=CALLS&period=2026-09&reason=", supplier);
        BOOST_TEST(blank.status == 422);
        BOOST_TEST(contains(blank.body, "govuk-error-summary"));
        BOOST_TEST(contains(blank.body, "href=\"#reason\""));
        // 2026-10 has no return: the workflow's 409, shown in the summary.
        auto no_return = browser_post(srv, contract + "/dispute", contract + "/dispute",
                                      "kpi=CALLS&period=2026-10&reason=Wrong", supplier);
        BOOST_TEST(no_return.status == 409);
        BOOST_TEST(contains(no_return.body, "has no return for 2026-10"));

        auto raised = browser_post(srv, contract + "/dispute", contract + "/dispute",
                                   "kpi=CALLS&period=2026-09&reason=The+call+logger+dropped+"
                                   "12+minutes+of+answered+calls",
                                   supplier);
        BOOST_REQUIRE_MESSAGE(raised.status == 303, raised);
        const std::string id = id_from_location(raised, "/disputes/");
        const std::string path = "/disputes/" + id;
        // One open dispute per rating: the second is refused (409) with the summary.
        auto again = browser_post(srv, contract + "/dispute", contract + "/dispute",
                                  "kpi=CALLS&period=2026-09&reason=Again", supplier);
        BOOST_TEST(again.status == 409);
        BOOST_TEST(contains(again.body, "govuk-error-summary"));
        BOOST_TEST(contains(again.body, "is still open"));

        auto shown = cookie_get(srv, path, supplier);
        BOOST_TEST(shown.status == 200);
        BOOST_TEST(contains(shown.body, "Rating of CALLS in 2026-09"));
        BOOST_TEST(contains(shown.body, "dropped 12 minutes of answered calls"));
        BOOST_TEST(contains(shown.body, ">Open</strong>"));
        BOOST_TEST(!contains(shown.body, "id=\"decide\""));  // suppliers do not decide
        // The contract page lists it among the open disputes, linked.
        BOOST_TEST(contains(cookie_get(srv, contract, supplier).body, "href=\"" + path + "\""));
        // The supplier's list shows it; another supplier neither sees nor opens it.
        BOOST_TEST(contains(cookie_get(srv, "/disputes", supplier).body, "href=\"" + path + "\""));
        BOOST_TEST(!contains(srv.get("/disputes", srv.supplier_b).body, "href=\"" + path + "\""));
        BOOST_TEST(srv.get(path, srv.supplier_b).status == 403);

        // Deciding: a commercial user of another authority (HMRC) may not, nor a minister, nor
        // the supplier; nothing changes.
        const std::string decide = path + "/decision";
        const std::string uphold = "decision=upheld&value=92&reason=Logger+fault+confirmed";
        BOOST_TEST(form_post(srv, decide, uphold, srv.commercial_other).status == 403);
        BOOST_TEST(form_post(srv, decide, uphold, srv.minister).status == 403);
        BOOST_TEST(form_post(srv, decide, uphold, srv.supplier_a).status == 403);
        BOOST_TEST(srv.get(path, srv.commercial_other).status == 403);

        std::string commercial = sign_in_cookie(srv, "commercial.dwp");
        BOOST_TEST(contains(cookie_get(srv, path, commercial).body, "id=\"decide\""));
        // Upheld without the corrected figure: 422 linked to the figure's field.
        auto no_value = browser_post(srv, path, decide,
                                     "decision=upheld&value=&reason=Logger+fault", commercial);
        BOOST_TEST(no_value.status == 422);
        BOOST_TEST(contains(no_value.body, "href=\"#value\""));
        // A percentage above 100 breaks a rule of returns: 422, nothing amended.
        auto too_big =
            browser_post(srv, path, decide, "decision=upheld&value=120&reason=x", commercial);
        BOOST_TEST(too_big.status == 422);
        BOOST_TEST(contains(too_big.body, "govuk-error-summary"));
        BOOST_TEST(contains(cookie_get(srv, contract, commercial).body,
                            "data-period=\"2026-09\">33.3</span>"));

        auto upheld = browser_post(srv, path, decide, uphold, commercial);
        BOOST_REQUIRE_MESSAGE(upheld.status == 303, upheld);
        BOOST_TEST(upheld.header("location") == path);
        // CALLS 92 is approaching (>= 90): 75 points × 40; COMPLAINTS still good, 100 × 20;
        // (3000 + 2000) / 60 = 83.3.
        auto after = cookie_get(srv, contract, commercial);
        BOOST_TEST(contains(after.body, "data-period=\"2026-09\">83.3</span>"));
        BOOST_TEST(!contains(after.body, "id=\"open-disputes\""));
        auto decided = cookie_get(srv, path, supplier);
        BOOST_TEST(contains(decided.body, ">Upheld</strong>"));
        BOOST_TEST(contains(decided.body, "Logger fault confirmed"));
        BOOST_TEST(contains(decided.body,
                            "<dd class=\"govuk-summary-list__value\" "
                            "id=\"dispute-figure\">92 (version 2)"));
        // Decided once only: 409 with the summary.
        auto twice = browser_post(srv, "/disputes/" + id + "?again", decide,
                                  "decision=rejected&reason=No", commercial);
        BOOST_TEST(twice.status == 409);
        BOOST_TEST(contains(twice.body, "was already decided"));
    });
}

BOOST_AUTO_TEST_CASE(a_flag_dispute_is_raised_from_the_flag_list_and_rejected_with_a_reason) {
    for_each_world([](RunningServer& srv) {
        return_with_inadequate_calls(srv);
        auto flags =
            api_list(srv, "flags", std::string("rule=inadequate_kpi&contract=") + kContractA,
                     srv.commercial);
        BOOST_REQUIRE_EQUAL(flags->size(), 1u);
        const std::string flag = flags->getObject(0)->getValue<std::string>("id");
        // The supplier's flag list and its contract page offer "Dispute"; the commercial
        // team's list offers "Dismiss" instead.
        const std::string link = "href=\"/flags/" + flag + "/dispute\"";
        BOOST_TEST(contains(srv.get("/flags", srv.supplier_a).body, link));
        BOOST_TEST(
            contains(srv.get(std::string("/contracts/") + kContractA, srv.supplier_a).body, link));
        BOOST_TEST(!contains(srv.get("/flags", srv.commercial).body, link));
        BOOST_TEST(srv.get("/flags/" + flag + "/dispute", srv.supplier_b).status == 403);

        std::string supplier = sign_in_cookie(srv, "supplier.a");
        const std::string form = "/flags/" + flag + "/dispute";
        // A reason a spreadsheet would take for a formula, to see it neutralised in the CSV.
        auto raised =
            browser_post(srv, form, form, "reason=%3DHYPERLINK(%22x%22)+storm+outage", supplier);
        BOOST_REQUIRE_MESSAGE(raised.status == 303, raised);
        const std::string id = id_from_location(raised, "/disputes/");
        const std::string path = "/disputes/" + id;
        BOOST_TEST(contains(cookie_get(srv, path, supplier).body, "Flag " + flag + " (CALLS"));

        std::string commercial = sign_in_cookie(srv, "commercial.dwp");
        // Rejected with an empty reason: 422 and the error summary linked to the reason.
        auto blank =
            browser_post(srv, path, path + "/decision", "decision=rejected&reason=", commercial);
        BOOST_TEST(blank.status == 422);
        BOOST_TEST(contains(blank.body, "govuk-error-summary"));
        BOOST_TEST(contains(blank.body, "href=\"#reason\">Enter the reason for the decision"));
        // No decision chosen: linked to the first radio.
        auto none = browser_post(srv, path, path + "/decision", "reason=x", commercial);
        BOOST_TEST(none.status == 422);
        BOOST_TEST(contains(none.body, "href=\"#decision\""));
        auto rejected = browser_post(srv, path, path + "/decision",
                                     "decision=rejected&reason=The+outage+was+planned", commercial);
        BOOST_TEST(rejected.status == 303);
        BOOST_TEST(contains(cookie_get(srv, path, supplier).body, ">Rejected</strong>"));
        // Rejecting changes nothing else: the flag is still open.
        auto open = api_list(srv, "flags",
                             std::string("status=open&rule=inadequate_kpi&contract=") + kContractA,
                             srv.commercial);
        BOOST_REQUIRE_EQUAL(open->size(), 1u);
        BOOST_TEST(open->getObject(0)->getValue<std::string>("id") == flag);

        // The status filter.
        BOOST_TEST(contains(srv.get("/disputes?status=rejected", srv.commercial).body,
                            "href=\"" + path + "\""));
        BOOST_TEST(!contains(srv.get("/disputes?status=open", srv.commercial).body,
                             "href=\"" + path + "\""));

        // /disputes.csv: the header and the row, the reason neutralised with a quote.
        auto csv = srv.get("/disputes.csv", srv.commercial);
        BOOST_TEST(csv.status == 200);
        BOOST_TEST(csv.header("content-type") == "text/csv; charset=utf-8");
        BOOST_TEST(csv.body.rfind("id,supplier,contract,kpi,period,flag,status,reason,raised_by,"
                                  "raised,decided_by,decided,decision_reason\r\n",
                                  0) == 0,
                   csv.body);
        BOOST_TEST(contains(csv.body, id + ",GB-COH-01234567,DWP-2026-0001,CALLS,2026-09," + flag +
                                          ",rejected,\"'=HYPERLINK(\"\"x\"\") storm outage\","
                                          "supplier.a,"),
                   csv.body);
        BOOST_TEST(contains(csv.body, ",commercial.dwp,"));
        BOOST_TEST(contains(csv.body, ",The outage was planned\r\n"));
        // Supplier B sees the header only.
        auto other = srv.get("/disputes.csv", srv.supplier_b);
        BOOST_TEST(std::count(other.body.begin(), other.body.end(), '\n') == 1);

        // /reviews.csv: supplier A's high flag proposed a review (SPEC §4).
        auto reviews = srv.get("/reviews.csv", srv.supplier_a);
        BOOST_TEST(reviews.status == 200);
        BOOST_TEST(reviews.header("content-type") == "text/csv; charset=utf-8");
        BOOST_TEST(contains(reviews.header("content-disposition"), "reviews.csv"));
        BOOST_TEST(reviews.body.rfind("id,supplier,state,opened,reason\r\n", 0) == 0, reviews.body);
        BOOST_TEST(std::count(reviews.body.begin(), reviews.body.end(), '\n') == 2, reviews.body);
        // The one row is the API's review, field by field (its reason names the rule that
        // warranted it; none of them has a comma, so none is quoted).
        auto listed =
            api_list(srv, "reviews", std::string("supplier=") + kSupplierA, srv.supplier_a);
        BOOST_REQUIRE_EQUAL(listed->size(), 1u);
        auto review = listed->getObject(0);
        BOOST_TEST(contains(reviews.body, review->getValue<std::string>("id") +
                                              ",GB-COH-01234567,proposed," +
                                              review->getValue<std::string>("opened") + "," +
                                              review->getValue<std::string>("reason") + "\r\n"),
                   reviews.body);
        BOOST_TEST(contains(reviews.body, " on DWP-2026-0001"), reviews.body);
        // Another authority's commercial user sees no review of DWP's suppliers.
        auto hmrc = srv.get("/reviews.csv", srv.commercial_other);
        BOOST_TEST(std::count(hmrc.body.begin(), hmrc.body.end(), '\n') == 1, hmrc.body);

        // The filters' defaults, as the filter form and the pages' own links send them
        // (issue 16): an empty or "any" choice is no filter. Each list shows what it shows
        // without the filter: the one dispute (rejected) and the one review.
        struct Link {
            std::string path;
            std::string holds;  // text the answer holds
        };
        const std::vector<Link> links = {
            {"/disputes?status=&contract=", "href=\"" + path + "\""},
            {"/disputes?status=any&contract=", "href=\"" + path + "\""},
            {"/disputes?status=&contract=&offset=0", "href=\"" + path + "\""},
            {"/disputes.csv?status=&contract=", "\n" + id + ",GB-COH-01234567,"},
            {"/reviews?state=", "href=\"/reviews/" + review->getValue<std::string>("id") + "\""},
            {"/reviews?state=&offset=0",
             "href=\"/reviews/" + review->getValue<std::string>("id") + "\""},
            {"/reviews.csv?state=", "\n" + review->getValue<std::string>("id") + ",GB-COH-"},
        };
        for (const Link& link : links) {
            auto r = srv.get(link.path, srv.commercial);
            BOOST_TEST(r.status == 200, link.path << ": " << r);
            BOOST_TEST(contains(r.body, link.holds), link.path);
        }
        // The pages' links carry the filter's values as the filter form sends them.
        BOOST_TEST(contains(srv.get("/disputes", srv.commercial).body,
                            "href=\"/disputes.csv?status=&amp;contract=\""));
        BOOST_TEST(contains(srv.get("/reviews?state=proposed", srv.commercial).body,
                            "href=\"/reviews.csv?state=proposed\""));
        // A value that is not a choice is still refused, naming the choices.
        auto bad = srv.get("/reviews?state=asleep", srv.commercial);
        BOOST_TEST(bad.status == 400);
        BOOST_TEST(contains(bad.body, "state must be one of"), bad.body);
    });
}

BOOST_AUTO_TEST_CASE(the_supplier_statement_gives_the_years_figures) {
    for_each_world([](RunningServer& srv) {
        // 2026-09: CALLS 93.2 approaching (75 × 40), COMPLAINTS 6.1 approaching (75 × 20):
        // 4500 / 60 = 75.0, approaching (65 <= 75 < 85).
        // 2026-10: CALLS 96 good (100 × 40), COMPLAINTS 4 good (100 × 20): 100.0, good.
        return_two_periods(srv);
        // The year's mean: (75 + 100) / 2 = 87.5, good (>= 85).
        auto page = srv.get("/statement?year=2026", srv.supplier_a);
        BOOST_REQUIRE_MESSAGE(page.status == 200, page);
        BOOST_TEST(contains(page.body, "Performance statement 2026"));
        BOOST_TEST(contains(page.body, "id=\"statement-supplier\">Acme Services Ltd (" +
                                           std::string(kSupplierA) + ")"));
        BOOST_TEST(contains(page.body, "id=\"statement-size\">Large supplier<"));
        BOOST_TEST(contains(page.body, "id=\"statement-contracts\">1<"));
        BOOST_TEST(contains(page.body, "id=\"statement-periods\">2<"));
        BOOST_TEST(contains(page.body,
                            "id=\"statement-mean\">87.5 <strong class=\"govuk-tag "
                            "govuk-tag--green app-rating\" data-rating=\"good\""));
        BOOST_TEST(contains(page.body, "Department for Work and Pensions"));
        BOOST_TEST(contains(page.body, "data-period=\"2026-09\">75.0</span>"));
        BOOST_TEST(contains(page.body, "data-period=\"2026-10\">100.0</span>"));
        BOOST_TEST(contains(page.body, "id=\"mean-DWP-2026-0001\">87.5</strong>"));
        // Its flags, reviews and disputes have their sections.
        BOOST_TEST(contains(page.body, "<h2 class=\"govuk-heading-l\">Open flags</h2>"));
        BOOST_TEST(contains(page.body, "<h2 class=\"govuk-heading-l\">Disputes</h2>"));
        // Printable: the year chooser and links are hidden in print.
        BOOST_TEST(contains(page.body,
                            "<form method=\"get\" action=\"/statement\" "
                            "class=\"app-no-print\">"));

        // The CSV: one line per scored period, scores to one decimal, the contract's mean.
        auto csv = srv.get("/statement.csv?year=2026", srv.supplier_a);
        BOOST_TEST(csv.status == 200);
        BOOST_TEST(csv.body ==
                       "supplier,supplier_name,size,year,contract,title,authority,period,score,"
                       "rating,contract_mean\r\n"
                       "GB-COH-01234567,Acme Services Ltd,large,2026,DWP-2026-0001,Contact centre "
                       "services,GB-GOV-DWP,2026-09,75,approaching,87.5\r\n"
                       "GB-COH-01234567,Acme Services Ltd,large,2026,DWP-2026-0001,Contact centre "
                       "services,GB-GOV-DWP,2026-10,100,good,87.5\r\n",
                   csv.body);

        // 2025: the contract (from 2026-09-01) did not run.
        auto before = srv.get("/statement?year=2025", srv.supplier_a);
        BOOST_TEST(contains(before.body, "id=\"statement-contracts\">0<"));
        BOOST_TEST(contains(before.body, "id=\"statement-mean\">–<"));
        // Supplier B's statement is its own: none of A's figures.
        auto b = srv.get("/statement?year=2026", srv.supplier_b);
        BOOST_TEST(b.status == 200);
        BOOST_TEST(contains(b.body, "Brightside Support CIC"));
        BOOST_TEST(!contains(b.body, kContractA));
        // Statements are for supplier accounts; a year out of range is a bad request.
        BOOST_TEST(srv.get("/statement", srv.commercial).status == 403);
        BOOST_TEST(srv.get("/statement?year=1999", srv.supplier_a).status == 400);
    });
}

namespace {

// The links of a page as a browser follows them: href values with "&amp;" read back as "&".
std::vector<std::string> hrefs_matching(const std::string& html, const std::string& pattern) {
    std::vector<std::string> out;
    const std::regex href("href=\"(" + pattern + ")\"");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), href);
         it != std::sregex_iterator(); ++it)
        out.push_back(std::regex_replace((*it)[1].str(), std::regex("&amp;"), "&"));
    return out;
}

// The contract ids of a contract list page's rows, in the order shown.
std::vector<std::string> listed_contracts(const std::string& html) {
    std::vector<std::string> out;
    for (const std::string& href : hrefs_matching(html, "/contracts/[^\"/]+"))
        out.push_back(href.substr(std::string("/contracts/").size()));
    return out;
}

// "DWP-P-07": the n-th contract of the paging world.
std::string paging_id(int n) {
    return std::string("DWP-P-") + (n < 10 ? "0" : "") + std::to_string(n);
}

// "GB-PAGE-07": the n-th supplier of the paging world.
std::string paging_supplier(int n) {
    return "GB-PAGE-" + paging_id(n).substr(6);
}

// Sixty DWP contracts DWP-P-01 … DWP-P-60, the n-th worth £1,000 × n and held by supplier
// GB-PAGE-n ("Supplier n", small when n is even); every tenth contract has expired. More
// than one page of 50 of each, so that the lists page.
std::string paging_feed() {
    using namespace scorecard::testing;
    FeedBuilder feed;
    feed.generated("2026-09-01T09:00:00Z")
        .authority(kAuthority, "Department for Work and Pensions");
    for (int n = 1; n <= 60; ++n)
        feed.supplier(paging_supplier(n), "Supplier " + paging_id(n).substr(6),
                      n % 2 == 0 ? SizeClass::kSmall : SizeClass::kLarge);
    for (int n = 1; n <= 60; ++n) {
        Contract c = contract(paging_id(n), kAuthority, paging_supplier(n), "Paged contract",
                              "2026-09-01", "2028-08-31", 1000.0 * n, Frequency::kMonthly);
        if (n % 10 == 0)
            c.status = ContractStatus::kExpired;
        feed.contract(c).kpi(kpi("CALLS", "Calls answered within 60 seconds", Unit::kPercent,
                                 Direction::kHigher, 40, {95, 90, 85}));
    }
    return feed.xml();
}

// The supplier ids of a supplier list page's rows, in the order shown.
std::vector<std::string> listed_suppliers(const std::string& html) {
    std::vector<std::string> out;
    for (const std::string& href : hrefs_matching(html, "/suppliers/[^\"/]+"))
        out.push_back(href.substr(std::string("/suppliers/").size()));
    return out;
}

}  // namespace

// Issue 16: the list forms send every field, empty ones included, and the defaults; each
// answer is the list, and every link from it (pages, CSV) keeps the filters.
BOOST_AUTO_TEST_CASE(the_contract_list_takes_its_forms_defaults_and_keeps_filters_across_pages) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db, 256 * 1024);
        BOOST_REQUIRE_EQUAL(srv.post_xml("/api/v1/feeds", srv.commercial, paging_feed()).status,
                            201);
        for (const char* path :
             {"/contracts?q=&status=&sort=id", "/contracts?q=&status=&authority=&sort=id",
              "/contracts?q=&status=&supplier=&sort=&offset=",
              "/contracts.csv?q=&status=&sort=id"}) {
            for (const std::string* token : {&srv.commercial, &srv.minister}) {
                auto r = srv.get(path, *token);
                BOOST_TEST(r.status == 200, path << ": " << r);
            }
        }
        // The defaults: by id, the first 50 of 60.
        auto first = srv.get("/contracts?q=&status=&sort=id", srv.commercial);
        std::vector<std::string> ids = listed_contracts(first.body);
        BOOST_REQUIRE_EQUAL(ids.size(), 50U);
        BOOST_TEST(ids.front() == "DWP-P-01");
        BOOST_TEST(ids.back() == "DWP-P-50");
        BOOST_TEST(contains(first.body, "60 contracts, showing 1 to 50"));

        // Active (54 of 60), largest value first: 59, 58, …, 51, 49, …, 5 on the first page
        // (the tens have expired), then 4, 3, 2, 1.
        const std::string filtered = "/contracts?q=P-&status=active&sort=value";
        auto page1 = srv.get(filtered, srv.commercial);
        BOOST_REQUIRE_EQUAL(page1.status, 200);
        ids = listed_contracts(page1.body);
        BOOST_REQUIRE_EQUAL(ids.size(), 50U);
        BOOST_TEST(ids[0] == "DWP-P-59");
        BOOST_TEST(ids[1] == "DWP-P-58");
        BOOST_TEST(ids[8] == "DWP-P-51");
        BOOST_TEST(ids[9] == "DWP-P-49");
        BOOST_TEST(ids[49] == "DWP-P-05");
        BOOST_TEST(contains(page1.body, "54 contracts, showing 1 to 50"));
        // The form shows the filters it was sent.
        BOOST_TEST(contains(page1.body, R"(id="q" name="q" type="text" value="P-")"));
        BOOST_TEST(contains(page1.body, R"(<option value="active" selected>)"));
        BOOST_TEST(contains(page1.body, R"(<option value="value" selected>)"));

        // "Next page" and the CSV download keep the filters.
        std::vector<std::string> next =
            hrefs_matching(page1.body, "/contracts\\?[^\"]*offset=[^\"]*");
        BOOST_REQUIRE_EQUAL(next.size(), 1U);
        BOOST_TEST(next[0] == filtered + "&offset=50");
        std::vector<std::string> csv = hrefs_matching(page1.body, "/contracts\\.csv[^\"]*");
        BOOST_REQUIRE_EQUAL(csv.size(), 1U);
        BOOST_TEST(csv[0] == "/contracts.csv?q=P-&status=active&sort=value");

        auto page2 = srv.get(next[0], srv.commercial);
        BOOST_REQUIRE_EQUAL(page2.status, 200);
        BOOST_TEST(listed_contracts(page2.body) ==
                       (std::vector<std::string>{"DWP-P-04", "DWP-P-03", "DWP-P-02", "DWP-P-01"}),
                   boost::test_tools::per_element());
        BOOST_TEST(contains(page2.body, "54 contracts, showing 51 to 54"));
        std::vector<std::string> previous = hrefs_matching(page2.body, "/contracts\\?[^\"]*");
        BOOST_TEST((std::find(previous.begin(), previous.end(), filtered) != previous.end()));
        BOOST_TEST(hrefs_matching(page2.body, "/contracts\\.csv[^\"]*").at(0) == csv[0]);

        // The download: every matching contract (not only the page), in the same order.
        auto download = srv.get(csv[0], srv.commercial);
        BOOST_REQUIRE_EQUAL(download.status, 200);
        std::vector<std::string> lines;
        std::istringstream in(download.body);
        for (std::string line; std::getline(in, line);)
            lines.push_back(line.substr(0, line.find(',')));
        BOOST_REQUIRE_EQUAL(lines.size(), 55U);  // the header and 54 contracts
        BOOST_TEST(lines[1] == "DWP-P-59");
        BOOST_TEST(lines[10] == "DWP-P-49");
        BOOST_TEST(lines[54] == "DWP-P-01");

        // A value that is no choice is still an error, said plainly.
        auto bad = srv.get("/contracts?status=finished", srv.commercial);
        BOOST_TEST(bad.status == 400);
        BOOST_TEST(contains(bad.body, "status must be one of"));
    });
}

BOOST_AUTO_TEST_CASE(the_flag_list_takes_its_forms_defaults_and_keeps_filters_in_its_links) {
    for_each_world([](RunningServer& srv) {
        for (const char* path :
             {"/flags?status=&severity=&rule=", "/flags?status=open&severity=&rule=",
              "/flags?status=any&severity=&rule=&supplier=&contract=&offset=",
              "/flags.csv?status=&severity=&rule="}) {
            for (const std::string* token : {&srv.commercial, &srv.minister, &srv.supplier_a}) {
                auto r = srv.get(path, *token);
                BOOST_TEST(r.status == 200, path << ": " << r);
            }
        }
        const std::string filtered =
            std::string("/flags?status=any&severity=high&rule=missing_return&contract=") +
            kContractA;
        auto page = srv.get(filtered, srv.commercial);
        BOOST_REQUIRE_EQUAL(page.status, 200);
        BOOST_TEST(contains(page.body, R"(<option value="any" selected>)"));
        BOOST_TEST(contains(page.body, R"(<option value="high" selected>)"));
        BOOST_TEST(contains(page.body, R"(<option value="missing_return" selected>)"));
        // The contract has no field in the form: it goes along hidden.
        BOOST_TEST(contains(
            page.body,
            std::string(R"(<input type="hidden" name="contract" value=")") + kContractA + "\">"));
        std::vector<std::string> csv = hrefs_matching(page.body, "/flags\\.csv[^\"]*");
        BOOST_REQUIRE_EQUAL(csv.size(), 1U);
        BOOST_TEST(csv[0] == std::string("/flags.csv?status=any&severity=high&rule=missing_return"
                                         "&contract=") +
                                 kContractA);
        BOOST_TEST(srv.get(csv[0], srv.commercial).status == 200);
    });
}

BOOST_AUTO_TEST_CASE(the_supplier_list_takes_its_forms_defaults_and_keeps_filters_across_pages) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db, 256 * 1024);
        BOOST_REQUIRE_EQUAL(srv.post_xml("/api/v1/feeds", srv.commercial, paging_feed()).status,
                            201);
        for (const char* path : {"/suppliers?q=&size_group=&flagged=&sort=name",
                                 "/suppliers?q=&size_group=&flagged=&authority=&sort=&offset=",
                                 "/suppliers.csv?q=&size_group=&flagged=&sort=name"}) {
            for (const std::string* token : {&srv.commercial, &srv.minister, &srv.admin}) {
                auto r = srv.get(path, *token);
                BOOST_TEST(r.status == 200, path << ": " << r);
            }
        }
        // By id, the first 50 of 60; the next page the other ten, the filters kept.
        const std::string filtered = "/suppliers?q=GB-PAGE&sort=id";
        auto page1 = srv.get(filtered, srv.commercial);
        BOOST_REQUIRE_EQUAL(page1.status, 200);
        std::vector<std::string> ids = listed_suppliers(page1.body);
        BOOST_REQUIRE_EQUAL(ids.size(), 50U);
        BOOST_TEST(ids.front() == "GB-PAGE-01");
        BOOST_TEST(ids[1] == "GB-PAGE-02");
        BOOST_TEST(ids.back() == "GB-PAGE-50");
        BOOST_TEST(contains(page1.body, "60 suppliers, showing 1 to 50"));
        BOOST_TEST(contains(page1.body, R"(id="q" name="q" type="text" value="GB-PAGE")"));
        BOOST_TEST(contains(page1.body, R"(<option value="id" selected>)"));
        std::vector<std::string> next =
            hrefs_matching(page1.body, "/suppliers\\?[^\"]*offset=[^\"]*");
        BOOST_REQUIRE_EQUAL(next.size(), 1U);
        BOOST_TEST(next[0] == filtered + "&offset=50");
        auto page2 = srv.get(next[0], srv.commercial);
        ids = listed_suppliers(page2.body);
        BOOST_REQUIRE_EQUAL(ids.size(), 10U);
        BOOST_TEST(ids.front() == "GB-PAGE-51");
        BOOST_TEST(ids.back() == "GB-PAGE-60");

        // SMEs (the even thirty), and their CSV download with the same filters.
        auto smes = srv.get("/suppliers?size_group=sme&sort=id", srv.commercial);
        ids = listed_suppliers(smes.body);
        BOOST_REQUIRE_EQUAL(ids.size(), 30U);
        BOOST_TEST(ids.front() == "GB-PAGE-02");
        BOOST_TEST(ids.back() == "GB-PAGE-60");
        BOOST_TEST(contains(smes.body, R"(<option value="sme" selected>)"));
        std::vector<std::string> csv = hrefs_matching(smes.body, "/suppliers\\.csv[^\"]*");
        BOOST_REQUIRE_EQUAL(csv.size(), 1U);
        BOOST_TEST(csv[0] == "/suppliers.csv?size_group=sme&sort=id");
        auto download = srv.get(csv[0], srv.commercial);
        BOOST_REQUIRE_EQUAL(download.status, 200);
        BOOST_TEST(std::count(download.body.begin(), download.body.end(), '\n') == 31);
        BOOST_TEST(contains(download.body, "\nGB-PAGE-02,Supplier 02,small,sme,"));

        BOOST_TEST(srv.get("/suppliers?flagged=maybe", srv.commercial).status == 400);
        BOOST_TEST(srv.get("/suppliers?sort=size", srv.commercial).status == 400);
    });
}
