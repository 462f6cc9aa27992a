// Suppliers' master data and contracts' suppliers (issue 15 item 3; docs/api.md "Supplier
// discrepancies" and "Novation"): the discrepancies feeds left for an admin, the decision
// on one, and the novation of a contract. The services (services/supplier_records.h) ask
// model/access.h about the data; the route table says who may call each.
#include "reports/directory.h"
#include "services/http/api_support.h"
#include "services/http/app.h"
#include "services/http/handlers.h"
#include "services/supplier_records.h"

namespace scorecard::services::api {
namespace {

using Poco::JSON::Object;

void write_discrepancy(reports::JsonWriter& out, const SupplierDiscrepancy& d) {
    out.begin_object()
        .field("id", d.id)
        .field("supplier", d.supplier_id)
        .field("field", d.field)
        .field("stored", d.stored_value)
        .field("proposed", d.proposed_value)
        .field("document",
               d.document_id ? std::optional<std::int64_t>(d.document_id) : std::nullopt)
        .field("proposed_by", d.proposed_by)
        .field("proposed_at", format_timestamp(d.proposed))
        .field("status", to_string(d.status))
        .key("decided_by")
        .text_or_null(d.decided_by)
        .field("decided_at",
               d.decided ? std::optional<std::string>(format_timestamp(*d.decided)) : std::nullopt)
        .key("reason")
        .text_or_null(d.decision_reason)
        .end_object();
}

}  // namespace

HttpResponse get_supplier_discrepancies(const HttpRequest& request, AppContext& app) {
    store::DiscrepancyFilter filter;
    filter.status = enum_param<DiscrepancyStatus>(request, "status");
    filter.supplier_id = request.query_value("supplier").value_or("");
    filter.page = page_of(request, 50);
    const DiscrepancyList list = list_discrepancies(app.db(), request.who(), filter);
    return list_response("discrepancies", list.total, filter.page, [&](reports::JsonWriter& out) {
        for (const auto& d : list.items)
            write_discrepancy(out, d);
    });
}

HttpResponse post_supplier_discrepancy_decision(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "supplier discrepancy");
    auto body = json_body(request);
    const std::string text = required_string(*body, "decision", 32);
    auto decision = parse_enum<DiscrepancyStatus>(text);
    if (!decision || *decision == DiscrepancyStatus::kOpen) {
        const std::string message = "'decision' must be accepted or dismissed, not '" + text + "'";
        throw invalid_member("decision", message);
    }
    auto decided = decide_discrepancy(app.db(), request.who(), id, *decision,
                                      required_string(*body, "reason"), app.now(), app.settings());
    reports::JsonWriter out;
    write_discrepancy(out, decided);
    return HttpResponse::json(200, out.take());
}

HttpResponse patch_supplier(const HttpRequest& request, AppContext& app) {
    auto body = json_body(request);
    SupplierRecordChange change;
    for (const char* field : {"name", "size"}) {
        if (body->has(field))
            change.fields.push_back({field, "", required_string(*body, field, 400)});
    }
    if (body->has("strategic")) {
        const Poco::Dynamic::Var v = body->get("strategic");
        if (!v.isBoolean()) {
            const std::string message = "'strategic' must be true or false";
            throw invalid_member("strategic", message);
        }
        change.fields.push_back({"strategic", "", v.extract<bool>() ? "true" : "false"});
    }
    const std::string id = request.param("id");
    change_supplier_record(app.db(), request.who(), id, change, app.now(), app.settings());
    auto conn = app.db().acquire();
    return HttpResponse::json(200, reports::to_json(reports::load_supplier_record(
                                       *conn, id, request.who(), app.settings().scoring)));
}

HttpResponse post_novation(const HttpRequest& request, AppContext& app) {
    auto body = json_body(request);
    NovationRequest novation;
    novation.contract_id = request.param("id");
    novation.to_supplier = required_string(*body, "supplier", 191);
    novation.effective = required_date(*body, "effective");
    novation.reason = required_string(*body, "reason");
    const auto novations =
        novate_contract(app.db(), request.who(), novation, app.now(), app.settings());
    reports::JsonWriter out;
    out.begin_object()
        .field("contract", novation.contract_id)
        .field("supplier", novation.to_supplier)
        .key("novations")
        .begin_array();
    for (const Novation& n : novations) {
        out.begin_object()
            .field("id", n.id)
            .field("from_supplier", n.from_supplier)
            .field("to_supplier", n.to_supplier)
            .field("effective", format_date(n.effective))
            .field("reason", n.reason)
            .field("decided_by", n.decided_by)
            .field("decided_at", format_timestamp(n.decided))
            .end_object();
    }
    out.end_array().end_object();
    auto response = HttpResponse::json(201, out.take());
    response.headers.emplace_back("Location", "/api/v1/contracts/" + novation.contract_id);
    return response;
}

}  // namespace scorecard::services::api
