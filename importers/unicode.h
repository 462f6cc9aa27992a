// Unicode normalisation, from ICU (libicu-dev): the one question model/identifiers.h cannot
// answer without the Unicode decomposition data.
//
// Thread safety: pure functions (ICU's normaliser instances are shared and immutable).
#pragma once

#include <string_view>

namespace scorecard::importers {

// Whether `utf8` is in Unicode Normalization Form C (false for text that is not UTF-8).
bool is_nfc(std::string_view utf8);

}  // namespace scorecard::importers
