// The rules of the performance-management workflow (SPEC §1, §2 "Partnership review",
// "Dispute", "Flag"): which review states follow which, what a transition needs, and who
// may take each step. Pure functions over model values; the services call them inside the
// transaction that makes the change, so a refusal changes nothing.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"

namespace scorecard {

// Everything a person can do in the workflow.
enum class WorkflowStep {
    kTransition,     // move a review to its next state
    kComment,        // comment on a review
    kProposeAction,  // add an action to a review's action plan
    kAgreeAction,    // agree a proposed action
    kDismissFlag,    // dismiss an open flag, with a reason
    kRaiseDispute,   // dispute a rating or a flag
    kDecideDispute,  // uphold or reject a dispute
};

// Whose record a step is about, as the access rules need it.
struct WorkflowParty {
    std::string supplier_id;  // the supplier the review, flag or dispute is about
    // Whether the caller's authority manages it: for a review, the supplier holds a
    // contract of the caller's authority; for a flag or a dispute, the contract is one of
    // the caller's authority's. Ignored for roles other than commercial.
    bool callers_authority = false;
};

// The flag or dispute of `contract` as `who`'s party: its authority manages it.
WorkflowParty contract_party(const Principal& who, const ContractScope& contract);
// A rating of `period` of `contract` as `who`'s party: the supplier that held the period
// (docs/formats.md "Novation": after a novation the former supplier disputes its own
// periods' ratings, the new one those from the novation on), its authority managing it.
WorkflowParty period_party(const Principal& who, const ContractScope& contract,
                           const Period& period);

// What the caller's role needs for the step (model/access.h role_may).
Permission permission_for(WorkflowStep step);

// SPEC §1: commercial users of the managing authority and admins manage (transitions,
// agreeing actions, dismissing flags, deciding disputes); the supplier takes part in its own
// reviews (comments, proposed actions) and raises disputes on its own ratings and flags;
// both sides comment; ministers only read.
bool may_take_step(const Principal& who, WorkflowStep step, const WorkflowParty& party);

// Whether the caller may see the review, flag or dispute at all (SPEC §1 "may see").
bool may_see(const Principal& who, const WorkflowParty& party);

// SPEC §2: proposed → scheduled → action_plan_agreed → monitoring → closed, one step
// forward at a time; closed is final. nullopt from closed.
std::optional<ReviewState> next_review_state(ReviewState from);

// Why a transition may not be made: kConflict (the state does not allow it), or kInvalid
// (something the request must carry is missing). Empty when it may be made.
struct Refusal {
    ErrorCode code = ErrorCode::kConflict;
    std::string message;
};

// Throws the refusal, if there is one, as the Error of its code (kInvalid with the message
// as its one problem): for the services, which refuse inside the transaction.
void refuse(const std::optional<Refusal>& refusal);

// A transition of `review` to `to` with `note`: only to the next state; a non-blank note;
// action_plan_agreed needs at least one action, every one of them agreed.
std::optional<Refusal> check_transition(const Review& review, ReviewState to,
                                        const std::string& note);

// The action plan is drawn up (actions proposed and agreed) while the review is proposed or
// scheduled; from action_plan_agreed on it is fixed.
std::optional<Refusal> check_plan_open(const Review& review);

// Comments are taken while the review is open (not closed).
std::optional<Refusal> check_comment(const Review& review);

// SPEC §4, last paragraph: why the scoring run opens a review, as recorded on it: each
// rule that fired with medium or high severity, named once per contract in the order of
// `open_flags` ("inadequate_kpi on DWP-1; missing_return on DWP-2"); when only low flags
// are open (a review warranted by flags on several contracts), "open flags on several
// contracts".
std::string review_reason(const std::vector<Flag>& open_flags);

// True when `text` has something other than white space.
bool is_blank(const std::string& text);

}  // namespace scorecard
