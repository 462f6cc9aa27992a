// The minister's dashboard and the reports (issue #7): the summary drawn as SVG charts with
// their tables (rating distribution, large vs SME, by authority, trend, flagged suppliers);
// the annual performance report per authority and year (printable, and CSV); the public KPI
// performance dataset; a supplier's own performance statement for a year (printable, and
// CSV). Each page builds a View from its read model (reports/summary.h, annual.h,
// statement.h) and draws it with its template (etc/templates/summary_*.mustache).
#include <array>
#include <tuple>

#include "reports/annual.h"
#include "reports/statement.h"
#include "reports/summary.h"
#include "reports/templates.h"
#include "services/http/api_support.h"
#include "services/http/handlers.h"
#include "services/http/pages/html.h"
#include "store/repositories.h"

namespace scorecard::services::pages {
namespace {

using reports::View;

// How many flagged suppliers the dashboard lists; /flags has them all.
constexpr std::size_t kFlaggedShown = 20;

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};

// "March 2026" (a month), "2026 Q1" written out as "January to March 2026" (a quarter).
std::string period_words(const Period& p) {
    const std::string year = std::to_string(p.year());
    if (p.frequency() == Frequency::kMonthly)
        return kMonths[static_cast<std::size_t>(p.index() - 1)] + (" " + year);
    const auto first = static_cast<std::size_t>((p.index() - 1) * 3);
    return std::string(kMonths[first]) + " to " + kMonths[first + 2] + " " + year;
}

// "Mar 2026": a month on a chart's axis.
std::string short_month(const Period& p) {
    return std::string(kMonths[static_cast<std::size_t>(p.index() - 1)]).substr(0, 3) + " " +
           std::to_string(p.year());
}

// The colour of a rating in the charts, beside the tag_for() colour of its tag.
std::string chart_colour(Rating rating) {
    return reports::rating_colour(to_string(rating));
}

// A slice's row of the size and authority tables: its active contracts, mean score and the
// five counts in the distribution's order.
View slice_row(const reports::SummarySlice& slice) {
    View counts = View::list();
    for (Rating r : reports::kSummaryRatings)
        counts.add(View().set("count", count_text(slice.ratings[r])));
    View row;
    row.set("active_contracts", count_text(slice.active_contracts))
        .set("mean_score", score_text(slice.mean_score))
        .set("counts", std::move(counts));
    return row;
}

// One rating's count: a segment of the chart and a row of the table that says it in words.
void add_rating_count(std::vector<reports::Bar>& segments, View& rows, Rating rating,
                      std::int64_t n) {
    segments.push_back(
        {rating_words(rating), static_cast<double>(n), chart_colour(rating), count_text(n)});
    rows.add(View()
                 .set("rating", to_string(rating))
                 .set("rating_tag", tag_for(rating))
                 .set("count", count_text(n)));
}

// A scored period as a row: its period, month, score and rating.
View period_view(const Period& period, std::optional<double> score, Rating rating) {
    return View()
        .set("period", period.to_string())
        .set("month", period_words(period))
        .set("score", score_text(score))
        .set("rating_tag", tag_for(rating));
}

View totals_of(const reports::Summary& s) {
    View totals = View::list();
    for (const auto& [key, label, value] :
         std::array<std::tuple<const char*, const char*, std::int64_t>, 4>{
             {{"suppliers", "Suppliers", s.suppliers},
              {"active_contracts", "Active contracts", s.active_contracts},
              {"open_flags", "Open flags", s.open_flags},
              {"authorities", "Authorities", s.authorities}}})
        totals.add(View().set("key", key).set("label", label).set("value", count_text(value)));
    return totals;
}

void add_ratings(View& view, const reports::Summary& s) {
    std::vector<reports::Bar> segments;
    View rows = View::list();
    View heads = View::list();
    for (Rating r : reports::kSummaryRatings) {
        const std::int64_t n = s.overall.ratings[r];
        add_rating_count(segments, rows, r, n);
        heads.add(View().set("label", rating_words(r)));
    }
    view.set("ratings_chart_svg",
             View::markup(reports::stacked_bar(
                 {"ratings-chart", "Active contracts by current rating",
                  "How many active contracts are currently rated good, approaching target, "
                  "requires improvement, inadequate, or have no score yet."},
                 segments)))
        .set("ratings", std::move(rows))
        .set("rating_heads", std::move(heads));
}

void add_sizes(View& view, const reports::Summary& s) {
    std::vector<reports::Bar> bars;
    View rows = View::list();
    for (const auto& [group, label, colour] :
         std::array<std::tuple<SizeGroup, const char*, const char*>, 2>{
             {{SizeGroup::kLarge, "Large", "#1d70b8"}, {SizeGroup::kSme, "SME", "#28a197"}}}) {
        const auto it = s.by_size.find(group);
        const reports::SummarySlice slice =
            it == s.by_size.end() ? reports::SummarySlice{} : it->second;
        bars.push_back({label, slice.mean_score.value_or(0), colour, score_text(slice.mean_score)});
        rows.add(slice_row(slice)
                     .set("label", label)
                     .set("group", to_string(group))
                     .set("suppliers", count_text(slice.suppliers)));
    }
    view.set("size_chart_svg",
             View::markup(reports::bar_chart(
                 {"size-chart", "Mean score, large suppliers and SMEs",
                  "The mean current score (0 to 100) of active contracts held by large "
                  "suppliers and by SMEs."},
                 bars, 100)))
        .set("sizes", std::move(rows));
}

// Authorities by name in the chart and the table; the chart only while it stays readable.
void add_authorities(View& view, const reports::Summary& s) {
    constexpr std::size_t kMostCharted = 20;
    std::vector<reports::Bar> bars;
    View rows = View::list();
    for (const reports::AuthoritySummary& a : s.by_authority) {
        bars.push_back({a.authority.name, a.slice.mean_score.value_or(0), "#1d70b8",
                        score_text(a.slice.mean_score)});
        rows.add(slice_row(a.slice).set("name", a.authority.name));
    }
    std::string chart;
    if (!bars.empty() && bars.size() <= kMostCharted)
        chart = reports::horizontal_bar_chart(
            {"authority-chart", "Mean score by authority",
             "The mean current score (0 to 100) of each authority's active contracts."},
            bars, 100);
    view.set("authority_chart_svg", View::markup(chart)).set("authorities", std::move(rows));
}

void add_trend(View& view, const reports::Summary& s) {
    std::vector<std::string> labels;
    reports::Series mean{"Mean score", {}, "#1d70b8"};
    View rows = View::list();
    for (const TrendMonth& m : s.trend) {
        labels.push_back(short_month(m.month));
        mean.values.push_back(m.mean_score);
        mean.value_texts.push_back(score_text(m.mean_score));
        mean.provisional.push_back(m.provisional);
        rows.add(View()
                     .set("period", m.month.to_string())
                     .set("month", period_words(m.month))
                     .set("provisional", m.provisional)
                     .set("mean_score", score_text(m.mean_score))
                     .set("returned", count_text(m.returned))
                     .set("expected", count_text(m.expected)));
    }
    view.set("trend_chart_svg",
             View::markup(reports::line_chart(
                 {"trend-chart", "Mean score by month",
                  "The mean score of the contracts with a return for each of the last 12 "
                  "months whose returns have started to fall due; months whose returns may "
                  "still come in are marked provisional."},
                 labels, {mean})))
        .set("trend", std::move(rows));
}

void add_flagged(View& view, const reports::Summary& s) {
    const std::size_t total = s.flagged_suppliers.size();
    View rows = View::list();
    for (std::size_t i = 0; i < total && i < kFlaggedShown; ++i) {
        const reports::FlaggedSupplier& f = s.flagged_suppliers[i];
        rows.add(View()
                     .set("href", "/suppliers/" + url_encode(f.id))
                     .set("name", f.name)
                     .set("size", f.size ? words(*f.size) : std::string())
                     .set("open_flags", count_text(f.open_flags))
                     .set("high", count_text(f.high)));
    }
    const std::string count = count_text(static_cast<std::int64_t>(total));
    view.set("has_flagged", total > 0)
        .set("flagged", std::move(rows))
        .set("flagged_caption", total == 1 ? std::string("1 supplier with open flags")
                                : total > kFlaggedShown
                                    ? count + " suppliers with open flags: the " +
                                          std::to_string(kFlaggedShown) + " with the most"
                                    : count + " suppliers with open flags")
        .set("all_flags_link", "All " + count_text(s.open_flags) + " open flags");
}

}  // namespace

HttpResponse get_dashboard(const HttpRequest& request, AppContext& app) {
    const auto summary = app.summary(request.who());
    // Drawn once per summary (it is kept until the data changes) and shown again after that.
    std::string content = summary->rendered("dashboard", [](const reports::Summary& s) {
        View view;
        view.set("totals", totals_of(s)).set("mean_score", score_text(s.overall.mean_score));
        add_ratings(view, s);
        add_sizes(view, s);
        add_authorities(view, s);
        add_trend(view, s);
        add_flagged(view, s);
        return reports::render_template("summary_dashboard", view);
    });
    return page(200, request, "Supplier performance summary", std::move(content));
}

HttpResponse get_dashboard_csv(const HttpRequest& request, AppContext& app) {
    return csv_download({"text/csv; charset=utf-8", app.summary(request.who())->csv},
                        "summary.csv");
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
    View view;
    if (role_may(who.role, Permission::kReadReports)) {
        auto conn = app.db().acquire();
        View authorities = View::list();
        for (const auto& a : store::AuthorityRepository(*conn).list())
            if (may_read_annual_report(who, a.id))
                authorities.add(View().set("id", a.id).set("name", a.name));
        view.set("annual", View()
                               .set("authorities", std::move(authorities))
                               .set("year", std::to_string(static_cast<int>(app.today().year()))));
    }
    return page(200, request, "Reports", reports::render_template("summary_reports", view));
}

namespace {

View annual_view(const reports::AnnualReport& r) {
    View view;
    const std::string year = std::to_string(r.year);
    int periods = 0;
    for (int n : r.period_ratings)
        periods += n;
    view.set("authority", r.authority.name)
        .set("year", year)
        .set("contracts_count", count_text(static_cast<std::int64_t>(r.contracts.size())))
        .set("periods", count_text(periods))
        .set("mean", score_text(r.mean))
        .set("mean_large", score_text(r.mean_large))
        .set("mean_sme", score_text(r.mean_sme))
        .set("csv_href",
             "/reports/annual.csv?authority=" + url_encode(r.authority.id) + "&year=" + year);

    std::vector<reports::Bar> segments;
    View ratings = View::list();
    for (Rating rating : {Rating::kGood, Rating::kApproaching, Rating::kRequiresImprovement,
                          Rating::kInadequate, Rating::kOther, Rating::kMissing}) {
        const int n = reports::periods_rated(r, rating);
        if (rating == Rating::kOther && n == 0)
            continue;
        add_rating_count(segments, ratings, rating, n);
    }
    view.set("ratings_chart_svg",
             View::markup(reports::stacked_bar({"annual-ratings", "Period ratings in " + year,
                                                "How many contract periods were rated each way."},
                                               segments)))
        .set("ratings", std::move(ratings));

    View contracts = View::list();
    for (const reports::AnnualContract& c : r.contracts) {
        View periods_view = View::list();
        for (const reports::AnnualPeriod& p : c.periods)
            periods_view.add(period_view(p.period, p.score, p.rating));
        contracts.add(View()
                          .set("id", c.id)
                          .set("href", "/contracts/" + url_encode(c.id))
                          .set("title", c.title)
                          .set("supplier", c.supplier_name)
                          .set("size", words(c.supplier_size))
                          .set("periods", std::move(periods_view))
                          .set("mean", score_text(c.mean)));
    }
    view.set("has_contracts", !r.contracts.empty()).set("contracts", std::move(contracts));
    return view;
}

}  // namespace

HttpResponse get_annual(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    const auto report = reports::load_annual_report(*conn, authority_param(request),
                                                    year_param(request, app), request.who());
    return page(
        200, request,
        "Annual performance report " + std::to_string(report.year) + " " + report.authority.name,
        reports::render_template("summary_annual", annual_view(report)));
}

HttpResponse get_annual_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    const auto report = reports::load_annual_report(*conn, authority_param(request),
                                                    year_param(request, app), request.who());
    return csv_download(
        {"text/csv; charset=utf-8", reports::to_csv(report)},
        "annual-" + report.authority.id + "-" + std::to_string(report.year) + ".csv");
}

HttpResponse get_open_data(const HttpRequest& request, AppContext& app) {
    const int year = static_cast<int>(app.today().year());
    View years = View::list();
    for (int y = year; y > year - 3; --y)
        years.add(View().set("year", std::to_string(y)));
    return page(200, request, "KPI performance data",
                reports::render_template("summary_open_data", View().set("years", years)));
}

namespace {

// "Large supplier", "Small (SME)", "SME", with ", strategic supplier" when it is one.
std::string size_description(const Supplier& s) {
    std::string out = s.size == SizeClass::kLarge ? "Large supplier"
                      : s.size == SizeClass::kSme ? "SME"
                                                  : words(s.size) + " (SME)";
    return s.strategic ? out + ", strategic supplier" : out;
}

View statement_view(const reports::SupplierStatement& s, const RatingBands& bands,
                    Timestamp produced) {
    View view;
    const std::string year = std::to_string(s.year);
    view.set("supplier", s.supplier.name)
        .set("supplier_id", s.supplier.id)
        .set("year", year)
        .set("size", size_description(s.supplier))
        .set("contracts_count", count_text(static_cast<std::int64_t>(s.contracts.size())))
        .set("periods_scored", count_text(s.periods_scored))
        .set("mean", score_text(s.mean))
        .set("produced", format_timestamp(produced));
    if (s.mean)
        view.set("mean_tag", tag_for(rating_for_score(*s.mean, bands)));

    View contracts = View::list();
    for (const reports::StatementContract& c : s.contracts) {
        View periods = View::list();
        for (const reports::StatementPeriod& p : c.periods)
            periods.add(period_view(p.period, p.score, p.rating).set("contract", c.id));
        contracts.add(View()
                          .set("id", c.id)
                          .set("title", c.title)
                          .set("authority", c.authority_name)
                          .set("status", words(c.status))
                          .set("mean", score_text(c.mean))
                          .set("has_periods", !c.periods.empty())
                          .set("periods", std::move(periods)));
    }
    view.set("contracts", std::move(contracts));

    View flags = View::list();
    for (const Flag& f : s.open_flags)
        flags.add(View()
                      .set("rule", words(f.rule))
                      .set("severity_tag", tag_for(f.severity))
                      .set("contract", f.contract_id)
                      .set("kpi", f.kpi_code)
                      .set("month", period_words(f.period))
                      .set("detail", f.detail));
    view.set("has_flags", !s.open_flags.empty())
        .set("flags", std::move(flags))
        .set("flags_caption", count_text(static_cast<std::int64_t>(s.open_flags.size())) +
                                  (s.open_flags.size() == 1 ? " open flag" : " open flags"));

    View reviews = View::list();
    for (const Review& r : s.reviews)
        reviews.add(View()
                        .set("id", std::to_string(r.id))
                        .set("href", "/reviews/" + std::to_string(r.id))
                        .set("state_tag", tag_for(r.state))
                        .set("opened", format_date(date_of(r.opened)))
                        .set("reason", r.reason));
    view.set("has_reviews", !s.reviews.empty()).set("reviews", std::move(reviews));

    View disputes = View::list();
    for (const Dispute& d : s.disputes)
        disputes.add(View()
                         .set("id", std::to_string(d.id))
                         .set("href", "/disputes/" + std::to_string(d.id))
                         .set("contract", d.contract_id)
                         .set("what", d.flag_id != 0 ? "Flag " + std::to_string(d.flag_id)
                                                     : "Rating of " + d.kpi_code)
                         .set("month", d.period ? period_words(*d.period) : std::string())
                         .set("status_tag", tag_for(d.status))
                         .set("decision", d.decision_reason));
    view.set("has_disputes", !s.disputes.empty()).set("disputes", std::move(disputes));
    return view;
}

}  // namespace

// A supplier's own performance statement for a year (reports/statement.h, which refuses an
// account without an organisation), printable: the header, footer, year chooser and links
// are hidden in print.
HttpResponse get_statement(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    const auto s = reports::load_supplier_statement(*conn, request.who().supplier_id,
                                                    year_param(request, app), request.who());
    return page(
        200, request, "Performance statement " + std::to_string(s.year) + " " + s.supplier.name,
        reports::render_template("summary_statement",
                                 statement_view(s, app.settings().scoring.bands, app.now())));
}

HttpResponse get_statement_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    const auto s = reports::load_supplier_statement(*conn, request.who().supplier_id,
                                                    year_param(request, app), request.who());
    return csv_download({"text/csv; charset=utf-8", reports::to_csv(s)},
                        "statement-" + s.supplier.id + "-" + std::to_string(s.year) + ".csv");
}

}  // namespace scorecard::services::pages
