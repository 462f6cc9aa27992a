// Prometheus metrics for GET /metrics (text exposition format 0.0.4): HTTP requests by
// method, route pattern and status, their latencies, errors, imported documents by kind
// and outcome (counted by the import pipeline), the process start time and build info. See
// docs/operations.md.
//
// Labels are bounded: a request is counted under its route's pattern
// ("/api/v1/documents/{id}"), never its raw path, and under "unmatched" when no route
// matched, so that the number of series does not grow with traffic.
//
// Thread safety: every member function may be called from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "services/ingest.h"
#include "services/recovery.h"

namespace scorecard::services {

class Metrics {
  public:
    // The process-wide registry the server and the import pipeline report to.
    static Metrics& global();

    // `documents` tells the documents this process has imported (the import pipeline's own
    // count by default; tests give their own).
    explicit Metrics(std::function<DocumentCounts()> documents = documents_processed);
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // One answered HTTP request. `route` is the matched route's pattern or "unmatched".
    void observe_request(std::string_view method, std::string_view route, int status,
                         double seconds);
    // The whole exposition text.
    std::string exposition() const;

    // Upper bounds (seconds) of the latency histogram's buckets, +Inf implied.
    static constexpr std::array<double, 11> kBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                     0.5,   1.0,  2.5,   5.0,  10.0};

  private:
    struct Latency {
        std::array<std::uint64_t, kBuckets.size()> buckets{};  // not cumulative here
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    double start_time_seconds_;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
    std::map<std::pair<std::string, std::string>, Latency> latencies_;
    std::map<std::string, std::uint64_t> errors_;  // "client" (4xx), "server" (5xx)
    std::function<DocumentCounts()> documents_;
};

// Escapes a label value for the exposition format (backslash, double quote, newline).
std::string escape_label(std::string_view value);

// The gauges of the work waiting in the database (services/recovery.h PendingWork) at
// `now`: scorecard_rescore_queue_contracts, scorecard_rescore_queue_oldest_seconds and
// scorecard_documents_pending.
std::string pending_work_exposition(const PendingWork& work, Timestamp now);

}  // namespace scorecard::services
