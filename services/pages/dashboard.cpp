// The minister's dashboard and the reports (issue #7): the summary drawn as SVG charts with
// their tables (rating distribution, large vs SME, by authority, flagged suppliers, trend);
// the annual performance report per authority and year (printable HTML and CSV); the public
// KPI performance dataset; a supplier's own performance statement.
#include <algorithm>

#include "reports/annual.h"
#include "services/api_support.h"
#include "services/pages/html.h"
#include "store/repositories.h"

namespace scorecard::services::pages {
namespace {

const std::vector<std::string> kRatingOrder = {"good", "approaching", "requires_improvement",
                                               "inadequate", "missing"};

std::string th(const std::string& text, bool numeric = false) {
    return std::string("<th scope=\"col\" class=\"govuk-table__header") +
           (numeric ? " govuk-table__header--numeric" : "") + "\">" + text + "</th>";
}
std::string td(const std::string& html, bool numeric = false) {
    return std::string("<td class=\"govuk-table__cell") +
           (numeric ? " govuk-table__cell--numeric" : "") + "\">" + html + "</td>";
}
std::string table(const std::string& caption, const std::string& head, const std::string& rows,
                  const std::string& id) {
    return "<div class=\"app-table-wrap\"><table class=\"govuk-table\" id=\"" + id +
           "\"><caption class=\"govuk-table__caption govuk-table__caption--s\">" + caption +
           "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">" + head +
           "</tr></thead><tbody class=\"govuk-table__body\">" + rows + "</tbody></table></div>";
}
std::string count_text(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
    return reports::svg_number(number_of(obj, key).value_or(0));
}

HttpResponse get_dashboard(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    auto s = parse_object(
        reports::summary(*conn, request.who(), reports::Format::kJson, app.today()).body);
    auto totals = object_of(s, "totals");
    auto ratings = object_of(s, "ratings");
    std::string out = "<h1 class=\"govuk-heading-xl\">Supplier performance summary</h1>";
    out += "<div class=\"govuk-grid-row\" id=\"totals\">";
    for (const auto& [key, label] :
         std::vector<std::pair<std::string, std::string>>{{"suppliers", "Suppliers"},
                                                          {"active_contracts", "Active contracts"},
                                                          {"open_flags", "Open flags"},
                                                          {"authorities", "Authorities"}}) {
        out +=
            "<div class=\"govuk-grid-column-one-quarter app-card\"><span class=\"app-figure\" "
            "id=\"total-" +
            key + "\">" + h(count_text(totals, key)) + "</span><span class=\"govuk-body\">" +
            label + "</span></div>";
    }
    out +=
        "</div><p class=\"govuk-body\">Mean current score of active contracts: <strong "
        "id=\"mean-score\">" +
        h(score_text(s, "mean_score")) + "</strong></p>";

    // Rating distribution.
    out += "<h2 class=\"govuk-heading-l\">Ratings of active contracts</h2>";
    std::vector<reports::Bar> segments;
    std::string rating_rows;
    for (const auto& r : kRatingOrder) {
        double n = number_of(ratings, r).value_or(0);
        segments.push_back({rating_label(r), n, reports::rating_colour(r)});
        rating_rows +=
            "<tr class=\"govuk-table__row\">" + td(rating_tag(r)) +
            td("<span data-rating-count=\"" + r + "\">" + h(reports::svg_number(n)) + "</span>",
               true) +
            "</tr>";
    }
    out += reports::stacked_bar({"ratings-chart", "Active contracts by current rating",
                                 "How many active contracts are currently rated good, approaching "
                                 "target, requires improvement, inadequate, or have no score yet."},
                                segments);
    out += table("Contracts by rating", th("Rating") + th("Contracts", true), rating_rows,
                 "ratings-table");

    // Large vs SME.
    out += "<h2 class=\"govuk-heading-l\">Large suppliers and SMEs</h2>";
    auto by_size = object_of(s, "by_size");
    std::vector<reports::Bar> size_bars;
    std::string size_rows;
    for (const auto& [group, label] :
         std::vector<std::pair<std::string, std::string>>{{"large", "Large"}, {"sme", "SME"}}) {
        auto g = object_of(by_size, group);
        size_bars.push_back({label, number_of(g, "mean_score").value_or(0),
                             group == "large" ? "#1d70b8" : "#28a197"});
        size_rows += "<tr class=\"govuk-table__row\">" + td(h(label)) +
                     td(h(count_text(g, "suppliers")), true) +
                     td(h(count_text(g, "active_contracts")), true) +
                     td("<span data-size-mean=\"" + group + "\">" + h(score_text(g, "mean_score")) +
                            "</span>",
                        true);
        for (const auto& r : kRatingOrder)
            size_rows += td(h(count_text(g, r)), true);
        size_rows += "</tr>";
    }
    out += reports::bar_chart({"size-chart", "Mean score, large suppliers and SMEs",
                               "The mean current score (0 to 100) of active contracts held by "
                               "large suppliers and by SMEs."},
                              size_bars, 100);
    std::string size_head =
        th("Group") + th("Suppliers", true) + th("Active contracts", true) + th("Mean score", true);
    for (const auto& r : kRatingOrder)
        size_head += th(h(rating_label(r)), true);
    out += table("By size of supplier", size_head, size_rows, "size-table");

    // By authority.
    out += "<h2 class=\"govuk-heading-l\">By authority</h2>";
    auto by_authority = array_of(s, "by_authority");
    std::vector<reports::Bar> authority_bars;
    std::string authority_rows;
    for (std::size_t i = 0; i < by_authority->size(); ++i) {
        auto a = by_authority->getObject(static_cast<unsigned>(i));
        std::string id = text_of(a, "id");
        authority_bars.push_back({id.rfind("GB-GOV-", 0) == 0 ? id.substr(7) : id,
                                  number_of(a, "mean_score").value_or(0), "#1d70b8"});
        authority_rows += "<tr class=\"govuk-table__row\">" + td(h(text_of(a, "name"))) +
                          td(h(count_text(a, "active_contracts")), true) +
                          td(h(score_text(a, "mean_score")), true);
        auto ar = object_of(a, "ratings");
        for (const auto& r : kRatingOrder)
            authority_rows += td(h(count_text(ar, r)), true);
        authority_rows += "</tr>";
    }
    if (authority_bars.size() <= 20)
        out += reports::bar_chart({"authority-chart", "Mean score by authority",
                                   "The mean current score (0 to 100) of each authority's active "
                                   "contracts."},
                                  authority_bars, 100);
    std::string authority_head =
        th("Authority") + th("Active contracts", true) + th("Mean score", true);
    for (const auto& r : kRatingOrder)
        authority_head += th(h(rating_label(r)), true);
    out += table("By contracting authority", authority_head, authority_rows, "authority-table");

    // Trend.
    out += "<h2 class=\"govuk-heading-l\">Trend</h2>";
    auto trend = array_of(s, "trend");
    std::vector<std::string> labels;
    reports::Series mean{"Mean score", {}, "#1d70b8"};
    std::string trend_rows;
    for (std::size_t i = 0; i < trend->size(); ++i) {
        auto t = trend->getObject(static_cast<unsigned>(i));
        labels.push_back(text_of(t, "period"));
        mean.values.push_back(number_of(t, "mean_score"));
        trend_rows += "<tr class=\"govuk-table__row\">" + td(h(text_of(t, "period"))) +
                      td(h(score_text(t, "mean_score")), true) +
                      td(h(count_text(t, "contracts")), true) + "</tr>";
    }
    out += reports::line_chart({"trend-chart", "Mean score by month",
                                "The mean score of the contracts scored in each of the last 12 "
                                "months."},
                               labels, {mean});
    out +=
        table("Mean score by month", th("Period") + th("Mean score", true) + th("Contracts", true),
              trend_rows, "trend-table");

    // Flagged suppliers.
    out += "<h2 class=\"govuk-heading-l\">Flagged suppliers</h2>";
    auto flagged = array_of(s, "flagged_suppliers");
    std::string flagged_rows;
    for (std::size_t i = 0; i < flagged->size() && i < 25; ++i) {
        auto f = flagged->getObject(static_cast<unsigned>(i));
        flagged_rows +=
            "<tr class=\"govuk-table__row\">" +
            td("<a class=\"govuk-link\" href=\"/suppliers/" + h(url_encode(text_of(f, "id"))) +
               "\">" + h(text_of(f, "name")) + "</a>") +
            td(h(text_of(f, "size"))) + td(h(count_text(f, "open_flags")), true) +
            td(h(count_text(f, "high")), true) + "</tr>";
    }
    out += table(h(reports::svg_number(static_cast<double>(flagged->size()))) +
                     " suppliers with open flags" +
                     (flagged->size() > 25 ? " (the 25 with most flags shown)" : ""),
                 th("Supplier") + th("Size") + th("Open flags", true) + th("High severity", true),
                 flagged_rows, "flagged-table");
    out +=
        "<p class=\"govuk-body app-no-print\"><a class=\"govuk-link\" href=\"/dashboard.csv\" "
        "download>Download the summary as CSV</a></p>";
    return page(200, request, "Supplier performance summary", out);
}

HttpResponse get_dashboard_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    return csv_download(reports::summary(*conn, request.who(), reports::Format::kCsv, app.today()),
                        "summary.csv");
}

int year_param(const HttpRequest& request, AppContext& app) {
    return int_param(request, "year", static_cast<int>(app.today().year()), 2000, 2100);
}

std::string authority_param(const HttpRequest& request) {
    std::string authority = query_text(request, "authority");
    if (authority.empty())
        authority = request.who().authority_id;
    if (authority.empty())
        throw Error::BadRequest("choose an authority");
    return authority;
}

HttpResponse get_reports(const HttpRequest& request, AppContext& app) {
    const auto& who = request.who();
    auto conn = app.db().acquire();
    int year = static_cast<int>(app.today().year());
    std::string out = "<h1 class=\"govuk-heading-xl\">Reports</h1>";
    if (who.role != Role::kSupplier) {
        out +=
            "<h2 class=\"govuk-heading-m\">Annual performance report</h2><form method=\"get\" "
            "action=\"/reports/annual\"><div class=\"govuk-form-group\"><label "
            "class=\"govuk-label\" for=\"authority\">Authority</label><select "
            "class=\"govuk-select\" id=\"authority\" name=\"authority\">";
        for (const auto& a : store::AuthorityRepository(*conn).list())
            if (who.role != Role::kCommercial || a.id == who.authority_id)
                out += "<option value=\"" + h(a.id) + "\">" + h(a.name) + "</option>";
        out +=
            "</select></div><div class=\"govuk-form-group\"><label class=\"govuk-label\" "
            "for=\"year\">Year</label><input class=\"govuk-input govuk-input--width-4\" "
            "id=\"year\" name=\"year\" type=\"text\" inputmode=\"numeric\" value=\"" +
            std::to_string(year) +
            "\"></div><button type=\"submit\" class=\"govuk-button\">Show report</button></form>";
    }
    out +=
        "<h2 class=\"govuk-heading-m\">Open data</h2><p class=\"govuk-body\"><a "
        "class=\"govuk-link\" href=\"/open-data\">The published KPI performance dataset</a></p>";
    return page(200, request, "Reports", out);
}

HttpResponse get_annual(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    auto report = reports::annual_report(*conn, authority_param(request), year_param(request, app),
                                         request.who());
    std::string out = reports::annual_report_html(report);
    out +=
        "<p class=\"govuk-body app-no-print\"><a class=\"govuk-link\" "
        "href=\"/reports/annual.csv?authority=" +
        h(url_encode(report.authority.id)) + "&amp;year=" + std::to_string(report.year) +
        "\" download>Download as CSV</a>. Use your browser's print command for a paper "
        "copy.</p>";
    return page(
        200, request,
        "Annual performance report " + std::to_string(report.year) + " " + report.authority.name,
        out);
}

HttpResponse get_annual_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    auto report = reports::annual_report(*conn, authority_param(request), year_param(request, app),
                                         request.who());
    return csv_download(
        {"text/csv; charset=utf-8", reports::annual_report_csv(report)},
        "annual-" + report.authority.id + "-" + std::to_string(report.year) + ".csv");
}

HttpResponse get_open_data(const HttpRequest& request, AppContext& app) {
    int year = static_cast<int>(app.today().year());
    std::string out =
        "<h1 class=\"govuk-heading-xl\">KPI performance data</h1><p "
        "class=\"govuk-body\">Every contracting authority publishes how its "
        "suppliers perform against the key performance indicators in their "
        "contracts. The data is open: anyone may download it without signing in.</p>"
        "<ul class=\"govuk-list govuk-list--bullet\">";
    for (int y = year; y > year - 3; --y)
        out += "<li><a class=\"govuk-link\" href=\"/api/v1/exports/kpi-performance.csv?year=" +
               std::to_string(y) + "\">KPI performance " + std::to_string(y) +
               " (CSV)</a> · <a class=\"govuk-link\" href=\"/api/v1/exports/ocds.json?year=" +
               std::to_string(y) + "\">OCDS " + std::to_string(y) + " (JSON)</a></li>";
    out += "</ul>";
    return page(200, request, "KPI performance data", out);
}

// A supplier's own performance statement: their scorecard in a printable form.
HttpResponse get_statement(const HttpRequest& request, AppContext&) {
    const auto& who = request.who();
    if (who.supplier_id.empty())
        throw Error::Forbidden("the performance statement is for supplier accounts");
    return redirect("/suppliers/" + url_encode(who.supplier_id) + "?statement=1");
}

}  // namespace

void add_dashboard_pages(Router& r) {
    r.add({"GET", "/dashboard", kStaff, get_dashboard, true});
    r.add({"GET", "/dashboard.csv", kStaff, get_dashboard_csv, true});
    r.add({"GET", "/reports", kAnyRole, get_reports, true});
    r.add({"GET", "/reports/annual", kStaff, get_annual, true});
    r.add({"GET", "/reports/annual.csv", kStaff, get_annual_csv, true});
    r.add({"GET", "/open-data", {}, get_open_data});
    r.add({"GET", "/statement", {Role::kSupplier}, get_statement, true});
}

}  // namespace scorecard::services::pages
