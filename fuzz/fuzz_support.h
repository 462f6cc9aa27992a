// What the fuzz targets share: a stored contract for the database rules to check against
// (the SPEC §5 example, monthly from 2024-04 with CALLS and COMPLAINTS), the principals
// that send documents, and the rule checks run on whatever parse_document accepted.
#pragma once

#include <optional>
#include <string>

#include "importers/documents.h"
#include "importers/feed_rules.h"
#include "importers/return_rules.h"
#include "model/calendar.h"

namespace scorecard::fuzz {

inline Contract stored_contract() {
    Contract c;
    c.id = "DWP-2024-0001";
    c.authority_id = "GB-GOV-DWP";
    c.supplier_id = "GB-COH-01234567";
    c.title = "Contact centre services";
    c.start = *parse_date("2024-04-01");
    c.end = *parse_date("2027-03-31");
    c.value = 12500000;
    KpiDefinition calls{"CALLS", "Calls",      Unit::kPercent, Direction::kHigher,
                        40,      {95, 90, 85}, std::nullopt};
    KpiDefinition complaints{"COMPLAINTS", "Complaints", Unit::kRatio, Direction::kLower,
                             20,           {5, 8, 12},   std::nullopt};
    const Period first = Period::containing(Frequency::kMonthly, c.start);
    c.kpis = {{calls, first, false}, {complaints, first, false}};
    return c;
}

// Runs the checks the import pipeline runs after parsing (SPEC §5), against one stored
// contract, as a commercial user of its authority and as its supplier.
inline void check_rules(const importers::ParseResult& parsed) {
    static const Contract contract = stored_contract();
    const Principal senders[] = {{"commercial.dwp", Role::kCommercial, "GB-GOV-DWP", ""},
                                 {"supplier.a", Role::kSupplier, "", "GB-COH-01234567"}};
    importers::FeedLookups lookups{
        [](const std::string& id) { return id == "GB-GOV-DWP"; },
        [](const std::string& id) { return id == "GB-COH-01234567"; },
        [](const std::string& id) -> std::optional<Contract> {
            if (id == contract.id)
                return contract;
            return std::nullopt;
        },
    };
    for (const auto& sender : senders) {
        if (parsed.kind == importers::DocumentKind::kContractFeed)
            (void)importers::check_feed(parsed.feed, lookups, sender, "fuzz");
        for (const auto& r : parsed.returns)
            (void)importers::check_return(
                r, r.figures.contract_id == contract.id ? &contract : nullptr, sender, "fuzz");
    }
}

}  // namespace scorecard::fuzz
