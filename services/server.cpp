#include "services/server.h"

#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

namespace scorecard::services {
namespace {

std::mutex log_mutex;

void write_response(Poco::Net::HTTPServerResponse& out, const HttpResponse& response) {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    out.setContentType(response.content_type);
    out.setContentLength(static_cast<std::streamsize>(response.body.size()));
    // Security headers on every response.
    out.set("X-Content-Type-Options", "nosniff");
    out.set("X-Frame-Options", "DENY");
    out.set("Referrer-Policy", "no-referrer");
    out.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    out.set("Cache-Control", "no-store");
    for (const auto& [name, value] : response.headers)
        out.set(name, value);
    out.send().write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
}

class RequestHandler : public Poco::Net::HTTPRequestHandler {
  public:
    RequestHandler(const Router& router, AppContext& app, std::size_t max_body, bool access_log)
        : router_(router), app_(app), max_body_(max_body), access_log_(access_log) {}

    void handleRequest(Poco::Net::HTTPServerRequest& in,
                       Poco::Net::HTTPServerResponse& out) override {
        auto started = std::chrono::steady_clock::now();
        HttpRequest request;
        HttpResponse response;
        try {
            request.method = in.getMethod();
            Poco::URI uri(in.getURI());
            request.path = uri.getPath();
            for (const auto& [k, v] : uri.getQueryParameters())
                request.query.emplace(k, v);
            for (const auto& [k, v] : in) {
                std::string name = k;
                for (auto& c : name)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                request.headers[name] = v;
            }
            if (read_body(in, request.body)) {
                response = dispatch(router_, app_, request);
            } else {
                response = error_response(Error::TooLarge("the request body is larger than " +
                                                          std::to_string(max_body_) + " bytes"));
                out.setKeepAlive(false);
            }
        } catch (const Poco::SyntaxException& e) {
            response = error_response(Error::BadRequest("bad request URI: " + e.displayText()));
        } catch (const Poco::Exception& e) {
            response = error_response(Error::BadRequest("bad request: " + e.displayText()));
        }
        write_response(out, response);
        if (access_log_) {
            auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                started)
                          .count();
            std::lock_guard lock(log_mutex);
            std::clog << format_timestamp(app_.now()) << " " << in.clientAddress().host().toString()
                      << " " << request.method << " " << request.path << " " << response.status
                      << " " << response.body.size() << " " << static_cast<int>(ms) << "ms"
                      << (request.principal ? " user=" + request.principal->user : std::string{})
                      << "\n";
        }
    }

  private:
    // False when the body is larger than the limit (by its declared length or as read).
    bool read_body(Poco::Net::HTTPServerRequest& in, std::string& body) {
        if (in.hasContentLength() && in.getContentLength64() > static_cast<Poco::Int64>(max_body_))
            return false;
        std::istream& stream = in.stream();
        char buffer[65536];
        while (stream) {
            stream.read(buffer, sizeof buffer);
            body.append(buffer, static_cast<std::size_t>(stream.gcount()));
            if (body.size() > max_body_)
                return false;
        }
        return true;
    }

    const Router& router_;
    AppContext& app_;
    std::size_t max_body_;
    bool access_log_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    HandlerFactory(const Router& router, AppContext& app, std::size_t max_body, bool access_log)
        : router_(router), app_(app), max_body_(max_body), access_log_(access_log) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new RequestHandler(router_, app_, max_body_, access_log_);
    }

  private:
    const Router& router_;
    AppContext& app_;
    std::size_t max_body_;
    bool access_log_;
};

}  // namespace

Server::Server(AppContext& app, const ServerSettings& settings, int port, bool access_log)
    : app_(app),
      settings_(settings),
      router_(make_router()),
      port_(port),
      access_log_(access_log) {}

Server::~Server() {
    stop();
}

void Server::start() {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress("0.0.0.0", static_cast<Poco::UInt16>(port_)), true);
    socket.listen(std::max(64, settings_.queue));
    port_ = socket.address().port();

    // Our own pool: the default one has 16 threads and starves keep-alive clients
    // (TOOLCHAIN.md); one thread per concurrent connection we intend to serve.
    int threads = std::max(2, settings_.threads);
    pool_ = std::make_unique<Poco::ThreadPool>(2, threads);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(threads);
    params->setMaxQueued(settings_.queue);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(settings_.keep_alive_seconds, 0));
    params->setMaxKeepAliveRequests(settings_.max_keep_alive_requests);
    params->setTimeout(Poco::Timespan(settings_.request_timeout_seconds, 0));
    params->setServerName("scorecard");
    server_ = std::make_unique<Poco::Net::HTTPServer>(
        new HandlerFactory(router_, app_, settings_.max_body_bytes, access_log_), *pool_, socket,
        params);
    server_->start();
}

void Server::stop() {
    if (!server_)
        return;
    server_->stopAll(false);
    // Let requests in flight finish before the pool goes away.
    for (int i = 0; i < 100 && server_->currentConnections() > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server_.reset();
    pool_->joinAll();
    pool_.reset();
}

}  // namespace scorecard::services
