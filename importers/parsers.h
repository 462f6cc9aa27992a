// Private to importers/: the readers for our own formats (urn:scorecard:1) and the typed
// attribute reader they share. Every reader records problems in a ProblemSink and goes on,
// so that one pass reports everything wrong with a document (SPEC §5).
#pragma once

#include <array>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "importers/documents.h"
#include "importers/xml_support.h"
#include "model/enums.h"

namespace scorecard::importers::detail {

// Limits shared with etc/schemas/scorecard.xsd (maxLength there).
inline constexpr std::size_t kMaxIdentifierChars = 100;
inline constexpr std::size_t kMaxNameChars = 500;
inline constexpr std::size_t kMaxCommentChars = 2000;

// The namespace URI of an element, resolved through the xmlns declarations in scope
// ("" when it has none). pugixml does not resolve namespaces itself.
std::string namespace_of(const pugi::xml_node& element);
// The same, as a view of the declaration's value in the document's tree.
std::string_view namespace_view(const pugi::xml_node& element);

// Calls `visit(child, k)` for each element child of `parent` that is ours, in document
// order, where k is the index of its local name in `known`; an element of ours whose local
// name is not in `known` is reported as "unknown". Elements of other namespaces are
// extensions and are skipped; text between elements is ignored. When the sink checks the
// structure as it reads (ProblemSink::structure()), the subtrees skipped are checked here;
// `visit` must then make an AttributeReader for the child before it reads the child's own
// children with for_each_child(), so that every element is checked once, in document order.
template <class Visit>
void for_each_child(const pugi::xml_node& parent, ProblemSink& sink,
                    std::initializer_list<std::string_view> known, Visit&& visit);

// for_each_child() with a fast path for children that need no report: when the parent's
// default namespace is ours, `fast(child)` (a tree::Node) is asked first for each element
// child, and returns true when it has read the child completely (nothing else is done for
// it then), false to have it read as above. It may accept only a child with an unprefixed
// name and no namespace declaration (so that the child is in the parent's default
// namespace), without element children, and with nothing any reader or the structure
// check would report.
template <class Fast, class Visit>
void for_each_child(const pugi::xml_node& parent, ProblemSink& sink,
                    std::initializer_list<std::string_view> known, Fast&& fast, Visit&& visit);

// Reads the attributes of one element with their types, recording a Problem (located at
// the attribute, or at the element when the attribute is absent) for every value that is
// absent when required or does not have its type. Attributes not listed as known are
// reported as "unknown" when the reader is made (namespace declarations and attributes in
// other namespaces are allowed).
//
// The reader goes through the element's attributes once, when it is made, and keeps each
// known one by its place in `known`: asking for a known attribute compares the name asked
// for with the known names, never with the document's.
class AttributeReader {
  public:
    enum Need { kOptional, kRequired };

    AttributeReader(const pugi::xml_node& element, ProblemSink& sink,
                    std::initializer_list<std::string_view> known);

    bool has(std::string_view name) const { return !is_empty(find(name)); }
    // Any text; kRequired also rejects a blank value. `max_chars` counts characters.
    std::optional<std::string> text(std::string_view name, Need need,
                                    std::size_t max_chars = kMaxNameChars);
    // An identifier: no whitespace, at most kMaxIdentifierChars ("identifier").
    std::optional<std::string> identifier(std::string_view name, Need need);
    // The same, as a view of the value in the document's tree (valid while it is).
    std::optional<std::string_view> identifier_view(std::string_view name, Need need);
    // A finite decimal: -?digits(.digits)? ("number"); see docs/formats.md.
    std::optional<double> number(std::string_view name, Need need);
    // xs:boolean: true | false | 1 | 0 ("boolean").
    std::optional<bool> boolean(std::string_view name, Need need);
    std::optional<Date> date(std::string_view name, Need need);
    // A date and time with its zone, e.g. 2026-10-05T10:00:00Z ("timestamp").
    std::optional<Timestamp> timestamp(std::string_view name, Need need);
    // YYYY-MM or YYYY-Qn ("period").
    std::optional<Period> period(std::string_view name, Need need);

    template <class E>
    std::optional<E> enumeration(std::string_view name, Need need) {
        auto raw = token(name, need);
        if (!raw)
            return std::nullopt;
        if (auto e = parse_enum<E>(*raw))
            return e;
        problem(
            name, "enum",
            describe(name) + " is '" + std::string(*raw) + "'; allowed: " + allowed_values<E>());
        return std::nullopt;
    }

    // Where the attribute is (or the element, when it is absent).
    Location at(std::string_view name) const;
    // "Kpi/@weight": how messages name an attribute.
    std::string describe(std::string_view name) const;
    void problem(std::string_view name, std::string code, std::string message);

    const pugi::xml_node& element() const { return element_; }
    ProblemSink& sink() const { return sink_; }

  private:
    static constexpr std::size_t kMaxKnown = 16;

    // The attribute called `name` (the first, if repeated), or an empty one.
    pugi::xml_attribute find(std::string_view name) const;
    // The value as written (raw) and with XML whitespace trimmed (as XSD does for typed
    // values); nullopt when absent (reported if required) or blank and required.
    struct Value {
        std::string_view raw;
        std::string_view trimmed;
    };
    std::optional<Value> value(std::string_view name, Need need);
    // value()'s trimmed text.
    std::optional<std::string_view> token(std::string_view name, Need need);

    pugi::xml_node element_;
    ProblemSink& sink_;
    // known[i] and the element's attribute of that name, as the pointer its handle holds
    // (nullptr when absent; set for the first count_ only: a pugixml handle's default
    // constructor is a call into the library); count_ == 0 with more known names than
    // kMaxKnown (then find() asks pugixml).
    std::array<std::string_view, kMaxKnown> known_;
    std::array<const void*, kMaxKnown> found_;
    std::size_t count_ = 0;
};

// The value checks the AttributeReader applies, for readers with a fast path for values
// that need no report (which then let the AttributeReader read anything else).
bool is_xml_space(char c);
// Without XML white space (' ', '\t', '\n', '\r') at either end, as XSD reads typed values.
std::string_view trim(std::string_view s);
// -?digits(.digits)?: one spelling per number (docs/formats.md).
bool is_plain_decimal(std::string_view s);
// The value of text that is_plain_decimal() accepts; nullopt when too large for a double.
std::optional<double> parse_plain_decimal(std::string_view text);
// Both in one pass: the value when text is a plain decimal that fits a double, else nullopt.
std::optional<double> plain_decimal_value(std::string_view text);
// True when every byte is printable ASCII other than the space (0x21-0x7E): such text has
// no whitespace, breaks none of the character rules, is in NFC and has as many characters
// as bytes.
bool is_plain_ascii_token(std::string_view value);

// "Kpi" for <Kpi>, "sc:Kpi" keeps only "Kpi".
std::string element_name(const pugi::xml_node& element);

// A number as a person would write it: 101.5, 12500000, -0.25 (up to 15 significant digits).
std::string format_decimal(double value);

// Counts characters (code points) of UTF-8 text, as XSD maxLength does.
std::size_t utf8_length(std::string_view text);

// The place each key was first seen, to report the second of two ("duplicate"). The first
// kFew keys are compared one by one (no allocation); past that they are hashed.
template <class Key, class Hash = std::hash<Key>>
class FirstSeen {
  public:
    // Where `key` was seen first, or nullptr when this is the first time (then `where` is
    // remembered). The pointer is valid until the next add().
    const Location* add(const Key& key, Location where) {
        if (count_ <= kFew) {
            for (std::size_t i = 0; i < count_; ++i) {
                if (few_[i].entry.key == key)
                    return &few_[i].entry.where;
            }
            if (count_ < kFew) {
                std::construct_at(&few_[count_++].entry, Entry{key, where});
                return nullptr;
            }
            for (const auto& slot : few_)
                many_.emplace(slot.entry.key, slot.entry.where);
            count_ = kFew + 1;
        }
        auto [it, inserted] = many_.emplace(key, where);
        return inserted ? nullptr : &it->second;
    }

    // Room for `n` keys without rehashing (when more than the few compared one by one).
    void reserve(std::size_t n) {
        if (n > kFew)
            many_.reserve(n);
    }

  private:
    static constexpr std::size_t kFew = 16;
    struct Entry {
        Key key;
        Location where;
    };
    static_assert(std::is_trivially_destructible_v<Entry> && std::is_trivially_copyable_v<Entry>);
    // Left unset until used (a return makes one of these for its measures): the first
    // count_ entries are constructed.
    union Slot {
        Slot() {}
        Entry entry;
    };
    std::array<Slot, kFew> few_;
    std::size_t count_ = 0;  // kFew + 1: the keys are in many_
    std::unordered_map<Key, Location, Hash> many_;
};

// <ContractFeed> -> out (SPEC §5).
void parse_contract_feed(const pugi::xml_node& root, ProblemSink& sink, ContractFeedDocument& out);

// A return as read, and whether its contract and period could be read (the key under which
// a second return for the same contract and period is a duplicate).
struct ReadReturn {
    ParsedReturn parsed;
    bool identified = false;
};

// <KpiReturn> -> a ParsedReturn (SPEC §5). `enclosing_contract` is the id of the Contract
// element it sits in, if any: then the `contract` attribute may be left out.
ReadReturn parse_kpi_return(const pugi::xml_node& element, ProblemSink& sink,
                            const std::string* enclosing_contract = nullptr);

// Reports a second return for the same contract and period in one document ("duplicate"):
// which of the two is the amendment would depend on element order.
void check_unique_returns(const std::vector<ReadReturn>& returns, ProblemSink& sink);
// The same for returns read straight into their vector; identified[i] for returns[i].
void check_unique_returns(std::span<const ParsedReturn> returns,
                          const std::vector<bool>& identified, ProblemSink& sink);

// Implementation of for_each_child().
namespace for_each_child_impl {

// The index of `name` in `known`, or known.size().
std::size_t index_of(std::initializer_list<std::string_view> known, const char* name);

// Whether an element's name has a prefix ("sc:Measure").
bool is_prefixed(const char* name);

// The value of the xmlns attribute of `element` itself, if it has one.
std::optional<std::string_view> own_default_namespace(tree::Node element);

// The default namespace in scope at `element` (declared on it or on an ancestor).
std::string_view default_namespace_at(tree::Node element);

void report_unknown(const pugi::xml_node& parent, const pugi::xml_node& child,
                    std::string_view name, ProblemSink& sink,
                    std::initializer_list<std::string_view> known);

}  // namespace for_each_child_impl

template <class Visit>
void for_each_child(const pugi::xml_node& parent, ProblemSink& sink,
                    std::initializer_list<std::string_view> known, Visit&& visit) {
    for_each_child(
        parent, sink, known, [](tree::Node) { return false; }, std::forward<Visit>(visit));
}

template <class Fast, class Visit>
void for_each_child(const pugi::xml_node& parent, ProblemSink& sink,
                    std::initializer_list<std::string_view> known, Fast&& fast, Visit&& visit) {
    namespace impl = for_each_child_impl;
    // The default namespace in scope at the parent, found when first needed: an unprefixed
    // child is in it unless it declares its own.
    std::optional<std::string_view> parent_default;
    // Whether `fast` may be asked: known once the parent's default namespace is.
    int ours = -1;
    for (auto raw = tree::first_element_child(tree::of(parent)); raw != nullptr;
         raw = tree::next_element_sibling(raw)) {
        if (ours < 0) {
            if (!parent_default)
                parent_default = impl::default_namespace_at(tree::of(parent));
            ours = *parent_default == kNamespace ? 1 : 0;
        }
        if (ours == 1 && fast(raw))
            continue;
        const pugi::xml_node child = tree::handle(raw);
        const char* name = tree::name(raw);
        std::string_view ns;
        if (!impl::is_prefixed(name)) {
            if (auto own = impl::own_default_namespace(raw)) {
                ns = *own;
            } else {
                if (!parent_default)
                    parent_default = impl::default_namespace_at(tree::of(parent));
                ns = *parent_default;
            }
        } else {
            ns = namespace_view(child);
            name = local_name(child).data();  // the rest of the name: still a C string
        }
        if (ns != kNamespace) {
            if (sink.structure() != nullptr)
                check_skipped_subtree(child, *sink.structure());
            continue;
        }
        std::size_t k = impl::index_of(known, name);
        if (k == known.size()) {
            impl::report_unknown(parent, child, name, sink, known);
            if (sink.structure() != nullptr)
                check_skipped_subtree(child, *sink.structure());
            continue;
        }
        visit(child, k);
    }
}

}  // namespace scorecard::importers::detail
