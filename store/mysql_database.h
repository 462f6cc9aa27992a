// MySQL 8 and MariaDB 10.6+ through MySQL Connector/C++ 1.1, behind the Database/Connection
// boundary of store/database.h.
//
// URLs:
//   mysql://USER:PASSWORD@HOST:PORT/DATABASE            TCP (port 3306 when omitted)
//   mysql://USER:PASSWORD@localhost/DATABASE?socket=PATH a Unix socket
// USER, PASSWORD, DATABASE and query values are percent-decoded ("p%40ss" is "p@ss").
// Optional query parameters, each with its default:
//   pool=8               connections kept at most
//   acquire_timeout=30   seconds acquire() waits for a free connection
//   connect_timeout=10   seconds a new connection may take to open
// Without ?socket, "localhost" is reached over TCP like any other host name.
//
// Every connection runs with sql_mode STRICT_TRANS_TABLES,STRICT_ALL_TABLES,
// NO_ENGINE_SUBSTITUTION,PIPES_AS_CONCAT (the same on MySQL and MariaDB whatever the
// server default; ANSI_QUOTES off; || concatenates as on SQLite), time_zone '+00:00',
// utf8mb4, and READ COMMITTED: write transactions (upserts) take no gap locks on rows they
// do not touch, so concurrent importers deadlock less, and with_transaction() retries the
// deadlocks that remain. A TxMode::kRead transaction is a REPEATABLE READ consistent
// snapshot, so a report sees one state of the database across its queries.
// A database opened for Workload::kBulk (store/database.h) runs without foreign key checks:
// see there.
//
// Statements are prepared on the server and cached per connection by SQL text. A lost
// connection (the server restarted, the connection was killed) is reported as
// kUnavailable and never silently reconnected: the pool discards it and the next acquire()
// opens a fresh one.
//
// Thread safety: the Database is shared by all threads; a Connection is used by one thread
// at a time. parse_mysql_url() and MysqlDialect are stateless.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "model/errors.h"
#include "store/database.h"

namespace scorecard::store {

// A parsed mysql:// URL.
struct MysqlUrl {
    std::string user;
    std::string password;
    std::string host;  // as written; an IPv6 address keeps its brackets
    int port = 3306;
    std::string database;
    std::string socket;  // empty: TCP
    std::size_t pool_size = 8;
    std::chrono::seconds acquire_timeout{30};
    std::chrono::seconds connect_timeout{10};

    // Connector/C++'s hostName: "tcp://HOST:PORT" or "unix://PATH".
    std::string host_name() const;
    // The URL with the password replaced by "***" (for logs and error messages).
    std::string describe() const;
    // "HOST:PORT" or "socket PATH": where the server is, for error messages.
    std::string server() const;
};

// Throws Error(kBadRequest) with a message saying what is wrong; the message never repeats
// the password.
MysqlUrl parse_mysql_url(const std::string& url);

// MySQL server/client error numbers -> the boundary's error kinds (store/database.h).
ErrorCode classify_mysql_error(int error_number);
// True when the error means the connection can no longer be used (lost, killed, timed out).
bool mysql_error_loses_connection(int error_number);

class MysqlDialect final : public Dialect {
  public:
    std::string_view name() const override { return "mysql"; }
    std::string expand(std::string_view schema_sql) const override;
};

// Opens the pool and one connection at once, so bad credentials or an unreachable server
// fail here. Throws Error(kBadRequest) for a bad URL, Error(kUnavailable) when it cannot
// connect (the message names the server and database and says what to check, never the
// password).
std::unique_ptr<Database> open_mysql(const std::string& url, const OpenOptions& options = {});

}  // namespace scorecard::store
