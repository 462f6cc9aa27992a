// How Boost.Test prints the model's values when an assertion about them fails: every enum
// by its one name (model/enums.h), an absent one as "none", error codes and periods as the
// spec writes them. Include it in any test that compares such values with BOOST_TEST.
#pragma once

#include <optional>
#include <ostream>

#include "model/calendar.h"
#include "model/enums.h"
#include "model/errors.h"

namespace scorecard {

template <class E>
requires requires {
    EnumNames<E>::kNames;
}
std::ostream& operator<<(std::ostream& os, E e) {
    return os << to_string(e);
}

template <class E>
requires requires {
    EnumNames<E>::kNames;
}
std::ostream& operator<<(std::ostream& os, const std::optional<E>& e) {
    return e ? os << to_string(*e) : os << "none";
}

inline std::ostream& operator<<(std::ostream& os, ErrorCode code) {
    return os << to_string(code);
}

inline std::ostream& operator<<(std::ostream& os, const Period& p) {
    return os << p.to_string();
}

}  // namespace scorecard
