// The embedded database: SQLite through its C API, behind the Database/Connection boundary.
//
// "sqlite:PATH" opens (creating it and its parent directory if missing) a file in WAL mode
// with foreign keys on, a 5 s busy timeout and synchronous=NORMAL. A small pool of
// connections serves readers concurrently; writers take the database's write lock up front
// (TxMode::kWrite begins with BEGIN IMMEDIATE), so there is one writer at a time and no
// reader-turned-writer deadlock. "sqlite:///abs/path" is read as "/abs/path".
//
// "sqlite::memory:" is one private in-memory database served by a single connection (a
// pool of one): every acquire() gets that same connection, so all users see the same data,
// and a thread that already holds it must not acquire again (it would wait and time out).
//
// Thread safety: the Database is shared; each Connection is used by one thread at a time.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace scorecard::store {

class SqliteDialect : public Dialect {
  public:
    std::string_view name() const override { return "sqlite"; }
    std::string expand(std::string_view schema_sql) const override;
};

// `path` is what follows "sqlite:" in the URL. Throws Error(kBadRequest) for an empty path,
// Error(kUnavailable) if the file cannot be opened.
std::unique_ptr<Database> open_sqlite(const std::string& path, const OpenOptions& options = {});

}  // namespace scorecard::store
