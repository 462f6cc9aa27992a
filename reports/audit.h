// The audit log for auditors (SPEC §2 "Audit log"): every change of data with who, when,
// what and its before/after, as a read model with one JSON and one CSV writer.
//
// JSON gives before/after as the objects the store wrote (null when there is none; text
// that is not JSON is kept as a string rather than lost); CSV gives them as JSON text, with
// every text field protected against formula injection by reports/csv.h.
//
// Thread safety: plain values; the load functions use the caller's Connection on its thread.
// Access is the caller's to check (services/workflow.h: administrators only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/domain.h"
#include "store/database.h"
#include "store/repositories.h"

namespace scorecard::reports {

struct AuditLog {
    std::vector<AuditEntry> entries;  // oldest first
    std::int64_t total = 0;           // every entry that matches the filter
    std::optional<store::Page> page;  // the page given, when it is one page of them
};

// GET /audit: one page (filter.page: limit 1..1000, offset >= 0, else Error::BadRequest) of
// the matching entries.
AuditLog load_audit_page(store::Connection& conn, const store::AuditFilter& filter);

// `scorecard report audit`: every matching entry (filter.page ignored).
AuditLog load_audit_log(store::Connection& conn, const store::AuditFilter& filter);

// {"entries": [{"id","at","actor","action","entity","entity_id","before","after"}],
//  "total"} and, for a page, "limit" and "offset".
std::string to_json(const AuditLog& log);
// id,at,actor,action,entity,entity_id,before,after: one line per entry.
std::string to_csv(const AuditLog& log);

}  // namespace scorecard::reports
