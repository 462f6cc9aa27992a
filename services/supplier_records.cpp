#include "services/supplier_records.h"

#include <iostream>

#include "model/supplier_records.h"
#include "services/scoring_run.h"
#include "store/repositories.h"
#include "store/rescore_queue.h"

namespace scorecard::services {
namespace {

// After the change committed, with its contracts queued: rescored now, or by the recovery
// of services/recovery.h if this fails.
void rescore_after(store::Database& db, const std::vector<std::string>& contracts, Timestamp now,
                   const Settings& settings) {
    if (contracts.empty())
        return;
    try {
        rescore_contracts(db, contracts, date_of(now), settings.scoring, now);
    } catch (const std::exception& e) {
        std::cerr << "scorecard: rescoring after a change of supplier failed (its contracts stay "
                     "queued): "
                  << e.what() << "\n";
    }
}

}  // namespace

DiscrepancyList list_discrepancies(store::Database& db, const Principal& who,
                                   const store::DiscrepancyFilter& filter) {
    if (!role_may(who.role, Permission::kManageSupplierRecords))
        throw Error::Forbidden("supplier discrepancies are for administrators");
    auto conn = db.acquire();
    store::DiscrepancyRepository repo(*conn);
    return {repo.list(filter), repo.count(filter)};
}

SupplierDiscrepancy decide_discrepancy(store::Database& db, const Principal& who, std::int64_t id,
                                       DiscrepancyStatus decision, const std::string& reason,
                                       Timestamp now, const Settings& settings) {
    if (reason.empty())
        throw Error::Invalid("a decision needs a reason",
                             {Problem{"reason", "give the reason for the decision", 0, 0, {}}});
    SupplierDiscrepancy decided;
    std::vector<std::string> affected;
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        affected.clear();
        store::DiscrepancyRepository discrepancies(conn);
        auto found = discrepancies.find(id);
        if (!found)
            throw Error::NotFound("no supplier discrepancy " + std::to_string(id));
        if (!may_change_supplier_record(who, found->supplier_id))
            throw Error::Forbidden("you may not change supplier " + found->supplier_id +
                                   "'s record");
        const store::Change change{who.user, now};
        discrepancies.decide(id, decision, reason, change);
        if (decision == DiscrepancyStatus::kAccepted) {
            store::SupplierRepository suppliers(conn);
            auto supplier = suppliers.find(found->supplier_id);
            if (!supplier)
                throw Error::Internal("a discrepancy of an unknown supplier " + found->supplier_id);
            const Supplier updated =
                with_change(*supplier, {found->field, found->stored_value, found->proposed_value});
            if (suppliers.upsert(updated, change) == store::Upsert::kUpdated) {
                // Size class and strategic flag decide flags and reviews.
                affected = store::ContractRepository(conn).ids_for_supplier(updated.id);
                store::RescoreQueue(conn).add(affected, now);
            }
        }
        decided = *discrepancies.find(id);
    });
    rescore_after(db, affected, now, settings);
    return decided;
}

Supplier change_supplier_record(store::Database& db, const Principal& who,
                                const std::string& supplier_id, const SupplierRecordChange& change,
                                Timestamp now, const Settings& settings) {
    if (change.fields.empty())
        throw Error::Invalid("give at least one of name, size and strategic",
                             {Problem{"fields", "nothing to change", 0, 0, {}}});
    Supplier updated;
    std::vector<std::string> affected;
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        affected.clear();
        store::SupplierRepository suppliers(conn);
        auto stored = suppliers.find(supplier_id);
        if (!stored)
            throw Error::NotFound("no supplier " + supplier_id);
        if (!may_change_supplier_record(who, supplier_id))
            throw Error::Forbidden("you may not change supplier " + supplier_id +
                                   "'s record: an admin or the supplier itself may (a "
                                   "department's differing values are kept for an admin)");
        updated = *stored;
        for (const SupplierFieldChange& field : change.fields)
            updated = with_change(updated, field);
        if (suppliers.upsert(updated, {who.user, now}) == store::Upsert::kUpdated &&
            (updated.size != stored->size || updated.strategic != stored->strategic)) {
            // Size class and strategic flag decide flags and reviews.
            affected = store::ContractRepository(conn).ids_for_supplier(updated.id);
            store::RescoreQueue(conn).add(affected, now);
        }
    });
    rescore_after(db, affected, now, settings);
    return updated;
}

std::vector<Novation> novate_contract(store::Database& db, const Principal& who,
                                      const NovationRequest& request, Timestamp now,
                                      const Settings& settings) {
    std::vector<Novation> novations;
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        store::ContractRepository contracts(conn);
        contracts.lock(request.contract_id);
        auto contract = contracts.find(request.contract_id);
        // Another authority's contract is not there for this caller (as GET /contracts/{id}).
        if (!contract || !may_view_contract(who, scope_of(*contract)))
            throw Error::NotFound("no contract " + request.contract_id);
        if (!may_novate(who, scope_of(*contract)))
            throw Error::Forbidden("you may not change the supplier of contract " + contract->id +
                                   ": its authority's commercial team or an admin may");
        std::vector<Problem> problems =
            check_novation(*contract, request.to_supplier, request.effective);
        if (!store::SupplierRepository(conn).find(request.to_supplier))
            problems.push_back({"unknown_supplier",
                                "there is no supplier " + request.to_supplier +
                                    ": a feed or an award notice creates it first",
                                0,
                                0,
                                {}});
        if (request.reason.empty())
            problems.push_back({"reason",
                                "give the reason for the novation (e.g. the deed's reference)",
                                0,
                                0,
                                {}});
        if (!problems.empty())
            throw Error::Invalid("contract " + contract->id + " cannot be novated: " +
                                     std::to_string(problems.size()) + " problem(s)",
                                 problems);
        Novation novation;
        novation.contract_id = contract->id;
        novation.from_supplier = contract->supplier_id;
        novation.to_supplier = request.to_supplier;
        novation.effective = request.effective;
        novation.reason = request.reason;
        contracts.novate(novation, {who.user, now});
        store::RescoreQueue(conn).add({contract->id}, now);
        novations = contracts.novations(contract->id);
    });
    // Its flags move to the supplier of their period; both suppliers' scores change.
    rescore_after(db, {request.contract_id}, now, settings);
    return novations;
}

}  // namespace scorecard::services
