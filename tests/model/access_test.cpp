// SPEC §1: who may see and do what.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "model/access.h"
#include "tests/model/principals.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;
using namespace scorecard::model_test;

namespace {

// DWP's contract with Acme.
const ContractScope kAcmeAtDwp{"GB-GOV-DWP", "GB-COH-01234567"};

struct AccessCase {
    const char* who_name;
    Principal who;
    bool view_contract;
    bool report_for;
    bool load_feed_for_dwp;
    bool manage_dwp;
    bool change_data;
};

std::ostream& operator<<(std::ostream& os, const AccessCase& c) {
    return os << c.who_name;
}

const std::vector<AccessCase> kCases{
    // who                          view   report feed   manage change
    {"admin", admin(), true, true, true, true, true},
    {"minister", minister(), true, false, false, false, false},
    {"commercial of the contract's authority", dwp_commercial(), true, true, true, true, true},
    {"commercial of another authority", hmrc_commercial(), false, false, false, false, true},
    {"the contract's supplier", acme(), true, true, false, false, true},
    {"another supplier", rival(), false, false, false, false, true},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(access_rules)

BOOST_DATA_TEST_CASE(each_role_sees_and_does_what_spec_section_1_allows, bdata::make(kCases), c) {
    BOOST_TEST(may_view_contract(c.who, kAcmeAtDwp) == c.view_contract);
    BOOST_TEST(may_report_for(c.who, kAcmeAtDwp) == c.report_for);
    BOOST_TEST(may_load_feed_for(c.who, "GB-GOV-DWP") == c.load_feed_for_dwp);
    BOOST_TEST(may_manage(c.who, "GB-GOV-DWP") == c.manage_dwp);
    BOOST_TEST(may_change_data(c.who) == c.change_data);
}

BOOST_AUTO_TEST_CASE(supplier_user_sees_only_its_own_organisation) {
    BOOST_TEST(may_view_supplier(acme(), "GB-COH-01234567", false));
    BOOST_TEST(!may_view_supplier(acme(), "GB-COH-07654321", true));
}

BOOST_AUTO_TEST_CASE(commercial_user_sees_suppliers_of_its_authority_contracts) {
    BOOST_TEST(may_view_supplier(dwp_commercial(), "GB-COH-01234567", true));
    BOOST_TEST(!may_view_supplier(dwp_commercial(), "GB-COH-01234567", false));
}

BOOST_AUTO_TEST_CASE(minister_and_admin_see_every_supplier) {
    BOOST_TEST(may_view_supplier(minister(), "GB-COH-07654321", false));
    BOOST_TEST(may_view_supplier(admin(), "GB-COH-07654321", false));
}

BOOST_AUTO_TEST_CASE(account_without_its_scope_sees_nothing_scoped) {
    // A commercial account with no authority must not match a contract lacking one.
    Principal unscoped{"new-cm", Role::kCommercial, "", ""};
    BOOST_TEST(!may_view_contract(unscoped, ContractScope{"", ""}));
    BOOST_TEST(!may_manage(unscoped, ""));
    BOOST_TEST(!may_view_supplier(unscoped, "GB-COH-01234567", true));
    Principal unscoped_supplier{"new-am", Role::kSupplier, "", ""};
    BOOST_TEST(!may_report_for(unscoped_supplier, ContractScope{"GB-GOV-DWP", ""}));
}

// narrow_to_scope: the one rule every list applies (SPEC §1 "may see").
BOOST_AUTO_TEST_CASE(lists_are_narrowed_to_what_the_caller_may_see) {
    struct Case {
        const char* what;
        Principal who;
        std::string authority, supplier;  // the filter asked for
        bool visible;                     // anything may be listed
        std::string want_authority, want_supplier;
    };
    const std::vector<Case> cases{
        {"admin keeps the filter", admin(), "GB-GOV-HMRC", "X", true, "GB-GOV-HMRC", "X"},
        {"minister, no filter", minister(), "", "", true, "", ""},
        {"commercial gets its authority", dwp_commercial(), "", "S", true, "GB-GOV-DWP", "S"},
        {"commercial asking for its own", dwp_commercial(), "GB-GOV-DWP", "", true, "GB-GOV-DWP",
         ""},
        {"commercial asking for another", dwp_commercial(), "GB-GOV-HMRC", "", false, "", ""},
        {"supplier gets itself", acme(), "GB-GOV-DWP", "", true, "GB-GOV-DWP", "GB-COH-01234567"},
        {"supplier asking for another", acme(), "", "GB-COH-07654321", false, "", ""},
        {"commercial without authority", {"x", Role::kCommercial, "", ""}, "", "", false, "", ""},
        {"supplier without organisation", {"y", Role::kSupplier, "", ""}, "", "", false, "", ""},
    };
    for (const auto& c : cases) {
        std::string authority = c.authority, supplier = c.supplier;
        const bool visible = narrow_to_scope(c.who, authority, supplier);
        BOOST_TEST(visible == c.visible, c.what);
        if (c.visible) {
            BOOST_TEST(authority == c.want_authority, c.what);
            BOOST_TEST(supplier == c.want_supplier, c.what);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
