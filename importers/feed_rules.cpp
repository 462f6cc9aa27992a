#include "importers/feed_rules.h"

#include <algorithm>
#include <map>
#include <set>

#include "importers/return_rules.h"

namespace scorecard::importers {
namespace {

class FeedProblems {
  public:
    FeedProblems(const std::string& document, std::vector<Problem>& out)
        : document_(document), out_(out) {}
    void add(Location where, std::string code, std::string message) {
        out_.push_back(
            Problem{std::move(code), std::move(message), where.line, where.column, document_});
    }

  private:
    const std::string& document_;
    std::vector<Problem>& out_;
};

bool call(const std::function<bool(const std::string&)>& lookup, const std::string& id) {
    return lookup && lookup(id);
}

// SPEC §1: a commercial user loads feeds for their own authority only, so a feed may only
// define (rename) the authorities its sender may load feeds for.
void check_authorities_loadable(const ContractFeedDocument& feed, const Principal& sender,
                                FeedProblems& problems) {
    for (const auto& a : feed.authorities) {
        if (!a.authority.id.empty() && !may_load_feed_for(sender, a.authority.id))
            problems.add(
                a.where, "forbidden",
                "'" + sender.user + "' may not load feeds for authority " + a.authority.id);
    }
}

// SPEC §5: a contract's authority and its supplier are each defined in the feed or already
// known. `party` names which ("authority", "supplier"); `id` is the contract's reference.
void check_party_known(const ParsedContract& pc, const std::string& party, const std::string& id,
                       const std::set<std::string>& in_feed,
                       const std::function<bool(const std::string&)>& exists,
                       FeedProblems& problems) {
    if (id.empty() || in_feed.contains(id) || call(exists, id))
        return;
    problems.add(pc.where, "unknown_" + party,
                 "contract " + pc.contract.id + " names " + party + " " + id +
                     ", which is neither in this feed nor known");
}

// SPEC §1: "load contract feeds for their authority".
void check_sender_may_load(const ParsedContract& pc, const Principal& sender,
                           FeedProblems& problems) {
    const auto& id = pc.contract.authority_id;
    if (id.empty() || may_load_feed_for(sender, id))
        return;
    problems.add(pc.where, "forbidden",
                 "'" + sender.user + "' may not load feeds for authority " + id + " (contract " +
                     pc.contract.id + ")");
}

// SPEC §2: a contract belongs to one authority; a feed cannot hand it to another.
void check_authority_unchanged(const ParsedContract& pc, const std::optional<Contract>& stored,
                               FeedProblems& problems) {
    if (!stored || pc.contract.authority_id.empty() ||
        stored->authority_id == pc.contract.authority_id)
        return;
    problems.add(pc.where, "authority_change",
                 "contract " + pc.contract.id + " belongs to authority " + stored->authority_id +
                     "; a feed cannot move it to " + pc.contract.authority_id);
}

// SPEC §2: a contract's supplier changes only by a novation, which keeps the former
// supplier's periods its own; a feed naming another supplier is refused, never applied.
void check_supplier_unchanged(const ParsedContract& pc, const std::optional<Contract>& stored,
                              const std::string& document, std::vector<Problem>& out) {
    if (!stored || pc.contract.supplier_id.empty() ||
        stored->supplier_id == pc.contract.supplier_id)
        return;
    out.push_back(supplier_change_problem(pc.contract.id, stored->supplier_id,
                                          pc.contract.supplier_id, document, pc.where));
}

// The contract a return in the feed is checked against: the feed's own version of it
// (attributes and KPIs) over the stored one. Stored KPI versions stay; a feed KPI with
// `effective` adds a version from that period; one without adds a version from the
// contract's first period when the code is new (otherwise when it takes effect is the
// services' decision, "the next period to be reported", and the stored versions stand).
Contract contract_as_fed(const ParsedContract& pc, const std::optional<Contract>& stored) {
    Contract c = pc.contract;
    c.kpis = stored ? stored->kpis : std::vector<KpiVersion>{};
    if (stored)
        c.former_suppliers = stored->former_suppliers;
    const Period first = Period::containing(c.frequency, c.start);
    for (const auto& kpi : pc.kpis) {
        const auto& code = kpi.definition.code;
        auto same_code = [&](const KpiVersion& v) { return v.definition.code == code; };
        if (kpi.effective) {
            std::erase_if(c.kpis, [&](const KpiVersion& v) {
                return same_code(v) && v.effective == *kpi.effective;
            });
            c.kpis.push_back({kpi.definition, *kpi.effective, false});
        } else if (std::none_of(c.kpis.begin(), c.kpis.end(), same_code)) {
            c.kpis.push_back({kpi.definition, first, false});
        }
    }
    std::sort(c.kpis.begin(), c.kpis.end(), [](const KpiVersion& a, const KpiVersion& b) {
        return a.definition.code != b.definition.code ? a.definition.code < b.definition.code
                                                      : a.effective < b.effective;
    });
    return c;
}

}  // namespace

Problem supplier_change_problem(const std::string& contract_id, const std::string& stored_supplier,
                                const std::string& named_supplier, const std::string& document_name,
                                Location where) {
    return Problem{"supplier_change",
                   "contract " + contract_id + " is " + stored_supplier +
                       "'s; a document cannot move it to " + named_supplier +
                       ": a change of supplier is a novation (POST /api/v1/contracts/" +
                       contract_id + "/novation, by the contract's authority or an admin)",
                   where.line, where.column, document_name};
}

std::vector<Problem> check_feed(const ContractFeedDocument& feed, const FeedLookups& lookups,
                                const Principal& sender, const std::string& document_name) {
    std::vector<Problem> out;
    FeedProblems problems(document_name, out);

    std::set<std::string> authorities, suppliers;
    for (const auto& a : feed.authorities)
        authorities.insert(a.authority.id);
    for (const auto& s : feed.suppliers)
        suppliers.insert(s.supplier.id);

    check_authorities_loadable(feed, sender, problems);
    std::map<std::string, Contract> fed;
    for (const auto& pc : feed.contracts) {
        std::optional<Contract> stored;
        if (lookups.find_contract && !pc.contract.id.empty())
            stored = lookups.find_contract(pc.contract.id);
        check_party_known(pc, "authority", pc.contract.authority_id, authorities,
                          lookups.authority_exists, problems);
        check_party_known(pc, "supplier", pc.contract.supplier_id, suppliers,
                          lookups.supplier_exists, problems);
        check_sender_may_load(pc, sender, problems);
        check_authority_unchanged(pc, stored, problems);
        check_supplier_unchanged(pc, stored, document_name, out);
        if (!pc.contract.id.empty())
            fed.emplace(pc.contract.id, contract_as_fed(pc, stored));
    }

    // SPEC §5: returns in a feed pass the same rules as any return.
    for (const auto& ret : feed.returns) {
        const auto& id = ret.figures.contract_id;
        std::optional<Contract> stored;
        const Contract* contract = nullptr;
        if (auto it = fed.find(id); it != fed.end()) {
            contract = &it->second;
        } else if (lookups.find_contract && !id.empty()) {
            stored = lookups.find_contract(id);
            contract = stored ? &*stored : nullptr;
        }
        auto found = check_return(ret, contract, sender, document_name);
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

}  // namespace scorecard::importers
