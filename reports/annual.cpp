#include "reports/annual.h"

#include <cmath>
#include <map>
#include <numeric>

#include "model/enums.h"
#include "reports/charts.h"
#include "reports/csv.h"
#include "reports/json_support.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

using detail::mean_of;

// One decimal, as scores are shown (SPEC §3.3); "–" when absent.
std::string shown(std::optional<double> score) {
    if (!score)
        return "–";
    return svg_number(std::round(*score * 10) / 10);
}

constexpr std::array<Rating, 6> kRatings = {
    Rating::kGood,       Rating::kApproaching, Rating::kRequiresImprovement,
    Rating::kInadequate, Rating::kOther,       Rating::kMissing};

// The statutory words (reg 39(5)) of the four ratings; a period's `other` and `missing` in
// the words the scorecards use.
std::string rating_words(Rating r) {
    if (r == Rating::kOther)
        return "Not applicable";
    return std::string(statutory_words(r).value_or("No score"));
}

}  // namespace

AnnualReport annual_report(store::Connection& conn, const std::string& authority_id, int year,
                           const Principal& who) {
    if (year < 2000 || year > 2100)
        throw Error::BadRequest("year must be between 2000 and 2100");
    if (!may_read_annual_report(who, authority_id))
        throw Error::Forbidden("the annual report of " + authority_id +
                               " is for its commercial team, ministers and operators");
    auto authority = store::AuthorityRepository(conn).find(authority_id);
    if (!authority)
        throw Error::NotFound("no authority " + authority_id);

    AnnualReport report;
    report.authority = *authority;
    report.year = year;
    store::ContractRepository contracts(conn);
    std::vector<std::string> ids;
    std::map<std::string, std::size_t> index;
    for (const auto& listing : contracts.scored_in_year(year)) {
        if (listing.contract.authority_id != authority_id)
            continue;
        AnnualContract c;
        c.id = listing.contract.id;
        c.title = listing.contract.title;
        c.supplier_id = listing.contract.supplier_id;
        c.supplier_name = listing.supplier_name;
        c.supplier_size = listing.supplier_size;
        c.value = listing.contract.value;
        c.currency = listing.contract.currency;
        index[c.id] = report.contracts.size();
        ids.push_back(c.id);
        report.contracts.push_back(std::move(c));
    }
    // One query for every KPI row of the year; a period's score repeats on each of its rows.
    contracts.performance_rows(ids, year, [&](const store::PerformanceRow& row) {
        auto& c = report.contracts[index.at(row.contract_id)];
        if (!c.periods.empty() && c.periods.back().period == row.period)
            return;
        c.periods.push_back({row.period, row.period_score, row.period_rating});
    });
    std::vector<double> all, large, sme;
    for (auto& c : report.contracts) {
        std::vector<double> scores;
        for (const auto& p : c.periods) {
            ++report.period_ratings[static_cast<std::size_t>(p.rating)];
            if (!p.score)
                continue;
            scores.push_back(*p.score);
            all.push_back(*p.score);
            (size_group(c.supplier_size) == SizeGroup::kLarge ? large : sme).push_back(*p.score);
        }
        c.mean = mean_of(scores);
    }
    report.mean = mean_of(all);
    report.mean_large = mean_of(large);
    report.mean_sme = mean_of(sme);
    return report;
}

std::string annual_report_html(const AnnualReport& r) {
    std::string out = "<span class=\"govuk-caption-xl\">" + escape_html(r.authority.name) +
                      "</span><h1 class=\"govuk-heading-xl\">Annual performance report " +
                      std::to_string(r.year) + "</h1>";
    out += "<p class=\"govuk-body\">KPI performance of the contracts of " +
           escape_html(r.authority.name) + " (" + escape_html(r.authority.id) +
           ") in the periods starting in " + std::to_string(r.year) +
           ", on the government's four-point rating scale. Scores are out of 100.</p>";
    int periods = 0;
    for (int n : r.period_ratings)
        periods += n;
    out += "<dl class=\"govuk-summary-list\" id=\"annual-summary\">";
    auto row = [&](const std::string& key, const std::string& value) {
        out += "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">" +
               key + "</dt><dd class=\"govuk-summary-list__value\">" + value + "</dd></div>";
    };
    row("Contracts reported", std::to_string(r.contracts.size()));
    row("Contract periods scored", std::to_string(periods));
    row("Mean period score", escape_html(shown(r.mean)));
    row("Large suppliers' mean", escape_html(shown(r.mean_large)));
    row("SMEs' mean", escape_html(shown(r.mean_sme)));
    out += "</dl><h2 class=\"govuk-heading-m\">Period ratings</h2>";
    std::vector<Bar> segments;
    for (auto rating : kRatings) {
        int n = r.period_ratings[static_cast<std::size_t>(rating)];
        if (rating == Rating::kOther && n == 0)
            continue;
        segments.push_back(
            {rating_words(rating), static_cast<double>(n), rating_colour(to_string(rating))});
    }
    out += stacked_bar({"annual-ratings", "Period ratings in " + std::to_string(r.year),
                        "How many contract periods were rated each way."},
                       segments);
    out +=
        "<h2 class=\"govuk-heading-m\">Contracts</h2><table class=\"govuk-table\" "
        "id=\"annual-contracts\"><thead class=\"govuk-table__head\"><tr "
        "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Contract</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Supplier</th><th scope=\"col\" "
        "class=\"govuk-table__header\">Size</th><th scope=\"col\" "
        "class=\"govuk-table__header\">Periods and ratings</th><th scope=\"col\" "
        "class=\"govuk-table__header govuk-table__header--numeric\">Mean score</th></tr></thead>"
        "<tbody class=\"govuk-table__body\">";
    for (const auto& c : r.contracts) {
        std::string periods_html;
        for (const auto& p : c.periods)
            periods_html += escape_html(p.period.to_string()) + ": " + escape_html(shown(p.score)) +
                            " (" + rating_words(p.rating) + ")<br>";
        out += "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">" +
               escape_html(c.id) + "<br>" + escape_html(c.title) +
               "</td><td class=\"govuk-table__cell\">" + escape_html(c.supplier_name) +
               "</td><td class=\"govuk-table__cell\">" + escape_html(to_string(c.supplier_size)) +
               "</td><td class=\"govuk-table__cell\">" + periods_html +
               "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">" +
               escape_html(shown(c.mean)) + "</td></tr>";
    }
    out += "</tbody></table>";
    return out;
}

std::string annual_report_csv(const AnnualReport& r) {
    std::string out =
        csv_row({"authority", "year", "contract", "title", "supplier", "supplier_name", "size",
                 "period", "score", "rating", "contract_mean"});
    auto number = [](std::optional<double> v) {
        return v ? csv_number(std::round(*v * 10) / 10) : std::string{};
    };
    for (const auto& c : r.contracts)
        for (const auto& p : c.periods)
            out +=
                csv_row({csv_field(r.authority.id), csv_number(r.year), csv_field(c.id),
                         csv_field(c.title), csv_field(c.supplier_id), csv_field(c.supplier_name),
                         csv_field(to_string(c.supplier_size)), csv_field(p.period.to_string()),
                         number(p.score), csv_field(to_string(p.rating)), number(c.mean)});
    return out;
}

}  // namespace scorecard::reports
