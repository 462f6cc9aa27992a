// scorecard's configuration, read once at start-up into plain values.
//
// Layers, lowest first: built-in defaults (the same values as etc/scorecard.properties),
// etc/scorecard.properties when found, the file given with --config, then command-line
// options. Thread safety: immutable after load.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/notices.h"
#include "model/scoring_policy.h"
#include "reports/exports.h"

namespace scorecard::services {

struct ServerSettings {
    int port = 8080;
    int threads = 16;
    int queue = 256;
    std::size_t max_body_bytes = 20 * 1024 * 1024;
    int keep_alive_seconds = 10;
    int max_keep_alive_requests = 100;
    int request_timeout_seconds = 30;
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
    reports::PublicationSettings publication;  // publication.* (docs/operations.md)
    std::string config_files;                  // the files read, for --help and logs
};

// Loads the layers. `config_file` (from --config) must exist if given; a malformed value
// (e.g. "severity = hgh") throws Error::BadRequest naming the key.
Settings load_settings(const std::optional<std::string>& config_file);

}  // namespace scorecard::services
