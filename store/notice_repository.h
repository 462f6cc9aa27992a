// Repositories for contract performance notices (SPEC §7): the notices with their assessed
// KPIs, transitions and comments; improvement notices; and suppliers' contact details.
// Like every repository, each takes a Connection (the caller owns the transaction), speaks
// in model/ types and writes the audit entry of every change it makes. State changes are
// guarded in SQL (UPDATE … WHERE state = expected) so that two writers cannot both move the
// same notice.
//
// Thread safety: a thin view over one Connection; use it from the thread that holds it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/notices.h"
#include "store/change.h"
#include "store/database.h"

namespace scorecard::store {

// Which notices a listing shows (GET /notices), newest first.
struct NoticeFilter {
    std::string authority_id;
    std::string supplier_id;
    std::string contract_id;
    std::optional<NoticeKind> kind;
    std::optional<NoticeState> state;
    bool without_drafts = false;  // a supplier's listing: drafts are not yet its to see
    Page page;
};

class NoticeRepository {
  public:
    explicit NoticeRepository(Connection& conn) : conn_(conn) {}

    // Stores a new notice with its KPIs (its id, transitions and comments are ignored);
    // returns its id.
    std::int64_t create(const Notice& notice, const Change& change);
    // With its KPIs, transitions and comments.
    std::optional<Notice> find(std::int64_t id);
    // One page of the filter's notices, newest first, with their KPIs (no transitions or
    // comments).
    std::vector<Notice> list(const NoticeFilter& filter);
    std::int64_t count(const NoticeFilter& filter);

    // Moves `before` to `after` (its state and the fields the step sets: sent, agreed,
    // approved, published, decided, the supplier as published) and records the transition;
    // kConflict when the notice has moved meanwhile.
    void transition(const Notice& before, const Notice& after, const NoticeTransition& step,
                    const Change& change);
    // The supplier's agreement (agreed_by, agreed) with a notice that is with it.
    void agree(const Notice& before, const Notice& after, const Change& change);
    // The authority's rating of one assessed KPI of a draft, and why it differs.
    void rate(const Notice& before, const std::string& kpi_code, Rating rating,
              const std::string& reason, const Change& change);
    void add_comment(std::int64_t id, const NoticeComment& comment, const Change& change);

    // What the due list needs of each contract's notices (model/notices.h NoticeSummary).
    std::map<std::string, std::vector<NoticeSummary>> summaries(
        const std::vector<std::string>& contract_ids);
    // Every notice published in `year` (UTC), oldest first, with its KPIs: the OCDS package.
    std::vector<Notice> published_in_year(int year);
    // The published notice that replaces `id`, if there is one.
    std::optional<std::int64_t> published_replacement(std::int64_t id);

  private:
    Connection& conn_;
};

class ImprovementRepository {
  public:
    explicit ImprovementRepository(Connection& conn) : conn_(conn) {}
    std::int64_t create(const ImprovementNotice& notice, const Change& change);
    std::optional<ImprovementNotice> find(std::int64_t id);
    std::vector<ImprovementNotice> for_review(std::int64_t review_id);
    // The open improvement notices of each of `contract_ids` (those without are left out).
    std::map<std::string, std::vector<ImprovementNotice>> open_for(
        const std::vector<std::string>& contract_ids);
    // Marks an open improvement notice failed, with what fell short and the failure notice
    // proposed for it (0: none); kConflict if it is no longer open.
    void fail(const ImprovementNotice& before, const std::string& shortfall,
              std::int64_t failure_notice_id, const Change& change);

  private:
    Connection& conn_;
};

// reg 39(4)(f): a supplier's postal address and email, held once for all its notices.
class SupplierContactRepository {
  public:
    explicit SupplierContactRepository(Connection& conn) : conn_(conn) {}
    std::optional<SupplierContact> find(const std::string& supplier_id);
    Upsert put(const std::string& supplier_id, const SupplierContact& contact,
               const Change& change);

  private:
    Connection& conn_;
};

}  // namespace scorecard::store
