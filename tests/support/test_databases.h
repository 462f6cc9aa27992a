// The databases a test suite runs on. scripts/test.sh sets SCORECARD_TEST_DATABASES to
// "sqlite: mysql://…" after starting a private MariaDB; without it, SQLite alone.
// With SCORECARD_REQUIRE_MYSQL=1 (CI), a missing MySQL URL is a test failure, never a skip.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/database.h"
#include "tests/support/process.h"

namespace scorecard::testing {

// The base URLs from SCORECARD_TEST_DATABASES ("sqlite:" means a temporary file each time).
std::vector<std::string> test_database_urls();

// A fresh, empty database on the server (or file) of `base_url`: a new temporary SQLite
// file, or a new MySQL database created through `base_url`'s account. Returns its URL.
// The database is dropped (file removed) when the returned guard is destroyed.
class ScratchDatabase {
  public:
    explicit ScratchDatabase(const std::string& base_url);
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    const std::string& url() const { return url_; }
    // "sqlite" or "mysql": for naming the case that failed.
    const std::string& kind() const { return kind_; }

  private:
    std::string base_url_;
    std::string url_;
    std::string kind_;
    std::string name_;                 // the MySQL database
    std::unique_ptr<TempDir> folder_;  // the SQLite file's
};

// Runs `body` once per URL of test_database_urls(), each time on a fresh ScratchDatabase
// (migrated to the latest schema unless `schema` is kEmpty), naming the database in every
// failure (BOOST_TEST_CONTEXT). `url` is the scratch database's, for a child process.
enum class Schema { kEmpty, kMigrated };
void for_each_database(const std::function<void(store::Database& db, const std::string& url)>& body,
                       Schema schema = Schema::kMigrated);
void for_each_database(const std::function<void(store::Database& db)>& body,
                       Schema schema = Schema::kMigrated);

// Every row that refers (by a declared foreign key) to a row that is not there, as
// "table.column = value (no parent.column)" (SQLite: "table row N (no parent)"), sorted;
// empty when there is none. SQLite asks
// PRAGMA foreign_key_check; MySQL joins each foreign key of information_schema to its
// parent. For what a bulk workload writes without the database's checks (store/database.h).
std::vector<std::string> dangling_references(store::Database& db);

}  // namespace scorecard::testing
