// Stored scores (store/repositories.h) on every database: a contract's scores replaced as a
// whole, many periods round-tripping, supplier scores grouped by size.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "store/migrations.h"

#include "tests/store/store_fixture.h"

using namespace scorecard;
using namespace scorecard::store;
using namespace scorecard::store_test;

BOOST_AUTO_TEST_SUITE(scores)

PeriodScore scored(const std::string& p, std::optional<double> score, Rating rating,
                   std::vector<MeasureScore> measures) {
    PeriodScore s;
    s.period = period(p);
    s.score = score;
    s.rating = rating;
    s.measures = std::move(measures);
    return s;
}

BOOST_AUTO_TEST_CASE(contract_scores_are_replaced_as_a_whole) {
    for_each_database([](Database& db) {
        seed_world(db);
        // 2026-08: CALLS good (100 × 40), COMPLAINTS inadequate (0 × 20): 4000 / 60 = 66.67
        // 2026-09: every KPI `other`: no score.
        const std::vector<PeriodScore> first{
            scored("2026-08", 4000.0 / 60, Rating::kApproaching,
                   {{"CALLS", 96.0, Rating::kGood, 100, 40},
                    {"COMPLAINTS", 13.0, Rating::kInadequate, 0, 20}}),
            scored("2026-09", std::nullopt, Rating::kMissing,
                   {{"CALLS", std::nullopt, Rating::kOther, 0, 40}}),
        };
        write(db, [&](Connection& conn) {
            ScoreRepository(conn).replace_contract_scores("DWP-1", first);
        });
        {
            auto conn = db.acquire();
            auto back = ScoreRepository(*conn).period_scores("DWP-1");
            BOOST_REQUIRE(back.size() == 2u);
            BOOST_TEST(back[0].period == period("2026-08"));
            BOOST_TEST(*back[0].score == 4000.0 / 60);
            BOOST_TEST(back[0].rating == Rating::kApproaching);
            BOOST_TEST(back[0].measures == first[0].measures, boost::test_tools::per_element());
            BOOST_TEST(!back[1].score.has_value());
            BOOST_TEST(back[1].measures == first[1].measures, boost::test_tools::per_element());
            // Current: the latest period with a score is 2026-08 (2026-09 has none).
            auto current = conn->query_one(
                "SELECT period, score, rating FROM contract_scores WHERE contract_id = ?",
                {"DWP-1"});
            BOOST_REQUIRE(current.has_value());
            BOOST_TEST((*current)[0].as_text() == "2026-08");
            BOOST_TEST((*current)[2].as_text() == "approaching");
            // The digest of what is stored is kept beside it, and is what scores read back
            // give: a rescoring computing the same scores finds the same digest.
            const auto digests = ScoreRepository(*conn).score_digests_of({"DWP-1", "DWP-2"});
            BOOST_TEST(digests.size() == 1u);
            BOOST_TEST(digests.at("DWP-1") == scores_digest(first));
            BOOST_TEST(digests.at("DWP-1") == scores_digest(back));
        }
        const std::vector<PeriodScore> second{
            scored("2026-10", 100.0, Rating::kGood, {{"CALLS", 97.0, Rating::kGood, 100, 40}}),
        };
        write(db, [&](Connection& conn) {
            ScoreRepository(conn).replace_contract_scores("DWP-1", second);
        });
        auto conn = db.acquire();
        auto back = ScoreRepository(*conn).period_scores("DWP-1");
        BOOST_REQUIRE(back.size() == 1u);
        BOOST_TEST(ScoreRepository(*conn).score_digests_of({"DWP-1"}).at("DWP-1") ==
                   scores_digest(second));
        BOOST_TEST(back[0].period == period("2026-10"));
        // One row per period, its KPIs' scores in its text (store/measure_scores_text.h):
        // code, value, rating, points, weight.
        BOOST_TEST(count_rows(*conn, "period_scores") == 1);
        BOOST_TEST(
            conn->query_one("SELECT measures FROM period_scores WHERE contract_id = ?", {"DWP-1"})
                ->
                operator[](0)
                .as_text() == "CALLS\t97\tgood\t100\t40\n");
        BOOST_TEST(
            conn->query_one("SELECT period FROM contract_scores WHERE contract_id = ?", {"DWP-1"})
                ->
                operator[](0)
                .as_text() == "2026-10");
        BOOST_TEST(ScoreRepository(*conn).period_scores("HMRC-1").empty());
    });
}

// A scoring batch writes the scores of all its contracts together: each contract's rows as
// replace_contract_scores would write them, and whether anything was written for each.
BOOST_AUTO_TEST_CASE(scores_of_many_contracts_are_replaced_together) {
    for_each_database([](Database& db) {
        seed_world(db);
        const PeriodScore aug = scored("2026-08", 4000.0 / 60, Rating::kApproaching,
                                       {{"CALLS", 96.0, Rating::kGood, 100, 40},
                                        {"COMPLAINTS", 13.0, Rating::kInadequate, 0, 20}});
        const PeriodScore sep =
            scored("2026-09", 80.0, Rating::kGood, {{"CALLS", 98.0, Rating::kGood, 100, 40}});
        write(db, [&](Connection& conn) {
            ScoreRepository(conn).replace_contract_scores("DWP-1", {aug, sep});
        });
        // DWP-1: 2026-08 unchanged, 2026-09 no longer scored, 2026-10 new (and current);
        // DWP-2: nothing stored before.
        const PeriodScore oct =
            scored("2026-10", 100.0, Rating::kGood, {{"CALLS", 97.0, Rating::kGood, 100, 40}});
        const PeriodScore dwp2 = scored("2026-08", 25.0, Rating::kInadequate,
                                        {{"CALLS", 25.0, Rating::kInadequate, 25, 40}});
        const std::vector<PeriodScore> dwp1_now{aug, oct};
        const std::vector<PeriodScore> dwp2_now{dwp2};
        const std::vector<PeriodScore> none;
        const std::string dwp1 = "DWP-1";
        const std::string dwp2_id = "DWP-2";
        write(db, [&](Connection& conn) {
            ScoreRepository scores(conn);
            const std::vector<PeriodScore> stored = scores.period_scores("DWP-1");
            const std::vector<bool> changed = scores.replace_scores_of(
                {{&dwp1, &dwp1_now, &stored}, {&dwp2_id, &dwp2_now, &none}});
            BOOST_REQUIRE(changed.size() == 2u);
            BOOST_TEST(changed[0]);
            BOOST_TEST(changed[1]);
        });
        {
            auto conn = db.acquire();
            ScoreRepository scores(*conn);
            const auto back = scores.period_scores("DWP-1");
            BOOST_REQUIRE(back.size() == 2u);
            BOOST_TEST(back[0].period == period("2026-08"));
            BOOST_TEST(*back[0].score == 4000.0 / 60);
            BOOST_TEST(back[1].period == period("2026-10"));
            BOOST_TEST(back[1].measures == oct.measures, boost::test_tools::per_element());
            const auto other = scores.period_scores("DWP-2");
            BOOST_REQUIRE(other.size() == 1u);
            BOOST_TEST(*other[0].score == 25.0);
            BOOST_TEST(other[0].rating == Rating::kInadequate);
            // Current scores: DWP-1's moved from 2026-09 (80) to 2026-10 (100); DWP-2 has one.
            const auto current = scores.current_scores({});
            BOOST_REQUIRE(current.size() == 2u);
            BOOST_TEST(current.at("DWP-1").period == period("2026-10"));
            BOOST_TEST(*current.at("DWP-1").score == 100.0);
            BOOST_TEST(current.at("DWP-2").period == period("2026-08"));
            BOOST_TEST(*current.at("DWP-2").score == 25.0);
            BOOST_TEST(count_rows(*conn, "contract_scores") == 2);
            const auto digests = scores.score_digests_of({"DWP-1", "DWP-2", "HMRC-1"});
            BOOST_TEST(digests.size() == 2u);
            BOOST_TEST(digests.at("DWP-1") == scores_digest(dwp1_now));
            BOOST_TEST(digests.at("DWP-2") == scores_digest(dwp2_now));
            BOOST_TEST(count_rows(*conn, "score_digests") == 2);
        }
        // The same scores again: nothing written for either, and the data version stays.
        write(db, [&](Connection& conn) {
            ScoreRepository scores(conn);
            const std::int64_t version = data_version(conn);
            const std::vector<PeriodScore> stored1 = scores.period_scores("DWP-1");
            const std::vector<PeriodScore> stored2 = scores.period_scores("DWP-2");
            const std::vector<bool> changed = scores.replace_scores_of(
                {{&dwp1, &dwp1_now, &stored1}, {&dwp2_id, &dwp2_now, &stored2}});
            BOOST_REQUIRE(changed.size() == 2u);
            BOOST_TEST(!changed[0]);
            BOOST_TEST(!changed[1]);
            BOOST_TEST(!move_data_version(conn).has_value());
            BOOST_TEST(data_version(conn) == version);
        });
    });
}

BOOST_AUTO_TEST_CASE(many_periods_of_measure_scores_round_trip) {
    for_each_database([](Database& db) {
        seed_world(db);
        // 24 months × 30 KPIs = 720 measure scores in 24 period rows.
        std::vector<PeriodScore> periods;
        Period p = period("2025-01");
        for (int m = 0; m < 24; ++m, p = p.next()) {
            std::vector<MeasureScore> measures;
            for (int k = 0; k < 30; ++k)
                measures.push_back(
                    {"K" + std::to_string(10 + k), k * 1.25, Rating::kGood, 100, 1.0});
            periods.push_back(scored(p.to_string(), 100.0, Rating::kGood, measures));
        }
        write(db, [&](Connection& conn) {
            ScoreRepository(conn).replace_contract_scores("DWP-1", periods);
        });
        auto conn = db.acquire();
        BOOST_TEST(count_rows(*conn, "period_scores") == 24);
        auto back = ScoreRepository(*conn).period_scores("DWP-1");
        BOOST_REQUIRE(back.size() == 24u);
        BOOST_TEST(back.front().period == period("2025-01"));
        BOOST_TEST(back.back().period == period("2026-12"));
        BOOST_TEST(back[5].measures == periods[5].measures, boost::test_tools::per_element());
    });
}

// Migration 13 moves each period's rows of measure_scores into its measures text, as the
// repository writes it, so that the digests stored before still hold; a period without
// measure rows gets none; measure_scores is gone.
BOOST_AUTO_TEST_CASE(migration_13_packs_each_periods_measure_scores) {
    for_each_database(
        [](Database& db) {
            BOOST_TEST(migrate(db, 12) == 12);
            seed_world(db);
            write(db, [](Connection& conn) {
                for (const auto& [p, start, score] :
                     {std::tuple{"2026-08", "2026-08-01", "66.5"},
                      std::tuple{"2026-09", "2026-09-01", "NULL"}}) {
                    conn.execute(std::string("INSERT INTO period_scores (contract_id, period, "
                                             "period_start, score, rating) VALUES ('DWP-1', '") +
                                 p + "', '" + start + "', " + score + ", 'approaching')");
                }
                // Out of code order, one value absent, one not a whole number.
                conn.execute(
                    "INSERT INTO measure_scores (contract_id, period, kpi_code, measured_value, "
                    "rating, points, weight) VALUES "
                    "('DWP-1', '2026-08', 'COMPLAINTS', 13.25, 'inadequate', 0, 20), "
                    "('DWP-1', '2026-08', 'CALLS', 96, 'good', 100, 40), "
                    "('DWP-1', '2026-08', 'APPS', NULL, 'missing', 0, 0.5)");
            });
            BOOST_TEST(migrate(db) == latest_schema_version());
            auto conn = db.acquire();
            const auto text = [&](const std::string& p) {
                return conn
                    ->query_one(
                        "SELECT measures FROM period_scores WHERE contract_id = ? AND period = ?",
                        {"DWP-1", p})
                    ->
                    operator[](0);
            };
            BOOST_TEST(text("2026-08").as_text() ==
                       "APPS\t\tmissing\t0\t0.5\n"
                       "CALLS\t96\tgood\t100\t40\n"
                       "COMPLAINTS\t13.25\tinadequate\t0\t20\n");
            BOOST_TEST(text("2026-09").is_null());
            const auto back = ScoreRepository(*conn).period_scores("DWP-1");
            BOOST_REQUIRE(back.size() == 2u);
            BOOST_REQUIRE(back[0].measures.size() == 3u);
            BOOST_TEST(back[0].measures[0].kpi_code == "APPS");
            BOOST_TEST(!back[0].measures[0].value.has_value());
            BOOST_TEST(*back[0].measures[2].value == 13.25);
            BOOST_TEST(back[0].measures[2].rating == Rating::kInadequate);
            BOOST_TEST(back[0].measures[1].points == 100);
            BOOST_TEST(back[1].measures.empty());
            BOOST_CHECK_THROW(count_rows(*conn, "measure_scores"), Error);
        },
        Schema::kEmpty);
}

BOOST_AUTO_TEST_CASE(supplier_scores_are_put_and_grouped_by_size) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            ScoreRepository repo(conn);
            repo.put_supplier_score(kAcme.id, 88.5, default_policy().bands);
            repo.put_supplier_score(kBolt50.id, 70.0, default_policy().bands);
            repo.put_supplier_score(kBolt500.id, 40.0, default_policy().bands);
            repo.put_supplier_score(kCharity.id, 55.0, default_policy().bands);
            repo.put_supplier_score(kCharity.id, std::nullopt,
                                    default_policy().bands);  // it has none any more
            repo.put_supplier_score(kBolt500.id, 42.0, default_policy().bands);  // replaced
        });
        auto conn = db.acquire();
        ScoreRepository repo(*conn);
        BOOST_TEST(*repo.supplier_score(kAcme.id) == 88.5);
        BOOST_TEST(!repo.supplier_score(kCharity.id).has_value());
        BOOST_TEST(repo.supplier_scores(SizeGroup::kLarge) == std::vector<double>{88.5},
                   boost::test_tools::per_element());
        BOOST_TEST(repo.supplier_scores(SizeGroup::kSme) == (std::vector<double>{42.0, 70.0}),
                   boost::test_tools::per_element());
        // The same class counted by the database: SME scores 42 and 70.
        BOOST_TEST(repo.class_count(SizeGroup::kSme, 42.0).at_or_below == 1);
        BOOST_TEST(repo.class_count(SizeGroup::kSme, 42.0).total == 2);
        BOOST_TEST(repo.class_count(SizeGroup::kSme, 70.0).at_or_below == 2);
        BOOST_TEST(repo.class_count(SizeGroup::kLarge, 50.0).at_or_below == 0);  // 88.5 > 50
        BOOST_TEST(repo.class_count(SizeGroup::kLarge, 50.0).total == 1);
        // Rating by the §3.4 bands: 88.5 ≥ 85 is good.
        BOOST_TEST(
            conn->query_one("SELECT rating FROM supplier_scores WHERE supplier_id = ?", {kAcme.id})
                ->
                operator[](0)
                .as_text() == "good");
    });
}

// A scoring batch puts its suppliers' scores together: each written, or not, as
// put_supplier_score would, and the changed ones named.
BOOST_AUTO_TEST_CASE(supplier_scores_of_many_suppliers_are_put_together) {
    for_each_database([](Database& db) {
        seed_world(db);
        const RatingBands& bands = default_policy().bands;
        write(db, [&](Connection& conn) {
            ScoreRepository repo(conn);
            // Acme new (88.5, good), Bolt 50 had none and has none: unchanged; Bolt 500 new.
            const auto changed = repo.put_supplier_scores(
                {{kAcme.id, 88.5}, {kBolt50.id, std::nullopt}, {kBolt500.id, 40.0}}, bands);
            BOOST_TEST(changed == (std::set<std::string>{kAcme.id, kBolt500.id}),
                       boost::test_tools::per_element());
        });
        write(db, [&](Connection& conn) {
            ScoreRepository repo(conn);
            const std::int64_t version = data_version(conn);
            // Acme the same: unchanged; Bolt 50 now scored; Bolt 500 has none any more.
            const auto changed = repo.put_supplier_scores(
                {{kAcme.id, 88.5}, {kBolt50.id, 70.0}, {kBolt500.id, std::nullopt}}, bands);
            BOOST_TEST(changed == (std::set<std::string>{kBolt50.id, kBolt500.id}),
                       boost::test_tools::per_element());
            BOOST_TEST(move_data_version(conn).has_value());
            BOOST_TEST(data_version(conn) == version + 1);
        });
        auto conn = db.acquire();
        ScoreRepository repo(*conn);
        const auto stored = repo.supplier_scores_of({kAcme.id, kBolt50.id, kBolt500.id});
        BOOST_TEST(stored.size() == 2u);
        BOOST_TEST(*stored.at(kAcme.id) == 88.5);
        BOOST_TEST(*stored.at(kBolt50.id) == 70.0);
        BOOST_TEST(count_rows(*conn, "supplier_scores") == 2);
        // 70 is between the inadequate (50) and good (85) bands: approaching.
        BOOST_TEST(conn->query_one("SELECT rating FROM supplier_scores WHERE supplier_id = ?",
                                   {kBolt50.id})
                       ->
                       operator[](0)
                       .as_text() == "approaching");
        write(db, [&](Connection& c) {
            BOOST_TEST(ScoreRepository(c)
                           .put_supplier_scores({{kAcme.id, 88.5}, {kBolt50.id, 70.0}}, bands)
                           .empty());
            BOOST_TEST(!move_data_version(c).has_value());
        });
    });
}

BOOST_AUTO_TEST_SUITE_END()
