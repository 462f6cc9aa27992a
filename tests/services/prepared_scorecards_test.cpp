// Prepared scorecards (reports/prepared_scorecards.h, issue 18) over the real server, on
// every database: after every kind of change the bytes GET answers from the prepared row
// equal a fresh computation, callers who see less are never given them, and every scorecard
// answer carries an ETag that If-None-Match turns into a 304.
//
// The world (services_test_support.h): DWP-2026-0001 for supplier A (large) with CALLS
// (percent, higher, weight 40, good 95, approaching 90, minimum 85) and COMPLAINTS (ratio,
// lower, weight 20, good 5, approaching 8, minimum 12); DWP-2026-0002 for supplier B
// (small) with VISITS. Both start on 2026-09-01; the server's clock is real (2026-12 or
// later), so 2026-09 and 2026-10 are due on both.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "reports/prepared_scorecards.h"
#include "reports/scorecard_cache.h"
#include "reports/scorecards.h"
#include "services/ingest.h"
#include "services/scoring_run.h"
#include "store/prepared_scorecard_repository.h"
#include "store/repositories.h"
#include "store/rescore_queue.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
using namespace scorecard::testing;
using Poco::JSON::Object;
namespace tt = boost::test_tools;

namespace {

std::string contract_path(const std::string& id) {
    return "/api/v1/contracts/" + id + "/scorecard";
}

std::string supplier_path(const std::string& id) {
    return "/api/v1/suppliers/" + id + "/scorecard";
}

Reply get_with(RunningServer& srv, const std::string& path, const std::string& token,
               const std::string& if_none_match) {
    Call call;
    call.path = path;
    call.token = token;
    if (!if_none_match.empty())
        call.headers.emplace_back("If-None-Match", if_none_match);
    return srv.call(call);
}

// What a fresh computation gives the whole view (ministers and admin).
std::string fresh_contract(RunningServer& srv, const std::string& id,
                           const Principal& who = admin_principal()) {
    auto conn = srv.app().db().acquire();
    return reports::to_json(reports::load_contract_scorecard(
        *conn, id, who, srv.app().settings().scoring, srv.app().today()));
}

std::string fresh_supplier(RunningServer& srv, const std::string& id) {
    auto conn = srv.app().db().acquire();
    return reports::to_json(reports::load_supplier_scorecard(*conn, id, admin_principal(),
                                                             srv.app().settings().scoring));
}

std::optional<std::string> prepared_contract(RunningServer& srv, const std::string& id) {
    auto conn = srv.app().db().acquire();
    return reports::prepared_contract_json(*conn, id, srv.app().settings().scoring,
                                           srv.app().today());
}

std::optional<std::string> prepared_supplier(RunningServer& srv, const std::string& id) {
    auto conn = srv.app().db().acquire();
    return reports::prepared_supplier_json(*conn, id, srv.app().settings().scoring);
}

bool is_prepared_etag(const std::string& etag) {
    return etag.rfind("\"p", 0) == 0;
}

// After a change: the prepared rows are up to date (when the change went through a
// rescoring) or not served at all (when it only marked them), and a minister's GET answers
// the prepared bytes, equal to a fresh computation.
void check_every_scorecard(RunningServer& srv, const std::string& step, bool rescored) {
    BOOST_TEST_CONTEXT("after " << step) {
        for (const std::string id : {kContractA, kContractB}) {
            const std::string fresh = fresh_contract(srv, id);
            const auto before = prepared_contract(srv, id);
            if (rescored)
                BOOST_TEST_REQUIRE(before.has_value(), id << " is not prepared");
            if (before)
                BOOST_TEST(*before == fresh, id << " prepared bytes differ from a fresh "
                                                   "computation");
            const Reply r = srv.get(contract_path(id), srv.minister);
            BOOST_TEST_REQUIRE(r.status == 200, r);
            BOOST_TEST(is_prepared_etag(r.header("etag")), id << " ETag " << r.header("etag"));
            BOOST_TEST(r.body == fresh, id);
            const auto after = prepared_contract(srv, id);
            BOOST_TEST_REQUIRE(after.has_value(), id << " is not prepared after a GET");
            BOOST_TEST(*after == fresh, id);
        }
        for (const std::string id : {kSupplierA, kSupplierB}) {
            const std::string fresh = fresh_supplier(srv, id);
            const auto before = prepared_supplier(srv, id);
            if (rescored)
                BOOST_TEST_REQUIRE(before.has_value(), id << " is not prepared");
            if (before)
                BOOST_TEST(*before == fresh, id << " prepared bytes differ from a fresh "
                                                   "computation");
            const Reply r = srv.get(supplier_path(id), srv.minister);
            BOOST_TEST_REQUIRE(r.status == 200, r);
            BOOST_TEST(is_prepared_etag(r.header("etag")), id << " ETag " << r.header("etag"));
            BOOST_TEST(r.body == fresh, id);
        }
    }
}

Object::Ptr period_of(const Reply& card, const std::string& period) {
    auto periods = card.json()->getArray("periods");
    for (std::size_t i = 0; i < periods->size(); ++i) {
        if (periods->getObject(i)->getValue<std::string>("period") == period)
            return periods->getObject(i);
    }
    BOOST_FAIL("no " << period << " on the scorecard: " << card.body);
    return nullptr;
}

double period_score(RunningServer& srv, const std::string& period) {
    const Reply card = srv.get(contract_path(kContractA), srv.minister);
    BOOST_TEST_REQUIRE(card.status == 200, card);
    return period_of(card, period)->getValue<double>("score");
}

std::int64_t first_flag_of(RunningServer& srv, const std::string& contract_id) {
    const Reply r = srv.get("/api/v1/flags?status=open&contract=" + contract_id, srv.commercial);
    BOOST_TEST_REQUIRE(r.status == 200, r);
    auto flags = r.json()->getArray("flags");
    BOOST_TEST_REQUIRE(flags->size() > 0u, r);
    return flags->getObject(0)->getValue<std::int64_t>("id");
}

struct Change {
    const char* name;
    bool rescored;  // goes through the scoring run, which writes the rows itself
    std::function<void(RunningServer&)> make;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(prepared_scorecards)

BOOST_AUTO_TEST_CASE(prepared_bytes_equal_a_fresh_computation_after_every_kind_of_change) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        std::int64_t dispute_id = 0;
        const std::vector<Change> changes{
            {"the feed", true, [](RunningServer& s) { load_world(s); }},
            {"a new return", true,
             [](RunningServer& s) {
                 auto r = s.post_xml("/api/v1/returns", s.supplier_a,
                                     kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
                 BOOST_TEST_REQUIRE(r.status == 201, r);
                 // CALLS 93.2 >= 90: approaching, 75; COMPLAINTS 4 <= 5: good, 100:
                 // (40×75 + 20×100) / 60 = 83.33…, shown 83.3.
                 BOOST_TEST(period_score(s, "2026-09") == 83.3, tt::tolerance(1e-9));
             }},
            {"an amended return", true,
             [](RunningServer& s) {
                 auto r = s.post_xml("/api/v1/returns", s.supplier_a,
                                     kpi_return_a("2026-09", "2026-10-07T10:00:00Z", "96", "4"));
                 BOOST_TEST_REQUIRE(r.status == 201, r);
                 // CALLS 96 >= 95: good, 100; both good: 100.
                 BOOST_TEST(period_score(s, "2026-09") == 100.0, tt::tolerance(1e-9));
             }},
            {"a new KPI threshold version", true,
             [](RunningServer& s) {
                 auto r = s.post_xml("/api/v1/feeds", s.commercial,
                                     world_feed_with_stricter_calls("2026-10"));
                 BOOST_TEST_REQUIRE(r.status == 201, r);
             }},
            {"a return under the new version", true,
             [](RunningServer& s) {
                 auto r = s.post_xml("/api/v1/returns", s.supplier_a,
                                     kpi_return_a("2026-10", "2026-11-05T10:00:00Z", "96", "4"));
                 BOOST_TEST_REQUIRE(r.status == 201, r);
                 // From 2026-10 CALLS needs 97 for good: 96 >= 93 is approaching, 75:
                 // (40×75 + 20×100) / 60 = 83.3; 2026-09 keeps the old thresholds (100).
                 BOOST_TEST(period_score(s, "2026-10") == 83.3, tt::tolerance(1e-9));
                 BOOST_TEST(period_score(s, "2026-09") == 100.0, tt::tolerance(1e-9));
             }},
            {"a dispute raised", false,
             [&dispute_id](RunningServer& s) {
                 auto r = s.post_json("/api/v1/disputes", s.supplier_a,
                                      R"({"contract": "DWP-2026-0001", "kpi": "CALLS",
                                          "period": "2026-10", "reason": "Logger fault"})");
                 BOOST_TEST_REQUIRE(r.status == 201, r);
                 dispute_id = r.json()->getValue<std::int64_t>("id");
             }},
            {"a dispute upheld", true,
             [&dispute_id](RunningServer& s) {
                 auto r = s.post_json(
                     "/api/v1/disputes/" + std::to_string(dispute_id) + "/decision", s.commercial,
                     R"({"decision": "upheld", "reason": "Logger fault confirmed", "value": 98})");
                 BOOST_TEST_REQUIRE(r.status == 200, r);
                 // CALLS 98 >= 97: good, 100; the period scores 100.
                 BOOST_TEST(period_score(s, "2026-10") == 100.0, tt::tolerance(1e-9));
             }},
            {"a flag dismissed", false,
             [](RunningServer& s) {
                 const std::int64_t flag = first_flag_of(s, kContractB);
                 auto r = s.post_json("/api/v1/flags/" + std::to_string(flag) + "/dismiss",
                                      s.commercial, R"({"reason": "Agreed late filing"})");
                 BOOST_TEST_REQUIRE(r.status == 200, r);
             }},
            {"a novation", true,
             [](RunningServer& s) {
                 auto r = s.post_json("/api/v1/contracts/" + std::string(kContractB) + "/novation",
                                      s.commercial,
                                      R"({"supplier": "GB-COH-01234567", "effective": "2026-10-01",
                                          "reason": "Deed 18"})");
                 BOOST_TEST_REQUIRE(r.status == 201, r);
             }},
        };
        for (const Change& change : changes) {
            change.make(srv);
            check_every_scorecard(srv, change.name, change.rescored);
        }
    });
}

// A server keeps the prepared bytes it served (reports/scorecard_cache.h) and serves them
// again without reading the row while the data version stays. A change that does not pass
// through this server (another server, or `scorecard import`, on the same database: here
// ingest_document on the database directly) moves the data version, and the next GET
// answers the new bytes.
BOOST_AUTO_TEST_CASE(kept_bytes_are_served_until_a_change_made_elsewhere_commits) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        const Reply contract = srv.get(contract_path(kContractA), srv.minister);
        const Reply supplier = srv.get(supplier_path(kSupplierA), srv.minister);
        BOOST_TEST_REQUIRE(contract.status == 200, contract);
        BOOST_TEST_REQUIRE(supplier.status == 200, supplier);
        const auto before = srv.app().scorecards().counts();
        const Reply contract_again = srv.get(contract_path(kContractA), srv.minister);
        const Reply supplier_again = srv.get(supplier_path(kSupplierA), srv.minister);
        BOOST_TEST(contract_again.body == contract.body);
        BOOST_TEST(contract_again.header("etag") == contract.header("etag"));
        BOOST_TEST(supplier_again.body == supplier.body);
        BOOST_TEST(supplier_again.header("etag") == supplier.header("etag"));
        // Both answered from memory: no row read.
        BOOST_TEST(srv.app().scorecards().counts().hits == before.hits + 2);
        BOOST_TEST(srv.app().scorecards().counts().misses == before.misses);

        // A's 2026-09 return (CALLS 93.2 approaching, COMPLAINTS 4 good: 83.3), not through
        // the server.
        IngestRequest request;
        request.bytes = kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4");
        request.sender = supplier_principal(kSupplierA);
        request.received = srv.app().now();
        request.as_of = srv.app().today();
        const IngestResult result = ingest_document(srv.app().db(), request, srv.app().settings());
        BOOST_TEST_REQUIRE(result.outcome == DocumentOutcome::kAccepted);

        const Reply changed = srv.get(contract_path(kContractA), srv.minister);
        BOOST_TEST_REQUIRE(changed.status == 200, changed);
        BOOST_TEST(changed.header("etag") != contract.header("etag"));
        BOOST_TEST(period_of(changed, "2026-09")->getValue<double>("score") == 83.3,
                   tt::tolerance(1e-9));
        BOOST_TEST(changed.body == fresh_contract(srv, kContractA));
        const Reply supplier_changed = srv.get(supplier_path(kSupplierA), srv.minister);
        BOOST_TEST_REQUIRE(supplier_changed.status == 200, supplier_changed);
        BOOST_TEST(supplier_changed.header("etag") != supplier.header("etag"));
        BOOST_TEST(supplier_changed.body == fresh_supplier(srv, kSupplierA));
        // The new bytes are kept in turn.
        const auto after = srv.app().scorecards().counts();
        BOOST_TEST(srv.get(contract_path(kContractA), srv.minister).body == changed.body);
        BOOST_TEST(srv.app().scorecards().counts().hits == after.hits + 1);
    });
}

// `scorecard score` (services/scoring_run.h score_everything) remembers the last full run:
// with nothing changed since (the same day and policy, nothing queued, the data version it
// left) it does nothing; --force, a change of the data or another day score everything.
BOOST_AUTO_TEST_CASE(a_full_scoring_with_nothing_changed_since_the_last_does_nothing) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        AppContext& app = srv.app();
        const ScoringPolicy& policy = app.settings().scoring;
        // The time each run is given (the test clock moves with the wall clock: a run on a
        // loaded machine can end in the next second).
        Timestamp at = app.now();
        const auto full = [&](Date day, bool force) {
            at = app.now();
            return score_everything(app.db(), day, policy, at, force);
        };
        const FullScoring first = full(app.today(), false);
        const Timestamp first_at = at;
        BOOST_TEST(!first.skipped);
        BOOST_TEST(first.stats.contracts >= 2);
        const FullScoring again = full(app.today(), false);
        BOOST_TEST(again.skipped);
        BOOST_TEST(again.stats.contracts == 0);
        BOOST_TEST(again.last_finished == format_timestamp(first_at));
        const FullScoring forced = full(app.today(), true);
        BOOST_TEST(!forced.skipped);
        BOOST_TEST(forced.stats.contracts == first.stats.contracts);
        // A forced run that changed nothing leaves the data version: the next one stands.
        BOOST_TEST(full(app.today(), false).skipped);
        // Another day: due periods move.
        BOOST_TEST(!full(add_days(app.today(), 1), false).skipped);
        BOOST_TEST(!full(app.today(), false).skipped);
        BOOST_TEST(full(app.today(), false).skipped);
        // A change of the data.
        auto r = srv.post_xml("/api/v1/returns", srv.supplier_a,
                              kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        BOOST_TEST_REQUIRE(r.status == 201, r);
        BOOST_TEST(!full(app.today(), false).skipped);
        BOOST_TEST(full(app.today(), false).skipped);
        // Prepared scorecards are still what a fresh computation gives.
        check_every_scorecard(srv, "full scorings", true);
    });
}

// 300 more contracts whose ids sort before the world's, accepted as one feed: a full
// rescoring's first batch is BULK-0000 to BULK-0199, the second BULK-0200 to BULK-0299 and the
// world's two.
void accept_bulk_contracts(store::Database& db, AppContext& app) {
    FeedBuilder feed;
    feed.generated("2026-09-02T09:00:00Z")
        .authority(kAuthority, "Department for Work and Pensions")
        .supplier(kSupplierB, "Brightside Support CIC", SizeClass::kSmall);
    for (int i = 0; i < 300; ++i) {
        std::string id = std::to_string(i);
        id = "BULK-" + std::string(4 - id.size(), '0') + id;
        feed.contract(contract(id, kAuthority, kSupplierB, "Visits", "2026-09-01", "2027-08-31",
                               1000, Frequency::kMonthly))
            .kpi(kpi("VISITS", "Home visits made", Unit::kCount, Direction::kHigher, 1,
                     {100, 80, 60}));
    }
    IngestRequest request;  // 300 contracts: larger than the test server takes a body
    request.bytes = feed.xml();
    request.sender = commercial_principal();
    request.received = app.now();
    request.as_of = app.today();
    BOOST_TEST_REQUIRE(
        (ingest_document(db, request, app.settings()).outcome == DocumentOutcome::kAccepted));
}

// A full rescoring reads each batch's input ahead on another connection while the batch
// before it is written (services/scoring_run.cpp). Input read before a change committed must
// not be used: here a return for DWP-2026-0001 is accepted between the first batch of 200
// contracts and the second, which holds DWP-2026-0001, after the second batch's input was
// read ahead.
BOOST_AUTO_TEST_CASE(a_full_rescoring_does_not_use_input_read_before_a_change_committed) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        AppContext& app = srv.app();
        accept_bulk_contracts(db, app);
        bool returned = false;
        const FullScoring run = score_everything(
            db, app.today(), app.settings().scoring, app.now(), true,
            [&](std::size_t done, std::size_t total) {
                BOOST_TEST_REQUIRE(total == 302u);
                if (done != 200)
                    return;
                // 2026-09: CALLS 93.2, COMPLAINTS 6.1, both approaching: 75.0.
                const Reply r =
                    srv.post_xml("/api/v1/returns", srv.supplier_a,
                                 kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "6.1"));
                BOOST_TEST_REQUIRE(r.status == 201, r);
                returned = true;
            });
        BOOST_TEST_REQUIRE(returned);
        BOOST_TEST(run.stats.contracts == 302);
        BOOST_TEST(run.stats.batches_read_ahead == 0);
        // What the run left for DWP-2026-0001 shows the return: its score, no missing-return
        // flag for 2026-09, and prepared bytes equal to a fresh computation.
        BOOST_TEST(period_score(srv, "2026-09") == 75.0);
        const Reply flags =
            srv.get("/api/v1/flags?status=open&contract=" + std::string(kContractA) +
                        "&rule=missing_return",
                    srv.commercial);
        BOOST_TEST_REQUIRE(flags.status == 200, flags);
        BOOST_TEST(flags.body.find("\"2026-09\"") == std::string::npos, flags.body);
        check_every_scorecard(srv, "a return accepted during a full rescoring", true);
    });
}

// Input read ahead serves when the only commits since it was read are the run's own batches
// (which write nothing a later batch reads): here the first full rescoring after 300 new
// contracts, whose first batch writes every one of its contracts, serves the second batch
// from what was read ahead, and what it prepares equals a fresh computation.
BOOST_AUTO_TEST_CASE(a_rescoring_whose_batches_write_uses_the_input_read_ahead) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        AppContext& app = srv.app();
        accept_bulk_contracts(db, app);
        const FullScoring run =
            score_everything(db, app.today(), app.settings().scoring, app.now(), true, {});
        BOOST_TEST(run.stats.contracts == 302);
        BOOST_TEST(run.stats.batches_read_ahead == 1);
        // The second batch's contracts were written from the input read ahead: their
        // prepared rows equal a fresh computation, as the world's do.
        for (const std::string id : {"BULK-0200", "BULK-0299"}) {
            const auto prepared = prepared_contract(srv, id);
            BOOST_TEST_REQUIRE(prepared.has_value(), id << " is not prepared");
            BOOST_TEST(*prepared == fresh_contract(srv, id), id);
        }
        check_every_scorecard(srv, "a rescoring served from input read ahead", true);
    });
}

BOOST_AUTO_TEST_CASE(a_caller_who_sees_less_is_answered_by_the_computation) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        auto novated = srv.post_json(
            "/api/v1/contracts/" + std::string(kContractB) + "/novation", srv.commercial,
            R"({"supplier": "GB-COH-01234567", "effective": "2026-10-01", "reason": "Deed 18"})");
        BOOST_TEST_REQUIRE(novated.status == 201, novated);
        const auto prepared = prepared_contract(srv, kContractB);
        BOOST_TEST_REQUIRE(prepared.has_value());

        // The former supplier B sees its own period, 2026-09, only; the new one A from
        // 2026-10. Neither is given the whole view's bytes.
        const Reply former = srv.get(contract_path(kContractB), srv.supplier_b);
        BOOST_TEST_REQUIRE(former.status == 200, former);
        BOOST_TEST(!is_prepared_etag(former.header("etag")), former.header("etag"));
        BOOST_TEST(former.body == fresh_contract(srv, kContractB, supplier_principal(kSupplierB)));
        BOOST_TEST(former.body != *prepared);
        auto periods = former.json()->getArray("periods");
        BOOST_TEST_REQUIRE(periods->size() == 1u, former);
        BOOST_TEST(periods->getObject(0)->getValue<std::string>("period") == "2026-09");

        const Reply current = srv.get(contract_path(kContractB), srv.supplier_a);
        BOOST_TEST_REQUIRE(current.status == 200, current);
        BOOST_TEST(!is_prepared_etag(current.header("etag")));
        BOOST_TEST(current.body != *prepared);
        BOOST_TEST(period_of(current, "2026-10")->getValue<std::string>("rating") == "missing");

        // The authority's commercial team sees the contract whole: the prepared bytes.
        const Reply team = srv.get(contract_path(kContractB), srv.commercial);
        BOOST_TEST_REQUIRE(team.status == 200, team);
        BOOST_TEST(is_prepared_etag(team.header("etag")));
        BOOST_TEST(team.body == *prepared);
        // Another authority's may not see it at all, prepared or not.
        BOOST_TEST(srv.get(contract_path(kContractB), srv.commercial_other).status == 403);
        // A supplier's scorecard is whole for ministers and admin only.
        const Reply narrowed = srv.get(supplier_path(kSupplierA), srv.commercial);
        BOOST_TEST_REQUIRE(narrowed.status == 200, narrowed);
        BOOST_TEST(!is_prepared_etag(narrowed.header("etag")));
    });
}

BOOST_AUTO_TEST_CASE(a_row_is_served_on_the_days_it_holds_for_and_while_nothing_is_queued) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        const ScoringPolicy& policy = srv.app().settings().scoring;
        // Supplier A is large: a period's return is due once the large group's grace days
        // have passed after the period ended (SPEC §4 missing_return). No return has been
        // made: 2026-09 is due from 2026-09-30 + grace + 1 day, 2026-10 from 2026-10-31 +
        // grace + 1.
        const int grace = policy.flags.large.grace_days;
        const Date september_due = add_days(*parse_date("2026-09-30"), grace + 1);
        const Date october_due = add_days(*parse_date("2026-10-31"), grace + 1);
        const Date made_on = add_days(september_due, 3);
        BOOST_TEST_REQUIRE((made_on < october_due));
        services::rescore_contracts(db, {kContractA, kContractB}, made_on, policy, srv.app().now());
        const auto prepared_on = [&](Date day) {
            auto conn = db.acquire();
            return reports::prepared_contract_json(*conn, kContractA, policy, day);
        };
        const auto fresh_on = [&](Date day) {
            auto conn = db.acquire();
            return reports::to_json(reports::load_contract_scorecard(
                *conn, kContractA, admin_principal(), policy, day));
        };
        // The bytes made on one day hold for every day on which the same periods are due
        // without a return: from 2026-09's due day until the day before 2026-10's.
        for (const Date day : {september_due, made_on, add_days(october_due, -1)}) {
            BOOST_TEST_CONTEXT(format_date(day)) {
                const auto prepared = prepared_on(day);
                BOOST_TEST_REQUIRE(prepared.has_value());
                BOOST_TEST(*prepared == fresh_on(day));
            }
        }
        // The day before 2026-09 fell due it was not missing; from 2026-10's due day it is.
        BOOST_TEST(!prepared_on(add_days(september_due, -1)).has_value());
        BOOST_TEST(!prepared_on(october_due).has_value());
        BOOST_TEST(fresh_on(october_due) != fresh_on(made_on));

        // The server's day (the real clock, 2026-12 or later) is past 2026-10's due day: the
        // bytes are not its answer, and its first read makes them again, for its day.
        BOOST_TEST_REQUIRE((october_due <= srv.app().today()));
        BOOST_TEST(!prepared_contract(srv, kContractA).has_value());
        const Reply first = srv.get(contract_path(kContractA), srv.minister);
        BOOST_TEST_REQUIRE(first.status == 200, first);
        BOOST_TEST(first.body == fresh_contract(srv, kContractA));
        BOOST_TEST(is_prepared_etag(first.header("etag")), first.header("etag"));
        BOOST_TEST((prepared_contract(srv, kContractA) == fresh_contract(srv, kContractA)));

        // Queued for rescoring (an import committed, its rescoring not done yet): computed.
        {
            auto conn = db.acquire();
            store::RescoreQueue(*conn).add({kContractA}, srv.app().now());
        }
        BOOST_TEST(!prepared_contract(srv, kContractA).has_value());
        BOOST_TEST(!prepared_supplier(srv, kSupplierA).has_value());
        const Reply queued = srv.get(contract_path(kContractA), srv.minister);
        BOOST_TEST_REQUIRE(queued.status == 200, queued);
        BOOST_TEST(!is_prepared_etag(queued.header("etag")), queued.header("etag"));
        BOOST_TEST(queued.body == fresh_contract(srv, kContractA));
        const Reply supplier = srv.get(supplier_path(kSupplierA), srv.minister);
        BOOST_TEST_REQUIRE(supplier.status == 200, supplier);
        BOOST_TEST(!is_prepared_etag(supplier.header("etag")), supplier.header("etag"));
        BOOST_TEST(supplier.body == fresh_supplier(srv, kSupplierA));
    });
}

BOOST_AUTO_TEST_CASE(if_none_match_with_the_etag_answers_304_until_the_scorecard_changes) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        for (const std::string& path : {contract_path(kContractA), supplier_path(kSupplierA)}) {
            BOOST_TEST_CONTEXT(path) {
                const Reply first = srv.get(path, srv.minister);
                BOOST_TEST_REQUIRE(first.status == 200, first);
                const std::string etag = first.header("etag");
                BOOST_TEST_REQUIRE(!etag.empty());
                BOOST_TEST(etag.front() == '"');  // strong: no W/
                // Still kept by no shared or browser cache (docs/security.md).
                BOOST_TEST(first.header("cache-control") == "no-store");

                const Reply again = get_with(srv, path, srv.minister, etag);
                BOOST_TEST(again.status == 304, again);
                BOOST_TEST(again.body.empty());
                BOOST_TEST(again.header("etag") == etag);
                // A list of tags, and the weak form of the same tag, match too.
                BOOST_TEST(get_with(srv, path, srv.minister, "\"other\", " + etag).status == 304);
                BOOST_TEST(get_with(srv, path, srv.minister, "W/" + etag).status == 304);
                BOOST_TEST(get_with(srv, path, srv.minister, "\"other\"").status == 200);
            }
        }
        const std::string contract_etag =
            srv.get(contract_path(kContractA), srv.minister).header("etag");
        const std::string supplier_etag =
            srv.get(supplier_path(kSupplierA), srv.minister).header("etag");
        // Supplier A's own view is computed for it: its ETag is a hash of those bytes.
        const Reply own_before = srv.get(contract_path(kContractA), srv.supplier_a);
        BOOST_TEST_REQUIRE(own_before.status == 200, own_before);
        BOOST_TEST(own_before.header("etag") == reports::etag_of(own_before.body));

        // A change: A's 2026-09 return (CALLS 93.2 approaching, COMPLAINTS 4 good: 83.3).
        auto r = srv.post_xml("/api/v1/returns", srv.supplier_a,
                              kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        BOOST_TEST_REQUIRE(r.status == 201, r);
        const Reply changed = get_with(srv, contract_path(kContractA), srv.minister, contract_etag);
        BOOST_TEST_REQUIRE(changed.status == 200, changed);
        BOOST_TEST(changed.header("etag") != contract_etag);
        BOOST_TEST(period_of(changed, "2026-09")->getValue<double>("score") == 83.3,
                   tt::tolerance(1e-9));
        BOOST_TEST(
            get_with(srv, contract_path(kContractA), srv.minister, changed.header("etag")).status ==
            304);
        const Reply supplier =
            get_with(srv, supplier_path(kSupplierA), srv.minister, supplier_etag);
        BOOST_TEST_REQUIRE(supplier.status == 200, supplier);
        BOOST_TEST(supplier.header("etag") != supplier_etag);

        // Callers answered by the computation get an ETag of the bytes, and 304 too.
        const Reply own =
            get_with(srv, contract_path(kContractA), srv.supplier_a, own_before.header("etag"));
        BOOST_TEST_REQUIRE(own.status == 200, own);
        BOOST_TEST(own.header("etag") == reports::etag_of(own.body));
        BOOST_TEST(own.header("etag") != own_before.header("etag"));
        BOOST_TEST(
            get_with(srv, contract_path(kContractA), srv.supplier_a, own.header("etag")).status ==
            304);
        const Reply csv = srv.get(contract_path(kContractA) + "?format=csv", srv.minister);
        BOOST_TEST_REQUIRE(csv.status == 200, csv);
        BOOST_TEST(csv.header("etag") != changed.header("etag"));
        BOOST_TEST(get_with(srv, contract_path(kContractA) + "?format=csv", srv.minister,
                            csv.header("etag"))
                       .status == 304);

        // The summary, from its cache.
        const Reply summary = srv.get("/api/v1/summary", srv.minister);
        BOOST_TEST_REQUIRE(summary.status == 200, summary);
        BOOST_TEST(get_with(srv, "/api/v1/summary", srv.minister, summary.header("etag")).status ==
                   304);
    });
}

// Migration 12 stores bodies packed (store/prepared_body.h) and converts nothing: a row
// written before it holds the JSON as it is, is served as it is (with its ETag), and is
// packed when next written, keeping its version and date (the same bytes, the same ETag).
BOOST_AUTO_TEST_CASE(rows_stored_before_bodies_were_packed_are_served_and_packed_when_written) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        const auto codec_of = [&](store::PreparedKind kind, const std::string& id) {
            auto conn = db.acquire();
            const auto row = conn->query_one(
                "SELECT body_codec FROM prepared_scorecards WHERE kind = ? AND id = ?",
                {kind == store::PreparedKind::kContract ? "contract" : "supplier", id});
            BOOST_TEST_REQUIRE(row.has_value());
            return (*row)[0].as_int();
        };
        const std::vector<std::pair<store::PreparedKind, std::string>> rows{
            {store::PreparedKind::kContract, kContractA},
            {store::PreparedKind::kSupplier, kSupplierA}};
        // Written packed; then put back as a row from before migration 12 holds them.
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            for (const auto& [kind, id] : rows) {
                const auto row = store::PreparedScorecardRepository(conn).find(kind, id, true);
                BOOST_TEST_REQUIRE(row.has_value());
                BOOST_TEST_REQUIRE((row->stored->codec() == store::BodyCodec::kLz4));
                BOOST_TEST(row->stored->bytes().size() < row->stored->size());
                conn.execute(
                    "UPDATE prepared_scorecards SET body_codec = 0, body = ? WHERE kind = ? AND "
                    "id = ?",
                    {row->stored->unpacked(),
                     kind == store::PreparedKind::kContract ? "contract" : "supplier", id});
            }
        });
        for (const auto& [kind, id] : rows)
            BOOST_TEST(codec_of(kind, id) == 0);
        const Reply contract = srv.get(contract_path(kContractA), srv.minister);
        const Reply supplier = srv.get(supplier_path(kSupplierA), srv.minister);
        BOOST_TEST_REQUIRE(contract.status == 200, contract);
        BOOST_TEST_REQUIRE(supplier.status == 200, supplier);
        BOOST_TEST(is_prepared_etag(contract.header("etag")));
        BOOST_TEST(is_prepared_etag(supplier.header("etag")));
        BOOST_TEST(contract.body == fresh_contract(srv, kContractA));
        BOOST_TEST(supplier.body == fresh_supplier(srv, kSupplierA));
        BOOST_TEST(*prepared_contract(srv, kContractA) == contract.body);
        BOOST_TEST(*prepared_supplier(srv, kSupplierA) == supplier.body);
        // Kept by the server (packed there) and served again from memory.
        const auto before = srv.app().scorecards().counts();
        BOOST_TEST(srv.get(contract_path(kContractA), srv.minister).body == contract.body);
        BOOST_TEST(srv.get(supplier_path(kSupplierA), srv.minister).body == supplier.body);
        BOOST_TEST(srv.app().scorecards().counts().hits == before.hits + 2);

        // Prepared again with nothing changed: written packed, the same version and date.
        const ScoringPolicy& policy = srv.app().settings().scoring;
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            store::ContractRepository(conn).lock(kContractA);
            BOOST_TEST(reports::prepare_contract_scorecard(conn, kContractA, policy,
                                                           srv.app().today(), srv.app().now()));
            BOOST_TEST(
                reports::prepare_supplier_scorecard(conn, kSupplierA, policy, srv.app().now()));
        });
        for (const auto& [kind, id] : rows)
            BOOST_TEST(codec_of(kind, id) == static_cast<int>(store::BodyCodec::kLz4));
        const Reply contract_again = srv.get(contract_path(kContractA), srv.minister);
        const Reply supplier_again = srv.get(supplier_path(kSupplierA), srv.minister);
        BOOST_TEST(contract_again.header("etag") == contract.header("etag"));
        BOOST_TEST(supplier_again.header("etag") == supplier.header("etag"));
        BOOST_TEST(contract_again.body == contract.body);
        BOOST_TEST(supplier_again.body == supplier.body);
        BOOST_TEST(get_with(srv, contract_path(kContractA), srv.minister, contract.header("etag"))
                       .status == 304);
    });
}

// The scoring run makes a contract's row on another thread (reports::
// read_contract_scorecard_row, store::seal) and writes it later: the row it makes is the one
// prepare_contract_scorecard writes (the same digest: the version and date stay; the same
// packed bytes).
BOOST_AUTO_TEST_CASE(a_row_made_on_another_thread_is_the_one_written_in_place) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        const ScoringPolicy& policy = srv.app().settings().scoring;
        const auto stored_row = [&] {
            auto conn = db.acquire();
            auto row = store::PreparedScorecardRepository(*conn).find(
                store::PreparedKind::kContract, kContractA, true);
            BOOST_TEST_REQUIRE(row.has_value());
            return *row;
        };
        const store::PreparedScorecard before = stored_row();
        std::function<store::PreparedScorecard()> make;
        std::optional<store::PreparedScorecard> current;
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            store::ContractRepository(conn).lock(kContractA);
            const Contract contract = *store::ContractRepository(conn).find(kContractA);
            const Supplier supplier = *store::SupplierRepository(conn).find(contract.supplier_id);
            current = store::PreparedScorecardRepository(conn).find(store::PreparedKind::kContract,
                                                                    kContractA, false);
            make = reports::read_contract_scorecard_row(
                conn, contract, supplier, store::ScoreRepository(conn).period_scores(kContractA),
                nullptr, policy, srv.app().today());
        });
        // Made outside any transaction, on another thread, as the scoring run does.
        store::PreparedScorecard made = std::async(std::launch::async, make).get();
        BOOST_TEST(made.body.empty());  // sealed: given up for `stored`
        BOOST_TEST_REQUIRE(made.stored != nullptr);
        BOOST_TEST(made.stored->unpacked() == fresh_contract(srv, kContractA));
        BOOST_TEST(made.digest == before.digest);
        BOOST_TEST(made.stored->bytes() == before.stored->bytes());
        // Without its bytes: everything else kept (what put() returns is made so).
        const store::PreparedScorecard head = made.without_body();
        BOOST_TEST(head.stored == nullptr);
        BOOST_TEST(head.body.empty());
        BOOST_TEST(head.digest == made.digest);
        BOOST_TEST(head.as_of == made.as_of);
        BOOST_TEST(head.policy == made.policy);
        BOOST_TEST(head.authority_id == made.authority_id);
        BOOST_TEST(!head.as_of.empty());
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            store::ContractRepository(conn).lock(kContractA);
            BOOST_TEST(reports::put_contract_scorecard_row(conn, kContractA, made, current,
                                                           srv.app().now()));
        });
        const store::PreparedScorecard after = stored_row();
        BOOST_TEST(after.version == before.version);
        BOOST_TEST(after.prepared_at == before.prepared_at);
        BOOST_TEST(after.stored->bytes() == before.stored->bytes());

        // Other bytes, sealed: written as sealed (packed once, on the sealing thread), the
        // version moved.
        store::PreparedScorecard other = made;
        other.stored.reset();
        other.body = R"({"contract":{"id":"DWP-2026-0001"},"other":true})";
        store::seal(other);
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            store::ContractRepository(conn).lock(kContractA);
            const auto read = store::PreparedScorecardRepository(conn).find(
                store::PreparedKind::kContract, kContractA, false);
            BOOST_TEST(reports::put_contract_scorecard_row(conn, kContractA, other, read,
                                                           srv.app().now()));
        });
        const store::PreparedScorecard rewritten = stored_row();
        BOOST_TEST(rewritten.version == before.version + 1);
        BOOST_TEST(rewritten.digest == other.digest);
        BOOST_TEST(rewritten.digest != before.digest);
        BOOST_TEST(rewritten.stored->unpacked() ==
                   R"({"contract":{"id":"DWP-2026-0001"},"other":true})");
    });
}

// A scoring batch reads and writes its contracts' rows together
// (reports::read_contract_scorecard_rows, put_contract_scorecard_rows): each row is the one
// made alone, new rows are inserted at version 1, and a row marked since it was read is left
// to the next read while the others are written.
BOOST_AUTO_TEST_CASE(rows_of_many_contracts_are_made_and_written_together) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        const ScoringPolicy& policy = srv.app().settings().scoring;
        const auto stored_row = [&](const char* id) {
            auto conn = db.acquire();
            return store::PreparedScorecardRepository(*conn).find(store::PreparedKind::kContract,
                                                                  id, true);
        };
        // A's row gone (a new one is inserted); B's read, then marked before the write.
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            conn.execute("DELETE FROM prepared_scorecards WHERE kind = 'contract' AND id = ?",
                         {kContractA});
        });
        const auto b_before = stored_row(kContractB);
        BOOST_TEST_REQUIRE(b_before.has_value());
        std::vector<std::string> ids{kContractA, kContractB};
        std::vector<std::optional<store::PreparedScorecard>> current(2);
        std::vector<std::function<store::PreparedScorecard()>> makes;
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            store::ContractRepository(conn).lock_all(ids);
            std::vector<reports::ScorecardRowInput> inputs;
            for (std::size_t i = 0; i < ids.size(); ++i) {
                const Contract contract = *store::ContractRepository(conn).find(ids[i]);
                const Supplier supplier =
                    *store::SupplierRepository(conn).find(contract.supplier_id);
                current[i] = store::PreparedScorecardRepository(conn).find(
                    store::PreparedKind::kContract, ids[i], false);
                inputs.push_back({contract, supplier,
                                  store::ScoreRepository(conn).period_scores(ids[i]), nullptr});
            }
            makes = reports::read_contract_scorecard_rows(conn, std::move(inputs), policy,
                                                          srv.app().today());
        });
        BOOST_TEST_REQUIRE(makes.size() == 2u);
        BOOST_TEST(!current[0].has_value());
        BOOST_TEST_REQUIRE(current[1].has_value());
        std::vector<store::PreparedScorecard> made;
        for (auto& make : makes)
            made.push_back(make());
        BOOST_TEST(made[0].stored->unpacked() == fresh_contract(srv, kContractA));
        BOOST_TEST(made[1].stored->unpacked() == fresh_contract(srv, kContractB));
        // B's bytes made different (as a change would), and B marked meanwhile (a decision
        // elsewhere): its version moves past the one read, and the write is refused.
        made[1].stored.reset();
        made[1].body = R"({"contract":{"id":"DWP-2026-0002"},"other":true})";
        store::seal(made[1]);
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            store::PreparedScorecardRepository(conn).mark_stale(store::PreparedKind::kContract,
                                                                kContractB);
        });
        std::vector<bool> written;
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            store::ContractRepository(conn).lock_all(ids);
            written = reports::put_contract_scorecard_rows(
                conn, {{&ids[0], &made[0], &current[0]}, {&ids[1], &made[1], &current[1]}},
                srv.app().now());
        });
        BOOST_TEST_REQUIRE(written.size() == 2u);
        BOOST_TEST(written[0]);
        BOOST_TEST(!written[1]);
        const auto a_after = stored_row(kContractA);
        BOOST_TEST_REQUIRE(a_after.has_value());
        BOOST_TEST(a_after->version == 1);
        BOOST_TEST(!a_after->stale);
        BOOST_TEST(a_after->digest == made[0].digest);
        BOOST_TEST(a_after->stored->unpacked() == fresh_contract(srv, kContractA));
        const auto b_after = stored_row(kContractB);
        BOOST_TEST_REQUIRE(b_after.has_value());
        BOOST_TEST(b_after->stale);
        BOOST_TEST(b_after->version == b_before->version + 1);
    });
}

// A scoring batch reads its suppliers' scorecards together (reports::
// whole_supplier_scorecards): each is the scorecard read alone, for one supplier or many,
// and one that does not exist is left out. A commercial team's narrower view of B reads its
// flags as far as it may see them, as before.
BOOST_AUTO_TEST_CASE(scorecards_of_many_suppliers_are_read_as_one_by_one) {
    for_each_database([](store::Database& db) {
        RunningServer srv(db);
        load_world(srv);
        const ScoringPolicy& policy = srv.app().settings().scoring;
        auto conn = db.acquire();
        const auto both = reports::whole_supplier_scorecards(
            *conn, {kSupplierA, kSupplierB, "GB-NOBODY"}, policy);
        BOOST_TEST_REQUIRE(both.size() == 2u);
        for (const char* id : {kSupplierA, kSupplierB}) {
            const auto alone = reports::whole_supplier_scorecards(*conn, {id}, policy);
            BOOST_TEST_REQUIRE(alone.size() == 1u);
            const std::string expected = reports::to_json(
                reports::load_unranked_supplier_scorecard(*conn, id, admin_principal(), policy));
            BOOST_TEST(reports::to_json(both.at(id)) == expected);
            BOOST_TEST(reports::to_json(alone.at(id)) == expected);
        }
        BOOST_TEST(!both.at(kSupplierA).contracts.empty());
    });
}

BOOST_AUTO_TEST_SUITE_END()
