// Contract performance notices (SPEC §7): what each authority owes, drafting a KPI
// assessment or a performance failure notice, moving it along draft -> with_supplier ->
// approved -> published, the supplier's comments and agreement, the authority's ratings,
// improvement notices in partnership reviews, and suppliers' contact details.
//
// Each operation that changes something is one transaction: it loads what it changes,
// checks who may do it (model/access.h) and the rules of the path (model/notices.h), and
// writes through store/notice_repository.h, which records every change in the audit log. A
// refusal changes nothing. What is shown is built by reports/notices.h.
//
// Errors: kNotFound (unknown id), kForbidden (the caller may not see it or not take the
// step), kConflict (the state or the contract does not allow it), kInvalid (a field is
// missing or wrong). Thread safety: a short-lived value per request or command.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/notices.h"
#include "reports/notices.h"
#include "services/settings.h"
#include "store/database.h"
#include "store/notice_repository.h"

namespace scorecard::services {

// What a commercial user drafts (POST /api/v1/notices).
struct NoticeDraft {
    NoticeKind kind = NoticeKind::kAssessment;
    std::string contract_id;
    // The window; for a correction, the replaced notice's when not given.
    std::optional<Period> first;
    std::optional<Period> last;
    // An assessment's KPIs; none: the three of highest weight (or the replaced notice's).
    std::vector<std::string> kpis;
    std::int64_t replaces = 0;
    // A failure notice: what was required, what happened, when the authority decided, and
    // the partnership review it belongs to (optional).
    std::string requirement;
    std::string description;
    std::optional<Date> decided;
    std::int64_t review_id = 0;
};

struct NoticePage {
    std::vector<reports::NoticeView> notices;
    std::int64_t total = 0;
};

// An improvement notice as issued (POST /api/v1/reviews/{id}/improvement-notices).
struct ImprovementRequest {
    std::string contract_id;
    std::vector<ImprovementLevel> levels;
    Date deadline{};
};

class NoticeDesk {
  public:
    // `now` stamps every change and is "today" for the rules (review days, windows).
    NoticeDesk(store::Database& db, const Settings& settings, Timestamp now)
        : db_(db), scoring_(settings.scoring), policy_(settings.notices), now_(now) {}

    // SPEC §7.5: commercial users their authority's; ministers and admin everyone's.
    reports::DueList due(const Principal& who, Date as_of);

    NoticePage list(const Principal& who, store::NoticeFilter filter);
    reports::NoticeView find(const Principal& who, std::int64_t id);
    reports::NoticeView draft(const Principal& who, const NoticeDraft& draft);
    // A move along the path; `decided` dates a failure notice's decision when it is first
    // sent to the supplier (default: today).
    reports::NoticeView move(const Principal& who, std::int64_t id, NoticeState to,
                             const std::string& note, std::optional<Date> decided);
    reports::NoticeView rate(const Principal& who, std::int64_t id, const std::string& kpi_code,
                             Rating rating, const std::string& reason);
    reports::NoticeView comment(const Principal& who, std::int64_t id, const std::string& text);
    reports::NoticeView agree(const Principal& who, std::int64_t id, const std::string& note);

    ImprovementNotice issue_improvement(const Principal& who, std::int64_t review_id,
                                        const ImprovementRequest& request);
    // The review's improvement notices on contracts the caller may see.
    std::vector<ImprovementNotice> improvements(const Principal& who, std::int64_t review_id);

    // reg 39(4)(f): read by whoever may view the supplier; kept by the supplier and admins.
    std::optional<SupplierContact> contact(const Principal& who, const std::string& supplier_id);
    SupplierContact keep_contact(const Principal& who, const std::string& supplier_id,
                                 const SupplierContact& contact);

  private:
    store::Database& db_;
    const ScoringPolicy& scoring_;
    const NoticePolicy& policy_;
    Timestamp now_;
};

}  // namespace scorecard::services
