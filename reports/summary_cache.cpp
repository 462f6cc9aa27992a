#include "reports/summary_cache.h"

#include <algorithm>

#include "reports/prepared_scorecards.h"

namespace scorecard::reports {
namespace {

// What the summary's scope depends on (reports/summary.cpp load_summary(): admins and
// ministers see everything; a commercial user its authority; a supplier itself).
std::string scope_key(const Principal& who, Date as_of) {
    std::string key = format_date(as_of);
    switch (who.role) {
        case Role::kAdmin:
        case Role::kMinister:
            return key + "|all";
        case Role::kCommercial:
            return key + "|authority|" + who.authority_id;
        case Role::kSupplier:
            return key + "|supplier|" + who.supplier_id;
    }
    return key + "|" + std::string(to_string(who.role)) + "|" + who.user;
}

}  // namespace

std::string CachedSummary::rendered(const std::string& name,
                                    const std::function<std::string(const Summary&)>& make) const {
    {
        std::lock_guard lock(rendered_mutex_);
        if (auto it = rendered_.find(name); it != rendered_.end())
            return it->second;
    }
    // Made outside the lock; two threads that race both make it, and the first is kept.
    std::string made = make(model);
    std::lock_guard lock(rendered_mutex_);
    return rendered_.emplace(name, std::move(made)).first->second;
}

std::shared_ptr<const CachedSummary> SummaryCache::summary(store::Connection& conn,
                                                           const Principal& who, Date as_of) {
    const std::string key = scope_key(who, as_of);
    // Read before building: whatever is built below is at least this new.
    const std::int64_t version = store::data_version(conn);
    std::promise<std::shared_ptr<const CachedSummary>> promise;
    {
        std::unique_lock lock(mutex_);
        auto it = std::find_if(entries_.begin(), entries_.end(),
                               [&](const Entry& e) { return e.key == key; });
        if (it != entries_.end() && it->version == version) {
            entries_.splice(entries_.begin(), entries_, it);
            ++counts_.hits;
            return it->summary;
        }
        auto build = building_.find(key);
        if (build != building_.end() && build->second.version >= version) {
            std::shared_future<std::shared_ptr<const CachedSummary>> result = build->second.result;
            ++counts_.shared;
            lock.unlock();
            return result.get();  // the builder's result, or its exception
        }
        building_[key] = Build{version, promise.get_future().share()};
        ++counts_.misses;
    }
    try {
        auto built = std::make_shared<CachedSummary>();
        built->model = load_summary(conn, who, policy_, as_of);
        built->json = to_json(built->model);
        built->csv = to_csv(built->model);
        built->json_etag = etag_of(built->json);
        built->csv_etag = etag_of(built->csv);
        std::shared_ptr<const CachedSummary> summary = std::move(built);
        promise.set_value(summary);
        store(key, version, summary);
        return summary;
    } catch (...) {
        promise.set_exception(std::current_exception());
        std::lock_guard lock(mutex_);
        if (auto build = building_.find(key);
            build != building_.end() && build->second.version == version)
            building_.erase(build);
        throw;
    }
}

void SummaryCache::store(const std::string& key, std::int64_t version,
                         const std::shared_ptr<const CachedSummary>& summary) {
    std::lock_guard lock(mutex_);
    if (auto build = building_.find(key);
        build != building_.end() && build->second.version == version)
        building_.erase(build);
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return e.key == key; });
    if (it != entries_.end()) {
        if (it->version <= version) {  // keep the newer of two builds
            it->version = version;
            it->summary = summary;
        }
        entries_.splice(entries_.begin(), entries_, it);
        return;
    }
    entries_.push_front({key, version, summary});
    if (entries_.size() > capacity_)
        entries_.pop_back();
}

SummaryCache::Counts SummaryCache::counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
}

}  // namespace scorecard::reports
