// The read models of contract performance notices (SPEC §7), as typed values with one JSON
// writer each, so that the API, the CLI and the pages draw the same thing:
//   - DueList: what is owed (SPEC §7.1, §7.5), worked out from the store by model/notices.h;
//   - NoticeView: one notice with what reg 39(4) asks it to show (the authority, the
//     contract's title and identifiers, the KPIs and their ratings, the supplier's name,
//     identifier, postal address and email, the period), and the dates its path depends on;
//   - an improvement notice of a partnership review, and a supplier's contact details.
// Who may see each is decided by the caller (services/notices.h) before building it.
//
// Thread safety: pure functions over one Connection the caller holds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/notices.h"
#include "reports/json_writer.h"
#include "reports/scorecards.h"
#include "store/database.h"

namespace scorecard::reports {

// s52(1): a contract worth more than the threshold with fewer than three KPIs in force.
struct TooFewKpis {
    std::string contract_id;
    std::string authority_id;
    int kpis = 0;
};

// SPEC §7.5: {"as_of", "due": [...], "too_few_kpis": [...]}.
struct DueList {
    Date as_of{};
    std::vector<OwedNotice> due;           // by due date, then contract, then reason
    std::vector<TooFewKpis> too_few_kpis;  // by contract
};

// The due list of the contracts in `scope` (its authority_id narrows it; ListScope
// nothing gives an empty list) at `as_of`.
DueList notices_due(store::Connection& conn, const ListScope& scope, Date as_of,
                    const NoticePolicy& policy);

// SPEC §7.5's shape exactly: due lines {"contract", "authority", "reason", "due",
// "last_published"}, too_few_kpis lines {"contract", "kpis"}.
std::string due_list_json(const DueList& list);
// As CSV: list,contract,authority,reason,due,last_published,kpis — one row per line of
// either list ("due" or "too_few_kpis" in the first column).
Rendered render_due_list(const DueList& list, Format format);

// A notice as shown: the notice and the names and details it is shown with.
struct NoticeView {
    Notice notice;
    std::string authority_name;
    std::string contract_title;
    std::string contract_lot;
    // reg 39(4)(f): the supplier as published once published; until then as it is now
    // (the contact details are absent while the supplier has not given them).
    std::string supplier_name;
    std::optional<SupplierContact> supplier_contact;
    std::optional<Date> review_ends;  // with_supplier: approval without agreement from
    std::optional<Date> publish_by;   // a decided failure notice: s71(5)'s last day
    std::int64_t replaced_by = 0;     // the published notice that corrects this one
};

// Builds the view of a loaded notice (its contract, authority and supplier are read).
NoticeView notice_view(store::Connection& conn, Notice notice, const NoticePolicy& policy);

// The statement reg 39(4)(e) asks a KPI assessment to make.
inline constexpr const char* kAssessmentStatement =
    "This notice sets out the contracting authority's assessment of the supplier's "
    "performance against the key performance indicators.";

// {"id", "kind", "state", "authority": {…}, "contract": {…}, "supplier": {…}, "window",
//  "statement", "kpis": [...], the path's people and dates, the failure's fields,
//  "transitions", "comments"} (docs/api.md "Contract performance notices"). `full`: with
//  transitions and comments (one notice) or without (a list).
void write_json(JsonWriter& out, const NoticeView& view, bool full);
std::string notice_json(const NoticeView& view, bool full);

// An improvement notice as shown.
// {"id", "review", "contract", "kpis": [{"kpi", "level"}], "deadline", "issued_by", "issued",
//  "status", "shortfall", "failure_notice"}.
void write_json(JsonWriter& out, const ImprovementNotice& notice);
std::string improvement_json(const ImprovementNotice& notice);

// {"supplier", "postal_address", "email"}.
std::string supplier_contact_json(const std::string& supplier_id,
                                  const std::optional<SupplierContact>& contact);

}  // namespace scorecard::reports
