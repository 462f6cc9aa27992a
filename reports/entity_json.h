// The one JSON form of each domain record that appears in several documents — a flag, a
// dispute, a partnership review, a KPI definition — written by every report and API answer
// that shows one (SPEC §6 fixes the flag's names; the rest are docs/api-shapes.md's).
//
// Thread safety: pure functions.
#pragma once

#include "model/domain.h"
#include "reports/json_writer.h"

namespace scorecard::reports {

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
