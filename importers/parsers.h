// Private to importers/: the readers for our own formats (urn:scorecard:1) and the typed
// attribute reader they share. Every reader records problems in a ProblemSink and goes on,
// so that one pass reports everything wrong with a document (SPEC §5).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

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

// True for an element in urn:scorecard:1.
bool in_our_namespace(const pugi::xml_node& element);

// The element children of `parent` that are ours; an element of ours whose local name is
// not in `known` is reported as "unknown". Elements of other namespaces are extensions and
// are skipped; text between elements is ignored.
std::vector<pugi::xml_node> our_children(const pugi::xml_node& parent, ProblemSink& sink,
                                         std::initializer_list<std::string_view> known);

// Reads the attributes of one element with their types, recording a Problem (located at
// the attribute, or at the element when the attribute is absent) for every value that is
// absent when required or does not have its type. Attributes not listed as known are
// reported as "unknown" when the reader is made (namespace declarations and attributes in
// other namespaces are allowed).
class AttributeReader {
  public:
    enum Need { kOptional, kRequired };

    AttributeReader(const pugi::xml_node& element, ProblemSink& sink,
                    std::initializer_list<std::string_view> known);

    bool has(std::string_view name) const;
    // Any text; kRequired also rejects a blank value. `max_chars` counts characters.
    std::optional<std::string> text(std::string_view name, Need need,
                                    std::size_t max_chars = kMaxNameChars);
    // An identifier: no whitespace, at most kMaxIdentifierChars ("identifier").
    std::optional<std::string> identifier(std::string_view name, Need need);
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
        problem(name, "enum",
                describe(name) + " is '" + *raw + "'; allowed: " + allowed_values<E>());
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
    // The value with XML whitespace trimmed (as XSD does for typed values); nullopt when
    // absent (reported if required) or blank and required.
    std::optional<std::string> token(std::string_view name, Need need);

    pugi::xml_node element_;
    ProblemSink& sink_;
};

// "Kpi" for <Kpi>, "sc:Kpi" keeps only "Kpi".
std::string element_name(const pugi::xml_node& element);

// A number as a person would write it: 101.5, 12500000, -0.25 (up to 15 significant digits).
std::string format_decimal(double value);

// Counts characters (code points) of UTF-8 text, as XSD maxLength does.
std::size_t utf8_length(std::string_view text);

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

}  // namespace scorecard::importers::detail
