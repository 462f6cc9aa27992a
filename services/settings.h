// scorecard's configuration, read once at start-up into plain values.
//
// Layers, lowest first: built-in defaults (the same values as etc/scorecard.properties),
// etc/scorecard.properties when found, the file given with --config, then command-line
// options. Thread safety: immutable after load.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/notices.h"
#include "model/scoring_policy.h"
#include "reports/exports.h"
#include "services/clock.h"

namespace scorecard::services {

// The HTTP server's address and limits (server.* keys, docs/operations.md "Limits"). Each
// bound exists so that slow, idle or hostile clients cannot hold the server (issue #15).
struct ServerSettings {
    // The IP address to listen on: 127.0.0.1 (this host only), 0.0.0.0 (every IPv4
    // interface), :: (every interface), or one interface's address. Default: 127.0.0.1.
    std::string address = "127.0.0.1";
    int port = 8080;  // Default: 8080
    // Workers: requests handled at once. Default: 16.
    int threads = 16;
    // Complete requests waiting for a worker; when full, 503 at once. Default: 256.
    int queue = 256;
    std::size_t max_body_bytes = 20 * 1024 * 1024;  // larger: 413 before reading. Default: 20 MiB
    // Memory for prepared scorecards kept to answer GETs of unchanged data without reading
    // them again (reports/scorecard_cache.h); 0 keeps none. Default: 256 MiB (the 20,000
    // contracts and 5,000 suppliers of the benchmark's scale 1 take about 110 MB).
    std::size_t scorecard_cache_bytes = 256 * 1024 * 1024;
    // A whole request head (request line and headers) must arrive within this long of its
    // first byte (a new connection: of being accepted); otherwise the connection is closed.
    // Default: 10.
    int header_timeout_seconds = 10;
    // A whole body must arrive within this long of the end of its head; otherwise 408 and
    // the connection is closed. Default: 60.
    int body_timeout_seconds = 60;
    // A whole response must be taken by the client within this long. Default: 60.
    int send_timeout_seconds = 60;
    // An idle keep-alive connection is closed after this long. Default: 10.
    int keep_alive_seconds = 10;
    int max_keep_alive_requests = 100;  // requests per connection. Default: 100
    // Connections held at once; at the limit the longest-idle keep-alive connection is
    // closed to make room, and without one the new connection gets 503. Default: 10000.
    int max_connections = 10000;
    // Connections from one client address (the socket's peer; the trusted proxy is exempt);
    // more are refused with 503. Default: 64.
    int max_connections_per_address = 64;
    // The address of a reverse proxy whose X-Forwarded-For (client address) and
    // X-Forwarded-Proto are believed; empty: the socket's peer is the client. Default: "".
    std::string trusted_proxy;
    // Mark the session cookie Secure (the server speaks plain HTTP; set this when users
    // reach it through TLS). A trusted proxy's "X-Forwarded-Proto: https" does the same.
    // Default: false.
    bool secure_cookies = false;
};

// One feed URL that `scorecard serve` polls (SPEC §5 "Feeds can also be polled"); see
// docs/feeds.md.
struct FeedSource {
    std::string name;            // [A-Za-z0-9_-]+, the key in feeds.NAME.*
    std::string url;             // http:// only (no TLS library is linked)
    int interval_seconds = 300;  // Default: 300
    std::string account;         // the account whose rights the import uses
};

struct FeedSettings {
    std::vector<FeedSource> sources;  // Default: none
    int timeout_seconds = 30;         // connect, each wait for data, and the whole fetch
    int max_backoff_seconds = 3600;   // longest wait after repeated failures
};

// What an account may have archived as rejected, and what happens to a document a killed
// import left pending (docs/operations.md "Limits" and "Recovery").
struct DocumentSettings {
    // Rejected documents an account may send per hour (over a sliding hour); beyond it a
    // document is refused unread with 429. 0: no limit. Default: 60.
    int rejected_per_hour = 60;
    // Bytes of rejected documents an account may have archived per sliding 24 hours; beyond
    // it as above. 0: no limit. Default: 104857600 (100 MiB).
    std::int64_t rejected_bytes_per_day = 100 * 1024 * 1024;
    // How many of a refused document's first bytes are kept with its SHA-256 and size.
    // Default: 1024.
    std::size_t refused_prefix_bytes = 1024;
    // A document still pending this long after it was received belongs to an import that
    // died: start-up and the background task record it as rejected (send it again).
    // Default: 300.
    int abandoned_after_seconds = 300;
};

// The background rescoring every `scorecard serve` runs over the durable queue
// (store/rescore_queue.h; docs/operations.md "Recovery").
struct RescoringSettings {
    // Seconds between passes over the queue. Default: 15.
    int interval_seconds = 15;
    // Entries queued less than this long ago are left to the import that queued them (it
    // rescores them itself after its commit). Default: 120.
    int settle_seconds = 120;
    // How long a claimed batch is held before another process may take it over. Default: 600.
    int lease_seconds = 600;
};

struct Settings {
    std::string db_url = "sqlite:var/scorecard.db";
    ServerSettings server;
    // The scoring and flag rules' values (scoring.* and flags.* keys): every surface gets
    // this one value. Default: SPEC's (model/scoring_policy.h).
    ScoringPolicy scoring = default_policy();
    // Contract performance notices (notices.* keys, SPEC §7): the s52 threshold, the
    // regime's start, the supplier's review days, the failure notice's days. Default:
    // SPEC's (model/notices.h default_notice_policy).
    NoticePolicy notices = default_notice_policy();
    FeedSettings feeds;
    DocumentSettings documents;                // documents.* (docs/operations.md "Limits")
    RescoringSettings rescoring;               // rescoring.* (docs/operations.md "Recovery")
    reports::PublicationSettings publication;  // publication.* (docs/operations.md)
    // The application's now and today (clock.start; docs/operations.md "Clock"): the system
    // clock unless set.
    Clock clock;
    std::string config_files;  // the files read, for --help and logs
};

// Loads the layers. `config_file` (from --config) must exist if given; a malformed value
// (e.g. "severity = hgh") throws Error::BadRequest naming the key.
Settings load_settings(const std::optional<std::string>& config_file);

}  // namespace scorecard::services
