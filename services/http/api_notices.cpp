// Contract performance notices (SPEC §7.5, docs/api.md "Contract performance notices"): the
// due list, notices along their path, improvement notices in reviews, and suppliers'
// contact details. Handlers parse, call services/notices.h, render reports/notices.h.
#include <cmath>

#include "reports/notices.h"
#include "services/http/api_support.h"
#include "services/http/app.h"
#include "services/http/handlers.h"
#include "services/notices.h"

namespace scorecard::services::api {
namespace {

using Poco::JSON::Object;

NoticeDesk desk(AppContext& app) {
    return NoticeDesk(app.db(), app.settings(), app.now());
}

HttpResponse notice_response(int status, const reports::NoticeView& view) {
    auto response = HttpResponse::json(status, reports::notice_json(view, true));
    if (status == 201)
        response.headers.emplace_back("Location",
                                      "/api/v1/notices/" + std::to_string(view.notice.id));
    return response;
}

std::optional<Period> period_member(const Object& body, const std::string& field) {
    const std::string text = optional_string(body, field, 16);
    if (text.empty())
        return std::nullopt;
    auto period = Period::parse(text);
    if (!period)
        throw invalid_member(
            field, "'" + field + "' must be a period (2026-09 or 2026-Q3), not '" + text + "'");
    return period;
}

// An array of strings in `field` (absent: none).
std::vector<std::string> strings_member(const Object& body, const std::string& field) {
    std::vector<std::string> out;
    if (!body.has(field) || body.isNull(field))
        return out;
    auto array = body.getArray(field);
    if (!array)
        throw invalid_member(field, "'" + field + "' must be an array of strings");
    for (std::size_t i = 0; i < array->size(); ++i) {
        auto item = array->get(static_cast<unsigned>(i));
        if (!item.isString())
            throw invalid_member(field, "'" + field + "' must be an array of strings");
        out.push_back(item.extract<std::string>());
    }
    return out;
}

}  // namespace

// ---- what is owed ----

HttpResponse get_notices_due(const HttpRequest& request, AppContext& app) {
    Date as_of = app.today();
    if (auto text = request.query_value("as_of")) {
        auto date = parse_date(*text);
        if (!date)
            throw Error::BadRequest("as_of must be a date YYYY-MM-DD, not '" + *text + "'");
        as_of = *date;
    }
    const auto format = format_of(request);
    return from_report(reports::render_due_list(desk(app).due(request.who(), as_of), format));
}

// ---- notices ----

HttpResponse get_notices(const HttpRequest& request, AppContext& app) {
    store::NoticeFilter filter;
    filter.contract_id = request.query_value("contract").value_or("");
    filter.supplier_id = request.query_value("supplier").value_or("");
    filter.authority_id = request.query_value("authority").value_or("");
    filter.kind = enum_param<NoticeKind>(request, "kind");
    filter.state = enum_param<NoticeState>(request, "state");
    filter.page = page_of(request);
    auto page = desk(app).list(request.who(), filter);
    return list_response("notices", page.total, filter.page, [&](reports::JsonWriter& out) {
        for (const reports::NoticeView& v : page.notices)
            reports::write_json(out, v, false);
    });
}

HttpResponse get_notice(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "notice");
    return notice_response(200, desk(app).find(request.who(), id));
}

HttpResponse post_notice(const HttpRequest& request, AppContext& app) {
    auto body = json_body(request);
    NoticeDraft draft;
    draft.kind =
        body->has("kind") ? enum_member<NoticeKind>(*body, "kind") : NoticeKind::kAssessment;
    draft.contract_id = required_string(*body, "contract", 200);
    draft.first = period_member(*body, "first");
    draft.last = period_member(*body, "last");
    draft.kpis = strings_member(*body, "kpis");
    draft.replaces = optional_id(*body, "replaces");
    draft.requirement = optional_string(*body, "requirement");
    draft.description = optional_string(*body, "description");
    draft.decided = optional_date(*body, "decided");
    draft.review_id = optional_id(*body, "review");
    return notice_response(201, desk(app).draft(request.who(), draft));
}

HttpResponse post_notice_transition(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "notice");
    auto body = json_body(request);
    const NoticeState to = enum_member<NoticeState>(*body, "to");
    return notice_response(200,
                           desk(app).move(request.who(), id, to, optional_string(*body, "note"),
                                          optional_date(*body, "decided")));
}

HttpResponse post_notice_rating(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "notice");
    auto body = json_body(request);
    const std::string kpi = required_string(*body, "kpi", 200);
    const Rating rating = enum_member<Rating>(*body, "rating");
    return notice_response(
        200, desk(app).rate(request.who(), id, kpi, rating, optional_string(*body, "reason")));
}

HttpResponse post_notice_comment(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "notice");
    auto body = json_body(request);
    return notice_response(201,
                           desk(app).comment(request.who(), id, required_string(*body, "text")));
}

HttpResponse post_notice_agreement(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "notice");
    std::string note;
    if (!request.body.empty())
        note = optional_string(*json_body(request), "note");
    return notice_response(200, desk(app).agree(request.who(), id, note));
}

// ---- improvement notices ----

HttpResponse get_improvements(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "review");
    reports::JsonWriter out;
    out.begin_object().key("improvement_notices").begin_array();
    for (const ImprovementNotice& i : desk(app).improvements(request.who(), id))
        reports::write_json(out, i);
    out.end_array().end_object();
    return HttpResponse::json(200, out.take());
}

HttpResponse post_improvement(const HttpRequest& request, AppContext& app) {
    const auto review = id_param(request, "id", "review");
    auto body = json_body(request);
    ImprovementRequest improvement;
    improvement.contract_id = required_string(*body, "contract", 200);
    auto deadline = optional_date(*body, "deadline");
    if (!deadline)
        throw invalid_member("deadline", "'deadline' (a date YYYY-MM-DD) is required");
    improvement.deadline = *deadline;
    auto kpis = body->has("kpis") && !body->isNull("kpis") ? body->getArray("kpis") : nullptr;
    if (!kpis)
        throw invalid_member("kpis", "'kpis' must be an array of {\"kpi\", \"level\"}");
    for (std::size_t i = 0; i < kpis->size(); ++i) {
        auto item = kpis->getObject(static_cast<unsigned>(i));
        if (!item || !item->has("level") || !item->get("level").isNumeric())
            throw invalid_member("kpis",
                                 "'kpis' must be an array of {\"kpi\", \"level\"} with a "
                                 "numeric level");
        improvement.levels.push_back(
            {required_string(*item, "kpi", 200), item->get("level").convert<double>()});
    }
    auto issued = desk(app).issue_improvement(request.who(), review, improvement);
    auto response = HttpResponse::json(201, reports::improvement_json(issued));
    response.headers.emplace_back(
        "Location", "/api/v1/reviews/" + std::to_string(review) + "/improvement-notices");
    return response;
}

// ---- supplier contact details ----

HttpResponse get_supplier_contact(const HttpRequest& request, AppContext& app) {
    const std::string id = request.param("id");
    return HttpResponse::json(
        200, reports::supplier_contact_json(id, desk(app).contact(request.who(), id)));
}

HttpResponse put_supplier_contact(const HttpRequest& request, AppContext& app) {
    const std::string id = request.param("id");
    auto body = json_body(request);
    SupplierContact contact{required_string(*body, "postal_address", 1000),
                            required_string(*body, "email", 320)};
    return HttpResponse::json(200, reports::supplier_contact_json(
                                       id, desk(app).keep_contact(request.who(), id, contact)));
}

}  // namespace scorecard::services::api
