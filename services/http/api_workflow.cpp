// The workflow's routes (docs/reviews.md): flag dismissal, partnership reviews with their
// comments and action plans, disputes and their decisions, and the audit log. Handlers
// parse, call services/workflow.h, render; who may do what is decided there.
#include <cmath>

#include "reports/audit.h"
#include "reports/disputes.h"
#include "reports/entity_json.h"
#include "reports/reviews.h"
#include "services/http/api_support.h"
#include "services/http/app.h"
#include "services/http/handlers.h"
#include "services/workflow.h"

namespace scorecard::services::api {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Workflow workflow(AppContext& app) {
    return Workflow(app.db(), app.settings().scoring, app.now());
}

// The flag's JSON (reports/entity_json.h: the one form every answer shows).
std::string flag_json(const Flag& flag) {
    reports::JsonWriter out;
    reports::write_json(out, flag);
    return out.take();
}

HttpResponse created(std::string body, const std::string& location) {
    auto response = HttpResponse::json(201, std::move(body));
    response.headers.emplace_back("Location", location);
    return response;
}

std::string review_location(std::int64_t id) {
    return "/api/v1/reviews/" + std::to_string(id);
}

// A review or dispute as every answer shows it: its read model (reports/reviews.h,
// reports/disputes.h), after Workflow let the caller have it.
std::string record_json(AppContext& app, Review review) {
    auto conn = app.db().acquire();
    return reports::to_json(reports::review_record(*conn, std::move(review)));
}

std::string record_json(AppContext& app, Dispute dispute) {
    auto conn = app.db().acquire();
    return reports::to_json(reports::dispute_record(*conn, std::move(dispute)));
}

}  // namespace

// ---- flags ----

HttpResponse post_dismiss(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "flag");
    auto body = json_body(request);
    auto flag = workflow(app).dismiss_flag(request.who(), id, required_string(*body, "reason"));
    return HttpResponse::json(200, flag_json(flag));
}

// ---- reviews ----

HttpResponse get_reviews(const HttpRequest& request, AppContext& app) {
    store::ReviewFilter filter;
    filter.supplier_id = request.query_value("supplier").value_or("");
    filter.state = enum_param<ReviewState>(request, "state");
    filter.page = page_of(request);
    auto conn = app.db().acquire();
    return HttpResponse::json(
        200, reports::to_json(reports::load_review_list(*conn, request.who(), filter)));
}

HttpResponse get_review(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "review");
    return HttpResponse::json(200, record_json(app, workflow(app).review(request.who(), id)));
}

HttpResponse post_transition(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "review");
    auto body = json_body(request);
    const auto to = enum_member<ReviewState>(*body, "to");
    auto review = workflow(app).transition(request.who(), id, to, optional_string(*body, "note"));
    return HttpResponse::json(200, record_json(app, review));
}

HttpResponse post_comment(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "review");
    auto body = json_body(request);
    auto review = workflow(app).comment(request.who(), id, required_string(*body, "text"));
    return created(record_json(app, review), review_location(id));
}

HttpResponse post_action(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "review");
    auto body = json_body(request);
    ReviewAction action;
    action.description = required_string(*body, "description");
    action.owner = required_string(*body, "owner", 200);
    action.due = required_date(*body, "due");
    auto review = workflow(app).propose_action(request.who(), id, action);
    return created(record_json(app, review), review_location(id));
}

HttpResponse post_agree(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "review");
    const auto action = id_param(request, "action", "action");
    std::string note;
    if (!request.body.empty())
        note = optional_string(*json_body(request), "note");
    auto review = workflow(app).agree_action(request.who(), id, action, note);
    return HttpResponse::json(200, record_json(app, review));
}

// ---- disputes ----

HttpResponse get_disputes(const HttpRequest& request, AppContext& app) {
    store::DisputeFilter filter;
    filter.status = enum_param<DisputeStatus>(request, "status");
    filter.contract_id = request.query_value("contract").value_or("");
    filter.supplier_id = request.query_value("supplier").value_or("");
    filter.page = page_of(request);
    auto conn = app.db().acquire();
    return HttpResponse::json(
        200, reports::to_json(reports::load_dispute_list(*conn, request.who(), filter)));
}

HttpResponse get_dispute(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "dispute");
    return HttpResponse::json(200, record_json(app, workflow(app).dispute(request.who(), id)));
}

HttpResponse post_dispute(const HttpRequest& request, AppContext& app) {
    auto body = json_body(request);
    DisputeRequest dispute;
    dispute.flag_id = optional_id(*body, "flag", "a flag id");
    dispute.contract_id = optional_string(*body, "contract", 200);
    dispute.kpi_code = optional_string(*body, "kpi", 200);
    dispute.period = optional_string(*body, "period", 16);
    dispute.reason = required_string(*body, "reason");
    auto raised = workflow(app).raise_dispute(request.who(), dispute);
    return created(record_json(app, raised), "/api/v1/disputes/" + std::to_string(raised.id));
}

HttpResponse post_decision(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "dispute");
    auto body = json_body(request);
    DisputeDecision decision;
    const std::string text = required_string(*body, "decision", 32);
    if (text == "upheld") {
        decision.decision = DisputeStatus::kUpheld;
    } else if (text == "rejected") {
        decision.decision = DisputeStatus::kRejected;
    } else {
        const std::string message = "'decision' must be upheld or rejected, not '" + text + "'";
        throw invalid_member("decision", message);
    }
    decision.reason = required_string(*body, "reason");
    if (body->has("value") && !body->isNull("value")) {
        auto value = body->get("value");
        if (!value.isNumeric()) {
            const std::string message = "'value' must be a number";
            throw invalid_member("value", message);
        }
        decision.value = value.convert<double>();
    }
    auto decided = workflow(app).decide_dispute(request.who(), id, decision);
    return HttpResponse::json(200, record_json(app, decided));
}

// ---- audit ----

namespace {

std::optional<Date> date_param(const HttpRequest& request, const std::string& name) {
    auto text = request.query_value(name);
    if (!text)
        return std::nullopt;
    auto date = parse_date(*text);
    if (!date)
        throw Error::BadRequest(name + " must be a date YYYY-MM-DD, not '" + *text + "'");
    return date;
}

}  // namespace

HttpResponse get_audit(const HttpRequest& request, AppContext& app) {
    store::AuditFilter filter;
    filter.entity = request.query_value("entity").value_or("");
    filter.entity_id = request.query_value("entity_id").value_or("");
    filter.actor = request.query_value("actor").value_or("");
    filter.from = date_param(request, "from");
    filter.to = date_param(request, "to");
    filter.page = page_of(request, 100);
    const auto format = format_of(request);
    workflow(app).audit(request.who(), filter);  // access and the date range
    auto conn = app.db().acquire();
    const reports::AuditLog log = reports::load_audit_page(*conn, filter);
    return from_report(format == reports::Format::kCsv
                           ? reports::Rendered{"text/csv; charset=utf-8", reports::to_csv(log)}
                           : reports::Rendered{"application/json", reports::to_json(log)});
}

}  // namespace scorecard::services::api
