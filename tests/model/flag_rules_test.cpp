// SPEC §4: the five flag rules, the review rule and review transitions.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "model/flag_rules.h"
#include "tests/model/model_fixtures.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;
using namespace scorecard::model_test;

namespace {

std::vector<FlagFinding> only(const std::vector<FlagFinding>& findings, FlagRuleId rule) {
    std::vector<FlagFinding> out;
    for (const FlagFinding& f : findings) {
        if (f.rule == rule)
            out.push_back(f);
    }
    return out;
}

// "rule kpi period severity" per finding, so a failure shows the whole list.
std::vector<std::string> summary(const std::vector<FlagFinding>& findings) {
    std::vector<std::string> out;
    for (const FlagFinding& f : findings) {
        out.push_back(std::string{to_string(f.rule)} + " " + f.kpi_code + " " +
                      f.period.to_string() + " " + std::string{to_string(f.severity)});
    }
    return out;
}

// Flags for the example contract (large supplier unless said otherwise), as of the day
// after 2026-09's return was due, so that missing_return does not fire for returned months.
std::vector<FlagFinding> flags_for(const std::vector<KpiReturn>& returns,
                                   SizeClass size = SizeClass::kLarge,
                                   const FlagPolicy& policy = spec_policy().flags) {
    Contract contract = monthly_contract("2026-07-01");
    return evaluate_flags(contract, size, score_contract(contract, returns, spec_policy()),
                          date("2026-10-05"), policy);
}

std::vector<FlagFinding> score_flags(const std::vector<PeriodScore>& periods,
                                     const FlagPolicy& policy = spec_policy().flags) {
    Contract contract = monthly_contract("2026-01-01");
    return evaluate_flags(contract, SizeClass::kLarge, periods, date("2026-10-05"), policy);
}

const std::vector<Measure> kCallsRequiresImprovement{measured("CALLS", 87),
                                                     measured("COMPLAINTS", 4)};
const std::vector<Measure> kAllGood{measured("CALLS", 96), measured("COMPLAINTS", 4)};

}  // namespace

BOOST_AUTO_TEST_SUITE(inadequate_kpi)

BOOST_AUTO_TEST_CASE(kpi_inadequate_in_latest_period_fires_high) {
    auto found =
        only(flags_for({kpi_return("2026-07", kAllGood), kpi_return("2026-08", kAllGood),
                        kpi_return("2026-09", {measured("CALLS", 80), measured("COMPLAINTS", 4)})}),
             FlagRuleId::kInadequateKpi);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].kpi_code == "CALLS");
    BOOST_TEST(found[0].period.to_string() == "2026-09");
    BOOST_TEST(found[0].contract_id == "DWP-2024-0001");
    BOOST_TEST(to_string(found[0].severity) == "high");
    BOOST_TEST(found[0].detail == "CALLS rated inadequate in 2026-09 (80 against minimum 85)");
}

BOOST_AUTO_TEST_CASE(lower_is_better_kpi_above_minimum_fires) {
    // COMPLAINTS 12.5 > minimum 12 -> inadequate.
    auto found = only(
        flags_for({kpi_return("2026-09", {measured("CALLS", 96), measured("COMPLAINTS", 12.5)})}),
        FlagRuleId::kInadequateKpi);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].kpi_code == "COMPLAINTS");
}

BOOST_AUTO_TEST_CASE(value_equal_to_minimum_does_not_fire) {
    // CALLS 85 = minimum: requires_improvement, not inadequate.
    auto found =
        only(flags_for({kpi_return("2026-09", {measured("CALLS", 85), measured("COMPLAINTS", 4)})}),
             FlagRuleId::kInadequateKpi);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(inadequate_only_in_an_earlier_period_does_not_fire) {
    auto found =
        only(flags_for({kpi_return("2026-08", {measured("CALLS", 80), measured("COMPLAINTS", 4)}),
                        kpi_return("2026-09", kAllGood)}),
             FlagRuleId::kInadequateKpi);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(disabled_rule_does_not_fire) {
    FlagPolicy policy = spec_policy().flags;
    policy.large.inadequate_kpi.enabled = false;
    auto found =
        only(flags_for({kpi_return("2026-09", {measured("CALLS", 80), measured("COMPLAINTS", 4)})},
                       SizeClass::kLarge, policy),
             FlagRuleId::kInadequateKpi);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(severity_comes_from_the_size_group_policy) {
    FlagPolicy policy = spec_policy().flags;
    policy.sme.inadequate_kpi.severity = Severity::kMedium;
    auto returns = std::vector<KpiReturn>{
        kpi_return("2026-09", {measured("CALLS", 80), measured("COMPLAINTS", 4)})};
    auto sme = only(flags_for(returns, SizeClass::kMicro, policy), FlagRuleId::kInadequateKpi);
    auto large = only(flags_for(returns, SizeClass::kLarge, policy), FlagRuleId::kInadequateKpi);
    BOOST_REQUIRE(sme.size() == 1u);
    BOOST_REQUIRE(large.size() == 1u);
    BOOST_TEST(to_string(sme[0].severity) == "medium");
    BOOST_TEST(to_string(large[0].severity) == "high");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(persistent_underperformance)

BOOST_AUTO_TEST_CASE(requires_improvement_in_exactly_three_returned_periods_fires) {
    // CALLS 87: >= 85 and < 90 -> requires_improvement in 07, 08 and 09.
    auto found = only(flags_for(monthly_returns("2026-07", "2026-09", kCallsRequiresImprovement)),
                      FlagRuleId::kPersistentUnderperformance);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].kpi_code == "CALLS");
    BOOST_TEST(found[0].period.to_string() == "2026-09");
    BOOST_TEST(to_string(found[0].severity) == "high");
    BOOST_TEST(found[0].detail.find("2026-07, 2026-08, 2026-09") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_two_returned_periods_do_not_fire) {
    auto found = only(flags_for(monthly_returns("2026-08", "2026-09", kCallsRequiresImprovement)),
                      FlagRuleId::kPersistentUnderperformance);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(a_good_period_in_the_middle_breaks_the_run) {
    auto found = only(flags_for({kpi_return("2026-07", kCallsRequiresImprovement),
                                 kpi_return("2026-08", kAllGood),
                                 kpi_return("2026-09", kCallsRequiresImprovement)}),
                      FlagRuleId::kPersistentUnderperformance);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(an_approaching_period_breaks_the_run) {
    auto found =
        only(flags_for({kpi_return("2026-07", kCallsRequiresImprovement),
                        kpi_return("2026-08", {measured("CALLS", 90), measured("COMPLAINTS", 4)}),
                        kpi_return("2026-09", kCallsRequiresImprovement)}),
             FlagRuleId::kPersistentUnderperformance);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(requires_improvement_inadequate_and_left_out_all_count_as_worse) {
    // CALLS: 87 requires_improvement, 80 inadequate, then left out of the return (missing).
    auto found =
        only(flags_for({kpi_return("2026-07", {measured("CALLS", 87), measured("COMPLAINTS", 4)}),
                        kpi_return("2026-08", {measured("CALLS", 80), measured("COMPLAINTS", 4)}),
                        kpi_return("2026-09", {measured("COMPLAINTS", 4)})}),
             FlagRuleId::kPersistentUnderperformance);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].kpi_code == "CALLS");
}

BOOST_AUTO_TEST_CASE(only_the_three_most_recent_returned_periods_count) {
    // 06 good, then 07-09 requires improvement: fires; 07 good, 08-09 (2 of 3): does not.
    Contract contract = monthly_contract("2026-06-01");
    auto history = score_contract(
        contract,
        {kpi_return("2026-06", kAllGood), kpi_return("2026-07", kCallsRequiresImprovement),
         kpi_return("2026-08", kCallsRequiresImprovement),
         kpi_return("2026-09", kCallsRequiresImprovement)},
        spec_policy());
    auto fires = only(evaluate_flags(contract, SizeClass::kLarge, history, date("2026-10-05"),
                                     spec_policy().flags),
                      FlagRuleId::kPersistentUnderperformance);
    BOOST_TEST(fires.size() == 1u);

    auto found = only(flags_for({kpi_return("2026-07", kAllGood),
                                 kpi_return("2026-08", kCallsRequiresImprovement),
                                 kpi_return("2026-09", kCallsRequiresImprovement)}),
                      FlagRuleId::kPersistentUnderperformance);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(unreturned_months_between_returned_periods_are_skipped) {
    // Returns for 05, 07 and 09 only: those are the three most recent returned periods.
    Contract contract = monthly_contract("2026-05-01");
    auto history = score_contract(contract,
                                  {kpi_return("2026-05", kCallsRequiresImprovement),
                                   kpi_return("2026-07", kCallsRequiresImprovement),
                                   kpi_return("2026-09", kCallsRequiresImprovement)},
                                  spec_policy());
    auto found = only(evaluate_flags(contract, SizeClass::kLarge, history, date("2026-10-05"),
                                     spec_policy().flags),
                      FlagRuleId::kPersistentUnderperformance);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].kpi_code == "CALLS");
}

BOOST_AUTO_TEST_CASE(a_not_applicable_period_breaks_the_run) {
    // COMPLAINTS 9 (requires_improvement) in 07 and 09, not applicable (other) in 08.
    auto found = only(
        flags_for({kpi_return("2026-07", {measured("CALLS", 96), measured("COMPLAINTS", 9)}),
                   kpi_return("2026-08", {measured("CALLS", 96), not_applicable("COMPLAINTS")}),
                   kpi_return("2026-09", {measured("CALLS", 96), measured("COMPLAINTS", 9)})}),
        FlagRuleId::kPersistentUnderperformance);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(kpi_not_in_force_in_one_of_the_periods_does_not_fire) {
    // CSAT applies from 2026-08 and is left out of 08 and 09; in 07 it was not in force.
    Contract contract = monthly_contract("2026-07-01");
    contract.kpis.push_back(version(kpi("CSAT", Direction::kHigher, 20, 90, 80, 70), "2026-08"));
    auto history =
        score_contract(contract, monthly_returns("2026-07", "2026-09", kAllGood), spec_policy());
    auto found = only(evaluate_flags(contract, SizeClass::kLarge, history, date("2026-10-05"),
                                     spec_policy().flags),
                      FlagRuleId::kPersistentUnderperformance);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(each_persistently_weak_kpi_gets_its_own_finding) {
    // CALLS 87 requires_improvement and COMPLAINTS 13 inadequate in all three periods.
    auto found =
        only(flags_for(monthly_returns("2026-07", "2026-09",
                                       {measured("CALLS", 87), measured("COMPLAINTS", 13)})),
             FlagRuleId::kPersistentUnderperformance);
    BOOST_TEST(summary(found) == (std::vector<std::string>{
                                     "persistent_underperformance CALLS 2026-09 high",
                                     "persistent_underperformance COMPLAINTS 2026-09 high"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(number_of_periods_is_configurable) {
    FlagPolicy policy = spec_policy().flags;
    policy.large.persistent_periods = 2;
    auto found = only(flags_for(monthly_returns("2026-08", "2026-09", kCallsRequiresImprovement),
                                SizeClass::kLarge, policy),
                      FlagRuleId::kPersistentUnderperformance);
    BOOST_TEST(found.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(low_contract_score)

BOOST_AUTO_TEST_CASE(latest_score_just_below_65_fires_medium) {
    auto found = only(score_flags({scored("2026-08", 90), scored("2026-09", 64.99)}),
                      FlagRuleId::kLowContractScore);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].period.to_string() == "2026-09");
    BOOST_TEST(found[0].kpi_code.empty());
    BOOST_TEST(to_string(found[0].severity) == "medium");
    BOOST_TEST(found[0].detail == "contract score 64.99 in 2026-09 is below 65");
}

BOOST_AUTO_TEST_CASE(latest_score_of_exactly_65_does_not_fire) {
    auto found = only(score_flags({scored("2026-08", 10), scored("2026-09", 65)}),
                      FlagRuleId::kLowContractScore);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(a_low_score_only_in_an_earlier_period_does_not_fire) {
    auto found = only(score_flags({scored("2026-08", 30), scored("2026-09", 70)}),
                      FlagRuleId::kLowContractScore);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(a_latest_period_without_score_falls_back_to_the_last_scored_one) {
    // 2026-09 was returned with every KPI not applicable: 2026-08's 50 is the latest score.
    auto found = only(score_flags({scored("2026-08", 50), scored("2026-09", std::nullopt)}),
                      FlagRuleId::kLowContractScore);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].period.to_string() == "2026-08");
}

BOOST_AUTO_TEST_CASE(spec_example_scored_below_65_fires) {
    // CALLS 87 requires_improvement 40 (w40), COMPLAINTS 9 requires_improvement 40 (w20):
    // (1600 + 800) / 60 = 40 < 65.
    auto found =
        only(flags_for({kpi_return("2026-09", {measured("CALLS", 87), measured("COMPLAINTS", 9)})}),
             FlagRuleId::kLowContractScore);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].detail == "contract score 40.0 in 2026-09 is below 65");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(declining_trend)

BOOST_AUTO_TEST_CASE(four_strictly_decreasing_scores_falling_exactly_10_fire) {
    // 80 > 77 > 74 > 70; 80 - 70 = 10 >= 10.
    auto found = only(score_flags({scored("2026-06", 80), scored("2026-07", 77),
                                   scored("2026-08", 74), scored("2026-09", 70)}),
                      FlagRuleId::kDecliningTrend);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].period.to_string() == "2026-09");
    BOOST_TEST(to_string(found[0].severity) == "medium");
    BOOST_TEST(found[0].kpi_code.empty());
}

BOOST_AUTO_TEST_CASE(a_fall_of_10_on_paper_fires_despite_floating_point) {
    // 64.1 - 54.1 = 10 on paper; in binary it is 9.999999999999993.
    auto found = only(score_flags({scored("2026-06", 64.1), scored("2026-07", 60),
                                   scored("2026-08", 57), scored("2026-09", 54.1)}),
                      FlagRuleId::kDecliningTrend);
    BOOST_TEST(found.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_fall_of_9_9_does_not_fire) {
    // 80 - 70.1 = 9.9 < 10.
    auto found = only(score_flags({scored("2026-06", 80), scored("2026-07", 77),
                                   scored("2026-08", 74), scored("2026-09", 70.1)}),
                      FlagRuleId::kDecliningTrend);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(an_equal_pair_is_not_strictly_decreasing) {
    // 80 > 75 = 75 > 60: falls 20 but not strictly.
    auto found = only(score_flags({scored("2026-06", 80), scored("2026-07", 75),
                                   scored("2026-08", 75), scored("2026-09", 60)}),
                      FlagRuleId::kDecliningTrend);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(a_rise_inside_the_window_does_not_fire) {
    // 80 > 70 < 72 > 60.
    auto found = only(score_flags({scored("2026-06", 80), scored("2026-07", 70),
                                   scored("2026-08", 72), scored("2026-09", 60)}),
                      FlagRuleId::kDecliningTrend);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(three_scored_periods_are_not_enough) {
    auto found =
        only(score_flags({scored("2026-07", 90), scored("2026-08", 70), scored("2026-09", 50)}),
             FlagRuleId::kDecliningTrend);
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(only_the_four_most_recent_scored_periods_count) {
    // 60 then 80 > 77 > 74 > 70: the rise from 60 is outside the window.
    auto found =
        only(score_flags({scored("2026-05", 60), scored("2026-06", 80), scored("2026-07", 77),
                          scored("2026-08", 74), scored("2026-09", 70)}),
             FlagRuleId::kDecliningTrend);
    BOOST_TEST(found.size() == 1u);
}

BOOST_AUTO_TEST_CASE(periods_without_a_score_are_skipped) {
    // 2026-08 has no score (all other): the four scored periods are 06, 07, 09, 10.
    Contract contract = monthly_contract("2026-01-01");
    auto found = only(evaluate_flags(contract, SizeClass::kLarge,
                                     {scored("2026-06", 80), scored("2026-07", 77),
                                      scored("2026-08", std::nullopt), scored("2026-09", 74),
                                      scored("2026-10", 70)},
                                     date("2026-11-05"), spec_policy().flags),
                      FlagRuleId::kDecliningTrend);
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].period.to_string() == "2026-10");
}

BOOST_AUTO_TEST_CASE(window_and_minimum_fall_are_configurable) {
    // 3 periods, fall 5: 80 > 78 > 75.
    FlagPolicy policy = spec_policy().flags;
    policy.large.declining_periods = 3;
    policy.large.declining_min_fall = 5;
    auto found = only(
        score_flags({scored("2026-07", 80), scored("2026-08", 78), scored("2026-09", 75)}, policy),
        FlagRuleId::kDecliningTrend);
    BOOST_TEST(found.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(due_periods_rule)

namespace {

// Which KPIs the contract of a case has.
enum class Kpis {
    kFromJanuary,     // CALLS and COMPLAINTS from 2026-01 (or 2026-Q1)
    kMayAndJuneOnly,  // both from 2026-05, both withdrawn from 2026-07
    kNone,            // a contract known only from an award notice
};

struct DueCase {
    const char* name;
    const char* start;
    const char* end;
    Frequency frequency;
    Kpis kpis;
    int grace_days;
    const char* as_of;
    const char* due;  // the periods expected, comma-separated
};

std::ostream& operator<<(std::ostream& os, const DueCase& c) {
    return os << c.name << " (" << c.start << " to " << c.end << ", grace " << c.grace_days
              << ", as of " << c.as_of << ")";
}

Contract due_case_contract(const DueCase& c) {
    Contract contract = monthly_contract(c.start, c.end);
    contract.frequency = c.frequency;
    const std::string first = c.frequency == Frequency::kMonthly ? "2026-01" : "2026-Q1";
    switch (c.kpis) {
        case Kpis::kFromJanuary:
            contract.kpis = {version(calls(), first), version(complaints(), first)};
            break;
        case Kpis::kMayAndJuneOnly:
            contract.kpis = {version(calls(), "2026-05"), version(complaints(), "2026-05"),
                             version(calls(), "2026-07", true),
                             version(complaints(), "2026-07", true)};
            break;
        case Kpis::kNone:
            contract.kpis.clear();
            break;
    }
    return contract;
}

std::string joined(const std::vector<Period>& periods) {
    std::string out;
    for (const Period& p : periods)
        out += (out.empty() ? "" : ",") + p.to_string();
    return out;
}

// SPEC §4 missing_return: a period is due once as-of is after its last day plus the grace
// days. 2026-09 ends 2026-09-30: with 10 days it is due from 2026-10-11, with 3 days from
// 2026-10-04, with 0 days from 2026-10-01.
const std::vector<DueCase> kDueCases{
    {"grace 10, last day of grace", "2026-01-01", "2026-12-31", Frequency::kMonthly,
     Kpis::kFromJanuary, 10, "2026-10-10",
     "2026-01,2026-02,2026-03,2026-04,2026-05,2026-06,2026-07,2026-08"},
    {"grace 10, day after grace", "2026-01-01", "2026-12-31", Frequency::kMonthly,
     Kpis::kFromJanuary, 10, "2026-10-11",
     "2026-01,2026-02,2026-03,2026-04,2026-05,2026-06,2026-07,2026-08,2026-09"},
    {"grace 3, last day of grace", "2026-07-01", "2026-12-31", Frequency::kMonthly,
     Kpis::kFromJanuary, 3, "2026-10-03", "2026-07,2026-08"},
    {"grace 3, day after grace", "2026-07-01", "2026-12-31", Frequency::kMonthly,
     Kpis::kFromJanuary, 3, "2026-10-04", "2026-07,2026-08,2026-09"},
    {"grace 0, on the period's last day", "2026-07-01", "2026-12-31", Frequency::kMonthly,
     Kpis::kFromJanuary, 0, "2026-09-30", "2026-07,2026-08"},
    {"grace 0, the day after", "2026-07-01", "2026-12-31", Frequency::kMonthly, Kpis::kFromJanuary,
     0, "2026-10-01", "2026-07,2026-08,2026-09"},
    {"only periods overlapping the contract's dates", "2026-03-15", "2026-06-10",
     Frequency::kMonthly, Kpis::kFromJanuary, 10, "2026-12-31", "2026-03,2026-04,2026-05,2026-06"},
    {"only periods with KPIs in force", "2026-03-01", "2026-12-31", Frequency::kMonthly,
     Kpis::kMayAndJuneOnly, 10, "2027-01-31", "2026-05,2026-06"},
    {"no KPIs, nothing due", "2026-01-01", "2026-12-31", Frequency::kMonthly, Kpis::kNone, 10,
     "2027-06-01", ""},
    {"quarters", "2026-01-01", "2026-12-31", Frequency::kQuarterly, Kpis::kFromJanuary, 10,
     "2026-10-11", "2026-Q1,2026-Q2,2026-Q3"},
    {"before the first period is due", "2026-07-01", "2026-12-31", Frequency::kMonthly,
     Kpis::kFromJanuary, 10, "2026-08-10", ""},
    {"end before start", "2026-07-01", "2026-06-30", Frequency::kMonthly, Kpis::kFromJanuary, 10,
     "2027-01-01", ""},
    {"a contract to 9999 stops at as-of", "2026-01-01", "9999-12-31", Frequency::kMonthly,
     Kpis::kFromJanuary, 10, "2026-03-11", "2026-01,2026-02"},
};

}  // namespace

BOOST_DATA_TEST_CASE(periods_are_due_once_their_grace_days_have_passed, bdata::make(kDueCases), c) {
    BOOST_TEST(joined(due_periods(due_case_contract(c), c.grace_days, date(c.as_of))) ==
               std::string(c.due));
}

namespace {

struct SpanCase {
    const char* name;
    const char* as_of;
    const char* returned;  // periods with a return, comma-separated
    const char* from;      // "" when unbounded
    const char* until;
};

std::ostream& operator<<(std::ostream& os, const SpanCase& c) {
    return os << c.name << " (as of " << c.as_of << ")";
}

// The contract runs 2026-07-01 to 2026-12-31, monthly, grace 10: 2026-07 is due from
// 2026-08-11, 2026-08 from 2026-09-11, 2026-09 from 2026-10-11, 2026-10 from 2026-11-11,
// 2026-11 from 2026-12-11, 2026-12 from 2027-01-11. Only periods without a return move
// what is missing.
const std::vector<SpanCase> kSpanCases{
    {"between two due days", "2026-10-20", "", "2026-10-11", "2026-11-11"},
    {"on a due day", "2026-10-11", "", "2026-10-11", "2026-11-11"},
    {"the day before one", "2026-10-10", "", "2026-09-11", "2026-10-11"},
    {"before any is due", "2026-08-01", "", "", "2026-08-11"},
    {"after the last is due", "2027-03-01", "", "2027-01-11", ""},
    {"returned periods do not move it", "2026-10-20", "2026-09,2026-10,2026-11", "2026-09-11",
     "2027-01-11"},
    {"every period returned", "2026-10-20", "2026-07,2026-08,2026-09,2026-10,2026-11,2026-12", "",
     ""},
};

}  // namespace

BOOST_DATA_TEST_CASE(the_missing_periods_stay_the_same_between_due_days_of_unreturned_periods,
                     bdata::make(kSpanCases), c) {
    const Contract contract = monthly_contract("2026-07-01", "2026-12-31");
    const std::string returned = c.returned;
    const DaySpan span = same_missing_periods(contract, 10, date(c.as_of), [&](const Period& p) {
        return returned.find(p.to_string()) != std::string::npos;
    });
    BOOST_TEST((span.from ? format_date(*span.from) : std::string()) == std::string(c.from));
    BOOST_TEST((span.until ? format_date(*span.until) : std::string()) == std::string(c.until));
    // Whatever the span says, due_periods agrees: the same unreturned periods on each day
    // inside it, and others on the days just outside.
    const auto missing_on = [&](Date day) {
        std::string out;
        for (const Period& p : due_periods(contract, 10, day)) {
            if (returned.find(p.to_string()) == std::string::npos)
                out += p.to_string() + ",";
        }
        return out;
    };
    const std::string on_the_day = missing_on(date(c.as_of));
    if (span.from) {
        BOOST_TEST(missing_on(*span.from) == on_the_day);
        BOOST_TEST(missing_on(add_days(*span.from, -1)) != on_the_day);
    }
    if (span.until) {
        BOOST_TEST(missing_on(add_days(*span.until, -1)) == on_the_day);
        BOOST_TEST(missing_on(*span.until) != on_the_day);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(missing_return)

namespace {

// Returns for 2026-01 to `last_returned` of the example contract (in force from 2026-01).
std::vector<PeriodScore> returned_until(const std::string& last_returned) {
    Contract contract = monthly_contract();
    return score_contract(contract, monthly_returns("2026-01", last_returned, kAllGood),
                          spec_policy());
}

std::vector<FlagFinding> missing(const Contract& contract, SizeClass size,
                                 const std::vector<PeriodScore>& returned, const std::string& as_of,
                                 const FlagPolicy& policy = spec_policy().flags) {
    return only(evaluate_flags(contract, size, returned, date(as_of), policy),
                FlagRuleId::kMissingReturn);
}

struct GraceCase {
    const char* name;
    SizeClass size;
    const char* as_of;
    bool fires;
};

std::ostream& operator<<(std::ostream& os, const GraceCase& c) {
    return os << c.name << " (" << to_string(c.size) << ", as of " << c.as_of << ")";
}

// 2026-09 ends 2026-09-30. Large: grace 10 days, due by 2026-10-10, missing from 10-11.
// SME: grace 20 days, due by 2026-10-20, missing from 10-21.
const std::vector<GraceCase> kGraceCases{
    {"large, last day of grace", SizeClass::kLarge, "2026-10-10", false},
    {"large, day after grace", SizeClass::kLarge, "2026-10-11", true},
    {"small, within SME grace", SizeClass::kSmall, "2026-10-11", false},
    {"small, last day of grace", SizeClass::kSmall, "2026-10-20", false},
    {"small, day after grace", SizeClass::kSmall, "2026-10-21", true},
    {"micro, day after grace", SizeClass::kMicro, "2026-10-21", true},
    {"medium, last day of grace", SizeClass::kMedium, "2026-10-20", false},
    {"sme, day after grace", SizeClass::kSme, "2026-10-21", true},
};

}  // namespace

BOOST_DATA_TEST_CASE(period_is_missing_once_its_grace_days_have_passed, bdata::make(kGraceCases),
                     c) {
    auto found = missing(monthly_contract(), c.size, returned_until("2026-08"), c.as_of);
    BOOST_TEST(found.size() == (c.fires ? 1u : 0u));
    if (!found.empty()) {
        BOOST_TEST(found[0].period.to_string() == "2026-09");
        BOOST_TEST(to_string(found[0].severity) == "low");
    }
}

BOOST_AUTO_TEST_CASE(one_missed_period_is_low_with_its_evidence) {
    auto found =
        missing(monthly_contract(), SizeClass::kLarge, returned_until("2026-08"), "2026-10-11");
    BOOST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].kpi_code.empty());
    BOOST_TEST(found[0].detail ==
               "no return for 2026-09, which ended 2026-09-30 (due within 10 days)");
}

BOOST_AUTO_TEST_CASE(second_missed_period_escalates_both_to_high) {
    // Returned to 2026-07: 08 (due 09-10) and 09 (due 10-10) are both missed on 10-11.
    auto found =
        missing(monthly_contract(), SizeClass::kLarge, returned_until("2026-07"), "2026-10-11");
    BOOST_TEST(summary(found) == (std::vector<std::string>{"missing_return  2026-08 high",
                                                           "missing_return  2026-09 high"}),
               boost::test_tools::per_element());
    // A day earlier only 08 is overdue: one missed period stays low.
    auto earlier =
        missing(monthly_contract(), SizeClass::kLarge, returned_until("2026-07"), "2026-10-10");
    BOOST_TEST(summary(earlier) == (std::vector<std::string>{"missing_return  2026-08 low"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(returned_periods_are_not_missing) {
    auto found =
        missing(monthly_contract(), SizeClass::kLarge, returned_until("2026-09"), "2026-10-11");
    BOOST_TEST(found.empty());
}

BOOST_AUTO_TEST_CASE(a_return_with_no_score_still_counts_as_returned) {
    // 2026-09 returned with every KPI not applicable: returned, so not missing.
    Contract contract = monthly_contract("2026-09-01");
    auto returned = score_contract(
        contract, {kpi_return("2026-09", {not_applicable("CALLS"), not_applicable("COMPLAINTS")})},
        spec_policy());
    // As of 2026-12-11, 10 (due 11-10) and 11 (due 12-10) are missed; 09 is not.
    BOOST_TEST(summary(missing(contract, SizeClass::kLarge, returned, "2026-12-11")) ==
                   (std::vector<std::string>{"missing_return  2026-10 high",
                                             "missing_return  2026-11 high"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(only_periods_overlapping_the_contract_dates_are_due) {
    // 2026-03-15 to 2026-06-10 overlaps 03, 04, 05 and 06; 02 and 07 are outside.
    Contract contract = monthly_contract("2026-03-15", "2026-06-10");
    auto found = missing(contract, SizeClass::kLarge, {}, "2026-12-31");
    BOOST_TEST(
        summary(found) == (std::vector<std::string>{
                              "missing_return  2026-03 high", "missing_return  2026-04 high",
                              "missing_return  2026-05 high", "missing_return  2026-06 high"}),
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(periods_without_kpis_in_force_are_not_due) {
    // KPIs from 2026-05 only; a withdrawal of both from 2026-07.
    Contract contract = monthly_contract("2026-03-01", "2026-12-31");
    contract.kpis = {version(calls(), "2026-05"), version(complaints(), "2026-05"),
                     version(calls(), "2026-07", true), version(complaints(), "2026-07", true)};
    auto found = missing(contract, SizeClass::kLarge, {}, "2027-01-31");
    BOOST_TEST(summary(found) == (std::vector<std::string>{"missing_return  2026-05 high",
                                                           "missing_return  2026-06 high"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(contract_without_kpis_never_misses_a_return) {
    Contract contract = monthly_contract();
    contract.kpis.clear();
    BOOST_TEST(missing(contract, SizeClass::kLarge, {}, "2027-06-01").empty());
}

BOOST_AUTO_TEST_CASE(quarterly_contract_misses_quarters) {
    // Q3 ends 2026-09-30; large grace 10 days: missed from 2026-10-11.
    Contract contract = monthly_contract("2026-01-01", "2026-12-31");
    contract.frequency = Frequency::kQuarterly;
    contract.kpis = {version(calls(), "2026-Q1")};
    auto returned = score_contract(contract,
                                   {kpi_return("2026-Q1", {measured("CALLS", 96)}),
                                    kpi_return("2026-Q2", {measured("CALLS", 96)})},
                                   spec_policy());
    BOOST_TEST(missing(contract, SizeClass::kLarge, returned, "2026-10-10").empty());
    BOOST_TEST(summary(missing(contract, SizeClass::kLarge, returned, "2026-10-11")) ==
                   (std::vector<std::string>{"missing_return  2026-Q3 low"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(escalation_threshold_is_configurable) {
    FlagPolicy policy = spec_policy().flags;
    policy.large.missing_escalate_after = 3;
    auto found = missing(monthly_contract(), SizeClass::kLarge, returned_until("2026-07"),
                         "2026-10-11", policy);
    BOOST_TEST(summary(found) == (std::vector<std::string>{"missing_return  2026-08 low",
                                                           "missing_return  2026-09 low"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(evaluation)

BOOST_AUTO_TEST_CASE(findings_are_ordered_by_rule_then_kpi_then_period) {
    // Contract from 2026-01, returns only for 07-09 with CALLS 80 and COMPLAINTS 13, both
    // inadequate: score (0 + 0) / 60 = 0 each month. As of 2026-10-05, 01-06 are overdue
    // (06 was due by 07-10) and 09 is not yet (due by 10-10). Three scores: no trend.
    Contract contract = monthly_contract("2026-01-01");
    auto history = score_contract(
        contract,
        monthly_returns("2026-07", "2026-09", {measured("COMPLAINTS", 13), measured("CALLS", 80)}),
        spec_policy());
    auto found = evaluate_flags(contract, SizeClass::kLarge, history, date("2026-10-05"),
                                spec_policy().flags);
    BOOST_TEST(summary(found) == (std::vector<std::string>{
                                     "inadequate_kpi CALLS 2026-09 high",
                                     "inadequate_kpi COMPLAINTS 2026-09 high",
                                     "persistent_underperformance CALLS 2026-09 high",
                                     "persistent_underperformance COMPLAINTS 2026-09 high",
                                     "low_contract_score  2026-09 medium",
                                     "missing_return  2026-01 high",
                                     "missing_return  2026-02 high",
                                     "missing_return  2026-03 high",
                                     "missing_return  2026-04 high",
                                     "missing_return  2026-05 high",
                                     "missing_return  2026-06 high",
                                 }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_well_run_contract_raises_nothing) {
    Contract contract = monthly_contract("2026-01-01");
    auto history =
        score_contract(contract, monthly_returns("2026-01", "2026-09", kAllGood), spec_policy());
    BOOST_TEST(evaluate_flags(contract, SizeClass::kLarge, history, date("2026-10-11"),
                              spec_policy().flags)
                   .empty());
}

BOOST_AUTO_TEST_CASE(an_amendment_that_lifts_a_rating_clears_the_finding) {
    // Original 2026-09: CALLS 80 inadequate. Amended: CALLS 91 approaching.
    Contract contract = monthly_contract("2026-09-01");
    auto original = scored_september(contract, 80);
    auto amended = scored_september(contract, 91);
    BOOST_TEST(summary(evaluate_flags(contract, SizeClass::kLarge, original, date("2026-10-05"),
                                      spec_policy().flags)) ==
                   (std::vector<std::string>{"inadequate_kpi CALLS 2026-09 high",
                                             "low_contract_score  2026-09 medium"}),
               boost::test_tools::per_element());
    // Amended score (3000 + 2000) / 60 = 83.3: nothing fires.
    BOOST_TEST(evaluate_flags(contract, SizeClass::kLarge, amended, date("2026-10-05"),
                              spec_policy().flags)
                   .empty());
}

BOOST_AUTO_TEST_CASE(returned_history_in_any_order_gives_the_same_findings) {
    std::vector<PeriodScore> ascending{scored("2026-06", 80), scored("2026-07", 77),
                                       scored("2026-08", 74), scored("2026-09", 60)};
    std::vector<PeriodScore> shuffled{ascending[2], ascending[0], ascending[3], ascending[1]};
    BOOST_TEST(summary(score_flags(ascending)) == summary(score_flags(shuffled)),
               boost::test_tools::per_element());
    BOOST_TEST(only(score_flags(shuffled), FlagRuleId::kDecliningTrend).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reviews)

namespace {

Supplier supplier(bool strategic) {
    Supplier s;
    s.id = "GB-COH-01234567";
    s.name = "Acme Services Ltd";
    s.strategic = strategic;
    return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(no_open_flags_warrant_no_review) {
    BOOST_TEST(!review_warranted(supplier(false), {}));
    BOOST_TEST(!review_warranted(supplier(true), {}));
}

BOOST_AUTO_TEST_CASE(one_open_high_flag_warrants_a_review) {
    BOOST_TEST(review_warranted(supplier(false), {{"C1", Severity::kHigh}}));
}

BOOST_AUTO_TEST_CASE(medium_flags_on_one_contract_do_not) {
    BOOST_TEST(
        !review_warranted(supplier(false), {{"C1", Severity::kMedium}, {"C1", Severity::kLow}}));
}

BOOST_AUTO_TEST_CASE(open_flags_on_two_contracts_warrant_a_review) {
    BOOST_TEST(review_warranted(supplier(false), {{"C1", Severity::kLow}, {"C2", Severity::kLow}}));
}

BOOST_AUTO_TEST_CASE(strategic_supplier_gets_a_review_on_any_medium_flag) {
    BOOST_TEST(review_warranted(supplier(true), {{"C1", Severity::kMedium}}));
}

BOOST_AUTO_TEST_CASE(strategic_supplier_with_one_low_flag_does_not) {
    BOOST_TEST(!review_warranted(supplier(true), {{"C1", Severity::kLow}}));
}

struct TransitionCase {
    ReviewState from;
    ReviewState to;
};

std::ostream& operator<<(std::ostream& os, const TransitionCase& c) {
    return os << to_string(c.from) << " -> " << to_string(c.to);
}

std::vector<TransitionCase> every_pair() {
    std::vector<TransitionCase> out;
    for (const auto& [from, from_name] : EnumNames<ReviewState>::kNames) {
        for (const auto& [to, to_name] : EnumNames<ReviewState>::kNames)
            out.push_back({from, to});
    }
    return out;
}

BOOST_DATA_TEST_CASE(review_moves_only_to_the_next_state, bdata::make(every_pair()), c) {
    // proposed -> scheduled -> action_plan_agreed -> monitoring -> closed, and nothing else.
    std::string pair = std::string{to_string(c.from)} + "->" + std::string{to_string(c.to)};
    bool expected = pair == "proposed->scheduled" || pair == "scheduled->action_plan_agreed" ||
                    pair == "action_plan_agreed->monitoring" || pair == "monitoring->closed";
    BOOST_TEST(review_transition_allowed(c.from, c.to) == expected);
}

BOOST_AUTO_TEST_SUITE_END()
