// Several `scorecard serve` processes on one database (SPEC §6: "Several `scorecard serve`
// processes may share one MySQL database"), and `scorecard migrate` run twice at once.
//
// Everything here drives the real binary (SCORECARD_BINARY) as separate processes, so that
// nothing is shared between the "servers" but the database. Each case runs on every URL in
// SCORECARD_TEST_DATABASES: MariaDB/MySQL, which is what the feature is for, and SQLite,
// where two processes on one file must give the same answers (its write lock serialises
// them). With SCORECARD_REQUIRE_MYSQL=1 and no mysql:// URL, test_database_urls() throws
// and the case fails.
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "model/domain.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "tests/support/documents.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/test_databases.h"
#include "tests/support/wait.h"

namespace {

namespace fs = std::filesystem;
using scorecard::Direction;
using scorecard::Frequency;
using scorecard::KpiReturn;
using scorecard::Measure;
using scorecard::SizeClass;
using scorecard::Unit;
using scorecard::store::Database;
using scorecard::store::Row;
using scorecard::testing::http_request;
using scorecard::testing::read_text;
using scorecard::testing::run;
using scorecard::testing::run_ok;
using scorecard::testing::RunResult;
using scorecard::testing::ScratchDatabase;
using scorecard::testing::ServerProcess;
using scorecard::testing::spawn;
using scorecard::testing::TempDir;
using scorecard::testing::test_database_urls;
using scorecard::testing::wait_exit;
using scorecard::testing::wait_until_ok;
using scorecard::testing::write_text;

// ---------------------------------------------------------------------------------------
// The world: 2 authorities, 5 suppliers, 10 monthly contracts with 4 KPIs, 6 periods
// (2025-01 … 2025-06). Every value is a function of (contract, month, variant), and every
// timestamp is fixed, so the final state does not depend on the order of arrival.

constexpr int kContracts = 10;
constexpr int kMonths = 6;
const char* const kAsOf = "2025-08-15";

struct AuthoritySpec {
    const char* id;
    const char* name;
};
const AuthoritySpec kAuthorities[2] = {{"GB-GOV-MSA", "Department for Shared Services"},
                                       {"GB-GOV-MSB", "Department for Estates"}};

struct SupplierSpec {
    const char* id;
    const char* name;
    const char* size;
    bool strategic;
};
const SupplierSpec kSuppliers[5] = {
    {"GB-COH-10000001", "Alpha Outsourcing plc", "large", true},
    {"GB-COH-10000002", "Beta & Sons Ltd", "small", false},
    {"GB-COH-10000003", "Gamma Facilities Ltd", "medium", false},
    {"GB-COH-10000004", "Delta Digital plc", "large", false},
    {"GB-CHC-10000005", "Epsilon Trust", "micro", false},
};

std::string contract_id(int c) {
    return "MS-C" + std::to_string(100 + c);
}
int authority_of(int c) {
    return c % 2;
}
int supplier_of(int c) {
    return c % 5;
}
std::string period_of(int m) {
    return "2025-0" + std::to_string(m);
}

// Periods with no return at all: they raise missing_return (both suppliers are micro, so
// 20 days' grace; 2025-06 ended on 30 June, 46 days before the as-of date).
bool returned(int c, int m) {
    return !((c == 4 && m == 6) || (c == 9 && (m == 5 || m == 6)));
}
// Variants 1 and 2 are amendments of variant 0.
bool has_variant(int c, int m, int variant) {
    if (!returned(c, m))
        return false;
    if (variant == 0)
        return true;
    return (c + m) % (variant == 1 ? 3 : 6) == 0;
}
int expected_versions(int c, int m) {
    return has_variant(c, m, 0) + has_variant(c, m, 1) + has_variant(c, m, 2);
}

std::string feed_xml(int authority, const std::vector<int>& contracts,
                     const std::string& generated) {
    using namespace scorecard::testing;
    FeedBuilder feed;
    feed.generated(generated).authority(kAuthorities[authority].id, kAuthorities[authority].name);
    std::set<int> suppliers;
    for (int c : contracts)
        suppliers.insert(supplier_of(c));
    for (int s : suppliers) {
        const auto& sp = kSuppliers[s];
        feed.supplier(sp.id, sp.name, *scorecard::parse_enum<SizeClass>(sp.size), sp.strategic);
    }
    for (int c : contracts) {
        feed.contract(scorecard::testing::contract(
                          contract_id(c), kAuthorities[authority_of(c)].id,
                          kSuppliers[supplier_of(c)].id, "Managed service " + std::to_string(c),
                          "2025-01-01", "2025-12-31", (c + 1) * 150000.0, Frequency::kMonthly))
            .kpi(kpi("AVAIL", "Service availability", Unit::kPercent, Direction::kHigher, 40,
                     {99, 97, 95}))
            .kpi(kpi("DEFECT", "Defects found", Unit::kCount, Direction::kLower, 10, {2, 5, 10}))
            .kpi(kpi("RESP", "Hours to respond", Unit::kHours, Direction::kLower, 30, {4, 8, 12}))
            .kpi(kpi("SAT", "User satisfaction", Unit::kScore, Direction::kHigher, 20,
                     {80, 70, 60}));
    }
    return feed.xml();
}

// The figures of contract c's return for month m in `variant`.
KpiReturn return_figures(int c, int m, int variant) {
    using namespace scorecard::testing;
    // Amendments come 3 and 6 days after the original, all before the as-of date.
    char submitted[64];
    std::snprintf(submitted, sizeof submitted, "2025-0%d-%02dT10:00:00Z", m + 1, 5 + 3 * variant);
    // Availability in tenths of a percent (at most 100.0): some contracts decline month by
    // month, an amendment corrects it upwards.
    const int avail = std::min(1000, 995 - 15 * (c % 3) * m - (c * 7) % 20 + 8 * variant);
    const int resp = 2 + (c * 5 + m * 3 + variant * 7) % 12;
    const int sat = 55 + (c * 13 + m * 7 + variant * 3) % 40;
    const int defects = (c + 2 * m + variant) % 12;

    std::vector<Measure> measures{measured("AVAIL", avail / 10.0)};
    if (c == 2 && m == 3)
        measures.push_back(not_applicable("DEFECT", "No releases this month"));
    else
        measures.push_back(measured("DEFECT", defects));
    measures.push_back(measured("RESP", resp));
    if (!(c == 7 && m == 2))  // left out: rated missing
        measures.push_back(measured("SAT", sat));
    return kpi_return(contract_id(c), period_of(m), submitted, std::move(measures));
}

std::string return_xml(int c, int m, int variant) {
    return scorecard::testing::return_xml(return_figures(c, m, variant));
}

// Every return of `variant` for contract c in one batch: other bytes, the same figures.
std::string batch_xml(int c, int variant) {
    std::vector<KpiReturn> batch;
    for (int m = 1; m <= kMonths; ++m) {
        if (has_variant(c, m, variant))
            batch.push_back(return_figures(c, m, variant));
    }
    return scorecard::testing::returns_xml(batch);
}

bool batch_has_returns(int c, int variant) {
    for (int m = 1; m <= kMonths; ++m) {
        if (has_variant(c, m, variant))
            return true;
    }
    return false;
}

// A document to post, who posts it and what answers are right.
struct Post {
    std::string name;
    std::string path;  // /api/v1/feeds or /api/v1/returns
    std::string body;
    std::string token;
    std::set<int> acceptable;  // final statuses
};

struct Outcome {
    std::string name;
    int server = 0;
    int status = 0;
    int busy_retries = 0;
    std::string body;
};

// Posts every task from `threads` client threads, round-robin over the servers' ports;
// a 503 is retried (after a pause) up to 20 times. Boost.Test is not thread-safe, so
// outcomes are collected and checked by the caller.
std::vector<Outcome> post_concurrently(const std::vector<Post>& posts,
                                       const std::vector<int>& ports, int copies, int threads,
                                       unsigned seed) {
    struct Task {
        std::size_t post;
        int server;
    };
    std::vector<Task> tasks;
    for (std::size_t i = 0; i < posts.size(); ++i) {
        for (int copy = 0; copy < copies; ++copy)
            tasks.push_back({i, static_cast<int>((i + copy) % ports.size())});
    }
    std::mt19937 random(seed);
    std::shuffle(tasks.begin(), tasks.end(), random);

    std::vector<Outcome> outcomes(tasks.size());
    std::atomic<std::size_t> next{0};
    auto client = [&] {
        for (std::size_t t; (t = next++) < tasks.size();) {
            const Post& post = posts[tasks[t].post];
            Outcome& o = outcomes[t];
            o.name = post.name;
            o.server = tasks[t].server;
            for (int attempt = 0;; ++attempt) {
                try {
                    auto r = http_request(
                        ports[tasks[t].server],
                        {"POST", post.path, post.token, "application/xml", post.body, {}, 60});
                    o.status = r.status;
                    o.body = r.body;
                } catch (const std::exception& e) {
                    o.status = -1;
                    o.body = e.what();
                }
                if (o.status != 503 || attempt == 20)
                    break;
                ++o.busy_retries;
                // A real back-off: a busy server asks its clients to retry later.
                std::this_thread::sleep_for(std::chrono::milliseconds(50 * (attempt + 1)));
            }
        }
    };
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i)
        pool.emplace_back(client);
    for (auto& th : pool)
        th.join();
    return outcomes;
}

void check_outcomes(const std::vector<Outcome>& outcomes, const std::vector<Post>& posts) {
    std::map<std::string, const Post*> by_name;
    for (const auto& p : posts)
        by_name[p.name] = &p;
    int retried = 0;
    for (const auto& o : outcomes) {
        retried += o.busy_retries;
        BOOST_TEST_CONTEXT(o.name << " to server " << o.server) {
            BOOST_TEST(o.status != 500, o.body);
            BOOST_TEST(by_name.at(o.name)->acceptable.count(o.status) == 1u,
                       "status " << o.status << ": " << o.body);
        }
    }
    BOOST_TEST_MESSAGE(outcomes.size() << " posts, " << retried << " retried after 503");
}

// ---------------------------------------------------------------------------------------
// Reading the database

std::int64_t count(Database& db, const std::string& sql) {
    auto conn = db.acquire();
    auto row = conn->query_one(sql);
    return row ? (*row)[0].as_int() : -1;
}

std::string cell(const scorecard::store::Value& v) {
    if (v.is_null())
        return "NULL";
    if (v.is_real() || v.is_integer()) {
        // Both databases store IEEE doubles; 9 significant digits compare them as the
        // same arithmetic, whichever driver returned them.
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.9g", v.as_double());
        return buf;
    }
    return v.as_text();
}

std::string dump(Database& db, const std::string& sql) {
    std::string out;
    auto conn = db.acquire();
    conn->query(sql, {}, [&](const Row& row) {
        for (std::size_t i = 0; i < row.size(); ++i)
            out += (i ? " | " : "") + cell(row[i]);
        out += "\n";
    });
    return out;
}

// What the scoring run made of the data: every score, the current returns' figures and
// the open flags, as sorted text. Flags' ids and timestamps are left out: they record
// when, not what.
std::map<std::string, std::string> scored_state(Database& db) {
    return {
        {"period_scores", dump(db,
                               "SELECT contract_id, period, score, rating, measures FROM "
                               "period_scores ORDER BY contract_id, period")},
        {"contract_scores", dump(db,
                                 "SELECT contract_id, period, score, rating FROM "
                                 "contract_scores ORDER BY contract_id")},
        {"supplier_scores", dump(db,
                                 "SELECT supplier_id, score, rating FROM supplier_scores "
                                 "ORDER BY supplier_id")},
        {"open_flags",
         dump(db,
              "SELECT rule_id, severity, supplier_id, contract_id, authority_id, kpi_code, "
              "period, detail FROM flags WHERE status = 'open' ORDER BY contract_id, "
              "rule_id, kpi_code, period, severity, detail")},
        {"current_returns",
         dump(db,
              "SELECT r.contract_id, r.period, r.version, r.submitted_at, m.kpi_code, "
              "m.status, m.measured_value, m.note FROM return_versions r JOIN measures m "
              "ON m.return_version_id = r.id WHERE r.is_current = 1 "
              "ORDER BY r.contract_id, r.period, m.kpi_code")},
        {"kpi_versions",
         dump(db,
              "SELECT contract_id, code, effective, withdrawn, weight, good, approaching, "
              "minimum FROM kpi_versions ORDER BY contract_id, code, effective")},
    };
}

// Adds the account `name` with `role_options` ("--role", …) through `scorecard user add` and
// returns a new token of it (`scorecard token create`, its first line).
std::string add_account(const fs::path& dir, const std::string& url, const std::string& name,
                        const std::vector<std::string>& role_options) {
    std::vector<std::string> add{"--db", url, "user", "add", name};
    add.insert(add.end(), role_options.begin(), role_options.end());
    run_ok(dir, SCORECARD_BINARY, add);
    const std::string token = run_ok(dir, SCORECARD_BINARY, {"--db", url, "token", "create", name});
    return token.substr(0, token.find('\n'));
}

std::string kind_of(const std::string& url) {
    return url.starts_with("mysql://") ? "mysql" : "sqlite";
}

}  // namespace

// ---------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(migrations_across_processes)

BOOST_AUTO_TEST_CASE(two_migrate_processes_at_once_both_succeed_and_reach_the_latest_version) {
    for (const auto& base : test_database_urls()) {
        BOOST_TEST_CONTEXT("database " << kind_of(base)) {
            TempDir dir;
            // A race is not certain to show on one try; three fresh databases make the
            // old failure (MySQL error 1050 for the second process) near certain.
            for (int round = 0; round < 3; ++round) {
                ScratchDatabase scratch(base);
                const std::vector<std::string> args{"--db", scratch.url(), "migrate"};
                pid_t first =
                    spawn(SCORECARD_BINARY, args, dir.path() / "a.out", dir.path() / "a.err");
                pid_t second =
                    spawn(SCORECARD_BINARY, args, dir.path() / "b.out", dir.path() / "b.err");
                const int first_exit = wait_exit(first), second_exit = wait_exit(second);
                BOOST_TEST(first_exit == 0, read_text(dir.path() / "a.err"));
                BOOST_TEST(second_exit == 0, read_text(dir.path() / "b.err"));
                auto db = Database::open(scratch.url());
                BOOST_TEST(scorecard::store::schema_version(*db) ==
                           scorecard::store::latest_schema_version());
                // Each step recorded once: versions 1 … latest.
                BOOST_TEST(count(*db, "SELECT COUNT(*) FROM schema_migrations") ==
                           scorecard::store::latest_schema_version());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(two_threads_migrating_one_database_both_succeed) {
    for (const auto& base : test_database_urls()) {
        BOOST_TEST_CONTEXT("database " << kind_of(base)) {
            ScratchDatabase scratch(base);
            // Two Database objects: two pools, as two processes would have.
            auto db1 = Database::open(scratch.url());
            auto db2 = Database::open(scratch.url());
            int reached[2] = {0, 0};
            std::string errors[2];
            auto run = [&](Database& db, int i) {
                try {
                    reached[i] = scorecard::store::migrate(db);
                } catch (const std::exception& e) {
                    errors[i] = e.what();
                }
            };
            std::thread a(run, std::ref(*db1), 0), b(run, std::ref(*db2), 1);
            a.join();
            b.join();
            const int latest = scorecard::store::latest_schema_version();
            BOOST_TEST(errors[0] == "");
            BOOST_TEST(errors[1] == "");
            BOOST_TEST(reached[0] == latest);
            BOOST_TEST(reached[1] == latest);
            BOOST_TEST(scorecard::store::schema_version(*db1) == latest);
        }
    }
}

// What serialises migrators: MySQL's named lock `scorecard_migrate`, SQLite's write lock.
BOOST_AUTO_TEST_CASE(migrate_waits_while_another_process_holds_the_migration_lock) {
    for (const auto& base : test_database_urls()) {
        BOOST_TEST_CONTEXT("database " << kind_of(base)) {
            TempDir dir;
            ScratchDatabase scratch(base);
            auto db = Database::open(scratch.url());
            auto holder = db->acquire();
            const bool mysql = base.starts_with("mysql://");
            if (mysql) {
                auto got = holder->query_one("SELECT GET_LOCK('scorecard_migrate', 5)");
                BOOST_TEST((got && (*got)[0].as_int() == 1));
            } else {
                holder->begin(scorecard::store::TxMode::kWrite);  // SQLite: BEGIN IMMEDIATE
            }
            pid_t pid = spawn(SCORECARD_BINARY, {"--db", scratch.url(), "migrate"},
                              dir.path() / "m.out", dir.path() / "m.err");
            // While the lock is held the migrator waits and changes nothing. MySQL shows it
            // waiting for the named lock (for up to 60 s, longer than this test waits); SQLite
            // shows no waiter, so there it gets a real 1.5 s to reach the lock and wait
            // (SQLite's busy timeout, 5 s, is longer than that).
            if (mysql) {
                const bool waiting = scorecard::testing::wait_until(std::chrono::seconds(20), [&] {
                    auto n = holder->query_one(
                        "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                        "WHERE ID <> CONNECTION_ID() AND INFO LIKE '%GET_LOCK%'");
                    return n && (*n)[0].as_int() > 0;
                });
                BOOST_TEST(waiting, "the migrator was never seen waiting for the lock");
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            }
            int status = 0;
            BOOST_TEST(::waitpid(pid, &status, WNOHANG) == 0);
            BOOST_TEST(scorecard::store::schema_version(*db) == 0);
            if (mysql)
                holder->query_one("SELECT RELEASE_LOCK('scorecard_migrate')");
            else
                holder->rollback();
            BOOST_TEST(wait_exit(pid) == 0, read_text(dir.path() / "m.err"));
            BOOST_TEST(scorecard::store::schema_version(*db) ==
                       scorecard::store::latest_schema_version());
        }
    }
}

BOOST_AUTO_TEST_CASE(migrate_command_refuses_a_schema_newer_than_the_binary) {
    for (const auto& base : test_database_urls()) {
        BOOST_TEST_CONTEXT("database " << kind_of(base)) {
            TempDir dir;
            ScratchDatabase scratch(base);
            run_ok(dir.path(), SCORECARD_BINARY, {"--db", scratch.url(), "migrate"});
            const int newer = scorecard::store::latest_schema_version() + 1;
            {
                auto db = Database::open(scratch.url());
                auto conn = db->acquire();
                conn->execute(
                    "INSERT INTO schema_migrations (version, description, applied_at) "
                    "VALUES (?, ?, ?)",
                    {newer, "from a later release", "2030-01-01T00:00:00Z"});
            }
            RunResult r = run(dir.path(), SCORECARD_BINARY, {"--db", scratch.url(), "migrate"});
            BOOST_TEST(r.exit_code == 1);
            BOOST_TEST(r.err.find("newer than this scorecard binary") != std::string::npos, r.err);
            auto db = Database::open(scratch.url());
            BOOST_TEST(scorecard::store::schema_version(*db) == newer);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(several_servers_on_one_database)

BOOST_AUTO_TEST_CASE(concurrent_posts_to_two_servers_give_the_same_state_as_one_importer) {
    for (const auto& base : test_database_urls()) {
        BOOST_TEST_CONTEXT("database " << kind_of(base)) {
            const auto started = std::chrono::steady_clock::now();
            TempDir dir;
            const fs::path& d = dir.path();
            ScratchDatabase shared(base);
            const std::string url = shared.url();
            run_ok(d, SCORECARD_BINARY, {"--db", url, "migrate"});

            // Accounts need their authority or supplier to exist. The authorities are put
            // there directly, as the feeds would (same names); the suppliers come with the
            // feeds, and their accounts are made after the feed round.
            {
                auto db = Database::open(url);
                scorecard::store::with_transaction(
                    *db, scorecard::store::TxMode::kWrite, [](scorecard::store::Connection& c) {
                        for (const auto& a : kAuthorities) {
                            scorecard::store::AuthorityRepository(c).upsert(
                                {a.id, a.name}, {"test", scorecard::Timestamp{}});
                        }
                    });
            }
            std::string commercial_token[2];
            for (int a = 0; a < 2; ++a)
                commercial_token[a] =
                    add_account(d, url, "commercial" + std::to_string(a),
                                {"--role", "commercial", "--authority", kAuthorities[a].id});

            ServerProcess server_a(d, "server-a", SCORECARD_BINARY, url, 16),
                server_b(d, "server-b", SCORECARD_BINARY, url, 16);
            const std::vector<int> ports{server_a.wait_for_port(), server_b.wait_for_port()};
            BOOST_TEST(ports[0] != ports[1]);
            for (int port : ports) {
                BOOST_TEST(wait_until_ok(port, "/healthz", 30));
                BOOST_TEST(wait_until_ok(port, "/readyz", 30));
            }

            // The documents, in the order a single importer will read them (file names).
            std::vector<std::pair<std::string, std::string>> sequential;

            // Round 1: feeds. Per authority the whole feed twice (other bytes: the
            // generated time) and in two halves; identical content wherever they overlap.
            std::vector<Post> feeds;
            for (int a = 0; a < 2; ++a) {
                std::vector<int> all, first_half, second_half;
                for (int c = a; c < kContracts; c += 2) {
                    all.push_back(c);
                    (all.size() <= 2 ? first_half : second_half).push_back(c);
                }
                const std::string tag = "feed-" + std::string(1, static_cast<char>('a' + a));
                const std::vector<std::pair<std::string, std::string>> docs{
                    {tag + "-whole", feed_xml(a, all, "2025-01-02T09:00:00Z")},
                    {tag + "-whole-again", feed_xml(a, all, "2025-01-03T09:00:00Z")},
                    {tag + "-first-half", feed_xml(a, first_half, "2025-01-04T09:00:00Z")},
                    {tag + "-second-half", feed_xml(a, second_half, "2025-01-04T09:00:00Z")},
                };
                for (const auto& [name, xml] : docs) {
                    feeds.push_back({name, "/api/v1/feeds", xml, commercial_token[a], {200, 201}});
                    sequential.emplace_back("1-" + name, xml);
                }
            }
            const auto feed_outcomes = post_concurrently(feeds, ports, 3, 8, 11);
            check_outcomes(feed_outcomes, feeds);

            std::string supplier_token[5];
            for (int s = 0; s < 5; ++s)
                supplier_token[s] =
                    add_account(d, url, "supplier" + std::to_string(s),
                                {"--role", "supplier", "--supplier", kSuppliers[s].id});

            // Rounds 2-4: the returns, then the amendments, then second amendments. Within a
            // round every document about one (contract, period) carries the same figures
            // (a single return, its batch, copies from the supplier and from the
            // commercial team), so the versions stored cannot depend on who wins a race;
            // across rounds the order is fixed, as a supplier amending a return would.
            for (int variant = 0; variant < 3; ++variant) {
                std::vector<Post> posts;
                auto add = [&](Post post) {
                    sequential.emplace_back(std::to_string(2 + variant) + "-" + post.name,
                                            post.body);
                    posts.push_back(std::move(post));
                };
                for (int c = 0; c < kContracts; ++c) {
                    for (int m = 1; m <= kMonths; ++m) {
                        if (!has_variant(c, m, variant))
                            continue;
                        const std::string name =
                            contract_id(c) + "-" + period_of(m) + "-v" + std::to_string(variant);
                        add({name,
                             "/api/v1/returns",
                             return_xml(c, m, variant),
                             supplier_token[supplier_of(c)],
                             {200, 201}});
                        // The same bytes from the commercial team, on the supplier's behalf.
                        posts.push_back({name + "-by-commercial",
                                         "/api/v1/returns",
                                         return_xml(c, m, variant),
                                         commercial_token[authority_of(c)],
                                         {200, 201}});
                    }
                    if (batch_has_returns(c, variant)) {
                        add({contract_id(c) + "-batch-v" + std::to_string(variant),
                             "/api/v1/returns",
                             batch_xml(c, variant),
                             supplier_token[supplier_of(c)],
                             {200, 201}});
                    }
                }
                if (variant == 0) {
                    // Rejected whatever the order: an unknown KPI, a supplier reporting for
                    // another's contract, and bytes that are not XML.
                    KpiReturn unknown_kpi = return_figures(0, 1, 0);
                    unknown_kpi.measures.at(2).kpi_code = "NOPE";  // RESP's place
                    posts.push_back({"unknown-kpi",
                                     "/api/v1/returns",
                                     scorecard::testing::return_xml(unknown_kpi),
                                     supplier_token[0],
                                     {422}});
                    posts.push_back({"not-their-contract",
                                     "/api/v1/returns",
                                     // Refused (403) whether or not the real supplier's
                                     // identical bytes were accepted first.
                                     return_xml(1, 1, 0),
                                     supplier_token[0],
                                     {403}});
                    posts.push_back({"malformed",
                                     "/api/v1/returns",
                                     "<KpiReturn xmlns=\"urn:scorecard:1\"><Measure",
                                     supplier_token[0],
                                     {400}});
                }
                const auto outcomes = post_concurrently(posts, ports, 2, 8, 100 + variant);
                check_outcomes(outcomes, posts);
            }

            BOOST_TEST(server_a.terminate() == 0, server_a.log());
            BOOST_TEST(server_b.terminate() == 0, server_b.log());
            // A rescoring that lost every retry is only logged (the next document or
            // `scorecard score` repairs it); say how often it happened.
            for (const auto* server : {&server_a, &server_b}) {
                const std::string log = server->log();
                std::size_t failed = 0;
                for (auto at = log.find("failed"); at != std::string::npos;
                     at = log.find("failed", at + 1))
                    ++failed;
                BOOST_TEST_MESSAGE("server log: " << failed << " line(s) saying 'failed'");
            }
            const auto posted = std::chrono::steady_clock::now();

            auto db = Database::open(url);
            // One row per real organisation and contract (SPEC §1 "collected once only").
            BOOST_TEST(count(*db, "SELECT COUNT(*) FROM authorities") == 2);
            BOOST_TEST(count(*db, "SELECT COUNT(*) FROM suppliers") == 5);
            BOOST_TEST(count(*db, "SELECT COUNT(DISTINCT id) FROM suppliers") == 5);
            BOOST_TEST(count(*db, "SELECT COUNT(*) FROM contracts") == kContracts);
            BOOST_TEST(count(*db, "SELECT COUNT(DISTINCT id) FROM contracts") == kContracts);
            // 10 contracts × 4 KPIs, each defined once (the same definition re-sent is
            // no new version).
            BOOST_TEST(count(*db, "SELECT COUNT(*) FROM kpi_versions") == kContracts * 4);

            // Every receipt has its final outcome.
            BOOST_TEST(count(*db,
                             "SELECT COUNT(*) FROM documents WHERE outcome NOT IN "
                             "('accepted', 'rejected', 'unchanged')") == 0);
            BOOST_TEST(count(*db,
                             "SELECT COUNT(*) FROM documents WHERE outcome = 'rejected' "
                             "AND errors_json NOT LIKE '%busy%'") == 2 * 3);  // 3 bad × 2
            // Every accepted return document stored versions; every version came from an
            // accepted document.
            BOOST_TEST(count(*db,
                             "SELECT COUNT(*) FROM documents d WHERE d.outcome = "
                             "'accepted' AND d.kind IN ('KpiReturn', 'KpiReturns') AND "
                             "NOT EXISTS (SELECT 1 FROM return_versions r WHERE "
                             "r.document_id = d.id)") == 0);
            BOOST_TEST(count(*db,
                             "SELECT COUNT(*) FROM return_versions r LEFT JOIN documents "
                             "d ON d.id = r.document_id WHERE d.id IS NULL OR "
                             "d.outcome <> 'accepted'") == 0);

            // Versions per (contract, period) are 1..n, the last one current.
            std::map<std::string, int> expected;
            int expected_total = 0;
            for (int c = 0; c < kContracts; ++c) {
                for (int m = 1; m <= kMonths; ++m) {
                    if (expected_versions(c, m) == 0)
                        continue;
                    expected[contract_id(c) + " " + period_of(m)] = expected_versions(c, m);
                    expected_total += expected_versions(c, m);
                }
            }
            BOOST_TEST(expected.size() == 57u);  // 60 periods, 3 never returned
            std::map<std::string, int> found;
            auto conn = db->acquire();
            conn->query(
                "SELECT contract_id, period, COUNT(*), MIN(version), MAX(version), "
                "SUM(is_current), MAX(CASE WHEN is_current = 1 THEN version ELSE 0 END) "
                "FROM return_versions GROUP BY contract_id, period",
                {}, [&](const Row& r) {
                    const std::string key = r[0].as_text() + " " + r[1].as_text();
                    found[key] = static_cast<int>(r[2].as_int());
                    BOOST_TEST_CONTEXT(key) {
                        BOOST_TEST(r[3].as_int() == 1);
                        BOOST_TEST(r[4].as_int() == r[2].as_int());  // no gaps, no repeats
                        BOOST_TEST(r[5].as_int() == 1);              // one current version
                        BOOST_TEST(r[6].as_int() == r[4].as_int());  // ... the latest
                    }
                });
            for (const auto& [key, versions] : expected) {
                BOOST_TEST_CONTEXT(key) {
                    const auto space = key.find(' ');
                    BOOST_TEST(found[key] == versions,
                               "versions stored:\n"
                                   << dump(*db,
                                           "SELECT r.version, r.is_current, r.submitted_at, "
                                           "d.id, d.kind, d.sender, m.kpi_code, m.measured_value "
                                           "FROM return_versions r JOIN documents d ON d.id = "
                                           "r.document_id JOIN measures m ON m.return_version_id "
                                           "= r.id WHERE r.contract_id = '" +
                                               key.substr(0, space) + "' AND r.period = '" +
                                               key.substr(space + 1) +
                                               "' ORDER BY r.version, m.kpi_code"));
                }
            }
            BOOST_TEST(found.size() == expected.size());
            BOOST_TEST(count(*db, "SELECT COUNT(*) FROM return_versions") == expected_total);

            // The reference: the same documents, imported one by one in a fresh database.
            ScratchDatabase reference(base);
            run_ok(d, SCORECARD_BINARY, {"--db", reference.url(), "migrate"});
            const fs::path docs = d / "documents";
            fs::create_directory(docs);
            for (std::size_t i = 0; i < sequential.size(); ++i) {
                char prefix[32];
                std::snprintf(prefix, sizeof prefix, "%04zu-", i);
                write_text(docs / (prefix + sequential[i].first + ".xml"), sequential[i].second);
            }
            run_ok(d, SCORECARD_BINARY, {"--db", reference.url(), "import", docs.string()});

            run_ok(d, SCORECARD_BINARY, {"--db", url, "score", "--as-of", kAsOf});
            run_ok(d, SCORECARD_BINARY, {"--db", reference.url(), "score", "--as-of", kAsOf});
            auto reference_db = Database::open(reference.url());
            const auto concurrent_state = scored_state(*db);
            const auto sequential_state = scored_state(*reference_db);
            for (const auto& [table, text] : sequential_state) {
                BOOST_TEST_CONTEXT(table) {
                    BOOST_TEST(concurrent_state.at(table) == text);
                }
            }
            // The comparison is about something: 57 scored periods, and the three unreturned
            // periods are open missing_return flags.
            BOOST_TEST(count(*db, "SELECT COUNT(*) FROM period_scores WHERE score IS NOT NULL") ==
                       57);
            BOOST_TEST(count(*db,
                             "SELECT COUNT(*) FROM flags WHERE status = 'open' AND "
                             "rule_id = 'missing_return' AND ((contract_id = 'MS-C104' AND "
                             "period = '2025-06') OR (contract_id = 'MS-C109' AND period "
                             "IN ('2025-05', '2025-06')))") == 3);
            // No flag is open twice (two servers rescoring one contract at once).
            BOOST_TEST(count(*db,
                             "SELECT COUNT(*) FROM (SELECT rule_id, contract_id, kpi_code, "
                             "period FROM flags WHERE status = 'open' GROUP BY rule_id, "
                             "contract_id, kpi_code, period HAVING COUNT(*) > 1) twice") == 0);

            using seconds = std::chrono::duration<double>;
            BOOST_TEST_MESSAGE(kind_of(base)
                               << ": posting " << seconds(posted - started).count() << " s, in all "
                               << seconds(std::chrono::steady_clock::now() - started).count()
                               << " s");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
