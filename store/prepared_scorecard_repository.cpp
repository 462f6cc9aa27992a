#include "store/prepared_scorecard_repository.h"

#include <cstdint>
#include <set>
#include <string_view>
#include <utility>

#include "model/content_hash.h"
#include "store/repository_support.h"

namespace scorecard::store {
namespace {

using detail::text;

// The columns a new row is inserted with (PreparedScorecardRepository::insert_values).
constexpr std::string_view kInsertColumns =
    "prepared_scorecards (kind, id, version, stale, as_of, policy, authority_id, size_group, "
    "ranked, rank_score, class_split, prepared_at, digest, body_codec, body)";
constexpr std::size_t kInsertColumnCount = 15;

const char* kind_text(PreparedKind kind) {
    return kind == PreparedKind::kContract ? "contract" : "supplier";
}

// Whether a rescoring of what the row shows is queued: the contract itself, or for a
// supplier any contract it holds or held (its scorecard lists both).
constexpr std::string_view kContractPending =
    "CASE WHEN EXISTS (SELECT 1 FROM rescore_queue q WHERE q.contract_id = p.id) "
    "THEN 1 ELSE 0 END";
constexpr std::string_view kSupplierPending =
    "CASE WHEN EXISTS (SELECT 1 FROM rescore_queue q JOIN contracts c ON c.id = q.contract_id "
    "WHERE c.supplier_id = p.id) OR EXISTS (SELECT 1 FROM rescore_queue q JOIN "
    "contract_novations n ON n.contract_id = q.contract_id WHERE n.from_supplier = p.id) "
    "THEN 1 ELSE 0 END";

// Tells one scorecard's versions apart.
std::string digest_of(std::string_view bytes) {
    return content_hash_hex(bytes);
}

}  // namespace

std::optional<PreparedScorecard> PreparedScorecardRepository::find(PreparedKind kind,
                                                                   const std::string& id,
                                                                   bool with_body) {
    const std::string sql =
        std::string(
            "SELECT p.version, p.stale, p.as_of, p.policy, p.authority_id, p.ranked, "
            "p.rank_score, p.class_split, p.prepared_at, p.size_group, ") +
        std::string(kind == PreparedKind::kContract ? kContractPending : kSupplierPending) +
        ", p.digest, p.body_codec" + (with_body ? ", p.body" : "") +
        " FROM prepared_scorecards p WHERE p.kind = ? AND p.id = ?";
    // Read in the row's callback rather than copied out of it: the body is tens of kB, and
    // this is the read every scorecard GET makes.
    std::optional<PreparedScorecard> found;
    conn_.query(sql, {kind_text(kind), id}, [&](const Row& r) {
        if (found)
            return;
        found = from_row(r, with_body);
    });
    return found;
}

std::map<std::string, PreparedScorecard> PreparedScorecardRepository::find_contracts(
    const std::vector<std::string>& ids) {
    return find_all(PreparedKind::kContract, ids);
}

std::map<std::string, PreparedScorecard> PreparedScorecardRepository::find_all(
    PreparedKind kind, const std::vector<std::string>& ids) {
    std::map<std::string, PreparedScorecard> out;
    detail::for_each_chunk(ids, [&](Params chunk, const std::string& in_list) {
        chunk.insert(chunk.begin(), Value(kind_text(kind)));
        conn_.query(
            "SELECT p.version, p.stale, p.as_of, p.policy, p.authority_id, p.ranked, "
            "p.rank_score, p.class_split, p.prepared_at, p.size_group, " +
                std::string(kind == PreparedKind::kContract ? kContractPending : kSupplierPending) +
                ", p.digest, p.body_codec, p.id FROM prepared_scorecards p WHERE p.kind = ? AND "
                "p.id IN " +
                in_list,
            chunk, [&](const Row& r) { out.emplace(r[13].as_text(), from_row(r, false)); });
    });
    return out;
}

PreparedScorecard PreparedScorecardRepository::from_row(const Row& r, bool with_body) {
    PreparedScorecard out;
    out.version = r[0].as_int();
    out.stale = r[1].as_bool();
    out.as_of = r[2].as_text();
    out.policy = r[3].as_text();
    out.authority_id = r[4].as_text();
    out.ranked = static_cast<PreparedScorecard::Ranked>(r[5].as_int());
    out.rank_score = r[6].as_optional_double();
    out.class_split = r[7].as_int();
    out.prepared_at = r[8].as_text();
    out.size_group = r[9].as_text();
    out.pending = r[10].as_bool();
    out.digest = r[11].as_text();
    out.codec = static_cast<int>(r[12].as_int());
    if (with_body) {
        std::string bytes;
        if (const auto* body = std::get_if<std::string>(&r[13].raw()))
            bytes = *body;
        out.stored = StoredBody::stored(static_cast<BodyCodec>(out.codec), std::move(bytes));
    }
    return out;
}

std::optional<PreparedScorecard> PreparedScorecardRepository::put(
    PreparedKind kind, const std::string& id, const PreparedScorecard& row,
    std::optional<std::int64_t> expected, Timestamp now) {
    auto stored = conn_.query_one(
        "SELECT version, ranked, rank_score, digest, prepared_at, size_group, stale, as_of, "
        "policy, authority_id, class_split, body_codec FROM prepared_scorecards WHERE kind = ? "
        "AND id = ?",
        {kind_text(kind), id});
    std::optional<PreparedScorecard> read;
    if (stored) {
        const Row& r = *stored;
        read.emplace();
        read->version = r[0].as_int();
        read->ranked = static_cast<PreparedScorecard::Ranked>(r[1].as_int());
        read->rank_score = r[2].as_optional_double();
        read->digest = r[3].as_text();
        read->prepared_at = r[4].as_text();
        read->size_group = r[5].as_text();
        read->stale = r[6].as_bool();
        read->as_of = r[7].as_text();
        read->policy = r[8].as_text();
        read->authority_id = r[9].as_text();
        read->class_split = r[10].as_int();
        read->codec = static_cast<int>(r[11].as_int());
    }
    return write(kind, id, row, expected, read ? &*read : nullptr, now);
}

std::optional<PreparedScorecard> PreparedScorecardRepository::put(
    PreparedKind kind, const std::string& id, const PreparedScorecard& row,
    const std::optional<PreparedScorecard>& read, Timestamp now) {
    return write(kind, id, row, read ? std::optional(read->version) : std::nullopt,
                 read ? &*read : nullptr, now);
}

std::optional<PreparedScorecard> PreparedScorecardRepository::write(
    PreparedKind kind, const std::string& id, const PreparedScorecard& row,
    std::optional<std::int64_t> expected, const PreparedScorecard* s, Timestamp now) {
    if (!expected) {
        if (s != nullptr)
            return std::nullopt;
        Params values;
        PreparedScorecard written = insert_values(kind, id, row, now, values);
        detail::insert_rows(conn_, kInsertColumns, kInsertColumnCount, std::move(values));
        conn_.note_change();
        return written;
    }
    // Sealed beforehand, or hashed and packed now (once, and only if it is written).
    const std::string digest = row.stored ? row.digest : digest_of(row.body);
    std::shared_ptr<const StoredBody> sealed = row.stored;
    const auto packed_bytes = [&]() -> const std::string& {
        if (!sealed)
            sealed = StoredBody::pack(row.body);
        return sealed->bytes();
    };
    const int codec = static_cast<int>(kWrittenCodec);
    // What was written, without the bytes (a contract's ~45 kB JSON is not copied).
    PreparedScorecard written = row.without_body();
    written.digest = digest;
    written.codec = codec;
    written.stale = false;
    written.pending = false;
    if (s == nullptr || s->version != *expected)
        return std::nullopt;
    // The same bytes (and, for a supplier, the same ranking of them) keep their version and
    // date, so that a caller's ETag stays good across a rescoring that changed nothing it
    // shows; and when nothing else changed either, nothing is written.
    const bool same = !s->prepared_at.empty() && s->digest == digest && s->ranked == row.ranked &&
                      s->rank_score == row.rank_score && s->size_group == row.size_group;
    written.version = *expected;
    written.prepared_at = s->prepared_at;
    const bool packed = s->codec == codec;
    if (same && packed && !s->stale && s->as_of == row.as_of && s->policy == row.policy &&
        s->authority_id == row.authority_id && s->class_split == row.class_split)
        return written;
    // Every write of a row moves the data version (reports/scorecard_cache.h).
    conn_.note_change();
    if (same && !packed) {
        // Stored with an older codec (before migration 12): the same bytes packed.
        if (conn_.execute(
                "UPDATE prepared_scorecards SET stale = 0, as_of = ?, policy = ?, "
                "authority_id = ?, class_split = ?, body_codec = ?, body = ? WHERE kind = ? AND "
                "id = ? AND version = ?",
                {row.as_of, row.policy, row.authority_id, row.class_split, codec, packed_bytes(),
                 kind_text(kind), id, *expected}) == 0)
            return std::nullopt;
        return written;
    }
    if (same) {
        if (conn_.execute(
                "UPDATE prepared_scorecards SET stale = 0, as_of = ?, policy = ?, "
                "authority_id = ? WHERE kind = ? AND id = ? AND version = ?",
                {row.as_of, row.policy, row.authority_id, kind_text(kind), id, *expected}) == 0)
            return std::nullopt;
        return written;
    }
    written.version = *expected + 1;
    written.prepared_at = text(now);
    if (conn_.execute(
            "UPDATE prepared_scorecards SET version = ?, stale = 0, as_of = ?, policy = ?, "
            "authority_id = ?, size_group = ?, ranked = ?, rank_score = ?, class_split = ?, "
            "prepared_at = ?, digest = ?, body_codec = ?, body = ? WHERE kind = ? AND id = ? AND "
            "version = ?",
            {written.version, row.as_of, row.policy, row.authority_id, row.size_group,
             static_cast<int>(row.ranked), row.rank_score, row.class_split, written.prepared_at,
             digest, codec, packed_bytes(), kind_text(kind), id, *expected}) == 0)
        return std::nullopt;
    return written;
}

PreparedScorecard PreparedScorecardRepository::insert_values(PreparedKind kind,
                                                             const std::string& id,
                                                             const PreparedScorecard& row,
                                                             Timestamp now, Params& values) {
    PreparedScorecard written = row.without_body();
    written.digest = row.stored ? row.digest : digest_of(row.body);
    written.codec = static_cast<int>(kWrittenCodec);
    written.stale = false;
    written.pending = false;
    written.version = 1;
    written.prepared_at = text(now);
    std::shared_ptr<const StoredBody> sealed = row.stored ? row.stored : StoredBody::pack(row.body);
    detail::append_row(values, kind_text(kind), id, written.version, 0, row.as_of, row.policy,
                       row.authority_id, row.size_group, static_cast<int>(row.ranked),
                       row.rank_score, row.class_split, written.prepared_at, written.digest,
                       written.codec, sealed->bytes());
    return written;
}

std::vector<std::optional<PreparedScorecard>> PreparedScorecardRepository::put_all(
    PreparedKind kind, const std::vector<RowToPut>& rows, Timestamp now) {
    std::vector<std::optional<PreparedScorecard>> out(rows.size());
    Params values;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const RowToPut& r = rows[i];
        if (r.read->has_value())
            out[i] = write(kind, *r.id, *r.row, (*r.read)->version, &**r.read, now);
        else
            out[i] = insert_values(kind, *r.id, *r.row, now, values);
    }
    if (!values.empty()) {
        detail::insert_rows(conn_, kInsertColumns, kInsertColumnCount, std::move(values));
        conn_.note_change();
    }
    return out;
}

void seal(PreparedScorecard& row) {
    row.digest = digest_of(row.body);
    row.stored = StoredBody::pack(row.body);
    row.body = std::string();
}

void PreparedScorecardRepository::mark_stale(PreparedKind kind, const std::string& id) {
    mark_stale_all(kind, {id});
}

void PreparedScorecardRepository::mark_stale_all(PreparedKind kind,
                                                 const std::vector<std::string>& ids) {
    if (ids.empty())
        return;
    conn_.note_change();
    std::set<std::string> missing(ids.begin(), ids.end());
    detail::for_each_chunk(
        std::vector<std::string>(missing.begin(), missing.end()),
        [&](Params chunk, const std::string& in_list) {
            chunk.insert(chunk.begin(), Value(kind_text(kind)));
            const std::string where = " WHERE kind = ? AND id IN " + in_list;
            const std::int64_t marked = conn_.execute(
                "UPDATE prepared_scorecards SET stale = 1, version = version + 1" + where, chunk);
            if (marked == 0)
                return;
            if (marked == static_cast<std::int64_t>(chunk.size() - 1)) {
                for (std::size_t i = 1; i < chunk.size(); ++i)
                    missing.erase(chunk[i].as_text());
                return;
            }
            conn_.query("SELECT id FROM prepared_scorecards" + where, chunk,
                        [&](const Row& r) { missing.erase(r[0].as_text()); });
        });
    // A preparation that read the data before this change inserts nothing now: its insert
    // finds these rows (or waits for them and then fails as a duplicate, and is retried).
    Params rows;
    for (const std::string& id : missing)
        detail::append_row(rows, kind_text(kind), id, 1, 1, "", "", "", "", 0, Value(), 0, "", "",
                           std::string());
    detail::insert_rows(conn_,
                        "prepared_scorecards (kind, id, version, stale, as_of, policy, "
                        "authority_id, size_group, ranked, rank_score, class_split, prepared_at, "
                        "digest, body)",
                        14, std::move(rows));
}

void PreparedScorecardRepository::mark_supplier_changed(const std::string& supplier_id) {
    mark_stale(PreparedKind::kSupplier, supplier_id);
    // Every contract's scorecard names its supplier.
    conn_.execute(
        "UPDATE prepared_scorecards SET stale = 1, version = version + 1 WHERE kind = "
        "'contract' AND id IN (SELECT c.id FROM contracts c WHERE c.supplier_id = ?)",
        {supplier_id});
}

void PreparedScorecardRepository::mark_authority_changed(const std::string& authority_id) {
    conn_.note_change();
    // Contract scorecards and supplier scorecards name the authority of each contract.
    conn_.execute(
        "UPDATE prepared_scorecards SET stale = 1, version = version + 1 WHERE kind = "
        "'contract' AND id IN (SELECT c.id FROM contracts c WHERE c.authority_id = ?)",
        {authority_id});
    conn_.execute(
        "UPDATE prepared_scorecards SET stale = 1, version = version + 1 WHERE kind = "
        "'supplier' AND id IN (SELECT c.supplier_id FROM contracts c WHERE c.authority_id = ?)",
        {authority_id});
}

}  // namespace scorecard::store
