// model/supplier_records.h: what a feed would change in a supplier's record, and whether a
// novation may be made (docs/formats.md "Suppliers" and "Novation").
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "model/supplier_records.h"

using namespace scorecard;

namespace {

const Supplier kAcme{"GB-COH-01234567", "Acme Services Ltd", SizeClass::kLarge, true};

Date day(const char* text) {
    return *parse_date(text);
}

std::vector<std::string> codes(const std::vector<Problem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems)
        out.push_back(p.code);
    return out;
}

// A monthly contract from 2026-04-15 to 2028-03-31, and a quarterly one over the same dates.
Contract monthly() {
    Contract c;
    c.id = "DWP-2026-0001";
    c.authority_id = "GB-GOV-DWP";
    c.supplier_id = kAcme.id;
    c.start = day("2026-04-15");
    c.end = day("2028-03-31");
    c.frequency = Frequency::kMonthly;
    return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(supplier_records)

BOOST_AUTO_TEST_CASE(each_differing_field_is_one_change_in_the_order_name_size_strategic) {
    struct Case {
        const char* what;
        Supplier proposed;
        std::vector<SupplierFieldChange> want;
    };
    const std::vector<Case> cases{
        {"the same record", kAcme, {}},
        {"a new name",
         {kAcme.id, "Acme plc", SizeClass::kLarge, true},
         {{"name", "Acme Services Ltd", "Acme plc"}}},
        {"everything",
         {kAcme.id, "Acme plc", SizeClass::kSmall, false},
         {{"name", "Acme Services Ltd", "Acme plc"},
          {"size", "large", "small"},
          {"strategic", "true", "false"}}},
        {"sme for a large supplier",
         {kAcme.id, kAcme.name, SizeClass::kSme, true},
         {{"size", "large", "sme"}}},
    };
    for (const auto& c : cases)
        BOOST_TEST((supplier_differences(kAcme, c.proposed) == c.want), c.what);
}

BOOST_AUTO_TEST_CASE(sme_says_less_than_micro_small_or_medium_and_is_no_discrepancy) {
    for (SizeClass stored : {SizeClass::kMicro, SizeClass::kSmall, SizeClass::kMedium}) {
        Supplier s = kAcme;
        s.size = stored;
        Supplier proposed = s;
        proposed.size = SizeClass::kSme;
        BOOST_TEST(supplier_differences(s, proposed).empty(), to_string(stored));
        // The other way a precise class is news.
        BOOST_TEST(supplier_differences(proposed, s).size() == 1u, to_string(stored));
    }
}

BOOST_AUTO_TEST_CASE(an_accepted_change_sets_its_field_and_a_bad_one_is_invalid) {
    BOOST_TEST(with_change(kAcme, {"name", kAcme.name, "Acme plc"}).name == "Acme plc");
    BOOST_TEST((with_change(kAcme, {"size", "large", "medium"}).size == SizeClass::kMedium));
    BOOST_TEST(!with_change(kAcme, {"strategic", "true", "false"}).strategic);
    for (const SupplierFieldChange& bad :
         std::vector<SupplierFieldChange>{{"size", "large", "huge"},
                                          {"strategic", "true", "yes"},
                                          {"name", kAcme.name, ""},
                                          {"address", "", "1 Street"}}) {
        BOOST_CHECK_EXCEPTION(with_change(kAcme, bad), Error,
                              [](const Error& e) { return e.code() == ErrorCode::kInvalid; });
    }
}

BOOST_AUTO_TEST_CASE(a_novation_takes_effect_on_a_period_start_inside_the_contract_and_in_order) {
    Contract novated_once = monthly();
    novated_once.supplier_id = "GB-COH-07654321";
    novated_once.former_suppliers = {{kAcme.id, day("2026-11-01")}};
    Contract quarterly = monthly();
    quarterly.frequency = Frequency::kQuarterly;
    struct Case {
        const char* what;
        Contract contract;
        std::string to;
        const char* effective;
        std::vector<std::string> problems;
    };
    const std::vector<Case> cases{
        {"the first of a month", monthly(), "GB-COH-07654321", "2026-11-01", {}},
        // The first period, 2026-04, starts on the 1st even though the contract starts later.
        {"the start of the first period", monthly(), "GB-COH-07654321", "2026-04-01", {}},
        {"the first of the last month", monthly(), "GB-COH-07654321", "2028-03-01", {}},
        {"mid-month", monthly(), "GB-COH-07654321", "2026-11-15", {"not_period_start"}},
        {"a month start inside a quarter",
         quarterly,
         "GB-COH-07654321",
         "2026-11-01",
         {"not_period_start"}},
        {"a quarter start", quarterly, "GB-COH-07654321", "2026-10-01", {}},
        {"before the contract", monthly(), "GB-COH-07654321", "2026-03-01", {"outside_contract"}},
        {"after the contract", monthly(), "GB-COH-07654321", "2028-04-01", {"outside_contract"}},
        {"to its own supplier", monthly(), kAcme.id, "2026-11-01", {"same_supplier"}},
        {"again later", novated_once, "GB-COH-09999999", "2027-01-01", {}},
        {"again on the same day",
         novated_once,
         "GB-COH-09999999",
         "2026-11-01",
         {"novation_order"}},
        {"again before the last one", novated_once, kAcme.id, "2026-10-01", {"novation_order"}},
        {"every problem at once",
         monthly(),
         kAcme.id,
         "2029-01-15",
         {"same_supplier", "not_period_start", "outside_contract"}},
    };
    for (const auto& c : cases)
        BOOST_TEST((codes(check_novation(c.contract, c.to, day(c.effective))) == c.problems),
                   c.what);
}

BOOST_AUTO_TEST_CASE(a_novation_inside_a_period_names_the_period_starts_around_it) {
    const auto problems = check_novation(monthly(), "GB-COH-07654321", day("2026-11-15"));
    BOOST_TEST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(problems[0].message.find("2026-11-01 or 2026-12-01") != std::string::npos,
               problems[0].message);
}

BOOST_AUTO_TEST_SUITE_END()
