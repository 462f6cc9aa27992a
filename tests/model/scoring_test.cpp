// SPEC §3 rules 3 and 5-7: period scores, KPI versions, current, supplier and class scores.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "model/scoring.h"
#include "tests/model/model_fixtures.h"

using namespace scorecard;
using namespace scorecard::model_test;

namespace {

// RESOLVE: first-contact resolution, higher is better; good 80, approaching 70, minimum 60.
KpiDefinition resolve() {
    return kpi("RESOLVE", Direction::kHigher, 40, 80, 70, 60);
}

const MeasureScore& measure(const PeriodScore& p, const std::string& code) {
    for (const MeasureScore& m : p.measures) {
        if (m.kpi_code == code)
            return m;
    }
    throw std::runtime_error("no measure for " + code + " in " + p.period.to_string());
}

std::vector<std::string> codes(const std::vector<KpiDefinition>& kpis) {
    std::vector<std::string> out;
    for (const KpiDefinition& k : kpis)
        out.push_back(k.code);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(period_score)

BOOST_AUTO_TEST_CASE(spec_example_return_scores_approaching) {
    // CALLS 93.2 (>= 90, < 95) -> approaching 75, weight 40;
    // COMPLAINTS 6.1 (<= 8, > 5) -> approaching 75, weight 20.
    // (40×75 + 20×75) / (40 + 20) = 4500 / 60 = 75 -> approaching.
    PeriodScore p = score_period({calls(), complaints()},
                                 {measured("CALLS", 93.2), measured("COMPLAINTS", 6.1)},
                                 period("2026-09"), spec_policy());
    BOOST_TEST(p.period.to_string() == "2026-09");
    BOOST_REQUIRE(p.score.has_value());
    BOOST_TEST(*p.score == 75.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(p.rating) == "approaching");
    BOOST_REQUIRE(p.measures.size() == 2u);
    BOOST_TEST(p.measures[0].kpi_code == "CALLS");
    BOOST_TEST(to_string(p.measures[0].rating) == "approaching");
    BOOST_TEST(p.measures[0].points == 75);
    BOOST_TEST(p.measures[0].weight == 40.0);
    BOOST_TEST(*p.measures[0].value == 93.2);
    BOOST_TEST(p.measures[1].kpi_code == "COMPLAINTS");
    BOOST_TEST(p.measures[1].points == 75);
    BOOST_TEST(p.measures[1].weight == 20.0);
}

BOOST_AUTO_TEST_CASE(weights_pull_the_score_towards_heavier_kpis) {
    // CALLS 96 -> good 100 (w40); COMPLAINTS 9 -> requires_improvement 40 (w20);
    // RESOLVE 55 -> inadequate 0 (w40).
    // (40×100 + 20×40 + 40×0) / 100 = 4800 / 100 = 48 -> requires_improvement.
    PeriodScore p =
        score_period({calls(), complaints(), resolve()},
                     {measured("CALLS", 96), measured("COMPLAINTS", 9), measured("RESOLVE", 55)},
                     period("2026-09"), spec_policy());
    BOOST_REQUIRE(p.score.has_value());
    BOOST_TEST(*p.score == 48.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(p.rating) == "requires_improvement");
    BOOST_TEST(to_string(measure(p, "RESOLVE").rating) == "inadequate");
}

BOOST_AUTO_TEST_CASE(kpi_left_out_of_return_is_missing_and_counts_at_zero) {
    // CALLS 96 -> good 100 (w40); COMPLAINTS absent -> missing 0 (w20).
    // (40×100 + 20×0) / 60 = 66.67 -> approaching.
    PeriodScore p = score_period({calls(), complaints()}, {measured("CALLS", 96)},
                                 period("2026-09"), spec_policy());
    BOOST_REQUIRE(p.score.has_value());
    BOOST_TEST(*p.score == 4000.0 / 60.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(p.rating) == "approaching");
    const MeasureScore& m = measure(p, "COMPLAINTS");
    BOOST_TEST(to_string(m.rating) == "missing");
    BOOST_TEST(m.points == 0);
    BOOST_TEST(!m.value.has_value());
}

BOOST_AUTO_TEST_CASE(measured_without_a_value_is_missing) {
    Measure empty;
    empty.kpi_code = "COMPLAINTS";
    // Same arithmetic as a KPI left out: 4000 / 60.
    PeriodScore p = score_period({calls(), complaints()}, {measured("CALLS", 96), empty},
                                 period("2026-09"), spec_policy());
    BOOST_TEST(to_string(measure(p, "COMPLAINTS").rating) == "missing");
    BOOST_TEST(*p.score == 4000.0 / 60.0, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(not_applicable_kpi_is_other_and_left_out_of_both_sums) {
    // CALLS 87 -> requires_improvement 40 (w40); COMPLAINTS other: excluded.
    // (40×40) / 40 = 40 -> requires_improvement (had it counted at 0: 1600/60 = 26.7).
    PeriodScore p =
        score_period({calls(), complaints()}, {measured("CALLS", 87), not_applicable("COMPLAINTS")},
                     period("2026-09"), spec_policy());
    BOOST_REQUIRE(p.score.has_value());
    BOOST_TEST(*p.score == 40.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(p.rating) == "requires_improvement");
    const MeasureScore& m = measure(p, "COMPLAINTS");
    BOOST_TEST(to_string(m.rating) == "other");
    BOOST_TEST(m.points == 0);
    BOOST_TEST(!m.value.has_value());
}

BOOST_AUTO_TEST_CASE(every_kpi_other_gives_no_score) {
    PeriodScore p = score_period({calls(), complaints()},
                                 {not_applicable("CALLS"), not_applicable("COMPLAINTS")},
                                 period("2026-09"), spec_policy());
    BOOST_TEST(!p.score.has_value());
    BOOST_TEST(to_string(p.rating) == "missing");
    BOOST_TEST(p.measures.size() == 2u);
}

BOOST_AUTO_TEST_CASE(no_kpi_in_force_gives_no_score) {
    PeriodScore p = score_period({}, {measured("CALLS", 96)}, period("2026-09"), spec_policy());
    BOOST_TEST(!p.score.has_value());
    BOOST_TEST(to_string(p.rating) == "missing");
    BOOST_TEST(p.measures.empty());
}

BOOST_AUTO_TEST_CASE(measure_for_a_kpi_not_in_force_is_ignored) {
    // Only CALLS is in force: 96 -> good 100; the UNKNOWN figure adds nothing. 4000/40 = 100.
    PeriodScore p = score_period({calls()}, {measured("CALLS", 96), measured("UNKNOWN", 0)},
                                 period("2026-09"), spec_policy());
    BOOST_TEST(*p.score == 100.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(p.measures.size() == 1u);
}

BOOST_AUTO_TEST_CASE(measures_are_listed_by_kpi_code) {
    PeriodScore p =
        score_period({resolve(), complaints(), calls()}, {}, period("2026-09"), spec_policy());
    BOOST_REQUIRE(p.measures.size() == 3u);
    BOOST_TEST(p.measures[0].kpi_code == "CALLS");
    BOOST_TEST(p.measures[1].kpi_code == "COMPLAINTS");
    BOOST_TEST(p.measures[2].kpi_code == "RESOLVE");
    // Nothing returned: all missing, 0 / 100 = 0 -> inadequate.
    BOOST_TEST(*p.score == 0.0);
    BOOST_TEST(to_string(p.rating) == "inadequate");
}

BOOST_AUTO_TEST_CASE(score_of_exactly_85_is_good) {
    // A (w2) good 100, B (w3) approaching 75: (200 + 225) / 5 = 85 -> good.
    PeriodScore p = score_period(
        {kpi("A", Direction::kHigher, 2, 10, 5, 1), kpi("B", Direction::kHigher, 3, 10, 5, 1)},
        {measured("A", 10), measured("B", 5)}, period("2026-09"), spec_policy());
    BOOST_TEST(*p.score == 85.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(p.rating) == "good");
}

BOOST_AUTO_TEST_CASE(score_of_exactly_65_is_approaching) {
    // A (w5) good 100, B (w7) requires_improvement 40: (500 + 280) / 12 = 65 -> approaching.
    PeriodScore p = score_period(
        {kpi("A", Direction::kHigher, 5, 10, 5, 1), kpi("B", Direction::kHigher, 7, 10, 5, 1)},
        {measured("A", 10), measured("B", 1)}, period("2026-09"), spec_policy());
    BOOST_TEST(*p.score == 65.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(p.rating) == "approaching");
}

BOOST_AUTO_TEST_CASE(score_on_a_band_edge_with_fractional_weights_keeps_its_band) {
    // A (w0.95) good 100, B (w1.33) requires_improvement 40:
    // (95 + 53.2) / 2.28 = 148.2 / 2.28 = 65 on paper (a hair under in binary floating point).
    PeriodScore p =
        score_period({kpi("A", Direction::kHigher, 0.95, 10, 5, 1),
                      kpi("B", Direction::kHigher, 1.33, 10, 5, 1)},
                     {measured("A", 10), measured("B", 1)}, period("2026-09"), spec_policy());
    BOOST_TEST(*p.score == 65.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(p.rating) == "approaching");
}

BOOST_AUTO_TEST_CASE(score_of_exactly_40_is_requires_improvement) {
    // A (w2) good 100, B (w3) inadequate 0: 200 / 5 = 40 -> requires_improvement.
    PeriodScore p = score_period(
        {kpi("A", Direction::kHigher, 2, 10, 5, 1), kpi("B", Direction::kHigher, 3, 10, 5, 1)},
        {measured("A", 10), measured("B", 0)}, period("2026-09"), spec_policy());
    BOOST_TEST(*p.score == 40.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(p.rating) == "requires_improvement");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(kpi_versions)

BOOST_AUTO_TEST_CASE(threshold_change_applies_from_its_effective_period) {
    // CALLS from 2026-01: 95/90/85; from 2026-10: 97/93/90.
    KpiDefinition tighter = calls();
    tighter.thresholds = {97, 93, 90};
    std::vector<KpiVersion> versions{version(calls(), "2026-01"), version(tighter, "2026-10")};
    auto before = kpis_in_force(versions, period("2026-09"));
    auto after = kpis_in_force(versions, period("2026-10"));
    BOOST_REQUIRE(before.size() == 1u);
    BOOST_REQUIRE(after.size() == 1u);
    BOOST_TEST(before[0].thresholds.good == 95.0);
    BOOST_TEST(after[0].thresholds.good == 97.0);
    BOOST_TEST(kpis_in_force(versions, period("2027-03"))[0].thresholds.good == 97.0);
}

BOOST_AUTO_TEST_CASE(threshold_change_rescores_only_later_periods) {
    // CALLS 92 each month. Until 2026-09 (approaching at 90): approaching 75 -> score 75.
    // From 2026-10 (approaching at 93, minimum 90): requires_improvement 40 -> score 40.
    Contract contract = monthly_contract();
    KpiDefinition tighter = calls();
    tighter.thresholds = {97, 93, 90};
    contract.kpis = {version(calls(), "2026-01"), version(tighter, "2026-10")};
    auto periods = score_contract(
        contract, monthly_returns("2026-08", "2026-11", {measured("CALLS", 92)}), spec_policy());
    BOOST_REQUIRE(periods.size() == 4u);
    BOOST_TEST(*periods[0].score == 75.0);  // 2026-08
    BOOST_TEST(*periods[1].score == 75.0);  // 2026-09
    BOOST_TEST(*periods[2].score == 40.0);  // 2026-10
    BOOST_TEST(*periods[3].score == 40.0);  // 2026-11
    BOOST_TEST(to_string(periods[2].measures[0].rating) == "requires_improvement");
}

BOOST_AUTO_TEST_CASE(weight_change_applies_from_its_effective_period) {
    // CALLS 96 good 100; COMPLAINTS 9 requires_improvement 40.
    // 2026-09, weights 40/20: (4000 + 800) / 60 = 80.
    // 2026-10, COMPLAINTS weight 60: (4000 + 2400) / 100 = 64.
    Contract contract = monthly_contract();
    KpiDefinition heavier = complaints();
    heavier.weight = 60;
    contract.kpis.push_back(version(heavier, "2026-10"));
    auto periods = score_contract(
        contract,
        monthly_returns("2026-09", "2026-10", {measured("CALLS", 96), measured("COMPLAINTS", 9)}),
        spec_policy());
    BOOST_REQUIRE(periods.size() == 2u);
    BOOST_TEST(*periods[0].score == 80.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(*periods[1].score == 64.0, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(kpi_added_later_is_not_missing_before_it_applies) {
    // CSAT effective 2026-10. In 2026-09 only CALLS 96 counts: 4000/40 = 100 (CSAT would
    // have pulled it to 4000/60 = 66.7 had it counted as missing).
    Contract contract = monthly_contract();
    contract.kpis = {version(calls(), "2026-01"),
                     version(kpi("CSAT", Direction::kHigher, 20, 90, 80, 70), "2026-10")};
    auto periods = score_contract(
        contract, monthly_returns("2026-09", "2026-10", {measured("CALLS", 96)}), spec_policy());
    BOOST_REQUIRE(periods.size() == 2u);
    BOOST_TEST(*periods[0].score == 100.0);
    BOOST_TEST(periods[0].measures.size() == 1u);
    // From 2026-10 CSAT is in force and left out: (4000 + 0) / 60.
    BOOST_TEST(*periods[1].score == 4000.0 / 60.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(periods[1].measures[1].rating) == "missing");
}

BOOST_AUTO_TEST_CASE(withdrawn_kpi_is_not_in_force_from_its_withdrawal) {
    std::vector<KpiVersion> versions{version(calls(), "2026-01"), version(complaints(), "2026-01"),
                                     version(complaints(), "2026-11", /*withdrawn=*/true)};
    BOOST_TEST(codes(kpis_in_force(versions, period("2026-10"))) ==
                   (std::vector<std::string>{"CALLS", "COMPLAINTS"}),
               boost::test_tools::per_element());
    BOOST_TEST(
        codes(kpis_in_force(versions, period("2026-11"))) == (std::vector<std::string>{"CALLS"}),
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(kpi_reinstated_after_withdrawal_is_in_force_again) {
    std::vector<KpiVersion> versions{version(calls(), "2026-01"),
                                     version(calls(), "2026-05", /*withdrawn=*/true),
                                     version(calls(), "2026-08")};
    BOOST_TEST(kpis_in_force(versions, period("2026-04")).size() == 1u);
    BOOST_TEST(kpis_in_force(versions, period("2026-06")).empty());
    BOOST_TEST(kpis_in_force(versions, period("2026-08")).size() == 1u);
}

BOOST_AUTO_TEST_CASE(kpis_before_their_first_version_are_not_in_force) {
    std::vector<KpiVersion> versions{version(calls(), "2026-04")};
    BOOST_TEST(kpis_in_force(versions, period("2026-03")).empty());
    BOOST_TEST(kpis_in_force(versions, period("2026-04")).size() == 1u);
}

BOOST_AUTO_TEST_CASE(kpis_in_force_are_ordered_by_code_whatever_the_input_order) {
    KpiDefinition tighter = calls();
    tighter.thresholds = {97, 93, 90};
    std::vector<KpiVersion> versions{version(resolve(), "2026-01"), version(tighter, "2026-06"),
                                     version(complaints(), "2026-01"), version(calls(), "2026-01")};
    auto in_force = kpis_in_force(versions, period("2026-07"));
    BOOST_TEST(codes(in_force) == (std::vector<std::string>{"CALLS", "COMPLAINTS", "RESOLVE"}),
               boost::test_tools::per_element());
    // The 2026-06 version is later than 2026-01 even though it comes first in the input.
    BOOST_TEST(in_force[0].thresholds.good == 97.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(contract_score)

BOOST_AUTO_TEST_CASE(returned_periods_come_out_ascending) {
    Contract contract = monthly_contract();
    auto periods = score_contract(contract,
                                  {kpi_return("2026-09", {measured("CALLS", 96)}),
                                   kpi_return("2026-07", {measured("CALLS", 96)}),
                                   kpi_return("2026-08", {measured("CALLS", 96)})},
                                  spec_policy());
    BOOST_REQUIRE(periods.size() == 3u);
    BOOST_TEST(periods[0].period.to_string() == "2026-07");
    BOOST_TEST(periods[1].period.to_string() == "2026-08");
    BOOST_TEST(periods[2].period.to_string() == "2026-09");
}

BOOST_AUTO_TEST_CASE(amended_return_changes_the_rating) {
    // Original 2026-09: CALLS 80 inadequate 0, COMPLAINTS 4 good 100:
    //   (0 + 2000) / 60 = 33.3 -> inadequate.
    // Amendment: CALLS 91 approaching 75: (3000 + 2000) / 60 = 83.3 -> approaching.
    Contract contract = monthly_contract();
    auto original = scored_september(contract, 80);
    auto amended = scored_september(contract, 91);
    BOOST_TEST(*original[0].score == 2000.0 / 60.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(original[0].rating) == "inadequate");
    BOOST_TEST(*amended[0].score == 5000.0 / 60.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(to_string(amended[0].rating) == "approaching");
}

BOOST_AUTO_TEST_CASE(current_score_is_the_latest_period_with_a_score) {
    // 2026-09 has a return but every KPI is other: no score, so 2026-08 is current.
    std::vector<PeriodScore> periods{scored("2026-07", 70), scored("2026-08", 60),
                                     scored("2026-09", std::nullopt)};
    const PeriodScore* current = current_score(periods);
    BOOST_REQUIRE(current != nullptr);
    BOOST_TEST(current->period.to_string() == "2026-08");
    BOOST_TEST(*current->score == 60.0);
}

BOOST_AUTO_TEST_CASE(no_current_score_without_a_scored_period) {
    BOOST_TEST(current_score({}) == nullptr);
    BOOST_TEST(current_score({scored("2026-09", std::nullopt)}) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(supplier_and_class)

BOOST_AUTO_TEST_CASE(supplier_score_is_weighted_by_contract_value) {
    // (80 × 3,000,000 + 60 × 1,000,000) / 4,000,000 = 300,000,000 / 4,000,000 = 75
    // (the plain mean would be 70).
    auto score = supplier_score({{80, 3'000'000}, {60, 1'000'000}});
    BOOST_REQUIRE(score.has_value());
    BOOST_TEST(*score == 75.0, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(supplier_score_without_contract_values_is_the_plain_mean) {
    // (80 + 60) / 2 = 70.
    auto score = supplier_score({{80, 0}, {60, 0}});
    BOOST_REQUIRE(score.has_value());
    BOOST_TEST(*score == 70.0, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(supplier_score_of_one_contract_is_its_score) {
    BOOST_TEST(*supplier_score({{62.5, 100}}) == 62.5);
}

BOOST_AUTO_TEST_CASE(supplier_without_current_scores_has_no_score) {
    BOOST_TEST(!supplier_score({}).has_value());
}

BOOST_AUTO_TEST_CASE(percentile_is_the_share_of_the_class_at_or_below) {
    std::vector<double> cls{50, 60, 70, 80};
    BOOST_TEST(percentile_in_class(70, cls) == 75.0);   // 50, 60, 70: 3 of 4
    BOOST_TEST(percentile_in_class(80, cls) == 100.0);  // best in class: 4 of 4
    BOOST_TEST(percentile_in_class(50, cls) == 25.0);   // worst: 1 of 4
}

BOOST_AUTO_TEST_CASE(percentile_counts_ties_as_at_or_below) {
    // 70, 70 of {70, 70, 80}: 2 of 3 = 66.67.
    BOOST_TEST(percentile_in_class(70, {70, 70, 80}) == 200.0 / 3.0,
               boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(percentile_in_an_empty_class_is_100) {
    BOOST_TEST(percentile_in_class(42, {}) == 100.0);
    // From counts, as the supplier scorecard asks the database for them.
    BOOST_TEST(percentile_in_class(std::int64_t{3}, std::int64_t{4}) == 75.0);
    BOOST_TEST(percentile_in_class(std::int64_t{0}, std::int64_t{0}) == 100.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(scores_digest_of_periods)

namespace {

std::vector<PeriodScore> two_periods() {
    PeriodScore a;
    a.period = *Period::parse("2026-09");
    a.score = 75.0;
    a.rating = Rating::kApproaching;
    a.measures = {{"CALLS", 93.2, Rating::kApproaching, 75, 40},
                  {"COMPLAINTS", 6.1, Rating::kApproaching, 75, 20}};
    PeriodScore b = a;
    b.period = *Period::parse("2026-10");
    b.score = 100.0;
    b.rating = Rating::kGood;
    b.measures = {{"CALLS", 96.0, Rating::kGood, 100, 40},
                  {"COMPLAINTS", 4.0, Rating::kGood, 100, 20}};
    return {a, b};
}

}  // namespace

// A rescoring skips reading the stored scores back when the digests agree: so any field that
// is stored must change the digest.
BOOST_AUTO_TEST_CASE(every_stored_field_changes_the_digest) {
    const std::string base = scores_digest(two_periods());
    BOOST_TEST(base.size() == 32u);
    BOOST_TEST(scores_digest(two_periods()) == base);
    const std::vector<std::function<void(std::vector<PeriodScore>&)>> changes{
        [](auto& p) { p[1].period = *Period::parse("2026-11"); },
        [](auto& p) { p[1].score = 99.999; },
        [](auto& p) { p[1].score.reset(); },
        [](auto& p) { p[1].rating = Rating::kApproaching; },
        [](auto& p) { p[0].measures[0].kpi_code = "CALLZ"; },
        [](auto& p) { p[0].measures[0].value = 93.3; },
        [](auto& p) { p[0].measures[0].value.reset(); },
        [](auto& p) { p[0].measures[0].rating = Rating::kGood; },
        [](auto& p) { p[0].measures[0].points = 74; },
        [](auto& p) { p[0].measures[0].weight = 41; },
        [](auto& p) { p[0].measures.pop_back(); },
        [](auto& p) { p.pop_back(); },
        [](auto& p) { std::swap(p[0], p[1]); },
        // The same bytes split differently between code and the next field.
        [](auto& p) {
            p[0].measures[0].kpi_code = "CALLSCOMPLAINTS";
            p[0].measures.pop_back();
        },
    };
    for (std::size_t i = 0; i < changes.size(); ++i) {
        std::vector<PeriodScore> changed = two_periods();
        changes[i](changed);
        BOOST_TEST(scores_digest(changed) != base, "change " << i);
    }
    BOOST_TEST(scores_digest({}) != base);
}

// Two versions of one code effective in the same period: the later in the input wins.
BOOST_AUTO_TEST_CASE(on_a_tie_the_version_recorded_last_is_in_force) {
    KpiDefinition first = calls();
    first.thresholds = {97, 93, 90};
    KpiDefinition second = calls();
    second.thresholds = {99, 93, 90};
    std::vector<KpiVersion> versions{version(first, "2026-06"), version(second, "2026-06")};
    BOOST_TEST(kpis_in_force(versions, period("2026-06"))[0].thresholds.good == 99.0);
    std::swap(versions[0], versions[1]);
    BOOST_TEST(kpis_in_force(versions, period("2026-06"))[0].thresholds.good == 97.0);
}

// The schedule answers as kpis_in_force does, for months and quarters alike. By hand:
// CALLS (good 95) and COMPLAINTS from 2026-01; CALLS good 97 then, on the tie, 99 from
// 2026-06; COMPLAINTS withdrawn from 2026-09.
BOOST_AUTO_TEST_CASE(the_schedule_gives_what_is_in_force_in_every_period) {
    KpiDefinition tighter = calls();
    tighter.thresholds = {97, 93, 90};
    KpiDefinition tightest = calls();
    tightest.thresholds = {99, 93, 90};
    const std::vector<KpiVersion> versions{version(complaints(), "2026-09", /*withdrawn=*/true),
                                           version(tighter, "2026-06"), version(calls(), "2026-01"),
                                           version(complaints(), "2026-01"),
                                           version(tightest, "2026-06")};
    const KpiSchedule schedule(versions);
    struct Case {
        const char* period;
        std::vector<std::string> codes;
        double calls_good;
    };
    for (const Case& c : std::vector<Case>{{"2025-12", {}, 0},
                                           {"2026-01", {"CALLS", "COMPLAINTS"}, 95},
                                           {"2026-05", {"CALLS", "COMPLAINTS"}, 95},
                                           {"2026-06", {"CALLS", "COMPLAINTS"}, 99},
                                           {"2026-08", {"CALLS", "COMPLAINTS"}, 99},
                                           {"2026-09", {"CALLS"}, 99},
                                           {"2027-03", {"CALLS"}, 99},
                                           {"2025-Q4", {}, 0},
                                           {"2026-Q1", {"CALLS", "COMPLAINTS"}, 95},
                                           {"2026-Q3", {"CALLS", "COMPLAINTS"}, 99},
                                           {"2026-Q4", {"CALLS"}, 99}}) {
        const std::vector<KpiDefinition>& in_force = schedule.at(period(c.period));
        BOOST_TEST(codes(in_force) == c.codes, c.period);
        if (!in_force.empty())
            BOOST_TEST(in_force[0].thresholds.good == c.calls_good, c.period);
        BOOST_TEST((in_force == kpis_in_force(versions, period(c.period))), c.period);
    }
}

BOOST_AUTO_TEST_SUITE_END()
