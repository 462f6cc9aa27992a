#include "store/sqlite_database.h"

#include <sqlite3.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace scorecard::store {

namespace {

// Default: 5 s, long enough for any one write transaction of ours to finish.
constexpr int kBusyTimeoutMs = 5000;
// Workload::kBulk: each connection's page cache (KiB); the log's size (pages of 4 KiB) at
// which a commit asks the checkpointer to copy it into the database, and the size at which
// the next write waits for that copy to end, so that the log starts again from its beginning.
constexpr int kBulkCacheKib = 64 * 1024;
constexpr int kBulkCheckpointPages = 16 * 1024;
constexpr int kBulkLogLimitPages = 4 * kBulkCheckpointPages;
// Default: 4 connections: readers beyond that wait (the machine has few cores anyway).
constexpr std::size_t kPoolSize = 4;
// How long acquire() waits for a free connection before reporting kUnavailable.
constexpr auto kAcquireTimeout = std::chrono::seconds(30);
// Statements prepared per connection and kept; statements beyond this (e.g. multi-row
// inserts of every possible length) are prepared, used once and finalized.
constexpr std::size_t kStatementCacheSize = 256;

// SQLite result codes -> the boundary's error kinds (see store/database.h).
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, std::string_view sql) {
    std::string message = std::string("sqlite: ") + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    if (!sql.empty())
        message += " [" + sql_excerpt(sql) + "]";
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            throw Error::Conflict(message);
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            throw Error::Busy(message);
        case SQLITE_CANTOPEN:
        case SQLITE_NOTADB:
        case SQLITE_IOERR:
        case SQLITE_CORRUPT:
        case SQLITE_FULL:
            throw Error::Unavailable(message);
        default:
            throw Error::Internal(message);
    }
}

bool is_connection_fatal(int rc) {
    switch (rc & 0xff) {
        case SQLITE_CANTOPEN:
        case SQLITE_NOTADB:
        case SQLITE_IOERR:
        case SQLITE_CORRUPT:
            return true;
        default:
            return false;
    }
}

// Workload::kBulk: copies the write-ahead log into the database on a thread and a
// connection of its own (a PASSIVE checkpoint, which runs beside the writer), so that the
// writing thread does not stop for the copy and its syncs: they were a fifth of its time and
// most of its waiting on the bench's import (bench/analysis.md). Every connection of the
// database reports its commits (sqlite3_wal_hook, in place of SQLite's automatic checkpoint)
// and asks before each write transaction, which waits only when the log has grown past
// kBulkLogLimitPages: once the copy has caught up, that transaction starts the log again.
class Checkpointer {
  public:
    explicit Checkpointer(sqlite3* db) : db_(db), thread_([this] { run(); }) {}
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;
    ~Checkpointer() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        thread_.join();
        // The last connection to close copies what is left and removes the log.
        sqlite3_close_v2(db_);
    }

    // After a commit, with the log's size in pages.
    void committed(int log_pages) {
        {
            std::lock_guard lock(mutex_);
            log_pages_ = log_pages;
            if (log_pages < kBulkCheckpointPages)
                return;
            ++requested_;
        }
        wake_.notify_all();
    }

    // Before a write transaction begins.
    void before_write() {
        std::unique_lock lock(mutex_);
        if (log_pages_ < kBulkLogLimitPages)
            return;
        const std::uint64_t wanted = requested_;
        copied_.wait(lock, [&] { return done_ >= wanted || stopping_; });
    }

  private:
    void run() {
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return stopping_ || requested_ > done_; });
            if (stopping_)
                return;
            const std::uint64_t request = requested_;
            lock.unlock();
            // BUSY (another checkpoint is running) or a reader holding an older snapshot
            // only leave part of the log for the next request; nothing is lost either way.
            sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            lock.lock();
            done_ = request;
            copied_.notify_all();
        }
    }

    sqlite3* db_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable copied_;
    int log_pages_ = 0;
    std::uint64_t requested_ = 0;
    std::uint64_t done_ = 0;
    bool stopping_ = false;
    std::thread thread_;
};

class SqliteConnection : public Connection {
  public:
    SqliteConnection(sqlite3* db, const SqliteDialect& dialect) : db_(db), dialect_(dialect) {}
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : cache_)
            sqlite3_finalize(stmt);
        sqlite3_close_v2(db_);
    }

    // Workload::kBulk: hands the log's checkpoints to `checkpointer`.
    void checkpoint_with(std::shared_ptr<Checkpointer> checkpointer) {
        checkpointer_ = std::move(checkpointer);
        sqlite3_wal_hook(
            db_,
            [](void* self, sqlite3*, const char*, int log_pages) {
                static_cast<Checkpointer*>(self)->committed(log_pages);
                return SQLITE_OK;
            },
            checkpointer_.get());
    }

    std::int64_t execute(std::string_view sql, const Params& params) override {
        Statement stmt = prepare(sql);
        bind(stmt.get(), params, sql);
        int rc;
        while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE)
            fail(rc, sql);
        return sqlite3_changes64(db_);
    }

    void query(std::string_view sql, const Params& params,
               const std::function<void(const Row&)>& on_row) override {
        Statement stmt = prepare(sql);
        bind(stmt.get(), params, sql);
        const int columns = sqlite3_column_count(stmt.get());
        int rc;
        while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
            std::vector<Value> values;
            values.reserve(static_cast<std::size_t>(columns));
            for (int i = 0; i < columns; ++i)
                values.push_back(column(stmt.get(), i));
            on_row(Row(std::move(values)));
        }
        if (rc != SQLITE_DONE)
            fail(rc, sql);
    }

    std::int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }
    const Dialect& dialect() const override { return dialect_; }

    void begin(TxMode mode) override {
        if (mode == TxMode::kWrite && checkpointer_)
            checkpointer_->before_write();
        execute(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", {});
    }
    void commit() override { execute("COMMIT", {}); }
    void rollback() override {
        if (in_transaction())
            execute("ROLLBACK", {});
    }
    bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }
    bool healthy() const override { return healthy_; }

  private:
    // A prepared statement borrowed from the cache (reset and unbound when released) or
    // owned for one use (finalized when released).
    class Statement {
      public:
        Statement(sqlite3_stmt* stmt, bool owned) : stmt_(stmt), owned_(owned) {}
        Statement(const Statement&) = delete;
        Statement& operator=(const Statement&) = delete;
        ~Statement() {
            if (owned_) {
                sqlite3_finalize(stmt_);
            } else {
                sqlite3_reset(stmt_);
                sqlite3_clear_bindings(stmt_);
            }
        }
        sqlite3_stmt* get() const { return stmt_; }

      private:
        sqlite3_stmt* stmt_;
        bool owned_;
    };

    Statement prepare(std::string_view sql) {
        std::string key(sql);
        auto it = cache_.find(key);
        // A cached statement still stepping (a query run from inside another's on_row with
        // the same SQL) cannot be shared: that nested use gets its own.
        if (it != cache_.end() && !sqlite3_stmt_busy(it->second))
            return Statement(it->second, false);
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(stmt);
            fail(rc, sql);
        }
        if (stmt == nullptr)
            throw Error::Internal("sqlite: empty statement [" + sql_excerpt(sql) + "]");
        if (it == cache_.end() && cache_.size() < kStatementCacheSize) {
            cache_.emplace(std::move(key), stmt);
            return Statement(stmt, false);
        }
        return Statement(stmt, true);
    }

    void bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql) {
        const int expected = sqlite3_bind_parameter_count(stmt);
        if (expected != static_cast<int>(params.size())) {
            throw Error::Internal("sqlite: statement has " + std::to_string(expected) +
                                  " parameters, " + std::to_string(params.size()) + " given [" +
                                  sql_excerpt(sql) + "]");
        }
        for (int i = 0; i < expected; ++i) {
            const auto& raw = params[static_cast<std::size_t>(i)].raw();
            int rc = SQLITE_OK;
            if (const auto* n = std::get_if<std::int64_t>(&raw)) {
                rc = sqlite3_bind_int64(stmt, i + 1, *n);
            } else if (const auto* d = std::get_if<double>(&raw)) {
                rc = sqlite3_bind_double(stmt, i + 1, *d);
            } else if (const auto* s = std::get_if<std::string>(&raw)) {
                // TEXT with an explicit length stores any bytes (NULs, non-UTF-8) unchanged,
                // and column() reads them back as bytes: one rule for text and blobs. Bound
                // without a copy: `params` outlive the statement's steps, and the Statement
                // guard clears the bindings before execute() or query() returns.
                rc = sqlite3_bind_text64(stmt, i + 1, s->data(), s->size(), SQLITE_STATIC,
                                         SQLITE_UTF8);
            } else {
                rc = sqlite3_bind_null(stmt, i + 1);
            }
            if (rc != SQLITE_OK)
                fail(rc, sql);
        }
    }

    static Value column(sqlite3_stmt* stmt, int i) {
        switch (sqlite3_column_type(stmt, i)) {
            case SQLITE_INTEGER:
                return Value(static_cast<long long>(sqlite3_column_int64(stmt, i)));
            case SQLITE_FLOAT:
                return Value(sqlite3_column_double(stmt, i));
            case SQLITE_NULL:
                return Value();
            default: {
                // Blob first, then bytes: this order reads TEXT without any conversion.
                const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, i));
                const int size = sqlite3_column_bytes(stmt, i);
                return Value(std::string(data ? data : "", static_cast<std::size_t>(size)));
            }
        }
    }

    [[noreturn]] void fail(int rc, std::string_view sql) {
        if (is_connection_fatal(rc))
            healthy_ = false;
        throw_sqlite_error(db_, rc, sql);
    }

    sqlite3* db_;
    const SqliteDialect& dialect_;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
    bool healthy_ = true;
    std::shared_ptr<Checkpointer> checkpointer_;
};

// Idle connections and how many exist. Shared with every PooledConnection handed out, so a
// connection returned after its Database is gone is simply closed.
struct Pool {
    std::mutex mutex;
    std::condition_variable available;
    std::vector<std::unique_ptr<Connection>> idle;
    std::size_t open = 0;
    std::size_t max = kPoolSize;
    bool closed = false;

    void release(std::unique_ptr<Connection> conn) {
        if (conn->healthy() && conn->in_transaction()) {
            try {
                conn->rollback();
            } catch (...) {
                conn.reset();
            }
        }
        std::lock_guard lock(mutex);
        if (conn && conn->healthy() && !closed) {
            idle.push_back(std::move(conn));
        } else {
            conn.reset();
            --open;
        }
        available.notify_one();
    }
};

class SqliteDatabase : public Database {
  public:
    SqliteDatabase(std::string path, bool memory, Workload workload)
        : path_(std::move(path)), memory_(memory), workload_(workload) {
        pool_ = std::make_shared<Pool>();
        if (memory_)
            pool_->max = 1;
        // Open one connection now, so a bad path fails at open() rather than later.
        std::unique_ptr<Connection> first = connect();
        pool_->open = 1;
        pool_->idle.push_back(std::move(first));
    }

    ~SqliteDatabase() override {
        std::lock_guard lock(pool_->mutex);
        pool_->closed = true;
        pool_->open -= pool_->idle.size();
        pool_->idle.clear();
    }

    PooledConnection acquire() override {
        std::unique_lock lock(pool_->mutex);
        auto ready = [this] { return !pool_->idle.empty() || pool_->open < pool_->max; };
        if (!pool_->available.wait_for(lock, kAcquireTimeout, ready))
            throw Error::Unavailable("sqlite: no free connection to " + describe() + " after " +
                                     std::to_string(kAcquireTimeout.count()) + " s");
        std::unique_ptr<Connection> conn;
        if (!pool_->idle.empty()) {
            conn = std::move(pool_->idle.back());
            pool_->idle.pop_back();
        } else {
            ++pool_->open;
            lock.unlock();
            try {
                conn = connect();
            } catch (...) {
                std::lock_guard relock(pool_->mutex);
                --pool_->open;
                pool_->available.notify_one();
                throw;
            }
        }
        std::shared_ptr<Pool> pool = pool_;
        return PooledConnection(std::move(conn), [pool](std::unique_ptr<Connection> c) {
            pool->release(std::move(c));
        });
    }

    const Dialect& dialect() const override { return dialect_; }
    std::string describe() const override { return "sqlite:" + path_; }

  private:
    std::unique_ptr<Connection> connect() {
        sqlite3* db = nullptr;
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        int rc = sqlite3_open_v2(path_.c_str(), &db, flags, nullptr);
        if (rc != SQLITE_OK) {
            std::string message = "sqlite: cannot open " + path_ + ": " +
                                  (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
            sqlite3_close_v2(db);
            throw Error::Unavailable(message);
        }
        sqlite3_extended_result_codes(db, 1);
        sqlite3_busy_timeout(db, kBusyTimeoutMs);
        auto conn = std::make_unique<SqliteConnection>(db, dialect_);
        try {
            // journal_mode answers with a row; query() consumes it. Switching a new file to
            // WAL needs an exclusive lock, and SQLite answers BUSY at once (without the busy
            // handler) when another process is opening the same new file: retry a while.
            for (int attempt = 1;; ++attempt) {
                try {
                    conn->query("PRAGMA journal_mode=WAL", {}, [](const Row&) {});
                    break;
                } catch (const Error& e) {
                    if (e.code() != ErrorCode::kBusy || attempt * 10 >= kBusyTimeoutMs)
                        throw;
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
            }
            // Foreign keys are checked, except by a bulk workload (store/database.h).
            conn->execute(
                workload_ == Workload::kBulk ? "PRAGMA foreign_keys=OFF" : "PRAGMA foreign_keys=ON",
                {});
            conn->execute("PRAGMA synchronous=NORMAL", {});
            if (workload_ == Workload::kBulk) {
                // Large transactions (an import's documents, a rescoring's batches): a page
                // cache that holds their indexes' working set instead of spilling and reading
                // it back (SQLite's default is 2 MB), and a checkpoint every 64 MB of log
                // instead of every 4 MB (fewer syncs; a page written by several transactions
                // is copied into the database once), made by the Checkpointer's thread. Each
                // was measured on the bench's import (bench/analysis.md).
                conn->execute("PRAGMA cache_size=" + std::to_string(-kBulkCacheKib), {});
                if (!memory_)
                    conn->checkpoint_with(checkpointer());
            }
        } catch (const Error& e) {
            // The file exists but is not a usable database (not SQLite, read-only, ...).
            throw Error::Unavailable("sqlite: cannot open " + path_ + ": " + e.what());
        }
        return conn;
    }

    // The bulk workload's checkpointer, made with the first connection that needs it.
    std::shared_ptr<Checkpointer> checkpointer() {
        std::lock_guard lock(checkpointer_mutex_);
        if (!checkpointer_) {
            sqlite3* db = nullptr;
            const int rc = sqlite3_open_v2(path_.c_str(), &db,
                                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
            if (rc != SQLITE_OK) {
                std::string message = "sqlite: cannot open " + path_ + " to checkpoint: " +
                                      (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
                sqlite3_close_v2(db);
                throw Error::Unavailable(message);
            }
            // A connection learns the file is in WAL mode when it first reads it; until then a
            // checkpoint does nothing.
            if (sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK) {
                std::string message = "sqlite: cannot open " + path_ + " to checkpoint: " +
                                      sqlite3_errmsg(db);
                sqlite3_close_v2(db);
                throw Error::Unavailable(message);
            }
            try {
                checkpointer_ = std::make_shared<Checkpointer>(db);
            } catch (...) {
                sqlite3_close_v2(db);  // no thread to copy the log: the connection fails
                throw;
            }
        }
        return checkpointer_;
    }

    std::string path_;
    bool memory_;
    Workload workload_;
    SqliteDialect dialect_;
    std::shared_ptr<Pool> pool_;
    std::mutex checkpointer_mutex_;
    std::shared_ptr<Checkpointer> checkpointer_;
};

}  // namespace

std::string SqliteDialect::expand(std::string_view schema_sql) const {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kTokens{{
        {"{id}", "INTEGER PRIMARY KEY AUTOINCREMENT"},
        {"{key}", "TEXT"},
        {"{text}", "TEXT"},
        {"{blob}", "BLOB"},
        {"{real}", "REAL"},
        {"{int}", "INTEGER"},
        {"{engine}", ""},
    }};
    // "DROP INDEX name ON table" is written MySQL's way; SQLite's index names are per
    // database and it refuses the ON clause.
    constexpr std::string_view kDropIndex = "DROP INDEX ";
    if (schema_sql.starts_with(kDropIndex)) {
        const auto on = schema_sql.find(" ON ");
        if (on != std::string_view::npos)
            schema_sql = schema_sql.substr(0, on);
    }
    return replace_tokens(schema_sql, kTokens);
}

std::unique_ptr<Database> open_sqlite(const std::string& url_path, const OpenOptions& options) {
    std::string path = url_path;
    // "sqlite:///abs/path" (URL style) means "/abs/path".
    if (path.starts_with("//"))
        path.erase(0, 2);
    if (path.empty())
        throw Error::BadRequest(
            "sqlite URL without a path: expected sqlite:PATH or sqlite::memory:");
    const bool memory = path == ":memory:";
    if (!memory && !options.create && !std::filesystem::exists(path))
        throw Error::Unavailable("sqlite: there is no database at " + path +
                                 " (check the path; `scorecard migrate` creates one)");
    if (!memory) {
        std::filesystem::path parent = std::filesystem::path(path).parent_path();
        std::error_code ec;
        if (!parent.empty())
            std::filesystem::create_directories(parent, ec);
        if (ec)
            throw Error::Unavailable("sqlite: cannot create directory " + parent.string() + ": " +
                                     ec.message());
    }
    return std::make_unique<SqliteDatabase>(path, memory, options.workload);
}

}  // namespace scorecard::store
