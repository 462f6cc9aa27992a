// The minister's summary (reports/summary.h): gathered once from the store, written as JSON
// or CSV.
#include "reports/summary.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "reports/csv.h"
#include "reports/json_writer.h"
#include "reports/report_support.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

using detail::name;
using detail::shown;

constexpr std::array<SizeClass, 5> kClasses{SizeClass::kMicro, SizeClass::kSmall,
                                            SizeClass::kMedium, SizeClass::kLarge, SizeClass::kSme};
constexpr std::array<SizeGroup, 2> kGroups{SizeGroup::kLarge, SizeGroup::kSme};

// What one visible contract contributes to the summary.
struct ContractFacts {
    const Contract* contract = nullptr;
    SizeClass size = SizeClass::kLarge;
    std::optional<double> current_score;
    // The active contract's place in the distribution: its current rating, `missing` when
    // it has KPIs but no scored return, nothing when it has no KPIs (a notice's contract).
    std::optional<Rating> bucket;
};

// Counts for one slice while they are gathered.
struct Tally {
    SummarySlice slice;
    double score_sum = 0;
    std::int64_t scored = 0;

    void add(const ContractFacts& f) {
        ++slice.contracts;
        if (f.contract->status != ContractStatus::kActive)
            return;
        ++slice.active_contracts;
        if (f.bucket)
            ++slice.ratings.counts[*f.bucket];
        if (f.current_score) {
            score_sum += *f.current_score;
            ++scored;
        }
    }
    SummarySlice done() const {
        SummarySlice out = slice;
        if (scored > 0)
            out.mean_score = score_sum / static_cast<double>(scored);
        return out;
    }
};

// Adds the user_satisfaction KPIs of one active contract's latest returned period.
void add_user_views(UserSatisfaction& views, double& percent_sum, std::int64_t& percent_values,
                    const Contract& full, const PeriodScore& latest) {
    bool counted = false;
    for (const KpiDefinition& k : kpis_in_force(full.kpis, latest.period)) {
        if (k.category != KpiCategory::kUserSatisfaction)
            continue;
        const MeasureScore* measure = nullptr;
        for (const MeasureScore& m : latest.measures) {
            if (m.kpi_code == k.code)
                measure = &m;
        }
        ++views.kpis;
        counted = true;
        ++views.ratings.counts[measure ? measure->rating : Rating::kMissing];
        if (k.unit == Unit::kPercent && measure && measure->value) {
            percent_sum += *measure->value;
            ++percent_values;
        }
    }
    if (counted)
        ++views.contracts;
}

bool sees_everything(const Principal& who) {
    return who.role == Role::kAdmin || who.role == Role::kMinister;
}

// SPEC §1 "may see": a commercial team its authority's contracts, a supplier its own.
std::vector<Contract> visible_contracts(store::Connection& conn, const Principal& who) {
    store::ContractFilter filter;
    if (who.role == Role::kCommercial) {
        if (who.authority_id.empty())
            return {};
        filter.authority_id = who.authority_id;
    } else if (who.role == Role::kSupplier) {
        if (who.supplier_id.empty())
            return {};
        filter.supplier_id = who.supplier_id;
    }
    return detail::all_contracts(conn, filter);
}

std::vector<Supplier> visible_suppliers(store::Connection& conn, const Principal& who) {
    if (sees_everything(who))
        return detail::all_suppliers(conn, {});
    if (who.role == Role::kCommercial) {
        if (who.authority_id.empty())
            return {};
        store::SupplierFilter filter;
        filter.authority_id = who.authority_id;
        return detail::all_suppliers(conn, filter);
    }
    if (who.supplier_id.empty())
        return {};
    std::optional<Supplier> self = store::SupplierRepository(conn).find(who.supplier_id);
    return self ? std::vector<Supplier>{*self} : std::vector<Supplier>{};
}

// The KPI versions of the contracts, a few hundred ids per query (listings leave them out).
std::map<std::string, std::vector<KpiVersion>> kpis_of(store::Connection& conn,
                                                       const std::vector<Contract>& contracts) {
    std::vector<std::string> ids;
    for (const Contract& c : contracts)
        ids.push_back(c.id);
    std::map<std::string, std::vector<KpiVersion>> out;
    store::ContractRepository repo(conn);
    constexpr std::size_t kIdsPerQuery = 500;
    for (std::size_t first = 0; first < ids.size(); first += kIdsPerQuery) {
        const auto from = ids.begin() + static_cast<std::ptrdiff_t>(first);
        const auto to =
            ids.begin() + static_cast<std::ptrdiff_t>(std::min(first + kIdsPerQuery, ids.size()));
        out.merge(repo.kpi_versions(std::vector<std::string>(from, to)));
    }
    return out;
}

}  // namespace

Summary load_summary(store::Connection& conn, const Principal& who, const ScoringPolicy& policy,
                     Date as_of) {
    Summary out;
    out.as_of = as_of;

    std::map<std::string, Supplier> supplier_of;
    for (Supplier& s : visible_suppliers(conn, who))
        supplier_of.emplace(s.id, std::move(s));
    out.suppliers = static_cast<std::int64_t>(supplier_of.size());
    std::map<SizeGroup, Tally> by_size;
    std::map<SizeClass, Tally> by_class;
    for (SizeGroup g : kGroups)
        by_size[g];
    for (SizeClass c : kClasses)
        by_class[c];
    for (const auto& [id, s] : supplier_of) {
        ++by_size[size_group(s.size)].slice.suppliers;
        ++by_class[s.size].slice.suppliers;
    }
    store::SupplierRepository supplier_repo(conn);
    // A supplier outside the visible ones (a commercial team's contract whose supplier is
    // listed under another authority) is looked up once.
    auto supplier = [&](const std::string& id) -> const Supplier* {
        auto it = supplier_of.find(id);
        if (it == supplier_of.end()) {
            std::optional<Supplier> found = supplier_repo.find(id);
            if (!found)
                return nullptr;
            it = supplier_of.emplace(id, std::move(*found)).first;
        }
        return &it->second;
    };

    const std::vector<Contract> contracts = visible_contracts(conn, who);
    // Set queries over the stored scores (one each, not one per contract), narrowed to the
    // caller's contracts as visible_contracts narrows them.
    store::ContractFilter scope;
    if (who.role == Role::kCommercial)
        scope.authority_id = who.authority_id;
    else if (who.role == Role::kSupplier)
        scope.supplier_id = who.supplier_id;
    store::ScoreRepository scores(conn);
    const std::map<std::string, PeriodScore> current_scores = scores.current_scores(scope);
    const std::map<std::string, PeriodScore> latest = scores.latest_period_scores(scope);
    // The trend asks every contract which periods it reports for: all need their KPIs.
    std::map<std::string, std::vector<KpiVersion>> kpis = kpis_of(conn, contracts);

    Tally overall;
    std::map<std::string, Tally> by_authority;
    MonthlyTrend trend(as_of, kTrendMonths);
    double percent_sum = 0;
    std::int64_t percent_values = 0;
    for (const Contract& listed : contracts) {
        Contract c = listed;
        if (auto k = kpis.find(c.id); k != kpis.end())
            c.kpis = std::move(k->second);
        ContractFacts facts;
        facts.contract = &c;
        const Supplier* s = supplier(c.supplier_id);
        facts.size = s ? s->size : SizeClass::kLarge;
        trend.add_contract(c, policy.flags.for_size(facts.size).grace_days);

        const auto current = current_scores.find(c.id);
        if (current != current_scores.end() && current->second.score)
            facts.current_score = current->second.score;
        if (c.status == ContractStatus::kActive) {
            if (facts.current_score)
                facts.bucket = rating_for_score(*facts.current_score, policy.bands);
            else if (!c.kpis.empty())
                facts.bucket = Rating::kMissing;
        }
        // Users' views: only active contracts' latest returned period (SPEC §3.4: periods
        // without a return have no scores, so the latest stored one is the latest returned).
        if (const auto last = latest.find(c.id);
            c.status == ContractStatus::kActive && last != latest.end())
            add_user_views(out.user_satisfaction, percent_sum, percent_values, c, last->second);
        overall.add(facts);
        by_size[size_group(facts.size)].add(facts);
        by_class[facts.size].add(facts);
        by_authority[c.authority_id].add(facts);
    }
    if (percent_values > 0)
        out.user_satisfaction.mean_value_percent =
            percent_sum / static_cast<double>(percent_values);

    // Every stored period (a return) that can cover a month of the trend; the trend ignores
    // contracts it was not given.
    scores.each_period_score(scope, trend.first_period_start(), trend.last_period_start(),
                             [&](const std::string& contract_id, const PeriodScore& p) {
                                 trend.add_return(contract_id, p);
                             });
    out.trend = trend.months();

    out.overall = overall.done();
    out.contracts = out.overall.contracts;
    out.active_contracts = out.overall.active_contracts;
    for (const auto& [group, tally] : by_size)
        out.by_size[group] = tally.done();
    for (const auto& [size, tally] : by_class)
        out.by_class[size] = tally.done();

    // Authorities: every one for those who see everything, else those of visible contracts
    // (and a commercial user's own, even before it has contracts).
    store::AuthorityRepository authority_repo(conn);
    std::map<std::string, Authority> authorities;
    if (sees_everything(who)) {
        for (Authority& a : authority_repo.list())
            authorities.emplace(a.id, std::move(a));
    } else if (who.role == Role::kCommercial && !who.authority_id.empty()) {
        if (std::optional<Authority> own = authority_repo.find(who.authority_id))
            authorities.emplace(own->id, std::move(*own));
    }
    for (const auto& [id, tally] : by_authority) {
        if (!authorities.contains(id)) {
            std::optional<Authority> found = authority_repo.find(id);
            authorities.emplace(id, found ? std::move(*found) : Authority{id, id});
        }
    }
    for (auto& [id, authority] : authorities)
        out.by_authority.push_back({std::move(authority), by_authority[id].done()});
    std::stable_sort(out.by_authority.begin(), out.by_authority.end(),
                     [](const AuthoritySummary& a, const AuthoritySummary& b) {
                         return std::tie(a.authority.name, a.authority.id) <
                                std::tie(b.authority.name, b.authority.id);
                     });
    out.authorities = static_cast<std::int64_t>(out.by_authority.size());

    store::FlagFilter flag_filter;
    flag_filter.status = FlagStatus::kOpen;
    std::map<std::string, FlaggedSupplier> flagged;
    if (detail::scope_flags(flag_filter, who)) {
        for (const Flag& f : detail::all_flags(conn, flag_filter)) {
            FlaggedSupplier& fs = flagged[f.supplier_id];
            fs.id = f.supplier_id;
            ++fs.open_flags;
            if (f.severity == Severity::kHigh)
                ++fs.high;
            ++out.open_flags;
        }
    }
    for (auto& [id, fs] : flagged) {
        const Supplier* s = supplier(id);
        fs.name = s ? s->name : id;
        if (s)
            fs.size = s->size;
        out.flagged_suppliers.push_back(std::move(fs));
    }
    std::stable_sort(out.flagged_suppliers.begin(), out.flagged_suppliers.end(),
                     [](const FlaggedSupplier& a, const FlaggedSupplier& b) {
                         return std::tuple(-a.open_flags, -a.high, a.id) <
                                std::tuple(-b.open_flags, -b.high, b.id);
                     });
    return out;
}

namespace {

void write_ratings(JsonWriter& w, const RatingCounts& counts) {
    for (Rating r : kSummaryRatings)
        w.field(name(r), counts[r]);
}

std::optional<double> shown_or_none(std::optional<double> score) {
    return score ? std::optional<double>(shown(*score)) : std::nullopt;
}

// A size group or class: the distribution inline, with its counts and mean.
void write_slice(JsonWriter& w, const SummarySlice& s) {
    w.begin_object();
    write_ratings(w, s.ratings);
    w.field("suppliers", s.suppliers)
        .field("contracts", s.contracts)
        .field("active_contracts", s.active_contracts)
        .field("mean_score", shown_or_none(s.mean_score));
    w.end_object();
}

}  // namespace

std::string to_json(const Summary& d) {
    JsonWriter w;
    w.begin_object();
    w.key("totals")
        .begin_object()
        .field("authorities", d.authorities)
        .field("suppliers", d.suppliers)
        .field("contracts", d.contracts)
        .field("active_contracts", d.active_contracts)
        .field("open_flags", d.open_flags)
        .end_object();
    w.key("ratings").begin_object();
    write_ratings(w, d.overall.ratings);
    w.end_object();
    w.field("mean_score", shown_or_none(d.overall.mean_score));

    w.key("by_size").begin_object();
    for (const auto& [group, slice] : d.by_size) {
        w.key(name(group));
        write_slice(w, slice);
    }
    w.end_object();
    w.key("by_class").begin_object();
    for (SizeClass c : kClasses) {
        w.key(name(c));
        auto it = d.by_class.find(c);
        write_slice(w, it == d.by_class.end() ? SummarySlice{} : it->second);
    }
    w.end_object();

    w.key("by_authority").begin_array();
    for (const AuthoritySummary& a : d.by_authority) {
        w.begin_object()
            .field("id", a.authority.id)
            .field("name", a.authority.name)
            .field("contracts", a.slice.contracts)
            .field("active_contracts", a.slice.active_contracts)
            .field("mean_score", shown_or_none(a.slice.mean_score));
        w.key("ratings").begin_object();
        write_ratings(w, a.slice.ratings);
        w.end_object().end_object();
    }
    w.end_array();

    w.key("flagged_suppliers").begin_array();
    for (const FlaggedSupplier& fs : d.flagged_suppliers) {
        w.begin_object().field("id", fs.id).field("name", fs.name).key("size");
        if (fs.size)
            w.value(name(*fs.size));
        else
            w.null();
        w.field("open_flags", fs.open_flags).field("high", fs.high).end_object();
    }
    w.end_array();

    w.key("trend").begin_array();
    for (const TrendMonth& m : d.trend) {
        w.begin_object()
            .field("period", m.month.to_string())
            .field("mean_score", shown_or_none(m.mean_score))
            .field("contracts", m.scored)
            .field("returned", m.returned)
            .field("expected", m.expected)
            .field("provisional", m.provisional)
            .end_object();
    }
    w.end_array();

    const UserSatisfaction& views = d.user_satisfaction;
    w.key("user_satisfaction")
        .begin_object()
        .field("kpis", views.kpis)
        .field("contracts", views.contracts);
    w.key("ratings").begin_object();
    for (Rating r : kKpiRatings)
        w.field(name(r), views.ratings[r]);
    w.end_object();
    w.field("mean_value_percent", shown_or_none(views.mean_value_percent)).end_object();
    w.end_object();
    return w.take();
}

namespace {

// Rows of section,key,metric,value.
class SummaryCsv {
  public:
    SummaryCsv() : body_(csv_row({"section", "key", "metric", "value"})) {}
    void number(std::string_view section, std::string_view key, std::string_view metric,
                std::int64_t value) {
        row(section, key, metric, csv_number(static_cast<double>(value)));
    }
    void text(std::string_view section, std::string_view key, std::string_view metric,
              std::string_view value) {
        row(section, key, metric, csv_field(value));
    }
    void score(std::string_view section, std::string_view key, std::string_view metric,
               std::optional<double> value) {
        row(section, key, metric, value ? csv_number(shown(*value)) : std::string());
    }
    void ratings(std::string_view section, std::string_view key, const RatingCounts& counts) {
        for (Rating r : kSummaryRatings)
            number(section, key, name(r), counts[r]);
    }
    void slice(std::string_view section, std::string_view key, const SummarySlice& s) {
        ratings(section, key, s.ratings);
        number(section, key, "suppliers", s.suppliers);
        number(section, key, "contracts", s.contracts);
        number(section, key, "active_contracts", s.active_contracts);
        score(section, key, "mean_score", s.mean_score);
    }
    std::string take() { return std::move(body_); }

  private:
    void row(std::string_view section, std::string_view key, std::string_view metric,
             std::string value) {
        body_ += csv_row({csv_field(section), csv_field(key), csv_field(metric), std::move(value)});
    }
    std::string body_;
};

}  // namespace

std::string to_csv(const Summary& d) {
    SummaryCsv csv;
    csv.number("totals", "", "authorities", d.authorities);
    csv.number("totals", "", "suppliers", d.suppliers);
    csv.number("totals", "", "contracts", d.contracts);
    csv.number("totals", "", "active_contracts", d.active_contracts);
    csv.number("totals", "", "open_flags", d.open_flags);
    csv.ratings("ratings", "", d.overall.ratings);
    csv.score("ratings", "", "mean_score", d.overall.mean_score);
    for (const auto& [group, slice] : d.by_size)
        csv.slice("by_size", name(group), slice);
    for (SizeClass c : kClasses) {
        auto it = d.by_class.find(c);
        csv.slice("by_class", name(c), it == d.by_class.end() ? SummarySlice{} : it->second);
    }
    for (const AuthoritySummary& a : d.by_authority) {
        const std::string& id = a.authority.id;
        csv.text("by_authority", id, "name", a.authority.name);
        csv.number("by_authority", id, "contracts", a.slice.contracts);
        csv.number("by_authority", id, "active_contracts", a.slice.active_contracts);
        csv.score("by_authority", id, "mean_score", a.slice.mean_score);
        csv.ratings("by_authority", id, a.slice.ratings);
    }
    for (const FlaggedSupplier& fs : d.flagged_suppliers) {
        csv.text("flagged_suppliers", fs.id, "name", fs.name);
        csv.text("flagged_suppliers", fs.id, "size", fs.size ? name(*fs.size) : "");
        csv.number("flagged_suppliers", fs.id, "open_flags", fs.open_flags);
        csv.number("flagged_suppliers", fs.id, "high", fs.high);
    }
    for (const TrendMonth& m : d.trend) {
        const std::string month = m.month.to_string();
        csv.score("trend", month, "mean_score", m.mean_score);
        csv.number("trend", month, "contracts", m.scored);
        csv.number("trend", month, "returned", m.returned);
        csv.number("trend", month, "expected", m.expected);
        csv.text("trend", month, "provisional", m.provisional ? "true" : "false");
    }
    const UserSatisfaction& views = d.user_satisfaction;
    csv.number("user_satisfaction", "", "kpis", views.kpis);
    csv.number("user_satisfaction", "", "contracts", views.contracts);
    for (Rating r : kKpiRatings)
        csv.number("user_satisfaction", "", name(r), views.ratings[r]);
    csv.score("user_satisfaction", "", "mean_value_percent", views.mean_value_percent);
    return csv.take();
}

}  // namespace scorecard::reports
