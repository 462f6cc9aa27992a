// The audit log export (SPEC §2 "Audit log").
#include "reports/audit.h"

#include <cctype>

#include "model/errors.h"
#include "reports/csv.h"
#include "reports/json_writer.h"

namespace scorecard::reports {
namespace {

// Whether `text` is one JSON value (RFC 8259) and nothing else, so that it can be written
// into the document as it is. The store writes before/after as JSON objects; anything else
// found there is written as a string instead.
class JsonCheck {
  public:
    explicit JsonCheck(std::string_view text) : text_(text) {}

    bool whole_value() {
        if (!value(0))
            return false;
        space();
        return pos_ == text_.size();
    }

  private:
    static constexpr int kMaxDepth = 64;

    bool value(int depth) {
        space();
        if (pos_ >= text_.size() || depth > kMaxDepth)
            return false;
        switch (text_[pos_]) {
            case '{':
                return members(depth);
            case '[':
                return elements(depth);
            case '"':
                return string();
            case 't':
                return word("true");
            case 'f':
                return word("false");
            case 'n':
                return word("null");
            default:
                return number();
        }
    }
    bool members(int depth) {
        ++pos_;
        if (peek() == '}')
            return ++pos_, true;
        for (;;) {
            if (peek() != '"' || !string() || peek() != ':')
                return false;
            ++pos_;
            if (!value(depth + 1))
                return false;
            const char next = peek();
            ++pos_;
            if (next == '}')
                return true;
            if (next != ',')
                return false;
        }
    }
    bool elements(int depth) {
        ++pos_;
        if (peek() == ']')
            return ++pos_, true;
        for (;;) {
            if (!value(depth + 1))
                return false;
            const char next = peek();
            ++pos_;
            if (next == ']')
                return true;
            if (next != ',')
                return false;
        }
    }
    bool string() {
        ++pos_;  // the opening quote
        while (pos_ < text_.size()) {
            const unsigned char c = static_cast<unsigned char>(text_[pos_++]);
            if (c == '"')
                return true;
            if (c < 0x20)
                return false;
            if (c != '\\')
                continue;
            if (pos_ >= text_.size())
                return false;
            const char e = text_[pos_++];
            if (e == 'u') {
                for (int i = 0; i < 4; ++i, ++pos_)
                    if (pos_ >= text_.size() ||
                        !std::isxdigit(static_cast<unsigned char>(text_[pos_])))
                        return false;
            } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
                return false;
            }
        }
        return false;
    }
    bool number() {
        const std::size_t start = pos_;
        if (pos_ < text_.size() && text_[pos_] == '-')
            ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '0')
            ++pos_;
        else if (!digits())
            return false;
        if (pos_ < text_.size() && text_[pos_] == '.' && (++pos_, !digits()))
            return false;
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-'))
                ++pos_;
            if (!digits())
                return false;
        }
        return pos_ > start;
    }
    bool digits() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
            ++pos_;
        return pos_ > start;
    }
    bool word(std::string_view w) {
        if (text_.substr(pos_, w.size()) != w)
            return false;
        pos_ += w.size();
        return true;
    }
    void space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                       text_[pos_] == '\r' || text_[pos_] == '\t'))
            ++pos_;
    }
    char peek() {
        space();
        return pos_ < text_.size() ? text_[pos_] : '\0';
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

// The stored before/after: the JSON the store wrote, null when there is none, a string
// when it is not JSON.
void write_stored(JsonWriter& w, const std::string& text) {
    if (text.empty())
        w.null();
    else if (JsonCheck(text).whole_value())
        w.raw(text);
    else
        w.value(text);
}

void check_page(const store::Page& page) {
    if (page.limit < 1 || page.limit > 1000)
        throw Error::BadRequest("limit must be between 1 and 1000");
    if (page.offset < 0)
        throw Error::BadRequest("offset must not be negative");
}

}  // namespace

AuditLog load_audit_page(store::Connection& conn, const store::AuditFilter& filter) {
    check_page(filter.page);
    store::AuditRepository repo(conn);
    AuditLog log;
    log.entries = repo.search(filter);
    log.total = repo.count(filter);
    log.page = filter.page;
    return log;
}

AuditLog load_audit_log(store::Connection& conn, const store::AuditFilter& filter) {
    AuditLog log;
    store::AuditRepository(conn).each(filter,
                                      [&](const AuditEntry& e) { log.entries.push_back(e); });
    log.total = static_cast<std::int64_t>(log.entries.size());
    return log;
}

std::string to_json(const AuditLog& log) {
    JsonWriter w;
    w.begin_object().key("entries").begin_array();
    for (const AuditEntry& e : log.entries) {
        w.begin_object()
            .field("id", e.id)
            .field("at", format_timestamp(e.at))
            .field("actor", e.actor)
            .field("action", e.action)
            .field("entity", e.entity)
            .field("entity_id", e.entity_id)
            .key("before");
        write_stored(w, e.before);
        w.key("after");
        write_stored(w, e.after);
        w.end_object();
    }
    w.end_array().field("total", log.total);
    if (log.page)
        w.field("limit", log.page->limit).field("offset", log.page->offset);
    w.end_object();
    return w.take();
}

std::string to_csv(const AuditLog& log) {
    std::string out =
        csv_row({"id", "at", "actor", "action", "entity", "entity_id", "before", "after"});
    for (const AuditEntry& e : log.entries)
        out += csv_row({csv_number(static_cast<double>(e.id)), csv_field(format_timestamp(e.at)),
                        csv_field(e.actor), csv_field(e.action), csv_field(e.entity),
                        csv_field(e.entity_id), csv_field(e.before), csv_field(e.after)});
    return out;
}

}  // namespace scorecard::reports
