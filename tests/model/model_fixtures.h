// Small builders for the model tests: KPIs, contracts, returns and scored periods written
// the way the spec writes them ("2026-09", "2026-10-10"), so each test reads like a worked
// example. Test-only; plain functions.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "model/domain.h"
#include "model/scoring.h"
#include "tests/support/spec_values.h"

namespace scorecard::model_test {

// The spec's configuration (SPEC §3 and §4), which most examples are worked out with.
inline const ScoringPolicy& spec_policy() {
    static const ScoringPolicy policy = default_policy();
    return policy;
}

// "2026-09" -> Period, "2026-10-10" -> Date (tests/support/spec_values.h).
using scorecard::testing::date;
using scorecard::testing::period;

inline KpiDefinition kpi(const std::string& code, Direction direction, double weight, double good,
                         double approaching, double minimum) {
    KpiDefinition k;
    k.code = code;
    k.name = code;
    k.direction = direction;
    k.weight = weight;
    k.thresholds = {good, approaching, minimum};
    return k;
}

// The two KPIs of SPEC §5's example feed.
inline KpiDefinition calls() {
    return kpi("CALLS", Direction::kHigher, 40, 95, 90, 85);
}
inline KpiDefinition complaints() {
    return kpi("COMPLAINTS", Direction::kLower, 20, 5, 8, 12);
}

inline KpiVersion version(KpiDefinition definition, const std::string& effective,
                          bool withdrawn = false) {
    return KpiVersion{std::move(definition), period(effective), withdrawn};
}

inline Measure measured(const std::string& code, double value) {
    Measure m;
    m.kpi_code = code;
    m.value = value;
    return m;
}

inline Measure not_applicable(const std::string& code) {
    Measure m;
    m.kpi_code = code;
    m.status = MeasureStatus::kNotApplicable;
    m.comment = "service suspended for the period";
    return m;
}

inline KpiReturn kpi_return(const std::string& period_text, std::vector<Measure> measures) {
    KpiReturn r;
    r.contract_id = "DWP-2024-0001";
    r.period = period(period_text);
    r.measures = std::move(measures);
    return r;
}

// A monthly contract like SPEC §5's, with CALLS and COMPLAINTS in force from 2026-01.
inline Contract monthly_contract(const std::string& start = "2026-01-01",
                                 const std::string& end = "2027-12-31") {
    Contract c;
    c.id = "DWP-2024-0001";
    c.authority_id = "GB-GOV-DWP";
    c.supplier_id = "GB-COH-01234567";
    c.title = "Contact centre services";
    c.start = date(start);
    c.end = date(end);
    c.value = 12500000;
    c.frequency = Frequency::kMonthly;
    c.kpis = {version(calls(), "2026-01"), version(complaints(), "2026-01")};
    return c;
}

// `contract` scored under the spec's policy on one return for 2026-09 with CALLS `calls`
// and COMPLAINTS 4 (good: 100 points × 20).
inline std::vector<PeriodScore> scored_september(const Contract& contract, double calls) {
    return score_contract(
        contract, {kpi_return("2026-09", {measured("CALLS", calls), measured("COMPLAINTS", 4)})},
        spec_policy());
}

// A returned period as the score-based rules see it: only its score matters.
inline PeriodScore scored(const std::string& period_text, std::optional<double> score) {
    PeriodScore p;
    p.period = period(period_text);
    p.score = score;
    p.rating = rating_or_missing(score, spec_policy().bands);
    return p;
}

// A return for every month from `first` to `last` inclusive, with the same figures.
inline std::vector<KpiReturn> monthly_returns(const std::string& first, const std::string& last,
                                              const std::vector<Measure>& measures) {
    std::vector<KpiReturn> out;
    for (Period p = period(first); p <= period(last); p = p.next())
        out.push_back(kpi_return(p.to_string(), measures));
    return out;
}

}  // namespace scorecard::model_test
