// The directory (suppliers, contracts, authorities), the public exports and the OpenAPI
// document (docs/api.md). Handlers parse and validate the query, then call the read models
// in reports/directory.h and reports/exports.h, which scope what the caller may see.
#include "reports/directory.h"
#include "reports/exports.h"
#include "services/http/api_support.h"
#include "services/http/app.h"
#include "services/http/handlers.h"
#include "services/http/openapi.h"

namespace scorecard::services::api {
namespace {

// A free-text search term: at most 200 bytes, so a query cannot be used to send megabytes
// into a LIKE.
std::string search_term(const HttpRequest& request) {
    std::string q = request.query_value("q").value_or("");
    if (q.size() > 200)
        throw Error::BadRequest("q must be at most 200 bytes");
    return q;
}

// An id filter (authority=, supplier=): present means non-empty.
std::string id_filter(const HttpRequest& request, const std::string& name) {
    auto value = request.query_value(name);
    if (!value)
        return {};
    if (value->empty() || value->size() > 200)
        throw Error::BadRequest(name + " must be an id of 1 to 200 bytes");
    return *value;
}

template <class Sort>
Sort sort_param(const HttpRequest& request, Sort fallback,
                const std::vector<std::pair<std::string, Sort>>& allowed) {
    auto text = request.query_value("sort");
    if (!text)
        return fallback;
    std::string names;
    for (const auto& [name, value] : allowed) {
        if (*text == name)
            return value;
        names += (names.empty() ? "" : " | ") + name;
    }
    throw Error::BadRequest("sort must be one of " + names);
}

// ?year=YYYY, required by the exports.
int year_param(const HttpRequest& request) {
    if (!request.query_value("year"))
        throw Error::BadRequest("year is required, e.g. ?year=2026");
    return int_param(request, "year", 0, 1900, 9999);
}

}  // namespace

HttpResponse get_authorities(const HttpRequest& request, AppContext& app) {
    const store::Page page = page_of(request, 100);
    const reports::Format format = format_of(request);
    auto conn = app.db().acquire();
    return from_report(reports::render(reports::load_authority_list(*conn, page), format));
}

HttpResponse get_suppliers(const HttpRequest& request, AppContext& app) {
    store::SupplierFilter filter;
    filter.size = enum_param<SizeClass>(request, "size");
    filter.size_group = enum_param<SizeGroup>(request, "size_group");
    filter.authority_id = id_filter(request, "authority");
    filter.flagged = bool_param(request, "flagged");
    filter.q = search_term(request);
    filter.sort = sort_param<store::SupplierSort>(request, store::SupplierSort::kName,
                                                  {{"name", store::SupplierSort::kName},
                                                   {"id", store::SupplierSort::kId},
                                                   {"score", store::SupplierSort::kScore}});
    filter.page = page_of(request);
    const reports::Format format = format_of(request);
    auto conn = app.db().acquire();
    return from_report(
        reports::render(reports::load_supplier_list(*conn, std::move(filter), request.who(),
                                                    app.settings().scoring),
                        format));
}

HttpResponse get_supplier(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    return HttpResponse::json(
        200, reports::to_json(reports::load_supplier_record(
                 *conn, request.param("id"), request.who(), app.settings().scoring)));
}

HttpResponse get_contracts(const HttpRequest& request, AppContext& app) {
    store::ContractFilter filter;
    filter.authority_id = id_filter(request, "authority");
    filter.supplier_id = id_filter(request, "supplier");
    filter.status = enum_param<ContractStatus>(request, "status");
    filter.q = search_term(request);
    filter.sort = sort_param<store::ContractSort>(request, store::ContractSort::kId,
                                                  {{"id", store::ContractSort::kId},
                                                   {"title", store::ContractSort::kTitle},
                                                   {"score", store::ContractSort::kScore},
                                                   {"value", store::ContractSort::kValue}});
    filter.page = page_of(request);
    const reports::Format format = format_of(request);
    auto conn = app.db().acquire();
    return from_report(
        reports::render(reports::load_contract_list(*conn, std::move(filter), request.who(),
                                                    app.settings().scoring),
                        format));
}

HttpResponse get_contract(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    return HttpResponse::json(
        200, reports::to_json(reports::load_contract_record(
                 *conn, request.param("id"), request.who(), app.settings().scoring)));
}

HttpResponse get_kpi_performance_csv(const HttpRequest& request, AppContext& app) {
    const int year = year_param(request);
    auto conn = app.db().acquire();
    auto response = from_report(reports::kpi_performance_csv(*conn, year));
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"kpi-performance-" +
                                                             std::to_string(year) + ".csv\"");
    return response;
}

HttpResponse get_ocds(const HttpRequest& request, AppContext& app) {
    const int year = year_param(request);
    auto conn = app.db().acquire();
    return from_report(
        reports::kpi_performance_ocds(*conn, year, app.now(), app.settings().publication));
}

HttpResponse get_openapi(const HttpRequest&, AppContext&) {
    return HttpResponse::text(200, "application/json", std::string(openapi_document()));
}

}  // namespace scorecard::services::api
