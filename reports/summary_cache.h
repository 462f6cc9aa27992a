// The minister's summary reads every visible contract, so at tens of thousands of contracts
// it costs far more than a request should (BENCHMARKS.md). The figures only change when
// data changes, and the store counts changes (store::data_version), so a summary is kept —
// the read model and its JSON and CSV — and served again for as long as nothing has
// changed: one indexed one-row read per request instead of the whole computation.
//
// A summary depends on, and is kept by: who asks (everyone who sees everything shares one;
// a commercial team its authority's; a supplier its own), the day (the trend's window and
// which returns are due) and the data version it was built at. An entry built at an older version
// is never served: the version is read before the summary is built, so an entry is at least as new
// as its key.
//
// Thread safety: shared by all request threads. Building runs outside the lock, once per
// key and version: threads that ask for a summary while it is being built wait for that
// build rather than start their own (after a change, every open dashboard asks at once).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include <memory>

#include "reports/summary.h"

namespace scorecard::reports {

// A summary as kept: the read model and its two written forms, made once per build.
struct CachedSummary {
    Summary model;
    std::string json;  // to_json(model)
    std::string csv;   // to_csv(model)
    // Their strong ETags (reports/prepared_scorecards.h etag_of), for If-None-Match.
    std::string json_etag;
    std::string csv_etag;

    // A rendering of the model made once and kept with it, e.g. a page's content (a page
    // viewed again draws the same summary): `make` runs on the first call for `name`.
    std::string rendered(const std::string& name,
                         const std::function<std::string(const Summary&)>& make) const;

  private:
    mutable std::mutex rendered_mutex_;
    mutable std::map<std::string, std::string> rendered_;
};

class SummaryCache {
  public:
    // A cache of the summaries made with `policy`, the configured one (entries are not keyed
    // by it).
    explicit SummaryCache(const ScoringPolicy& policy, std::size_t capacity = 64)
        : policy_(policy), capacity_(capacity) {}

    // load_summary(conn, who, policy, as_of) with its JSON and CSV, from the cache when
    // nothing has changed. Never null; shared with other requests, so read-only.
    std::shared_ptr<const CachedSummary> summary(store::Connection& conn, const Principal& who,
                                                 Date as_of);

    struct Counts {
        std::int64_t hits = 0;    // served from the cache
        std::int64_t misses = 0;  // built
        std::int64_t shared = 0;  // waited for another thread's build
    };
    Counts counts() const;

  private:
    struct Entry {
        std::string key;
        std::int64_t version = 0;
        std::shared_ptr<const CachedSummary> summary;
    };
    const ScoringPolicy policy_;
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    struct Build {
        std::int64_t version = 0;
        std::shared_future<std::shared_ptr<const CachedSummary>> result;
    };
    std::list<Entry> entries_;  // most recently used first
    std::map<std::string, Build> building_;
    Counts counts_;

    void store(const std::string& key, std::int64_t version,
               const std::shared_ptr<const CachedSummary>& summary);
};

}  // namespace scorecard::reports
