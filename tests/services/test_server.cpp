#include "tests/services/test_server.h"

#include <regex>

#include <boost/test/unit_test.hpp>

#include <regex>

#include "services/secrets.h"
#include "store/repositories.h"
#include "store/user_repository.h"
#include "tests/services/services_test_support.h"
#include "tests/support/accounts.h"
#include "tests/support/process.h"

namespace scorecard::services::testing {

namespace {

Settings test_settings(std::size_t max_body, Timestamp clock_start) {
    Settings s;
    s.server.max_body_bytes = max_body;
    s.server.threads = 4;
    s.clock = Clock::starting_at(clock_start);
    return s;
}

}  // namespace

RunningServer::RunningServer(store::Database& db, std::size_t max_body, Timestamp clock_start)
    : app_(db, test_settings(max_body, clock_start)),
      server_(app_, app_.settings().server, 0, /*access_log=*/false) {
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        const store::Change change{"test", at("2026-09-01T00:00:00Z")};
        store::AuthorityRepository(conn).upsert({kOtherAuthority, "HM Revenue and Customs"},
                                                change);
    });
    admin = add_account({0, "admin", Role::kAdmin, "", "", ""});
    commercial = add_account({0, "commercial.dwp", Role::kCommercial, kAuthority, "", ""});
    commercial_other =
        add_account({0, "commercial.hmrc", Role::kCommercial, kOtherAuthority, "", ""});
    supplier_a = add_account({0, "supplier.a", Role::kSupplier, "", kSupplierA, ""});
    supplier_b = add_account({0, "supplier.b", Role::kSupplier, "", kSupplierB, ""});
    minister = add_account({0, "minister", Role::kMinister, "", "", ""});
    server_.start();
}

Reply RunningServer::get(const std::string& path, const std::string& token) {
    return http_request(port(), {"GET", path, token, "", "", {}});
}

Reply RunningServer::post_xml(const std::string& path, const std::string& token,
                              const std::string& xml) {
    return http_request(port(), {"POST", path, token, "application/xml", xml, {}});
}

Reply RunningServer::post_json(const std::string& path, const std::string& token,
                               const std::string& json) {
    return http_request(port(), {"POST", path, token, "application/json", json, {}});
}

std::string RunningServer::add_account(const User& account) {
    // A low iteration count: the tests check the hash's use, not its cost.
    static const std::string password_hash = hash_password(kPassword, 1000);
    User user = account;
    user.password_hash = password_hash;
    return scorecard::testing::add_user_with_token(app_.db(), user, at("2026-09-01T00:00:00Z"));
}

const std::string& test_clock_config() {
    static const scorecard::testing::TempDir dir("scorecard-test-clock");
    static const std::string path = [] {
        const auto file = dir.path() / "clock.properties";
        scorecard::testing::write_text(file, "clock.start = " + format_timestamp(kTestNow) + "\n");
        return file.string();
    }();
    return path;
}

void load_world(RunningServer& srv) {
    auto r = srv.post_xml("/api/v1/feeds", srv.commercial, world_feed());
    BOOST_TEST_REQUIRE(r.status == 201, r);
}

void for_each_world(const std::function<void(RunningServer& srv)>& body) {
    for_each_database([&](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        body(srv);
    });
}

SignInForm open_sign_in_form(RunningServer& srv) {
    auto page = srv.get("/sign-in", "");
    BOOST_TEST_REQUIRE(page.status == 200, page);
    std::smatch cookie, field;
    const std::string set_cookie = page.header("set-cookie");
    BOOST_TEST_REQUIRE(std::regex_search(set_cookie, cookie, std::regex("scorecard_sign_in=[^;]+")),
                       set_cookie);
    BOOST_TEST_REQUIRE(std::regex_search(page.body, field,
                                         std::regex("name=\"sign_in_token\" value=\"([^\"]+)\"")),
                       "no sign_in_token field on the sign-in page");
    return {cookie.str(), field[1].str()};
}

Reply post_sign_in_form(RunningServer& srv, const std::string& fields,
                        std::vector<std::pair<std::string, std::string>> headers) {
    const SignInForm form = open_sign_in_form(srv);
    headers.emplace_back("Cookie", form.cookie);
    return srv.call({"POST", "/sign-in", "", "application/x-www-form-urlencoded",
                     fields + "&sign_in_token=" + form.token, std::move(headers)});
}

Poco::JSON::Array::Ptr details_of(const Reply& r) {
    return r.json()->getObject("error")->getArray("details");
}

Reply form_post(RunningServer& srv, const std::string& path, const std::string& body,
                const std::string& token,
                std::vector<std::pair<std::string, std::string>> headers) {
    return srv.call(
        {"POST", path, token, "application/x-www-form-urlencoded", body, std::move(headers)});
}

std::string sign_in_cookie(RunningServer& srv, const std::string& name) {
    auto r = post_sign_in_form(srv, "name=" + name + "&password=correct+horse+battery+staple", {});
    BOOST_REQUIRE_MESSAGE(r.status == 303, r);
    std::smatch m;
    const std::string cookie = r.header("set-cookie");
    BOOST_REQUIRE(std::regex_search(cookie, m, std::regex("scorecard_session=[^;]+")));
    return m.str();
}

std::string csrf_of(const std::string& html) {
    std::smatch m;
    BOOST_REQUIRE(std::regex_search(html, m, std::regex("name=\"csrf\" value=\"([^\"]+)\"")));
    return m[1];
}

void return_two_periods(RunningServer& srv) {
    const std::string path = std::string("/contracts/") + kContractA + "/return";
    for (const char* form : {"period=2026-09&value.CALLS=93.2&value.COMPLAINTS=6.1",
                             "period=2026-10&value.CALLS=96&value.COMPLAINTS=4"}) {
        auto r = form_post(srv, path, form, srv.supplier_a);
        BOOST_TEST_REQUIRE(r.status == 303, form << ": " << r);
    }
}

}  // namespace scorecard::services::testing
