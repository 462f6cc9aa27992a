#include "importers/xml_support.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <set>
#include <stdexcept>
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

// Whether the bytes hold "<!DOCTYPE" anywhere. '!' is rare in XML, so it is looked for first.
bool mentions_doctype(std::string_view bytes) {
    constexpr std::string_view kRest = "DOCTYPE";
    const char* p = bytes.data();
    const char* end = bytes.data() + bytes.size();
    while (p < end) {
        const auto* bang = static_cast<const char*>(std::memchr(p, '!', end - p));
        if (bang == nullptr)
            return false;
        if (bang > bytes.data() && bang[-1] == '<' &&
            std::string_view(bang + 1, end - bang - 1).starts_with(kRest))
            return true;
        p = bang + 1;
    }
    return false;
}

// The offset of the '<' of a DOCTYPE at document level, or -1. A separate pass with
// parse_doctype so that the parse that builds the tree never has it; pugixml keeps the
// nodes it built before any error, so a DOCTYPE ahead of a broken part is still found.
std::ptrdiff_t find_doctype(std::string_view bytes) {
    // pugixml reads a DOCTYPE only where the bytes spell "<!DOCTYPE": without them there is
    // none, and the probe parse (as long as the parse itself) is not needed.
    if (!mentions_doctype(bytes))
        return -1;
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

// strcmp(a, b) == 0 without the call: names are short and mostly differ at once.
bool same_name(const char* a, const char* b) {
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
}

}  // namespace

// Reports every attribute of `node` whose name an earlier one has ("malformed").
void check_repeated_attributes(const pugi::xml_node& node, ProblemSink& sink) {
    // Elements have a few attributes: compare each with those before it, without
    // allocating. Past kFew (only a document built to be slow has that many) use a set.
    constexpr std::size_t kFew = 16;
    std::array<const char*, kFew> names;
    std::size_t count = 0;
    for (auto attr = tree::first_attribute(tree::of(node)); attr != nullptr;
         attr = tree::next_attribute(attr)) {
        if (count == kFew) {
            count = kFew + 1;
            break;
        }
        const char* name = tree::attribute_name(attr);
        for (std::size_t i = 0; i < count; ++i) {
            if (same_name(names[i], name)) {
                count = kFew + 1;  // repeated: the set below reports it
                break;
            }
        }
        if (count > kFew)
            break;
        names[count++] = name;
    }
    if (count <= kFew)
        return;
    std::set<std::string_view> seen;
    for (auto attr : node.attributes()) {
        if (!seen.insert(attr.name()).second)
            sink.add(sink.where(attr, node), "malformed",
                     "attribute '" + std::string(attr.name()) + "' appears twice");
    }
}

// Rejects nesting deeper than kMaxDepth and attributes given twice (pugixml accepts them;
// XML does not). Walks the elements in document order through the tree's own links, so a
// hostile depth cannot exhaust the stack and nothing is allocated.
void check_structure(const pugi::xml_node& root, ProblemSink& sink, int depth) {
    if (sink.stopped())
        return;
    const tree::Node top = tree::of(root);
    tree::Node node = top;
    for (;;) {
        if (depth > kMaxDepth) {
            sink.add(sink.where(node), "too_deep",
                     "elements are nested more than " + std::to_string(kMaxDepth) + " deep");
            sink.stop();
            return;
        }
        check_repeated_attributes(tree::handle(node), sink);
        if (auto child = tree::first_element_child(node); child != nullptr) {
            node = child;
            ++depth;
            continue;
        }
        // Up until there is a next sibling; done when back at the root.
        for (;;) {
            if (node == top)
                return;
            if (auto sibling = tree::next_element_sibling(node); sibling != nullptr) {
                node = sibling;
                break;
            }
            node = tree::parent(node);
            --depth;
        }
    }
}

void check_skipped_subtree(const pugi::xml_node& element, ProblemSink& sink) {
    if (sink.stopped())
        return;
    int depth = 1;
    for (auto node = tree::parent(tree::of(element)); node != nullptr && tree::is_element(node);
         node = tree::parent(node))
        ++depth;
    check_structure(element, sink, depth);
}

namespace {

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

LineIndex::LineIndex(std::string_view text) : text_(text) {
    // A byte order mark is not part of the first line's columns.
    line_starts_.push_back(text.starts_with(kBom) ? kBom.size() : 0);
    cursor_ = cursor_line_start_ = line_starts_.front();
}

void LineIndex::scan_to(std::size_t offset) const {
    // In steps of at least 64 KiB, so that a reader asking line by line does not scan line
    // by line.
    constexpr std::size_t kStep = 64 * 1024;
    const std::size_t end = std::min(text_.size(), std::max(offset, scanned_ + kStep));
    const char* p = text_.data() + scanned_;
    const char* stop = text_.data() + end;
    while (p < stop) {
        const auto* nl = static_cast<const char*>(std::memchr(p, '\n', stop - p));
        if (nl == nullptr)
            break;
        line_starts_.push_back(static_cast<std::size_t>(nl - text_.data()) + 1);
        p = nl + 1;
    }
    scanned_ = end;
}

namespace {

// The line breaks in text[from, to): how many, and the offset of the last one.
struct Breaks {
    std::size_t count = 0;
    std::size_t last = 0;
};

Breaks count_breaks(std::string_view text, std::size_t from, std::size_t to) {
    // Eight bytes at a time, without a branch per line: in `x = word ^ kNewlines` a '\n'
    // is a zero byte, and `~(((x & k7F) + k7F) | x | k7F)` has the high bit of exactly
    // those bytes set (no carry crosses a byte).
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kNewlines = kOnes * '\n';
    constexpr std::uint64_t k7F = kOnes * 0x7F;
    Breaks out;
    std::size_t i = from;
    for (; i + sizeof(std::uint64_t) <= to; i += sizeof(std::uint64_t)) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, sizeof word);
        const std::uint64_t x = word ^ kNewlines;
        const std::uint64_t marks = ~(((x & k7F) + k7F) | x | k7F);
        if (marks != 0) {
            // The number of marks: each is 0x80 in its byte; (marks >> 7) has a 1 there, and
            // the multiplication sums the bytes into the top one (no popcount instruction
            // is assumed).
            out.count += static_cast<std::size_t>(((marks >> 7) * kOnes) >> 56);
            // The highest mark is the last '\n' of the word (little-endian load).
            out.last = i + static_cast<std::size_t>(63 - std::countl_zero(marks)) / 8;
        }
    }
    if (i < to && i + sizeof(std::uint64_t) <= text.size()) {
        // The last few bytes: a whole word, with the marks past `to` dropped.
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, sizeof word);
        const std::uint64_t x = word ^ kNewlines;
        const std::uint64_t keep = (std::uint64_t{1} << (8 * (to - i))) - 1;
        const std::uint64_t marks = ~(((x & k7F) + k7F) | x | k7F) & keep;
        if (marks != 0) {
            out.count += static_cast<std::size_t>(((marks >> 7) * kOnes) >> 56);
            out.last = i + static_cast<std::size_t>(63 - std::countl_zero(marks)) / 8;
        }
        i = to;
    }
    for (; i < to; ++i) {
        if (text[i] == '\n') {
            ++out.count;
            out.last = i;
        }
    }
    return out;
}

}  // namespace

Location LineIndex::at(std::ptrdiff_t offset) const {
    if (offset < 0)
        return {};
    auto pos = static_cast<std::size_t>(offset);
    // Forward from the last answer (readers ask in document order): count the line breaks
    // in between instead of recording every line start.
    if (pos >= cursor_ && cursor_ >= line_starts_.front() && pos <= text_.size()) {
        const Breaks breaks = count_breaks(text_, cursor_, pos);
        cursor_line_ += breaks.count;
        if (breaks.count != 0)
            cursor_line_start_ = breaks.last + 1;
        cursor_ = pos;
        return {static_cast<int>(cursor_line_) + 1, static_cast<int>(pos - cursor_line_start_) + 1};
    }
    // Every line start at or before pos follows a '\n' before pos.
    if (pos > scanned_ && scanned_ < text_.size())
        scan_to(pos);
    if (pos < line_starts_.front())
        return {1, 1};  // inside the byte order mark
    // The line of pos is the last one starting at or before it: try the line found last and
    // the one after it before searching.
    const auto holds = [&](std::size_t i) {
        return line_starts_[i] <= pos &&
               (i + 1 == line_starts_.size() || line_starts_[i + 1] > pos);
    };
    std::size_t line = last_;
    if (!holds(line)) {
        if (line + 1 < line_starts_.size() && holds(line + 1))
            ++line;
        else
            line = static_cast<std::size_t>(
                       std::upper_bound(line_starts_.begin(), line_starts_.end(), pos) -
                       line_starts_.begin()) -
                   1;
    }
    last_ = line;
    return {static_cast<int>(line) + 1, static_cast<int>(pos - line_starts_[line]) + 1};
}

Location ProblemSink::where(const pugi::xml_attribute& attribute,
                            const pugi::xml_node& owner) const {
    // offset_debug() is the owner's name pointer minus the start of pugixml's buffer, and
    // attribute names point into that same buffer (the tree is parsed in place).
    if (const char* base = lines_.tree_base(); base != nullptr && !is_empty(attribute) &&
                                               !is_empty(owner) &&
                                               tree::is_element(tree::of(owner))) {
        const char* owner_name =
            tree::layout::load<const char*>(tree::of(owner), tree::layout::kName);
        const char* name =
            tree::layout::load<const char*>(tree::of(attribute), tree::layout::kName);
        if (owner_name != nullptr && name != nullptr) {
            std::ptrdiff_t owner_at = owner_name - base;
            std::ptrdiff_t offset = name - base;
            return lines_.at(offset <= owner_at ? owner_at : offset);
        }
    }
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

bool parse_xml(std::string_view bytes, pugi::xml_document& doc, LineIndex& lines,
               const std::string& document_name, std::vector<Problem>& problems,
               bool check_structure_now) {
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
    // From here on elements are located without offset_debug() (LineIndex::tree_base()).
    if (auto root = doc.document_element(); !is_empty(root)) {
        tree::check_layout(root);
        if (auto at = root.offset_debug(); at >= 0)
            lines.set_tree_base(root.name() - at);
    }
    if (!check_single_root(doc, bytes, lines, sink))
        return false;
    if (auto enc = declared_encoding(doc); !is_utf8_name(enc)) {
        sink.add(doc.first_child(), "encoding",
                 "the document declares encoding '" + enc + "'; only UTF-8 is accepted");
        return false;
    }
    if (check_structure_now)
        check_structure(doc.document_element(), sink);
    return sink.count() == before;
}

void tree::check_layout(const pugi::xml_node& element) {
    const Node node = of(element);
    bool same_layout = type(node) == element.type() && name(node) == element.name() &&
                       std::string_view(value(node)) == element.value() &&
                       parent(node) == of(element.parent()) &&
                       first_child(node) == of(element.first_child()) &&
                       next_sibling(node) == of(element.next_sibling()) &&
                       first_attribute(node) == of(element.first_attribute()) &&
                       type(parent(node)) == pugi::node_document;
    if (auto attr = element.first_attribute(); same_layout && !is_empty(attr)) {
        const Attribute a = of(attr);
        same_layout = attribute_name(a) == attr.name() &&
                      std::string_view(attribute_value(a)) == attr.value() &&
                      next_attribute(a) == of(attr.next_attribute());
    }
    if (!same_layout)
        throw std::logic_error(
            "pugixml's node records are not laid out as importers/pugi_tree.h reads them "
            "(pugixml " +
            std::to_string(PUGIXML_VERSION) + ")");
}

std::string_view local_name(const pugi::xml_node& node) {
    std::string_view name = is_empty(node) ? "" : tree::name(tree::of(node));
    auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The typed readers for our own formats (importers/parsers.h).
namespace detail {

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

static bool is_digit(char c) {
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

// The value of text that is_plain_decimal() accepts; nullopt when it is too large for a
// double.
std::optional<double> parse_plain_decimal(std::string_view text) {
    // Up to 15 digits: the digits as an integer (below 2^53) and the power of ten (at most
    // 10^15) are both exact doubles, so their one correctly rounded quotient is the value
    // from_chars() finds (Clinger's fast path), without the call.
    constexpr std::array<double, 16> kPowers = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    {
        const bool negative = text.front() == '-';
        std::uint64_t digits = 0;
        std::size_t count = 0;
        std::size_t after_point = 0;
        bool point = false;
        for (std::size_t i = negative ? 1 : 0; i < text.size(); ++i) {
            if (text[i] == '.') {
                point = true;
                continue;
            }
            digits = digits * 10 + static_cast<std::uint64_t>(text[i] - '0');
            ++count;
            after_point += point ? 1 : 0;
            if (count == kPowers.size())
                break;
        }
        if (count < kPowers.size()) {
            double value = static_cast<double>(digits) / kPowers[after_point];
            return negative ? -value : value;
        }
    }
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<double> plain_decimal_value(std::string_view text) {
    // is_plain_decimal() and parse_plain_decimal()'s fast path in one pass; text with 16
    // digits or more goes to parse_plain_decimal() itself.
    constexpr std::array<double, 16> kPowers = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char* p = text.data();
    const char* const end = p + text.size();
    const bool negative = p != end && *p == '-';
    if (negative)
        ++p;
    std::uint64_t digits = 0;
    std::size_t count = 0;
    const char* const int_start = p;
    for (; p != end && is_digit(*p); ++p, ++count)
        digits = digits * 10 + static_cast<std::uint64_t>(*p - '0');
    if (p == int_start)
        return std::nullopt;
    std::size_t after_point = 0;
    if (p != end && *p == '.') {
        const char* const frac_start = ++p;
        for (; p != end && is_digit(*p); ++p, ++count)
            digits = digits * 10 + static_cast<std::uint64_t>(*p - '0');
        after_point = static_cast<std::size_t>(p - frac_start);
        if (after_point == 0)
            return std::nullopt;
    }
    if (p != end)
        return std::nullopt;
    if (count >= kPowers.size())
        return parse_plain_decimal(text);
    double value = static_cast<double>(digits) / kPowers[after_point];
    return negative ? -value : value;
}

namespace {

constexpr std::string_view kXmlns = "xmlns";

// Whether the C string `c` (a name in the tree) is `s`, without measuring `c` first.
bool equals(const char* c, std::string_view s) {
    for (char ch : s) {
        if (*c != ch)
            return false;
        ++c;
    }
    return *c == '\0';
}

// Whether an attribute called `attr` declares `prefix` ("" for the default namespace):
// "xmlns" or "xmlns:prefix".
bool declares(std::string_view attr, std::string_view prefix, bool prefixed) {
    if (!attr.starts_with(kXmlns))
        return false;
    attr.remove_prefix(kXmlns.size());
    if (!prefixed)
        return attr.empty();
    return attr.size() == prefix.size() + 1 && attr[0] == ':' && attr.substr(1) == prefix;
}

// The value of the first attribute of `node` that declares `prefix`, if any.
std::optional<std::string_view> declaration_on(tree::Node node, std::string_view prefix,
                                               bool prefixed) {
    for (auto attr = tree::first_attribute(node); attr != nullptr;
         attr = tree::next_attribute(attr)) {
        if (declares(tree::attribute_name(attr), prefix, prefixed))
            return std::string_view(tree::attribute_value(attr));
    }
    return std::nullopt;
}

// The URI `prefix` stands for at `element`, through the declarations on it and its
// ancestors ("" when there is none).
std::string_view in_scope(tree::Node element, std::string_view prefix, bool prefixed) {
    for (auto node = element; node != nullptr && tree::is_element(node);
         node = tree::parent(node)) {
        if (auto uri = declaration_on(node, prefix, prefixed))
            return *uri;
    }
    return "";
}
std::string_view in_scope(const pugi::xml_node& element, std::string_view prefix, bool prefixed) {
    return in_scope(tree::of(element), prefix, prefixed);
}

}  // namespace

std::string_view namespace_view(const pugi::xml_node& element) {
    std::string_view name = is_empty(element) ? "" : tree::name(tree::of(element));
    auto colon = name.find(':');
    if (colon == std::string_view::npos)
        return in_scope(element, {}, false);
    return in_scope(element, name.substr(0, colon), true);
}

std::string namespace_of(const pugi::xml_node& element) {
    return std::string(namespace_view(element));
}

namespace for_each_child_impl {

std::optional<std::string_view> own_default_namespace(tree::Node element) {
    for (auto attr = tree::first_attribute(element); attr != nullptr;
         attr = tree::next_attribute(attr)) {
        if (equals(tree::attribute_name(attr), kXmlns))
            return std::string_view(tree::attribute_value(attr));
    }
    return std::nullopt;
}

bool is_prefixed(const char* name) {
    for (; *name != '\0'; ++name) {
        if (*name == ':')
            return true;
    }
    return false;
}

std::size_t index_of(std::initializer_list<std::string_view> known, const char* name) {
    std::size_t i = 0;
    for (auto k : known) {
        if (equals(name, k))
            return i;
        ++i;
    }
    return i;
}

std::string_view default_namespace_at(tree::Node element) {
    return in_scope(element, {}, false);
}

void report_unknown(const pugi::xml_node& parent, const pugi::xml_node& child,
                    std::string_view name, ProblemSink& sink,
                    std::initializer_list<std::string_view> known) {
    std::string allowed;
    for (auto k : known)
        allowed += (allowed.empty() ? "" : ", ") + std::string(k);
    sink.add(child, "unknown",
             "unknown element <" + std::string(name) + "> in <" + element_name(parent) + ">" +
                 (allowed.empty() ? " (it has no child elements)" : "; allowed: " + allowed));
}

}  // namespace for_each_child_impl

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

AttributeReader::AttributeReader(const pugi::xml_node& element, ProblemSink& sink,
                                 std::initializer_list<std::string_view> known)
    : element_(element), sink_(sink) {
    if (known.size() <= kMaxKnown) {
        std::copy(known.begin(), known.end(), known_.begin());
        std::fill_n(found_.begin(), known.size(), nullptr);
        count_ = known.size();
    }
    // With the structure checked as the readers read (ProblemSink::structure()), whether an
    // attribute may be repeated; past kFewNames attributes, or on a repeat,
    // check_repeated_attributes() reports them as the walk before reading would have. A
    // known name is repeated when its place in found_ is taken already; other names are
    // compared with the other names seen.
    constexpr std::size_t kFewNames = 16;
    std::array<const char*, kFewNames> names;
    std::size_t named = 0;
    std::size_t attributes = 0;
    bool repeated = false;
    const bool check = sink.structure() != nullptr;
    const bool by_place = count_ == known.size();
    for (auto raw = tree::first_attribute(tree::of(element)); raw != nullptr;
         raw = tree::next_attribute(raw)) {
        ++attributes;
        // A known name first: known names are local names (no prefix, not xmlns), so an
        // attribute with one is ours and known.
        const char* cname = tree::attribute_name(raw);
        std::size_t k = 0;
        while (k < known.size() && !equals(cname, known.begin()[k]))
            ++k;
        if (check && !repeated) {
            if (by_place && k < known.size()) {
                repeated = found_[k] != nullptr;
            } else {
                for (std::size_t i = 0; i < named && !repeated; ++i)
                    repeated = same_name(names[i], cname);
                if (named == kFewNames)
                    repeated = true;
                else
                    names[named++] = cname;
            }
        }
        if (k < known.size()) {
            if (k < count_ && found_[k] == nullptr)
                found_[k] = raw;
            continue;
        }
        std::string_view name = cname;
        if (name.starts_with(kXmlns) &&
            (name.size() == kXmlns.size() || name[kXmlns.size()] == ':'))
            continue;
        if (auto colon = name.find(':'); colon != std::string_view::npos) {
            // Qualified attributes of other namespaces (xsi:schemaLocation, extensions) are
            // allowed; ours are never qualified.
            if (in_scope(element, name.substr(0, colon), true) != kNamespace)
                continue;
        }
        std::string allowed;
        for (auto n : known)
            allowed += (allowed.empty() ? "" : ", ") + std::string(n);
        sink_.add(sink_.where(tree::attribute_handle(raw), element_), "unknown",
                  "unknown attribute '" + std::string(name) + "' on <" + element_name(element_) +
                      ">; allowed: " + allowed);
    }
    if (check && attributes > kFewNames)
        repeated = true;
    if (repeated && !sink.structure()->stopped())
        check_repeated_attributes(element, *sink.structure());
}

pugi::xml_attribute AttributeReader::find(std::string_view name) const {
    // Callers name attributes with the literals they listed as known, which the compiler
    // merges: the same pointer, mostly, before the same text.
    for (std::size_t k = 0; k < count_; ++k) {
        if (known_[k].data() == name.data() && known_[k].size() == name.size())
            return std::bit_cast<pugi::xml_attribute>(found_[k]);
    }
    for (std::size_t k = 0; k < count_; ++k) {
        if (known_[k] == name)
            return std::bit_cast<pugi::xml_attribute>(found_[k]);
    }
    // Not a known name (or too many of them): ask the tree.
    return element_.attribute(std::string(name).c_str());
}

Location AttributeReader::at(std::string_view name) const {
    if (auto attr = find(name); !is_empty(attr))
        return sink_.where(attr, element_);
    return sink_.where(element_);
}

std::string AttributeReader::describe(std::string_view name) const {
    return element_name(element_) + "/@" + std::string(name);
}

void AttributeReader::problem(std::string_view name, std::string code, std::string message) {
    sink_.add(at(name), std::move(code), std::move(message));
}

std::optional<AttributeReader::Value> AttributeReader::value(std::string_view name, Need need) {
    auto attr = find(name);
    if (is_empty(attr)) {
        if (need == kRequired)
            sink_.add(
                element_, "required",
                "<" + element_name(element_) + "> needs the attribute '" + std::string(name) + "'");
        return std::nullopt;
    }
    std::string_view raw = tree::attribute_value(tree::of(attr));
    auto trimmed = trim(raw);
    if (trimmed.empty() && need == kRequired) {
        problem(name, "required", describe(name) + " must not be empty");
        return std::nullopt;
    }
    return Value{raw, trimmed};
}

std::optional<std::string_view> AttributeReader::token(std::string_view name, Need need) {
    if (auto v = value(name, need))
        return v->trimmed;
    return std::nullopt;
}

std::optional<std::string> AttributeReader::text(std::string_view name, Need need,
                                                 std::size_t max_chars) {
    auto v = value(name, need);
    if (!v)
        return std::nullopt;
    std::string_view value = v->raw;
    if (auto length = utf8_length(value); length > max_chars) {
        problem(name, "too_long",
                describe(name) + " is " + std::to_string(length) + " characters long; at most " +
                    std::to_string(max_chars) + " are allowed");
        return std::nullopt;
    }
    return std::string(value);
}

bool is_plain_ascii_token(std::string_view value) {
    return std::all_of(value.begin(), value.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7F;
    });
}

std::optional<std::string_view> AttributeReader::identifier_view(std::string_view name, Need need) {
    auto v = value(name, need);
    if (!v)
        return std::nullopt;
    std::string_view value = v->raw;
    if (value.empty()) {
        problem(name, "identifier", describe(name) + " must not be empty");
        return std::nullopt;
    }
    if (is_plain_ascii_token(value) && value.size() <= kMaxIdentifierChars)
        return value;
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
    return value;
}

std::optional<std::string> AttributeReader::identifier(std::string_view name, Need need) {
    if (auto value = identifier_view(name, need))
        return std::string(*value);
    return std::nullopt;
}

std::optional<double> AttributeReader::number(std::string_view name, Need need) {
    auto raw = token(name, need);
    if (!raw)
        return std::nullopt;
    if (!is_plain_decimal(*raw)) {
        problem(name, "number",
                describe(name) + " '" + std::string(*raw) +
                    "' is not a decimal number (write it like 1234.5 or -0.25: no '+', "
                    "exponent, thousands separator, NaN or infinity)");
        return std::nullopt;
    }
    auto value = parse_plain_decimal(*raw);
    if (!value)
        problem(name, "number", describe(name) + " '" + std::string(*raw) + "' is too large");
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
    problem(name, "boolean",
            describe(name) + " is '" + std::string(*raw) + "'; allowed: true | false");
    return std::nullopt;
}

std::optional<Date> AttributeReader::date(std::string_view name, Need need) {
    auto raw = token(name, need);
    if (!raw)
        return std::nullopt;
    if (auto d = parse_date(*raw))
        return d;
    problem(name, "date",
            describe(name) + " '" + std::string(*raw) + "' is not a date (YYYY-MM-DD)");
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
            describe(name) + " '" + std::string(*raw) +
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
            describe(name) + " '" + std::string(*raw) + "' is not a period (YYYY-MM or YYYY-Qn)");
    return std::nullopt;
}

}  // namespace detail

std::optional<double> parse_number(std::string_view text) {
    if (!detail::is_plain_decimal(text))
        return std::nullopt;
    return detail::parse_plain_decimal(text);
}

}  // namespace scorecard::importers
