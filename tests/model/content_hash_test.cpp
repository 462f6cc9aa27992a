// model/content_hash.h: what the prepared scorecards' digests and the ETags rely on.
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <set>
#include <string>

#include "model/content_hash.h"

using namespace scorecard;

BOOST_AUTO_TEST_CASE(the_same_bytes_hash_the_same_as_sixteen_hex_digits) {
    const std::string text = R"({"contract":"CO-2019-0001","score":100})";
    BOOST_TEST(content_hash(text) == content_hash(std::string(text)));
    const std::string hex = content_hash_hex(text);
    BOOST_TEST(hex.size() == 16U);
    for (char c : hex)
        BOOST_TEST((std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f')));
    BOOST_TEST(content_hash_hex(text) == hex);
}

// A scorecard that changes by one figure must get another digest, wherever the change is:
// in a whole eight-byte word or in the last bytes, which are read on their own.
BOOST_AUTO_TEST_CASE(every_one_bit_change_anywhere_gives_another_hash) {
    for (std::size_t length : {1U, 7U, 8U, 9U, 64U, 67U}) {
        std::string base(length, 'x');
        for (std::size_t i = 0; i < length; ++i)
            base[i] = static_cast<char>('a' + i % 26);
        std::set<std::uint64_t> seen{content_hash(base)};
        for (std::size_t at = 0; at < length; ++at) {
            for (int bit = 0; bit < 8; ++bit) {
                std::string changed = base;
                changed[at] = static_cast<char>(changed[at] ^ (1 << bit));
                BOOST_TEST(seen.insert(content_hash(changed)).second,
                           "length " << length << ", byte " << at << ", bit " << bit);
            }
        }
    }
}

// Trailing zero bytes are bytes: "", "\0", "\0\0", ... all differ (the length counts).
BOOST_AUTO_TEST_CASE(lengths_of_zero_bytes_differ) {
    std::set<std::uint64_t> seen;
    for (std::size_t length = 0; length <= 24; ++length)
        BOOST_TEST(seen.insert(content_hash(std::string(length, '\0'))).second,
                   "length " << length);
}

// Equal words at different places do not cancel: two copies of a block differ from one, and
// from the block with its halves swapped.
BOOST_AUTO_TEST_CASE(repeated_and_swapped_words_differ) {
    const std::string a = "abcdefgh";
    const std::string b = "ijklmnop";
    std::set<std::uint64_t> seen;
    for (const std::string& s : {a + b, b + a, a + a, b + b, a + b + a + b, a + a + b + b})
        BOOST_TEST(seen.insert(content_hash(s)).second, s);
}
