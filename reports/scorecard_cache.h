// A server's copies in memory of the prepared scorecards it has served, and of each size
// group's supplier scores (issue 18), so that a scorecard GET of data that has not changed
// reads one row (the data version) instead of tens of kB and a count over every supplier.
// A server reads that version once per request, as it admits it with its bearer token
// (services/token_cache.h); the answer then needs no connection of its own.
//
// What is kept is never trusted beyond the data version it was checked at
// (store/database.h data_version(), which every committed change moves: scores, flags,
// workflow, the rescore queue and the prepared rows themselves):
//   - a prepared row's bytes are served without reading the row again only at the data
//     version they were read or last checked at; at a later version the row is read without
//     its body and the bytes kept are served only if it is still servable and has the same
//     version and date (its ETag), else the row is read whole;
//   - a size group's scores (for the supplier's place in its group, SPEC §3.7) are read
//     once per data version.
// So several servers over one database see each other's changes as soon as they commit.
//
// Byte-capped: the rows are evicted least recently used first once what they take exceeds
// the capacity (server.scorecard_cache_bytes); a row larger than the capacity is not kept.
// The bytes are kept as the row stores them (store/prepared_body.h: LZ4, about 9 times
// smaller than the JSON), shared with the answers that send them, and unpacked straight
// into the response (about 8 µs for 45 kB, a few µs more than the copy it replaces); a miss
// keeps what it read as it is. A row stored before migration 12 (the JSON as it is) is
// packed when kept. What an entry takes is counted: its stored bytes and its fields.
//
// Thread safety: shared by all request threads; every member locks.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/scoring.h"
#include "store/prepared_scorecard_repository.h"

namespace scorecard::reports {

class ScorecardCache {
  public:
    explicit ScorecardCache(std::size_t capacity_bytes) : capacity_(capacity_bytes) {}

    // A prepared row as kept: its fields without the body, and the body as stored, shared.
    // Both shared with the cache: finding one copies no string (its lock is held briefly).
    struct Kept {
        std::shared_ptr<const store::PreparedScorecard> row;  // body empty, stored null
        std::shared_ptr<const store::StoredBody> body;
        std::int64_t checked_at = 0;  // the data version it was last known servable at
    };

    // The kept row of (kind, id), if any.
    std::optional<Kept> find(store::PreparedKind kind, const std::string& id);
    // Keeps a row read whole (its `stored` body, shared as it is) as servable at
    // `data_version`; a row too large for the capacity is not kept.
    void keep(store::PreparedKind kind, const std::string& id, const store::PreparedScorecard& row,
              std::int64_t data_version);
    // Notes that the kept row of (kind, id) was found servable, unchanged, at `data_version`.
    void checked(store::PreparedKind kind, const std::string& id, std::int64_t data_version);

    // The stored supplier scores of a size group, ascending, as of `data_version` (read with
    // `conn` when not kept for that version).
    std::shared_ptr<const std::vector<double>> group_scores(store::Connection& conn,
                                                            SizeGroup group,
                                                            std::int64_t data_version);
    // The same when kept for `data_version`, else null (nothing is read).
    std::shared_ptr<const std::vector<double>> kept_group_scores(SizeGroup group,
                                                                 std::int64_t data_version) const;

    struct Counts {
        std::int64_t hits = 0;     // served at the version kept, no row read
        std::int64_t checks = 0;   // the row read without its body, the bytes kept served
        std::int64_t misses = 0;   // the row read whole
        std::size_t bytes = 0;     // bytes kept now (as stored, with each entry's fields)
        std::size_t unpacked = 0;  // what the kept bodies are unpacked
    };
    Counts counts() const;
    void count_hit();
    void count_check();
    void count_miss();

  private:
    using Key = std::string;  // "c:ID" / "s:ID"
    struct Entry {
        Kept kept;
        std::list<Key>::iterator lru;
    };
    struct Group {
        std::int64_t version = -1;
        std::shared_ptr<const std::vector<double>> scores;
    };
    static Key key_of(store::PreparedKind kind, const std::string& id);
    // What an entry takes: its stored body, its fields and its key (twice: map and list).
    static std::size_t footprint(const Key& key, const Kept& kept);
    void evict_locked();

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<Key, Entry> entries_;
    std::list<Key> lru_;  // most recently used first
    std::size_t bytes_ = 0;
    std::size_t unpacked_ = 0;
    Group large_, sme_;
    // Counted without the lock.
    std::atomic<std::int64_t> hits_{0}, checks_{0}, misses_{0};
};

}  // namespace scorecard::reports
