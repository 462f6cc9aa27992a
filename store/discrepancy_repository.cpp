#include "store/discrepancy_repository.h"

#include "store/json_text.h"
#include "store/repository_support.h"

namespace scorecard::store {

using namespace detail;

namespace {

constexpr std::string_view kColumns =
    "id, supplier_id, field, stored_value, proposed_value, document_id, proposed_by, "
    "proposed_at, status, decided_by, decided_at, decision_reason";

SupplierDiscrepancy discrepancy_from(const Row& r) {
    SupplierDiscrepancy d;
    d.id = r[0].as_int();
    d.supplier_id = r[1].as_text();
    d.field = r[2].as_text();
    d.stored_value = r[3].as_text();
    d.proposed_value = r[4].as_text();
    d.document_id = r[5].as_int();
    d.proposed_by = r[6].as_text();
    d.proposed = timestamp_from(r[7]);
    d.status = enum_from<DiscrepancyStatus>(r[8]);
    d.decided_by = r[9].as_text();
    d.decided = optional_timestamp_from(r[10]);
    d.decision_reason = r[11].as_text();
    return d;
}

std::string discrepancy_json(const SupplierDiscrepancy& d) {
    return JsonObject()
        .add("supplier", d.supplier_id)
        .add("field", d.field)
        .add("stored", d.stored_value)
        .add("proposed", d.proposed_value)
        .add("document", d.document_id)
        .add("status", text(d.status))
        .add("reason", d.decision_reason)
        .str();
}

Where discrepancy_where(const DiscrepancyFilter& filter) {
    Where w;
    if (filter.status)
        w.add("status = ?", {text(*filter.status)});
    if (!filter.supplier_id.empty())
        w.add("supplier_id = ?", {filter.supplier_id});
    return w;
}

}  // namespace

std::optional<std::int64_t> DiscrepancyRepository::add(const SupplierDiscrepancy& d,
                                                       const Change& change) {
    if (conn_.query_one("SELECT 1 FROM supplier_discrepancies WHERE supplier_id = ? AND field = ? "
                        "AND proposed_value = ? AND status = ?",
                        {d.supplier_id, d.field, d.proposed_value, text(DiscrepancyStatus::kOpen)}))
        return std::nullopt;
    conn_.execute(
        "INSERT INTO supplier_discrepancies (supplier_id, field, stored_value, proposed_value, "
        "document_id, proposed_by, proposed_at, status, decided_by, decided_at, decision_reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', NULL, '')",
        {d.supplier_id, d.field, d.stored_value, d.proposed_value, null_if_zero(d.document_id),
         d.proposed_by, text(stamp(d.proposed, change)), text(DiscrepancyStatus::kOpen)});
    const std::int64_t id = conn_.last_insert_id();
    SupplierDiscrepancy stored = d;
    stored.status = DiscrepancyStatus::kOpen;
    audit(conn_, change, "propose", "supplier_discrepancy", std::to_string(id), "",
          discrepancy_json(stored));
    return id;
}

std::optional<SupplierDiscrepancy> DiscrepancyRepository::find(std::int64_t id) {
    auto row = conn_.query_one(
        "SELECT " + std::string(kColumns) + " FROM supplier_discrepancies WHERE id = ?",
        {Value(static_cast<long long>(id))});
    if (!row)
        return std::nullopt;
    return discrepancy_from(*row);
}

std::vector<SupplierDiscrepancy> DiscrepancyRepository::list(const DiscrepancyFilter& filter) {
    const Where w = discrepancy_where(filter);
    const Page page = clamped(filter.page);
    Params params = w.params();
    params.emplace_back(page.limit);
    params.emplace_back(page.offset);
    std::vector<SupplierDiscrepancy> out;
    conn_.query("SELECT " + std::string(kColumns) + " FROM supplier_discrepancies" + w.sql() +
                    " ORDER BY id DESC LIMIT ? OFFSET ?",
                params, [&](const Row& r) { out.push_back(discrepancy_from(r)); });
    return out;
}

std::int64_t DiscrepancyRepository::count(const DiscrepancyFilter& filter) {
    const Where w = discrepancy_where(filter);
    auto row = conn_.query_one("SELECT COUNT(*) FROM supplier_discrepancies" + w.sql(), w.params());
    return row ? (*row)[0].as_int() : 0;
}

void DiscrepancyRepository::decide(std::int64_t id, DiscrepancyStatus status,
                                   const std::string& reason, const Change& change) {
    if (status == DiscrepancyStatus::kOpen)
        throw Error::BadRequest("a discrepancy is decided as accepted or dismissed, not open");
    auto before = find(id);
    if (!before)
        throw Error::NotFound("no supplier discrepancy " + std::to_string(id));
    if (before->status != DiscrepancyStatus::kOpen)
        throw Error::Conflict("supplier discrepancy " + std::to_string(id) +
                              " was already decided (" + text(before->status) + ")");
    const std::int64_t changed = conn_.execute(
        "UPDATE supplier_discrepancies SET status = ?, decided_by = ?, decided_at = ?, "
        "decision_reason = ? WHERE id = ? AND status = ?",
        {text(status), change.actor, text(change.at), reason, Value(static_cast<long long>(id)),
         text(DiscrepancyStatus::kOpen)});
    if (changed == 0)
        throw Error::Conflict("supplier discrepancy " + std::to_string(id) +
                              " was decided meanwhile");
    SupplierDiscrepancy after = *before;
    after.status = status;
    after.decision_reason = reason;
    audit(conn_, change, "decide", "supplier_discrepancy", std::to_string(id),
          discrepancy_json(*before), discrepancy_json(after));
}

}  // namespace scorecard::store
