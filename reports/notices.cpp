#include "reports/notices.h"

#include <algorithm>
#include <tuple>

#include "reports/csv.h"
#include "reports/entity_json.h"
#include "reports/json_writer.h"
#include "reports/report_support.h"
#include "store/notice_repository.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

using detail::name;

// Contracts per round of queries (their KPI versions and notices): a bounded IN list.
constexpr std::size_t kBatch = 500;

std::optional<std::string> words_or_null(Rating rating) {
    auto words = statutory_words(rating);
    if (!words)
        return std::nullopt;
    return std::string(*words);
}

void write_periods(JsonWriter& out, const std::vector<Period>& periods) {
    out.begin_array();
    for (const Period& p : periods)
        out.value(p.to_string());
    out.end_array();
}

void write_kpi(JsonWriter& out, const NoticeKpi& k) {
    const KpiAssessment& a = k.assessment;
    out.begin_object().field("kpi", a.definition.code);
    write_kpi_definition_fields(out, a.definition);
    out.field("mean", a.mean)
        .field("proposed", to_string(a.proposed))
        .field("proposed_words", words_or_null(a.proposed));
    out.key("proposed_reason").text_or_null(a.proposed_reason);
    out.field("rating", to_string(k.rating)).field("rating_words", words_or_null(k.rating));
    out.key("change_reason").text_or_null(k.change_reason);
    out.key("returned");
    write_periods(out, a.returned);
    out.key("due");
    write_periods(out, a.due);
    out.end_object();
}

void write_contact_fields(JsonWriter& out, const std::optional<SupplierContact>& contact) {
    out.key("postal_address");
    if (contact)
        out.value(contact->postal_address);
    else
        out.null();
    out.key("email");
    if (contact)
        out.value(contact->email);
    else
        out.null();
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

std::string due_list_json(const DueList& list) {
    JsonWriter out;
    out.begin_object().field("as_of", format_date(list.as_of)).key("due").begin_array();
    for (const OwedNotice& n : list.due) {
        out.begin_object()
            .field("contract", n.contract_id)
            .field("authority", n.authority_id)
            .field("reason", to_string(n.reason))
            .field("due", format_date(n.due))
            .field("last_published", text_of(n.last_published))
            .end_object();
    }
    out.end_array().key("too_few_kpis").begin_array();
    for (const TooFewKpis& t : list.too_few_kpis)
        out.begin_object().field("contract", t.contract_id).field("kpis", t.kpis).end_object();
    out.end_array().end_object();
    return out.take();
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

void write_json(JsonWriter& out, const NoticeView& view, bool full) {
    const Notice& n = view.notice;
    out.begin_object()
        .field("id", n.id)
        .field("kind", to_string(n.kind))
        .field("state", to_string(n.state));
    out.key("authority")
        .begin_object()
        .field("id", n.authority_id)
        .field("name", view.authority_name)
        .end_object();
    out.key("contract")
        .begin_object()
        .field("id", n.contract_id)
        .field("title", view.contract_title)
        .key("lot")
        .text_or_null(view.contract_lot)
        .end_object();
    out.key("supplier").begin_object().field("id", n.supplier_id).field("name", view.supplier_name);
    write_contact_fields(out, view.supplier_contact);
    out.end_object();
    out.key("window")
        .begin_object()
        .field("first", n.window.first.to_string())
        .field("last", n.window.last.to_string())
        .field("start", format_date(n.window.start()))
        .field("end", format_date(n.window.end()))
        .end_object();
    out.key("statement");
    if (n.kind == NoticeKind::kAssessment)
        out.value(kAssessmentStatement);
    else
        out.null();
    out.key("kpis").begin_array();
    for (const NoticeKpi& k : n.kpis)
        write_kpi(out, k);
    out.end_array();
    out.field("drafted_by", n.drafted_by).field("created", format_timestamp(n.created));
    out.key("sent_by").text_or_null(n.sent_by);
    out.field("sent", text_of(n.sent)).field("review_ends", text_of(view.review_ends));
    out.key("agreed_by").text_or_null(n.agreed_by);
    out.field("agreed", text_of(n.agreed));
    out.key("approved_by").text_or_null(n.approved_by);
    out.field("approved", text_of(n.approved));
    out.key("published_by").text_or_null(n.published_by);
    out.field("published", text_of(n.published))
        .field("replaces", id_or_null(n.replaces))
        .field("replaced_by", id_or_null(view.replaced_by))
        .field("decided", text_of(n.decided))
        .field("publish_by", text_of(view.publish_by));
    out.key("requirement").text_or_null(n.requirement);
    out.key("description").text_or_null(n.description);
    out.field("review", id_or_null(n.review_id))
        .field("improvement_notice", id_or_null(n.improvement_id));
    if (full) {
        out.key("transitions").begin_array();
        for (const NoticeTransition& t : n.transitions)
            write_transition(out, t);
        out.end_array().key("comments").begin_array();
        for (const NoticeComment& c : n.comments) {
            out.begin_object();
            write_comment_fields(out, c);
            out.end_object();
        }
        out.end_array();
    }
    out.end_object();
}

std::string notice_json(const NoticeView& view, bool full) {
    JsonWriter out;
    write_json(out, view, full);
    return out.take();
}

void write_json(JsonWriter& out, const ImprovementNotice& i) {
    out.begin_object()
        .field("id", i.id)
        .field("review", i.review_id)
        .field("contract", i.contract_id)
        .key("kpis")
        .begin_array();
    for (const ImprovementLevel& l : i.levels)
        out.begin_object().field("kpi", l.kpi_code).field("level", l.level).end_object();
    out.end_array()
        .field("deadline", format_date(i.deadline))
        .field("issued_by", i.issued_by)
        .field("issued", format_timestamp(i.issued))
        .field("status", to_string(i.status));
    out.key("shortfall").text_or_null(i.shortfall);
    out.field("failure_notice", id_or_null(i.failure_notice_id)).end_object();
}

std::string improvement_json(const ImprovementNotice& notice) {
    JsonWriter out;
    write_json(out, notice);
    return out.take();
}

std::string supplier_contact_json(const std::string& supplier_id,
                                  const std::optional<SupplierContact>& contact) {
    JsonWriter out;
    out.begin_object().field("supplier", supplier_id);
    write_contact_fields(out, contact);
    out.end_object();
    return out.take();
}

}  // namespace scorecard::reports
