// The minister's monthly trend (model/monthly_trend.h): which months it shows, which are
// provisional, and how many contracts have returned. Each case is worked out by hand from
// the calendar and SPEC §4's grace days (large suppliers 10, SMEs 20).
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "model/monthly_trend.h"
#include "tests/model/model_fixtures.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;
using namespace scorecard::model_test;

namespace {

constexpr int kLarge = 10;  // SPEC §4 grace days
constexpr int kSme = 20;

struct TrendContract {
    const char* id;
    Frequency frequency;
    int grace_days;
    const char* start;
    const char* kpis_from;  // the first period with a KPI in force
};

struct TrendReturn {
    const char* contract;
    const char* period;
    std::optional<double> score;  // nullopt: every KPI not applicable
};

struct TrendCase {
    const char* name;
    const char* as_of;
    std::vector<TrendContract> contracts;
    std::vector<TrendReturn> returns;
    const char* first;  // the window's first and last months
    const char* last;
    std::vector<std::string> months;  // describe() of some of the window's months
};

std::ostream& operator<<(std::ostream& os, const TrendCase& c) {
    return os << c.name << " (as of " << c.as_of << ")";
}

// "2026-10: 75.0 from 2, 2 of 2 returned" with ", provisional" when it is.
std::string describe(const TrendMonth& m) {
    char mean[32] = "-";
    if (m.mean_score)
        std::snprintf(mean, sizeof mean, "%.1f", *m.mean_score);
    return m.month.to_string() + ": " + mean + " from " + std::to_string(m.scored) + ", " +
           std::to_string(m.returned) + " of " + std::to_string(m.expected) + " returned" +
           (m.provisional ? ", provisional" : "");
}

std::vector<TrendMonth> trend_of(const TrendCase& c) {
    MonthlyTrend trend(date(c.as_of), 12);
    for (const TrendContract& tc : c.contracts) {
        Contract contract = monthly_contract(tc.start, "2027-12-31");
        contract.id = tc.id;
        contract.frequency = tc.frequency;
        contract.kpis = {version(calls(), tc.kpis_from)};
        trend.add_contract(contract, tc.grace_days);
    }
    for (const TrendReturn& r : c.returns)
        trend.add_return(r.contract, scored(r.period, r.score));
    return trend.months();
}

// A large and an SME monthly contract, a quarterly SME contract, all from 2026-01.
const TrendContract kLargeMonthly{"L", Frequency::kMonthly, kLarge, "2026-01-01", "2026-01"};
const TrendContract kSmeMonthly{"S", Frequency::kMonthly, kSme, "2026-01-01", "2026-01"};
const TrendContract kSmeQuarterly{"Q", Frequency::kQuarterly, kSme, "2026-01-01", "2026-Q1"};

const std::vector<TrendCase> kCases{
    {"with nothing to count, the twelve calendar months before as_of's month",
     "2026-12-03",
     {},
     {},
     "2025-12",
     "2026-11",
     {"2025-12: - from 0, 0 of 0 returned", "2026-11: - from 0, 0 of 0 returned"}},
    // November ended on the 30th; a large supplier's return is due after 10 December. On
    // 3 December none is due: November is in progress and the window steps back a month.
    {"a month none of whose returns is due yet is left out",
     "2026-12-03",
     {kLargeMonthly},
     {{"L", "2026-09", 80}, {"L", "2026-10", 90}},
     "2025-11",
     "2026-10",
     {"2025-12: - from 0, 0 of 0 returned",  // before the contract started
      "2026-08: - from 0, 0 of 1 returned",  // due and missing: final, not provisional
      "2026-09: 80.0 from 1, 1 of 1 returned", "2026-10: 90.0 from 1, 1 of 1 returned"}},
    // Due on the day after 30 November + 10 days: 11 December.
    {"on the last day of its grace the month is still in progress",
     "2026-12-10",
     {kLargeMonthly},
     {},
     "2025-11",
     "2026-10",
     {"2026-10: - from 0, 0 of 1 returned"}},
    {"the day after, its return is due and the month is shown",
     "2026-12-11",
     {kLargeMonthly},
     {},
     "2025-12",
     "2026-11",
     {"2026-11: - from 0, 0 of 1 returned"}},
    // On 15 December the large supplier's November return is due (after 10 December), the
    // SME's is not (after 20 December): November is shown, provisional, 1 of 2 returned.
    {"a month with returns still within their grace is provisional",
     "2026-12-15",
     {kLargeMonthly, kSmeMonthly},
     {{"L", "2026-10", 90}, {"S", "2026-10", 70}, {"L", "2026-11", 90}},
     "2025-12",
     "2026-11",
     {"2026-10: 80.0 from 2, 2 of 2 returned",  // (90 + 70) / 2
      "2026-11: 90.0 from 1, 1 of 2 returned, provisional"}},
    {"a return that came early leaves nothing to wait for",
     "2026-12-15",
     {kLargeMonthly, kSmeMonthly},
     {{"L", "2026-11", 90}, {"S", "2026-11", 60}},
     "2025-12",
     "2026-11",
     {"2026-11: 75.0 from 2, 2 of 2 returned"}},
    // Both due by 15 December: the one that has not come is missing, not awaited.
    {"a return missing after its due date does not make a month provisional",
     "2026-12-15",
     {kLargeMonthly, {"M", Frequency::kMonthly, kLarge, "2026-01-01", "2026-01"}},
     {{"L", "2026-11", 80}},
     "2025-12",
     "2026-11",
     {"2026-11: 80.0 from 1, 1 of 2 returned"}},
    // Q3 (July to September) ended on 30 September, due after 20 October: its score 60 counts
    // in July, August and September beside the monthly 90s: (90 + 60) / 2 = 75. Q4 (October
    // to December) has not ended on 3 December: October waits for it.
    {"a quarter counts in each of its months and keeps them provisional until due",
     "2026-12-03",
     {kLargeMonthly, kSmeQuarterly},
     {{"L", "2026-07", 90},
      {"L", "2026-08", 90},
      {"L", "2026-09", 90},
      {"L", "2026-10", 90},
      {"Q", "2026-Q3", 60}},
     "2025-11",
     "2026-10",
     {"2026-07: 75.0 from 2, 2 of 2 returned", "2026-09: 75.0 from 2, 2 of 2 returned",
      "2026-10: 90.0 from 1, 1 of 2 returned, provisional"}},
    {"a return whose every KPI was not applicable is counted as returned, not in the mean",
     "2026-12-15",
     {kLargeMonthly, {"M", Frequency::kMonthly, kLarge, "2026-01-01", "2026-01"}},
     {{"L", "2026-11", std::nullopt}, {"M", "2026-11", 70}},
     "2025-12",
     "2026-11",
     {"2026-11: 70.0 from 1, 2 of 2 returned"}},
    // The contract runs from January; its KPI is in force from March.
    {"a contract is expected only for months with a KPI in force",
     "2026-12-15",
     {{"K", Frequency::kMonthly, kLarge, "2026-01-01", "2026-03"}},
     {},
     "2025-12",
     "2026-11",
     {"2026-02: - from 0, 0 of 0 returned", "2026-03: - from 0, 0 of 1 returned"}},
    {"returns of contracts not counted are ignored",
     "2026-12-15",
     {kLargeMonthly},
     {{"L", "2026-11", 80}, {"ELSEWHERE", "2026-11", 10}},
     "2025-12",
     "2026-11",
     {"2026-11: 80.0 from 1, 1 of 1 returned"}},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(monthly_trend)

BOOST_DATA_TEST_CASE(months_shown_provisional_and_returned, bdata::make(kCases), c) {
    const std::vector<TrendMonth> months = trend_of(c);
    BOOST_REQUIRE_EQUAL(months.size(), 12u);
    BOOST_TEST(months.front().month.to_string() == c.first);
    BOOST_TEST(months.back().month.to_string() == c.last);
    std::vector<std::string> described;
    for (const TrendMonth& m : months)
        described.push_back(describe(m));
    for (const std::string& want : c.months) {
        const bool found = std::find(described.begin(), described.end(), want) != described.end();
        BOOST_TEST(found, "missing \"" << want << "\"");
    }
}

BOOST_AUTO_TEST_CASE(the_range_of_period_starts_covers_every_month_considered) {
    // As of 2026-12-03 the months considered are the 24 before December 2026: 2024-12 to
    // 2026-11. A quarter covering 2024-12 starts on 2024-10-01; the last month starts
    // 2026-11-01.
    MonthlyTrend trend(date("2026-12-03"), 12);
    BOOST_TEST(format_date(trend.first_period_start()) == "2024-10-01");
    BOOST_TEST(format_date(trend.last_period_start()) == "2026-11-01");
}

BOOST_AUTO_TEST_SUITE_END()
