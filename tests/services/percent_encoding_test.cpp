// Percent-encoding (services/http/percent_encoding.h, RFC 3986 §2.1): which bytes stay, how
// the others are written, and the access log's rule. No server: pure functions.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <Poco/URI.h>

#include "services/http/percent_encoding.h"

using namespace scorecard::services;

namespace {

struct Case {
    const char* name;
    std::string text;
    std::string url_encoded;   // url_encode
    std::string path_encoded;  // url_encode_path
};

// Worked out from RFC 3986: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"; every
// other byte is "%" and two upper-case hex digits of the byte (UTF-8 bytes one by one).
const std::vector<Case> kCases = {
    {"empty", "", "", ""},
    {"unreserved only", "AZaz09-._~", "AZaz09-._~", "AZaz09-._~"},
    {"a contract id", "DWP-2024-0001", "DWP-2024-0001", "DWP-2024-0001"},
    {"space", "a b", "a%20b", "a%20b"},
    {"slash", "/contracts/X", "%2Fcontracts%2FX", "/contracts/X"},
    {"query delimiters", "a&b=c?d#e", "a%26b%3Dc%3Fd%23e", "a%26b%3Dc%3Fd%23e"},
    {"percent and plus", "50%+", "50%25%2B", "50%25%2B"},
    {"utf-8 e acute", "caf\xC3\xA9", "caf%C3%A9", "caf%C3%A9"},
    {"control characters", std::string("\x00\x1F\x7F", 3), "%00%1F%7F", "%00%1F%7F"},
    {"byte FF", "\xFF", "%FF", "%FF"},
};

}  // namespace

BOOST_AUTO_TEST_CASE(url_encode_keeps_only_the_unreserved_characters) {
    for (const auto& c : kCases) {
        BOOST_TEST_CONTEXT(c.name) {
            BOOST_TEST(url_encode(c.text) == c.url_encoded);
        }
    }
}

BOOST_AUTO_TEST_CASE(url_encode_path_keeps_slashes_too) {
    for (const auto& c : kCases) {
        BOOST_TEST_CONTEXT(c.name) {
            BOOST_TEST(url_encode_path(c.text) == c.path_encoded);
        }
    }
}

BOOST_AUTO_TEST_CASE(every_byte_decodes_back_to_itself) {
    std::string all;
    for (int b = 0; b < 256; ++b)
        all += static_cast<char>(b);
    for (const std::string& encoded : {url_encode(all), url_encode_path(all)}) {
        std::string decoded;
        Poco::URI::decode(encoded, decoded);
        BOOST_TEST(decoded == all);
    }
}

BOOST_AUTO_TEST_CASE(percent_encode_asks_the_predicate_about_each_byte) {
    // The access log's rule (services/http/server.cpp): spaces, controls and '%' encoded.
    auto printable = [](unsigned char c) { return c > 0x20 && c != 0x7f && c != '%'; };
    BOOST_TEST(percent_encode("GET /a b\r\nX: 1", printable) == "GET%20/a%20b%0D%0AX:%201");
    BOOST_TEST(percent_encode("100%", printable) == "100%25");
    BOOST_TEST(percent_encode("", printable).empty());
}
