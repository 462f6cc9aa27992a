#include "reports/prepared_scorecards.h"

#include <cstdint>
#include <cstdio>
#include <utility>

#include "model/content_hash.h"
#include "reports/json_writer.h"
#include "reports/scorecard_cache.h"
#include "reports/scorecards.h"
#include "store/prepared_scorecard_repository.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

using store::PreparedKind;
using store::PreparedScorecard;
using Ranked = PreparedScorecard::Ranked;

// What is prepared is what ministers and admin see.
const Principal& whole_view() {
    static const Principal kWhole{"system", Role::kAdmin, "", ""};
    return kWhole;
}

// FNV-1a, 64 bits: a scoring policy's fingerprint, stored with what was scored under it
// (so not changed to content_hash, which would make every prepared row look out of date).
std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::string hex(std::uint64_t value) {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(value));
    return out;
}

void add(std::string& text, double value) {
    text += shortest_number(value);
    text += ';';
}

void add(std::string& text, const RulePolicy& rule) {
    text += rule.enabled ? '1' : '0';
    text += to_string(rule.severity);
    text += ';';
}

void add(std::string& text, const SizeGroupPolicy& g) {
    add(text, g.inadequate_kpi);
    add(text, g.persistent_underperformance);
    add(text, g.persistent_periods);
    add(text, g.low_contract_score);
    add(text, g.low_score_below);
    add(text, g.declining_trend);
    add(text, g.declining_periods);
    add(text, g.declining_min_fall);
    add(text, g.missing_return);
    add(text, g.missing_escalate_after);
    text += to_string(g.missing_escalated_severity);
    add(text, g.grace_days);
}

std::string fingerprint_of(const ScoringPolicy& policy) {
    std::string text;
    const RatingPoints& p = policy.points;
    for (int v : {p.good, p.approaching, p.requires_improvement, p.inadequate, p.missing})
        add(text, v);
    add(text, policy.bands.good);
    add(text, policy.bands.approaching);
    add(text, policy.bands.requires_improvement);
    add(text, policy.flags.large);
    add(text, policy.flags.sme);
    return hex(fnv1a(text));
}

// The ETag of a prepared row: its version and when those bytes were first written (so that
// a database restored from a backup, whose versions may repeat, names other bytes apart).
std::string prepared_etag(const PreparedScorecard& row, std::string_view place = {}) {
    std::string etag = "\"p" + std::to_string(row.version) + "-" + row.prepared_at;
    if (!place.empty())
        etag.append("-").append(place);
    return etag + "\"";
}

// A contract row's as_of names the days its bytes hold for (ContractScorecard::same_on):
// "FROM..UNTIL", UNTIL exclusive, either left empty when unbounded ("2026-01-11.." holds
// from that day on, ".." every day); a row written before spans were kept names its one day.
// A supplier's is "" (its bytes do not depend on the day). Dates compare as text.
std::string span_text(const DaySpan& span) {
    return (span.from ? format_date(*span.from) : std::string()) + ".." +
           (span.until ? format_date(*span.until) : std::string());
}

bool made_for(const std::string& as_of, const std::string& day) {
    const auto dots = as_of.find("..");
    if (dots == std::string::npos)
        return as_of == day;
    const std::string_view text(as_of);
    const std::string_view from = text.substr(0, dots), until = text.substr(dots + 2);
    return (from.empty() || from <= day) && (until.empty() || day < until);
}

bool servable(const PreparedScorecard& row, const std::string& policy, const std::string& day) {
    return !row.stale && !row.pending && !row.prepared_at.empty() && row.policy == policy &&
           made_for(row.as_of, day);
}

PreparedScorecard row_of(const ContractScorecard& card, const ScoringPolicy& policy) {
    PreparedScorecard row;
    row.as_of = span_text(card.same_on);
    row.policy = policy_fingerprint(policy);
    row.authority_id = card.contract.authority_id;
    row.body = to_json(card);
    return row;
}

PreparedScorecard contract_row(store::Connection& conn, const std::string& contract_id,
                               const ScoringPolicy& policy, Date as_of) {
    return row_of(load_contract_scorecard(conn, contract_id, whole_view(), policy, as_of), policy);
}

PreparedScorecard supplier_row_of(const SupplierScorecard& card, const ScoringPolicy& policy) {
    PreparedScorecard row;
    row.policy = policy_fingerprint(policy);
    row.size_group = to_string(card.size_group);
    if (!card.score) {
        row.ranked = Ranked::kNoScore;
        row.rank_score = card.rank_score;
    } else if (card.rank_score) {
        row.ranked = Ranked::kByStoredScore;
        row.rank_score = card.rank_score;
    } else {
        row.ranked = Ranked::kCountsItself;
        row.rank_score = card.score;
    }
    SupplierJsonParts parts = to_json_without_place(card);
    row.body = std::move(parts.text);
    row.class_split = static_cast<std::int64_t>(parts.place_at);
    return row;
}

PreparedScorecard supplier_row(store::Connection& conn, const std::string& supplier_id,
                               const ScoringPolicy& policy) {
    return supplier_row_of(
        load_unranked_supplier_scorecard(conn, supplier_id, whole_view(), policy), policy);
}

// The supplier's place in its group now, as the row's ranking says.
SizeGroup group_of(const PreparedScorecard& row) {
    return parse_enum<SizeGroup>(row.size_group).value_or(SizeGroup::kLarge);
}

// The supplier's place in its group as the row's ranking says, the group counted by `count`.
ClassPlace place_of(const PreparedScorecard& row, const GroupCounter& count) {
    switch (row.ranked) {
        case Ranked::kByStoredScore:
            return class_place(count, row.rank_score, row.rank_score);
        case Ranked::kCountsItself:
            return class_place(count, row.rank_score, std::nullopt);
        case Ranked::kNoScore:
            break;
    }
    return class_place(count, std::nullopt, row.rank_score);
}

// The same counted by the database.
ClassPlace place_of(store::Connection& conn, const PreparedScorecard& row) {
    store::ScoreRepository scores(conn);
    const SizeGroup group = group_of(row);
    return place_of(row, [&](double s) { return scores.class_count(group, s); });
}

std::string place_tag(const ClassPlace& place) {
    return (place.percentile ? shortest_number(*place.percentile) : std::string("n")) + "-" +
           std::to_string(place.group_suppliers);
}

std::string with_place(std::string body, std::int64_t split, const ClassPlace& place) {
    body.insert(static_cast<std::size_t>(split), place_json(place));
    return body;
}

bool holds_etag(const HoldsEtag& holds, const std::string& etag) {
    return holds && holds(etag);
}

ScorecardAnswer answer(std::string etag, std::string body, bool prepared, const HoldsEtag& holds) {
    ScorecardAnswer out;
    out.etag = std::move(etag);
    out.prepared = prepared;
    if (holds_etag(holds, out.etag))
        out.not_modified = true;
    else
        out.body = std::move(body);
    return out;
}

// An answer computed for its caller: its ETag is a hash of the bytes (taken before they
// are moved into the answer).
ScorecardAnswer computed(std::string body, const HoldsEtag& holds) {
    std::string etag = etag_of(body);
    return answer(std::move(etag), std::move(body), false, holds);
}

}  // namespace

std::string policy_fingerprint(const ScoringPolicy& policy) {
    // Asked on every scorecard GET: the last policy's fingerprint is kept per thread.
    thread_local std::optional<ScoringPolicy> last;
    thread_local std::string last_fingerprint;
    if (last && *last == policy)
        return last_fingerprint;
    last_fingerprint = fingerprint_of(policy);
    last = policy;
    return last_fingerprint;
}

std::string etag_of(std::string_view bytes) {
    return "\"f" + content_hash_hex(bytes) + "\"";
}

bool prepare_contract_scorecard(store::Connection& conn, const std::string& contract_id,
                                const ScoringPolicy& policy, Date as_of, Timestamp now) {
    store::PreparedScorecardRepository prepared(conn);
    // The version is read before the data: a marking that commits after this read moves it,
    // and the write below then leaves the row to the next read.
    const auto current = prepared.find(PreparedKind::kContract, contract_id, false);
    const PreparedScorecard row = contract_row(conn, contract_id, policy, as_of);
    return prepared
        .put(PreparedKind::kContract, contract_id, row,
             current ? std::optional(current->version) : std::nullopt, now)
        .has_value();
}

bool prepare_contract_scorecard(store::Connection& conn, const Contract& contract,
                                const Supplier& supplier, const std::vector<PeriodScore>& stored,
                                const std::vector<ReturnVersion>* returns,
                                const std::optional<store::PreparedScorecard>& current,
                                const ScoringPolicy& policy, Date as_of, Timestamp now) {
    const PreparedScorecard row =
        read_contract_scorecard_row(conn, contract, supplier, stored, returns, policy, as_of)();
    return put_contract_scorecard_row(conn, contract.id, row, current, now);
}

MakeScorecardRow read_contract_scorecard_row(store::Connection& conn, Contract contract,
                                             Supplier supplier, std::vector<PeriodScore> stored,
                                             const std::vector<ReturnVersion>* returns,
                                             const ScoringPolicy& policy, Date as_of) {
    std::vector<ScorecardRowInput> one;
    one.push_back({std::move(contract), std::move(supplier), std::move(stored), returns});
    return std::move(read_contract_scorecard_rows(conn, std::move(one), policy, as_of).front());
}

std::vector<MakeScorecardRow> read_contract_scorecard_rows(store::Connection& conn,
                                                           std::vector<ScorecardRowInput> inputs,
                                                           const ScoringPolicy& policy,
                                                           Date as_of) {
    std::vector<const Contract*> contracts;
    std::vector<std::string> unread;  // contracts whose returns are not in hand
    for (const ScorecardRowInput& in : inputs) {
        contracts.push_back(&in.contract);
        if (!in.returns)
            unread.push_back(in.contract.id);
    }
    std::map<std::string, ContractScorecardReads> reads =
        read_whole_contract_scorecards(conn, contracts);
    std::map<std::string, std::vector<ReturnVersion>> read;
    if (!unread.empty())
        read = store::ReturnRepository(conn).current_versions_of(unread);
    std::vector<MakeScorecardRow> out;
    out.reserve(inputs.size());
    for (ScorecardRowInput& in : inputs) {
        std::vector<ReturnVersion> returns_read;
        if (!in.returns) {
            if (auto it = read.find(in.contract.id); it != read.end())
                returns_read = std::move(it->second);
        }
        ContractScorecardReads contract_reads = std::move(reads[in.contract.id]);
        out.push_back([contract = std::move(in.contract), supplier = std::move(in.supplier),
                       stored = std::move(in.stored), returns = in.returns,
                       read = std::move(returns_read), reads = std::move(contract_reads), policy,
                       as_of]() mutable {
            PreparedScorecard row =
                row_of(contract_scorecard_from(std::move(contract), supplier, stored,
                                               returns ? *returns : read, std::move(reads),
                                               whole_view(), policy, as_of),
                       policy);
            store::seal(row);
            return row;
        });
    }
    return out;
}

bool put_contract_scorecard_row(store::Connection& conn, const std::string& contract_id,
                                const store::PreparedScorecard& row,
                                const std::optional<store::PreparedScorecard>& current,
                                Timestamp now) {
    return put_contract_scorecard_rows(conn, {{&contract_id, &row, &current}}, now).front();
}

std::vector<bool> put_contract_scorecard_rows(
    store::Connection& conn, const std::vector<store::PreparedScorecardRepository::RowToPut>& rows,
    Timestamp now) {
    const auto written =
        store::PreparedScorecardRepository(conn).put_all(PreparedKind::kContract, rows, now);
    std::vector<bool> out;
    out.reserve(written.size());
    for (const auto& w : written)
        out.push_back(w.has_value());
    return out;
}

bool prepare_supplier_scorecard(store::Connection& conn, const std::string& supplier_id,
                                const ScoringPolicy& policy, Timestamp now) {
    store::PreparedScorecardRepository prepared(conn);
    const auto current = prepared.find(PreparedKind::kSupplier, supplier_id, false);
    const PreparedScorecard row = supplier_row(conn, supplier_id, policy);
    return prepared
        .put(PreparedKind::kSupplier, supplier_id, row,
             current ? std::optional(current->version) : std::nullopt, now)
        .has_value();
}

bool prepared_contract_current(store::Connection& conn, const std::string& contract_id,
                               const ScoringPolicy& policy, Date as_of) {
    return prepared_contract_current(
        store::PreparedScorecardRepository(conn).find(PreparedKind::kContract, contract_id, false),
        policy, as_of);
}

bool prepared_contract_current(const std::optional<store::PreparedScorecard>& row,
                               const ScoringPolicy& policy, Date as_of) {
    return row && servable(*row, policy_fingerprint(policy), format_date(as_of));
}

bool prepared_supplier_current(store::Connection& conn, const std::string& supplier_id,
                               const ScoringPolicy& policy) {
    return prepared_supplier_current(
        store::PreparedScorecardRepository(conn).find(PreparedKind::kSupplier, supplier_id, false),
        policy);
}

bool prepared_supplier_current(const std::optional<store::PreparedScorecard>& row,
                               const ScoringPolicy& policy) {
    return row && servable(*row, policy_fingerprint(policy), "");
}

std::map<std::string, SupplierScorecard> whole_supplier_scorecards(
    store::Connection& conn, const std::vector<std::string>& supplier_ids,
    const ScoringPolicy& policy) {
    std::map<std::string, SupplierScorecard> out;
    for (auto& [id, reads] : read_supplier_scorecards(conn, supplier_ids, whole_view()))
        out.emplace(id, supplier_scorecard_from(std::move(reads), whole_view(), policy));
    return out;
}

std::vector<bool> put_supplier_scorecards(
    store::Connection& conn, const std::vector<const SupplierScorecard*>& cards,
    const std::map<std::string, store::PreparedScorecard>& current, const ScoringPolicy& policy,
    Timestamp now) {
    std::vector<PreparedScorecard> rows;
    std::vector<std::optional<PreparedScorecard>> read;
    rows.reserve(cards.size());
    read.reserve(cards.size());
    for (const SupplierScorecard* card : cards) {
        rows.push_back(supplier_row_of(*card, policy));
        const auto it = current.find(card->supplier.id);
        read.push_back(it == current.end() ? std::nullopt : std::optional(it->second));
    }
    std::vector<store::PreparedScorecardRepository::RowToPut> puts;
    puts.reserve(cards.size());
    for (std::size_t i = 0; i < cards.size(); ++i)
        puts.push_back({&cards[i]->supplier.id, &rows[i], &read[i]});
    std::vector<bool> out;
    for (const auto& written :
         store::PreparedScorecardRepository(conn).put_all(PreparedKind::kSupplier, puts, now))
        out.push_back(written.has_value());
    return out;
}

std::optional<std::string> prepared_contract_json(store::Connection& conn,
                                                  const std::string& contract_id,
                                                  const ScoringPolicy& policy, Date as_of) {
    auto row =
        store::PreparedScorecardRepository(conn).find(PreparedKind::kContract, contract_id, true);
    if (!row || !servable(*row, policy_fingerprint(policy), format_date(as_of)))
        return std::nullopt;
    return row->stored->unpacked();
}

std::optional<std::string> prepared_supplier_json(store::Connection& conn,
                                                  const std::string& supplier_id,
                                                  const ScoringPolicy& policy) {
    auto row =
        store::PreparedScorecardRepository(conn).find(PreparedKind::kSupplier, supplier_id, true);
    if (!row || !servable(*row, policy_fingerprint(policy), ""))
        return std::nullopt;
    return with_place(row->stored->unpacked(), row->class_split, place_of(conn, *row));
}

namespace {

// The data version a cache's answer is checked at: the one read when the request was
// admitted, else read now (before anything it vouches for); 0 without a cache.
std::int64_t version_now(store::Connection& conn, const ScorecardCache* cache,
                         std::optional<std::int64_t> admitted_version) {
    if (!cache)
        return 0;
    return admitted_version ? *admitted_version : store::data_version(conn);
}

// Whether a kept copy was made for this policy and day.
bool kept_for(const ScorecardCache::Kept& kept, const std::string& fingerprint,
              const std::string& day) {
    return kept.row->policy == fingerprint && made_for(kept.row->as_of, day);
}

// The kept copy of (kind, id) when the cache alone vouches for it at data version
// `version`: kept, or last found unchanged, at that version or a later one. Reads nothing.
std::optional<ScorecardCache::Kept> kept_current(ScorecardCache& cache, PreparedKind kind,
                                                 const std::string& id,
                                                 const std::string& fingerprint,
                                                 const std::string& day, std::int64_t version) {
    auto kept = cache.find(kind, id);
    if (!kept || !kept_for(*kept, fingerprint, day) || kept->checked_at < version)
        return std::nullopt;
    cache.count_hit();
    return kept;
}

// The kept copy of (kind, id) when it may be served at data version `version`
// (reports/scorecard_cache.h): kept at this version or a later one, or, kept at an earlier
// one, its row still servable with the same ETag (read without its body).
std::optional<ScorecardCache::Kept> kept_row(store::Connection& conn, ScorecardCache& cache,
                                             PreparedKind kind, const std::string& id,
                                             const std::string& fingerprint, const std::string& day,
                                             std::int64_t version) {
    auto kept = cache.find(kind, id);
    if (!kept || !kept_for(*kept, fingerprint, day))
        return std::nullopt;
    if (kept->checked_at >= version) {
        cache.count_hit();
        return kept;
    }
    auto row = store::PreparedScorecardRepository(conn).find(kind, id, false);
    if (!row || !servable(*row, fingerprint, day) ||
        prepared_etag(*row) != prepared_etag(*kept->row))
        return std::nullopt;
    cache.checked(kind, id, version);
    cache.count_check();
    kept->checked_at = version;
    return kept;
}

// The supplier's place in its group now: from the group's scores kept for this data
// version when there is a cache, else counted by the database.
ClassPlace place_now(store::Connection& conn, const PreparedScorecard& row, ScorecardCache* cache,
                     std::int64_t version) {
    if (!cache)
        return place_of(conn, row);
    const auto scores = cache->group_scores(conn, group_of(row), version);
    return place_of(row, [&](double score) { return count_in(*scores, score); });
}

// Keeps a row read whole (its bytes as stored, shared with the cache) and answers with
// them, unpacked when sent; a supplier's with its `place` put in (the place moves with
// other suppliers' scores).
ScorecardAnswer keep_and_answer(ScorecardCache* cache, PreparedKind kind, const std::string& id,
                                const PreparedScorecard& row, std::int64_t version,
                                std::string etag, const std::optional<ClassPlace>& place) {
    if (cache) {
        cache->count_miss();
        cache->keep(kind, id, row, version);
    }
    ScorecardAnswer out = answer(std::move(etag), "", true, {});
    out.packed_body = row.stored;
    if (place) {
        out.insert_at = static_cast<std::size_t>(row.class_split);
        out.insert = place_json(*place);
    }
    return out;
}

}  // namespace

ScorecardAnswer answer_contract_scorecard(store::Database& db, const std::string& contract_id,
                                          const Principal& who, const ScoringPolicy& policy,
                                          Date as_of, Timestamp now, const HoldsEtag& holds,
                                          ScorecardCache* cache,
                                          std::optional<std::int64_t> admitted_version) {
    const std::string fingerprint = policy_fingerprint(policy);
    const std::string day = format_date(as_of);
    const auto kept_answer = [&](ScorecardCache::Kept& kept) {
        ScorecardAnswer out = answer(prepared_etag(*kept.row), "", true, holds);
        if (!out.not_modified)
            out.packed_body = std::move(kept.body);
        return out;
    };
    // At the version read when the request was admitted, the cache may answer alone.
    if (cache && admitted_version) {
        auto kept = kept_current(*cache, PreparedKind::kContract, contract_id, fingerprint, day,
                                 *admitted_version);
        if (kept && sees_whole_contract(who, kept->row->authority_id))
            return kept_answer(*kept);
    }
    bool remake = false;
    {
        auto conn = db.acquire();
        // Read before anything it vouches for (reports/scorecard_cache.h).
        const std::int64_t version = version_now(*conn, cache, admitted_version);
        if (cache) {
            auto kept = kept_row(*conn, *cache, PreparedKind::kContract, contract_id, fingerprint,
                                 day, version);
            if (kept && sees_whole_contract(who, kept->row->authority_id))
                return kept_answer(*kept);
        }
        store::PreparedScorecardRepository prepared(*conn);
        // With an If-None-Match the body is likely not needed: read it only if it is.
        auto row = prepared.find(PreparedKind::kContract, contract_id, !holds);
        if (row && sees_whole_contract(who, row->authority_id)) {
            if (servable(*row, fingerprint, day)) {
                const std::string etag = prepared_etag(*row);
                if (holds_etag(holds, etag))
                    return answer(etag, "", true, holds);
                if (holds)  // read again with the body; served only if it is the same row
                    row = prepared.find(PreparedKind::kContract, contract_id, true);
                if (row && prepared_etag(*row) == etag && servable(*row, fingerprint, day))
                    return keep_and_answer(cache, PreparedKind::kContract, contract_id, *row,
                                           version, etag, std::nullopt);
            }
            // A row not there at all (a database from before prepared scorecards, not
            // rescored since) is left to the scoring run: a GET of any id must not write.
            remake = row && !row->pending;
        }
        if (!remake) {
            ContractScorecard card =
                load_contract_scorecard(*conn, contract_id, who, policy, as_of);
            std::string body = to_json(card);
            return computed(std::move(body), holds);
        }
    }
    // Out of date and nothing queued: made again for every whole-view caller, under the
    // contract's lock as the scoring run writes it.
    std::optional<ScorecardAnswer> remade;
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        remade.reset();
        store::ContractRepository(conn).lock(contract_id);
        store::PreparedScorecardRepository prepared(conn);
        const auto current = prepared.find(PreparedKind::kContract, contract_id, false);
        if (current && current->pending)
            return;
        PreparedScorecard row = contract_row(conn, contract_id, policy, as_of);
        auto written = prepared.put(PreparedKind::kContract, contract_id, row,
                                    current ? std::optional(current->version) : std::nullopt, now);
        if (written && sees_whole_contract(who, row.authority_id))
            remade = answer(prepared_etag(*written), std::move(row.body), true, holds);
    });
    if (remade)
        return std::move(*remade);
    auto conn = db.acquire();
    ContractScorecard card = load_contract_scorecard(*conn, contract_id, who, policy, as_of);
    std::string body = to_json(card);
    return computed(std::move(body), holds);
}

ScorecardAnswer answer_supplier_scorecard(store::Database& db, const std::string& supplier_id,
                                          const Principal& who, const ScoringPolicy& policy,
                                          Timestamp now, const HoldsEtag& holds,
                                          ScorecardCache* cache,
                                          std::optional<std::int64_t> admitted_version) {
    const std::string fingerprint = policy_fingerprint(policy);
    const bool whole = sees_whole_supplier(who);
    // A kept row with its place now (from its group's scores as of the data version).
    const auto kept_answer = [&](ScorecardCache::Kept& kept, const std::vector<double>& scores) {
        const ClassPlace place =
            place_of(*kept.row, [&](double score) { return count_in(scores, score); });
        const std::string etag = prepared_etag(*kept.row, place_tag(place));
        if (holds_etag(holds, etag))
            return answer(etag, "", true, holds);
        // Unpacked with the place put in when the response is written.
        ScorecardAnswer out = answer(etag, "", true, {});
        out.packed_body = std::move(kept.body);
        out.insert_at = static_cast<std::size_t>(kept.row->class_split);
        out.insert = place_json(place);
        return out;
    };
    // At the version read when the request was admitted, the cache may answer alone.
    if (whole && cache && admitted_version) {
        auto kept = kept_current(*cache, PreparedKind::kSupplier, supplier_id, fingerprint, "",
                                 *admitted_version);
        const auto scores =
            kept ? cache->kept_group_scores(group_of(*kept->row), *admitted_version) : nullptr;
        if (scores)
            return kept_answer(*kept, *scores);
    }
    {
        auto conn = db.acquire();
        if (whole) {
            const std::int64_t version = version_now(*conn, cache, admitted_version);
            if (cache) {
                if (auto kept = kept_row(*conn, *cache, PreparedKind::kSupplier, supplier_id,
                                         fingerprint, "", version))
                    return kept_answer(*kept,
                                       *cache->group_scores(*conn, group_of(*kept->row), version));
            }
            store::PreparedScorecardRepository prepared(*conn);
            auto row = prepared.find(PreparedKind::kSupplier, supplier_id, !holds);
            bool remake = row && !row->pending;
            if (row && servable(*row, fingerprint, "")) {
                const ClassPlace place = place_now(*conn, *row, cache, version);
                const std::string etag = prepared_etag(*row, place_tag(place));
                if (holds_etag(holds, etag))
                    return answer(etag, "", true, holds);
                if (holds)
                    row = prepared.find(PreparedKind::kSupplier, supplier_id, true);
                if (row && prepared_etag(*row, place_tag(place)) == etag &&
                    servable(*row, fingerprint, "")) {
                    return keep_and_answer(cache, PreparedKind::kSupplier, supplier_id, *row,
                                           version, etag, place);
                }
                remake = false;  // written meanwhile: computed below this time
            }
            if (!remake) {
                SupplierScorecard card = load_supplier_scorecard(*conn, supplier_id, who, policy);
                std::string body = to_json(card);
                return computed(std::move(body), holds);
            }
        } else {
            SupplierScorecard card = load_supplier_scorecard(*conn, supplier_id, who, policy);
            std::string body = to_json(card);
            return computed(std::move(body), holds);
        }
    }
    std::optional<ScorecardAnswer> remade;
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        remade.reset();
        store::PreparedScorecardRepository prepared(conn);
        const auto current = prepared.find(PreparedKind::kSupplier, supplier_id, false);
        if (current && current->pending)
            return;
        PreparedScorecard row = supplier_row(conn, supplier_id, policy);
        auto written = prepared.put(PreparedKind::kSupplier, supplier_id, row,
                                    current ? std::optional(current->version) : std::nullopt, now);
        if (!written)
            return;
        const ClassPlace place = place_of(conn, *written);
        remade = answer(prepared_etag(*written, place_tag(place)),
                        with_place(std::move(row.body), row.class_split, place), true, holds);
    });
    if (remade)
        return std::move(*remade);
    auto conn = db.acquire();
    SupplierScorecard card = load_supplier_scorecard(*conn, supplier_id, who, policy);
    std::string body = to_json(card);
    return computed(std::move(body), holds);
}

}  // namespace scorecard::reports
