// A 64-bit hash of bytes, to tell versions of one resource apart (prepared scorecards'
// digests, ETags): not a cryptographic hash, and not for anything an attacker chooses to
// collide. It reads eight bytes a step: a contract's scorecard is tens of kB, hashed each
// time it is made, and FNV-1a's byte a step was a twentieth of a rescoring's time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scorecard {

std::uint64_t content_hash(std::string_view bytes);

// The hash as 16 lower-case hex digits.
std::string content_hash_hex(std::string_view bytes);

}  // namespace scorecard
