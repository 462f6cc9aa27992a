// Migrations (store/migrations.h) on every database: an empty database is at version 0 and
// refused, migrate creates every table and records each step once, a second run applies
// nothing, and a database newer than the binary is refused.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "store/migrations.h"
#include "tests/store/store_fixture.h"

using namespace scorecard;
using namespace scorecard::store;
using namespace scorecard::store_test;

BOOST_AUTO_TEST_SUITE(schema)

BOOST_AUTO_TEST_CASE(empty_database_is_at_version_zero_and_not_usable) {
    for_each_database(
        [](Database& db) {
            BOOST_TEST(schema_version(db) == 0);
            BOOST_TEST(error_code_of([&] { require_current_schema(db); }) ==
                       ErrorCode::kUnavailable);
        },
        Schema::kEmpty);
}

BOOST_AUTO_TEST_CASE(migrate_creates_every_table_and_records_each_version) {
    for_each_database(
        [](Database& db) {
            BOOST_TEST(migrate(db) == latest_schema_version());
            BOOST_TEST(schema_version(db) == latest_schema_version());
            require_current_schema(db);
            auto conn = db.acquire();
            for (const char* table : {"authorities",
                                      "suppliers",
                                      "contracts",
                                      "kpi_versions",
                                      "return_versions",
                                      "measures",
                                      "document_contents",
                                      "documents",
                                      "period_scores",
                                      "contract_scores",
                                      "supplier_scores",
                                      "flags",
                                      "reviews",
                                      "review_transitions",
                                      "review_comments",
                                      "review_actions",
                                      "disputes",
                                      "audit_log",
                                      "users",
                                      "api_tokens"}) {
                BOOST_TEST_CONTEXT("table " << table) {
                    BOOST_TEST(count_rows(*conn, table) == 0);
                }
            }
            // Migration 13 packed measure_scores into period_scores.
            BOOST_CHECK_THROW(count_rows(*conn, "measure_scores"), Error);
            // One row per migration, versions 1..latest.
            BOOST_TEST(count_rows(*conn, "schema_migrations") == latest_schema_version());
            auto first = conn->query_one(
                "SELECT description, applied_at FROM schema_migrations WHERE version = 1");
            BOOST_REQUIRE(first.has_value());
            BOOST_TEST((*first)[0].as_text() == "initial schema");
            BOOST_TEST(parse_timestamp((*first)[1].as_text()).has_value());
        },
        Schema::kEmpty);
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
