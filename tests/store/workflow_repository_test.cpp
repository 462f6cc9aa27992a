// Partnership reviews and disputes (store/repositories.h) on every database: one open review
// per supplier through its workflow, disputes open until decided.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/prepared_scorecard_repository.h"
#include "tests/store/store_fixture.h"

using namespace scorecard;
using namespace scorecard::store;
using namespace scorecard::store_test;

BOOST_AUTO_TEST_SUITE(reviews)

BOOST_AUTO_TEST_CASE(one_open_review_per_supplier_through_its_workflow) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::int64_t id = 0, comment_id = 0, action_id = 0;
        write(db, [&](Connection& conn) {
            ReviewRepository repo(conn);
            Review r;
            r.supplier_id = kAcme.id;
            r.state = ReviewState::kProposed;
            r.opened = at("2026-10-05T10:00:00Z");
            r.reason = "open high-severity flag inadequate_kpi on DWP-1";
            r.transitions.push_back({ReviewState::kProposed, ReviewState::kProposed, "system",
                                     at("2026-10-05T10:00:00Z"), "opened by flag evaluation"});
            id = repo.create(r, by("system"));
        });
        BOOST_TEST(error_code_of([&] {
                       write_once(db, [&](Connection& conn) {
                           Review again;
                           again.supplier_id = kAcme.id;
                           ReviewRepository(conn).create(again, by("system"));
                       });
                   }) == ErrorCode::kConflict);
        write(db, [&](Connection& conn) {
            ReviewRepository repo(conn);
            repo.transition(id,
                            {ReviewState::kProposed, ReviewState::kScheduled, "carol",
                             at("2026-10-06T09:00:00Z"), "meeting on 20 October"},
                            by("carol", "2026-10-06T09:00:00Z"));
            comment_id = repo.add_comment(
                id,
                {0, "acme-am", Role::kSupplier, at("2026-10-07T12:00:00Z"), "We'll bring data."},
                by("acme-am", "2026-10-07T12:00:00Z"));
            action_id = repo.add_action(
                id, {0, "Recruit 10 agents", "Acme", date("2026-12-01"), true}, by("carol"));
        });
        // A transition from a state the review is not in is refused.
        BOOST_TEST(error_code_of([&] {
                       write_once(db, [&](Connection& conn) {
                           ReviewRepository(conn).transition(
                               id, {ReviewState::kProposed, ReviewState::kClosed, "carol", {}, ""},
                               by("carol"));
                       });
                   }) == ErrorCode::kConflict);
        BOOST_TEST(error_code_of([&] {
                       write(db, [&](Connection& conn) {
                           ReviewRepository(conn).add_comment(424242, {}, by("carol"));
                       });
                   }) == ErrorCode::kNotFound);
        {
            auto conn = db.acquire();
            ReviewRepository repo(*conn);
            auto open = repo.open_for_supplier(kAcme.id);
            BOOST_REQUIRE(open.has_value());
            BOOST_TEST(open->id == id);
            auto r = repo.find(id);
            BOOST_REQUIRE(r.has_value());
            BOOST_TEST(r->state == ReviewState::kScheduled);
            BOOST_TEST(r->reason == "open high-severity flag inadequate_kpi on DWP-1");
            BOOST_TEST(format_timestamp(r->opened) == "2026-10-05T10:00:00Z");
            BOOST_REQUIRE(r->transitions.size() == 2u);
            BOOST_TEST(r->transitions[1].from == ReviewState::kProposed);
            BOOST_TEST(r->transitions[1].to == ReviewState::kScheduled);
            BOOST_TEST(r->transitions[1].by == "carol");
            BOOST_TEST(r->transitions[1].note == "meeting on 20 October");
            BOOST_REQUIRE(r->comments.size() == 1u);
            BOOST_TEST(r->comments[0].id == comment_id);
            BOOST_TEST(r->comments[0].role == Role::kSupplier);
            BOOST_TEST(r->comments[0].text == "We'll bring data.");
            BOOST_REQUIRE(r->actions.size() == 1u);
            BOOST_TEST(r->actions[0].id == action_id);
            BOOST_TEST(r->actions[0].owner == "Acme");
            BOOST_TEST(format_date(*r->actions[0].due) == "2026-12-01");
            BOOST_TEST(r->actions[0].agreed);

            auto listed = repo.list(kAcme.id, ReviewState::kScheduled, {});
            BOOST_REQUIRE(listed.size() == 1u);
            BOOST_TEST(listed[0].comments.empty());  // lists leave comments out
            BOOST_TEST(listed[0].transitions.size() == 2u);
            BOOST_TEST(repo.list(kAcme.id, ReviewState::kClosed, {}).empty());
            BOOST_TEST(repo.list("", std::nullopt, {}).size() == 1u);
        }
        // Closed, it no longer blocks a new review.
        std::int64_t second = 0;
        write(db, [&](Connection& conn) {
            ReviewRepository repo(conn);
            repo.transition(id,
                            {ReviewState::kScheduled, ReviewState::kClosed, "carol", {}, "done"},
                            by("carol", "2026-11-01T09:00:00Z"));
            BOOST_TEST(!repo.open_for_supplier(kAcme.id).has_value());
            Review r;
            r.supplier_id = kAcme.id;
            r.reason = "flags again";
            second = repo.create(r, by("system", "2026-12-01T09:00:00Z"));
        });
        auto conn = db.acquire();
        ReviewRepository repo(*conn);
        BOOST_TEST(repo.open_for_supplier(kAcme.id)->id == second);
        // Unset times take the change's time.
        BOOST_TEST(format_timestamp(repo.find(second)->opened) == "2026-12-01T09:00:00Z");
        auto listed = repo.list(kAcme.id, std::nullopt, {});
        BOOST_REQUIRE(listed.size() == 2u);
        BOOST_TEST(listed[0].id == second);  // newest first
        auto entries = AuditRepository(*conn).list("review", std::to_string(id), {});
        std::vector<std::string> actions;
        for (const auto& e : entries)
            actions.push_back(e.action);
        BOOST_TEST(actions == (std::vector<std::string>{"create", "transition", "comment", "action",
                                                        "transition"}),
                   boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(disputes)

// The open flags of many contracts at once (what a scoring batch's prepared scorecards show)
// are, for each contract, what list() gives for it: newest raised first, then highest id.
BOOST_AUTO_TEST_CASE(open_flags_of_many_contracts_are_listed_as_one_by_one) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::vector<std::int64_t> ids;
        write(db, [&](Connection& conn) {
            FlagRepository flags(conn);
            const auto flag = [&](const std::string& contract, const char* raised) {
                Flag f;
                f.rule = FlagRuleId::kLowContractScore;
                f.severity = Severity::kMedium;
                f.contract_id = contract;
                f.period = period("2026-09");
                ids.push_back(flags.insert(f, by("system", raised)));
            };
            flag("DWP-1", "2026-10-01T09:00:00Z");   // ids[0]
            flag("DWP-1", "2026-10-03T09:00:00Z");   // ids[1]: newest of DWP-1
            flag("DWP-1", "2026-10-01T09:00:00Z");   // ids[2]: same time as ids[0], higher id
            flag("DWP-2", "2026-10-02T09:00:00Z");   // ids[3]: resolved below
            flag("HMRC-1", "2026-10-02T09:00:00Z");  // ids[4]: not asked for
            flags.resolve_all({*flags.find(ids[3])}, by("system", "2026-10-04T09:00:00Z"));
        });
        auto conn = db.acquire();
        FlagRepository flags(*conn);
        const auto open = flags.open_for_contracts({"DWP-1", "DWP-2"});
        BOOST_REQUIRE(open.size() == 1u);  // DWP-2's only flag is resolved
        const std::vector<Flag>& dwp1 = open.at("DWP-1");
        BOOST_REQUIRE(dwp1.size() == 3u);
        BOOST_TEST(dwp1[0].id == ids[1]);
        BOOST_TEST(dwp1[1].id == ids[2]);
        BOOST_TEST(dwp1[2].id == ids[0]);
        FlagFilter one;
        one.contract_id = "DWP-1";
        one.status = FlagStatus::kOpen;
        const std::vector<Flag> listed = flags.list(one);
        BOOST_REQUIRE(listed.size() == dwp1.size());
        for (std::size_t i = 0; i < listed.size(); ++i)
            BOOST_TEST(listed[i].id == dwp1[i].id);
    });
}

// Reviews proposed by a scoring batch are created together: each as create() makes it (its
// audit entry, its supplier's prepared scorecard marked), ids in the order given; one for a
// supplier that has an open review already is refused.
BOOST_AUTO_TEST_CASE(reviews_of_many_suppliers_are_created_together) {
    for_each_database([](Database& db) {
        seed_world(db);
        const auto proposed = [](const Supplier& s, const char* reason) {
            Review r;
            r.supplier_id = s.id;
            r.state = ReviewState::kProposed;
            r.reason = reason;
            return r;
        };
        std::vector<std::int64_t> ids;
        write(db, [&](Connection& conn) {
            ids = ReviewRepository(conn).create_all(
                {proposed(kBolt500, "low_contract_score on HMRC-1"),
                 proposed(kAcme, "inadequate_kpi on DWP-1")},
                by("system", "2026-10-06T09:00:00Z"));
        });
        BOOST_REQUIRE(ids.size() == 2u);
        BOOST_TEST(ids[0] < ids[1]);
        {
            auto conn = db.acquire();
            ReviewRepository reviews(*conn);
            const auto open = reviews.open_for_suppliers({kAcme.id, kBolt500.id, kBolt50.id});
            BOOST_REQUIRE(open.size() == 2u);
            BOOST_TEST(open.at(kBolt500.id).id == ids[0]);
            BOOST_TEST(open.at(kAcme.id).id == ids[1]);
            BOOST_TEST(open.at(kAcme.id).reason == "inadequate_kpi on DWP-1");
            BOOST_TEST(format_timestamp(open.at(kAcme.id).opened) == "2026-10-06T09:00:00Z");
            BOOST_TEST(reviews.open_for_supplier(kAcme.id)->id == ids[1]);
            const auto entries = AuditRepository(*conn).list("review", std::to_string(ids[1]), {});
            BOOST_REQUIRE(entries.size() == 1u);
            BOOST_TEST(entries[0].action == "create");
            // Each supplier's prepared scorecard is marked (created stale: none was made).
            const auto row =
                PreparedScorecardRepository(*conn).find(PreparedKind::kSupplier, kAcme.id, false);
            BOOST_REQUIRE(row.has_value());
            BOOST_TEST(row->stale);
        }
        BOOST_TEST(error_code_of([&] {
                       write(db, [&](Connection& conn) {
                           ReviewRepository(conn).create_all(
                               {proposed(kBolt50, "a"), proposed(kAcme, "again")}, by("system"));
                       });
                   }) == ErrorCode::kConflict);
        auto conn = db.acquire();
        BOOST_TEST(count_rows(*conn, "reviews") == 2);  // nothing of the refused pair
    });
}

BOOST_AUTO_TEST_CASE(disputes_of_ratings_and_flags_are_open_until_decided) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::int64_t rating_dispute = 0, flag_dispute = 0, flag_id = 0;
        write(db, [&](Connection& conn) {
            Flag f;
            f.rule = FlagRuleId::kLowContractScore;
            f.severity = Severity::kMedium;
            f.contract_id = "DWP-1";
            f.period = period("2026-09");
            flag_id = FlagRepository(conn).insert(f, by("system"));

            DisputeRepository repo(conn);
            Dispute d;
            d.supplier_id = kAcme.id;
            d.contract_id = "DWP-1";
            d.kpi_code = "CALLS";
            d.period = period("2026-09");
            d.reason = "The call logs were incomplete";
            d.raised_by = "acme-am";
            d.raised = at("2026-10-06T09:00:00Z");
            rating_dispute = repo.create(d, by("acme-am", "2026-10-06T09:00:00Z"));

            Dispute on_flag;
            on_flag.flag_id = flag_id;
            on_flag.reason = "score includes a withdrawn KPI";
            flag_dispute = repo.create(on_flag, by("acme-am", "2026-10-07T09:00:00Z"));
        });
        {
            auto conn = db.acquire();
            DisputeRepository repo(*conn);
            auto open = repo.open_for_contract("DWP-1");
            BOOST_REQUIRE(open.size() == 2u);
            BOOST_TEST(open[0].id == rating_dispute);
            BOOST_TEST(open[0].kpi_code == "CALLS");
            BOOST_TEST((open[0].period == std::optional<Period>(period("2026-09"))));
            BOOST_TEST(open[0].flag_id == 0);
            // A flag's dispute belongs to the flag's contract and supplier.
            BOOST_TEST(open[1].id == flag_dispute);
            BOOST_TEST(open[1].flag_id == flag_id);
            BOOST_TEST(open[1].supplier_id == kAcme.id);
            BOOST_TEST(open[1].raised_by == "acme-am");
            BOOST_TEST(!open[1].period.has_value());
            // The same for many contracts at once (a scoring batch's): DWP-2 has none.
            auto of_many = repo.open_for_contracts({"DWP-1", "DWP-2"});
            BOOST_REQUIRE(of_many.size() == 1u);
            BOOST_REQUIRE(of_many.at("DWP-1").size() == 2u);
            BOOST_TEST(of_many.at("DWP-1")[0].id == rating_dispute);
            BOOST_TEST(of_many.at("DWP-1")[1].id == flag_dispute);
        }
        write(db, [&](Connection& conn) {
            DisputeRepository(conn).decide(rating_dispute, DisputeStatus::kUpheld, "logs confirmed",
                                           by("carol", "2026-10-08T09:00:00Z"));
        });
        auto conn = db.acquire();
        DisputeRepository repo(*conn);
        auto decided = repo.find(rating_dispute);
        BOOST_REQUIRE(decided.has_value());
        BOOST_TEST(decided->status == DisputeStatus::kUpheld);
        BOOST_TEST(decided->decided_by == "carol");
        BOOST_TEST(decided->decision_reason == "logs confirmed");
        BOOST_TEST(format_timestamp(*decided->decided) == "2026-10-08T09:00:00Z");
        BOOST_TEST(repo.open_for_contract("DWP-1").size() == 1u);
        BOOST_TEST(repo.open_for_contracts({"DWP-1"}).at("DWP-1").front().id == flag_dispute);
        BOOST_TEST(error_code_of([&] {
                       repo.decide(rating_dispute, DisputeStatus::kRejected, "no", by("carol"));
                   }) == ErrorCode::kConflict);
        BOOST_TEST(error_code_of([&] {
                       repo.decide(flag_dispute, DisputeStatus::kOpen, "?", by("carol"));
                   }) == ErrorCode::kBadRequest);
        BOOST_TEST(error_code_of([&] {
                       repo.decide(999, DisputeStatus::kRejected, "?", by("carol"));
                   }) == ErrorCode::kNotFound);
        auto entries = AuditRepository(*conn).list("dispute", std::to_string(rating_dispute), {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(entries[1].action == "decide");
        BOOST_TEST(entries[1].after.find(R"("status":"upheld")") != std::string::npos);
        // The audit shows what a dispute lacks as null, as the API does (not flag 0, "").
        const std::string created = entries[0].after;
        for (const char* absent : {R"("flag":null)", R"("decided_by":null)",
                                   R"("decision_reason":null)", R"("decided":null)"})
            BOOST_TEST(created.find(absent) != std::string::npos, absent << " in " << created);
        BOOST_TEST(entries[1].after.find(R"("decided_by":"carol")") != std::string::npos);
        auto on_flag = AuditRepository(*conn).list("dispute", std::to_string(flag_dispute), {});
        BOOST_REQUIRE(on_flag.size() == 1u);
        BOOST_TEST(on_flag[0].after.find(R"("kpi":null)") != std::string::npos, on_flag[0].after);
        BOOST_TEST(on_flag[0].after.find(R"("flag":)" + std::to_string(flag_id)) !=
                   std::string::npos);
    });
}

BOOST_AUTO_TEST_SUITE_END()
