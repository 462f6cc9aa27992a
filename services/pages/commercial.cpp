// The directory pages (issue #7): the contract list with filters, a contract's scorecard
// (KPI × period table with rating tags), a supplier's scorecard with its trend chart and its
// place in its size class, flags, and partnership reviews; each table also as CSV.
//
// Data comes from the read models in reports/ (scores are never worked out here) and the
// repositories in store/; who may see what is decided by model/access.h, inside the reports
// or, for lists, through list_scope().
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "model/review_rules.h"
#include "reports/csv.h"
#include "services/api_support.h"
#include "services/pages/html.h"
#include "services/workflow.h"
#include "store/repositories.h"

namespace scorecard::services::pages {
namespace {

constexpr int kPageSize = 50;

std::string contract_link(const std::string& id) {
    return "<a class=\"govuk-link\" href=\"/contracts/" + h(url_encode(id)) + "\">" + h(id) +
           "</a>";
}

std::string supplier_link(const std::string& id, const std::string& name) {
    return "<a class=\"govuk-link\" href=\"/suppliers/" + h(url_encode(id)) + "\">" +
           h(name.empty() ? id : name) + "</a>";
}

std::string severity_tag(std::string_view severity) {
    return plain_tag(severity, severity == "high"     ? "red"
                               : severity == "medium" ? "orange"
                                                      : "grey");
}

std::string review_state_tag(std::string_view state) {
    return plain_tag(state, state == "closed" ? "grey" : state == "proposed" ? "yellow" : "blue");
}

std::string wrap_table(const std::string& caption, const std::string& head, const std::string& rows,
                       const std::string& id = {}) {
    std::string out = "<div class=\"app-table-wrap\"><table class=\"govuk-table\"";
    if (!id.empty())
        out += " id=\"" + h(id) + "\"";
    out += "><caption class=\"govuk-table__caption govuk-table__caption--m\">" + caption +
           "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">" + head +
           "</tr></thead><tbody class=\"govuk-table__body\">" + rows + "</tbody></table></div>";
    return out;
}

std::string th(const std::string& text, bool numeric = false) {
    return std::string("<th scope=\"col\" class=\"govuk-table__header") +
           (numeric ? " govuk-table__header--numeric" : "") + "\">" + text + "</th>";
}

std::string td(const std::string& html, bool numeric = false) {
    return std::string("<td class=\"govuk-table__cell") +
           (numeric ? " govuk-table__cell--numeric" : "") + "\">" + html + "</td>";
}

// "Dispute" next to an open flag, for its supplier.
std::string flag_dispute_link(const std::string& flag_id) {
    return "<a class=\"govuk-link app-no-print\" href=\"/flags/" + h(flag_id) +
           "/dispute\">Dispute<span class=\"govuk-visually-hidden\"> flag " + h(flag_id) +
           "</span></a>";
}

std::string csv_link(const std::string& href, const std::string& what) {
    return "<p class=\"govuk-body app-no-print\"><a class=\"govuk-link\" href=\"" + h(href) +
           "\" download>Download " + h(what) + " as CSV</a></p>";
}

// ---------------------------------------------------------------- contract list

store::ContractFilter contract_filter(const HttpRequest& request) {
    store::ContractFilter filter;
    filter.q = query_text(request, "q");
    filter.status = enum_param<ContractStatus>(request, "status");
    filter.authority_id = query_text(request, "authority");
    filter.supplier_id = query_text(request, "supplier");
    auto sort = query_text(request, "sort");
    filter.sort = sort == "score"   ? store::ContractSort::kScore
                  : sort == "title" ? store::ContractSort::kTitle
                  : sort == "value" ? store::ContractSort::kValue
                                    : store::ContractSort::kId;
    filter.page.limit = kPageSize;
    filter.page.offset = int_param(request, "offset", 0, 0, 100000000);
    // What the caller may see narrows the filter (SPEC §1): a filter naming someone else's
    // authority or supplier finds nothing.
    if (list_scope(request.who()).nothing)
        throw Error::Forbidden("this account is not linked to an authority or a supplier");
    if (!narrow_to_scope(request.who(), filter.authority_id, filter.supplier_id)) {
        // An id no contract has: the page shows an empty list with its filters.
        filter.authority_id = filter.supplier_id = "\x01none";
    }
    return filter;
}

std::string select_field(const std::string& id, const std::string& label,
                         const std::vector<std::pair<std::string, std::string>>& options,
                         const std::string& selected) {
    std::string out = "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"" + id +
                      "\">" + label + "</label><select class=\"govuk-select\" id=\"" + id +
                      "\" name=\"" + id + "\">";
    for (const auto& [value, text] : options)
        out += "<option value=\"" + h(value) + "\"" + (value == selected ? " selected" : "") + ">" +
               h(text) + "</option>";
    out += "</select></div>";
    return out;
}

HttpResponse get_contracts(const HttpRequest& request, AppContext& app) {
    auto filter = contract_filter(request);
    const auto& who = request.who();
    auto conn = app.db().acquire();
    store::ContractRepository contracts(*conn);
    auto rows = contracts.list_scored(filter);
    auto total = contracts.count(filter);

    bool supplier = who.role == Role::kSupplier;
    std::string title = supplier ? "My contracts" : "Contracts";
    std::string out = "<h1 class=\"govuk-heading-xl\">" + title + "</h1>";
    // Filters: a GET form, so that the result is a link one can share.
    out +=
        "<form method=\"get\" action=\"/contracts\" class=\"app-no-print\"><div "
        "class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">"
        "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"q\">Contract id "
        "or title contains</label><input class=\"govuk-input\" id=\"q\" name=\"q\" "
        "type=\"text\" value=\"" +
        h(filter.q) + "\"></div></div><div class=\"govuk-grid-column-one-third\">";
    out += select_field(
        "status", "Status",
        {{"", "Any"}, {"active", "Active"}, {"expired", "Expired"}, {"terminated", "Terminated"}},
        query_text(request, "status"));
    out += "</div><div class=\"govuk-grid-column-one-third\">";
    out += select_field("sort", "Sort by",
                        {{"id", "Contract id"},
                         {"title", "Title"},
                         {"score", "Score, best first"},
                         {"value", "Value, largest first"}},
                        query_text(request, "sort"));
    out += "</div></div>";
    if (who.role == Role::kMinister || who.role == Role::kAdmin) {
        std::vector<std::pair<std::string, std::string>> options = {{"", "All authorities"}};
        for (const auto& a : store::AuthorityRepository(*conn).list())
            options.emplace_back(a.id, a.name);
        out += select_field("authority", "Contracting authority", options, filter.authority_id);
    }
    out +=
        "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Apply "
        "filters</button></form>";

    std::string query = "q=" + url_encode(filter.q) +
                        "&status=" + url_encode(query_text(request, "status")) +
                        "&sort=" + url_encode(query_text(request, "sort")) +
                        "&authority=" + url_encode(query_text(request, "authority")) +
                        "&supplier=" + url_encode(query_text(request, "supplier"));
    std::string body;
    for (const auto& row : rows) {
        const auto& c = row.contract;
        std::string rating = row.current_score
                                 ? std::string(to_string(rating_for_score(
                                       *row.current_score, app.settings().scoring.scoring)))
                                 : "missing";
        body += "<tr class=\"govuk-table__row\">";
        body += td(contract_link(c.id));
        body += td(h(c.title));
        body += td(supplier_link(c.supplier_id, row.supplier_name));
        body += td(h(row.authority_name.empty() ? c.authority_id : row.authority_name));
        body += td(h(money(c.value, c.currency)), true);
        body += td(h(to_string(c.status)));
        body += td(row.current_period ? h(row.current_period->to_string()) : "–");
        body += td(h(score_text(row.current_score)), true);
        body += td(row.current_score ? rating_tag(rating) : rating_tag("missing"));
        body += "</tr>";
    }
    std::string caption = std::to_string(total) + (total == 1 ? " contract" : " contracts");
    if (total > 0)
        caption += ", showing " + std::to_string(filter.page.offset + 1) + " to " +
                   std::to_string(filter.page.offset + static_cast<int>(rows.size()));
    out += wrap_table(h(caption),
                      th("Contract") + th("Title") + th("Supplier") + th("Authority") +
                          th("Value", true) + th("Status") + th("Latest period") +
                          th("Score", true) + th("Rating"),
                      body, "contracts");
    out += "<nav class=\"govuk-pagination govuk-pagination--block\" aria-label=\"Pages\">";
    if (filter.page.offset > 0)
        out +=
            "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link "
            "govuk-pagination__link\" rel=\"prev\" href=\"/contracts?" +
            h(query) +
            "&amp;offset=" + std::to_string(std::max(0, filter.page.offset - kPageSize)) +
            "\">Previous page</a></div>";
    if (filter.page.offset + kPageSize < total)
        out +=
            "<div class=\"govuk-pagination__next\"><a class=\"govuk-link "
            "govuk-pagination__link\" rel=\"next\" href=\"/contracts?" +
            h(query) + "&amp;offset=" + std::to_string(filter.page.offset + kPageSize) +
            "\">Next page</a></div>";
    out += "</nav>";
    out += csv_link("/contracts.csv?" + query, "every matching contract");
    if (supplier)
        out +=
            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/upload\">Upload a KPI "
            "return as XML</a></p>";
    return page(200, request, title, out);
}

HttpResponse get_contracts_csv(const HttpRequest& request, AppContext& app) {
    auto filter = contract_filter(request);
    filter.page.offset = 0;
    filter.page.limit = 1000;
    auto conn = app.db().acquire();
    store::ContractRepository contracts(*conn);
    std::string out =
        reports::csv_row({"contract", "title", "supplier", "supplier_name", "authority", "value",
                          "currency", "status", "period", "score", "rating"});
    using reports::csv_field;
    // Every matching contract, a thousand at a time.
    for (;;) {
        auto rows = contracts.list_scored(filter);
        for (const auto& row : rows) {
            const auto& c = row.contract;
            out += reports::csv_row(
                {csv_field(c.id), csv_field(c.title), csv_field(c.supplier_id),
                 csv_field(row.supplier_name), csv_field(c.authority_id),
                 reports::csv_number(c.value), csv_field(c.currency),
                 csv_field(to_string(c.status)),
                 row.current_period ? csv_field(row.current_period->to_string()) : "",
                 row.current_score ? reports::csv_number(std::round(*row.current_score * 10) / 10)
                                   : "",
                 row.current_score ? csv_field(to_string(rating_for_score(
                                         *row.current_score, app.settings().scoring.scoring)))
                                   : ""});
        }
        if (static_cast<int>(rows.size()) < filter.page.limit)
            break;
        filter.page.offset += filter.page.limit;
    }
    return csv_download({"text/csv; charset=utf-8", out}, "contracts.csv");
}

// ---------------------------------------------------------------- contract scorecard

HttpResponse get_contract(const HttpRequest& request, AppContext& app) {
    const auto& who = request.who();
    const std::string& id = request.param("id");
    auto conn = app.db().acquire();
    auto report = parse_object(
        reports::contract_scorecard(*conn, id, who, reports::Format::kJson, app.today()).body);
    auto contract = object_of(report, "contract");
    auto current = object_of(report, "current");
    auto periods = array_of(report, "periods");
    auto kpis = array_of(report, "kpis");

    std::string supplier_id = text_of(contract, "supplier");
    auto supplier = store::SupplierRepository(*conn).find(supplier_id);
    std::string out = breadcrumbs({{"/contracts", "Contracts"}});
    if (auto submitted = request.query_value("submitted"))
        out +=
            "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
            "role=\"alert\" aria-labelledby=\"banner-title\"><div "
            "class=\"govuk-notification-banner__header\"><h2 "
            "class=\"govuk-notification-banner__title\" id=\"banner-title\">Success</h2></div>"
            "<div class=\"govuk-notification-banner__content\"><p "
            "class=\"govuk-notification-banner__heading\">Return received as document " +
            h(*submitted) + ". The scores and flags below include it.</p></div></div>";
    out += "<span class=\"govuk-caption-l\">" + h(id) + "</span><h1 class=\"govuk-heading-xl\">" +
           h(text_of(contract, "title")) + "</h1>";
    out += "<dl class=\"govuk-summary-list\">";
    auto row = [&](const std::string& key, const std::string& value_html) {
        out += "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">" +
               key + "</dt><dd class=\"govuk-summary-list__value\">" + value_html + "</dd></div>";
    };
    row("Supplier", supplier_link(supplier_id, supplier ? supplier->name : supplier_id));
    row("Authority", h(text_of(contract, "authority")));
    row("Value", h(money(number_of(contract, "value").value_or(0), text_of(contract, "currency"))));
    row("Dates", h(text_of(contract, "start")) + " to " + h(text_of(contract, "end")));
    row("Reporting",
        h(text_of(contract, "frequency")) + ", status " + h(text_of(contract, "status")));
    row("Current score", current ? "<span id=\"current-score\">" + h(score_text(current, "score")) +
                                       "</span> (" + h(text_of(current, "period")) + ") " +
                                       rating_tag(text_of(current, "rating"))
                                 : "<span id=\"current-score\">–</span> " + rating_tag("missing"));
    out += "</dl>";

    ContractScope scope{text_of(contract, "authority"), supplier_id};
    if (may_report_for(who, scope))
        out += "<a href=\"/contracts/" + h(url_encode(id)) +
               "/return\" role=\"button\" draggable=\"false\" class=\"govuk-button "
               "app-no-print\" data-module=\"govuk-button\">Submit a return</a> ";
    // The contract's supplier disputes a rating of a returned period (docs/reviews.md).
    const bool may_dispute = may_take_step(who, WorkflowStep::kRaiseDispute, {supplier_id, false});
    bool any_returned = false;
    for (std::size_t i = 0; i < periods->size(); ++i)
        any_returned = any_returned ||
                       text_of(periods->getObject(static_cast<unsigned>(i)), "returned") == "true";
    if (may_dispute && any_returned)
        out += "<a href=\"/contracts/" + h(url_encode(id)) +
               "/dispute\" role=\"button\" draggable=\"false\" id=\"dispute-rating\" "
               "class=\"govuk-button govuk-button--secondary app-no-print\" "
               "data-module=\"govuk-button\">Dispute a rating</a>";

    // The last 12 periods, newest last: a trend chart and the KPI × period table.
    std::size_t first = periods->size() > 12 ? periods->size() - 12 : 0;
    std::vector<std::string> labels;
    reports::Series series{"Period score", {}, "#1d70b8"};
    for (std::size_t i = first; i < periods->size(); ++i) {
        auto p = periods->getObject(static_cast<unsigned>(i));
        labels.push_back(text_of(p, "period"));
        series.values.push_back(number_of(p, "score"));
    }
    if (!labels.empty()) {
        out += "<h2 class=\"govuk-heading-m\">Score by period</h2>";
        out += reports::line_chart(
            {"contract-trend", "Score by period for " + id,
             "The contract's period score (0 to 100) for each of its last " +
                 std::to_string(labels.size()) + " periods; the table below gives every figure."},
            labels, {series});
    }

    std::vector<std::pair<std::string, std::string>> kpi_names;
    for (std::size_t i = 0; i < kpis->size(); ++i) {
        auto k = kpis->getObject(static_cast<unsigned>(i));
        kpi_names.emplace_back(text_of(k, "code"), text_of(k, "name"));
    }
    // Codes measured in earlier periods but no longer in force still get a row.
    for (std::size_t i = first; i < periods->size(); ++i) {
        auto measures = array_of(periods->getObject(static_cast<unsigned>(i)), "measures");
        for (std::size_t m = 0; m < measures->size(); ++m) {
            auto measure = measures->getObject(static_cast<unsigned>(m));
            std::string code = text_of(measure, "kpi");
            if (std::none_of(kpi_names.begin(), kpi_names.end(),
                             [&](const auto& k) { return k.first == code; }))
                kpi_names.emplace_back(code, text_of(measure, "name"));
        }
    }
    std::string head = th("KPI");
    for (const auto& label : labels)
        head += th(h(label));
    std::string body;
    for (const auto& [code, name] : kpi_names) {
        body += "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">" +
                h(code) + "<br><span class=\"govuk-body-s\">" + h(name) + "</span></th>";
        for (std::size_t i = first; i < periods->size(); ++i) {
            auto measures = array_of(periods->getObject(static_cast<unsigned>(i)), "measures");
            std::string cell = "–";
            for (std::size_t m = 0; m < measures->size(); ++m) {
                auto measure = measures->getObject(static_cast<unsigned>(m));
                if (text_of(measure, "kpi") != code)
                    continue;
                auto value = number_of(measure, "value");
                cell = (value ? h(reports::svg_number(*value)) + "<br>" : std::string{}) +
                       rating_tag(text_of(measure, "rating"));
            }
            body += td(cell);
        }
        body += "</tr>";
    }
    body +=
        "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">Period "
        "score</th>";
    for (std::size_t i = first; i < periods->size(); ++i) {
        auto p = periods->getObject(static_cast<unsigned>(i));
        body +=
            td("<span class=\"app-period-score\" data-period=\"" + h(text_of(p, "period")) + "\">" +
               h(score_text(p, "score")) + "</span><br>" + rating_tag(text_of(p, "rating")));
    }
    body += "</tr>";
    out += wrap_table("KPIs by period", head, body, "kpi-periods");
    out += csv_link("/contracts/" + url_encode(id) + "/scorecard.csv", "every period and KPI");

    // KPI definitions.
    std::string defs;
    for (std::size_t i = 0; i < kpis->size(); ++i) {
        auto k = kpis->getObject(static_cast<unsigned>(i));
        defs += "<tr class=\"govuk-table__row\">" + td(h(text_of(k, "code"))) +
                td(h(text_of(k, "name"))) + td(h(text_of(k, "unit"))) +
                td(text_of(k, "direction") == "higher" ? "Higher is better" : "Lower is better") +
                td(h(reports::svg_number(number_of(k, "weight").value_or(0))), true) +
                td(h(reports::svg_number(number_of(k, "good").value_or(0))), true) +
                td(h(reports::svg_number(number_of(k, "approaching").value_or(0))), true) +
                td(h(reports::svg_number(number_of(k, "minimum").value_or(0))), true) + "</tr>";
    }
    out += wrap_table("KPI definitions",
                      th("Code") + th("Name") + th("Unit") + th("Direction") + th("Weight", true) +
                          th("Good", true) + th("Approaching", true) + th("Minimum", true),
                      defs);

    auto flags = array_of(report, "flags");
    std::string flag_rows;
    for (std::size_t i = 0; i < flags->size(); ++i) {
        auto f = flags->getObject(static_cast<unsigned>(i));
        flag_rows += "<tr class=\"govuk-table__row\">" + td(h(text_of(f, "rule"))) +
                     td(severity_tag(text_of(f, "severity"))) + td(h(text_of(f, "kpi"))) +
                     td(h(text_of(f, "period"))) + td(h(text_of(f, "detail"))) +
                     td(may_dispute ? flag_dispute_link(text_of(f, "id")) : "") + "</tr>";
    }
    if (flags->size() == 0)
        out +=
            "<h2 class=\"govuk-heading-m\">Open flags</h2><p class=\"govuk-body\" "
            "id=\"no-flags\">This contract has no open flags.</p>";
    else
        out += wrap_table("Open flags",
                          th("Rule") + th("Severity") + th("KPI") + th("Period") + th("Detail") +
                              th("<span class=\"govuk-visually-hidden\">Action</span>"),
                          flag_rows, "flags");
    auto disputes = array_of(report, "disputes");
    if (disputes->size() > 0) {
        std::string rows;
        for (std::size_t i = 0; i < disputes->size(); ++i) {
            auto d = disputes->getObject(static_cast<unsigned>(i));
            std::string what =
                text_of(d, "flag").empty()
                    ? h(text_of(d, "kpi"))
                    : "Flag " + h(text_of(d, "flag")) + " (" +
                          h(text_of(d, "kpi").empty() ? "contract" : text_of(d, "kpi")) + ")";
            rows += "<tr class=\"govuk-table__row\">" +
                    td("<a class=\"govuk-link\" href=\"/disputes/" + h(text_of(d, "id")) +
                       "\">Dispute " + h(text_of(d, "id")) + "</a>") +
                    td(what) + td(h(text_of(d, "period"))) + td(h(text_of(d, "reason"))) +
                    td(h(text_of(d, "raised_by"))) + "</tr>";
        }
        out += wrap_table(
            "Open disputes",
            th("Dispute") + th("KPI or flag") + th("Period") + th("Reason") + th("Raised by"), rows,
            "open-disputes");
    }
    return page(200, request, id + " " + text_of(contract, "title"), out);
}

HttpResponse get_contract_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    return csv_download(reports::contract_scorecard(*conn, request.param("id"), request.who(),
                                                    reports::Format::kCsv, app.today()),
                        request.param("id") + "-scorecard.csv");
}

// ---------------------------------------------------------------- supplier scorecard

const std::vector<std::string> kSeriesColours = {"#1d70b8", "#d4351c", "#00703c",
                                                 "#912b88", "#f47738", "#28a197"};

HttpResponse get_supplier(const HttpRequest& request, AppContext& app) {
    const auto& who = request.who();
    const std::string& id = request.param("id");
    auto conn = app.db().acquire();
    auto report =
        parse_object(reports::supplier_scorecard(*conn, id, who, reports::Format::kJson).body);
    auto supplier = object_of(report, "supplier");
    std::string name = text_of(supplier, "name");
    std::string group = text_of(report, "size_group");

    std::string out = breadcrumbs({{"/contracts", "Contracts"}});
    out += "<span class=\"govuk-caption-l\">" + h(id) + "</span><h1 class=\"govuk-heading-xl\">" +
           h(name) + "</h1>";
    out +=
        "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third "
        "app-card\"><h2 class=\"govuk-heading-s\">Supplier score</h2><span "
        "class=\"app-figure\" id=\"supplier-score\">" +
        h(score_text(report, "score")) + "</span>" + rating_tag(text_of(report, "rating")) +
        "</div><div class=\"govuk-grid-column-one-third app-card\"><h2 "
        "class=\"govuk-heading-s\">Size class</h2><span class=\"app-figure\">" +
        h(text_of(supplier, "size")) + "</span><p class=\"govuk-body-s\">" +
        (text_of(supplier, "strategic") == "true" ? "Strategic supplier" : "") +
        "</p></div><div class=\"govuk-grid-column-one-third app-card\"><h2 "
        "class=\"govuk-heading-s\">Place in its class</h2>";
    auto percentile = number_of(report, "percentile");
    auto group_size = number_of(report, "group_suppliers").value_or(0);
    std::string group_name = group == "large" ? "large suppliers" : "SMEs";
    if (percentile)
        out += "<span class=\"app-figure\" id=\"percentile\">" +
               h(reports::svg_number(*percentile)) + "%</span><p class=\"govuk-body-s\">of the " +
               h(reports::svg_number(group_size)) + " scored " + group_name +
               " score the same or lower</p>";
    else
        out += "<p class=\"govuk-body\">Not placed: no score yet.</p>";
    out += "</div></div>";
    if (percentile) {
        out += reports::bar_chart(
            {"supplier-place", "Place among " + group_name,
             name + " is at the " + reports::svg_number(*percentile) + "th percentile of " +
                 reports::svg_number(group_size) + " scored " + group_name + "."},
            {{"This supplier", *percentile, "#1d70b8"}, {"Best in class", 100, "#b1b4b6"}}, 100);
    }

    auto contracts = array_of(report, "contracts");
    std::string rows;
    store::ScoreRepository scores(*conn);
    std::map<Period, std::map<std::size_t, double>> by_period;  // period → series → score
    std::vector<reports::Series> series;
    for (std::size_t i = 0; i < contracts->size(); ++i) {
        auto c = contracts->getObject(static_cast<unsigned>(i));
        auto current = object_of(c, "current");
        rows += "<tr class=\"govuk-table__row\">" + td(contract_link(text_of(c, "id"))) +
                td(h(text_of(c, "title"))) + td(h(text_of(c, "authority"))) +
                td(h(money(number_of(c, "value").value_or(0), text_of(c, "currency"))), true) +
                td(h(text_of(c, "status"))) + td(current ? h(text_of(current, "period")) : "–") +
                td(h(score_text(current, "score")), true) +
                td(rating_tag(current ? text_of(current, "rating") : "missing")) + "</tr>";
        // The trend: each active contract's period scores (a supplier holds few contracts).
        if (text_of(c, "status") == "active" && current && series.size() < kSeriesColours.size()) {
            std::size_t index = series.size();
            series.push_back({text_of(c, "id"), {}, kSeriesColours[index]});
            for (const auto& ps : scores.period_scores(text_of(c, "id")))
                if (ps.score)
                    by_period[ps.period][index] = *ps.score;
        }
    }
    if (!series.empty()) {
        std::vector<std::string> labels;
        auto start = by_period.size() > 12
                         ? std::next(by_period.begin(), static_cast<long>(by_period.size() - 12))
                         : by_period.begin();
        for (auto it = start; it != by_period.end(); ++it) {
            labels.push_back(it->first.to_string());
            for (std::size_t s = 0; s < series.size(); ++s) {
                auto found = it->second.find(s);
                series[s].values.push_back(found == it->second.end()
                                               ? std::nullopt
                                               : std::optional<double>(found->second));
            }
        }
        out += "<h2 class=\"govuk-heading-m\">Trend</h2>";
        out += reports::line_chart({"supplier-trend", "Period scores of " + name + "'s contracts",
                                    "One line per active contract: its score (0 to 100) in each of "
                                    "the last " +
                                        std::to_string(labels.size()) + " periods."},
                                   labels, series);
    }
    out += wrap_table("Contracts",
                      th("Contract") + th("Title") + th("Authority") + th("Value", true) +
                          th("Status") + th("Latest period") + th("Score", true) + th("Rating"),
                      rows, "supplier-contracts");
    out += csv_link("/suppliers/" + url_encode(id) + "/scorecard.csv", "these contracts");

    auto flags = array_of(report, "flags");
    std::string flag_rows;
    for (std::size_t i = 0; i < flags->size(); ++i) {
        auto f = flags->getObject(static_cast<unsigned>(i));
        flag_rows += "<tr class=\"govuk-table__row\">" + td(h(text_of(f, "rule"))) +
                     td(severity_tag(text_of(f, "severity"))) +
                     td(contract_link(text_of(f, "contract"))) + td(h(text_of(f, "kpi"))) +
                     td(h(text_of(f, "period"))) + "</tr>";
    }
    if (flags->size() > 0)
        out += wrap_table("Open flags",
                          th("Rule") + th("Severity") + th("Contract") + th("KPI") + th("Period"),
                          flag_rows, "flags");
    else
        out +=
            "<h2 class=\"govuk-heading-m\">Open flags</h2><p class=\"govuk-body\">No open "
            "flags.</p>";
    auto review = object_of(report, "review");
    out += "<h2 class=\"govuk-heading-m\">Partnership review</h2>";
    if (review)
        out += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reviews/" +
               h(text_of(review, "id")) + "\">Review " + h(text_of(review, "id")) + "</a> " +
               review_state_tag(text_of(review, "state")) + " opened " +
               h(text_of(review, "opened")) + "</p>";
    else
        out += "<p class=\"govuk-body\">No open review.</p>";
    return page(200, request, name, out);
}

HttpResponse get_supplier_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    return csv_download(reports::supplier_scorecard(*conn, request.param("id"), request.who(),
                                                    reports::Format::kCsv),
                        request.param("id") + "-scorecard.csv");
}

// ---------------------------------------------------------------- flags

store::FlagFilter flag_filter(const HttpRequest& request) {
    store::FlagFilter filter;
    // Open flags unless the user asks for another status (or "any").
    std::string status = query_text(request, "status");
    if (status.empty())
        filter.status = FlagStatus::kOpen;
    else if (status != "any")
        filter.status = enum_param<FlagStatus>(request, "status");
    filter.severity = enum_param<Severity>(request, "severity");
    filter.rule = enum_param<FlagRuleId>(request, "rule");
    filter.supplier_id = query_text(request, "supplier");
    filter.contract_id = query_text(request, "contract");
    filter.page.limit = 100;
    filter.page.offset = int_param(request, "offset", 0, 0, 100000000);
    return filter;
}

HttpResponse get_flags(const HttpRequest& request, AppContext& app) {
    auto filter = flag_filter(request);
    auto conn = app.db().acquire();
    auto report =
        parse_object(reports::flag_list(*conn, filter, request.who(), reports::Format::kJson).body);
    auto flags = array_of(report, "flags");
    auto total = number_of(report, "total").value_or(0);
    std::string out = "<h1 class=\"govuk-heading-xl\">Flags</h1>";
    out +=
        "<form method=\"get\" action=\"/flags\" class=\"app-no-print\"><div "
        "class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">";
    out += select_field(
        "status", "Status",
        {{"open", "Open"}, {"resolved", "Resolved"}, {"dismissed", "Dismissed"}, {"any", "Any"}},
        query_text(request, "status").empty() ? "open" : query_text(request, "status"));
    out += "</div><div class=\"govuk-grid-column-one-third\">";
    out += select_field("severity", "Severity",
                        {{"", "Any"}, {"high", "High"}, {"medium", "Medium"}, {"low", "Low"}},
                        query_text(request, "severity"));
    out += "</div><div class=\"govuk-grid-column-one-third\">";
    std::vector<std::pair<std::string, std::string>> rules = {{"", "Any"}};
    for (const auto& [rule, name] : EnumNames<FlagRuleId>::kNames)
        rules.emplace_back(std::string(name), std::string(name));
    out += select_field("rule", "Rule", rules, query_text(request, "rule"));
    out +=
        "</div></div><button type=\"submit\" class=\"govuk-button govuk-button--secondary\">"
        "Apply filters</button></form>";
    const bool manager =
        request.who().role == Role::kCommercial || request.who().role == Role::kAdmin;
    // The list is narrowed to a supplier's own flags: each open one may be disputed.
    const bool supplier = request.who().role == Role::kSupplier;
    std::string rows;
    for (std::size_t i = 0; i < flags->size(); ++i) {
        auto f = flags->getObject(static_cast<unsigned>(i));
        rows +=
            "<tr class=\"govuk-table__row\">" + td(h(text_of(f, "id"))) +
            td(h(text_of(f, "rule"))) + td(severity_tag(text_of(f, "severity"))) +
            td(h(text_of(f, "status"))) + td(supplier_link(text_of(f, "supplier"), "")) +
            td(contract_link(text_of(f, "contract"))) + td(h(text_of(f, "kpi"))) +
            td(h(text_of(f, "period"))) + td(h(text_of(f, "detail"))) +
            td(manager && text_of(f, "status") == "open"
                   ? "<a class=\"govuk-link\" href=\"/flags/" + h(text_of(f, "id")) +
                         "/dismiss\">Dismiss<span class=\"govuk-visually-hidden\"> flag " +
                         h(text_of(f, "id")) + "</span></a>"
               : supplier && text_of(f, "status") == "open" ? flag_dispute_link(text_of(f, "id"))
                                                            : "") +
            "</tr>";
    }
    out += wrap_table(h(reports::svg_number(total)) + " flags",
                      th("Id") + th("Rule") + th("Severity") + th("Status") + th("Supplier") +
                          th("Contract") + th("KPI") + th("Period") + th("Detail") +
                          th("<span class=\"govuk-visually-hidden\">Action</span>"),
                      rows, "flag-list");
    std::string query = "status=" + url_encode(query_text(request, "status")) +
                        "&severity=" + url_encode(query_text(request, "severity")) +
                        "&rule=" + url_encode(query_text(request, "rule"));
    if (filter.page.offset + filter.page.limit < total)
        out += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/flags?" + h(query) +
               "&amp;offset=" + std::to_string(filter.page.offset + filter.page.limit) +
               "\">Next page</a></p>";
    out += csv_link("/flags.csv?" + query, "these flags");
    return page(200, request, "Flags", out);
}

HttpResponse get_flags_csv(const HttpRequest& request, AppContext& app) {
    auto filter = flag_filter(request);
    filter.page.limit = 1000;
    auto conn = app.db().acquire();
    return csv_download(reports::flag_list(*conn, filter, request.who(), reports::Format::kCsv),
                        "flags.csv");
}

// ---------------------------------------------------------------- reviews

HttpResponse get_reviews(const HttpRequest& request, AppContext& app) {
    const auto& who = request.who();
    store::ReviewFilter filter;
    filter.state = enum_param<ReviewState>(request, "state");
    filter.page = {200, int_param(request, "offset", 0, 0, 100000000)};
    // Workflow::reviews narrows the list to what the caller may see (SPEC §1).
    auto found = Workflow(app.db(), app.settings().scoring, app.now()).reviews(who, filter);
    std::string rows, csv;
    for (const auto& r : found.reviews)
        rows += "<tr class=\"govuk-table__row\">" +
                td("<a class=\"govuk-link\" href=\"/reviews/" + std::to_string(r.id) +
                   "\">Review " + std::to_string(r.id) + "</a>") +
                td(supplier_link(r.supplier_id, "")) + td(review_state_tag(to_string(r.state))) +
                td(h(format_timestamp(r.opened))) + td(h(r.reason)) + "</tr>";
    std::string title = who.role == Role::kSupplier ? "My reviews" : "Partnership reviews";
    std::string out = "<h1 class=\"govuk-heading-xl\">" + title + "</h1>";
    if (found.reviews.empty())
        out += "<p class=\"govuk-body\">There are no partnership reviews to show.</p>";
    else
        out +=
            wrap_table(std::to_string(found.total) + " reviews" +
                           (found.total > static_cast<std::int64_t>(found.reviews.size())
                                ? ", the first " + std::to_string(found.reviews.size()) + " shown"
                                : ""),
                       th("Review") + th("Supplier") + th("State") + th("Opened") + th("Why"), rows,
                       "review-list");
    return page(200, request, title, out);
}

std::string text_area(const std::string& id, const std::string& name, const std::string& label) {
    return "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"" + id + "\">" +
           label + "</label><textarea class=\"govuk-textarea\" id=\"" + id + "\" name=\"" + name +
           "\" rows=\"3\"></textarea></div>";
}

std::string text_input(const std::string& id, const std::string& name, const std::string& label,
                       const std::string& hint = {}) {
    std::string out = "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"" + id +
                      "\">" + label + "</label>";
    if (!hint.empty())
        out += "<div class=\"govuk-hint\">" + h(hint) + "</div>";
    return out + "<input class=\"govuk-input\" id=\"" + id + "\" name=\"" + name +
           "\" type=\"text\"></div>";
}

HttpResponse render_review(const HttpRequest& request, AppContext& app, std::int64_t id,
                           const std::vector<std::pair<std::string, std::string>>& errors,
                           int status) {
    const auto& who = request.who();
    // Workflow::review decides whether the caller may see it (model/review_rules.h).
    auto review = Workflow(app.db(), app.settings().scoring, app.now()).review(who, id);
    auto conn = app.db().acquire();
    auto supplier = store::SupplierRepository(*conn).find(review.supplier_id);
    WorkflowParty party{review.supplier_id, who.role == Role::kCommercial &&
                                                store::SupplierRepository(*conn).has_contract_with(
                                                    review.supplier_id, who.authority_id)};
    const std::string base = "/reviews/" + std::to_string(review.id);

    std::string out = breadcrumbs({{"/reviews", "Reviews"}});
    out += error_summary(errors);
    out += "<span class=\"govuk-caption-l\">Partnership review " + std::to_string(review.id) +
           "</span><h1 class=\"govuk-heading-xl\">" +
           h(supplier ? supplier->name : review.supplier_id) + "</h1>";
    out += "<p class=\"govuk-body\">State: <span id=\"review-state\">" +
           review_state_tag(to_string(review.state)) +
           "</span></p><p class=\"govuk-body\">Opened " + h(format_timestamp(review.opened)) +
           ": " + h(review.reason) + "</p>";
    out += "<p class=\"govuk-body\">" + supplier_link(review.supplier_id, "Supplier scorecard") +
           "</p>";

    std::string rows;
    for (const auto& t : review.transitions)
        rows += "<tr class=\"govuk-table__row\">" + td(h(format_timestamp(t.at))) +
                td(h(to_string(t.from)) + " → " + h(to_string(t.to))) + td(h(t.by)) +
                td(h(t.note)) + "</tr>";
    if (!review.transitions.empty())
        out += wrap_table("History", th("When") + th("Change") + th("By") + th("Note"), rows);
    auto next = next_review_state(review.state);
    if (next && may_take_step(who, WorkflowStep::kTransition, party)) {
        out += "<form method=\"post\" action=\"" + base + "/transitions\" class=\"app-no-print\">" +
               csrf_field(request) + "<input type=\"hidden\" name=\"to\" value=\"" +
               h(to_string(*next)) + "\">" +
               text_area("note", "note", "Note for moving the review to " + h(to_string(*next))) +
               "<button type=\"submit\" id=\"transition\" class=\"govuk-button\">Move to " +
               h(to_string(*next)) + "</button></form>";
    }

    std::string actions;
    bool may_agree =
        may_take_step(who, WorkflowStep::kAgreeAction, party) && !check_plan_open(review);
    for (const auto& a : review.actions) {
        std::string status_html =
            a.agreed ? plain_tag("agreed", "green") : plain_tag("proposed", "yellow");
        if (!a.agreed && may_agree)
            status_html += " <form method=\"post\" class=\"app-inline-form\" action=\"" + base +
                           "/actions/" + std::to_string(a.id) + "/agree\">" + csrf_field(request) +
                           "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
                           "govuk-!-margin-bottom-0\">Agree<span class=\"govuk-visually-hidden\"> "
                           "action " +
                           std::to_string(a.id) + "</span></button></form>";
        actions += "<tr class=\"govuk-table__row\">" + td(h(a.description)) + td(h(a.owner)) +
                   td(a.due ? h(format_date(*a.due)) : "–") + td(status_html) + "</tr>";
    }
    if (!review.actions.empty())
        out += wrap_table("Action plan", th("Action") + th("Owner") + th("Due") + th("Status"),
                          actions, "actions");
    if (may_take_step(who, WorkflowStep::kProposeAction, party) && !check_plan_open(review)) {
        out +=
            "<details class=\"govuk-details app-no-print\"><summary "
            "class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">"
            "Propose an action</span></summary><div class=\"govuk-details__text\"><form "
            "method=\"post\" action=\"" +
            base + "/actions\">" + csrf_field(request) +
            text_input("description", "description", "What will be done") +
            text_input("owner", "owner", "Who owns it") +
            text_input("due", "due", "Due by", "For example, 2026-12-31") +
            "<button type=\"submit\" class=\"govuk-button\">Propose action</button></form>"
            "</div></details>";
    }

    out += "<h2 class=\"govuk-heading-m\">Comments</h2>";
    if (review.comments.empty())
        out += "<p class=\"govuk-body\">No comments yet.</p>";
    for (const auto& c : review.comments)
        out += "<div class=\"govuk-inset-text\"><p class=\"govuk-body-s\">" + h(c.by) + " (" +
               h(to_string(c.role)) + "), " + h(format_timestamp(c.at)) +
               "</p><p class=\"govuk-body\">" + h(c.text) + "</p></div>";
    if (may_take_step(who, WorkflowStep::kComment, party) && !check_comment(review))
        out += "<form method=\"post\" action=\"" + base + "/comments\" class=\"app-no-print\">" +
               csrf_field(request) + text_area("text", "text", "Add a comment") +
               "<button type=\"submit\" id=\"add-comment\" class=\"govuk-button\">Add "
               "comment</button></form>";
    return page(status, request, "Review " + std::to_string(review.id), out);
}

HttpResponse get_review(const HttpRequest& request, AppContext& app) {
    return render_review(request, app, id_param(request, "id", "review"), {}, 200);
}

// Runs a workflow step from a form: back to the review on success; the review again with
// the refusal in an error summary when the step is refused as invalid or conflicting.
HttpResponse review_step(const HttpRequest& request, AppContext& app, const std::string& field,
                         const std::function<void(Workflow&, std::int64_t)>& step) {
    auto id = id_param(request, "id", "review");
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    try {
        step(workflow, id);
    } catch (const Error& e) {
        if (e.code() != ErrorCode::kInvalid && e.code() != ErrorCode::kConflict)
            throw;
        return render_review(request, app, id, {{field, e.what()}},
                             e.code() == ErrorCode::kInvalid ? 422 : 409);
    }
    return redirect("/reviews/" + std::to_string(id));
}

HttpResponse post_transition(const HttpRequest& request, AppContext& app) {
    return review_step(request, app, "note", [&](Workflow& w, std::int64_t id) {
        auto to = parse_enum<ReviewState>(request.form_value("to"));
        if (!to)
            throw Error::Invalid("choose the state to move to", {});
        w.transition(request.who(), id, *to, request.form_value("note"));
    });
}

HttpResponse post_comment(const HttpRequest& request, AppContext& app) {
    return review_step(request, app, "text", [&](Workflow& w, std::int64_t id) {
        w.comment(request.who(), id, request.form_value("text"));
    });
}

HttpResponse post_action(const HttpRequest& request, AppContext& app) {
    return review_step(request, app, "description", [&](Workflow& w, std::int64_t id) {
        ReviewAction action;
        action.description = request.form_value("description");
        action.owner = request.form_value("owner");
        std::string due = request.form_value("due");
        if (!due.empty()) {
            action.due = parse_date(due);
            if (!action.due)
                throw Error::Invalid("enter the due date as YYYY-MM-DD, for example 2026-12-31",
                                     {});
        }
        w.propose_action(request.who(), id, action);
    });
}

HttpResponse post_agree(const HttpRequest& request, AppContext& app) {
    return review_step(request, app, "", [&](Workflow& w, std::int64_t id) {
        w.agree_action(request.who(), id, id_param(request, "action", "action"), "");
    });
}

// ---------------------------------------------------------------- flag dismissal

HttpResponse get_dismiss_flag(const HttpRequest& request, AppContext& app,
                              const std::string& error = {}, int status = 200) {
    auto id = id_param(request, "id", "flag");
    auto conn = app.db().acquire();
    auto flag = store::FlagRepository(*conn).find(id);
    if (!flag)
        throw Error::NotFound("no flag " + std::to_string(id));
    if (!may_take_step(request.who(), WorkflowStep::kDismissFlag,
                       {flag->supplier_id, flag->authority_id == request.who().authority_id}))
        throw Error::Forbidden("only the contract's commercial team may dismiss this flag");
    std::string out = breadcrumbs({{"/flags", "Flags"}});
    out += "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">";
    if (!error.empty())
        out += error_summary({{"reason", error}});
    out += "<h1 class=\"govuk-heading-l\">Dismiss flag " + std::to_string(flag->id) + "</h1>";
    out += "<p class=\"govuk-body\">" + h(to_string(flag->rule)) + " on " +
           contract_link(flag->contract_id) + " for " + h(flag->period.to_string()) + ": " +
           h(flag->detail) + "</p>";
    out += "<form method=\"post\" action=\"/flags/" + std::to_string(flag->id) + "/dismiss\">" +
           csrf_field(request) +
           text_area("reason", "reason", "Why is this flag being dismissed?") +
           "<button type=\"submit\" id=\"dismiss\" class=\"govuk-button "
           "govuk-button--warning\">Dismiss flag</button></form></div></div>";
    return page(status, request, "Dismiss flag " + std::to_string(flag->id), out);
}

HttpResponse post_dismiss_flag(const HttpRequest& request, AppContext& app) {
    auto id = id_param(request, "id", "flag");
    try {
        Workflow(app.db(), app.settings().scoring, app.now())
            .dismiss_flag(request.who(), id, request.form_value("reason"));
    } catch (const Error& e) {
        if (e.code() != ErrorCode::kInvalid && e.code() != ErrorCode::kConflict)
            throw;
        return get_dismiss_flag(request, app, e.what(),
                                e.code() == ErrorCode::kInvalid ? 422 : 409);
    }
    return redirect("/flags?status=dismissed");
}

HttpResponse get_reviews_csv(const HttpRequest& request, AppContext& app) {
    store::ReviewFilter filter;
    filter.state = enum_param<ReviewState>(request, "state");
    filter.page = {1000, 0};
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    using reports::csv_field;
    std::string out = reports::csv_row({"id", "supplier", "state", "opened", "reason"});
    // Every review the caller may see (Workflow::reviews narrows the list), a thousand at a
    // time.
    for (;;) {
        auto found = workflow.reviews(request.who(), filter);
        for (const auto& r : found.reviews)
            out += reports::csv_row({reports::csv_number(static_cast<double>(r.id)),
                                     csv_field(r.supplier_id), csv_field(to_string(r.state)),
                                     csv_field(format_timestamp(r.opened)), csv_field(r.reason)});
        if (static_cast<int>(found.reviews.size()) < filter.page.limit)
            break;
        filter.page.offset += filter.page.limit;
    }
    return csv_download({"text/csv; charset=utf-8", out}, "reviews.csv");
}

// ---------------------------------------------------------------- disputes

std::string dispute_status_tag(DisputeStatus status) {
    return plain_tag(to_string(status), status == DisputeStatus::kOpen     ? "yellow"
                                        : status == DisputeStatus::kUpheld ? "green"
                                                                           : "grey");
}

std::string dispute_link(std::int64_t id) {
    return "<a class=\"govuk-link\" href=\"/disputes/" + std::to_string(id) + "\">Dispute " +
           std::to_string(id) + "</a>";
}

// What is disputed, in words: "Rating of CALLS in 2026-09" or "Flag 7 (CALLS, 2026-09)".
std::string dispute_subject(const Dispute& d) {
    std::string period = d.period ? d.period->to_string() : std::string();
    if (d.flag_id != 0)
        return "Flag " + std::to_string(d.flag_id) + " (" +
               h(d.kpi_code.empty() ? "whole contract" : d.kpi_code) + ", " + h(period) + ")";
    return "Rating of " + h(d.kpi_code) + " in " + h(period);
}

store::DisputeFilter dispute_filter(const HttpRequest& request) {
    store::DisputeFilter filter;
    std::string status = query_text(request, "status");
    if (!status.empty() && status != "any")
        filter.status = enum_param<DisputeStatus>(request, "status");
    filter.contract_id = query_text(request, "contract");
    filter.page = {200, int_param(request, "offset", 0, 0, 100000000)};
    return filter;
}

HttpResponse get_disputes(const HttpRequest& request, AppContext& app) {
    const auto& who = request.who();
    auto filter = dispute_filter(request);
    // Workflow::disputes narrows the list to what the caller may see (SPEC §1).
    auto found = Workflow(app.db(), app.settings().scoring, app.now()).disputes(who, filter);
    std::string title = who.role == Role::kSupplier ? "My disputes" : "Disputes";
    std::string out = "<h1 class=\"govuk-heading-xl\">" + title + "</h1>";
    out += "<form method=\"get\" action=\"/disputes\" class=\"app-no-print\">";
    out += select_field(
        "status", "Status",
        {{"any", "Any"}, {"open", "Open"}, {"upheld", "Upheld"}, {"rejected", "Rejected"}},
        query_text(request, "status").empty() ? "any" : query_text(request, "status"));
    out +=
        "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Apply "
        "filter</button></form>";
    if (who.role == Role::kSupplier)
        out +=
            "<p class=\"govuk-body\">To dispute a rating, open the contract and choose "
            "<strong>Dispute a rating</strong>; to dispute a flag, choose <strong>Dispute</strong> "
            "next to it on <a class=\"govuk-link\" href=\"/flags\">your flags</a>.</p>";
    std::string rows;
    for (const auto& d : found.disputes)
        rows += "<tr class=\"govuk-table__row\">" + td(dispute_link(d.id)) +
                td(contract_link(d.contract_id)) + td(dispute_subject(d)) +
                td(supplier_link(d.supplier_id, "")) + td(dispute_status_tag(d.status)) +
                td(h(format_timestamp(d.raised)) + "<br>" + h(d.raised_by)) +
                td(d.decided ? h(format_timestamp(*d.decided)) + "<br>" + h(d.decided_by) : "–") +
                "</tr>";
    if (found.disputes.empty())
        out += "<p class=\"govuk-body\" id=\"no-disputes\">There are no disputes to show.</p>";
    else
        out +=
            wrap_table(std::to_string(found.total) + (found.total == 1 ? " dispute" : " disputes") +
                           (found.total > static_cast<std::int64_t>(found.disputes.size())
                                ? ", " + std::to_string(filter.page.offset + 1) + " to " +
                                      std::to_string(filter.page.offset +
                                                     static_cast<int>(found.disputes.size())) +
                                      " shown"
                                : ""),
                       th("Dispute") + th("Contract") + th("What") + th("Supplier") + th("Status") +
                           th("Raised") + th("Decided"),
                       rows, "dispute-list");
    std::string query = "status=" + url_encode(query_text(request, "status")) +
                        "&contract=" + url_encode(filter.contract_id);
    if (filter.page.offset + filter.page.limit < found.total)
        out += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/disputes?" + h(query) +
               "&amp;offset=" + std::to_string(filter.page.offset + filter.page.limit) +
               "\">Next page</a></p>";
    out += csv_link("/disputes.csv?" + query, "these disputes");
    return page(200, request, title, out);
}

HttpResponse get_disputes_csv(const HttpRequest& request, AppContext& app) {
    auto filter = dispute_filter(request);
    filter.page = {1000, 0};
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    using reports::csv_field;
    std::string out =
        reports::csv_row({"id", "supplier", "contract", "kpi", "period", "flag", "status", "reason",
                          "raised_by", "raised", "decided_by", "decided", "decision_reason"});
    for (;;) {
        auto found = workflow.disputes(request.who(), filter);
        for (const auto& d : found.disputes)
            out += reports::csv_row(
                {reports::csv_number(static_cast<double>(d.id)), csv_field(d.supplier_id),
                 csv_field(d.contract_id), csv_field(d.kpi_code),
                 d.period ? csv_field(d.period->to_string()) : "",
                 d.flag_id != 0 ? reports::csv_number(static_cast<double>(d.flag_id)) : "",
                 csv_field(to_string(d.status)), csv_field(d.reason), csv_field(d.raised_by),
                 csv_field(format_timestamp(d.raised)), csv_field(d.decided_by),
                 d.decided ? csv_field(format_timestamp(*d.decided)) : "",
                 csv_field(d.decision_reason)});
        if (static_cast<int>(found.disputes.size()) < filter.page.limit)
            break;
        filter.page.offset += filter.page.limit;
    }
    return csv_download({"text/csv; charset=utf-8", out}, "disputes.csv");
}

using Errors = std::vector<std::pair<std::string, std::string>>;

// The refusal's message and, when they say more, its problems: lines of an error summary
// linked to `field`.
Errors refusal_lines(const Error& e, const std::string& field) {
    Errors out = {{field, e.what()}};
    for (const auto& p : e.details())
        if (p.message != e.what())
            out.emplace_back(field, p.message);
    return out;
}

std::string error_message(const Errors& errors, const std::string& field) {
    for (const auto& [f, message] : errors)
        if (f == field)
            return "<p id=\"" + field +
                   "-error\" class=\"govuk-error-message\"><span "
                   "class=\"govuk-visually-hidden\">Error:</span> " +
                   h(message) + "</p>";
    return {};
}

std::string group_class(const Errors& errors, const std::string& field) {
    for (const auto& e : errors)
        if (e.first == field)
            return "govuk-form-group govuk-form-group--error";
    return "govuk-form-group";
}

std::string reason_area(const Errors& errors, const std::string& label, const std::string& hint,
                        const std::string& value) {
    return "<div class=\"" + group_class(errors, "reason") +
           "\"><label class=\"govuk-label govuk-label--s\" for=\"reason\">" + label +
           "</label><div class=\"govuk-hint\" id=\"reason-hint\">" + h(hint) + "</div>" +
           error_message(errors, "reason") +
           "<textarea class=\"govuk-textarea\" id=\"reason\" name=\"reason\" rows=\"4\" "
           "aria-describedby=\"reason-hint\">" +
           h(value) + "</textarea></div>";
}

// The dispute with its subject and, for those who decide it while it is open, the decision
// form (refusals of a decision shown in its error summary).
HttpResponse render_dispute(const HttpRequest& request, AppContext& app, std::int64_t id,
                            const Errors& errors, int status) {
    const auto& who = request.who();
    // Workflow::dispute decides whether the caller may see it (model/review_rules.h).
    auto d = Workflow(app.db(), app.settings().scoring, app.now()).dispute(who, id);
    auto conn = app.db().acquire();
    auto contract = store::ContractRepository(*conn).find_listing(d.contract_id);
    const std::string authority = contract ? contract->contract.authority_id : std::string();
    WorkflowParty party{d.supplier_id, who.role == Role::kCommercial && !who.authority_id.empty() &&
                                           who.authority_id == authority};
    const bool rating = d.flag_id == 0;

    std::string out = breadcrumbs({{"/disputes", "Disputes"}});
    out += "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">";
    out += error_summary(errors);
    out += "<span class=\"govuk-caption-l\">Dispute " + std::to_string(d.id) +
           "</span><h1 class=\"govuk-heading-xl\">" + dispute_subject(d) + "</h1>";
    out += "<dl class=\"govuk-summary-list\" id=\"dispute\">";
    auto row = [&](const std::string& key, const std::string& value_html,
                   const std::string& row_id = {}) {
        out += "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">" +
               key + "</dt><dd class=\"govuk-summary-list__value\"" +
               (row_id.empty() ? std::string() : " id=\"" + row_id + "\"") + ">" + value_html +
               "</dd></div>";
    };
    row("Status", dispute_status_tag(d.status), "dispute-status");
    row("Contract",
        contract_link(d.contract_id) +
            (contract
                 ? " " + h(contract->contract.title) + "<br>" +
                       h(contract->authority_name.empty() ? authority : contract->authority_name)
                 : std::string()));
    row("Supplier", supplier_link(d.supplier_id, contract ? contract->supplier_name : ""));
    if (rating) {
        row("KPI", h(d.kpi_code));
        row("Period", h(d.period ? d.period->to_string() : ""));
        // The figure as it stands now (after an upheld dispute, the corrected one) and the
        // period's stored score.
        if (d.period) {
            if (auto current = store::ReturnRepository(*conn).current(d.contract_id, *d.period)) {
                std::string figure = "–";
                for (const auto& m : current->figures.measures)
                    if (m.kpi_code == d.kpi_code)
                        figure = m.value ? reports::svg_number(*m.value)
                                         : std::string(to_string(m.status));
                row("Figure in the current return",
                    h(figure) + " (version " + std::to_string(current->version) + ")",
                    "dispute-figure");
            }
            for (const auto& ps : store::ScoreRepository(*conn).period_scores(d.contract_id))
                if (ps.period == *d.period)
                    row("Period score now",
                        h(score_text(ps.score)) + " " + rating_tag(to_string(ps.rating)),
                        "dispute-period-score");
        }
    } else {
        auto flag = store::FlagRepository(*conn).find(d.flag_id);
        if (flag)
            row("Flag", h(to_string(flag->rule)) + " (" + h(to_string(flag->severity)) + ", " +
                            h(to_string(flag->status)) + ") for " + h(flag->period.to_string()) +
                            ": " + h(flag->detail));
    }
    row("Reason", h(d.reason), "dispute-reason");
    row("Raised", h(format_timestamp(d.raised)) + " by " + h(d.raised_by));
    if (d.status != DisputeStatus::kOpen) {
        row("Decision",
            h(std::string(to_string(d.status))) + " by " + h(d.decided_by) +
                (d.decided ? ", " + h(format_timestamp(*d.decided)) : std::string()),
            "dispute-decision");
        row("Reason for the decision", h(d.decision_reason), "dispute-decision-reason");
    }
    out += "</dl>";

    if (d.status == DisputeStatus::kOpen &&
        may_take_step(who, WorkflowStep::kDecideDispute, party)) {
        const bool again = request.method == "POST";
        const std::string chosen = again ? request.form_value("decision") : "";
        out += "<h2 class=\"govuk-heading-m\">Decide the dispute</h2>";
        out += "<form method=\"post\" action=\"/disputes/" + std::to_string(d.id) +
               "/decision\" class=\"app-no-print\" novalidate>" + csrf_field(request);
        out += "<div class=\"" + group_class(errors, "decision") +
               "\"><fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
               "govuk-fieldset__legend--s\">Decision</legend>" +
               error_message(errors, "decision") +
               "<div class=\"govuk-radios\" data-module=\"govuk-radios\">";
        for (const auto& [value, label, radio_id] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"upheld",
                  rating ? "Uphold: amend the figure and rescore the contract"
                         : "Uphold: dismiss the flag",
                  "decision"},
                 {"rejected", "Reject: nothing changes", "decision-rejected"}})
            out += "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"" +
                   radio_id + "\" name=\"decision\" type=\"radio\" value=\"" + value + "\"" +
                   (chosen == value ? " checked" : "") +
                   "><label class=\"govuk-label govuk-radios__label\" for=\"" + radio_id + "\">" +
                   h(label) + "</label></div>";
        out += "</div></fieldset></div>";
        if (rating)
            out += "<div class=\"" + group_class(errors, "value") +
                   "\"><label class=\"govuk-label govuk-label--s\" for=\"value\">Corrected figure "
                   "for " +
                   h(d.kpi_code) +
                   "</label><div class=\"govuk-hint\" id=\"value-hint\">Needed to uphold: the "
                   "return is amended to it and checked like any return. Leave empty to "
                   "reject.</div>" +
                   error_message(errors, "value") +
                   "<input class=\"govuk-input govuk-input--width-5\" id=\"value\" name=\"value\" "
                   "type=\"text\" inputmode=\"decimal\" spellcheck=\"false\" "
                   "aria-describedby=\"value-hint\" value=\"" +
                   h(again ? request.form_value("value") : "") + "\"></div>";
        out += reason_area(errors, "Reason for the decision",
                           "The supplier sees it; an upheld rating dispute cites it in the "
                           "amended return.",
                           again ? request.form_value("reason") : "");
        out +=
            "<button type=\"submit\" id=\"decide\" class=\"govuk-button\" "
            "data-module=\"govuk-button\">Record the decision</button></form>";
    }
    out += "</div></div>";
    return page(status, request, "Dispute " + std::to_string(d.id), out);
}

HttpResponse get_dispute(const HttpRequest& request, AppContext& app) {
    return render_dispute(request, app, id_param(request, "id", "dispute"), {}, 200);
}

HttpResponse post_decision(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "dispute");
    const auto& who = request.who();
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    // Who may decide is checked first (403/404 before any complaint about the fields).
    auto d = workflow.dispute(who, id);
    const bool rating = d.flag_id == 0;
    DisputeDecision decision;
    Errors errors;
    const std::string chosen = request.form_value("decision");
    if (chosen == "upheld")
        decision.decision = DisputeStatus::kUpheld;
    else if (chosen == "rejected")
        decision.decision = DisputeStatus::kRejected;
    else
        errors.emplace_back("decision", "Choose whether to uphold or reject the dispute");
    decision.reason = request.form_value("reason");
    if (is_blank(decision.reason))
        errors.emplace_back("reason", "Enter the reason for the decision");
    std::string value = request.form_value("value");
    if (rating && !is_blank(value)) {
        try {
            std::size_t used = 0;
            decision.value = std::stod(value, &used);
            if (used != value.size() || !std::isfinite(*decision.value))
                throw std::invalid_argument(value);
        } catch (const std::exception&) {
            errors.emplace_back("value", "Enter the corrected figure as a number, for example 92");
        }
    }
    if (rating && chosen == "upheld" && is_blank(value))
        errors.emplace_back("value",
                            "Enter the corrected figure: upholding a rating dispute amends the "
                            "return to it");
    if (rating && chosen == "rejected" && !is_blank(value))
        errors.emplace_back("value", "Leave the corrected figure empty to reject the dispute");
    if (errors.empty()) {
        try {
            // Who may decide is checked again inside, with the state rules.
            workflow.decide_dispute(who, id, decision);
            return redirect("/disputes/" + std::to_string(id));
        } catch (const Error& e) {
            if (e.code() != ErrorCode::kInvalid && e.code() != ErrorCode::kConflict)
                throw;
            // A corrected figure that breaks a rule of returns is the figure's problem; a
            // dispute decided meanwhile is nobody's field.
            std::string field = e.code() == ErrorCode::kConflict ? std::string()
                                : rating && chosen == "upheld"   ? "value"
                                                                 : "reason";
            return render_dispute(request, app, id, refusal_lines(e, field),
                                  e.code() == ErrorCode::kInvalid ? 422 : 409);
        }
    }
    return render_dispute(request, app, id, errors, 422);
}

// ---- raising a dispute (the contract's supplier)

// The contract, checked: the caller may dispute its ratings (its supplier).
Contract disputable_contract(store::Connection& conn, const HttpRequest& request) {
    auto contract = store::ContractRepository(conn).find(request.param("id"));
    if (!contract)
        throw Error::NotFound("no contract " + request.param("id"));
    if (!may_view_contract(request.who(), {contract->authority_id, contract->supplier_id}))
        throw Error::Forbidden("you may not see contract " + contract->id);
    if (!may_take_step(request.who(), WorkflowStep::kRaiseDispute, {contract->supplier_id, false}))
        throw Error::Forbidden("only the contract's supplier may dispute its ratings");
    return *contract;
}

HttpResponse render_rating_dispute(const HttpRequest& request, AppContext& app,
                                   const Errors& errors, int status) {
    auto conn = app.db().acquire();
    auto contract = disputable_contract(*conn, request);
    // Returned periods, newest first: only they have a rating to dispute.
    std::vector<Period> periods;
    for (const auto& v : store::ReturnRepository(*conn).current_versions(contract.id))
        periods.insert(periods.begin(), v.figures.period);
    // Each KPI code once, with the name of its latest version.
    std::vector<std::pair<std::string, std::string>> kpis;
    for (const auto& k : contract.kpis) {
        auto found = std::find_if(kpis.begin(), kpis.end(),
                                  [&](const auto& e) { return e.first == k.definition.code; });
        std::string label = k.definition.code + " – " + k.definition.name;
        if (found == kpis.end())
            kpis.emplace_back(k.definition.code, label);
        else
            found->second = label;
    }
    const bool again = request.method == "POST";
    const std::string base = "/contracts/" + url_encode(contract.id);
    std::string out = breadcrumbs({{"/contracts", "Contracts"}, {base, contract.id}});
    out += "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">";
    out += error_summary(errors);
    out += "<span class=\"govuk-caption-l\">" + h(contract.id) + " " + h(contract.title) +
           "</span><h1 class=\"govuk-heading-xl\">Dispute a rating</h1>";
    if (periods.empty()) {
        out +=
            "<p class=\"govuk-body\">This contract has no returns yet, so no rating to dispute. "
            "A missing figure is put right by <a class=\"govuk-link\" href=\"" +
            h(base) + "/return\">submitting the return</a>.</p></div></div>";
        return page(status, request, "Dispute a rating", out);
    }
    out +=
        "<p class=\"govuk-body\">Say which KPI of which period was rated wrongly and why. The "
        "contract's commercial team decides: if they uphold it, the figure is corrected and the "
        "contract rescored.</p>";
    out += "<form method=\"post\" action=\"" + h(base) + "/dispute\" novalidate>" +
           csrf_field(request);
    std::vector<std::pair<std::string, std::string>> period_options;
    for (const auto& p : periods)
        period_options.emplace_back(p.to_string(), p.to_string());
    auto select = [&](const std::string& id, const std::string& label,
                      const std::vector<std::pair<std::string, std::string>>& options,
                      const std::string& selected) {
        std::string s = "<div class=\"" + group_class(errors, id) +
                        "\"><label class=\"govuk-label govuk-label--s\" for=\"" + id + "\">" +
                        label + "</label>" + error_message(errors, id) +
                        "<select class=\"govuk-select\" id=\"" + id + "\" name=\"" + id + "\">";
        for (const auto& [value, text] : options)
            s += "<option value=\"" + h(value) + "\"" + (value == selected ? " selected" : "") +
                 ">" + h(text) + "</option>";
        return s + "</select></div>";
    };
    out +=
        select("kpi", "KPI", kpis, again ? request.form_value("kpi") : query_text(request, "kpi"));
    out += select("period", "Period", period_options,
                  again ? request.form_value("period") : query_text(request, "period"));
    out += reason_area(errors, "Why is the rating wrong?",
                       "For example, what was measured wrongly and what the figure should be.",
                       again ? request.form_value("reason") : "");
    out +=
        "<button type=\"submit\" id=\"raise-dispute\" class=\"govuk-button\" "
        "data-module=\"govuk-button\">Raise the dispute</button></form></div></div>";
    return page(status, request, "Dispute a rating", out);
}

HttpResponse post_rating_dispute(const HttpRequest& request, AppContext& app) {
    DisputeRequest dispute;
    dispute.contract_id = request.param("id");
    dispute.kpi_code = request.form_value("kpi");
    dispute.period = request.form_value("period");
    dispute.reason = request.form_value("reason");
    Errors errors;
    if (is_blank(dispute.kpi_code))
        errors.emplace_back("kpi", "Choose the KPI whose rating you dispute");
    if (is_blank(dispute.period))
        errors.emplace_back("period", "Choose the period");
    if (is_blank(dispute.reason))
        errors.emplace_back("reason", "Enter why the rating is wrong");
    if (errors.empty()) {
        try {
            auto raised = Workflow(app.db(), app.settings().scoring, app.now())
                              .raise_dispute(request.who(), dispute);
            return redirect("/disputes/" + std::to_string(raised.id));
        } catch (const Error& e) {
            if (e.code() != ErrorCode::kInvalid && e.code() != ErrorCode::kConflict)
                throw;
            std::string code = e.details().empty() ? std::string() : e.details().front().code;
            std::string field = code == "unknown_kpi" ? "kpi"
                                : code == "period"    ? "period"
                                : code == "required"  ? "reason"
                                                      : "period";
            return render_rating_dispute(request, app, refusal_lines(e, field),
                                         e.code() == ErrorCode::kInvalid ? 422 : 409);
        }
    }
    return render_rating_dispute(request, app, errors, 422);
}

HttpResponse render_flag_dispute(const HttpRequest& request, AppContext& app, const Errors& errors,
                                 int status) {
    auto id = id_param(request, "id", "flag");
    auto conn = app.db().acquire();
    auto flag = store::FlagRepository(*conn).find(id);
    if (!flag)
        throw Error::NotFound("no flag " + std::to_string(id));
    if (!may_take_step(request.who(), WorkflowStep::kRaiseDispute, {flag->supplier_id, false}))
        throw Error::Forbidden("only the flagged supplier may dispute flag " + std::to_string(id));
    std::string out = breadcrumbs({{"/flags", "Flags"}});
    out += "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">";
    out += error_summary(errors);
    out += "<span class=\"govuk-caption-l\">Flag " + std::to_string(flag->id) +
           "</span><h1 class=\"govuk-heading-xl\">Dispute a flag</h1>";
    out += "<p class=\"govuk-body\">" + h(to_string(flag->rule)) + " (" +
           h(to_string(flag->severity)) + ") on " + contract_link(flag->contract_id) + " for " +
           h(flag->period.to_string()) + ": " + h(flag->detail) + "</p>";
    if (flag->status != FlagStatus::kOpen) {
        out += "<p class=\"govuk-body\">This flag is " + h(to_string(flag->status)) +
               ": only an open flag can be disputed.</p></div></div>";
        return page(status, request, "Dispute flag " + std::to_string(flag->id), out);
    }
    out +=
        "<p class=\"govuk-body\">If the contract's commercial team upholds the dispute, the flag "
        "is dismissed. To correct a figure, <a class=\"govuk-link\" href=\"/contracts/" +
        h(url_encode(flag->contract_id)) + "/dispute\">dispute the rating</a> instead.</p>";
    out += "<form method=\"post\" action=\"/flags/" + std::to_string(flag->id) +
           "/dispute\" novalidate>" + csrf_field(request) +
           reason_area(errors, "Why is the flag wrong?",
                       "For example, an outage outside your control.",
                       request.method == "POST" ? request.form_value("reason") : "") +
           "<button type=\"submit\" id=\"raise-dispute\" class=\"govuk-button\" "
           "data-module=\"govuk-button\">Raise the dispute</button></form></div></div>";
    return page(status, request, "Dispute flag " + std::to_string(flag->id), out);
}

HttpResponse post_flag_dispute(const HttpRequest& request, AppContext& app) {
    DisputeRequest dispute;
    dispute.flag_id = id_param(request, "id", "flag");
    dispute.reason = request.form_value("reason");
    if (is_blank(dispute.reason))
        return render_flag_dispute(request, app, {{"reason", "Enter why the flag is wrong"}}, 422);
    try {
        auto raised = Workflow(app.db(), app.settings().scoring, app.now())
                          .raise_dispute(request.who(), dispute);
        return redirect("/disputes/" + std::to_string(raised.id));
    } catch (const Error& e) {
        if (e.code() != ErrorCode::kInvalid && e.code() != ErrorCode::kConflict)
            throw;
        return render_flag_dispute(request, app, refusal_lines(e, "reason"),
                                   e.code() == ErrorCode::kInvalid ? 422 : 409);
    }
}

}  // namespace

void add_directory_pages(Router& r) {
    r.add({"GET", "/contracts", kAnyRole, get_contracts, true});
    r.add({"GET", "/contracts.csv", kAnyRole, get_contracts_csv, true});
    r.add({"GET", "/contracts/{id}", kAnyRole, get_contract, true});
    r.add({"GET", "/contracts/{id}/scorecard.csv", kAnyRole, get_contract_csv, true});
    r.add({"GET", "/suppliers/{id}", kAnyRole, get_supplier, true});
    r.add({"GET", "/suppliers/{id}/scorecard.csv", kAnyRole, get_supplier_csv, true});
    r.add({"GET", "/flags", kAnyRole, get_flags, true});
    r.add({"GET", "/flags.csv", kAnyRole, get_flags_csv, true});
    r.add({"GET", "/flags/{id}/dismiss", kManagers,
           [](const HttpRequest& q, AppContext& a) { return get_dismiss_flag(q, a); }, true});
    r.add({"POST", "/flags/{id}/dismiss", kManagers, post_dismiss_flag, true});
    r.add({"GET", "/reviews", kAnyRole, get_reviews, true});
    r.add({"GET", "/reviews.csv", kAnyRole, get_reviews_csv, true});
    r.add({"GET", "/reviews/{id}", kAnyRole, get_review, true});
    r.add({"POST", "/reviews/{id}/transitions", kManagers, post_transition, true});
    r.add({"POST", "/reviews/{id}/comments", kReporters, post_comment, true});
    r.add({"POST", "/reviews/{id}/actions", kReporters, post_action, true});
    r.add({"POST", "/reviews/{id}/actions/{action}/agree", kManagers, post_agree, true});
    r.add({"GET", "/disputes", kAnyRole, get_disputes, true});
    r.add({"GET", "/disputes.csv", kAnyRole, get_disputes_csv, true});
    r.add({"GET", "/disputes/{id}", kAnyRole, get_dispute, true});
    r.add({"POST", "/disputes/{id}/decision", kManagers, post_decision, true});
    r.add({"GET",
           "/contracts/{id}/dispute",
           {Role::kSupplier},
           [](const HttpRequest& q, AppContext& a) { return render_rating_dispute(q, a, {}, 200); },
           true});
    r.add({"POST", "/contracts/{id}/dispute", {Role::kSupplier}, post_rating_dispute, true});
    r.add({"GET",
           "/flags/{id}/dispute",
           {Role::kSupplier},
           [](const HttpRequest& q, AppContext& a) { return render_flag_dispute(q, a, {}, 200); },
           true});
    r.add({"POST", "/flags/{id}/dispute", {Role::kSupplier}, post_flag_dispute, true});
}

}  // namespace scorecard::services::pages
