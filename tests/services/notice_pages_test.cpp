// The contract performance notice pages without a browser (docs/notices.md "On the pages"),
// on every database: the draft form and the rating-change form refuse at their fields (422,
// the error summary linked to the field, what was typed kept), a form without its CSRF
// token is refused (403) and changes nothing, and the path's steps are offered only to whom
// model/access.h and model/notices.h allow. tests/browser/notices_flow.mjs walks the whole
// path in chromium.
//
// The world (services_test_support.h): DWP-2026-0001, worth 12,500,000, 2026-09-01 to
// 2028-08-31, monthly, KPIs CALLS (weight 40) and COMPLAINTS (weight 20), supplier A. With
// no return in the window both are proposed `other` ("no return in the window", SPEC §7.2).
#include <boost/test/unit_test.hpp>

#include <regex>
#include <string>

#include "services_test_support.h"
#include "test_server.h"

using namespace scorecard;
using namespace scorecard::services::testing;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A form posted with the session cookie.
Reply cookie_post(RunningServer& srv, const std::string& path, const std::string& body,
                  const std::string& cookie) {
    return form_post(srv, path, body, "", {{"Cookie", cookie}});
}

Reply cookie_get(RunningServer& srv, const std::string& path, const std::string& cookie) {
    return srv.call({"GET", path, "", "", "", {{"Cookie", cookie}}});
}

std::string csrf_on(const Reply& page) {
    BOOST_REQUIRE_MESSAGE(page.status == 200, page);
    return csrf_of(page.body);
}

const std::string kDraftForm = std::string("/contracts/") + kContractA + "/notices/new";
const std::string kDraftAction = std::string("/contracts/") + kContractA + "/notices";

// Drafts a notice of DWP-2026-0001 for 2026-09 from the page; returns its path.
std::string draft_from_the_page(RunningServer& srv, const std::string& cookie) {
    const std::string csrf = csrf_on(cookie_get(srv, kDraftForm, cookie));
    auto r = cookie_post(srv, kDraftAction, "first=2026-09&last=2026-09&csrf=" + csrf, cookie);
    BOOST_REQUIRE_MESSAGE(r.status == 303, r);
    const std::string location = r.header("location");
    BOOST_REQUIRE_MESSAGE(std::regex_match(location, std::regex("/notices/[0-9]+\\?done=drafted")),
                          location);
    return location.substr(0, location.find('?'));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(notice_pages)

BOOST_AUTO_TEST_CASE(the_draft_form_refuses_a_bad_window_at_its_field) {
    for_each_world([](RunningServer& srv) {
        const std::string cookie = sign_in_cookie(srv, "commercial.dwp");
        const std::string csrf = csrf_on(cookie_get(srv, kDraftForm, cookie));
        struct Case {
            const char* name;
            std::string body;
            std::string field;
        };
        const Case cases[] = {
            {"first not a period", "first=spring&last=2026-09", "first"},
            {"last not a period", "first=2026-09&last=", "last"},
            // 2026-08 is before the contract's start, 2026-09-01: check_window refuses it.
            {"window before the contract", "first=2026-08&last=2026-09", "first"},
            {"a KPI the contract has not", "first=2026-09&last=2026-09&kpis=NOPE", "kpis"},
        };
        for (const Case& c : cases) {
            BOOST_TEST_CONTEXT(c.name) {
                auto r = cookie_post(srv, kDraftAction, c.body + "&csrf=" + csrf, cookie);
                BOOST_TEST(r.status == 422, r);
                BOOST_TEST(contains(r.body, "govuk-error-summary"));
                BOOST_TEST(contains(r.body, "<a href=\"#" + c.field + "\">"), r.body);
            }
        }
        // What was typed comes back in its field.
        auto r = cookie_post(srv, kDraftAction, "first=spring&last=2026-09&csrf=" + csrf, cookie);
        BOOST_TEST(contains(r.body, "value=\"spring\""));
        // Nothing was drafted.
        BOOST_TEST(contains(cookie_get(srv, "/notices", cookie).body, "no notices to show"));
    });
}

BOOST_AUTO_TEST_CASE(a_changed_rating_needs_a_reason_and_every_form_its_csrf_token) {
    for_each_world([](RunningServer& srv) {
        const std::string cookie = sign_in_cookie(srv, "commercial.dwp");
        const std::string notice = draft_from_the_page(srv, cookie);
        auto page = cookie_get(srv, notice, cookie);
        BOOST_TEST(page.status == 200);
        // No return in 2026-09: CALLS is proposed `other` (SPEC §7.2).
        BOOST_TEST(contains(page.body, "no return in the window"));
        BOOST_TEST(contains(page.body, "data-state=\"draft\""));

        const std::string form = notice + "/ratings?kpi=CALLS";
        const std::string csrf = csrf_on(cookie_get(srv, form, cookie));
        // good differs from the proposal (other) and has no reason: 422 at the reason.
        auto refused = cookie_post(srv, notice + "/ratings",
                                   "kpi=CALLS&rating=good&reason=&csrf=" + csrf, cookie);
        BOOST_TEST(refused.status == 422, refused);
        BOOST_TEST(contains(refused.body, "<a href=\"#reason\">"), refused.body);
        BOOST_TEST(contains(refused.body, "needs a reason"));
        BOOST_TEST(contains(refused.body, "id=\"reason-error\""));
        // The chosen rating is still chosen.
        BOOST_TEST(std::regex_search(refused.body,
                                     std::regex("id=\"rating-good\"[^>]*value=\"good\" checked")));
        // No rating chosen: 422 at the radios.
        auto no_rating =
            cookie_post(srv, notice + "/ratings", "kpi=CALLS&reason=x&csrf=" + csrf, cookie);
        BOOST_TEST(no_rating.status == 422, no_rating);
        BOOST_TEST(contains(no_rating.body, "<a href=\"#rating\">"), no_rating.body);

        // Without the CSRF token, or with another: 403, and the rating is unchanged.
        const std::string body = "kpi=CALLS&rating=good&reason=Met+after+the+outage";
        BOOST_TEST(cookie_post(srv, notice + "/ratings", body, cookie).status == 403);
        BOOST_TEST(cookie_post(srv, notice + "/ratings", body + "&csrf=forged", cookie).status ==
                   403);
        BOOST_TEST(cookie_post(srv, notice + "/transitions", "to=with_supplier", cookie).status ==
                   403);
        BOOST_TEST(cookie_post(srv, kDraftAction, "first=2026-09&last=2026-09", cookie).status ==
                   403);
        BOOST_TEST(contains(cookie_get(srv, notice, cookie).body, "data-state=\"draft\""));
        BOOST_TEST(!contains(cookie_get(srv, notice, cookie).body, "Met after the outage"));

        // With the token and a reason: 303 to the notice with its banner, rated good.
        auto saved = cookie_post(srv, notice + "/ratings", body + "&csrf=" + csrf, cookie);
        BOOST_TEST(saved.status == 303, saved);
        BOOST_TEST(saved.header("location") == notice + "?done=rated");
        auto after = cookie_get(srv, notice + "?done=rated", cookie);
        BOOST_TEST(contains(after.body, "Rating changed."));
        // The authority's rating cell (COMPLAINTS stays `other`, so this one is CALLS's).
        BOOST_TEST(contains(after.body, "<td class=\"govuk-table__cell\" data-rating=\"good\">"));
        BOOST_TEST(contains(after.body, "Met after the outage"));
    });
}

BOOST_AUTO_TEST_CASE(steps_are_offered_to_whom_the_rules_allow) {
    for_each_world([](RunningServer& srv) {
        const std::string drafter = sign_in_cookie(srv, "commercial.dwp");
        const std::string notice = draft_from_the_page(srv, drafter);
        const std::string supplier = sign_in_cookie(srv, "supplier.a");
        // A draft is not the supplier's to see (model/access.h may_see_notice).
        BOOST_TEST(cookie_get(srv, notice, supplier).status == 403);
        BOOST_TEST(contains(cookie_get(srv, notice, drafter).body, "id=\"step-send\""));

        auto sent = cookie_post(
            srv, notice + "/transitions",
            "to=with_supplier&note=&csrf=" + csrf_on(cookie_get(srv, notice, drafter)), drafter);
        BOOST_TEST(sent.status == 303, sent);
        auto mine = cookie_get(srv, notice, drafter);
        // The drafter is not offered approval, and is told why; sending back is offered.
        BOOST_TEST(!contains(mine.body, "id=\"step-approve\""));
        BOOST_TEST(contains(mine.body, "a second commercial user of the authority approves it"));
        BOOST_TEST(contains(mine.body, "id=\"step-back\""));
        // Going back to draft needs a note: 422 at that form's field, on the notice page.
        auto back = cookie_post(srv, notice + "/transitions",
                                "to=draft&note=&csrf=" + csrf_on(mine), drafter);
        BOOST_TEST(back.status == 422, back);
        BOOST_TEST(contains(back.body, "<a href=\"#note-back\">"), back.body);
        // Forcing approval anyway: 409 with the reason in the error summary.
        auto forced = cookie_post(srv, notice + "/transitions",
                                  "to=approved&note=&csrf=" + csrf_on(mine), drafter);
        BOOST_TEST(forced.status == 409, forced);
        BOOST_TEST(contains(forced.body, "govuk-error-summary"));

        // The supplier sees it now, may agree and comment, and may not approve (403).
        auto theirs = cookie_get(srv, notice, supplier);
        BOOST_TEST(theirs.status == 200);
        BOOST_TEST(contains(theirs.body, "id=\"agree\""));
        BOOST_TEST(contains(theirs.body, "id=\"add-comment\""));
        BOOST_TEST(!contains(theirs.body, "id=\"step-"));
        BOOST_TEST(cookie_post(srv, notice + "/transitions",
                               "to=approved&note=&csrf=" + csrf_on(theirs), supplier)
                       .status == 403);
        // An empty comment: 422 at the comment's field.
        auto blank =
            cookie_post(srv, notice + "/comments", "text=+&csrf=" + csrf_on(theirs), supplier);
        BOOST_TEST(blank.status == 422, blank);
        BOOST_TEST(contains(blank.body, "<a href=\"#text\">"), blank.body);
    });
}

BOOST_AUTO_TEST_SUITE_END()
