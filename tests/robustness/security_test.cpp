// Security promises of docs/security.md (issue #9 part 5), checked on the real
// `scorecard serve` process with its access log on (stderr):
// - the security headers are on every response: success, 401, 404, 405, 413, 415, a bad
//   request line's URI;
// - secrets are never logged: a bearer token, a password sent to sign in, a token in a
//   query string.
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <regex>
#include <string>
#include <vector>

#include "services/secrets.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/user_repository.h"
#include "tests/support/accounts.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/spec_values.h"
#include "tests/support/test_databases.h"

using namespace scorecard;

namespace {

constexpr const char* kPassword = "Tr0ub4dor&3-never-in-logs";
constexpr const char* kWrongPassword = "Wr0ngHorse&9-never-in-logs";

// application/x-www-form-urlencoded: the password holds '&', which must reach the server as
// part of the value.
std::string form_encode(const std::string& value) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

// An admin account with a password and a bearer token.
std::string add_admin(store::Database& db) {
    return scorecard::testing::add_user_with_token(
        db, {0, "operator", Role::kAdmin, "", "", services::hash_password(kPassword, 1000)},
        scorecard::testing::at("2026-09-01T00:00:00Z"));
}

// The headers services/server.cpp sets on every response.
void expect_security_headers(const testing::HttpReply& r, const std::string& what) {
    BOOST_TEST_CONTEXT(what << " (status " << r.status << ")") {
        auto header = [&](const std::string& name) {
            auto it = r.headers.find(name);
            return it == r.headers.end() ? std::string("(absent)") : it->second;
        };
        BOOST_TEST(header("x-content-type-options") == "nosniff");
        BOOST_TEST(header("x-frame-options") == "DENY");
        BOOST_TEST(header("referrer-policy") == "same-origin");
        BOOST_TEST(header("content-security-policy").find("frame-ancestors 'none'") !=
                   std::string::npos);
        // Forms post only to this site (issue #15 item 4).
        BOOST_TEST(header("content-security-policy").find("form-action 'self'") !=
                   std::string::npos);
        BOOST_TEST(header("cache-control") == "no-store");
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(security)

BOOST_AUTO_TEST_CASE(every_response_has_the_security_headers_and_no_secret_is_logged) {
    for (const std::string& base : testing::test_database_urls()) {
        testing::ScratchDatabase scratch(base);
        BOOST_TEST_CONTEXT("database " << scratch.kind()) {
            testing::TempDir dir;
            auto config = dir.path() / "scorecard.properties";
            testing::write_text(config, "server.max_body_bytes = 1024\n");
            auto db = store::Database::open(scratch.url());
            store::migrate(*db);
            const std::string token = add_admin(*db);
            testing::ServerProcess server(dir.path(), "serve", SCORECARD_BINARY, scratch.url(), 8,
                                          config.string());
            const int port = server.wait_for_port();

            struct Probe {
                std::string what, method, path, token, body, type;
                int status;
            };
            const std::vector<Probe> probes = {
                {"health", "GET", "/healthz", "", "", "", 200},
                {"signed in", "GET", "/api/v1/flags", token, "", "", 200},
                {"no token", "GET", "/api/v1/flags", "", "", "", 401},
                {"a wrong token", "GET", "/api/v1/flags", "not-" + token, "", "", 401},
                {"no such path", "GET", "/api/v1/nothing-here", token, "", "", 404},
                {"no such document", "GET", "/api/v1/documents/999999", token, "", "", 404},
                {"wrong method", "DELETE", "/api/v1/flags", token, "", "", 405},
                {"too large", "POST", "/api/v1/feeds", token, std::string(1025, 'x'),
                 "application/xml", 413},
                {"wrong media type", "POST", "/api/v1/feeds", token, "{}", "application/json", 415},
                {"not well-formed", "POST", "/api/v1/feeds", token, "<a>", "application/xml", 400},
                // The token in a query string (a mistake users make) must not reach the log.
                {"token in the query", "GET", "/api/v1/flags?access_token=" + token, "", "", "",
                 401},
            };
            for (const auto& p : probes) {
                auto r = testing::http_request(port, {p.method,
                                                      p.path,
                                                      p.token,
                                                      p.type.empty() ? "application/xml" : p.type,
                                                      p.body,
                                                      {},
                                                      30});
                BOOST_TEST(r.status == p.status, p.what << ": " << r.body);
                expect_security_headers(r, p.what);
            }
            // Sign-in with a password (web pages), as a browser sends the form: the fields
            // the form names (name, password) with the pre-session token and cookie that
            // GET /sign-in hands out. Once with a wrong password (401, no session) and once
            // with the right one (303 and a session that works), so that both paths run
            // before the log is read.
            auto sign_in = [&](const std::string& password) {
                auto form = testing::http_request(port, {"GET", "/sign-in", "", "", "", {}, 30});
                BOOST_TEST_REQUIRE(form.status == 200, form);
                std::smatch cookie, field;
                const std::string set_cookie = form.header("set-cookie");
                BOOST_TEST_REQUIRE(
                    std::regex_search(set_cookie, cookie, std::regex("scorecard_sign_in=[^;]+")),
                    set_cookie);
                BOOST_TEST_REQUIRE(
                    std::regex_search(form.body, field,
                                      std::regex("name=\"sign_in_token\" value=\"([^\"]+)\"")),
                    "no sign_in_token field on the sign-in page");
                return testing::http_request(port,
                                             {"POST",
                                              "/sign-in",
                                              "",
                                              "application/x-www-form-urlencoded",
                                              "name=operator&password=" + form_encode(password) +
                                                  "&next=%2F&sign_in_token=" + field[1].str(),
                                              {{"Cookie", cookie.str()}},
                                              30});
            };
            auto refused = sign_in(kWrongPassword);
            BOOST_TEST(refused.status == 401, refused);
            BOOST_TEST(refused.header("set-cookie").find("scorecard_session=") ==
                       std::string::npos);
            expect_security_headers(refused, "sign-in refused");

            auto signed_in = sign_in(kPassword);
            BOOST_TEST_REQUIRE(signed_in.status == 303, signed_in);
            BOOST_TEST(signed_in.header("location") == "/");
            expect_security_headers(signed_in, "sign-in");
            std::smatch session;
            const std::string session_cookie = signed_in.header("set-cookie");
            BOOST_TEST_REQUIRE(
                std::regex_search(session_cookie, session, std::regex("scorecard_session=([^;]+)")),
                session_cookie);
            // The session is real: an admin's start page is the dashboard (docs/pages.md).
            auto home = testing::http_request(
                port, {"GET", "/", "", "", "", {{"Cookie", session.str()}}, 30});
            BOOST_TEST(home.status == 303, home);
            BOOST_TEST(home.header("location") == "/dashboard");

            BOOST_TEST(server.terminate() == 0);
            const std::string log = server.log();
            // The access log is on: it names the requests...
            BOOST_TEST(log.find("GET /api/v1/flags 200") != std::string::npos, log);
            BOOST_TEST(log.find("user=operator") != std::string::npos, log);
            BOOST_TEST(log.find("POST /sign-in 401") != std::string::npos, log);
            BOOST_TEST(log.find("POST /sign-in 303") != std::string::npos, log);
            BOOST_TEST(log.find("GET / 303") != std::string::npos, log);
            // ...and never a secret.
            BOOST_TEST(log.find(token) == std::string::npos, "the bearer token was logged");
            BOOST_TEST(log.find(kPassword) == std::string::npos, "the password was logged");
            BOOST_TEST(log.find("Tr0ub4dor") == std::string::npos,
                       "part of the password was logged");
            BOOST_TEST(log.find(kWrongPassword) == std::string::npos,
                       "the refused password was logged");
            BOOST_TEST(log.find(session[1].str()) == std::string::npos,
                       "the session cookie was logged");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
