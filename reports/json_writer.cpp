#include "reports/json_writer.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace scorecard::reports {

std::string shortest_number(double number) {
    char buffer[400];
    // Whole numbers as people and spreadsheets write them: a contract worth 1000000, not
    // 1e+06 (the shortest form); below 1e21 the digits are exact and stay short enough.
    const bool whole =
        std::isfinite(number) && std::abs(number) < 1e21 && number == std::trunc(number);
    auto [end, ec] =
        whole ? std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed)
              : std::to_chars(buffer, buffer + sizeof buffer, number);
    return ec == std::errc{} ? std::string(buffer, end) : std::string();
}

void JsonWriter::before_value() {
    if (stack_.empty()) {
        if (done_)
            throw std::logic_error("JsonWriter: a second top-level value");
        return;
    }
    Level& level = stack_.back();
    if (level.scope == Scope::kObject) {
        if (!level.key_written)
            throw std::logic_error("JsonWriter: a value in an object without a key");
        level.key_written = false;
        return;
    }
    if (!level.first)
        out_ += ',';
    level.first = false;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    if (stack_.empty() || stack_.back().scope != Scope::kObject || stack_.back().key_written)
        throw std::logic_error("JsonWriter: a key outside an object, or two keys in a row");
    Level& level = stack_.back();
    if (!level.first)
        out_ += ',';
    level.first = false;
    escape(name);
    out_ += ':';
    level.key_written = true;
    return *this;
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    out_ += '{';
    stack_.push_back({Scope::kObject});
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    if (stack_.empty() || stack_.back().scope != Scope::kObject || stack_.back().key_written)
        throw std::logic_error("JsonWriter: end_object without its object, or after a key");
    stack_.pop_back();
    out_ += '}';
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    out_ += '[';
    stack_.push_back({Scope::kArray});
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    if (stack_.empty() || stack_.back().scope != Scope::kArray)
        throw std::logic_error("JsonWriter: end_array without its array");
    stack_.pop_back();
    out_ += ']';
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    before_value();
    escape(text);
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::value(double number) {
    if (!std::isfinite(number))
        return null();
    before_value();
    out_ += shortest_number(number);
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
    before_value();
    out_ += std::to_string(number);
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
    before_value();
    out_ += flag ? "true" : "false";
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    out_ += "null";
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    before_value();
    out_ += json;
    done_ = stack_.empty();
    return *this;
}

std::string JsonWriter::take() {
    if (!stack_.empty())
        throw std::logic_error("JsonWriter: take() with an object or array still open");
    done_ = false;
    return std::move(out_);
}

// RFC 8259 §7: quotation mark, reverse solidus and the control characters must be escaped;
// everything else (UTF-8 included) is written as it is. Runs that need no escape are copied
// whole (a scorecard is mostly such text).
void JsonWriter::escape(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    std::size_t run = 0;  // start of the run not yet copied
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out_.append(text.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"':
                out_ += "\\\"";
                break;
            case '\\':
                out_ += "\\\\";
                break;
            case '\n':
                out_ += "\\n";
                break;
            case '\r':
                out_ += "\\r";
                break;
            case '\t':
                out_ += "\\t";
                break;
            case '\b':
                out_ += "\\b";
                break;
            case '\f':
                out_ += "\\f";
                break;
            default:
                out_ += "\\u00";
                out_ += kHex[c >> 4];
                out_ += kHex[c & 15];
        }
    }
    out_.append(text.data() + run, text.size() - run);
    out_ += '"';
}

}  // namespace scorecard::reports
