// The HTTP server (Poco::Net::HTTPServer) in front of dispatch(): its own thread pool,
// bounded keep-alive, request size and time limits, security headers and an access log.
//
// Thread safety: start() and stop() from one thread; requests run on the pool's threads.
#pragma once

#include <memory>

#include "services/http/app.h"

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace scorecard::services {

class Server {
  public:
    // `port` 0 picks a free port (tests); see port().
    Server(AppContext& app, const ServerSettings& settings, int port, bool access_log = true);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void start();
    // Stops accepting, lets requests in flight finish (up to a few seconds), then returns.
    void stop();
    int port() const { return port_; }

  private:
    AppContext& app_;
    ServerSettings settings_;
    Router router_;
    int port_;
    bool access_log_;
    std::unique_ptr<Poco::ThreadPool> pool_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace scorecard::services
