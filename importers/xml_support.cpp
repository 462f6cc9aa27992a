#include "importers/xml_support.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "importers/parsers.h"
#include "importers/unicode.h"
#include "model/identifiers.h"

namespace scorecard::importers {
namespace {

// Deeper documents are rejected: none of our formats (nor eForms) comes near it, and it
// bounds the work every recursive reader of the tree may do.
constexpr int kMaxDepth = 64;

// pugixml never expands entities other than the five predefined ones and character
// references, and without parse_doctype it skips a DOCTYPE without reading it. The DOCTYPE
// is still refused (see find_doctype) so that no document that would be dangerous to a
// validating parser (xmllint, an auditor's tool) is ever accepted and archived as good.
// parse_declaration keeps <?xml ...?> so that its encoding can be checked.
// parse_fragment keeps text found outside the root element as nodes of the document, so
// that check_single_root() can refuse it (pugixml drops it silently otherwise).
constexpr unsigned kParseOptions =
    pugi::parse_default | pugi::parse_declaration | pugi::parse_fragment;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The encoding named in the XML declaration, if any ("" when there is none).
std::string declared_encoding(const pugi::xml_document& doc) {
    for (auto node : doc.children()) {
        if (node.type() == pugi::node_declaration)
            return node.attribute("encoding").value();
    }
    return "";
}

bool is_utf8_name(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name.empty() || name == "utf-8" || name == "utf8";
}

// The offset of the '<' of a DOCTYPE at document level, or -1. A separate pass with
// parse_doctype so that the parse that builds the tree never has it; pugixml keeps the
// nodes it built before any error, so a DOCTYPE ahead of a broken part is still found.
std::ptrdiff_t find_doctype(std::string_view bytes) {
    pugi::xml_document probe;
    probe.load_buffer(bytes.data(), bytes.size(), pugi::parse_minimal | pugi::parse_doctype,
                      pugi::encoding_utf8);
    for (auto node : probe.children()) {
        if (node.type() != pugi::node_doctype)
            continue;
        auto value_at = static_cast<std::size_t>(std::max<std::ptrdiff_t>(node.offset_debug(), 0));
        auto open = bytes.substr(0, std::min(value_at, bytes.size())).rfind("<!DOCTYPE");
        return open == std::string_view::npos ? node.offset_debug()
                                              : static_cast<std::ptrdiff_t>(open);
    }
    return -1;
}

// Rejects nesting deeper than kMaxDepth and attributes given twice (pugixml accepts them;
// XML does not). Iterative, so a hostile depth cannot exhaust the stack.
void check_structure(const pugi::xml_node& root, ProblemSink& sink) {
    struct Frame {
        pugi::xml_node node;
        int depth;
    };
    std::vector<Frame> stack{{root, 1}};
    while (!stack.empty()) {
        auto [node, depth] = stack.back();
        stack.pop_back();
        if (depth > kMaxDepth) {
            sink.add(node, "too_deep",
                     "elements are nested more than " + std::to_string(kMaxDepth) + " deep");
            return;
        }
        std::set<std::string_view> seen;
        for (auto attr : node.attributes()) {
            if (!seen.insert(attr.name()).second)
                sink.add(sink.where(attr, node), "malformed",
                         "attribute '" + std::string(attr.name()) + "' appears twice");
        }
        // Pushed in reverse so that problems come out in document order.
        std::vector<pugi::xml_node> children;
        for (auto child : node.children())
            if (child.type() == pugi::node_element)
                children.push_back(child);
        for (auto it = children.rbegin(); it != children.rend(); ++it)
            stack.push_back({*it, depth + 1});
    }
}

// A well-formed document has exactly one root element, and nothing but comments, processing
// instructions and white space around it (XML 1.0 §2.1 "document"). Reports the first
// thing that breaks it, where it starts.
bool check_single_root(const pugi::xml_document& doc, std::string_view bytes,
                       const LineIndex& lines, ProblemSink& sink) {
    pugi::xml_node root;
    for (auto node : doc.children()) {
        switch (node.type()) {
            case pugi::node_declaration:
            case pugi::node_comment:
            case pugi::node_pi:
                continue;
            case pugi::node_element:
                if (!root) {
                    root = node;
                    continue;
                }
                sink.add(node, "malformed",
                         "malformed XML: a second root element <" + std::string(node.name()) +
                             "> after <" + root.name() +
                             ">; a document has exactly one root element");
                return false;
            default: {
                // Text or CDATA outside the root element. Its offset is where its text
                // starts: for text, step over leading white space to the first character
                // that is not; for CDATA, back over "<![CDATA[" to where the section starts.
                const char* where = root ? "after the root element" : "before the root element";
                constexpr std::ptrdiff_t kCdataOpen = 9;
                std::ptrdiff_t at = node.offset_debug();
                if (node.type() == pugi::node_cdata && at >= kCdataOpen)
                    at -= kCdataOpen;
                while (node.type() == pugi::node_pcdata && at >= 0 &&
                       static_cast<std::size_t>(at) < bytes.size() &&
                       std::string_view(" \t\r\n").find(bytes[static_cast<std::size_t>(at)]) !=
                           std::string_view::npos)
                    ++at;
                sink.add(lines.at(at), "malformed",
                         std::string("malformed XML: text ") + where +
                             "; a document holds only its root element");
                return false;
            }
        }
    }
    if (!root) {
        sink.add(bytes.empty() ? Location{} : lines.at(0), "malformed",
                 "malformed XML: there is no root element");
        return false;
    }
    return true;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0;  // overlong
            if (c == 0xED)
                hi = 0x9F;  // surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;  // overlong
            if (c == 0xF4)
                hi = 0x8F;  // above U+10FFFF
        } else {
            return i;
        }
        if (i + len > s.size())
            return i;
        auto second = static_cast<unsigned char>(s[i + 1]);
        // A broken sequence is reported at its first byte: that is the byte that is wrong
        // (e.g. a Latin-1 letter followed by ASCII).
        if (second < lo || second > hi)
            return i;
        for (std::size_t k = 2; k < len; ++k) {
            auto b = static_cast<unsigned char>(s[i + k]);
            if (b < 0x80 || b > 0xBF)
                return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

LineIndex::LineIndex(std::string_view text) {
    // A byte order mark is not part of the first line's columns.
    line_starts_.push_back(text.starts_with(kBom) ? kBom.size() : 0);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n')
            line_starts_.push_back(i + 1);
    }
}

Location LineIndex::at(std::ptrdiff_t offset) const {
    if (offset < 0)
        return {};
    auto pos = static_cast<std::size_t>(offset);
    auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), pos);
    if (next == line_starts_.begin())
        return {1, 1};  // inside the byte order mark
    auto line = static_cast<int>(next - line_starts_.begin());
    return {line, static_cast<int>(pos - *(next - 1)) + 1};
}

Location ProblemSink::where(const pugi::xml_attribute& attribute,
                            const pugi::xml_node& owner) const {
    // offset_debug() is the owner's name pointer minus the start of pugixml's buffer, and
    // attribute names point into that same buffer (the tree is parsed in place).
    const char* base = owner.name() - owner.offset_debug();
    std::ptrdiff_t offset = attribute.name() - base;
    if (owner.offset_debug() < 0 || offset <= owner.offset_debug())
        return where(owner);
    return lines_.at(offset);
}

void ProblemSink::add(const pugi::xml_node& node, std::string code, std::string message) {
    add(where(node), std::move(code), std::move(message));
}

void ProblemSink::add(Location where, std::string code, std::string message) {
    out_.push_back(
        Problem{std::move(code), std::move(message), where.line, where.column, document_});
}

bool parse_xml(std::string_view bytes, pugi::xml_document& doc, const LineIndex& lines,
               const std::string& document_name, std::vector<Problem>& problems) {
    ProblemSink sink(lines, document_name, problems);
    const std::size_t before = sink.count();

    if (auto bad = first_invalid_utf8(bytes); bad != std::string_view::npos) {
        sink.add(lines.at(static_cast<std::ptrdiff_t>(bad)), "encoding",
                 "the document is not valid UTF-8 (byte " + std::to_string(bad + 1) + ")");
        return false;
    }
    if (auto doctype = find_doctype(bytes); doctype >= 0) {
        sink.add(lines.at(doctype), "malformed",
                 "DOCTYPE is not allowed (no DTDs or entity declarations are accepted)");
        return false;
    }

    pugi::xml_parse_result result =
        doc.load_buffer(bytes.data(), bytes.size(), kParseOptions, pugi::encoding_utf8);
    if (!result) {
        sink.add(lines.at(result.offset), "malformed",
                 std::string("malformed XML: ") + result.description());
        return false;
    }
    if (!check_single_root(doc, bytes, lines, sink))
        return false;
    if (auto enc = declared_encoding(doc); !is_utf8_name(enc)) {
        sink.add(doc.first_child(), "encoding",
                 "the document declares encoding '" + enc + "'; only UTF-8 is accepted");
        return false;
    }
    check_structure(doc.document_element(), sink);
    return sink.count() == before;
}

std::string_view local_name(const pugi::xml_node& node) {
    std::string_view name = node.name();
    auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The typed readers for our own formats (importers/parsers.h).
namespace detail {
namespace {

bool is_xml_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_xml_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_xml_space(s.back()))
        s.remove_suffix(1);
    return s;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// -?digits(.digits)?: one spelling per number. No '+', exponent, hex, NaN, infinity or
// thousands separator; see docs/formats.md.
bool is_plain_decimal(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-')
        ++i;
    std::size_t int_start = i;
    while (i < s.size() && is_digit(s[i]))
        ++i;
    if (i == int_start)
        return false;
    if (i < s.size() && s[i] == '.') {
        std::size_t frac_start = ++i;
        while (i < s.size() && is_digit(s[i]))
            ++i;
        if (i == frac_start)
            return false;
    }
    return i == s.size();
}

}  // namespace

std::string namespace_of(const pugi::xml_node& element) {
    std::string_view name = element.name();
    auto colon = name.find(':');
    std::string attr = colon == std::string_view::npos
                           ? std::string("xmlns")
                           : "xmlns:" + std::string(name.substr(0, colon));
    for (auto node = element; node && node.type() == pugi::node_element; node = node.parent()) {
        if (auto decl = node.attribute(attr.c_str()))
            return decl.value();
    }
    return "";
}

bool in_our_namespace(const pugi::xml_node& element) {
    return namespace_of(element) == kNamespace;
}

std::string element_name(const pugi::xml_node& element) {
    return std::string(local_name(element));
}

std::string format_decimal(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", value);
    return buf;
}

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::vector<pugi::xml_node> our_children(const pugi::xml_node& parent, ProblemSink& sink,
                                         std::initializer_list<std::string_view> known) {
    std::vector<pugi::xml_node> out;
    for (auto child : parent.children()) {
        if (child.type() != pugi::node_element || !in_our_namespace(child))
            continue;
        auto name = local_name(child);
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string allowed;
            for (auto k : known)
                allowed += (allowed.empty() ? "" : ", ") + std::string(k);
            sink.add(
                child, "unknown",
                "unknown element <" + std::string(name) + "> in <" + element_name(parent) + ">" +
                    (allowed.empty() ? " (it has no child elements)" : "; allowed: " + allowed));
            continue;
        }
        out.push_back(child);
    }
    return out;
}

AttributeReader::AttributeReader(const pugi::xml_node& element, ProblemSink& sink,
                                 std::initializer_list<std::string_view> known)
    : element_(element), sink_(sink) {
    for (auto attr : element.attributes()) {
        std::string_view name = attr.name();
        if (name == "xmlns" || name.starts_with("xmlns:"))
            continue;
        if (auto colon = name.find(':'); colon != std::string_view::npos) {
            // Qualified attributes of other namespaces (xsi:schemaLocation, extensions) are
            // allowed; ours are never qualified.
            std::string prefix_decl = "xmlns:" + std::string(name.substr(0, colon));
            bool ours = false;
            for (auto n = element; n && n.type() == pugi::node_element; n = n.parent()) {
                if (auto decl = n.attribute(prefix_decl.c_str())) {
                    ours = decl.value() == kNamespace;
                    break;
                }
            }
            if (!ours)
                continue;
        }
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string allowed;
            for (auto k : known)
                allowed += (allowed.empty() ? "" : ", ") + std::string(k);
            sink_.add(sink_.where(attr, element_), "unknown",
                      "unknown attribute '" + std::string(name) + "' on <" +
                          element_name(element_) + ">; allowed: " + allowed);
        }
    }
}

bool AttributeReader::has(std::string_view name) const {
    return static_cast<bool>(element_.attribute(std::string(name).c_str()));
}

Location AttributeReader::at(std::string_view name) const {
    if (auto attr = element_.attribute(std::string(name).c_str()))
        return sink_.where(attr, element_);
    return sink_.where(element_);
}

std::string AttributeReader::describe(std::string_view name) const {
    return element_name(element_) + "/@" + std::string(name);
}

void AttributeReader::problem(std::string_view name, std::string code, std::string message) {
    sink_.add(at(name), std::move(code), std::move(message));
}

std::optional<std::string> AttributeReader::token(std::string_view name, Need need) {
    auto attr = element_.attribute(std::string(name).c_str());
    if (!attr) {
        if (need == kRequired)
            sink_.add(
                element_, "required",
                "<" + element_name(element_) + "> needs the attribute '" + std::string(name) + "'");
        return std::nullopt;
    }
    auto value = trim(attr.value());
    if (value.empty() && need == kRequired) {
        problem(name, "required", describe(name) + " must not be empty");
        return std::nullopt;
    }
    return std::string(value);
}

std::optional<std::string> AttributeReader::text(std::string_view name, Need need,
                                                 std::size_t max_chars) {
    if (!token(name, need))
        return std::nullopt;
    std::string value = element_.attribute(std::string(name).c_str()).value();
    if (utf8_length(value) > max_chars) {
        problem(name, "too_long",
                describe(name) + " is " + std::to_string(utf8_length(value)) +
                    " characters long; at most " + std::to_string(max_chars) + " are allowed");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> AttributeReader::identifier(std::string_view name, Need need) {
    auto raw = element_.attribute(std::string(name).c_str());
    if (!token(name, need))
        return std::nullopt;
    std::string_view value = raw.value();
    if (value.empty()) {
        problem(name, "identifier", describe(name) + " must not be empty");
        return std::nullopt;
    }
    if (std::any_of(value.begin(), value.end(), is_xml_space)) {
        problem(name, "identifier",
                describe(name) + " '" + std::string(value) + "' must not contain spaces");
        return std::nullopt;
    }
    // Not echoed: the value may hold the very characters that cannot be shown.
    if (auto why = identifier_problem(value, is_nfc(value))) {
        problem(name, "identifier", describe(name) + " " + *why);
        return std::nullopt;
    }
    if (utf8_length(value) > kMaxIdentifierChars) {
        problem(name, "identifier",
                describe(name) + " is longer than " + std::to_string(kMaxIdentifierChars) +
                    " characters");
        return std::nullopt;
    }
    return std::string(value);
}

std::optional<double> AttributeReader::number(std::string_view name, Need need) {
    auto raw = token(name, need);
    if (!raw)
        return std::nullopt;
    if (!is_plain_decimal(*raw)) {
        problem(name, "number",
                describe(name) + " '" + *raw +
                    "' is not a decimal number (write it like 1234.5 or -0.25: no '+', "
                    "exponent, thousands separator, NaN or infinity)");
        return std::nullopt;
    }
    auto value = parse_number(*raw);
    if (!value)
        problem(name, "number", describe(name) + " '" + *raw + "' is too large");
    return value;
}

std::optional<bool> AttributeReader::boolean(std::string_view name, Need need) {
    auto raw = token(name, need);
    if (!raw)
        return std::nullopt;
    if (*raw == "true" || *raw == "1")
        return true;
    if (*raw == "false" || *raw == "0")
        return false;
    problem(name, "boolean", describe(name) + " is '" + *raw + "'; allowed: true | false");
    return std::nullopt;
}

std::optional<Date> AttributeReader::date(std::string_view name, Need need) {
    auto raw = token(name, need);
    if (!raw)
        return std::nullopt;
    if (auto d = parse_date(*raw))
        return d;
    problem(name, "date", describe(name) + " '" + *raw + "' is not a date (YYYY-MM-DD)");
    return std::nullopt;
}

std::optional<Timestamp> AttributeReader::timestamp(std::string_view name, Need need) {
    auto raw = token(name, need);
    if (!raw)
        return std::nullopt;
    // parse_timestamp() reads a bare date as midnight UTC; a document must say the time.
    if (raw->size() > 10) {
        if (auto ts = parse_timestamp(*raw))
            return ts;
    }
    problem(name, "timestamp",
            describe(name) + " '" + *raw +
                "' is not a date and time with its zone (e.g. 2026-10-05T10:00:00Z)");
    return std::nullopt;
}

std::optional<Period> AttributeReader::period(std::string_view name, Need need) {
    auto raw = token(name, need);
    if (!raw)
        return std::nullopt;
    if (auto p = Period::parse(*raw))
        return p;
    problem(name, "period",
            describe(name) + " '" + *raw + "' is not a period (YYYY-MM or YYYY-Qn)");
    return std::nullopt;
}

}  // namespace detail

std::optional<double> parse_number(std::string_view text) {
    if (!detail::is_plain_decimal(text))
        return std::nullopt;
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

}  // namespace scorecard::importers
