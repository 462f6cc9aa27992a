#include "store/repository_support.h"

#include <algorithm>
#include <iterator>
#include <type_traits>
#include <variant>

namespace scorecard::store::detail {

std::string text(Timestamp ts) {
    return format_timestamp(ts);
}

std::string text(Date date) {
    return format_date(date);
}

Timestamp timestamp_from(const Value& v) {
    const std::string s = v.as_text();
    if (auto ts = parse_timestamp(s))
        return *ts;
    throw Error::Internal("stored timestamp '" + s + "' is not YYYY-MM-DDTHH:MM:SSZ");
}

std::optional<Timestamp> optional_timestamp_from(const Value& v) {
    if (v.is_null())
        return std::nullopt;
    return timestamp_from(v);
}

Date date_from(const Value& v) {
    const std::string s = v.as_text();
    if (auto d = parse_date(s))
        return *d;
    throw Error::Internal("stored date '" + s + "' is not YYYY-MM-DD");
}

Period period_from(const Value& v) {
    const std::string s = v.as_text();
    if (auto p = Period::parse(s))
        return *p;
    throw Error::Internal("stored period '" + s + "' is not YYYY-MM or YYYY-Qn");
}

std::string period_start(const Period& period) {
    return format_date(period.first_day());
}

Timestamp stamp(Timestamp t, const Change& change) {
    return t == Timestamp{} ? change.at : t;
}

Value null_if_empty(const std::string& s) {
    return s.empty() ? Value() : Value(s);
}

Value null_if_zero(std::int64_t id) {
    return id == 0 ? Value() : Value(static_cast<long long>(id));
}

std::string contains_pattern(std::string_view q) {
    std::string out = "%";
    for (char c : q) {
        if (c == '%' || c == '_' || c == '!')
            out += '!';
        out += c;
    }
    out += '%';
    return out;
}

Page clamped(const Page& page) {
    return Page{std::clamp(page.limit, 1, 1000), std::max(page.offset, 0)};
}

Params with_page(Params params, const Page& page) {
    const Page p = clamped(page);
    params.push_back(p.limit);
    params.push_back(p.offset);
    return params;
}

Where& Where::add(std::string condition, Params params) {
    conditions_.push_back(std::move(condition));
    for (auto& p : params)
        params_.push_back(std::move(p));
    return *this;
}

std::string Where::sql() const {
    std::string out;
    for (std::size_t i = 0; i < conditions_.size(); ++i) {
        out += i == 0 ? " WHERE " : " AND ";
        out += conditions_[i];
    }
    return out;
}

std::string placeholders(std::size_t n) {
    std::string out = "(";
    for (std::size_t i = 0; i < n; ++i)
        out += i == 0 ? "?" : ", ?";
    out += ')';
    return out;
}

void for_each_chunk(const std::vector<std::string>& ids,
                    const std::function<void(Params chunk, const std::string& in_list)>& on_chunk) {
    for (std::size_t first = 0; first < ids.size(); first += kIdsPerQuery) {
        const std::size_t count = std::min(kIdsPerQuery, ids.size() - first);
        Params chunk;
        chunk.reserve(count);
        for (std::size_t i = first; i < first + count; ++i)
            chunk.emplace_back(ids[i]);
        on_chunk(std::move(chunk), placeholders(count));
    }
}

namespace {

// `Values` is `const Params` (chunks copied) or `Params` (chunks moved).
template <class Values>
void insert_rows_of(Connection& conn, std::string_view table_and_columns, std::size_t columns,
                    Values& values) {
    const std::size_t rows = values.size() / columns;
    if (rows == 0)
        return;
    const std::string row = placeholders(columns);
    // The rows from `first` that one statement takes: up to kRowsPerInsert and
    // kPlaceholdersPerStatement / columns, and up to kTextBytesPerInsert of text (at least
    // one row).
    const std::size_t most_rows = std::min(kRowsPerInsert, kPlaceholdersPerStatement / columns);
    const auto rows_from = [&](std::size_t first) {
        std::size_t count = 0;
        std::size_t bytes = 0;
        while (first + count < rows && count < most_rows) {
            std::size_t row_bytes = 0;
            for (std::size_t c = 0; c < columns; ++c) {
                const auto& v = values[(first + count) * columns + c].raw();
                if (const auto* text = std::get_if<std::string>(&v))
                    row_bytes += text->size();
            }
            if (count > 0 && bytes + row_bytes > kTextBytesPerInsert)
                break;
            bytes += row_bytes;
            ++count;
        }
        return count;
    };
    for (std::size_t first = 0, count = 0; first < rows; first += count) {
        count = rows_from(first);
        std::string sql = "INSERT INTO ";
        sql += table_and_columns;
        sql += " VALUES ";
        for (std::size_t i = 0; i < count; ++i) {
            if (i > 0)
                sql += ", ";
            sql += row;
        }
        // One statement takes the values as they are; only longer lists are split in chunks.
        if (first == 0 && count == rows) {
            conn.execute(sql, values);
            continue;
        }
        const auto begin = values.begin() + static_cast<std::ptrdiff_t>(first * columns);
        const auto end = values.begin() + static_cast<std::ptrdiff_t>((first + count) * columns);
        Params chunk;
        if constexpr (std::is_const_v<Values>)
            chunk.assign(begin, end);
        else
            chunk.assign(std::make_move_iterator(begin), std::make_move_iterator(end));
        conn.execute(sql, chunk);
    }
}

}  // namespace

void insert_rows(Connection& conn, std::string_view table_and_columns, std::size_t columns,
                 const Params& values) {
    insert_rows_of(conn, table_and_columns, columns, values);
}

void insert_rows(Connection& conn, std::string_view table_and_columns, std::size_t columns,
                 Params&& values) {
    insert_rows_of(conn, table_and_columns, columns, values);
}

void audit(Connection& conn, const Change& change, std::string_view action, std::string_view entity,
           const std::string& entity_id, const std::string& before, const std::string& after) {
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {text(change.at), change.actor.empty() ? std::string("system") : change.actor, action,
         entity, entity_id, before, after});
    conn.note_change();
}

void audit_all(Connection& conn, const Change& change, std::vector<AuditRow>&& rows) {
    const std::string at = text(change.at);
    const std::string actor = change.actor.empty() ? std::string("system") : change.actor;
    Params values;
    values.reserve(rows.size() * 7);
    for (AuditRow& r : rows)
        append_row(values, at, actor, std::move(r.action), std::move(r.entity),
                   std::move(r.entity_id), std::move(r.before), std::move(r.after));
    insert_rows(conn, "audit_log (at, actor, action, entity, entity_id, before_json, after_json)",
                7, std::move(values));
    if (!rows.empty())
        conn.note_change();
}

}  // namespace scorecard::store::detail
