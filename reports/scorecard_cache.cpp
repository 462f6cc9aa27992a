#include "reports/scorecard_cache.h"

#include <lz4.h>

#include <algorithm>
#include <utility>

#include "model/errors.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

// LZ4 looks back at most 64 kB: a longer dictionary is cut to its first 64 kB.
constexpr std::size_t kDictionaryBytes = 64 * 1024;

// What an entry takes besides its packed body and key: the fields of its row, the map's
// and the list's nodes.
constexpr std::size_t kEntryOverhead = sizeof(store::PreparedScorecard) + sizeof(PackedBody) + 128;

int checked_int(std::size_t size) {
    if (size > static_cast<std::size_t>(LZ4_MAX_INPUT_SIZE))
        throw Error::Internal("a scorecard of " + std::to_string(size) +
                              " bytes is too large to keep");
    return static_cast<int>(size);
}

}  // namespace

PackedBody::PackedBody(std::string_view bytes, std::shared_ptr<const std::string> dictionary)
    : size_(bytes.size()), dictionary_(std::move(dictionary)) {
    // One compression state per thread (16 kB), reset for each body.
    struct Stream {
        LZ4_stream_t state;
        Stream() { LZ4_initStream(&state, sizeof state); }
    };
    thread_local Stream per_thread;
    LZ4_stream_t& stream = per_thread.state;
    const int size = checked_int(bytes.size());
    packed_.resize(static_cast<std::size_t>(LZ4_compressBound(size)));
    LZ4_resetStream_fast(&stream);
    if (dictionary_ && !dictionary_->empty())
        LZ4_loadDict(&stream, dictionary_->data(), static_cast<int>(dictionary_->size()));
    const int packed = LZ4_compress_fast_continue(&stream, bytes.data(), packed_.data(), size,
                                                  static_cast<int>(packed_.size()), 1);
    if (packed <= 0 && size > 0)
        throw Error::Internal("LZ4 could not compress a scorecard");
    packed_.resize(static_cast<std::size_t>(packed));
    packed_.shrink_to_fit();
}

void PackedBody::append_to(std::string& out) const {
    const std::size_t at = out.size();
    out.resize(at + size_);
    const int n =
        dictionary_ && !dictionary_->empty()
            ? LZ4_decompress_safe_usingDict(packed_.data(), out.data() + at,
                                            static_cast<int>(packed_.size()),
                                            static_cast<int>(size_), dictionary_->data(),
                                            static_cast<int>(dictionary_->size()))
            : LZ4_decompress_safe(packed_.data(), out.data() + at, static_cast<int>(packed_.size()),
                                  static_cast<int>(size_));
    if (n < 0 || static_cast<std::size_t>(n) != size_)
        throw Error::Internal("a kept scorecard did not unpack");  // a bug: never served
}

std::string PackedBody::unpacked() const {
    std::string out;
    append_to(out);
    return out;
}

ScorecardCache::Key ScorecardCache::key_of(store::PreparedKind kind, const std::string& id) {
    return (kind == store::PreparedKind::kContract ? "c:" : "s:") + id;
}

std::optional<ScorecardCache::Kept> ScorecardCache::find(store::PreparedKind kind,
                                                         const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key_of(kind, id));
    if (it == entries_.end())
        return std::nullopt;
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return it->second.kept;
}

std::size_t ScorecardCache::footprint(const Key& key, const Kept& kept) {
    const store::PreparedScorecard& r = kept.row;
    return kept.body->packed_size() + kEntryOverhead + 2 * key.size() + r.as_of.size() +
           r.policy.size() + r.authority_id.size() + r.size_group.size() + r.prepared_at.size();
}

std::shared_ptr<const std::string> ScorecardCache::dictionary(store::PreparedKind kind,
                                                              std::string_view body) {
    auto& kept =
        kind == store::PreparedKind::kContract ? contract_dictionary_ : supplier_dictionary_;
    std::lock_guard lock(mutex_);
    if (!kept)
        kept = std::make_shared<const std::string>(
            body.substr(0, std::min(body.size(), kDictionaryBytes)));
    return kept;
}

void ScorecardCache::keep(store::PreparedKind kind, const std::string& id,
                          store::PreparedScorecard& row, std::int64_t data_version) {
    if (capacity_ == 0)
        return;
    // The row's fields are copied without the body, which is then packed (outside the lock:
    // tens of µs) and put back.
    std::string body = std::move(row.body);
    Kept kept{row, nullptr, data_version};
    row.body = std::move(body);
    kept.body = std::make_shared<const PackedBody>(row.body, dictionary(kind, row.body));
    const Key key = key_of(kind, id);
    const std::size_t takes = footprint(key, kept);
    if (takes > capacity_)
        return;
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
        // A thread that read an older version must not replace a newer one.
        if (it->second.kept.checked_at > data_version)
            return;
        bytes_ -= footprint(key, it->second.kept);
        unpacked_ -= it->second.kept.body->size();
        lru_.splice(lru_.begin(), lru_, it->second.lru);
    } else {
        lru_.push_front(key);
        it = entries_.emplace(key, Entry{{}, lru_.begin()}).first;
    }
    bytes_ += takes;
    unpacked_ += kept.body->size();
    it->second.kept = std::move(kept);
    evict_locked();
}

void ScorecardCache::checked(store::PreparedKind kind, const std::string& id,
                             std::int64_t data_version) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key_of(kind, id));
    if (it != entries_.end() && it->second.kept.checked_at < data_version)
        it->second.kept.checked_at = data_version;
}

void ScorecardCache::evict_locked() {
    while (bytes_ > capacity_ && !lru_.empty()) {
        auto it = entries_.find(lru_.back());
        bytes_ -= footprint(it->first, it->second.kept);
        unpacked_ -= it->second.kept.body->size();
        entries_.erase(it);
        lru_.pop_back();
    }
}

std::shared_ptr<const std::vector<double>> ScorecardCache::group_scores(store::Connection& conn,
                                                                        SizeGroup group,
                                                                        std::int64_t data_version) {
    Group& kept = group == SizeGroup::kLarge ? large_ : sme_;
    {
        std::lock_guard lock(mutex_);
        if (kept.version == data_version && kept.scores)
            return kept.scores;
    }
    // Read outside the lock: at most a few ms, once per change of the data.
    auto scores = std::make_shared<const std::vector<double>>(
        store::ScoreRepository(conn).supplier_scores(group));
    std::lock_guard lock(mutex_);
    if (data_version >= kept.version) {
        kept.version = data_version;
        kept.scores = scores;
    }
    return scores;
}

ScorecardCache::Counts ScorecardCache::counts() const {
    std::lock_guard lock(mutex_);
    Counts out = counts_;
    out.bytes = bytes_;
    out.unpacked = unpacked_;
    return out;
}

void ScorecardCache::count_hit() {
    std::lock_guard lock(mutex_);
    ++counts_.hits;
}

void ScorecardCache::count_check() {
    std::lock_guard lock(mutex_);
    ++counts_.checks;
}

void ScorecardCache::count_miss() {
    std::lock_guard lock(mutex_);
    ++counts_.misses;
}

}  // namespace scorecard::reports
