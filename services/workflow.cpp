#include "services/workflow.h"

#include <cmath>
#include <functional>

#include "importers/return_rules.h"
#include "model/review_rules.h"
#include "model/scoring.h"
#include "services/scoring_run.h"

namespace scorecard::services {
namespace {

using store::Connection;

Error invalid(const std::string& field, const std::string& message) {
    return Error::Invalid(message, {Problem{field, message, 0, 0, {}}});
}

// Whether the caller's authority deals with the supplier (holds a contract with it).
bool authority_deals_with(Connection& conn, const Principal& who, const std::string& supplier_id) {
    return who.role == Role::kCommercial && !who.authority_id.empty() &&
           store::SupplierRepository(conn).has_contract_with(supplier_id, who.authority_id);
}

WorkflowParty review_party(Connection& conn, const Principal& who, const Review& review) {
    return {review.supplier_id, authority_deals_with(conn, who, review.supplier_id)};
}

std::string contract_authority(Connection& conn, const std::string& contract_id) {
    auto contract = store::ContractRepository(conn).find(contract_id);
    return contract ? contract->authority_id : std::string();
}

// A dispute belongs to one contract; its authority manages it.
WorkflowParty dispute_party(Connection& conn, const Principal& who, const Dispute& dispute) {
    return contract_party(who,
                          {contract_authority(conn, dispute.contract_id), dispute.supplier_id, {}});
}

// The flag, visible to the caller, allowed `step`: 404, 403 otherwise.
Flag load_flag(Connection& conn, const Principal& who, std::int64_t id, WorkflowStep step) {
    auto flag = store::FlagRepository(conn).find(id);
    if (!flag)
        throw Error::NotFound("no flag " + std::to_string(id));
    const WorkflowParty party = contract_party(who, {flag->authority_id, flag->supplier_id, {}});
    if (!may_see(who, party))
        throw Error::Forbidden("you may not see flag " + std::to_string(id));
    if (!may_take_step(who, step, party))
        throw Error::Forbidden(
            step == WorkflowStep::kRaiseDispute
                ? "only the flagged supplier may dispute flag " + std::to_string(id)
                : "only the contract's commercial team may dismiss flag " + std::to_string(id));
    return *flag;
}

// The contract, if the caller may dispute its ratings: 404, 403 otherwise.
Contract load_disputable_contract(Connection& conn, const Principal& who,
                                  const std::string& contract_id) {
    auto contract = store::ContractRepository(conn).find(contract_id);
    if (!contract)
        throw Error::NotFound("no contract " + contract_id);
    // Its supplier now or before a novation (each disputes its own periods' ratings:
    // period_party, checked with the period).
    const ContractScope scope = scope_of(*contract);
    const auto may_dispute_as = [&](const std::string& supplier_id) {
        const WorkflowParty party = contract_party(who, {scope.authority_id, supplier_id, {}});
        return may_see(who, party) && may_take_step(who, WorkflowStep::kRaiseDispute, party);
    };
    bool may = may_dispute_as(scope.supplier_id);
    for (const SupplierChange& former : scope.former_suppliers)
        may = may || may_dispute_as(former.from_supplier);
    if (!may)
        throw Error::Forbidden("only the contract's supplier may dispute its ratings");
    return *contract;
}

// A review or dispute (`what`, "review"/"dispute") found by id, visible to the caller and
// allowed `step`: 404 when not found, 403 when not seen or not allowed (`not_allowed`
// says why).
template <class Item>
Item checked_item(std::optional<Item> found, std::string_view what, std::int64_t id,
                  const Principal& who, std::optional<WorkflowStep> step,
                  const std::function<WorkflowParty(const Item&)>& party_of,
                  const std::string& not_allowed) {
    const std::string name = std::string(what) + " " + std::to_string(id);
    if (!found)
        throw Error::NotFound("no " + name);
    const WorkflowParty party = party_of(*found);
    if (!may_see(who, party))
        throw Error::Forbidden("you may not see " + name);
    if (step && !may_take_step(who, *step, party))
        throw Error::Forbidden(not_allowed);
    return std::move(*found);
}

Review load_review(Connection& conn, const Principal& who, std::int64_t id,
                   std::optional<WorkflowStep> step) {
    return checked_item<Review>(
        store::ReviewRepository(conn).find(id), "review", id, who, step,
        [&](const Review& r) { return review_party(conn, who, r); },
        "your role (" + std::string(to_string(who.role)) + ") may not do this in review " +
            std::to_string(id));
}

Dispute load_dispute(Connection& conn, const Principal& who, std::int64_t id,
                     std::optional<WorkflowStep> step) {
    return checked_item<Dispute>(
        store::DisputeRepository(conn).find(id), "dispute", id, who, step,
        [&](const Dispute& d) { return dispute_party(conn, who, d); },
        "you may not decide dispute " + std::to_string(id) +
            ": that is for the contract's commercial team");
}

// The rating dispute's measure amended to `value`: the current return of the period with
// that KPI's measure replaced (or added, when it was left out), checked by the same rules
// as any return (importers/return_rules.h).
ReturnVersion amended_return(Connection& conn, const Principal& who, const Dispute& dispute,
                             double value, const std::string& decision_reason, Timestamp now) {
    store::ContractRepository contracts(conn);
    contracts.lock(dispute.contract_id);
    auto contract = contracts.find(dispute.contract_id);
    if (!contract)
        throw Error::NotFound("no contract " + dispute.contract_id);
    auto current = store::ReturnRepository(conn).current(dispute.contract_id, *dispute.period);
    if (!current) {
        throw Error::Conflict("contract " + dispute.contract_id + " has no return for " +
                              dispute.period->to_string() + " to amend");
    }
    const std::string cite =
        "dispute " + std::to_string(dispute.id) + " upheld: " + decision_reason;
    ReturnVersion version;
    version.figures = current->figures;
    version.figures.submitted = now;
    Measure corrected;
    corrected.kpi_code = dispute.kpi_code;
    corrected.status = MeasureStatus::kMeasured;
    corrected.value = value;
    corrected.comment = cite;
    bool replaced = false;
    for (Measure& m : version.figures.measures) {
        if (m.kpi_code == dispute.kpi_code) {
            m = corrected;
            replaced = true;
        }
    }
    if (!replaced)
        version.figures.measures.push_back(corrected);

    importers::ParsedReturn parsed;
    parsed.figures = version.figures;
    parsed.measure_where.resize(parsed.figures.measures.size());
    auto problems =
        importers::check_return(parsed, &*contract, who, "dispute " + std::to_string(dispute.id));
    if (!problems.empty()) {
        throw Error::Invalid("the corrected figure breaks " + std::to_string(problems.size()) +
                                 " rule(s) of a return; nothing was changed",
                             problems);
    }
    version.document_id = 0;
    version.submitted_by = who.user;
    version.received = now;
    version.reason = cite;
    return store::ReturnRepository(conn).add_version(std::move(version),
                                                     store::Change{who.user, now});
}

}  // namespace

// ---- flags ----

Flag Workflow::dismiss_flag(const Principal& who, std::int64_t flag_id, const std::string& reason) {
    Flag out;
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        load_flag(conn, who, flag_id, WorkflowStep::kDismissFlag);
        if (is_blank(reason))
            throw invalid("required", "a reason is required to dismiss a flag");
        store::FlagRepository flags(conn);
        flags.dismiss(flag_id, reason, {who.user, now_});
        out = *flags.find(flag_id);
    });
    return out;
}

Flag Workflow::flag_for(const Principal& who, std::int64_t flag_id, WorkflowStep step) {
    auto conn = db_.acquire();
    return load_flag(*conn, who, flag_id, step);
}

Contract Workflow::disputable_contract(const Principal& who, const std::string& contract_id) {
    auto conn = db_.acquire();
    return load_disputable_contract(*conn, who, contract_id);
}

WorkflowParty Workflow::party(const Principal& who, const Review& review) {
    auto conn = db_.acquire();
    return review_party(*conn, who, review);
}

WorkflowParty Workflow::party(const Principal& who, const Dispute& dispute) {
    auto conn = db_.acquire();
    return dispute_party(*conn, who, dispute);
}

// ---- reviews ----

Review Workflow::review(const Principal& who, std::int64_t id) {
    auto conn = db_.acquire();
    return load_review(*conn, who, id, std::nullopt);
}

Review Workflow::transition(const Principal& who, std::int64_t id, ReviewState to,
                            const std::string& note) {
    Review out;
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        Review review = load_review(conn, who, id, WorkflowStep::kTransition);
        refuse(check_transition(review, to, note));
        store::ReviewRepository repo(conn);
        repo.transition(id, ReviewTransition{review.state, to, who.user, now_, note},
                        {who.user, now_});
        out = *repo.find(id);
    });
    return out;
}

Review Workflow::comment(const Principal& who, std::int64_t id, const std::string& text) {
    Review out;
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        Review review = load_review(conn, who, id, WorkflowStep::kComment);
        refuse(check_comment(review));
        if (is_blank(text))
            throw invalid("required", "a comment needs some text");
        store::ReviewRepository repo(conn);
        repo.add_comment(id, ReviewComment{0, who.user, who.role, now_, text}, {who.user, now_});
        out = *repo.find(id);
    });
    return out;
}

Review Workflow::propose_action(const Principal& who, std::int64_t id, const ReviewAction& action) {
    Review out;
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        Review review = load_review(conn, who, id, WorkflowStep::kProposeAction);
        refuse(check_plan_open(review));
        if (is_blank(action.description) || is_blank(action.owner) || !action.due)
            throw invalid("required", "an action needs a description, an owner and a due date");
        ReviewAction proposed = action;
        proposed.agreed = false;  // agreed only by the commercial team, as its own step
        store::ReviewRepository repo(conn);
        repo.add_action(id, proposed, {who.user, now_});
        out = *repo.find(id);
    });
    return out;
}

Review Workflow::agree_action(const Principal& who, std::int64_t id, std::int64_t action_id,
                              const std::string& note) {
    Review out;
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        Review review = load_review(conn, who, id, WorkflowStep::kAgreeAction);
        refuse(check_plan_open(review));
        store::ReviewRepository repo(conn);
        repo.agree_action(id, action_id, note, {who.user, now_});
        out = *repo.find(id);
    });
    return out;
}

// ---- disputes ----

Dispute Workflow::dispute(const Principal& who, std::int64_t id) {
    auto conn = db_.acquire();
    return load_dispute(*conn, who, id, std::nullopt);
}

Dispute Workflow::raise_dispute(const Principal& who, const DisputeRequest& request) {
    if (is_blank(request.reason))
        throw invalid("required", "a dispute needs a reason");
    const bool of_flag = request.flag_id != 0;
    if (of_flag &&
        (!request.contract_id.empty() || !request.kpi_code.empty() || !request.period.empty()))
        throw invalid("ambiguous",
                      "dispute either a flag (\"flag\") or a rating (\"contract\", "
                      "\"kpi\", \"period\"), not both");
    std::vector<Problem> missing;
    if (!of_flag) {
        for (const auto& [field, value] :
             {std::pair{"contract", &request.contract_id}, std::pair{"kpi", &request.kpi_code},
              std::pair{"period", &request.period}}) {
            if (is_blank(*value))
                missing.push_back(
                    {"required", std::string("'") + field + "' is required", 0, 0, {}});
        }
        if (!missing.empty())
            throw Error::Invalid("a rating dispute names the contract, the KPI and the period",
                                 missing);
    }
    Dispute out;
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        Dispute dispute;
        dispute.reason = request.reason;
        dispute.raised_by = who.user;
        dispute.raised = now_;
        dispute.status = DisputeStatus::kOpen;
        if (of_flag) {
            const Flag flag = load_flag(conn, who, request.flag_id, WorkflowStep::kRaiseDispute);
            dispute.flag_id = flag.id;
            dispute.contract_id = flag.contract_id;
            dispute.supplier_id = flag.supplier_id;
            dispute.kpi_code = flag.kpi_code;
            dispute.period = flag.period;
            if (flag.status != FlagStatus::kOpen) {
                throw Error::Conflict("flag " + std::to_string(flag.id) + " is " +
                                      std::string(to_string(flag.status)) +
                                      ": only an open flag can be disputed");
            }
        } else {
            const Contract contract = load_disputable_contract(conn, who, request.contract_id);
            auto period = Period::parse(request.period);
            if (!period || period->frequency() != contract.frequency) {
                throw invalid("period", "'" + request.period + "' is not a " +
                                            std::string(to_string(contract.frequency)) +
                                            " period of contract " + contract.id);
            }
            bool known = false;
            for (const KpiDefinition& k : kpis_in_force(contract.kpis, *period))
                known = known || k.code == request.kpi_code;
            if (!known) {
                throw invalid("unknown_kpi", "contract " + contract.id + " has no KPI '" +
                                                 request.kpi_code + "' in " + request.period);
            }
            // A period's rating is the supplier's that held the period (a novation splits
            // them): another supplier of the contract may neither dispute it nor see it.
            const WorkflowParty party = period_party(who, scope_of(contract), *period);
            if (!may_take_step(who, WorkflowStep::kRaiseDispute, party)) {
                throw Error::Forbidden("only the supplier that held contract " + contract.id +
                                       " in " + request.period + " may dispute its ratings");
            }
            if (!store::ReturnRepository(conn).current(contract.id, *period)) {
                throw Error::Conflict("contract " + contract.id + " has no return for " +
                                      request.period + ": submit the return rather than dispute");
            }
            dispute.contract_id = contract.id;
            dispute.supplier_id = party.supplier_id;
            dispute.kpi_code = request.kpi_code;
            dispute.period = *period;
        }
        store::DisputeRepository repo(conn);
        if (auto open = repo.open_duplicate(dispute)) {
            throw Error::Conflict("dispute " + std::to_string(open->id) + " about the same " +
                                  (of_flag ? "flag" : "rating") + " is still open");
        }
        out = *repo.find(repo.create(dispute, {who.user, now_}));
    });
    return out;
}

Dispute Workflow::decide_dispute(const Principal& who, std::int64_t id,
                                 const DisputeDecision& decision) {
    if (decision.decision == DisputeStatus::kOpen)
        throw invalid("decision", "the decision is upheld or rejected");
    if (is_blank(decision.reason))
        throw invalid("required", "a decision needs a reason");
    if (decision.value && !std::isfinite(*decision.value))
        throw invalid("value", "the corrected value must be a finite number");
    Dispute out;
    bool rescore = false;
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        rescore = false;
        Dispute dispute = load_dispute(conn, who, id, WorkflowStep::kDecideDispute);
        if (dispute.status != DisputeStatus::kOpen) {
            throw Error::Conflict("dispute " + std::to_string(id) + " was already decided (" +
                                  std::string(to_string(dispute.status)) + ")");
        }
        const store::Change change{who.user, now_};
        if (decision.decision == DisputeStatus::kUpheld) {
            if (dispute.flag_id != 0) {
                if (decision.value)
                    throw invalid("value",
                                  "a flag dispute takes no corrected value: dispute "
                                  "the rating to correct a figure");
                store::FlagRepository flags(conn);
                auto flag = flags.find(dispute.flag_id);
                if (flag && flag->status == FlagStatus::kOpen) {
                    flags.dismiss(flag->id,
                                  "dispute " + std::to_string(id) + " upheld: " + decision.reason,
                                  change);
                }
            } else {
                if (!decision.value)
                    throw invalid("required",
                                  "upholding a rating dispute needs the corrected "
                                  "figure in 'value'");
                amended_return(conn, who, dispute, *decision.value, decision.reason, now_);
                rescore = true;
            }
        } else if (decision.value) {
            throw invalid("value", "a rejected dispute takes no corrected value");
        }
        store::DisputeRepository repo(conn);
        repo.decide(id, decision.decision, decision.reason, change);
        out = *repo.find(id);
    });
    if (rescore) {
        // As after an import: the amendment is committed; a failed rescore is repaired by
        // the next document for the contract or by `scorecard score`.
        rescore_contracts(db_, {out.contract_id}, date_of(now_), policy_, now_);
    }
    return out;
}

// ---- audit ----

void check_audit_request(const Principal& who, const store::AuditFilter& filter) {
    if (!role_may(who.role, Permission::kReadAudit))
        throw Error::Forbidden("the audit log is for administrators");
    if (filter.from && filter.to && *filter.to < *filter.from)
        throw Error::BadRequest("'to' (" + format_date(*filter.to) + ") is before 'from' (" +
                                format_date(*filter.from) + ")");
}

AuditPage Workflow::audit(const Principal& who, const store::AuditFilter& filter) {
    check_audit_request(who, filter);
    auto conn = db_.acquire();
    store::AuditRepository repo(*conn);
    AuditPage page;
    page.entries = repo.search(filter);
    page.total = repo.count(filter);
    return page;
}

}  // namespace scorecard::services
