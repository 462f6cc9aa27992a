// The directory pages (issue #7): the contract list with filters, a contract's scorecard
// (KPI × period table with rating tags), a supplier's scorecard with its trend chart and its
// place in its size class, and flags; each table also as CSV. Reviews are in reviews.cpp,
// disputes in disputes.cpp; the pieces they share in html.h.
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
#include "services/http/api_support.h"
#include "services/http/handlers.h"
#include "services/http/pages/html.h"
#include "services/workflow.h"
#include "store/repositories.h"

namespace scorecard::services::pages {
namespace {

constexpr int kPageSize = 50;

// "Dispute" next to an open flag, for its supplier.
std::string flag_dispute_link(const std::string& flag_id) {
    return "<a class=\"govuk-link app-no-print\" href=\"/flags/" + h(flag_id) +
           "/dispute\">Dispute<span class=\"govuk-visually-hidden\"> flag " + h(flag_id) +
           "</span></a>";
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

}  // namespace

HttpResponse get_contracts(const HttpRequest& request, AppContext& app) {
    auto filter = contract_filter(request);
    const auto& who = request.who();
    auto conn = app.db().acquire();
    store::ContractRepository contracts(*conn);
    auto rows = contracts.list_scored(filter);
    auto total = contracts.count(filter);

    // Wording only: a supplier's list is its own.
    std::string title = who.role == Role::kSupplier ? "My contracts" : "Contracts";
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
    if (list_scope(who).everything()) {
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
                                       *row.current_score, app.settings().scoring.bands)))
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
    if (role_may(who.role, Permission::kSubmitReturns))
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
                                         *row.current_score, app.settings().scoring.bands)))
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
    auto report = parse_object(reports::contract_scorecard(*conn, id, who, reports::Format::kJson,
                                                           app.settings().scoring, app.today())
                                   .body);
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

    // Returns and disputes are offered to the supplier holding the contract now.
    ContractScope scope{text_of(contract, "authority"), supplier_id, {}};
    if (may_report_for(who, scope))
        out += "<a href=\"/contracts/" + h(url_encode(id)) +
               "/return\" role=\"button\" draggable=\"false\" class=\"govuk-button "
               "app-no-print\" data-module=\"govuk-button\">Submit a return</a> ";
    // The contract's supplier disputes a rating of a returned period (docs/reviews.md).
    const bool may_dispute =
        may_take_step(who, WorkflowStep::kRaiseDispute, contract_party(who, scope));
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
    return csv_download(
        reports::contract_scorecard(*conn, request.param("id"), request.who(),
                                    reports::Format::kCsv, app.settings().scoring, app.today()),
        request.param("id") + "-scorecard.csv");
}

// ---------------------------------------------------------------- supplier scorecard

namespace {

const std::vector<std::string> kSeriesColours = {"#1d70b8", "#d4351c", "#00703c",
                                                 "#912b88", "#f47738", "#28a197"};

}  // namespace

HttpResponse get_supplier(const HttpRequest& request, AppContext& app) {
    const auto& who = request.who();
    const std::string& id = request.param("id");
    auto conn = app.db().acquire();
    auto report = parse_object(
        reports::supplier_scorecard(*conn, id, who, reports::Format::kJson, app.settings().scoring)
            .body);
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
                                                    reports::Format::kCsv, app.settings().scoring),
                        request.param("id") + "-scorecard.csv");
}

// ---------------------------------------------------------------- flags

namespace {

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

}  // namespace

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
    std::string rows;
    for (std::size_t i = 0; i < flags->size(); ++i) {
        auto f = flags->getObject(static_cast<unsigned>(i));
        // An open flag offers what the caller may do with it: its managers dismiss it, its
        // supplier disputes it (model/review_rules.h).
        const WorkflowParty party =
            contract_party(request.who(), {text_of(f, "authority"), text_of(f, "supplier"), {}});
        const bool open = text_of(f, "status") == "open";
        const bool dismiss =
            open && may_take_step(request.who(), WorkflowStep::kDismissFlag, party);
        const bool dispute =
            open && may_take_step(request.who(), WorkflowStep::kRaiseDispute, party);
        rows += "<tr class=\"govuk-table__row\">" + td(h(text_of(f, "id"))) +
                td(h(text_of(f, "rule"))) + td(severity_tag(text_of(f, "severity"))) +
                td(h(text_of(f, "status"))) + td(supplier_link(text_of(f, "supplier"), "")) +
                td(contract_link(text_of(f, "contract"))) + td(h(text_of(f, "kpi"))) +
                td(h(text_of(f, "period"))) + td(h(text_of(f, "detail"))) +
                td(dismiss ? "<a class=\"govuk-link\" href=\"/flags/" + h(text_of(f, "id")) +
                                 "/dismiss\">Dismiss<span class=\"govuk-visually-hidden\"> flag " +
                                 h(text_of(f, "id")) + "</span></a>"
                   : dispute ? flag_dispute_link(text_of(f, "id"))
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

}  // namespace scorecard::services::pages
