// Private to store/: what every repository needs to turn rows into model values and back
// (timestamps, dates, periods and enums as their text), to build filtered queries, to write
// many rows in few statements and to record audit entries.
//
// Thread safety: free functions and plain values, used on the caller's Connection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/calendar.h"
#include "model/enums.h"
#include "store/database.h"
#include "store/repositories.h"

namespace scorecard::store::detail {

// Rows per multi-row INSERT: few round trips for the big writes (a contract's scores, a
// document's measures: 500 rows a statement took 8.0 s to import the scale-0.1 returns into
// MariaDB with --defer-scoring, 2000 6.5 s), and never more placeholders than
// kPlaceholdersPerStatement (wide tables take fewer rows a statement).
inline constexpr std::size_t kRowsPerInsert = 2000;
// SQLite's limit on a statement's parameters (SQLITE_MAX_VARIABLE_NUMBER, 32,766 since
// 3.32); MySQL's is 65,535.
inline constexpr std::size_t kPlaceholdersPerStatement = 32766;
// And at most about this many bytes of text a statement (audit entries and documents' JSON
// can be kilobytes a row): well under MySQL's max_allowed_packet (16 MiB by default on
// MariaDB; 4 MiB on MySQL before 8.0).
inline constexpr std::size_t kTextBytesPerInsert = 2 << 20;
// Values per IN list of a read or update by key. MariaDB estimates an IN list of
// eq_range_index_dive_limit (200) values or more from the index statistics instead of
// looking in the index; right after a bulk import those lag (they are recounted in the
// background), and it then chose to scan the table: measures IN (500 ids) examined all
// 576,000 rows at scale 0.1 (1.1 s) instead of 4,000 (15 ms).
inline constexpr std::size_t kIdsPerQuery = 150;

// Column text <-> model values. Reading text the store did not write is a bug (kInternal).
std::string text(Timestamp ts);
std::string text(Date date);
Timestamp timestamp_from(const Value& v);
std::optional<Timestamp> optional_timestamp_from(const Value& v);
Date date_from(const Value& v);
Period period_from(const Value& v);
// The sortable key of a period: its first day, "YYYY-MM-DD".
std::string period_start(const Period& period);

template <class E>
E enum_from(const Value& v) {
    const std::string name = v.as_text();
    if (auto e = parse_enum<E>(name))
        return *e;
    throw Error::Internal("stored value '" + name + "' is not one of " + allowed_values<E>());
}

template <class E>
std::string text(E e) {
    return std::string(to_string(e));
}

// `t` if it is set, else the moment of the change.
Timestamp stamp(Timestamp t, const Change& change);

// An empty string as SQL NULL (optional references such as a dispute's contract).
Value null_if_empty(const std::string& s);
Value null_if_zero(std::int64_t id);

// A LIKE pattern matching `q` anywhere, with LIKE's wildcards in `q` taken literally; use
// with kLikeEscape after the pattern. '!' is the escape character because a backslash in a
// string literal means different things to SQLite and MySQL.
std::string contains_pattern(std::string_view q);
inline constexpr std::string_view kLikeEscape = " ESCAPE '!'";

// The limit clamped to 1..1000 and a non-negative offset.
Page clamped(const Page& page);
// `params` followed by the page's clamped limit and offset, for "… LIMIT ? OFFSET ?".
Params with_page(Params params, const Page& page);

// A WHERE clause built from optional conditions, with their parameters in order.
class Where {
  public:
    Where& add(std::string condition, Params params = {});
    // " WHERE a AND b" or "".
    std::string sql() const;
    const Params& params() const { return params_; }

  private:
    std::vector<std::string> conditions_;
    Params params_;
};

// INSERT INTO `table_and_columns` VALUES (?,…),(?,…)…: `values` holds `columns` values per
// row, row after row; written in statements of at most kRowsPerInsert rows. Values given as
// an rvalue are moved into each statement's chunk rather than copied (a history load's
// documents hold thousands of rows).
void insert_rows(Connection& conn, std::string_view table_and_columns, std::size_t columns,
                 const Params& values);
void insert_rows(Connection& conn, std::string_view table_and_columns, std::size_t columns,
                 Params&& values);

// Appends one row's values to `out`, each converted straight into its place (an
// initializer list would copy every string twice).
template <class... V>
void append_row(Params& out, V&&... values) {
    (out.emplace_back(std::forward<V>(values)), ...);
}

// "(?, ?, …)" with n placeholders, for IN lists.
std::string placeholders(std::size_t n);

// Calls `on_chunk` with the ids in chunks of at most kIdsPerQuery, each as parameters with
// the "(?, …)" of an IN list for them: set queries over many contracts in few statements.
void for_each_chunk(const std::vector<std::string>& ids,
                    const std::function<void(Params chunk, const std::string& in_list)>& on_chunk);

// Appends one audit entry for a change (SPEC §2 "Audit log"); before/after are JSON objects
// or "" when there is none (a creation has no before).
void audit(Connection& conn, const Change& change, std::string_view action, std::string_view entity,
           const std::string& entity_id, const std::string& before, const std::string& after);

// One audit entry of many written together (audit_all).
struct AuditRow {
    std::string action;
    std::string entity;
    std::string entity_id;
    std::string before;
    std::string after;
};

// audit() for many entries of one change, in multi-row INSERTs (the rows' text is moved).
void audit_all(Connection& conn, const Change& change, std::vector<AuditRow>&& rows);

}  // namespace scorecard::store::detail
