// SPEC §1: who may see and do what.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <iterator>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "model/access.h"
#include "tests/model/principals.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;
using namespace scorecard::model_test;

namespace {

// DWP's contract with Acme.
const ContractScope kAcmeAtDwp{"GB-GOV-DWP", "GB-COH-01234567", {}};

struct AccessCase {
    const char* who_name;
    Principal who;
    bool view_contract;
    bool report_for;
    bool load_feed_for_dwp;
    bool annual_report_of_dwp;
    bool statement_of_acme;
};

std::ostream& operator<<(std::ostream& os, const AccessCase& c) {
    return os << c.who_name;
}

// clang-format off
const std::vector<AccessCase> kCases{
    // who                                                       view   report feed   annual statement
    {"admin",                                  admin(),          true,  true,  true,  true,  true},
    {"minister",                               minister(),       true,  false, false, true,  true},
    {"commercial of the contract's authority", dwp_commercial(), true,  true,  true,  true,  false},
    {"commercial of another authority",        hmrc_commercial(), false, false, false, false, false},
    {"the contract's supplier",                acme(),           true,  true,  false, false, true},
    {"another supplier",                       rival(),          false, false, false, false, false},
};
// clang-format on

}  // namespace

BOOST_AUTO_TEST_SUITE(access_rules)

BOOST_DATA_TEST_CASE(each_role_sees_and_does_what_spec_section_1_allows, bdata::make(kCases), c) {
    BOOST_TEST(may_view_contract(c.who, kAcmeAtDwp) == c.view_contract);
    BOOST_TEST(may_report_for(c.who, kAcmeAtDwp) == c.report_for);
    BOOST_TEST(may_load_feed_for(c.who, "GB-GOV-DWP") == c.load_feed_for_dwp);
    BOOST_TEST(may_read_annual_report(c.who, "GB-GOV-DWP") == c.annual_report_of_dwp);
    BOOST_TEST(may_read_statement(c.who, "GB-COH-01234567") == c.statement_of_acme);
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
    BOOST_TEST(!may_view_contract(unscoped, ContractScope{"", "", {}}));
    BOOST_TEST(!may_load_feed_for(unscoped, ""));
    BOOST_TEST(!may_read_annual_report(unscoped, ""));
    BOOST_TEST(!may_view_supplier(unscoped, "GB-COH-01234567", true));
    Principal unscoped_supplier{"new-am", Role::kSupplier, "", ""};
    BOOST_TEST(!may_report_for(unscoped_supplier, ContractScope{"GB-GOV-DWP", "", {}}));
    BOOST_TEST(!may_read_statement(unscoped_supplier, ""));
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

// SPEC §1's roles table, written out by hand: which roles may do what each permission
// allows. A permission added without a row here fails every_permission_has_a_row.
struct Grant {
    Permission permission;
    bool commercial, supplier, minister, admin;
};

// clang-format off
const std::vector<Grant> kGrants{
    //                                commercial supplier minister admin
    {Permission::kPublic,             true,  true,  true,  true},   // public: the open data
    {Permission::kUseAccount,         true,  true,  true,  true},
    {Permission::kReadScorecards,     true,  true,  true,  true},   // "may see", narrowed
    {Permission::kReadReports,        true,  false, true,  true},   // export reports; summaries
    {Permission::kReadFeedSources,    true,  false, true,  true},
    {Permission::kReadOwnStatement,   false, true,  false, false},
    {Permission::kLoadFeeds,          true,  false, false, true},   // "load contract feeds"
    {Permission::kSubmitReturns,      true,  true,  false, true},   // "on a supplier's behalf"
    {Permission::kManageFlags,        true,  false, false, true},   // "manage flags"
    {Permission::kManageReviews,      true,  false, false, true},   // "manage ... reviews"
    {Permission::kTakePartInReviews,  true,  true,  false, true},   // "comment on and propose"
    {Permission::kRaiseDisputes,      false, true,  false, false},  // SPEC §2 "Dispute"
    {Permission::kDecideDisputes,     true,  false, false, true},
    {Permission::kManageUsers,        false, false, false, true},   // "manage users, tokens"
    {Permission::kReadAudit,          false, false, false, true},
    {Permission::kNovateContracts,    true,  false, false, true},   // managing its contracts
    {Permission::kManageSupplierRecords, false, false, false, true},  // shared master data
    // SPEC §7.3: notices are the contracting authority's acts (s71): not admin's
    {Permission::kManageNotices,      true,  false, false, false},
    {Permission::kAnswerNotices,      true,  true,  false, false},  // comment; agree
    {Permission::kKeepSupplierContact, false, true, false, true},  // SPEC §7.2
};
// clang-format on

BOOST_AUTO_TEST_CASE(each_role_has_the_permissions_of_spec_section_1) {
    for (const Grant& g : kGrants) {
        const std::string name = to_string(g.permission);
        BOOST_TEST(role_may(Role::kCommercial, g.permission) == g.commercial, name);
        BOOST_TEST(role_may(Role::kSupplier, g.permission) == g.supplier, name);
        BOOST_TEST(role_may(Role::kMinister, g.permission) == g.minister, name);
        BOOST_TEST(role_may(Role::kAdmin, g.permission) == g.admin, name);
    }
}

BOOST_AUTO_TEST_CASE(every_permission_has_a_row_and_a_name_of_its_own) {
    std::set<std::string> names;
    for (Permission p : kPermissions) {
        const std::string name = to_string(p);
        BOOST_TEST(names.insert(name).second, "two permissions are called " << name);
        BOOST_TEST(std::count_if(kGrants.begin(), kGrants.end(),
                                 [&](const Grant& g) { return g.permission == p; }) == 1,
                   name << " has no row in kGrants");
    }
    BOOST_TEST(kGrants.size() == std::size(kPermissions));
}

BOOST_AUTO_TEST_CASE(ministers_change_nothing) {
    // SPEC §1: "nothing that changes data".
    for (Permission p :
         {Permission::kLoadFeeds, Permission::kSubmitReturns, Permission::kManageFlags,
          Permission::kManageReviews, Permission::kTakePartInReviews, Permission::kRaiseDisputes,
          Permission::kDecideDisputes, Permission::kManageUsers, Permission::kNovateContracts,
          Permission::kManageSupplierRecords, Permission::kManageNotices,
          Permission::kAnswerNotices, Permission::kKeepSupplierContact})
        BOOST_TEST(!role_may(Role::kMinister, p), to_string(p));
}

// A document's readers (GET /api/v1/documents/{id}).
struct DocumentCase {
    const char* what;
    Principal reader;
    DocumentScope document;
    bool readable;
};

std::ostream& operator<<(std::ostream& os, const DocumentCase& c) {
    return os << c.what;
}

Principal acme_colleague() {
    return {"acme-2", Role::kSupplier, "", "GB-COH-01234567"};
}
Principal dwp_colleague() {
    return {"dwp-2", Role::kCommercial, "GB-GOV-DWP", ""};
}

const std::string kRivalId = "GB-COH-07654321";
const ContractScope kRivalAtDwp{"GB-GOV-DWP", kRivalId, {}};

Period month(int year, int m) {
    return Period(Frequency::kMonthly, year, m);
}

// Acme's return for its DWP contract, sent by acme-am; a DWP feed defining only Acme's
// contract and record; a mixed DWP feed that also defines the rival's contract, or only the
// rival's record; a batch of returns for Acme's and the rival's contracts sent by DWP; a
// return whose sender's account is gone.
DocumentScope acme_return() {
    return {"acme-am", acme(), {{kAcmeAtDwp, false, {month(2026, 9)}}}, {}};
}
DocumentScope dwp_feed() {
    return {"dwp-cm", dwp_commercial(), {{kAcmeAtDwp, true, {}}}, {{"GB-COH-01234567", true}}};
}
DocumentScope mixed_feed() {
    return {"dwp-cm",
            dwp_commercial(),
            {{kAcmeAtDwp, true, {}}, {kRivalAtDwp, true, {}}},
            {{"GB-COH-01234567", true}, {kRivalId, true}}};
}
DocumentScope feed_renaming_the_rival() {
    return {"dwp-cm", dwp_commercial(), {{kAcmeAtDwp, true, {}}}, {{kRivalId, true}}};
}
DocumentScope dwp_batch() {
    return {"dwp-cm",
            dwp_commercial(),
            {{kAcmeAtDwp, false, {month(2026, 9)}}, {kRivalAtDwp, false, {month(2026, 9)}}},
            {}};
}
DocumentScope orphan_return() {
    return {"gone", std::nullopt, {{kAcmeAtDwp, false, {month(2026, 9)}}}, {}};
}
DocumentScope rejected_by_dwp() {
    return {"dwp-cm", dwp_commercial(), {}, {}};
}
// Acme's contract was novated to the rival from 2026-11: a DWP batch of returns for
// October (Acme's) and for November (the rival's).
const ContractScope kNovated{
    "GB-GOV-DWP", kRivalId, {{"GB-COH-01234567", *parse_date("2026-11-01")}}};
DocumentScope october_return() {
    return {"dwp-cm", dwp_commercial(), {{kNovated, false, {month(2026, 10)}}}, {}};
}
DocumentScope october_and_november() {
    return {
        "dwp-cm", dwp_commercial(), {{kNovated, false, {month(2026, 10), month(2026, 11)}}}, {}};
}

const std::vector<DocumentCase> kDocumentCases{
    {"the sender", acme(), acme_return(), true},
    {"a colleague of the sending supplier", acme_colleague(), acme_return(), true},
    {"the contract's commercial team", dwp_commercial(), acme_return(), true},
    {"another authority's team", hmrc_commercial(), acme_return(), false},
    {"another supplier", rival(), acme_return(), false},
    {"a minister", minister(), acme_return(), true},
    {"admin", admin(), acme_return(), true},
    {"a colleague of the sending authority, a feed", dwp_colleague(), dwp_feed(), true},
    {"a supplier, a feed of its own contract and record", acme(), dwp_feed(), true},
    {"another supplier, a feed of Acme's contract", rival(), dwp_feed(), false},
    {"another authority's team, a feed", hmrc_commercial(), dwp_feed(), false},
    {"a supplier, a mixed feed with another supplier's contract", acme(), mixed_feed(), false},
    {"the other supplier, the same mixed feed", rival(), mixed_feed(), false},
    {"a supplier, a feed that also changes another supplier's record", acme(),
     feed_renaming_the_rival(), false},
    {"a supplier, a batch with another supplier's figures", acme(), dwp_batch(), false},
    {"the authority's team, its own batch", dwp_colleague(), dwp_batch(), true},
    {"a supplier, its own return whose sender is gone", acme(), orphan_return(), true},
    {"another supplier, a return whose sender is gone", rival(), orphan_return(), false},
    {"an account of the sender's name only", Principal{"gone", Role::kSupplier, "", ""},
     orphan_return(), true},
    {"a supplier, a rejected document that recorded nothing", acme(), rejected_by_dwp(), false},
    {"the former supplier, a return for its own period", acme(), october_return(), true},
    {"the new supplier, a return for the former's period", rival(), october_return(), false},
    {"the former supplier, returns for its period and the new one's", acme(),
     october_and_november(), false},
};

BOOST_DATA_TEST_CASE(a_document_is_read_by_its_organisation_and_whoever_sees_its_contracts,
                     bdata::make(kDocumentCases), c) {
    BOOST_TEST(may_read_document(c.reader, c.document) == c.readable);
}

BOOST_AUTO_TEST_CASE(organisations_are_the_authority_the_supplier_or_the_operators) {
    struct Case {
        const char* what;
        Principal a, b;
        bool same;
    };
    const std::vector<Case> cases{
        {"one account", minister(), minister(), true},
        {"two ministers' offices", minister(), Principal{"minister-2", Role::kMinister, "", ""},
         false},
        {"two admins", admin(), Principal{"ops-2", Role::kAdmin, "", ""}, true},
        {"one authority", dwp_commercial(), dwp_colleague(), true},
        {"two authorities", dwp_commercial(), hmrc_commercial(), false},
        {"one supplier", acme(), acme_colleague(), true},
        {"two suppliers", acme(), rival(), false},
        {"a supplier and a commercial team", acme(), dwp_commercial(), false},
        {"two accounts without an authority", Principal{"x", Role::kCommercial, "", ""},
         Principal{"y", Role::kCommercial, "", ""}, false},
    };
    for (const auto& c : cases) {
        BOOST_TEST(same_organisation(c.a, c.b) == c.same, c.what);
        BOOST_TEST(same_organisation(c.b, c.a) == c.same, c.what << " (the other way)");
    }
}

BOOST_AUTO_TEST_CASE(tokens_are_ones_own_but_an_admin_manages_everyones) {
    BOOST_TEST(may_manage_tokens_of(acme(), "acme-am"));
    BOOST_TEST(!may_manage_tokens_of(acme(), "acme-2"));
    BOOST_TEST(!may_manage_tokens_of(minister(), "ops"));
    BOOST_TEST(may_manage_tokens_of(admin(), "acme-am"));
}

BOOST_AUTO_TEST_CASE(only_ministers_and_admin_see_every_authoritys_lists) {
    BOOST_TEST(list_scope(admin()).everything());
    BOOST_TEST(list_scope(minister()).everything());
    BOOST_TEST(!list_scope(dwp_commercial()).everything());
    BOOST_TEST(!list_scope(acme()).everything());
    BOOST_TEST(!list_scope(Principal{"x", Role::kCommercial, "", ""}).everything());
}

// Prepared scorecards (reports/prepared_scorecards.h) are the whole view: served to those
// who see every period, flag and dispute of a contract, or every contract of a supplier.
BOOST_AUTO_TEST_CASE(the_whole_scorecard_is_seen_by_ministers_admin_and_the_authoritys_team) {
    BOOST_TEST(sees_whole_contract(admin(), "GB-GOV-DWP"));
    BOOST_TEST(sees_whole_contract(minister(), "GB-GOV-DWP"));
    BOOST_TEST(sees_whole_contract(dwp_commercial(), "GB-GOV-DWP"));
    BOOST_TEST(!sees_whole_contract(dwp_commercial(), "GB-GOV-HMRC"));
    BOOST_TEST(!sees_whole_contract(acme(), "GB-GOV-DWP"));
    BOOST_TEST(!sees_whole_contract(Principal{"x", Role::kCommercial, "", ""}, "GB-GOV-DWP"));
    BOOST_TEST(sees_whole_supplier(admin()));
    BOOST_TEST(sees_whole_supplier(minister()));
    BOOST_TEST(!sees_whole_supplier(dwp_commercial()));
    BOOST_TEST(!sees_whole_supplier(acme()));
}

// docs/formats.md "Novation": the contract was Acme's, the rival's from 2026-11-01, and
// then a third supplier's from 2027-01-01.
BOOST_AUTO_TEST_CASE(each_period_of_a_novated_contract_is_the_suppliers_that_held_it) {
    const ContractScope novated{
        "GB-GOV-DWP",
        "GB-COH-09999999",
        {{"GB-COH-01234567", *parse_date("2026-11-01")}, {kRivalId, *parse_date("2027-01-01")}}};
    struct Case {
        Period period;
        std::string holder;
    };
    const std::vector<Case> cases{
        {month(2026, 9), "GB-COH-01234567"},
        {month(2026, 10), "GB-COH-01234567"},
        {month(2026, 11), kRivalId},
        {month(2026, 12), kRivalId},
        {month(2027, 1), "GB-COH-09999999"},
        {Period(Frequency::kQuarterly, 2026, 4), "GB-COH-01234567"},
    };
    for (const auto& c : cases) {
        const std::string what = c.period.to_string();
        BOOST_TEST(novated.supplier_of_period(c.period.first_day()) == c.holder, what);
        BOOST_TEST(may_view_period(acme(), novated, c.period) == (c.holder == "GB-COH-01234567"),
                   what);
        BOOST_TEST(may_view_period(rival(), novated, c.period) == (c.holder == kRivalId), what);
        BOOST_TEST(
            may_report_for_period(acme(), novated, c.period) == (c.holder == "GB-COH-01234567"),
            what);
        // The authority's team and the operators see every period; ministers read them.
        BOOST_TEST(may_view_period(dwp_commercial(), novated, c.period), what);
        BOOST_TEST(may_report_for_period(dwp_commercial(), novated, c.period), what);
        BOOST_TEST(may_view_period(minister(), novated, c.period), what);
        BOOST_TEST(!may_report_for_period(minister(), novated, c.period), what);
        BOOST_TEST(!may_view_period(hmrc_commercial(), novated, c.period), what);
    }
    // Each former supplier still reaches the contract (its own periods); a stranger does not.
    BOOST_TEST(may_view_contract(acme(), novated));
    BOOST_TEST(may_view_contract(rival(), novated));
    BOOST_TEST(!may_view_contract(Principal{"x", Role::kSupplier, "", "GB-COH-05555555"}, novated));
}

BOOST_AUTO_TEST_CASE(a_contract_is_novated_by_its_authority_or_an_admin) {
    BOOST_TEST(may_novate(admin(), kAcmeAtDwp));
    BOOST_TEST(may_novate(dwp_commercial(), kAcmeAtDwp));
    BOOST_TEST(!may_novate(hmrc_commercial(), kAcmeAtDwp));
    BOOST_TEST(!may_novate(acme(), kAcmeAtDwp));
    BOOST_TEST(!may_novate(minister(), kAcmeAtDwp));
}

BOOST_AUTO_TEST_CASE(a_suppliers_record_is_changed_by_an_admin_or_the_supplier_itself) {
    BOOST_TEST(may_change_supplier_record(admin(), "GB-COH-01234567"));
    BOOST_TEST(may_change_supplier_record(acme(), "GB-COH-01234567"));
    BOOST_TEST(!may_change_supplier_record(rival(), "GB-COH-01234567"));
    // A department's feed may create a supplier, never rewrite one (docs/formats.md).
    BOOST_TEST(!may_change_supplier_record(dwp_commercial(), "GB-COH-01234567"));
    BOOST_TEST(!may_change_supplier_record(minister(), "GB-COH-01234567"));
    BOOST_TEST(!may_change_supplier_record(Principal{"y", Role::kSupplier, "", ""}, ""));
}

BOOST_AUTO_TEST_SUITE_END()
