#include "reports/entity_json.h"

namespace scorecard::reports {

std::optional<std::string> text_of(const std::optional<Timestamp>& at) {
    if (!at)
        return std::nullopt;
    return format_timestamp(*at);
}

std::optional<std::string> text_of(const std::optional<Date>& day) {
    if (!day)
        return std::nullopt;
    return format_date(*day);
}

std::optional<std::int64_t> id_or_null(std::int64_t id) {
    if (id == 0)
        return std::nullopt;
    return id;
}

void write_json(JsonWriter& out, const Flag& flag) {
    out.begin_object()
        .field("id", flag.id)
        .field("rule", to_string(flag.rule))
        .field("severity", to_string(flag.severity))
        .field("status", to_string(flag.status))
        .field("supplier", flag.supplier_id)
        .field("contract", flag.contract_id);
    out.key("kpi").text_or_null(flag.kpi_code);
    out.field("period", flag.period.to_string())
        .field("raised", format_timestamp(flag.raised))
        .field("authority", flag.authority_id)
        .field("detail", flag.detail)
        .field("closed", text_of(flag.closed));
    out.key("dismissed_by").text_or_null(flag.dismissed_by);
    out.key("dismiss_reason").text_or_null(flag.dismiss_reason);
    out.end_object();
}

void write_json(JsonWriter& out, const Dispute& dispute) {
    out.begin_object();
    write_dispute_fields(out, dispute);
    out.end_object();
}

void write_dispute_fields(JsonWriter& out, const Dispute& dispute) {
    out.field("id", dispute.id).field("supplier", dispute.supplier_id);
    out.key("contract").text_or_null(dispute.contract_id);
    out.key("kpi").text_or_null(dispute.kpi_code);
    out.key("period");
    if (dispute.period)
        out.value(dispute.period->to_string());
    else
        out.null();
    out.field("flag", id_or_null(dispute.flag_id));
    out.field("reason", dispute.reason)
        .field("raised_by", dispute.raised_by)
        .field("raised", format_timestamp(dispute.raised))
        .field("status", to_string(dispute.status));
    out.key("decided_by").text_or_null(dispute.decided_by);
    out.key("decision_reason").text_or_null(dispute.decision_reason);
    out.field("decided", text_of(dispute.decided));
}

void write_json(JsonWriter& out, const Review& review, bool with_comments) {
    out.begin_object();
    write_review_fields(out, review, with_comments);
    out.end_object();
}

void write_review_fields(JsonWriter& out, const Review& review, bool with_comments) {
    out.field("id", review.id)
        .field("supplier", review.supplier_id)
        .field("state", to_string(review.state))
        .field("opened", format_timestamp(review.opened))
        .field("reason", review.reason);
    out.key("transitions").begin_array();
    for (const ReviewTransition& t : review.transitions)
        write_transition(out, t);
    out.end_array();
    out.key("actions").begin_array();
    for (const ReviewAction& a : review.actions) {
        out.begin_object()
            .field("id", a.id)
            .field("description", a.description)
            .field("owner", a.owner);
        out.field("due", text_of(a.due)).field("agreed", a.agreed).end_object();
    }
    out.end_array();
    if (with_comments) {
        out.key("comments").begin_array();
        for (const ReviewComment& c : review.comments) {
            out.begin_object().field("id", c.id);
            write_comment_fields(out, c);
            out.end_object();
        }
        out.end_array();
    }
}

void write_kpi_definition_fields(JsonWriter& out, const KpiDefinition& kpi) {
    out.field("name", kpi.name)
        .field("unit", to_string(kpi.unit))
        .field("direction", to_string(kpi.direction))
        .field("weight", kpi.weight)
        .field("good", kpi.thresholds.good)
        .field("approaching", kpi.thresholds.approaching)
        .field("minimum", kpi.thresholds.minimum);
    out.key("category");
    if (kpi.category)
        out.value(to_string(*kpi.category));
    else
        out.null();
}

}  // namespace scorecard::reports
