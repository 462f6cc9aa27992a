#include "reports/statement.h"

#include <cmath>
#include <map>
#include <numeric>

#include "reports/csv.h"
#include "reports/entity_json.h"
#include "reports/json_writer.h"
#include "reports/report_support.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

using detail::mean_of;

int year_of(Timestamp at) {
    return static_cast<int>(date_of(at).year());
}

}  // namespace

SupplierStatement load_supplier_statement(store::Connection& conn, const std::string& supplier_id,
                                          int year, const Principal& who) {
    if (year < 2000 || year > 2100)
        throw Error::BadRequest("year must be between 2000 and 2100");
    if (!may_read_statement(who, supplier_id))
        throw Error::Forbidden("a supplier's performance statement is for the supplier itself");
    auto supplier = store::SupplierRepository(conn).find(supplier_id);
    if (!supplier)
        throw Error::NotFound("no supplier " + supplier_id);

    SupplierStatement out;
    out.supplier = *supplier;
    out.year = year;

    std::map<std::string, std::string> authority_names;
    for (const auto& a : store::AuthorityRepository(conn).list())
        authority_names[a.id] = a.name;

    // The supplier's contracts running at some time in the year.
    const Date first{std::chrono::year{year}, std::chrono::January, std::chrono::day{1}};
    const Date last{std::chrono::year{year}, std::chrono::December, std::chrono::day{31}};
    store::ContractFilter filter;
    filter.supplier_id = supplier_id;
    std::vector<std::string> ids;
    for (const Contract& c : detail::all_contracts(conn, filter)) {
        if (c.end < first || last < c.start)
            continue;
        StatementContract sc;
        sc.id = c.id;
        sc.title = c.title;
        sc.authority_id = c.authority_id;
        auto name = authority_names.find(c.authority_id);
        sc.authority_name = name == authority_names.end() ? c.authority_id : name->second;
        sc.status = c.status;
        ids.push_back(c.id);
        out.contracts.push_back(std::move(sc));
    }

    auto scores = store::ScoreRepository(conn).period_scores_of(ids);
    std::vector<double> all;
    for (auto& c : out.contracts) {
        auto found = scores.find(c.id);
        if (found == scores.end())
            continue;
        std::vector<double> values;
        for (const auto& p : found->second) {
            if (p.period.year() != year)
                continue;
            c.periods.push_back({p.period, p.score, p.rating});
            if (p.score) {
                values.push_back(*p.score);
                all.push_back(*p.score);
            }
        }
        c.mean = mean_of(values);
    }
    out.mean = mean_of(all);
    out.periods_scored = static_cast<int>(all.size());

    store::FlagFilter flags;
    flags.status = FlagStatus::kOpen;
    flags.supplier_id = supplier_id;
    out.open_flags = detail::all_flags(conn, flags);

    store::ReviewFilter reviews;
    reviews.supplier_id = supplier_id;
    reviews.page = {1000, 0};
    for (auto& r : store::ReviewRepository(conn).list(reviews))
        if (year_of(r.opened) == year || r.state != ReviewState::kClosed)
            out.reviews.push_back(std::move(r));

    store::DisputeFilter disputes;
    disputes.supplier_id = supplier_id;
    disputes.page = {1000, 0};
    for (auto& d : store::DisputeRepository(conn).list(disputes))
        if (year_of(d.raised) == year || d.status == DisputeStatus::kOpen)
            out.disputes.push_back(std::move(d));
    return out;
}

std::string to_json(const SupplierStatement& s) {
    auto shown = [](std::optional<double> score) {
        return score ? std::optional<double>(detail::shown(*score)) : std::nullopt;
    };
    JsonWriter w;
    w.begin_object()
        .key("supplier")
        .begin_object()
        .field("id", s.supplier.id)
        .field("name", s.supplier.name)
        .field("size", detail::name(s.supplier.size))
        .field("strategic", s.supplier.strategic)
        .end_object()
        .field("year", s.year)
        .key("contracts")
        .begin_array();
    for (const StatementContract& c : s.contracts) {
        w.begin_object()
            .field("id", c.id)
            .field("title", c.title)
            .field("authority", c.authority_id)
            .field("authority_name", c.authority_name)
            .field("status", detail::name(c.status))
            .key("periods")
            .begin_array();
        for (const StatementPeriod& p : c.periods)
            w.begin_object()
                .field("period", p.period.to_string())
                .field("score", shown(p.score))
                .field("rating", detail::name(p.rating))
                .end_object();
        w.end_array().field("mean", shown(c.mean)).end_object();
    }
    w.end_array().field("mean", shown(s.mean)).field("periods_scored", s.periods_scored);
    w.key("open_flags").begin_array();
    for (const Flag& f : s.open_flags)
        write_json(w, f);
    w.end_array().key("reviews").begin_array();
    for (const Review& r : s.reviews)
        write_json(w, r, false);
    w.end_array().key("disputes").begin_array();
    for (const Dispute& d : s.disputes)
        write_json(w, d);
    w.end_array().end_object();
    return w.take();
}

std::string to_csv(const SupplierStatement& s) {
    std::string out = csv_row({"supplier", "supplier_name", "size", "year", "contract", "title",
                               "authority", "period", "score", "rating", "contract_mean"});
    auto number = [](std::optional<double> v) {
        return v ? csv_number(detail::shown(*v)) : std::string{};
    };
    for (const auto& c : s.contracts) {
        std::vector<std::string> head = {csv_field(s.supplier.id),
                                         csv_field(s.supplier.name),
                                         csv_field(to_string(s.supplier.size)),
                                         csv_number(s.year),
                                         csv_field(c.id),
                                         csv_field(c.title),
                                         csv_field(c.authority_id)};
        if (c.periods.empty()) {
            auto row = head;
            row.insert(row.end(), {"", "", "", ""});
            out += csv_row(row);
        }
        for (const auto& p : c.periods) {
            auto row = head;
            row.insert(row.end(), {csv_field(p.period.to_string()), number(p.score),
                                   csv_field(to_string(p.rating)), number(c.mean)});
            out += csv_row(row);
        }
    }
    return out;
}

}  // namespace scorecard::reports
