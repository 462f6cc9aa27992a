#include "reports/notices.h"

#include <algorithm>
#include <tuple>

#include "reports/csv.h"
#include "reports/json_support.h"
#include "store/notice_repository.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

using detail::name;
using detail::null;
using detail::object;

// Contracts per round of queries (their KPI versions and notices): a bounded IN list.
constexpr std::size_t kBatch = 500;

Poco::Dynamic::Var date_or_null(const std::optional<Date>& date) {
    return date ? Poco::Dynamic::Var(format_date(*date)) : null();
}

Poco::Dynamic::Var id_or_null(std::int64_t id) {
    return id != 0 ? Poco::Dynamic::Var(static_cast<Poco::Int64>(id)) : null();
}

Poco::Dynamic::Var words_or_null(Rating rating) {
    auto words = statutory_words(rating);
    return words ? Poco::Dynamic::Var(std::string(*words)) : null();
}

Poco::JSON::Array::Ptr periods_json(const std::vector<Period>& periods) {
    auto out = detail::array();
    for (const Period& p : periods)
        out->add(p.to_string());
    return out;
}

Poco::JSON::Object::Ptr kpi_json(const NoticeKpi& k) {
    const KpiAssessment& a = k.assessment;
    auto out = object();
    out->set("kpi", a.definition.code);
    detail::add_kpi_definition(*out, a.definition);
    out->set("mean", a.mean ? Poco::Dynamic::Var(*a.mean) : null());
    out->set("proposed", name(a.proposed));
    out->set("proposed_words", words_or_null(a.proposed));
    out->set("proposed_reason", detail::text_or_null(a.proposed_reason));
    out->set("rating", name(k.rating));
    out->set("rating_words", words_or_null(k.rating));
    out->set("change_reason", detail::text_or_null(k.change_reason));
    out->set("returned", periods_json(a.returned));
    out->set("due", periods_json(a.due));
    return out;
}

}  // namespace

// ---- the due list ----

DueList notices_due(store::Connection& conn, const ListScope& scope, Date as_of,
                    const NoticePolicy& policy) {
    DueList out;
    out.as_of = as_of;
    if (scope.nothing)
        return out;
    store::ContractFilter filter;
    filter.authority_id = scope.authority_id;
    filter.supplier_id = scope.supplier_id;
    std::vector<Contract> contracts = detail::all_contracts(conn, filter);
    store::ContractRepository repo(conn);
    store::NoticeRepository notices(conn);
    for (std::size_t first = 0; first < contracts.size(); first += kBatch) {
        const std::size_t last = std::min(contracts.size(), first + kBatch);
        std::vector<std::string> ids;
        for (std::size_t i = first; i < last; ++i)
            ids.push_back(contracts[i].id);
        auto versions = repo.kpi_versions(ids);
        auto summaries = notices.summaries(ids);
        for (std::size_t i = first; i < last; ++i) {
            Contract& c = contracts[i];
            if (auto it = versions.find(c.id); it != versions.end())
                c.kpis = std::move(it->second);
            static const std::vector<NoticeSummary> kNone;
            auto s = summaries.find(c.id);
            for (OwedNotice& owed :
                 notices_owed(c, s == summaries.end() ? kNone : s->second, as_of, policy))
                out.due.push_back(std::move(owed));
            if (auto few = too_few_kpis(c, as_of, policy))
                out.too_few_kpis.push_back({c.id, c.authority_id, *few});
        }
    }
    std::sort(out.due.begin(), out.due.end(), [](const OwedNotice& a, const OwedNotice& b) {
        return std::tie(a.due, a.contract_id, a.reason, a.notice_id) <
               std::tie(b.due, b.contract_id, b.reason, b.notice_id);
    });
    // Contracts come ordered by id already.
    return out;
}

Poco::JSON::Object::Ptr due_list_json(const DueList& list) {
    auto root = object();
    root->set("as_of", format_date(list.as_of));
    auto due = detail::array();
    for (const OwedNotice& n : list.due) {
        auto o = object();
        o->set("contract", n.contract_id);
        o->set("authority", n.authority_id);
        o->set("reason", name(n.reason));
        o->set("due", format_date(n.due));
        o->set("last_published", date_or_null(n.last_published));
        due->add(o);
    }
    root->set("due", due);
    auto few = detail::array();
    for (const TooFewKpis& t : list.too_few_kpis) {
        auto o = object();
        o->set("contract", t.contract_id);
        o->set("kpis", t.kpis);
        few->add(o);
    }
    root->set("too_few_kpis", few);
    return root;
}

Rendered render_due_list(const DueList& list, Format format) {
    if (format == Format::kJson)
        return detail::json_document(due_list_json(list));
    std::string body =
        csv_row({"list", "contract", "authority", "reason", "due", "last_published", "kpis"});
    for (const OwedNotice& n : list.due) {
        body += csv_row({"due", csv_field(n.contract_id), csv_field(n.authority_id),
                         csv_field(name(n.reason)), format_date(n.due),
                         n.last_published ? format_date(*n.last_published) : std::string(), ""});
    }
    for (const TooFewKpis& t : list.too_few_kpis) {
        body += csv_row({"too_few_kpis", csv_field(t.contract_id), csv_field(t.authority_id), "",
                         "", "", csv_number(t.kpis)});
    }
    return detail::csv_document(std::move(body));
}

// ---- a notice ----

NoticeView notice_view(store::Connection& conn, Notice notice, const NoticePolicy& policy) {
    NoticeView view;
    if (auto listing = store::ContractRepository(conn).find_listing(notice.contract_id)) {
        view.authority_name = listing->authority_name;
        view.contract_title = listing->contract.title;
        view.contract_lot = listing->contract.lot;
        view.supplier_name = listing->supplier_name;
    }
    if (notice.state == NoticeState::kPublished) {
        view.supplier_name = notice.supplier_name;
        view.supplier_contact = notice.supplier_contact;
    } else {
        view.supplier_contact = store::SupplierContactRepository(conn).find(notice.supplier_id);
    }
    if (notice.state == NoticeState::kWithSupplier)
        view.review_ends = review_ends(notice, policy);
    if (notice.kind == NoticeKind::kFailure && notice.decided)
        view.publish_by = failure_deadline(*notice.decided, policy);
    if (notice.state == NoticeState::kPublished)
        view.replaced_by =
            store::NoticeRepository(conn).published_replacement(notice.id).value_or(0);
    view.notice = std::move(notice);
    return view;
}

Poco::JSON::Object::Ptr notice_json(const NoticeView& view, bool full) {
    const Notice& n = view.notice;
    auto out = object();
    out->set("id", static_cast<Poco::Int64>(n.id));
    out->set("kind", name(n.kind));
    out->set("state", name(n.state));
    auto authority = object();
    authority->set("id", n.authority_id);
    authority->set("name", view.authority_name);
    out->set("authority", authority);
    auto contract = object();
    contract->set("id", n.contract_id);
    contract->set("title", view.contract_title);
    contract->set("lot", detail::text_or_null(view.contract_lot));
    out->set("contract", contract);
    auto supplier = object();
    supplier->set("id", n.supplier_id);
    supplier->set("name", view.supplier_name);
    supplier->set("postal_address", view.supplier_contact
                                        ? Poco::Dynamic::Var(view.supplier_contact->postal_address)
                                        : null());
    supplier->set(
        "email", view.supplier_contact ? Poco::Dynamic::Var(view.supplier_contact->email) : null());
    out->set("supplier", supplier);
    auto window = object();
    window->set("first", n.window.first.to_string());
    window->set("last", n.window.last.to_string());
    window->set("start", format_date(n.window.start()));
    window->set("end", format_date(n.window.end()));
    out->set("window", window);
    out->set("statement",
             n.kind == NoticeKind::kAssessment ? Poco::Dynamic::Var(kAssessmentStatement) : null());
    auto kpis = detail::array();
    for (const NoticeKpi& k : n.kpis)
        kpis->add(kpi_json(k));
    out->set("kpis", kpis);
    out->set("drafted_by", n.drafted_by);
    out->set("created", format_timestamp(n.created));
    out->set("sent_by", detail::text_or_null(n.sent_by));
    out->set("sent", detail::timestamp_or_null(n.sent));
    out->set("review_ends", date_or_null(view.review_ends));
    out->set("agreed_by", detail::text_or_null(n.agreed_by));
    out->set("agreed", detail::timestamp_or_null(n.agreed));
    out->set("approved_by", detail::text_or_null(n.approved_by));
    out->set("approved", detail::timestamp_or_null(n.approved));
    out->set("published_by", detail::text_or_null(n.published_by));
    out->set("published", detail::timestamp_or_null(n.published));
    out->set("replaces", id_or_null(n.replaces));
    out->set("replaced_by", id_or_null(view.replaced_by));
    out->set("decided", date_or_null(n.decided));
    out->set("publish_by", date_or_null(view.publish_by));
    out->set("requirement", detail::text_or_null(n.requirement));
    out->set("description", detail::text_or_null(n.description));
    out->set("review", id_or_null(n.review_id));
    out->set("improvement_notice", id_or_null(n.improvement_id));
    if (full) {
        auto transitions = detail::array();
        for (const NoticeTransition& t : n.transitions) {
            auto o = object();
            o->set("from", name(t.from));
            o->set("to", name(t.to));
            o->set("by", t.by);
            o->set("at", format_timestamp(t.at));
            o->set("note", t.note);
            transitions->add(o);
        }
        out->set("transitions", transitions);
        auto comments = detail::array();
        for (const NoticeComment& c : n.comments) {
            auto o = object();
            o->set("by", c.by);
            o->set("role", name(c.role));
            o->set("at", format_timestamp(c.at));
            o->set("text", c.text);
            comments->add(o);
        }
        out->set("comments", comments);
    }
    return out;
}

Poco::JSON::Object::Ptr improvement_json(const ImprovementNotice& i) {
    auto out = object();
    out->set("id", static_cast<Poco::Int64>(i.id));
    out->set("review", static_cast<Poco::Int64>(i.review_id));
    out->set("contract", i.contract_id);
    auto levels = detail::array();
    for (const ImprovementLevel& l : i.levels) {
        auto o = object();
        o->set("kpi", l.kpi_code);
        o->set("level", l.level);
        levels->add(o);
    }
    out->set("kpis", levels);
    out->set("deadline", format_date(i.deadline));
    out->set("issued_by", i.issued_by);
    out->set("issued", format_timestamp(i.issued));
    out->set("status", name(i.status));
    out->set("shortfall", detail::text_or_null(i.shortfall));
    out->set("failure_notice", id_or_null(i.failure_notice_id));
    return out;
}

Poco::JSON::Object::Ptr supplier_contact_json(const std::string& supplier_id,
                                              const std::optional<SupplierContact>& contact) {
    auto out = object();
    out->set("supplier", supplier_id);
    out->set("postal_address", contact ? Poco::Dynamic::Var(contact->postal_address) : null());
    out->set("email", contact ? Poco::Dynamic::Var(contact->email) : null());
    return out;
}

}  // namespace scorecard::reports
