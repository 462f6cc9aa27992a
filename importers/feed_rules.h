// The rules a ContractFeed must pass that need the database or the sender: referenced
// authorities and suppliers exist (in the feed or already stored), the sender may load
// feeds for each contract's authority, a contract does not move to another authority nor to
// another supplier (that is a novation: docs/formats.md "Novation").
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "importers/documents.h"
#include "model/access.h"

namespace scorecard::importers {

struct FeedLookups {
    std::function<bool(const std::string& authority_id)> authority_exists;
    std::function<bool(const std::string& supplier_id)> supplier_exists;
    // The stored contract with that id, if any.
    std::function<std::optional<Contract>(const std::string& contract_id)> find_contract;
};

// The problem "supplier_change": a document names `named_supplier` for a contract that is
// `stored_supplier`'s. Shared by feeds and award notices, so that both say it alike.
Problem supplier_change_problem(const std::string& contract_id, const std::string& stored_supplier,
                                const std::string& named_supplier, const std::string& document_name,
                                Location where);

std::vector<Problem> check_feed(const ContractFeedDocument& feed, const FeedLookups& lookups,
                                const Principal& sender, const std::string& document_name);

}  // namespace scorecard::importers
