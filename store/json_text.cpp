#include "store/json_text.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace scorecard::store {

namespace {

// Appends `text` quoted and escaped to `out`: runs of characters that need no escape are
// copied whole (audit entries are mostly such text).
void append_quoted(std::string& out, std::string_view text) {
    out += '"';
    std::size_t run = 0;  // start of the run not yet copied
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20)
            continue;
        out.append(text.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default: {
                std::array<char, 8> buf{};
                std::snprintf(buf.data(), buf.size(), "\\u%04x", static_cast<unsigned>(c));
                out += buf.data();
            }
        }
    }
    out.append(text.data() + run, text.size() - run);
    out += '"';
}

void append_number(std::string& out, double value) {
    std::array<char, 64> buf{};
    auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    if (!std::isfinite(value) || ec != std::errc())
        out += "null";
    else
        out.append(buf.data(), ptr);
}

}  // namespace

std::string json_quote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    append_quoted(out, text);
    return out;
}

std::string json_number(double value) {
    if (!std::isfinite(value))
        return "null";
    std::array<char, 64> buf{};
    auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    return ec == std::errc() ? std::string(buf.data(), ptr) : "null";
}

void JsonObject::key(std::string_view name) {
    if (!body_.empty())
        body_ += ',';
    append_quoted(body_, name);
    body_ += ':';
}

JsonObject& JsonObject::add(std::string_view name, std::string_view text) {
    key(name);
    append_quoted(body_, text);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, double number) {
    key(name);
    append_number(body_, number);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, std::int64_t number) {
    key(name);
    body_ += std::to_string(number);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, bool flag) {
    key(name);
    body_ += flag ? "true" : "false";
    return *this;
}

JsonObject& JsonObject::add_null(std::string_view name) {
    key(name);
    body_ += "null";
    return *this;
}

JsonObject& JsonObject::add_raw(std::string_view name, std::string_view json) {
    key(name);
    body_ += json;
    return *this;
}

std::string json_array(const std::vector<std::string>& elements) {
    std::string out = "[";
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (i > 0)
            out += ',';
        out += elements[i];
    }
    out += ']';
    return out;
}

std::string problems_to_json(const std::vector<Problem>& problems) {
    std::vector<std::string> elements;
    elements.reserve(problems.size());
    for (const Problem& p : problems) {
        elements.push_back(JsonObject()
                               .add("code", p.code)
                               .add("message", p.message)
                               .add("line", p.line)
                               .add("column", p.column)
                               .add("document", p.document)
                               .str());
    }
    return json_array(elements);
}

namespace {

// Reads the subset of JSON that problems_to_json writes: an array of flat objects whose
// values are strings or integers.
class ProblemsReader {
  public:
    explicit ProblemsReader(std::string_view text) : text_(text) {}

    std::vector<Problem> read() {
        std::vector<Problem> out;
        expect('[');
        if (peek() == ']') {
            ++pos_;
            return finish(out);
        }
        for (;;) {
            out.push_back(read_problem());
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect(']');
            return finish(out);
        }
    }

  private:
    std::vector<Problem>& finish(std::vector<Problem>& out) {
        skip_space();
        if (pos_ != text_.size())
            fail("trailing text");
        return out;
    }

    Problem read_problem() {
        Problem p;
        expect('{');
        if (peek() == '}') {
            ++pos_;
            return p;
        }
        for (;;) {
            std::string name = read_string();
            expect(':');
            if (name == "line" || name == "column") {
                (name == "line" ? p.line : p.column) = read_int();
            } else {
                std::string value = read_string();
                if (name == "code")
                    p.code = std::move(value);
                else if (name == "message")
                    p.message = std::move(value);
                else if (name == "document")
                    p.document = std::move(value);
            }
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect('}');
            return p;
        }
    }

    int read_int() {
        skip_space();
        int v = 0;
        auto [ptr, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), v);
        if (ec != std::errc())
            fail("expected a number");
        pos_ = static_cast<std::size_t>(ptr - text_.data());
        return v;
    }

    std::string read_string() {
        expect('"');
        std::string out;
        while (pos_ < text_.size()) {
            char c = text_[pos_++];
            if (c == '"')
                return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= text_.size())
                break;
            char e = text_[pos_++];
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    out += e;
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u':
                    append_utf8(out, read_code_point());
                    break;
                default:
                    fail("bad escape");
            }
        }
        fail("unterminated string");
    }

    unsigned read_hex4() {
        if (pos_ + 4 > text_.size())
            fail("short \\u escape");
        unsigned v = 0;
        auto [ptr, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, v, 16);
        if (ec != std::errc() || ptr != text_.data() + pos_ + 4)
            fail("bad \\u escape");
        pos_ += 4;
        return v;
    }

    unsigned read_code_point() {
        unsigned cp = read_hex4();
        // A UTF-16 surrogate pair written as two escapes.
        if (cp >= 0xD800 && cp <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            unsigned low = read_hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        return cp;
    }

    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                       text_[pos_] == '\t' || text_[pos_] == '\r'))
            ++pos_;
    }
    char peek() {
        skip_space();
        return pos_ < text_.size() ? text_[pos_] : '\0';
    }
    void expect(char c) {
        if (peek() != c)
            fail(std::string("expected '") + c + "'");
        ++pos_;
    }
    [[noreturn]] void fail(const std::string& what) {
        throw Error::Internal("stored document errors are not valid JSON (" + what + " at offset " +
                              std::to_string(pos_) + ")");
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

std::vector<Problem> problems_from_json(std::string_view json) {
    if (json.empty())
        return {};
    return ProblemsReader(json).read();
}

}  // namespace scorecard::store
