// SPEC §2 "Flag" and §4: what an evaluation does with a contract's stored flags: raise,
// refresh, resolve; a dismissed flag stays dismissed while its evidence period is unchanged.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "model/flag_lifecycle.h"
#include "tests/model/model_fixtures.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;
using namespace scorecard::model_test;

namespace {

constexpr auto kInadequate = FlagRuleId::kInadequateKpi;
constexpr auto kLowScore = FlagRuleId::kLowContractScore;
constexpr auto kMissing = FlagRuleId::kMissingReturn;

struct StoredFlag {
    int id;
    FlagRuleId rule;
    const char* kpi;
    const char* period;
    FlagStatus status;
    Severity severity;
    const char* detail;
};

struct Found {
    FlagRuleId rule;
    const char* kpi;
    const char* period;
    Severity severity;
    const char* detail;
};

struct LifeCase {
    const char* name;
    std::vector<StoredFlag> existing;
    std::vector<Found> findings;
    // What the changes should be, written as "rule kpi period severity" for a raise,
    // "#id period severity" for a refresh and "#id" for a resolve.
    std::vector<std::string> raise;
    std::vector<std::string> refresh;
    std::vector<std::string> resolve;
};

std::ostream& operator<<(std::ostream& os, const LifeCase& c) {
    return os << c.name;
}

Flag stored(const StoredFlag& s) {
    Flag f;
    f.id = s.id;
    f.rule = s.rule;
    f.kpi_code = s.kpi;
    f.period = period(s.period);
    f.status = s.status;
    f.severity = s.severity;
    f.detail = s.detail;
    f.contract_id = "DWP-2024-0001";
    return f;
}

FlagFinding finding(const Found& f) {
    return {f.rule, f.severity, "DWP-2024-0001", f.kpi, period(f.period), f.detail};
}

std::string sev(Severity s) {
    return std::string(to_string(s));
}

constexpr auto kOpen = FlagStatus::kOpen;
constexpr auto kDismissed = FlagStatus::kDismissed;
constexpr auto kResolved = FlagStatus::kResolved;
constexpr auto kHigh = Severity::kHigh;
constexpr auto kMedium = Severity::kMedium;
constexpr auto kLow = Severity::kLow;

const std::vector<LifeCase> kCases{
    {"a finding with no flag raises one",
     {},
     {{kInadequate, "CALLS", "2026-09", kHigh, "CALLS inadequate in 2026-09"}},
     {"inadequate_kpi CALLS 2026-09 high"},
     {},
     {}},
    {"an open flag whose evidence is the same is left alone",
     {{1, kInadequate, "CALLS", "2026-09", kOpen, kHigh, "CALLS inadequate in 2026-09"}},
     {{kInadequate, "CALLS", "2026-09", kHigh, "CALLS inadequate in 2026-09"}},
     {},
     {},
     {}},
    {"an open flag with a later evidence period is refreshed, not raised again",
     {{1, kInadequate, "CALLS", "2026-09", kOpen, kHigh, "CALLS inadequate in 2026-09"}},
     {{kInadequate, "CALLS", "2026-10", kHigh, "CALLS inadequate in 2026-10"}},
     {},
     {"#1 2026-10 high"},
     {}},
    {"an open flag whose severity changed is refreshed",
     {{1, kMissing, "", "2026-08", kOpen, kLow, "no return for 2026-08"}},
     {{kMissing, "", "2026-08", kHigh, "no return for 2026-08"}},
     {},
     {"#1 2026-08 high"},
     {}},
    {"an open flag whose detail changed is refreshed",
     {{1, kLowScore, "", "2026-09", kOpen, kMedium, "contract score 60.0 in 2026-09"}},
     {{kLowScore, "", "2026-09", kMedium, "contract score 50.0 in 2026-09"}},
     {},
     {"#1 2026-09 medium"},
     {}},
    {"an open flag no longer found is resolved",
     {{1, kLowScore, "", "2026-09", kOpen, kMedium, "contract score 60.0 in 2026-09"}},
     {},
     {},
     {},
     {"#1"}},
    {"a dismissed flag stays dismissed while its evidence period is unchanged",
     {{1, kInadequate, "CALLS", "2026-09", kDismissed, kHigh, "CALLS inadequate in 2026-09"}},
     {{kInadequate, "CALLS", "2026-09", kHigh, "CALLS inadequate in 2026-09"}},
     {},
     {},
     {}},
    {"a dismissed flag is raised again on new evidence",
     {{1, kInadequate, "CALLS", "2026-09", kDismissed, kHigh, "CALLS inadequate in 2026-09"}},
     {{kInadequate, "CALLS", "2026-10", kHigh, "CALLS inadequate in 2026-10"}},
     {"inadequate_kpi CALLS 2026-10 high"},
     {},
     {}},
    {"a resolved flag is history: the same finding raises a new flag",
     {{1, kInadequate, "CALLS", "2026-09", kResolved, kHigh, "CALLS inadequate in 2026-09"}},
     {{kInadequate, "CALLS", "2026-09", kHigh, "CALLS inadequate in 2026-09"}},
     {"inadequate_kpi CALLS 2026-09 high"},
     {},
     {}},
    {"the KPI is part of a flag's identity",
     {{1, kInadequate, "CALLS", "2026-09", kOpen, kHigh, "CALLS inadequate in 2026-09"}},
     {{kInadequate, "COMPLAINTS", "2026-09", kHigh, "COMPLAINTS inadequate in 2026-09"}},
     {"inadequate_kpi COMPLAINTS 2026-09 high"},
     {},
     {"#1"}},
    {"each missed period is its own flag",
     {{1, kMissing, "", "2026-08", kOpen, kLow, "no return for 2026-08"}},
     {{kMissing, "", "2026-08", kLow, "no return for 2026-08"},
      {kMissing, "", "2026-09", kLow, "no return for 2026-09"}},
     {"missing_return  2026-09 low"},
     {},
     {}},
    {"a missed period that is returned resolves its flag alone",
     {{1, kMissing, "", "2026-08", kOpen, kHigh, "no return for 2026-08"},
      {2, kMissing, "", "2026-09", kOpen, kHigh, "no return for 2026-09"}},
     {{kMissing, "", "2026-09", kLow, "no return for 2026-09"}},
     {},
     {"#2 2026-09 low"},
     {"#1"}},
    {"a dismissed missed period stays dismissed",
     {{1, kMissing, "", "2026-08", kDismissed, kLow, "no return for 2026-08"}},
     {{kMissing, "", "2026-08", kLow, "no return for 2026-08"}},
     {},
     {},
     {}},
    {"no findings (a terminated contract) resolve every open flag, not dismissed ones",
     {{1, kInadequate, "CALLS", "2026-09", kOpen, kHigh, "CALLS inadequate in 2026-09"},
      {2, kLowScore, "", "2026-09", kDismissed, kMedium, "contract score 60.0 in 2026-09"},
      {3, kMissing, "", "2026-10", kOpen, kLow, "no return for 2026-10"}},
     {},
     {},
     {},
     {"#1", "#3"}},
    {"a flag raised again after a dismissal is the open one that is refreshed",
     {{1, kInadequate, "CALLS", "2026-09", kDismissed, kHigh, "CALLS inadequate in 2026-09"},
      {2, kInadequate, "CALLS", "2026-10", kOpen, kHigh, "CALLS inadequate in 2026-10"}},
     {{kInadequate, "CALLS", "2026-11", kHigh, "CALLS inadequate in 2026-11"}},
     {},
     {"#2 2026-11 high"},
     {}},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(flag_lifecycle)

BOOST_DATA_TEST_CASE(stored_flags_follow_their_findings, bdata::make(kCases), c) {
    std::vector<Flag> existing;
    for (const StoredFlag& s : c.existing)
        existing.push_back(stored(s));
    std::vector<FlagFinding> findings;
    for (const Found& f : c.findings)
        findings.push_back(finding(f));

    const FlagChanges changes = reconcile_flags(existing, findings);

    std::vector<std::string> raised, refreshed, resolved;
    for (const FlagFinding& f : changes.raise)
        raised.push_back(std::string(to_string(f.rule)) + " " + f.kpi_code + " " +
                         f.period.to_string() + " " + sev(f.severity));
    for (const FlagRefresh& r : changes.refresh)
        refreshed.push_back("#" + std::to_string(r.flag_id) + " " + r.finding.period.to_string() +
                            " " + sev(r.finding.severity));
    for (const Flag& f : changes.resolve)
        resolved.push_back("#" + std::to_string(f.id));
    std::sort(resolved.begin(), resolved.end());

    BOOST_TEST(raised == c.raise, boost::test_tools::per_element());
    BOOST_TEST(refreshed == c.refresh, boost::test_tools::per_element());
    BOOST_TEST(resolved == c.resolve, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_refresh_carries_the_new_detail) {
    const FlagChanges changes = reconcile_flags(
        {stored({1, kLowScore, "", "2026-09", kOpen, kMedium, "contract score 60.0 in 2026-09"})},
        {finding({kLowScore, "", "2026-10", kMedium, "contract score 55.0 in 2026-10"})});
    BOOST_REQUIRE(changes.refresh.size() == 1u);
    BOOST_TEST(changes.refresh[0].finding.detail == "contract score 55.0 in 2026-10");
}

BOOST_AUTO_TEST_CASE(identity_is_rule_kpi_and_for_missing_return_the_period) {
    const Flag inadequate_sep =
        stored({1, kInadequate, "CALLS", "2026-09", kOpen, kHigh, "CALLS inadequate"});
    const Flag inadequate_oct =
        stored({2, kInadequate, "CALLS", "2026-10", kOpen, kHigh, "CALLS inadequate"});
    const Flag missing_sep = stored({3, kMissing, "", "2026-09", kOpen, kLow, "no return"});
    const Flag missing_oct = stored({4, kMissing, "", "2026-10", kOpen, kLow, "no return"});
    BOOST_TEST((identity_of(inadequate_sep) == identity_of(inadequate_oct)));
    BOOST_TEST((identity_of(missing_sep) != identity_of(missing_oct)));
    BOOST_TEST(
        (identity_of(finding({kMissing, "", "2026-09", kHigh, "x"})) == identity_of(missing_sep)));
}

BOOST_AUTO_TEST_SUITE_END()
