#include "services/documents.h"

#include <map>

#include "store/repositories.h"
#include "store/user_repository.h"

namespace scorecard::services {
namespace {

// What the document defined or changed, as recorded when it was applied, in the terms of
// model/access.h: its contracts (with their former suppliers) and periods, and its
// suppliers as `who` would see them.
void add_recorded(store::Connection& conn, std::int64_t id, const Principal& who,
                  DocumentScope& scope) {
    std::map<std::string, DocumentContract> contracts;
    store::SupplierRepository suppliers(conn);
    for (const store::DocumentEntity& e : store::DocumentRepository(conn).entities(id)) {
        if (e.entity == "supplier") {
            const bool holds = who.role == Role::kCommercial && !who.authority_id.empty() &&
                               suppliers.has_contract_with(e.entity_id, who.authority_id);
            scope.suppliers.push_back({e.entity_id, holds});
        } else if (e.entity == "contract") {
            contracts[e.entity_id].defined = true;
        } else if (e.entity == "return") {
            if (auto period = Period::parse(e.period))
                contracts[e.entity_id].returns.push_back(*period);
        }
    }
    store::ContractRepository repo(conn);
    for (auto& [contract_id, concerned] : contracts) {
        auto contract = repo.find(contract_id);
        if (!contract)
            throw Error::Internal("document " + std::to_string(id) + " names contract " +
                                  contract_id + ", which does not exist");
        concerned.contract = scope_of(*contract);
        scope.contracts.push_back(std::move(concerned));
    }
}

}  // namespace

DocumentRecord read_document(store::Database& db, const Principal& who, std::int64_t id) {
    auto conn = db.acquire();
    store::DocumentRepository documents(*conn);
    auto document = documents.find(id);
    if (!document)
        throw Error::NotFound("no document " + std::to_string(id));
    DocumentScope scope;
    scope.sender = document->sender;
    if (auto sender = store::UserRepository(*conn).find(document->sender))
        scope.sender_account =
            Principal{sender->name, sender->role, sender->authority_id, sender->supplier_id};
    // Only asked when the sender's organisation does not settle it.
    if (!may_read_document(who, scope)) {
        add_recorded(*conn, id, who, scope);
        if (!may_read_document(who, scope))
            throw Error::Forbidden(
                "this document was sent by another organisation and concerns records you may "
                "not see");
    }
    return *document;
}

Contract reportable_contract(store::Connection& conn, const Principal& who, const std::string& id) {
    auto contract = store::ContractRepository(conn).find(id);
    if (!contract)
        throw Error::NotFound("no contract " + id);
    if (!may_report_for(who, scope_of(*contract)))
        throw Error::Forbidden("you may not submit returns for contract " + contract->id);
    return *contract;
}

PurgeResult purge_rejected_documents(store::Database& db, int older_than_days, Timestamp now,
                                     const std::string& actor) {
    if (older_than_days < 1)
        throw Error::BadRequest("--older-than must be at least 1 day");
    const Timestamp before = now - std::chrono::days(older_than_days);
    PurgeResult out;
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        const auto purged = store::DocumentRepository(conn).purge_rejected(before);
        out = {purged.documents, purged.bytes};
        // SPEC §2 "Audit log": who dropped what, and the rule it followed.
        AuditEntry entry;
        entry.at = now;
        entry.actor = actor;
        entry.action = "purge_rejected";
        entry.entity = "documents";
        entry.entity_id = "received before " + format_timestamp(before);
        entry.after = "{\"documents\":" + std::to_string(purged.documents) +
                      ",\"bytes\":" + std::to_string(purged.bytes) +
                      ",\"older_than_days\":" + std::to_string(older_than_days) + "}";
        store::AuditRepository(conn).record(entry);
    });
    return out;
}

}  // namespace scorecard::services
