#include "tests/support/test_databases.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string_view>

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

std::string make_temp_dir() {
    std::string base = env("TMPDIR");
    if (base.empty())
        base = "/tmp";
    std::string pattern = base + "/scorecard-test-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("cannot create a temporary directory under " + base);
    return pattern;
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
        name_ = make_temp_dir();
        url_ = "sqlite:" + name_ + "/scorecard.db";
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
        if (kind_ == "sqlite") {
            std::error_code ec;
            std::filesystem::remove_all(name_, ec);
        } else if (kind_ == "mysql") {
            auto db = store::Database::open(base_url_);
            auto conn = db->acquire();
            conn->execute("DROP DATABASE IF EXISTS " + name_);
        }
    } catch (...) {
        // A database left behind is harmless (its name is unique); a throwing destructor
        // would end the test run.
    }
}

}  // namespace scorecard::testing
