// The MySQL/MariaDB driver (store/mysql_database.h): URL parsing, the dialect and the error
// table always; against the server(s) named by SCORECARD_TEST_DATABASES, the failures a
// person must be able to understand (wrong password, unknown database, server down),
// binary-exact values, and the error kinds the layers above rely on (Conflict, Busy,
// Unavailable with the pool recovering). With SCORECARD_REQUIRE_MYSQL=1 and no mysql:// URL
// the server cases fail rather than pass empty.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <latch>
#include <limits>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "model/errors.h"
#include "services/http/percent_encoding.h"
#include "store/database.h"
#include "store/mysql_database.h"
#include "tests/support/printing.h"
#include "tests/support/test_databases.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;
using namespace scorecard::store;
using scorecard::services::url_encode;
using scorecard::testing::ScratchDatabase;

namespace {

// ---- helpers ----

// Runs `work`, which must throw scorecard::Error; returns it (or nullopt if nothing threw).
template <class Work>
std::optional<Error> error_from(Work&& work) {
    try {
        work();
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The inverse of parse_mysql_url, so a test can change one part of a server's URL.
std::string to_url(const MysqlUrl& u) {
    std::string url = "mysql://" + url_encode(u.user) + ":" + url_encode(u.password) + "@" + u.host;
    if (u.socket.empty())
        url += ":" + std::to_string(u.port);
    url += "/" + url_encode(u.database) + "?pool=" + std::to_string(u.pool_size) +
           "&acquire_timeout=" + std::to_string(u.acquire_timeout.count()) +
           "&connect_timeout=" + std::to_string(u.connect_timeout.count());
    if (!u.socket.empty())
        url += "&socket=" + url_encode(u.socket);
    return url;
}

// The MySQL base URLs to run the server cases on. test_database_urls() throws when
// SCORECARD_REQUIRE_MYSQL=1 and none is given, which fails the calling test case.
std::vector<std::string> mysql_urls() {
    std::vector<std::string> out;
    for (const auto& url : scorecard::testing::test_database_urls())
        if (url.starts_with("mysql://"))
            out.push_back(url);
    if (out.empty())
        BOOST_TEST_MESSAGE("no mysql:// URL in SCORECARD_TEST_DATABASES: server cases not run");
    return out;
}

// A TCP port on 127.0.0.1 that nothing listens on (bound, read, closed again).
int unused_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("cannot find an unused port");
    ::close(fd);
    return ntohs(addr.sin_port);
}

// A URL for failure messages: the password masked.
std::string where(const std::string& url) {
    return parse_mysql_url(url).describe();
}

// Runs `body` on a fresh database on each MySQL server of mysql_urls(), opened through the
// driver, naming the server in any failure; `base` is the server's URL as configured.
void on_each_mysql_server(const std::function<void(Database& db, const std::string& base)>& body) {
    for (const auto& base : mysql_urls()) {
        ScratchDatabase scratch(base);
        BOOST_TEST_CONTEXT(where(scratch.url())) {
            auto db = open_mysql(scratch.url());
            body(*db, base);
        }
    }
}

std::int64_t connection_id(Connection& conn) {
    return conn.query_one("SELECT CONNECTION_ID()")->operator[](0).as_int();
}

// ---- URL parsing ----

struct GoodUrl {
    const char* name;
    const char* url;
    const char* user;
    const char* password;
    const char* host;
    int port;
    const char* database;
    const char* socket;
    const char* host_name;  // what Connector/C++ is given
};

std::ostream& operator<<(std::ostream& os, const GoodUrl& c) {
    return os << c.name;
}

const std::vector<GoodUrl> kGoodUrls = {
    {"tcp_with_port", "mysql://scorecard:secret@127.0.0.1:3307/scorecard", "scorecard", "secret",
     "127.0.0.1", 3307, "scorecard", "", "tcp://127.0.0.1:3307"},
    {"port_defaults_to_3306", "mysql://app:pw@db.example.org/sc", "app", "pw", "db.example.org",
     3306, "sc", "", "tcp://db.example.org:3306"},
    // %40 '@', %2F '/', %3A ':', %25 '%', %20 ' '
    {"percent_encoded_password", "mysql://app:p%40ss%2Fw%3Ard%25%20x@h:1/db", "app", "p@ss/w:rd% x",
     "h", 1, "db", "", "tcp://h:1"},
    // %65 is 'e'
    {"percent_encoded_user", "mysql://us%65r:x@h/db", "user", "x", "h", 3306, "db", "",
     "tcp://h:3306"},
    {"unencoded_at_sign_in_password_ends_at_last_at", "mysql://u:a@b@h:4/db", "u", "a@b", "h", 4,
     "db", "", "tcp://h:4"},
    {"user_without_password", "mysql://reader@h/db", "reader", "", "h", 3306, "db", "",
     "tcp://h:3306"},
    {"socket_form", "mysql://u:p@localhost/db?socket=/run/mysqld/mysqld.sock", "u", "p",
     "localhost", 3306, "db", "/run/mysqld/mysqld.sock", "unix:///run/mysqld/mysqld.sock"},
    {"localhost_without_socket_is_tcp", "mysql://u:p@localhost/db", "u", "p", "localhost", 3306,
     "db", "", "tcp://localhost:3306"},
    {"ipv6_host", "mysql://u:p@[::1]:3310/db", "u", "p", "[::1]", 3310, "db", "",
     "tcp://[::1]:3310"},
};

BOOST_AUTO_TEST_SUITE(mysql_url)

BOOST_DATA_TEST_CASE(valid_urls_parse_into_their_parts, bdata::make(kGoodUrls), c) {
    MysqlUrl u = parse_mysql_url(c.url);
    BOOST_TEST(u.user == c.user);
    BOOST_TEST(u.password == c.password);
    BOOST_TEST(u.host == c.host);
    BOOST_TEST(u.port == c.port);
    BOOST_TEST(u.database == c.database);
    BOOST_TEST(u.socket == c.socket);
    BOOST_TEST(u.host_name() == c.host_name);
}

BOOST_AUTO_TEST_CASE(pool_and_timeouts_default_and_can_be_set) {
    MysqlUrl defaults = parse_mysql_url("mysql://u:p@h/db");
    BOOST_TEST(defaults.pool_size == 8u);
    BOOST_TEST(defaults.acquire_timeout.count() == 30);
    BOOST_TEST(defaults.connect_timeout.count() == 10);

    MysqlUrl set = parse_mysql_url("mysql://u:p@h/db?pool=3&acquire_timeout=2&connect_timeout=5");
    BOOST_TEST(set.pool_size == 3u);
    BOOST_TEST(set.acquire_timeout.count() == 2);
    BOOST_TEST(set.connect_timeout.count() == 5);
}

struct BadUrl {
    const char* name;
    const char* url;
    const char* says;  // part of the message that explains the problem
};

std::ostream& operator<<(std::ostream& os, const BadUrl& c) {
    return os << c.name;
}

// Every bad URL carries the password "Sup3rSecretPw" so the message can be checked for it.
const std::vector<BadUrl> kBadUrls = {
    {"wrong_scheme", "postgres://u:Sup3rSecretPw@h/db", "must start with mysql://"},
    {"no_credentials", "mysql://h:3306/db", "no USER:PASSWORD@"},
    {"empty_user", "mysql://:Sup3rSecretPw@h/db", "empty user name"},
    {"no_database", "mysql://u:Sup3rSecretPw@h:3306", "names no database"},
    {"empty_database", "mysql://u:Sup3rSecretPw@h:3306/", "names no database"},
    {"database_with_slash", "mysql://u:Sup3rSecretPw@h/a/b", "not a valid database name"},
    {"no_host", "mysql://u:Sup3rSecretPw@:3306/db", "names no host"},
    {"port_zero", "mysql://u:Sup3rSecretPw@h:0/db", "port '0'"},
    {"port_too_large", "mysql://u:Sup3rSecretPw@h:70000/db", "port '70000'"},
    {"port_not_a_number", "mysql://u:Sup3rSecretPw@h:abc/db", "port 'abc'"},
    {"empty_port", "mysql://u:Sup3rSecretPw@h:/db", "empty port"},
    {"bad_percent_escape", "mysql://u:Sup3rSecretPw%zz@h/db", "percent-encoding in the password"},
    {"truncated_percent_escape", "mysql://u:Sup3rSecretPw%4@h/db",
     "percent-encoding in the password"},
    {"unknown_parameter", "mysql://u:Sup3rSecretPw@h/db?sockt=/tmp/x", "unknown parameter 'sockt'"},
    {"relative_socket", "mysql://u:Sup3rSecretPw@localhost/db?socket=run/x.sock", "absolute path"},
    {"pool_of_zero", "mysql://u:Sup3rSecretPw@h/db?pool=0", "pool '0'"},
    {"unclosed_ipv6_bracket", "mysql://u:Sup3rSecretPw@[::1/db", "unclosed '['"},
};

BOOST_DATA_TEST_CASE(bad_urls_are_bad_requests_saying_why_without_the_password,
                     bdata::make(kBadUrls), c) {
    auto e = error_from([&] { parse_mysql_url(c.url); });
    BOOST_TEST_REQUIRE(e.has_value());
    BOOST_TEST(e->code() == ErrorCode::kBadRequest);
    BOOST_TEST(contains(e->what(), c.says), e->what());
    BOOST_TEST(!contains(e->what(), "Sup3rSecretPw"), e->what());
}

BOOST_AUTO_TEST_CASE(describe_masks_the_password) {
    BOOST_TEST(parse_mysql_url("mysql://app:s3cret@127.0.0.1:3307/scorecard").describe() ==
               "mysql://app:***@127.0.0.1:3307/scorecard");
    BOOST_TEST(parse_mysql_url("mysql://app:s3cret@localhost/sc?socket=/tmp/m.sock").describe() ==
               "mysql://app:***@localhost/sc?socket=/tmp/m.sock");
    BOOST_TEST(parse_mysql_url("mysql://reader@h/db").describe() == "mysql://reader@h:3306/db");
}

BOOST_AUTO_TEST_CASE(any_password_survives_percent_encoding) {
    // Every printable ASCII character plus UTF-8 'é' (0xC3 0xA9).
    std::string password;
    for (char c = ' '; c <= '~'; ++c)
        password += c;
    password += "\xC3\xA9";
    MysqlUrl u = parse_mysql_url("mysql://u:x@h:5/db");
    u.password = password;
    BOOST_TEST(parse_mysql_url(to_url(u)).password == password);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- dialect and error table ----

BOOST_AUTO_TEST_SUITE(mysql_dialect)

BOOST_AUTO_TEST_CASE(schema_tokens_expand_to_mysql_types) {
    MysqlDialect d;
    BOOST_TEST(d.name() == "mysql");
    BOOST_TEST(d.expand("CREATE TABLE t (id {id}, k {key} NOT NULL, b {text}, x {blob}, "
                        "r {real}, n {int}){engine}") ==
               "CREATE TABLE t (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, k VARCHAR(191) "
               "NOT NULL, b LONGTEXT, x LONGBLOB, r DOUBLE, n BIGINT) ENGINE=InnoDB DEFAULT "
               "CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    // Braces that are not tokens are left alone.
    BOOST_TEST(d.expand("SELECT '{x}', '{'") == "SELECT '{x}', '{'");
}

struct ErrorCase {
    int number;
    ErrorCode kind;
    bool loses_connection;
};

std::ostream& operator<<(std::ostream& os, const ErrorCase& c) {
    return os << "error " << c.number;
}

const std::vector<ErrorCase> kErrorCases = {
    {1062, ErrorCode::kConflict, false},     // duplicate key
    {1451, ErrorCode::kConflict, false},     // row is referenced by a foreign key
    {1452, ErrorCode::kConflict, false},     // referenced row missing
    {1213, ErrorCode::kBusy, false},         // deadlock
    {1205, ErrorCode::kBusy, false},         // lock wait timeout
    {2006, ErrorCode::kUnavailable, true},   // server has gone away
    {2013, ErrorCode::kUnavailable, true},   // lost connection during query
    {2002, ErrorCode::kUnavailable, true},   // cannot connect through the socket
    {2003, ErrorCode::kUnavailable, true},   // cannot connect over TCP
    {2055, ErrorCode::kUnavailable, true},   // lost connection (extended)
    {1927, ErrorCode::kUnavailable, true},   // MariaDB: connection was killed
    {4031, ErrorCode::kUnavailable, true},   // MySQL 8: disconnected for inactivity
    {1045, ErrorCode::kUnavailable, false},  // access denied (at connect)
    {1049, ErrorCode::kUnavailable, false},  // unknown database (at connect)
    {1064, ErrorCode::kInternal, false},     // SQL syntax error: a bug
    {1146, ErrorCode::kInternal, false},     // table does not exist: a bug
};

BOOST_DATA_TEST_CASE(server_errors_map_to_the_boundary_kinds, bdata::make(kErrorCases), c) {
    BOOST_TEST(classify_mysql_error(c.number) == c.kind);
    BOOST_TEST(mysql_error_loses_connection(c.number) == c.loses_connection);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- against a server ----

BOOST_AUTO_TEST_SUITE(mysql_server)

BOOST_AUTO_TEST_CASE(wrong_password_is_unavailable_naming_the_problem_not_the_password) {
    for (const auto& base : mysql_urls()) {
        BOOST_TEST_CONTEXT(where(base)) {
            MysqlUrl u = parse_mysql_url(base);
            const std::string real_password = u.password;
            u.password = "Wr0ng-Passw0rd-Zq7";
            auto e = error_from([&] { open_mysql(to_url(u)); });
            BOOST_TEST_REQUIRE(e.has_value());
            BOOST_TEST(e->code() == ErrorCode::kUnavailable);
            const std::string message = e->what();
            BOOST_TEST(contains(message, "access denied for user '" + u.user + "'"), message);
            BOOST_TEST(contains(message, "check the user name and password"), message);
            BOOST_TEST(!contains(message, "Wr0ng-Passw0rd-Zq7"), message);
            BOOST_TEST(!contains(message, real_password), message);
        }
    }
}

BOOST_AUTO_TEST_CASE(unknown_database_is_unavailable_naming_the_database) {
    for (const auto& base : mysql_urls()) {
        BOOST_TEST_CONTEXT(where(base)) {
            MysqlUrl u = parse_mysql_url(base);
            // Inside the account's scorecard_t_% grant, so the server says "unknown database"
            // rather than "access denied".
            u.database = "scorecard_t_" + std::to_string(::getpid()) + "_missing";
            auto e = error_from([&] { open_mysql(to_url(u)); });
            BOOST_TEST_REQUIRE(e.has_value());
            BOOST_TEST(e->code() == ErrorCode::kUnavailable);
            BOOST_TEST(contains(e->what(), "database '" + u.database + "' does not exist"),
                       e->what());
            BOOST_TEST(!contains(e->what(), u.password), e->what());
        }
    }
}

BOOST_AUTO_TEST_CASE(unreachable_server_is_unavailable_naming_host_and_port) {
    for (const auto& base : mysql_urls()) {
        BOOST_TEST_CONTEXT(where(base)) {
            MysqlUrl u = parse_mysql_url(base);
            u.socket.clear();
            u.host = "127.0.0.1";
            u.port = unused_port();
            u.connect_timeout = std::chrono::seconds(3);
            auto e = error_from([&] { open_mysql(to_url(u)); });
            BOOST_TEST_REQUIRE(e.has_value());
            BOOST_TEST(e->code() == ErrorCode::kUnavailable);
            BOOST_TEST(contains(e->what(),
                                "cannot reach the server at 127.0.0.1:" + std::to_string(u.port)),
                       e->what());
            BOOST_TEST(!contains(e->what(), u.password), e->what());

            u.host = "localhost";
            u.socket = "/nonexistent/scorecard-test.sock";
            auto s = error_from([&] { open_mysql(to_url(u)); });
            BOOST_TEST_REQUIRE(s.has_value());
            BOOST_TEST(s->code() == ErrorCode::kUnavailable);
            BOOST_TEST(contains(s->what(), "socket /nonexistent/scorecard-test.sock"), s->what());
        }
    }
}

BOOST_AUTO_TEST_CASE(session_runs_strict_utc_read_committed) {
    on_each_mysql_server([](Database& db, const std::string& base) {
        BOOST_TEST(!contains(db.describe(), parse_mysql_url(base).password));
        auto conn = db.acquire();
        Row row = *conn->query_one("SELECT @@SESSION.sql_mode, @@SESSION.time_zone, 'a' || 'b'");
        BOOST_TEST(contains(row[0].as_text(), "STRICT_TRANS_TABLES"));
        BOOST_TEST(!contains(row[0].as_text(), "ANSI_QUOTES"));
        BOOST_TEST(row[1].as_text() == "+00:00");
        BOOST_TEST(row[2].as_text() == "ab");  // PIPES_AS_CONCAT, as on SQLite
        // MySQL 8 names it transaction_isolation, MariaDB before 11.1 tx_isolation.
        std::string isolation;
        try {
            isolation =
                conn->query_one("SELECT @@SESSION.transaction_isolation")->operator[](0).as_text();
        } catch (const Error&) {
            isolation = conn->query_one("SELECT @@SESSION.tx_isolation")->operator[](0).as_text();
        }
        BOOST_TEST(isolation == "READ-COMMITTED");
    });
}

BOOST_AUTO_TEST_CASE(values_come_back_with_their_types) {
    on_each_mysql_server([](Database& db, const std::string&) {
        auto conn = db.acquire();
        const std::int64_t big = std::numeric_limits<std::int64_t>::max();
        Row row = *conn->query_one(
            "SELECT ?, ?, ?, ?, CAST(12.50 AS DECIMAL(6,2)), NULL, 7, 2.5E0",
            {Value(static_cast<long long>(big)), Value(0.1), Value("text"), Value()});
        BOOST_TEST(row[0].is_integer());
        BOOST_TEST(row[0].as_int() == big);
        BOOST_TEST(row[1].is_real());
        BOOST_TEST(row[1].as_double() == 0.1);
        BOOST_TEST(row[2].is_text());
        BOOST_TEST(row[2].as_text() == "text");
        BOOST_TEST(row[3].is_null());
        BOOST_TEST(row[4].is_real());  // DECIMAL reads as double
        BOOST_TEST(row[4].as_double() == 12.5);
        BOOST_TEST(row[5].is_null());
        BOOST_TEST(row[6].is_integer());
        BOOST_TEST(row[6].as_int() == 7);
        BOOST_TEST(row[7].is_real());
        BOOST_TEST(row[7].as_double() == 2.5);
    });
}

BOOST_AUTO_TEST_CASE(arbitrary_bytes_round_trip_through_a_blob_column) {
    on_each_mysql_server([](Database& db, const std::string&) {
        auto conn = db.acquire();
        conn->execute(conn->dialect().expand(
            "CREATE TABLE bytes (id {id}, data {blob}, note {text}){engine}"));
        std::string every_byte;
        for (int b = 0; b < 256; ++b)
            every_byte += static_cast<char>(b);
        const std::vector<std::string> samples = {
            every_byte,
            std::string("a\0b\0\0c", 6),         // NULs inside
            std::string("\xC3\x28\xFF\xFE", 4),  // not UTF-8
            std::string(),                       // empty, not NULL
            std::string(300000, '\0'),           // large and all NUL
        };
        for (const auto& sample : samples)
            conn->execute("INSERT INTO bytes (data, note) VALUES (?, ?)",
                          {Value(sample), Value("caf\xC3\xA9 \xF0\x9F\x98\x80")});
        auto rows = conn->query_all("SELECT data, note FROM bytes ORDER BY id");
        BOOST_TEST_REQUIRE(rows.size() == samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i) {
            BOOST_TEST_CONTEXT("sample " << i) {
                BOOST_TEST(!rows[i][0].is_null());
                BOOST_TEST(rows[i][0].as_text().size() == samples[i].size());
                BOOST_TEST((rows[i][0].as_text() == samples[i]));
                // utf8mb4 keeps 4-byte characters (the emoji).
                BOOST_TEST(rows[i][1].as_text() == "caf\xC3\xA9 \xF0\x9F\x98\x80");
            }
        }
        // A blob parameter compares byte for byte.
        auto found = conn->query_one("SELECT id FROM bytes WHERE data = ?",
                                     {Value(std::string("a\0b\0\0c", 6))});
        BOOST_TEST_REQUIRE(found.has_value());
        BOOST_TEST((*found)[0].as_int() == 2);
    });
}

BOOST_AUTO_TEST_CASE(insert_ids_and_matched_row_counts) {
    on_each_mysql_server([](Database& db, const std::string&) {
        auto conn = db.acquire();
        conn->execute(conn->dialect().expand("CREATE TABLE t (id {id}, v {int}){engine}"));
        conn->execute("INSERT INTO t (v) VALUES (?)", {5});
        BOOST_TEST(conn->last_insert_id() == 1);
        conn->execute("INSERT INTO t (v) VALUES (?)", {5});
        BOOST_TEST(conn->last_insert_id() == 2);
        // Two rows match and both already hold 5: counted as SQLite counts, 2 not 0.
        BOOST_TEST(conn->execute("UPDATE t SET v = ? WHERE v = ?", {5, 5}) == 2);
        BOOST_TEST(conn->execute("DELETE FROM t WHERE id = ?", {1}) == 1);
    });
}

BOOST_AUTO_TEST_CASE(a_statement_can_run_inside_another_ones_rows) {
    on_each_mysql_server([](Database& db, const std::string&) {
        auto conn = db.acquire();
        conn->execute(conn->dialect().expand("CREATE TABLE t (id {id}, v {int}){engine}"));
        for (int v : {10, 20, 30})
            conn->execute("INSERT INTO t (v) VALUES (?)", {v});
        // The same SQL nested in its own on_row: 10 + 20 + 30 = 60 summed three times.
        std::int64_t total = 0;
        conn->query("SELECT v FROM t ORDER BY id", {}, [&](const Row&) {
            conn->query("SELECT v FROM t ORDER BY id", {},
                        [&](const Row& inner) { total += inner[0].as_int(); });
        });
        BOOST_TEST(total == 180);
    });
}

BOOST_AUTO_TEST_CASE(duplicate_key_and_missing_parent_are_conflicts) {
    on_each_mysql_server([](Database& db, const std::string&) {
        auto conn = db.acquire();
        const Dialect& d = conn->dialect();
        conn->execute(
            d.expand("CREATE TABLE parent (id {id}, code {key} NOT NULL UNIQUE){engine}"));
        conn->execute(
            d.expand("CREATE TABLE child (id {id}, parent_id {int} NOT NULL, "
                     "FOREIGN KEY (parent_id) REFERENCES parent (id)){engine}"));
        conn->execute("INSERT INTO parent (code) VALUES (?)", {"DWP"});
        auto dup =
            error_from([&] { conn->execute("INSERT INTO parent (code) VALUES (?)", {"DWP"}); });
        BOOST_TEST_REQUIRE(dup.has_value());
        BOOST_TEST(dup->code() == ErrorCode::kConflict);
        BOOST_TEST(contains(dup->what(), "[1062]"), dup->what());

        auto orphan =
            error_from([&] { conn->execute("INSERT INTO child (parent_id) VALUES (?)", {99}); });
        BOOST_TEST_REQUIRE(orphan.has_value());
        BOOST_TEST(orphan->code() == ErrorCode::kConflict);
        BOOST_TEST(contains(orphan->what(), "[1452]"), orphan->what());

        // utf8mb4_bin: 'dwp' is a different key from 'DWP'.
        BOOST_TEST(conn->execute("INSERT INTO parent (code) VALUES (?)", {"dwp"}) == 1);
        // The connection is still usable after constraint errors.
        BOOST_TEST(conn->healthy());
        BOOST_TEST(conn->query_all("SELECT id FROM parent").size() == 2u);
    });
}

BOOST_AUTO_TEST_CASE(bad_sql_is_internal_and_keeps_the_connection) {
    on_each_mysql_server([](Database& db, const std::string&) {
        auto conn = db.acquire();
        auto e = error_from([&] { conn->query_all("SELECT nothing FROM no_such_table"); });
        BOOST_TEST_REQUIRE(e.has_value());
        BOOST_TEST(e->code() == ErrorCode::kInternal);
        BOOST_TEST(contains(e->what(), "no_such_table"), e->what());
        BOOST_TEST(conn->healthy());
        auto wrong_count = error_from([&] { conn->query_all("SELECT ?", {1, 2}); });
        BOOST_TEST_REQUIRE(wrong_count.has_value());
        BOOST_TEST(wrong_count->code() == ErrorCode::kInternal);
        BOOST_TEST(conn->query_one("SELECT 1")->operator[](0).as_int() == 1);
    });
}

BOOST_AUTO_TEST_CASE(killed_connection_is_unavailable_and_the_pool_opens_a_fresh_one) {
    for (const auto& base : mysql_urls()) {
        ScratchDatabase scratch(base);
        BOOST_TEST_CONTEXT(where(scratch.url())) {
            MysqlUrl u = parse_mysql_url(scratch.url());
            u.pool_size = 1;  // the next acquire() can only be the old connection or a new one
            auto db = open_mysql(to_url(u));
            auto killer_db = open_mysql(scratch.url());
            std::int64_t killed_id = 0;
            {
                auto conn = db->acquire();
                killed_id = connection_id(*conn);
                {
                    auto killer = killer_db->acquire();
                    killer->execute("KILL CONNECTION " + std::to_string(killed_id));
                }
                auto e = error_from([&] { conn->query_all("SELECT 1"); });
                BOOST_TEST_REQUIRE(e.has_value());
                BOOST_TEST(e->code() == ErrorCode::kUnavailable);
                BOOST_TEST(contains(e->what(), "lost the connection"), e->what());
                BOOST_TEST(!conn->healthy());
                // Never reconnected behind our back: it stays unusable.
                auto again = error_from([&] { conn->query_all("SELECT 1"); });
                BOOST_TEST_REQUIRE(again.has_value());
                BOOST_TEST(again->code() == ErrorCode::kUnavailable);
            }
            auto fresh = db->acquire();
            BOOST_TEST(connection_id(*fresh) != killed_id);
            BOOST_TEST(fresh->query_one("SELECT 41 + 1")->operator[](0).as_int() == 42);
        }
    }
}

BOOST_AUTO_TEST_CASE(opposite_order_updates_deadlock_as_busy) {
    on_each_mysql_server([](Database& db, const std::string&) {
        {
            auto conn = db.acquire();
            conn->execute(
                conn->dialect().expand("CREATE TABLE t (id {int} PRIMARY KEY, v {int}){engine}"));
            conn->execute("INSERT INTO t (id, v) VALUES (1, 0), (2, 0)");
        }
        std::latch both_hold_their_first_row(2);
        std::vector<std::optional<ErrorCode>> outcome(2);
        std::vector<std::string> messages(2);
        auto worker = [&](int me, int first, int second) {
            bool arrived = false;
            try {
                auto conn = db.acquire();
                // Bounded, in case deadlock detection were off: still Busy, and no hang.
                conn->execute("SET SESSION innodb_lock_wait_timeout = 10");
                Transaction tx(*conn, TxMode::kWrite);
                conn->execute("UPDATE t SET v = v + 1 WHERE id = ?", {first});
                arrived = true;
                both_hold_their_first_row.arrive_and_wait();
                conn->execute("UPDATE t SET v = v + 1 WHERE id = ?", {second});
                tx.commit();
            } catch (const Error& e) {
                if (!arrived)  // never leave the other thread waiting
                    both_hold_their_first_row.count_down();
                outcome[static_cast<std::size_t>(me)] = e.code();
                messages[static_cast<std::size_t>(me)] = e.what();
            }
        };
        std::thread a(worker, 0, 1, 2);
        std::thread b(worker, 1, 2, 1);
        a.join();
        b.join();
        // InnoDB rolls back exactly one of the two; the other commits.
        const int busy = (outcome[0] == ErrorCode::kBusy) + (outcome[1] == ErrorCode::kBusy);
        const int ok = !outcome[0].has_value() + !outcome[1].has_value();
        BOOST_TEST(busy == 1, messages[0] << " | " << messages[1]);
        BOOST_TEST(ok == 1);
        BOOST_TEST(contains(messages[0] + messages[1], "[1213]"), messages[0] << messages[1]);
        // The winner's two increments are all that remain: v = 1 on both rows.
        auto conn = db.acquire();
        BOOST_TEST(conn->query_one("SELECT SUM(v) FROM t")->operator[](0).as_int() == 2);
    });
}

BOOST_AUTO_TEST_CASE(read_transaction_sees_one_snapshot) {
    on_each_mysql_server([](Database& db, const std::string&) {
        auto reader = db.acquire();
        auto writer = db.acquire();
        writer->execute(writer->dialect().expand("CREATE TABLE t (id {id}, v {int}){engine}"));
        writer->execute("INSERT INTO t (v) VALUES (1)");
        auto count = [&] {
            return reader->query_one("SELECT COUNT(*) FROM t")->operator[](0).as_int();
        };
        {
            Transaction tx(*reader, TxMode::kRead);
            BOOST_TEST(count() == 1);
            writer->execute("INSERT INTO t (v) VALUES (2)");  // autocommit
            BOOST_TEST(count() == 1);                         // still the snapshot taken at begin
            tx.commit();
        }
        BOOST_TEST(count() == 2);
        // A write transaction is READ COMMITTED: it sees other commits as they happen.
        {
            Transaction tx(*reader, TxMode::kWrite);
            BOOST_TEST(count() == 2);
            writer->execute("INSERT INTO t (v) VALUES (3)");
            BOOST_TEST(count() == 3);
            tx.commit();
        }
    });
}

BOOST_AUTO_TEST_CASE(returned_transaction_is_rolled_back_and_begin_cannot_nest) {
    for (const auto& base : mysql_urls()) {
        ScratchDatabase scratch(base);
        BOOST_TEST_CONTEXT(where(scratch.url())) {
            MysqlUrl u = parse_mysql_url(scratch.url());
            u.pool_size = 1;
            auto db = open_mysql(to_url(u));
            {
                auto conn = db->acquire();
                conn->execute(conn->dialect().expand("CREATE TABLE t (id {id}, v {int}){engine}"));
                conn->begin(TxMode::kWrite);
                conn->execute("INSERT INTO t (v) VALUES (1)");
                auto nested = error_from([&] { conn->begin(TxMode::kWrite); });
                BOOST_TEST_REQUIRE(nested.has_value());
                BOOST_TEST(nested->code() == ErrorCode::kInternal);
                BOOST_TEST(conn->in_transaction());
            }  // returned to the pool mid-transaction
            auto conn = db->acquire();
            BOOST_TEST(!conn->in_transaction());
            BOOST_TEST(conn->query_one("SELECT COUNT(*) FROM t")->operator[](0).as_int() == 0);
        }
    }
}

BOOST_AUTO_TEST_CASE(acquire_waits_then_reports_unavailable_when_the_pool_is_exhausted) {
    for (const auto& base : mysql_urls()) {
        ScratchDatabase scratch(base);
        BOOST_TEST_CONTEXT(where(scratch.url())) {
            MysqlUrl u = parse_mysql_url(scratch.url());
            u.pool_size = 2;
            u.acquire_timeout = std::chrono::seconds(1);
            auto db = open_mysql(to_url(u));
            auto first = db->acquire();
            auto second = db->acquire();
            const auto start = std::chrono::steady_clock::now();
            auto e = error_from([&] { db->acquire(); });
            const auto waited = std::chrono::steady_clock::now() - start;
            BOOST_TEST_REQUIRE(e.has_value());
            BOOST_TEST(e->code() == ErrorCode::kUnavailable);
            BOOST_TEST(contains(e->what(), "all 2 connections"), e->what());
            BOOST_TEST((waited >= std::chrono::milliseconds(900)));
            // A connection handed back ends a wait.
            std::thread giver([&] {
                // A real delay: the connection comes back while acquire() below waits (the
                // wait ending is the subject; nothing shows from outside that it has begun).
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
                auto released = std::move(first);
            });
            auto third = db->acquire();
            giver.join();
            BOOST_TEST(third->query_one("SELECT 1")->operator[](0).as_int() == 1);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
