#include "services/http/percent_encoding.h"

namespace scorecard::services {
namespace {

// RFC 3986 §2.3.
bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

bool unreserved_or_slash(unsigned char c) {
    return unreserved(c) || c == '/';
}

}  // namespace

std::string percent_encode(std::string_view text, bool (*keep)(unsigned char)) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (keep(c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string url_encode(std::string_view text) {
    return percent_encode(text, unreserved);
}

std::string url_encode_path(std::string_view path) {
    return percent_encode(path, unreserved_or_slash);
}

}  // namespace scorecard::services
