#include "model/identifiers.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

namespace scorecard {
namespace {

// Unicode 15.0 DerivedGeneralCategory.txt, category Cf, as inclusive ranges.
constexpr std::array<std::pair<char32_t, char32_t>, 21> kFormat = {{
    {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},
    {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},
    {0x200B, 0x200F},   {0x202A, 0x202E},   {0x2060, 0x2064},   {0x2066, 0x206F},
    {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
    {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
    {0xE0020, 0xE007F},
}};

// Zs without U+0020, then Zl (U+2028) and Zp (U+2029).
constexpr std::array<std::pair<char32_t, char32_t>, 7> kNonAsciiSpace = {{
    {0x00A0, 0x00A0},
    {0x1680, 0x1680},
    {0x2000, 0x200A},
    {0x2028, 0x2029},
    {0x202F, 0x202F},
    {0x205F, 0x205F},
    {0x3000, 0x3000},
}};

template <std::size_t N>
bool in(const std::array<std::pair<char32_t, char32_t>, N>& ranges, char32_t c) {
    return std::any_of(ranges.begin(), ranges.end(),
                       [c](const auto& r) { return c >= r.first && c <= r.second; });
}

// The next code point of well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF); nullopt for anything else. Advances `i`.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char first = byte(i);
    if (first < 0x80) {
        ++i;
        return first;
    }
    int extra = 0;
    char32_t c = 0;
    char32_t least = 0;
    if ((first & 0xE0) == 0xC0) {
        extra = 1, c = first & 0x1F, least = 0x80;
    } else if ((first & 0xF0) == 0xE0) {
        extra = 2, c = first & 0x0F, least = 0x800;
    } else if ((first & 0xF8) == 0xF0) {
        extra = 3, c = first & 0x07, least = 0x10000;
    } else {
        return std::nullopt;
    }
    if (i + static_cast<std::size_t>(extra) >= text.size())
        return std::nullopt;  // cut short
    for (int k = 1; k <= extra; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80)
            return std::nullopt;
        c = (c << 6) | (byte(i + k) & 0x3F);
    }
    if (c < least || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return std::nullopt;
    i += static_cast<std::size_t>(extra) + 1;
    return c;
}

std::string code_point_name(char32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    return buffer;
}

}  // namespace

IdentifierCharacter classify_identifier_character(char32_t c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return IdentifierCharacter::kControl;
    if (in(kFormat, c))
        return IdentifierCharacter::kFormat;
    if (in(kNonAsciiSpace, c))
        return IdentifierCharacter::kNonAsciiSpace;
    return IdentifierCharacter::kAllowed;
}

std::optional<std::string> identifier_problem(std::string_view utf8, bool in_nfc) {
    std::size_t i = 0;
    for (std::size_t position = 1; i < utf8.size(); ++position) {
        const auto c = next_code_point(utf8, i);
        if (!c)
            return "is not valid UTF-8 (at byte " + std::to_string(i + 1) + ")";
        const char* what = nullptr;
        switch (classify_identifier_character(*c)) {
            case IdentifierCharacter::kAllowed:
                continue;
            case IdentifierCharacter::kControl:
                what = "a control character";
                break;
            case IdentifierCharacter::kFormat:
                what = "an invisible format character";
                break;
            case IdentifierCharacter::kNonAsciiSpace:
                what = "a space other than the ASCII space";
                break;
        }
        return "contains " + code_point_name(*c) + " (" + what + ") at character " +
               std::to_string(position) +
               ": identifiers may not hold control characters, format characters or non-ASCII "
               "spaces";
    }
    if (!in_nfc)
        return "is not in Unicode Normalization Form C: send each accented letter composed "
               "(e.g. 'é' as U+00E9, not 'e' followed by U+0301)";
    return std::nullopt;
}

}  // namespace scorecard
