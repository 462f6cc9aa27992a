#include "model/scoring.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>

namespace scorecard {

// SPEC §2 "KPI definitions are versioned": the latest version effective by `period` wins.
std::vector<KpiDefinition> kpis_in_force(const std::vector<KpiVersion>& versions,
                                         const Period& period) {
    // The latest version of each code, found by a look along those kept so far (a contract
    // has a few KPIs; a std::map's nodes were most of this function's time).
    std::vector<const KpiVersion*> latest;
    for (const KpiVersion& v : versions) {
        if (v.effective > period)
            continue;
        auto it = std::find_if(latest.begin(), latest.end(), [&](const KpiVersion* kept) {
            return kept->definition.code == v.definition.code;
        });
        if (it == latest.end())
            latest.push_back(&v);
        else if ((*it)->effective <= v.effective)  // on a tie the later in the input wins:
            *it = &v;                              // it was recorded last
    }
    std::sort(latest.begin(), latest.end(), [](const KpiVersion* a, const KpiVersion* b) {
        return a->definition.code < b->definition.code;
    });
    std::vector<KpiDefinition> out;
    out.reserve(latest.size());
    for (const KpiVersion* version : latest) {
        if (!version->withdrawn)
            out.push_back(version->definition);
    }
    return out;
}

KpiSchedule::KpiSchedule(const std::vector<KpiVersion>& versions) {
    std::vector<Period> starts;
    starts.reserve(versions.size());
    for (const KpiVersion& v : versions)
        starts.push_back(v.effective);
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    // Periods order totally (model/calendar.h), so the versions effective by any period are
    // those effective by the latest of these starts not after it.
    from_.reserve(starts.size());
    for (const Period& start : starts)
        from_.emplace_back(start, kpis_in_force(versions, start));
}

const std::vector<KpiDefinition>& KpiSchedule::at(const Period& period) const {
    auto after =
        std::upper_bound(from_.begin(), from_.end(), period,
                         [](const Period& p, const auto& entry) { return p < entry.first; });
    return after == from_.begin() ? none_ : std::prev(after)->second;
}

namespace {

// SPEC §3.1-3.2 for one KPI in force: a measure left out, or measured without a usable
// figure, is `missing`; one marked not applicable is `other`.
MeasureScore score_measure(const KpiDefinition& kpi, const Measure* measure,
                           const RatingPoints& points) {
    MeasureScore out;
    out.kpi_code = kpi.code;
    out.weight = kpi.weight;
    if (measure != nullptr && measure->status == MeasureStatus::kNotApplicable) {
        out.rating = Rating::kOther;
    } else if (measure != nullptr && measure->value && std::isfinite(*measure->value)) {
        out.value = measure->value;
        out.rating = rate_value(kpi, *measure->value);
    } else {
        out.rating = Rating::kMissing;
    }
    out.points = points_for(out.rating, points);
    return out;
}

}  // namespace

// SPEC §3.3-3.4.
PeriodScore score_period(const std::vector<KpiDefinition>& in_force,
                         const std::vector<Measure>& measures, const Period& period,
                         const ScoringPolicy& policy) {
    std::map<std::string, const Measure*> by_code;
    for (const Measure& m : measures)
        by_code.try_emplace(m.kpi_code, &m);  // importers reject duplicates; first one wins

    std::vector<const KpiDefinition*> kpis;
    for (const KpiDefinition& k : in_force)
        kpis.push_back(&k);
    std::stable_sort(kpis.begin(), kpis.end(),
                     [](const auto* a, const auto* b) { return a->code < b->code; });

    PeriodScore out;
    out.period = period;
    double weighted_points = 0;
    double total_weight = 0;
    for (const KpiDefinition* kpi : kpis) {
        auto found = by_code.find(kpi->code);
        MeasureScore ms =
            score_measure(*kpi, found == by_code.end() ? nullptr : found->second, policy.points);
        if (ms.rating != Rating::kOther) {
            weighted_points += ms.weight * ms.points;
            total_weight += ms.weight;
        }
        out.measures.push_back(std::move(ms));
    }
    if (total_weight > 0)
        out.score = weighted_points / total_weight;
    out.rating = rating_or_missing(out.score, policy.bands);
    return out;
}

std::vector<PeriodScore> score_contract(const Contract& contract,
                                        const std::vector<KpiReturn>& current_returns,
                                        const ScoringPolicy& policy) {
    std::vector<PeriodScore> out;
    out.reserve(current_returns.size());
    const KpiSchedule in_force(contract.kpis);
    for (const KpiReturn& r : current_returns)
        out.push_back(score_period(in_force.at(r.period), r.measures, r.period, policy));
    std::stable_sort(out.begin(), out.end(), [](const PeriodScore& a, const PeriodScore& b) {
        return a.period < b.period;
    });
    return out;
}

// SPEC §3.5.
const PeriodScore* current_score(const std::vector<PeriodScore>& periods) {
    const PeriodScore* latest = nullptr;
    for (const PeriodScore& p : periods) {
        if (p.score && (latest == nullptr || latest->period <= p.period))
            latest = &p;
    }
    return latest;
}

// SPEC §3.6.
std::optional<double> supplier_score(const std::vector<ContractCurrentScore>& contracts) {
    if (contracts.empty())
        return std::nullopt;
    double total_value = 0;
    double weighted = 0;
    double plain = 0;
    for (const ContractCurrentScore& c : contracts) {
        total_value += c.contract_value;
        weighted += c.score * c.contract_value;
        plain += c.score;
    }
    // Contracts from notices without a value still deserve a score: fall back to a plain
    // mean rather than dividing by zero.
    if (total_value > 0)
        return weighted / total_value;
    return plain / static_cast<double>(contracts.size());
}

// SPEC §3.7.
double percentile_in_class(double score, const std::vector<double>& class_scores) {
    auto at_or_below = std::count_if(class_scores.begin(), class_scores.end(),
                                     [score](double s) { return s <= score; });
    return percentile_in_class(static_cast<std::int64_t>(at_or_below),
                               static_cast<std::int64_t>(class_scores.size()));
}

double percentile_in_class(std::int64_t at_or_below, std::int64_t total) {
    if (total <= 0)
        return 100;
    return 100.0 * static_cast<double>(at_or_below) / static_cast<double>(total);
}

namespace {

// Two FNV-1a hashes of 64 bits with different offsets, fed the same bytes.
struct Digest {
    std::uint64_t a = 14695981039346656037ULL;
    std::uint64_t b = 0x84222325cbf29ce4ULL;
    void bytes(const void* data, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) {
            a = (a ^ p[i]) * 1099511628211ULL;
            b = (b ^ p[i]) * 0x100000001b3ULL;
            b ^= b >> 29;
        }
    }
    template <class T>
    void value(const T& v) {
        bytes(&v, sizeof v);
    }
    void text(const std::string& s) {
        value(s.size());
        bytes(s.data(), s.size());
    }
    void number(const std::optional<double>& v) {
        value(v.has_value());
        if (v)
            value(*v);
    }
};

}  // namespace

std::string scores_digest(const std::vector<PeriodScore>& periods) {
    Digest d;
    d.value(periods.size());
    for (const PeriodScore& p : periods) {
        d.value(static_cast<int>(p.period.frequency()));
        d.value(p.period.year());
        d.value(p.period.index());
        d.number(p.score);
        d.value(static_cast<int>(p.rating));
        d.value(p.measures.size());
        for (const MeasureScore& m : p.measures) {
            d.text(m.kpi_code);
            d.number(m.value);
            d.value(static_cast<int>(m.rating));
            d.value(m.points);
            d.value(m.weight);
        }
    }
    char out[33];
    std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(d.a),
                  static_cast<unsigned long long>(d.b));
    return out;
}

}  // namespace scorecard
