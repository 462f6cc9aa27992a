// Disputes as people and tools read them (SPEC §2 "Dispute", docs/reviews.md): a page of
// the disputes a caller may see (GET /api/v1/disputes, the /disputes page, /disputes.csv)
// and one dispute with what it is about (GET /api/v1/disputes/{id}, the /disputes/{id}
// page): the contract and the organisations by name, and for a rating dispute the figure
// and the period's score as they stand now (after an upheld dispute, the corrected ones),
// for a flag dispute the flag.
//
// Lists are narrowed by model/access.h's narrow_to_scope() before they reach the database,
// so a page and its total count only what the caller may see. One dispute is loaded by
// services::Workflow::dispute(), which decides whether the caller may see it
// (model/review_rules.h); dispute_record() adds what is shown beside it.
//
// The writers are pure functions of the structs (no database inside them).
//
// Thread safety: the load functions use one Connection the caller holds; the writers are
// pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "store/database.h"
#include "store/repositories.h"

namespace scorecard::reports {

// One dispute in a list.
struct DisputeListEntry {
    Dispute dispute;
    std::string supplier_name;  // "" when the supplier is not in the directory
};

// One page of the disputes a caller may see, newest first.
struct DisputeList {
    std::vector<DisputeListEntry> disputes;
    std::int64_t total = 0;  // every dispute the filter matches, on this page or not
    store::Page page;        // the part of them this list holds
};

// The disputed KPI as the current return of the disputed period holds it.
struct DisputedFigure {
    int version = 0;                 // the current return's version
    std::optional<Measure> measure;  // nullopt when that return leaves the KPI out
};

// The disputed period's stored score.
struct DisputedPeriodScore {
    std::optional<double> score;  // nullopt when the period has no score (every KPI other)
    Rating rating = Rating::kMissing;
};

// One dispute with what it is about.
struct DisputeRecord {
    Dispute dispute;
    // The contract and its organisations; all "" when the contract is not in the directory.
    std::string contract_title;
    std::string authority_id;
    std::string authority_name;
    std::string supplier_name;
    // A rating dispute: the figure and the score now; nullopt when the period has no return
    // (or no score) yet.
    std::optional<DisputedFigure> figure;
    std::optional<DisputedPeriodScore> period_score;
    // A flag dispute: the flag; nullopt for a rating dispute.
    std::optional<Flag> flag;
};

// The filter's page of the disputes `who` may see.
DisputeList load_dispute_list(store::Connection& conn, const Principal& who,
                              store::DisputeFilter filter);
// Every dispute the filter matches that `who` may see (the filter's page is not used), read
// a thousand at a time: what a CSV download holds.
DisputeList load_every_dispute(store::Connection& conn, const Principal& who,
                               store::DisputeFilter filter);
// `dispute`, as services::Workflow::dispute() let the caller have it, with what it is about.
DisputeRecord dispute_record(store::Connection& conn, Dispute dispute);

// {"disputes": [{"id","supplier","contract","kpi","period","flag","reason","raised_by",
//  "raised","status","decided_by","decision_reason","decided","supplier_name"}],
//  "total","limit","offset"} (reports/entity_json.h writes a dispute's fields; an unknown
// name is null).
std::string to_json(const DisputeList& list);
// The dispute's fields and "contract_title","authority","authority_name","supplier_name",
// "current_return": {"version","status","value"} | null (status and value null when the
// return leaves the KPI out), "period_score": {"score","rating"} | null,
// "disputed_flag": {the flag} | null.
std::string to_json(const DisputeRecord& record);
// id,supplier,contract,kpi,period,flag,status,reason,raised_by,raised,decided_by,decided,
// decision_reason: a header and one row per dispute of the list.
std::string to_csv(const DisputeList& list);

}  // namespace scorecard::reports
