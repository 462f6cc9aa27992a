// The audit log for auditors (SPEC §2 "Audit log"): every change of data with who, when,
// what and its before/after, as JSON (before/after as objects) or CSV (before/after as JSON
// text; every text field protected against formula injection by reports/csv.h).
//
// Thread safety: pure functions over one Connection the caller holds. Access is the
// caller's to check (services/workflow.h: administrators only).
#pragma once

#include "reports/scorecards.h"
#include "store/repositories.h"

namespace scorecard::reports {

// GET /audit: one page (filter.page) of the matching entries, oldest first:
// {"entries": [{"id","at","actor","action","entity","entity_id","before","after"}],
//  "total", "limit", "offset"}; CSV: one line per entry of that page.
Rendered audit_page(store::Connection& conn, const store::AuditFilter& filter, Format format);

// `scorecard report audit`: every matching entry (filter.page ignored), oldest first:
// {"entries": [...], "total"}; CSV as above.
Rendered audit_export(store::Connection& conn, const store::AuditFilter& filter, Format format);

}  // namespace scorecard::reports
