// The minister's summary (SPEC §6 GET /summary): totals, the distribution of contracts'
// current ratings, split by size group, size class and authority, the most flagged
// suppliers and a 12-month trend. docs/api-shapes.md says what each number counts.
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

#include "reports/csv.h"
#include "reports/json_support.h"
#include "reports/scorecards.h"

namespace scorecard::reports {
namespace {

using detail::name;
using detail::object;

// The buckets of the distribution, in the order they are shown.
constexpr std::array<Rating, 5> kBuckets{Rating::kGood, Rating::kApproaching,
                                         Rating::kRequiresImprovement, Rating::kInadequate,
                                         Rating::kMissing};
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

// Counts for one slice of the summary (everything, a size group, a class, an authority).
struct Tally {
    std::map<Rating, std::int64_t> ratings;
    std::int64_t suppliers = 0;
    std::int64_t contracts = 0;
    std::int64_t active_contracts = 0;
    double score_sum = 0;
    std::int64_t scored = 0;

    void add(const ContractFacts& f) {
        ++contracts;
        if (f.contract->status != ContractStatus::kActive)
            return;
        ++active_contracts;
        if (f.bucket)
            ++ratings[*f.bucket];
        if (f.current_score) {
            score_sum += *f.current_score;
            ++scored;
        }
    }
    std::optional<double> mean_score() const {
        if (scored == 0)
            return std::nullopt;
        return score_sum / static_cast<double>(scored);
    }
    std::int64_t count(Rating r) const {
        auto it = ratings.find(r);
        return it == ratings.end() ? 0 : it->second;
    }
};

struct TrendPoint {
    double score_sum = 0;
    std::int64_t contracts = 0;
};

// Users' own views (issue #6): the user_satisfaction KPIs of the active contracts, each as
// rated in its contract's latest returned period.
struct UserSatisfaction {
    std::int64_t kpis = 0;
    std::int64_t contracts = 0;
    std::map<Rating, std::int64_t> ratings;
    double percent_sum = 0;
    std::int64_t percent_values = 0;

    std::optional<double> mean_value_percent() const {
        if (percent_values == 0)
            return std::nullopt;
        return percent_sum / static_cast<double>(percent_values);
    }
    std::int64_t count(Rating r) const {
        auto it = ratings.find(r);
        return it == ratings.end() ? 0 : it->second;
    }
};

// A KPI's ratings, in the order they are shown: the four-point scale, other, missing.
constexpr std::array<Rating, 6> kKpiBuckets{
    Rating::kGood,       Rating::kApproaching, Rating::kRequiresImprovement,
    Rating::kInadequate, Rating::kOther,       Rating::kMissing};

struct FlaggedSupplier {
    std::string id;
    std::int64_t open_flags = 0;
    std::int64_t high = 0;
};

// Everything the summary shows, gathered once and rendered as JSON or CSV.
struct SummaryData {
    std::int64_t authorities = 0;
    std::int64_t suppliers = 0;
    std::int64_t contracts = 0;
    std::int64_t active_contracts = 0;
    std::int64_t open_flags = 0;
    Tally overall;
    std::map<SizeGroup, Tally> by_size;
    std::map<SizeClass, Tally> by_class;
    std::vector<std::pair<Authority, Tally>> by_authority;
    std::vector<FlaggedSupplier> flagged;
    std::map<std::string, Supplier> supplier_of;
    std::vector<std::pair<Period, TrendPoint>> trend;
    UserSatisfaction user_satisfaction;
};

// Adds the user_satisfaction KPIs of one active contract's latest returned period.
void add_user_views(UserSatisfaction& views, const Contract& full, const PeriodScore& latest) {
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
        ++views.ratings[measure ? measure->rating : Rating::kMissing];
        if (k.unit == Unit::kPercent && measure && measure->value) {
            views.percent_sum += *measure->value;
            ++views.percent_values;
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

// Quarterly scores count in each month of their quarter, so that monthly and quarterly
// contracts share one monthly axis.
std::vector<Period> months_of(const Period& period) {
    if (period.frequency() == Frequency::kMonthly)
        return {period};
    const int first = (period.index() - 1) * 3 + 1;
    return {Period(Frequency::kMonthly, period.year(), first),
            Period(Frequency::kMonthly, period.year(), first + 1),
            Period(Frequency::kMonthly, period.year(), first + 2)};
}

SummaryData gather(store::Connection& conn, const Principal& who, const RatingBands& bands,
                   Date as_of) {
    SummaryData data;

    for (Supplier& s : visible_suppliers(conn, who))
        data.supplier_of.emplace(s.id, std::move(s));
    data.suppliers = static_cast<std::int64_t>(data.supplier_of.size());
    store::SupplierRepository supplier_repo(conn);
    auto supplier = [&](const std::string& id) -> const Supplier* {
        auto it = data.supplier_of.find(id);
        if (it == data.supplier_of.end()) {
            std::optional<Supplier> found = supplier_repo.find(id);
            if (!found)
                return nullptr;
            it = data.supplier_of.emplace(id, std::move(*found)).first;
        }
        return &it->second;
    };
    for (const auto& [id, s] : data.supplier_of) {
        ++data.by_size[size_group(s.size)].suppliers;
        ++data.by_class[s.size].suppliers;
    }

    // The trend's window: the 12 complete months before as_of's month.
    const Period last_month = Period::containing(Frequency::kMonthly, as_of).previous();
    Period first_month = last_month;
    for (int i = 0; i < 11; ++i)
        first_month = first_month.previous();
    std::map<Period, TrendPoint> trend;
    for (Period p = first_month; p <= last_month; p = p.next())
        trend[p];

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
    // Listings leave KPI versions out; only the active contracts that are missing a score
    // or have a latest period need them.
    std::vector<std::string> need_kpis;
    for (const Contract& c : contracts) {
        if (c.status == ContractStatus::kActive &&
            (!current_scores.contains(c.id) || latest.contains(c.id)))
            need_kpis.push_back(c.id);
    }
    std::map<std::string, std::vector<KpiVersion>> kpis;
    store::ContractRepository contract_repo(conn);
    constexpr std::size_t kIdsPerQuery = 500;
    for (std::size_t first = 0; first < need_kpis.size(); first += kIdsPerQuery) {
        const auto from = need_kpis.begin() + static_cast<std::ptrdiff_t>(first);
        const auto to = need_kpis.begin() + static_cast<std::ptrdiff_t>(
                                                std::min(first + kIdsPerQuery, need_kpis.size()));
        kpis.merge(contract_repo.kpi_versions(std::vector<std::string>(from, to)));
    }

    std::map<std::string, Tally> by_authority;
    for (const Contract& c : contracts) {
        ContractFacts facts;
        facts.contract = &c;
        const Supplier* s = supplier(c.supplier_id);
        facts.size = s ? s->size : SizeClass::kLarge;

        const auto current = current_scores.find(c.id);
        if (current != current_scores.end() && current->second.score)
            facts.current_score = current->second.score;
        const auto contract_kpis = kpis.find(c.id);
        const bool has_kpis = contract_kpis != kpis.end() && !contract_kpis->second.empty();
        if (c.status == ContractStatus::kActive) {
            if (facts.current_score)
                facts.bucket = rating_for_score(*facts.current_score, bands);
            else if (has_kpis)
                facts.bucket = Rating::kMissing;
        }
        // Users' views: only active contracts' latest returned period (SPEC §3.4: periods
        // without a return have no scores, so the latest stored one is the latest returned).
        if (const auto last = latest.find(c.id);
            c.status == ContractStatus::kActive && last != latest.end()) {
            Contract full = c;
            if (has_kpis)
                full.kpis = contract_kpis->second;
            add_user_views(data.user_satisfaction, full, last->second);
        }
        data.overall.add(facts);
        data.by_size[size_group(facts.size)].add(facts);
        data.by_class[facts.size].add(facts);
        by_authority[c.authority_id].add(facts);
    }

    // The trend: every visible contract's scored periods that overlap the window (a
    // quarter starts up to two months before the window's first month).
    std::set<std::string> visible_ids;
    for (const Contract& c : contracts)
        visible_ids.insert(c.id);
    scores.each_period_score(scope, first_month.previous().previous().first_day(),
                             last_month.first_day(),
                             [&](const std::string& contract_id, const PeriodScore& p) {
                                 if (!p.score || !visible_ids.contains(contract_id))
                                     return;
                                 for (const Period& month : months_of(p.period)) {
                                     auto it = trend.find(month);
                                     if (it == trend.end())
                                         continue;
                                     it->second.score_sum += *p.score;
                                     ++it->second.contracts;
                                 }
                             });
    data.contracts = data.overall.contracts;
    data.active_contracts = data.overall.active_contracts;
    data.trend.assign(trend.begin(), trend.end());

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
        data.by_authority.emplace_back(std::move(authority), by_authority[id]);
    std::stable_sort(
        data.by_authority.begin(), data.by_authority.end(), [](const auto& a, const auto& b) {
            return std::tie(a.first.name, a.first.id) < std::tie(b.first.name, b.first.id);
        });
    data.authorities = static_cast<std::int64_t>(data.by_authority.size());

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
            ++data.open_flags;
        }
    }
    for (auto& [id, fs] : flagged) {
        supplier(id);  // names and sizes for the list
        data.flagged.push_back(fs);
    }
    std::stable_sort(data.flagged.begin(), data.flagged.end(),
                     [](const FlaggedSupplier& a, const FlaggedSupplier& b) {
                         if (a.open_flags != b.open_flags)
                             return a.open_flags > b.open_flags;
                         if (a.high != b.high)
                             return a.high > b.high;
                         return a.id < b.id;
                     });
    return data;
}

Poco::JSON::Object::Ptr ratings_json(const Tally& t) {
    auto out = object();
    for (Rating r : kBuckets)
        out->set(name(r), t.count(r));
    return out;
}

// A size group or class: the distribution inline, with its counts and mean.
Poco::JSON::Object::Ptr slice_json(const Tally& t) {
    auto out = ratings_json(t);
    out->set("suppliers", t.suppliers);
    out->set("contracts", t.contracts);
    out->set("active_contracts", t.active_contracts);
    out->set("mean_score", detail::shown_or_null(t.mean_score()));
    return out;
}

Rendered summary_json(const SummaryData& d) {
    auto root = object();
    auto totals = object();
    totals->set("authorities", d.authorities);
    totals->set("suppliers", d.suppliers);
    totals->set("contracts", d.contracts);
    totals->set("active_contracts", d.active_contracts);
    totals->set("open_flags", d.open_flags);
    root->set("totals", totals);
    root->set("ratings", ratings_json(d.overall));
    root->set("mean_score", detail::shown_or_null(d.overall.mean_score()));

    auto by_size = object();
    for (SizeGroup g : kGroups) {
        auto it = d.by_size.find(g);
        by_size->set(name(g), slice_json(it == d.by_size.end() ? Tally{} : it->second));
    }
    root->set("by_size", by_size);
    auto by_class = object();
    for (SizeClass c : kClasses) {
        auto it = d.by_class.find(c);
        by_class->set(name(c), slice_json(it == d.by_class.end() ? Tally{} : it->second));
    }
    root->set("by_class", by_class);

    auto by_authority = detail::array();
    for (const auto& [authority, t] : d.by_authority) {
        auto a = object();
        a->set("id", authority.id);
        a->set("name", authority.name);
        a->set("contracts", t.contracts);
        a->set("active_contracts", t.active_contracts);
        a->set("mean_score", detail::shown_or_null(t.mean_score()));
        a->set("ratings", ratings_json(t));
        by_authority->add(a);
    }
    root->set("by_authority", by_authority);

    auto flagged = detail::array();
    for (const FlaggedSupplier& fs : d.flagged) {
        auto it = d.supplier_of.find(fs.id);
        auto s = object();
        s->set("id", fs.id);
        s->set("name", it != d.supplier_of.end() ? it->second.name : fs.id);
        s->set("size", it != d.supplier_of.end() ? Poco::Dynamic::Var(name(it->second.size))
                                                 : detail::null());
        s->set("open_flags", fs.open_flags);
        s->set("high", fs.high);
        flagged->add(s);
    }
    root->set("flagged_suppliers", flagged);

    auto trend = detail::array();
    for (const auto& [month, point] : d.trend) {
        auto t = object();
        t->set("period", month.to_string());
        t->set("mean_score", point.contracts > 0
                                 ? Poco::Dynamic::Var(detail::shown(
                                       point.score_sum / static_cast<double>(point.contracts)))
                                 : detail::null());
        t->set("contracts", point.contracts);
        trend->add(t);
    }
    root->set("trend", trend);

    const UserSatisfaction& views = d.user_satisfaction;
    auto user_views = object();
    user_views->set("kpis", views.kpis);
    user_views->set("contracts", views.contracts);
    auto view_ratings = object();
    for (Rating r : kKpiBuckets)
        view_ratings->set(name(r), views.count(r));
    user_views->set("ratings", view_ratings);
    user_views->set("mean_value_percent", detail::shown_or_null(views.mean_value_percent()));
    root->set("user_satisfaction", user_views);
    return detail::json_document(root);
}

// Rows of section,key,metric,value.
class SummaryCsv {
  public:
    SummaryCsv() : body_(csv_row({"section", "key", "metric", "value"})) {}
    void number(std::string_view section, std::string_view key, std::string_view metric,
                double value) {
        body_ +=
            csv_row({csv_field(section), csv_field(key), csv_field(metric), csv_number(value)});
    }
    void text(std::string_view section, std::string_view key, std::string_view metric,
              std::string_view value) {
        body_ += csv_row({csv_field(section), csv_field(key), csv_field(metric), csv_field(value)});
    }
    void score(std::string_view section, std::string_view key, std::string_view metric,
               std::optional<double> value) {
        body_ += csv_row({csv_field(section), csv_field(key), csv_field(metric),
                          value ? csv_number(detail::shown(*value)) : std::string()});
    }
    void ratings(std::string_view section, std::string_view key, const Tally& t) {
        for (Rating r : kBuckets)
            number(section, key, name(r), static_cast<double>(t.count(r)));
    }
    void slice(std::string_view section, std::string_view key, const Tally& t) {
        ratings(section, key, t);
        number(section, key, "suppliers", static_cast<double>(t.suppliers));
        number(section, key, "contracts", static_cast<double>(t.contracts));
        number(section, key, "active_contracts", static_cast<double>(t.active_contracts));
        score(section, key, "mean_score", t.mean_score());
    }
    std::string take() { return std::move(body_); }

  private:
    std::string body_;
};

Rendered summary_csv(const SummaryData& d) {
    SummaryCsv csv;
    csv.number("totals", "", "authorities", static_cast<double>(d.authorities));
    csv.number("totals", "", "suppliers", static_cast<double>(d.suppliers));
    csv.number("totals", "", "contracts", static_cast<double>(d.contracts));
    csv.number("totals", "", "active_contracts", static_cast<double>(d.active_contracts));
    csv.number("totals", "", "open_flags", static_cast<double>(d.open_flags));
    csv.ratings("ratings", "", d.overall);
    csv.score("ratings", "", "mean_score", d.overall.mean_score());
    for (SizeGroup g : kGroups) {
        auto it = d.by_size.find(g);
        csv.slice("by_size", name(g), it == d.by_size.end() ? Tally{} : it->second);
    }
    for (SizeClass c : kClasses) {
        auto it = d.by_class.find(c);
        csv.slice("by_class", name(c), it == d.by_class.end() ? Tally{} : it->second);
    }
    for (const auto& [authority, t] : d.by_authority) {
        csv.text("by_authority", authority.id, "name", authority.name);
        csv.number("by_authority", authority.id, "contracts", static_cast<double>(t.contracts));
        csv.number("by_authority", authority.id, "active_contracts",
                   static_cast<double>(t.active_contracts));
        csv.score("by_authority", authority.id, "mean_score", t.mean_score());
        csv.ratings("by_authority", authority.id, t);
    }
    for (const FlaggedSupplier& fs : d.flagged) {
        auto it = d.supplier_of.find(fs.id);
        csv.text("flagged_suppliers", fs.id, "name",
                 it != d.supplier_of.end() ? it->second.name : fs.id);
        csv.text("flagged_suppliers", fs.id, "size",
                 it != d.supplier_of.end() ? name(it->second.size) : "");
        csv.number("flagged_suppliers", fs.id, "open_flags", static_cast<double>(fs.open_flags));
        csv.number("flagged_suppliers", fs.id, "high", static_cast<double>(fs.high));
    }
    for (const auto& [month, point] : d.trend) {
        csv.score("trend", month.to_string(), "mean_score",
                  point.contracts > 0 ? std::optional<double>(point.score_sum /
                                                              static_cast<double>(point.contracts))
                                      : std::nullopt);
        csv.number("trend", month.to_string(), "contracts", static_cast<double>(point.contracts));
    }
    const UserSatisfaction& views = d.user_satisfaction;
    csv.number("user_satisfaction", "", "kpis", static_cast<double>(views.kpis));
    csv.number("user_satisfaction", "", "contracts", static_cast<double>(views.contracts));
    for (Rating r : kKpiBuckets)
        csv.number("user_satisfaction", "", name(r), static_cast<double>(views.count(r)));
    csv.score("user_satisfaction", "", "mean_value_percent", views.mean_value_percent());
    return detail::csv_document(csv.take());
}

}  // namespace

Rendered summary(store::Connection& conn, const Principal& who, Format format,
                 const ScoringPolicy& policy, std::optional<Date> as_of) {
    SummaryData data = gather(conn, who, policy.bands, as_of.value_or(detail::today_utc()));
    return format == Format::kCsv ? summary_csv(data) : summary_json(data);
}

}  // namespace scorecard::reports
