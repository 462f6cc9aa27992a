#include "tests/support/http_client.h"

#include <cctype>
#include <chrono>
#include <exception>
#include <thread>

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

namespace scorecard::testing {

std::string HttpReply::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

Poco::JSON::Object::Ptr HttpReply::json() const {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::ostream& operator<<(std::ostream& os, const HttpReply& r) {
    return os << r.status << " " << r.body;
}

HttpReply http_request(int port, const HttpCall& call) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(call.timeout_seconds, 0));
    Poco::Net::HTTPRequest request(call.method, call.path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!call.token.empty())
        request.set("Authorization", "Bearer " + call.token);
    if (!call.content_type.empty())
        request.setContentType(call.content_type);
    for (const auto& [name, value] : call.headers)
        request.add(name, value);
    if (call.method == "POST" || !call.body.empty())
        request.setContentLength(static_cast<std::streamsize>(call.body.size()));
    session.sendRequest(request) << call.body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpReply reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, reply.body);
    for (const auto& [name, value] : response) {
        std::string lower = name;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        reply.headers[lower] = value;
    }
    return reply;
}

bool wait_until_ok(int port, const std::string& path, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
        try {
            if (http_request(port, {"GET", path, "", "", "", {}, 5}).status == 200)
                return true;
        } catch (const std::exception&) {
            // Not listening yet.
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

}  // namespace scorecard::testing
