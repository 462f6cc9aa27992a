// SPEC §1 and §2 "Partnership review", "Dispute", "Flag": the workflow's state chain and
// who may take each step.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "model/review_rules.h"
#include "tests/model/principals.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;
using namespace scorecard::model_test;

namespace {

// The review is about Acme; `managed` says whether the caller's authority deals with Acme.
WorkflowParty acme_party(bool managed) {
    return {"GB-COH-01234567", managed};
}

Review review_in(ReviewState state, std::vector<ReviewAction> actions = {}) {
    Review r;
    r.id = 7;
    r.supplier_id = "GB-COH-01234567";
    r.state = state;
    r.actions = std::move(actions);
    return r;
}

ReviewAction action(bool agreed) {
    ReviewAction a;
    a.id = 1;
    a.description = "Recruit 20 call handlers";
    a.owner = "Acme operations director";
    a.agreed = agreed;
    return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chain)

BOOST_AUTO_TEST_CASE(each_state_leads_only_to_the_next_and_closed_is_final) {
    BOOST_TEST((next_review_state(ReviewState::kProposed) == ReviewState::kScheduled));
    BOOST_TEST((next_review_state(ReviewState::kScheduled) == ReviewState::kActionPlanAgreed));
    BOOST_TEST((next_review_state(ReviewState::kActionPlanAgreed) == ReviewState::kMonitoring));
    BOOST_TEST((next_review_state(ReviewState::kMonitoring) == ReviewState::kClosed));
    BOOST_TEST(!next_review_state(ReviewState::kClosed).has_value());
}

BOOST_AUTO_TEST_CASE(a_skipped_step_a_step_back_and_a_closed_review_are_conflicts) {
    struct Case {
        ReviewState from, to;
    };
    const std::vector<Case> cases = {
        {ReviewState::kProposed, ReviewState::kActionPlanAgreed},    // skips scheduled
        {ReviewState::kProposed, ReviewState::kClosed},              // skips to the end
        {ReviewState::kMonitoring, ReviewState::kActionPlanAgreed},  // back: "only along"
        {ReviewState::kScheduled, ReviewState::kScheduled},          // no move at all
        {ReviewState::kClosed, ReviewState::kProposed},              // closed is final
    };
    for (const Case& c : cases) {
        auto refusal = check_transition(review_in(c.from, {action(true)}), c.to, "a note");
        BOOST_TEST_REQUIRE(refusal.has_value(), to_string(c.from) << " -> " << to_string(c.to));
        BOOST_TEST((refusal->code == ErrorCode::kConflict));
        // The message names the current state, so that the user sees why.
        BOOST_TEST(refusal->message.find(std::string(to_string(c.from))) != std::string::npos,
                   refusal->message);
    }
}

BOOST_AUTO_TEST_CASE(the_message_says_what_is_allowed_next) {
    auto refusal = check_transition(review_in(ReviewState::kProposed), ReviewState::kClosed, "n");
    BOOST_TEST_REQUIRE(refusal.has_value());
    BOOST_TEST(refusal->message.find("the only next state is scheduled") != std::string::npos,
               refusal->message);
    auto closed = check_transition(review_in(ReviewState::kClosed), ReviewState::kProposed, "n");
    BOOST_TEST_REQUIRE(closed.has_value());
    BOOST_TEST(closed->message.find("final") != std::string::npos, closed->message);
}

BOOST_AUTO_TEST_CASE(every_transition_needs_a_note) {
    for (const std::string note : {"", "   ", "\t\n"}) {
        auto refusal =
            check_transition(review_in(ReviewState::kProposed), ReviewState::kScheduled, note);
        BOOST_TEST_REQUIRE(refusal.has_value());
        BOOST_TEST((refusal->code == ErrorCode::kInvalid));
    }
    BOOST_TEST(!check_transition(review_in(ReviewState::kProposed), ReviewState::kScheduled,
                                 "Meeting booked for 3 December")
                    .has_value());
}

BOOST_AUTO_TEST_CASE(agreeing_the_plan_needs_at_least_one_action_and_every_action_agreed) {
    auto none = check_transition(review_in(ReviewState::kScheduled), ReviewState::kActionPlanAgreed,
                                 "plan agreed");
    BOOST_TEST_REQUIRE(none.has_value());
    BOOST_TEST((none->code == ErrorCode::kConflict));

    auto pending =
        check_transition(review_in(ReviewState::kScheduled, {action(true), action(false)}),
                         ReviewState::kActionPlanAgreed, "plan agreed");
    BOOST_TEST_REQUIRE(pending.has_value());
    // One of the two actions is not agreed.
    BOOST_TEST(pending->message.find("1 action(s) not yet agreed") != std::string::npos,
               pending->message);

    BOOST_TEST(!check_transition(review_in(ReviewState::kScheduled, {action(true), action(true)}),
                                 ReviewState::kActionPlanAgreed, "plan agreed")
                    .has_value());
}

BOOST_AUTO_TEST_CASE(the_plan_is_open_until_agreed_and_comments_until_closed) {
    BOOST_TEST(!check_plan_open(review_in(ReviewState::kProposed)).has_value());
    BOOST_TEST(!check_plan_open(review_in(ReviewState::kScheduled)).has_value());
    BOOST_TEST(check_plan_open(review_in(ReviewState::kActionPlanAgreed)).has_value());
    BOOST_TEST(check_plan_open(review_in(ReviewState::kMonitoring)).has_value());
    BOOST_TEST(check_plan_open(review_in(ReviewState::kClosed)).has_value());
    BOOST_TEST(!check_comment(review_in(ReviewState::kMonitoring)).has_value());
    BOOST_TEST(check_comment(review_in(ReviewState::kClosed)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(who_may)

BOOST_AUTO_TEST_CASE(managing_steps_are_for_the_managing_commercial_team_and_admin) {
    for (auto step : {WorkflowStep::kTransition, WorkflowStep::kAgreeAction,
                      WorkflowStep::kDismissFlag, WorkflowStep::kDecideDispute}) {
        BOOST_TEST(may_take_step(dwp_commercial(), step, acme_party(true)));
        BOOST_TEST(may_take_step(admin(), step, acme_party(false)));
        // Another authority's team, the supplier itself and a minister may not.
        BOOST_TEST(!may_take_step(dwp_commercial(), step, acme_party(false)));
        BOOST_TEST(!may_take_step(acme(), step, acme_party(true)));
        BOOST_TEST(!may_take_step(minister(), step, acme_party(true)));
    }
}

BOOST_AUTO_TEST_CASE(both_sides_comment_and_propose_actions_in_the_suppliers_own_review) {
    for (auto step : {WorkflowStep::kComment, WorkflowStep::kProposeAction}) {
        BOOST_TEST(may_take_step(acme(), step, acme_party(false)));
        BOOST_TEST(may_take_step(dwp_commercial(), step, acme_party(true)));
        BOOST_TEST(!may_take_step(rival(), step, acme_party(true)));
        BOOST_TEST(!may_take_step(minister(), step, acme_party(true)));
    }
}

BOOST_AUTO_TEST_CASE(only_the_supplier_itself_raises_a_dispute) {
    BOOST_TEST(may_take_step(acme(), WorkflowStep::kRaiseDispute, acme_party(false)));
    BOOST_TEST(!may_take_step(rival(), WorkflowStep::kRaiseDispute, acme_party(false)));
    BOOST_TEST(!may_take_step(dwp_commercial(), WorkflowStep::kRaiseDispute, acme_party(true)));
    BOOST_TEST(!may_take_step(minister(), WorkflowStep::kRaiseDispute, acme_party(true)));
}

BOOST_AUTO_TEST_CASE(no_step_is_open_to_a_role_without_its_permission) {
    // Even on a record that is the caller's own in every way (model/access.h role_may).
    const WorkflowParty everything{"GB-COH-01234567", true};
    for (auto step :
         {WorkflowStep::kTransition, WorkflowStep::kComment, WorkflowStep::kProposeAction,
          WorkflowStep::kAgreeAction, WorkflowStep::kDismissFlag, WorkflowStep::kRaiseDispute,
          WorkflowStep::kDecideDispute}) {
        for (const Principal& who : {admin(), minister(), dwp_commercial(), acme()}) {
            if (may_take_step(who, step, everything))
                BOOST_TEST(role_may(who.role, permission_for(step)),
                           who.user << " " << to_string(permission_for(step)));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_flag_or_dispute_is_managed_by_its_contracts_authority) {
    const ContractScope acme_at_dwp{"GB-GOV-DWP", "GB-COH-01234567", {}};
    BOOST_TEST(contract_party(dwp_commercial(), acme_at_dwp).callers_authority);
    BOOST_TEST(contract_party(dwp_commercial(), acme_at_dwp).supplier_id == "GB-COH-01234567");
    const Principal hmrc{"hmrc-cm", Role::kCommercial, "GB-GOV-HMRC", ""};
    BOOST_TEST(!contract_party(hmrc, acme_at_dwp).callers_authority);
    // A supplier or an admin is never the contract's authority; admin manages anyway.
    BOOST_TEST(!contract_party(acme(), acme_at_dwp).callers_authority);
    BOOST_TEST(!contract_party(admin(), acme_at_dwp).callers_authority);
    BOOST_TEST(
        may_take_step(admin(), WorkflowStep::kDismissFlag, contract_party(admin(), acme_at_dwp)));
    BOOST_TEST(!may_take_step(hmrc, WorkflowStep::kDismissFlag, contract_party(hmrc, acme_at_dwp)));
    // Without an authority, no contract is the caller's.
    const Principal unscoped{"new-cm", Role::kCommercial, "", ""};
    BOOST_TEST(!contract_party(unscoped, {"", "GB-COH-01234567", {}}).callers_authority);
}

BOOST_AUTO_TEST_CASE(seeing_follows_the_supplier_rule) {
    BOOST_TEST(may_see(acme(), acme_party(false)));
    BOOST_TEST(!may_see(rival(), acme_party(false)));
    BOOST_TEST(may_see(dwp_commercial(), acme_party(true)));
    BOOST_TEST(!may_see(dwp_commercial(), acme_party(false)));
    BOOST_TEST(may_see(minister(), acme_party(false)));
    BOOST_TEST(may_see(admin(), acme_party(false)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reason)

namespace {

struct OpenFlagRow {
    FlagRuleId rule;
    const char* contract;
    Severity severity;
};

struct ReasonCase {
    const char* name;
    std::vector<OpenFlagRow> open;
    const char* reason;
};

std::ostream& operator<<(std::ostream& os, const ReasonCase& c) {
    return os << c.name;
}

const std::vector<ReasonCase> kReasonCases{
    {"one high flag names its rule and contract",
     {{FlagRuleId::kInadequateKpi, "DWP-1", Severity::kHigh}},
     "inadequate_kpi on DWP-1"},
    {"medium flags count, in the order given",
     {{FlagRuleId::kLowContractScore, "DWP-2", Severity::kMedium},
      {FlagRuleId::kInadequateKpi, "DWP-1", Severity::kHigh}},
     "low_contract_score on DWP-2; inadequate_kpi on DWP-1"},
    {"a rule on a contract is named once however many periods it fired for",
     {{FlagRuleId::kMissingReturn, "DWP-1", Severity::kHigh},
      {FlagRuleId::kMissingReturn, "DWP-1", Severity::kHigh},
      {FlagRuleId::kMissingReturn, "DWP-2", Severity::kHigh}},
     "missing_return on DWP-1; missing_return on DWP-2"},
    {"low flags are left out",
     {{FlagRuleId::kMissingReturn, "DWP-1", Severity::kLow},
      {FlagRuleId::kDecliningTrend, "DWP-2", Severity::kMedium}},
     "declining_trend on DWP-2"},
    {"only low flags, on several contracts",
     {{FlagRuleId::kMissingReturn, "DWP-1", Severity::kLow},
      {FlagRuleId::kMissingReturn, "DWP-2", Severity::kLow}},
     "open flags on several contracts"},
};

}  // namespace

BOOST_DATA_TEST_CASE(a_review_records_the_flags_that_warrant_it, bdata::make(kReasonCases), c) {
    std::vector<Flag> open;
    for (const OpenFlagRow& row : c.open) {
        Flag f;
        f.rule = row.rule;
        f.contract_id = row.contract;
        f.severity = row.severity;
        open.push_back(f);
    }
    BOOST_TEST(review_reason(open) == std::string(c.reason));
}

BOOST_AUTO_TEST_SUITE_END()
