// The web pages (issue #7) without a browser: the real server on port 0 over the small
// world, on every database. Statuses, redirects, sign-in and its cookie, CSRF refusal,
// escaping, access control and the return form through the import pipeline.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <regex>

#include "services_test_support.h"
#include "test_server.h"

using namespace scorecard;
using namespace scorecard::services::testing;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

Reply form_post(RunningServer& srv, const std::string& path, const std::string& body,
                const std::string& token = {},
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    return srv.call(
        {"POST", path, token, "application/x-www-form-urlencoded", body, std::move(headers)});
}

// Signs in through the form; returns "scorecard_session=…".
std::string sign_in_cookie(RunningServer& srv, const std::string& name) {
    auto r = form_post(srv, "/sign-in", "name=" + name + "&password=correct+horse+battery+staple");
    BOOST_REQUIRE_MESSAGE(r.status == 303, r);
    std::smatch m;
    std::string cookie = r.header("set-cookie");
    BOOST_REQUIRE(std::regex_search(cookie, m, std::regex("scorecard_session=[^;]+")));
    return m.str();
}

std::string csrf_of(const std::string& html) {
    std::smatch m;
    BOOST_REQUIRE(std::regex_search(html, m, std::regex("name=\"csrf\" value=\"([^\"]+)\"")));
    return m[1];
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
        auto wrong = form_post(srv, "/sign-in", "name=minister&password=nope");
        BOOST_TEST(wrong.status == 401);
        BOOST_TEST(contains(wrong.body, "govuk-error-summary"));
        BOOST_TEST(wrong.header("set-cookie").empty());
        auto empty = form_post(srv, "/sign-in", "name=&password=");
        BOOST_TEST(empty.status == 400);
        BOOST_TEST(contains(empty.body, "href=\"#name\">Enter your user name"));
        BOOST_TEST(contains(empty.body, "href=\"#password\">Enter your password"));

        auto local = form_post(srv, "/sign-in",
                               "name=minister&password=correct+horse+battery+staple&next=%2Fflags");
        BOOST_TEST(local.status == 303);
        BOOST_TEST(local.header("location") == "/flags");
        BOOST_TEST(contains(local.header("set-cookie"), "scorecard_session="));
        // Another site, or a scheme-relative URL, is never a destination.
        for (std::string next :
             {"https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example%2F", "%2F%5Cevil.example"}) {
            auto r = form_post(srv, "/sign-in",
                               "name=minister&password=correct+horse+battery+staple&next=" + next);
            BOOST_TEST(r.header("location") == "/", next);
        }
    });
}

BOOST_AUTO_TEST_CASE(a_signed_in_session_opens_pages_and_each_role_has_its_start_page) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
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
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
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
        std::string feed = world_feed();
        auto at = feed.find("Acme Services Ltd");
        BOOST_REQUIRE(at != std::string::npos);
        feed.replace(at, 17, "Acme &lt;script&gt;alert(1)&lt;/script&gt; Ltd");
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
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
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
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
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

BOOST_AUTO_TEST_CASE(every_table_downloads_as_csv) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        for (const auto& path :
             {std::string("/contracts.csv"), std::string("/flags.csv?status=any"),
              std::string("/contracts/") + kContractA + "/scorecard.csv",
              std::string("/suppliers/") + kSupplierA + "/scorecard.csv",
              std::string("/dashboard.csv"),
              std::string("/reports/annual.csv?authority=GB-GOV-DWP&year=2026")}) {
            auto r = srv.get(path, srv.commercial);
            BOOST_TEST(r.status == 200, path << ": " << r);
            BOOST_TEST(r.header("content-type") == "text/csv; charset=utf-8", path);
            BOOST_TEST(contains(r.header("content-disposition"), "attachment"), path);
        }
        // The contract list: a header and the world's two DWP contracts.
        auto list = srv.get("/contracts.csv", srv.commercial);
        BOOST_TEST(std::count(list.body.begin(), list.body.end(), '\n') == 3);
    });
}

BOOST_AUTO_TEST_CASE(flags_are_dismissed_and_reviews_moved_from_the_pages) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        // CALLS 50 is below the minimum 85: inadequate, so an inadequate_kpi flag (high) and,
        // for a supplier with a high flag, a proposed partnership review (SPEC §4).
        auto posted = form_post(srv, std::string("/contracts/") + kContractA + "/return",
                                "period=2026-09&value.CALLS=50&value.COMPLAINTS=4", srv.supplier_a);
        BOOST_REQUIRE_EQUAL(posted.status, 303);
        auto flags =
            srv.get(std::string("/api/v1/flags?rule=inadequate_kpi&contract=") + kContractA,
                    srv.commercial)
                .json()
                ->getArray("flags");
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
        auto dismissed_flags =
            srv.get(std::string("/api/v1/flags?status=dismissed&contract=") + kContractA,
                    srv.commercial)
                .json()
                ->getArray("flags");
        BOOST_REQUIRE_EQUAL(dismissed_flags->size(), 1u);
        BOOST_TEST(dismissed_flags->getObject(0)->getValue<std::string>("dismiss_reason") ==
                   "Known outage, agreed with DWP");

        // Supplier A's review (supplier B, missing its returns as of today, may have one too).
        auto reviews =
            srv.get(std::string("/api/v1/reviews?supplier=") + kSupplierA, srv.commercial)
                .json()
                ->getArray("reviews");
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
