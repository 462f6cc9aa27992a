// Documents as a caller may touch them outside the import itself: reading an archived
// document back (GET /api/v1/documents/{id}), the contract a web return form is for, and
// the operator's purge of old rejected documents' bytes. Each fetches what the access rule
// needs and asks model/access.h.
//
// Thread safety: free functions over a shared Database or a caller's Connection.
#pragma once

#include <cstdint>
#include <string>

#include "model/access.h"
#include "model/domain.h"
#include "store/database.h"

namespace scorecard::services {

// The archived document `id` with its bytes, if `who` may read it (may_read_document):
// kNotFound for an unknown id, kForbidden otherwise.
DocumentRecord read_document(store::Database& db, const Principal& who, std::int64_t id);

// The contract `id`, if `who` may submit returns for it (may_report_for): kNotFound for an
// unknown contract, kForbidden otherwise.
Contract reportable_contract(store::Connection& conn, const Principal& who, const std::string& id);

// `scorecard documents purge-rejected --older-than DAYS`: drops the bytes of documents
// rejected more than `older_than_days` days before `now` (their receipts, SHA-256, size and
// problems stay; bytes another document needs stay) and records one audit entry with what
// was purged. `actor` is the operator.
struct PurgeResult {
    std::int64_t documents = 0;  // documents whose bytes were dropped
    std::int64_t bytes = 0;      // bytes freed
};
PurgeResult purge_rejected_documents(store::Database& db, int older_than_days, Timestamp now,
                                     const std::string& actor);

}  // namespace scorecard::services
