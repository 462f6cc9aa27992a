// The partnership review pages (issue #7): the reviews a caller may see, one review with
// its history, action plan and comments and the forms the caller may use, and dismissing a
// flag with a reason. Workflow (services/workflow.h) decides who may take each step; the
// pages draw the read models of reports/reviews.h with etc/templates/workflow_review*.
#include <functional>

#include "model/review_rules.h"
#include "reports/reviews.h"
#include "services/http/api_support.h"
#include "services/http/handlers.h"
#include "services/http/pages/html.h"
#include "services/http/pages/workflow_forms.h"
#include "services/workflow.h"

namespace scorecard::services::pages {
namespace {

std::string supplier_href(const std::string& id) {
    return "/suppliers/" + url_encode(id);
}

store::ReviewFilter review_filter(const HttpRequest& request) {
    store::ReviewFilter filter;
    filter.state = filter_choice<ReviewState>(request, "state");
    filter.page = {200, int_param(request, "offset", 0, 0, 100000000)};
    return filter;
}

std::string reviews_title(const Principal& who) {
    return who.role == Role::kSupplier ? "My reviews" : "Partnership reviews";
}

reports::View review_list_view(const reports::ReviewList& list, const HttpRequest& request) {
    reports::View rows = reports::View::list();
    for (const auto& [review, supplier_name] : list.reviews) {
        rows.add(reports::View()
                     .set("id", std::to_string(review.id))
                     .set("supplier_href", supplier_href(review.supplier_id))
                     .set("supplier", supplier_name.empty() ? review.supplier_id : supplier_name)
                     .set("state_tag", tag_for(review.state))
                     .set("opened", format_timestamp(review.opened))
                     .set("reason", review.reason));
    }
    const std::string query = "state=" + url_encode(query_text(request, "state"));
    reports::View view;
    view.set("title", reviews_title(request.who()))
        .set("has_reviews", !list.reviews.empty())
        .set("reviews", std::move(rows));
    set_list_paging(view, {"review", list.total, static_cast<std::int64_t>(list.reviews.size()),
                           list.page.offset, list.page.limit, "/reviews", "/reviews.csv", query});
    return view;
}

}  // namespace

HttpResponse get_reviews(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    // The list holds only what the caller may see (reports/reviews.h, SPEC §1).
    const auto list = reports::load_review_list(*conn, request.who(), review_filter(request));
    return page(200, request, reviews_title(request.who()),
                reports::render_template("workflow_reviews", review_list_view(list, request)));
}

namespace {

// The review's page: what it holds, and the forms of the steps the caller may take now
// (model/review_rules.h), with a refused step's errors beside its field.
reports::View review_view(const HttpRequest& request, const reports::ReviewRecord& record,
                          const WorkflowParty& party, const FieldErrors& errors) {
    const Principal& who = request.who();
    const Review& review = record.review;
    auto may = [&](WorkflowStep step) { return may_take_step(who, step, party); };
    const std::string base = "/reviews/" + std::to_string(review.id);

    reports::View view;
    view.set("breadcrumbs", breadcrumb_links({{"/reviews", "Reviews"}}))
        .set("csrf", request.csrf_token)
        .set("base", base)
        .set("id", std::to_string(review.id))
        .set("supplier", record.supplier_name.empty() ? review.supplier_id : record.supplier_name)
        .set("supplier_href", supplier_href(review.supplier_id))
        .set("state_tag", tag_for(review.state))
        .set("opened", format_timestamp(review.opened))
        .set("reason", review.reason);
    set_errors(view, errors);

    reports::View transitions = reports::View::list();
    for (const ReviewTransition& t : review.transitions)
        transitions.add(reports::View()
                            .set("at", format_timestamp(t.at))
                            .set("from", to_string(t.from))
                            .set("to", to_string(t.to))
                            .set("by", t.by)
                            .set("note", t.note));
    view.set("has_transitions", !review.transitions.empty())
        .set("transitions", std::move(transitions));
    const auto next = next_review_state(review.state);
    if (next && may(WorkflowStep::kTransition)) {
        const std::string to = std::string(to_string(*next));
        view.set("transition",
                 reports::View()
                     .set("next_state", to)
                     .set("note_field",
                          field_view({"note", "note", "Note for moving the review to " + to, "",
                                      sent(request, "note")},
                                     errors)));
    }

    const bool plan_open = !check_plan_open(review);
    const bool may_agree = may(WorkflowStep::kAgreeAction) && plan_open;
    reports::View actions = reports::View::list();
    for (const ReviewAction& a : review.actions)
        actions.add(reports::View()
                        .set("id", std::to_string(a.id))
                        .set("description", a.description)
                        .set("owner", a.owner)
                        .set("due", a.due ? format_date(*a.due) : "–")
                        .set("agreed", a.agreed)
                        .set("may_agree", !a.agreed && may_agree));
    view.set("has_actions", !review.actions.empty()).set("actions", std::move(actions));
    if (may(WorkflowStep::kProposeAction) && plan_open) {
        const bool refused = request.method == "POST" && request.path == base + "/actions";
        view.set("propose",
                 reports::View()
                     .set("open", refused)
                     .set("description_field",
                          field_view({"description", "description", "What will be done", "",
                                      sent(request, "description")},
                                     errors))
                     .set("owner_field",
                          field_view({"owner", "owner", "Who owns it", "", sent(request, "owner")},
                                     errors))
                     .set("due_field", field_view({"due", "due", "Due by",
                                                   "For example, 2026-12-31", sent(request, "due")},
                                                  errors)));
    }

    reports::View comments = reports::View::list();
    for (const ReviewComment& c : review.comments)
        comments.add(reports::View()
                         .set("by", c.by)
                         .set("role", to_string(c.role))
                         .set("at", format_timestamp(c.at))
                         .set("text", c.text));
    view.set("has_comments", !review.comments.empty()).set("comments", std::move(comments));
    if (may(WorkflowStep::kComment) && !check_comment(review))
        view.set(
            "comment_form",
            reports::View().set(
                "text_field",
                field_view({"text", "text", "Add a comment", "", sent(request, "text")}, errors)));
    return view;
}

HttpResponse render_review(const HttpRequest& request, AppContext& app, std::int64_t id,
                           const FieldErrors& errors, int status) {
    // Workflow decides whether the caller may see it and which steps the caller may take.
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    Review review = workflow.review(request.who(), id);
    const WorkflowParty party = workflow.party(request.who(), review);
    auto conn = app.db().acquire();
    const auto record = reports::review_record(*conn, std::move(review));
    return page(
        status, request, "Review " + std::to_string(id),
        reports::render_template("workflow_review", review_view(request, record, party, errors)));
}

}  // namespace

HttpResponse get_review(const HttpRequest& request, AppContext& app) {
    return render_review(request, app, id_param(request, "id", "review"), {}, 200);
}

namespace {

// Runs a workflow step from a form: back to the review on success; the review again with
// the refusal in an error summary when the step is refused as invalid or conflicting.
HttpResponse review_step(const HttpRequest& request, AppContext& app, const std::string& field,
                         const std::function<void(Workflow&, std::int64_t)>& step) {
    auto id = id_param(request, "id", "review");
    return form_step(
        [&] {
            Workflow workflow(app.db(), app.settings().scoring, app.now());
            step(workflow, id);
            return redirect("/reviews/" + std::to_string(id));
        },
        [&](const Error& e, int status) {
            return render_review(request, app, id, {{field, e.what()}}, status);
        });
}

}  // namespace

HttpResponse post_transition(const HttpRequest& request, AppContext& app) {
    return review_step(request, app, "note", [&](Workflow& w, std::int64_t id) {
        auto to = parse_enum<ReviewState>(request.form_value("to"));
        if (!to)
            throw Error::Invalid("choose the state to move to", {});
        w.transition(request.who(), id, *to, request.form_value("note"));
    });
}

HttpResponse post_comment(const HttpRequest& request, AppContext& app) {
    return review_step(request, app, "text", [&](Workflow& w, std::int64_t id) {
        w.comment(request.who(), id, request.form_value("text"));
    });
}

HttpResponse post_action(const HttpRequest& request, AppContext& app) {
    return review_step(request, app, "description", [&](Workflow& w, std::int64_t id) {
        ReviewAction action;
        action.description = request.form_value("description");
        action.owner = request.form_value("owner");
        std::string due = request.form_value("due");
        if (!due.empty()) {
            action.due = parse_date(due);
            if (!action.due)
                throw Error::Invalid("enter the due date as YYYY-MM-DD, for example 2026-12-31",
                                     {});
        }
        w.propose_action(request.who(), id, action);
    });
}

HttpResponse post_agree(const HttpRequest& request, AppContext& app) {
    return review_step(request, app, "", [&](Workflow& w, std::int64_t id) {
        w.agree_action(request.who(), id, id_param(request, "action", "action"), "");
    });
}

// ---------------------------------------------------------------- flag dismissal

namespace {

HttpResponse render_dismiss_flag(const HttpRequest& request, AppContext& app,
                                 const FieldErrors& errors, int status) {
    auto id = id_param(request, "id", "flag");
    const auto flag = Workflow(app.db(), app.settings().scoring, app.now())
                          .flag_for(request.who(), id, WorkflowStep::kDismissFlag);
    reports::View view;
    view.set("breadcrumbs", breadcrumb_links({{"/flags", "Flags"}}))
        .set("csrf", request.csrf_token)
        .set("id", std::to_string(flag.id))
        .set("rule", to_string(flag.rule))
        .set("contract_id", flag.contract_id)
        .set("contract_href", "/contracts/" + url_encode(flag.contract_id))
        .set("period", flag.period.to_string())
        .set("detail", flag.detail)
        .set("reason_field", field_view({"reason", "reason", "Why is this flag being dismissed?",
                                         "", sent(request, "reason")},
                                        errors));
    set_errors(view, errors);
    return page(status, request, "Dismiss flag " + std::to_string(flag.id),
                reports::render_template("workflow_dismiss_flag", view));
}

}  // namespace

HttpResponse get_dismiss_flag(const HttpRequest& request, AppContext& app) {
    return render_dismiss_flag(request, app, {}, 200);
}

HttpResponse post_dismiss_flag(const HttpRequest& request, AppContext& app) {
    auto id = id_param(request, "id", "flag");
    return form_step(
        [&] {
            Workflow(app.db(), app.settings().scoring, app.now())
                .dismiss_flag(request.who(), id, request.form_value("reason"));
            return redirect("/flags?status=dismissed");
        },
        [&](const Error& e, int status) {
            return render_dismiss_flag(request, app, {{"reason", e.what()}}, status);
        });
}

HttpResponse get_reviews_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    // Every review the caller may see (reports/reviews.h narrows the list).
    const auto every = reports::load_every_review(*conn, request.who(), review_filter(request));
    return csv_download({"text/csv; charset=utf-8", reports::to_csv(every)}, "reviews.csv");
}

}  // namespace scorecard::services::pages
