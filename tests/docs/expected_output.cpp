#include "tests/docs/expected_output.h"
#include "tests/docs/markdown_examples.h"

#include <optional>
#include <sstream>
#include <vector>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace scorecard::docs_testing {

namespace {

const std::string kPlaceholder = "…";

std::string normalised(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            continue;
        out += text[i];
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    return out;
}

std::optional<Poco::Dynamic::Var> parse_json(const std::string& text) {
    if (text.empty() || (text[0] != '{' && text[0] != '['))
        return std::nullopt;
    try {
        Poco::JSON::Parser parser;
        return parser.parse(text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

using ObjectPtr = Poco::JSON::Object::Ptr;
using ArrayPtr = Poco::JSON::Array::Ptr;

bool is_object(const Poco::Dynamic::Var& v) {
    return v.type() == typeid(ObjectPtr);
}
bool is_array(const Poco::Dynamic::Var& v) {
    return v.type() == typeid(ArrayPtr);
}

std::string shown_as(const Poco::Dynamic::Var& v) {
    if (v.isEmpty())
        return "null";
    if (is_object(v) || is_array(v) || v.isString())
        return Poco::Dynamic::Var::toString(v).substr(0, 300);
    return v.toString();
}

// "" when equal; else "at PATH: shown X, printed Y".
std::string json_difference(const Poco::Dynamic::Var& shown, const Poco::Dynamic::Var& printed,
                            const std::string& path) {
    auto differ = [&](const std::string& what) {
        return "at " + (path.empty() ? std::string("/") : path) + ": " + what;
    };
    if (shown.isString() && shown.extract<std::string>() == kPlaceholder)
        return "";
    if (is_object(shown)) {
        if (!is_object(printed))
            return differ("shown an object, printed " + shown_as(printed));
        const auto& s = *shown.extract<ObjectPtr>();
        const auto& p = *printed.extract<ObjectPtr>();
        for (const auto& [key, value] : s) {
            if (!p.has(key))
                return differ("shown \"" + key + "\", which is not printed");
            if (auto d = json_difference(value, p.get(key), path + "/" + key); !d.empty())
                return d;
        }
        for (const auto& [key, value] : p) {
            if (!s.has(key))
                return differ("printed \"" + key + "\": " + shown_as(value) + ", not shown");
        }
        return "";
    }
    if (is_array(shown)) {
        if (!is_array(printed))
            return differ("shown an array, printed " + shown_as(printed));
        const auto& s = *shown.extract<ArrayPtr>();
        const auto& p = *printed.extract<ArrayPtr>();
        for (std::size_t i = 0; i < std::min(s.size(), p.size()); ++i) {
            if (auto d = json_difference(s.get(static_cast<unsigned>(i)),
                                         p.get(static_cast<unsigned>(i)),
                                         path + "/" + std::to_string(i));
                !d.empty())
                return d;
        }
        if (s.size() != p.size())
            return differ("shown " + std::to_string(s.size()) + " items, printed " +
                          std::to_string(p.size()) + ": " + shown_as(printed));
        return "";
    }
    if (shown.isEmpty() || printed.isEmpty()) {
        return shown.isEmpty() == printed.isEmpty()
                   ? ""
                   : differ("shown " + shown_as(shown) + ", printed " + shown_as(printed));
    }
    bool same = false;
    if (shown.isNumeric() && printed.isNumeric() && !shown.isBoolean() && !printed.isBoolean())
        same = shown.convert<double>() == printed.convert<double>();
    else if (shown.isString() && printed.isString())
        same = shown.extract<std::string>() == printed.extract<std::string>();
    else if (shown.isBoolean() && printed.isBoolean())
        same = shown.convert<bool>() == printed.convert<bool>();
    return same ? "" : differ("shown " + shown_as(shown) + ", printed " + shown_as(printed));
}

// Whether `line` is `pattern`, where each `…` in the pattern stands for any characters.
bool line_matches(const std::string& pattern, const std::string& line) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (std::size_t at; (at = pattern.find(kPlaceholder, from)) != std::string::npos;
         from = at + kPlaceholder.size())
        parts.push_back(pattern.substr(from, at - from));
    parts.push_back(pattern.substr(from));
    if (parts.size() == 1)
        return pattern == line;
    if (line.rfind(parts.front(), 0) != 0)
        return false;
    std::size_t pos = parts.front().size();
    for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
        const std::size_t at = line.find(parts[i], pos);
        if (at == std::string::npos)
            return false;
        pos = at + parts[i].size();
    }
    const std::string& last = parts.back();
    return line.size() >= pos + last.size() &&
           line.compare(line.size() - last.size(), last.size(), last) == 0;
}

// Whether printed lines [pi, end) are shown lines [si, end); a shown line that is `…` alone
// stands for any number of lines.
bool lines_match(const std::vector<std::string>& s, std::size_t si,
                 const std::vector<std::string>& p, std::size_t pi) {
    if (si == s.size())
        return pi == p.size();
    if (s[si] == kPlaceholder) {
        for (std::size_t k = pi; k <= p.size(); ++k) {
            if (lines_match(s, si + 1, p, k))
                return true;
        }
        return false;
    }
    return pi < p.size() && line_matches(s[si], p[pi]) && lines_match(s, si + 1, p, pi + 1);
}

std::string text_difference(const std::string& shown, const std::string& printed) {
    const auto s = lines_of(shown), p = lines_of(printed);
    if (lines_match(s, 0, p, 0))
        return "";
    for (std::size_t i = 0; i < std::max(s.size(), p.size()); ++i) {
        const std::string sl = i < s.size() ? s[i] : "(nothing)";
        const std::string pl = i < p.size() ? p[i] : "(nothing)";
        if (i >= s.size() || i >= p.size() || !line_matches(sl, pl))
            return "line " + std::to_string(i + 1) + ": shown\n  " + sl + "\nprinted\n  " + pl;
    }
    return "the lines shown as … stand for no part of the output";
}

}  // namespace

std::string output_difference(const std::string& shown_text, const std::string& printed_text) {
    const std::string shown = normalised(shown_text), printed = normalised(printed_text);
    if (auto s = parse_json(shown)) {
        if (auto p = parse_json(printed))
            return json_difference(*s, *p, "");
    }
    return text_difference(shown, printed);
}

}  // namespace scorecard::docs_testing
