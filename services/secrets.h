// Hashing and random secrets: document digests, API tokens (stored only as SHA-256) and
// password hashes (PBKDF2-HMAC-SHA256, salted). Thread-safe free functions.
#pragma once

#include <string>
#include <string_view>

namespace scorecard::services {

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

// A new bearer token: "sc_" + 43 characters of base64url (32 random bytes).
std::string new_token();

// PBKDF2-HMAC-SHA256 iterations for new password hashes: OWASP's 2023 recommendation.
// Stored hashes carry their own count, so raising it later leaves old hashes verifiable.
inline constexpr int kPasswordIterations = 600000;

// "pbkdf2-sha256$ITERATIONS$SALT_HEX$HASH_HEX" with a random 16-byte salt.
std::string hash_password(std::string_view password, int iterations = kPasswordIterations);
// Constant-time comparison against a hash_password() string; false for anything malformed.
bool verify_password(std::string_view password, std::string_view stored);

// Whether two secrets (hashes, CSRF tokens) are equal, in a time that depends only on their
// lengths, not on where they first differ: no timing oracle for guessing one byte at a time.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace scorecard::services
