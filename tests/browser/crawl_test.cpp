// The crawler (issue 16): the real `scorecard serve` (on port 0, so no port is picked and
// then lost to another process) over a fresh SQLite database loaded with the demo data, and
// tests/browser/crawl.mjs following every link and GET form of the pages as each role
// (anonymous, minister, the DWP commercial team, a supplier, admin), with axe-core and the
// 320 px reflow check on every page. Screenshots go to crawl/screenshots/ in the build
// directory and are listed in the test output.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <sstream>

#include "tests/support/process.h"

namespace fs = std::filesystem;
using namespace scorecard::testing;

namespace {

const std::string kPassword = "crawl-test-password-1";

// The first demo account of `role` in `scorecard user list` (NAME, ROLE, ... per line).
std::string first_account(const std::string& listing, const std::string& role) {
    std::istringstream lines(listing);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        std::string name, account_role;
        fields >> name >> account_role;
        if (account_role == role)
            return name;
    }
    return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_role_follows_every_link_and_form_with_no_error_or_axe_violation) {
    const auto started = std::chrono::steady_clock::now();
    TempDir dir("scorecard-crawl");
    const std::string db = "sqlite:" + (dir.path() / "scorecard.db").string();
    const std::string binary = SCORECARD_BINARY;
    run_ok(dir.path(), binary, {"--db", db, "migrate"});
    run_ok(dir.path(), binary, {"--db", db, "demo"});

    const std::string listing = run_ok(dir.path(), binary, {"--db", db, "user", "list"});
    const std::string supplier = first_account(listing, "supplier");
    BOOST_REQUIRE_MESSAGE(!supplier.empty(), "the demo data has a supplier account:\n" << listing);
    // commercial.dwp: the Department for Work and Pensions' commercial team, one authority.
    const std::vector<std::pair<std::string, std::string>> users = {
        {"minister", "minister"},
        {"commercial", "commercial.dwp"},
        {"supplier", supplier},
        {"admin", "admin"}};
    std::string users_arg;
    for (const auto& [role, name] : users) {
        SpawnOptions with_password;
        with_password.stdin_file = dir.path() / "password";
        write_text(with_password.stdin_file, kPassword + "\n");
        run_ok(dir.path(), binary, {"--db", db, "user", "passwd", name}, with_password);
        users_arg += (users_arg.empty() ? "" : ",") + role + "=" + name;
    }
    BOOST_TEST_MESSAGE("demo data and accounts ready in "
                       << std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::steady_clock::now() - started)
                              .count()
                       << " s");

    ServerProcess server(dir.path(), "server", binary, db, 4);
    const int port = server.wait_for_port();
    const fs::path out = fs::current_path() / "crawl";
    fs::remove_all(out);
    const auto crawl = run(dir.path(), "node",
                           {std::string(SCORECARD_SOURCE_DIR) + "/tests/browser/crawl.mjs",
                            "--base", "http://127.0.0.1:" + std::to_string(port), "--password",
                            kPassword, "--users", users_arg, "--out", out.string(),
                            // The bounds that keep the browser label within about four
                            // minutes on two loaded cores (docs/pages.md "The crawler"): the
                            // first page of each kind is rendered and checked, and 600 URLs
                            // a role are requested.
                            "--per-kind", "1", "--checks", "600"});
    BOOST_TEST_MESSAGE(crawl.out << crawl.err);
    BOOST_TEST(crawl.exit_code == 0, crawl);
    BOOST_TEST(crawl.out.find("crawl passed: 0 failures") != std::string::npos, crawl);
    // Every role was crawled and said how much it saw.
    for (const std::string role : {"anonymous", "minister", "commercial", "supplier", "admin"})
        BOOST_TEST(
            (crawl.out.find("\n" + role + (role == "anonymous" ? ":" : " (")) != std::string::npos),
            role << " was crawled");
    // Issue 16 item 9: the dashboard, a contract page and /flags at 320 and 1,280 px.
    for (const std::string name : {"minister-dashboard", "commercial-contract", "minister-flags"})
        for (const std::string width : {"320", "1280"})
            BOOST_TEST(fs::exists(out / "screenshots" / (name + "-" + width + ".png")),
                       name << " at " << width << " px");
    BOOST_TEST_MESSAGE("the crawl test took " << std::chrono::duration_cast<std::chrono::seconds>(
                                                     std::chrono::steady_clock::now() - started)
                                                     .count()
                                              << " s");
}
