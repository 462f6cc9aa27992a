#include "services/http/metrics.h"

#include <charconv>
#include <chrono>

#include "services/ingest.h"

namespace scorecard::services {
namespace {

// The shortest text that reads back as the same double ("0.005", "10", "0.303").
std::string number(double value) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc{} ? std::string(buffer, end) : std::string("NaN");
}

std::string label_pair(std::string_view name, std::string_view value) {
    return std::string(name) + "=\"" + escape_label(value) + "\"";
}

}  // namespace

std::string escape_label(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

Metrics& Metrics::global() {
    static Metrics metrics;
    return metrics;
}

Metrics::Metrics(std::function<DocumentCounts()> documents)
    : start_time_seconds_(
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
              .count()),
      documents_(std::move(documents)) {}

void Metrics::observe_request(std::string_view method, std::string_view route, int status,
                              double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(method), std::string(route), status}];
    Latency& latency = latencies_[{std::string(method), std::string(route)}];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) {
            ++latency.buckets[i];
            break;
        }
    }
    ++latency.count;
    latency.sum += seconds;
    if (status >= 500)
        ++errors_["server"];
    else if (status >= 400)
        ++errors_["client"];
}

std::string Metrics::exposition() const {
    std::lock_guard lock(mutex_);
    std::string out;
    out +=
        "# HELP scorecard_build_info The scorecard build; always 1.\n"
        "# TYPE scorecard_build_info gauge\n"
        "scorecard_build_info{version=\"" SCORECARD_VERSION "\"} 1\n";
    out +=
        "# HELP process_start_time_seconds Start time of the process since the Unix epoch.\n"
        "# TYPE process_start_time_seconds gauge\n"
        "process_start_time_seconds " +
        number(start_time_seconds_) + "\n";

    out +=
        "# HELP scorecard_http_requests_total HTTP requests answered, by method, route "
        "pattern and status.\n"
        "# TYPE scorecard_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        const auto& [method, route, status] = key;
        out += "scorecard_http_requests_total{" + label_pair("method", method) + "," +
               label_pair("route", route) + "," + label_pair("status", std::to_string(status)) +
               "} " + std::to_string(count) + "\n";
    }

    out +=
        "# HELP scorecard_http_request_duration_seconds Time to answer an HTTP request, "
        "by method and route pattern.\n"
        "# TYPE scorecard_http_request_duration_seconds histogram\n";
    for (const auto& [key, latency] : latencies_) {
        const std::string labels =
            label_pair("method", key.first) + "," + label_pair("route", key.second);
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += latency.buckets[i];
            out += "scorecard_http_request_duration_seconds_bucket{" + labels + "," +
                   label_pair("le", number(kBuckets[i])) + "} " + std::to_string(cumulative) + "\n";
        }
        out += "scorecard_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
               std::to_string(latency.count) + "\n";
        out += "scorecard_http_request_duration_seconds_sum{" + labels + "} " +
               number(latency.sum) + "\n";
        out += "scorecard_http_request_duration_seconds_count{" + labels + "} " +
               std::to_string(latency.count) + "\n";
    }

    out +=
        "# HELP scorecard_http_errors_total HTTP requests answered with an error status, "
        "by class (client: 4xx, server: 5xx).\n"
        "# TYPE scorecard_http_errors_total counter\n";
    for (const char* kind : {"client", "server"}) {
        auto it = errors_.find(kind);
        out += "scorecard_http_errors_total{" + label_pair("class", kind) + "} " +
               std::to_string(it == errors_.end() ? 0 : it->second) + "\n";
    }

    out +=
        "# HELP scorecard_documents_total Documents through the import pipeline (any "
        "channel), by kind and outcome.\n"
        "# TYPE scorecard_documents_total counter\n";
    for (const auto& [key, count] : documents_())
        out += "scorecard_documents_total{" + label_pair("kind", key.first) + "," +
               label_pair("outcome", key.second) + "} " + std::to_string(count) + "\n";
    return out;
}

std::string pending_work_exposition(const PendingWork& work, Timestamp now) {
    const std::int64_t oldest =
        work.oldest_queued ? std::max<std::int64_t>(0, (now - *work.oldest_queued).count()) : 0;
    return "# HELP scorecard_rescore_queue_contracts Contracts queued for rescoring (their scores "
           "and flags are behind their data).\n"
           "# TYPE scorecard_rescore_queue_contracts gauge\n"
           "scorecard_rescore_queue_contracts " +
           std::to_string(work.queued_contracts) +
           "\n"
           "# HELP scorecard_rescore_queue_oldest_seconds Seconds the longest-queued contract has "
           "waited (0 when none).\n"
           "# TYPE scorecard_rescore_queue_oldest_seconds gauge\n"
           "scorecard_rescore_queue_oldest_seconds " +
           std::to_string(oldest) +
           "\n"
           "# HELP scorecard_documents_pending Documents received without an outcome yet (being "
           "imported, or left by an import that died).\n"
           "# TYPE scorecard_documents_pending gauge\n"
           "scorecard_documents_pending " +
           std::to_string(work.pending_documents) + "\n";
}

}  // namespace scorecard::services
