#include "services/http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include "services/http/metrics.h"
#include "services/http/percent_encoding.h"
#include "services/http/routes.h"

namespace scorecard::services {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Seconds = std::chrono::seconds;

// The longest request head (request line and headers) read; longer gets 431.
constexpr std::size_t kMaxHeadBytes = 64 * 1024;
// After a response that closes the connection, what the client still sends is read and
// dropped for up to this long, so that closing does not reset the connection (RST) before
// the client has read the response (a 413 or 401 sent before the body, a 408).
constexpr auto kLingerTime = Seconds(2);
// How often deadlines are checked: the precision of every timeout.
constexpr auto kSweepInterval = std::chrono::milliseconds(50);
// How long stop() lets requests in flight finish.
constexpr auto kStopGrace = Seconds(5);
// What one connection may receive in one turn of the loop, so that a fast upload does not
// delay the others.
constexpr std::size_t kReadPerTurn = 256 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// The peer's address as text; an IPv4 peer on an IPv6 socket as plain IPv4.
std::string address_text(const sockaddr_storage& address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        return text;
    }
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    if (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr)) {
        ::inet_ntop(AF_INET, &v6.sin6_addr.s6_addr[12], text, sizeof text);
        return text;
    }
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    return text;
}

// One request on a connection, from its head to its response: what the loop read and the
// worker decided.
struct Exchange {
    HttpRequest request;
    Admission admission;              // set by admit()
    SteadyClock::time_point started;  // the head's end: the body's deadline counts from here
    std::size_t body_length = 0;      // Content-Length (0 without one)
    bool keep_alive = true;           // the connection may serve another request after this
    bool expect_continue = false;     // "Expect: 100-continue": the body waits for our 100
};

// An error response with a status of its own (408, 411, 431, 505: statuses that no
// ErrorCode maps to, because only the server's framing produces them).
HttpResponse error_with_status(int status, ErrorCode code, const std::string& message) {
    HttpResponse response = error_response(Error(code, message));
    response.status = status;
    return response;
}

// Control characters and spaces in a logged field would let a client forge log lines;
// '%' is encoded too, so that the field decodes back to what the client sent.
bool printable_in_log(unsigned char c) {
    return c > 0x20 && c != 0x7f && c != '%';
}

std::string log_field(std::string_view text) {
    std::string out = percent_encode(text, printable_in_log);
    return out.empty() ? "-" : out;
}

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// Turns a response into the bytes on the wire, and counts it: in /metrics (before the bytes
// leave, so that the client's next request already sees this one) and in the access log.
class Responder {
  public:
    Responder(const Router& router, AppContext& app, bool access_log)
        : router_(router), app_(app), access_log_(access_log) {}

    std::string finish(const Exchange& x, const HttpResponse& response, bool close) const {
        const HttpRequest& request = x.request;
        const double seconds =
            std::chrono::duration<double>(SteadyClock::now() - x.started).count();
        const Route* route =
            request.method.empty() ? nullptr : router_.match(request.method, request.path).route;
        Metrics::global().observe_request(request.method.empty() ? "-" : request.method,
                                          route ? route->pattern : "unmatched", response.status,
                                          seconds);
        std::string bytes = render(request.method == "HEAD", response, close);
        if (access_log_) {
            // TIME CLIENT METHOD PATH STATUS BYTES DURATION user=NAME (docs/operations.md)
            std::ostringstream line;
            line << format_timestamp(app_.now()) << " " << log_field(request.client_address) << " "
                 << log_field(request.method) << " " << log_field(request.path) << " "
                 << response.status << " " << response.body_size() << " "
                 << static_cast<int>(seconds * 1000) << "ms"
                 << (request.principal ? " user=" + log_field(request.principal->user)
                                       : std::string{})
                 << "\n";
            std::lock_guard lock(log_mutex_);
            std::clog << line.str();
        }
        return bytes;
    }

  private:
    // Status line, headers (the security headers of every response, which a handler's own
    // header of the same name replaces), and the body unless the request was HEAD: HEAD
    // answers GET's headers, Content-Length included, without the body (RFC 9110 §9.3.2).
    static std::string render(bool head_only, const HttpResponse& response, bool close) {
        static const std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
            {"X-Content-Type-Options", "nosniff"},
            {"X-Frame-Options", "DENY"},
            // same-origin, not no-referrer: under no-referrer browsers send "Origin: null"
            // with this site's own form posts (Fetch §3.1), which the Origin check
            // (services/http/app.cpp) must refuse; other sites still get no referrer.
            {"Referrer-Policy", "same-origin"},
            {"Content-Security-Policy", kContentSecurityPolicy},
            {"Cache-Control", "no-store"},
        };
        std::string out;
        const std::size_t body_size = response.body_size();
        out.reserve(512 + (head_only ? 0 : body_size));
        out += "HTTP/1.1 " + std::to_string(response.status) + " " +
               Poco::Net::HTTPResponse::getReasonForStatus(
                   static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status)) +
               "\r\n";
        out +=
            "Date: " +
            Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::HTTP_FORMAT) +
            "\r\n";
        out += "Server: scorecard\r\n";
        // 204 and 304 have no body and no length (RFC 9110 §8.6).
        const bool bodiless = response.status == 204 || response.status == 304;
        if (!bodiless) {
            out += "Content-Type: " + response.content_type + "\r\n";
            out += "Content-Length: " + std::to_string(body_size) + "\r\n";
        }
        for (const auto& [name, value] : kSecurityHeaders) {
            const bool replaced =
                std::any_of(response.headers.begin(), response.headers.end(),
                            [&](const auto& header) { return same_name(header.first, name); });
            if (!replaced)
                out.append(name).append(": ").append(value).append("\r\n");
        }
        for (const auto& [name, value] : response.headers)
            out += name + ": " + value + "\r\n";
        if (close)
            out += "Connection: close\r\n";
        out += "\r\n";
        if (!head_only && !bodiless) {
            if (response.kept_body)
                response.kept_body->append(out);
            else
                out += response.body;
        }
        return out;
    }

    const Router& router_;
    AppContext& app_;
    const bool access_log_;
    inline static std::mutex log_mutex_;
};

// What the loop asks a worker to do with an exchange.
enum class Step {
    kAdmit,           // decide from the head; the body is still to be read
    kAdmitAndHandle,  // the body (if any) has arrived: admit, then handle
    kHandle,          // admitted, the body has arrived
};

// While a worker has a job, the loop neither reads, writes nor closes its connection's
// socket, so the worker may write the response itself: the client need not wait for the
// loop to wake up for it.
struct Job {
    std::uint64_t connection = 0;
    Step step = Step::kAdmit;
    std::unique_ptr<Exchange> exchange;
    int fd = -1;             // the connection's socket
    bool may_write = false;  // nothing else is waiting to be written on it
};

// What a worker hands back: admitted (read the body now), or the response's bytes, of which
// the first `sent` are written already.
struct Outcome {
    std::uint64_t connection = 0;
    std::unique_ptr<Exchange> exchange;
    bool admitted = false;
    std::string bytes;
    std::size_t sent = 0;
    bool close = false;
};

// Writes what the socket takes now, without blocking; the bytes written (all of them
// unless the client is slow to read, or has gone).
std::size_t send_now(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n =
            ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            sent += static_cast<std::size_t>(n);
        else if (n < 0 && errno == EINTR)
            continue;
        else
            break;  // EAGAIN: the loop writes the rest; an error: the loop finds it too
    }
    return sent;
}

// A fixed number of threads taking jobs from a bounded queue.
class WorkerPool {
  public:
    using Work = std::function<void(Job&)>;

    WorkerPool(int threads, std::size_t capacity, Work work)
        : capacity_(capacity), work_(std::move(work)) {
        for (int i = 0; i < threads; ++i)
            threads_.emplace_back([this] { run(); });
    }
    ~WorkerPool() { stop(); }

    // Takes the job, or leaves it alone and returns false when the queue is full: the
    // caller answers 503 rather than wait.
    bool submit(Job& job) {
        {
            std::lock_guard lock(mutex_);
            if (queue_.size() >= capacity_)
                return false;
            queue_.push_back(std::move(job));
        }
        ready_.notify_one();
        return true;
    }

    // Drops the jobs not started (their connections are closed) and waits for the others.
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
            queue_.clear();
        }
        ready_.notify_all();
        for (auto& t : threads_)
            if (t.joinable())
                t.join();
        threads_.clear();
    }

  private:
    void run() {
        while (true) {
            Job job;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
                if (queue_.empty())
                    return;
                job = std::move(queue_.front());
                queue_.pop_front();
            }
            work_(job);
        }
    }

    const std::size_t capacity_;
    Work work_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

// Where a connection is in its life. Only the loop thread touches a Connection.
enum class Phase {
    kHead,       // reading a request head (or waiting for one on a kept-alive connection)
    kAdmitting,  // the head is with a worker for admission
    kBody,       // admitted, reading the body
    kHandling,   // the request is with a worker
    kWriting,    // writing the response
    kLingering,  // response sent, our side shut: reading and dropping until the client closes
};

struct Connection {
    std::uint64_t id = 0;
    int fd = -1;
    std::string peer;
    Phase phase = Phase::kHead;
    bool idle = true;  // kHead and no byte of the next request yet
    SteadyClock::time_point deadline;
    SteadyClock::time_point idle_since;
    std::string in;  // received and not yet consumed
    std::string out;
    std::size_t out_sent = 0;
    bool close_after_write = false;
    int requests = 0;  // responses completed
    std::unique_ptr<Exchange> exchange;
    std::uint32_t events = 0;  // the epoll interest registered

    bool doomed = false;  // closed while with a worker: to be closed when it is done

    bool reading() const {
        return phase == Phase::kHead || phase == Phase::kBody || phase == Phase::kLingering;
    }
    bool with_worker() const { return phase == Phase::kAdmitting || phase == Phase::kHandling; }
};

constexpr auto kNever = SteadyClock::time_point::max();

}  // namespace

class Server::Impl {
  public:
    Impl(AppContext& app, const ServerSettings& settings, int port, bool access_log)
        : app_(app),
          settings_(settings),
          router_(make_router()),
          responder_(router_, app, access_log),
          port_(port) {}

    ~Impl() { stop(); }

    int port() const { return port_; }

    void start() {
        max_connections_ = connection_limit();
        listen_fd_ = open_listener();
        epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
        wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (epoll_fd_ < 0 || wake_fd_ < 0)
            throw Error(ErrorCode::kUnavailable,
                        std::string("cannot start the event loop: ") + std::strerror(errno));
        add_to_epoll(listen_fd_, kListenerId, EPOLLIN);
        add_to_epoll(wake_fd_, kWakeId, EPOLLIN);
        workers_ = std::make_unique<WorkerPool>(settings_.threads,
                                                static_cast<std::size_t>(settings_.queue),
                                                [this](Job& job) { work(job); });
        loop_ = std::thread([this] { run(); });
    }

    void stop() {
        if (!loop_.joinable())
            return;
        stopping_ = true;
        wake();
        loop_.join();
        workers_->stop();
        // Connections whose requests were still with a worker when the grace ran out.
        for (const auto& [id, c] : connections_)
            ::close(c->fd);
        connections_.clear();
        for (int fd : {listen_fd_, epoll_fd_, wake_fd_})
            if (fd >= 0)
                ::close(fd);
        listen_fd_ = epoll_fd_ = wake_fd_ = -1;
    }

  private:
    static constexpr std::uint64_t kListenerId = 0;
    static constexpr std::uint64_t kWakeId = 1;

    // ---- set-up -------------------------------------------------------------------------

    // server.max_connections, within what the process may open: the soft limit on open
    // files is raised to the hard one, and 256 descriptors are kept for the database,
    // logs and documents.
    int connection_limit() const {
        rlimit files{};
        if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
            files.rlim_cur = files.rlim_max;
            ::setrlimit(RLIMIT_NOFILE, &files);
            ::getrlimit(RLIMIT_NOFILE, &files);
        }
        constexpr rlim_t kReserved = 256;
        const rlim_t available =
            files.rlim_cur > kReserved * 2 ? files.rlim_cur - kReserved : files.rlim_cur / 2;
        if (static_cast<rlim_t>(settings_.max_connections) <= available)
            return settings_.max_connections;
        std::cerr << "scorecard: server.max_connections = " << settings_.max_connections
                  << " is more than the open-file limit allows (" << files.rlim_cur
                  << "); holding at most " << available << " connections\n";
        return static_cast<int>(available);
    }

    int open_listener() {
        sockaddr_storage address{};
        socklen_t length = 0;
        auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
        if (::inet_pton(AF_INET, settings_.address.c_str(), &v4->sin_addr) == 1) {
            v4->sin_family = AF_INET;
            v4->sin_port = htons(static_cast<std::uint16_t>(port_));
            length = sizeof *v4;
        } else if (::inet_pton(AF_INET6, settings_.address.c_str(), &v6->sin6_addr) == 1) {
            v6->sin6_family = AF_INET6;
            v6->sin6_port = htons(static_cast<std::uint16_t>(port_));
            length = sizeof *v6;
        } else {
            throw Error::BadRequest("server.address '" + settings_.address +
                                    "' is not an IP address");
        }
        const int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw Error(ErrorCode::kUnavailable,
                        std::string("cannot open a socket: ") + std::strerror(errno));
        const int on = 1, off = 0;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (address.ss_family == AF_INET6)  // "::" takes IPv4 too
            ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
        // A backlog large enough that a burst of connections is not dropped (a dropped SYN
        // costs the client a second); the kernel caps it at net.core.somaxconn.
        if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
            ::listen(fd, 4096) != 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            throw Error(ErrorCode::kUnavailable, "cannot listen on " + settings_.address + ":" +
                                                     std::to_string(port_) + ": " + why);
        }
        sockaddr_storage bound{};
        socklen_t bound_length = sizeof bound;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_length);
        port_ =
            ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in&>(bound).sin_port
                                             : reinterpret_cast<sockaddr_in6&>(bound).sin6_port);
        return fd;
    }

    void add_to_epoll(int fd, std::uint64_t id, std::uint32_t events) {
        epoll_event event{};
        event.events = events;
        event.data.u64 = id;
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
    }

    void wake() {
        const std::uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
    }

    // ---- the workers ----------------------------------------------------------------------

    void work(Job& job) {
        Outcome outcome;
        outcome.connection = job.connection;
        Exchange& x = *job.exchange;
        try {
            if (job.step != Step::kHandle)
                x.admission = admit(router_, app_, x.request);
            if (x.admission.refusal) {
                // The body, if one was announced, is not read: the connection cannot be
                // used for another request.
                const bool body_unread = job.step == Step::kAdmit;
                outcome.close = body_unread || !x.keep_alive || stopping_;
                outcome.bytes = responder_.finish(x, *x.admission.refusal, outcome.close);
            } else if (job.step == Step::kAdmit) {
                outcome.admitted = true;
            } else {
                const HttpResponse response = handle(x.admission, app_, x.request);
                outcome.close = !x.keep_alive || stopping_;
                outcome.bytes = responder_.finish(x, response, outcome.close);
            }
        } catch (const std::exception& e) {
            // admit() and handle() answer every error themselves; this is rendering failing.
            std::cerr << "scorecard: internal error answering " << x.request.method << " "
                      << x.request.path << ": " << e.what() << "\n";
            outcome.admitted = false;
            outcome.close = true;
            outcome.bytes = responder_.finish(
                x, error_response(Error::Internal("answering the request failed")), true);
        }
        if (!outcome.admitted && job.may_write)
            outcome.sent = send_now(job.fd, outcome.bytes);
        outcome.exchange = std::move(job.exchange);
        {
            std::lock_guard lock(outcomes_mutex_);
            outcomes_.push_back(std::move(outcome));
        }
        wake();
    }

    // ---- the loop ---------------------------------------------------------------------

    void run() {
        std::vector<epoll_event> events(512);
        auto next_sweep = SteadyClock::now() + kSweepInterval;
        bool draining = false;
        SteadyClock::time_point give_up = kNever;
        while (true) {
            const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                                       static_cast<int>(kSweepInterval.count()));
            auto now = SteadyClock::now();
            for (int i = 0; i < n; ++i) {
                const std::uint64_t id = events[static_cast<std::size_t>(i)].data.u64;
                const std::uint32_t what = events[static_cast<std::size_t>(i)].events;
                if (id == kListenerId) {
                    if (!draining)
                        accept_connections(now);
                } else if (id == kWakeId) {
                    std::uint64_t count = 0;
                    [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof count);
                    take_outcomes(now);
                } else if (auto it = connections_.find(id); it != connections_.end()) {
                    on_event(*it->second, what, now);
                }
            }
            now = SteadyClock::now();
            if (stopping_ && !draining) {
                // Stop accepting (closing the listener refuses new connections at once);
                // requests in flight may finish.
                draining = true;
                give_up = now + kStopGrace;
                ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
                ::close(listen_fd_);
                listen_fd_ = -1;
            }
            if (now >= next_sweep || draining) {
                sweep(now, draining);
                next_sweep = now + kSweepInterval;
                if (!accepting_ && now >= accept_paused_until_ && !draining) {
                    accepting_ = true;
                    add_to_epoll(listen_fd_, kListenerId, EPOLLIN);
                }
            }
            if (draining && (connections_.empty() || now >= give_up))
                break;
        }
        std::vector<std::uint64_t> all;
        for (const auto& [id, c] : connections_)
            all.push_back(id);
        for (auto id : all)
            close_connection(id);
    }

    void accept_connections(SteadyClock::time_point now) {
        while (accepting_) {
            sockaddr_storage peer{};
            socklen_t length = sizeof peer;
            const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &length,
                                     SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    // Out of descriptors: stop accepting for a moment rather than spin on a
                    // listener that stays readable.
                    accepting_ = false;
                    accept_paused_until_ = now + std::chrono::milliseconds(100);
                    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
                }
                return;  // EAGAIN: none left; anything else: the client gave up
            }
            std::string address = address_text(peer);
            if (!admit_connection(address)) {
                refuse_connection(fd);
                continue;
            }
            const int on = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            auto c = std::make_unique<Connection>();
            c->id = next_id_++;
            c->fd = fd;
            c->peer = std::move(address);
            // A new connection must send its head within the head deadline.
            c->idle = false;
            c->deadline = now + Seconds(settings_.header_timeout_seconds);
            ++per_address_[c->peer];
            c->events = EPOLLIN;
            add_to_epoll(fd, c->id, c->events);
            Connection& added = *connections_.emplace(c->id, std::move(c)).first->second;
            // A client usually sends its request with the connection: read it now.
            receive(added, now);
        }
    }

    // The caps: per client address (not the trusted proxy, whose connections carry many
    // clients), and in all, where the longest-idle keep-alive connection makes room.
    bool admit_connection(const std::string& address) {
        if (address != settings_.trusted_proxy) {
            auto it = per_address_.find(address);
            if (it != per_address_.end() && it->second >= settings_.max_connections_per_address)
                return false;
        }
        if (static_cast<int>(connections_.size()) < max_connections_)
            return true;
        Connection* oldest = nullptr;
        for (auto& [id, c] : connections_)
            if (c->phase == Phase::kHead && c->idle && c->requests > 0 &&
                (!oldest || c->idle_since < oldest->idle_since))
                oldest = c.get();
        if (!oldest)
            return false;
        close_connection(oldest->id);
        return true;
    }

    // A connection over a cap: 503 and closed, before any request is read. Nothing was
    // received, so closing sends no reset.
    static void refuse_connection(int fd) {
        static const std::string refusal =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Retry-After: 1\r\nConnection: close\r\nContent-Length: 34\r\n\r\n"
            "too many connections: retry later\n";
        [[maybe_unused]] auto n = ::send(fd, refusal.data(), refusal.size(), MSG_NOSIGNAL);
        ::close(fd);
    }

    void on_event(Connection& c, std::uint32_t what, SteadyClock::time_point now) {
        const std::uint64_t id = c.id;
        if (what & EPOLLOUT) {
            if (!flush(c, now))
                return;  // closed
        }
        if (what & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
            if (c.reading())
                receive(c, now);
            else if (what & (EPOLLHUP | EPOLLERR))
                close_connection(id);
        }
    }

    // Reads what has arrived (up to kReadPerTurn) and moves the request on.
    void receive(Connection& c, SteadyClock::time_point now) {
        char buffer[65536];
        std::size_t taken = 0;
        while (c.reading() && taken < kReadPerTurn) {
            if (c.phase == Phase::kHead && c.in.size() > kMaxHeadBytes)
                break;  // advance() answers 431
            const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                taken += static_cast<std::size_t>(n);
                if (c.phase == Phase::kLingering)
                    continue;  // dropped
                c.in.append(buffer, static_cast<std::size_t>(n));
                if (!advance(c, now))
                    return;
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            if (n < 0 && errno == EINTR)
                continue;
            // The client closed (or reset) its side: nothing more can arrive. A head or body
            // cut short is abandoned; lingering is over.
            close_connection(c.id);
            return;
        }
        watch(c);
    }

    // Moves the connection's request on with what has arrived. False when it closed the
    // connection.
    bool advance(Connection& c, SteadyClock::time_point now) {
        if (c.phase == Phase::kBody)
            return take_body(c, now);
        if (c.phase != Phase::kHead || c.in.empty())
            return true;
        if (c.idle) {
            // The first byte of a request: its head must now arrive within the deadline.
            c.idle = false;
            c.deadline = now + Seconds(settings_.header_timeout_seconds);
        }
        // Empty lines before a request line are ignored (RFC 9112 §2.2).
        const auto first = c.in.find_first_not_of("\r\n");
        c.in.erase(0, first == std::string::npos ? c.in.size() : first);
        std::size_t end = c.in.find("\r\n\r\n");
        std::size_t end_length = 4;
        if (const auto bare = c.in.find("\n\n"); bare != std::string::npos && bare < end) {
            end = bare;
            end_length = 2;
        }
        // A head longer than the limit is refused whether or not its end has arrived (a
        // read takes up to 64 KiB, so a whole head over the limit can arrive at once).
        const std::size_t head_length = end == std::string::npos ? c.in.size() : end + end_length;
        if (head_length > kMaxHeadBytes) {
            auto x = std::make_unique<Exchange>();
            x->started = now;
            x->request.client_address = c.peer;
            answer_now(c, std::move(x),
                       error_with_status(431, ErrorCode::kBadRequest,
                                         "the request head is longer than " +
                                             std::to_string(kMaxHeadBytes) + " bytes"),
                       true, now);
            return false;
        }
        if (end == std::string::npos)
            return true;
        const std::string head = c.in.substr(0, end + end_length);
        c.in.erase(0, end + end_length);
        return start_request(c, head, now);
    }

    // A whole head has arrived: parse it, check its framing and limits, and send it for
    // admission (with its body when that is here already).
    bool start_request(Connection& c, const std::string& head, SteadyClock::time_point now) {
        auto x = std::make_unique<Exchange>();
        x->started = now;
        x->request.client_address = c.peer;
        if (auto refusal = read_head(head, c, *x)) {
            answer_now(c, std::move(x), refusal->response, refusal->close, now);
            return false;
        }
        const bool whole = c.in.size() >= x->body_length;
        if (whole) {
            x->request.body = c.in.substr(0, x->body_length);
            c.in.erase(0, x->body_length);
        }
        return submit(c, whole ? Step::kAdmitAndHandle : Step::kAdmit, std::move(x), now);
    }

    // Why a head is answered without a worker, and whether the connection closes after.
    struct Refusal {
        HttpResponse response;
        bool close = true;
    };

    static Refusal refuse(int status, ErrorCode code, const std::string& message) {
        return Refusal{error_with_status(status, code, message), true};
    }

    // Parses a whole request head (RFC 9112 §2-§6) into the exchange: method, path, query,
    // headers, the client's address, the body's length, keep-alive and 100-continue. A head
    // that cannot be served is refused here: 400 when malformed, 411 for a body without a
    // Content-Length (chunked included: the body's end would be unbounded in time and size),
    // 413 for a body over server.max_body_bytes (before it is read), 417, 505.
    std::optional<Refusal> read_head(const std::string& head, const Connection& c,
                                     Exchange& x) const {
        std::vector<std::string_view> lines;
        std::string_view rest(head);
        while (!rest.empty()) {
            const auto end = rest.find('\n');
            std::string_view line = rest.substr(0, end);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            if (line.empty())
                break;
            lines.push_back(line);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        }
        if (lines.empty())
            return refuse(400, ErrorCode::kBadRequest, "empty request");
        // The request line: METHOD SP TARGET SP HTTP/1.x
        const std::string_view request_line = lines.front();
        const auto first_space = request_line.find(' ');
        const auto last_space = request_line.rfind(' ');
        if (first_space == std::string_view::npos || first_space == last_space)
            return refuse(400, ErrorCode::kBadRequest,
                          "malformed request line (expected METHOD TARGET HTTP/1.1)");
        const std::string_view method = request_line.substr(0, first_space);
        const std::string_view target =
            request_line.substr(first_space + 1, last_space - first_space - 1);
        const std::string_view version = request_line.substr(last_space + 1);
        const auto token_char = [](unsigned char ch) {
            return std::isalnum(ch) ||
                   std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(ch)) !=
                       std::string_view::npos;
        };
        if (method.empty() || !std::all_of(method.begin(), method.end(), token_char) ||
            target.empty() || target.find(' ') != std::string_view::npos)
            return refuse(400, ErrorCode::kBadRequest, "malformed request line");
        if (version != "HTTP/1.1" && version != "HTTP/1.0") {
            if (!version.starts_with("HTTP/"))
                return refuse(400, ErrorCode::kBadRequest, "malformed request line");
            return refuse(505, ErrorCode::kBadRequest,
                          "HTTP version " + std::string(version) + " is not supported: use 1.1");
        }
        x.request.method = std::string(method);

        // Header fields; a repeated one is joined with ", " (RFC 9110 §5.3), except those
        // whose repetition is a framing attack.
        for (std::size_t i = 1; i < lines.size(); ++i) {
            const std::string_view line = lines[i];
            const auto colon = line.find(':');
            if (line.front() == ' ' || line.front() == '\t' || colon == std::string_view::npos ||
                colon == 0 ||
                !std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon),
                             token_char))
                return refuse(400, ErrorCode::kBadRequest,
                              "malformed header line " + std::to_string(i + 1));
            std::string name(line.substr(0, colon));
            for (auto& ch : name)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                value.remove_prefix(1);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                value.remove_suffix(1);
            auto [it, inserted] = x.request.headers.emplace(name, std::string(value));
            if (inserted)
                continue;
            if (name == "content-length" || name == "host" || name == "authorization") {
                if (it->second != value)
                    return refuse(400, ErrorCode::kBadRequest, "conflicting " + name + " headers");
                continue;
            }
            it->second.append(name == "cookie" ? "; " : ", ").append(value);
        }

        // The target: origin form ("/path?query"), absolute form, or "*" (OPTIONS).
        try {
            Poco::URI uri{std::string(target)};
            x.request.path = raw_path(target, uri);
            for (const auto& [k, v] : uri.getQueryParameters())
                x.request.query.emplace(k, v);
        } catch (const Poco::Exception& e) {
            return refuse(400, ErrorCode::kBadRequest, "bad request URI: " + e.displayText());
        }
        set_client_address(c.peer, x.request);

        const std::string connection = lower(x.request.header("connection"));
        x.keep_alive = version == "HTTP/1.1" ? connection.find("close") == std::string::npos
                                             : connection.find("keep-alive") != std::string::npos;
        if (c.requests + 1 >= settings_.max_keep_alive_requests)
            x.keep_alive = false;

        // Framing: only Content-Length says where a body ends.
        if (x.request.headers.contains("transfer-encoding"))
            return refuse(411, ErrorCode::kBadRequest,
                          "a request body must be sent with a Content-Length (Transfer-Encoding "
                          "is not accepted)");
        if (auto length = x.request.headers.find("content-length");
            length != x.request.headers.end()) {
            const std::string& text = length->second;
            if (text.empty() || text.size() > 18 ||
                !std::all_of(text.begin(), text.end(),
                             [](unsigned char ch) { return std::isdigit(ch); }))
                return refuse(400, ErrorCode::kBadRequest,
                              "Content-Length '" + text + "' is not a number of bytes");
            x.body_length = std::stoull(text);
            if (x.body_length > settings_.max_body_bytes)
                return Refusal{error_response(Error::TooLarge(
                                   "the request body is larger than " +
                                   std::to_string(settings_.max_body_bytes) + " bytes")),
                               true};
        } else if (method == "POST" || method == "PUT" || method == "PATCH") {
            // Refused at once rather than left to hold a worker until the client closes (a
            // client that means no body sends Content-Length: 0). Without a length or a
            // Transfer-Encoding the request has no body (RFC 9112 §6.3), so the connection
            // is still in step and may serve another request.
            Refusal refusal = refuse(411, ErrorCode::kBadRequest,
                                     x.request.method + " needs a Content-Length (0 for no body)");
            refusal.close = !x.keep_alive;
            return refusal;
        }

        if (auto expect = x.request.headers.find("expect"); expect != x.request.headers.end()) {
            if (lower(expect->second) != "100-continue")
                return refuse(417, ErrorCode::kBadRequest,
                              "Expect: " + expect->second + " is not supported");
            x.expect_continue = version == "HTTP/1.1" && x.body_length > 0;
        }
        return std::nullopt;
    }

    // The path as sent, still percent-encoded (issue 15 item 10): the router splits it at
    // '/' and decodes each segment, so that "%2F" inside an id stays part of the id. Poco
    // has already checked the escapes; Poco::URI::getPath() would decode the whole path.
    static std::string raw_path(std::string_view target, const Poco::URI& uri) {
        if (!target.starts_with('/')) {  // absolute form "http://host/path?q", or "*"
            const auto scheme = target.find("://");
            if (scheme == std::string_view::npos)
                return uri.getPath();
            const auto start = target.find('/', scheme + 3);
            target = start == std::string_view::npos ? std::string_view("/") : target.substr(start);
        }
        return std::string(target.substr(0, target.find_first_of("?#")));
    }

    static std::string lower(std::string text) {
        for (auto& ch : text)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return text;
    }

    // The peer's address; behind the configured trusted proxy, the address that proxy
    // appended to X-Forwarded-For (and its X-Forwarded-Proto and -Host are kept). Forwarding
    // headers from anyone else are dropped, so that handlers never believe them.
    void set_client_address(const std::string& peer, HttpRequest& request) const {
        request.client_address = peer;
        if (!settings_.trusted_proxy.empty() && peer == settings_.trusted_proxy) {
            std::string forwarded = request.header("x-forwarded-for");
            auto comma = forwarded.rfind(',');
            std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
            last.erase(0, last.find_first_not_of(' '));
            last.erase(last.find_last_not_of(' ') + 1);
            if (!last.empty() && last.size() <= 64)
                request.client_address = last;
            return;
        }
        request.headers.erase("x-forwarded-for");
        request.headers.erase("x-forwarded-proto");
        request.headers.erase("x-forwarded-host");
    }

    // Hands an exchange to the workers; a full queue is answered 503 at once.
    bool submit(Connection& c, Step step, std::unique_ptr<Exchange> x,
                SteadyClock::time_point now) {
        Job job{c.id, step, std::move(x), c.fd, c.out_sent == c.out.size()};
        const Phase before = c.phase;
        c.phase = step == Step::kAdmit ? Phase::kAdmitting : Phase::kHandling;
        c.deadline = kNever;  // the workers' time is bounded by the database's timeouts
        if (workers_->submit(job)) {
            watch(c);
            return true;
        }
        c.phase = before;
        // With its body unread the connection cannot serve another request.
        const bool close = !job.exchange->keep_alive ||
                           job.exchange->request.body.size() < job.exchange->body_length;
        answer_now(c, std::move(job.exchange),
                   error_response(
                       Error(ErrorCode::kBusy, "the server is busy: every worker is taken and " +
                                                   std::to_string(settings_.queue) +
                                                   " requests wait; retry in a moment")),
                   close, now);
        return false;
    }

    // Moves body bytes from the connection's buffer into the request; when the body is
    // whole, hands the request to the workers.
    bool take_body(Connection& c, SteadyClock::time_point now) {
        Exchange& x = *c.exchange;
        const std::size_t missing = x.body_length - x.request.body.size();
        const std::size_t n = std::min(missing, c.in.size());
        x.request.body.append(c.in, 0, n);
        c.in.erase(0, n);
        if (x.request.body.size() < x.body_length)
            return true;
        return submit(c, Step::kHandle, std::move(c.exchange), now);
    }

    void take_outcomes(SteadyClock::time_point now) {
        std::vector<Outcome> outcomes;
        {
            std::lock_guard lock(outcomes_mutex_);
            outcomes.swap(outcomes_);
        }
        for (auto& outcome : outcomes) {
            auto it = connections_.find(outcome.connection);
            if (it == connections_.end())
                continue;  // closed meanwhile (stop, or the client's hang-up)
            Connection& c = *it->second;
            c.phase = Phase::kHead;  // the worker is done with it
            if (c.doomed) {
                close_connection(c.id);
                continue;
            }
            if (!outcome.admitted) {
                respond(c, std::move(outcome.bytes), outcome.close, outcome.sent, now);
                continue;
            }
            // Admitted: now the body, within its deadline from the end of the head.
            c.exchange = std::move(outcome.exchange);
            c.phase = Phase::kBody;
            c.deadline = c.exchange->started + Seconds(settings_.body_timeout_seconds);
            if (c.exchange->expect_continue && c.in.size() < c.exchange->body_length) {
                c.out.assign(kContinue);
                c.out_sent = 0;
                if (!flush(c, now))
                    continue;
            }
            if (take_body(c, now))
                watch(c);
        }
    }

    // An answer the loop gives itself, without a worker.
    void answer_now(Connection& c, std::unique_ptr<Exchange> x, const HttpResponse& response,
                    bool close, SteadyClock::time_point now) {
        respond(c, responder_.finish(*x, response, close), close, 0, now);
    }

    // Writes a response, of which the first `sent` bytes went out already (by the worker).
    void respond(Connection& c, std::string bytes, bool close, std::size_t sent,
                 SteadyClock::time_point now) {
        c.exchange.reset();
        c.phase = Phase::kWriting;
        // After a "100 Continue" still being written, the response follows it (and then
        // the worker wrote nothing).
        if (c.out_sent < c.out.size()) {
            c.out.erase(0, c.out_sent).append(bytes);
            c.out_sent = 0;
        } else {
            c.out = std::move(bytes);
            c.out_sent = sent;
        }
        c.close_after_write = close;
        c.deadline = now + Seconds(settings_.send_timeout_seconds);
        if (flush(c, now))
            watch(c);
    }

    // Writes what it can; when a response is written, goes on to the next request, or to
    // lingering. False when the connection was closed.
    bool flush(Connection& c, SteadyClock::time_point now) {
        while (c.out_sent < c.out.size()) {
            const ssize_t n =
                ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
            if (n > 0) {
                c.out_sent += static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                watch(c);
                return true;
            }
            if (n < 0 && errno == EINTR)
                continue;
            close_connection(c.id);
            return false;
        }
        c.out.clear();
        c.out_sent = 0;
        if (c.phase != Phase::kWriting)
            return true;  // a "100 Continue" went out; the body follows
        ++c.requests;
        if (c.close_after_write || stopping_) {
            ::shutdown(c.fd, SHUT_WR);
            c.phase = Phase::kLingering;
            c.in.clear();
            c.deadline = now + kLingerTime;
            watch(c);
            return true;
        }
        c.phase = Phase::kHead;
        c.idle = true;
        c.idle_since = now;
        c.deadline = now + Seconds(settings_.keep_alive_seconds);
        // A pipelined request may be here already.
        if (!advance(c, now))
            return false;
        watch(c);
        return true;
    }

    // Registers what the connection waits for: input while reading, output while writing.
    void watch(Connection& c) {
        if (c.doomed)
            return;
        std::uint32_t events = 0;
        if (c.reading())
            events |= EPOLLIN;
        if (c.out_sent < c.out.size())
            events |= EPOLLOUT;
        if (events == c.events)
            return;
        epoll_event event{};
        event.events = events;
        event.data.u64 = c.id;
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &event);
        c.events = events;
    }

    // Deadlines: a head or an idle keep-alive connection out of time is closed; a body out
    // of time gets 408; a response not taken in time, or lingering over, is closed. When
    // stopping, connections without a request under way are closed at once.
    void sweep(SteadyClock::time_point now, bool draining) {
        std::vector<std::uint64_t> expired;
        for (const auto& [id, c] : connections_) {
            const bool nothing_in_flight = c->phase == Phase::kHead && (c->idle || c->in.empty());
            if (now >= c->deadline || (draining && nothing_in_flight))
                expired.push_back(id);
        }
        for (auto id : expired) {
            auto it = connections_.find(id);
            if (it == connections_.end())
                continue;
            Connection& c = *it->second;
            if (c.phase == Phase::kBody) {
                answer_now(c, std::move(c.exchange),
                           error_with_status(408, ErrorCode::kBadRequest,
                                             "the request body did not arrive within " +
                                                 std::to_string(settings_.body_timeout_seconds) +
                                                 " seconds"),
                           true, now);
                continue;
            }
            close_connection(id);
        }
    }

    // Closes the connection, or, while a worker has its request (and may write to its
    // socket), stops watching it and closes it when the worker is done: its descriptor must
    // not be reused under the worker.
    void close_connection(std::uint64_t id) {
        auto it = connections_.find(id);
        if (it == connections_.end())
            return;
        Connection& c = *it->second;
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
        if (c.with_worker()) {
            c.doomed = true;
            return;
        }
        ::close(c.fd);
        auto count = per_address_.find(c.peer);
        if (count != per_address_.end() && --count->second <= 0)
            per_address_.erase(count);
        connections_.erase(it);
    }

    AppContext& app_;
    const ServerSettings settings_;
    const Router router_;
    const Responder responder_;
    int port_;
    int max_connections_ = 0;
    int listen_fd_ = -1;
    int epoll_fd_ = -1;
    int wake_fd_ = -1;
    std::atomic<bool> stopping_{false};
    std::thread loop_;
    std::unique_ptr<WorkerPool> workers_;

    // The loop's own state.
    std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections_;
    std::unordered_map<std::string, int> per_address_;
    std::uint64_t next_id_ = 2;
    bool accepting_ = true;
    SteadyClock::time_point accept_paused_until_{};

    std::mutex outcomes_mutex_;
    std::vector<Outcome> outcomes_;
};

Server::Server(AppContext& app, const ServerSettings& settings, int port, bool access_log)
    : impl_(std::make_unique<Impl>(app, settings, port, access_log)) {}

Server::~Server() {
    stop();
}

void Server::start() {
    impl_->start();
}

void Server::stop() {
    impl_->stop();
}

int Server::port() const {
    return impl_->port();
}

}  // namespace scorecard::services
