// check_return() and check_feed(): the rules of SPEC §5 that need the contract and the
// sender, on small worlds built by hand.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "importers/feed_rules.h"
#include "importers/return_rules.h"
#include "importers_test_support.h"
#include "tests/support/spec_values.h"

using namespace scorecard;
using namespace scorecard::importers;
using namespace scorecard::importers::testing;

namespace {

using scorecard::testing::date;
using scorecard::testing::period;

KpiDefinition kpi(const std::string& code, Unit unit) {
    KpiDefinition k;
    k.code = code;
    k.name = code;
    k.unit = unit;
    k.thresholds = {95, 90, 85};
    return k;
}

// DWP's monthly contract with Acme, April 2024 to March 2027: CALLS (percent) from the
// start, COMPLAINTS (ratio) from 2026-10.
Contract dwp_contract() {
    Contract c;
    c.id = "DWP-2024-0001";
    c.authority_id = "GB-GOV-DWP";
    c.supplier_id = "GB-COH-01234567";
    c.title = "Contact centre services";
    c.start = date("2024-04-01");
    c.end = date("2027-03-31");
    c.frequency = Frequency::kMonthly;
    c.kpis = {{kpi("CALLS", Unit::kPercent), period("2024-04"), false},
              {kpi("COMPLAINTS", Unit::kRatio), period("2026-10"), false}};
    return c;
}

Principal acme() {
    return {"acme-account", Role::kSupplier, "", "GB-COH-01234567"};
}
Principal dwp_commercial() {
    return {"dwp-manager", Role::kCommercial, "GB-GOV-DWP", ""};
}

// A return located at line 5, column 2, its measures at lines 6, 7, ... column 4.
ParsedReturn a_return(const char* p, const char* submitted,
                      std::vector<std::pair<std::string, double>> values) {
    ParsedReturn r;
    r.figures.contract_id = "DWP-2024-0001";
    r.figures.period = period(p);
    r.figures.submitted = *parse_timestamp(submitted);
    r.where = {5, 2};
    int line = 6;
    for (const auto& [code, value] : values) {
        Measure m;
        m.kpi_code = code;
        m.value = value;
        r.figures.measures.push_back(m);
        r.measure_where.push_back({line++, 4});
    }
    return r;
}

std::vector<std::string> codes(const std::vector<Problem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems)
        out.push_back(p.code);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_return_rules)

BOOST_AUTO_TEST_CASE(a_good_return_passes) {
    auto c = dwp_contract();
    auto r = a_return("2026-09", "2026-10-05T10:00:00Z", {{"CALLS", 93.2}});
    for (const auto& sender : {acme(), dwp_commercial(), Principal{"ops", Role::kAdmin, "", ""}}) {
        auto problems = check_return(r, &c, sender, "doc");
        BOOST_TEST(problems.empty(), sender.user << ":" << listing(problems));
    }
}

BOOST_AUTO_TEST_CASE(the_contract_must_exist) {
    auto r = a_return("2026-09", "2026-10-05T10:00:00Z", {{"CALLS", 93.2}});
    auto problems = check_return(r, nullptr, acme(), "doc");
    BOOST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(problems[0].code == "unknown_contract");
    BOOST_TEST(problems[0].line == 5);
    BOOST_TEST(problems[0].column == 2);
    BOOST_TEST(problems[0].document == "doc");
}

BOOST_AUTO_TEST_CASE(the_sender_must_be_allowed_and_learns_nothing_more) {
    auto c = dwp_contract();
    // Another supplier, another authority's manager, a minister: none may report. The
    // return is also for a quarter (wrong kind), which must not be revealed to them.
    auto r = a_return("2026-Q3", "2026-10-05T10:00:00Z", {{"NOPE", 1}});
    for (const auto& sender : {Principal{"rival", Role::kSupplier, "", "GB-COH-99999999"},
                               Principal{"hmrc", Role::kCommercial, "GB-GOV-HMRC", ""},
                               Principal{"minister", Role::kMinister, "", ""}}) {
        auto problems = check_return(r, &c, sender, "doc");
        BOOST_TEST(codes(problems) == std::vector<std::string>{"forbidden"},
                   sender.user << ":" << listing(problems));
    }
}

BOOST_AUTO_TEST_CASE(the_period_must_be_of_the_contracts_frequency) {
    auto c = dwp_contract();
    // 2026-Q2 ended 2026-06-30, inside the contract: only the frequency is wrong.
    auto problems =
        check_return(a_return("2026-Q2", "2026-10-05T10:00:00Z", {}), &c, acme(), "doc");
    BOOST_TEST(codes(problems) == std::vector<std::string>{"period_frequency"}, listing(problems));
}

BOOST_AUTO_TEST_CASE(the_period_must_overlap_the_contract) {
    auto c = dwp_contract();
    struct Case {
        const char* period;
        bool inside;
    };
    // The contract runs 2024-04-01 to 2027-03-31.
    for (auto [p, inside] : {Case{"2024-03", false}, Case{"2024-04", true}, Case{"2027-03", true},
                             Case{"2027-04", false}}) {
        auto problems = check_return(a_return(p, "2030-01-01T00:00:00Z", {}), &c, acme(), "doc");
        BOOST_TEST_CONTEXT(p) {
            if (inside)
                BOOST_TEST(problems.empty(), listing(problems));
            else
                BOOST_TEST(codes(problems) == std::vector<std::string>{"period_outside_contract"},
                           listing(problems));
        }
    }
}

BOOST_AUTO_TEST_CASE(the_period_must_have_ended_before_submission) {
    auto c = dwp_contract();
    struct Case {
        const char* submitted;
        bool ended;
    };
    // 2026-10 ends on 2026-10-31: a return on that day is too early, the next day is fine.
    for (auto [submitted, ended] :
         {Case{"2026-10-31T23:59:59Z", false}, Case{"2026-11-01T00:00:00Z", true},
          Case{"2026-10-15T09:00:00Z", false}}) {
        auto problems =
            check_return(a_return("2026-10", submitted, {{"CALLS", 90}}), &c, acme(), "doc");
        BOOST_TEST_CONTEXT(submitted) {
            if (ended)
                BOOST_TEST(problems.empty(), listing(problems));
            else
                BOOST_TEST(codes(problems) == std::vector<std::string>{"period_not_ended"},
                           listing(problems));
        }
    }
}

BOOST_AUTO_TEST_CASE(every_kpi_must_be_in_force_for_the_period) {
    auto c = dwp_contract();
    // COMPLAINTS takes effect in 2026-10: unknown in 2026-09 (the second measure, line 7),
    // known in 2026-10. BOGUS is never a code.
    auto before = check_return(
        a_return("2026-09", "2026-10-05T10:00:00Z", {{"CALLS", 93}, {"COMPLAINTS", 6}}), &c, acme(),
        "doc");
    BOOST_TEST(codes(before) == std::vector<std::string>{"unknown_kpi"}, listing(before));
    BOOST_TEST(has_problem(before, "unknown_kpi", 7, 4), listing(before));

    auto after = check_return(
        a_return("2026-10", "2026-11-05T10:00:00Z", {{"CALLS", 93}, {"COMPLAINTS", 6}}), &c, acme(),
        "doc");
    BOOST_TEST(after.empty(), listing(after));

    auto bogus = check_return(a_return("2026-10", "2026-11-05T10:00:00Z", {{"BOGUS", 1}}), &c,
                              acme(), "doc");
    BOOST_TEST(has_problem(bogus, "unknown_kpi", 6, 4), listing(bogus));
}

BOOST_AUTO_TEST_CASE(percent_values_are_within_0_to_100) {
    auto c = dwp_contract();
    struct Case {
        double value;
        bool ok;
    };
    for (auto [value, ok] :
         {Case{0, true}, Case{100, true}, Case{100.5, false}, Case{-0.1, false}}) {
        auto problems = check_return(
            a_return("2026-09", "2026-10-05T10:00:00Z", {{"CALLS", value}}), &c, acme(), "doc");
        BOOST_TEST_CONTEXT("CALLS = " << value) {
            if (ok)
                BOOST_TEST(problems.empty(), listing(problems));
            else
                BOOST_TEST(has_problem(problems, "range", 6, 4), listing(problems));
        }
    }
    // A ratio may exceed 100.
    auto ratio = check_return(a_return("2026-10", "2026-11-05T10:00:00Z", {{"COMPLAINTS", 250}}),
                              &c, acme(), "doc");
    BOOST_TEST(ratio.empty(), listing(ratio));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(check_feed_rules)

namespace {

ParsedContract fed(const Contract& c, Location where) {
    ParsedContract pc;
    pc.contract = c;
    pc.contract.kpis.clear();
    pc.where = where;
    return pc;
}

struct World {
    std::vector<std::string> authorities{"GB-GOV-DWP"};
    std::vector<std::string> suppliers{"GB-COH-01234567"};
    std::vector<Contract> contracts;

    FeedLookups lookups() const {
        return {[this](const std::string& id) {
                    return std::find(authorities.begin(), authorities.end(), id) !=
                           authorities.end();
                },
                [this](const std::string& id) {
                    return std::find(suppliers.begin(), suppliers.end(), id) != suppliers.end();
                },
                [this](const std::string& id) -> std::optional<Contract> {
                    for (const auto& c : contracts)
                        if (c.id == id)
                            return c;
                    return std::nullopt;
                }};
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(references_resolve_in_the_feed_or_the_store) {
    World world;
    Contract c = dwp_contract();
    c.authority_id = "GB-GOV-NEW";
    c.supplier_id = "GB-COH-00000001";
    ContractFeedDocument feed;
    feed.contracts.push_back(fed(c, {3, 4}));
    Principal admin{"ops", Role::kAdmin, "", ""};

    auto missing = check_feed(feed, world.lookups(), admin, "feed.xml");
    BOOST_TEST(
        codes(missing) == (std::vector<std::string>{"unknown_authority", "unknown_supplier"}),
        listing(missing));
    BOOST_TEST(has_problem(missing, "unknown_authority", 3, 4), listing(missing));

    // Defined in the feed itself.
    feed.authorities.push_back({{"GB-GOV-NEW", "New Department"}, {2, 4}});
    feed.suppliers.push_back({{"GB-COH-00000001", "New Ltd", SizeClass::kMicro, false}, {2, 40}});
    auto in_feed = check_feed(feed, world.lookups(), admin, "feed.xml");
    BOOST_TEST(in_feed.empty(), listing(in_feed));

    // Or already stored.
    ContractFeedDocument stored_refs;
    stored_refs.contracts.push_back(fed(dwp_contract(), {3, 4}));
    auto stored = check_feed(stored_refs, world.lookups(), admin, "feed.xml");
    BOOST_TEST(stored.empty(), listing(stored));
}

BOOST_AUTO_TEST_CASE(only_the_contracts_authority_may_load_its_feed) {
    World world;
    ContractFeedDocument feed;
    feed.contracts.push_back(fed(dwp_contract(), {3, 4}));

    auto own = check_feed(feed, world.lookups(), dwp_commercial(), "feed.xml");
    BOOST_TEST(own.empty(), listing(own));

    for (const auto& sender : {Principal{"hmrc", Role::kCommercial, "GB-GOV-HMRC", ""}, acme()}) {
        auto problems = check_feed(feed, world.lookups(), sender, "feed.xml");
        BOOST_TEST(codes(problems) == std::vector<std::string>{"forbidden"},
                   sender.user << ":" << listing(problems));
    }
    // Nor may a feed define another authority.
    ContractFeedDocument other;
    other.authorities.push_back({{"GB-GOV-HMRC", "HMRC"}, {2, 4}});
    auto renamed = check_feed(other, world.lookups(), dwp_commercial(), "feed.xml");
    BOOST_TEST(has_problem(renamed, "forbidden", 2, 4), listing(renamed));
}

BOOST_AUTO_TEST_CASE(a_stored_contract_cannot_move_to_another_authority) {
    World world;
    world.authorities.push_back("GB-GOV-HMRC");
    world.contracts.push_back(dwp_contract());
    Contract moved = dwp_contract();
    moved.authority_id = "GB-GOV-HMRC";
    ContractFeedDocument feed;
    feed.contracts.push_back(fed(moved, {3, 4}));
    auto problems = check_feed(feed, world.lookups(), Principal{"ops", Role::kAdmin, "", ""}, "f");
    BOOST_TEST(codes(problems) == std::vector<std::string>{"authority_change"}, listing(problems));
    BOOST_TEST(has_problem(problems, "authority_change", 3, 4), listing(problems));
}

BOOST_AUTO_TEST_CASE(returns_in_a_feed_are_checked_against_the_feeds_contract) {
    World world;
    world.contracts.push_back(dwp_contract());  // stored: CALLS, COMPLAINTS from 2026-10
    // The feed's version adds AUDIT (no effective period: a new code applies from the
    // contract's first period) and moves the end date to 2026-08-31.
    Contract updated = dwp_contract();
    updated.end = date("2026-08-31");
    ContractFeedDocument feed;
    ParsedContract pc = fed(updated, {3, 4});
    pc.kpis.push_back({kpi("AUDIT", Unit::kPercent), std::nullopt, {4, 6}});
    feed.contracts.push_back(pc);

    feed.returns.push_back(
        a_return("2026-08", "2026-09-05T10:00:00Z", {{"CALLS", 90}, {"AUDIT", 99}}));
    auto ok = check_feed(feed, world.lookups(), dwp_commercial(), "feed.xml");
    BOOST_TEST(ok.empty(), listing(ok));

    // 2026-09 is after the feed's end date (the stored one would still allow it).
    feed.returns[0] = a_return("2026-09", "2026-10-05T10:00:00Z", {{"CALLS", 90}});
    auto outside = check_feed(feed, world.lookups(), dwp_commercial(), "feed.xml");
    BOOST_TEST(codes(outside) == std::vector<std::string>{"period_outside_contract"},
               listing(outside));
}

BOOST_AUTO_TEST_CASE(returns_in_a_feed_for_other_contracts_use_the_stored_one) {
    World world;
    world.contracts.push_back(dwp_contract());
    ContractFeedDocument feed;
    feed.returns.push_back(a_return("2026-09", "2026-10-05T10:00:00Z", {{"CALLS", 101}}));
    auto stored = check_feed(feed, world.lookups(), dwp_commercial(), "feed.xml");
    BOOST_TEST(codes(stored) == std::vector<std::string>{"range"}, listing(stored));

    feed.returns[0].figures.contract_id = "NO-SUCH-CONTRACT";
    auto unknown = check_feed(feed, world.lookups(), dwp_commercial(), "feed.xml");
    BOOST_TEST(codes(unknown) == std::vector<std::string>{"unknown_contract"}, listing(unknown));
}

BOOST_AUTO_TEST_SUITE_END()
