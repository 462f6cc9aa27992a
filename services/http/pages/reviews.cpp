// The partnership review pages (issue #7): the reviews a caller may see, one review with
// its history, action plan and comments and the forms the caller may use, and dismissing a
// flag with a reason. Workflow (services/workflow.h) decides who may take each step.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "model/review_rules.h"
#include "reports/csv.h"
#include "services/http/api_support.h"
#include "services/http/handlers.h"
#include "services/http/pages/html.h"
#include "services/workflow.h"
#include "store/repositories.h"

namespace scorecard::services::pages {

// ---------------------------------------------------------------- reviews

HttpResponse get_reviews(const HttpRequest& request, AppContext& app) {
    const auto& who = request.who();
    store::ReviewFilter filter;
    filter.state = enum_param<ReviewState>(request, "state");
    filter.page = {200, int_param(request, "offset", 0, 0, 100000000)};
    // Workflow::reviews narrows the list to what the caller may see (SPEC §1).
    auto found = Workflow(app.db(), app.settings().scoring, app.now()).reviews(who, filter);
    std::string rows, csv;
    for (const auto& r : found.reviews)
        rows += "<tr class=\"govuk-table__row\">" +
                td("<a class=\"govuk-link\" href=\"/reviews/" + std::to_string(r.id) +
                   "\">Review " + std::to_string(r.id) + "</a>") +
                td(supplier_link(r.supplier_id, "")) + td(review_state_tag(to_string(r.state))) +
                td(h(format_timestamp(r.opened))) + td(h(r.reason)) + "</tr>";
    std::string title = who.role == Role::kSupplier ? "My reviews" : "Partnership reviews";
    std::string out = "<h1 class=\"govuk-heading-xl\">" + title + "</h1>";
    if (found.reviews.empty())
        out += "<p class=\"govuk-body\">There are no partnership reviews to show.</p>";
    else
        out +=
            wrap_table(std::to_string(found.total) + " reviews" +
                           (found.total > static_cast<std::int64_t>(found.reviews.size())
                                ? ", the first " + std::to_string(found.reviews.size()) + " shown"
                                : ""),
                       th("Review") + th("Supplier") + th("State") + th("Opened") + th("Why"), rows,
                       "review-list");
    return page(200, request, title, out);
}

namespace {

HttpResponse render_review(const HttpRequest& request, AppContext& app, std::int64_t id,
                           const std::vector<std::pair<std::string, std::string>>& errors,
                           int status) {
    const auto& who = request.who();
    // Workflow decides whether the caller may see it and which steps the caller may take
    // (model/review_rules.h); the page offers only those.
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    auto review = workflow.review(who, id);
    const WorkflowParty party = workflow.party(who, review);
    auto may = [&](WorkflowStep step) { return may_take_step(who, step, party); };
    auto conn = app.db().acquire();
    auto supplier = store::SupplierRepository(*conn).find(review.supplier_id);
    const std::string base = "/reviews/" + std::to_string(review.id);

    std::string out = breadcrumbs({{"/reviews", "Reviews"}});
    out += error_summary(errors);
    out += "<span class=\"govuk-caption-l\">Partnership review " + std::to_string(review.id) +
           "</span><h1 class=\"govuk-heading-xl\">" +
           h(supplier ? supplier->name : review.supplier_id) + "</h1>";
    out += "<p class=\"govuk-body\">State: <span id=\"review-state\">" +
           review_state_tag(to_string(review.state)) +
           "</span></p><p class=\"govuk-body\">Opened " + h(format_timestamp(review.opened)) +
           ": " + h(review.reason) + "</p>";
    out += "<p class=\"govuk-body\">" + supplier_link(review.supplier_id, "Supplier scorecard") +
           "</p>";

    std::string rows;
    for (const auto& t : review.transitions)
        rows += "<tr class=\"govuk-table__row\">" + td(h(format_timestamp(t.at))) +
                td(h(to_string(t.from)) + " → " + h(to_string(t.to))) + td(h(t.by)) +
                td(h(t.note)) + "</tr>";
    if (!review.transitions.empty())
        out += wrap_table("History", th("When") + th("Change") + th("By") + th("Note"), rows);
    auto next = next_review_state(review.state);
    if (next && may(WorkflowStep::kTransition)) {
        out += "<form method=\"post\" action=\"" + base + "/transitions\" class=\"app-no-print\">" +
               csrf_field(request) + "<input type=\"hidden\" name=\"to\" value=\"" +
               h(to_string(*next)) + "\">" +
               text_area("note", "note", "Note for moving the review to " + h(to_string(*next))) +
               "<button type=\"submit\" id=\"transition\" class=\"govuk-button\">Move to " +
               h(to_string(*next)) + "</button></form>";
    }

    std::string actions;
    bool may_agree = may(WorkflowStep::kAgreeAction) && !check_plan_open(review);
    for (const auto& a : review.actions) {
        std::string status_html =
            a.agreed ? plain_tag("agreed", "green") : plain_tag("proposed", "yellow");
        if (!a.agreed && may_agree)
            status_html += " <form method=\"post\" class=\"app-inline-form\" action=\"" + base +
                           "/actions/" + std::to_string(a.id) + "/agree\">" + csrf_field(request) +
                           "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
                           "govuk-!-margin-bottom-0\">Agree<span class=\"govuk-visually-hidden\"> "
                           "action " +
                           std::to_string(a.id) + "</span></button></form>";
        actions += "<tr class=\"govuk-table__row\">" + td(h(a.description)) + td(h(a.owner)) +
                   td(a.due ? h(format_date(*a.due)) : "–") + td(status_html) + "</tr>";
    }
    if (!review.actions.empty())
        out += wrap_table("Action plan", th("Action") + th("Owner") + th("Due") + th("Status"),
                          actions, "actions");
    if (may(WorkflowStep::kProposeAction) && !check_plan_open(review)) {
        out +=
            "<details class=\"govuk-details app-no-print\"><summary "
            "class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">"
            "Propose an action</span></summary><div class=\"govuk-details__text\"><form "
            "method=\"post\" action=\"" +
            base + "/actions\">" + csrf_field(request) +
            text_input("description", "description", "What will be done") +
            text_input("owner", "owner", "Who owns it") +
            text_input("due", "due", "Due by", "For example, 2026-12-31") +
            "<button type=\"submit\" class=\"govuk-button\">Propose action</button></form>"
            "</div></details>";
    }

    out += "<h2 class=\"govuk-heading-m\">Comments</h2>";
    if (review.comments.empty())
        out += "<p class=\"govuk-body\">No comments yet.</p>";
    for (const auto& c : review.comments)
        out += "<div class=\"govuk-inset-text\"><p class=\"govuk-body-s\">" + h(c.by) + " (" +
               h(to_string(c.role)) + "), " + h(format_timestamp(c.at)) +
               "</p><p class=\"govuk-body\">" + h(c.text) + "</p></div>";
    if (may(WorkflowStep::kComment) && !check_comment(review))
        out += "<form method=\"post\" action=\"" + base + "/comments\" class=\"app-no-print\">" +
               csrf_field(request) + text_area("text", "text", "Add a comment") +
               "<button type=\"submit\" id=\"add-comment\" class=\"govuk-button\">Add "
               "comment</button></form>";
    return page(status, request, "Review " + std::to_string(review.id), out);
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
                                 const std::string& error, int status) {
    auto id = id_param(request, "id", "flag");
    const auto flag = Workflow(app.db(), app.settings().scoring, app.now())
                          .flag_for(request.who(), id, WorkflowStep::kDismissFlag);
    std::string out = breadcrumbs({{"/flags", "Flags"}});
    out += "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">";
    if (!error.empty())
        out += error_summary({{"reason", error}});
    out += "<h1 class=\"govuk-heading-l\">Dismiss flag " + std::to_string(flag.id) + "</h1>";
    out += "<p class=\"govuk-body\">" + h(to_string(flag.rule)) + " on " +
           contract_link(flag.contract_id) + " for " + h(flag.period.to_string()) + ": " +
           h(flag.detail) + "</p>";
    out += "<form method=\"post\" action=\"/flags/" + std::to_string(flag.id) + "/dismiss\">" +
           csrf_field(request) +
           text_area("reason", "reason", "Why is this flag being dismissed?") +
           "<button type=\"submit\" id=\"dismiss\" class=\"govuk-button "
           "govuk-button--warning\">Dismiss flag</button></form></div></div>";
    return page(status, request, "Dismiss flag " + std::to_string(flag.id), out);
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
            return render_dismiss_flag(request, app, e.what(), status);
        });
}

HttpResponse get_reviews_csv(const HttpRequest& request, AppContext& app) {
    store::ReviewFilter filter;
    filter.state = enum_param<ReviewState>(request, "state");
    filter.page = {1000, 0};
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    using reports::csv_field;
    std::string out = reports::csv_row({"id", "supplier", "state", "opened", "reason"});
    // Every review the caller may see (Workflow::reviews narrows the list), a thousand at a
    // time.
    for (;;) {
        auto found = workflow.reviews(request.who(), filter);
        for (const auto& r : found.reviews)
            out += reports::csv_row({reports::csv_number(static_cast<double>(r.id)),
                                     csv_field(r.supplier_id), csv_field(to_string(r.state)),
                                     csv_field(format_timestamp(r.opened)), csv_field(r.reason)});
        if (static_cast<int>(found.reviews.size()) < filter.page.limit)
            break;
        filter.page.offset += filter.page.limit;
    }
    return csv_download({"text/csv; charset=utf-8", out}, "reviews.csv");
}

}  // namespace scorecard::services::pages
