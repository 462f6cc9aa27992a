#include "reports/scorecard_cache.h"

#include <algorithm>
#include <utility>

#include "model/errors.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

// What an entry takes besides its stored body and key: the fields of its row, the map's
// and the list's nodes.
constexpr std::size_t kEntryOverhead =
    sizeof(store::PreparedScorecard) + sizeof(store::StoredBody) + 128;

}  // namespace

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
    const store::PreparedScorecard& r = *kept.row;
    return kept.body->bytes().size() + kEntryOverhead + 2 * key.size() + r.as_of.size() +
           r.policy.size() + r.authority_id.size() + r.size_group.size() + r.prepared_at.size();
}

void ScorecardCache::keep(store::PreparedKind kind, const std::string& id,
                          const store::PreparedScorecard& row, std::int64_t data_version) {
    if (capacity_ == 0 || !row.stored)
        return;
    auto fields = std::make_shared<store::PreparedScorecard>(row);
    fields->body.clear();
    fields->stored.reset();
    Kept kept{std::move(fields), row.stored, data_version};
    // A row stored before bodies were (store/prepared_body.h) is packed here, outside the
    // lock (tens of µs): once, until the row is written again.
    if (kept.body->codec() == store::BodyCodec::kJson)
        kept.body = store::StoredBody::pack(kept.body->bytes());
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

std::shared_ptr<const std::vector<double>> ScorecardCache::kept_group_scores(
    SizeGroup group, std::int64_t data_version) const {
    const Group& kept = group == SizeGroup::kLarge ? large_ : sme_;
    std::lock_guard lock(mutex_);
    return kept.version == data_version ? kept.scores : nullptr;
}

std::shared_ptr<const std::vector<double>> ScorecardCache::group_scores(store::Connection& conn,
                                                                        SizeGroup group,
                                                                        std::int64_t data_version) {
    if (auto scores = kept_group_scores(group, data_version))
        return scores;
    Group& kept = group == SizeGroup::kLarge ? large_ : sme_;
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
    Counts out;
    out.hits = hits_.load(std::memory_order_relaxed);
    out.checks = checks_.load(std::memory_order_relaxed);
    out.misses = misses_.load(std::memory_order_relaxed);
    std::lock_guard lock(mutex_);
    out.bytes = bytes_;
    out.unpacked = unpacked_;
    return out;
}

void ScorecardCache::count_hit() {
    hits_.fetch_add(1, std::memory_order_relaxed);
}

void ScorecardCache::count_check() {
    checks_.fetch_add(1, std::memory_order_relaxed);
}

void ScorecardCache::count_miss() {
    misses_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace scorecard::reports
