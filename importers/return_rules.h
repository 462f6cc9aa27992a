// The rules a KPI return must pass that need to know the contract and the sender
// (SPEC §5): one small function per rule in return_rules.cpp.
#pragma once

#include <vector>

#include "importers/documents.h"
#include "model/access.h"

namespace scorecard::importers {

// `contract` is the contract the return names (with its KPI versions), or nullptr if it
// does not exist. Checks: the contract exists; the sender may report for it; the period
// matches the contract's frequency, overlaps its dates and ended before `submitted`; every
// kpi is one of the contract's codes in force for that period.
std::vector<Problem> check_return(const ParsedReturn& ret, const Contract* contract,
                                  const Principal& sender, const std::string& document_name);

}  // namespace scorecard::importers
