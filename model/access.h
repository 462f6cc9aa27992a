// Who may see and do what (SPEC §1). Two questions, each answered here and nowhere else:
//
//   - route level: may this role do this kind of thing at all? role_may(Role, Permission),
//     asked by the HTTP dispatcher for the permission each route names
//     (services/http/routes.cpp) and by the pages that show or hide a button;
//   - data level: may this caller touch this record? may_view_contract, may_report_for,
//     may_read_document, …, asked by the application services and the reports after they
//     have fetched the record, never by a handler comparing roles.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/domain.h"
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

// What a route lets its caller do, named for what it allows. Each maps to the roles of
// SPEC §1's table in role_may(); a route names exactly one.
enum class Permission {
    kPublic,      // anyone, without signing in: open data, health, signing in (SPEC §1 "public")
    kUseAccount,  // any signed-in account: its start page, signing out, its own API tokens
    kReadScorecards,     // contracts, suppliers, scorecards, flags, reviews, disputes, documents
                         // and the summary, each narrowed to what the caller may see
    kReadReports,        // the dashboard and the annual performance reports
    kReadFeedSources,    // how the polled contract feeds fared
    kReadOwnStatement,   // a supplier's performance statement of its own organisation
    kLoadFeeds,          // load contract feeds (and award notices) for an authority
    kSubmitReturns,      // submit or correct KPI returns
    kManageFlags,        // dismiss flags
    kManageReviews,      // move partnership reviews along, agree action plans
    kTakePartInReviews,  // comment on reviews and propose actions
    kRaiseDisputes,      // dispute a rating or a flag
    kDecideDisputes,     // uphold or reject disputes
    kManageUsers,        // accounts, and every account's tokens
    kReadAudit,          // the audit log
    kNovateContracts,    // move a contract to another supplier (novation)
    kManageSupplierRecords,  // suppliers' master data: accept or dismiss feeds' discrepancies
    kManageNotices,          // draft, rate, send, approve and publish contract performance
                             // notices, and issue improvement notices (the authority's acts)
    kAnswerNotices,          // comment on a notice; the supplier agrees with one sent to it
    kKeepSupplierContact,    // a supplier's postal address and email (reg 39(4)(f))
};

// Every permission, for tables that go through them all.
inline constexpr Permission kPermissions[] = {
    Permission::kPublic,
    Permission::kUseAccount,
    Permission::kReadScorecards,
    Permission::kReadReports,
    Permission::kReadFeedSources,
    Permission::kReadOwnStatement,
    Permission::kLoadFeeds,
    Permission::kSubmitReturns,
    Permission::kManageFlags,
    Permission::kManageReviews,
    Permission::kTakePartInReviews,
    Permission::kRaiseDisputes,
    Permission::kDecideDisputes,
    Permission::kManageUsers,
    Permission::kReadAudit,
    Permission::kNovateContracts,
    Permission::kManageSupplierRecords,
    Permission::kManageNotices,
    Permission::kAnswerNotices,
    Permission::kKeepSupplierContact,
};

// "read_scorecards", for messages and tests.
const char* to_string(Permission permission);

// SPEC §1's roles table: whether a signed-in caller of `role` may do what `permission`
// allows, before any question of whose data it is. The one mapping of roles to rights.
bool role_may(Role role, Permission permission);

// What a contract's access depends on.
struct ContractScope {
    std::string authority_id;
    std::string supplier_id;  // the supplier now
    // The suppliers before it, oldest first (Contract::former_suppliers): each keeps its own
    // periods, those before the next one's `effective`.
    std::vector<SupplierChange> former_suppliers;

    // The supplier whose period starting on `first_day` is: the one that held the contract
    // on that day.
    const std::string& supplier_of_period(Date first_day) const;
};

// The scope of a stored contract (its authority, supplier and former suppliers).
ContractScope scope_of(const Contract& contract);

// commercial: own authority; supplier: own organisation, now or before a novation (then
// only its own periods: may_view_period); minister and admin: any.
bool may_view_contract(const Principal& who, const ContractScope& contract);
// The contract as it is now (its current score, open flags and disputes: GET
// /api/v1/contracts/{id}): whoever may view the contract, except a former supplier, which
// keeps only its periods (docs/formats.md "Novation").
bool may_view_contract_now(const Principal& who, const ContractScope& contract);
// One period of a contract (its figures, score, flags): whoever may view the contract,
// except that a supplier sees only the periods it held (docs/formats.md "Novation": the
// former supplier keeps its periods, the new one starts from the novation's date).
bool may_view_period(const Principal& who, const ContractScope& contract, const Period& period);
// Whether the caller sees a contract's scorecard whole — every period, flag and dispute —
// as ministers and admin do, so that it may be answered with the prepared scorecard
// (reports/prepared_scorecards.h): also the commercial team of the contract's authority
// (its flags are all that authority's). Never a supplier, which sees only its own periods
// and disputes.
bool sees_whole_contract(const Principal& who, const std::string& contract_authority_id);
// The same for a supplier's scorecard: ministers and admin only (a commercial team sees the
// supplier's contracts with its own authority only).
bool sees_whole_supplier(const Principal& who);
// A supplier may be viewed by admin and ministers; by a supplier user only itself; by a
// commercial user when `has_contract_with_authority` (the supplier holds one of its contracts).
bool may_view_supplier(const Principal& who, const std::string& supplier_id,
                       bool has_contract_with_authority);
// Submitting or correcting a return: the contract's supplier (now or before a novation), a
// commercial user of the contract's authority, or admin.
bool may_report_for(const Principal& who, const ContractScope& contract);
// The same for one period: a supplier only for the periods it held.
bool may_report_for_period(const Principal& who, const ContractScope& contract,
                           const Period& period);
// Moving a contract to another supplier (a novation): a commercial user of its authority,
// or admin.
bool may_novate(const Principal& who, const ContractScope& contract);
// Changing a supplier's master data (name, size class, strategic flag): an admin, or the
// supplier itself. Anyone else's differing value (a department's feed, an award notice) is
// kept as a discrepancy for an admin, never applied (docs/formats.md "Suppliers").
bool may_change_supplier_record(const Principal& who, const std::string& supplier_id);
// Loading a contract feed: a commercial user for their own authority, or admin.
bool may_load_feed_for(const Principal& who, const std::string& authority_id);
// The annual performance report of an authority: its commercial team, ministers, admin.
bool may_read_annual_report(const Principal& who, const std::string& authority_id);
// A supplier's performance statement: the supplier itself, ministers, admin.
bool may_read_statement(const Principal& who, const std::string& supplier_id);
// Another account's API tokens: only an admin; one's own: anyone signed in.
bool may_manage_tokens_of(const Principal& who, const std::string& owner);

// SPEC §7: a contract performance notice is seen by ministers and admin, by the commercial
// team of the contract's authority, and by the contract's supplier once it has been sent to
// it (not while it is a draft).
bool may_see_notice(const Principal& who, const ContractScope& contract, NoticeState state);
// SPEC §7.3: notices (and improvement notices) are the authority's: drafted, rated, sent,
// approved and published by commercial users of the contract's authority only — not admin,
// since the Act makes them the contracting authority's acts.
bool may_manage_notices_of(const Principal& who, const std::string& authority_id);
// Comments on a notice: the contract's authority's commercial team and its supplier; the
// supplier alone agrees (may_agree_notice).
bool may_answer_notice(const Principal& who, const ContractScope& contract);
bool may_agree_notice(const Principal& who, const ContractScope& contract);
// SPEC §7.2: a supplier's contact details are kept by the supplier itself and by admins.
// A contract feed never writes them (the importers have no field for them).
bool may_keep_supplier_contact(const Principal& who, const std::string& supplier_id);
// The due list (SPEC §7.5): commercial users (narrowed to their own authority by
// list_scope), ministers and admin; not suppliers.
bool may_read_notices_owed(const Principal& who);

// Whether two accounts belong to one organisation: the same account; or the same role and
// the same authority (commercial) or supplier (supplier); every admin is of the one
// operating organisation; ministers are each their own office.
bool same_organisation(const Principal& a, const Principal& b);

// One contract an archived document defines (a feed's or a notice's contract) or brings
// returns for.
struct DocumentContract {
    ContractScope contract;
    bool defined = false;         // the document defines the contract itself
    std::vector<Period> returns;  // the periods it brings returns for
};

// One supplier record an archived document defines.
struct DocumentSupplier {
    std::string supplier_id;
    // For a commercial reader: whether the supplier holds a contract of its authority
    // (may_view_supplier).
    bool holds_contract_of_reader = false;
};

// What reading an archived document depends on.
struct DocumentScope {
    std::string sender;                       // the name of the account that sent it
    std::optional<Principal> sender_account;  // that account as it is now, if it still exists
    // Everything the document defines or changes, recorded when it was applied (empty for
    // a rejected document): contracts with their returns, and supplier records. Authorities
    // are left out: every signed-in account sees every authority.
    std::vector<DocumentContract> contracts;
    std::vector<DocumentSupplier> suppliers;
};

// A document may be read by its sender's organisation, by ministers and admin, and by
// whoever may view everything it defines or changes: every contract it defines, every
// period it brings a return for and every supplier record it defines (so a commercial team
// reads its suppliers' returns, and a supplier a correction made on its behalf, but not a
// batch or a feed that also carries another supplier's contract, figures or record).
bool may_read_document(const Principal& who, const DocumentScope& document);

// What every listing a caller sees is narrowed to (SPEC §1 "may see"), so that lists and
// their totals show only visible records: a commercial user's authority, a supplier's own
// organisation; nothing for an account set up without either; everything otherwise.
struct ListScope {
    bool nothing = false;
    std::string authority_id;  // when set, only contracts of this authority
    std::string supplier_id;   // when set, only this supplier and its contracts

    // Every authority's and supplier's records (ministers and admin).
    bool everything() const { return !nothing && authority_id.empty() && supplier_id.empty(); }
};
ListScope list_scope(const Principal& who);

// Narrows a list filter's authority and supplier fields to list_scope(who). False when the
// caller sees nothing, or the filter already names another authority or supplier than the
// caller's own: then the list is empty (and its total 0) without asking the database.
bool narrow_to_scope(const Principal& who, std::string& authority_id, std::string& supplier_id);

}  // namespace scorecard
