#include "services/token_cache.h"

namespace scorecard::services {

std::optional<Principal> TokenCache::find(const std::string& token_sha256,
                                          std::int64_t data_version, Timestamp now) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(token_sha256);
    if (it == entries_.end() || it->second.data_version != data_version ||
        (it->second.expires && *it->second.expires <= now))
        return std::nullopt;
    return it->second.who;
}

void TokenCache::keep(const std::string& token_sha256, const Principal& who,
                      std::optional<Timestamp> expires, std::int64_t data_version) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries && !entries_.contains(token_sha256))
        entries_.clear();
    entries_.insert_or_assign(token_sha256, Entry{who, expires, data_version});
}

std::size_t TokenCache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace scorecard::services
