#include "model/utf8.h"

#include <cstdint>
#include <cstring>

namespace scorecard {

std::size_t first_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        // ASCII 32 and then eight bytes at a time: most documents are nearly all ASCII.
        constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
        std::uint64_t word;
        while (i + 4 * sizeof word <= s.size()) {
            std::uint64_t words[4];
            std::memcpy(words, s.data() + i, sizeof words);
            if (((words[0] | words[1] | words[2] | words[3]) & kHighBits) != 0)
                break;
            i += sizeof words;
        }
        while (i + sizeof word <= s.size()) {
            std::memcpy(&word, s.data() + i, sizeof word);
            if ((word & kHighBits) != 0)
                break;
            i += sizeof word;
        }
        if (i == s.size())
            break;
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0;  // overlong
            if (c == 0xED)
                hi = 0x9F;  // surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;  // overlong
            if (c == 0xF4)
                hi = 0x8F;  // above U+10FFFF
        } else {
            return i;
        }
        if (i + len > s.size())
            return i;
        auto second = static_cast<unsigned char>(s[i + 1]);
        // A broken sequence is reported at its first byte: that is the byte that is wrong
        // (e.g. a Latin-1 letter followed by ASCII).
        if (second < lo || second > hi)
            return i;
        for (std::size_t k = 2; k < len; ++k) {
            auto b = static_cast<unsigned char>(s[i + k]);
            if (b < 0x80 || b > 0xBF)
                return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

std::string with_invalid_utf8_replaced(std::string text) {
    std::string_view rest(text);
    std::size_t bad = first_invalid_utf8(rest);
    if (bad == std::string_view::npos)
        return text;
    std::string out;
    out.reserve(text.size() + 8);
    do {
        out.append(rest.substr(0, bad));
        out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        rest.remove_prefix(bad + 1);
    } while ((bad = first_invalid_utf8(rest)) != std::string_view::npos);
    out.append(rest);
    return out;
}

}  // namespace scorecard
