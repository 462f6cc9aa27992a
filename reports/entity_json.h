// The one JSON form of each domain record that appears in several documents — a flag, a
// dispute, a partnership review, a KPI definition — written by every report and API answer
// that shows one (SPEC §6 fixes the flag's names; the rest are docs/api-shapes.md's).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/domain.h"
#include "reports/json_writer.h"
#include "store/change.h"

namespace scorecard::reports {

// The values a field holds when it may be empty, for JsonWriter::field (nullopt is null): a
// timestamp or date as text, and an id where 0 means none.
std::optional<std::string> text_of(const std::optional<Timestamp>& at);
std::optional<std::string> text_of(const std::optional<Date>& day);
std::optional<std::int64_t> id_or_null(std::int64_t id);

// {"NAME": [...], "total": N, "limit": L, "offset": O}: the one shape of every list (SPEC §6),
// its items written by `write_items(out)` into the open array.
template <class WriteItems>
std::string list_json(std::string_view name, std::int64_t total, const store::Page& page,
                      const WriteItems& write_items) {
    JsonWriter out;
    out.begin_object().key(name).begin_array();
    write_items(out);
    out.end_array()
        .field("total", total)
        .field("limit", page.limit)
        .field("offset", page.offset)
        .end_object();
    return out.take();
}

// {"from","to","by","at","note"}: one step along a workflow's path (a review's, a notice's).
template <class Transition>
void write_transition(JsonWriter& out, const Transition& t) {
    out.begin_object()
        .field("from", to_string(t.from))
        .field("to", to_string(t.to))
        .field("by", t.by)
        .field("at", format_timestamp(t.at))
        .field("note", t.note)
        .end_object();
}

// "by","role","at","text": a comment on a workflow's record (a review's, a notice's), written
// into the object the caller has open.
template <class Comment>
void write_comment_fields(JsonWriter& out, const Comment& c) {
    out.field("by", c.by)
        .field("role", to_string(c.role))
        .field("at", format_timestamp(c.at))
        .field("text", c.text);
}

// {"id","rule","severity","status","supplier","contract","kpi","period","raised",
//  "authority","detail","closed","dismissed_by","dismiss_reason"}
void write_json(JsonWriter& out, const Flag& flag);

// {"id","supplier","contract","kpi","period","flag","reason","raised_by","raised","status",
//  "decided_by","decision_reason","decided"}
void write_json(JsonWriter& out, const Dispute& dispute);
// The same fields, written into the object the caller has open (a read model that adds its
// own: reports/disputes.h).
void write_dispute_fields(JsonWriter& out, const Dispute& dispute);

// {"id","supplier","state","opened","reason","transitions":[…],"actions":[…]} and, when
// `with_comments`, "comments":[…] (lists leave them out: they can be long).
void write_json(JsonWriter& out, const Review& review, bool with_comments);
// The same fields, written into the object the caller has open (reports/reviews.h).
void write_review_fields(JsonWriter& out, const Review& review, bool with_comments);

// The definition's fields, written into the object the caller has open:
// "name","unit","direction","weight","good","approaching","minimum","category".
void write_kpi_definition_fields(JsonWriter& out, const KpiDefinition& kpi);

}  // namespace scorecard::reports
