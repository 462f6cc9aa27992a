// The reverse proxy of docs/deploy.md: nginx (from Debian) with the shipped
// etc/nginx/scorecard-proxy.conf in front of the real `scorecard serve`, on loopback. What
// the configuration promises is checked through it: requests reach the server with their
// answers and headers intact (HEAD, the raw-document attachment), the client's own address
// reaches the server's access log through X-Forwarded-For (server.trusted_proxy), an upload
// over the limit is refused by nginx before scorecard sees it, and the proxy's many
// connections are exempt from the per-address cap that a direct client meets.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "services/secrets.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/user_repository.h"
#include "tests/support/accounts.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"

using namespace scorecard;
namespace support = scorecard::testing;
namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

namespace {

// The per-address cap the server runs with: small, so that a proxy that were not exempt
// would meet it at once.
constexpr int kPerAddressCap = 2;

// A free TCP port on 127.0.0.1 (bound and released: nginx takes it a moment later).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

// A connection from `source` (a loopback address) to 127.0.0.1:port; -1 when refused.
int connect_from(const std::string& source, int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// One request on a new connection from `source` to `port`; the bytes received until the
// server closed the connection or `seconds` passed.
std::string exchange_from(const std::string& source, int port, const std::string& request,
                          double seconds = 10) {
    const int fd = connect_from(source, port);
    std::string received;
    if (fd < 0)
        return received;
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
        const auto until = SteadyClock::now() + std::chrono::duration<double>(seconds);
        while (SteadyClock::now() < until) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            char buffer[65536];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                break;
            received.append(buffer, static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    return received;
}

// nginx with the shipped proxy configuration, listening on 127.0.0.1:port() and passing
// to scorecard on 127.0.0.1:upstream_port. Stopped (SIGTERM) when destroyed.
class Nginx {
  public:
    Nginx(const fs::path& dir, int upstream_port) : dir_(dir / "nginx"), port_(free_port()) {
        fs::create_directories(dir_ / "logs");
        const fs::path shipped = fs::path(SCORECARD_SOURCE_DIR) / "etc/nginx/scorecard-proxy.conf";
        support::write_text(
            dir_ / "nginx.conf",
            std::string(::geteuid() == 0 ? "user root;\n" : "") +
                "daemon off;\nworker_processes 1;\npid " + (dir_ / "nginx.pid").string() +
                ";\nerror_log " + (dir_ / "logs/error.log").string() +
                " warn;\nevents { worker_connections 1024; }\nhttp {\n"
                "  access_log off;\n"
                "  client_body_temp_path " +
                (dir_ / "body").string() +
                ";\n"
                "  proxy_temp_path " +
                (dir_ / "proxy").string() +
                ";\n"
                "  fastcgi_temp_path " +
                (dir_ / "fastcgi").string() +
                ";\n"
                "  uwsgi_temp_path " +
                (dir_ / "uwsgi").string() +
                ";\n"
                "  scgi_temp_path " +
                (dir_ / "scgi").string() +
                ";\n"
                "  upstream scorecard { server 127.0.0.1:" +
                std::to_string(upstream_port) +
                "; keepalive 32; }\n"
                "  server {\n    listen 127.0.0.1:" +
                std::to_string(port_) + ";\n" + "    include " + shipped.string() + ";\n  }\n}\n");
        pid_ = support::spawn("nginx",
                              {"-p", dir_.string() + "/", "-c", (dir_ / "nginx.conf").string(),
                               "-e", (dir_ / "logs/error.log").string()},
                              dir_ / "nginx.out", dir_ / "nginx.err");
        for (int i = 0; i < 100; ++i) {
            if (!exchange_from("127.0.0.1", port_, "GET /healthz HTTP/1.0\r\n\r\n", 2).empty())
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        throw std::runtime_error("nginx did not start: " + support::read_text(dir_ / "nginx.err") +
                                 support::read_text(dir_ / "logs/error.log"));
    }
    ~Nginx() {
        ::kill(pid_, SIGTERM);
        support::wait_exit(pid_);
    }
    Nginx(const Nginx&) = delete;
    Nginx& operator=(const Nginx&) = delete;

    int port() const { return port_; }

  private:
    fs::path dir_;
    int port_;
    pid_t pid_ = 0;
};

// scorecard behind nginx, over a fresh SQLite database with an admin token and one archived
// document.
struct Proxied {
    support::TempDir dir;
    std::string token;
    std::unique_ptr<support::ServerProcess> server;
    std::unique_ptr<Nginx> nginx;

    Proxied() {
        const std::string db_url = "sqlite:" + (dir.path() / "proxied.db").string();
        auto db = store::Database::open(db_url);
        store::migrate(*db);
        token =
            support::add_user_with_token(*db, support::admin_user(), support::now_to_the_second());
        support::write_text(dir.path() / "scorecard.properties",
                            "server.address = 127.0.0.1\nserver.trusted_proxy = 127.0.0.1\n"
                            "server.max_connections_per_address = " +
                                std::to_string(kPerAddressCap) + "\n");
        server = std::make_unique<support::ServerProcess>(
            dir.path(), "serve", SCORECARD_BINARY, db_url, 4,
            (dir.path() / "scorecard.properties").string());
        nginx = std::make_unique<Nginx>(dir.path(), server->wait_for_port());
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(reverse_proxy)

BOOST_AUTO_TEST_CASE(requests_pass_with_their_headers_and_the_client_address) {
    Proxied p;
    const std::string get =
        exchange_from("127.0.4.1", p.nginx->port(),
                      "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    BOOST_TEST(get.starts_with("HTTP/1.1 200 "), get);
    BOOST_TEST(get.find("form-action 'self'") != std::string::npos, get);
    const std::string head =
        exchange_from("127.0.4.1", p.nginx->port(),
                      "HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    BOOST_TEST(head.starts_with("HTTP/1.1 200 "), head);
    BOOST_TEST(head.ends_with("\r\n\r\n"), "HEAD answered with a body: " << head);

    // The server's access log names the client behind the proxy, not the proxy.
    const std::string log = p.server->wait_for_log(" 127.0.4.1 HEAD /healthz 200 ");
    BOOST_TEST(log.find(" 127.0.4.1 GET /healthz 200 ") != std::string::npos, log);
    BOOST_TEST(log.find(" 127.0.4.1 HEAD /healthz 200 ") != std::string::npos, log);
}

// client_max_body_size: nginx refuses the upload from its head; scorecard never sees it.
BOOST_AUTO_TEST_CASE(an_upload_over_the_limit_is_refused_by_the_proxy) {
    Proxied p;
    const std::string answer = exchange_from(
        "127.0.4.2", p.nginx->port(),
        "POST /api/v1/feeds HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + p.token +
            "\r\nContent-Type: application/xml\r\nContent-Length: 30000000\r\n\r\n<a/>",
        5);
    BOOST_TEST(answer.starts_with("HTTP/1.1 413 "), answer.substr(0, 200));
    // The server logs a request before it answers it, so once a later request through the
    // proxy is in the log, the upload would be there too had the proxy passed it on.
    const std::string later =
        exchange_from("127.0.4.2", p.nginx->port(),
                      "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    BOOST_TEST_REQUIRE(later.starts_with("HTTP/1.1 200 "), later);
    const std::string log = p.server->wait_for_log(" 127.0.4.2 GET /healthz 200 ");
    BOOST_TEST_REQUIRE(log.find(" 127.0.4.2 GET /healthz 200 ") != std::string::npos, log);
    BOOST_TEST(log.find(" POST /api/v1/feeds ") == std::string::npos, log);
}

// server.max_connections_per_address is 2 here: a direct client gets 503 on its third
// connection, while the proxy (server.trusted_proxy), which carries many clients, opens as
// many as it needs and every request through it is answered.
BOOST_AUTO_TEST_CASE(the_proxy_is_exempt_from_the_per_address_cap) {
    Proxied p;
    std::atomic<int> ok{0}, other{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 12; ++t)
        clients.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                const std::string answer =
                    exchange_from("127.0.5." + std::to_string(t + 1), p.nginx->port(),
                                  "GET /api/v1/flags HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                  "Authorization: Bearer " +
                                      p.token + "\r\n\r\n");
                ++(answer.starts_with("HTTP/1.1 200 ") ? ok : other);
            }
        });
    for (auto& c : clients)
        c.join();
    BOOST_TEST(ok.load() == 120);
    BOOST_TEST(other.load() == 0);

    // Directly, from one address that is not the proxy's: the cap holds.
    std::vector<int> held;
    for (int i = 0; i < kPerAddressCap; ++i) {
        held.push_back(connect_from("127.0.6.1", p.server->port()));
        BOOST_TEST_REQUIRE(held.back() >= 0);
    }
    const std::string refused =
        exchange_from("127.0.6.1", p.server->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 3);
    BOOST_TEST(refused.starts_with("HTTP/1.1 503 "), refused);
    for (int fd : held)
        ::close(fd);
}

BOOST_AUTO_TEST_SUITE_END()
