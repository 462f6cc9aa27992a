// The driver boundary (store/database.h) on every database: URLs, values that round-trip
// exactly, transactions (rollback on an exception, retries on busy and conflict, several
// writers at once), and the errors the layers above rely on (Conflict, Internal).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/repository_support.h"
#include "tests/store/store_fixture.h"

using namespace scorecard;
using namespace scorecard::store;
using namespace scorecard::store_test;

BOOST_AUTO_TEST_SUITE(driver)

BOOST_AUTO_TEST_CASE(unknown_url_scheme_is_a_bad_request) {
    BOOST_TEST(error_code_of([] { Database::open("postgres://u:secret@host/db"); }) ==
               ErrorCode::kBadRequest);
    BOOST_TEST(error_code_of([] { Database::open("sqlite:"); }) == ErrorCode::kBadRequest);
}

BOOST_AUTO_TEST_CASE(sqlite_creates_the_parent_directory_of_its_file) {
    ScratchDatabase scratch("sqlite:");
    // scratch.url() is sqlite:DIR/scorecard.db; put the file two levels deeper.
    const std::string url = scratch.url().substr(0, scratch.url().rfind('/')) + "/a/b/x.db";
    auto db = Database::open(url);
    BOOST_TEST(migrate(*db) == latest_schema_version());
    BOOST_TEST(db->describe() == url);
}

BOOST_AUTO_TEST_CASE(sqlite_memory_database_is_one_shared_database) {
    auto db = Database::open("sqlite::memory:");
    migrate(*db);
    write(*db, [](Connection& conn) { AuthorityRepository(conn).upsert(kDwp, by("t")); });
    auto conn = db->acquire();
    BOOST_TEST(AuthorityRepository(*conn).find(kDwp.id).has_value());
}

struct RoundTripCase {
    const char* name;
    const char* column;  // t {text}, b {blob}, i {int}, r {real}
    Value value;
};

BOOST_AUTO_TEST_CASE(values_round_trip_exactly) {
    const char raw[] = "\x00\x01\xff\xfe\"'\\\n abc\x00";
    const std::string binary(raw, sizeof raw - 1);  // 13 bytes, starting and ending with NUL
    const std::vector<RoundTripCase> cases{
        {"text with quotes", "t", Value("O'Brien said \"yes\"; -- not a comment")},
        {"unicode text", "t", Value("Café – 東京 🚀")},
        {"empty text", "t", Value("")},
        {"text in a blob column", "b", Value("<KpiReturn period=\"2026-09\"/>")},
        {"binary with NUL bytes", "b", Value(binary)},
        {"largest int64", "i", Value(std::numeric_limits<long long>::max())},
        {"smallest int64", "i", Value(std::numeric_limits<long long>::min())},
        {"decimal fraction", "r", Value(93.2)},
        {"tiny double", "r", Value(-1.5e-300)},
        {"null", "t", Value()},
    };
    for_each_database([&](Database& db) {
        auto conn = db.acquire();
        conn->execute(conn->dialect().expand(
            "CREATE TABLE round_trip (id {int} NOT NULL PRIMARY KEY, t {text} NULL, "
            "b {blob} NULL, i {int} NULL, r {real} NULL){engine}"));
        int id = 0;
        for (const auto& c : cases) {
            BOOST_TEST_CONTEXT("case " << c.name) {
                ++id;
                const Value& v = c.value;
                const std::string column = c.column;
                conn->execute("INSERT INTO round_trip (id, " + column + ") VALUES (?, ?)", {id, v});
                auto row =
                    conn->query_one("SELECT " + column + " FROM round_trip WHERE id = ?", {id});
                BOOST_REQUIRE(row.has_value());
                const Value& back = (*row)[0];
                BOOST_TEST(back.is_null() == v.is_null());
                if (v.is_integer())
                    BOOST_TEST(back.as_int() == v.as_int());
                if (v.is_real())
                    BOOST_TEST(back.as_double() == v.as_double());  // exactly, not nearly
                if (v.is_text()) {
                    BOOST_TEST(back.as_text() == v.as_text());
                    BOOST_TEST(back.as_text().size() == v.as_text().size());
                }
            }
        }
    });
}

// detail::insert_rows writes a list of rows in statements of at most kRowsPerInsert rows and
// about kTextBytesPerInsert bytes of text (a row larger than that alone): every row arrives,
// whole and in order, whatever the split.
BOOST_AUTO_TEST_CASE(multi_row_inserts_take_every_row_whatever_their_number_and_size) {
    for_each_database([](Database& db) {
        auto conn = db.acquire();
        conn->execute(conn->dialect().expand(
            "CREATE TABLE many_rows (id {int} NOT NULL PRIMARY KEY, t {text} NOT NULL){engine}"));
        // Two full statements of small rows and a remainder; then rows of 0.75 MiB (two a
        // statement), one of three times the budget, and small ones after it.
        const std::size_t small = 2 * detail::kRowsPerInsert + 7;
        const std::size_t quarter = detail::kTextBytesPerInsert / 8;
        std::vector<std::string> texts;
        for (std::size_t i = 0; i < small; ++i)
            texts.push_back("row " + std::to_string(i));
        for (char c : std::string("abcde"))
            texts.push_back(std::string(3 * quarter, c));
        texts.push_back(std::string(3 * detail::kTextBytesPerInsert, 'z'));
        texts.push_back("after");
        texts.push_back("");
        Params values;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            values.emplace_back(static_cast<std::int64_t>(i));
            values.emplace_back(texts[i]);
        }
        detail::insert_rows(*conn, "many_rows (id, t)", 2, values);
        std::vector<std::string> back;
        conn->query("SELECT id, t FROM many_rows ORDER BY id", {}, [&](const Row& r) {
            BOOST_TEST(r[0].as_int() == static_cast<std::int64_t>(back.size()));
            back.push_back(r[1].as_text());
        });
        BOOST_TEST_REQUIRE(back.size() == texts.size());
        for (std::size_t i = 0; i < texts.size(); ++i)
            BOOST_TEST((back[i] == texts[i]), "row " << i << " of " << texts[i].size() << " bytes");
    });
}

// SQLite takes at most 32,766 parameters a statement: 2000 rows of a 20-column table would
// be 40,000 (notice_kpis has 18 columns, so a notice of more than 1,820 KPIs came near it).
BOOST_AUTO_TEST_CASE(multi_row_inserts_into_a_wide_table_stay_under_the_parameter_limit) {
    for_each_database([](Database& db) {
        auto conn = db.acquire();
        constexpr std::size_t kColumns = 20;
        std::string create = "CREATE TABLE wide_rows (c0 {int} NOT NULL PRIMARY KEY";
        std::string columns = "wide_rows (c0";
        for (std::size_t c = 1; c < kColumns; ++c) {
            create += ", c" + std::to_string(c) + " {int} NOT NULL";
            columns += ", c" + std::to_string(c);
        }
        conn->execute(conn->dialect().expand(create + "){engine}"));
        const std::size_t rows = detail::kRowsPerInsert + 1;
        Params values;
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t c = 0; c < kColumns; ++c)
                values.emplace_back(static_cast<std::int64_t>(r * 100 + c));
        }
        BOOST_REQUIRE_NO_THROW(detail::insert_rows(*conn, columns + ")", kColumns, values));
        std::int64_t count = 0;
        std::int64_t sum_last = 0;
        conn->query("SELECT COUNT(*), SUM(c19) FROM wide_rows", {}, [&](const Row& r) {
            count = r[0].as_int();
            sum_last = r[1].as_int();
        });
        BOOST_TEST(count == static_cast<std::int64_t>(rows));
        // c19 of row r is 100 r + 19: 100 × (0 + … + 2000) + 19 × 2001.
        BOOST_TEST(sum_last == 100LL * 2000 * 2001 / 2 + 19LL * 2001);
    });
}

BOOST_AUTO_TEST_CASE(value_conversions_are_lenient_across_drivers) {
    BOOST_TEST(Value("12.50").as_double() == 12.5);  // MySQL DECIMAL arrives as text
    BOOST_TEST(Value("42").as_int() == 42);
    BOOST_TEST(Value("12.0").as_int() == 12);
    BOOST_TEST(Value(7LL).as_double() == 7.0);  // SQLite may return an integral REAL as INTEGER
    BOOST_TEST(Value(2.5).as_text() == "2.5");
    BOOST_TEST(Value().as_int() == 0);
    BOOST_TEST(Value().as_text() == "");
    BOOST_TEST(!Value().as_optional_double().has_value());
    BOOST_TEST(*Value(0.0).as_optional_double() == 0.0);
    BOOST_TEST(Value(std::optional<int>()).is_null());
    BOOST_TEST(Value(std::optional<int>(3)).as_int() == 3);
}

BOOST_AUTO_TEST_CASE(exception_inside_a_transaction_leaves_nothing) {
    for_each_database([](Database& db) {
        BOOST_CHECK_THROW(write(db,
                                [](Connection& conn) {
                                    AuthorityRepository(conn).upsert(kDwp, by("t"));
                                    throw std::runtime_error("importer failed half-way");
                                }),
                          std::runtime_error);
        {
            auto conn = db.acquire();
            Transaction tx(*conn, TxMode::kWrite);
            AuthorityRepository(*conn).upsert(kHmrc, by("t"));
            // no commit: the guard rolls back
        }
        auto conn = db.acquire();
        BOOST_TEST(!conn->in_transaction());
        BOOST_TEST(count_rows(*conn, "authorities") == 0);
        BOOST_TEST(count_rows(*conn, "audit_log") == 0);
    });
}

BOOST_AUTO_TEST_CASE(committed_transaction_is_visible_to_other_connections) {
    for_each_database([](Database& db) {
        write(db, [](Connection& conn) { AuthorityRepository(conn).upsert(kDwp, by("t")); });
        auto conn = db.acquire();
        BOOST_TEST(AuthorityRepository(*conn).find(kDwp.id)->name == kDwp.name);
    });
}

BOOST_AUTO_TEST_CASE(unique_violation_is_a_conflict) {
    for_each_database([](Database& db) {
        auto conn = db.acquire();
        conn->execute("INSERT INTO authorities (id, name) VALUES (?, ?)", {"GB-GOV-X", "X"});
        BOOST_TEST(error_code_of([&] {
                       conn->execute("INSERT INTO authorities (id, name) VALUES (?, ?)",
                                     {"GB-GOV-X", "X again"});
                   }) == ErrorCode::kConflict);
    });
}

BOOST_AUTO_TEST_CASE(foreign_keys_are_enforced) {
    for_each_database([](Database& db) {
        auto conn = db.acquire();
        BOOST_TEST(error_code_of([&] {
                       ContractRepository(*conn).upsert(
                           contract("NOPE-1", kDwp, kAcme, "no such authority"), by("t"));
                   }) == ErrorCode::kConflict);
    });
}

// A bulk workload does not check them (store/database.h: its rows refer to what its own
// transaction wrote or locked); dangling_references, which the bulk-load tests ask after
// every load, finds what the checks would have refused.
BOOST_AUTO_TEST_CASE(a_bulk_workload_leaves_references_to_its_writer_and_the_check_finds_them) {
    for_each_database([](Database&, const std::string& url) {
        auto bulk = Database::open(url, {Workload::kBulk, false});
        BOOST_TEST(scorecard::testing::dangling_references(*bulk).empty());
        {
            auto conn = bulk->acquire();
            ContractRepository(*conn).upsert(contract("NOPE-1", kDwp, kAcme, "no such authority"),
                                             by("t"));
        }
        // The contract refers to an authority and a supplier, and neither is there.
        const std::vector<std::string> found = scorecard::testing::dangling_references(*bulk);
        BOOST_TEST_REQUIRE(found.size() == 2u);
        BOOST_TEST(found[0].find("authorities") != std::string::npos, found[0]);
        BOOST_TEST(found[1].find("suppliers") != std::string::npos, found[1]);
    });
}

BOOST_AUTO_TEST_CASE(a_bulk_sqlite_load_has_its_log_copied_beside_it_and_started_again) {
    // A bulk workload's log is copied into the database by a thread of its own once it passes
    // 64 MiB, and a write that finds it past 256 MiB waits for that copy so that the log
    // starts again (store/sqlite_database.cpp Checkpointer). 384 MiB written in 8 MiB
    // transactions: without a copy the log would hold all of it.
    ScratchDatabase scratch("sqlite:");
    const std::filesystem::path file = scratch.url().substr(std::string("sqlite:").size());
    const std::filesystem::path log = file.string() + "-wal";
    constexpr std::uintmax_t kMiB = 1024 * 1024;
    constexpr int kTransactions = 48;
    constexpr int kRowsEach = 8;  // of 1 MiB
    {
        auto bulk = Database::open(scratch.url(), {Workload::kBulk, true});
        write(*bulk, [](Connection& conn) {
            conn.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, b BLOB NOT NULL)", {});
        });
        std::uintmax_t largest = 0;
        for (int t = 0; t < kTransactions; ++t) {
            write(*bulk, [&](Connection& conn) {
                for (int r = 0; r < kRowsEach; ++r)
                    conn.execute("INSERT INTO big (id, b) VALUES (?, zeroblob(1048576))",
                                 {Value(std::int64_t{t * kRowsEach + r})});
            });
            largest = std::max(largest, std::filesystem::file_size(log));
        }
        BOOST_TEST_MESSAGE("the log's largest size: " << largest / kMiB << " MiB");
        BOOST_TEST(largest >= 256 * kMiB);  // it grew to the limit...
        BOOST_TEST(largest < 300 * kMiB);   // ...and started again, not much past it
        // Another connection (a server's) sees every row committed.
        auto other = Database::open(scratch.url());
        auto conn = other->acquire();
        BOOST_TEST(count_rows(*conn, "big") == kTransactions * kRowsEach);
    }
    // The last connection closed copied the rest and removed the log.
    BOOST_TEST(!std::filesystem::exists(log));
    BOOST_TEST(std::filesystem::file_size(file) >= kTransactions * kRowsEach * kMiB);
    auto reopened = Database::open(scratch.url());
    auto conn = reopened->acquire();
    const auto sum = conn->query_one("SELECT SUM(LENGTH(b)) FROM big", {});
    BOOST_TEST_REQUIRE(sum.has_value());
    BOOST_TEST((*sum)[0].as_int() == std::int64_t{kTransactions} * kRowsEach * 1048576);
}

BOOST_AUTO_TEST_CASE(bad_sql_is_an_internal_error_naming_the_statement) {
    for_each_database([](Database& db) {
        auto conn = db.acquire();
        try {
            conn->execute("SELEKT nothing FROM nowhere");
            BOOST_FAIL("bad SQL ran");
        } catch (const Error& e) {
            BOOST_TEST(e.code() == ErrorCode::kInternal);
            BOOST_TEST(std::string(e.what()).find("SELEKT nothing") != std::string::npos);
        }
    });
}

BOOST_AUTO_TEST_CASE(with_transaction_retries_busy_and_conflict_then_gives_up) {
    for_each_database([](Database& db) {
        int calls = 0;
        // Busy twice, then it works: three calls, committed.
        write(db, [&](Connection& conn) {
            if (++calls < 3)
                throw Error::Busy("deadlock");
            AuthorityRepository(conn).upsert(kDwp, by("t"));
        });
        BOOST_TEST(calls == 3);

        calls = 0;
        BOOST_TEST(error_code_of([&] {
                       with_transaction(
                           db, TxMode::kWrite,
                           [&](Connection&) {
                               ++calls;
                               throw Error::Conflict("same new row");
                           },
                           4);
                   }) == ErrorCode::kConflict);
        BOOST_TEST(calls == 4);  // `attempts` tries, then the last error

        calls = 0;
        BOOST_TEST(error_code_of([&] {
                       write(db, [&](Connection&) {
                           ++calls;
                           throw Error::Invalid("bad figures", {});
                       });
                   }) == ErrorCode::kInvalid);
        BOOST_TEST(calls == 1);  // not retryable
        auto conn = db.acquire();
        BOOST_TEST(count_rows(*conn, "authorities") == 1);
    });
}

BOOST_AUTO_TEST_CASE(concurrent_writers_on_several_threads_all_commit) {
    for_each_database([](Database& db) {
        // 4 threads × 25 transactions, each creating one supplier: 100 suppliers, none lost.
        constexpr int kThreads = 4;
        constexpr int kEach = 25;
        std::vector<std::thread> threads;
        std::vector<std::string> failures(kThreads);
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&db, &failures, t] {
                try {
                    for (int i = 0; i < kEach; ++i) {
                        write(db, [&](Connection& conn) {
                            const std::string id =
                                "GB-COH-T" + std::to_string(t) + "-" + std::to_string(i);
                            SupplierRepository(conn).upsert(
                                Supplier{id, "Supplier " + id, SizeClass::kSmall, false},
                                by("loader"));
                        });
                    }
                } catch (const std::exception& e) {
                    failures[static_cast<std::size_t>(t)] = e.what();
                }
            });
        }
        for (auto& thread : threads)
            thread.join();
        for (int t = 0; t < kThreads; ++t) {
            BOOST_TEST_CONTEXT("thread " << t) {
                BOOST_TEST(failures[static_cast<std::size_t>(t)] == "");
            }
        }
        auto conn = db.acquire();
        BOOST_TEST(count_rows(*conn, "suppliers") == kThreads * kEach);
        BOOST_TEST(count_rows(*conn, "audit_log") == kThreads * kEach);
    });
}

BOOST_AUTO_TEST_CASE(nested_queries_on_one_connection_with_the_same_sql) {
    for_each_database([](Database& db) {
        seed_world(db);
        auto conn = db.acquire();
        // A query run from inside another's row callback, with identical SQL text.
        const std::string sql = "SELECT id FROM authorities ORDER BY id";
        std::vector<std::string> pairs;
        conn->query(sql, {}, [&](const Row& outer) {
            conn->query(sql, {}, [&](const Row& inner) {
                pairs.push_back(outer[0].as_text() + "+" + inner[0].as_text());
            });
        });
        BOOST_TEST(pairs == (std::vector<std::string>{
                                "GB-GOV-DWP+GB-GOV-DWP", "GB-GOV-DWP+GB-GOV-HMRC",
                                "GB-GOV-HMRC+GB-GOV-DWP", "GB-GOV-HMRC+GB-GOV-HMRC"}),
                   boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_SUITE_END()
