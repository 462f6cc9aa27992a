// The minister's dashboard and the reports (issue #7): the summary drawn as SVG charts with
// their tables (rating distribution, large vs SME, by authority, flagged suppliers, trend);
// the annual performance report per authority and year (printable HTML and CSV); the public
// KPI performance dataset; a supplier's own performance statement for a year (printable
// HTML and CSV).
#include <algorithm>

#include "reports/annual.h"
#include "reports/statement.h"
#include "services/http/api_support.h"
#include "services/http/handlers.h"
#include "services/http/pages/html.h"
#include "store/repositories.h"

namespace scorecard::services::pages {
namespace {

const std::vector<std::string> kRatingOrder = {"good", "approaching", "requires_improvement",
                                               "inadequate", "missing"};

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

}  // namespace

HttpResponse get_dashboard(const HttpRequest& request, AppContext& app) {
    auto s = parse_object(app.summary(request.who(), reports::Format::kJson).body);
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
    return csv_download(app.summary(request.who(), reports::Format::kCsv), "summary.csv");
}

namespace {

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

}  // namespace

HttpResponse get_reports(const HttpRequest& request, AppContext& app) {
    const auto& who = request.who();
    auto conn = app.db().acquire();
    int year = static_cast<int>(app.today().year());
    std::string out = "<h1 class=\"govuk-heading-xl\">Reports</h1>";
    if (role_may(who.role, Permission::kReadReports)) {
        out +=
            "<h2 class=\"govuk-heading-m\">Annual performance report</h2><form method=\"get\" "
            "action=\"/reports/annual\"><div class=\"govuk-form-group\"><label "
            "class=\"govuk-label\" for=\"authority\">Authority</label><select "
            "class=\"govuk-select\" id=\"authority\" name=\"authority\">";
        for (const auto& a : store::AuthorityRepository(*conn).list())
            if (may_read_annual_report(who, a.id))
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

namespace {

std::string tag_for_state(std::string_view text, bool done) {
    return plain_tag(text, done ? "grey" : "yellow");
}

}  // namespace

// A supplier's own performance statement for a year (reports/statement.h, which refuses an
// account without an organisation), printable: the header, footer, year chooser and links
// are hidden in print.
HttpResponse get_statement(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    const int year = year_param(request, app);
    auto s = reports::supplier_statement(*conn, request.who().supplier_id, year, request.who());
    const std::string y = std::to_string(year);
    std::string out = "<span class=\"govuk-caption-xl\">" + h(s.supplier.name) +
                      "</span><h1 class=\"govuk-heading-xl\">Performance statement " + y + "</h1>";
    out +=
        "<form method=\"get\" action=\"/statement\" class=\"app-no-print\"><div "
        "class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"year\">Year</label><input "
        "class=\"govuk-input govuk-input--width-4\" id=\"year\" name=\"year\" type=\"text\" "
        "inputmode=\"numeric\" value=\"" +
        y +
        "\"> <button type=\"submit\" class=\"govuk-button govuk-button--secondary "
        "govuk-!-margin-bottom-0\">Show year</button></div></form>";
    out +=
        "<p class=\"govuk-body\">Key performance indicator scores (out of 100) of the "
        "contracts held by " +
        h(s.supplier.name) + " in the periods starting in " + y +
        ", as stored after every return and amendment, on the government's four-point rating "
        "scale.</p>";
    out += "<dl class=\"govuk-summary-list\" id=\"statement-summary\">";
    auto row = [&](const std::string& key, const std::string& value, const std::string& id) {
        out += "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">" +
               key + "</dt><dd class=\"govuk-summary-list__value\" id=\"" + id + "\">" + value +
               "</dd></div>";
    };
    row("Supplier", h(s.supplier.name) + " (" + h(s.supplier.id) + ")", "statement-supplier");
    row("Size class",
        h(to_string(s.supplier.size)) + " (" +
            (size_group(s.supplier.size) == SizeGroup::kLarge ? "large supplier" : "SME") + ")" +
            (s.supplier.strategic ? ", strategic supplier" : ""),
        "statement-size");
    row("Contracts in " + y, std::to_string(s.contracts.size()), "statement-contracts");
    row("Contract periods scored", std::to_string(s.periods_scored), "statement-periods");
    row("Mean period score",
        h(score_text(s.mean)) + (s.mean ? " " + rating_tag(to_string(rating_for_score(
                                                    *s.mean, app.settings().scoring.bands)))
                                        : std::string()),
        "statement-mean");
    out += "</dl>";

    out += "<h2 class=\"govuk-heading-l\">Contracts</h2>";
    if (s.contracts.empty())
        out += "<p class=\"govuk-body\">No contracts ran in " + y + ".</p>";
    for (const auto& c : s.contracts) {
        out += "<h3 class=\"govuk-heading-m\">" + h(c.id) + " " + h(c.title) + "</h3>";
        out += "<p class=\"govuk-body\">" + h(c.authority_name) + " · " + h(to_string(c.status)) +
               " · mean for " + y + ": <strong id=\"mean-" + h(c.id) + "\">" +
               h(score_text(c.mean)) + "</strong></p>";
        if (c.periods.empty()) {
            out += "<p class=\"govuk-body\">No periods scored in " + y + ".</p>";
            continue;
        }
        std::string rows;
        for (const auto& p : c.periods)
            rows += "<tr class=\"govuk-table__row\">" + td(h(p.period.to_string())) +
                    td("<span class=\"app-statement-score\" data-contract=\"" + h(c.id) +
                           "\" data-period=\"" + h(p.period.to_string()) + "\">" +
                           h(score_text(p.score)) + "</span>",
                       true) +
                    td(rating_tag(to_string(p.rating))) + "</tr>";
        out += table("Periods of " + h(c.id) + " starting in " + y,
                     th("Period") + th("Score", true) + th("Rating"), rows, "statement-" + h(c.id));
    }

    out += "<h2 class=\"govuk-heading-l\">Open flags</h2>";
    if (s.open_flags.empty()) {
        out += "<p class=\"govuk-body\" id=\"statement-no-flags\">No open flags.</p>";
    } else {
        std::string rows;
        for (const auto& f : s.open_flags)
            rows += "<tr class=\"govuk-table__row\">" + td(h(to_string(f.rule))) +
                    td(h(to_string(f.severity))) + td(h(f.contract_id)) + td(h(f.kpi_code)) +
                    td(h(f.period.to_string())) + td(h(f.detail)) + "</tr>";
        out += table(
            std::to_string(s.open_flags.size()) + " open flags",
            th("Rule") + th("Severity") + th("Contract") + th("KPI") + th("Period") + th("Detail"),
            rows, "statement-flags");
    }

    out += "<h2 class=\"govuk-heading-l\">Partnership reviews</h2>";
    if (s.reviews.empty()) {
        out +=
            "<p class=\"govuk-body\">No partnership reviews opened in " + y + " or open now.</p>";
    } else {
        std::string rows;
        for (const auto& r : s.reviews)
            rows += "<tr class=\"govuk-table__row\">" +
                    td("<a class=\"govuk-link\" href=\"/reviews/" + std::to_string(r.id) +
                       "\">Review " + std::to_string(r.id) + "</a>") +
                    td(tag_for_state(to_string(r.state), r.state == ReviewState::kClosed)) +
                    td(h(format_date(date_of(r.opened)))) + td(h(r.reason)) + "</tr>";
        out +=
            table("Reviews opened in " + y + " or open now",
                  th("Review") + th("State") + th("Opened") + th("Why"), rows, "statement-reviews");
    }

    out += "<h2 class=\"govuk-heading-l\">Disputes</h2>";
    if (s.disputes.empty()) {
        out += "<p class=\"govuk-body\">No disputes raised in " + y + " or open now.</p>";
    } else {
        std::string rows;
        for (const auto& d : s.disputes) {
            std::string what =
                d.flag_id != 0 ? "Flag " + std::to_string(d.flag_id) : "Rating of " + d.kpi_code;
            rows += "<tr class=\"govuk-table__row\">" +
                    td("<a class=\"govuk-link\" href=\"/disputes/" + std::to_string(d.id) +
                       "\">Dispute " + std::to_string(d.id) + "</a>") +
                    td(h(d.contract_id)) + td(h(what)) +
                    td(h(d.period ? d.period->to_string() : "")) +
                    td(tag_for_state(to_string(d.status), d.status != DisputeStatus::kOpen)) +
                    td(h(d.decision_reason)) + "</tr>";
        }
        out += table("Disputes raised in " + y + " or open now",
                     th("Dispute") + th("Contract") + th("What") + th("Period") + th("Status") +
                         th("Decision"),
                     rows, "statement-disputes");
    }
    out += "<p class=\"govuk-body-s\">Produced " + h(format_timestamp(app.now())) + ".</p>";
    out +=
        "<p class=\"govuk-body app-no-print\"><a class=\"govuk-link\" href=\"/statement.csv?year=" +
        y +
        "\" download>Download as CSV</a>. Use your browser's print command for a paper copy.</p>";
    return page(200, request, "Performance statement " + y + " " + s.supplier.name, out);
}

HttpResponse get_statement_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    auto s = reports::supplier_statement(*conn, request.who().supplier_id, year_param(request, app),
                                         request.who());
    return csv_download({"text/csv; charset=utf-8", reports::supplier_statement_csv(s)},
                        "statement-" + s.supplier.id + "-" + std::to_string(s.year) + ".csv");
}

}  // namespace scorecard::services::pages
