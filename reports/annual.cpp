#include "reports/annual.h"

#include <cmath>
#include <map>
#include <numeric>

#include "model/enums.h"
#include "reports/csv.h"
#include "reports/json_writer.h"
#include "reports/report_support.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

using detail::mean_of;
using detail::name;

constexpr std::array<Rating, 6> kRatings = {
    Rating::kGood,       Rating::kApproaching, Rating::kRequiresImprovement,
    Rating::kInadequate, Rating::kOther,       Rating::kMissing};

std::optional<double> shown(std::optional<double> score) {
    return score ? std::optional<double>(detail::shown(*score)) : std::nullopt;
}

}  // namespace

AnnualReport load_annual_report(store::Connection& conn, const std::string& authority_id, int year,
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

std::string to_json(const AnnualReport& r) {
    JsonWriter w;
    w.begin_object()
        .key("authority")
        .begin_object()
        .field("id", r.authority.id)
        .field("name", r.authority.name)
        .end_object()
        .field("year", r.year)
        .key("contracts")
        .begin_array();
    for (const AnnualContract& c : r.contracts) {
        w.begin_object()
            .field("id", c.id)
            .field("title", c.title)
            .field("supplier", c.supplier_id)
            .field("supplier_name", c.supplier_name)
            .field("size", name(c.supplier_size))
            .field("value", c.value)
            .field("currency", c.currency)
            .key("periods")
            .begin_array();
        for (const AnnualPeriod& p : c.periods)
            w.begin_object()
                .field("period", p.period.to_string())
                .field("score", shown(p.score))
                .field("rating", name(p.rating))
                .end_object();
        w.end_array().field("mean", shown(c.mean)).end_object();
    }
    w.end_array().key("period_ratings").begin_object();
    for (Rating rating : kRatings)
        w.field(name(rating), periods_rated(r, rating));
    w.end_object()
        .field("mean", shown(r.mean))
        .field("mean_large", shown(r.mean_large))
        .field("mean_sme", shown(r.mean_sme))
        .end_object();
    return w.take();
}

std::string to_csv(const AnnualReport& r) {
    std::string out =
        csv_row({"authority", "year", "contract", "title", "supplier", "supplier_name", "size",
                 "period", "score", "rating", "contract_mean"});
    auto number = [](std::optional<double> v) {
        return v ? csv_number(detail::shown(*v)) : std::string{};
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
