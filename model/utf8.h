// Well-formed UTF-8 (RFC 3629), a rule about text wherever it comes from: documents (the
// importers), ids sent in a request's path, anything quoted back in a reply. Pure C++.
// Thread safety: plain functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace scorecard {

// The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or npos.
std::size_t first_invalid_utf8(std::string_view s);

// `text` with each byte that is not part of well-formed UTF-8 replaced by U+FFFD: for
// quoting what a caller sent (percent-encoded, it may be any bytes) in text that must be
// UTF-8, such as JSON.
std::string with_invalid_utf8_replaced(std::string text);

}  // namespace scorecard
