#include "model/review_rules.h"

#include <set>

#include "model/flag_rules.h"

namespace scorecard {
namespace {

std::string state_name(ReviewState state) {
    return std::string(to_string(state));
}

}  // namespace

// SPEC §4, last paragraph.
std::string review_reason(const std::vector<Flag>& open_flags) {
    std::string reason;
    std::set<std::string> named;  // a rule on a contract once, however many periods it fired
    for (const Flag& f : open_flags) {
        if (f.severity == Severity::kLow)
            continue;
        std::string part = std::string(to_string(f.rule)) + " on " + f.contract_id;
        if (!named.insert(part).second)
            continue;
        reason += (reason.empty() ? "" : "; ") + part;
    }
    return reason.empty() ? "open flags on several contracts" : reason;
}

void refuse(const std::optional<Refusal>& refusal) {
    if (!refusal)
        return;
    if (refusal->code == ErrorCode::kInvalid)
        throw Error::Invalid(refusal->message, {Problem{"invalid", refusal->message, 0, 0, {}}});
    throw Error(refusal->code, refusal->message);
}

bool is_blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// SPEC §1 "may do": the role's permission for the step (model/access.h), then whether the
// record is the caller's: admin's always, a commercial team's when its authority manages
// it, a supplier's when it is about that supplier.
Permission permission_for(WorkflowStep step) {
    switch (step) {
        case WorkflowStep::kTransition:
        case WorkflowStep::kAgreeAction:
            return Permission::kManageReviews;
        case WorkflowStep::kComment:
        case WorkflowStep::kProposeAction:
            return Permission::kTakePartInReviews;
        case WorkflowStep::kDismissFlag:
            return Permission::kManageFlags;
        case WorkflowStep::kRaiseDispute:
            return Permission::kRaiseDisputes;
        case WorkflowStep::kDecideDispute:
            return Permission::kDecideDisputes;
    }
    return Permission::kManageUsers;  // unreachable: the switch names every step
}

bool may_take_step(const Principal& who, WorkflowStep step, const WorkflowParty& party) {
    if (!role_may(who.role, permission_for(step)))
        return false;
    switch (who.role) {
        case Role::kAdmin:
            return true;
        case Role::kCommercial:
            return !who.authority_id.empty() && party.callers_authority;
        case Role::kSupplier:
            return !who.supplier_id.empty() && who.supplier_id == party.supplier_id;
        case Role::kMinister:
            return false;
    }
    return false;
}

WorkflowParty contract_party(const Principal& who, const ContractScope& contract) {
    return {contract.supplier_id, who.role == Role::kCommercial && !who.authority_id.empty() &&
                                      who.authority_id == contract.authority_id};
}

WorkflowParty period_party(const Principal& who, const ContractScope& contract,
                           const Period& period) {
    WorkflowParty party = contract_party(who, contract);
    party.supplier_id = contract.supplier_of_period(period.first_day());
    return party;
}

// SPEC §1 "may see": as may_view_supplier, for the records of the workflow.
bool may_see(const Principal& who, const WorkflowParty& party) {
    return may_view_supplier(who, party.supplier_id, party.callers_authority);
}

std::optional<ReviewState> next_review_state(ReviewState from) {
    switch (from) {
        case ReviewState::kProposed:
            return ReviewState::kScheduled;
        case ReviewState::kScheduled:
            return ReviewState::kActionPlanAgreed;
        case ReviewState::kActionPlanAgreed:
            return ReviewState::kMonitoring;
        case ReviewState::kMonitoring:
            return ReviewState::kClosed;
        case ReviewState::kClosed:
            return std::nullopt;
    }
    return std::nullopt;
}

// SPEC §2 "Partnership review": only along the chain, each step with a note.
std::optional<Refusal> check_transition(const Review& review, ReviewState to,
                                        const std::string& note) {
    const auto next = next_review_state(review.state);
    if (!next || !review_transition_allowed(review.state, to) || *next != to) {
        std::string message = "review " + std::to_string(review.id) + " is " +
                              state_name(review.state) + ": it cannot move to " + state_name(to);
        message +=
            next ? "; the only next state is " + state_name(*next) : "; a closed review is final";
        return Refusal{ErrorCode::kConflict, message};
    }
    if (is_blank(note))
        return Refusal{ErrorCode::kInvalid, "a note is required for every transition"};
    if (to == ReviewState::kActionPlanAgreed) {
        if (review.actions.empty()) {
            return Refusal{ErrorCode::kConflict,
                           "review " + std::to_string(review.id) +
                               " has no actions: the supplier proposes at least one action "
                               "before the plan can be agreed"};
        }
        int pending = 0;
        for (const ReviewAction& a : review.actions)
            pending += a.agreed ? 0 : 1;
        if (pending > 0) {
            return Refusal{ErrorCode::kConflict,
                           "review " + std::to_string(review.id) + " has " +
                               std::to_string(pending) +
                               " action(s) not yet agreed: agree every action first"};
        }
    }
    return std::nullopt;
}

std::optional<Refusal> check_plan_open(const Review& review) {
    if (review.state == ReviewState::kProposed || review.state == ReviewState::kScheduled)
        return std::nullopt;
    return Refusal{ErrorCode::kConflict,
                   "review " + std::to_string(review.id) + " is " + state_name(review.state) +
                       ": its action plan is fixed once agreed (actions are proposed and "
                       "agreed while the review is proposed or scheduled)"};
}

std::optional<Refusal> check_comment(const Review& review) {
    if (review.state != ReviewState::kClosed)
        return std::nullopt;
    return Refusal{ErrorCode::kConflict,
                   "review " + std::to_string(review.id) + " is closed: it takes no more comments"};
}

}  // namespace scorecard
