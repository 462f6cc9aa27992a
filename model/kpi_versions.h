// Which KPI versions a contract feed starts and which it withdraws (SPEC §2 "KPI definitions
// are versioned").
//
// A feed lists a contract's KPIs as they are to be. A KPI whose definition differs from the
// one in force starts a new version from the period the feed gives, or by default from the
// next period to be reported; a KPI the feed gives an effective period for always records
// that version (the same definition re-sent from an explicit period is the store's to see
// as unchanged). A KPI in force that the feed no longer lists is withdrawn from the next
// period to be reported. Earlier periods keep being scored with the definitions in force
// then.
//
// Pure: the caller reads the stored contract and its latest returned period and records the
// versions. Thread safety: pure functions.
#pragma once

#include <optional>
#include <vector>

#include "model/domain.h"

namespace scorecard {

// A KPI as a feed lists it for a contract.
struct ListedKpi {
    KpiDefinition definition;
    std::optional<Period> effective;  // absent: from the next period to be reported
};

// SPEC §2: the next period to be reported: the one after the latest returned period, or
// the contract's first period when nothing has been returned (or the latest return is of
// another frequency, after the contract changed frequency); never before the first period.
Period next_period_to_report(const Contract& contract,
                             const std::optional<Period>& latest_returned);

// SPEC §2: the versions to record for `contract` (its stored versions in contract.kpis) when
// a feed lists `listed`: first each listed KPI that starts a version, in the feed's order,
// then a withdrawn version for each KPI in force at `next_to_report` that the feed leaves
// out, by code.
std::vector<KpiVersion> kpi_versions_to_record(const Contract& contract,
                                               const std::vector<ListedKpi>& listed,
                                               const Period& next_to_report);

}  // namespace scorecard
