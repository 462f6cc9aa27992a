// The HTTP/1.1 server in front of admit() and handle() (services/http/app.h).
//
// One event-loop thread (epoll) accepts connections and reads request heads and bodies
// without blocking, each under a deadline (server.header_timeout_seconds,
// server.body_timeout_seconds), caps the connections per client address and in all, and
// answers at once what needs no worker: a head that is malformed, too large or without a
// length (411), a body over server.max_body_bytes (413), a full queue (503). A fixed pool
// of server.threads workers takes the rest from a queue bounded by server.queue: a request
// is admitted (route, credential, permission) from its head alone, so that a caller who
// may not send a body is refused before it is read; once admitted its body is read by the
// loop ("100 Continue" when asked) and the request is handled. Responses go back through
// the loop, written without blocking under server.send_timeout_seconds; keep-alive and
// pipelining are the loop's. Every response carries the security headers and is counted
// in /metrics and the access log. docs/architecture.md ("Threads") says why this replaced
// Poco's HTTPServer; docs/operations.md lists the limits.
//
// Thread safety: start() and stop() from one thread; handlers run on the workers.
#pragma once

#include <memory>

#include "services/http/app.h"

namespace scorecard::services {

class Server {
  public:
    // Listens on settings.address; `port` 0 picks a free port (tests), see port().
    Server(AppContext& app, const ServerSettings& settings, int port, bool access_log = true);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts serving; throws Error (kUnavailable) when the address cannot be
    // bound, e.g. because the port is taken.
    void start();
    // Stops accepting, lets requests in flight finish (up to 5 s), closes every
    // connection and returns.
    void stop();
    int port() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace scorecard::services
