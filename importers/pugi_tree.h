// Reading pugixml's tree without a call per step (private to importers/).
//
// pugixml is linked as Debian's shared library, and its package ships no pugixml.cpp, so
// PUGIXML_HEADER_ONLY is not available: every accessor of xml_node and xml_attribute
// (name(), type(), next_sibling(), first_attribute(), ...) is a call into the library, and
// a reader that visits every element and attribute pays as much for those calls as the
// parse that built the tree. The readers' hot loops read the node and attribute records
// here instead, as inline loads the compiler can schedule.
//
// The records are pugixml's own (pugixml.cpp, "struct xml_node_struct" and "struct
// xml_attribute_struct", unchanged since 1.7 without PUGIXML_COMPACT): a header word whose
// low four bits are the node type, then pointers. Fields are read with memcpy at their
// offsets, which is defined behaviour whatever the records' declared types; the version
// check below refuses a pugixml whose layout was not checked, and check_layout() compares
// these reads with pugixml's own accessors on every parsed document's root (a handful of
// calls), so that a library built differently fails loudly instead of being misread.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <pugixml.hpp>

#if PUGIXML_VERSION < 1130 || PUGIXML_VERSION >= 1200
#error "importers/pugi_tree.h reads pugixml 1.13's node layout: check it for this version"
#endif
#if defined(PUGIXML_COMPACT) || defined(PUGIXML_WCHAR_MODE)
#error "importers/pugi_tree.h expects pugixml's default (non-compact, char) node layout"
#endif

namespace scorecard::importers::tree {

// A node or attribute record of the tree, or nullptr.
using Node = const void*;
using Attribute = const void*;

namespace layout {
// xml_node_struct: header, name, value, parent, first_child, prev_sibling_c, next_sibling,
// first_attribute. xml_attribute_struct: header, name, value, prev_attribute_c,
// next_attribute.
inline constexpr std::size_t kWord = sizeof(void*);
inline constexpr std::size_t kHeader = 0;
inline constexpr std::size_t kName = 1 * kWord;
inline constexpr std::size_t kValue = 2 * kWord;
inline constexpr std::size_t kParent = 3 * kWord;
inline constexpr std::size_t kFirstChild = 4 * kWord;
inline constexpr std::size_t kNextSibling = 6 * kWord;
inline constexpr std::size_t kFirstAttribute = 7 * kWord;
inline constexpr std::size_t kNextAttribute = 4 * kWord;
// xml_memory_page_type_mask
inline constexpr std::uintptr_t kTypeMask = 15;

template <class T>
T load(const void* record, std::size_t offset) {
    T out;
    std::memcpy(&out, static_cast<const char*>(record) + offset, sizeof out);
    return out;
}
}  // namespace layout

// The record a handle points to (a pugixml handle is that one pointer).
inline Node of(const pugi::xml_node& node) {
    static_assert(sizeof(pugi::xml_node) == sizeof(Node));
    return std::bit_cast<Node>(node);
}
inline Attribute of(const pugi::xml_attribute& attribute) {
    static_assert(sizeof(pugi::xml_attribute) == sizeof(Attribute));
    return std::bit_cast<Attribute>(attribute);
}
// The handle for a record.
inline pugi::xml_node handle(Node node) {
    return std::bit_cast<pugi::xml_node>(node);
}
inline pugi::xml_attribute attribute_handle(Attribute attribute) {
    return std::bit_cast<pugi::xml_attribute>(attribute);
}

inline pugi::xml_node_type type(Node node) {
    return static_cast<pugi::xml_node_type>(layout::load<std::uintptr_t>(node, layout::kHeader) &
                                            layout::kTypeMask);
}
inline bool is_element(Node node) {
    return type(node) == pugi::node_element;
}
// name() and value() as pugixml gives them: "" for none.
inline const char* name(Node node) {
    const char* n = layout::load<const char*>(node, layout::kName);
    return n != nullptr ? n : "";
}
inline const char* value(Node node) {
    const char* v = layout::load<const char*>(node, layout::kValue);
    return v != nullptr ? v : "";
}
inline Node parent(Node node) {
    return layout::load<Node>(node, layout::kParent);
}
inline Node first_child(Node node) {
    return layout::load<Node>(node, layout::kFirstChild);
}
inline Node next_sibling(Node node) {
    return layout::load<Node>(node, layout::kNextSibling);
}
inline Attribute first_attribute(Node node) {
    return layout::load<Attribute>(node, layout::kFirstAttribute);
}
inline const char* attribute_name(Attribute attribute) {
    const char* n = layout::load<const char*>(attribute, layout::kName);
    return n != nullptr ? n : "";
}
inline const char* attribute_value(Attribute attribute) {
    const char* v = layout::load<const char*>(attribute, layout::kValue);
    return v != nullptr ? v : "";
}
inline Attribute next_attribute(Attribute attribute) {
    return layout::load<Attribute>(attribute, layout::kNextAttribute);
}

// The first element child of `node`, or nullptr; the next element sibling.
inline Node first_element_child(Node node) {
    Node child = first_child(node);
    while (child != nullptr && !is_element(child))
        child = next_sibling(child);
    return child;
}
inline Node next_element_sibling(Node node) {
    Node sibling = next_sibling(node);
    while (sibling != nullptr && !is_element(sibling))
        sibling = next_sibling(sibling);
    return sibling;
}

// Throws std::logic_error when the reads above disagree with pugixml's accessors on
// `element` (an element with its parent, as every parsed document's root is).
void check_layout(const pugi::xml_node& element);

}  // namespace scorecard::importers::tree
