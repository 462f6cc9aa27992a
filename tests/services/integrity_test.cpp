// Issue 15 items 2, 3, 8 and 9 through the real server on every database: a novation and
// what each supplier sees afterwards (scorecards, returns, flags, the public CSV); supplier
// discrepancies listed and decided; the rejected-documents quota's 429; a mixed feed's
// readers; the rescoring backlog in /readyz and /metrics.
//
// The world (services_test_support.h): DWP's contract A (DWP-2026-0001, monthly from
// 2026-09-01) is supplier A's; contract B is supplier B's. Today is whatever the clock says
// (the server scores as of today); every return here is submitted before 2026-12-03.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "store/repositories.h"
#include "store/rescore_queue.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

const std::string kNovation = std::string("/api/v1/contracts/") + kContractA + "/novation";

std::string novation_body(const std::string& supplier, const std::string& effective) {
    return R"({"supplier": ")" + supplier + R"(", "effective": ")" + effective +
           R"(", "reason": "Deed of novation DWP/2026/17"})";
}

// The periods of a contract scorecard as the caller sees them.
std::vector<std::string> periods_seen(RunningServer& srv, const std::string& token) {
    auto r = srv.get(std::string("/api/v1/contracts/") + kContractA + "/scorecard", token);
    BOOST_TEST_REQUIRE(r.status == 200, r);
    std::vector<std::string> out;
    auto periods = r.json()->getArray("periods");
    for (std::size_t i = 0; i < periods->size(); ++i)
        out.push_back(
            periods->getObject(static_cast<unsigned>(i))->getValue<std::string>("period"));
    return out;
}

// (supplier, period, status) of contract A's inadequate_kpi flags, as admin sees them.
std::set<std::tuple<std::string, std::string, std::string>> calls_flags(RunningServer& srv) {
    auto r =
        srv.get(std::string("/api/v1/flags?rule=inadequate_kpi&limit=1000&contract=") + kContractA,
                srv.admin);
    BOOST_TEST_REQUIRE(r.status == 200, r);
    std::set<std::tuple<std::string, std::string, std::string>> out;
    auto flags = r.json()->getArray("flags");
    for (std::size_t i = 0; i < flags->size(); ++i) {
        auto f = flags->getObject(static_cast<unsigned>(i));
        out.emplace(f->getValue<std::string>("supplier"), f->getValue<std::string>("period"),
                    f->getValue<std::string>("status"));
    }
    return out;
}

std::size_t flags_visible_to(RunningServer& srv, const std::string& token) {
    auto r = srv.get(std::string("/api/v1/flags?limit=1000&contract=") + kContractA, token);
    BOOST_TEST_REQUIRE(r.status == 200, r);
    return r.json()->getArray("flags")->size();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(novation)

// Contract A moves from supplier A to supplier B from 2026-11-01. A's October was
// inadequate (CALLS 80 < minimum 85): the flag is A's. B's November is inadequate too: the
// flag's evidence moves to B's period, so A's is resolved and B gets its own.
BOOST_AUTO_TEST_CASE(the_former_supplier_keeps_its_periods_and_the_new_one_starts_from_the_date) {
    for_each_world([](RunningServer& srv) {
        for (const auto& [p, submitted, calls] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"2026-09", "2026-10-05T10:00:00Z", "93.2"},
                 {"2026-10", "2026-11-05T10:00:00Z", "80"}}) {
            auto r = srv.post_xml("/api/v1/returns", srv.supplier_a,
                                  kpi_return_a(p, submitted, calls, "4"));
            BOOST_TEST_REQUIRE(r.status == 201, r);
        }
        BOOST_TEST((calls_flags(srv) == std::set<std::tuple<std::string, std::string, std::string>>{
                                            {kSupplierA, "2026-10", "open"}}));

        // Refused: inside a month (422, saying which days would do), to an unknown supplier,
        // by another authority's team (it does not see the contract: 404).
        auto mid =
            srv.post_json(kNovation, srv.commercial, novation_body(kSupplierB, "2026-11-15"));
        BOOST_TEST(mid.status == 422, mid);
        BOOST_TEST(contains(mid.body, "not_period_start"), mid);
        BOOST_TEST(contains(mid.body, "2026-11-01 or 2026-12-01"), mid);
        auto unknown = srv.post_json(kNovation, srv.commercial,
                                     novation_body("GB-COH-99999999", "2026-11-01"));
        BOOST_TEST(unknown.status == 422, unknown);
        BOOST_TEST(contains(unknown.body, "unknown_supplier"), unknown);
        auto other =
            srv.post_json(kNovation, srv.commercial_other, novation_body(kSupplierB, "2026-11-01"));
        BOOST_TEST(other.status == 404, other);

        auto novated =
            srv.post_json(kNovation, srv.commercial, novation_body(kSupplierB, "2026-11-01"));
        BOOST_TEST_REQUIRE(novated.status == 201, novated);
        auto list = novated.json()->getArray("novations");
        BOOST_TEST_REQUIRE(list->size() == 1u);
        BOOST_TEST(list->getObject(0)->getValue<std::string>("from_supplier") == kSupplierA);
        BOOST_TEST(list->getObject(0)->getValue<std::string>("effective") == "2026-11-01");
        BOOST_TEST(list->getObject(0)->getValue<std::string>("decided_by") == "commercial.dwp");

        // Returns: A still corrects its own October; November is B's, not A's.
        auto a_october = srv.post_xml("/api/v1/returns", srv.supplier_a,
                                      kpi_return_a("2026-10", "2026-11-20T10:00:00Z", "80", "5"));
        BOOST_TEST(a_october.status == 201, a_october);
        auto a_november = srv.post_xml("/api/v1/returns", srv.supplier_a,
                                       kpi_return_a("2026-11", "2026-12-01T10:00:00Z", "93", "4"));
        BOOST_TEST(a_november.status == 403, a_november);
        BOOST_TEST(contains(a_november.body, "the contract was novated"), a_november);
        auto b_november = srv.post_xml("/api/v1/returns", srv.supplier_b,
                                       kpi_return_a("2026-11", "2026-12-01T10:00:00Z", "80", "4"));
        BOOST_TEST_REQUIRE(b_november.status == 201, b_november);

        // Scorecards: each supplier its own periods; the authority all of them.
        BOOST_TEST(
            periods_seen(srv, srv.supplier_a) == (std::vector<std::string>{"2026-09", "2026-10"}),
            boost::test_tools::per_element());
        BOOST_TEST(periods_seen(srv, srv.supplier_b) == (std::vector<std::string>{"2026-11"}),
                   boost::test_tools::per_element());
        BOOST_TEST(periods_seen(srv, srv.commercial) ==
                       (std::vector<std::string>{"2026-09", "2026-10", "2026-11"}),
                   boost::test_tools::per_element());
        auto card =
            srv.get(std::string("/api/v1/contracts/") + kContractA + "/scorecard", srv.commercial);
        auto contract = card.json()->getObject("contract");
        BOOST_TEST(contract->getValue<std::string>("supplier") == kSupplierB);
        auto former = contract->getArray("former_suppliers");
        BOOST_TEST_REQUIRE(former->size() == 1u);
        BOOST_TEST(former->getObject(0)->getValue<std::string>("supplier") == kSupplierA);
        BOOST_TEST(former->getObject(0)->getValue<std::string>("until") == "2026-10-31");
        // A's current is its own October; B's its own November.
        auto a_card =
            srv.get(std::string("/api/v1/contracts/") + kContractA + "/scorecard", srv.supplier_a);
        BOOST_TEST(a_card.json()->getObject("current")->getValue<std::string>("period") ==
                   "2026-10");

        // Flags: the October flag stays A's and resolves when the evidence moves to B's
        // November, which raises B's own.
        BOOST_TEST((calls_flags(srv) ==
                    std::set<std::tuple<std::string, std::string, std::string>>{
                        {kSupplierA, "2026-10", "resolved"}, {kSupplierB, "2026-11", "open"}}));
        BOOST_TEST(flags_visible_to(srv, srv.supplier_b) >= 1u);
        for (const std::string& token : {srv.supplier_a, srv.supplier_b}) {
            auto mine =
                srv.get(std::string("/api/v1/flags?limit=1000&contract=") + kContractA, token);
            auto flags = mine.json()->getArray("flags");
            for (std::size_t i = 0; i < flags->size(); ++i)
                BOOST_TEST(
                    flags->getObject(static_cast<unsigned>(i))->getValue<std::string>("supplier") ==
                    (token == srv.supplier_a ? kSupplierA : kSupplierB));
        }

        // The published dataset names the supplier of each period.
        auto csv = srv.get("/api/v1/exports/kpi-performance.csv?year=2026", "");
        BOOST_TEST_REQUIRE(csv.status == 200, csv);
        std::size_t rows_a = 0;
        for (std::size_t start = 0, end; (end = csv.body.find('\n', start)) != std::string::npos;
             start = end + 1) {
            const std::string line = csv.body.substr(start, end - start);
            if (!contains(line, kContractA))
                continue;
            ++rows_a;
            const bool november = contains(line, ",2026-11,");
            BOOST_TEST(contains(line, november ? kSupplierB : kSupplierA), line);
            BOOST_TEST(!contains(line, november ? kSupplierA : kSupplierB), line);
        }
        BOOST_TEST(rows_a == 6u);  // three periods × two KPIs

        // Audited.
        auto audit = srv.get(std::string("/api/v1/audit?entity=contract&limit=1000"), srv.admin);
        BOOST_TEST(contains(audit.body, "\"action\":\"novation\""), audit);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(supplier_discrepancies)

// PATCH /api/v1/suppliers/{id}: the supplier itself or an admin changes the record; a
// department (even the one whose contract it holds), another supplier or a minister may not.
BOOST_AUTO_TEST_CASE(a_supplier_changes_its_own_record_and_a_department_may_not) {
    for_each_world([](RunningServer& srv) {
        const std::string path = std::string("/api/v1/suppliers/") + kSupplierA;
        const auto patch = [&](const std::string& token, const std::string& body) {
            return srv.call({"PATCH", path, token, "application/json", body, {}});
        };
        const auto record = [&] {
            auto r = srv.get(path, srv.admin);
            BOOST_TEST_REQUIRE(r.status == 200, r);
            return r.json();
        };

        auto own = patch(srv.supplier_a, R"({"name": "Acme Services Group Ltd"})");
        BOOST_TEST_REQUIRE(own.status == 200, own);
        BOOST_TEST(own.json()->getValue<std::string>("name") == "Acme Services Group Ltd");

        for (const auto& [who, token] :
             std::vector<std::pair<std::string, std::string>>{{"commercial.dwp", srv.commercial},
                                                              {"supplier B", srv.supplier_b},
                                                              {"minister", srv.minister}}) {
            BOOST_TEST_CONTEXT(who) {
                auto refused = patch(token, R"({"name": "Someone Else plc"})");
                BOOST_TEST(refused.status == 403, refused);
            }
        }
        BOOST_TEST(record()->getValue<std::string>("name") == "Acme Services Group Ltd");

        // Bad input is refused whole, naming the problem.
        for (const std::string body :
             {R"({})", R"({"size": "huge"})", R"({"strategic": "yes"})", R"({"name": ""})"}) {
            BOOST_TEST_CONTEXT(body) {
                auto bad = patch(srv.admin, body);
                BOOST_TEST(bad.status == 422, bad);
            }
        }
        auto unknown = srv.call({"PATCH",
                                 "/api/v1/suppliers/GB-COH-99999999",
                                 srv.admin,
                                 "application/json",
                                 R"({"name": "Nobody Ltd"})",
                                 {}});
        BOOST_TEST(unknown.status == 404, unknown);

        // An admin's change of size class and strategic flag: applied, audited, and the
        // supplier's contracts rescored at once (nothing left queued).
        auto admin = patch(srv.admin, R"({"size": "small", "strategic": true})");
        BOOST_TEST_REQUIRE(admin.status == 200, admin);
        auto now = record();
        BOOST_TEST(now->getValue<std::string>("size") == "small");
        BOOST_TEST(now->getValue<bool>("strategic") == true);
        BOOST_TEST(now->getValue<std::string>("name") == "Acme Services Group Ltd");
        auto ready = srv.get("/readyz", "");
        BOOST_TEST(ready.json()->getObject("rescoring")->getValue<int>("queued_contracts") == 0,
                   ready);
        auto audit = srv.get("/api/v1/audit?entity=supplier&limit=1000", srv.admin);
        BOOST_TEST(contains(audit.body, "Acme Services Group Ltd"), audit);
        BOOST_TEST(contains(audit.body, "\"actor\":\"supplier.a\""), audit);
    });
}

BOOST_AUTO_TEST_CASE(a_departments_rename_waits_for_an_admin_who_accepts_or_dismisses_it) {
    for_each_world([](RunningServer& srv) {
        std::string renamed = world_feed();
        const std::string from = "name=\"Acme Services Ltd\"";
        renamed.replace(renamed.find(from), from.size(), "name=\"Acme Holdings plc\"");
        auto posted = srv.post_xml("/api/v1/feeds", srv.commercial, renamed);
        BOOST_TEST_REQUIRE(posted.status == 201, posted);
        BOOST_TEST(posted.json()->getObject("counts")->getValue<int>("supplier_discrepancies") ==
                   1);
        // Not applied: every authority and the public still see the registered name.
        auto supplier = srv.get(std::string("/api/v1/suppliers/") + kSupplierA, srv.admin);
        BOOST_TEST(contains(supplier.body, "Acme Services Ltd"), supplier);

        auto list = srv.get("/api/v1/supplier-discrepancies?status=open", srv.admin);
        BOOST_TEST_REQUIRE(list.status == 200, list);
        BOOST_TEST(list.json()->getValue<int>("total") == 1);
        auto d = list.json()->getArray("discrepancies")->getObject(0);
        BOOST_TEST(d->getValue<std::string>("supplier") == kSupplierA);
        BOOST_TEST(d->getValue<std::string>("field") == "name");
        BOOST_TEST(d->getValue<std::string>("stored") == "Acme Services Ltd");
        BOOST_TEST(d->getValue<std::string>("proposed") == "Acme Holdings plc");
        BOOST_TEST(d->getValue<std::string>("proposed_by") == "commercial.dwp");
        const std::string id = d->get("id").toString();
        const std::string decision = "/api/v1/supplier-discrepancies/" + id + "/decision";

        auto bad = srv.post_json(decision, srv.admin, R"({"decision": "maybe", "reason": "x"})");
        BOOST_TEST(bad.status == 422, bad);
        auto accepted = srv.post_json(
            decision, srv.admin,
            R"({"decision": "accepted", "reason": "Companies House shows the new name."})");
        BOOST_TEST_REQUIRE(accepted.status == 200, accepted);
        BOOST_TEST(accepted.json()->getValue<std::string>("status") == "accepted");
        BOOST_TEST(accepted.json()->getValue<std::string>("decided_by") == "admin");
        supplier = srv.get(std::string("/api/v1/suppliers/") + kSupplierA, srv.admin);
        BOOST_TEST(contains(supplier.body, "Acme Holdings plc"), supplier);
        auto again =
            srv.post_json(decision, srv.admin, R"({"decision": "dismissed", "reason": "x"})");
        BOOST_TEST(again.status == 409, again);

        auto audit = srv.get("/api/v1/audit?entity=supplier&limit=1000", srv.admin);
        BOOST_TEST(contains(audit.body, "Acme Holdings plc"), audit);
        auto audit_d = srv.get("/api/v1/audit?entity=supplier_discrepancy&limit=1000", srv.admin);
        BOOST_TEST(contains(audit_d.body, "\"action\":\"decide\""), audit_d);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rejected_documents)

// The default quota: 60 rejected documents an hour (etc/scorecard.properties).
BOOST_AUTO_TEST_CASE(the_61st_rejected_document_in_an_hour_is_refused_with_429) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        for (int i = 0; i < 60; ++i) {
            auto r =
                srv.post_xml("/api/v1/returns", srv.supplier_a, "not xml " + std::to_string(i));
            BOOST_TEST_REQUIRE(r.status == 400, r);
        }
        const std::string body =
            "not xml either, and longer than the prefix kept: " + std::string(3000, 'z');
        auto refused = srv.post_xml("/api/v1/returns", srv.supplier_a, body);
        BOOST_TEST_REQUIRE(refused.status == 429, refused);
        BOOST_TEST(contains(refused.body, "quota_exceeded"), refused);
        const int retry = std::stoi(refused.header("retry-after"));
        BOOST_TEST((retry >= 1 && retry <= 3600), retry);
        const std::string location = refused.header("location");
        BOOST_TEST_REQUIRE(!location.empty());
        auto doc = srv.get(location, srv.supplier_a);
        BOOST_TEST_REQUIRE(doc.status == 200, doc);
        BOOST_TEST(doc.json()->getValue<bool>("refused"));
        BOOST_TEST(doc.json()->getValue<std::string>("content") == "prefix");
        BOOST_TEST(doc.json()->getValue<std::int64_t>("size") ==
                   static_cast<std::int64_t>(body.size()));
        BOOST_TEST(doc.json()->getValue<std::int64_t>("stored_bytes") == 1024);
        BOOST_TEST(doc.json()->getValue<std::string>("outcome") == "rejected");
        // Another account is not held back.
        auto other = srv.post_xml("/api/v1/returns", srv.supplier_b, "not xml");
        BOOST_TEST(other.status == 400, other);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(documents_and_backlog)

BOOST_AUTO_TEST_CASE(a_feed_defining_both_suppliers_contracts_is_neither_suppliers_to_read) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto feed = srv.post_xml("/api/v1/feeds", srv.commercial, world_feed());
        BOOST_TEST_REQUIRE(feed.status == 201, feed);
        const std::string location = feed.header("location");
        BOOST_TEST(srv.get(location, srv.supplier_a).status == 403);
        BOOST_TEST(srv.get(location, srv.supplier_b).status == 403);
        BOOST_TEST(srv.get(location, srv.commercial).status == 200);
        BOOST_TEST(srv.get(location, srv.commercial_other).status == 403);
    });
}

BOOST_AUTO_TEST_CASE(readyz_and_metrics_show_the_rescoring_backlog_and_stay_ready) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        auto ready = srv.get("/readyz", "");
        BOOST_TEST_REQUIRE(ready.status == 200, ready);
        BOOST_TEST(ready.json()->getObject("rescoring")->getValue<int>("queued_contracts") == 0);
        BOOST_TEST(ready.json()->getValue<int>("pending_documents") == 0);
        // A contract left queued (as by a process that died after its import committed).
        store::with_transaction(db, store::TxMode::kWrite, [](store::Connection& conn) {
            store::RescoreQueue(conn).add({kContractA}, at("2026-12-01T00:00:00Z"));
        });
        ready = srv.get("/readyz", "");
        BOOST_TEST(ready.status == 200, ready);  // reported, not a reason to be unready
        auto rescoring = ready.json()->getObject("rescoring");
        BOOST_TEST(rescoring->getValue<int>("queued_contracts") == 1);
        BOOST_TEST(rescoring->getValue<std::string>("oldest_queued") == "2026-12-01T00:00:00Z");
        auto metrics = srv.get("/metrics", "");
        BOOST_TEST(contains(metrics.body, "\nscorecard_rescore_queue_contracts 1\n"), metrics);
        BOOST_TEST(contains(metrics.body, "\nscorecard_documents_pending 0\n"), metrics);
        BOOST_TEST(contains(metrics.body, "# TYPE scorecard_rescore_queue_oldest_seconds gauge"));
    });
}

BOOST_AUTO_TEST_SUITE_END()
