// A plain HTTP client for the suites that talk to a real server on a real port
// (Poco::Net::HTTPClientSession): one request on a new connection, the reply with its
// headers, and waiting until a server answers.
//
// Thread safety: free functions; each call has its own connection.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>

namespace scorecard::testing {

struct HttpReply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased; the last of repeats

    std::string header(const std::string& lower_name) const;  // "" when absent
    Poco::JSON::Object::Ptr json() const;  // throws when the body is not a JSON object
};
// "STATUS BODY": for a failed check's message.
std::ostream& operator<<(std::ostream& os, const HttpReply& r);

struct HttpCall {
    std::string method = "GET";
    std::string path;
    std::string token;  // empty: no Authorization header
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra, e.g. {"Cookie", …}
    int timeout_seconds = 30;                                  // for the whole exchange
};

// One request to 127.0.0.1:port. Throws Poco exceptions when the server cannot be reached
// or does not answer in time.
HttpReply http_request(int port, const HttpCall& call);

// Waits (up to `seconds`) until GET `path` answers 200.
bool wait_until_ok(int port, const std::string& path, int seconds);

}  // namespace scorecard::testing
