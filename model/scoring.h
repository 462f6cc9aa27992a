// Scores: measures -> contract period scores -> contract current score -> supplier score,
// and where a supplier stands in its size class (SPEC §3 rules 3 and 5-7).
//
// Pure functions of their arguments: the same data always gives the same scores (§3.8).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/domain.h"
#include "model/rating.h"

namespace scorecard {

// The KPI definitions in force for `period`: for each code, the version with the latest
// effective period <= `period`, unless that version is withdrawn. A KPI whose first version
// is effective after `period` is not in force. Ordered by code.
std::vector<KpiDefinition> kpis_in_force(const std::vector<KpiVersion>& versions,
                                         const Period& period);

// kpis_in_force for any period of one contract, worked out once for each period at which a
// version takes effect (what is in force changes only there): a contract's scorecard asks
// for every one of its periods, and building the answer each time was a tenth of a
// rescoring. Holds copies: `versions` may go after it is made.
class KpiSchedule {
  public:
    explicit KpiSchedule(const std::vector<KpiVersion>& versions);
    // Equal to kpis_in_force(versions, period).
    const std::vector<KpiDefinition>& at(const Period& period) const;

  private:
    std::vector<std::pair<Period, std::vector<KpiDefinition>>> from_;  // ascending periods
    std::vector<KpiDefinition> none_;
};

struct MeasureScore {
    std::string kpi_code;
    std::optional<double> value;  // absent for missing and not-applicable measures
    Rating rating = Rating::kMissing;
    int points = 0;  // 0 for other and missing
    double weight = 0;
    bool operator==(const MeasureScore&) const = default;
};

struct PeriodScore {
    Period period;
    // Σ(weight × points) / Σ(weight) over the KPIs in force, missing ones at 0 points and
    // `other` ones left out of both sums; unrounded. nullopt when every KPI is `other` (or
    // none is in force): such a period has no score.
    std::optional<double> score;
    Rating rating = Rating::kMissing;    // rating_or_missing(score)
    std::vector<MeasureScore> measures;  // one per KPI in force, ordered by code
};

// SPEC §3.3-3.4 for one returned period. Measures for codes not in force are ignored.
PeriodScore score_period(const std::vector<KpiDefinition>& in_force,
                         const std::vector<Measure>& measures, const Period& period,
                         const ScoringPolicy& policy);

// Scores every returned period of a contract (the current version of each return),
// ascending by period.
std::vector<PeriodScore> score_contract(const Contract& contract,
                                        const std::vector<KpiReturn>& current_returns,
                                        const ScoringPolicy& policy);

// A text that names a contract's period scores exactly (every field of every period and
// measure, 128 bits of hash): equal texts mean equal scores but for a 2^-128 chance, so a
// rescoring compares it with the one stored beside the scores instead of reading them back.
std::string scores_digest(const std::vector<PeriodScore>& periods);

// SPEC §3.5: the latest period that has a return and a score; nullptr if none.
const PeriodScore* current_score(const std::vector<PeriodScore>& periods);

struct ContractCurrentScore {
    double score = 0;
    double contract_value = 0;
};

// SPEC §3.6: mean of the active contracts' current scores weighted by contract value
// (an unweighted mean when every value is 0); nullopt when there is none.
std::optional<double> supplier_score(const std::vector<ContractCurrentScore>& contracts);

// SPEC §3.7: where `score` stands among `class_scores` (which include it): the percentage
// of scores in the class that are <= `score`. 100 is the best in class.
double percentile_in_class(double score, const std::vector<double>& class_scores);
// The same from counts: `at_or_below` of the class's `total` scores are <= the supplier's.
double percentile_in_class(std::int64_t at_or_below, std::int64_t total);

}  // namespace scorecard
