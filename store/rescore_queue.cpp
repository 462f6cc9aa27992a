#include "store/rescore_queue.h"

#include <algorithm>
#include <random>
#include <set>

#include "store/repository_support.h"

namespace scorecard::store {

using namespace detail;

namespace {

// In [2^32, 2^52): far from 0 and from the bumps of any entry's lifetime, exact as a double.
std::int64_t fresh_version() {
    std::random_device entropy;
    const std::uint64_t bits = (std::uint64_t{entropy()} << 32) | entropy();
    return static_cast<std::int64_t>((std::uint64_t{1} << 32) + bits % (std::uint64_t{1} << 51));
}

}  // namespace

void RescoreQueue::add(const std::vector<std::string>& contract_ids, Timestamp now) {
    std::set<std::string> wanted(contract_ids.begin(), contract_ids.end());
    const std::vector<std::string> ids(wanted.begin(), wanted.end());
    std::set<std::string> queued;
    for_each_chunk(ids, [&](Params chunk, const std::string& in_list) {
        conn_.query("SELECT contract_id FROM rescore_queue WHERE contract_id IN " + in_list, chunk,
                    [&](const Row& r) { queued.insert(r[0].as_text()); });
        Params bump{text(now)};
        bump.insert(bump.end(), chunk.begin(), chunk.end());
        conn_.execute(
            "UPDATE rescore_queue SET version = version + 1, bumped_at = ? WHERE contract_id IN " +
                in_list,
            bump);
    });
    // A new entry's version is drawn at random, one for the call's entries (a run removes
    // them grouped by version): an entry removed and queued again while a long run holds its
    // old version must not match it, as it would if versions started at 1 again.
    Params rows;
    const std::int64_t first_version = fresh_version();
    for (const std::string& id : ids) {
        if (!queued.contains(id))
            rows.insert(rows.end(), {id, first_version, text(now), text(now), nullptr, ""});
    }
    // Two imports queueing the same new contract at once collide here (kConflict): the
    // caller's transaction is retried and then finds the other's entry.
    insert_rows(conn_,
                "rescore_queue (contract_id, version, queued_at, bumped_at, claimed_until, "
                "claimed_by)",
                6, rows);
    // What is queued is not served prepared (reports/prepared_scorecards.h): caches that
    // vouch for prepared rows by the data version must see it move.
    if (!ids.empty())
        conn_.note_change();
}

std::map<std::string, std::int64_t> RescoreQueue::versions(
    const std::vector<std::string>& contract_ids) {
    std::map<std::string, std::int64_t> out;
    for_each_chunk(contract_ids, [&](Params chunk, const std::string& in_list) {
        conn_.query(
            "SELECT contract_id, version FROM rescore_queue WHERE contract_id IN " + in_list, chunk,
            [&](const Row& r) { out[r[0].as_text()] = r[1].as_int(); });
    });
    return out;
}

void RescoreQueue::remove(const std::map<std::string, std::int64_t>& done) {
    // Grouped by version (nearly all are 1), so that one statement removes many.
    std::map<std::int64_t, std::vector<std::string>> by_version;
    for (const auto& [id, version] : done)
        by_version[version].push_back(id);
    for (const auto& [version, ids] : by_version) {
        for_each_chunk(ids, [&](Params chunk, const std::string& in_list) {
            Params params;
            params.reserve(chunk.size() + 1);
            params.emplace_back(version);
            params.insert(params.end(), chunk.begin(), chunk.end());
            conn_.execute(
                "DELETE FROM rescore_queue WHERE version = ? AND contract_id IN " + in_list,
                params);
        });
    }
    if (!done.empty())
        conn_.note_change();
}

std::vector<std::string> RescoreQueue::claim(Timestamp now, Timestamp settled_before,
                                             Timestamp lease_until, const std::string& claimer,
                                             int limit) {
    std::vector<std::string> candidates;
    conn_.query(
        "SELECT contract_id FROM rescore_queue WHERE (claimed_until IS NULL OR claimed_until <= ?) "
        "AND bumped_at <= ? ORDER BY queued_at, contract_id LIMIT " +
            std::to_string(std::max(1, limit)),
        {text(now), text(settled_before)},
        [&](const Row& r) { candidates.push_back(r[0].as_text()); });
    std::vector<std::string> claimed;
    for (const std::string& id : candidates) {
        // Conditional, as FeedSourceRepository::claim: another process may have taken it
        // since the SELECT.
        if (conn_.execute(
                "UPDATE rescore_queue SET claimed_until = ?, claimed_by = ? WHERE contract_id = ? "
                "AND (claimed_until IS NULL OR claimed_until <= ?)",
                {text(lease_until), claimer, id, text(now)}) == 1)
            claimed.push_back(id);
    }
    return claimed;
}

void RescoreQueue::release(const std::vector<std::string>& contract_ids) {
    for_each_chunk(contract_ids, [&](Params chunk, const std::string& in_list) {
        conn_.execute(
            "UPDATE rescore_queue SET claimed_until = NULL, claimed_by = '' WHERE contract_id IN " +
                in_list,
            chunk);
    });
}

std::vector<std::string> RescoreQueue::all() {
    std::vector<std::string> out;
    conn_.query("SELECT contract_id FROM rescore_queue ORDER BY queued_at, contract_id", {},
                [&](const Row& r) { out.push_back(r[0].as_text()); });
    return out;
}

RescoreQueue::Backlog RescoreQueue::backlog() {
    Backlog out;
    auto row = conn_.query_one("SELECT COUNT(*), MIN(queued_at) FROM rescore_queue");
    if (row) {
        out.contracts = (*row)[0].as_int();
        out.oldest = optional_timestamp_from((*row)[1]);
    }
    return out;
}

std::optional<FullRun> ScoringRuns::last() {
    auto row = conn_.query_one(
        "SELECT as_of, policy, data_version, finished_at FROM scoring_runs WHERE id = 1");
    if (!row)
        return std::nullopt;
    return FullRun{(*row)[0].as_text(), (*row)[1].as_text(), (*row)[2].as_int(),
                   (*row)[3].as_text()};
}

void ScoringRuns::record(const FullRun& run) {
    conn_.execute("DELETE FROM scoring_runs WHERE id = 1");
    conn_.execute(
        "INSERT INTO scoring_runs (id, as_of, policy, data_version, finished_at) VALUES (1, ?, "
        "?, ?, ?)",
        {run.as_of, run.policy, run.data_version, run.finished_at});
}

}  // namespace scorecard::store
