// The store on every database: the driver boundary, migrations and every repository.
// Each test case loops over test_database_urls() (SQLite always; MariaDB when
// SCORECARD_TEST_DATABASES names it), on a fresh database per case, and names the database
// in every failure through BOOST_TEST_CONTEXT.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "model/calendar.h"
#include "model/domain.h"
#include "model/scoring.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/user_repository.h"
#include "tests/support/test_databases.h"

// How Boost.Test prints the values these tests compare, when an assertion fails.
namespace scorecard {
template <class E>
requires requires {
    EnumNames<E>::kNames;
}
std::ostream& operator<<(std::ostream& os, E e) {
    return os << to_string(e);
}
std::ostream& operator<<(std::ostream& os, ErrorCode code) {
    return os << to_string(code);
}
std::ostream& operator<<(std::ostream& os, const Period& p) {
    return os << p.to_string();
}
std::ostream& operator<<(std::ostream& os, const Measure& m) {
    return os << m.kpi_code << " " << m.status << " value " << m.value.value_or(-1) << " ("
              << m.numerator.value_or(-1) << "/" << m.denominator.value_or(-1) << ") '" << m.comment
              << "'";
}
std::ostream& operator<<(std::ostream& os, const MeasureScore& m) {
    return os << m.kpi_code << " value " << m.value.value_or(-1) << " " << m.rating << " "
              << m.points << " points, weight " << m.weight;
}
std::ostream& operator<<(std::ostream& os, const KpiVersion& v) {
    return os << v.definition.code << "@" << v.effective << (v.withdrawn ? " withdrawn" : "")
              << " weight " << v.definition.weight;
}
namespace store {
std::ostream& operator<<(std::ostream& os, Upsert u) {
    return os << (u == Upsert::kCreated   ? "created"
                  : u == Upsert::kUpdated ? "updated"
                                          : "unchanged");
}
}  // namespace store
}  // namespace scorecard

using namespace scorecard;
using namespace scorecard::store;
using scorecard::testing::ScratchDatabase;
using scorecard::testing::test_database_urls;

namespace {

// ---- worlds and values written the way the spec writes them ----

Period period(const std::string& text) {
    auto p = Period::parse(text);
    if (!p)
        throw std::invalid_argument("bad period in test: " + text);
    return *p;
}

Date date(const std::string& text) {
    auto d = parse_date(text);
    if (!d)
        throw std::invalid_argument("bad date in test: " + text);
    return *d;
}

Timestamp ts(const std::string& text) {
    auto t = parse_timestamp(text);
    if (!t)
        throw std::invalid_argument("bad timestamp in test: " + text);
    return *t;
}

Change by(const std::string& actor, const std::string& at = "2026-10-05T10:00:00Z") {
    return Change{actor, ts(at)};
}

// Runs `body` on a fresh database of each configured kind; `migrated` brings it to the
// current schema first.
void for_each_database(const std::function<void(Database&)>& body, bool migrated = true) {
    for (const std::string& base : test_database_urls()) {
        ScratchDatabase scratch(base);
        BOOST_TEST_CONTEXT("database " << scratch.kind() << " (" << scratch.url() << ")") {
            auto db = Database::open(scratch.url());
            if (migrated)
                migrate(*db);
            body(*db);
        }
    }
}

void write(Database& db, const std::function<void(Connection&)>& work) {
    with_transaction(db, TxMode::kWrite, work);
}

// For writes expected to fail with kConflict: one attempt, no retries.
void write_once(Database& db, const std::function<void(Connection&)>& work) {
    with_transaction(db, TxMode::kWrite, work, 1);
}

std::int64_t count_rows(Connection& conn, const std::string& table) {
    return conn.query_one("SELECT COUNT(*) FROM " + table)->operator[](0).as_int();
}

ErrorCode error_code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    throw std::logic_error("expected an Error, none was thrown");
}

const Authority kDwp{"GB-GOV-DWP", "Department for Work and Pensions"};
const Authority kHmrc{"GB-GOV-HMRC", "HM Revenue and Customs"};
const Supplier kAcme{"GB-COH-01234567", "Acme Services Ltd", SizeClass::kLarge, true};
const Supplier kBolt50{"GB-COH-00000050", "Bolt 50% Ltd", SizeClass::kSmall, false};
const Supplier kBolt500{"GB-COH-00000500", "Bolt 500 Ltd", SizeClass::kMicro, false};
const Supplier kCharity{"GB-CHC-1234", "Under_Score Trust", SizeClass::kSme, false};

Contract contract(const std::string& id, const Authority& authority, const Supplier& supplier,
                  const std::string& title, ContractStatus status = ContractStatus::kActive) {
    Contract c;
    c.id = id;
    c.authority_id = authority.id;
    c.supplier_id = supplier.id;
    c.title = title;
    c.start = date("2024-04-01");
    c.end = date("2027-03-31");
    c.value = 12500000.0;
    c.currency = "GBP";
    c.frequency = Frequency::kMonthly;
    c.status = status;
    return c;
}

KpiVersion kpi(const std::string& code, const std::string& effective, double weight,
               bool withdrawn = false) {
    KpiVersion v;
    v.definition.code = code;
    v.definition.name = code + " name";
    v.definition.unit = Unit::kPercent;
    v.definition.direction = Direction::kHigher;
    v.definition.weight = weight;
    v.definition.thresholds = {95, 90, 85};
    v.definition.category = KpiCategory::kService;
    v.effective = period(effective);
    v.withdrawn = withdrawn;
    return v;
}

Measure measured(const std::string& code, double value) {
    Measure m;
    m.kpi_code = code;
    m.value = value;
    return m;
}

ReturnVersion return_of(const std::string& contract_id, const std::string& p,
                        const std::string& submitted, std::vector<Measure> measures) {
    ReturnVersion v;
    v.figures.contract_id = contract_id;
    v.figures.period = period(p);
    v.figures.submitted = ts(submitted);
    v.figures.measures = std::move(measures);
    v.submitted_by = "acme-returns";
    v.received = ts(submitted);
    return v;
}

// Two authorities, four suppliers, three contracts:
//   DWP-1  DWP  -> Acme     "Contact centre services"   active
//   DWP-2  DWP  -> Bolt 50% "Digital 50% discount pilot" expired
//   HMRC-1 HMRC -> Bolt 500 "Estates maintenance"        active
void seed_world(Database& db) {
    write(db, [](Connection& conn) {
        const Change c = by("loader");
        AuthorityRepository(conn).upsert(kDwp, c);
        AuthorityRepository(conn).upsert(kHmrc, c);
        for (const Supplier& s : {kAcme, kBolt50, kBolt500, kCharity})
            SupplierRepository(conn).upsert(s, c);
        ContractRepository contracts(conn);
        contracts.upsert(contract("DWP-1", kDwp, kAcme, "Contact centre services"), c);
        contracts.upsert(contract("DWP-2", kDwp, kBolt50, "Digital 50% discount pilot",
                                  ContractStatus::kExpired),
                         c);
        contracts.upsert(contract("HMRC-1", kHmrc, kBolt500, "Estates maintenance"), c);
    });
}

std::vector<std::string> ids_of(const std::vector<Supplier>& suppliers) {
    std::vector<std::string> out;
    for (const auto& s : suppliers)
        out.push_back(s.id);
    return out;
}

std::vector<std::string> ids_of(const std::vector<Contract>& contracts) {
    std::vector<std::string> out;
    for (const auto& c : contracts)
        out.push_back(c.id);
    return out;
}

std::vector<std::int64_t> ids_of(const std::vector<Flag>& flags) {
    std::vector<std::int64_t> out;
    for (const auto& f : flags)
        out.push_back(f.id);
    return out;
}

}  // namespace

// ====================================================================== schema

BOOST_AUTO_TEST_SUITE(schema)

BOOST_AUTO_TEST_CASE(empty_database_is_at_version_zero_and_not_usable) {
    for_each_database(
        [](Database& db) {
            BOOST_TEST(schema_version(db) == 0);
            BOOST_TEST(error_code_of([&] { require_current_schema(db); }) ==
                       ErrorCode::kUnavailable);
        },
        false);
}

BOOST_AUTO_TEST_CASE(migrate_creates_every_table_and_records_each_version) {
    for_each_database(
        [](Database& db) {
            BOOST_TEST(migrate(db) == latest_schema_version());
            BOOST_TEST(schema_version(db) == latest_schema_version());
            require_current_schema(db);
            auto conn = db.acquire();
            for (const char* table :
                 {"authorities",     "suppliers",      "contracts",          "kpi_versions",
                  "return_versions", "measures",       "document_contents",  "documents",
                  "period_scores",   "measure_scores", "contract_scores",    "supplier_scores",
                  "flags",           "reviews",        "review_transitions", "review_comments",
                  "review_actions",  "disputes",       "audit_log",          "users",
                  "api_tokens"}) {
                BOOST_TEST_CONTEXT("table " << table) {
                    BOOST_TEST(count_rows(*conn, table) == 0);
                }
            }
            // One row per migration, versions 1..latest.
            BOOST_TEST(count_rows(*conn, "schema_migrations") == latest_schema_version());
            auto first = conn->query_one(
                "SELECT description, applied_at FROM schema_migrations WHERE version = 1");
            BOOST_REQUIRE(first.has_value());
            BOOST_TEST((*first)[0].as_text() == "initial schema");
            BOOST_TEST(parse_timestamp((*first)[1].as_text()).has_value());
        },
        false);
}

BOOST_AUTO_TEST_CASE(second_migrate_applies_nothing) {
    for_each_database([](Database& db) {
        std::string applied_before;
        {
            auto conn = db.acquire();
            applied_before = conn->query_one(
                                     "SELECT applied_at FROM schema_migrations "
                                     "WHERE version = 1")
                                 ->
                                 operator[](0)
                                 .as_text();
        }
        BOOST_TEST(migrate(db) == latest_schema_version());
        auto conn = db.acquire();
        BOOST_TEST(count_rows(*conn, "schema_migrations") == latest_schema_version());
        BOOST_TEST(conn->query_one("SELECT applied_at FROM schema_migrations WHERE version = 1")
                       ->
                       operator[](0)
                       .as_text() == applied_before);
    });
}

BOOST_AUTO_TEST_CASE(database_newer_than_binary_is_refused) {
    for_each_database([](Database& db) {
        const int newer = latest_schema_version() + 1;
        {
            auto conn = db.acquire();
            conn->execute(
                "INSERT INTO schema_migrations (version, description, applied_at) "
                "VALUES (?, ?, ?)",
                {newer, "from a later release", "2030-01-01T00:00:00Z"});
        }
        BOOST_TEST(schema_version(db) == newer);
        try {
            migrate(db);
            BOOST_FAIL("migrate accepted a database newer than the binary");
        } catch (const Error& e) {
            BOOST_TEST(e.code() == ErrorCode::kConflict);
            BOOST_TEST(std::string(e.what()).find("newer than this scorecard binary") !=
                       std::string::npos);
        }
        BOOST_TEST(error_code_of([&] { require_current_schema(db); }) == ErrorCode::kUnavailable);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ====================================================================== driver

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

// ====================================================================== organisations

BOOST_AUTO_TEST_SUITE(organisations)

BOOST_AUTO_TEST_CASE(authority_upsert_is_created_then_unchanged_then_updated_with_audit) {
    for_each_database([](Database& db) {
        std::vector<Upsert> outcomes;
        write(db, [&](Connection& conn) {
            AuthorityRepository repo(conn);
            outcomes.push_back(repo.upsert(kDwp, by("alice", "2026-10-01T09:00:00Z")));
            outcomes.push_back(repo.upsert(kDwp, by("alice", "2026-10-01T09:00:01Z")));
            outcomes.push_back(
                repo.upsert(Authority{kDwp.id, "DWP"}, by("bob", "2026-10-02T08:30:00Z")));
        });
        BOOST_TEST((outcomes ==
                    std::vector<Upsert>{Upsert::kCreated, Upsert::kUnchanged, Upsert::kUpdated}));
        auto conn = db.acquire();
        BOOST_TEST(AuthorityRepository(*conn).find(kDwp.id)->name == "DWP");
        auto entries = AuditRepository(*conn).list("authority", kDwp.id, {});
        BOOST_REQUIRE(entries.size() == 2u);  // nothing for the unchanged write
        BOOST_TEST(entries[0].action == "create");
        BOOST_TEST(entries[0].actor == "alice");
        BOOST_TEST(format_timestamp(entries[0].at) == "2026-10-01T09:00:00Z");
        BOOST_TEST(entries[0].before == "");
        BOOST_TEST(entries[0].after ==
                   R"({"id":"GB-GOV-DWP","name":"Department for Work and Pensions"})");
        BOOST_TEST(entries[1].action == "update");
        BOOST_TEST(entries[1].actor == "bob");
        BOOST_TEST(entries[1].before ==
                   R"({"id":"GB-GOV-DWP","name":"Department for Work and Pensions"})");
        BOOST_TEST(entries[1].after == R"({"id":"GB-GOV-DWP","name":"DWP"})");
    });
}

BOOST_AUTO_TEST_CASE(supplier_upsert_audits_with_json_escaping) {
    for_each_database([](Database& db) {
        const Supplier tricky{"GB-COH-9", "Smith \"&\" Sons\\Co\n", SizeClass::kMedium, false};
        Upsert first{}, second{};
        write(db, [&](Connection& conn) {
            first = SupplierRepository(conn).upsert(tricky, by("loader"));
            Supplier grown = tricky;
            grown.size = SizeClass::kLarge;
            second = SupplierRepository(conn).upsert(grown, by("loader"));
        });
        BOOST_TEST(first == Upsert::kCreated);
        BOOST_TEST(second == Upsert::kUpdated);
        auto conn = db.acquire();
        BOOST_TEST(SupplierRepository(*conn).find("GB-COH-9")->size == SizeClass::kLarge);
        BOOST_TEST(SupplierRepository(*conn).find("GB-COH-9")->name == tricky.name);
        auto entries = AuditRepository(*conn).list("supplier", "GB-COH-9", {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(
            entries[0].after ==
            R"({"id":"GB-COH-9","name":"Smith \"&\" Sons\\Co\n","size":"medium","strategic":false})");
        BOOST_TEST(entries[1].before == entries[0].after);
        BOOST_TEST(
            entries[1].after ==
            R"({"id":"GB-COH-9","name":"Smith \"&\" Sons\\Co\n","size":"large","strategic":false})");
    });
}

BOOST_AUTO_TEST_CASE(contract_upsert_compares_its_own_fields_not_its_kpis) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::vector<Upsert> outcomes;
        write(db, [&](Connection& conn) {
            ContractRepository repo(conn);
            Contract c = contract("DWP-1", kDwp, kAcme, "Contact centre services");
            c.kpis.push_back(kpi("CALLS", "2024-04", 40));  // not written by upsert
            outcomes.push_back(repo.upsert(c, by("loader")));
            c.value = 13000000.5;
            c.status = ContractStatus::kTerminated;
            c.lot = "LOT-0001";
            outcomes.push_back(repo.upsert(c, by("loader")));
        });
        BOOST_TEST((outcomes == std::vector<Upsert>{Upsert::kUnchanged, Upsert::kUpdated}));
        auto conn = db.acquire();
        auto found = ContractRepository(*conn).find("DWP-1");
        BOOST_REQUIRE(found.has_value());
        BOOST_TEST(found->value == 13000000.5);
        BOOST_TEST(found->status == ContractStatus::kTerminated);
        BOOST_TEST(found->lot == "LOT-0001");
        BOOST_TEST(format_date(found->start) == "2024-04-01");
        BOOST_TEST(format_date(found->end) == "2027-03-31");
        BOOST_TEST(found->kpis.empty());
        auto entries = AuditRepository(*conn).list("contract", "DWP-1", {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(entries[1].after.find(R"("value":13000000.5)") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("status":"terminated")") != std::string::npos);
        BOOST_TEST(entries[1].before.find(R"("status":"active")") != std::string::npos);
    });
}

BOOST_AUTO_TEST_CASE(kpi_versions_are_ordered_by_code_then_effective_period) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            ContractRepository repo(conn);
            BOOST_TEST(repo.put_kpi_version("DWP-1", kpi("CALLS", "2026-10", 50), by("t")) ==
                       Upsert::kCreated);
            BOOST_TEST(repo.put_kpi_version("DWP-1", kpi("CALLS", "2024-04", 40), by("t")) ==
                       Upsert::kCreated);
            BOOST_TEST(repo.put_kpi_version("DWP-1", kpi("AHT", "2025-01", 10), by("t")) ==
                       Upsert::kCreated);
            // Written out of order (2025-10 before 2025-09): the order read back comes from
            // the effective period, not from insertion.
            BOOST_TEST(repo.put_kpi_version("DWP-1", kpi("CALLS", "2025-10", 45), by("t")) ==
                       Upsert::kCreated);
            BOOST_TEST(repo.put_kpi_version("DWP-1", kpi("CALLS", "2025-09", 42), by("t")) ==
                       Upsert::kCreated);
        });
        auto conn = db.acquire();
        auto c = ContractRepository(*conn).find("DWP-1");
        BOOST_REQUIRE(c.has_value());
        std::vector<std::string> order;
        for (const auto& v : c->kpis)
            order.push_back(v.definition.code + "@" + v.effective.to_string());
        BOOST_TEST(
            order == (std::vector<std::string>{"AHT@2025-01", "CALLS@2024-04", "CALLS@2025-09",
                                               "CALLS@2025-10", "CALLS@2026-10"}),
            boost::test_tools::per_element());
        BOOST_TEST(c->kpis[1] == kpi("CALLS", "2024-04", 40));  // every field round-trips
    });
}

BOOST_AUTO_TEST_CASE(kpi_version_with_same_period_is_replaced_and_repeats_change_nothing) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::vector<Upsert> outcomes;
        write(db, [&](Connection& conn) {
            ContractRepository repo(conn);
            outcomes.push_back(repo.put_kpi_version("DWP-1", kpi("CALLS", "2024-04", 40), by("t")));
            // the same version again
            outcomes.push_back(repo.put_kpi_version("DWP-1", kpi("CALLS", "2024-04", 40), by("t")));
            // the same definition from a later period: already in force
            outcomes.push_back(repo.put_kpi_version("DWP-1", kpi("CALLS", "2026-11", 40), by("t")));
            // a new weight for the same period replaces it
            outcomes.push_back(repo.put_kpi_version("DWP-1", kpi("CALLS", "2024-04", 30), by("t")));
            // withdrawing a KPI that was never in force
            outcomes.push_back(
                repo.put_kpi_version("DWP-1", kpi("GONE", "2026-11", 1, true), by("t")));
            // withdrawing CALLS from 2026-12
            outcomes.push_back(
                repo.put_kpi_version("DWP-1", kpi("CALLS", "2026-12", 30, true), by("t")));
        });
        BOOST_TEST((outcomes == std::vector<Upsert>{Upsert::kCreated, Upsert::kUnchanged,
                                                    Upsert::kUnchanged, Upsert::kUpdated,
                                                    Upsert::kUnchanged, Upsert::kCreated}));
        auto conn = db.acquire();
        auto c = ContractRepository(*conn).find("DWP-1");
        BOOST_REQUIRE(c->kpis.size() == 2u);
        BOOST_TEST(c->kpis[0].definition.weight == 30.0);
        BOOST_TEST(c->kpis[1].withdrawn);
        auto entries = AuditRepository(*conn).list("kpi", "DWP-1/CALLS", {});
        BOOST_REQUIRE(entries.size() == 3u);  // create, update, create (withdrawal)
        BOOST_TEST(entries[1].action == "update");
        BOOST_TEST(entries[1].before.find(R"("weight":40)") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("weight":30)") != std::string::npos);
    });
}

BOOST_AUTO_TEST_CASE(supplier_list_honours_every_filter) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            Flag f;
            f.rule = FlagRuleId::kLowContractScore;
            f.severity = Severity::kMedium;
            f.contract_id = "DWP-2";
            f.period = period("2026-09");
            FlagRepository(conn).insert(f, by("system"));
        });
        auto conn = db.acquire();
        SupplierRepository repo(*conn);
        using V = std::vector<std::string>;
        struct Case {
            const char* name;
            SupplierFilter filter;
            V expected;  // ordered by name
        };
        auto filter = [](auto&& set) {
            SupplierFilter f;
            set(f);
            return f;
        };
        const std::vector<Case> cases{
            {"no filter", {}, {kAcme.id, kBolt50.id, kBolt500.id, kCharity.id}},
            {"size small", filter([](auto& f) { f.size = SizeClass::kSmall; }), {kBolt50.id}},
            {"size sme is the class, not the group",
             filter([](auto& f) { f.size = SizeClass::kSme; }),
             {kCharity.id}},
            {"group sme",
             filter([](auto& f) { f.size_group = SizeGroup::kSme; }),
             {kBolt50.id, kBolt500.id, kCharity.id}},
            {"group large", filter([](auto& f) { f.size_group = SizeGroup::kLarge; }), {kAcme.id}},
            {"authority DWP",
             filter([](auto& f) { f.authority_id = kDwp.id; }),
             {kAcme.id, kBolt50.id}},
            {"flagged", filter([](auto& f) { f.flagged = true; }), {kBolt50.id}},
            {"not flagged",
             filter([](auto& f) { f.flagged = false; }),
             {kAcme.id, kBolt500.id, kCharity.id}},
            {"flagged within HMRC",
             filter([](auto& f) {
                 f.flagged = true;
                 f.authority_id = kHmrc.id;
             }),
             {}},
            {"q is case-insensitive", filter([](auto& f) { f.q = "ACME"; }), {kAcme.id}},
            {"q % is literal", filter([](auto& f) { f.q = "50%"; }), {kBolt50.id}},
            {"q _ is literal", filter([](auto& f) { f.q = "r_s"; }), {kCharity.id}},
            {"q _ is not a wildcard", filter([](auto& f) { f.q = "t_5"; }), {}},
            {"q ! is literal", filter([](auto& f) { f.q = "!"; }), {}},
            {"q matches the id", filter([](auto& f) { f.q = "gb-chc"; }), {kCharity.id}},
            {"page 2 of size 2",
             filter([](auto& f) {
                 f.page = Page{2, 2};
             }),
             {kBolt500.id, kCharity.id}},
            {"limit clamped to at least 1",
             filter([](auto& f) {
                 f.page = Page{0, 0};
             }),
             {kAcme.id}},
        };
        for (const auto& c : cases) {
            BOOST_TEST_CONTEXT("case " << c.name) {
                BOOST_TEST(ids_of(repo.list(c.filter)) == c.expected,
                           boost::test_tools::per_element());
                if (c.filter.page.limit >= 50)
                    BOOST_TEST(repo.count(c.filter) ==
                               static_cast<std::int64_t>(c.expected.size()));
            }
        }
        BOOST_TEST(repo.has_contract_with(kAcme.id, kDwp.id));
        BOOST_TEST(!repo.has_contract_with(kAcme.id, kHmrc.id));
    });
}

BOOST_AUTO_TEST_CASE(contract_list_honours_every_filter) {
    for_each_database([](Database& db) {
        seed_world(db);
        auto conn = db.acquire();
        ContractRepository repo(*conn);
        using V = std::vector<std::string>;
        struct Case {
            const char* name;
            ContractFilter filter;
            V expected;  // ordered by id
        };
        auto filter = [](auto&& set) {
            ContractFilter f;
            set(f);
            return f;
        };
        const std::vector<Case> cases{
            {"no filter", {}, {"DWP-1", "DWP-2", "HMRC-1"}},
            {"authority", filter([](auto& f) { f.authority_id = kDwp.id; }), {"DWP-1", "DWP-2"}},
            {"supplier", filter([](auto& f) { f.supplier_id = kBolt500.id; }), {"HMRC-1"}},
            {"status", filter([](auto& f) { f.status = ContractStatus::kExpired; }), {"DWP-2"}},
            {"q in title, any case", filter([](auto& f) { f.q = "ESTATES"; }), {"HMRC-1"}},
            {"q in id", filter([](auto& f) { f.q = "dwp-"; }), {"DWP-1", "DWP-2"}},
            {"q % is literal", filter([](auto& f) { f.q = "50% d"; }), {"DWP-2"}},
            {"q % alone matches only a %", filter([](auto& f) { f.q = "%"; }), {"DWP-2"}},
            {"page",
             filter([](auto& f) {
                 f.page = Page{1, 1};
             }),
             {"DWP-2"}},
        };
        for (const auto& c : cases) {
            BOOST_TEST_CONTEXT("case " << c.name) {
                BOOST_TEST(ids_of(repo.list(c.filter)) == c.expected,
                           boost::test_tools::per_element());
                if (c.filter.page.limit >= 50)
                    BOOST_TEST(repo.count(c.filter) ==
                               static_cast<std::int64_t>(c.expected.size()));
            }
        }
        BOOST_TEST(repo.ids_for_supplier(kAcme.id) == V{"DWP-1"}, boost::test_tools::per_element());
        BOOST_TEST(repo.all_ids() == (V{"DWP-1", "DWP-2", "HMRC-1"}),
                   boost::test_tools::per_element());
        BOOST_TEST(!repo.find("NOPE").has_value());
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ====================================================================== returns

BOOST_AUTO_TEST_SUITE(returns)

BOOST_AUTO_TEST_CASE(amendment_becomes_current_and_keeps_the_history) {
    for_each_database([](Database& db) {
        seed_world(db);
        ReturnVersion first, second;
        write(db, [&](Connection& conn) {
            ReturnRepository repo(conn);
            first = repo.add_version(
                return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z", {measured("CALLS", 93.2)}),
                by("acme"));
            auto amended =
                return_of("DWP-1", "2026-09", "2026-10-20T10:00:00Z", {measured("CALLS", 96.0)});
            amended.reason = "late call logs";
            second = repo.add_version(amended, by("acme", "2026-10-20T10:00:01Z"));
        });
        BOOST_TEST(first.version == 1);
        BOOST_TEST(second.version == 2);
        BOOST_TEST(first.id != 0);
        BOOST_TEST(second.id != first.id);

        auto conn = db.acquire();
        ReturnRepository repo(*conn);
        auto current = repo.current("DWP-1", period("2026-09"));
        BOOST_REQUIRE(current.has_value());
        BOOST_TEST(current->version == 2);
        BOOST_TEST(current->reason == "late call logs");
        BOOST_TEST(*current->figures.measures.at(0).value == 96.0);
        auto history = repo.history("DWP-1", period("2026-09"));
        BOOST_REQUIRE(history.size() == 2u);
        BOOST_TEST(history[0].version == 1);
        BOOST_TEST(*history[0].figures.measures.at(0).value == 93.2);
        BOOST_TEST(history[1].version == 2);
        BOOST_TEST(conn->query_one("SELECT COUNT(*) FROM return_versions WHERE is_current = 1")
                       ->
                       operator[](0)
                       .as_int() == 1);
        BOOST_TEST(!repo.current("DWP-1", period("2026-08")).has_value());

        auto entries = AuditRepository(*conn).list("return", "DWP-1/2026-09", {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(entries[0].action == "create");
        BOOST_TEST(entries[1].action == "amend");
        BOOST_TEST(entries[1].before.find(R"("value":93.2)") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("value":96)") != std::string::npos);
    });
}

BOOST_AUTO_TEST_CASE(measures_round_trip_in_the_order_received) {
    for_each_database([](Database& db) {
        seed_world(db);
        Measure na;
        na.kpi_code = "CSAT";
        na.status = MeasureStatus::kNotApplicable;
        na.comment = "Survey suspended in September — see letter";
        Measure evidence = measured("CALLS", 93.2);
        evidence.numerator = 93200;
        evidence.denominator = 100000;
        Measure commented = measured("AHT", 0.0);
        commented.comment = "Storm outage on 14th";
        const std::vector<Measure> sent{evidence, na, commented};  // not in code order
        write(db, [&](Connection& conn) {
            ReturnRepository(conn).add_version(
                return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z", sent), by("acme"));
        });
        auto conn = db.acquire();
        auto current = ReturnRepository(*conn).current("DWP-1", period("2026-09"));
        BOOST_REQUIRE(current.has_value());
        BOOST_TEST(current->figures.measures == sent);
        BOOST_TEST(format_timestamp(current->figures.submitted) == "2026-10-05T10:00:00Z");
        BOOST_TEST(current->submitted_by == "acme-returns");
        BOOST_TEST(current->document_id == 0);
    });
}

BOOST_AUTO_TEST_CASE(large_return_is_stored_across_several_insert_statements) {
    for_each_database([](Database& db) {
        seed_world(db);
        // 1201 measures: statements of 500, 500 and 201 rows.
        std::vector<Measure> sent;
        for (int i = 0; i < 1201; ++i)
            sent.push_back(measured("K" + std::to_string(10000 + i), i * 0.5));
        write(db, [&](Connection& conn) {
            ReturnRepository(conn).add_version(
                return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z", sent), by("acme"));
        });
        auto conn = db.acquire();
        BOOST_TEST(count_rows(*conn, "measures") == 1201);
        auto current = ReturnRepository(*conn).current("DWP-1", period("2026-09"));
        BOOST_TEST(current->figures.measures == sent);
    });
}

BOOST_AUTO_TEST_CASE(current_versions_as_of_a_day_count_only_what_was_submitted_by_then) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            ReturnRepository repo(conn);
            // Added out of period order: results come back ascending by period.
            repo.add_version(
                return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z", {measured("CALLS", 91)}),
                by("acme"));
            repo.add_version(
                return_of("DWP-1", "2026-08", "2026-09-05T10:00:00Z", {measured("CALLS", 90)}),
                by("acme"));
            repo.add_version(
                return_of("DWP-1", "2026-09", "2026-10-20T23:59:59Z", {measured("CALLS", 92)}),
                by("acme"));
            repo.add_version(
                return_of("HMRC-1", "2026-09", "2026-10-01T00:00:00Z", {measured("CALLS", 1)}),
                by("bolt"));
        });
        auto conn = db.acquire();
        ReturnRepository repo(*conn);
        auto summary = [](const std::vector<ReturnVersion>& versions) {
            std::vector<std::string> out;
            for (const auto& v : versions)
                out.push_back(v.figures.period.to_string() + " v" + std::to_string(v.version) +
                              " " +
                              std::to_string(static_cast<int>(*v.figures.measures.at(0).value)));
            return out;
        };
        using V = std::vector<std::string>;
        BOOST_TEST(summary(repo.current_versions("DWP-1")) == (V{"2026-08 v1 90", "2026-09 v2 92"}),
                   boost::test_tools::per_element());
        // The amendment was submitted at 23:59:59 on the 20th: it counts on the 20th...
        BOOST_TEST(summary(repo.current_versions("DWP-1", date("2026-10-20"))) ==
                       (V{"2026-08 v1 90", "2026-09 v2 92"}),
                   boost::test_tools::per_element());
        // ...not on the 19th, when version 1 was the latest submitted.
        BOOST_TEST(summary(repo.current_versions("DWP-1", date("2026-10-19"))) ==
                       (V{"2026-08 v1 90", "2026-09 v1 91"}),
                   boost::test_tools::per_element());
        BOOST_TEST(
            summary(repo.current_versions("DWP-1", date("2026-10-04"))) == (V{"2026-08 v1 90"}),
            boost::test_tools::per_element());
        BOOST_TEST(repo.current_versions("DWP-1", date("2026-09-04")).empty());
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ====================================================================== documents

BOOST_AUTO_TEST_SUITE(documents)

BOOST_AUTO_TEST_CASE(identical_bytes_are_stored_once_and_every_receipt_is_kept) {
    for_each_database([](Database& db) {
        DocumentRecord doc;
        doc.sha256 = std::string(64, 'a');
        doc.kind = "KpiReturn";
        doc.sender = "acme";
        doc.channel = Channel::kApiUpload;
        doc.source = "upload.xml";
        doc.received = ts("2026-10-05T10:00:00Z");
        // Bytes exactly as received, including a NUL and bytes that are not UTF-8.
        const char raw[] = "<?xml version=\"1.0\"?>\r\n<KpiReturn/>\x00\xff\xfe";
        doc.content = std::string(raw, sizeof raw - 1);  // 21 + 2 + 12 + 3 = 38 bytes
        std::int64_t first = 0, second = 0, rejected = 0;
        write(db, [&](Connection& conn) {
            DocumentRepository repo(conn);
            first = repo.archive(doc);
            repo.set_outcome(first, DocumentOutcome::kAccepted, {}, "KpiReturn");
            second = repo.archive(doc);
            repo.set_outcome(second, DocumentOutcome::kUnchanged, {}, "KpiReturn");
            DocumentRecord other = doc;
            other.sha256 = std::string(64, 'b');
            other.content = "<broken";
            rejected = repo.archive(other);
        });
        auto conn = db.acquire();
        DocumentRepository repo(*conn);
        BOOST_TEST(first != second);
        BOOST_TEST(count_rows(*conn, "documents") == 3);
        BOOST_TEST(count_rows(*conn, "document_contents") == 2);  // a, b
        auto found = repo.find(second);
        BOOST_REQUIRE(found.has_value());
        BOOST_TEST(found->content == doc.content);
        BOOST_TEST(found->content.size() == 38u);
        BOOST_TEST(found->outcome == DocumentOutcome::kUnchanged);
        BOOST_TEST(found->sender == "acme");
        BOOST_TEST(found->channel == Channel::kApiUpload);
        BOOST_TEST(found->source == "upload.xml");
        BOOST_TEST(format_timestamp(found->received) == "2026-10-05T10:00:00Z");
        BOOST_TEST(repo.find(rejected)->outcome == DocumentOutcome::kPending);
        BOOST_TEST(!repo.find(999999).has_value());

        // An earlier accepted-or-unchanged document with the same bytes, never itself.
        BOOST_TEST((repo.find_accepted(doc.sha256, second) == std::optional<std::int64_t>(first)));
        BOOST_TEST((repo.find_accepted(doc.sha256, first) == std::optional<std::int64_t>(second)));
        BOOST_TEST(!repo.find_accepted(std::string(64, 'b'), 0).has_value());  // pending only
    });
}

BOOST_AUTO_TEST_CASE(rejected_document_keeps_every_problem) {
    for_each_database([](Database& db) {
        DocumentRecord doc;
        doc.sha256 = std::string(64, 'c');
        doc.kind = "";
        doc.sender = "bolt";
        doc.channel = Channel::kCliImport;
        doc.received = ts("2026-10-06T11:00:00Z");
        doc.content = "<KpiReturn/>";
        const std::vector<Problem> problems{
            {"unknown_kpi",
             "KPI \"CALLZ\" is not one of the contract's codes\n(did you mean CALLS?)", 3, 7,
             "return.xml"},
            {"value_range", "percent 101.5 is above 100 — «tab\there» \\ backslash", 4, 12,
             "return.xml"},
            {"missing_contract", "", 0, 0, ""},
        };
        std::int64_t id = 0;
        write(db, [&](Connection& conn) {
            DocumentRepository repo(conn);
            id = repo.archive(doc);
            repo.set_outcome(id, DocumentOutcome::kRejected, problems, "KpiReturn");
        });
        auto conn = db.acquire();
        auto found = DocumentRepository(*conn).find(id);
        BOOST_REQUIRE(found.has_value());
        BOOST_TEST(found->outcome == DocumentOutcome::kRejected);
        BOOST_TEST(found->kind == "KpiReturn");
        BOOST_REQUIRE(found->errors.size() == problems.size());
        for (std::size_t i = 0; i < problems.size(); ++i) {
            BOOST_TEST_CONTEXT("problem " << i) {
                BOOST_TEST(found->errors[i].code == problems[i].code);
                BOOST_TEST(found->errors[i].message == problems[i].message);
                BOOST_TEST(found->errors[i].line == problems[i].line);
                BOOST_TEST(found->errors[i].column == problems[i].column);
                BOOST_TEST(found->errors[i].document == problems[i].document);
            }
        }
        BOOST_TEST(found->channel == Channel::kCliImport);
        BOOST_TEST(error_code_of([&] {
                       DocumentRepository(*conn).set_outcome(424242, DocumentOutcome::kAccepted, {},
                                                             "KpiReturn");
                   }) == ErrorCode::kNotFound);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ====================================================================== scores

BOOST_AUTO_TEST_SUITE(scores)

PeriodScore scored(const std::string& p, std::optional<double> score, Rating rating,
                   std::vector<MeasureScore> measures) {
    PeriodScore s;
    s.period = period(p);
    s.score = score;
    s.rating = rating;
    s.measures = std::move(measures);
    return s;
}

BOOST_AUTO_TEST_CASE(contract_scores_are_replaced_as_a_whole) {
    for_each_database([](Database& db) {
        seed_world(db);
        // 2026-08: CALLS good (100 × 40), COMPLAINTS inadequate (0 × 20): 4000 / 60 = 66.67
        // 2026-09: every KPI `other`: no score.
        const std::vector<PeriodScore> first{
            scored("2026-08", 4000.0 / 60, Rating::kApproaching,
                   {{"CALLS", 96.0, Rating::kGood, 100, 40},
                    {"COMPLAINTS", 13.0, Rating::kInadequate, 0, 20}}),
            scored("2026-09", std::nullopt, Rating::kMissing,
                   {{"CALLS", std::nullopt, Rating::kOther, 0, 40}}),
        };
        write(db, [&](Connection& conn) {
            ScoreRepository(conn).replace_contract_scores("DWP-1", first);
        });
        {
            auto conn = db.acquire();
            auto back = ScoreRepository(*conn).period_scores("DWP-1");
            BOOST_REQUIRE(back.size() == 2u);
            BOOST_TEST(back[0].period == period("2026-08"));
            BOOST_TEST(*back[0].score == 4000.0 / 60);
            BOOST_TEST(back[0].rating == Rating::kApproaching);
            BOOST_TEST(back[0].measures == first[0].measures, boost::test_tools::per_element());
            BOOST_TEST(!back[1].score.has_value());
            BOOST_TEST(back[1].measures == first[1].measures, boost::test_tools::per_element());
            // Current: the latest period with a score is 2026-08 (2026-09 has none).
            auto current = conn->query_one(
                "SELECT period, score, rating FROM contract_scores WHERE contract_id = ?",
                {"DWP-1"});
            BOOST_REQUIRE(current.has_value());
            BOOST_TEST((*current)[0].as_text() == "2026-08");
            BOOST_TEST((*current)[2].as_text() == "approaching");
        }
        const std::vector<PeriodScore> second{
            scored("2026-10", 100.0, Rating::kGood, {{"CALLS", 97.0, Rating::kGood, 100, 40}}),
        };
        write(db, [&](Connection& conn) {
            ScoreRepository(conn).replace_contract_scores("DWP-1", second);
        });
        auto conn = db.acquire();
        auto back = ScoreRepository(*conn).period_scores("DWP-1");
        BOOST_REQUIRE(back.size() == 1u);
        BOOST_TEST(back[0].period == period("2026-10"));
        BOOST_TEST(count_rows(*conn, "measure_scores") == 1);
        BOOST_TEST(
            conn->query_one("SELECT period FROM contract_scores WHERE contract_id = ?", {"DWP-1"})
                ->
                operator[](0)
                .as_text() == "2026-10");
        BOOST_TEST(ScoreRepository(*conn).period_scores("HMRC-1").empty());
    });
}

BOOST_AUTO_TEST_CASE(many_periods_of_measure_scores_round_trip) {
    for_each_database([](Database& db) {
        seed_world(db);
        // 24 months × 30 KPIs = 720 measure rows: two INSERT statements (500 + 220).
        std::vector<PeriodScore> periods;
        Period p = period("2025-01");
        for (int m = 0; m < 24; ++m, p = p.next()) {
            std::vector<MeasureScore> measures;
            for (int k = 0; k < 30; ++k)
                measures.push_back(
                    {"K" + std::to_string(10 + k), k * 1.25, Rating::kGood, 100, 1.0});
            periods.push_back(scored(p.to_string(), 100.0, Rating::kGood, measures));
        }
        write(db, [&](Connection& conn) {
            ScoreRepository(conn).replace_contract_scores("DWP-1", periods);
        });
        auto conn = db.acquire();
        BOOST_TEST(count_rows(*conn, "measure_scores") == 720);
        auto back = ScoreRepository(*conn).period_scores("DWP-1");
        BOOST_REQUIRE(back.size() == 24u);
        BOOST_TEST(back.front().period == period("2025-01"));
        BOOST_TEST(back.back().period == period("2026-12"));
        BOOST_TEST(back[5].measures == periods[5].measures, boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_CASE(supplier_scores_are_put_and_grouped_by_size) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            ScoreRepository repo(conn);
            repo.put_supplier_score(kAcme.id, 88.5, default_policy().bands);
            repo.put_supplier_score(kBolt50.id, 70.0, default_policy().bands);
            repo.put_supplier_score(kBolt500.id, 40.0, default_policy().bands);
            repo.put_supplier_score(kCharity.id, 55.0, default_policy().bands);
            repo.put_supplier_score(kCharity.id, std::nullopt,
                                    default_policy().bands);  // it has none any more
            repo.put_supplier_score(kBolt500.id, 42.0, default_policy().bands);  // replaced
        });
        auto conn = db.acquire();
        ScoreRepository repo(*conn);
        BOOST_TEST(*repo.supplier_score(kAcme.id) == 88.5);
        BOOST_TEST(!repo.supplier_score(kCharity.id).has_value());
        BOOST_TEST(repo.supplier_scores(SizeGroup::kLarge) == std::vector<double>{88.5},
                   boost::test_tools::per_element());
        BOOST_TEST(repo.supplier_scores(SizeGroup::kSme) == (std::vector<double>{42.0, 70.0}),
                   boost::test_tools::per_element());
        // The same class counted by the database: SME scores 42 and 70.
        BOOST_TEST(repo.class_count(SizeGroup::kSme, 42.0).at_or_below == 1);
        BOOST_TEST(repo.class_count(SizeGroup::kSme, 42.0).total == 2);
        BOOST_TEST(repo.class_count(SizeGroup::kSme, 70.0).at_or_below == 2);
        BOOST_TEST(repo.class_count(SizeGroup::kLarge, 50.0).at_or_below == 0);  // 88.5 > 50
        BOOST_TEST(repo.class_count(SizeGroup::kLarge, 50.0).total == 1);
        // Rating by the §3.4 bands: 88.5 ≥ 85 is good.
        BOOST_TEST(
            conn->query_one("SELECT rating FROM supplier_scores WHERE supplier_id = ?", {kAcme.id})
                ->
                operator[](0)
                .as_text() == "good");
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ====================================================================== flags

BOOST_AUTO_TEST_SUITE(flags)

Flag flag(FlagRuleId rule, Severity severity, const std::string& contract_id,
          const std::string& kpi_code, const std::string& p, const std::string& raised) {
    Flag f;
    f.rule = rule;
    f.severity = severity;
    f.contract_id = contract_id;
    f.kpi_code = kpi_code;
    f.period = period(p);
    f.detail = "fired";
    f.raised = ts(raised);
    return f;
}

BOOST_AUTO_TEST_CASE(flag_life_insert_refresh_resolve_dismiss) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::int64_t inadequate = 0, low = 0, missing = 0;
        write(db, [&](Connection& conn) {
            FlagRepository repo(conn);
            inadequate = repo.insert(flag(FlagRuleId::kInadequateKpi, Severity::kHigh, "DWP-1",
                                          "CALLS", "2026-08", "2026-09-05T10:00:00Z"),
                                     by("system"));
            low = repo.insert(flag(FlagRuleId::kLowContractScore, Severity::kMedium, "DWP-1", "",
                                   "2026-08", "2026-09-05T10:00:00Z"),
                              by("system"));
            missing = repo.insert(flag(FlagRuleId::kMissingReturn, Severity::kLow, "DWP-1", "",
                                       "2026-07", "2026-08-20T00:00:00Z"),
                                  by("system"));
        });
        write(db, [&](Connection& conn) {
            FlagRepository repo(conn);
            repo.refresh(inadequate, Severity::kHigh, period("2026-09"), "CALLS 80 < 85",
                         by("system", "2026-10-05T10:00:00Z"));
            repo.resolve(low, by("system", "2026-10-05T10:00:00Z"));
            repo.dismiss(missing, "return received by post", by("carol", "2026-10-06T09:00:00Z"));
        });
        auto conn = db.acquire();
        FlagRepository repo(*conn);

        auto refreshed = repo.find(inadequate);
        BOOST_REQUIRE(refreshed.has_value());
        // Supplier and authority were taken from the contract.
        BOOST_TEST(refreshed->supplier_id == kAcme.id);
        BOOST_TEST(refreshed->authority_id == kDwp.id);
        BOOST_TEST(refreshed->period == period("2026-09"));
        BOOST_TEST(refreshed->detail == "CALLS 80 < 85");
        BOOST_TEST(refreshed->status == FlagStatus::kOpen);
        BOOST_TEST(format_timestamp(refreshed->raised) == "2026-09-05T10:00:00Z");
        BOOST_TEST(!refreshed->closed.has_value());

        auto resolved = repo.find(low);
        BOOST_TEST(resolved->status == FlagStatus::kResolved);
        BOOST_TEST(format_timestamp(*resolved->closed) == "2026-10-05T10:00:00Z");

        auto dismissed = repo.find(missing);
        BOOST_TEST(dismissed->status == FlagStatus::kDismissed);
        BOOST_TEST(dismissed->dismissed_by == "carol");
        BOOST_TEST(dismissed->dismiss_reason == "return received by post");
        BOOST_TEST(format_timestamp(*dismissed->closed) == "2026-10-06T09:00:00Z");

        // What an evaluation compares against: open and dismissed, not resolved.
        BOOST_TEST(
            ids_of(repo.for_contract("DWP-1")) == (std::vector<std::int64_t>{inadequate, missing}),
            boost::test_tools::per_element());

        auto entries = AuditRepository(*conn).list("flag", std::to_string(missing), {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(entries[1].action == "dismiss");
        BOOST_TEST(entries[1].actor == "carol");
        BOOST_TEST(entries[1].before.find(R"("status":"open")") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("status":"dismissed")") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("dismiss_reason":"return received by post")") !=
                   std::string::npos);
        BOOST_TEST(AuditRepository(*conn).list("flag", std::to_string(inadequate), {}).size() ==
                   2u);  // create, update

        // Closed flags stay closed; unknown ones are not found.
        BOOST_TEST(error_code_of([&] { repo.dismiss(missing, "again", by("carol")); }) ==
                   ErrorCode::kConflict);
        BOOST_TEST(error_code_of([&] { repo.resolve(low, by("system")); }) == ErrorCode::kConflict);
        BOOST_TEST(error_code_of([&] {
                       repo.refresh(low, Severity::kLow, period("2026-09"), "", by("system"));
                   }) == ErrorCode::kConflict);
        BOOST_TEST(error_code_of([&] { repo.dismiss(987654, "x", by("carol")); }) ==
                   ErrorCode::kNotFound);
    });
}

BOOST_AUTO_TEST_CASE(open_flags_are_resolved_together_or_not_at_all) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::vector<std::int64_t> ids;
        write(db, [&](Connection& conn) {
            FlagRepository repo(conn);
            for (const char* p : {"2026-06", "2026-07", "2026-08"})
                ids.push_back(repo.insert(flag(FlagRuleId::kMissingReturn, Severity::kLow, "DWP-1",
                                               "", p, "2026-09-01T00:00:00Z"),
                                          by("system")));
        });
        // The first two, as an evaluation reads them, resolved in one go.
        write(db, [&](Connection& conn) {
            FlagRepository repo(conn);
            std::vector<Flag> open = repo.for_contract("DWP-1");
            BOOST_REQUIRE(open.size() == 3u);
            open.pop_back();
            repo.resolve_all(open, by("system", "2026-10-01T00:00:00Z"));
        });
        auto conn = db.acquire();
        FlagRepository repo(*conn);
        for (std::size_t i = 0; i < 2; ++i) {
            auto f = repo.find(ids[i]);
            BOOST_TEST((f->status == FlagStatus::kResolved));
            BOOST_TEST(format_timestamp(*f->closed) == "2026-10-01T00:00:00Z");
            auto entries = AuditRepository(*conn).list("flag", std::to_string(ids[i]), {});
            BOOST_REQUIRE(entries.size() == 2u);  // create, resolve
            BOOST_TEST(entries[1].action == "resolve");
            BOOST_TEST(entries[1].after.find(R"("status":"resolved")") != std::string::npos);
        }
        BOOST_TEST((repo.find(ids[2])->status == FlagStatus::kOpen));
        // One of them already resolved: a conflict, and the other stays open.
        std::vector<Flag> again{*repo.find(ids[2]), *repo.find(ids[0])};
        again[1].status = FlagStatus::kOpen;  // as a stale read would have it
        BOOST_TEST(error_code_of([&] {
                       store::Transaction tx(*conn, TxMode::kWrite);
                       repo.resolve_all(again, by("system"));
                       tx.commit();
                   }) == ErrorCode::kConflict);
        BOOST_TEST((repo.find(ids[2])->status == FlagStatus::kOpen));
        BOOST_TEST(AuditRepository(*conn).list("flag", std::to_string(ids[2]), {}).size() == 1u);
    });
}

BOOST_AUTO_TEST_CASE(flag_list_filters_and_pages_newest_first) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::vector<std::int64_t> ids;
        write(db, [&](Connection& conn) {
            FlagRepository repo(conn);
            // ids[0..3], raised on increasing days
            ids.push_back(repo.insert(flag(FlagRuleId::kInadequateKpi, Severity::kHigh, "DWP-1",
                                           "CALLS", "2026-08", "2026-09-01T00:00:00Z"),
                                      by("system")));
            ids.push_back(repo.insert(flag(FlagRuleId::kLowContractScore, Severity::kMedium,
                                           "DWP-2", "", "2026-08", "2026-09-02T00:00:00Z"),
                                      by("system")));
            ids.push_back(repo.insert(flag(FlagRuleId::kMissingReturn, Severity::kLow, "HMRC-1", "",
                                           "2026-08", "2026-09-03T00:00:00Z"),
                                      by("system")));
            ids.push_back(repo.insert(flag(FlagRuleId::kInadequateKpi, Severity::kHigh, "HMRC-1",
                                           "AHT", "2026-08", "2026-09-04T00:00:00Z"),
                                      by("system")));
            repo.resolve(ids[3], by("system"));
        });
        auto conn = db.acquire();
        FlagRepository repo(*conn);
        using V = std::vector<std::int64_t>;
        struct Case {
            const char* name;
            FlagFilter filter;
            V expected;  // newest first
        };
        auto filter = [](auto&& set) {
            FlagFilter f;
            set(f);
            return f;
        };
        const std::vector<Case> cases{
            {"all", {}, {ids[3], ids[2], ids[1], ids[0]}},
            {"open",
             filter([](auto& f) { f.status = FlagStatus::kOpen; }),
             {ids[2], ids[1], ids[0]}},
            {"rule",
             filter([](auto& f) { f.rule = FlagRuleId::kInadequateKpi; }),
             {ids[3], ids[0]}},
            {"severity", filter([](auto& f) { f.severity = Severity::kMedium; }), {ids[1]}},
            {"supplier", filter([](auto& f) { f.supplier_id = kBolt500.id; }), {ids[3], ids[2]}},
            {"authority", filter([](auto& f) { f.authority_id = kDwp.id; }), {ids[1], ids[0]}},
            {"contract", filter([](auto& f) { f.contract_id = "DWP-1"; }), {ids[0]}},
            {"open in HMRC",
             filter([](auto& f) {
                 f.status = FlagStatus::kOpen;
                 f.authority_id = kHmrc.id;
             }),
             {ids[2]}},
            {"second page of two",
             filter([](auto& f) {
                 f.page = Page{2, 2};
             }),
             {ids[1], ids[0]}},
        };
        for (const auto& c : cases) {
            BOOST_TEST_CONTEXT("case " << c.name) {
                BOOST_TEST(ids_of(repo.list(c.filter)) == c.expected,
                           boost::test_tools::per_element());
                if (c.filter.page.limit >= 50)
                    BOOST_TEST(repo.count(c.filter) ==
                               static_cast<std::int64_t>(c.expected.size()));
            }
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ====================================================================== reviews

BOOST_AUTO_TEST_SUITE(reviews)

BOOST_AUTO_TEST_CASE(one_open_review_per_supplier_through_its_workflow) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::int64_t id = 0, comment_id = 0, action_id = 0;
        write(db, [&](Connection& conn) {
            ReviewRepository repo(conn);
            Review r;
            r.supplier_id = kAcme.id;
            r.state = ReviewState::kProposed;
            r.opened = ts("2026-10-05T10:00:00Z");
            r.reason = "open high-severity flag inadequate_kpi on DWP-1";
            r.transitions.push_back({ReviewState::kProposed, ReviewState::kProposed, "system",
                                     ts("2026-10-05T10:00:00Z"), "opened by flag evaluation"});
            id = repo.create(r, by("system"));
        });
        BOOST_TEST(error_code_of([&] {
                       write_once(db, [&](Connection& conn) {
                           Review again;
                           again.supplier_id = kAcme.id;
                           ReviewRepository(conn).create(again, by("system"));
                       });
                   }) == ErrorCode::kConflict);
        write(db, [&](Connection& conn) {
            ReviewRepository repo(conn);
            repo.transition(id,
                            {ReviewState::kProposed, ReviewState::kScheduled, "carol",
                             ts("2026-10-06T09:00:00Z"), "meeting on 20 October"},
                            by("carol", "2026-10-06T09:00:00Z"));
            comment_id = repo.add_comment(
                id,
                {0, "acme-am", Role::kSupplier, ts("2026-10-07T12:00:00Z"), "We'll bring data."},
                by("acme-am", "2026-10-07T12:00:00Z"));
            action_id = repo.add_action(
                id, {0, "Recruit 10 agents", "Acme", date("2026-12-01"), true}, by("carol"));
        });
        // A transition from a state the review is not in is refused.
        BOOST_TEST(error_code_of([&] {
                       write_once(db, [&](Connection& conn) {
                           ReviewRepository(conn).transition(
                               id, {ReviewState::kProposed, ReviewState::kClosed, "carol", {}, ""},
                               by("carol"));
                       });
                   }) == ErrorCode::kConflict);
        BOOST_TEST(error_code_of([&] {
                       write(db, [&](Connection& conn) {
                           ReviewRepository(conn).add_comment(424242, {}, by("carol"));
                       });
                   }) == ErrorCode::kNotFound);
        {
            auto conn = db.acquire();
            ReviewRepository repo(*conn);
            auto open = repo.open_for_supplier(kAcme.id);
            BOOST_REQUIRE(open.has_value());
            BOOST_TEST(open->id == id);
            auto r = repo.find(id);
            BOOST_REQUIRE(r.has_value());
            BOOST_TEST(r->state == ReviewState::kScheduled);
            BOOST_TEST(r->reason == "open high-severity flag inadequate_kpi on DWP-1");
            BOOST_TEST(format_timestamp(r->opened) == "2026-10-05T10:00:00Z");
            BOOST_REQUIRE(r->transitions.size() == 2u);
            BOOST_TEST(r->transitions[1].from == ReviewState::kProposed);
            BOOST_TEST(r->transitions[1].to == ReviewState::kScheduled);
            BOOST_TEST(r->transitions[1].by == "carol");
            BOOST_TEST(r->transitions[1].note == "meeting on 20 October");
            BOOST_REQUIRE(r->comments.size() == 1u);
            BOOST_TEST(r->comments[0].id == comment_id);
            BOOST_TEST(r->comments[0].role == Role::kSupplier);
            BOOST_TEST(r->comments[0].text == "We'll bring data.");
            BOOST_REQUIRE(r->actions.size() == 1u);
            BOOST_TEST(r->actions[0].id == action_id);
            BOOST_TEST(r->actions[0].owner == "Acme");
            BOOST_TEST(format_date(*r->actions[0].due) == "2026-12-01");
            BOOST_TEST(r->actions[0].agreed);

            auto listed = repo.list(kAcme.id, ReviewState::kScheduled, {});
            BOOST_REQUIRE(listed.size() == 1u);
            BOOST_TEST(listed[0].comments.empty());  // lists leave comments out
            BOOST_TEST(listed[0].transitions.size() == 2u);
            BOOST_TEST(repo.list(kAcme.id, ReviewState::kClosed, {}).empty());
            BOOST_TEST(repo.list("", std::nullopt, {}).size() == 1u);
        }
        // Closed, it no longer blocks a new review.
        std::int64_t second = 0;
        write(db, [&](Connection& conn) {
            ReviewRepository repo(conn);
            repo.transition(id,
                            {ReviewState::kScheduled, ReviewState::kClosed, "carol", {}, "done"},
                            by("carol", "2026-11-01T09:00:00Z"));
            BOOST_TEST(!repo.open_for_supplier(kAcme.id).has_value());
            Review r;
            r.supplier_id = kAcme.id;
            r.reason = "flags again";
            second = repo.create(r, by("system", "2026-12-01T09:00:00Z"));
        });
        auto conn = db.acquire();
        ReviewRepository repo(*conn);
        BOOST_TEST(repo.open_for_supplier(kAcme.id)->id == second);
        // Unset times take the change's time.
        BOOST_TEST(format_timestamp(repo.find(second)->opened) == "2026-12-01T09:00:00Z");
        auto listed = repo.list(kAcme.id, std::nullopt, {});
        BOOST_REQUIRE(listed.size() == 2u);
        BOOST_TEST(listed[0].id == second);  // newest first
        auto entries = AuditRepository(*conn).list("review", std::to_string(id), {});
        std::vector<std::string> actions;
        for (const auto& e : entries)
            actions.push_back(e.action);
        BOOST_TEST(actions == (std::vector<std::string>{"create", "transition", "comment", "action",
                                                        "transition"}),
                   boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ====================================================================== disputes

BOOST_AUTO_TEST_SUITE(disputes)

BOOST_AUTO_TEST_CASE(disputes_of_ratings_and_flags_are_open_until_decided) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::int64_t rating_dispute = 0, flag_dispute = 0, flag_id = 0;
        write(db, [&](Connection& conn) {
            Flag f;
            f.rule = FlagRuleId::kLowContractScore;
            f.severity = Severity::kMedium;
            f.contract_id = "DWP-1";
            f.period = period("2026-09");
            flag_id = FlagRepository(conn).insert(f, by("system"));

            DisputeRepository repo(conn);
            Dispute d;
            d.supplier_id = kAcme.id;
            d.contract_id = "DWP-1";
            d.kpi_code = "CALLS";
            d.period = period("2026-09");
            d.reason = "The call logs were incomplete";
            d.raised_by = "acme-am";
            d.raised = ts("2026-10-06T09:00:00Z");
            rating_dispute = repo.create(d, by("acme-am", "2026-10-06T09:00:00Z"));

            Dispute on_flag;
            on_flag.flag_id = flag_id;
            on_flag.reason = "score includes a withdrawn KPI";
            flag_dispute = repo.create(on_flag, by("acme-am", "2026-10-07T09:00:00Z"));
        });
        {
            auto conn = db.acquire();
            DisputeRepository repo(*conn);
            auto open = repo.open_for_contract("DWP-1");
            BOOST_REQUIRE(open.size() == 2u);
            BOOST_TEST(open[0].id == rating_dispute);
            BOOST_TEST(open[0].kpi_code == "CALLS");
            BOOST_TEST((open[0].period == std::optional<Period>(period("2026-09"))));
            BOOST_TEST(open[0].flag_id == 0);
            // A flag's dispute belongs to the flag's contract and supplier.
            BOOST_TEST(open[1].id == flag_dispute);
            BOOST_TEST(open[1].flag_id == flag_id);
            BOOST_TEST(open[1].supplier_id == kAcme.id);
            BOOST_TEST(open[1].raised_by == "acme-am");
            BOOST_TEST(!open[1].period.has_value());
        }
        write(db, [&](Connection& conn) {
            DisputeRepository(conn).decide(rating_dispute, DisputeStatus::kUpheld, "logs confirmed",
                                           by("carol", "2026-10-08T09:00:00Z"));
        });
        auto conn = db.acquire();
        DisputeRepository repo(*conn);
        auto decided = repo.find(rating_dispute);
        BOOST_REQUIRE(decided.has_value());
        BOOST_TEST(decided->status == DisputeStatus::kUpheld);
        BOOST_TEST(decided->decided_by == "carol");
        BOOST_TEST(decided->decision_reason == "logs confirmed");
        BOOST_TEST(format_timestamp(*decided->decided) == "2026-10-08T09:00:00Z");
        BOOST_TEST(repo.open_for_contract("DWP-1").size() == 1u);
        BOOST_TEST(error_code_of([&] {
                       repo.decide(rating_dispute, DisputeStatus::kRejected, "no", by("carol"));
                   }) == ErrorCode::kConflict);
        BOOST_TEST(error_code_of([&] {
                       repo.decide(flag_dispute, DisputeStatus::kOpen, "?", by("carol"));
                   }) == ErrorCode::kBadRequest);
        BOOST_TEST(error_code_of([&] {
                       repo.decide(999, DisputeStatus::kRejected, "?", by("carol"));
                   }) == ErrorCode::kNotFound);
        auto entries = AuditRepository(*conn).list("dispute", std::to_string(rating_dispute), {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(entries[1].action == "decide");
        BOOST_TEST(entries[1].after.find(R"("status":"upheld")") != std::string::npos);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ====================================================================== accounts

BOOST_AUTO_TEST_SUITE(accounts)

BOOST_AUTO_TEST_CASE(users_are_unique_by_name) {
    for_each_database([](Database& db) {
        std::int64_t id = 0;
        User carol;
        carol.name = "carol";
        carol.role = Role::kCommercial;
        carol.authority_id = kDwp.id;
        carol.password_hash = "$pbkdf2-sha256$i=100000$c2FsdA$aGFzaA";
        write(db, [&](Connection& conn) { id = UserRepository(conn).add(carol, by("admin")); });
        BOOST_TEST(error_code_of([&] {
                       write_once(db, [&](Connection& conn) {
                           UserRepository(conn).add(carol, by("admin"));
                       });
                   }) == ErrorCode::kConflict);
        auto conn = db.acquire();
        UserRepository repo(*conn);
        auto by_name = repo.find("carol");
        BOOST_REQUIRE(by_name.has_value());
        BOOST_TEST(by_name->id == id);
        BOOST_TEST(by_name->role == Role::kCommercial);
        BOOST_TEST(by_name->authority_id == kDwp.id);
        BOOST_TEST(by_name->supplier_id == "");
        BOOST_TEST(by_name->password_hash == carol.password_hash);
        BOOST_TEST(repo.find(id)->name == "carol");
        BOOST_TEST(!repo.find("dave").has_value());
        auto entries = AuditRepository(*conn).list("user", "carol", {});
        BOOST_REQUIRE(entries.size() == 1u);
        // The audit log is exported: it never holds the password hash.
        BOOST_TEST(entries[0].after.find("pbkdf2") == std::string::npos);
        BOOST_TEST(entries[0].after.find(R"("has_password":true)") != std::string::npos);
    });
}

BOOST_AUTO_TEST_CASE(only_unrevoked_unexpired_tokens_find_their_account) {
    for_each_database([](Database& db) {
        const Timestamp now = ts("2026-10-05T10:00:00Z");
        std::int64_t revoked = 0;
        write(db, [&](Connection& conn) {
            UserRepository repo(conn);
            User u;
            u.name = "acme-am";
            u.role = Role::kSupplier;
            u.supplier_id = kAcme.id;
            const std::int64_t id = repo.add(u, by("admin"));
            repo.add_token(id, std::string(64, '1'), std::nullopt, by("admin"));
            repo.add_token(id, std::string(64, '2'), ts("2026-10-05T10:00:01Z"), by("admin"));
            repo.add_token(id, std::string(64, '3'), now, by("admin"));  // expires at `now`
            repo.add_token(id, std::string(64, '4'), ts("2026-10-04T00:00:00Z"), by("admin"));
            revoked = repo.add_token(id, std::string(64, '5'), std::nullopt, by("admin"));
            repo.revoke_token(revoked, by("admin"));
            repo.revoke_token(revoked, by("admin"));  // again: no change
        });
        auto conn = db.acquire();
        UserRepository repo(*conn);
        struct Case {
            const char* name;
            char digit;
            bool found;
        };
        for (const Case& c :
             {Case{"no expiry", '1', true}, Case{"expires a second later", '2', true},
              Case{"expires exactly now", '3', false}, Case{"expired yesterday", '4', false},
              Case{"revoked", '5', false}, Case{"unknown", '6', false}}) {
            BOOST_TEST_CONTEXT("token " << c.name) {
                auto user = repo.find_by_token(std::string(64, c.digit), now);
                BOOST_TEST(user.has_value() == c.found);
                if (user)
                    BOOST_TEST(user->name == "acme-am");
            }
        }
        BOOST_TEST(AuditRepository(*conn).list("token", std::to_string(revoked), {}).size() ==
                   2u);  // create, revoke (once)
        BOOST_TEST(error_code_of([&] { repo.revoke_token(777777, by("admin")); }) ==
                   ErrorCode::kNotFound);
        BOOST_TEST(error_code_of([&] {
                       repo.add_token(777777, std::string(64, '9'), std::nullopt, by("admin"));
                   }) == ErrorCode::kNotFound);
    });
}

BOOST_AUTO_TEST_CASE(audit_log_records_and_pages_in_order) {
    for_each_database([](Database& db) {
        write(db, [](Connection& conn) {
            AuditRepository repo(conn);
            for (int i = 1; i <= 5; ++i) {
                repo.record({0, ts("2026-10-05T10:00:0" + std::to_string(i) + "Z"), "auditor",
                             "export", "report", "R" + std::to_string(i), "", "{}"});
            }
            repo.record({0, ts("2026-10-05T11:00:00Z"), "x", "create", "other", "O1", "", ""});
        });
        auto conn = db.acquire();
        AuditRepository repo(*conn);
        auto page = repo.list("report", "", Page{2, 1});
        BOOST_REQUIRE(page.size() == 2u);
        BOOST_TEST(page[0].entity_id == "R2");
        BOOST_TEST(page[1].entity_id == "R3");
        BOOST_TEST(format_timestamp(page[0].at) == "2026-10-05T10:00:02Z");
        BOOST_TEST(repo.list("", "", {}).size() == 6u);
        BOOST_TEST(repo.list("report", "R5", {}).size() == 1u);
    });
}

BOOST_AUTO_TEST_SUITE_END()
