#include "services/feed_poller.h"

#include <algorithm>
#include <iostream>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "services/ingest.h"
#include "services/secrets.h"
#include "store/repositories.h"
#include "store/user_repository.h"

namespace scorecard::services {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::string problems_summary(const std::vector<Problem>& problems) {
    std::string out = "the document broke " + std::to_string(problems.size()) + " rule(s)";
    // The document's URL is left out of each problem: the source already names it.
    for (std::size_t i = 0; i < problems.size() && i < 3; ++i) {
        const Problem& p = problems[i];
        out += i == 0 ? ": " : "; ";
        if (p.line > 0)
            out += std::to_string(p.line) + ":" + std::to_string(p.column) + ": ";
        out += p.message + " [" + p.code + "]";
    }
    if (problems.size() > 3)
        out += "; …";
    return out;
}

Poco::Dynamic::Var optional_text(const std::string& s) {
    return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s);
}

}  // namespace

std::string masked_url(const std::string& url) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos)
        return url;
    auto authority_start = scheme_end + 3;
    auto authority_end = url.find_first_of("/?#", authority_start);
    auto at =
        url.rfind('@', authority_end == std::string::npos ? std::string::npos : authority_end - 1);
    if (at == std::string::npos || at < authority_start)
        return url;
    auto colon = url.find(':', authority_start);
    std::string shown_user = colon != std::string::npos && colon < at
                                 ? url.substr(authority_start, colon - authority_start) + ":"
                                 : "";
    return url.substr(0, authority_start) + shown_user + "***" + url.substr(at);
}

std::int64_t poll_delay_seconds(int interval_seconds, int failures, int max_backoff_seconds) {
    const std::int64_t interval = std::max(interval_seconds, 1);
    std::int64_t delay = interval;
    // Doubling stops at the cap, so many failures cannot overflow.
    for (int i = 0; i < failures && delay < max_backoff_seconds; ++i)
        delay *= 2;
    return std::max(interval, std::min<std::int64_t>(delay, max_backoff_seconds));
}

FeedPoller::FeedPoller(store::Database& db, Settings settings, FeedFetcher fetch, Clock clock,
                       std::ostream* log)
    : db_(db),
      settings_(std::move(settings)),
      fetch_(std::move(fetch)),
      clock_(clock ? std::move(clock) : Clock([c = settings_.clock] { return c.now(); })),
      log_(log) {
    auto conn = db_.acquire();
    store::UserRepository users(*conn);
    for (const auto& config : settings_.feeds.sources) {
        auto user = users.find(config.account);
        if (!user)
            throw Error::BadRequest("configuration feeds." + config.name +
                                    ".account: there is no account '" + config.account +
                                    "' (create it with `scorecard user add " + config.account +
                                    " --role commercial --authority ID`)");
        Principal account{user->name, user->role, user->authority_id, user->supplier_id};
        // A polled document is a feed or returns: the account must be able to load one.
        if (!role_may(account.role, Permission::kLoadFeeds) &&
            !role_may(account.role, Permission::kSubmitReturns))
            throw Error::BadRequest(
                "configuration feeds." + config.name + ".account: '" + config.account + "' is a " +
                std::string(to_string(account.role)) + " account, which may not load data");
        sources_.push_back({config, masked_url(config.url), std::move(account)});
    }
    const Timestamp now = clock_();
    for (const auto& source : sources_) {
        store::with_transaction(db_, store::TxMode::kWrite, [&](store::Connection& c) {
            store::FeedSourceRepository(c).register_source(source.config.name, source.shown_url,
                                                           now);
        });
    }
}

FeedPoller::~FeedPoller() {
    stop();
}

void FeedPoller::start() {
    if (thread_.joinable())
        return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void FeedPoller::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void FeedPoller::run() {
    while (!stopping_) {
        std::chrono::milliseconds wait = kIdleRecheck;
        try {
            poll_due_now();
            wait = time_to_next_due();
        } catch (const std::exception& e) {
            // The database is away or a bug: keep the thread alive and try again later.
            if (log_)
                *log_ << "scorecard: feed polling failed: " << e.what() << "\n";
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, wait, [this] { return stopping_.load(); });
    }
}

std::chrono::milliseconds FeedPoller::time_to_next_due() {
    std::chrono::milliseconds wait = kIdleRecheck;
    auto conn = db_.acquire();
    store::FeedSourceRepository repo(*conn);
    const Timestamp now = clock_();
    for (const auto& source : sources_) {
        if (auto state = repo.find(source.config.name))
            wait = std::min<std::chrono::milliseconds>(wait, state->next_poll - now);
    }
    // Timestamps are whole seconds: a short floor keeps a source due "now" from spinning.
    return std::max(wait, std::chrono::milliseconds(200));
}

std::vector<store::FeedPoll> FeedPoller::poll_due_now() {
    std::vector<store::FeedPoll> polls;
    for (const auto& source : sources_) {
        if (stopping_)
            break;
        if (auto poll = poll_source(source))
            polls.push_back(std::move(*poll));
    }
    return polls;
}

std::optional<store::FeedPoll> FeedPoller::poll_source(const Source& source) {
    const FeedSource& config = source.config;
    const Timestamp now = clock_();
    // Long enough for the fetch (bounded by about twice the timeout) and a large import;
    // if this process dies mid-poll, another one takes the source over after it.
    const Timestamp lease = now + std::chrono::seconds(2 * settings_.feeds.timeout_seconds + 600);
    std::optional<store::FeedSourceState> state;
    store::with_transaction(db_, store::TxMode::kWrite, [&](store::Connection& c) {
        store::FeedSourceRepository repo(c);
        state.reset();
        if (repo.claim(config.name, now, lease))
            state = repo.find(config.name);
    });
    if (!state)
        return std::nullopt;

    const auto started = SteadyClock::now();
    FeedResponse fetched =
        fetch_(FeedRequest{config.url, state->etag, state->last_modified,
                           settings_.feeds.timeout_seconds, settings_.server.max_body_bytes});

    store::FeedPoll poll;
    poll.source = config.name;
    poll.at = now;
    poll.http_status = fetched.status;
    state->url = source.shown_url;
    state->last_polled = now;
    state->last_status = fetched.status;
    ++state->polls;

    if (fetched.error.empty() && fetched.status == 304) {
        poll.outcome = FeedPollOutcome::kNotModified;
        // A 304 may refresh the validators; it never removes them.
        if (!fetched.etag.empty())
            state->etag = fetched.etag;
        if (!fetched.last_modified.empty())
            state->last_modified = fetched.last_modified;
    } else if (fetched.error.empty()) {
        const std::string sha256 = sha256_hex(fetched.body);
        state->etag = fetched.etag;
        state->last_modified = fetched.last_modified;
        const bool imported_before = sha256 == state->last_sha256 && state->last_document &&
                                     (state->last_outcome == FeedPollOutcome::kAccepted ||
                                      state->last_outcome == FeedPollOutcome::kUnchanged);
        if (imported_before) {
            // The server ignored our validators or changed only its ETag: the same bytes are
            // not archived again on every poll.
            poll.outcome = FeedPollOutcome::kUnchanged;
        } else {
            IngestRequest ingest;
            ingest.bytes = std::move(fetched.body);
            ingest.sender = source.account;
            ingest.channel = Channel::kFeedPoll;
            ingest.source = source.shown_url;
            ingest.received = now;
            ingest.as_of = date_of(now);
            try {
                auto result = ingest_document(db_, ingest, settings_);
                poll.document_id = result.document_id;
                state->last_document = result.document_id;
                state->last_sha256 = sha256;
                switch (result.outcome) {
                    case DocumentOutcome::kAccepted:
                        poll.outcome = FeedPollOutcome::kAccepted;
                        break;
                    case DocumentOutcome::kUnchanged:
                        poll.outcome = FeedPollOutcome::kUnchanged;
                        break;
                    default:
                        poll.outcome = FeedPollOutcome::kRejected;
                        poll.error = problems_summary(result.problems);
                        break;
                }
            } catch (const std::exception& e) {
                fetched.error = std::string("the import failed: ") + e.what();
            }
        }
    }

    if (!fetched.error.empty()) {
        poll.outcome = FeedPollOutcome::kError;
        poll.error = fetched.error;
        ++state->failures;
    } else {
        state->failures = 0;
    }
    state->last_outcome = poll.outcome;
    state->last_error = poll.error;
    state->next_poll =
        now + std::chrono::seconds(poll_delay_seconds(config.interval_seconds, state->failures,
                                                      settings_.feeds.max_backoff_seconds));
    poll.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started).count();

    store::with_transaction(db_, store::TxMode::kWrite, [&](store::Connection& c) {
        store::FeedSourceRepository(c).record(*state, poll);
    });
    if (log_) {
        *log_ << "scorecard: feed " << config.name << ": " << to_string(poll.outcome);
        if (poll.document_id)
            *log_ << " (document " << *poll.document_id << ")";
        if (poll.http_status)
            *log_ << ", HTTP " << poll.http_status;
        if (!poll.error.empty())
            *log_ << ": " << poll.error;
        *log_ << "; next poll " << format_timestamp(state->next_poll) << "\n";
    }
    return poll;
}

std::string feed_sources_json(store::Database& db, const FeedSettings& feeds) {
    constexpr int kRecentShown = 10;
    auto conn = db.acquire();
    store::FeedSourceRepository repo(*conn);
    Poco::JSON::Array sources;
    for (const auto& config : feeds.sources) {
        auto state = repo.find(config.name).value_or(store::FeedSourceState{});
        const bool polled = state.last_polled.has_value();
        Poco::JSON::Object s(Poco::JSON_PRESERVE_KEY_ORDER);
        s.set("name", config.name);
        s.set("url", masked_url(config.url));
        s.set("account", config.account);
        s.set("interval_seconds", config.interval_seconds);
        s.set("last_polled", polled ? Poco::Dynamic::Var(format_timestamp(*state.last_polled))
                                    : Poco::Dynamic::Var());
        s.set("last_status", polled && state.last_status ? Poco::Dynamic::Var(state.last_status)
                                                         : Poco::Dynamic::Var());
        s.set("last_outcome", state.last_outcome
                                  ? Poco::Dynamic::Var(std::string(to_string(*state.last_outcome)))
                                  : Poco::Dynamic::Var());
        s.set("last_document", state.last_document ? Poco::Dynamic::Var(*state.last_document)
                                                   : Poco::Dynamic::Var());
        s.set("etag", optional_text(state.etag));
        s.set("last_modified", optional_text(state.last_modified));
        s.set("failures", state.failures);
        s.set("next_poll", state.name.empty()
                               ? Poco::Dynamic::Var()
                               : Poco::Dynamic::Var(format_timestamp(state.next_poll)));
        s.set("last_error", optional_text(state.last_error));
        s.set("polls", state.polls);
        Poco::JSON::Array recent;
        for (const auto& p : repo.recent_polls(config.name, kRecentShown)) {
            Poco::JSON::Object r(Poco::JSON_PRESERVE_KEY_ORDER);
            r.set("at", format_timestamp(p.at));
            r.set("status",
                  p.http_status ? Poco::Dynamic::Var(p.http_status) : Poco::Dynamic::Var());
            r.set("outcome", std::string(to_string(p.outcome)));
            r.set("document",
                  p.document_id ? Poco::Dynamic::Var(*p.document_id) : Poco::Dynamic::Var());
            r.set("error", optional_text(p.error));
            r.set("duration_ms", p.duration_ms);
            recent.add(r);
        }
        s.set("recent_polls", recent);
        sources.add(s);
    }
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("sources", sources);
    std::ostringstream out;
    body.stringify(out);
    return out.str();
}

}  // namespace scorecard::services
