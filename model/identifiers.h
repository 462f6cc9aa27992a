// The character rule for identifiers (issue 15 item 10): contract, supplier and authority
// ids, KPI codes and user names are compared byte for byte, shown to people and put in URLs,
// so two that look the same must be the same bytes. An identifier may not hold a character
// that is invisible or looks like another: control characters (Unicode general category Cc),
// format characters (Cf: U+200B ZERO WIDTH SPACE, U+FEFF, the bidirectional controls, …),
// and spaces other than the ASCII space (Zs, Zl, Zp: U+00A0 NO-BREAK SPACE, U+3000, …); and
// it must be in Unicode Normalization Form C, so that "é" is one spelling, not two. Whether
// the ASCII space is allowed is each surface's own rule (documents' ids: no; see callers).
//
// Pure: the character classes are a table here (Unicode 15.0); NFC needs the Unicode
// decomposition data, which model/ does not carry, so the caller asks ICU
// (importers/unicode.h is_nfc) and passes the answer in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace scorecard {

// Which of the identifier rules a character breaks.
enum class IdentifierCharacter {
    kAllowed,
    kControl,        // Cc
    kFormat,         // Cf
    kNonAsciiSpace,  // Zs other than U+0020, Zl, Zp
};

IdentifierCharacter classify_identifier_character(char32_t c);

// Why `utf8` may not be an identifier, as a sentence to follow its name ("… contains U+200B
// (a format character) at character 4: …"); nullopt when it may. `in_nfc` is whether the
// text is in Normalization Form C (ask importers/unicode.h is_nfc). Emptiness and length
// are the callers' rules.
std::optional<std::string> identifier_problem(std::string_view utf8, bool in_nfc);

}  // namespace scorecard
