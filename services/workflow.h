// The performance-management workflow (SPEC §2 "Flag", "Partnership review", "Dispute",
// "Audit log"): dismissing flags, moving partnership reviews along their chain, comments
// and action plans, disputes and their decisions, and reading the audit log.
//
// Each operation is one transaction: it loads what it changes, checks who may do it
// (model/review_rules.h over model/access.h) and the state rules, and writes through the
// repositories, which record every change in the audit log. A refusal changes nothing.
// Upholding a rating dispute amends the figure as a new return version and then rescores
// the contract (services/scoring_run.h) after that transaction commits, as an import does.
//
// Errors: kNotFound (unknown id), kForbidden (the caller may not see it or not take this
// step), kConflict (the state does not allow it), kInvalid (a required field is missing or
// wrong). Thread safety: a Workflow is a short-lived value per request; any number may run
// at once (the store serialises writers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "model/review_rules.h"
#include "services/settings.h"
#include "store/database.h"
#include "store/repositories.h"

namespace scorecard::services {

struct AuditPage {
    std::vector<AuditEntry> entries;
    std::int64_t total = 0;
};

// What a supplier disputes: a rating (contract, KPI, period) or a flag.
struct DisputeRequest {
    std::string contract_id;
    std::string kpi_code;
    std::string period;  // "2026-09" or "2026-Q3"
    std::int64_t flag_id = 0;
    std::string reason;
};

struct DisputeDecision {
    DisputeStatus decision = DisputeStatus::kRejected;  // kUpheld or kRejected
    std::string reason;
    std::optional<double> value;  // the corrected figure: required to uphold a rating dispute
};

// Who may read the audit log, and a date range that is one (kForbidden, kBadRequest): the
// API's audit and `scorecard report audit` alike.
void check_audit_request(const Principal& who, const store::AuditFilter& filter);

class Workflow {
  public:
    // `now` stamps every change; scores are recomputed as of its day.
    Workflow(store::Database& db, const ScoringPolicy& policy, Timestamp now)
        : db_(db), policy_(policy), now_(now) {}

    // Flags (SPEC §2): only an open flag, only with a non-blank reason.
    Flag dismiss_flag(const Principal& who, std::int64_t flag_id, const std::string& reason);

    // For the forms that dismiss or dispute a flag and dispute a rating: the record, if the
    // caller may take the step on it (kNotFound, kForbidden otherwise). The state rules are
    // checked when the step is taken.
    Flag flag_for(const Principal& who, std::int64_t flag_id, WorkflowStep step);
    Contract disputable_contract(const Principal& who, const std::string& contract_id);
    // The caller's part in a review or dispute it has loaded: for the pages, which offer only
    // the forms may_take_step (model/review_rules.h) allows with it.
    WorkflowParty party(const Principal& who, const Review& review);
    WorkflowParty party(const Principal& who, const Dispute& dispute);

    // The lists of reviews and disputes a caller may see are read models
    // (reports/reviews.h, reports/disputes.h): they change nothing.
    Review review(const Principal& who, std::int64_t id);  // with transitions, comments, actions
    Review transition(const Principal& who, std::int64_t id, ReviewState to,
                      const std::string& note);
    Review comment(const Principal& who, std::int64_t id, const std::string& text);
    Review propose_action(const Principal& who, std::int64_t id, const ReviewAction& action);
    Review agree_action(const Principal& who, std::int64_t id, std::int64_t action_id,
                        const std::string& note);

    Dispute dispute(const Principal& who, std::int64_t id);
    Dispute raise_dispute(const Principal& who, const DisputeRequest& request);
    Dispute decide_dispute(const Principal& who, std::int64_t id, const DisputeDecision& decision);

    // The audit log (admin only: it spans every authority and the accounts).
    AuditPage audit(const Principal& who, const store::AuditFilter& filter);

  private:
    store::Database& db_;
    const ScoringPolicy& policy_;
    Timestamp now_;
};

}  // namespace scorecard::services
