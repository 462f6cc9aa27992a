// The store's driver boundary: a Database hands out Connections; a Connection runs
// parameterised SQL. SQLite (sqlite_database.cpp) and MySQL/MariaDB through Connector/C++
// (mysql_database.cpp) implement it; everything above (migrations, repositories) is
// written once against this interface and the Dialect.
//
// Every statement is prepared with parameters ('?' placeholders); nothing is ever spliced
// into SQL text. Driver errors are thrown as scorecard::Error:
//   kConflict    unique or foreign-key violation (MySQL 1062/1452, SQLITE_CONSTRAINT)
//   kBusy        deadlock, lock wait timeout, SQLITE_BUSY: the transaction may be retried
//   kUnavailable the connection is lost or the server cannot be reached (never retried
//                inside a transaction; the connection is discarded)
//   kInternal    anything else (bad SQL: a bug)
//
// Thread safety: a Database is shared by all threads; a Connection is used by one thread
// at a time (the pool hands it out and takes it back).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/errors.h"

namespace scorecard::store {

// A parameter or a column value. Text and blobs are both std::string (bytes).
class Value {
  public:
    Value() = default;
    Value(std::nullptr_t) {}
    Value(int v) : v_(static_cast<std::int64_t>(v)) {}
    Value(long v) : v_(static_cast<std::int64_t>(v)) {}
    Value(long long v) : v_(static_cast<std::int64_t>(v)) {}
    Value(bool v) : v_(static_cast<std::int64_t>(v ? 1 : 0)) {}
    Value(double v) : v_(v) {}
    Value(std::string v) : v_(std::move(v)) {}
    Value(std::string_view v) : v_(std::string(v)) {}
    Value(const char* v) : v_(std::string(v)) {}
    template <class T>
    Value(const std::optional<T>& v) {
        if (v)
            *this = Value(*v);
    }

    bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
    bool is_integer() const { return std::holds_alternative<std::int64_t>(v_); }
    bool is_real() const { return std::holds_alternative<double>(v_); }
    bool is_text() const { return std::holds_alternative<std::string>(v_); }

    // Conversions are lenient where drivers differ (MySQL returns DECIMAL as text, SQLite
    // may return an integral REAL as INTEGER); a NULL reads as 0 or "".
    std::int64_t as_int() const;
    double as_double() const;
    std::string as_text() const;
    bool as_bool() const { return as_int() != 0; }
    std::optional<std::int64_t> as_optional_int() const;
    std::optional<double> as_optional_double() const;
    std::optional<std::string> as_optional_text() const;

    const std::variant<std::monostate, std::int64_t, double, std::string>& raw() const {
        return v_;
    }

  private:
    std::variant<std::monostate, std::int64_t, double, std::string> v_;
};

using Params = std::vector<Value>;

// One result row; columns by position, in the order of the SELECT list.
class Row {
  public:
    explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
    const Value& operator[](std::size_t i) const { return values_.at(i); }
    std::size_t size() const { return values_.size(); }

  private:
    std::vector<Value> values_;
};

// Where SQL differs between databases. Schema text in migrations uses these tokens,
// which expand() replaces:
//   {id}     auto-increment 64-bit primary key column type
//   {key}    an indexable string (VARCHAR(191) on MySQL, TEXT on SQLite)
//   {text}   long text (LONGTEXT / TEXT)
//   {blob}   bytes (LONGBLOB / BLOB)
//   {real}   double precision (DOUBLE / REAL)
//   {int}    64-bit integer (BIGINT / INTEGER)
//   {engine} table options (" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin" / "")
// and "DROP INDEX name ON table" is written MySQL's way (SQLite leaves out the ON clause).
class Dialect {
  public:
    virtual ~Dialect() = default;
    virtual std::string_view name() const = 0;  // "sqlite" or "mysql"
    virtual std::string expand(std::string_view schema_sql) const = 0;

  protected:
    using Token = std::pair<std::string_view, std::string_view>;  // {token, replacement}
    // Replaces every token in the text; shared by the drivers' expand().
    static std::string replace_tokens(std::string_view schema_sql, std::span<const Token> tokens);
};

// The start of a statement for a driver's error message: its first 120 characters, and "..."
// when there is more.
std::string sql_excerpt(std::string_view sql);

enum class TxMode {
    kRead,   // a consistent read
    kWrite,  // takes the write lock up front on SQLite (BEGIN IMMEDIATE)
};

class Connection {
  public:
    virtual ~Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs a statement that returns no rows; returns the number of rows it changed.
    virtual std::int64_t execute(std::string_view sql, const Params& params = {}) = 0;
    // Runs a query and calls on_row for each row, streaming.
    virtual void query(std::string_view sql, const Params& params,
                       const std::function<void(const Row&)>& on_row) = 0;
    // The id generated by the last INSERT on this connection.
    virtual std::int64_t last_insert_id() = 0;
    virtual const Dialect& dialect() const = 0;

    virtual void begin(TxMode mode) = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    virtual bool in_transaction() const = 0;
    // False once the driver has seen the connection fail; the pool then discards it.
    virtual bool healthy() const { return true; }

    // Marks that this connection changed what reports are derived from (repositories call it
    // for every audited change and every score they write): the data version
    // (data_version()) moves when the Transaction commits, at once outside a transaction.
    void note_change();
    // Whether a change was noted since the last call; clears the mark.
    bool take_change() { return std::exchange(changed_, false); }

    // Conveniences over query().
    std::vector<Row> query_all(std::string_view sql, const Params& params = {});
    std::optional<Row> query_one(std::string_view sql, const Params& params = {});

  protected:
    Connection() = default;

  private:
    bool changed_ = false;
};

// Returns a Connection to its Database's pool when destroyed.
class PooledConnection {
  public:
    PooledConnection(std::unique_ptr<Connection> conn,
                     std::function<void(std::unique_ptr<Connection>)> release)
        : conn_(std::move(conn)), release_(std::move(release)) {}
    PooledConnection(PooledConnection&&) = default;
    PooledConnection& operator=(PooledConnection&&) = default;
    ~PooledConnection() {
        if (conn_ && release_)
            release_(std::move(conn_));
    }
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

  private:
    std::unique_ptr<Connection> conn_;
    std::function<void(std::unique_ptr<Connection>)> release_;
};

// What the process opening a database will mostly do with it.
//
// A bulk workload's connections do not check foreign keys (SQLite PRAGMA foreign_keys=OFF,
// MySQL foreign_key_checks=0), as bulk loaders do (mysqldump, LOAD DATA in bench/run.sh):
// every row it writes refers to a row its own transaction has just written, or read and
// locked (the contract a return is for, the document being applied, the return version
// its measures belong to), and nothing deletes a row another table refers to. On the
// bench's MariaDB import the checks repeated that work on every row, a tenth of the
// server's time. The server (kServe) keeps them, and the tests check, after each kind of
// bulk load, that nothing refers to a row that is not there (tests/support/
// test_databases.h dangling_references).
enum class Workload {
    kServe,  // many short transactions (the server, most commands)
    kBulk,   // few large ones: `import`, `score`, `demo` (SQLite keeps a larger page cache
             // and checkpoints its log less often; MySQL is sized by its server)
};

struct OpenOptions {
    Workload workload = Workload::kServe;
    // SQLite: whether a missing file is created (`migrate`, `demo`); otherwise opening it is
    // kUnavailable, so that a mistyped path is reported rather than made.
    bool create = true;
};

class Database {
  public:
    virtual ~Database() = default;

    // Opens a database by URL: "sqlite:PATH" (":memory:" allowed) or
    // "mysql://USER:PASSWORD@HOST:PORT/DATABASE" (also
    // "mysql://USER:PASSWORD@localhost/DB?socket=PATH"). Throws Error (kBadRequest for a bad URL,
    // kUnavailable when it cannot connect).
    static std::unique_ptr<Database> open(const std::string& url, const OpenOptions& options = {});

    // A connection from the pool (waits for one if all are in use; kUnavailable after a
    // timeout). A connection left in a transaction is rolled back when returned.
    virtual PooledConnection acquire() = 0;
    virtual const Dialect& dialect() const = 0;
    // The URL with any password masked, for logs and messages.
    virtual std::string describe() const = 0;
};

// A number that moves whenever a committed transaction (or a statement outside one) has
// noted a change (Connection::note_change): caches of derived reports compare it to the
// version they were built at. It only grows; 0 before anything changed.
std::int64_t data_version(Connection& conn);

// In a transaction that noted a change, moves the data version now (as commit() would) and
// returns the version its commit makes; nullopt when it noted none (commit() then moves
// nothing). Call it as the transaction's last statement: on MySQL the row stays locked until
// the commit. A run that reads ahead on other connections learns which versions are its own.
std::optional<std::int64_t> move_data_version(Connection& conn);

// A transaction held by a guard: commit() explicitly, rolled back by the destructor.
// Committing a transaction that noted a change moves the data version in the same
// transaction, as its last statement (so that the row lock it takes on MySQL is held only
// while the commit runs).
class Transaction {
  public:
    Transaction(Connection& conn, TxMode mode);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Connection& conn_;
    bool done_ = false;
};

// Runs `work` in a transaction, retrying (with a short back-off, at most `attempts`
// times) when it fails with kBusy or kConflict: a deadlock, or two writers inserting the
// same new row. Other errors propagate at once.
void with_transaction(Database& db, TxMode mode, const std::function<void(Connection&)>& work,
                      int attempts = 5);

}  // namespace scorecard::store
