// Percent-encoding (RFC 3986 §2.1), the one encoder of the HTTP layer: the URLs that pages
// and redirects build, and the access log's fields. Decoding is Poco::URI's.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace scorecard::services {

// Every byte for which `keep` is false becomes "%XX" (upper-case hex); the others stay.
std::string percent_encode(std::string_view text, bool (*keep)(unsigned char));

// A path segment or a query value: everything but the unreserved characters
// (A-Z a-z 0-9 - . _ ~) is encoded, '/' included ("/contracts/" + url_encode(id)).
std::string url_encode(std::string_view text);

// A whole local path carried as a query value (/sign-in?next=/contracts/X): as url_encode,
// but '/' stays, so that the path is still readable in the address bar.
std::string url_encode_path(std::string_view path);

}  // namespace scorecard::services
