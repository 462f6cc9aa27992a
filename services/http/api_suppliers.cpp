// Suppliers' master data and contracts' suppliers (issue 15 item 3; docs/api.md "Supplier
// discrepancies" and "Novation"): the discrepancies feeds left for an admin, the decision
// on one, and the novation of a contract. The services (services/supplier_records.h) ask
// model/access.h about the data; the route table says who may call each.
#include "services/http/api_support.h"
#include "services/http/app.h"
#include "services/http/handlers.h"
#include "services/supplier_records.h"

namespace scorecard::services::api {
namespace {

using Poco::JSON::Object;

Poco::Dynamic::Var optional_timestamp(const std::optional<Timestamp>& t) {
    return t ? Poco::Dynamic::Var(format_timestamp(*t)) : Poco::Dynamic::Var();
}

Object discrepancy_json(const SupplierDiscrepancy& d) {
    Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("id", d.id);
    o.set("supplier", d.supplier_id);
    o.set("field", d.field);
    o.set("stored", d.stored_value);
    o.set("proposed", d.proposed_value);
    o.set("document", d.document_id ? Poco::Dynamic::Var(d.document_id) : Poco::Dynamic::Var());
    o.set("proposed_by", d.proposed_by);
    o.set("proposed_at", format_timestamp(d.proposed));
    o.set("status", std::string(to_string(d.status)));
    o.set("decided_by",
          d.decided_by.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(d.decided_by));
    o.set("decided_at", optional_timestamp(d.decided));
    o.set("reason",
          d.decision_reason.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(d.decision_reason));
    return o;
}

// A JSON body's date member "YYYY-MM-DD" (422 naming the field otherwise).
Date required_date(const Object& body, const std::string& field) {
    const std::string text = required_string(body, field, 10);
    auto date = parse_date(text);
    if (!date) {
        const std::string message = "'" + field + "' must be a date YYYY-MM-DD, not '" + text + "'";
        throw Error::Invalid(message, {Problem{field, message, 0, 0, {}}});
    }
    return *date;
}

}  // namespace

HttpResponse get_supplier_discrepancies(const HttpRequest& request, AppContext& app) {
    store::DiscrepancyFilter filter;
    filter.status = enum_param<DiscrepancyStatus>(request, "status");
    filter.supplier_id = request.query_value("supplier").value_or("");
    filter.page = page_of(request, 50);
    const DiscrepancyList list = list_discrepancies(app.db(), request.who(), filter);
    Poco::JSON::Array items;
    for (const auto& d : list.items)
        items.add(discrepancy_json(d));
    return list_response("discrepancies", items, list.total, filter.page);
}

HttpResponse post_supplier_discrepancy_decision(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "supplier discrepancy");
    auto body = json_body(request);
    const std::string text = required_string(*body, "decision", 32);
    auto decision = parse_enum<DiscrepancyStatus>(text);
    if (!decision || *decision == DiscrepancyStatus::kOpen) {
        const std::string message = "'decision' must be accepted or dismissed, not '" + text + "'";
        throw Error::Invalid(message, {Problem{"decision", message, 0, 0, {}}});
    }
    auto decided = decide_discrepancy(app.db(), request.who(), id, *decision,
                                      required_string(*body, "reason"), app.now(), app.settings());
    return HttpResponse::json(200, stringify(discrepancy_json(decided)));
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
    Poco::JSON::Array items;
    for (const Novation& n : novations) {
        Object o(Poco::JSON_PRESERVE_KEY_ORDER);
        o.set("id", n.id);
        o.set("from_supplier", n.from_supplier);
        o.set("to_supplier", n.to_supplier);
        o.set("effective", format_date(n.effective));
        o.set("reason", n.reason);
        o.set("decided_by", n.decided_by);
        o.set("decided_at", format_timestamp(n.decided));
        items.add(o);
    }
    Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("contract", novation.contract_id);
    out.set("supplier", novation.to_supplier);
    out.set("novations", items);
    auto response = HttpResponse::json(201, stringify(out));
    response.headers.emplace_back("Location", "/api/v1/contracts/" + novation.contract_id);
    return response;
}

}  // namespace scorecard::services::api
