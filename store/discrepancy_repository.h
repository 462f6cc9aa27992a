// Supplier discrepancies (model/domain.h SupplierDiscrepancy): a feed's value for an
// existing supplier's record that its sender may not change, kept for an admin to accept or
// dismiss (GET /api/v1/supplier-discrepancies, services/supplier_records.h).
//
// Thread safety: a thin view over one Connection, like every repository.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/domain.h"
#include "store/change.h"
#include "store/database.h"

namespace scorecard::store {

struct DiscrepancyFilter {
    std::optional<DiscrepancyStatus> status;
    std::string supplier_id;
    Page page;
};

class DiscrepancyRepository {
  public:
    explicit DiscrepancyRepository(Connection& conn) : conn_(conn) {}

    // Records an open discrepancy (audited) and returns its id; nullopt when the same value
    // for the same field of the same supplier is open already (a feed polled again).
    std::optional<std::int64_t> add(const SupplierDiscrepancy& discrepancy, const Change& change);
    std::optional<SupplierDiscrepancy> find(std::int64_t id);
    // Newest first.
    std::vector<SupplierDiscrepancy> list(const DiscrepancyFilter& filter);
    std::int64_t count(const DiscrepancyFilter& filter);
    // Closes an open discrepancy as accepted or dismissed, with the reason (audited).
    // kConflict when it is not open.
    void decide(std::int64_t id, DiscrepancyStatus status, const std::string& reason,
                const Change& change);

  private:
    Connection& conn_;
};

}  // namespace scorecard::store
