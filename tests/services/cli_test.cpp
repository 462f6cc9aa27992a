// The `scorecard` binary as a user runs it (SPEC §6): every command's --help, exit codes
// (0 success, 1 failure such as a rejected document, 2 usage error), what goes to stdout
// and what to stderr. Each case runs the built binary in a temporary directory of its own.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "services/secrets.h"
#include "store/repositories.h"
#include "store/user_repository.h"
#include "tests/services/services_test_support.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/test_databases.h"

using namespace scorecard;
using namespace scorecard::services::testing;
namespace fs = std::filesystem;
namespace tt = boost::test_tools;

namespace {

using scorecard::testing::RunResult;

// A temporary working directory, removed with everything in it; the commands of a case run
// in it.
class Workdir : public scorecard::testing::TempDir {
  public:
    Workdir() : TempDir("scorecard-cli") {}
    // The SQLite database every command of a case shares.
    std::string db() const { return "sqlite:" + (path() / "x.db").string(); }
};

// Runs `scorecard ARGS...` in `dir` with no input, capturing stdout and stderr.
RunResult run(const Workdir& dir, const std::vector<std::string>& args) {
    scorecard::testing::SpawnOptions in_dir;
    in_dir.cwd = dir.path();
    return scorecard::testing::run(dir.path(), SCORECARD_BINARY, args, in_dir);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A migrated SQLite database in `dir` with the fixture feed and its KPI return imported:
// DWP-2024-0001 (CALLS, COMPLAINTS) returned for 2026-09, HMRC-2025-0042 not returned.
void migrate_and_import(const Workdir& dir) {
    auto migrated = run(dir, {"--db", dir.db(), "migrate"});
    BOOST_TEST_REQUIRE(migrated.exit_code == 0, migrated);
    auto imported = run(dir, {"--db", dir.db(), "import", fixture_path("good/contract_feed.xml"),
                              fixture_path("good/kpi_return.xml")});
    BOOST_TEST_REQUIRE(imported.exit_code == 0, imported);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(usage)

BOOST_AUTO_TEST_CASE(help_lists_every_command) {
    Workdir dir;
    auto o = run(dir, {"--help"});
    BOOST_TEST(o.exit_code == 0, o);
    for (const char* command :
         {"serve", "migrate", "import", "score", "report contract", "report supplier",
          "report flags", "report summary", "user add", "token create", "notices due",
          "documents purge-rejected", "demo"}) {
        BOOST_TEST(contains(o.out, std::string("  ") + command), "--help lacks " << command << "\n"
                                                                                 << o);
    }
}

// README's "Commands" block is the help's text from "Usage:" to the global options (issue
// 19: the README's list lacked `import --as`, `demo --as-of` and `--version`).
BOOST_AUTO_TEST_CASE(the_readme_lists_the_commands_as_help_does) {
    Workdir dir;
    auto o = run(dir, {"--help"});
    BOOST_TEST_REQUIRE(o.exit_code == 0, o);
    const std::size_t from = o.out.find("Usage: ");
    const std::size_t to = o.out.find("\nExit status");
    BOOST_TEST_REQUIRE((from != std::string::npos && to != std::string::npos), o);
    const std::string block = o.out.substr(from, to - from);
    const std::string readme =
        scorecard::testing::read_text(std::filesystem::path(SCORECARD_SOURCE_DIR) / "README.md");
    BOOST_TEST(contains(readme, "```\n" + block + "```\n"),
               "README.md's Commands block differs from `scorecard --help`:\n"
                   << block);
    for (const char* option : {"import [--as ACCOUNT]", "demo [--as-of YYYY-MM-DD]", "--version",
                               "user revoke-sessions NAME"})
        BOOST_TEST(contains(block, option), option);
}

BOOST_AUTO_TEST_CASE(every_command_has_its_own_help) {
    Workdir dir;
    for (const char* command : {"serve", "migrate", "import", "score", "report", "user", "token",
                                "notices", "documents", "demo"}) {
        BOOST_TEST_CONTEXT("scorecard " << command << " --help") {
            auto o = run(dir, {command, "--help"});
            BOOST_TEST(o.exit_code == 0, o);
            BOOST_TEST(o.out.rfind(std::string("Usage: scorecard ") + command, 0) == 0u, o);
            BOOST_TEST(o.err.empty(), o);
        }
    }
    // --help answers without touching a database: none was created.
    BOOST_TEST(!fs::exists(dir.path() / "var"));
}

BOOST_AUTO_TEST_CASE(a_second_level_command_and_help_command_show_their_commands_help) {
    Workdir dir;
    struct Case {
        std::vector<std::string> args;
        const char* starts;
    };
    const std::vector<Case> cases = {
        {{"report", "contract", "--help"}, "Usage: scorecard report contract ID"},
        {{"user", "add", "-h"}, "Usage: scorecard user add NAME"},
        {{"help", "token"}, "Usage: scorecard token create NAME"},
        {{"help"}, "scorecard — supplier performance scorecards"},
        {{"-h"}, "scorecard — supplier performance scorecards"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.args.front() << " " << c.args.back()) {
            auto o = run(dir, c.args);
            BOOST_TEST(o.exit_code == 0, o);
            BOOST_TEST(o.out.rfind(c.starts, 0) == 0u, o);
        }
    }
}

BOOST_AUTO_TEST_CASE(version_prints_the_version_and_no_command_prints_help_with_exit_2) {
    Workdir dir;
    auto version = run(dir, {"--version"});
    BOOST_TEST(version.exit_code == 0, version);
    BOOST_TEST(version.out == "scorecard 0.1.0\n", version);  // CMakeLists.txt: project VERSION
    auto none = run(dir, {});
    BOOST_TEST(none.exit_code == 2, none);
    BOOST_TEST(none.out.empty(), none);
    BOOST_TEST(contains(none.err, "Usage: scorecard [--config FILE] [--db URL] COMMAND"), none);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_with_a_hint) {
    struct Case {
        const char* name;
        std::vector<std::string> args;
        const char* says;  // on stderr
    };
    const std::vector<Case> cases = {
        {"an unknown command", {"frobnicate"}, "unknown command 'frobnicate'"},
        {"an unknown option", {"import", "--frobnicate", "x.xml"}, "unknown option --frobnicate"},
        {"a commercial account without --authority",
         {"user", "add", "alice", "--role", "commercial"},
         "--authority"},
        {"an unknown role", {"user", "add", "alice", "--role", "boss"}, "--role must be one of"},
        {"a bad --as-of", {"score", "--as-of", "2026-13-01"}, "--as-of"},
        {"import without files", {"import"}, "FILE"},
        {"an option without its value", {"serve", "--port"}, "--port needs a value"},
        {"a port out of range",
         {"serve", "--port", "65536"},
         "--port must be a whole number from 0 to 65535"},
        {"a bad --format", {"report", "flags", "--format", "xml"}, "--format must be json or csv"},
        {"an option of another command",
         {"report", "flags", "--from", "2026-01-01"},
         "unknown option --from for 'report flags'"},
        {"a report without its kind",
         {"report"},
         "report needs one of contract, supplier, flags, summary or audit"},
        {"an unknown kind of report", {"report", "people"}, "'report people' is not a command"},
        {"a report without its ID", {"report", "contract"}, "report contract needs ID"},
        {"an argument too many", {"migrate", "now"}, "'migrate' takes no argument 'now'"},
        {"a token id that is not a number", {"token", "revoke", "x"}, "ID must be a token id"},
    };
    Workdir dir;
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            auto o = run(dir, c.args);
            BOOST_TEST(o.exit_code == 2, o);
            BOOST_TEST(contains(o.err, c.says), o);
            BOOST_TEST(contains(o.err, "--help"), o);
            BOOST_TEST(o.out.empty(), o);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(commands)

BOOST_AUTO_TEST_CASE(migrate_then_import_on_every_database) {
    for (const std::string& base : scorecard::testing::test_database_urls()) {
        scorecard::testing::ScratchDatabase scratch(base);
        BOOST_TEST_CONTEXT("database " << scratch.kind()) {
            Workdir dir;
            const std::string db = scratch.url();
            auto first = run(dir, {"--db", db, "migrate"});
            BOOST_TEST(first.exit_code == 0, first);
            BOOST_TEST(contains(first.out, "schema migrated from version 0 to"), first);
            auto second = run(dir, {"migrate", "--db", db});  // global options stand anywhere
            BOOST_TEST(second.exit_code == 0, second);
            BOOST_TEST(contains(second.out, "schema is up to date"), second);

            const std::string feed = fixture_path("good/contract_feed.xml");
            auto imported = run(dir, {"--db", db, "import", feed});
            BOOST_TEST(imported.exit_code == 0, imported);
            // The feed names two contracts, both rescored.
            BOOST_TEST(
                contains(imported.out,
                         "1 document(s): 1 accepted, 0 unchanged, 0 rejected; 2 contract(s)"),
                imported);
            auto again = run(dir, {"--db", db, "import", feed});
            BOOST_TEST(again.exit_code == 0, again);
            BOOST_TEST(contains(again.out, "1 document(s): 0 accepted, 1 unchanged, 0 rejected"),
                       again);

            // Several files in one import (on MySQL each is archived on another connection
            // while the one before it is applied): every one gets its outcome, a rejected one
            // stops nothing, and they are archived in their order.
            const std::vector<std::string> files = {fixture_path("good/kpi_return.xml"),
                                                    fixture_path("bad/threshold_order.xml"),
                                                    fixture_path("good/kpi_returns.xml")};
            std::vector<std::string> args = {"--db", db, "import"};
            args.insert(args.end(), files.begin(), files.end());
            auto several = run(dir, args);
            BOOST_TEST(several.exit_code == 1, several);
            BOOST_TEST(contains(several.out,
                                "3 document(s): 2 accepted, 0 unchanged, 1 rejected; "
                                "2 contract(s) rescored"),
                       several);
            auto database = store::Database::open(db);
            std::vector<std::string> archived;
            {
                auto conn = database->acquire();
                conn->query("SELECT source, outcome FROM documents ORDER BY id", {},
                            [&](const store::Row& row) {
                                archived.push_back(row[0].as_text() + " " + row[1].as_text());
                            });
            }
            const std::vector<std::string> expected = {
                feed + " accepted", feed + " unchanged", files[0] + " accepted",
                files[1] + " rejected", files[2] + " accepted"};
            BOOST_TEST(archived == expected, tt::per_element());
            // `import` writes as a bulk workload, without the database's foreign key checks
            // (store/database.h): nothing it wrote refers to a row that is not there.
            BOOST_TEST(
                scorecard::testing::dangling_references(*database) == std::vector<std::string>{},
                tt::per_element());
        }
    }
}

// Returns for two contracts, each amended twice, in files that interleave them: on MySQL
// documents that share no contract are applied at once (services/cli/cli.cpp kApplyLanes),
// but each contract's returns still in file order, so the last file for each is its current
// version; and a feed is applied alone. Worked out by hand: documents 1-7 in name order (the
// feed is 1); A's versions come from documents 2, 6, 7, B's from 3, 4, 5. On MySQL A is
// rescored behind the load once two documents follow its first (services/scoring_run.h
// RescoringBehind) and again at the end; the summary counts each contract once.
BOOST_AUTO_TEST_CASE(an_import_applies_each_contracts_returns_in_file_order_on_every_database) {
    for (const std::string& base : scorecard::testing::test_database_urls()) {
        scorecard::testing::ScratchDatabase scratch(base);
        BOOST_TEST_CONTEXT("database " << scratch.kind()) {
            Workdir dir;
            const std::string db = scratch.url();
            BOOST_TEST_REQUIRE(run(dir, {"--db", db, "migrate"}).exit_code == 0);
            const fs::path in = dir.path() / "in";
            fs::create_directories(in);
            const auto b_return = [](const char* submitted, double visits) {
                return scorecard::testing::return_xml(scorecard::testing::kpi_return(
                    kContractB, "2026-09", submitted,
                    {scorecard::testing::measured("VISITS", visits)}));
            };
            const std::vector<std::pair<std::string, std::string>> files = {
                {"1_feed.xml", world_feed()},
                {"2_a.xml", kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "96", "4")},
                {"3_b.xml", b_return("2026-10-06T10:00:00Z", 50)},
                {"4_b.xml", b_return("2026-10-07T10:00:00Z", 60)},
                {"5_b.xml", b_return("2026-10-08T10:00:00Z", 70)},
                {"6_a.xml", kpi_return_a("2026-09", "2026-10-07T10:00:00Z", "93.2", "4")},
                {"7_a.xml", kpi_return_a("2026-09", "2026-10-08T10:00:00Z", "95.5", "4")}};
            for (const auto& [name, xml] : files)
                std::ofstream(in / name) << xml;
            auto o = run(dir, {"--db", db, "import", in.string()});
            BOOST_TEST(o.exit_code == 0, o);
            // Each contract counted once, however often it was rescored (on MySQL behind the
            // load, and again at its end once a later file touched it again).
            BOOST_TEST(contains(o.out,
                                "7 document(s): 7 accepted, 0 unchanged, 0 rejected; "
                                "2 contract(s) rescored"),
                       o);

            auto database = store::Database::open(db);
            auto conn = database->acquire();
            std::vector<std::string> versions;
            conn->query(
                "SELECT r.contract_id, r.version, d.source, r.is_current, m.measured_value "
                "FROM return_versions r JOIN documents d ON d.id = r.document_id JOIN measures m "
                "ON m.return_version_id = r.id AND m.kpi_code IN ('CALLS', 'VISITS') "
                "ORDER BY r.contract_id, r.version",
                {}, [&](const store::Row& row) {
                    versions.push_back(row[0].as_text() + " v" + std::to_string(row[1].as_int()) +
                                       " " + fs::path(row[2].as_text()).filename().string() +
                                       (row[3].as_int() == 1 ? " current " : " ") +
                                       std::to_string(row[4].as_double()).substr(0, 4));
                });
            const std::vector<std::string> expected = {
                std::string(kContractA) + " v1 2_a.xml 96.0",
                std::string(kContractA) + " v2 6_a.xml 93.2",
                std::string(kContractA) + " v3 7_a.xml current 95.5",
                std::string(kContractB) + " v1 3_b.xml 50.0",
                std::string(kContractB) + " v2 4_b.xml 60.0",
                std::string(kContractB) + " v3 5_b.xml current 70.0"};
            BOOST_TEST(versions == expected, tt::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(commands_on_an_unmigrated_database_say_to_migrate) {
    Workdir dir;
    auto o = run(dir, {"--db", dir.db(), "import", fixture_path("good/contract_feed.xml")});
    BOOST_TEST(o.exit_code == 1, o);
    BOOST_TEST(contains(o.err, "scorecard migrate"), o);
    // A path that names no database (a typo, say) is reported, and no empty file is left there.
    BOOST_TEST(contains(o.err, "there is no database at " + (dir.path() / "x.db").string()), o);
    BOOST_TEST(!fs::exists(dir.path() / "x.db"));
    auto report = run(dir, {"--db", dir.db(), "report", "flags"});
    BOOST_TEST(report.exit_code == 1, report);
    BOOST_TEST(!fs::exists(dir.path() / "x.db"));
    // An existing database at an older schema version is told to migrate.
    { auto created = store::Database::open(dir.db()); }
    auto old_schema = run(dir, {"--db", dir.db(), "report", "flags"});
    BOOST_TEST(old_schema.exit_code == 1, old_schema);
    BOOST_TEST(contains(old_schema.err, "run `scorecard migrate`"), old_schema);
}

BOOST_AUTO_TEST_CASE(a_rejected_document_exits_1_with_file_line_col_on_stderr) {
    Workdir dir;
    BOOST_TEST_REQUIRE(run(dir, {"--db", dir.db(), "migrate"}).exit_code == 0);
    const std::string bad = fixture_path("bad/threshold_order.xml");
    auto o = run(dir, {"--db", dir.db(), "import", bad});
    BOOST_TEST(o.exit_code == 1, o);
    // tests/fixtures/bad/threshold_order.xml, line 6: `    <Kpi code="CALLS" …` with good 85 <
    // approaching 90 < minimum 95; 4 spaces and '<', so the element's name is at column 6.
    BOOST_TEST(contains(o.err, bad + ":6:6: "), o);
    BOOST_TEST(contains(o.out, "1 document(s): 0 accepted, 0 unchanged, 1 rejected"), o);

    // With a good document beside it, the good one is still imported; the exit code is 1.
    auto mixed =
        run(dir, {"--db", dir.db(), "import", fixture_path("good/contract_feed.xml"), bad});
    BOOST_TEST(mixed.exit_code == 1, mixed);
    BOOST_TEST(contains(mixed.out, "2 document(s): 1 accepted, 0 unchanged, 1 rejected"), mixed);
}

BOOST_AUTO_TEST_CASE(a_directory_is_imported_in_name_order) {
    Workdir dir;
    BOOST_TEST_REQUIRE(run(dir, {"--db", dir.db(), "migrate"}).exit_code == 0);
    // The return names a contract the feed creates: "a_" before "b_" makes it arrive second.
    const fs::path in = dir.path() / "in";
    fs::create_directories(in / "nested");
    fs::copy_file(fixture_path("good/contract_feed.xml"), in / "a_feed.xml");
    fs::copy_file(fixture_path("good/kpi_return.xml"), in / "nested" / "b_return.xml");
    std::ofstream(in / "notes.txt") << "not a document";
    auto o = run(dir, {"--db", dir.db(), "import", in.string()});
    BOOST_TEST(o.exit_code == 0, o);
    BOOST_TEST(contains(o.out, "2 document(s): 2 accepted, 0 unchanged, 0 rejected"), o);
}

// Issue 15 item 10: `user add` asks the same identifier rule as the users API
// (model/identifiers.h). A NUL cannot be in an argument; U+0001 and U+00A0 can.
BOOST_AUTO_TEST_CASE(user_add_refuses_a_name_with_invisible_characters) {
    Workdir dir;
    migrate_and_import(dir);
    struct Case {
        const char* name;
        std::string user;
        std::string says;
    };
    const std::vector<Case> cases = {
        {"U+0001 START OF HEADING (Cc)", "bob\x01",
         "contains U+0001 (a control character) at character 4"},
        {"U+00A0 NO-BREAK SPACE (Zs)", "bob\u00A0smith", "contains U+00A0 (a space other than"},
        {"U+200B ZERO WIDTH SPACE (Cf)", "\u200Bbob", "contains U+200B"},
    };
    for (const auto& c : cases) {
        auto o = run(dir, {"--db", dir.db(), "user", "add", c.user, "--role", "minister"});
        BOOST_TEST(o.exit_code == 1, c.name << ": " << o);
        BOOST_TEST(contains(o.err, "the account name " + c.says), c.name << ": " << o);
    }
}

BOOST_AUTO_TEST_CASE(token_create_prints_the_token_and_nothing_else) {
    Workdir dir;
    migrate_and_import(dir);
    auto added = run(dir, {"--db", dir.db(), "user", "add", "alice", "--role", "commercial",
                           "--authority", "GB-GOV-DWP"});
    BOOST_TEST_REQUIRE(added.exit_code == 0, added);
    BOOST_TEST(contains(added.out, "alice"), added);
    auto token = run(dir, {"--db", dir.db(), "token", "create", "alice"});
    BOOST_TEST_REQUIRE(token.exit_code == 0, token);
    // "sc_" + 43 characters of base64url + the newline; one line.
    BOOST_TEST(token.out.rfind("sc_", 0) == 0u, token);
    BOOST_TEST(token.out.size() == 3u + 43u + 1u, token);
    BOOST_TEST(token.out.find('\n') == token.out.size() - 1, token);
    BOOST_TEST(token.err.empty(), token);

    // The printed token is alice's.
    const std::string printed = token.out.substr(0, token.out.size() - 1);
    auto db = store::Database::open(dir.db());
    auto conn = db->acquire();
    auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    auto user = store::UserRepository(*conn).find_by_token(services::sha256_hex(printed), now);
    BOOST_TEST_REQUIRE(user.has_value());
    BOOST_TEST(user->name == "alice");
    BOOST_TEST(user->authority_id == "GB-GOV-DWP");

    // The same name twice is refused; a token for nobody too.
    auto twice = run(dir, {"--db", dir.db(), "user", "add", "alice", "--role", "minister"});
    BOOST_TEST(twice.exit_code == 1, twice);
    auto nobody = run(dir, {"--db", dir.db(), "token", "create", "bob"});
    BOOST_TEST(nobody.exit_code == 1, nobody);
    BOOST_TEST(nobody.out.empty(), nobody);
}

BOOST_AUTO_TEST_CASE(report_contract_as_csv_has_the_header_and_the_scored_rows) {
    Workdir dir;
    migrate_and_import(dir);
    auto o = run(dir, {"--db", dir.db(), "report", "contract", "DWP-2024-0001", "--format", "csv"});
    BOOST_TEST_REQUIRE(o.exit_code == 0, o);
    BOOST_TEST(
        o.out.rfind("contract,period,kpi,value,rating,points,weight,period_score,period_rating\r\n",
                    0) == 0u,
        o);
    // tests/fixtures/good/kpi_return.xml, 2026-09: CALLS 93.2 (higher; 90 <= 93.2 < 95)
    // approaching, 75; COMPLAINTS 6.1 (lower; 5 < 6.1 <= 8) approaching, 75. Score
    // (40*75 + 20*75) / 60 = 75, approaching.
    BOOST_TEST(
        contains(o.out, "DWP-2024-0001,2026-09,CALLS,93.2,approaching,75,40,75,approaching\r\n"),
        o);
    BOOST_TEST(
        contains(o.out,
                 "DWP-2024-0001,2026-09,COMPLAINTS,6.1,approaching,75,20,75,approaching\r\n"),
        o);

    auto missing = run(dir, {"--db", dir.db(), "report", "contract", "NO-SUCH"});
    BOOST_TEST(missing.exit_code == 1, missing);
    BOOST_TEST(contains(missing.err, "NO-SUCH"), missing);
}

BOOST_AUTO_TEST_CASE(score_as_of_prints_what_it_did) {
    Workdir dir;
    migrate_and_import(dir);
    auto o = run(dir, {"--db", dir.db(), "score", "--as-of", "2026-11-30"});
    BOOST_TEST(o.exit_code == 0, o);
    // Two contracts in the feed; one returned period (DWP-2024-0001, 2026-09).
    BOOST_TEST(o.out.rfind("scored 2 contract(s), 1 period(s) as of 2026-11-30: ", 0) == 0u, o);
    BOOST_TEST(contains(o.out, "flag(s) raised"), o);
}

BOOST_AUTO_TEST_CASE(report_flags_is_json) {
    Workdir dir;
    migrate_and_import(dir);
    BOOST_TEST_REQUIRE(run(dir, {"--db", dir.db(), "score", "--as-of", "2026-11-30"}).exit_code ==
                       0);
    auto o = run(dir, {"--db", dir.db(), "report", "flags"});
    BOOST_TEST_REQUIRE(o.exit_code == 0, o);
    Poco::JSON::Object::Ptr json;
    BOOST_REQUIRE_NO_THROW(
        json = Poco::JSON::Parser().parse(o.out).extract<Poco::JSON::Object::Ptr>());
    auto flags = json->getArray("flags");
    BOOST_TEST_REQUIRE(!flags.isNull());
    // DWP-2024-0001 started 2024-04 and returned only 2026-09: as of 2026-11-30 its earlier
    // months (and 2026-10, ended more than 10 days before) are missing returns.
    bool missing_return = false;
    for (std::size_t i = 0; i < flags->size(); ++i) {
        auto f = flags->getObject(static_cast<unsigned>(i));
        missing_return =
            missing_return || (f->getValue<std::string>("rule") == "missing_return" &&
                               f->getValue<std::string>("contract") == "DWP-2024-0001" &&
                               f->getValue<std::string>("period") == "2026-10");
    }
    BOOST_TEST(missing_return, o);

    auto csv = run(dir, {"--db", dir.db(), "report", "flags", "--format", "csv"});
    BOOST_TEST(csv.exit_code == 0, csv);
    BOOST_TEST(csv.out.rfind("id,rule,severity,status,supplier,contract,kpi,period,", 0) == 0u,
               csv);
}

BOOST_AUTO_TEST_SUITE_END()

// `scorecard report audit` (docs/reviews.md): the import's changes, by entity and date range.
BOOST_AUTO_TEST_CASE(report_audit_lists_changes_as_csv_by_entity_and_dates) {
    Workdir dir;
    migrate_and_import(dir);
    auto o =
        run(dir, {"--db", dir.db(), "report", "audit", "--entity", "contract", "--format", "csv"});
    BOOST_TEST_REQUIRE(o.exit_code == 0, o);
    BOOST_TEST(o.out.rfind("id,at,actor,action,entity,entity_id,before,after\r\n", 0) == 0u, o);
    // The fixture feed creates its contracts; only contract entries are listed.
    BOOST_TEST(contains(o.out, ",create,contract,DWP-2024-0001,"), o);
    BOOST_TEST(!contains(o.out, ",supplier,"), o);
    // The import happened now: nothing is dated on or before 2000-01-01.
    auto none = run(dir, {"--db", dir.db(), "report", "audit", "--to", "2000-01-01"});
    BOOST_TEST_REQUIRE(none.exit_code == 0, none);
    BOOST_TEST(contains(none.out, "\"total\":0"), none);
    auto bad = run(dir, {"--db", dir.db(), "report", "audit", "--from", "2026-13-01"});
    BOOST_TEST(bad.exit_code == 2, bad);
    // A range that ends before it starts is a mistake, not an empty answer: as the API's
    // audit says (400), the command says so and exits 2.
    auto reversed = run(
        dir, {"--db", dir.db(), "report", "audit", "--from", "2026-03-01", "--to", "2026-02-01"});
    BOOST_TEST(reversed.exit_code == 2, reversed);
    BOOST_TEST(contains(reversed.err, "'to' (2026-02-01) is before 'from' (2026-03-01)"), reversed);
    BOOST_TEST(reversed.out.empty(), reversed);
}

// `scorecard notices due` (SPEC §7.5, docs/notices.md). The world's feed: DWP-2026-0001,
// 12,500,000, starts 2026-09-01 (under the Act), two KPIs; DWP-2026-0002 is 480,000. The
// fixture feed's contracts start before 2025-02-24: the earlier regime, never listed.
BOOST_AUTO_TEST_CASE(notices_due_lists_the_annual_assessment_and_too_few_kpis) {
    Workdir dir;
    migrate_and_import(dir);
    const fs::path feed = dir.path() / "world.xml";
    scorecard::testing::write_text(feed, world_feed());
    BOOST_TEST_REQUIRE(run(dir, {"--db", dir.db(), "import", feed.string()}).exit_code == 0);

    // 12 months after the start: due on 2027-09-01.
    auto o = run(dir, {"--db", dir.db(), "notices", "due", "--as-of", "2027-09-01"});
    BOOST_TEST_REQUIRE(o.exit_code == 0, o);
    auto json = Poco::JSON::Parser().parse(o.out).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(json->getValue<std::string>("as_of") == "2027-09-01");
    auto due = json->getArray("due");
    BOOST_TEST_REQUIRE(due->size() == 1u, o);
    auto line = due->getObject(0);
    BOOST_TEST(line->getValue<std::string>("contract") == "DWP-2026-0001");
    BOOST_TEST(line->getValue<std::string>("authority") == "GB-GOV-DWP");
    BOOST_TEST(line->getValue<std::string>("reason") == "annual");
    BOOST_TEST(line->getValue<std::string>("due") == "2027-09-01");
    BOOST_TEST(line->isNull("last_published"));
    auto few = json->getArray("too_few_kpis");
    BOOST_TEST_REQUIRE(few->size() == 1u, o);
    BOOST_TEST(few->getObject(0)->getValue<std::string>("contract") == "DWP-2026-0001");
    BOOST_TEST(few->getObject(0)->getValue<int>("kpis") == 2);

    // The day before: nothing due, the same too_few_kpis; as CSV.
    auto csv =
        run(dir, {"--db", dir.db(), "notices", "due", "--as-of", "2027-08-31", "--format", "csv"});
    BOOST_TEST_REQUIRE(csv.exit_code == 0, csv);
    BOOST_TEST(csv.out ==
                   "list,contract,authority,reason,due,last_published,kpis\r\n"
                   "too_few_kpis,DWP-2026-0001,GB-GOV-DWP,,,,2\r\n",
               csv);

    auto bad = run(dir, {"--db", dir.db(), "notices", "due", "--as-of", "2027-13-01"});
    BOOST_TEST(bad.exit_code == 2, bad);
}

// Issue 19 item 2: the clock.start setting is the CLI's today. The world's DWP-2026-0001
// starts 2026-09-01 under the Act, so its first annual assessment is due on 2027-09-01 (as
// the case above works out with --as-of): with the clock started on that day it is listed
// without --as-of, and with the clock on the day before it is not.
BOOST_AUTO_TEST_CASE(the_clock_setting_is_todays_date_for_every_command) {
    Workdir dir;
    migrate_and_import(dir);
    const fs::path feed = dir.path() / "world.xml";
    scorecard::testing::write_text(feed, world_feed());
    BOOST_TEST_REQUIRE(run(dir, {"--db", dir.db(), "import", feed.string()}).exit_code == 0);

    const fs::path on_the_day = dir.path() / "on-the-day.properties";
    scorecard::testing::write_text(on_the_day, "clock.start = 2027-09-01T08:00:00Z\n");
    auto o = run(dir, {"--config", on_the_day.string(), "--db", dir.db(), "notices", "due"});
    BOOST_TEST_REQUIRE(o.exit_code == 0, o);
    auto json = Poco::JSON::Parser().parse(o.out).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(json->getValue<std::string>("as_of") == "2027-09-01");
    BOOST_TEST_REQUIRE(json->getArray("due")->size() == 1u, o);
    BOOST_TEST(json->getArray("due")->getObject(0)->getValue<std::string>("due") == "2027-09-01");

    // A date alone is its midnight (UTC): the day before, nothing is due yet.
    const fs::path day_before = dir.path() / "day-before.properties";
    scorecard::testing::write_text(day_before, "clock.start = 2027-08-31\n");
    auto before = run(dir, {"--config", day_before.string(), "--db", dir.db(), "notices", "due"});
    BOOST_TEST_REQUIRE(before.exit_code == 0, before);
    auto earlier = Poco::JSON::Parser().parse(before.out).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(earlier->getValue<std::string>("as_of") == "2027-08-31");
    BOOST_TEST(earlier->getArray("due")->size() == 0u, before);

    // Anything else stops the command and names the key.
    const fs::path wrong = dir.path() / "wrong.properties";
    scorecard::testing::write_text(wrong, "clock.start = next tuesday\n");
    auto refused = run(dir, {"--config", wrong.string(), "--db", dir.db(), "notices", "due"});
    BOOST_TEST(refused.exit_code != 0, refused);
    BOOST_TEST(contains(refused.err, "clock.start = 'next tuesday'"), refused);
}

// Issue 15 item 8: `scorecard documents purge-rejected --older-than DAYS` drops the bytes of
// old rejected documents, keeps their records, and is audited.
BOOST_AUTO_TEST_CASE(purge_rejected_drops_old_rejected_bytes_keeps_the_records_and_is_audited) {
    Workdir dir;
    migrate_and_import(dir);
    const auto bad = dir.path() / "bad.xml";
    {
        std::ofstream out(bad);
        out << "<ContractFeed xmlns=\"urn:scorecard:1\"><Authority id=\"x\"></ContractFeed>";
    }
    auto rejected = run(dir, {"--db", dir.db(), "import", bad.string()});
    BOOST_TEST_REQUIRE(rejected.exit_code == 1, rejected);
    // Received 40 days ago (the database is the test's to age).
    {
        auto db = store::Database::open(dir.db());
        auto conn = db->acquire();
        conn->execute("UPDATE documents SET received_at = '2026-01-01T00:00:00Z' WHERE outcome = ?",
                      {"rejected"});
    }
    auto usage = run(dir, {"--db", dir.db(), "documents", "purge-rejected"});
    BOOST_TEST(usage.exit_code == 2, usage);
    BOOST_TEST(contains(usage.err, "--older-than"), usage);
    auto zero = run(dir, {"--db", dir.db(), "documents", "purge-rejected", "--older-than", "0"});
    BOOST_TEST(zero.exit_code == 2, zero);

    auto purged = run(dir, {"--db", dir.db(), "documents", "purge-rejected", "--older-than", "30"});
    BOOST_TEST_REQUIRE(purged.exit_code == 0, purged);
    BOOST_TEST(contains(purged.out,
                        "purged the bytes of 1 rejected document(s) older than 30 "
                        "day(s): 71 bytes freed"),
               purged);
    auto again = run(dir, {"--db", dir.db(), "documents", "purge-rejected", "--older-than", "30"});
    BOOST_TEST(contains(again.out, "purged the bytes of 0 rejected document(s)"), again);

    auto db = store::Database::open(dir.db());
    auto conn = db->acquire();
    store::DocumentRepository documents(*conn);
    std::size_t rejected_seen = 0, accepted_seen = 0;
    for (const auto& row : conn->query_all("SELECT id, outcome FROM documents")) {
        auto doc = documents.find(row[0].as_int());
        if (row[1].as_text() == "rejected") {
            ++rejected_seen;
            BOOST_TEST((doc->content_state == ContentState::kPurged));
            BOOST_TEST(doc->content.empty());
            BOOST_TEST(doc->size == 71);  // the record stays
            BOOST_TEST(!doc->errors.empty());
        } else {
            ++accepted_seen;
            BOOST_TEST((doc->content_state == ContentState::kComplete));
            BOOST_TEST(!doc->content.empty());
        }
    }
    BOOST_TEST(rejected_seen == 1u);
    BOOST_TEST(accepted_seen == 2u);
    auto audit = store::AuditRepository(*conn).list("documents", "", {});
    BOOST_TEST_REQUIRE(audit.size() == 2u);
    BOOST_TEST(audit[0].action == "purge_rejected");
    BOOST_TEST(contains(audit[0].after, "\"documents\":1,\"bytes\":71,\"older_than_days\":30"),
               audit[0].after);
    BOOST_TEST(audit[1].after.find("\"documents\":0") != std::string::npos, audit[1].after);
}

// Issue 16 item 8: without GOV.UK Frontend's files every page is unstyled. `serve` warns on
// stderr with the fix, and /readyz reports where it looked (the server stays ready: the API
// is whole). With the files (the npm package in the source tree) neither says anything.
BOOST_AUTO_TEST_CASE(serve_warns_and_readyz_reports_when_the_govuk_assets_are_missing) {
    Workdir dir;
    auto migrated = run(dir, {"--db", dir.db(), "migrate"});
    BOOST_TEST_REQUIRE(migrated.exit_code == 0, migrated);
    const fs::path empty = dir.path() / "no-assets";
    fs::create_directories(empty);
    struct Case {
        std::string name;
        std::string assets_dir;
        bool found;
    };
    const std::string installed =
        std::string(SCORECARD_SOURCE_DIR) + "/node_modules/govuk-frontend/dist/govuk";
    for (const Case& c : {Case{"an empty folder", empty.string(), false},
                          Case{"the npm package", installed, true}}) {
        BOOST_TEST_CONTEXT(c.name) {
            // The server inherits the test's environment at spawn.
            ::setenv("SCORECARD_ASSETS_DIR", c.assets_dir.c_str(), 1);
            scorecard::testing::ServerProcess server(dir.path(), "serve", SCORECARD_BINARY,
                                                     dir.db(), 2);
            ::unsetenv("SCORECARD_ASSETS_DIR");
            const int port = server.wait_for_port();
            const std::string log = server.log();
            BOOST_TEST(contains(log, "warning: GOV.UK Frontend's files are not in " +
                                         c.assets_dir) == !c.found,
                       log);
            BOOST_TEST(contains(log, "run `npm ci` in") == !c.found, log);
            // The warning comes before the start-up line that scripts read the port from.
            BOOST_TEST((c.found || log.find("warning") < log.find("serving on")), log);
            scorecard::testing::HttpCall call;
            call.path = "/readyz";
            auto ready = scorecard::testing::http_request(port, call);
            BOOST_TEST_REQUIRE(ready.status == 200, ready);
            auto assets = ready.json()->getObject("assets");
            BOOST_TEST_REQUIRE(!assets.isNull(), ready);
            BOOST_TEST(assets->getValue<std::string>("status") == (c.found ? "found" : "missing"));
            BOOST_TEST(assets->getValue<std::string>("dir") == c.assets_dir);
            BOOST_TEST(assets->has("fix") == !c.found, ready);
            if (!c.found)
                BOOST_TEST(contains(assets->getValue<std::string>("fix"), "SCORECARD_ASSETS_DIR"));
            // The stylesheet is served only when it is there.
            call.path = "/assets/govuk-frontend.min.css";
            auto css = scorecard::testing::http_request(port, call);
            BOOST_TEST(css.status == (c.found ? 200 : 404), css.status);
            server.terminate();
        }
    }
}
