// Feed polling (SPEC §5 "Feeds can also be polled"; docs/feeds.md) against a real HTTP
// server started in the test on port 0, which publishes a ContractFeed with an ETag and a
// Last-Modified date, answers conditional requests, changes its document between polls, and
// can be told to fail (500, a connection closed mid-body, a slow answer) and to recover.
// The poller runs on a clock the test moves, so every "is it due yet" is exact; one case
// runs the real thread. Every case runs on every database of test_database_urls().
#include <boost/test/unit_test.hpp>

#include <unistd.h>
#include <chrono>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Event.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include "model/calendar.h"
#include "services/http/app.h"
#include "services/http/feed_fetch.h"
#include "services/http/routes.h"
#include "services/secrets.h"
#include "services/settings.h"
#include "store/feed_source_repository.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/user_repository.h"
#include "tests/support/documents.h"
#include "tests/support/printing.h"
#include "tests/support/process.h"
#include "tests/support/spec_values.h"
#include "tests/support/test_databases.h"
#include "tests/support/wait.h"

using namespace scorecard;
using namespace scorecard::services;
using std::chrono::seconds;

namespace {

constexpr const char* kAccount = "commercial.dwp";
constexpr const char* kContract = "DWP-2026-0100";
constexpr const char* kLastModified = "Mon, 02 Nov 2026 08:00:00 GMT";

// A ContractFeed for GB-GOV-DWP, whose commercial team the poll's account belongs to.
std::string feed_xml(const std::string& title, const std::string& authority = "GB-GOV-DWP") {
    using namespace scorecard::testing;
    return FeedBuilder()
        .generated("2026-11-01T09:00:00Z")
        .authority(authority, "A department")
        .supplier("GB-COH-01234567", "Acme Services Ltd", SizeClass::kLarge)
        .contract(contract(kContract, authority, "GB-COH-01234567", title, "2026-04-01",
                           "2027-03-31", 1000000, Frequency::kMonthly))
        .kpi(kpi("CALLS", "Calls answered within 60 seconds", Unit::kPercent, Direction::kHigher,
                 40, {95, 90, 85}))
        .xml();
}

// The feed publisher. Its state is shared with the server's handler threads.
class FeedServer {
  public:
    enum class Mode { kServe, kFail500, kCloseMidBody, kSlow };

    struct Seen {
        std::string if_none_match;
        std::string if_modified_since;
        std::string authorization;
    };

    FeedServer() : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), pool_(2, 8) {
        auto params = new Poco::Net::HTTPServerParams;
        params->setKeepAlive(false);
        server_ =
            std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), pool_, socket_, params);
        server_->start();
    }
    ~FeedServer() {
        release_.set();  // a slow handler returns at once
        server_->stopAll(true);
        pool_.joinAll();
    }

    std::string url(const std::string& userinfo = "") const {
        return "http://" + userinfo + "127.0.0.1:" + std::to_string(socket_.address().port()) +
               "/feed.xml";
    }
    void publish(std::string body, std::string etag, std::string last_modified) {
        std::lock_guard lock(mutex_);
        body_ = std::move(body);
        etag_ = std::move(etag);
        last_modified_ = std::move(last_modified);
    }
    void set_mode(Mode mode, int slow_ms = 0) {
        std::lock_guard lock(mutex_);
        mode_ = mode;
        slow_ms_ = slow_ms;
    }
    int requests() {
        std::lock_guard lock(mutex_);
        return static_cast<int>(seen_.size());
    }
    Seen last_request() {
        std::lock_guard lock(mutex_);
        BOOST_REQUIRE(!seen_.empty());
        return seen_.back();
    }

  private:
    class Handler : public Poco::Net::HTTPRequestHandler {
      public:
        explicit Handler(FeedServer& server) : server_(server) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response) override {
            server_.handle(request, response);
        }

      private:
        FeedServer& server_;
    };
    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
      public:
        explicit Factory(FeedServer& server) : server_(server) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(
            const Poco::Net::HTTPServerRequest&) override {
            return new Handler(server_);
        }

      private:
        FeedServer& server_;
    };

    void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
        Seen seen{request.get("If-None-Match", ""), request.get("If-Modified-Since", ""),
                  request.get("Authorization", "")};
        std::string body, etag, last_modified;
        Mode mode;
        int slow_ms;
        {
            std::lock_guard lock(mutex_);
            seen_.push_back(seen);
            body = body_;
            etag = etag_;
            last_modified = last_modified_;
            mode = mode_;
            slow_ms = slow_ms_;
        }
        using Poco::Net::HTTPResponse;
        switch (mode) {
            case Mode::kFail500:
                response.setStatusAndReason(HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
                response.setContentLength(0);
                response.send();
                return;
            case Mode::kCloseMidBody:
                // Promises the whole document, sends half, and the connection closes.
                response.setContentLength(static_cast<std::streamsize>(body.size()));
                response.setContentType("application/xml");
                response.send() << body.substr(0, body.size() / 2);
                return;
            case Mode::kSlow:
                release_.tryWait(slow_ms);
                break;
            case Mode::kServe:
                break;
        }
        const bool etag_matches = !etag.empty() && seen.if_none_match == etag;
        const bool date_matches = seen.if_none_match.empty() && !last_modified.empty() &&
                                  seen.if_modified_since == last_modified;
        if (!etag.empty())
            response.set("ETag", etag);
        if (!last_modified.empty())
            response.set("Last-Modified", last_modified);
        if (etag_matches || date_matches) {
            response.setStatusAndReason(HTTPResponse::HTTP_NOT_MODIFIED);
            response.setContentLength(0);
            response.send();
            return;
        }
        response.setContentType("application/xml");
        response.setContentLength(static_cast<std::streamsize>(body.size()));
        response.send() << body;
    }

    Poco::Net::ServerSocket socket_;
    Poco::ThreadPool pool_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    Poco::Event release_{Poco::Event::EVENT_MANUALRESET};
    std::mutex mutex_;
    std::vector<Seen> seen_;
    std::string body_, etag_, last_modified_;
    Mode mode_ = Mode::kServe;
    int slow_ms_ = 0;
};

using scorecard::testing::at;

// A clock the test moves by hand.
struct ManualClock {
    Timestamp now = at("2026-11-02T09:00:00Z");
    FeedPoller::Clock fn() {
        return [this] { return now; };
    }
};

void add_account(store::Database& db, const std::string& name, Role role,
                 const std::string& authority, const std::string& supplier = "") {
    auto conn = db.acquire();
    User user;
    user.name = name;
    user.role = role;
    user.authority_id = authority;
    user.supplier_id = supplier;
    store::UserRepository(*conn).add(user, {"test", at("2026-11-01T00:00:00Z")});
}

// One source "dwp" polled every 60 s with the commercial team's account.
Settings settings_for(const std::string& url, int interval_seconds = 60) {
    Settings s;
    s.feeds.sources = {{"dwp", url, interval_seconds, kAccount}};
    s.feeds.timeout_seconds = 2;
    s.feeds.max_backoff_seconds = 3600;
    return s;
}

store::FeedSourceState state_of(store::Database& db, const std::string& name = "dwp") {
    auto conn = db.acquire();
    auto state = store::FeedSourceRepository(*conn).find(name);
    BOOST_REQUIRE(state.has_value());
    return *state;
}

std::optional<Contract> contract(store::Database& db) {
    auto conn = db.acquire();
    return store::ContractRepository(*conn).find(kContract);
}

std::optional<DocumentRecord> document(store::Database& db, std::int64_t id) {
    auto conn = db.acquire();
    return store::DocumentRepository(*conn).find(id);
}

// Runs `body` on a fresh migrated database per test database, with the account kAccount
// (commercial, GB-GOV-DWP) created, naming the database in every failure.
void for_each_database(const std::function<void(store::Database&)>& body) {
    scorecard::testing::for_each_database([&](store::Database& db) {
        add_account(db, kAccount, Role::kCommercial, "GB-GOV-DWP");
        body(db);
    });
}

// What most cases start from: a publisher serving "Contact centre services" under ETag "v1"
// and kLastModified, the clock the test moves, and a poller of the one source "dwp" on that
// publisher every `interval_seconds` (settings_for). A case may publish something else
// before the first poll.
struct PollingWorld {
    explicit PollingWorld(store::Database& db, int interval_seconds = 60)
        : poller(db, settings_for(server.url(), interval_seconds), fetch_feed, clock.fn()) {
        server.publish(feed_xml("Contact centre services"), "\"v1\"", kLastModified);
    }
    FeedServer server;
    ManualClock clock;
    FeedPoller poller;
};

// Exactly one poll was made now; returns it.
store::FeedPoll one_poll(FeedPoller& poller) {
    auto polls = poller.poll_due_now();
    BOOST_REQUIRE_EQUAL(polls.size(), 1u);
    return polls.front();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(feed_poller)

BOOST_AUTO_TEST_CASE(first_poll_imports_the_feed_with_the_accounts_rights_and_records_it) {
    for_each_database([](store::Database& db) {
        PollingWorld w(db);

        auto poll = one_poll(w.poller);
        BOOST_TEST(poll.outcome == FeedPollOutcome::kAccepted);
        BOOST_TEST(poll.http_status == 200);
        BOOST_REQUIRE(poll.document_id.has_value());
        // Nothing to be conditional on yet.
        BOOST_TEST(w.server.last_request().if_none_match == "");

        auto c = contract(db);
        BOOST_REQUIRE(c.has_value());
        BOOST_TEST(c->title == "Contact centre services");

        auto doc = document(db, *poll.document_id);
        BOOST_REQUIRE(doc.has_value());
        BOOST_TEST(doc->channel == Channel::kFeedPoll);
        BOOST_TEST(doc->sender == kAccount);
        BOOST_TEST(doc->source == w.server.url());
        BOOST_TEST(doc->outcome == DocumentOutcome::kAccepted);

        auto state = state_of(db);
        BOOST_TEST(state.etag == "\"v1\"");
        BOOST_TEST(state.last_modified == kLastModified);
        BOOST_TEST(state.last_status == 200);
        BOOST_TEST(state.last_outcome == FeedPollOutcome::kAccepted);
        BOOST_TEST(state.last_document.value_or(-1) == poll.document_id.value_or(-2));
        BOOST_TEST(state.failures == 0);
        BOOST_TEST(state.polls == 1);
        BOOST_TEST(state.last_error == "");
        // Polled at 09:00:00 every 60 s: next at 09:01:00.
        BOOST_TEST(format_timestamp(state.next_poll) == "2026-11-02T09:01:00Z");
    });
}

BOOST_AUTO_TEST_CASE(source_is_not_polled_before_its_interval_and_an_unchanged_feed_answers_304) {
    for_each_database([](store::Database& db) {
        PollingWorld w(db);
        auto first = one_poll(w.poller);

        w.clock.now += seconds(59);  // 09:00:59, one second before it is due
        BOOST_TEST(w.poller.poll_due_now().empty());
        BOOST_TEST(w.server.requests() == 1);

        w.clock.now += seconds(1);  // 09:01:00
        auto second = one_poll(w.poller);
        BOOST_TEST(second.outcome == FeedPollOutcome::kNotModified);
        BOOST_TEST(second.http_status == 304);
        BOOST_TEST(!second.document_id.has_value());
        auto seen = w.server.last_request();
        BOOST_TEST(seen.if_none_match == "\"v1\"");
        BOOST_TEST(seen.if_modified_since == kLastModified);

        auto state = state_of(db);
        BOOST_TEST(state.last_outcome == FeedPollOutcome::kNotModified);
        BOOST_TEST(state.last_document.value_or(-1) ==
                   first.document_id.value_or(-2));  // no new document
        BOOST_TEST(state.etag == "\"v1\"");          // a 304 keeps the validators
        BOOST_TEST(state.polls == 2);
        // 09:01:00 + 60 s.
        BOOST_TEST(format_timestamp(state.next_poll) == "2026-11-02T09:02:00Z");
    });
}

BOOST_AUTO_TEST_CASE(changed_feed_is_imported_and_the_change_is_visible) {
    for_each_database([](store::Database& db) {
        PollingWorld w(db);
        auto first = one_poll(w.poller);

        w.server.publish(feed_xml("Contact centre and webchat services"), "\"v2\"",
                         "Mon, 02 Nov 2026 09:00:30 GMT");
        w.clock.now += seconds(60);
        auto second = one_poll(w.poller);
        BOOST_TEST(w.server.last_request().if_none_match == "\"v1\"");
        BOOST_TEST(second.outcome == FeedPollOutcome::kAccepted);
        BOOST_REQUIRE(second.document_id.has_value());
        BOOST_TEST(*second.document_id != *first.document_id);
        BOOST_TEST(contract(db)->title == "Contact centre and webchat services");

        auto state = state_of(db);
        BOOST_TEST(state.etag == "\"v2\"");
        BOOST_TEST(state.last_modified == "Mon, 02 Nov 2026 09:00:30 GMT");
        BOOST_TEST(state.last_document.value_or(-1) == second.document_id.value_or(-2));
    });
}

BOOST_AUTO_TEST_CASE(same_bytes_under_a_new_etag_are_unchanged_and_not_archived_again) {
    for_each_database([](store::Database& db) {
        PollingWorld w(db);
        const std::string feed = feed_xml("Contact centre services");
        auto first = one_poll(w.poller);

        w.server.publish(feed, "\"v1-regenerated\"", kLastModified);
        w.clock.now += seconds(60);
        auto second = one_poll(w.poller);
        BOOST_TEST(second.http_status == 200);
        BOOST_TEST(second.outcome == FeedPollOutcome::kUnchanged);
        BOOST_TEST(!second.document_id.has_value());

        auto state = state_of(db);
        BOOST_TEST(state.last_outcome == FeedPollOutcome::kUnchanged);
        BOOST_TEST(state.last_document.value_or(-1) == first.document_id.value_or(-2));
        BOOST_TEST(state.etag == "\"v1-regenerated\"");
        BOOST_TEST(contract(db)->title == "Contact centre services");
    });
}

BOOST_AUTO_TEST_CASE(last_modified_alone_is_sent_back_as_if_modified_since) {
    for_each_database([](store::Database& db) {
        PollingWorld w(db);
        w.server.publish(feed_xml("Contact centre services"), "", kLastModified);
        BOOST_TEST(one_poll(w.poller).outcome == FeedPollOutcome::kAccepted);
        BOOST_TEST(state_of(db).etag == "");

        w.clock.now += seconds(60);
        auto second = one_poll(w.poller);
        auto seen = w.server.last_request();
        BOOST_TEST(seen.if_none_match == "");
        BOOST_TEST(seen.if_modified_since == kLastModified);
        BOOST_TEST(second.outcome == FeedPollOutcome::kNotModified);
    });
}

BOOST_AUTO_TEST_CASE(failures_back_off_exponentially_and_a_success_resets_them) {
    for_each_database([](store::Database& db) {
        PollingWorld w(db, 60);
        w.server.set_mode(FeedServer::Mode::kFail500);
        const Timestamp t0 = w.clock.now;

        auto first = one_poll(w.poller);
        BOOST_TEST(first.outcome == FeedPollOutcome::kError);
        BOOST_TEST(first.http_status == 500);
        auto state = state_of(db);
        BOOST_TEST(state.failures == 1);
        BOOST_TEST(state.last_status == 500);
        BOOST_TEST(contains(state.last_error, "HTTP 500"), state.last_error);
        // One failure: 60 × 2^1 = 120 s.
        BOOST_TEST((state.next_poll == t0 + seconds(120)));

        w.clock.now = t0 + seconds(119);
        BOOST_TEST(w.poller.poll_due_now().empty());
        w.clock.now = t0 + seconds(120);
        BOOST_TEST(one_poll(w.poller).outcome == FeedPollOutcome::kError);
        state = state_of(db);
        BOOST_TEST(state.failures == 2);
        // Two failures: 60 × 2^2 = 240 s after the poll at t0 + 120, i.e. t0 + 360.
        BOOST_TEST((state.next_poll == t0 + seconds(360)));

        w.server.set_mode(FeedServer::Mode::kServe);
        w.clock.now = t0 + seconds(359);
        BOOST_TEST(w.poller.poll_due_now().empty());
        w.clock.now = t0 + seconds(360);
        auto recovered = one_poll(w.poller);
        BOOST_TEST(recovered.outcome == FeedPollOutcome::kAccepted);
        state = state_of(db);
        BOOST_TEST(state.failures == 0);
        BOOST_TEST(state.last_error == "");
        // Back to the plain interval: t0 + 360 + 60.
        BOOST_TEST((state.next_poll == t0 + seconds(420)));

        // Every poll is recorded, newest first.
        auto conn = db.acquire();
        auto recent = store::FeedSourceRepository(*conn).recent_polls("dwp", 10);
        BOOST_REQUIRE_EQUAL(recent.size(), 3u);
        BOOST_TEST(recent[0].outcome == FeedPollOutcome::kAccepted);
        BOOST_TEST(recent[0].document_id.value_or(-1) == recovered.document_id.value_or(-2));
        BOOST_TEST(recent[1].outcome == FeedPollOutcome::kError);
        BOOST_TEST(recent[2].outcome == FeedPollOutcome::kError);
        BOOST_TEST(recent[2].http_status == 500);
        BOOST_TEST((recent[2].at == t0));
    });
}

// interval × 2^failures, capped by max_backoff, never below the interval.
struct DelayCase {
    const char* name;
    int interval;
    int failures;
    int max_backoff;
    std::int64_t expected;
};

BOOST_AUTO_TEST_CASE(poll_delay_doubles_per_failure_up_to_the_cap) {
    const DelayCase cases[] = {
        {"no failure waits the interval", 60, 0, 3600, 60},
        {"one failure doubles it: 60 × 2", 60, 1, 3600, 120},
        {"two failures: 60 × 4", 60, 2, 3600, 240},
        {"five failures: 60 × 32 = 1920, under the cap", 60, 5, 3600, 1920},
        {"six failures: 60 × 64 = 3840, capped at 3600", 60, 6, 3600, 3600},
        {"a thousand failures stay at the cap", 60, 1000, 3600, 3600},
        {"a cap below the interval never polls sooner than the interval", 7200, 3, 3600, 7200},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            BOOST_TEST(poll_delay_seconds(c.interval, c.failures, c.max_backoff) == c.expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(transport_failures_are_recorded_as_errors_without_a_document) {
    for_each_database([](store::Database& db) {
        struct Case {
            const char* name;
            std::function<void(FeedServer&, Settings&)> arrange;
            std::string error_part;
            int status;
        };
        const std::vector<Case> cases = {
            {"connection closed mid-body",
             [](FeedServer& s, Settings&) { s.set_mode(FeedServer::Mode::kCloseMidBody); },
             "the connection closed after", 200},
            {"nothing listening on the port",
             [](FeedServer&, Settings& settings) {
                 Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
                 const auto port = probe.address().port();
                 probe.close();  // the port is free again: connecting is refused
                 settings.feeds.sources[0].url =
                     "http://127.0.0.1:" + std::to_string(port) + "/feed.xml";
             },
             "connection refused", 0},
            {"response larger than server.max_body_bytes",
             [](FeedServer&, Settings& settings) { settings.server.max_body_bytes = 100; },
             "larger than the limit of 100 bytes", 200},
        };
        int n = 0;
        for (const auto& c : cases) {
            BOOST_TEST_CONTEXT(c.name) {
                FeedServer server;
                server.publish(feed_xml("Contact centre services"), "\"v1\"", kLastModified);
                Settings settings = settings_for(server.url());
                settings.feeds.sources[0].name = "case" + std::to_string(++n);
                c.arrange(server, settings);
                ManualClock clock;
                FeedPoller poller(db, settings, fetch_feed, clock.fn());
                auto poll = one_poll(poller);
                BOOST_TEST(poll.outcome == FeedPollOutcome::kError);
                BOOST_TEST(poll.http_status == c.status);
                BOOST_TEST(contains(poll.error, c.error_part), poll.error);
                BOOST_TEST(!poll.document_id.has_value());
                auto state = state_of(db, settings.feeds.sources[0].name);
                BOOST_TEST(state.failures == 1);
                BOOST_TEST(state.last_error == poll.error);
                BOOST_TEST(!state.last_document.has_value());
            }
        }
        BOOST_TEST(!contract(db).has_value());
    });
}

BOOST_AUTO_TEST_CASE(a_server_slower_than_the_timeout_is_an_error_and_does_not_hold_the_poller) {
    for_each_database([](store::Database& db) {
        FeedServer server;
        server.publish(feed_xml("Contact centre services"), "\"v1\"", kLastModified);
        server.set_mode(FeedServer::Mode::kSlow, 4000);  // answers after 4 s
        Settings settings = settings_for(server.url());
        settings.feeds.timeout_seconds = 1;
        ManualClock clock;
        FeedPoller poller(db, settings, fetch_feed, clock.fn());

        const auto started = std::chrono::steady_clock::now();
        auto poll = one_poll(poller);
        const auto took = std::chrono::steady_clock::now() - started;
        BOOST_TEST(poll.outcome == FeedPollOutcome::kError);
        BOOST_TEST(contains(poll.error, "timed out"), poll.error);
        // Given up after the 1 s timeout, well before the server's 4 s answer.
        BOOST_TEST((took < std::chrono::milliseconds(3000)));
        BOOST_TEST(state_of(db).failures == 1);
    });
}

BOOST_AUTO_TEST_CASE(a_rejected_document_is_archived_and_recorded_but_is_not_a_failure) {
    for_each_database([](store::Database& db) {
        PollingWorld w(db);
        // The account is DWP's commercial team: a feed for HMRC breaks the rights rule.
        w.server.publish(feed_xml("Digital inclusion", "GB-GOV-HMRC"), "\"h1\"", kLastModified);

        auto poll = one_poll(w.poller);
        BOOST_TEST(poll.outcome == FeedPollOutcome::kRejected);
        BOOST_REQUIRE(poll.document_id.has_value());
        BOOST_TEST(contains(poll.error, "may not load feeds for authority GB-GOV-HMRC"),
                   poll.error);
        BOOST_TEST(document(db, *poll.document_id)->outcome == DocumentOutcome::kRejected);
        BOOST_TEST(!contract(db).has_value());
        auto state = state_of(db);
        BOOST_TEST(state.failures == 0);
        BOOST_TEST(state.last_error == poll.error);
        // Not a transport failure: the next poll comes after the plain 60 s interval.
        BOOST_TEST(format_timestamp(state.next_poll) == "2026-11-02T09:01:00Z");

        w.clock.now += seconds(60);
        BOOST_TEST(one_poll(w.poller).outcome == FeedPollOutcome::kNotModified);
    });
}

BOOST_AUTO_TEST_CASE(a_source_whose_account_does_not_exist_or_may_not_load_stops_start_up) {
    for_each_database([](store::Database& db) {
        add_account(db, "minister.office", Role::kMinister, "");
        struct Case {
            const char* account;
            std::string message_part;
        };
        const Case cases[] = {
            {"nobody", "feeds.dwp.account: there is no account 'nobody'"},
            {"minister.office", "'minister.office' is a minister account"},
        };
        for (const auto& c : cases) {
            BOOST_TEST_CONTEXT(c.account) {
                Settings settings = settings_for("http://127.0.0.1:9/feed.xml");
                settings.feeds.sources[0].account = c.account;
                try {
                    FeedPoller poller(db, settings, fetch_feed);
                    BOOST_ERROR("the poller started with account " << c.account);
                } catch (const Error& e) {
                    BOOST_TEST(e.code() == ErrorCode::kBadRequest);
                    BOOST_TEST(contains(e.what(), c.message_part), e.what());
                }
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(feed_configuration_is_checked_when_it_is_loaded) {
    struct Case {
        const char* name;
        std::string properties;
        std::string error_part;  // "" when the configuration is valid
    };
    const Case cases[] = {
        {"a valid source, interval by default",
         "feeds.sources = dwp\nfeeds.dwp.url = http://feeds.example/a.xml\nfeeds.dwp.account = "
         "c.dwp\n",
         ""},
        {"https",
         "feeds.sources = dwp\nfeeds.dwp.url = https://feeds.example/a.xml\nfeeds.dwp.account = "
         "c.dwp\n",
         "feeds.dwp.url: https is not supported"},
        {"another scheme",
         "feeds.sources = dwp\nfeeds.dwp.url = ftp://feeds.example/a.xml\nfeeds.dwp.account = "
         "c.dwp\n",
         "expected http://HOST"},
        {"no account", "feeds.sources = dwp\nfeeds.dwp.url = http://feeds.example/a.xml\n",
         "feeds.dwp.account is missing"},
        {"no url", "feeds.sources = dwp\nfeeds.dwp.account = c.dwp\n", "feeds.dwp.url is missing"},
        {"a name that cannot be a key", "feeds.sources = d.w.p\n", "'d.w.p' is not a source name"},
        {"interval zero",
         "feeds.sources = dwp\nfeeds.dwp.url = http://f.example/a\nfeeds.dwp.account = "
         "c\nfeeds.dwp.interval_seconds = 0\n",
         "feeds.dwp.interval_seconds must be >= 1"},
    };
    scorecard::testing::TempDir dir("scorecard-feeds");
    const std::string file = (dir.path() / "feeds.properties").string();
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            std::ofstream(file) << c.properties;
            if (c.error_part.empty()) {
                auto settings = load_settings(file);
                BOOST_REQUIRE_EQUAL(settings.feeds.sources.size(), 1u);
                BOOST_TEST(settings.feeds.sources[0].url == "http://feeds.example/a.xml");
                BOOST_TEST(settings.feeds.sources[0].account == "c.dwp");
                BOOST_TEST(settings.feeds.sources[0].interval_seconds == 300);  // the default
                continue;
            }
            try {
                load_settings(file);
                BOOST_ERROR("loaded a configuration with " << c.name);
            } catch (const Error& e) {
                BOOST_TEST(contains(e.what(), c.error_part), e.what());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(credentials_in_the_url_are_sent_but_never_shown_or_stored) {
    struct MaskCase {
        std::string url;
        std::string shown;
    };
    const MaskCase masks[] = {
        {"http://feeduser:s3cret@host:8080/feed.xml", "http://feeduser:***@host:8080/feed.xml"},
        {"http://tokenonly@host/feed.xml", "http://***@host/feed.xml"},
        {"http://host/feed.xml?owner=a@b", "http://host/feed.xml?owner=a@b"},  // '@' after the host
        {"http://host/feed.xml", "http://host/feed.xml"},
    };
    for (const auto& m : masks)
        BOOST_TEST_CONTEXT(m.url) {
            BOOST_TEST(masked_url(m.url) == m.shown);
        }

    for_each_database([](store::Database& db) {
        FeedServer server;
        server.publish(feed_xml("Contact centre services"), "\"v1\"", kLastModified);
        ManualClock clock;
        Settings settings = settings_for(server.url("feeduser:s3cret@"));
        FeedPoller poller(db, settings, fetch_feed, clock.fn());
        auto poll = one_poll(poller);
        // base64("feeduser:s3cret") = "ZmVlZHVzZXI6czNjcmV0"
        BOOST_TEST(server.last_request().authorization == "Basic ZmVlZHVzZXI6czNjcmV0");
        BOOST_REQUIRE(poll.document_id.has_value());
        BOOST_TEST(document(db, *poll.document_id)->source == server.url("feeduser:***@"));
        BOOST_TEST(state_of(db).url == server.url("feeduser:***@"));
        const auto json = feed_sources_json(db, settings.feeds);
        BOOST_TEST(!contains(json, "s3cret"), json);
        BOOST_TEST(contains(json, "feeduser:***@"), json);
    });
}

BOOST_AUTO_TEST_CASE(get_feed_sources_shows_each_sources_last_poll_to_commercial_users) {
    for_each_database([](store::Database& db) {
        FeedServer server;
        server.publish(feed_xml("Contact centre services"), "\"v1\"", kLastModified);
        ManualClock clock;
        Settings settings = settings_for(server.url());
        FeedPoller poller(db, settings, fetch_feed, clock.fn());
        auto poll = one_poll(poller);

        add_account(db, "supplier.acme", Role::kSupplier, "", "GB-COH-01234567");
        auto token_for = [&](const std::string& name) {
            auto token = new_token();
            auto conn = db.acquire();
            store::UserRepository users(*conn);
            users.add_token(users.find(name)->id, sha256_hex(token), std::nullopt,
                            {"test", at("2026-11-01T00:00:00Z")});
            return token;
        };
        AppContext app(db, settings);
        const Router router = make_router();
        auto get = [&](const std::string& token) {
            HttpRequest request;
            request.method = "GET";
            request.path = "/api/v1/feeds/sources";
            request.headers["authorization"] = "Bearer " + token;
            return dispatch(router, app, request);
        };

        BOOST_TEST(get(token_for("supplier.acme")).status == 403);
        auto response = get(token_for(kAccount));
        BOOST_REQUIRE_EQUAL(response.status, 200);
        auto body = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
        auto sources = body->getArray("sources");
        BOOST_REQUIRE_EQUAL(sources->size(), 1u);
        auto s = sources->getObject(0);
        BOOST_TEST(s->getValue<std::string>("name") == "dwp");
        BOOST_TEST(s->getValue<std::string>("url") == server.url());
        BOOST_TEST(s->getValue<std::string>("last_polled") == "2026-11-02T09:00:00Z");
        BOOST_TEST(s->getValue<int>("last_status") == 200);
        BOOST_TEST(s->getValue<std::string>("last_outcome") == "accepted");
        BOOST_TEST(s->getValue<std::int64_t>("last_document") == *poll.document_id);
        BOOST_TEST(s->getValue<std::string>("etag") == "\"v1\"");
        BOOST_TEST(s->getValue<std::string>("last_modified") == kLastModified);
        BOOST_TEST(s->getValue<int>("failures") == 0);
        BOOST_TEST(s->getValue<std::string>("next_poll") == "2026-11-02T09:01:00Z");
        BOOST_TEST(s->isNull("last_error"));
        BOOST_TEST(s->getArray("recent_polls")->size() == 1u);
    });
}

BOOST_AUTO_TEST_CASE(two_pollers_sharing_a_database_fetch_a_due_source_once) {
    for_each_database([](store::Database& db) {
        FeedServer server;
        server.publish(feed_xml("Contact centre services"), "\"v1\"", kLastModified);
        ManualClock clock;
        FeedPoller first(db, settings_for(server.url()), fetch_feed, clock.fn());
        FeedPoller second(db, settings_for(server.url()), fetch_feed, clock.fn());

        std::vector<store::FeedPoll> a, b;
        std::thread ta([&] { a = first.poll_due_now(); });
        std::thread tb([&] { b = second.poll_due_now(); });
        ta.join();
        tb.join();
        BOOST_TEST(a.size() + b.size() == 1u);
        BOOST_TEST(server.requests() == 1);
        BOOST_TEST(state_of(db).polls == 1);
    });
}

BOOST_AUTO_TEST_CASE(the_polling_thread_polls_a_due_source_and_stops_promptly) {
    for_each_database([](store::Database& db) {
        FeedServer server;
        server.publish(feed_xml("Contact centre services"), "\"v1\"", kLastModified);
        // A long interval: after the first poll the thread sleeps, and stop() must wake it.
        FeedPoller poller(db, settings_for(server.url(), 3600), fetch_feed);
        BOOST_TEST(server.requests() == 0);  // nothing is fetched before start()
        poller.start();
        BOOST_TEST_REQUIRE(scorecard::testing::wait_until(std::chrono::seconds(20),
                                                          [&] { return state_of(db).polls >= 1; }));
        BOOST_TEST(state_of(db).last_outcome == FeedPollOutcome::kAccepted);
        BOOST_TEST(contract(db).has_value());

        // A wall-clock bound on purpose: promptness is the promise (unwoken, the thread
        // would sleep out its hour).
        const auto stopping = std::chrono::steady_clock::now();
        poller.stop();
        BOOST_TEST((std::chrono::steady_clock::now() - stopping < std::chrono::milliseconds(1000)));
        BOOST_TEST(server.requests() == 1);
    });
}

BOOST_AUTO_TEST_SUITE_END()
