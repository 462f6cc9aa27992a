// The access matrix (issues #6 and #14): every route of the one route table × every kind
// of caller × own vs another organisation's data, through the real server, on every
// database. The API and the web pages alike.
//
// The expectations are SPEC §1's role table, written out by hand below — not read from the
// route table — so a route that admits the wrong role fails here, and a route without a row
// fails `every_route_has_a_row`, naming it. Each row says who gets in, and who gets past the
// route's permission but is refused the data (another organisation's record: 403 or 404).
// Everyone else is refused by the route: 403 ("… role may not do this") when signed in;
// anonymous, 401 from the API and 303 to /sign-in?next=PATH from a page. An allowed call
// must answer its success status: rows that use something up (a flag dismissed, a dispute
// decided) make a fresh one for each allowed caller.
//
// The world (tests/services/services_test_support.h): authority GB-GOV-DWP lets contract
// A (DWP-2026-0001) to supplier A and contract B (DWP-2026-0002) to supplier B. A second
// authority, GB-GOV-HMRC, has a commercial user and no contracts. Returns for 2026-09 make
// CALLS on A (80 < minimum 85) and VISITS on B (50 < minimum 60) inadequate: each raises a
// high inadequate_kpi flag, and one open high flag opens a review (SPEC §4) for A and B.
// Calls are made with bearer tokens (pages take them too, without a CSRF token).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "services/http/routes.h"
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
const std::set<Who> kAll = {Who::kAnonymous,  Who::kAdmin,           Who::kMinister,
                            Who::kCommercial, Who::kCommercialOther, Who::kSupplierA,
                            Who::kSupplierB};
const std::set<Who> kSignedIn = {Who::kAdmin,           Who::kMinister,  Who::kCommercial,
                                 Who::kCommercialOther, Who::kSupplierA, Who::kSupplierB};
const std::set<Who> kSeeA = {Who::kAdmin, Who::kMinister, Who::kCommercial, Who::kSupplierA};
// Signed in with a role that reads records, but not A's: another authority, another supplier.
const std::set<Who> kNotA = {Who::kCommercialOther, Who::kSupplierB};
const std::set<Who> kManageA = {Who::kAdmin, Who::kCommercial};
const std::set<Who> kTalkA = {Who::kAdmin, Who::kCommercial, Who::kSupplierA};
const std::set<Who> kOtherAuthority = {Who::kCommercialOther};
const std::set<Who> kStaff = {Who::kAdmin, Who::kMinister, Who::kCommercial, Who::kCommercialOther};
const std::set<Who> kAdminOnly = {Who::kAdmin};
const std::set<Who> kNobody = {};

// One request: the path with its query, and a body.
struct Request {
    std::string path;
    std::string body;
    std::string content_type;
    std::string cookie = {};  // "name=value", sent as a Cookie header
};

const std::string kJson = "application/json";
const std::string kForm = "application/x-www-form-urlencoded";
const std::string kXml = "application/xml";
const std::string kBoundary = "matrix-boundary";

// A multipart/form-data body with one file field, as the upload page's form sends it.
Request upload(const std::string& xml) {
    return {"/upload",
            "--" + kBoundary +
                "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"return.xml\"\r\n"
                "Content-Type: application/xml\r\n\r\n" +
                xml + "\r\n--" + kBoundary + "--\r\n",
            "multipart/form-data; boundary=" + kBoundary};
}

std::string first_id(const Object::Ptr& list, const std::string& items) {
    auto array = list->getArray(items);
    BOOST_TEST_REQUIRE(array->size() > 0u, "no " << items);
    return array->getObject(0)->get("id").toString();
}

// The server with the world loaded, a token per caller, and what the world's ids came to on
// this database; and the helpers that make fresh records for the rows that use them up.
class World {
  public:
    explicit World(RunningServer& srv) : srv_(srv) {
        tokens_ = {{Who::kAnonymous, ""},
                   {Who::kAdmin, srv.admin},
                   {Who::kMinister, srv.minister},
                   {Who::kCommercial, srv.commercial},
                   {Who::kCommercialOther, srv.commercial_other},
                   {Who::kSupplierA, srv.supplier_a},
                   {Who::kSupplierB, srv.supplier_b}};
        auto feed = srv.post_xml("/api/v1/feeds", srv.commercial, world_feed());
        BOOST_TEST_REQUIRE(feed.status == 201, feed);
        auto ret_a = srv.post_xml("/api/v1/returns", srv.supplier_a, return_a_september());
        BOOST_TEST_REQUIRE(ret_a.status == 201, ret_a);
        return_document_a = ret_a.json()->getObject("document")->get("id").toString();
        auto ret_b = srv.post_xml("/api/v1/returns", srv.supplier_b,
                                  scorecard::testing::return_xml(scorecard::testing::kpi_return(
                                      kContractB, "2026-09", "2026-10-05T10:00:00Z",
                                      {scorecard::testing::measured("VISITS", 50)})));
        BOOST_TEST_REQUIRE(ret_b.status == 201, ret_b);

        flag_a = first_id(
            admin_json(std::string("/api/v1/flags?rule=inadequate_kpi&supplier=") + kSupplierA),
            "flags");
        review_a =
            first_id(admin_json(std::string("/api/v1/reviews?supplier=") + kSupplierA), "reviews");
        auto dispute = srv.post_json("/api/v1/disputes", srv.supplier_a,
                                     R"({"contract": "DWP-2026-0001", "kpi": "CALLS",
                                         "period": "2026-09", "reason": "Logger fault."})");
        BOOST_TEST_REQUIRE(dispute.status == 201, dispute);
        dispute_a = dispute.json()->get("id").toString();
        auto dispute_b = srv.post_json("/api/v1/disputes", srv.supplier_b,
                                       R"({"contract": "DWP-2026-0002", "kpi": "VISITS",
                                           "period": "2026-09", "reason": "Counter fault."})");
        BOOST_TEST_REQUIRE(dispute_b.status == 201, dispute_b);
        action_a = fresh_action();
        notice_a = fresh_notice(true);
        auto spare = srv.post_json("/api/v1/tokens", srv.supplier_a, "{}");
        BOOST_TEST_REQUIRE(spare.status == 201, spare);
        spare_token_a = spare.json()->get("id").toString();
        // DWP's feed renames supplier A: kept as a discrepancy for an admin.
        std::string renamed = world_feed();
        const std::string name = "name=\"Acme Services Ltd\"";
        renamed.replace(renamed.find(name), name.size(), "name=\"Acme Holdings plc\"");
        auto rename = srv.post_xml("/api/v1/feeds", srv.commercial, renamed);
        BOOST_TEST_REQUIRE(rename.status == 201, rename);
        discrepancy = first_id(admin_json("/api/v1/supplier-discrepancies"), "discrepancies");
    }

    static std::string return_a_september() {
        return kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "80", "4");
    }

    Reply send(Who who, const std::string& method, const Request& r) {
        std::vector<std::pair<std::string, std::string>> headers;
        if (!r.cookie.empty())
            headers.emplace_back("Cookie", r.cookie);
        return srv_.call({method, r.path, tokens_[who], r.body.empty() ? "" : r.content_type,
                          r.body, std::move(headers)});
    }

    // The sign-in form as a browser posts it: with the token and cookie of GET /sign-in.
    Request sign_in(const std::string& fields) {
        const SignInForm form = open_sign_in_form(srv_);
        return {"/sign-in", fields + "&sign_in_token=" + form.token, kForm, form.cookie};
    }

    Object::Ptr admin_json(const std::string& path) {
        auto r = srv_.get(path, srv_.admin);
        BOOST_TEST_REQUIRE(r.status == 200, path << ": " << r);
        return r.json();
    }

    std::int64_t audit_total() {
        return admin_json("/api/v1/audit?limit=1")->getValue<std::int64_t>("total");
    }

    // An open flag of supplier A that no row has used yet (never flag_a, which the refusals
    // aim at). Returns for October and November with inadequate figures raise more when the
    // ones there are run out.
    std::string fresh_flag() {
        for (;;) {
            auto flags = admin_json(std::string("/api/v1/flags?status=open&limit=1000&supplier=") +
                                    kSupplierA)
                             ->getArray("flags");
            for (std::size_t i = 0; i < flags->size(); ++i) {
                const std::string id = flags->getObject(static_cast<unsigned>(i))->get("id");
                if (id != flag_a && used_flags_.insert(id).second)
                    return id;
            }
            BOOST_TEST_REQUIRE(post_bad_return(), "no flag of supplier A left to use");
        }
    }

    // A rating dispute of supplier A's, open, on a KPI and period of A's no other open
    // dispute is about.
    std::string fresh_dispute() {
        auto [kpi, period] = free_rating();
        auto r =
            srv_.post_json("/api/v1/disputes", srv_.supplier_a,
                           R"({"contract": "DWP-2026-0001", "kpi": ")" + kpi + R"(", "period": ")" +
                               period + R"(", "reason": "The figure was keyed in wrongly."})");
        BOOST_TEST_REQUIRE(r.status == 201, r);
        return r.json()->get("id").toString();
    }

    // A (KPI, period) of contract A with a return and no open dispute.
    std::pair<std::string, std::string> free_rating() {
        for (;;) {
            std::set<std::pair<std::string, std::string>> open;
            auto disputes = admin_json(std::string("/api/v1/disputes?status=open&limit=1000&"
                                                   "supplier=") +
                                       kSupplierA)
                                ->getArray("disputes");
            for (std::size_t i = 0; i < disputes->size(); ++i) {
                auto d = disputes->getObject(static_cast<unsigned>(i));
                if (d->isNull("flag"))
                    open.emplace(d->getValue<std::string>("kpi"),
                                 d->getValue<std::string>("period"));
            }
            for (const std::string period : {"2026-09", "2026-10", "2026-11"}) {
                if (period != "2026-09" && bad_returns_posted_ < (period == "2026-10" ? 1 : 2))
                    continue;
                for (const std::string kpi : {"CALLS", "COMPLAINTS"})
                    if (!open.count({kpi, period}))
                        return {kpi, period};
            }
            BOOST_TEST_REQUIRE(post_bad_return(), "no rating of contract A left to dispute");
        }
    }

    // A proposed action in review A, not yet agreed.
    std::string fresh_action() {
        auto r = srv_.post_json("/api/v1/reviews/" + review_a + "/actions", srv_.supplier_a,
                                R"({"description": "Hire staff", "owner": "Supplier A",
                                    "due": "2026-12-31"})");
        BOOST_TEST_REQUIRE(r.status == 201, r);
        auto actions = r.json()->getArray("actions");
        return actions->getObject(static_cast<unsigned>(actions->size() - 1))->get("id").toString();
    }

    // A KPI assessment of contract A drafted by the DWP commercial team (its window
    // 2026-09; by default its KPIs CALLS and COMPLAINTS), and sent to supplier A when
    // `sent`.
    std::string fresh_notice(bool sent) {
        auto r = srv_.post_json("/api/v1/notices", srv_.commercial,
                                R"({"contract": "DWP-2026-0001", "first": "2026-09",
                                    "last": "2026-09"})");
        BOOST_TEST_REQUIRE(r.status == 201, r);
        const std::string id = r.json()->get("id").toString();
        if (sent) {
            auto moved = srv_.post_json("/api/v1/notices/" + id + "/transitions", srv_.commercial,
                                        R"({"to": "with_supplier"})");
            BOOST_TEST_REQUIRE(moved.status == 200, moved);
        }
        return id;
    }

    // The state review A moves to next; before action_plan_agreed, every action is agreed
    // (SPEC §2: the plan is agreed as a whole).
    std::string next_review_state() {
        auto review = admin_json("/api/v1/reviews/" + review_a);
        const std::string state = review->getValue<std::string>("state");
        const std::vector<std::string> chain = {"proposed", "scheduled", "action_plan_agreed",
                                                "monitoring", "closed"};
        auto at = std::find(chain.begin(), chain.end(), state);
        BOOST_TEST_REQUIRE((at != chain.end() && at + 1 != chain.end()), "review A is " << state);
        const std::string next = *(at + 1);
        if (next == "action_plan_agreed") {
            auto actions = review->getArray("actions");
            for (std::size_t i = 0; i < actions->size(); ++i) {
                auto a = actions->getObject(static_cast<unsigned>(i));
                if (a->getValue<bool>("agreed"))
                    continue;
                auto r = srv_.post_json("/api/v1/reviews/" + review_a + "/actions/" +
                                            a->get("id").toString() + "/agree",
                                        srv_.admin, "{}");
                BOOST_TEST_REQUIRE(r.status == 200, r);
            }
        }
        return next;
    }

    // The world's feed with contract A retitled, a new title each call: a change, so 201.
    Request fresh_feed() {
        std::string feed = world_feed();
        const std::string title = "Contact centre services";
        feed.replace(feed.find(title), title.size(),
                     title + " (revision " + std::to_string(++feeds_) + ")");
        return {"/api/v1/feeds", feed, kXml};
    }

    // Supplier A's September return with CALLS amended, a new figure each call (81, 82, …:
    // still inadequate, below the minimum 85): a change, so 201.
    Request fresh_return() {
        return {
            "/api/v1/returns",
            kpi_return_a("2026-09", "2026-10-05T10:00:00Z", std::to_string(80 + ++returns_), "4"),
            kXml};
    }

    // The novation for the next allowed caller: contract B to supplier A, then contract A to
    // supplier B.
    Request next_novation() {
        return ++novations_ == 1
                   ? Request{"/api/v1/contracts/DWP-2026-0002/novation",
                             R"({"supplier": "GB-COH-01234567", "effective": "2026-11-01",
                                 "reason": "Deed 18"})",
                             kJson}
                   : Request{"/api/v1/contracts/DWP-2026-0001/novation",
                             R"({"supplier": "GB-COH-07654321", "effective": "2026-12-01",
                                 "reason": "Deed 19"})",
                             kJson};
    }

    std::string return_document_a, flag_a, review_a, dispute_a, action_a, spare_token_a,
        discrepancy;
    std::string notice_a;  // with supplier A

  private:
    // Supplier A's returns for October and November, every figure inadequate (CALLS 80 <
    // minimum 85, COMPLAINTS 20 > minimum 12): two more flags and ratings each. False when
    // both are in.
    bool post_bad_return() {
        static const std::vector<std::pair<std::string, std::string>> kReturns = {
            {"2026-10", "2026-11-05T10:00:00Z"}, {"2026-11", "2026-12-01T10:00:00Z"}};
        if (bad_returns_posted_ >= kReturns.size())
            return false;
        const auto& [period, submitted] = kReturns[bad_returns_posted_++];
        auto r = srv_.post_xml("/api/v1/returns", srv_.supplier_a,
                               kpi_return_a(period, submitted, "80", "20"));
        BOOST_TEST_REQUIRE(r.status == 201, r);
        return true;
    }

    RunningServer& srv_;
    std::map<Who, std::string> tokens_;
    std::set<std::string> used_flags_;
    std::size_t bad_returns_posted_ = 0;
    int novations_ = 0;
    int feeds_ = 0;
    int returns_ = 0;
};

// One row of the matrix: the route (as in the table), who gets in and who is refused the
// data, the request aimed at supplier A's records, and what an allowed call answers.
struct Row {
    std::string method;
    std::string pattern;
    std::set<Who> allowed;
    std::set<Who> not_theirs;  // past the permission, refused A's data: 403 or 404
    std::function<Request(World&)> request;
    std::set<int> success;
    // For rows whose call uses up its record: the request for each allowed caller, on a
    // fresh record (refused callers get `request`, aimed at the world's own).
    std::function<Request(World&)> fresh = nullptr;
};

using Make = std::function<Request(World&)>;

// A request without a body.
Make bare(std::string path) {
    return [path](World&) { return Request{path, "", ""}; };
}
// A request with a body.
Make post(std::string path, std::string body, std::string type) {
    return [path, body, type](World&) { return Request{path, body, type}; };
}

const std::string kA = kContractA;
const std::string kSA = kSupplierA;

std::vector<Row> matrix() {
    const std::set<int> ok = {200}, created = {201}, no_content = {204}, see_other = {303};
    const std::string sign_in =
        std::string("name=minister&password=") + "correct+horse+battery+staple";
    return {
        // ---- health, operations and open data: everyone, without signing in
        {"GET", "/healthz", kAll, kNobody, bare("/healthz"), ok},
        {"GET", "/readyz", kAll, kNobody, bare("/readyz"), ok},
        {"GET", "/metrics", kAll, kNobody, bare("/metrics"), ok},
        {"GET", "/api/v1/openapi.json", kAll, kNobody, bare("/api/v1/openapi.json"), ok},
        {"GET", "/api/v1/exports/kpi-performance.csv", kAll, kNobody,
         bare("/api/v1/exports/kpi-performance.csv?year=2026"), ok},
        {"GET", "/api/v1/exports/ocds.json", kAll, kNobody,
         bare("/api/v1/exports/ocds.json?year=2026"), ok},
        {"GET", "/open-data", kAll, kNobody, bare("/open-data"), ok},
        {"GET", "/assets/{file}", kAll, kNobody, bare("/assets/scorecard.css"), ok},
        {"GET", "/assets/fonts/{file}", kAll, kNobody,
         bare("/assets/fonts/bold-b542beb274-v2.woff2"), ok},
        {"GET", "/assets/images/{file}", kAll, kNobody, bare("/assets/images/favicon.svg"), ok},

        // ---- signing in and out: anyone signs in; the session routes are public
        {"GET", "/sign-in", kAll, kNobody, bare("/sign-in"), ok},
        {"POST", "/sign-in", kAll, kNobody, [sign_in](World& w) { return w.sign_in(sign_in); },
         see_other},
        {"POST", "/api/v1/session", kAll, kNobody,
         post("/api/v1/session",
              std::string(R"({"name": "minister", "password": ")") + kPassword + "\"}", kJson),
         ok},
        {"DELETE", "/api/v1/session", kAll, kNobody, bare("/api/v1/session"), no_content},
        {"POST", "/sign-out", kSignedIn, kNobody, post("/sign-out", "", kForm), see_other},
        {"GET", "/", kSignedIn, kNobody, bare("/"), see_other},

        // ---- documents in: feeds by the authority's commercial team (or admin); returns by
        // the contract's supplier, its authority's commercial team, or admin
        // A document answers 201 when it changes something (200 when it was already in):
        // each allowed caller sends one that changes something.
        {"POST", "/api/v1/feeds", kManageA, kOtherAuthority,
         post("/api/v1/feeds", world_feed(), kXml), created,
         [](World& w) { return w.fresh_feed(); }},
        {"POST", "/api/v1/returns", kTalkA, kNotA,
         post("/api/v1/returns", World::return_a_september(), kXml), created,
         [](World& w) { return w.fresh_return(); }},
        {"GET", "/contracts/{id}/return", kTalkA, kNotA, bare("/contracts/" + kA + "/return"), ok},
        {"POST", "/contracts/{id}/return", kTalkA, kNotA,
         post("/contracts/" + kA + "/return", "period=2026-09&value.CALLS=80&value.COMPLAINTS=4",
              kForm),
         see_other},
        {"GET",
         "/upload",
         {Who::kAdmin, Who::kCommercial, Who::kCommercialOther, Who::kSupplierA, Who::kSupplierB},
         kNobody,
         bare("/upload"),
         ok},
        {"POST", "/upload", kTalkA, kNotA,
         [](World&) { return upload(World::return_a_september()); }, ok},
        // A document: its sender's organisation, the authority whose contracts it concerns,
        // ministers and admin.
        {"GET", "/api/v1/documents/{id}", kSeeA, kNotA,
         [](World& w) {
             return Request{"/api/v1/documents/" + w.return_document_a, "", ""};
         },
         ok},
        {"GET", "/api/v1/feeds/sources", kStaff, kNobody, bare("/api/v1/feeds/sources"), ok},

        // ---- suppliers' master data: administrators decide what feeds proposed
        {"GET", "/api/v1/supplier-discrepancies", kAdminOnly, kNobody,
         bare("/api/v1/supplier-discrepancies"), ok},
        {"POST", "/api/v1/supplier-discrepancies/{id}/decision", kAdminOnly, kNobody,
         [](World& w) {
             return Request{"/api/v1/supplier-discrepancies/" + w.discrepancy + "/decision",
                            R"({"decision": "dismissed", "reason": "Not the registered name."})",
                            kJson};
         },
         ok},

        // ---- supplier A's and contract A's records and scorecards
        {"GET", "/api/v1/contracts/{id}", kSeeA, kNotA, bare("/api/v1/contracts/" + kA), ok},
        {"GET", "/api/v1/contracts/{id}/scorecard", kSeeA, kNotA,
         bare("/api/v1/contracts/" + kA + "/scorecard"), ok},
        {"GET", "/api/v1/suppliers/{id}", kSeeA, kNotA, bare("/api/v1/suppliers/" + kSA), ok},
        {"GET", "/api/v1/suppliers/{id}/scorecard", kSeeA, kNotA,
         bare("/api/v1/suppliers/" + kSA + "/scorecard"), ok},
        {"GET", "/contracts/{id}", kSeeA, kNotA, bare("/contracts/" + kA), ok},
        {"GET", "/contracts/{id}/scorecard.csv", kSeeA, kNotA,
         bare("/contracts/" + kA + "/scorecard.csv"), ok},
        {"GET", "/suppliers/{id}", kSeeA, kNotA, bare("/suppliers/" + kSA), ok},
        {"GET", "/suppliers/{id}/scorecard.csv", kSeeA, kNotA,
         bare("/suppliers/" + kSA + "/scorecard.csv"), ok},

        // ---- lists: every signed-in caller, each seeing only their part (checked below)
        {"GET", "/api/v1/authorities", kSignedIn, kNobody, bare("/api/v1/authorities"), ok},
        {"GET", "/api/v1/suppliers", kSignedIn, kNobody, bare("/api/v1/suppliers"), ok},
        {"GET", "/api/v1/contracts", kSignedIn, kNobody, bare("/api/v1/contracts"), ok},
        {"GET", "/api/v1/flags", kSignedIn, kNobody, bare("/api/v1/flags"), ok},
        {"GET", "/api/v1/reviews", kSignedIn, kNobody, bare("/api/v1/reviews"), ok},
        {"GET", "/api/v1/disputes", kSignedIn, kNobody, bare("/api/v1/disputes"), ok},
        {"GET", "/api/v1/summary", kSignedIn, kNobody, bare("/api/v1/summary"), ok},
        {"GET", "/contracts", kSignedIn, kNobody, bare("/contracts"), ok},
        {"GET", "/contracts.csv", kSignedIn, kNobody, bare("/contracts.csv"), ok},
        {"GET", "/suppliers", kSignedIn, kNobody, bare("/suppliers"), ok},
        {"GET", "/suppliers.csv", kSignedIn, kNobody, bare("/suppliers.csv"), ok},
        {"GET", "/flags", kSignedIn, kNobody, bare("/flags"), ok},
        {"GET", "/flags.csv", kSignedIn, kNobody, bare("/flags.csv"), ok},
        {"GET", "/reviews", kSignedIn, kNobody, bare("/reviews"), ok},
        {"GET", "/reviews.csv", kSignedIn, kNobody, bare("/reviews.csv"), ok},
        {"GET", "/disputes", kSignedIn, kNobody, bare("/disputes"), ok},
        {"GET", "/disputes.csv", kSignedIn, kNobody, bare("/disputes.csv"), ok},
        {"GET", "/reports", kSignedIn, kNobody, bare("/reports"), ok},

        // ---- the dashboard and reports: commercial teams, ministers and admin; an
        // authority's annual report for its own team only; a statement for its supplier
        {"GET", "/dashboard", kStaff, kNobody, bare("/dashboard"), ok},
        {"GET", "/dashboard.csv", kStaff, kNobody, bare("/dashboard.csv"), ok},
        {"GET",
         "/reports/annual",
         {Who::kAdmin, Who::kMinister, Who::kCommercial},
         kOtherAuthority,
         bare("/reports/annual?authority=GB-GOV-DWP&year=2026"),
         ok},
        {"GET",
         "/reports/annual.csv",
         {Who::kAdmin, Who::kMinister, Who::kCommercial},
         kOtherAuthority,
         bare("/reports/annual.csv?authority=GB-GOV-DWP&year=2026"),
         ok},
        {"GET",
         "/statement",
         {Who::kSupplierA, Who::kSupplierB},
         kNobody,
         bare("/statement?year=2026"),
         ok},
        {"GET",
         "/statement.csv",
         {Who::kSupplierA, Who::kSupplierB},
         kNobody,
         bare("/statement.csv?year=2026"),
         ok},

        // ---- reviews, disputes and flags of supplier A: seen by those who see A
        {"GET", "/api/v1/reviews/{id}", kSeeA, kNotA,
         [](World& w) {
             return Request{"/api/v1/reviews/" + w.review_a, "", ""};
         },
         ok},
        {"GET", "/reviews/{id}", kSeeA, kNotA,
         [](World& w) {
             return Request{"/reviews/" + w.review_a, "", ""};
         },
         ok},
        {"GET", "/api/v1/disputes/{id}", kSeeA, kNotA,
         [](World& w) {
             return Request{"/api/v1/disputes/" + w.dispute_a, "", ""};
         },
         ok},
        {"GET", "/disputes/{id}", kSeeA, kNotA,
         [](World& w) {
             return Request{"/disputes/" + w.dispute_a, "", ""};
         },
         ok},

        // ---- both sides talk in A's review: comments and proposed actions
        {"POST", "/api/v1/reviews/{id}/comments", kTalkA, kNotA,
         [](World& w) {
             return Request{"/api/v1/reviews/" + w.review_a + "/comments",
                            R"({"text": "We will call on Tuesday."})", kJson};
         },
         created},
        {"POST", "/reviews/{id}/comments", kTalkA, kNotA,
         [](World& w) {
             return Request{"/reviews/" + w.review_a + "/comments", "text=Noted.", kForm};
         },
         see_other},
        {"POST", "/api/v1/reviews/{id}/actions", kTalkA, kNotA,
         [](World& w) {
             return Request{"/api/v1/reviews/" + w.review_a + "/actions",
                            R"({"description": "Add two call handlers", "owner": "Supplier A",
                                "due": "2026-12-31"})",
                            kJson};
         },
         created},
        {"POST", "/reviews/{id}/actions", kTalkA, kNotA,
         [](World& w) {
             return Request{"/reviews/" + w.review_a + "/actions",
                            "description=Train+staff&owner=Supplier+A&due=2026-12-31", kForm};
         },
         see_other},

        // ---- the commercial team (or admin) manages A's flags, review and disputes
        {"POST", "/api/v1/reviews/{id}/actions/{action}/agree", kManageA, kOtherAuthority,
         [](World& w) {
             return Request{"/api/v1/reviews/" + w.review_a + "/actions/" + w.action_a + "/agree",
                            R"({"note": "Agreed."})", kJson};
         },
         ok,
         [](World& w) {
             return Request{
                 "/api/v1/reviews/" + w.review_a + "/actions/" + w.fresh_action() + "/agree",
                 R"({"note": "Agreed."})", kJson};
         }},
        {"POST", "/reviews/{id}/actions/{action}/agree", kManageA, kOtherAuthority,
         [](World& w) {
             return Request{"/reviews/" + w.review_a + "/actions/" + w.action_a + "/agree", "",
                            kForm};
         },
         see_other,
         [](World& w) {
             return Request{"/reviews/" + w.review_a + "/actions/" + w.fresh_action() + "/agree",
                            "", kForm};
         }},
        {"POST", "/api/v1/flags/{id}/dismiss", kManageA, kOtherAuthority,
         [](World& w) {
             return Request{"/api/v1/flags/" + w.flag_a + "/dismiss",
                            R"({"reason": "Agreed outage, see minutes."})", kJson};
         },
         ok,
         [](World& w) {
             return Request{"/api/v1/flags/" + w.fresh_flag() + "/dismiss",
                            R"({"reason": "Agreed outage, see minutes."})", kJson};
         }},
        {"GET", "/flags/{id}/dismiss", kManageA, kOtherAuthority,
         [](World& w) {
             return Request{"/flags/" + w.flag_a + "/dismiss", "", ""};
         },
         ok},
        {"POST", "/flags/{id}/dismiss", kManageA, kOtherAuthority,
         [](World& w) {
             return Request{"/flags/" + w.flag_a + "/dismiss", "reason=Agreed+outage", kForm};
         },
         see_other,
         [](World& w) {
             return Request{"/flags/" + w.fresh_flag() + "/dismiss", "reason=Agreed+outage", kForm};
         }},
        {"POST", "/api/v1/disputes/{id}/decision", kManageA, kOtherAuthority,
         [](World& w) {
             return Request{"/api/v1/disputes/" + w.dispute_a + "/decision",
                            R"({"decision": "rejected", "reason": "The logs are complete."})",
                            kJson};
         },
         ok,
         [](World& w) {
             return Request{"/api/v1/disputes/" + w.fresh_dispute() + "/decision",
                            R"({"decision": "rejected", "reason": "The logs are complete."})",
                            kJson};
         }},
        {"POST", "/disputes/{id}/decision", kManageA, kOtherAuthority,
         [](World& w) {
             return Request{"/disputes/" + w.dispute_a + "/decision",
                            "decision=rejected&reason=The+logs+are+complete", kForm};
         },
         see_other,
         [](World& w) {
             return Request{"/disputes/" + w.fresh_dispute() + "/decision",
                            "decision=rejected&reason=The+logs+are+complete", kForm};
         }},

        // ---- supplier A disputes its own ratings and flags (SPEC §2 "Dispute")
        {"POST",
         "/api/v1/disputes",
         {Who::kSupplierA},
         {Who::kSupplierB},
         post("/api/v1/disputes",
              R"({"contract": "DWP-2026-0001", "kpi": "CALLS", "period": "2026-09",
                  "reason": "The call logger lost a day of data."})",
              kJson),
         created,
         [](World& w) {
             auto [kpi, period] = w.free_rating();
             return Request{"/api/v1/disputes",
                            R"({"contract": "DWP-2026-0001", "kpi": ")" + kpi +
                                R"(", "period": ")" + period +
                                R"(", "reason": "The call logger lost a day of data."})",
                            kJson};
         }},
        {"GET",
         "/contracts/{id}/dispute",
         {Who::kSupplierA},
         {Who::kSupplierB},
         bare("/contracts/" + kA + "/dispute"),
         ok},
        {"POST",
         "/contracts/{id}/dispute",
         {Who::kSupplierA},
         {Who::kSupplierB},
         post("/contracts/" + kA + "/dispute", "kpi=CALLS&period=2026-09&reason=Logger+fault",
              kForm),
         see_other,
         [](World& w) {
             auto [kpi, period] = w.free_rating();
             return Request{"/contracts/" + kA + "/dispute",
                            "kpi=" + kpi + "&period=" + period + "&reason=Logger+fault", kForm};
         }},
        {"GET",
         "/flags/{id}/dispute",
         {Who::kSupplierA},
         {Who::kSupplierB},
         [](World& w) {
             return Request{"/flags/" + w.flag_a + "/dispute", "", ""};
         },
         ok},
        {"POST",
         "/flags/{id}/dispute",
         {Who::kSupplierA},
         {Who::kSupplierB},
         [](World& w) {
             return Request{"/flags/" + w.flag_a + "/dispute", "reason=An+agreed+outage", kForm};
         },
         see_other,
         [](World& w) {
             return Request{"/flags/" + w.fresh_flag() + "/dispute", "reason=An+agreed+outage",
                            kForm};
         }},

        // ---- accounts: administrators manage users and read the audit log; everyone signed
        // in manages their own tokens, an admin anyone's
        {"GET", "/api/v1/audit", kAdminOnly, kNobody, bare("/api/v1/audit"), ok},
        {"GET", "/api/v1/users", kAdminOnly, kNobody, bare("/api/v1/users"), ok},
        {"POST", "/api/v1/users", kAdminOnly, kNobody,
         post("/api/v1/users", R"({"name": "matrix.minister", "role": "minister"})", kJson),
         created},
        {"DELETE", "/api/v1/users/{name}/sessions", kAdminOnly, kNobody,
         bare("/api/v1/users/minister/sessions"), ok},
        {"GET", "/api/v1/tokens", kSignedIn, kNobody, bare("/api/v1/tokens"), ok},
        {"POST", "/api/v1/tokens", kSignedIn, kNobody, post("/api/v1/tokens", "{}", kJson),
         created},
        {"DELETE",
         "/api/v1/tokens/{id}",
         {Who::kSupplierA, Who::kAdmin},
         {Who::kMinister, Who::kCommercial, Who::kCommercialOther, Who::kSupplierB},
         [](World& w) {
             return Request{"/api/v1/tokens/" + w.spare_token_a, "", ""};
         },
         no_content},

        // ---- contract performance notices (SPEC §7, docs/notices.md): the due list for
        // commercial teams, ministers and admin; notices are the authority's acts, drafted,
        // rated and moved by its commercial team only (not admin); its supplier sees one once
        // sent to it, comments and agrees; contact details are kept by the supplier and admin
        {"GET", "/api/v1/notices/due", kStaff, kNobody, bare("/api/v1/notices/due"), ok},
        {"GET", "/api/v1/notices", kSignedIn, kNobody, bare("/api/v1/notices"), ok},
        {"POST", "/api/v1/notices", {Who::kCommercial}, kOtherAuthority,
         post("/api/v1/notices", R"({"contract": "DWP-2026-0001", "first": "2026-09",
                                      "last": "2026-09"})",
              kJson),
         created},
        {"GET", "/api/v1/notices/{id}", kSeeA, kNotA,
         [](World& w) {
             return Request{"/api/v1/notices/" + w.notice_a, "", ""};
         },
         ok},
        {"POST", "/api/v1/notices/{id}/transitions", {Who::kCommercial}, kOtherAuthority,
         [](World& w) {
             return Request{"/api/v1/notices/" + w.notice_a + "/transitions",
                            R"({"to": "draft", "note": "One more KPI."})", kJson};
         },
         ok,
         [](World& w) {
             return Request{"/api/v1/notices/" + w.fresh_notice(false) + "/transitions",
                            R"({"to": "with_supplier"})", kJson};
         }},
        {"POST", "/api/v1/notices/{id}/ratings", {Who::kCommercial}, kOtherAuthority,
         [](World& w) {
             return Request{"/api/v1/notices/" + w.notice_a + "/ratings",
                            R"({"kpi": "CALLS", "rating": "other", "reason": "Outage."})", kJson};
         },
         ok,
         [](World& w) {
             return Request{"/api/v1/notices/" + w.fresh_notice(false) + "/ratings",
                            R"({"kpi": "CALLS", "rating": "other", "reason": "Outage."})", kJson};
         }},
        {"POST", "/api/v1/notices/{id}/comments", {Who::kCommercial, Who::kSupplierA}, kNotA,
         [](World& w) {
             return Request{"/api/v1/notices/" + w.notice_a + "/comments",
                            R"({"text": "The outage was agreed."})", kJson};
         },
         created},
        // The route admits both sides; only the supplier agrees (its commercial team: 403).
        {"POST",
         "/api/v1/notices/{id}/agreement",
         {Who::kSupplierA},
         {Who::kCommercial, Who::kCommercialOther, Who::kSupplierB},
         [](World& w) {
             return Request{"/api/v1/notices/" + w.notice_a + "/agreement", "{}", kJson};
         },
         ok,
         [](World& w) {
             return Request{"/api/v1/notices/" + w.fresh_notice(true) + "/agreement", "{}", kJson};
         }},
        {"GET", "/api/v1/reviews/{id}/improvement-notices", kSeeA, kNotA,
         [](World& w) {
             return Request{"/api/v1/reviews/" + w.review_a + "/improvement-notices", "", ""};
         },
         ok},
        {"POST", "/api/v1/reviews/{id}/improvement-notices", {Who::kCommercial}, kOtherAuthority,
         [](World& w) {
             return Request{"/api/v1/reviews/" + w.review_a + "/improvement-notices",
                            R"({"contract": "DWP-2026-0001", "deadline": "2028-06-30",
                                "kpis": [{"kpi": "CALLS", "level": 90}]})",
                            kJson};
         },
         created},
        {"GET", "/api/v1/suppliers/{id}/contact", kSeeA, kNotA,
         bare("/api/v1/suppliers/" + kSA + "/contact"), ok},
        {"PUT", "/api/v1/suppliers/{id}/contact", {Who::kSupplierA, Who::kAdmin}, {Who::kSupplierB},
         post("/api/v1/suppliers/" + kSA + "/contact",
              R"({"postal_address": "1 High Street, Leeds LS1 1AA",
                  "email": "contracts@acme.example"})",
              kJson),
         ok},
        // The notice pages (docs/notices.md "On the pages"): the API's rights, route for
        // route; a form's step answers 303 to the notice.
        {"GET", "/notices", kSignedIn, kNobody, bare("/notices"), ok},
        {"GET", "/notices/due", kStaff, kNobody, bare("/notices/due"), ok},
        {"GET", "/notices/{id}", kSeeA, kNotA,
         [](World& w) {
             return Request{"/notices/" + w.notice_a, "", ""};
         },
         ok},
        {"POST", "/notices/{id}/transitions", {Who::kCommercial}, kOtherAuthority,
         [](World& w) {
             return Request{"/notices/" + w.notice_a + "/transitions",
                            "to=draft&note=One+more+KPI.", kForm};
         },
         see_other,
         [](World& w) {
             return Request{"/notices/" + w.fresh_notice(false) + "/transitions",
                            "to=with_supplier", kForm};
         }},
        {"GET", "/notices/{id}/ratings", {Who::kCommercial}, kOtherAuthority,
         [](World& w) {
             return Request{"/notices/" + w.notice_a + "/ratings?kpi=CALLS", "", ""};
         },
         ok},
        {"POST", "/notices/{id}/ratings", {Who::kCommercial}, kOtherAuthority,
         [](World& w) {
             return Request{"/notices/" + w.notice_a + "/ratings",
                            "kpi=CALLS&rating=other&reason=Outage.", kForm};
         },
         see_other,
         [](World& w) {
             return Request{"/notices/" + w.fresh_notice(false) + "/ratings",
                            "kpi=CALLS&rating=other&reason=Outage.", kForm};
         }},
        {"POST", "/notices/{id}/comments", {Who::kCommercial, Who::kSupplierA}, kNotA,
         [](World& w) {
             return Request{"/notices/" + w.notice_a + "/comments",
                            "text=The+outage+was+agreed.", kForm};
         },
         see_other},
        {"POST",
         "/notices/{id}/agreement",
         {Who::kSupplierA},
         {Who::kCommercial, Who::kCommercialOther, Who::kSupplierB},
         [](World& w) {
             return Request{"/notices/" + w.notice_a + "/agreement", "", kForm};
         },
         see_other,
         [](World& w) {
             return Request{"/notices/" + w.fresh_notice(true) + "/agreement", "", kForm};
         }},
        {"GET", "/contracts/{id}/notices/new", {Who::kCommercial}, kOtherAuthority,
         bare("/contracts/" + kA + "/notices/new"), ok},
        {"POST", "/contracts/{id}/notices", {Who::kCommercial}, kOtherAuthority,
         post("/contracts/" + kA + "/notices", "first=2026-09&last=2026-09", kForm), see_other},

        // ---- last, as they move review A to its end: the chain of states, one step a call
        {"POST", "/api/v1/reviews/{id}/transitions", kManageA, kOtherAuthority,
         [](World& w) {
             return Request{"/api/v1/reviews/" + w.review_a + "/transitions",
                            R"({"to": "scheduled", "note": "Meeting on 1 December."})", kJson};
         },
         ok,
         [](World& w) {
             return Request{
                 "/api/v1/reviews/" + w.review_a + "/transitions",
                 R"({"to": ")" + w.next_review_state() + R"(", "note": "Next step agreed."})",
                 kJson};
         }},
        {"POST", "/reviews/{id}/transitions", kManageA, kOtherAuthority,
         [](World& w) {
             return Request{"/reviews/" + w.review_a + "/transitions",
                            "to=scheduled&note=Meeting+on+1+December", kForm};
         },
         see_other,
         [](World& w) {
             return Request{"/reviews/" + w.review_a + "/transitions",
                            "to=" + w.next_review_state() + "&note=Next+step+agreed", kForm};
         }},

        // ---- a supplier's own record: the supplier itself or an admin
        {"PATCH",
         "/api/v1/suppliers/{id}",
         {Who::kAdmin, Who::kSupplierA},
         {Who::kMinister, Who::kCommercial, Who::kCommercialOther, Who::kSupplierB},
         post("/api/v1/suppliers/" + kSA, R"({"name": "Acme Services Group Ltd"})", kJson),
         ok},

        // ---- last, as it moves a contract to another supplier: novation, by the contract's
        // authority or an admin (another authority's team does not see the contract: 404).
        // Each allowed caller novates a contract of its own: admin B's, DWP A's.
        {"POST", "/api/v1/contracts/{id}/novation", kManageA, kOtherAuthority,
         post("/api/v1/contracts/" + kA + "/novation",
              R"({"supplier": "GB-COH-07654321", "effective": "2026-11-01", "reason": "Deed 17"})",
              kJson),
         created, [](World& w) { return w.next_novation(); }},
    };
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(access_matrix)

// The route table itself is walked: each of its routes needs exactly one row, and each row
// a route (a row left behind by a removed route fails too).
BOOST_AUTO_TEST_CASE(every_route_has_a_row) {
    std::map<std::pair<std::string, std::string>, int> rows;
    for (const auto& row : matrix())
        ++rows[{row.method, row.pattern}];
    const Router router = make_router();
    std::set<std::pair<std::string, std::string>> routes;
    for (const auto& route : router.routes()) {
        routes.emplace(route.method, route.pattern);
        const int count = rows[{route.method, route.pattern}];
        BOOST_TEST(count == 1, route.method << " " << route.pattern << " has " << count
                                            << " rows in the access matrix (1 wanted)");
    }
    for (const auto& [route, count] : rows)
        BOOST_TEST(routes.count(route) == 1u,
                   route.first << " " << route.second << " is in the matrix but not routed");
}

BOOST_AUTO_TEST_CASE(each_caller_gets_exactly_their_part) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db, 64 * 1024);
        World w(srv);
        const Router router = make_router();
        for (const auto& row : matrix()) {
            const Route* route = nullptr;
            for (const auto& r : router.routes())
                if (r.method == row.method && r.pattern == row.pattern)
                    route = &r;
            BOOST_TEST_REQUIRE(route != nullptr, row.method << " " << row.pattern);
            const bool page = route->page();
            const Request target = row.request(w);
            const std::string what = row.method + " " + target.path;
            // Refusals first, so that the allowed callers' changes do not hide them; a
            // refusal changes nothing, which the audit log would show.
            const bool changes = row.method != "GET";
            const auto before = changes ? w.audit_total() : 0;
            for (Who who : kEveryone) {
                if (row.allowed.count(who))
                    continue;
                auto r = w.send(who, row.method, target);
                const std::string as = what + " as " + name_of(who);
                if (row.not_theirs.count(who)) {
                    BOOST_TEST((r.status == 403 || r.status == 404), as << ": " << r);
                } else if (who == Who::kAnonymous && page) {
                    BOOST_TEST(r.status == 303, as << ": " << r);
                    BOOST_TEST(r.header("location").rfind("/sign-in?next=", 0) == 0,
                               as << ": sent to " << r.header("location"));
                } else if (who == Who::kAnonymous) {
                    BOOST_TEST(r.status == 401, as << ": " << r);
                } else {
                    // Refused by the route's permission, not by a rule about the data.
                    BOOST_TEST(r.status == 403, as << ": " << r);
                    BOOST_TEST(contains(r.body, "role may not do this"), as << ": " << r);
                }
            }
            if (changes)
                BOOST_TEST(w.audit_total() == before, what << ": a refused call changed data");
            for (Who who : kEveryone) {
                if (!row.allowed.count(who))
                    continue;
                const Request call = row.fresh ? row.fresh(w) : target;
                auto r = w.send(who, row.method, call);
                const std::string as = row.method + " " + call.path + " as " + name_of(who);
                BOOST_TEST(row.success.count(r.status) == 1u, as << ": " << r);
                if (r.status == 303)
                    BOOST_TEST(r.header("location").rfind("/sign-in?next=", 0) != 0,
                               as << ": sent to sign in");
            }
        }
    });
}

// Lists, counts and summaries show each caller only their part: worked out from the world
// (two DWP contracts, A's and B's; nothing for HMRC).
BOOST_AUTO_TEST_CASE(lists_and_counts_do_not_leak) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db, 64 * 1024);
        World w(srv);
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
        auto json = [&](Who who, const std::string& path) {
            return w.send(who, "GET", {path, "", ""}).json();
        };
        for (const auto& e : expectations) {
            const std::string who = name_of(e.who);
            auto contracts = json(e.who, "/api/v1/contracts");
            BOOST_TEST((ids_of(contracts, "contracts", "id") == e.contracts), who);
            BOOST_TEST(contracts->getValue<std::size_t>("total") == e.contracts.size(), who);

            auto suppliers = json(e.who, "/api/v1/suppliers");
            BOOST_TEST((ids_of(suppliers, "suppliers", "id") == e.suppliers), who);
            BOOST_TEST(suppliers->getValue<std::size_t>("total") == e.suppliers.size(), who);

            // Flags, reviews and disputes belong to suppliers: only visible ones listed.
            auto flags = json(e.who, "/api/v1/flags?limit=1000");
            for (const auto& s : ids_of(flags, "flags", "supplier"))
                BOOST_TEST(e.suppliers.count(s) == 1u, who << " sees a flag of " << s);
            BOOST_TEST(!e.suppliers.empty() == (flags->getArray("flags")->size() > 0), who);

            auto reviews = json(e.who, "/api/v1/reviews");
            BOOST_TEST((ids_of(reviews, "reviews", "supplier") == e.suppliers), who);
            BOOST_TEST(reviews->getValue<std::size_t>("total") == e.suppliers.size(), who);

            auto disputes = json(e.who, "/api/v1/disputes");
            BOOST_TEST((ids_of(disputes, "disputes", "supplier") == e.suppliers), who);
            BOOST_TEST(disputes->getValue<std::size_t>("total") == e.suppliers.size(), who);

            // The summary counts only what the caller may see.
            auto summary = json(e.who, "/api/v1/summary");
            auto totals = summary->getObject("totals");
            BOOST_TEST(totals->getValue<std::size_t>("contracts") == e.contracts.size(), who);
            BOOST_TEST(totals->getValue<std::size_t>("suppliers") == e.suppliers.size(), who);
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()
