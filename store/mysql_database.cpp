#include "store/mysql_database.h"

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/parameter_metadata.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <array>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace scorecard::store {

namespace {

// Statements prepared per connection and kept. The server caps prepared statements
// (max_prepared_stmt_count, 16382 by default) across all clients: 256 × pool size × a few
// processes stays well under it. Statements beyond the cap are prepared, used once, closed.
constexpr std::size_t kStatementCacheSize = 256;
// A connection idle for longer than this is pinged (one round trip) before it is handed
// out, so a server restart or wait_timeout costs a reconnect rather than a failed request.
// Busy connections are not pinged; 10 s left a window in which a MariaDB restart failed the
// next use of every pooled connection (crash_test saw it).
constexpr auto kValidateIdleAfter = std::chrono::seconds(1);

constexpr std::string_view kSessionSqlMode =
    "SET SESSION sql_mode = "
    "'STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,PIPES_AS_CONCAT', "
    "time_zone = '+00:00'";
constexpr std::string_view kSessionIsolation =
    "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED";

// MySQL/MariaDB error numbers we act on.
enum MysqlErrno : int {
    kErAccessDeniedDb = 1044,
    kErAccessDenied = 1045,
    kErBadDb = 1049,
    kErServerShutdown = 1053,
    kErDupEntry = 1062,
    kErLockWaitTimeout = 1205,
    kErLockDeadlock = 1213,
    kErNoReferencedRowOld = 1216,
    kErRowIsReferencedOld = 1217,
    kErUnsupportedPs = 1295,
    kErRowIsReferenced = 1451,
    kErNoReferencedRow = 1452,
    kErForeignDuplicateKey = 1557,
    kErDupEntryWithKeyName = 1586,
    kErConnectionKilled = 1927,          // MariaDB
    kErClientInteractionTimeout = 4031,  // MySQL 8: disconnected after wait_timeout
    kCrConnectionError = 2002,           // socket (libmariadb: also TCP refused)
    kCrConnHostError = 2003,             // TCP
    kCrUnknownHost = 2005,
    kCrServerGoneError = 2006,
    kCrServerLost = 2013,
    kCrCommandsOutOfSync = 2014,
    kCrServerLostExtended = 2055,
};

// Server messages do not echo passwords, but a message built from driver text is checked
// anyway. Very short passwords are left alone: they would match ordinary words.
std::string without_password(std::string message, const std::string& password) {
    if (password.size() < 4)
        return message;
    for (std::size_t at = message.find(password); at != std::string::npos;
         at = message.find(password, at))
        message.replace(at, password.size(), "***");
    return message;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// `what` names the URL part for the message; the value itself is never quoted, since it
// may be the password.
std::string percent_decode(std::string_view text, std::string_view what) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        const int hi = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
        const int lo = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            throw Error::BadRequest("mysql URL: bad percent-encoding in the " + std::string(what) +
                                    " (a '%' must be followed by two hex digits; write '%25' "
                                    "for a literal '%')");
        }
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

int parse_number(std::string_view text, int min, int max, std::string_view what) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || value < min ||
        value > max) {
        throw Error::BadRequest("mysql URL: " + std::string(what) + " '" + std::string(text) +
                                "' is not a whole number from " + std::to_string(min) + " to " +
                                std::to_string(max));
    }
    return value;
}

constexpr std::string_view kUrlForms =
    "expected mysql://USER:PASSWORD@HOST:PORT/DATABASE or "
    "mysql://USER:PASSWORD@localhost/DATABASE?socket=PATH";

}  // namespace

MysqlUrl parse_mysql_url(const std::string& url) {
    constexpr std::string_view kScheme = "mysql://";
    if (!url.starts_with(kScheme))
        throw Error::BadRequest("mysql URL must start with mysql://: " + std::string(kUrlForms));
    std::string_view rest = std::string_view(url).substr(kScheme.size());
    std::string_view query;
    if (auto q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }

    // The last '@' ends the credentials, so an unencoded '@' or '/' in a password still
    // parses (host names and database names have neither).
    const auto at = rest.rfind('@');
    if (at == std::string_view::npos)
        throw Error::BadRequest("mysql URL has no USER:PASSWORD@ part: " + std::string(kUrlForms));
    std::string_view credentials = rest.substr(0, at);
    std::string_view location = rest.substr(at + 1);

    MysqlUrl out;
    const auto colon = credentials.find(':');
    out.user = percent_decode(credentials.substr(0, colon), "user name");
    if (colon != std::string_view::npos)
        out.password = percent_decode(credentials.substr(colon + 1), "password");
    if (out.user.empty())
        throw Error::BadRequest("mysql URL has an empty user name: " + std::string(kUrlForms));

    const auto slash = location.find('/');
    if (slash == std::string_view::npos)
        throw Error::BadRequest("mysql URL names no database: " + std::string(kUrlForms));
    std::string_view host_port = location.substr(0, slash);
    out.database = percent_decode(location.substr(slash + 1), "database name");
    if (out.database.empty())
        throw Error::BadRequest("mysql URL names no database: " + std::string(kUrlForms));
    // MySQL database names: at most 64 characters; '/', '\\', '.' and NUL cannot appear.
    if (out.database.size() > 64 ||
        out.database.find_first_of(std::string_view("/\\.\0", 4)) != std::string::npos)
        throw Error::BadRequest("mysql URL: '" + out.database +
                                "' is not a valid database name (at most 64 characters, no "
                                "'/', '\\' or '.')");

    std::string_view port_text;
    if (host_port.starts_with('[')) {  // [IPv6]:port
        const auto close = host_port.find(']');
        if (close == std::string_view::npos)
            throw Error::BadRequest("mysql URL: unclosed '[' in the host");
        out.host = std::string(host_port.substr(0, close + 1));
        std::string_view after = host_port.substr(close + 1);
        if (!after.empty()) {
            if (!after.starts_with(':'))
                throw Error::BadRequest("mysql URL: unexpected text after ']' in the host");
            port_text = after.substr(1);
            if (port_text.empty())
                throw Error::BadRequest("mysql URL: empty port after ':'");
        }
    } else {
        const auto port_colon = host_port.find(':');
        out.host = std::string(host_port.substr(0, port_colon));
        if (port_colon != std::string_view::npos) {
            port_text = host_port.substr(port_colon + 1);
            if (port_text.empty())
                throw Error::BadRequest("mysql URL: empty port after ':'");
        }
    }
    if (out.host.empty() || out.host == "[]")
        throw Error::BadRequest("mysql URL names no host: " + std::string(kUrlForms));
    if (!port_text.empty())
        out.port = parse_number(port_text, 1, 65535, "port");

    while (!query.empty()) {
        const auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        std::string_view key = pair.substr(0, eq);
        std::string value =
            eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), key);
        if (key == "socket") {
            if (value.empty() || !value.starts_with('/'))
                throw Error::BadRequest(
                    "mysql URL: socket must be an absolute path, e.g. "
                    "?socket=/run/mysqld/mysqld.sock");
            out.socket = value;
        } else if (key == "pool") {
            out.pool_size = static_cast<std::size_t>(parse_number(value, 1, 1000, "pool"));
        } else if (key == "acquire_timeout") {
            out.acquire_timeout =
                std::chrono::seconds(parse_number(value, 1, 3600, "acquire_timeout"));
        } else if (key == "connect_timeout") {
            out.connect_timeout =
                std::chrono::seconds(parse_number(value, 1, 3600, "connect_timeout"));
        } else {
            throw Error::BadRequest("mysql URL: unknown parameter '" + std::string(key) +
                                    "' (known: socket, pool, acquire_timeout, connect_timeout)");
        }
    }
    return out;
}

std::string MysqlUrl::host_name() const {
    if (!socket.empty())
        return "unix://" + socket;
    return "tcp://" + host + ":" + std::to_string(port);
}

std::string MysqlUrl::describe() const {
    std::string out = "mysql://" + user;
    if (!password.empty())
        out += ":***";
    out += "@" + host;
    if (socket.empty())
        out += ":" + std::to_string(port);
    out += "/" + database;
    if (!socket.empty())
        out += "?socket=" + socket;
    return out;
}

std::string MysqlUrl::server() const {
    if (!socket.empty())
        return "socket " + socket;
    return host + ":" + std::to_string(port);
}

namespace {

// The server went away, or the connection to it did: the database is unavailable and the
// connection is of no more use.
bool server_gone(int error_number) {
    switch (error_number) {
        case kErServerShutdown:
        case kErConnectionKilled:
        case kErClientInteractionTimeout:
        case kCrConnectionError:
        case kCrConnHostError:
        case kCrUnknownHost:
        case kCrServerGoneError:
        case kCrServerLost:
        case kCrServerLostExtended:
            return true;
        default:
            return false;
    }
}

}  // namespace

ErrorCode classify_mysql_error(int error_number) {
    if (server_gone(error_number))
        return ErrorCode::kUnavailable;
    switch (error_number) {
        case kErDupEntry:
        case kErDupEntryWithKeyName:
        case kErForeignDuplicateKey:
        case kErRowIsReferenced:
        case kErRowIsReferencedOld:
        case kErNoReferencedRow:
        case kErNoReferencedRowOld:
            return ErrorCode::kConflict;
        case kErLockDeadlock:
        case kErLockWaitTimeout:
            return ErrorCode::kBusy;
        case kErAccessDenied:
        case kErAccessDeniedDb:
        case kErBadDb:
            return ErrorCode::kUnavailable;
        default:
            return ErrorCode::kInternal;
    }
}

bool mysql_error_loses_connection(int error_number) {
    // After kCrCommandsOutOfSync the protocol state is unknown: nothing more can safely be
    // sent.
    return server_gone(error_number) || error_number == kCrCommandsOutOfSync;
}

std::string MysqlDialect::expand(std::string_view schema_sql) const {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kTokens{{
        {"{id}", "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY"},
        // 191 characters × 4 bytes (utf8mb4) fits the 767-byte index prefix of older
        // row formats.
        {"{key}", "VARCHAR(191)"},
        {"{text}", "LONGTEXT"},
        {"{blob}", "LONGBLOB"},
        {"{real}", "DOUBLE"},
        {"{int}", "BIGINT"},
        // utf8mb4_bin: byte-wise, case-sensitive comparisons, as on SQLite; the repositories
        // use LOWER() where a search must ignore case.
        {"{engine}", " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"},
    }};
    return replace_tokens(schema_sql, kTokens);
}

namespace {

sql::mysql::MySQL_Driver& driver() {
    // get_mysql_driver_instance() is not safe to call concurrently the first time; a
    // function-local static makes that first call once.
    static sql::mysql::MySQL_Driver* instance = sql::mysql::get_mysql_driver_instance();
    return *instance;
}

// One dialect for every connection: a connection can outlive the Database that made it.
const MysqlDialect& mysql_dialect() {
    static const MysqlDialect dialect;
    return dialect;
}

// A failure to open a connection, as a message a person can act on.
Error connect_error(const sql::SQLException& e, const MysqlUrl& url) {
    const std::string where = url.server();
    const std::string detail =
        without_password(e.what(), url.password) + " [" + std::to_string(e.getErrorCode()) + "]";
    switch (e.getErrorCode()) {
        case kErAccessDenied:
            return Error::Unavailable(
                "mysql: access denied for user '" + url.user + "' at " + where +
                ": check the user name and password in the database URL, and that the account "
                "may connect from this host (" +
                detail + ")");
        case kErAccessDeniedDb:
            // The server says this both for a missing database and for one without grants.
            return Error::Unavailable(
                "mysql: user '" + url.user + "' may not use database '" + url.database + "' at " +
                where + ": the database does not exist or the account has no privileges on it (" +
                detail + ")");
        case kErBadDb:
            return Error::Unavailable(
                "mysql: database '" + url.database + "' does not exist at " + where +
                ": create it (CREATE DATABASE `" + url.database +
                "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin) or correct the database name in "
                "the URL (" +
                detail + ")");
        case kCrConnectionError:
        case kCrConnHostError:
        case kCrUnknownHost:
            return Error::Unavailable(
                "mysql: cannot reach the server at " + where +
                ": check that MySQL/MariaDB is running and that the host and port (or socket) "
                "in the URL are right (" +
                detail + ")");
        default:
            return Error::Unavailable("mysql: cannot connect to " + url.describe() + ": " + detail);
    }
}

class MysqlConnection : public Connection {
  public:
    MysqlConnection(std::unique_ptr<sql::Connection> conn, const MysqlUrl& url)
        : conn_(std::move(conn)), where_(url.describe()), password_(url.password) {}

    ~MysqlConnection() override {
        // Statements before their connection; a dead connection may throw on close.
        try {
            cache_.clear();
            plain_.reset();
            conn_->close();
        } catch (const sql::SQLException&) {
        }
    }

    // The session settings every connection runs with (see the header).
    void configure(Workload workload) {
        control(kSessionSqlMode);
        control(kSessionIsolation);
        if (workload == Workload::kBulk)
            control("SET SESSION foreign_key_checks = 0");
    }

    std::int64_t execute(std::string_view sql, const Params& params) override {
        return guarded(sql, [&]() -> std::int64_t {
            Prepared stmt = prepare(sql, params);
            if (stmt.plain)
                return plain().executeUpdate(std::string(sql));
            bind(*stmt.get, params, sql);
            return stmt.get->executeUpdate();
        });
    }

    // The connector stores the whole result on the client anyway (the default scrollable
    // result set), so rows are read first and handed to on_row after the statement is done:
    // on_row may then run other statements on this connection, even the same one.
    void query(std::string_view sql, const Params& params,
               const std::function<void(const Row&)>& on_row) override {
        std::vector<Row> rows = guarded(sql, [&] {
            Prepared stmt = prepare(sql, params);
            std::unique_ptr<sql::ResultSet> result;
            if (stmt.plain) {
                result.reset(plain().executeQuery(std::string(sql)));
            } else {
                bind(*stmt.get, params, sql);
                result.reset(stmt.get->executeQuery());
            }
            return read_rows(*result);
        });
        for (const Row& row : rows)
            on_row(row);
    }

    std::int64_t last_insert_id() override {
        std::vector<Row> rows = query_all("SELECT LAST_INSERT_ID()");
        return rows.empty() ? 0 : rows.front()[0].as_int();
    }

    const Dialect& dialect() const override { return mysql_dialect(); }

    void begin(TxMode mode) override {
        // START TRANSACTION inside a transaction would silently commit the first one.
        if (in_transaction_)
            throw Error::Internal("mysql: begin() while a transaction is already open");
        if (mode == TxMode::kRead) {
            // Applies to the next transaction only; the session stays READ COMMITTED.
            control("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            control("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        } else {
            control("START TRANSACTION");
        }
        in_transaction_ = true;
    }

    void commit() override {
        control("COMMIT");
        in_transaction_ = false;
    }

    void rollback() override {
        if (!in_transaction_)
            return;
        // A connection lost mid-transaction is rolled back by the server; either way the
        // transaction is over.
        in_transaction_ = false;
        control("ROLLBACK");
    }

    bool in_transaction() const override { return in_transaction_; }
    bool healthy() const override { return healthy_; }

    // Pings the server; false (and unhealthy from then on) when the connection is gone.
    bool alive() {
        try {
            healthy_ = healthy_ && conn_->isValid();
        } catch (const sql::SQLException&) {
            healthy_ = false;
        }
        return healthy_;
    }

    std::chrono::steady_clock::duration idle_for() const {
        return std::chrono::steady_clock::now() - last_used_;
    }

  private:
    // A statement from the cache, a one-use statement, or (plain) the rare statement the
    // server cannot prepare, run as text because it has no parameters.
    struct Prepared {
        sql::PreparedStatement* get = nullptr;
        std::unique_ptr<sql::PreparedStatement> owned;
        bool plain = false;
    };

    Prepared prepare(std::string_view sql, const Params& params) {
        std::string key(sql);
        if (auto it = cache_.find(key); it != cache_.end())
            return Prepared{it->second.get(), nullptr, false};
        std::unique_ptr<sql::PreparedStatement> stmt;
        try {
            stmt.reset(conn_->prepareStatement(key));
        } catch (const sql::SQLException& e) {
            if (e.getErrorCode() == kErUnsupportedPs && params.empty())
                return Prepared{nullptr, nullptr, true};
            throw;
        }
        sql::PreparedStatement* raw = stmt.get();
        if (cache_.size() < kStatementCacheSize) {
            cache_.emplace(std::move(key), std::move(stmt));
            return Prepared{raw, nullptr, false};
        }
        return Prepared{raw, std::move(stmt), false};
    }

    static void bind(sql::PreparedStatement& stmt, const Params& params, std::string_view sql) {
        const auto expected =
            static_cast<std::size_t>(stmt.getParameterMetaData()->getParameterCount());
        if (expected != params.size()) {
            throw Error::Internal("mysql: statement has " + std::to_string(expected) +
                                  " parameters, " + std::to_string(params.size()) + " given [" +
                                  sql_excerpt(sql) + "]");
        }
        for (std::size_t i = 0; i < params.size(); ++i) {
            const auto index = static_cast<unsigned int>(i + 1);
            const auto& raw = params[i].raw();
            if (const auto* n = std::get_if<std::int64_t>(&raw)) {
                stmt.setInt64(index, *n);
            } else if (const auto* d = std::get_if<double>(&raw)) {
                stmt.setDouble(index, *d);
            } else if (const auto* s = std::get_if<std::string>(&raw)) {
                // Bound with its length (MYSQL_TYPE_STRING): NULs and bytes that are not
                // UTF-8 reach a LONGBLOB column unchanged; a text column under strict mode
                // rejects invalid UTF-8 (error 1366) rather than mangling it.
                stmt.setString(index, sql::SQLString(s->data(), s->size()));
            } else {
                stmt.setNull(index, sql::DataType::SQLNULL);
            }
        }
    }

    enum class ColumnKind { kInteger, kReal, kNull, kBytes };

    static ColumnKind column_kind(int type) {
        switch (type) {
            case sql::DataType::BIT:
            case sql::DataType::TINYINT:
            case sql::DataType::SMALLINT:
            case sql::DataType::MEDIUMINT:
            case sql::DataType::INTEGER:
            case sql::DataType::BIGINT:
            case sql::DataType::YEAR:
                return ColumnKind::kInteger;
            case sql::DataType::REAL:
            case sql::DataType::DOUBLE:
            case sql::DataType::DECIMAL:
            case sql::DataType::NUMERIC:
                return ColumnKind::kReal;
            case sql::DataType::SQLNULL:
                return ColumnKind::kNull;
            default:
                return ColumnKind::kBytes;
        }
    }

    static std::vector<Row> read_rows(sql::ResultSet& result) {
        sql::ResultSetMetaData* meta = result.getMetaData();  // owned by the result set
        const unsigned int columns = meta->getColumnCount();
        std::vector<ColumnKind> kinds;
        kinds.reserve(columns);
        for (unsigned int c = 1; c <= columns; ++c)
            kinds.push_back(column_kind(meta->getColumnType(c)));
        std::vector<Row> rows;
        while (result.next()) {
            std::vector<Value> values;
            values.reserve(columns);
            for (unsigned int c = 1; c <= columns; ++c) {
                if (result.isNull(c)) {
                    values.emplace_back();
                    continue;
                }
                switch (kinds[c - 1]) {
                    case ColumnKind::kInteger:
                        values.emplace_back(static_cast<long long>(result.getInt64(c)));
                        break;
                    case ColumnKind::kReal:
                        values.emplace_back(static_cast<double>(result.getDouble(c)));
                        break;
                    case ColumnKind::kNull:
                        values.emplace_back();
                        break;
                    case ColumnKind::kBytes: {
                        // SQLString keeps the length: binary values come back byte for byte.
                        // (Held by value: getString returns a temporary.)
                        const sql::SQLString bytes = result.getString(c);
                        values.emplace_back(bytes.asStdString());
                        break;
                    }
                }
            }
            rows.emplace_back(std::move(values));
        }
        return rows;
    }

    // Statements without parameters that are not worth caching (transaction control,
    // session settings).
    void control(std::string_view sql) {
        guarded(sql, [&] { return plain().execute(std::string(sql)); });
    }

    sql::Statement& plain() {
        if (!plain_)
            plain_.reset(conn_->createStatement());
        return *plain_;
    }

    // Runs driver calls, turning connector exceptions into scorecard::Error.
    template <class Work>
    auto guarded(std::string_view sql, Work&& work) -> decltype(work()) {
        if (!healthy_)
            throw Error::Unavailable("mysql: the connection to " + where_ +
                                     " was lost earlier; it cannot be used again");
        try {
            auto result = work();
            last_used_ = std::chrono::steady_clock::now();
            return result;
        } catch (const sql::InvalidInstanceException& e) {
            // The connector closed the connection after a failure.
            healthy_ = false;
            throw Error::Unavailable("mysql: the connection to " + where_ +
                                     " is closed: " + e.what());
        } catch (const sql::SQLException& e) {
            throw translate(e, sql);
        }
    }

    Error translate(const sql::SQLException& e, std::string_view sql) {
        const int number = e.getErrorCode();
        if (mysql_error_loses_connection(number)) {
            // Prepared statements die with the session: they go with the connection.
            healthy_ = false;
            return Error::Unavailable("mysql: lost the connection to " + where_ + ": " +
                                      without_password(e.what(), password_) + " [" +
                                      std::to_string(number) + "]");
        }
        const std::string message = "mysql: " + without_password(e.what(), password_) + " [" +
                                    std::to_string(number) + "] [" + sql_excerpt(sql) + "]";
        return Error(classify_mysql_error(number), message);
    }

    std::unique_ptr<sql::Connection> conn_;
    // Copies, not references: a connection may be returned after its Database is gone.
    std::string where_;  // the URL, password masked
    std::string password_;
    std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> cache_;
    std::unique_ptr<sql::Statement> plain_;
    bool healthy_ = true;
    bool in_transaction_ = false;
    std::chrono::steady_clock::time_point last_used_ = std::chrono::steady_clock::now();
};

// Idle connections and how many exist. Shared with every PooledConnection handed out, so a
// connection returned after its Database is gone is simply closed.
struct MysqlPool {
    std::mutex mutex;
    std::condition_variable available;
    std::vector<std::unique_ptr<MysqlConnection>> idle;
    std::size_t open = 0;
    std::size_t max = 8;
    bool closed = false;

    void release(std::unique_ptr<Connection> returned) {
        // Only MysqlDatabase lends connections with this pool's release.
        std::unique_ptr<MysqlConnection> conn(static_cast<MysqlConnection*>(returned.release()));
        if (conn->healthy() && conn->in_transaction()) {
            try {
                conn->rollback();
            } catch (...) {
                conn.reset();
            }
        }
        std::unique_ptr<MysqlConnection> discard;
        {
            std::lock_guard lock(mutex);
            if (conn && conn->healthy() && !closed) {
                idle.push_back(std::move(conn));
            } else {
                discard = std::move(conn);
                --open;
            }
            available.notify_one();
        }
        // `discard` is closed here, outside the lock: closing a dead connection can take a
        // moment.
    }

    void forget_one() {
        std::lock_guard lock(mutex);
        --open;
        available.notify_one();
    }
};

class MysqlDatabase : public Database {
  public:
    MysqlDatabase(MysqlUrl url, Workload workload)
        : url_(std::move(url)), workload_(workload), pool_(std::make_shared<MysqlPool>()) {
        pool_->max = url_.pool_size;
        // One connection now, so bad credentials or a missing server fail at open().
        pool_->idle.push_back(connect());
        pool_->open = 1;
    }

    ~MysqlDatabase() override {
        std::vector<std::unique_ptr<MysqlConnection>> idle;
        {
            std::lock_guard lock(pool_->mutex);
            pool_->closed = true;
            pool_->open -= pool_->idle.size();
            idle.swap(pool_->idle);
        }
    }

    PooledConnection acquire() override {
        for (;;) {
            std::unique_ptr<MysqlConnection> conn;
            {
                std::unique_lock lock(pool_->mutex);
                auto ready = [this] { return !pool_->idle.empty() || pool_->open < pool_->max; };
                if (!pool_->available.wait_for(lock, url_.acquire_timeout, ready)) {
                    throw Error::Unavailable("mysql: all " + std::to_string(pool_->max) +
                                             " connections to " + url_.describe() +
                                             " stayed in use for " +
                                             std::to_string(url_.acquire_timeout.count()) +
                                             " s; raise ?pool= or look for long transactions");
                }
                if (!pool_->idle.empty()) {
                    conn = std::move(pool_->idle.back());
                    pool_->idle.pop_back();
                } else {
                    ++pool_->open;
                }
            }
            if (conn) {
                if (conn->idle_for() < kValidateIdleAfter || conn->alive())
                    return lend(std::move(conn));
                conn.reset();
                pool_->forget_one();
                continue;
            }
            try {
                return lend(connect());
            } catch (...) {
                pool_->forget_one();
                throw;
            }
        }
    }

    const Dialect& dialect() const override { return mysql_dialect(); }
    std::string describe() const override { return url_.describe(); }

  private:
    PooledConnection lend(std::unique_ptr<MysqlConnection> conn) {
        std::shared_ptr<MysqlPool> pool = pool_;
        return PooledConnection(std::move(conn), [pool](std::unique_ptr<Connection> c) {
            pool->release(std::move(c));
        });
    }

    std::unique_ptr<MysqlConnection> connect() {
        sql::ConnectOptionsMap options;
        options["hostName"] = sql::SQLString(url_.host_name());
        options["userName"] = sql::SQLString(url_.user);
        options["password"] = sql::SQLString(url_.password);
        options["schema"] = sql::SQLString(url_.database);
        options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
        // A silent reconnect would lose the transaction and the prepared statements while
        // we believed both still there (TOOLCHAIN.md): lost means lost.
        options["OPT_RECONNECT"] = false;
        options["OPT_CONNECT_TIMEOUT"] = static_cast<int>(url_.connect_timeout.count());
        // Rows matched rather than rows changed, as SQLite's changes() counts them.
        options["CLIENT_FOUND_ROWS"] = true;
        std::unique_ptr<sql::Connection> raw;
        try {
            raw.reset(driver().connect(options));
        } catch (const sql::SQLException& e) {
            throw connect_error(e, url_);
        }
        auto conn = std::make_unique<MysqlConnection>(std::move(raw), url_);
        conn->configure(workload_);
        return conn;
    }

    MysqlUrl url_;
    Workload workload_;
    std::shared_ptr<MysqlPool> pool_;
};

}  // namespace

std::unique_ptr<Database> open_mysql(const std::string& url, const OpenOptions& options) {
    return std::make_unique<MysqlDatabase>(parse_mysql_url(url), options.workload);
}

}  // namespace scorecard::store
