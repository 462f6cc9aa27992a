// The HTTP server's own promises (services/http/server.h, docs/operations.md "Limits"), on
// real sockets against services::Server: HEAD on every GET route, "100 Continue" only
// after admission, pipelining and the keep-alive limit, 411 for a body without a length,
// 408 for a body that stops, a head cut off at its deadline or refused over its size (431),
// 503 at once when the queue is full, the longest-idle connection closed first at the
// connection limit, requests in flight finished by stop(), and the listening address.
// slow_clients_test holds the same server under 500 slow connections.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "services/http/routes.h"
#include "services/http/server.h"
#include "services/secrets.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/user_repository.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"
#include "tests/support/accounts.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/wait.h"

using namespace scorecard;
using namespace scorecard::services;
namespace world = scorecard::services::testing;
using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

double seconds_since(SteadyClock::time_point start) {
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// A Database that hands out its connections unchanged but counts the write transactions
// begun through it: a worker that begins one has taken its request, and waits there while
// another connection holds the write lock (WriteLock).
class WatchedDatabase : public store::Database {
  public:
    explicit WatchedDatabase(store::Database& inner) : inner_(inner) {}

    store::PooledConnection acquire() override {
        return store::PooledConnection(std::make_unique<Watched>(inner_.acquire(), *this),
                                       [](std::unique_ptr<store::Connection>) {});
    }
    const store::Dialect& dialect() const override { return inner_.dialect(); }
    std::string describe() const override { return inner_.describe(); }

    // The write transactions begun so far.
    int writers() {
        std::lock_guard lock(mutex_);
        return writers_;
    }
    // Waits (up to `seconds`) until `count` write transactions have begun.
    bool wait_for_writers(int count, double seconds) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::duration<double>(seconds),
                                 [&] { return writers_ >= count; });
    }

  private:
    // The pooled connection, forwarded to; returned to the pool when this is destroyed.
    class Watched : public store::Connection {
      public:
        Watched(store::PooledConnection conn, WatchedDatabase& db)
            : conn_(std::move(conn)), db_(db) {}
        std::int64_t execute(std::string_view sql, const store::Params& params) override {
            return conn_->execute(sql, params);
        }
        void query(std::string_view sql, const store::Params& params,
                   const std::function<void(const store::Row&)>& on_row) override {
            conn_->query(sql, params, on_row);
        }
        std::int64_t last_insert_id() override { return conn_->last_insert_id(); }
        const store::Dialect& dialect() const override { return conn_->dialect(); }
        void begin(store::TxMode mode) override {
            if (mode == store::TxMode::kWrite)
                db_.count_writer();
            conn_->begin(mode);
        }
        void commit() override { conn_->commit(); }
        void rollback() override { conn_->rollback(); }
        bool in_transaction() const override { return conn_->in_transaction(); }
        bool healthy() const override { return conn_->healthy(); }

      private:
        store::PooledConnection conn_;
        WatchedDatabase& db_;
    };

    void count_writer() {
        {
            std::lock_guard lock(mutex_);
            ++writers_;
        }
        changed_.notify_all();
    }

    store::Database& inner_;
    std::mutex mutex_;
    std::condition_variable changed_;
    int writers_ = 0;
};

// services::Server over a fresh SQLite database with an admin account and its token, with
// the server settings a test chooses. The server reaches the database through a
// WatchedDatabase.
class Served {
  public:
    explicit Served(const std::function<void(ServerSettings&)>& adjust) {
        db_ = store::Database::open("sqlite:" + (dir_.path() / "server.db").string());
        store::migrate(*db_);
        token = scorecard::testing::add_user_with_token(*db_, scorecard::testing::admin_user(),
                                                        world::at("2026-09-01T00:00:00Z"));
        watched_ = std::make_unique<WatchedDatabase>(*db_);
        Settings settings;
        settings.server.threads = 2;
        adjust(settings.server);
        app_ = std::make_unique<AppContext>(*watched_, settings);
        server_ = std::make_unique<Server>(*app_, app_->settings().server, 0,
                                           /*access_log=*/false);
        server_->start();
    }

    int port() const { return server_->port(); }
    Server& server() { return *server_; }
    // The database itself, not watched.
    store::Database& db() { return *db_; }
    // The write transactions the server has begun, and waiting (up to 10 s) until it has
    // begun `count`.
    int writers() { return watched_->writers(); }
    bool wait_for_writers(int count) { return watched_->wait_for_writers(count, 10); }
    std::string token;

  private:
    scorecard::testing::TempDir dir_;
    std::unique_ptr<store::Database> db_;
    std::unique_ptr<WatchedDatabase> watched_;
    std::unique_ptr<AppContext> app_;
    std::unique_ptr<Server> server_;
};

// A raw TCP connection, for what an HTTP client library would not send.
class Raw {
  public:
    explicit Raw(int port, const std::string& to = "127.0.0.1") {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        ::inet_pton(AF_INET, to.c_str(), &address.sin_addr);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~Raw() { ::close(fd_); }
    Raw(const Raw&) = delete;
    Raw& operator=(const Raw&) = delete;

    bool connected() const { return connected_; }

    void send(const std::string& bytes) {
        BOOST_TEST_REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                           static_cast<ssize_t>(bytes.size()));
    }

    // Everything received until `text` has arrived `count` times, the server closed the
    // connection, or `seconds` passed.
    std::string receive_until(const std::string& text, double seconds, int count = 1) {
        const auto until = SteadyClock::now() + std::chrono::duration<double>(seconds);
        while (occurrences(text) < count && !closed_ && SteadyClock::now() < until) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0)
                continue;
            char buffer[65536];
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0)
                closed_ = true;
            else
                received_.append(buffer, static_cast<std::size_t>(n));
        }
        return received_;
    }
    // Whether the server closed the connection within `seconds`.
    bool closed_within(double seconds) {
        receive_until("\x01never\x01", seconds);
        return closed_;
    }
    const std::string& received() const { return received_; }

  private:
    int occurrences(const std::string& text) const {
        int n = 0;
        for (auto at = received_.find(text); at != std::string::npos;
             at = received_.find(text, at + text.size()))
            ++n;
        return n;
    }

    int fd_ = -1;
    bool connected_ = false;
    bool closed_ = false;
    std::string received_;
};

std::string post_head(const std::string& path, const std::string& token, std::size_t length,
                      const std::string& extra = {}) {
    return "POST " + path + " HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/xml\r\nContent-Length: " + std::to_string(length) +
           "\r\n" + extra + "\r\n";
}

// Holds the SQLite write lock from another connection until release() (or destruction), so
// that a request that writes waits in its worker: the way to keep workers busy on purpose,
// for exactly as long as the test needs them busy.
class WriteLock {
  public:
    explicit WriteLock(store::Database& db) {
        std::promise<void> taken;
        auto ready = taken.get_future();
        holder_ = std::async(std::launch::async, [&db, taken = std::move(taken),
                                                  released = released_.get_future()]() mutable {
            store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
                conn.execute("UPDATE users SET name = name WHERE id = 0", {});
                taken.set_value();
                released.wait();
            });
        });
        ready.wait();
    }
    ~WriteLock() {
        try {
            release();
        } catch (const std::exception&) {
            // The test has failed already; nothing to add from a destructor.
        }
    }
    WriteLock(const WriteLock&) = delete;
    WriteLock& operator=(const WriteLock&) = delete;

    void release() {
        if (!holder_.valid())
            return;
        released_.set_value();
        holder_.get();
    }

  private:
    std::promise<void> released_;
    std::future<void> holder_;
};

// A concrete path for a route pattern, on the world of tests/services (contract A,
// supplier A, document 1, the shipped assets).
std::string concrete(const std::string& pattern) {
    std::string path;
    std::size_t at = 0;
    while (at < pattern.size()) {
        const auto open = pattern.find('{', at);
        if (open == std::string::npos) {
            path += pattern.substr(at);
            break;
        }
        const auto close = pattern.find('}', open);
        path += pattern.substr(at, open - at);
        const std::string name = pattern.substr(open + 1, close - open - 1);
        if (name == "file")
            path += path.ends_with("/fonts/")    ? "bold-b542beb274-v2.woff2"
                    : path.ends_with("/images/") ? "favicon.svg"
                                                 : "scorecard.css";
        else if (path.ends_with("/contracts/"))
            path += world::kContractA;
        else if (path.ends_with("/suppliers/"))
            path += world::kSupplierA;
        else
            path += "1";
        at = close + 1;
    }
    return path;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_server)

// RFC 9110 §9.3.2: HEAD answers what GET would, headers and length, without the body.
BOOST_AUTO_TEST_CASE(head_is_get_without_the_body_on_every_get_route) {
    world::for_each_database([](store::Database& db, const std::string&) {
        world::RunningServer srv(db);
        world::load_world(srv);
        int routes = 0;
        const Router router = make_router();
        for (const Route& route : router.routes()) {
            if (route.method != "GET")
                continue;
            ++routes;
            const std::string path = concrete(route.pattern);
            BOOST_TEST_CONTEXT(route.pattern << " as " << path) {
                auto get = srv.call({"GET", path, srv.admin, "", "", {}});
                auto head = srv.call({"HEAD", path, srv.admin, "", "", {}});
                BOOST_TEST(head.status == get.status);
                BOOST_TEST(head.body.empty());
                BOOST_TEST(head.header("content-type") == get.header("content-type"));
                BOOST_TEST(head.header("content-security-policy") ==
                           get.header("content-security-policy"));
                BOOST_TEST(head.header("content-disposition") == get.header("content-disposition"));
                // /metrics counts the GET before the HEAD: its text gains the GET's lines
                // in between (and its numbers may change length), so the HEAD's length is
                // at least about the GET's.
                if (route.pattern == "/metrics") {
                    const auto length = std::stoul(head.header("content-length"));
                    BOOST_TEST(length * 100 >= get.body.size() * 99,
                               length << " bytes for HEAD, " << get.body.size() << " for GET");
                } else
                    BOOST_TEST(head.header("content-length") == std::to_string(get.body.size()));
            }
        }
        BOOST_TEST(routes > 40, routes << " GET routes");
        // The 405 of a path names HEAD wherever it names GET.
        auto wrong = srv.call({"DELETE", "/api/v1/flags", srv.admin, "", "", {}});
        BOOST_TEST(wrong.status == 405);
        BOOST_TEST(wrong.header("allow") == "GET, HEAD");
    });
}

// curl sends "Expect: 100-continue" for bodies over 1 kB: the body is asked for only once
// the request is admitted; a refused one is answered at once and the body never asked for.
BOOST_AUTO_TEST_CASE(continue_is_sent_after_admission_and_never_to_a_refused_request) {
    Served served([](ServerSettings&) {});
    const std::string body = "<a>";
    Raw admitted(served.port());
    admitted.send(
        post_head("/api/v1/feeds", served.token, body.size(), "Expect: 100-continue\r\n"));
    BOOST_TEST(admitted.receive_until("\r\n\r\n", 5) == "HTTP/1.1 100 Continue\r\n\r\n");
    admitted.send(body);
    // Not well-formed: 400, after the 100.
    const std::string answer = admitted.receive_until("\r\n\r\n", 5, 2);
    BOOST_TEST(answer.find("\r\n\r\nHTTP/1.1 400 ") != std::string::npos, answer);

    Raw refused(served.port());
    refused.send(post_head("/api/v1/feeds", "sc_wrong", 5000, "Expect: 100-continue\r\n"));
    const std::string refusal = refused.receive_until("\r\n\r\n", 5);
    BOOST_TEST(refusal.starts_with("HTTP/1.1 401 "), refusal);
    BOOST_TEST(refused.closed_within(3), "the refused request's connection stays open");
    BOOST_TEST(refused.received().find("100 Continue") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(pipelined_requests_are_answered_in_order) {
    Served served([](ServerSettings&) {});
    Raw c(served.port());
    c.send(
        "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\nGET /nothing-here HTTP/1.1\r\nHost: t\r\n\r\n"
        "HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    const std::string all = c.receive_until("HTTP/1.1 ", 5, 3);
    const auto first = all.find("HTTP/1.1 200 ");
    const auto second = all.find("HTTP/1.1 404 ");
    const auto third = all.find("HTTP/1.1 200 ", first + 1);
    BOOST_TEST(first == 0u, all);
    BOOST_TEST((second != std::string::npos && second > first), all);
    BOOST_TEST((third != std::string::npos && third > second), all);
    BOOST_TEST(!c.closed_within(0.3), "a keep-alive connection was closed");
}

BOOST_AUTO_TEST_CASE(a_connection_serves_at_most_max_keep_alive_requests) {
    Served served([](ServerSettings& s) { s.max_keep_alive_requests = 2; });
    Raw c(served.port());
    c.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    const std::string first = c.receive_until("}", 5);
    BOOST_TEST(first.find("Connection: close") == std::string::npos, first);
    c.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    const std::string both = c.receive_until("}", 5, 2);
    BOOST_TEST(both.find("Connection: close") != std::string::npos, both);
    BOOST_TEST(c.closed_within(3));
    // HTTP/1.0 without keep-alive: one request.
    Raw old(served.port());
    old.send("GET /healthz HTTP/1.0\r\n\r\n");
    BOOST_TEST(old.receive_until("}", 5).starts_with("HTTP/1.1 200 "));
    BOOST_TEST(old.closed_within(3));
}

// A request without a length cannot say where its body ends: a method that takes a body is
// refused with 411 at once (not after a receive timeout), as is a chunked body; any other
// method without a length has no body and is answered at once.
BOOST_AUTO_TEST_CASE(a_request_without_a_length_is_answered_at_once) {
    Served served([](ServerSettings&) {});
    struct Case {
        std::string what, request, status;
    };
    const std::vector<Case> cases = {
        {"POST without Content-Length",
         "POST /api/v1/feeds HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + served.token +
             "\r\n\r\n",
         "411"},
        {"chunked POST",
         "POST /api/v1/feeds HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n", "411"},
        {"PUT without Content-Length", "PUT /api/v1/flags HTTP/1.1\r\nHost: t\r\n\r\n", "411"},
        {"OPTIONS without Content-Length", "OPTIONS /api/v1/flags HTTP/1.1\r\nHost: t\r\n\r\n",
         "405"},
        {"DELETE without Content-Length", "DELETE /api/v1/session HTTP/1.1\r\nHost: t\r\n\r\n",
         "204"},
    };
    for (const auto& c : cases) {
        Raw raw(served.port());
        const auto sent = SteadyClock::now();
        raw.send(c.request);
        const std::string answer = raw.receive_until("\r\n\r\n", 5);
        BOOST_TEST(answer.starts_with("HTTP/1.1 " + c.status + " "), c.what << ": " << answer);
        BOOST_TEST(seconds_since(sent) < 1.0, c.what);
    }
}

// server.body_timeout_seconds bounds the whole body from the end of the head: a sender that
// stops and one that trickles are both answered 408 at the deadline and disconnected.
BOOST_AUTO_TEST_CASE(a_body_that_does_not_arrive_in_time_gets_408_at_its_deadline) {
    Served served([](ServerSettings& s) { s.body_timeout_seconds = 1; });
    for (const bool trickle : {false, true}) {
        BOOST_TEST_CONTEXT((trickle ? "a byte every 0.3 s" : "three bytes, then nothing")) {
            Raw c(served.port());
            const auto sent = SteadyClock::now();
            c.send(post_head("/api/v1/feeds", served.token, 100) + "abc");
            std::string answer;
            for (int i = 0; i < 10 && answer.empty(); ++i) {
                answer = c.receive_until("\r\n\r\n", trickle ? 0.3 : 3);
                if (trickle && answer.empty())
                    c.send("x");
            }
            BOOST_TEST(answer.starts_with("HTTP/1.1 408 "), answer);
            const double took = seconds_since(sent);
            BOOST_TEST((took > 0.9 && took < 1.6), took << " s");
            BOOST_TEST(c.closed_within(3));
        }
    }
}

// server.header_timeout_seconds bounds the whole head, however the bytes trickle; a head
// over 64 KiB is refused (431) as soon as it is that long.
BOOST_AUTO_TEST_CASE(a_head_is_cut_off_at_its_deadline_or_its_size) {
    Served served([](ServerSettings& s) { s.header_timeout_seconds = 1; });
    Raw slow(served.port());
    const auto opened = SteadyClock::now();
    slow.send("GET /healthz HTTP/1.1\r\n");
    while (!slow.closed_within(0.3) && seconds_since(opened) < 4)
        slow.send("X: y\r\n");
    const double took = seconds_since(opened);
    BOOST_TEST((took > 0.9 && took < 1.6), took << " s");

    Raw large(served.port());
    large.send("GET /healthz HTTP/1.1\r\nX: " + std::string(70 * 1024, 'a'));
    const std::string answer = large.receive_until("\r\n\r\n", 3);
    BOOST_TEST(answer.starts_with("HTTP/1.1 431 "), answer.substr(0, 100));

    // A whole head over the limit, its end included, arriving at once (found by a hostile
    // client: heads up to 128 KiB were served when their end came with them).
    Raw whole(served.port());
    whole.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX: " + std::string(70 * 1024, 'a') +
               "\r\n\r\n");
    const std::string refused = whole.receive_until("\r\n\r\n", 3);
    BOOST_TEST(refused.starts_with("HTTP/1.1 431 "), refused.substr(0, 100));
    // Just under it is served.
    Raw under(served.port());
    under.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX: " + std::string(60 * 1024, 'a') +
               "\r\n\r\n");
    const std::string served_answer = under.receive_until("\r\n\r\n", 3);
    BOOST_TEST(served_answer.starts_with("HTTP/1.1 200 "), served_answer.substr(0, 100));
}

// With every worker busy and the queue full, a request is answered 503 at once instead of
// waiting; those queued are served when the workers are free.
BOOST_AUTO_TEST_CASE(a_full_queue_is_answered_503_at_once) {
    Served served([](ServerSettings& s) {
        s.threads = 1;
        s.queue = 1;
    });
    const std::string feed = world::world_feed();
    WriteLock lock(served.db());
    Raw busy(served.port()), queued(served.port()), refused(served.port());
    const int writers = served.writers();
    busy.send(post_head("/api/v1/feeds", served.token, feed.size()) + feed);
    // The worker has taken it: its import waits for the write lock.
    BOOST_TEST_REQUIRE(served.wait_for_writers(writers + 1));
    queued.send(post_head("/api/v1/feeds", served.token, feed.size()) + feed);
    // A real delay: nothing outside the server shows that the loop has read this request
    // and queued it, and it must be queued before the next one arrives.
    std::this_thread::sleep_for(milliseconds(100));
    const auto sent = SteadyClock::now();
    refused.send(post_head("/api/v1/feeds", served.token, feed.size()) + feed);
    const std::string refusal = refused.receive_until("\r\n\r\n", 3);
    BOOST_TEST(refusal.starts_with("HTTP/1.1 503 "), refusal);
    BOOST_TEST(refusal.find("Retry-After: 1") != std::string::npos);
    // "At once" is the promise under test; the worker stays busy until the lock is released
    // below, so this is the time to answer without a worker, not a race with one.
    BOOST_TEST(seconds_since(sent) < 0.5);
    lock.release();
    // The first import creates the world (201), the second finds it unchanged (200).
    BOOST_TEST(busy.receive_until("\r\n\r\n", 10).starts_with("HTTP/1.1 201 "), busy.received());
    BOOST_TEST(queued.receive_until("\r\n\r\n", 10).starts_with("HTTP/1.1 200 "),
               queued.received());
}

// At server.max_connections the longest-idle keep-alive connection makes room; when no
// connection is idle, the new one is refused (503).
BOOST_AUTO_TEST_CASE(at_the_connection_limit_idle_connections_are_closed_first) {
    Served served([](ServerSettings& s) { s.max_connections = 3; });
    Raw idle_first(served.port());
    idle_first.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    BOOST_TEST_REQUIRE(idle_first.receive_until("}", 5).starts_with("HTTP/1.1 200 "));
    // Real delays here and below: which connection is idle, and since when, is the loop's
    // state, which nothing outside the server shows (a worker writes a response before the
    // loop marks its connection idle); the pauses let the loop take in what was sent.
    std::this_thread::sleep_for(milliseconds(50));
    Raw idle_second(served.port());
    idle_second.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    BOOST_TEST_REQUIRE(idle_second.receive_until("}", 5).starts_with("HTTP/1.1 200 "));
    Raw busy(served.port());
    busy.send("GET /healthz HTTP/1.1\r\n");  // a head under way: not idle
    std::this_thread::sleep_for(milliseconds(100));

    Raw newcomer(served.port());
    newcomer.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    BOOST_TEST(newcomer.receive_until("}", 5).starts_with("HTTP/1.1 200 "));
    BOOST_TEST(idle_first.closed_within(1), "the longest-idle connection was not closed");
    BOOST_TEST(!idle_second.closed_within(0.2));

    // Now: idle_second idle, busy and newcomer... make them all busy, then one more.
    idle_second.send("GET /healthz HTTP/1.1\r\n");
    newcomer.send("GET /healthz HTTP/1.1\r\n");
    std::this_thread::sleep_for(milliseconds(100));
    Raw refused(served.port());
    BOOST_TEST(refused.receive_until("\r\n\r\n", 3).starts_with("HTTP/1.1 503 "),
               refused.received());
    BOOST_TEST(refused.closed_within(1));
    BOOST_TEST(!busy.closed_within(0.2));
}

// stop() stops accepting but lets a request in flight finish and be answered.
BOOST_AUTO_TEST_CASE(stop_finishes_the_requests_in_flight) {
    Served served([](ServerSettings&) {});
    const std::string feed = world::world_feed();
    WriteLock lock(served.db());
    Raw c(served.port());
    const int writers = served.writers();
    c.send(post_head("/api/v1/feeds", served.token, feed.size()) + feed);
    // In flight: a worker has it and waits for the write lock.
    BOOST_TEST_REQUIRE(served.wait_for_writers(writers + 1));
    auto stopped = std::async(std::launch::async, [&] { served.server().stop(); });
    // The listener closes as stop() begins; the request stays in flight while the lock is held.
    const bool refusing = scorecard::testing::wait_until(
        std::chrono::seconds(5), [&] { return !Raw(served.port()).connected(); });
    BOOST_TEST(refusing, "a stopping server went on accepting connections");
    BOOST_TEST((stopped.wait_for(milliseconds(0)) == std::future_status::timeout),
               "stop() returned with a request in flight");
    lock.release();
    const std::string answer = c.receive_until("\r\n\r\n", 5);
    BOOST_TEST(answer.starts_with("HTTP/1.1 201 "), answer);
    BOOST_TEST(answer.find("Connection: close") != std::string::npos, answer);
    BOOST_TEST((stopped.wait_for(std::chrono::seconds(5)) == std::future_status::ready));
}

// server.address: 127.0.0.1 is reached from this host's loopback address only, not from
// another address of the host (127.0.0.2 stands in for one); 0.0.0.0 from any.
BOOST_AUTO_TEST_CASE(the_server_listens_on_its_address_only) {
    Served local([](ServerSettings& s) { s.address = "127.0.0.1"; });
    BOOST_TEST(Raw(local.port(), "127.0.0.1").connected());
    BOOST_TEST(!Raw(local.port(), "127.0.0.2").connected());
    Served every([](ServerSettings& s) { s.address = "0.0.0.0"; });
    BOOST_TEST(Raw(every.port(), "127.0.0.2").connected());
}

BOOST_AUTO_TEST_SUITE_END()
