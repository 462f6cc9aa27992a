// The databases a test suite runs on. scripts/test.sh sets SCORECARD_TEST_DATABASES to
// "sqlite: mysql://…" after starting a private MariaDB; without it, SQLite alone.
// With SCORECARD_REQUIRE_MYSQL=1 (CI), a missing MySQL URL is a test failure, never a skip.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/database.h"

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
    std::string name_;  // MySQL database name or SQLite file path
};

}  // namespace scorecard::testing
