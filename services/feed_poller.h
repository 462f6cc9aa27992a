// Polls the feed URLs listed in the configuration (SPEC §5 "Feeds can also be polled";
// docs/feeds.md): each source is fetched every `interval_seconds` with a conditional request
// (If-None-Match / If-Modified-Since from the last response); a new document goes through
// ingest_document() like any upload (archived, atomic, idempotent) with the rights of the
// source's account; every poll is recorded in the database (store/feed_source_repository.h)
// and shown by GET /api/v1/feeds/sources. A failing source waits interval × 2^failures
// (capped) before the next try; one success resets it.
//
// Thread safety: one FeedPoller owns at most one polling thread (start/stop from one
// thread). poll_due_now() is for tests and must not run while the thread does. Several
// processes may poll one database: a source is claimed before it is fetched.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "model/access.h"
#include "model/calendar.h"
#include "services/settings.h"
#include "store/database.h"
#include "store/feed_source_repository.h"

namespace scorecard::services {

// The URL fit to show, log or store: "http://user:***@host/x" for "http://user:pw@host/x",
// "http://***@host/x" for a user-info without a password; other URLs unchanged.
std::string masked_url(const std::string& url);

// Seconds from a poll to the next one after `failures` consecutive failures (0 after a
// success): interval × 2^failures, at most max_backoff but never less than the interval.
std::int64_t poll_delay_seconds(int interval_seconds, int failures, int max_backoff_seconds);

// One conditional GET of a feed URL: the validators of the last response, and the limits.
struct FeedRequest {
    std::string url;
    std::string etag;           // sent as If-None-Match when set
    std::string last_modified;  // sent as If-Modified-Since when set
    int timeout_seconds = 30;   // connect, each wait for data, and the whole exchange
    std::size_t max_bytes = 0;  // a larger body is an error
};

// What one exchange gave: a status and body, or an error (then status is whatever arrived
// before it, 0 if nothing did). 304 means not modified.
struct FeedResponse {
    int status = 0;
    std::string body;
    std::string etag;
    std::string last_modified;
    std::string error;
};

// Fetches a feed. The HTTP layer provides the real one (services/http/feed_fetch.h), so
// that this application service needs no network library; tests may give their own.
using FeedFetcher = std::function<FeedResponse(const FeedRequest&)>;

class FeedPoller {
  public:
    using Clock = std::function<Timestamp()>;

    // Looks up every source's account (Error::BadRequest naming the source when it does not
    // exist or may not change data) and registers the sources in the database (a new
    // source is due at once). `fetch` makes the requests; `clock` defaults to
    // settings.clock; `log`, when given, gets one line per poll.
    FeedPoller(store::Database& db, Settings settings, FeedFetcher fetch, Clock clock = {},
               std::ostream* log = nullptr);
    ~FeedPoller();  // stops the thread
    FeedPoller(const FeedPoller&) = delete;
    FeedPoller& operator=(const FeedPoller&) = delete;

    // Starts the polling thread: it polls what is due, sleeps until the next source is due
    // (at most kIdleRecheck, so that sources another process polls are seen), and repeats.
    void start();
    // Wakes the thread and joins it. A fetch in flight finishes first; it is bounded by
    // feeds.timeout_seconds (connect, each wait, and the whole response).
    void stop();

    // Polls, one after another, every source due at clock() and returns the polls made
    // (a source another process has just claimed is skipped).
    std::vector<store::FeedPoll> poll_due_now();

    static constexpr std::chrono::seconds kIdleRecheck{30};

  private:
    struct Source {
        FeedSource config;
        std::string shown_url;  // masked
        Principal account;
    };

    std::optional<store::FeedPoll> poll_source(const Source& source);
    std::chrono::milliseconds time_to_next_due();
    void run();

    store::Database& db_;
    Settings settings_;
    FeedFetcher fetch_;
    Clock clock_;
    std::ostream* log_;
    std::vector<Source> sources_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

// GET /api/v1/feeds/sources: {"sources": [{"name", "url", "account", "interval_seconds",
// "last_polled", "last_status", "last_outcome", "last_document", "etag", "last_modified",
// "failures", "next_poll", "last_error", "polls", "recent_polls": […]}]} for the configured
// sources, in configuration order; nulls for a source never polled. URLs are masked.
std::string feed_sources_json(store::Database& db, const FeedSettings& feeds);

}  // namespace scorecard::services
