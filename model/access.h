// Who may see and do what (SPEC §1). Every access decision about data is made by these
// functions; route-level role checks live in the router's table, which calls them too.
#pragma once

#include <string>

#include "model/enums.h"

namespace scorecard {

// The authenticated caller. For commercial users authority_id is set; for supplier users
// supplier_id is set.
struct Principal {
    std::string user;
    Role role = Role::kMinister;
    std::string authority_id;
    std::string supplier_id;
};

// What a contract's access depends on.
struct ContractScope {
    std::string authority_id;
    std::string supplier_id;
};

// commercial: own authority; supplier: own organisation; minister and admin: any.
bool may_view_contract(const Principal& who, const ContractScope& contract);
// A supplier may be viewed by admin and ministers; by a supplier user only itself; by a
// commercial user when `has_contract_with_authority` (the supplier holds one of its contracts).
bool may_view_supplier(const Principal& who, const std::string& supplier_id,
                       bool has_contract_with_authority);
// Submitting or correcting a return: the contract's supplier, a commercial user of the
// contract's authority, or admin.
bool may_report_for(const Principal& who, const ContractScope& contract);
// Loading a contract feed: a commercial user for their own authority, or admin.
bool may_load_feed_for(const Principal& who, const std::string& authority_id);
// Dismissing flags, moving reviews, deciding disputes: commercial (own authority) or admin.
bool may_manage(const Principal& who, const std::string& authority_id);
// Anything that changes data: every role but minister.
bool may_change_data(const Principal& who);

// What every listing a caller sees is narrowed to (SPEC §1 "may see"), so that lists and
// their totals show only visible records: a commercial user's authority, a supplier's own
// organisation; nothing for an account set up without either; everything otherwise.
struct ListScope {
    bool nothing = false;
    std::string authority_id;  // when set, only contracts of this authority
    std::string supplier_id;   // when set, only this supplier and its contracts
};
ListScope list_scope(const Principal& who);

// Narrows a list filter's authority and supplier fields to list_scope(who). False when the
// caller sees nothing, or the filter already names another authority or supplier than the
// caller's own: then the list is empty (and its total 0) without asking the database.
bool narrow_to_scope(const Principal& who, std::string& authority_id, std::string& supplier_id);

}  // namespace scorecard
