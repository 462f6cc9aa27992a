// The browser suite (issue #7): the real `scorecard serve` on port 0 over a fresh
// SQLite database loaded with the demo data, and tests/browser/run.mjs driving Debian's
// chromium through it (sign-in as each role, a return through the form, a bad return, the
// minister's dashboard against the API, a supplier kept out of another's pages, a dispute
// raised by the supplier and upheld by the commercial user, the supplier's statement).
// Screenshots go to tests/browser/screenshots/ in the build directory.
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/repositories.h"
#include "tests/support/process.h"

namespace fs = std::filesystem;
using namespace scorecard;
using scorecard::testing::ServerProcess;
using scorecard::testing::TempDir;

namespace {

const std::string kPassword = "browser-test-password-1";

std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_role_uses_the_pages_in_a_real_browser) {
    TempDir dir("scorecard-browser");
    std::string db_url = "sqlite:" + (dir.path() / "scorecard.db").string();
    const std::string binary = SCORECARD_BINARY;

    testing::run_ok(dir.path(), binary, {"--db", db_url, "migrate"});
    testing::run_ok(dir.path(), binary, {"--db", db_url, "demo"});

    // A contract of DWP and its supplier; a contract of another supplier.
    std::string contract, supplier, other_contract, other_supplier;
    {
        auto db = store::Database::open(db_url);
        auto conn = db->acquire();
        store::ContractFilter filter;
        filter.authority_id = "GB-GOV-DWP";
        filter.status = ContractStatus::kActive;
        filter.page.limit = 200;
        for (const auto& c : store::ContractRepository(*conn).list(filter)) {
            if (contract.empty() && !store::ContractRepository(*conn).find(c.id)->kpis.empty()) {
                contract = c.id;
                supplier = c.supplier_id;
            } else if (!contract.empty() && c.supplier_id != supplier) {
                other_contract = c.id;
                other_supplier = c.supplier_id;
                break;
            }
        }
    }
    BOOST_REQUIRE(!contract.empty() && !other_contract.empty());

    for (const auto& args : std::vector<std::vector<std::string>>{
             {"bt.minister", "--role", "minister"},
             {"bt.commercial", "--role", "commercial", "--authority", "GB-GOV-DWP"},
             {"bt.supplier", "--role", "supplier", "--supplier", supplier}}) {
        std::vector<std::string> a = {"--db", db_url, "user", "add"};
        a.insert(a.end(), args.begin(), args.end());
        a.push_back("--password-stdin");
        auto added = testing::run(dir.path(), binary, a, {}, kPassword + "\n");
        BOOST_REQUIRE_MESSAGE(added.exit_code == 0, added);
    }
    const std::string token = trim(
        testing::run_ok(dir.path(), binary, {"--db", db_url, "token", "create", "bt.minister"}));

    // On port 0: the server binds a port no one else holds and says which in its start-up
    // line, so no port is picked, released and then lost to another process.
    ServerProcess server(dir.path(), "server", binary, db_url, 4);
    const int port = server.wait_for_port();

    std::string base = "http://127.0.0.1:" + std::to_string(port);
    fs::path screenshots = fs::current_path() / "screenshots";
    auto result = testing::run(dir.path(), "node",
                               {std::string(SCORECARD_SOURCE_DIR) + "/tests/browser/run.mjs",
                                "--base",
                                base,
                                "--password",
                                kPassword,
                                "--minister",
                                "bt.minister",
                                "--commercial",
                                "bt.commercial",
                                "--supplier",
                                "bt.supplier",
                                "--token",
                                token,
                                "--contract",
                                contract,
                                "--other-supplier",
                                other_supplier,
                                "--other-contract",
                                other_contract,
                                "--screenshots",
                                screenshots.string()});
    BOOST_TEST_MESSAGE(result.out << result.err);
    BOOST_TEST(result.exit_code == 0, result);
    BOOST_TEST(result.out.find("browser tests passed") != std::string::npos, result);
    BOOST_TEST(result.out.find("not ok") == std::string::npos, result);
    BOOST_TEST(fs::exists(screenshots / "minister-dashboard.png"));
    BOOST_TEST(fs::exists(screenshots / "supplier-contract-after-return.png"));
    BOOST_TEST(fs::exists(screenshots / "commercial-dispute-upheld.png"));
    BOOST_TEST(fs::exists(screenshots / "supplier-statement.png"));
}
