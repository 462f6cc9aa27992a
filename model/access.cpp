#include "model/access.h"

#include <algorithm>
#include <iterator>

namespace scorecard {
namespace {

// SPEC §1's roles table, one row per permission. "may do": commercial loads feeds for its
// authority, submits or corrects returns on a supplier's behalf, manages flags and
// partnership reviews and exports reports; a supplier submits returns, comments on and
// proposes action plans in its reviews (and, SPEC §2 "Dispute", disputes its ratings); a
// minister reads government-wide summaries and any scorecard and changes nothing; admin
// manages users, tokens and authorities and sees everything; the public reads the
// published dataset only.
struct Grant {
    Permission permission;
    const char* name;
    bool commercial, supplier, minister, admin;
};

constexpr Grant kGrants[] = {
    // permission                    name                   commercial supplier minister admin
    {Permission::kPublic, "public", true, true, true, true},
    {Permission::kUseAccount, "use_account", true, true, true, true},
    {Permission::kReadScorecards, "read_scorecards", true, true, true, true},
    {Permission::kReadReports, "read_reports", true, false, true, true},
    {Permission::kReadFeedSources, "read_feed_sources", true, false, true, true},
    {Permission::kReadOwnStatement, "read_own_statement", false, true, false, false},
    {Permission::kLoadFeeds, "load_feeds", true, false, false, true},
    {Permission::kSubmitReturns, "submit_returns", true, true, false, true},
    {Permission::kManageFlags, "manage_flags", true, false, false, true},
    {Permission::kManageReviews, "manage_reviews", true, false, false, true},
    {Permission::kTakePartInReviews, "take_part_in_reviews", true, true, false, true},
    {Permission::kRaiseDisputes, "raise_disputes", false, true, false, false},
    {Permission::kDecideDisputes, "decide_disputes", true, false, false, true},
    {Permission::kManageUsers, "manage_users", false, false, false, true},
    {Permission::kReadAudit, "read_audit", false, false, false, true},
    // Changing who holds a contract is managing it: its authority's team, or admin.
    {Permission::kNovateContracts, "novate_contracts", true, false, false, true},
    // SPEC §1: admin manages what every department shares, as it manages authorities.
    {Permission::kManageSupplierRecords, "manage_supplier_records", false, false, false, true},
    {Permission::kManageNotices, "manage_notices", true, false, false, false},
    {Permission::kAnswerNotices, "answer_notices", true, true, false, false},
    {Permission::kKeepSupplierContact, "keep_supplier_contact", false, true, false, true},
};
static_assert(std::size(kGrants) == std::size(kPermissions), "a permission without a row");

const Grant& grant_of(Permission permission) {
    auto it = std::find_if(std::begin(kGrants), std::end(kGrants),
                           [&](const Grant& g) { return g.permission == permission; });
    return *it;  // every permission has a row (static_assert above, access_test)
}

// An empty id on either side never matches: an account set up without its authority or
// organisation sees nothing rather than everything that also lacks one.
bool same(const std::string& mine, const std::string& theirs) {
    return !mine.empty() && mine == theirs;
}

bool sees_everything(const Principal& who) {
    return who.role == Role::kAdmin || who.role == Role::kMinister;
}

}  // namespace

const char* to_string(Permission permission) {
    return grant_of(permission).name;
}

bool role_may(Role role, Permission permission) {
    const Grant& g = grant_of(permission);
    switch (role) {
        case Role::kCommercial:
            return g.commercial;
        case Role::kSupplier:
            return g.supplier;
        case Role::kMinister:
            return g.minister;
        case Role::kAdmin:
            return g.admin;
    }
    return false;
}

const std::string& ContractScope::supplier_of_period(Date first_day) const {
    // Oldest first: the first change taking effect after the day names who held it then.
    for (const SupplierChange& change : former_suppliers) {
        if (first_day < change.effective)
            return change.from_supplier;
    }
    return supplier_id;
}

ContractScope scope_of(const Contract& contract) {
    return {contract.authority_id, contract.supplier_id, contract.former_suppliers};
}

// SPEC §1 "may see".
bool may_view_contract_now(const Principal& who, const ContractScope& contract) {
    return may_view_contract(who, contract) &&
           (who.role != Role::kSupplier || same(who.supplier_id, contract.supplier_id));
}

bool may_view_contract(const Principal& who, const ContractScope& contract) {
    switch (who.role) {
        case Role::kAdmin:
        case Role::kMinister:
            return true;
        case Role::kCommercial:
            return same(who.authority_id, contract.authority_id);
        case Role::kSupplier:
            return same(who.supplier_id, contract.supplier_id) ||
                   std::any_of(contract.former_suppliers.begin(), contract.former_suppliers.end(),
                               [&](const SupplierChange& c) {
                                   return same(who.supplier_id, c.from_supplier);
                               });
    }
    return false;
}

// SPEC §1: a supplier sees "only their own organisation's" scores: after a novation, the
// periods each supplier held.
bool may_view_period(const Principal& who, const ContractScope& contract, const Period& period) {
    if (who.role == Role::kSupplier)
        return same(who.supplier_id, contract.supplier_of_period(period.first_day()));
    return may_view_contract(who, contract);
}

// SPEC §1: a commercial team sees the suppliers of its authority's contracts.
bool may_view_supplier(const Principal& who, const std::string& supplier_id,
                       bool has_contract_with_authority) {
    if (sees_everything(who))
        return true;
    if (who.role == Role::kSupplier)
        return same(who.supplier_id, supplier_id);
    return who.role == Role::kCommercial && !who.authority_id.empty() &&
           has_contract_with_authority;
}

// SPEC §1: suppliers submit their own returns; commercial users may on their behalf.
bool may_report_for(const Principal& who, const ContractScope& contract) {
    return role_may(who.role, Permission::kSubmitReturns) && may_view_contract(who, contract);
}

bool may_report_for_period(const Principal& who, const ContractScope& contract,
                           const Period& period) {
    return role_may(who.role, Permission::kSubmitReturns) && may_view_period(who, contract, period);
}

bool may_novate(const Principal& who, const ContractScope& contract) {
    return role_may(who.role, Permission::kNovateContracts) &&
           (who.role == Role::kAdmin || same(who.authority_id, contract.authority_id));
}

// SPEC §2: "one record per real organisation", kept once: by the operators, or by the
// organisation itself.
bool may_change_supplier_record(const Principal& who, const std::string& supplier_id) {
    return who.role == Role::kAdmin ||
           (who.role == Role::kSupplier && same(who.supplier_id, supplier_id));
}

// SPEC §1: commercial users load contract feeds for their own authority.
bool may_load_feed_for(const Principal& who, const std::string& authority_id) {
    return role_may(who.role, Permission::kLoadFeeds) &&
           (who.role == Role::kAdmin || same(who.authority_id, authority_id));
}

// SPEC §1: commercial teams export their authority's reports; ministers read
// government-wide summaries.
bool may_read_annual_report(const Principal& who, const std::string& authority_id) {
    return role_may(who.role, Permission::kReadReports) &&
           (who.role != Role::kCommercial || same(who.authority_id, authority_id));
}

// SPEC §1: a supplier sees only its own organisation; ministers and admin any.
bool may_read_statement(const Principal& who, const std::string& supplier_id) {
    return sees_everything(who) ||
           (who.role == Role::kSupplier && same(who.supplier_id, supplier_id));
}

// SPEC §1: admin manages users and tokens.
bool may_manage_tokens_of(const Principal& who, const std::string& owner) {
    return owner == who.user || role_may(who.role, Permission::kManageUsers);
}

// SPEC §7.3: the supplier sees a notice from the moment it is sent to it.
bool may_see_notice(const Principal& who, const ContractScope& contract, NoticeState state) {
    if (who.role == Role::kSupplier && state == NoticeState::kDraft)
        return false;
    return may_view_contract(who, contract);
}

bool may_manage_notices_of(const Principal& who, const std::string& authority_id) {
    return role_may(who.role, Permission::kManageNotices) && who.role == Role::kCommercial &&
           same(who.authority_id, authority_id);
}

bool may_answer_notice(const Principal& who, const ContractScope& contract) {
    return role_may(who.role, Permission::kAnswerNotices) &&
           (who.role == Role::kCommercial || who.role == Role::kSupplier) &&
           may_view_contract(who, contract);
}

bool may_agree_notice(const Principal& who, const ContractScope& contract) {
    return who.role == Role::kSupplier && may_answer_notice(who, contract);
}

bool may_keep_supplier_contact(const Principal& who, const std::string& supplier_id) {
    return role_may(who.role, Permission::kKeepSupplierContact) &&
           (who.role == Role::kAdmin || same(who.supplier_id, supplier_id));
}

bool may_read_notices_owed(const Principal& who) {
    return role_may(who.role, Permission::kReadReports) &&
           (who.role != Role::kCommercial || !who.authority_id.empty());
}

bool same_organisation(const Principal& a, const Principal& b) {
    if (same(a.user, b.user))
        return true;
    if (a.role != b.role)
        return false;
    switch (a.role) {
        case Role::kCommercial:
            return same(a.authority_id, b.authority_id);
        case Role::kSupplier:
            return same(a.supplier_id, b.supplier_id);
        case Role::kAdmin:
            return true;
        case Role::kMinister:
            return false;
    }
    return false;
}

bool may_read_document(const Principal& who, const DocumentScope& document) {
    if (sees_everything(who) || same(who.user, document.sender) ||
        (document.sender_account && same_organisation(who, *document.sender_account)))
        return true;
    // Nothing recorded (a rejected document): only its sender's organisation.
    if (document.contracts.empty() && document.suppliers.empty())
        return false;
    const bool contracts_visible = std::all_of(
        document.contracts.begin(), document.contracts.end(), [&](const DocumentContract& c) {
            return (!c.defined || may_view_contract(who, c.contract)) &&
                   std::all_of(c.returns.begin(), c.returns.end(), [&](const Period& p) {
                       return may_view_period(who, c.contract, p);
                   });
        });
    return contracts_visible &&
           std::all_of(document.suppliers.begin(), document.suppliers.end(),
                       [&](const DocumentSupplier& s) {
                           return may_view_supplier(who, s.supplier_id, s.holds_contract_of_reader);
                       });
}

bool sees_whole_contract(const Principal& who, const std::string& contract_authority_id) {
    const ListScope scope = list_scope(who);
    if (scope.nothing || !scope.supplier_id.empty())
        return false;
    return scope.authority_id.empty() || scope.authority_id == contract_authority_id;
}

bool sees_whole_supplier(const Principal& who) {
    return list_scope(who).everything();
}

// SPEC §1 "may see", for lists: the same rule as may_view_contract, as a filter.
ListScope list_scope(const Principal& who) {
    ListScope scope;
    if (who.role == Role::kCommercial) {
        scope.authority_id = who.authority_id;
        scope.nothing = who.authority_id.empty();
    } else if (who.role == Role::kSupplier) {
        scope.supplier_id = who.supplier_id;
        scope.nothing = who.supplier_id.empty();
    }
    return scope;
}

namespace {

bool narrow(std::string& value, const std::string& scope) {
    if (scope.empty())
        return true;
    if (!value.empty() && value != scope)
        return false;
    value = scope;
    return true;
}

}  // namespace

bool narrow_to_scope(const Principal& who, std::string& authority_id, std::string& supplier_id) {
    const ListScope scope = list_scope(who);
    return !scope.nothing && narrow(authority_id, scope.authority_id) &&
           narrow(supplier_id, scope.supplier_id);
}

}  // namespace scorecard
