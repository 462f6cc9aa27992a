// The performance-management workflow over the real server (docs/reviews.md), on every
// database: partnership reviews from proposed to closed by the right people only, comments
// from both sides, the action plan, flag dismissal, disputes upheld and rejected, and the
// audit log that records all of it.
//
// The world (services_test_support.h): DWP-2026-0001 for supplier A (large) with CALLS
// (percent, higher, weight 40, good 95, approaching 90, minimum 85) and COMPLAINTS (ratio,
// lower, weight 20, good 5, approaching 8, minimum 12). Supplier A's 2026-09 return with
// CALLS 80 and COMPLAINTS 4 rates CALLS inadequate (80 < 85: 0 points) and COMPLAINTS good
// (4 <= 5: 100 points): the period scores (40×0 + 20×100) / 60 = 33.33…, shown 33.3,
// rated inadequate (< 40). CALLS inadequate raises inadequate_kpi, a high flag.
// The contracts start on 2026-09-01 and the server's clock is real (2026-11 or later), so
// as soon as the feed is loaded both contracts have missed 2026-09 and 2026-10, two missed
// periods: missing_return is high (SPEC §4) and each supplier gets a proposed partnership
// review. The tests use supplier A's.
#include <boost/test/unit_test.hpp>

#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "reports/audit.h"
#include "services/scoring_run.h"
#include "store/repositories.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
using Poco::JSON::Array;
using Poco::JSON::Object;
namespace tt = boost::test_tools;

namespace {

// Loads the world and supplier A's 2026-09 return that warrants a review (see above);
// returns the review's id.
std::int64_t flagged_world(RunningServer& srv) {
    load_world(srv);
    auto ret = srv.post_xml("/api/v1/returns", srv.supplier_a,
                            kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "80", "4"));
    BOOST_TEST_REQUIRE(ret.status == 201, ret);
    auto list = srv.get("/api/v1/reviews?supplier=" + std::string(kSupplierA), srv.commercial);
    BOOST_TEST_REQUIRE(list.status == 200, list);
    BOOST_TEST_REQUIRE(list.json()->getValue<int>("total") == 1, list);
    auto review = list.json()->getArray("reviews")->getObject(0);
    BOOST_TEST(review->getValue<std::string>("supplier") == kSupplierA);
    BOOST_TEST(review->getValue<std::string>("state") == "proposed");
    return review->getValue<std::int64_t>("id");
}

std::string review_path(std::int64_t id) {
    return "/api/v1/reviews/" + std::to_string(id);
}

std::string move_to(const std::string& to, const std::string& note) {
    return R"({"to": ")" + to + R"(", "note": ")" + note + R"("})";
}

std::string state_of(RunningServer& srv, std::int64_t id) {
    auto r = srv.get(review_path(id), srv.commercial);
    BOOST_TEST_REQUIRE(r.status == 200, r);
    return r.json()->getValue<std::string>("state");
}

// The id of the flag with that rule on contract A, and its status.
std::pair<std::int64_t, std::string> flag_of(RunningServer& srv, const std::string& rule) {
    auto r = srv.get("/api/v1/flags?contract=" + std::string(kContractA) + "&rule=" + rule,
                     srv.commercial);
    BOOST_TEST_REQUIRE(r.status == 200, r);
    auto flags = r.json()->getArray("flags");
    BOOST_TEST_REQUIRE(flags->size() == 1u, r);
    return {flags->getObject(0)->getValue<std::int64_t>("id"),
            flags->getObject(0)->getValue<std::string>("status")};
}

Object::Ptr period_2026_09(RunningServer& srv) {
    auto card =
        srv.get("/api/v1/contracts/" + std::string(kContractA) + "/scorecard", srv.commercial);
    BOOST_TEST_REQUIRE(card.status == 200, card);
    auto periods = card.json()->getArray("periods");
    for (std::size_t i = 0; i < periods->size(); ++i) {
        if (periods->getObject(i)->getValue<std::string>("period") == "2026-09")
            return periods->getObject(i);
    }
    BOOST_FAIL("no 2026-09 on the scorecard: " << card.body);
    return nullptr;
}

Object::Ptr measure(const Object::Ptr& period, const std::string& kpi) {
    auto measures = period->getArray("measures");
    for (std::size_t i = 0; i < measures->size(); ++i) {
        if (measures->getObject(i)->getValue<std::string>("kpi") == kpi)
            return measures->getObject(i);
    }
    BOOST_FAIL("no measure " << kpi);
    return nullptr;
}

std::size_t open_disputes_on_scorecard(RunningServer& srv) {
    auto card =
        srv.get("/api/v1/contracts/" + std::string(kContractA) + "/scorecard", srv.commercial);
    BOOST_TEST_REQUIRE(card.status == 200, card);
    return card.json()->getArray("disputes")->size();
}

std::vector<ReturnVersion> history_2026_09(store::Database& db) {
    auto conn = db.acquire();
    return store::ReturnRepository(*conn).history(kContractA, period("2026-09"));
}

const Measure* calls_of(const ReturnVersion& v) {
    for (const Measure& m : v.figures.measures)
        if (m.kpi_code == "CALLS")
            return &m;
    return nullptr;
}

std::int64_t raise_calls_dispute(RunningServer& srv) {
    auto r = srv.post_json("/api/v1/disputes", srv.supplier_a,
                           R"({"contract": "DWP-2026-0001", "kpi": "CALLS", "period": "2026-09",
                               "reason": "The call logger dropped 12 minutes of answered calls"})");
    BOOST_TEST_REQUIRE(r.status == 201, r);
    BOOST_TEST(r.json()->getValue<std::string>("status") == "open");
    return r.json()->getValue<std::int64_t>("id");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reviews)

BOOST_AUTO_TEST_CASE(a_review_goes_from_proposed_to_closed_by_the_right_people_only) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        const std::int64_t id = flagged_world(srv);
        const std::string transitions = review_path(id) + "/transitions";

        // Who sees it: A's own supplier, DWP (A holds a DWP contract), minister, admin; not
        // supplier B (who sees only its own), not HMRC's team (no contract with A or B).
        BOOST_TEST(srv.get("/api/v1/reviews", srv.supplier_a).json()->getValue<int>("total") == 1);
        BOOST_TEST(srv.get("/api/v1/reviews", srv.minister).json()->getValue<int>("total") == 2);
        BOOST_TEST(srv.get("/api/v1/reviews", srv.commercial).json()->getValue<int>("total") == 2);
        auto b_list = srv.get("/api/v1/reviews", srv.supplier_b).json();
        BOOST_TEST_REQUIRE(b_list->getValue<int>("total") == 1);
        BOOST_TEST(b_list->getArray("reviews")->getObject(0)->getValue<std::string>("supplier") ==
                   kSupplierB);
        BOOST_TEST(srv.get("/api/v1/reviews?supplier=" + std::string(kSupplierA), srv.supplier_b)
                       .json()
                       ->getValue<int>("total") == 0);
        BOOST_TEST(
            srv.get("/api/v1/reviews", srv.commercial_other).json()->getValue<int>("total") == 0);
        BOOST_TEST(srv.get(review_path(id), srv.supplier_b).status == 403);
        BOOST_TEST(srv.get(review_path(id), srv.commercial_other).status == 403);
        BOOST_TEST(srv.get(review_path(id), srv.minister).status == 200);
        BOOST_TEST(srv.get(review_path(99999), srv.commercial).status == 404);

        // The wrong people may not move it; the state stays proposed.
        for (const std::string* token :
             {&srv.supplier_a, &srv.supplier_b, &srv.minister, &srv.commercial_other}) {
            auto r = srv.post_json(transitions, *token, move_to("scheduled", "Booked"));
            BOOST_TEST(r.status == 403, r);
            BOOST_TEST(state_of(srv, id) == "proposed");
        }
        // A skipped step: 409, saying the current state and what is allowed.
        auto skipped =
            srv.post_json(transitions, srv.commercial, move_to("action_plan_agreed", "x"));
        BOOST_TEST(skipped.status == 409, skipped);
        BOOST_TEST(skipped.body.find("proposed") != std::string::npos, skipped);
        BOOST_TEST(skipped.body.find("scheduled") != std::string::npos, skipped);
        // A note is required; "to" must be a state; an unknown review is 404.
        BOOST_TEST(srv.post_json(transitions, srv.commercial, R"({"to": "scheduled"})").status ==
                   422);
        BOOST_TEST(srv.post_json(transitions, srv.commercial, move_to("scheduled", "  ")).status ==
                   422);
        BOOST_TEST(srv.post_json(transitions, srv.commercial, move_to("booked", "x")).status ==
                   422);
        BOOST_TEST(srv.post_json(review_path(99999) + "/transitions", srv.commercial,
                                 move_to("scheduled", "x"))
                       .status == 404);
        BOOST_TEST(state_of(srv, id) == "proposed");

        auto scheduled = srv.post_json(transitions, srv.commercial,
                                       move_to("scheduled", "Review meeting on 3 December"));
        BOOST_TEST_REQUIRE(scheduled.status == 200, scheduled);
        auto body = scheduled.json();
        BOOST_TEST(body->getValue<std::string>("state") == "scheduled");
        auto t = body->getArray("transitions");
        BOOST_TEST_REQUIRE(t->size() == 1u);
        BOOST_TEST(t->getObject(0)->getValue<std::string>("from") == "proposed");
        BOOST_TEST(t->getObject(0)->getValue<std::string>("to") == "scheduled");
        BOOST_TEST(t->getObject(0)->getValue<std::string>("by") == "commercial.dwp");
        BOOST_TEST(t->getObject(0)->getValue<std::string>("note") ==
                   "Review meeting on 3 December");

        // No action yet: the plan cannot be agreed.
        BOOST_TEST(srv.post_json(transitions, srv.commercial, move_to("action_plan_agreed", "ok"))
                       .status == 409);

        // The supplier proposes an action; supplier B and the minister may not.
        const std::string action = R"({"description": "Recruit 20 more call handlers",
                                       "owner": "Acme operations director", "due": "2027-01-31"})";
        BOOST_TEST(srv.post_json(review_path(id) + "/actions", srv.supplier_b, action).status ==
                   403);
        BOOST_TEST(srv.post_json(review_path(id) + "/actions", srv.minister, action).status == 403);
        BOOST_TEST(srv.post_json(review_path(id) + "/actions", srv.supplier_a,
                                 R"({"description": "x", "owner": "y", "due": "31/01/2027"})")
                       .status == 422);
        auto proposed = srv.post_json(review_path(id) + "/actions", srv.supplier_a, action);
        BOOST_TEST_REQUIRE(proposed.status == 201, proposed);
        auto actions = proposed.json()->getArray("actions");
        BOOST_TEST_REQUIRE(actions->size() == 1u);
        BOOST_TEST(actions->getObject(0)->getValue<std::string>("owner") ==
                   "Acme operations director");
        BOOST_TEST(actions->getObject(0)->getValue<std::string>("due") == "2027-01-31");
        BOOST_TEST(actions->getObject(0)->getValue<bool>("agreed") == false);
        const std::string agree =
            review_path(id) + "/actions/" +
            std::to_string(actions->getObject(0)->getValue<std::int64_t>("id")) + "/agree";

        // Not agreed yet: 409. The supplier and another authority may not agree it.
        BOOST_TEST(srv.post_json(transitions, srv.commercial, move_to("action_plan_agreed", "ok"))
                       .status == 409);
        BOOST_TEST(srv.post_json(agree, srv.supplier_a, "{}").status == 403);
        BOOST_TEST(srv.post_json(agree, srv.commercial_other, "{}").status == 403);
        BOOST_TEST(
            srv.post_json(review_path(id) + "/actions/99999/agree", srv.commercial, "{}").status ==
            404);
        auto agreed = srv.post_json(agree, srv.commercial, R"({"note": "Agreed at the meeting"})");
        BOOST_TEST_REQUIRE(agreed.status == 200, agreed);
        BOOST_TEST(agreed.json()->getArray("actions")->getObject(0)->getValue<bool>("agreed"));
        BOOST_TEST(srv.post_json(agree, srv.commercial, "{}").status == 409);

        auto plan = srv.post_json(transitions, srv.commercial,
                                  move_to("action_plan_agreed", "Plan signed by both sides"));
        BOOST_TEST_REQUIRE(plan.status == 200, plan);
        // The agreed plan is fixed.
        BOOST_TEST(srv.post_json(review_path(id) + "/actions", srv.supplier_a, action).status ==
                   409);

        // An administrator may move it too.
        auto monitoring =
            srv.post_json(transitions, srv.admin, move_to("monitoring", "Monthly check-ins"));
        BOOST_TEST_REQUIRE(monitoring.status == 200, monitoring);
        // No step back along the chain (SPEC §2 "only along").
        BOOST_TEST(srv.post_json(transitions, srv.commercial, move_to("action_plan_agreed", "redo"))
                       .status == 409);
        BOOST_TEST(state_of(srv, id) == "monitoring");

        auto closed = srv.post_json(transitions, srv.commercial,
                                    move_to("closed", "Three good months in a row"));
        BOOST_TEST_REQUIRE(closed.status == 200, closed);
        // Four transitions, each with who and a note.
        BOOST_TEST(closed.json()->getArray("transitions")->size() == 4u);
        // Closed is final; it takes no more comments.
        BOOST_TEST(
            srv.post_json(transitions, srv.commercial, move_to("proposed", "again")).status == 409);
        BOOST_TEST(
            srv.post_json(review_path(id) + "/comments", srv.supplier_a, R"({"text": "Thank you"})")
                .status == 409);
        BOOST_TEST(state_of(srv, id) == "closed");
        BOOST_TEST(srv.get("/api/v1/reviews?state=closed", srv.supplier_a)
                       .json()
                       ->getValue<int>("total") == 1);

        // Closing frees the supplier: its inadequate_kpi flag is still open, so the next
        // evaluation proposes a new review.
        auto stats = rescore_contracts(db, {kContractA}, srv.app().today(),
                                       srv.app().settings().scoring, srv.app().now());
        BOOST_TEST(stats.reviews_opened == 1);
        BOOST_TEST(srv.get("/api/v1/reviews?state=proposed&supplier=" + std::string(kSupplierA),
                           srv.commercial)
                       .json()
                       ->getValue<int>("total") == 1);
    });
}

BOOST_AUTO_TEST_CASE(comments_from_both_sides_are_seen_by_both_and_not_by_supplier_b) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        const std::int64_t id = flagged_world(srv);
        const std::string comments = review_path(id) + "/comments";

        auto mine = srv.post_json(comments, srv.supplier_a,
                                  R"({"text": "A storm took out our Leeds site on 14 September"})");
        BOOST_TEST_REQUIRE(mine.status == 201, mine);
        BOOST_TEST(mine.header("location") == review_path(id));
        auto theirs = srv.post_json(comments, srv.commercial,
                                    R"({"text": "Please bring the recovery plan to the meeting"})");
        BOOST_TEST_REQUIRE(theirs.status == 201, theirs);

        BOOST_TEST(srv.post_json(comments, srv.supplier_b, R"({"text": "hello"})").status == 403);
        BOOST_TEST(srv.post_json(comments, srv.commercial_other, R"({"text": "hello"})").status ==
                   403);
        BOOST_TEST(srv.post_json(comments, srv.minister, R"({"text": "hello"})").status == 403);
        BOOST_TEST(srv.post_json(comments, srv.supplier_a, R"({"text": " "})").status == 422);
        BOOST_TEST(srv.post_json(comments, srv.supplier_a, R"({})").status == 422);

        for (const std::string* token : {&srv.supplier_a, &srv.commercial}) {
            auto r = srv.get(review_path(id), *token);
            BOOST_TEST_REQUIRE(r.status == 200, r);
            auto list = r.json()->getArray("comments");
            BOOST_TEST_REQUIRE(list->size() == 2u, r);
            BOOST_TEST(list->getObject(0)->getValue<std::string>("by") == "supplier.a");
            BOOST_TEST(list->getObject(0)->getValue<std::string>("role") == "supplier");
            BOOST_TEST(list->getObject(1)->getValue<std::string>("by") == "commercial.dwp");
            BOOST_TEST(list->getObject(1)->getValue<std::string>("role") == "commercial");
        }
        auto b = srv.get(review_path(id), srv.supplier_b);
        BOOST_TEST(b.status == 403, b);
        BOOST_TEST(b.body.find("Leeds") == std::string::npos);
    });
}

// The reason names each rule on each contract once. With the world loaded by the real clock
// (on or after 2026-11-21), supplier B (small: 20 grace days) has missed 2026-09 and 2026-10
// at least: one missing_return flag per period, high after two (SPEC §4), which opens a
// review; the reason used to repeat "missing_return on DWP-2026-0002" once per period.
BOOST_AUTO_TEST_CASE(the_review_reason_names_each_rule_and_contract_once) {
    for_each_world([](RunningServer& srv) {
        auto r = srv.get(std::string("/api/v1/reviews?supplier=") + kSupplierB, srv.admin);
        BOOST_TEST_REQUIRE(r.status == 200, r);
        auto reviews = r.json()->getArray("reviews");
        BOOST_TEST_REQUIRE(reviews->size() == 1u, r);
        BOOST_TEST(reviews->getObject(0)->getValue<std::string>("reason") ==
                       "missing_return on DWP-2026-0002",
                   r);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(flags)

BOOST_AUTO_TEST_CASE(a_flag_is_dismissed_only_with_a_reason_by_its_commercial_team) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        flagged_world(srv);
        auto [flag_id, status] = flag_of(srv, "inadequate_kpi");
        BOOST_TEST(status == "open");
        const std::string dismiss = "/api/v1/flags/" + std::to_string(flag_id) + "/dismiss";
        const std::string reason = R"({"reason": "Storm outage agreed as force majeure"})";

        BOOST_TEST(srv.post_json(dismiss, srv.supplier_a, reason).status == 403);
        BOOST_TEST(srv.post_json(dismiss, srv.minister, reason).status == 403);
        BOOST_TEST(srv.post_json(dismiss, srv.commercial_other, reason).status == 403);
        BOOST_TEST(srv.post_json(dismiss, srv.commercial, "{}").status == 422);
        BOOST_TEST(srv.post_json(dismiss, srv.commercial, R"({"reason": "   "})").status == 422);
        BOOST_TEST(srv.post_json("/api/v1/flags/99999/dismiss", srv.commercial, reason).status ==
                   404);
        BOOST_TEST(flag_of(srv, "inadequate_kpi").second == "open");

        auto done = srv.post_json(dismiss, srv.commercial, reason);
        BOOST_TEST_REQUIRE(done.status == 200, done);
        BOOST_TEST(done.json()->getValue<std::string>("status") == "dismissed");
        BOOST_TEST(done.json()->getValue<std::string>("dismissed_by") == "commercial.dwp");
        BOOST_TEST(done.json()->getValue<std::string>("dismiss_reason") ==
                   "Storm outage agreed as force majeure");
        // Only an open flag can be dismissed.
        BOOST_TEST(srv.post_json(dismiss, srv.commercial, reason).status == 409);

        // A later evaluation on the same evidence (2026-09) keeps it dismissed and raises no
        // new inadequate_kpi flag.
        rescore_contracts(db, {kContractA}, srv.app().today(), srv.app().settings().scoring,
                          srv.app().now());
        auto after = flag_of(srv, "inadequate_kpi");
        BOOST_TEST(after.first == flag_id);
        BOOST_TEST(after.second == "dismissed");
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(disputes)

BOOST_AUTO_TEST_CASE(an_upheld_rating_dispute_amends_the_figure_and_rescores) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        flagged_world(srv);
        // Before: 33.3 inadequate (see the top of this file).
        auto before = period_2026_09(srv);
        BOOST_TEST(before->getValue<double>("score") == 33.3, tt::tolerance(1e-9));
        BOOST_TEST(before->getValue<std::string>("rating") == "inadequate");

        // Only the contract's supplier disputes; not B, not the commercial team.
        const std::string body = R"({"contract": "DWP-2026-0001", "kpi": "CALLS",
                                     "period": "2026-09", "reason": "x"})";
        BOOST_TEST(srv.post_json("/api/v1/disputes", srv.supplier_b, body).status == 403);
        BOOST_TEST(srv.post_json("/api/v1/disputes", srv.commercial, body).status == 403);
        BOOST_TEST(srv.post_json("/api/v1/disputes", srv.supplier_a,
                                 R"({"contract": "DWP-2026-0001", "kpi": "WAIT",
                                     "period": "2026-09", "reason": "x"})")
                       .status == 422);
        // 2026-10 has no return: nothing to dispute.
        BOOST_TEST(srv.post_json("/api/v1/disputes", srv.supplier_a,
                                 R"({"contract": "DWP-2026-0001", "kpi": "CALLS",
                                     "period": "2026-10", "reason": "x"})")
                       .status == 409);
        const std::int64_t id = raise_calls_dispute(srv);
        // One open dispute per rating.
        BOOST_TEST(srv.post_json("/api/v1/disputes", srv.supplier_a, body).status == 409);
        BOOST_TEST(open_disputes_on_scorecard(srv) == 1u);
        BOOST_TEST(srv.get("/api/v1/disputes", srv.supplier_b).json()->getValue<int>("total") == 0);
        BOOST_TEST(srv.get("/api/v1/disputes/" + std::to_string(id), srv.supplier_b).status == 403);
        BOOST_TEST(srv.get("/api/v1/disputes?status=open", srv.commercial)
                       .json()
                       ->getValue<int>("total") == 1);

        const std::string decide = "/api/v1/disputes/" + std::to_string(id) + "/decision";
        const std::string uphold =
            R"({"decision": "upheld", "reason": "Logger fault confirmed", "value": 92})";
        BOOST_TEST(srv.post_json(decide, srv.supplier_a, uphold).status == 403);
        BOOST_TEST(srv.post_json(decide, srv.commercial_other, uphold).status == 403);
        // Upholding a rating dispute needs the corrected figure; a percentage within 0-100.
        BOOST_TEST(srv.post_json(decide, srv.commercial,
                                 R"({"decision": "upheld", "reason": "Logger fault"})")
                       .status == 422);
        BOOST_TEST(srv.post_json(decide, srv.commercial,
                                 R"({"decision": "upheld", "reason": "Logger", "value": 120})")
                       .status == 422);
        BOOST_TEST(history_2026_09(db).size() == 1u);

        auto decided = srv.post_json(decide, srv.commercial, uphold);
        BOOST_TEST_REQUIRE(decided.status == 200, decided);
        BOOST_TEST(decided.json()->getValue<std::string>("status") == "upheld");
        BOOST_TEST(decided.json()->getValue<std::string>("decided_by") == "commercial.dwp");
        BOOST_TEST(srv.post_json(decide, srv.commercial, uphold).status == 409);

        // CALLS 92: >= 90 approaching, 75 points; COMPLAINTS still good, 100 points:
        // (40×75 + 20×100) / 60 = 5000 / 60 = 83.33…, shown 83.3, approaching (65 <= s < 85).
        auto after = period_2026_09(srv);
        BOOST_TEST(after->getValue<double>("score") == 83.3, tt::tolerance(1e-9));
        BOOST_TEST(after->getValue<std::string>("rating") == "approaching");
        BOOST_TEST(after->getValue<int>("version") == 2);
        auto calls = measure(after, "CALLS");
        BOOST_TEST(calls->getValue<double>("value") == 92.0, tt::tolerance(1e-9));
        BOOST_TEST(calls->getValue<std::string>("rating") == "approaching");
        BOOST_TEST(calls->getValue<int>("points") == 75);
        BOOST_TEST(open_disputes_on_scorecard(srv) == 0u);

        // The old version stays in history; the new one cites the dispute.
        auto history = history_2026_09(db);
        BOOST_TEST_REQUIRE(history.size() == 2u);
        BOOST_TEST_REQUIRE(calls_of(history[0]) != nullptr);
        BOOST_TEST(*calls_of(history[0])->value == 80.0);
        BOOST_TEST(*calls_of(history[1])->value == 92.0);
        BOOST_TEST(history[1].reason ==
                   "dispute " + std::to_string(id) + " upheld: Logger fault confirmed");
        BOOST_TEST(history[1].submitted_by == "commercial.dwp");

        // CALLS is no longer inadequate: its flag resolves on the rescore.
        BOOST_TEST(flag_of(srv, "inadequate_kpi").second == "resolved");
    });
}

// docs/formats.md "Novation": a period's rating is the supplier's that held the period.
// After contract A moves to supplier B from 2026-10, A still disputes its 2026-09 rating and
// B may not (nor see A's figures through a dispute).
BOOST_AUTO_TEST_CASE(after_a_novation_each_supplier_disputes_its_own_periods_only) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        flagged_world(srv);
        auto novated = srv.post_json(
            "/api/v1/contracts/" + std::string(kContractA) + "/novation", srv.commercial,
            R"({"supplier": ")" + std::string(kSupplierB) +
                R"(", "effective": "2026-10-01", "reason": "Deed of novation 7"})");
        BOOST_TEST_REQUIRE(novated.status == 201, novated);
        const std::string body = R"({"contract": "DWP-2026-0001", "kpi": "CALLS",
                                     "period": "2026-09", "reason": "x"})";
        auto by_new = srv.post_json("/api/v1/disputes", srv.supplier_b, body);
        BOOST_TEST(by_new.status == 403, by_new);
        BOOST_TEST(by_new.body.find("33.3") == std::string::npos);
        auto by_former = srv.post_json("/api/v1/disputes", srv.supplier_a, body);
        BOOST_TEST_REQUIRE(by_former.status == 201, by_former);
        BOOST_TEST(by_former.json()->getValue<std::string>("supplier") == kSupplierA);
        // The new supplier does not see it; the former one and the commercial team do.
        const std::string dispute =
            "/api/v1/disputes/" + std::to_string(by_former.json()->getValue<std::int64_t>("id"));
        BOOST_TEST(srv.get(dispute, srv.supplier_b).status == 403);
        BOOST_TEST(srv.get(dispute, srv.supplier_a).status == 200);
        BOOST_TEST(srv.get(dispute, srv.commercial).status == 200);
        // The dispute form offers the former supplier its own periods.
        auto form = srv.get("/contracts/DWP-2026-0001/dispute", srv.supplier_a);
        BOOST_TEST(form.status == 200, form);
        // The contract as it is now (current score, open flags and disputes) is the new
        // supplier's: the former one has its periods' scorecard only.
        BOOST_TEST(srv.get("/api/v1/contracts/DWP-2026-0001", srv.supplier_b).status == 200);
        auto now_for_former = srv.get("/api/v1/contracts/DWP-2026-0001", srv.supplier_a);
        BOOST_TEST(now_for_former.status == 403, now_for_former);
        BOOST_TEST(srv.get("/api/v1/contracts/DWP-2026-0001/scorecard", srv.supplier_a).status ==
                   200);
    });
}

BOOST_AUTO_TEST_CASE(a_rejected_dispute_changes_nothing_but_its_status) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        flagged_world(srv);
        const std::int64_t id = raise_calls_dispute(srv);
        const std::string decide = "/api/v1/disputes/" + std::to_string(id) + "/decision";
        BOOST_TEST(srv.post_json(decide, srv.commercial, R"({"decision": "rejected"})").status ==
                   422);
        BOOST_TEST(srv.post_json(decide, srv.commercial, R"({"decision": "maybe", "reason": "r"})")
                       .status == 422);
        auto r = srv.post_json(decide, srv.commercial,
                               R"({"decision": "rejected", "reason": "The logger was fine"})");
        BOOST_TEST_REQUIRE(r.status == 200, r);
        BOOST_TEST(r.json()->getValue<std::string>("status") == "rejected");
        BOOST_TEST(r.json()->getValue<std::string>("decision_reason") == "The logger was fine");

        // Still 33.3 inadequate from version 1; the flag still open; no dispute open.
        auto p = period_2026_09(srv);
        BOOST_TEST(p->getValue<double>("score") == 33.3, tt::tolerance(1e-9));
        BOOST_TEST(p->getValue<std::string>("rating") == "inadequate");
        BOOST_TEST(p->getValue<int>("version") == 1);
        BOOST_TEST(history_2026_09(db).size() == 1u);
        BOOST_TEST(flag_of(srv, "inadequate_kpi").second == "open");
        BOOST_TEST(open_disputes_on_scorecard(srv) == 0u);
    });
}

BOOST_AUTO_TEST_CASE(an_upheld_flag_dispute_dismisses_the_flag_citing_the_dispute) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        flagged_world(srv);
        auto [flag_id, status] = flag_of(srv, "inadequate_kpi");
        const std::string body =
            R"({"flag": )" + std::to_string(flag_id) + R"(, "reason": "Force majeure"})";
        BOOST_TEST(srv.post_json("/api/v1/disputes", srv.supplier_b, body).status == 403);
        auto raised = srv.post_json("/api/v1/disputes", srv.supplier_a, body);
        BOOST_TEST_REQUIRE(raised.status == 201, raised);
        BOOST_TEST(raised.json()->getValue<std::string>("contract") == kContractA);
        const auto id = raised.json()->getValue<std::int64_t>("id");
        auto r = srv.post_json("/api/v1/disputes/" + std::to_string(id) + "/decision",
                               srv.commercial, R"({"decision": "upheld", "reason": "Agreed"})");
        BOOST_TEST_REQUIRE(r.status == 200, r);
        auto flags = srv.get("/api/v1/flags?rule=inadequate_kpi", srv.commercial);
        auto flag = flags.json()->getArray("flags")->getObject(0);
        BOOST_TEST(flag->getValue<std::string>("status") == "dismissed");
        BOOST_TEST(flag->getValue<std::string>("dismiss_reason") ==
                   "dispute " + std::to_string(id) + " upheld: Agreed");
        // The figures are untouched.
        BOOST_TEST(history_2026_09(db).size() == 1u);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit)

BOOST_AUTO_TEST_CASE(the_audit_log_lists_the_workflows_changes_with_before_and_after) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        const std::int64_t id = flagged_world(srv);
        BOOST_TEST_REQUIRE(srv.post_json(review_path(id) + "/transitions", srv.commercial,
                                         move_to("scheduled", "Booked for 3 December"))
                               .status == 200);
        BOOST_TEST_REQUIRE(srv.post_json(review_path(id) + "/comments", srv.supplier_a,
                                         R"j({"text": "=HYPERLINK(\"http://x\")"})j")
                               .status == 201);

        const std::string path = "/api/v1/audit?entity=review&entity_id=" + std::to_string(id);
        BOOST_TEST(srv.get(path, srv.commercial).status == 403);
        BOOST_TEST(srv.get(path, srv.minister).status == 403);
        BOOST_TEST(srv.get(path + "&from=2026-13-01", srv.admin).status == 400);

        auto r = srv.get(path, srv.admin);
        BOOST_TEST_REQUIRE(r.status == 200, r);
        // The review's creation by the scoring run, the transition, the comment.
        BOOST_TEST_REQUIRE(r.json()->getValue<int>("total") == 3, r);
        auto entries = r.json()->getArray("entries");
        BOOST_TEST(entries->getObject(0)->getValue<std::string>("action") == "create");
        BOOST_TEST(entries->getObject(0)->getValue<std::string>("actor") == "system");
        auto moved = entries->getObject(1);
        BOOST_TEST(moved->getValue<std::string>("action") == "transition");
        BOOST_TEST(moved->getValue<std::string>("actor") == "commercial.dwp");
        BOOST_TEST(moved->getObject("before")->getValue<std::string>("state") == "proposed");
        BOOST_TEST(moved->getObject("after")->getValue<std::string>("state") == "scheduled");
        BOOST_TEST(moved->getObject("after")->getValue<std::string>("note") ==
                   "Booked for 3 December");
        BOOST_TEST(entries->getObject(2)->getValue<std::string>("actor") == "supplier.a");

        // By actor, and by date: everything happened today; nothing before 2026-01-01.
        const std::string today = format_date(srv.app().today());
        BOOST_TEST(srv.get(path + "&actor=supplier.a", srv.admin).json()->getValue<int>("total") ==
                   1);
        BOOST_TEST(srv.get(path + "&from=" + today + "&to=" + today, srv.admin)
                       .json()
                       ->getValue<int>("total") == 3);
        BOOST_TEST(srv.get(path + "&to=2025-12-31", srv.admin).json()->getValue<int>("total") == 0);

        auto csv = srv.get(path + "&format=csv", srv.admin);
        BOOST_TEST_REQUIRE(csv.status == 200, csv);
        BOOST_TEST(csv.header("content-type").find("text/csv") == 0u);
        BOOST_TEST(csv.body.rfind("id,at,actor,action,entity,entity_id,before,after\r\n", 0) == 0u,
                   csv.body);
        BOOST_TEST(csv.body.find(",transition,review,") != std::string::npos, csv.body);
    });
}

BOOST_AUTO_TEST_CASE(the_csv_export_defuses_formulas_in_every_text_field) {
    for_each_database([](store::Database& db, const std::string&) {
        auto conn = db.acquire();
        store::AuditRepository(*conn).record(
            {0, at("2026-10-05T10:00:00Z"), "=cmd|' /C calc'!A0", "create", "review", "1", "", ""});
        store::AuditFilter all;
        const reports::AuditLog log = reports::load_audit_log(*conn, all);
        const std::string csv = reports::to_csv(log);
        // The actor starts with '=': written with a leading single quote (reports/csv.h), so
        // that a spreadsheet shows it as text.
        BOOST_TEST(csv.find(",'=cmd|' /C calc'!A0,") != std::string::npos, csv);
        const std::string json = reports::to_json(log);
        BOOST_TEST(json.find("\"total\":1") != std::string::npos, json);
    });
}

BOOST_AUTO_TEST_SUITE_END()
