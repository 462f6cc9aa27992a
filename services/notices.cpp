#include "services/notices.h"

#include <set>

#include "importers/xml_writer.h"
#include "model/flag_rules.h"
#include "model/review_rules.h"
#include "services/workflow.h"
#include "store/repositories.h"

namespace scorecard::services {
namespace {

using store::Connection;

Error invalid(const std::string& field, const std::string& message) {
    return Error::Invalid(message, {Problem{field, message, 0, 0, {}}});
}

std::string notice_name(std::int64_t id) {
    return "notice " + std::to_string(id);
}

// The notice, if the caller may see it: 404, 403 otherwise.
Notice load_notice(Connection& conn, const Principal& who, std::int64_t id) {
    auto notice = store::NoticeRepository(conn).find(id);
    if (!notice)
        throw Error::NotFound("no " + notice_name(id));
    if (!may_see_notice(who, {notice->authority_id, notice->supplier_id, {}}, notice->state))
        throw Error::Forbidden("you may not see " + notice_name(id));
    return *notice;
}

void require_manager(const Principal& who, const std::string& authority_id,
                     const std::string& what) {
    if (!may_manage_notices_of(who, authority_id))
        throw Error::Forbidden(what + " is for commercial users of " + authority_id +
                               ", the contracting authority");
}

Contract load_contract(Connection& conn, const std::string& id) {
    auto contract = store::ContractRepository(conn).find(id);
    if (!contract)
        throw Error::NotFound("no contract " + id);
    return *contract;
}

// SPEC §7.1: the Act's notices are for contracts let under it.
void require_under_act(const Contract& contract, const NoticePolicy& policy) {
    if (regime_of(contract, policy.regime_start) != Regime::kPa2023)
        throw Error::Conflict("contract " + contract.id +
                              " was let under the Public Contracts Regulations 2015: the "
                              "Procurement Act 2023's notices do not apply to it");
}

std::string money(double value) {
    return importers::format_number(value);
}

}  // namespace

// ---- what is owed ----

reports::DueList NoticeDesk::due(const Principal& who, Date as_of) {
    if (!may_read_notices_owed(who))
        throw Error::Forbidden("the notices owed are for commercial teams, ministers and admin");
    auto conn = db_.acquire();
    return reports::notices_due(*conn, list_scope(who), as_of, policy_);
}

// ---- reading ----

NoticePage NoticeDesk::list(const Principal& who, store::NoticeFilter filter) {
    NoticePage page;
    if (!narrow_to_scope(who, filter.authority_id, filter.supplier_id))
        return page;
    if (who.role == Role::kSupplier)
        filter.without_drafts = true;
    auto conn = db_.acquire();
    store::NoticeRepository repo(*conn);
    for (Notice& n : repo.list(filter))
        page.notices.push_back(reports::notice_view(*conn, std::move(n), policy_));
    page.total = repo.count(filter);
    return page;
}

reports::NoticeView NoticeDesk::find(const Principal& who, std::int64_t id) {
    auto conn = db_.acquire();
    return reports::notice_view(*conn, load_notice(*conn, who, id), policy_);
}

// ---- drafting (SPEC §7.2) ----

reports::NoticeView NoticeDesk::draft(const Principal& who, const NoticeDraft& d) {
    const Date today = date_of(now_);
    if (d.decided && *d.decided > today)
        throw invalid("decided", "the decision cannot be after today");
    std::int64_t id = 0;
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        const Contract contract = load_contract(conn, d.contract_id);
        if (!may_view_contract(who, scope_of(contract)))
            throw Error::Forbidden("you may not see contract " + contract.id);
        require_manager(who, contract.authority_id, "drafting a notice of " + contract.id);
        require_under_act(contract, policy_);
        if (d.kind == NoticeKind::kAssessment && !owes_kpi_assessments(contract, policy_)) {
            throw Error::Conflict("contract " + contract.id + " is worth " + money(contract.value) +
                                  ", not more than " + money(policy_.kpi_threshold) +
                                  ": s52(1) asks for no KPIs and s71(2) for no assessment");
        }
        store::NoticeRepository notices(conn);
        std::optional<Notice> replaced;
        if (d.replaces != 0) {
            replaced = notices.find(d.replaces);
            if (!replaced || replaced->contract_id != contract.id || replaced->kind != d.kind)
                throw invalid("replaces", "no published " + std::string(to_string(d.kind)) +
                                              " of contract " + contract.id + " is " +
                                              notice_name(d.replaces));
            if (replaced->state != NoticeState::kPublished)
                throw Error::Conflict(notice_name(d.replaces) +
                                      " is not published: change it instead of replacing it");
            if (auto by = notices.published_replacement(d.replaces))
                throw Error::Conflict(notice_name(d.replaces) + " was already replaced by " +
                                      notice_name(*by));
        }
        AssessmentWindow window;
        if (d.first && d.last)
            window = {*d.first, *d.last};
        else if (replaced && !d.first && !d.last)
            window = replaced->window;
        else
            throw invalid("required", "the window's 'first' and 'last' periods are required");
        refuse(check_window(contract, window, today));

        Notice n;
        n.kind = d.kind;
        n.state = NoticeState::kDraft;
        n.contract_id = contract.id;
        n.authority_id = contract.authority_id;
        n.supplier_id = contract.supplier_id;
        n.window = window;
        n.drafted_by = who.user;
        n.created = now_;
        n.replaces = d.replaces;
        if (d.kind == NoticeKind::kFailure) {
            n.requirement = d.requirement;
            n.description = d.description;
            n.decided = d.decided;
            if (replaced) {
                if (is_blank(n.requirement))
                    n.requirement = replaced->requirement;
                if (is_blank(n.description))
                    n.description = replaced->description;
                if (!n.decided)
                    n.decided = replaced->decided;
                n.review_id = replaced->review_id;
                n.improvement_id = replaced->improvement_id;
            }
            if (is_blank(n.description))
                throw invalid("description", "a failure notice says what the failure was");
            if (d.review_id != 0) {
                auto review = store::ReviewRepository(conn).find(d.review_id);
                if (!review || review->supplier_id != contract.supplier_id)
                    throw invalid("review", "review " + std::to_string(d.review_id) +
                                                " is not a review of supplier " +
                                                contract.supplier_id);
                n.review_id = d.review_id;
            }
        } else {
            std::vector<std::string> codes = d.kpis;
            if (codes.empty() && replaced) {
                for (const NoticeKpi& k : replaced->kpis)
                    codes.push_back(k.assessment.definition.code);
            }
            if (codes.empty())
                codes = default_assessed_kpis(contract, window);
            if (codes.empty())
                throw invalid("kpis", "contract " + contract.id + " has no KPI in force in " +
                                          window.last.to_string());
            auto supplier = store::SupplierRepository(conn).find(contract.supplier_id);
            const int grace =
                scoring_.flags.for_size(supplier ? supplier->size : SizeClass::kLarge).grace_days;
            const std::vector<Period> due = due_periods(contract, grace, today);
            std::vector<KpiReturn> returns;
            for (ReturnVersion& v : store::ReturnRepository(conn).current_versions(contract.id))
                returns.push_back(std::move(v.figures));
            std::set<std::string> seen;
            for (const std::string& code : codes) {
                if (!seen.insert(code).second)
                    throw invalid("kpis", "KPI '" + code + "' is named twice");
                auto assessment = assess_kpi(contract, code, window, returns, due);
                if (!assessment)
                    throw invalid("kpis", "contract " + contract.id + " has no KPI '" + code +
                                              "' in force in " + window.last.to_string());
                NoticeKpi k;
                k.rating = assessment->proposed;
                k.assessment = std::move(*assessment);
                n.kpis.push_back(std::move(k));
            }
        }
        id = notices.create(n, {who.user, now_});
    });
    return find(who, id);
}

// ---- the path (SPEC §7.3) ----

reports::NoticeView NoticeDesk::move(const Principal& who, std::int64_t id, NoticeState to,
                                     const std::string& note, std::optional<Date> decided) {
    const Date today = date_of(now_);
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        const Notice notice = load_notice(conn, who, id);
        require_manager(who, notice.authority_id, "moving " + notice_name(id));
        const SupplierContact contact = store::SupplierContactRepository(conn)
                                            .find(notice.supplier_id)
                                            .value_or(SupplierContact{});
        refuse(check_notice_transition(notice, to, who.user, note, today, policy_, contact));
        const bool dates_decision = notice.kind == NoticeKind::kFailure &&
                                    to == NoticeState::kWithSupplier && !notice.decided;
        if (decided && !dates_decision)
            throw invalid("decided",
                          "'decided' dates a failure notice's decision when it is "
                          "first sent to the supplier");
        if (decided && *decided > today)
            throw invalid("decided", "the decision cannot be after today");

        Notice after = notice;
        after.state = to;
        switch (to) {
            case NoticeState::kWithSupplier:
                after.sent_by = who.user;
                after.sent = now_;
                after.agreed_by.clear();
                after.agreed.reset();
                if (dates_decision)
                    after.decided = decided.value_or(today);
                break;
            case NoticeState::kDraft:
                // The supplier agreed with a version that may now change.
                after.agreed_by.clear();
                after.agreed.reset();
                break;
            case NoticeState::kApproved:
                after.approved_by = who.user;
                after.approved = now_;
                break;
            case NoticeState::kPublished: {
                store::NoticeRepository notices(conn);
                if (notice.replaces != 0) {
                    if (auto by = notices.published_replacement(notice.replaces))
                        throw Error::Conflict(notice_name(notice.replaces) +
                                              " was already replaced by " + notice_name(*by));
                }
                after.published_by = who.user;
                after.published = now_;
                auto supplier = store::SupplierRepository(conn).find(notice.supplier_id);
                after.supplier_name = supplier ? supplier->name : notice.supplier_id;
                after.supplier_contact = contact;
                break;
            }
        }
        store::NoticeRepository(conn).transition(
            notice, after, NoticeTransition{notice.state, to, who.user, now_, note},
            {who.user, now_});
    });
    return find(who, id);
}

reports::NoticeView NoticeDesk::rate(const Principal& who, std::int64_t id,
                                     const std::string& kpi_code, Rating rating,
                                     const std::string& reason) {
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        const Notice notice = load_notice(conn, who, id);
        require_manager(who, notice.authority_id, "rating " + notice_name(id));
        refuse(check_rating_change(notice, kpi_code, rating, reason));
        store::NoticeRepository(conn).rate(notice, kpi_code, rating, reason, {who.user, now_});
    });
    return find(who, id);
}

reports::NoticeView NoticeDesk::comment(const Principal& who, std::int64_t id,
                                        const std::string& text) {
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        const Notice notice = load_notice(conn, who, id);
        if (!may_answer_notice(who, {notice.authority_id, notice.supplier_id, {}}))
            throw Error::Forbidden("comments on " + notice_name(id) +
                                   " are for its authority's commercial team and its supplier");
        refuse(check_notice_comment(notice, who.role, text));
        store::NoticeRepository(conn).add_comment(id, {who.user, who.role, now_, text},
                                                  {who.user, now_});
    });
    return find(who, id);
}

reports::NoticeView NoticeDesk::agree(const Principal& who, std::int64_t id,
                                      const std::string& note) {
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        const Notice notice = load_notice(conn, who, id);
        if (!may_agree_notice(who, {notice.authority_id, notice.supplier_id, {}}))
            throw Error::Forbidden("only the supplier agrees with " + notice_name(id));
        refuse(check_agreement(notice));
        Notice after = notice;
        after.agreed_by = who.user;
        after.agreed = now_;
        store::NoticeRepository repo(conn);
        repo.agree(notice, after, {who.user, now_});
        if (!is_blank(note))
            repo.add_comment(id, {who.user, who.role, now_, note}, {who.user, now_});
    });
    return find(who, id);
}

// ---- improvement notices ----

ImprovementNotice NoticeDesk::issue_improvement(const Principal& who, std::int64_t review_id,
                                                const ImprovementRequest& request) {
    std::int64_t id = 0;
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        auto review = store::ReviewRepository(conn).find(review_id);
        if (!review)
            throw Error::NotFound("no review " + std::to_string(review_id));
        auto contract = store::ContractRepository(conn).find(request.contract_id);
        if (!contract || contract->supplier_id != review->supplier_id)
            throw invalid("contract", "review " + std::to_string(review_id) + " has no contract '" +
                                          request.contract_id + "' of supplier " +
                                          review->supplier_id);
        require_manager(who, contract->authority_id, "an improvement notice on " + contract->id);
        if (review->state == ReviewState::kClosed)
            throw Error::Conflict("review " + std::to_string(review_id) + " is closed");
        require_under_act(*contract, policy_);
        ImprovementNotice notice;
        notice.review_id = review_id;
        notice.contract_id = contract->id;
        notice.levels = request.levels;
        notice.deadline = request.deadline;
        notice.issued_by = who.user;
        notice.issued = now_;
        refuse(check_improvement(*contract, notice, date_of(now_)));
        id = store::ImprovementRepository(conn).create(notice, {who.user, now_});
    });
    auto conn = db_.acquire();
    return *store::ImprovementRepository(*conn).find(id);
}

std::vector<ImprovementNotice> NoticeDesk::improvements(const Principal& who,
                                                        std::int64_t review_id) {
    Workflow(db_, scoring_, now_).review(who, review_id);  // 404, 403
    auto conn = db_.acquire();
    std::vector<ImprovementNotice> out;
    store::ContractRepository contracts(*conn);
    for (ImprovementNotice& i : store::ImprovementRepository(*conn).for_review(review_id)) {
        auto contract = contracts.find_listing(i.contract_id);
        if (contract && may_view_contract(who, scope_of(contract->contract)))
            out.push_back(std::move(i));
    }
    return out;
}

// ---- supplier contact details ----

std::optional<SupplierContact> NoticeDesk::contact(const Principal& who,
                                                   const std::string& supplier_id) {
    auto conn = db_.acquire();
    store::SupplierRepository suppliers(*conn);
    if (!suppliers.find(supplier_id))
        throw Error::NotFound("no supplier " + supplier_id);
    const bool deals =
        who.role == Role::kCommercial && suppliers.has_contract_with(supplier_id, who.authority_id);
    if (!may_view_supplier(who, supplier_id, deals))
        throw Error::Forbidden("you may not see supplier " + supplier_id);
    return store::SupplierContactRepository(*conn).find(supplier_id);
}

SupplierContact NoticeDesk::keep_contact(const Principal& who, const std::string& supplier_id,
                                         const SupplierContact& contact) {
    store::with_transaction(db_, store::TxMode::kWrite, [&](Connection& conn) {
        if (!store::SupplierRepository(conn).find(supplier_id))
            throw Error::NotFound("no supplier " + supplier_id);
        if (!may_keep_supplier_contact(who, supplier_id))
            throw Error::Forbidden("supplier " + supplier_id +
                                   "'s contact details are kept by the supplier and admins");
        refuse(check_supplier_contact(contact));
        store::SupplierContactRepository(conn).put(supplier_id, contact, {who.user, now_});
    });
    return contact;
}

}  // namespace scorecard::services
