#include "services/documents.h"

#include "store/repositories.h"
#include "store/user_repository.h"

namespace scorecard::services {

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
        scope.concerned_contracts = documents.concerned_contracts(id);
        if (!may_read_document(who, scope))
            throw Error::Forbidden("this document was sent by another organisation");
    }
    return *document;
}

Contract reportable_contract(store::Connection& conn, const Principal& who, const std::string& id) {
    auto contract = store::ContractRepository(conn).find(id);
    if (!contract)
        throw Error::NotFound("no contract " + id);
    if (!may_report_for(who, {contract->authority_id, contract->supplier_id}))
        throw Error::Forbidden("you may not submit returns for contract " + contract->id);
    return *contract;
}

}  // namespace scorecard::services
