// The contract performance notice pages (SPEC §7, docs/notices.md "On the pages"): the
// notices a caller may see, the due list of the caller's authority, one notice with the
// steps the caller may take now, the draft form and the rating-change form. Every form
// posts to a page route that calls the same services/notices.h function as the API, then
// goes back (303) to the notice with a banner; a refusal re-renders the form with an error
// summary and what was typed. Who may take a step is model/access.h's, whether the notice
// allows it model/notices.h's: the pages only ask them. Templates: etc/templates/notices_*.
#include <algorithm>
#include <functional>
#include <set>

#include "model/notices.h"
#include "reports/notices.h"
#include "services/http/api_support.h"
#include "services/http/handlers.h"
#include "services/http/pages/html.h"
#include "services/http/pages/workflow_forms.h"
#include "services/notices.h"
#include "store/repositories.h"

namespace scorecard::services::pages {
namespace {

using reports::View;

NoticeDesk desk(AppContext& app) {
    return NoticeDesk(app.db(), app.settings(), app.now());
}

std::string notice_href(std::int64_t id) {
    return "/notices/" + std::to_string(id);
}

std::string contract_href(const std::string& id) {
    return "/contracts/" + url_encode(id);
}

// reg 39(5)'s words: "Other" here, since a notice's `other` is a rating of its own.
View notice_rating_tag(Rating rating) {
    View tag = tag_for(rating);
    if (rating == Rating::kOther)
        tag.set("label", "Other");
    return tag;
}

View state_tag(NoticeState state) {
    const char* colour = "grey";
    switch (state) {
        case NoticeState::kDraft:
            colour = "grey";
            break;
        case NoticeState::kWithSupplier:
            colour = "blue";
            break;
        case NoticeState::kApproved:
            colour = "turquoise";
            break;
        case NoticeState::kPublished:
            colour = "green";
            break;
    }
    return View().set("label", std::string(to_string(state))).set("colour", colour);
}

std::string kind_words(NoticeKind kind) {
    return kind == NoticeKind::kAssessment ? "KPI assessment" : "Performance failure notice";
}

std::string window_text(const AssessmentWindow& w) {
    return w.first.to_string() + " to " + w.last.to_string() + " (" + format_date(w.start()) +
           " to " + format_date(w.end()) + ")";
}

// A text a template shows in a {{#section}} only when there is one.
View text_if_any(const std::string& text) {
    return text.empty() ? View(false) : View(text);
}

std::string periods_text(const std::vector<Period>& periods) {
    std::string out;
    for (const Period& p : periods)
        out += (out.empty() ? "" : ", ") + p.to_string();
    return out.empty() ? "none" : out;
}

// The fields of the error summary a refusal points at: a field the service named when it is
// one of the form's, else `fallback`.
FieldErrors errors_of(const Error& e, const std::vector<std::string>& fields,
                      const std::string& fallback) {
    std::string field = fallback;
    for (const Problem& p : e.details())
        if (std::find(fields.begin(), fields.end(), p.code) != fields.end())
            field = p.code;
    return {{field, e.what()}};
}

// Every value of a repeated form field (the KPI checkboxes), in the order sent.
std::vector<std::string> form_values(const HttpRequest& request, const std::string& name) {
    std::vector<std::string> out;
    const auto fields = request.form();
    for (auto [it, end] = fields.equal_range(name); it != end; ++it)
        out.push_back(it->second);
    return out;
}

// ---------------------------------------------------------------- the list

View notice_row(const reports::NoticeView& v) {
    const Notice& n = v.notice;
    return View()
        .set("id", std::to_string(n.id))
        .set("href", notice_href(n.id))
        .set("kind", kind_words(n.kind))
        .set("contract_id", n.contract_id)
        .set("contract_href", contract_href(n.contract_id))
        .set("contract_title", v.contract_title)
        .set("supplier", v.supplier_name.empty() ? n.supplier_id : v.supplier_name)
        .set("window", n.window.first.to_string() + " to " + n.window.last.to_string())
        .set("state_tag", state_tag(n.state));
}

View state_choices(const std::string& selected) {
    std::vector<std::pair<std::string, std::string>> choices = {{"any", "Any"}};
    for (NoticeState s : {NoticeState::kDraft, NoticeState::kWithSupplier, NoticeState::kApproved,
                          NoticeState::kPublished})
        choices.emplace_back(to_string(s), to_string(s));
    return select_options(choices, selected.empty() ? "any" : selected);
}

}  // namespace

HttpResponse get_notices(const HttpRequest& request, AppContext& app) {
    store::NoticeFilter filter;
    filter.state = filter_choice<NoticeState>(request, "state");
    filter.contract_id = query_text(request, "contract");
    filter.page = {100, int_param(request, "offset", 0, 0, 100000000)};
    // The desk narrows the list to what the caller may see (a supplier: no drafts).
    const NoticePage list = desk(app).list(request.who(), filter);
    View rows = View::list();
    for (const reports::NoticeView& v : list.notices)
        rows.add(notice_row(v));
    const std::string state = query_text(request, "state");
    View view;
    view.set("has_notices", !list.notices.empty())
        .set("notices", std::move(rows))
        .set("contract", filter.contract_id)
        .set("state_options", state_choices(state))
        .set("may_read_due", may_read_notices_owed(request.who()));
    set_list_paging(view,
                    {"notice", list.total, static_cast<std::int64_t>(list.notices.size()),
                     filter.page.offset, filter.page.limit, "/notices", "/notices",
                     "state=" + url_encode(state) + "&contract=" + url_encode(filter.contract_id)});
    return page(200, request, "Contract performance notices",
                reports::render_template("notices_list", view));
}

// ---------------------------------------------------------------- the due list

HttpResponse get_notices_due(const HttpRequest& request, AppContext& app) {
    Date as_of = app.today();
    if (auto text = request.query_value("as_of"); text && !text->empty()) {
        auto date = parse_date(*text);
        if (!date)
            throw Error::BadRequest("as_of must be a date YYYY-MM-DD, not '" + *text + "'");
        as_of = *date;
    }
    // Commercial users: their authority's; ministers and admin: every authority's.
    const reports::DueList list = desk(app).due(request.who(), as_of);
    const bool may_draft = role_may(request.who().role, Permission::kManageNotices);
    View due = View::list();
    for (const OwedNotice& o : list.due) {
        View row;
        row.set("contract_id", o.contract_id)
            .set("contract_href", contract_href(o.contract_id))
            .set("authority", o.authority_id)
            .set("reason", std::string(to_string(o.reason)))
            .set("due", format_date(o.due))
            .set("overdue", o.due < as_of)
            .set("last_published", o.last_published ? format_date(*o.last_published) : "–")
            .set("action_href",
                 o.notice_id != 0
                     ? View(notice_href(o.notice_id))
                     : View(may_draft && may_manage_notices_of(request.who(), o.authority_id)
                                ? View(contract_href(o.contract_id) + "/notices/new")
                                : View(false)))
            .set("action_label", o.notice_id != 0 ? "Open the notice" : "Draft a notice");
        due.add(std::move(row));
    }
    View few = View::list();
    for (const reports::TooFewKpis& t : list.too_few_kpis)
        few.add(View()
                    .set("contract_id", t.contract_id)
                    .set("contract_href", contract_href(t.contract_id))
                    .set("authority", t.authority_id)
                    .set("kpis", std::to_string(t.kpis)));
    View view;
    view.set("as_of", format_date(as_of))
        .set("authority", text_if_any(request.who().authority_id))
        .set("has_due", !list.due.empty())
        .set("due", std::move(due))
        .set("has_too_few", !list.too_few_kpis.empty())
        .set("too_few", std::move(few));
    return page(200, request, "Notices due", reports::render_template("notices_due", view));
}

// ---------------------------------------------------------------- one notice

namespace {

// A step along the path this caller may take now: the form, or why it is not open yet.
struct PathStep {
    NoticeState to;
    const char* label;
    const char* id;
    bool note_required;
};

constexpr PathStep kSteps[] = {
    {NoticeState::kWithSupplier, "Send to the supplier", "send", false},
    {NoticeState::kApproved, "Approve", "approve", false},
    {NoticeState::kPublished, "Publish", "publish", false},
    {NoticeState::kDraft, "Send back to draft", "back", true},
};

std::optional<std::string> banner_text(const std::string& done) {
    if (done == "drafted")
        return "Notice drafted with the proposed ratings.";
    if (done == "rated")
        return "Rating changed.";
    if (done == "with_supplier")
        return "Notice sent to the supplier.";
    if (done == "draft")
        return "Notice sent back to draft.";
    if (done == "approved")
        return "Notice approved.";
    if (done == "published")
        return "Notice published.";
    if (done == "commented")
        return "Comment added.";
    if (done == "agreed")
        return "You agreed with the notice.";
    return std::nullopt;
}

View notice_page_view(const HttpRequest& request, AppContext& app, const reports::NoticeView& v,
                      const FieldErrors& errors, const std::string& refused_form) {
    const Principal& who = request.who();
    const Notice& n = v.notice;
    const ContractScope scope{n.authority_id, n.supplier_id, {}};
    const std::string base = notice_href(n.id);
    const bool manages = may_manage_notices_of(who, n.authority_id);

    View view;
    view.set("breadcrumbs", breadcrumb_links({{"/notices", "Notices"}}))
        .set("csrf", request.csrf_token)
        .set("base", base)
        .set("id", std::to_string(n.id))
        .set("kind", kind_words(n.kind))
        .set("is_assessment", n.kind == NoticeKind::kAssessment)
        .set("statement", reports::kAssessmentStatement)
        .set("state", std::string(to_string(n.state)))
        .set("state_tag", state_tag(n.state))
        .set("authority", v.authority_name.empty() ? n.authority_id : v.authority_name)
        .set("authority_id", n.authority_id)
        .set("contract_id", n.contract_id)
        .set("contract_href", contract_href(n.contract_id))
        .set("contract_title", v.contract_title)
        .set("supplier", v.supplier_name.empty() ? n.supplier_id : v.supplier_name)
        .set("supplier_id", n.supplier_id)
        .set("supplier_href", "/suppliers/" + url_encode(n.supplier_id))
        .set("has_contact", v.supplier_contact.has_value())
        .set("postal_address", v.supplier_contact ? v.supplier_contact->postal_address : "")
        .set("email", v.supplier_contact ? v.supplier_contact->email : "")
        .set("window", window_text(n.window))
        .set("drafted_by", n.drafted_by)
        .set("created", format_timestamp(n.created))
        .set("review_ends", v.review_ends ? View(format_date(*v.review_ends)) : View(false))
        .set("publish_by", v.publish_by ? View(format_date(*v.publish_by)) : View(false))
        .set("requirement", n.requirement)
        .set("description", n.description)
        .set("has_failure", n.kind == NoticeKind::kFailure)
        .set("replaces", n.replaces != 0 ? View(View()
                                                    .set("id", std::to_string(n.replaces))
                                                    .set("href", notice_href(n.replaces)))
                                         : View(false))
        .set("replaced_by", v.replaced_by != 0 ? View(View()
                                                          .set("id", std::to_string(v.replaced_by))
                                                          .set("href", notice_href(v.replaced_by)))
                                               : View(false))
        .set("is_published", n.state == NoticeState::kPublished)
        .set("agreed",
             n.agreed ? View(View().set("by", n.agreed_by).set("at", format_timestamp(*n.agreed)))
                      : View(false));
    const auto banner = banner_text(query_text(request, "done"));
    view.set("banner", banner ? View(*banner) : View(false));
    set_errors(view, errors);

    // The KPIs: proposed and the authority's rating; in a draft, a link to change it.
    const bool may_rate = manages && n.state == NoticeState::kDraft;
    View kpis = View::list();
    for (const NoticeKpi& k : n.kpis) {
        const KpiAssessment& a = k.assessment;
        kpis.add(View()
                     .set("code", a.definition.code)
                     .set("name", a.definition.name)
                     .set("mean", figure_text(a.mean))
                     .set("proposed_tag", notice_rating_tag(a.proposed))
                     .set("proposed_reason", text_if_any(a.proposed_reason))
                     .set("rating", std::string(to_string(k.rating)))
                     .set("rating_tag", notice_rating_tag(k.rating))
                     .set("change_reason", text_if_any(k.change_reason))
                     .set("returned", periods_text(a.returned))
                     .set("due", periods_text(a.due))
                     .set("rate_href",
                          may_rate ? View(base + "/ratings?kpi=" + url_encode(a.definition.code))
                                   : View(false)));
    }
    view.set("has_kpis", !n.kpis.empty()).set("kpis", std::move(kpis));

    // The path so far, in the order it happened (the supplier's agreement among the moves).
    struct PathEntry {
        Timestamp at;
        std::string step, by, note;
    };
    std::vector<PathEntry> entries = {{n.created, "drafted", n.drafted_by, ""}};
    for (const NoticeTransition& t : n.transitions)
        entries.push_back({t.at,
                           std::string(to_string(t.from)) + " → " + std::string(to_string(t.to)),
                           t.by, t.note});
    if (n.agreed)
        entries.push_back({*n.agreed, "agreed by the supplier", n.agreed_by, ""});
    std::stable_sort(entries.begin(), entries.end(),
                     [](const PathEntry& x, const PathEntry& y) { return x.at < y.at; });
    View path = View::list();
    for (const PathEntry& e : entries)
        path.add(View()
                     .set("at", format_timestamp(e.at))
                     .set("step", e.step)
                     .set("by", e.by)
                     .set("note", e.note));
    view.set("path", std::move(path));

    // The steps: offered where model/access.h and model/notices.h allow them now; a step the
    // caller could take but the notice does not yet allow says why.
    View steps = View::list();
    View waiting = View::list();
    if (manages) {
        const SupplierContact contact = v.supplier_contact.value_or(SupplierContact{});
        for (const PathStep& s : kSteps) {
            // A note is typed in the form: its absence is the form's to report.
            const auto refusal =
                check_notice_transition(n, s.to, who.user, s.note_required ? "note" : "",
                                        date_of(app.now()), app.settings().notices, contact);
            if (!refusal) {
                const std::string field = std::string("note-") + s.id;
                steps.add(
                    View()
                        .set("id", s.id)
                        .set("to", std::string(to_string(s.to)))
                        .set("label", s.label)
                        .set("secondary", s.to == NoticeState::kDraft)
                        .set("note_field",
                             field_view(
                                 {field, "note",
                                  s.note_required ? "Why it goes back to draft" : "Note (optional)",
                                  "", refused_form == s.id ? sent(request, "note") : ""},
                                 errors)));
            } else if (refusal->code == ErrorCode::kConflict &&
                       n.state != NoticeState::kPublished &&
                       ((n.state == NoticeState::kWithSupplier && s.to == NoticeState::kApproved) ||
                        (n.state == NoticeState::kApproved && s.to == NoticeState::kPublished))) {
                waiting.add(View().set("label", s.label).set("reason", refusal->message));
            }
        }
    }
    view.set("has_steps", !steps.empty())
        .set("steps", std::move(steps))
        .set("has_waiting", !waiting.empty())
        .set("waiting", std::move(waiting));

    // The supplier's agreement, and comments from either side.
    view.set("may_agree", may_agree_notice(who, scope) && !check_agreement(n));
    reports::View comments = reports::View::list();
    for (const NoticeComment& c : n.comments)
        comments.add(View()
                         .set("by", c.by)
                         .set("role", to_string(c.role))
                         .set("at", format_timestamp(c.at))
                         .set("text", c.text));
    view.set("has_comments", !n.comments.empty()).set("comments", std::move(comments));
    // Whether a comment would be taken now, its text aside (typed in the form).
    const bool may_comment =
        may_answer_notice(who, scope) && !check_notice_comment(n, who.role, "a comment");
    view.set("comment_form",
             may_comment ? View(View().set(
                               "text_field",
                               field_view({"text", "text", "Add a comment", "",
                                           refused_form == "comment" ? sent(request, "text") : ""},
                                          errors)))
                         : View(false));
    return view;
}

HttpResponse render_notice(const HttpRequest& request, AppContext& app, std::int64_t id,
                           const FieldErrors& errors, const std::string& refused_form, int status) {
    const reports::NoticeView v = desk(app).find(request.who(), id);  // 404, 403
    return page(status, request, "Notice " + std::to_string(id),
                reports::render_template("notices_notice",
                                         notice_page_view(request, app, v, errors, refused_form)));
}

// Runs one step from a notice's form: to the notice with a banner on success, the notice
// again with the refusal beside `field` of `form` otherwise.
HttpResponse notice_step(const HttpRequest& request, AppContext& app, const std::string& form,
                         const std::string& field,
                         const std::function<std::string(NoticeDesk&, std::int64_t)>& step) {
    const auto id = id_param(request, "id", "notice");
    return form_step(
        [&] {
            NoticeDesk d = desk(app);
            const std::string done = step(d, id);
            return redirect(notice_href(id) + "?done=" + done);
        },
        [&](const Error& e, int status) {
            return render_notice(request, app, id, {{field, e.what()}}, form, status);
        });
}

}  // namespace

HttpResponse get_notice(const HttpRequest& request, AppContext& app) {
    return render_notice(request, app, id_param(request, "id", "notice"), {}, "", 200);
}

HttpResponse post_notice_transition(const HttpRequest& request, AppContext& app) {
    const std::string to_text = request.form_value("to");
    const auto to = parse_enum<NoticeState>(to_text);
    const PathStep* step = nullptr;
    for (const PathStep& s : kSteps)
        if (to && s.to == *to)
            step = &s;
    const std::string form = step ? step->id : "";
    return notice_step(request, app, form, "note-" + form, [&](NoticeDesk& d, std::int64_t id) {
        if (!to)
            throw Error::Invalid("choose the step to take", {});
        d.move(request.who(), id, *to, request.form_value("note"), std::nullopt);
        return std::string(to_string(*to));
    });
}

HttpResponse post_notice_comment(const HttpRequest& request, AppContext& app) {
    return notice_step(request, app, "comment", "text", [&](NoticeDesk& d, std::int64_t id) {
        d.comment(request.who(), id, request.form_value("text"));
        return std::string("commented");
    });
}

HttpResponse post_notice_agreement(const HttpRequest& request, AppContext& app) {
    return notice_step(request, app, "agree", "", [&](NoticeDesk& d, std::int64_t id) {
        d.agree(request.who(), id, "");
        return std::string("agreed");
    });
}

// ---------------------------------------------------------------- changing a rating

namespace {

const Rating kNoticeRatings[] = {Rating::kGood, Rating::kApproaching, Rating::kRequiresImprovement,
                                 Rating::kInadequate, Rating::kOther};

HttpResponse render_rating_form(const HttpRequest& request, AppContext& app, std::int64_t id,
                                const std::string& kpi_code, const FieldErrors& errors,
                                int status) {
    const reports::NoticeView v = desk(app).find(request.who(), id);
    const Notice& n = v.notice;
    if (!may_manage_notices_of(request.who(), n.authority_id))
        throw Error::Forbidden("ratings of notice " + std::to_string(id) +
                               " are changed by commercial users of " + n.authority_id);
    auto kpi = std::find_if(n.kpis.begin(), n.kpis.end(), [&](const NoticeKpi& k) {
        return k.assessment.definition.code == kpi_code;
    });
    if (kpi == n.kpis.end())
        throw Error::NotFound("notice " + std::to_string(id) + " does not assess KPI '" + kpi_code +
                              "'");
    const bool again = request.method == "POST";
    const std::string chosen =
        again ? request.form_value("rating") : std::string(to_string(kpi->rating));
    View ratings = View::list();
    for (Rating r : kNoticeRatings) {
        const std::string value(to_string(r));
        ratings.add(View()
                        .set("value", value)
                        .set("id", "rating-" + value)
                        .set("label", notice_rating_tag(r).members().at("label").text())
                        .set("proposed", r == kpi->assessment.proposed)
                        .set("checked", value == chosen));
    }
    const std::string rating_error = error_for(errors, "rating");
    View view;
    view.set("breadcrumbs", breadcrumb_links({{"/notices", "Notices"},
                                              {notice_href(id), "Notice " + std::to_string(id)}}))
        .set("csrf", request.csrf_token)
        .set("action", notice_href(id) + "/ratings")
        .set("id", std::to_string(id))
        .set("kpi", kpi_code)
        .set("kpi_name", kpi->assessment.definition.name)
        .set("mean", figure_text(kpi->assessment.mean))
        .set("proposed_tag", notice_rating_tag(kpi->assessment.proposed))
        .set("proposed_reason", kpi->assessment.proposed_reason)
        .set("ratings", std::move(ratings))
        .set("has_rating_error", !rating_error.empty())
        .set("rating_error", rating_error)
        .set("reason_field",
             field_view({"reason", "reason", "Why the rating differs from the proposal",
                         "Required when you choose a rating other than the proposed one. "
                         "It is kept in the audit log.",
                         again ? request.form_value("reason") : kpi->change_reason},
                        errors));
    set_errors(view, errors);
    return page(status, request, "Change a rating",
                reports::render_template("notices_rating", view));
}

}  // namespace

HttpResponse get_notice_rating(const HttpRequest& request, AppContext& app) {
    return render_rating_form(request, app, id_param(request, "id", "notice"),
                              query_text(request, "kpi"), {}, 200);
}

HttpResponse post_notice_rating(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "notice");
    const std::string kpi = request.form_value("kpi");
    return form_step(
        [&] {
            const auto rating = parse_enum<Rating>(request.form_value("rating"));
            if (!rating)
                throw Error::Invalid("choose a rating",
                                     {Problem{"rating", "choose a rating", 0, 0, {}}});
            desk(app).rate(request.who(), id, kpi, *rating, request.form_value("reason"));
            return redirect(notice_href(id) + "?done=rated");
        },
        [&](const Error& e, int status) {
            return render_rating_form(request, app, id, kpi,
                                      errors_of(e, {"rating", "reason"}, "reason"), status);
        });
}

// ---------------------------------------------------------------- drafting

namespace {

// The window the form offers first: the twelve months of periods up to the last one that
// has ended (the contract's last, once it has ended), not before the contract's first.
AssessmentWindow suggested_window(const Contract& c, Date today) {
    const Period first_of_contract = Period::containing(c.frequency, c.start);
    Period last = today > c.end ? Period::containing(c.frequency, c.end)
                                : Period::containing(c.frequency, today).previous();
    if (last < first_of_contract)
        last = first_of_contract;
    Period first = last;
    const int count = c.frequency == Frequency::kMonthly ? 12 : 4;
    for (int i = 1; i < count && first.previous() >= first_of_contract; ++i)
        first = first.previous();
    return {first, last};
}

HttpResponse render_draft_form(const HttpRequest& request, AppContext& app,
                               const FieldErrors& errors, int status) {
    const std::string id = request.param("id");
    Contract contract;
    {
        auto conn = app.db().acquire();
        auto found = store::ContractRepository(*conn).find(id);
        if (!found)
            throw Error::NotFound("no contract " + id);
        contract = std::move(*found);
    }
    if (!may_view_contract(request.who(), scope_of(contract)))
        throw Error::Forbidden("you may not see contract " + id);
    if (!may_manage_notices_of(request.who(), contract.authority_id))
        throw Error::Forbidden("drafting a notice of " + id + " is for commercial users of " +
                               contract.authority_id + ", the contracting authority");
    const bool again = request.method == "POST";
    const AssessmentWindow window = suggested_window(contract, date_of(app.now()));
    std::set<std::string> chosen;
    if (again)
        for (const std::string& code : form_values(request, "kpis"))
            chosen.insert(code);

    // Each KPI the contract has had, by code, with its latest name.
    View kpis = View::list();
    std::set<std::string> seen;
    for (auto it = contract.kpis.rbegin(); it != contract.kpis.rend(); ++it) {
        const std::string& code = it->definition.code;
        if (it->withdrawn || !seen.insert(code).second)
            continue;
        kpis.add(View()
                     .set("code", code)
                     .set("id", "kpi-" + code)
                     .set("name", it->definition.name)
                     .set("weight", figure_text(it->definition.weight))
                     .set("checked", chosen.contains(code)));
    }
    const std::string kpi_error = error_for(errors, "kpis");
    View view;
    view.set("breadcrumbs", breadcrumb_links({{"/contracts", "Contracts"},
                                              {contract_href(contract.id), contract.id}}))
        .set("csrf", request.csrf_token)
        .set("action", contract_href(contract.id) + "/notices")
        .set("contract_id", contract.id)
        .set("contract_title", contract.title)
        .set("first_field",
             field_view(
                 {"first", "first", "First period", "For example, " + window.first.to_string(),
                  again ? request.form_value("first") : window.first.to_string()},
                 errors))
        .set("last_field",
             field_view({"last", "last", "Last period",
                         "For example, " + window.last.to_string() + ". It must have begun.",
                         again ? request.form_value("last") : window.last.to_string()},
                        errors))
        .set("kpis", std::move(kpis))
        .set("has_kpi_error", !kpi_error.empty())
        .set("kpi_error", kpi_error);
    set_errors(view, errors);
    return page(status, request, "Draft a contract performance notice",
                reports::render_template("notices_new", view));
}

// A period typed in the form, or an invalid error naming the field.
Period period_field(const HttpRequest& request, const std::string& field, const std::string& what) {
    const std::string text = request.form_value(field);
    auto period = Period::parse(text);
    if (!period) {
        const std::string message = "enter the " + what +
                                    " as a period, for example 2026-09 or 2026-Q3" +
                                    (text.empty() ? "" : ", not '" + text + "'");
        throw Error::Invalid(message, {Problem{field, message, 0, 0, {}}});
    }
    return *period;
}

}  // namespace

HttpResponse get_new_notice(const HttpRequest& request, AppContext& app) {
    return render_draft_form(request, app, {}, 200);
}

HttpResponse post_new_notice(const HttpRequest& request, AppContext& app) {
    return form_step(
        [&] {
            NoticeDraft draft;
            draft.kind = NoticeKind::kAssessment;
            draft.contract_id = request.param("id");
            draft.first = period_field(request, "first", "first period");
            draft.last = period_field(request, "last", "last period");
            draft.kpis = form_values(request, "kpis");
            const reports::NoticeView v = desk(app).draft(request.who(), draft);
            return redirect(notice_href(v.notice.id) + "?done=drafted");
        },
        [&](const Error& e, int status) {
            return render_draft_form(request, app, errors_of(e, {"first", "last", "kpis"}, "first"),
                                     status);
        });
}

}  // namespace scorecard::services::pages
