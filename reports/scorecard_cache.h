// A server's copies in memory of the prepared scorecards it has served, and of each size
// group's supplier scores (issue 18), so that a scorecard GET of data that has not changed
// reads one row (the data version) instead of tens of kB and a count over every supplier.
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
// The bytes are kept compressed (LZ4, against a dictionary: the first scorecard of its kind
// kept), about 12 times smaller than the JSON: a 45 kB contract scorecard takes about 4 kB
// with its fields, so that the default 64 MiB holds about 16,000 contract scorecards instead
// of 1,400 (issue 18: most GETs then read no row). They are unpacked straight into the
// response (about 8 µs for 45 kB, a few µs more than the copy it replaces); a miss packs
// (about 20 µs). What an entry takes is counted: its packed bytes and its fields (the two
// dictionaries, at most 64 kB each, besides).
//
// Thread safety: shared by all request threads; every member locks.
#pragma once

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

// A body kept compressed: LZ4 block against a dictionary (reports/scorecard_cache.cpp).
class PackedBody {
  public:
    // `dictionary` may be empty; it must stay the same for the life of the packed bytes.
    PackedBody(std::string_view bytes, std::shared_ptr<const std::string> dictionary);

    std::size_t size() const { return size_; }  // the bytes unpacked
    std::size_t packed_size() const { return packed_.size(); }
    // Appends the bytes to `out` (unpacked in place, no copy in between).
    void append_to(std::string& out) const;
    std::string unpacked() const;

  private:
    std::string packed_;
    std::size_t size_ = 0;
    std::shared_ptr<const std::string> dictionary_;
};

class ScorecardCache {
  public:
    explicit ScorecardCache(std::size_t capacity_bytes) : capacity_(capacity_bytes) {}

    // A prepared row as kept: its fields without the body, and the body packed and shared.
    struct Kept {
        store::PreparedScorecard row;  // body empty
        std::shared_ptr<const PackedBody> body;
        std::int64_t checked_at = 0;  // the data version it was last known servable at
    };

    // The kept row of (kind, id), if any.
    std::optional<Kept> find(store::PreparedKind kind, const std::string& id);
    // Keeps a row read whole as servable at `data_version` (its body packed: `row` is left
    // as it was); a row too large for the capacity is not kept.
    void keep(store::PreparedKind kind, const std::string& id, store::PreparedScorecard& row,
              std::int64_t data_version);
    // Notes that the kept row of (kind, id) was found servable, unchanged, at `data_version`.
    void checked(store::PreparedKind kind, const std::string& id, std::int64_t data_version);

    // The stored supplier scores of a size group, ascending, as of `data_version` (read with
    // `conn` when not kept for that version).
    std::shared_ptr<const std::vector<double>> group_scores(store::Connection& conn,
                                                            SizeGroup group,
                                                            std::int64_t data_version);

    struct Counts {
        std::int64_t hits = 0;     // served at the version kept, no row read
        std::int64_t checks = 0;   // the row read without its body, the bytes kept served
        std::int64_t misses = 0;   // the row read whole
        std::size_t bytes = 0;     // bytes kept now (packed, with each entry's fields)
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
    // What an entry takes: its packed body, its fields and its key (twice: map and list).
    static std::size_t footprint(const Key& key, const Kept& kept);
    // The dictionary of the kind's bodies: the first body kept of that kind (at most 64 kB).
    std::shared_ptr<const std::string> dictionary(store::PreparedKind kind, std::string_view body);
    void evict_locked();

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<Key, Entry> entries_;
    std::list<Key> lru_;  // most recently used first
    std::size_t bytes_ = 0;
    std::size_t unpacked_ = 0;
    std::shared_ptr<const std::string> contract_dictionary_, supplier_dictionary_;
    Group large_, sme_;
    Counts counts_;
};

}  // namespace scorecard::reports
