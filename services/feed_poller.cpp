#include "services/feed_poller.h"

#include <algorithm>
#include <iostream>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

#include "services/ingest.h"
#include "services/secrets.h"
#include "store/repositories.h"

namespace scorecard::services {
namespace {

using Poco::Net::HTTPResponse;
using SteadyClock = std::chrono::steady_clock;

Timestamp system_now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// What one HTTP exchange gave: a status and body, or an error (then status is whatever
// arrived before it, 0 if nothing did).
struct Fetched {
    int status = 0;
    std::string body;
    std::string etag;
    std::string last_modified;
    std::string error;
};

class Fetcher {
  public:
    Fetcher(int timeout_seconds, std::size_t max_bytes)
        : timeout_(std::chrono::seconds(timeout_seconds)), max_bytes_(max_bytes) {}

    Fetched fetch(const std::string& url, const store::FeedSourceState& state) const {
        Fetched out;
        const auto started = SteadyClock::now();
        const auto seconds = std::to_string(timeout_.count());
        try {
            Poco::URI uri(url);
            Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
            const Poco::Timespan limit(static_cast<long>(timeout_.count()), 0);
            session.setTimeout(limit, limit, limit);
            session.setKeepAlive(false);

            std::string target = uri.getPathEtc();
            if (target.empty() || target[0] != '/')
                target = "/" + target;
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, target,
                                           Poco::Net::HTTPMessage::HTTP_1_1);
            request.set("User-Agent", "scorecard-feed-poller/1");
            request.set("Accept", "application/xml, text/xml;q=0.9, */*;q=0.1");
            if (!state.etag.empty())
                request.set("If-None-Match", state.etag);
            if (!state.last_modified.empty())
                request.set("If-Modified-Since", state.last_modified);
            if (const auto& info = uri.getUserInfo(); !info.empty()) {
                auto colon = info.find(':');
                Poco::Net::HTTPBasicCredentials credentials(
                    info.substr(0, colon),
                    colon == std::string::npos ? "" : info.substr(colon + 1));
                credentials.authenticate(request);
            }
            session.sendRequest(request);

            HTTPResponse response;
            std::istream& in = session.receiveResponse(response);
            // Without this a stream buffer's exception (a timeout mid-body) only sets badbit
            // and a cut-off chunked body would look complete.
            in.exceptions(std::ios::badbit);
            out.status = static_cast<int>(response.getStatus());
            out.etag = response.get("ETag", "");
            out.last_modified = response.get("Last-Modified", "");
            if (out.status == HTTPResponse::HTTP_NOT_MODIFIED)
                return out;
            if (out.status != HTTPResponse::HTTP_OK) {
                out.error = "HTTP " + std::to_string(out.status) + " " + response.getReason();
                if (out.status >= 300 && out.status < 400)
                    out.error += ": redirects are not followed; configure the new URL (Location: " +
                                 masked_url(response.get("Location", "none")) + ")";
                return out;
            }
            if (response.hasContentLength() &&
                response.getContentLength64() > static_cast<Poco::Int64>(max_bytes_)) {
                out.error = too_large();
                return out;
            }
            char buffer[64 * 1024];
            while (true) {
                in.read(buffer, sizeof buffer);
                auto got = static_cast<std::size_t>(in.gcount());
                if (got == 0)
                    break;
                if (out.body.size() + got > max_bytes_) {
                    out.error = too_large();
                    return out;
                }
                out.body.append(buffer, got);
                if (SteadyClock::now() - started > timeout_) {
                    out.error = "no complete response within " + seconds + " s (timed out)";
                    return out;
                }
            }
            if (response.hasContentLength() &&
                static_cast<Poco::Int64>(out.body.size()) < response.getContentLength64()) {
                out.error = "the connection closed after " + std::to_string(out.body.size()) +
                            " of " + std::to_string(response.getContentLength64()) + " bytes";
            }
        } catch (const Poco::TimeoutException&) {
            out.error = "no answer within " + seconds + " s (timed out)";
        } catch (const Poco::Net::ConnectionRefusedException& e) {
            out.error = "connection refused (" + e.message() + ")";
        } catch (const Poco::Net::HostNotFoundException& e) {
            out.error = "host not found (" + e.message() + ")";
        } catch (const Poco::Exception& e) {
            out.error = e.displayText();
        } catch (const std::exception& e) {
            out.error = e.what();
        }
        return out;
    }

  private:
    std::string too_large() const {
        return "the response is larger than the limit of " + std::to_string(max_bytes_) +
               " bytes (server.max_body_bytes)";
    }

    std::chrono::seconds timeout_;
    std::size_t max_bytes_;
};

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

FeedPoller::FeedPoller(store::Database& db, Settings settings, Clock clock, std::ostream* log)
    : db_(db),
      settings_(std::move(settings)),
      clock_(clock ? std::move(clock) : Clock(system_now)),
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
        if (!may_change_data(account))
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
    Fetched fetched = Fetcher(settings_.feeds.timeout_seconds, settings_.server.max_body_bytes)
                          .fetch(config.url, *state);

    store::FeedPoll poll;
    poll.source = config.name;
    poll.at = now;
    poll.http_status = fetched.status;
    state->url = source.shown_url;
    state->last_polled = now;
    state->last_status = fetched.status;
    ++state->polls;

    if (fetched.error.empty() && fetched.status == HTTPResponse::HTTP_NOT_MODIFIED) {
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
                auto result = ingest_document(db_, ingest, settings_.scoring);
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
