#include "model/flag_lifecycle.h"

#include <map>
#include <set>
#include <utility>

namespace scorecard {
namespace {

FlagIdentity identity(FlagRuleId rule, const std::string& kpi_code, const Period& period) {
    // SPEC §4 missing_return: each missed period is its own flag.
    return {rule, kpi_code, rule == FlagRuleId::kMissingReturn ? period.to_string() : ""};
}

}  // namespace

FlagIdentity identity_of(const Flag& flag) {
    return identity(flag.rule, flag.kpi_code, flag.period);
}

FlagIdentity identity_of(const FlagFinding& finding) {
    return identity(finding.rule, finding.kpi_code, finding.period);
}

// SPEC §2 "Flag": open until the condition no longer holds (resolved) or dismissed.
FlagChanges reconcile_flags(const std::vector<Flag>& existing,
                            const std::vector<FlagFinding>& findings) {
    std::map<FlagIdentity, const Flag*> open;
    // A dismissal holds for the evidence it was made on: the flag and its period.
    std::set<std::pair<FlagIdentity, Period>> dismissed;
    for (const Flag& f : existing) {
        if (f.status == FlagStatus::kOpen)
            open[identity_of(f)] = &f;
        else if (f.status == FlagStatus::kDismissed)
            dismissed.emplace(identity_of(f), f.period);
    }

    FlagChanges out;
    std::set<FlagIdentity> holding;  // open after this evaluation
    for (const FlagFinding& finding : findings) {
        const FlagIdentity id = identity_of(finding);
        if (!holding.insert(id).second)
            continue;  // the rules give one finding per identity; a repeat changes nothing
        if (auto it = open.find(id); it != open.end()) {
            const Flag& f = *it->second;
            if (f.severity != finding.severity || f.period != finding.period ||
                f.detail != finding.detail)
                out.refresh.push_back({f.id, finding});
            continue;
        }
        if (dismissed.contains({id, finding.period})) {
            holding.erase(id);
            continue;
        }
        out.raise.push_back(finding);
    }
    for (const auto& [id, flag] : open) {
        if (!holding.contains(id))
            out.resolve.push_back(*flag);
    }
    return out;
}

}  // namespace scorecard
