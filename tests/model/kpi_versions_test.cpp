// SPEC §2 "KPI definitions are versioned": the period a feed's change applies from (default:
// the next period to be reported) and which versions a feed starts and withdraws.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/kpi_versions.h"
#include "tests/model/model_fixtures.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;
using namespace scorecard::model_test;

namespace {

struct NextCase {
    const char* name;
    Frequency frequency;
    const char* start;
    const char* latest_returned;  // "" for none
    const char* next;
};

std::ostream& operator<<(std::ostream& os, const NextCase& c) {
    return os << c.name;
}

const std::vector<NextCase> kNextCases{
    {"nothing returned: the contract's first period", Frequency::kMonthly, "2026-03-15", "",
     "2026-03"},
    {"the period after the latest returned", Frequency::kMonthly, "2026-01-01", "2026-09",
     "2026-10"},
    {"across a year end", Frequency::kMonthly, "2026-01-01", "2026-12", "2027-01"},
    {"quarterly", Frequency::kQuarterly, "2026-01-01", "2026-Q2", "2026-Q3"},
    {"nothing returned, quarterly: the quarter holding the start", Frequency::kQuarterly,
     "2026-05-01", "", "2026-Q2"},
    {"a return of another frequency does not count", Frequency::kQuarterly, "2026-01-01", "2026-09",
     "2026-Q1"},
    {"never before the first period", Frequency::kMonthly, "2026-06-01", "2026-02", "2026-06"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(next_period_to_report_rule)

BOOST_DATA_TEST_CASE(the_next_period_to_be_reported, bdata::make(kNextCases), c) {
    Contract contract = monthly_contract(c.start);
    contract.frequency = c.frequency;
    const std::optional<Period> latest = std::string(c.latest_returned).empty()
                                             ? std::nullopt
                                             : std::optional<Period>(period(c.latest_returned));
    BOOST_TEST(next_period_to_report(contract, latest).to_string() == std::string(c.next));
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

KpiDefinition stricter_calls() {
    return kpi("CALLS", Direction::kHigher, 40, 97, 93, 88);
}
KpiDefinition resolution() {
    return kpi("RESOLVE", Direction::kHigher, 10, 80, 70, 60);
}

struct FeedCase {
    const char* name;
    std::vector<KpiVersion> stored;  // the contract's versions before the feed
    std::vector<ListedKpi> listed;   // what the feed lists
    const char* next;                // the next period to be reported
    // The versions to record, as "CODE from PERIOD" or "CODE withdrawn from PERIOD", with
    // the good threshold for a started version ("CALLS from 2026-10 good 97").
    std::vector<std::string> expected;
};

std::ostream& operator<<(std::ostream& os, const FeedCase& c) {
    return os << c.name;
}

std::string shown(const KpiVersion& v) {
    if (v.withdrawn)
        return v.definition.code + " withdrawn from " + v.effective.to_string();
    char good[32];
    std::snprintf(good, sizeof good, "%g", v.definition.thresholds.good);
    return v.definition.code + " from " + v.effective.to_string() + " good " + good;
}

const std::vector<FeedCase> kFeedCases{
    {"a new contract's KPIs start with its first period to be reported",
     {},
     {{calls(), std::nullopt}, {complaints(), std::nullopt}},
     "2026-01",
     {"CALLS from 2026-01 good 95", "COMPLAINTS from 2026-01 good 5"}},
    {"the same definitions re-sent record nothing",
     {version(calls(), "2026-01"), version(complaints(), "2026-01")},
     {{calls(), std::nullopt}, {complaints(), std::nullopt}},
     "2026-10",
     {}},
    {"a changed definition without a period starts from the next period to be reported",
     {version(calls(), "2026-01"), version(complaints(), "2026-01")},
     {{stricter_calls(), std::nullopt}, {complaints(), std::nullopt}},
     "2026-10",
     {"CALLS from 2026-10 good 97"}},
    {"a changed definition starts from the period the feed gives",
     {version(calls(), "2026-01"), version(complaints(), "2026-01")},
     {{stricter_calls(), period("2026-12")}, {complaints(), std::nullopt}},
     "2026-10",
     {"CALLS from 2026-12 good 97"}},
    {"a definition with a period is recorded even when unchanged (the store sees it is)",
     {version(calls(), "2026-01"), version(complaints(), "2026-01")},
     {{calls(), period("2026-01")}, {complaints(), std::nullopt}},
     "2026-10",
     {"CALLS from 2026-01 good 95"}},
    {"a new KPI starts from the next period to be reported",
     {version(calls(), "2026-01"), version(complaints(), "2026-01")},
     {{calls(), std::nullopt}, {complaints(), std::nullopt}, {resolution(), std::nullopt}},
     "2026-10",
     {"RESOLVE from 2026-10 good 80"}},
    {"a KPI the feed no longer lists is withdrawn from the next period to be reported",
     {version(calls(), "2026-01"), version(complaints(), "2026-01")},
     {{calls(), std::nullopt}},
     "2026-10",
     {"COMPLAINTS withdrawn from 2026-10"}},
    {"a KPI already withdrawn is not withdrawn again",
     {version(calls(), "2026-01"), version(complaints(), "2026-01"),
      version(complaints(), "2026-05", true)},
     {{calls(), std::nullopt}},
     "2026-10",
     {}},
    {"a withdrawn KPI listed again starts again",
     {version(calls(), "2026-01"), version(complaints(), "2026-01"),
      version(complaints(), "2026-05", true)},
     {{calls(), std::nullopt}, {complaints(), std::nullopt}},
     "2026-10",
     {"COMPLAINTS from 2026-10 good 5"}},
    {"a feed that lists nothing withdraws every KPI in force",
     {version(calls(), "2026-01"), version(complaints(), "2026-01")},
     {},
     "2026-10",
     {"CALLS withdrawn from 2026-10", "COMPLAINTS withdrawn from 2026-10"}},
    {"started versions come first, in the feed's order, then withdrawals",
     {version(calls(), "2026-01"), version(complaints(), "2026-01")},
     {{resolution(), std::nullopt}, {stricter_calls(), std::nullopt}},
     "2026-10",
     {"RESOLVE from 2026-10 good 80", "CALLS from 2026-10 good 97",
      "COMPLAINTS withdrawn from 2026-10"}},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(kpi_versions_from_a_feed)

BOOST_DATA_TEST_CASE(versions_a_feed_starts_and_withdraws, bdata::make(kFeedCases), c) {
    Contract contract = monthly_contract();
    contract.kpis = c.stored;
    std::vector<std::string> got;
    for (const KpiVersion& v : kpi_versions_to_record(contract, c.listed, period(c.next)))
        got.push_back(shown(v));
    BOOST_TEST(got == c.expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
