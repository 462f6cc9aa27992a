// The dispute pages (issue #7, SPEC §2 "Dispute"): the disputes a caller may see, one
// dispute with its subject and decision, a supplier raising a rating or flag dispute, and
// the contract's commercial team (or an admin) upholding or rejecting it. Workflow
// (services/workflow.h) decides who may take each step and amends upheld figures; the
// pages draw the read models of reports/disputes.h with etc/templates/workflow_*dispute*.
#include <algorithm>
#include <tuple>

#include "importers/documents.h"
#include "model/review_rules.h"
#include "reports/charts.h"
#include "reports/disputes.h"
#include "services/http/api_support.h"
#include "services/http/handlers.h"
#include "services/http/pages/html.h"
#include "services/http/pages/workflow_forms.h"
#include "services/workflow.h"
#include "store/repositories.h"

namespace scorecard::services::pages {
namespace {

// ---------------------------------------------------------------- disputes

std::string contract_href(const std::string& id) {
    return "/contracts/" + url_encode(id);
}

std::string supplier_href(const std::string& id) {
    return "/suppliers/" + url_encode(id);
}

// What is disputed, in words: "Rating of CALLS in 2026-09" or "Flag 7 (CALLS, 2026-09)".
std::string dispute_subject(const Dispute& d) {
    std::string period = d.period ? d.period->to_string() : std::string();
    if (d.flag_id != 0)
        return "Flag " + std::to_string(d.flag_id) + " (" +
               (d.kpi_code.empty() ? "whole contract" : d.kpi_code) + ", " + period + ")";
    return "Rating of " + d.kpi_code + " in " + period;
}

store::DisputeFilter dispute_filter(const HttpRequest& request) {
    store::DisputeFilter filter;
    filter.status = filter_choice<DisputeStatus>(request, "status");
    filter.contract_id = query_text(request, "contract");
    filter.page = {200, int_param(request, "offset", 0, 0, 100000000)};
    return filter;
}

std::string disputes_title(const Principal& who) {
    return who.role == Role::kSupplier ? "My disputes" : "Disputes";
}

reports::View dispute_list_view(const reports::DisputeList& list, const HttpRequest& request,
                                const store::DisputeFilter& filter) {
    reports::View rows = reports::View::list();
    for (const auto& [d, supplier_name] : list.disputes) {
        reports::View row;
        row.set("id", std::to_string(d.id))
            .set("contract_id", d.contract_id)
            .set("contract_href", contract_href(d.contract_id))
            .set("subject", dispute_subject(d))
            .set("supplier", supplier_name.empty() ? d.supplier_id : supplier_name)
            .set("supplier_href", supplier_href(d.supplier_id))
            .set("status_tag", tag_for(d.status))
            .set("raised", format_timestamp(d.raised))
            .set("raised_by", d.raised_by)
            .set("decided", d.decided.has_value())
            .set("decided_at", d.decided ? format_timestamp(*d.decided) : "")
            .set("decided_by", d.decided_by);
        rows.add(std::move(row));
    }
    const std::string status = query_text(request, "status");
    // The filter's values go with every link, so that the next page and the download hold
    // what the page holds.
    const std::string query =
        "status=" + url_encode(status) + "&contract=" + url_encode(filter.contract_id);
    reports::View status_field =
        field_view({"status", "status", "Status", "", ""}, {})
            .set("options", select_options({{"any", "Any"},
                                            {"open", "Open"},
                                            {"upheld", "Upheld"},
                                            {"rejected", "Rejected"}},
                                           status.empty() ? "any" : status));
    reports::View view;
    view.set("title", disputes_title(request.who()))
        .set("status_field", std::move(status_field))
        .set("has_contract", !filter.contract_id.empty())
        .set("contract", filter.contract_id)
        .set("may_raise", role_may(request.who().role, Permission::kRaiseDisputes))
        .set("has_disputes", !list.disputes.empty())
        .set("disputes", std::move(rows));
    set_list_paging(view, {"dispute", list.total, static_cast<std::int64_t>(list.disputes.size()),
                           list.page.offset, list.page.limit, "/disputes", "/disputes.csv", query});
    return view;
}

}  // namespace

HttpResponse get_disputes(const HttpRequest& request, AppContext& app) {
    const auto filter = dispute_filter(request);
    auto conn = app.db().acquire();
    // The list holds only what the caller may see (reports/disputes.h, SPEC §1).
    const auto list = reports::load_dispute_list(*conn, request.who(), filter);
    return page(
        200, request, disputes_title(request.who()),
        reports::render_template("workflow_disputes", dispute_list_view(list, request, filter)));
}

HttpResponse get_disputes_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    const auto every = reports::load_every_dispute(*conn, request.who(), dispute_filter(request));
    return csv_download({"text/csv; charset=utf-8", reports::to_csv(every)}, "disputes.csv");
}

namespace {

// The refusal's message and, when they say more, its problems: lines of an error summary
// linked to `field`.
FieldErrors refusal_lines(const Error& e, const std::string& field) {
    FieldErrors out = {{field, e.what()}};
    for (const auto& p : e.details())
        if (p.message != e.what())
            out.emplace_back(field, p.message);
    return out;
}

// The figure as it stands in the current return: "92", "not applicable", or "–" when the
// return leaves the KPI out.
std::string figure_text(const reports::DisputedFigure& figure) {
    if (!figure.measure)
        return "–";
    if (figure.measure->value)
        return reports::svg_number(*figure.measure->value);
    return std::string(to_string(figure.measure->status));
}

// The decision form, for those who decide the dispute while it is open; a refused decision
// comes back with what was sent and its errors.
reports::View decision_form(const HttpRequest& request, bool of_rating, const std::string& kpi,
                            const FieldErrors& errors) {
    const std::string chosen = sent(request, "decision");
    reports::View choices = reports::View::list();
    for (const auto& [choice, text, radio_id] :
         {std::tuple<std::string, std::string, std::string>{
              "upheld",
              of_rating ? "Uphold: amend the figure and rescore the contract"
                        : "Uphold: dismiss the flag",
              "decision"},
          {"rejected", "Reject: nothing changes", "decision-rejected"}})
        choices.add(reports::View()
                        .set("choice", choice)
                        .set("text", text)
                        .set("radio_id", radio_id)
                        .set("checked", chosen == choice));
    const std::string decision_error = error_for(errors, "decision");
    reports::View form;
    form.set("choices", std::move(choices))
        .set("decision_error", decision_error.empty()
                                   ? reports::View(false)
                                   : reports::View().set("message", decision_error))
        .set("value_field", false)
        .set("reason_field",
             field_view({"reason", "reason", "Reason for the decision",
                         "The supplier sees it; an upheld rating dispute cites it in the amended "
                         "return.",
                         sent(request, "reason")},
                        errors)
                 .set("bold_label", true)
                 .set("rows", "4"));
    if (of_rating)
        form.set("value_field",
                 field_view({"value", "value", "Corrected figure for " + kpi,
                             "Needed to uphold: the return is amended to it and checked like any "
                             "return. Leave empty to reject.",
                             sent(request, "value")},
                            errors)
                     .set("bold_label", true)
                     .set("width_5", true)
                     .set("decimal", true)
                     .set("no_spellcheck", true));
    return form;
}

reports::View dispute_view(const HttpRequest& request, const reports::DisputeRecord& record,
                           bool may_decide, const FieldErrors& errors) {
    const Dispute& d = record.dispute;
    const bool of_rating = d.flag_id == 0;
    reports::View view;
    view.set("breadcrumbs", breadcrumb_links({{"/disputes", "Disputes"}}))
        .set("csrf", request.csrf_token)
        .set("id", std::to_string(d.id))
        .set("subject", dispute_subject(d))
        .set("status_tag", tag_for(d.status))
        .set("contract_id", d.contract_id)
        .set("contract_href", contract_href(d.contract_id))
        .set("contract", false)
        .set("supplier", record.supplier_name.empty() ? d.supplier_id : record.supplier_name)
        .set("supplier_href", supplier_href(d.supplier_id))
        .set("of_rating", of_rating)
        .set("kpi", d.kpi_code)
        .set("period", d.period ? d.period->to_string() : "")
        .set("figure", false)
        .set("period_score", false)
        .set("flag", false)
        .set("reason", d.reason)
        .set("raised", format_timestamp(d.raised))
        .set("raised_by", d.raised_by)
        .set("decision", false)
        .set("decide", false);
    set_errors(view, errors);
    if (!record.contract_title.empty() || !record.authority_id.empty())
        view.set("contract",
                 reports::View()
                     .set("title", record.contract_title)
                     .set("authority", record.authority_name.empty() ? record.authority_id
                                                                     : record.authority_name));
    if (record.figure)
        view.set("figure", reports::View()
                               .set("value", figure_text(*record.figure))
                               .set("version", std::to_string(record.figure->version)));
    if (record.period_score)
        view.set("period_score", reports::View()
                                     .set("score", score_text(record.period_score->score))
                                     .set("rating_tag", tag_for(record.period_score->rating)));
    if (record.flag)
        view.set("flag", reports::View()
                             .set("rule", to_string(record.flag->rule))
                             .set("severity", to_string(record.flag->severity))
                             .set("status", to_string(record.flag->status))
                             .set("period", record.flag->period.to_string())
                             .set("detail", record.flag->detail));
    if (d.status != DisputeStatus::kOpen)
        view.set("decision", reports::View()
                                 .set("outcome", to_string(d.status))
                                 .set("by", d.decided_by)
                                 .set("has_at", d.decided.has_value())
                                 .set("at", d.decided ? format_timestamp(*d.decided) : "")
                                 .set("decision_reason", d.decision_reason));
    if (d.status == DisputeStatus::kOpen && may_decide)
        view.set("decide", decision_form(request, of_rating, d.kpi_code, errors));
    return view;
}

// The dispute with its subject and, for those who decide it while it is open, the decision
// form (refusals of a decision shown in its error summary).
HttpResponse render_dispute(const HttpRequest& request, AppContext& app, std::int64_t id,
                            const FieldErrors& errors, int status) {
    const auto& who = request.who();
    // Workflow decides whether the caller may see it, and its party whether the caller may
    // decide it (model/review_rules.h).
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    Dispute dispute = workflow.dispute(who, id);
    const bool may_decide =
        may_take_step(who, WorkflowStep::kDecideDispute, workflow.party(who, dispute));
    auto conn = app.db().acquire();
    const auto record = reports::dispute_record(*conn, std::move(dispute));
    return page(status, request, "Dispute " + std::to_string(id),
                reports::render_template("workflow_dispute",
                                         dispute_view(request, record, may_decide, errors)));
}

}  // namespace

HttpResponse get_dispute(const HttpRequest& request, AppContext& app) {
    return render_dispute(request, app, id_param(request, "id", "dispute"), {}, 200);
}

HttpResponse post_decision(const HttpRequest& request, AppContext& app) {
    const auto id = id_param(request, "id", "dispute");
    const auto& who = request.who();
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    // Who may decide is checked first (403/404 before any complaint about the fields).
    auto d = workflow.dispute(who, id);
    const bool rating = d.flag_id == 0;
    DisputeDecision decision;
    FieldErrors errors;
    const std::string chosen = request.form_value("decision");
    if (chosen == "upheld")
        decision.decision = DisputeStatus::kUpheld;
    else if (chosen == "rejected")
        decision.decision = DisputeStatus::kRejected;
    else
        errors.emplace_back("decision", "Choose whether to uphold or reject the dispute");
    decision.reason = request.form_value("reason");
    if (is_blank(decision.reason))
        errors.emplace_back("reason", "Enter the reason for the decision");
    std::string value = request.form_value("value");
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t") + 1);
    if (rating && !value.empty()) {
        // The one spelling of a number in our formats (importers/documents.h): the amended
        // return is checked like any other.
        decision.value = importers::parse_number(value);
        if (!decision.value)
            errors.emplace_back("value", "Enter the corrected figure as a number, for example 92");
    }
    if (rating && chosen == "upheld" && value.empty())
        errors.emplace_back("value",
                            "Enter the corrected figure: upholding a rating dispute amends the "
                            "return to it");
    if (rating && chosen == "rejected" && !value.empty())
        errors.emplace_back("value", "Leave the corrected figure empty to reject the dispute");
    if (errors.empty()) {
        return form_step(
            [&] {
                // Who may decide is checked again inside, with the state rules.
                workflow.decide_dispute(who, id, decision);
                return redirect("/disputes/" + std::to_string(id));
            },
            [&](const Error& e, int status) {
                // A corrected figure that breaks a rule of returns is the figure's problem; a
                // dispute decided meanwhile is nobody's field.
                std::string field = e.code() == ErrorCode::kConflict ? std::string()
                                    : rating && chosen == "upheld"   ? "value"
                                                                     : "reason";
                return render_dispute(request, app, id, refusal_lines(e, field), status);
            });
    }
    return render_dispute(request, app, id, errors, 422);
}

// ---- raising a dispute (the contract's supplier)

namespace {

HttpResponse render_rating_dispute(const HttpRequest& request, AppContext& app,
                                   const FieldErrors& errors, int status) {
    // The contract, if the caller may dispute its ratings (its supplier).
    const Contract contract = Workflow(app.db(), app.settings().scoring, app.now())
                                  .disputable_contract(request.who(), request.param("id"));
    auto conn = app.db().acquire();
    // Returned periods, newest first: only they have a rating to dispute; of them, a
    // supplier's own (after a novation each supplier disputes the periods it held).
    std::vector<std::pair<std::string, std::string>> periods;
    const ContractScope scope = scope_of(contract);
    for (const auto& v : store::ReturnRepository(*conn).current_versions(contract.id)) {
        if (!may_take_step(request.who(), WorkflowStep::kRaiseDispute,
                           period_party(request.who(), scope, v.figures.period)))
            continue;
        periods.insert(periods.begin(),
                       {v.figures.period.to_string(), v.figures.period.to_string()});
    }
    // Each KPI code once, with the name of its latest version.
    std::vector<std::pair<std::string, std::string>> kpis;
    for (const auto& k : contract.kpis) {
        auto found = std::find_if(kpis.begin(), kpis.end(),
                                  [&](const auto& e) { return e.first == k.definition.code; });
        std::string label = k.definition.code + " – " + k.definition.name;
        if (found == kpis.end())
            kpis.emplace_back(k.definition.code, label);
        else
            found->second = label;
    }
    // A refused form shows what was sent; a link from the scorecard may choose for it.
    auto chosen = [&](const std::string& name) {
        return request.method == "POST" ? request.form_value(name) : query_text(request, name);
    };
    const std::string base = contract_href(contract.id);
    reports::View view;
    view.set("breadcrumbs", breadcrumb_links({{"/contracts", "Contracts"}, {base, contract.id}}))
        .set("csrf", request.csrf_token)
        .set("base", base)
        .set("contract_id", contract.id)
        .set("contract_title", contract.title)
        .set("has_periods", !periods.empty())
        .set("kpi_field", field_view({"kpi", "kpi", "KPI", "", ""}, errors)
                              .set("bold_label", true)
                              .set("options", select_options(kpis, chosen("kpi"))))
        .set("period_field", field_view({"period", "period", "Period", "", ""}, errors)
                                 .set("bold_label", true)
                                 .set("options", select_options(periods, chosen("period"))))
        .set("reason_field",
             field_view({"reason", "reason", "Why is the rating wrong?",
                         "For example, what was measured wrongly and what the figure should be.",
                         sent(request, "reason")},
                        errors)
                 .set("bold_label", true)
                 .set("rows", "4"));
    set_errors(view, errors);
    return page(status, request, "Dispute a rating",
                reports::render_template("workflow_rating_dispute", view));
}

// Raises the dispute and opens it.
HttpResponse raise(const HttpRequest& request, AppContext& app, const DisputeRequest& dispute) {
    auto raised =
        Workflow(app.db(), app.settings().scoring, app.now()).raise_dispute(request.who(), dispute);
    return redirect("/disputes/" + std::to_string(raised.id));
}

}  // namespace

HttpResponse get_rating_dispute(const HttpRequest& request, AppContext& app) {
    return render_rating_dispute(request, app, {}, 200);
}

HttpResponse post_rating_dispute(const HttpRequest& request, AppContext& app) {
    DisputeRequest dispute;
    dispute.contract_id = request.param("id");
    dispute.kpi_code = request.form_value("kpi");
    dispute.period = request.form_value("period");
    dispute.reason = request.form_value("reason");
    FieldErrors errors;
    if (is_blank(dispute.kpi_code))
        errors.emplace_back("kpi", "Choose the KPI whose rating you dispute");
    if (is_blank(dispute.period))
        errors.emplace_back("period", "Choose the period");
    if (is_blank(dispute.reason))
        errors.emplace_back("reason", "Enter why the rating is wrong");
    if (errors.empty()) {
        return form_step(
            [&] { return raise(request, app, dispute); },
            [&](const Error& e, int status) {
                std::string code = e.details().empty() ? std::string() : e.details().front().code;
                std::string field = code == "unknown_kpi" ? "kpi"
                                    : code == "period"    ? "period"
                                    : code == "required"  ? "reason"
                                                          : "period";
                return render_rating_dispute(request, app, refusal_lines(e, field), status);
            });
    }
    return render_rating_dispute(request, app, errors, 422);
}

namespace {

HttpResponse render_flag_dispute(const HttpRequest& request, AppContext& app,
                                 const FieldErrors& errors, int status) {
    auto id = id_param(request, "id", "flag");
    const Flag flag = Workflow(app.db(), app.settings().scoring, app.now())
                          .flag_for(request.who(), id, WorkflowStep::kRaiseDispute);
    reports::View view;
    view.set("breadcrumbs", breadcrumb_links({{"/flags", "Flags"}}))
        .set("csrf", request.csrf_token)
        .set("id", std::to_string(flag.id))
        .set("rule", to_string(flag.rule))
        .set("severity", to_string(flag.severity))
        .set("contract_id", flag.contract_id)
        .set("contract_href", contract_href(flag.contract_id))
        .set("period", flag.period.to_string())
        .set("detail", flag.detail)
        .set("open", flag.status == FlagStatus::kOpen)
        .set("status", to_string(flag.status))
        .set("reason_field",
             field_view({"reason", "reason", "Why is the flag wrong?",
                         "For example, an outage outside your control.", sent(request, "reason")},
                        errors)
                 .set("bold_label", true)
                 .set("rows", "4"));
    set_errors(view, errors);
    return page(status, request, "Dispute flag " + std::to_string(flag.id),
                reports::render_template("workflow_flag_dispute", view));
}

}  // namespace

HttpResponse get_flag_dispute(const HttpRequest& request, AppContext& app) {
    return render_flag_dispute(request, app, {}, 200);
}

HttpResponse post_flag_dispute(const HttpRequest& request, AppContext& app) {
    DisputeRequest dispute;
    dispute.flag_id = id_param(request, "id", "flag");
    dispute.reason = request.form_value("reason");
    if (is_blank(dispute.reason))
        return render_flag_dispute(request, app, {{"reason", "Enter why the flag is wrong"}}, 422);
    return form_step([&] { return raise(request, app, dispute); },
                     [&](const Error& e, int status) {
                         return render_flag_dispute(request, app, refusal_lines(e, "reason"),
                                                    status);
                     });
}

}  // namespace scorecard::services::pages
