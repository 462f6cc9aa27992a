// Shared pieces for the XML importers: safe parsing, line/column positions, and typed
// attribute readers that record a Problem instead of throwing.
#pragma once

#include <bit>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "importers/documents.h"
#include "importers/pugi_tree.h"
#include "model/utf8.h"

namespace scorecard::importers {

// Maps byte offsets of a document to 1-based line and column (columns count bytes).
// Readers ask in document order: a question at or after the previous one counts the line
// breaks in between (eight bytes a step), and nothing is recorded. An earlier offset is
// looked up in the line starts, found as far as they are asked for (a document with an
// early error is not read to its end), the line found last first. Not thread-safe (it is
// one document's).
class LineIndex {
  public:
    explicit LineIndex(std::string_view text);
    Location at(std::ptrdiff_t offset) const;

    // Where pugixml's copy of the text starts (parse_xml() sets it once the tree is built):
    // an element's offset is then its name pointer minus this, which is what offset_debug()
    // computes, without the call. nullptr before (then offset_debug() is asked).
    const char* tree_base() const { return tree_base_; }
    void set_tree_base(const char* base) { tree_base_ = base; }

  private:
    // Records the start of every line that begins at or before `offset`.
    void scan_to(std::size_t offset) const;

    std::string_view text_;
    mutable std::vector<std::size_t> line_starts_;
    mutable std::size_t scanned_ = 0;  // every '\n' before this offset is in line_starts_
    mutable std::size_t last_ = 0;     // the index in line_starts_ of the line found last
    // The offset asked for last (or the start), its line (0-based) and where that starts:
    // a question at or after it counts the line breaks in between (LineIndex::at).
    mutable std::size_t cursor_ = 0;
    mutable std::size_t cursor_line_ = 0;
    mutable std::size_t cursor_line_start_ = 0;
    const char* tree_base_ = nullptr;
};

// Collects problems for one document, located through its LineIndex.
class ProblemSink {
  public:
    ProblemSink(const LineIndex& lines, std::string document_name, std::vector<Problem>& out)
        : lines_(lines), document_(std::move(document_name)), out_(out) {}

    // Elements are located at the first character of their name (just after '<').
    Location where(const pugi::xml_node& node) const { return where(tree::of(node)); }
    Location where(tree::Node node) const {
        if (node != nullptr && lines_.tree_base() != nullptr && tree::is_element(node)) {
            if (const char* name = tree::layout::load<const char*>(node, tree::layout::kName))
                return lines_.at(name - lines_.tree_base());
        }
        return lines_.at(tree::handle(node).offset_debug());
    }
    // An attribute is located at the first character of its name; `owner` is its element
    // (pugixml keeps no offset for attributes, so it is worked out from the owner's).
    Location where(const pugi::xml_attribute& attribute, const pugi::xml_node& owner) const;
    void add(const pugi::xml_node& node, std::string code, std::string message);
    void add(Location where, std::string code, std::string message);
    const std::string& document() const { return document_; }
    std::size_t count() const { return out_.size(); }

    // When the readers check the structure as they read (parse_document, for documents
    // whose readers visit every element they do not skip; see check_structure()), the sink
    // the structure problems go to; nullptr when parse_xml() checked it before reading.
    ProblemSink* structure() const { return structure_; }
    void set_structure(ProblemSink* structure) { structure_ = structure; }
    // Set on a structure sink once an element is too deep: the walk stops there, and so
    // reports nothing after it.
    bool stopped() const { return stopped_; }
    void stop() { stopped_ = true; }

  private:
    const LineIndex& lines_;
    std::string document_;
    std::vector<Problem>& out_;
    ProblemSink* structure_ = nullptr;
    bool stopped_ = false;
};

// Parses bytes with pugixml without expanding entities or reading a DTD. A DOCTYPE, or any
// parse error, becomes a Problem (code "malformed") with its line and column; returns false
// then. Also rejects input that is not valid UTF-8 or declares another encoding (code
// "encoding"), nesting deeper than 64 elements ("too_deep") and repeated attributes
// ("malformed"). docs/formats.md lists the codes.
// With `check_structure_now` false the depth and repeated attributes are left to the caller
// (check_structure() below, or readers that check as they read).
bool parse_xml(std::string_view bytes, pugi::xml_document& doc, LineIndex& lines,
               const std::string& document_name, std::vector<Problem>& problems,
               bool check_structure_now = true);

// Reports nesting deeper than 64 elements ("too_deep", then stops: sink.stop()) and
// attributes given twice ("malformed") in the subtree of `element`, in document order.
// `depth` is the depth of `element` (the root element's is 1). Nothing when sink.stopped().
void check_structure(const pugi::xml_node& element, ProblemSink& sink, int depth = 1);

// The repeated-attribute part of check_structure() for one element.
void check_repeated_attributes(const pugi::xml_node& element, ProblemSink& sink);

// check_structure() for an element the readers skip (of another namespace, or unknown),
// at its depth in the document.
void check_skipped_subtree(const pugi::xml_node& element, ProblemSink& sink);

// Well-formed UTF-8 is a rule of model/utf8.h.
using scorecard::first_invalid_utf8;

// Whether a pugixml handle (xml_node, xml_attribute) is empty, and whether two are the same
// node. pugixml's handles are one pointer to the node; their operator bool and == are calls
// into the library, which a walk over every element pays for every step.
template <class Handle>
bool is_empty(const Handle& handle) {
    static_assert(sizeof(Handle) == sizeof(const void*));
    return std::bit_cast<const void*>(handle) == nullptr;
}
template <class Handle>
bool same(const Handle& a, const Handle& b) {
    static_assert(sizeof(Handle) == sizeof(const void*));
    return std::bit_cast<const void*>(a) == std::bit_cast<const void*>(b);
}

// The local name of an element or attribute ("cac:Party" -> "Party").
std::string_view local_name(const pugi::xml_node& node);

}  // namespace scorecard::importers
