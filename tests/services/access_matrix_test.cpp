// The access matrix (issue #6): every route of make_router() × every kind of caller × own
// vs another organisation's data, through the real server, on every database.
//
// The expectations are SPEC §1's role table, written out by hand below — not read from
// the route table — so a route that admits the wrong role fails here. A route added to
// the server without a row in this table fails `every_route_is_in_the_matrix`.
//
// The world (tests/services/services_test_support.h): authority GB-GOV-DWP lets contract
// A (DWP-2026-0001) to supplier A and contract B (DWP-2026-0002) to supplier B. A second
// authority, GB-GOV-HMRC, has a commercial user and no contracts. Returns for 2026-09 make
// CALLS on A (80 < minimum 85) and VISITS on B (50 < minimum 60) inadequate: each raises a
// high inadequate_kpi flag, and one open high flag opens a review (SPEC §4) for A and B.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include "services/http/app.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

enum class Who {
    kAnonymous,
    kAdmin,
    kMinister,
    kCommercial,
    kCommercialOther,
    kSupplierA,
    kSupplierB
};

const std::vector<Who> kEveryone = {Who::kAnonymous,  Who::kAdmin,           Who::kMinister,
                                    Who::kCommercial, Who::kCommercialOther, Who::kSupplierA,
                                    Who::kSupplierB};

const char* name_of(Who who) {
    switch (who) {
        case Who::kAnonymous:
            return "anonymous";
        case Who::kAdmin:
            return "admin";
        case Who::kMinister:
            return "minister";
        case Who::kCommercial:
            return "commercial (DWP)";
        case Who::kCommercialOther:
            return "commercial (HMRC)";
        case Who::kSupplierA:
            return "supplier A";
        case Who::kSupplierB:
            return "supplier B";
    }
    return "?";
}

// Who may do what with supplier A's data, by SPEC §1.
const std::set<Who> kSeeA = {Who::kAdmin, Who::kMinister, Who::kCommercial, Who::kSupplierA};
const std::set<Who> kAnySignedIn = {Who::kAdmin,           Who::kMinister,  Who::kCommercial,
                                    Who::kCommercialOther, Who::kSupplierA, Who::kSupplierB};
const std::set<Who> kAll = {Who::kAnonymous,  Who::kAdmin,           Who::kMinister,
                            Who::kCommercial, Who::kCommercialOther, Who::kSupplierA,
                            Who::kSupplierB};
const std::set<Who> kManageA = {Who::kAdmin, Who::kCommercial};
const std::set<Who> kTalkA = {Who::kAdmin, Who::kCommercial, Who::kSupplierA};
const std::set<Who> kAdminOnly = {Who::kAdmin};

// What the world's ids came to on this database.
struct Ids {
    std::string flag_a, review_a, dispute_a, action_a, feed_document, return_document_a,
        spare_token_a;
};

// One row of the matrix: the request, and who gets through. Callers outside `allowed` get
// 401 when anonymous and 403 (or 404, "not yours and not shown") otherwise; a page route
// sends an anonymous caller to sign in (303) instead of 401. Allowed callers get a 2xx, or
// for changes any status but 401/403/404 (an earlier allowed caller may already have made
// the change, e.g. 409 for a second dismissal).
struct Row {
    std::string method;
    std::string pattern;  // as in the route table
    std::function<std::string(const Ids&)> path;
    std::set<Who> allowed;
    std::function<std::string(const Ids&)> json_body;  // POST bodies; may be null
    std::string content_type = "application/json";
};

std::vector<Row> matrix() {
    auto p = [](std::string path) { return [path](const Ids&) { return path; }; };
    auto b = [](std::string body) { return [body](const Ids&) { return body; }; };
    const std::string contract_a = kContractA;
    const std::string supplier_a = kSupplierA;
    return {
        // Health and public data: everyone, no sign-in.
        {"GET", "/healthz", p("/healthz"), kAll, nullptr},
        {"GET", "/readyz", p("/readyz"), kAll, nullptr},
        {"GET", "/metrics", p("/metrics"), kAll, nullptr},
        {"GET", "/api/v1/openapi.json", p("/api/v1/openapi.json"), kAll, nullptr},
        {"GET", "/api/v1/exports/kpi-performance.csv",
         p("/api/v1/exports/kpi-performance.csv?year=2026"), kAll, nullptr},
        {"GET", "/api/v1/exports/ocds.json", p("/api/v1/exports/ocds.json?year=2026"), kAll,
         nullptr},
        // Documents in: feeds by the authority's commercial team (or admin); returns by the
        // contract's supplier, its authority's commercial team, or admin.
        {"POST", "/api/v1/feeds", p("/api/v1/feeds"), kManageA,
         [](const Ids&) { return world_feed(); }, "application/xml"},
        {"POST", "/api/v1/returns", p("/api/v1/returns"), kTalkA,
         [](const Ids&) { return kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "80", "4"); },
         "application/xml"},
        // A document: its sender's organisation, the authority whose contracts it concerns,
        // ministers and admin.
        {"GET", "/api/v1/documents/{id}",
         [](const Ids& ids) { return "/api/v1/documents/" + ids.return_document_a; }, kSeeA,
         nullptr},
        // Supplier A's and contract A's records and scorecards.
        {"GET", "/api/v1/contracts/{id}", p("/api/v1/contracts/" + contract_a), kSeeA, nullptr},
        {"GET", "/api/v1/contracts/{id}/scorecard",
         p("/api/v1/contracts/" + contract_a + "/scorecard"), kSeeA, nullptr},
        {"GET", "/api/v1/suppliers/{id}", p("/api/v1/suppliers/" + supplier_a), kSeeA, nullptr},
        {"GET", "/api/v1/suppliers/{id}/scorecard",
         p("/api/v1/suppliers/" + supplier_a + "/scorecard"), kSeeA, nullptr},
        // Lists: every signed-in caller, each seeing only their part (checked below).
        {"GET", "/api/v1/authorities", p("/api/v1/authorities"), kAnySignedIn, nullptr},
        {"GET", "/api/v1/suppliers", p("/api/v1/suppliers"), kAnySignedIn, nullptr},
        {"GET", "/api/v1/contracts", p("/api/v1/contracts"), kAnySignedIn, nullptr},
        {"GET", "/api/v1/flags", p("/api/v1/flags"), kAnySignedIn, nullptr},
        {"GET", "/api/v1/reviews", p("/api/v1/reviews"), kAnySignedIn, nullptr},
        {"GET", "/api/v1/disputes", p("/api/v1/disputes"), kAnySignedIn, nullptr},
        {"GET", "/api/v1/summary", p("/api/v1/summary"), kAnySignedIn, nullptr},
        {"GET",
         "/api/v1/feeds/sources",
         p("/api/v1/feeds/sources"),
         {Who::kAdmin, Who::kMinister, Who::kCommercial, Who::kCommercialOther},
         nullptr},
        // The workflow on supplier A.
        {"GET", "/api/v1/reviews/{id}",
         [](const Ids& ids) { return "/api/v1/reviews/" + ids.review_a; }, kSeeA, nullptr},
        {"GET", "/api/v1/disputes/{id}",
         [](const Ids& ids) { return "/api/v1/disputes/" + ids.dispute_a; }, kSeeA, nullptr},
        {"POST", "/api/v1/reviews/{id}/comments",
         [](const Ids& ids) { return "/api/v1/reviews/" + ids.review_a + "/comments"; }, kTalkA,
         b(R"({"text": "We will call on Tuesday."})")},
        {"POST", "/api/v1/reviews/{id}/actions",
         [](const Ids& ids) { return "/api/v1/reviews/" + ids.review_a + "/actions"; }, kTalkA,
         b(R"({"description": "Add two call handlers", "owner": "Supplier A",
               "due": "2026-12-31"})")},
        {"POST", "/api/v1/reviews/{id}/actions/{action}/agree",
         [](const Ids& ids) {
             return "/api/v1/reviews/" + ids.review_a + "/actions/" + ids.action_a + "/agree";
         },
         kManageA, b(R"({"note": "Agreed."})")},
        {"POST", "/api/v1/reviews/{id}/transitions",
         [](const Ids& ids) { return "/api/v1/reviews/" + ids.review_a + "/transitions"; },
         kManageA, b(R"({"to": "scheduled", "note": "Meeting on 1 December."})")},
        {"POST", "/api/v1/flags/{id}/dismiss",
         [](const Ids& ids) { return "/api/v1/flags/" + ids.flag_a + "/dismiss"; }, kManageA,
         b(R"({"reason": "Agreed outage, see minutes."})")},
        {"POST",
         "/api/v1/disputes",
         p("/api/v1/disputes"),
         {Who::kSupplierA},
         b(R"({"contract": "DWP-2026-0001", "kpi": "CALLS", "period": "2026-09",
               "reason": "The call logger lost a day of data."})")},
        {"POST", "/api/v1/disputes/{id}/decision",
         [](const Ids& ids) { return "/api/v1/disputes/" + ids.dispute_a + "/decision"; }, kManageA,
         b(R"({"decision": "rejected", "reason": "The logs are complete."})")},
        // Accounts: administrators manage users and read the audit log; everyone signed in
        // manages their own tokens.
        {"GET", "/api/v1/audit", p("/api/v1/audit"), kAdminOnly, nullptr},
        {"GET", "/api/v1/users", p("/api/v1/users"), kAdminOnly, nullptr},
        {"POST", "/api/v1/users", p("/api/v1/users"), kAdminOnly,
         b(R"({"name": "matrix.minister", "role": "minister"})")},
        {"GET", "/api/v1/tokens", p("/api/v1/tokens"), kAnySignedIn, nullptr},
        {"POST", "/api/v1/tokens", p("/api/v1/tokens"), kAnySignedIn, b("{}")},
        {"DELETE",
         "/api/v1/tokens/{id}",
         [](const Ids& ids) { return "/api/v1/tokens/" + ids.spare_token_a; },
         {Who::kSupplierA, Who::kAdmin},
         nullptr},
    };
}

struct World {
    RunningServer& srv;
    std::map<Who, std::string> tokens;
    Ids ids;

    Reply send(Who who, const std::string& method, const std::string& path,
               const std::string& content_type = "", const std::string& body = "") {
        return srv.call({method, path, tokens[who], body.empty() ? "" : content_type, body, {}});
    }
    Object::Ptr admin_json(const std::string& path) {
        auto r = send(Who::kAdmin, "GET", path);
        BOOST_TEST_REQUIRE(r.status == 200, path << ": " << r);
        return r.json();
    }
};

std::string first_id(const Object::Ptr& list, const std::string& items) {
    auto array = list->getArray(items);
    BOOST_TEST_REQUIRE(array->size() > 0u, "no " << items);
    return array->getObject(0)->get("id").toString();
}

World make_world(RunningServer& srv) {
    World w{srv, {}, {}};
    w.tokens = {{Who::kAnonymous, ""},
                {Who::kAdmin, srv.admin},
                {Who::kMinister, srv.minister},
                {Who::kCommercial, srv.commercial},
                {Who::kCommercialOther, srv.commercial_other},
                {Who::kSupplierA, srv.supplier_a},
                {Who::kSupplierB, srv.supplier_b}};
    auto feed = srv.post_xml("/api/v1/feeds", srv.commercial, world_feed());
    BOOST_TEST_REQUIRE(feed.status == 201, feed);
    w.ids.feed_document = feed.json()->getObject("document")->get("id").toString();
    auto ret_a = srv.post_xml("/api/v1/returns", srv.supplier_a,
                              kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "80", "4"));
    BOOST_TEST_REQUIRE(ret_a.status == 201, ret_a);
    w.ids.return_document_a = ret_a.json()->getObject("document")->get("id").toString();
    auto ret_b = srv.post_xml("/api/v1/returns", srv.supplier_b,
                              scorecard::testing::return_xml(scorecard::testing::kpi_return(
                                  kContractB, "2026-09", "2026-10-05T10:00:00Z",
                                  {scorecard::testing::measured("VISITS", 50)})));
    BOOST_TEST_REQUIRE(ret_b.status == 201, ret_b);

    w.ids.flag_a = first_id(
        w.admin_json(std::string("/api/v1/flags?rule=inadequate_kpi&supplier=") + kSupplierA),
        "flags");
    w.ids.review_a =
        first_id(w.admin_json(std::string("/api/v1/reviews?supplier=") + kSupplierA), "reviews");
    auto dispute = srv.post_json("/api/v1/disputes", srv.supplier_a,
                                 R"({"contract": "DWP-2026-0001", "kpi": "CALLS",
                                     "period": "2026-09", "reason": "Logger fault."})");
    BOOST_TEST_REQUIRE(dispute.status == 201, dispute);
    w.ids.dispute_a = dispute.json()->get("id").toString();
    auto dispute_b = srv.post_json("/api/v1/disputes", srv.supplier_b,
                                   R"({"contract": "DWP-2026-0002", "kpi": "VISITS",
                                       "period": "2026-09", "reason": "Counter fault."})");
    BOOST_TEST_REQUIRE(dispute_b.status == 201, dispute_b);
    auto action = srv.post_json("/api/v1/reviews/" + w.ids.review_a + "/actions", srv.supplier_a,
                                R"({"description": "Hire staff", "owner": "Supplier A",
                          "due": "2026-12-31"})");
    BOOST_TEST_REQUIRE(action.status / 100 == 2, action);
    auto actions = action.json()->getArray("actions");
    BOOST_TEST_REQUIRE(actions->size() == 1u, action);
    w.ids.action_a = actions->getObject(0)->get("id").toString();
    auto spare = srv.post_json("/api/v1/tokens", srv.supplier_a, "{}");
    BOOST_TEST_REQUIRE(spare.status == 201, spare);
    w.ids.spare_token_a = spare.json()->get("id").toString();
    return w;
}

std::int64_t audit_total(World& w) {
    return w.admin_json("/api/v1/audit?limit=1")->getValue<std::int64_t>("total");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(access_matrix)

BOOST_AUTO_TEST_CASE(every_route_is_in_the_matrix) {
    std::set<std::pair<std::string, std::string>> rows;
    for (const auto& row : matrix())
        rows.emplace(row.method, row.pattern);
    const Router router = make_router();
    for (const auto& route : router.routes()) {
        // Web pages and their assets are walked by pages_test and the browser tests.
        const bool api = route.pattern.rfind("/api/", 0) == 0 || route.pattern == "/healthz" ||
                         route.pattern == "/readyz" || route.pattern == "/metrics";
        if (route.page || !api)
            continue;
        // Signing in and out is for anyone by definition (accounts_test covers it).
        if (route.pattern == "/api/v1/session")
            continue;
        BOOST_TEST(rows.count({route.method, route.pattern}) == 1u,
                   route.method << " " << route.pattern << " has no row in the access matrix");
    }
}

BOOST_AUTO_TEST_CASE(each_caller_gets_exactly_their_part) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db, 64 * 1024);
        World w = make_world(srv);
        for (const auto& row : matrix()) {
            const std::string path = row.path(w.ids);
            const std::string body = row.json_body ? row.json_body(w.ids) : "";
            const bool changes = row.method != "GET";
            // Refusals first, so that the allowed callers' changes do not hide them; a
            // refusal must change nothing, which the audit log would show.
            const auto before = changes ? audit_total(w) : 0;
            for (Who who : kEveryone) {
                if (row.allowed.count(who))
                    continue;
                auto r = w.send(who, row.method, path, row.content_type, body);
                if (who == Who::kAnonymous)
                    BOOST_TEST(r.status == 401,
                               row.method << " " << path << " as " << name_of(who) << ": " << r);
                else
                    BOOST_TEST((r.status == 403 || r.status == 404),
                               row.method << " " << path << " as " << name_of(who) << ": " << r);
            }
            if (changes)
                BOOST_TEST(audit_total(w) == before,
                           row.method << " " << path << ": a refused call changed data");
            for (Who who : kEveryone) {
                if (!row.allowed.count(who))
                    continue;
                auto r = w.send(who, row.method, path, row.content_type, body);
                if (changes)
                    BOOST_TEST(
                        (r.status != 401 && r.status != 403 && r.status != 404 && r.status < 500),
                        row.method << " " << path << " as " << name_of(who) << ": " << r);
                else
                    BOOST_TEST(r.status / 100 == 2,
                               row.method << " " << path << " as " << name_of(who) << ": " << r);
            }
        }
    });
}

// Lists, counts and summaries show each caller only their part: worked out from the world
// (two DWP contracts, A's and B's; nothing for HMRC).
BOOST_AUTO_TEST_CASE(lists_and_counts_do_not_leak) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db, 64 * 1024);
        World w = make_world(srv);
        struct Expect {
            Who who;
            std::set<std::string> contracts;
            std::set<std::string> suppliers;
        };
        const std::string a = kContractA, b = kContractB, sa = kSupplierA, sb = kSupplierB;
        const std::vector<Expect> expectations = {
            {Who::kAdmin, {a, b}, {sa, sb}},      {Who::kMinister, {a, b}, {sa, sb}},
            {Who::kCommercial, {a, b}, {sa, sb}}, {Who::kCommercialOther, {}, {}},
            {Who::kSupplierA, {a}, {sa}},         {Who::kSupplierB, {b}, {sb}},
        };
        auto ids_of = [](const Object::Ptr& body, const std::string& items,
                         const std::string& field) {
            std::set<std::string> out;
            auto array = body->getArray(items);
            for (std::size_t i = 0; i < array->size(); ++i)
                out.insert(array->getObject(i)->get(field).toString());
            return out;
        };
        for (const auto& e : expectations) {
            const std::string who = name_of(e.who);
            auto contracts = w.send(e.who, "GET", "/api/v1/contracts").json();
            BOOST_TEST((ids_of(contracts, "contracts", "id") == e.contracts), who);
            BOOST_TEST(contracts->getValue<std::size_t>("total") == e.contracts.size(), who);

            auto suppliers = w.send(e.who, "GET", "/api/v1/suppliers").json();
            BOOST_TEST((ids_of(suppliers, "suppliers", "id") == e.suppliers), who);
            BOOST_TEST(suppliers->getValue<std::size_t>("total") == e.suppliers.size(), who);

            // Flags, reviews and disputes belong to suppliers: only visible ones listed.
            auto flags = w.send(e.who, "GET", "/api/v1/flags?limit=1000").json();
            for (const auto& s : ids_of(flags, "flags", "supplier"))
                BOOST_TEST(e.suppliers.count(s) == 1u, who << " sees a flag of " << s);
            BOOST_TEST(!e.suppliers.empty() == (flags->getArray("flags")->size() > 0), who);

            auto reviews = w.send(e.who, "GET", "/api/v1/reviews").json();
            BOOST_TEST((ids_of(reviews, "reviews", "supplier") == e.suppliers), who);
            BOOST_TEST(reviews->getValue<std::size_t>("total") == e.suppliers.size(), who);

            auto disputes = w.send(e.who, "GET", "/api/v1/disputes").json();
            BOOST_TEST((ids_of(disputes, "disputes", "supplier") == e.suppliers), who);
            BOOST_TEST(disputes->getValue<std::size_t>("total") == e.suppliers.size(), who);

            // The summary counts only what the caller may see.
            auto summary = w.send(e.who, "GET", "/api/v1/summary").json();
            auto totals = summary->getObject("totals");
            BOOST_TEST(totals->getValue<std::size_t>("contracts") == e.contracts.size(), who);
            BOOST_TEST(totals->getValue<std::size_t>("suppliers") == e.suppliers.size(), who);
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()
