// Suppliers' master data and the suppliers of contracts, as callers change them outside a
// feed (issue 15 item 3; docs/formats.md "Suppliers" and "Novation"):
//
//   - the discrepancies feeds left for an admin (a differing value for an existing supplier
//     that the feed's sender may not change): listed, and accepted (applied to the record,
//     audited) or dismissed (audited), never applied by the feed itself;
//   - novation: a contract moved to another supplier from the first day of a period, by its
//     authority's commercial team or an admin (model/access.h may_novate), audited; the
//     former supplier keeps its periods (model/access.h may_view_period).
//
// Each change queues the contracts whose scores or flags it affects for rescoring in its
// transaction (store/rescore_queue.h) and rescores them after the commit.
//
// Thread safety: free functions over a shared Database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "model/supplier_records.h"
#include "services/settings.h"
#include "store/database.h"
#include "store/discrepancy_repository.h"

namespace scorecard::services {

struct DiscrepancyList {
    std::vector<SupplierDiscrepancy> items;  // newest first
    std::int64_t total = 0;
};

// The discrepancies matching the filter; kForbidden unless `who` may manage supplier records.
DiscrepancyList list_discrepancies(store::Database& db, const Principal& who,
                                   const store::DiscrepancyFilter& filter);

// Accepts (applies the proposed value to the supplier's record) or dismisses an open
// discrepancy, with a reason; both audited. kNotFound, kConflict when it is decided already,
// kForbidden unless `who` may change that supplier's record, kInvalid without a reason.
SupplierDiscrepancy decide_discrepancy(store::Database& db, const Principal& who, std::int64_t id,
                                       DiscrepancyStatus decision, const std::string& reason,
                                       Timestamp now, const Settings& settings);

// A change of a supplier's own record (PATCH /api/v1/suppliers/{id}): each field given as
// model/supplier_records.h spells it ("name", "size", "strategic"), with its new value.
struct SupplierRecordChange {
    std::vector<SupplierFieldChange> fields;  // `stored` unused
};

// Applies `change` to the supplier's record (audited: who, when, before and after; its contracts
// are queued and rescored when the size class or strategic flag changed) and returns the record.
// kNotFound for an unknown supplier, kForbidden unless may_change_supplier_record (an admin,
// or the supplier itself), kInvalid for no field, an unknown field or a bad value.
Supplier change_supplier_record(store::Database& db, const Principal& who,
                                const std::string& supplier_id, const SupplierRecordChange& change,
                                Timestamp now, const Settings& settings);

// What a novation asks for.
struct NovationRequest {
    std::string contract_id;
    std::string to_supplier;
    Date effective{};
    std::string reason;
};

// Moves the contract to request.to_supplier from request.effective (audited) and returns
// the contract's novations, oldest first. kNotFound for an unknown contract (or one `who`
// may not see), kForbidden unless may_novate, kInvalid listing every problem of
// model/supplier_records.h check_novation and an unknown supplier.
std::vector<Novation> novate_contract(store::Database& db, const Principal& who,
                                      const NovationRequest& request, Timestamp now,
                                      const Settings& settings);

}  // namespace scorecard::services
