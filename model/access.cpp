#include "model/access.h"

namespace scorecard {
namespace {

// An empty id on either side never matches: an account set up without its authority or
// organisation sees nothing rather than everything that also lacks one.
bool same(const std::string& mine, const std::string& theirs) {
    return !mine.empty() && mine == theirs;
}

bool sees_everything(const Principal& who) {
    return who.role == Role::kAdmin || who.role == Role::kMinister;
}

}  // namespace

// SPEC §1 "may see".
bool may_view_contract(const Principal& who, const ContractScope& contract) {
    switch (who.role) {
        case Role::kAdmin:
        case Role::kMinister:
            return true;
        case Role::kCommercial:
            return same(who.authority_id, contract.authority_id);
        case Role::kSupplier:
            return same(who.supplier_id, contract.supplier_id);
    }
    return false;
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
    switch (who.role) {
        case Role::kAdmin:
            return true;
        case Role::kCommercial:
            return same(who.authority_id, contract.authority_id);
        case Role::kSupplier:
            return same(who.supplier_id, contract.supplier_id);
        case Role::kMinister:
            return false;
    }
    return false;
}

// SPEC §1: commercial users load contract feeds for their own authority.
bool may_load_feed_for(const Principal& who, const std::string& authority_id) {
    return may_manage(who, authority_id);
}

// SPEC §1: flags, reviews and disputes are managed by the authority's commercial team.
bool may_manage(const Principal& who, const std::string& authority_id) {
    if (who.role == Role::kAdmin)
        return true;
    return who.role == Role::kCommercial && same(who.authority_id, authority_id);
}

// SPEC §1: ministers read only.
bool may_change_data(const Principal& who) {
    return who.role != Role::kMinister;
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
