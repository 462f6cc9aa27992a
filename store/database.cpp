#include "store/database.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>

#include "store/mysql_database.h"
#include "store/sqlite_database.h"

namespace scorecard::store {

namespace {

// Text from a driver that returns numbers as strings (MySQL DECIMAL): read leniently, so
// "12.50" is 12.5 and "  7" is 7; anything unreadable is 0, as documented for NULL.
double text_to_double(const std::string& text) {
    if (text.empty())
        return 0;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    return end == text.c_str() ? 0 : v;
}

std::int64_t text_to_int(const std::string& text) {
    std::int64_t v = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    while (first != last && *first == ' ')
        ++first;
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc() && ptr == last)
        return v;
    // "12.0" from a DECIMAL column, or an overflow: go through double.
    return static_cast<std::int64_t>(std::llround(text_to_double(text)));
}

// The shortest text that reads back as the same double.
std::string double_to_text(double v) {
    std::array<char, 64> buf{};
    auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    return ec == std::errc() ? std::string(buf.data(), ptr) : std::string();
}

}  // namespace

std::int64_t Value::as_int() const {
    if (const auto* i = std::get_if<std::int64_t>(&v_))
        return *i;
    if (const auto* d = std::get_if<double>(&v_))
        return static_cast<std::int64_t>(std::llround(*d));
    if (const auto* s = std::get_if<std::string>(&v_))
        return text_to_int(*s);
    return 0;
}

double Value::as_double() const {
    if (const auto* d = std::get_if<double>(&v_))
        return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v_))
        return static_cast<double>(*i);
    if (const auto* s = std::get_if<std::string>(&v_))
        return text_to_double(*s);
    return 0;
}

std::string Value::as_text() const {
    if (const auto* s = std::get_if<std::string>(&v_))
        return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v_))
        return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v_))
        return double_to_text(*d);
    return {};
}

std::optional<std::int64_t> Value::as_optional_int() const {
    if (is_null())
        return std::nullopt;
    return as_int();
}

std::optional<double> Value::as_optional_double() const {
    if (is_null())
        return std::nullopt;
    return as_double();
}

std::optional<std::string> Value::as_optional_text() const {
    if (is_null())
        return std::nullopt;
    return as_text();
}

std::vector<Row> Connection::query_all(std::string_view sql, const Params& params) {
    std::vector<Row> rows;
    query(sql, params, [&rows](const Row& row) { rows.push_back(row); });
    return rows;
}

std::optional<Row> Connection::query_one(std::string_view sql, const Params& params) {
    std::optional<Row> first;
    query(sql, params, [&first](const Row& row) {
        if (!first)
            first = row;
    });
    return first;
}

namespace {

constexpr std::string_view kMoveDataVersion =
    "UPDATE data_version SET version = version + 1 WHERE id = 1";

}  // namespace

void Connection::note_change() {
    if (in_transaction())
        changed_ = true;
    else
        execute(kMoveDataVersion);
}

std::int64_t data_version(Connection& conn) {
    auto row = conn.query_one("SELECT version FROM data_version WHERE id = 1");
    return row ? (*row)[0].as_int() : 0;
}

std::optional<std::int64_t> move_data_version(Connection& conn) {
    if (!conn.take_change())
        return std::nullopt;
    conn.execute(kMoveDataVersion);
    return data_version(conn);
}

Transaction::Transaction(Connection& conn, TxMode mode) : conn_(conn) {
    conn_.begin(mode);
    conn_.take_change();  // a mark left by an abandoned transaction is not ours
}

Transaction::~Transaction() {
    if (done_)
        return;
    conn_.take_change();
    try {
        conn_.rollback();
    } catch (...) {
        // A failed rollback means the connection is broken; the pool checks healthy() and
        // in_transaction() when it is returned and discards or rolls it back then.
    }
}

void Transaction::commit() {
    if (conn_.take_change())
        conn_.execute(kMoveDataVersion);
    conn_.commit();
    done_ = true;
}

void with_transaction(Database& db, TxMode mode, const std::function<void(Connection&)>& work,
                      int attempts) {
    auto delay = std::chrono::milliseconds(5);
    for (int attempt = 1;; ++attempt) {
        try {
            PooledConnection conn = db.acquire();
            Transaction tx(*conn, mode);
            work(*conn);
            tx.commit();
            return;
        } catch (const Error& e) {
            bool retryable = e.code() == ErrorCode::kBusy || e.code() == ErrorCode::kConflict;
            if (!retryable || attempt >= attempts)
                throw;
        }
        std::this_thread::sleep_for(delay);
        delay *= 2;
    }
}

std::unique_ptr<Database> Database::open(const std::string& url, const OpenOptions& options) {
    if (url.starts_with("sqlite:"))
        return open_sqlite(url.substr(std::string_view("sqlite:").size()), options);
    if (url.starts_with("mysql://"))
        return open_mysql(url, options);
    // Only the scheme goes into the message: the rest may hold a password.
    std::string scheme = url.substr(0, url.find(':'));
    throw Error::BadRequest("unsupported database URL scheme '" + scheme +
                            "': expected sqlite:PATH or mysql://USER:PASSWORD@HOST:PORT/DATABASE");
}

std::string sql_excerpt(std::string_view sql) {
    constexpr std::size_t kMax = 120;
    std::string out(sql.substr(0, kMax));
    if (sql.size() > kMax)
        out += "...";
    return out;
}

std::string Dialect::replace_tokens(std::string_view schema_sql, std::span<const Token> tokens) {
    std::string out;
    out.reserve(schema_sql.size() + 64);
    std::size_t i = 0;
    while (i < schema_sql.size()) {
        bool replaced = false;
        if (schema_sql[i] == '{') {
            for (const auto& [token, replacement] : tokens) {
                if (schema_sql.substr(i, token.size()) == token) {
                    out += replacement;
                    i += token.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced)
            out += schema_sql[i++];
    }
    return out;
}

}  // namespace scorecard::store
