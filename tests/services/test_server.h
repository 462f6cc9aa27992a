// The real server for tests: services::Server on port 0 over a fresh database, one account
// (with a bearer token) per role, and a real HTTP client (Poco::Net::HTTPClientSession).
// Shared by every suite that talks HTTP, so that each checks behaviour, not plumbing.
//
// Accounts: admin; commercial.dwp (GB-GOV-DWP); commercial.hmrc (GB-GOV-HMRC, an authority
// with no contracts in the world); supplier.a (kSupplierA); supplier.b (kSupplierB);
// minister. Each has the password "correct horse battery staple" for sign-in tests.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "model/domain.h"
#include "services/http/app.h"
#include "services/http/server.h"
#include "store/database.h"
#include "tests/support/http_client.h"
#include "tests/support/spec_values.h"

namespace scorecard::services::testing {

// Small, so that a test can go over it without sending megabytes; the world's feed
// (about 1.6 kB) fits.
inline constexpr std::size_t kMaxBody = 4096;
inline constexpr const char* kOtherAuthority = "GB-GOV-HMRC";
inline constexpr const char* kPassword = "correct horse battery staple";
// The moment every test server starts its clock at unless a test names another: the day
// this suite's expectations were worked out for (the world's contracts began in 2026-09).
inline const Timestamp kTestNow = scorecard::testing::at("2026-12-04T09:00:00Z");

// The client is tests/support/http_client.h's, under the names these suites use.
using Reply = scorecard::testing::HttpReply;
using Call = scorecard::testing::HttpCall;
using scorecard::testing::http_request;

class RunningServer {
  public:
    // `max_body` defaults to kMaxBody; tests that post the demo data may raise it.
    // `clock_start` pins the application's clock (the clock.start setting,
    // docs/operations.md "Clock"): it reads that moment at start-up and runs on from it, so
    // that what is due, late or flagged does not depend on the day the test runs (issue 19:
    // the suite passes with the system clock a year ahead, tests/CMakeLists.txt).
    explicit RunningServer(store::Database& db, std::size_t max_body = kMaxBody,
                           Timestamp clock_start = kTestNow);

    int port() const { return server_.port(); }
    Server& server() { return server_; }
    AppContext& app() { return app_; }

    Reply call(const Call& call) { return http_request(port(), call); }
    Reply get(const std::string& path, const std::string& token);
    Reply post_xml(const std::string& path, const std::string& token, const std::string& xml);
    Reply post_json(const std::string& path, const std::string& token, const std::string& json);

    // Adds an account (password kPassword) and returns a new bearer token for it.
    std::string add_account(const User& user);

    std::string admin, commercial, commercial_other, supplier_a, supplier_b, minister;

  private:
    AppContext app_;
    Server server_;
};

// A configuration file (`clock.start` at kTestNow) that starts the CLI's clock where the
// test servers' start, for tests that run `scorecard` beside a RunningServer: pass
// {"--config", test_clock_config()}. The file lives as long as the test process.
const std::string& test_clock_config();

// The world's feed, loaded by the DWP commercial team: must be created (201).
void load_world(RunningServer& srv);

// Runs `body` on a fresh database of each kind (for_each_database) with a RunningServer over
// it and the world's feed loaded (load_world): where most HTTP cases start.
void for_each_world(const std::function<void(RunningServer& srv)>& body);

// The sign-in form as a browser holds it after GET /sign-in: the pre-session cookie
// ("scorecard_sign_in=…") and the hidden field's token.
struct SignInForm {
    std::string cookie;
    std::string token;
};
SignInForm open_sign_in_form(RunningServer& srv);

// POST /sign-in as the browser sends the form it just opened: `fields` (url-encoded) with the
// form's token, its cookie, and `headers` beside them (an Origin, say).
Reply post_sign_in_form(RunningServer& srv, const std::string& fields,
                        std::vector<std::pair<std::string, std::string>> headers);

// error.details of an error reply.
Poco::JSON::Array::Ptr details_of(const Reply& r);

// ---- the web pages as a browser uses them

// A url-encoded form posted to `path`, with a bearer `token` (pages take them, without a
// CSRF token) or the given headers (a session cookie).
Reply form_post(RunningServer& srv, const std::string& path, const std::string& body,
                const std::string& token = {},
                std::vector<std::pair<std::string, std::string>> headers = {});
// Signs in through the form (password kPassword); returns "scorecard_session=…".
std::string sign_in_cookie(RunningServer& srv, const std::string& name);
// The value of the first hidden "csrf" field of a page.
std::string csrf_of(const std::string& html);

// Supplier A's returns for DWP-2026-0001 through its return form, each redirected (303):
// 2026-09 CALLS 93.2, COMPLAINTS 6.1 (both approaching: 75.0) and 2026-10 CALLS 96,
// COMPLAINTS 4 (both good: 100.0).
void return_two_periods(RunningServer& srv);

}  // namespace scorecard::services::testing
