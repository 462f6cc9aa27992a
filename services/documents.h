// Documents as a caller may touch them outside the import itself: reading an archived
// document back (GET /api/v1/documents/{id}), and the contract a web return form is for.
// Each fetches what the access rule needs and asks model/access.h.
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

}  // namespace scorecard::services
