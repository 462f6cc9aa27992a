#include "model/content_hash.h"

#include <cstdio>
#include <cstring>

namespace scorecard {
namespace {

constexpr std::uint64_t kMultiplier = 0x9e3779b97f4a7c15ULL;

std::uint64_t rotate_left(std::uint64_t x, int bits) {
    return (x << bits) | (x >> (64 - bits));
}

// MurmurHash3's 64-bit finaliser: every input bit moves every output bit.
std::uint64_t finish(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

// One word into the state: mixed on its own first, so that equal words at different
// places (JSON repeats itself) do not cancel.
std::uint64_t step(std::uint64_t h, std::uint64_t word) {
    word *= 0x87c37b91114253d5ULL;
    word = rotate_left(word, 31);
    word *= 0x4cf5ad432745937fULL;
    h ^= word;
    return rotate_left(h, 27) * 5 + 0x52dce729;
}

}  // namespace

std::uint64_t content_hash(std::string_view bytes) {
    std::uint64_t h = kMultiplier ^ static_cast<std::uint64_t>(bytes.size());
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    for (; left >= 8; left -= 8, p += 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        h = step(h, word);
    }
    if (left > 0) {
        // The last bytes, in a word of their own.
        std::uint64_t word = 0;
        for (std::size_t i = 0; i < left; ++i)
            word |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
        h = step(h, word);
    }
    return finish(h);
}

std::string content_hash_hex(std::string_view bytes) {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(content_hash(bytes)));
    return out;
}

}  // namespace scorecard
