// The life of a flag across evaluations (SPEC §2 "Flag", §4): what the scoring run does with
// a contract's stored flags given what the rules found this time.
//
// A flag keeps its identity from one evaluation to the next: the same rule, contract and
// KPI (and, for missing_return, the same period, since each missed period is its own flag)
// are the same flag. An open flag whose condition still holds stays open, refreshed with
// the latest evidence; one whose condition no longer holds is resolved. A finding with no
// open flag raises a new one, unless a commercial user dismissed that flag and its evidence
// period is unchanged: new evidence (a later period) raises it again.
//
// Pure: the caller reads the flags and applies the changes in one transaction. Thread
// safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/domain.h"
#include "model/flag_rules.h"

namespace scorecard {

// What makes two flags of one contract the same flag.
struct FlagIdentity {
    FlagRuleId rule = FlagRuleId::kInadequateKpi;
    std::string kpi_code;
    std::string period;  // missing_return only; empty for the other rules
    auto operator<=>(const FlagIdentity&) const = default;
};
FlagIdentity identity_of(const Flag& flag);
FlagIdentity identity_of(const FlagFinding& finding);

// An open flag whose condition still holds, with what changed in its evidence.
struct FlagRefresh {
    std::int64_t flag_id = 0;
    FlagFinding finding;  // the new severity, period and detail
    bool operator==(const FlagRefresh&) const = default;
};

// The changes that bring one contract's flags in line with its findings.
struct FlagChanges {
    std::vector<FlagFinding> raise;    // new open flags, in the findings' order
    std::vector<FlagRefresh> refresh;  // open flags kept whose severity, period or detail changed
    std::vector<Flag> resolve;         // open flags whose condition no longer holds
};

// `existing` are the contract's open and dismissed flags (resolved ones are history and
// play no part); `findings` are evaluate_flags()'s for the same contract (none for a
// terminated contract, so that its open flags resolve). Open flags left unchanged appear
// nowhere in the result.
FlagChanges reconcile_flags(const std::vector<Flag>& existing,
                            const std::vector<FlagFinding>& findings);

}  // namespace scorecard
