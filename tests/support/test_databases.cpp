#include "tests/support/test_databases.h"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "store/migrations.h"

namespace scorecard::testing {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

// "mysql://user:pw@host:port/DB?socket=…" -> the same URL naming `database` instead of DB.
std::string with_database(const std::string& url, const std::string& database) {
    constexpr std::string_view kScheme = "mysql://";
    const std::size_t at = url.find('@', kScheme.size());
    const std::size_t host = at == std::string::npos ? kScheme.size() : at + 1;
    const std::size_t query = url.find('?', host);
    const std::size_t slash = url.find('/', host);
    const bool has_path =
        slash != std::string::npos && (query == std::string::npos || slash < query);
    const std::size_t path_end = query == std::string::npos ? url.size() : query;
    const std::string prefix = url.substr(0, has_path ? slash : path_end);
    const std::string rest = url.substr(path_end);
    return prefix + "/" + database + rest;
}

}  // namespace

std::vector<std::string> test_database_urls() {
    std::vector<std::string> urls;
    std::istringstream words(env("SCORECARD_TEST_DATABASES"));
    for (std::string url; words >> url;)
        urls.push_back(url);
    if (urls.empty())
        urls.push_back("sqlite:");
    if (env("SCORECARD_REQUIRE_MYSQL") == "1") {
        bool has_mysql = false;
        for (const auto& url : urls)
            has_mysql = has_mysql || url.starts_with("mysql://");
        if (!has_mysql) {
            throw std::runtime_error(
                "SCORECARD_REQUIRE_MYSQL=1 but SCORECARD_TEST_DATABASES names no mysql:// URL: "
                "start the test MariaDB (scripts/test.sh) instead of skipping it");
        }
    }
    return urls;
}

ScratchDatabase::ScratchDatabase(const std::string& base_url) : base_url_(base_url) {
    if (base_url.starts_with("sqlite:")) {
        kind_ = "sqlite";
        folder_ = std::make_unique<TempDir>("scorecard-test");
        url_ = "sqlite:" + (folder_->path() / "scorecard.db").string();
        return;
    }
    if (base_url.starts_with("mysql://")) {
        static std::atomic<int> counter{0};
        kind_ = "mysql";
        name_ = "scorecard_t_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
        auto db = store::Database::open(base_url);
        auto conn = db->acquire();
        conn->execute("DROP DATABASE IF EXISTS " + name_);
        conn->execute("CREATE DATABASE " + name_ + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        url_ = with_database(base_url, name_);
        return;
    }
    throw std::invalid_argument("unsupported test database URL: " + base_url);
}

ScratchDatabase::~ScratchDatabase() {
    try {
        if (kind_ == "mysql") {
            auto db = store::Database::open(base_url_);
            auto conn = db->acquire();
            conn->execute("DROP DATABASE IF EXISTS " + name_);
        }
    } catch (...) {
        // A database left behind is harmless (its name is unique); a throwing destructor
        // would end the test run.
    }
}

void for_each_database(const std::function<void(store::Database& db, const std::string& url)>& body,
                       Schema schema) {
    for (const std::string& base : test_database_urls()) {
        ScratchDatabase scratch(base);
        BOOST_TEST_CONTEXT("database " << scratch.kind() << " (" << scratch.url() << ")") {
            auto db = store::Database::open(scratch.url());
            if (schema == Schema::kMigrated)
                store::migrate(*db);
            body(*db, scratch.url());
        }
    }
}

void for_each_database(const std::function<void(store::Database& db)>& body, Schema schema) {
    for_each_database([&](store::Database& db, const std::string&) { body(db); }, schema);
}

std::vector<std::string> dangling_references(store::Database& db) {
    std::vector<std::string> found;
    auto conn = db.acquire();
    if (conn->dialect().name() == "sqlite") {
        // Rows: table, rowid, parent, foreign key index.
        conn->query("PRAGMA foreign_key_check", {}, [&](const store::Row& row) {
            found.push_back(row[0].as_text() + " row " +
                            (row[1].is_null() ? std::string("?") : row[1].as_text()) + " (no " +
                            row[2].as_text() + ")");
        });
        std::sort(found.begin(), found.end());
        return found;
    }
    struct Reference {
        std::string table, column, parent, parent_column;
    };
    std::vector<Reference> references;
    conn->query(
        "SELECT table_name, column_name, referenced_table_name, referenced_column_name "
        "FROM information_schema.key_column_usage WHERE table_schema = DATABASE() "
        "AND referenced_table_name IS NOT NULL ORDER BY table_name, column_name",
        {}, [&](const store::Row& row) {
            references.push_back(
                {row[0].as_text(), row[1].as_text(), row[2].as_text(), row[3].as_text()});
        });
    BOOST_REQUIRE_MESSAGE(!references.empty(), "no foreign keys found in information_schema");
    for (const auto& r : references) {
        // Names from the server's own catalogue, quoted.
        const std::string sql = "SELECT c.`" + r.column + "` FROM `" + r.table + "` c LEFT JOIN `" +
                                r.parent + "` p ON p.`" + r.parent_column + "` = c.`" + r.column +
                                "` WHERE c.`" + r.column + "` IS NOT NULL AND p.`" +
                                r.parent_column + "` IS NULL LIMIT 5";
        conn->query(sql, {}, [&](const store::Row& row) {
            found.push_back(r.table + "." + r.column + " = " + row[0].as_text() + " (no " +
                            r.parent + "." + r.parent_column + ")");
        });
    }
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace scorecard::testing
