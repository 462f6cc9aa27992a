// Values written the way the spec writes them — period("2026-09"), date("2026-10-10"),
// at("2026-10-05T10:00:00Z") — so that a test reads like a worked example. A typo in a test
// throws std::invalid_argument naming the text.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "model/calendar.h"

namespace scorecard::testing {

inline Period period(std::string_view text) {
    auto p = Period::parse(text);
    if (!p)
        throw std::invalid_argument("bad period in test: " + std::string(text));
    return *p;
}

inline Date date(std::string_view text) {
    auto d = parse_date(text);
    if (!d)
        throw std::invalid_argument("bad date in test: " + std::string(text));
    return *d;
}

inline Timestamp at(std::string_view text) {
    auto t = parse_timestamp(text);
    if (!t)
        throw std::invalid_argument("bad timestamp in test: " + std::string(text));
    return *t;
}

}  // namespace scorecard::testing
