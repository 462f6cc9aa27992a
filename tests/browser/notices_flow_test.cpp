// The contract performance notice pages in a real browser (issue 17 item 6, SPEC §7.3):
// `scorecard serve` over a fresh SQLite database with the demo data, three accounts made
// with `scorecard user add` (two commercial users of one authority and one supplier), and
// tests/browser/notices_flow.mjs driving chromium through a notice's whole path: drafted, a
// rating changed, sent, agreed, approved by the second user, published.
//
// Every demo contract began before the Act commenced (24 February 2025), so none owes a
// notice: the drafter first loads, with `scorecard import --as`, a feed of one more contract
// of the same authority and supplier let under the Act — worth £8,000,000 from 2025-04-01,
// three KPIs, monthly returns from 2025-04 — which owes its annual assessment from
// 2026-04-01 (SPEC §7.1). The server, the CLI and the temporary directory are
// tests/support/process.h's; the feed is tests/support/documents.h's.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "model/notices.h"
#include "reports/notices.h"
#include "store/database.h"
#include "store/repositories.h"
#include "tests/support/documents.h"
#include "tests/support/process.h"

namespace fs = std::filesystem;
using namespace scorecard;
using scorecard::testing::run;
using scorecard::testing::run_ok;

namespace {

const std::string kPassword = "notices-flow-password-1";
const std::string kContract = "NF-2025-0001";

// The authority and supplier of the first active demo contract.
struct Parties {
    Authority authority;
    Supplier supplier;
};

Parties demo_parties(const std::string& db_url) {
    auto db = store::Database::open(db_url);
    auto conn = db->acquire();
    store::ContractFilter filter;
    filter.status = ContractStatus::kActive;
    filter.page.limit = 1;
    const auto contracts = store::ContractRepository(*conn).list(filter);
    BOOST_TEST_REQUIRE(!contracts.empty());
    return {*store::AuthorityRepository(*conn).find(contracts[0].authority_id),
            *store::SupplierRepository(*conn).find(contracts[0].supplier_id)};
}

// The Act contract's feed: CALLS (percent, higher, weight 40), RESOLVED (percent, higher,
// 30), COMPLAINTS (count, lower, 20), and a return for every month from 2025-04 to 2026-10.
std::string act_contract_feed(const Parties& p) {
    using namespace scorecard::testing;
    Contract c = contract(kContract, p.authority.id, p.supplier.id, "Benefit helpline",
                          "2025-04-01", "2028-03-31", 8000000, Frequency::kMonthly);
    c.regime = Regime::kPa2023;
    FeedBuilder feed;
    feed.generated("2026-11-20T09:00:00Z")
        .authority(p.authority.id, p.authority.name)
        .supplier(p.supplier.id, p.supplier.name, p.supplier.size, p.supplier.strategic)
        .contract(c)
        .kpi(kpi("CALLS", "Calls answered in 60 seconds", Unit::kPercent, Direction::kHigher, 40,
                 {95, 90, 85}))
        .kpi(kpi("RESOLVED", "Queries resolved at first contact", Unit::kPercent,
                 Direction::kHigher, 30, {90, 80, 70}))
        .kpi(kpi("COMPLAINTS", "Complaints upheld", Unit::kCount, Direction::kLower, 20,
                 {5, 8, 12}));
    for (Period p = *Period::parse("2025-04"); p <= *Period::parse("2026-10"); p = p.next()) {
        const std::string submitted = format_date(add_days(p.last_day(), 5)) + "T10:00:00Z";
        feed.kpi_return(kpi_return(
            kContract, p.to_string(), submitted,
            {measured("CALLS", 93), measured("RESOLVED", 85), measured("COMPLAINTS", 4)}));
    }
    return feed.xml();
}

bool owes_annual(const std::string& db_url, Date today) {
    auto db = store::Database::open(db_url);
    auto conn = db->acquire();
    for (const OwedNotice& owed :
         reports::notices_due(*conn, ListScope{}, today, default_notice_policy()).due)
        if (owed.contract_id == kContract && owed.reason == OwedReason::kAnnual)
            return true;
    return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_notice_goes_from_draft_to_published_across_three_accounts) {
    scorecard::testing::TempDir dir("scorecard-notices-flow");
    const std::string db_url = "sqlite:" + (dir.path() / "scorecard.db").string();
    const std::string binary = SCORECARD_BINARY;
    run_ok(dir.path(), binary, {"--db", db_url, "migrate"});
    run_ok(dir.path(), binary, {"--db", db_url, "demo"});

    const Parties parties = demo_parties(db_url);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"nf.drafter", "--role", "commercial", "--authority", parties.authority.id},
             {"nf.approver", "--role", "commercial", "--authority", parties.authority.id},
             {"nf.supplier", "--role", "supplier", "--supplier", parties.supplier.id}}) {
        std::vector<std::string> a = {"--db", db_url, "user", "add"};
        a.insert(a.end(), args.begin(), args.end());
        a.push_back("--password-stdin");
        const auto added = run(dir.path(), binary, a, {}, kPassword + "\n");
        BOOST_REQUIRE_MESSAGE(added.exit_code == 0, added);
    }
    scorecard::testing::write_text(dir.path() / "act-contract.xml", act_contract_feed(parties));
    run_ok(dir.path(), binary,
           {"--db", db_url, "import", "--as", "nf.drafter",
            (dir.path() / "act-contract.xml").string()});
    BOOST_REQUIRE_MESSAGE(owes_annual(db_url, date_of(std::chrono::floor<std::chrono::seconds>(
                                                  std::chrono::system_clock::now()))),
                          kContract << " owes no annual assessment");

    scorecard::testing::ServerProcess server(dir.path(), "server", binary, db_url, 2);
    const int port = server.wait_for_port();
    const fs::path screenshots = fs::current_path() / "screenshots";
    const auto result = run(
        dir.path(), "node",
        {std::string(SCORECARD_SOURCE_DIR) + "/tests/browser/notices_flow.mjs", "--base",
         "http://127.0.0.1:" + std::to_string(port), "--password", kPassword, "--drafter",
         "nf.drafter", "--approver", "nf.approver", "--supplier", "nf.supplier", "--contract",
         kContract, "--supplier-id", parties.supplier.id, "--screenshots", screenshots.string()});
    BOOST_TEST_MESSAGE(result.out);
    BOOST_TEST(result.exit_code == 0, result);
    BOOST_TEST(result.out.find("notice flow passed") != std::string::npos, result);
    BOOST_TEST(result.out.find("not ok") == std::string::npos, result);
    BOOST_TEST(fs::exists(screenshots / "notice-published.png"));
}
