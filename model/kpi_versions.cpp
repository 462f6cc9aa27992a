#include "model/kpi_versions.h"

#include <algorithm>
#include <set>
#include <string>

#include "model/scoring.h"

namespace scorecard {

// SPEC §2 "default: the next period to be reported".
Period next_period_to_report(const Contract& contract,
                             const std::optional<Period>& latest_returned) {
    const Period first = Period::containing(contract.frequency, contract.start);
    if (!latest_returned || latest_returned->frequency() != contract.frequency)
        return first;
    return std::max(latest_returned->next(), first);
}

// SPEC §2 "KPI definitions are versioned".
std::vector<KpiVersion> kpi_versions_to_record(const Contract& contract,
                                               const std::vector<ListedKpi>& listed,
                                               const Period& next_to_report) {
    std::vector<KpiVersion> out;
    std::set<std::string> codes;
    for (const ListedKpi& kpi : listed) {
        codes.insert(kpi.definition.code);
        const KpiVersion version{kpi.definition, kpi.effective.value_or(next_to_report), false};
        // Without an effective period, the same definition re-sent is no change.
        if (!kpi.effective) {
            const std::vector<KpiDefinition> in_force =
                kpis_in_force(contract.kpis, version.effective);
            if (std::find(in_force.begin(), in_force.end(), kpi.definition) != in_force.end())
                continue;
        }
        out.push_back(version);
    }
    // A KPI the feed no longer lists ends with the next period to be reported.
    for (const KpiDefinition& in_force : kpis_in_force(contract.kpis, next_to_report)) {
        if (!codes.contains(in_force.code))
            out.push_back(KpiVersion{in_force, next_to_report, true});
    }
    return out;
}

}  // namespace scorecard
