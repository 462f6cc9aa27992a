// services/secrets.h: the constant-time comparison that CSRF tokens and password hashes are
// checked with. (Timing is not measured here: what can fail is the answer.)
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "services/secrets.h"

using scorecard::services::constant_time_equal;

BOOST_AUTO_TEST_CASE(constant_time_equal_is_equality_of_bytes) {
    struct Case {
        const char* name;
        std::string a;
        std::string b;
        bool equal;
    };
    const std::vector<Case> cases = {
        {"both empty", "", "", true},
        {"the same token", "Zq3-x_9", "Zq3-x_9", true},
        {"first byte differs", "a234", "b234", false},
        {"last byte differs", "1234", "1235", false},
        {"a prefix", "123", "1234", false},
        {"empty and not", "", "x", false},
        {"case differs", "abc", "ABC", false},
        {"embedded NUL bytes", std::string("a\0b", 3), std::string("a\0b", 3), true},
        {"after a NUL byte", std::string("a\0b", 3), std::string("a\0c", 3), false},
        {"high bit", "\x80", std::string(1, '\0'), false},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            BOOST_TEST(constant_time_equal(c.a, c.b) == c.equal);
            BOOST_TEST(constant_time_equal(c.b, c.a) == c.equal);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_password_verifies_only_against_its_own_hash) {
    // verify_password compares the PBKDF2 result with constant_time_equal.
    const std::string stored = scorecard::services::hash_password("correct horse", 1000);
    BOOST_TEST(scorecard::services::verify_password("correct horse", stored));
    BOOST_TEST(!scorecard::services::verify_password("correct horsE", stored));
    BOOST_TEST(!scorecard::services::verify_password("", stored));
}
