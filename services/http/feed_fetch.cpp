// The feed poller's requests over HTTP (Poco's client).
#include "services/http/feed_fetch.h"

#include <chrono>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

namespace scorecard::services {
namespace {

using Poco::Net::HTTPResponse;
using SteadyClock = std::chrono::steady_clock;

std::string too_large(std::size_t max_bytes) {
    return "the response is larger than the limit of " + std::to_string(max_bytes) +
           " bytes (server.max_body_bytes)";
}

}  // namespace

FeedResponse fetch_feed(const FeedRequest& feed) {
    FeedResponse out;
    const auto started = SteadyClock::now();
    const std::chrono::seconds timeout(feed.timeout_seconds);
    const std::size_t max_bytes = feed.max_bytes;
    const auto seconds = std::to_string(timeout.count());
    try {
        Poco::URI uri(feed.url);
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        const Poco::Timespan limit(static_cast<long>(timeout.count()), 0);
        session.setTimeout(limit, limit, limit);
        session.setKeepAlive(false);

        std::string target = uri.getPathEtc();
        if (target.empty() || target[0] != '/')
            target = "/" + target;
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, target,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("User-Agent", "scorecard-feed-poller/1");
        request.set("Accept", "application/xml, text/xml;q=0.9, */*;q=0.1");
        if (!feed.etag.empty())
            request.set("If-None-Match", feed.etag);
        if (!feed.last_modified.empty())
            request.set("If-Modified-Since", feed.last_modified);
        if (const auto& info = uri.getUserInfo(); !info.empty()) {
            auto colon = info.find(':');
            Poco::Net::HTTPBasicCredentials credentials(
                info.substr(0, colon), colon == std::string::npos ? "" : info.substr(colon + 1));
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
            response.getContentLength64() > static_cast<Poco::Int64>(max_bytes)) {
            out.error = too_large(max_bytes);
            return out;
        }
        char buffer[64 * 1024];
        while (true) {
            in.read(buffer, sizeof buffer);
            auto got = static_cast<std::size_t>(in.gcount());
            if (got == 0)
                break;
            if (out.body.size() + got > max_bytes) {
                out.error = too_large(max_bytes);
                return out;
            }
            out.body.append(buffer, got);
            if (SteadyClock::now() - started > timeout) {
                out.error = "no complete response within " + seconds + " s (timed out)";
                return out;
            }
        }
        if (response.hasContentLength() &&
            static_cast<Poco::Int64>(out.body.size()) < response.getContentLength64()) {
            out.error = "the connection closed after " + std::to_string(out.body.size()) + " of " +
                        std::to_string(response.getContentLength64()) + " bytes";
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

}  // namespace scorecard::services
