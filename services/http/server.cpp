#include "services/http/server.h"

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

#include "services/http/metrics.h"
#include "services/http/percent_encoding.h"
#include "services/http/routes.h"

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

// Control characters and spaces in a logged field would let a client forge log lines;
// '%' is encoded too, so that the field decodes back to what the client sent.
bool printable_in_log(unsigned char c) {
    return c > 0x20 && c != 0x7f && c != '%';
}

std::string log_field(std::string_view text) {
    std::string out = percent_encode(text, printable_in_log);
    return out.empty() ? "-" : out;
}

// The answer when the body does not arrive in time: 408 (RFC 9110 §15.5.9).
HttpResponse request_timeout(int seconds) {
    auto response = error_response(Error::BadRequest("the request did not arrive within " +
                                                     std::to_string(seconds) + " seconds"));
    response.status = 408;
    return response;
}

class RequestHandler : public Poco::Net::HTTPRequestHandler {
  public:
    RequestHandler(const Router& router, AppContext& app, const ServerSettings& settings,
                   bool access_log)
        : router_(router), app_(app), settings_(settings), access_log_(access_log) {}

    void handleRequest(Poco::Net::HTTPServerRequest& in,
                       Poco::Net::HTTPServerResponse& out) override {
        auto started = std::chrono::steady_clock::now();
        HttpRequest request;
        HttpResponse response;
        try {
            request.method = in.getMethod();
            for (const auto& [k, v] : in) {
                std::string name = k;
                for (auto& c : name)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                request.headers[name] = v;
            }
            set_client_address(in, request);
            Poco::URI uri(in.getURI());
            request.path = uri.getPath();
            for (const auto& [k, v] : uri.getQueryParameters())
                request.query.emplace(k, v);
            switch (read_body(in, request.body, started)) {
                case Body::kRead:
                    response = dispatch(router_, app_, request);
                    break;
                case Body::kTooLarge:
                    response = error_response(
                        Error::TooLarge("the request body is larger than " +
                                        std::to_string(settings_.max_body_bytes) + " bytes"));
                    out.setKeepAlive(false);
                    break;
                case Body::kTooSlow:
                    response = request_timeout(settings_.request_timeout_seconds);
                    out.setKeepAlive(false);
                    break;
            }
        } catch (const Poco::TimeoutException&) {
            response = request_timeout(settings_.request_timeout_seconds);
            out.setKeepAlive(false);
        } catch (const Poco::SyntaxException& e) {
            response = error_response(Error::BadRequest("bad request URI: " + e.displayText()));
        } catch (const Poco::Exception& e) {
            response = error_response(Error::BadRequest("bad request: " + e.displayText()));
        }
        // Counted before the response leaves, so that a client's next request (on any
        // connection) already sees this one in /metrics; the time is to the answer being
        // ready, without the write.
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const Route* route = router_.match(request.method, request.path).route;
        Metrics::global().observe_request(request.method.empty() ? "-" : request.method,
                                          route ? route->pattern : "unmatched", response.status,
                                          seconds);
        write_response(out, response);
        if (access_log_) {
            // TIME CLIENT METHOD PATH STATUS BYTES DURATION user=NAME (docs/operations.md)
            std::lock_guard lock(log_mutex);
            std::clog << format_timestamp(app_.now()) << " " << log_field(request.client_address)
                      << " " << log_field(request.method) << " " << log_field(request.path) << " "
                      << response.status << " " << response.body.size() << " "
                      << static_cast<int>(seconds * 1000) << "ms"
                      << (request.principal ? " user=" + log_field(request.principal->user)
                                            : std::string{})
                      << "\n";
        }
    }

  private:
    enum class Body { kRead, kTooLarge, kTooSlow };

    // The peer's address; behind the configured trusted proxy, the address that proxy
    // appended to X-Forwarded-For. Forwarding headers from anyone else are dropped, so that
    // handlers never believe them.
    void set_client_address(Poco::Net::HTTPServerRequest& in, HttpRequest& request) {
        const std::string peer = in.clientAddress().host().toString();
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
    }

    // Reads the body, refusing one larger than the limit (by its declared length or as
    // read) or one that takes longer than the request time limit to arrive. Each receive
    // waits at most that long too (HTTPServerParams::setTimeout), so a sender that trickles
    // bytes is cut off between receives.
    Body read_body(Poco::Net::HTTPServerRequest& in, std::string& body,
                   std::chrono::steady_clock::time_point started) {
        if (in.hasContentLength() &&
            in.getContentLength64() > static_cast<Poco::Int64>(settings_.max_body_bytes))
            return Body::kTooLarge;
        const auto deadline = started + std::chrono::seconds(settings_.request_timeout_seconds);
        std::istream& stream = in.stream();
        char buffer[65536];
        while (stream.peek() != std::char_traits<char>::eof()) {
            const auto n = stream.readsome(buffer, sizeof buffer);
            body.append(buffer, static_cast<std::size_t>(n));
            if (body.size() > settings_.max_body_bytes)
                return Body::kTooLarge;
            if (std::chrono::steady_clock::now() > deadline)
                return Body::kTooSlow;
        }
        // A receive that timed out ends the stream early (Poco's stream buffers turn the
        // socket's timeout into end-of-file or a bad stream, depending on where it struck).
        if (stream.bad() || (in.hasContentLength() &&
                             static_cast<Poco::Int64>(body.size()) < in.getContentLength64()))
            return Body::kTooSlow;
        return Body::kRead;
    }

    const Router& router_;
    AppContext& app_;
    const ServerSettings& settings_;
    bool access_log_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    HandlerFactory(const Router& router, AppContext& app, const ServerSettings& settings,
                   bool access_log)
        : router_(router), app_(app), settings_(settings), access_log_(access_log) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new RequestHandler(router_, app_, settings_, access_log_);
    }

  private:
    const Router& router_;
    AppContext& app_;
    const ServerSettings& settings_;
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
        new HandlerFactory(router_, app_, settings_, access_log_), *pool_, socket, params);
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
