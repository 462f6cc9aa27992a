// The dispute pages (issue #7, SPEC §2 "Dispute"): the disputes a caller may see, one
// dispute with its subject and decision, a supplier raising a rating or flag dispute, and
// the contract's commercial team (or an admin) upholding or rejecting it. Workflow
// (services/workflow.h) decides who may take each step and amends upheld figures.
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
namespace {

// ---------------------------------------------------------------- disputes

std::string dispute_status_tag(DisputeStatus status) {
    return plain_tag(to_string(status), status == DisputeStatus::kOpen     ? "yellow"
                                        : status == DisputeStatus::kUpheld ? "green"
                                                                           : "grey");
}

std::string dispute_link(std::int64_t id) {
    return "<a class=\"govuk-link\" href=\"/disputes/" + std::to_string(id) + "\">Dispute " +
           std::to_string(id) + "</a>";
}

// What is disputed, in words: "Rating of CALLS in 2026-09" or "Flag 7 (CALLS, 2026-09)".
std::string dispute_subject(const Dispute& d) {
    std::string period = d.period ? d.period->to_string() : std::string();
    if (d.flag_id != 0)
        return "Flag " + std::to_string(d.flag_id) + " (" +
               h(d.kpi_code.empty() ? "whole contract" : d.kpi_code) + ", " + h(period) + ")";
    return "Rating of " + h(d.kpi_code) + " in " + h(period);
}

store::DisputeFilter dispute_filter(const HttpRequest& request) {
    store::DisputeFilter filter;
    std::string status = query_text(request, "status");
    if (!status.empty() && status != "any")
        filter.status = enum_param<DisputeStatus>(request, "status");
    filter.contract_id = query_text(request, "contract");
    filter.page = {200, int_param(request, "offset", 0, 0, 100000000)};
    return filter;
}

}  // namespace

HttpResponse get_disputes(const HttpRequest& request, AppContext& app) {
    const auto& who = request.who();
    auto filter = dispute_filter(request);
    // Workflow::disputes narrows the list to what the caller may see (SPEC §1).
    auto found = Workflow(app.db(), app.settings().scoring, app.now()).disputes(who, filter);
    std::string title = who.role == Role::kSupplier ? "My disputes" : "Disputes";
    std::string out = "<h1 class=\"govuk-heading-xl\">" + title + "</h1>";
    out += "<form method=\"get\" action=\"/disputes\" class=\"app-no-print\">";
    out += select_field(
        "status", "Status",
        {{"any", "Any"}, {"open", "Open"}, {"upheld", "Upheld"}, {"rejected", "Rejected"}},
        query_text(request, "status").empty() ? "any" : query_text(request, "status"));
    out +=
        "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Apply "
        "filter</button></form>";
    if (role_may(who.role, Permission::kRaiseDisputes))
        out +=
            "<p class=\"govuk-body\">To dispute a rating, open the contract and choose "
            "<strong>Dispute a rating</strong>; to dispute a flag, choose <strong>Dispute</strong> "
            "next to it on <a class=\"govuk-link\" href=\"/flags\">your flags</a>.</p>";
    std::string rows;
    for (const auto& d : found.disputes)
        rows += "<tr class=\"govuk-table__row\">" + td(dispute_link(d.id)) +
                td(contract_link(d.contract_id)) + td(dispute_subject(d)) +
                td(supplier_link(d.supplier_id, "")) + td(dispute_status_tag(d.status)) +
                td(h(format_timestamp(d.raised)) + "<br>" + h(d.raised_by)) +
                td(d.decided ? h(format_timestamp(*d.decided)) + "<br>" + h(d.decided_by) : "–") +
                "</tr>";
    if (found.disputes.empty())
        out += "<p class=\"govuk-body\" id=\"no-disputes\">There are no disputes to show.</p>";
    else
        out +=
            wrap_table(std::to_string(found.total) + (found.total == 1 ? " dispute" : " disputes") +
                           (found.total > static_cast<std::int64_t>(found.disputes.size())
                                ? ", " + std::to_string(filter.page.offset + 1) + " to " +
                                      std::to_string(filter.page.offset +
                                                     static_cast<int>(found.disputes.size())) +
                                      " shown"
                                : ""),
                       th("Dispute") + th("Contract") + th("What") + th("Supplier") + th("Status") +
                           th("Raised") + th("Decided"),
                       rows, "dispute-list");
    std::string query = "status=" + url_encode(query_text(request, "status")) +
                        "&contract=" + url_encode(filter.contract_id);
    if (filter.page.offset + filter.page.limit < found.total)
        out += "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/disputes?" + h(query) +
               "&amp;offset=" + std::to_string(filter.page.offset + filter.page.limit) +
               "\">Next page</a></p>";
    out += csv_link("/disputes.csv?" + query, "these disputes");
    return page(200, request, title, out);
}

HttpResponse get_disputes_csv(const HttpRequest& request, AppContext& app) {
    auto filter = dispute_filter(request);
    filter.page = {1000, 0};
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    using reports::csv_field;
    std::string out =
        reports::csv_row({"id", "supplier", "contract", "kpi", "period", "flag", "status", "reason",
                          "raised_by", "raised", "decided_by", "decided", "decision_reason"});
    for (;;) {
        auto found = workflow.disputes(request.who(), filter);
        for (const auto& d : found.disputes)
            out += reports::csv_row(
                {reports::csv_number(static_cast<double>(d.id)), csv_field(d.supplier_id),
                 csv_field(d.contract_id), csv_field(d.kpi_code),
                 d.period ? csv_field(d.period->to_string()) : "",
                 d.flag_id != 0 ? reports::csv_number(static_cast<double>(d.flag_id)) : "",
                 csv_field(to_string(d.status)), csv_field(d.reason), csv_field(d.raised_by),
                 csv_field(format_timestamp(d.raised)), csv_field(d.decided_by),
                 d.decided ? csv_field(format_timestamp(*d.decided)) : "",
                 csv_field(d.decision_reason)});
        if (static_cast<int>(found.disputes.size()) < filter.page.limit)
            break;
        filter.page.offset += filter.page.limit;
    }
    return csv_download({"text/csv; charset=utf-8", out}, "disputes.csv");
}

namespace {

using Errors = std::vector<std::pair<std::string, std::string>>;

// The refusal's message and, when they say more, its problems: lines of an error summary
// linked to `field`.
Errors refusal_lines(const Error& e, const std::string& field) {
    Errors out = {{field, e.what()}};
    for (const auto& p : e.details())
        if (p.message != e.what())
            out.emplace_back(field, p.message);
    return out;
}

std::string error_message(const Errors& errors, const std::string& field) {
    for (const auto& [f, message] : errors)
        if (f == field)
            return "<p id=\"" + field +
                   "-error\" class=\"govuk-error-message\"><span "
                   "class=\"govuk-visually-hidden\">Error:</span> " +
                   h(message) + "</p>";
    return {};
}

std::string group_class(const Errors& errors, const std::string& field) {
    for (const auto& e : errors)
        if (e.first == field)
            return "govuk-form-group govuk-form-group--error";
    return "govuk-form-group";
}

std::string reason_area(const Errors& errors, const std::string& label, const std::string& hint,
                        const std::string& value) {
    return "<div class=\"" + group_class(errors, "reason") +
           "\"><label class=\"govuk-label govuk-label--s\" for=\"reason\">" + label +
           "</label><div class=\"govuk-hint\" id=\"reason-hint\">" + h(hint) + "</div>" +
           error_message(errors, "reason") +
           "<textarea class=\"govuk-textarea\" id=\"reason\" name=\"reason\" rows=\"4\" "
           "aria-describedby=\"reason-hint\">" +
           h(value) + "</textarea></div>";
}

// The dispute with its subject and, for those who decide it while it is open, the decision
// form (refusals of a decision shown in its error summary).
HttpResponse render_dispute(const HttpRequest& request, AppContext& app, std::int64_t id,
                            const Errors& errors, int status) {
    const auto& who = request.who();
    // Workflow decides whether the caller may see it, and its party whether the caller may
    // decide it (model/review_rules.h).
    Workflow workflow(app.db(), app.settings().scoring, app.now());
    auto d = workflow.dispute(who, id);
    const WorkflowParty party = workflow.party(who, d);
    auto conn = app.db().acquire();
    auto contract = store::ContractRepository(*conn).find_listing(d.contract_id);
    const std::string authority = contract ? contract->contract.authority_id : std::string();
    const bool rating = d.flag_id == 0;

    std::string out = breadcrumbs({{"/disputes", "Disputes"}});
    out += "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">";
    out += error_summary(errors);
    out += "<span class=\"govuk-caption-l\">Dispute " + std::to_string(d.id) +
           "</span><h1 class=\"govuk-heading-xl\">" + dispute_subject(d) + "</h1>";
    out += "<dl class=\"govuk-summary-list\" id=\"dispute\">";
    auto row = [&](const std::string& key, const std::string& value_html,
                   const std::string& row_id = {}) {
        out += "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">" +
               key + "</dt><dd class=\"govuk-summary-list__value\"" +
               (row_id.empty() ? std::string() : " id=\"" + row_id + "\"") + ">" + value_html +
               "</dd></div>";
    };
    row("Status", dispute_status_tag(d.status), "dispute-status");
    row("Contract",
        contract_link(d.contract_id) +
            (contract
                 ? " " + h(contract->contract.title) + "<br>" +
                       h(contract->authority_name.empty() ? authority : contract->authority_name)
                 : std::string()));
    row("Supplier", supplier_link(d.supplier_id, contract ? contract->supplier_name : ""));
    if (rating) {
        row("KPI", h(d.kpi_code));
        row("Period", h(d.period ? d.period->to_string() : ""));
        // The figure as it stands now (after an upheld dispute, the corrected one) and the
        // period's stored score.
        if (d.period) {
            if (auto current = store::ReturnRepository(*conn).current(d.contract_id, *d.period)) {
                std::string figure = "–";
                for (const auto& m : current->figures.measures)
                    if (m.kpi_code == d.kpi_code)
                        figure = m.value ? reports::svg_number(*m.value)
                                         : std::string(to_string(m.status));
                row("Figure in the current return",
                    h(figure) + " (version " + std::to_string(current->version) + ")",
                    "dispute-figure");
            }
            for (const auto& ps : store::ScoreRepository(*conn).period_scores(d.contract_id))
                if (ps.period == *d.period)
                    row("Period score now",
                        h(score_text(ps.score)) + " " + rating_tag(to_string(ps.rating)),
                        "dispute-period-score");
        }
    } else {
        auto flag = store::FlagRepository(*conn).find(d.flag_id);
        if (flag)
            row("Flag", h(to_string(flag->rule)) + " (" + h(to_string(flag->severity)) + ", " +
                            h(to_string(flag->status)) + ") for " + h(flag->period.to_string()) +
                            ": " + h(flag->detail));
    }
    row("Reason", h(d.reason), "dispute-reason");
    row("Raised", h(format_timestamp(d.raised)) + " by " + h(d.raised_by));
    if (d.status != DisputeStatus::kOpen) {
        row("Decision",
            h(std::string(to_string(d.status))) + " by " + h(d.decided_by) +
                (d.decided ? ", " + h(format_timestamp(*d.decided)) : std::string()),
            "dispute-decision");
        row("Reason for the decision", h(d.decision_reason), "dispute-decision-reason");
    }
    out += "</dl>";

    if (d.status == DisputeStatus::kOpen &&
        may_take_step(who, WorkflowStep::kDecideDispute, party)) {
        const bool again = request.method == "POST";
        const std::string chosen = again ? request.form_value("decision") : "";
        out += "<h2 class=\"govuk-heading-m\">Decide the dispute</h2>";
        out += "<form method=\"post\" action=\"/disputes/" + std::to_string(d.id) +
               "/decision\" class=\"app-no-print\" novalidate>" + csrf_field(request);
        out += "<div class=\"" + group_class(errors, "decision") +
               "\"><fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
               "govuk-fieldset__legend--s\">Decision</legend>" +
               error_message(errors, "decision") +
               "<div class=\"govuk-radios\" data-module=\"govuk-radios\">";
        for (const auto& [value, label, radio_id] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"upheld",
                  rating ? "Uphold: amend the figure and rescore the contract"
                         : "Uphold: dismiss the flag",
                  "decision"},
                 {"rejected", "Reject: nothing changes", "decision-rejected"}})
            out += "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"" +
                   radio_id + "\" name=\"decision\" type=\"radio\" value=\"" + value + "\"" +
                   (chosen == value ? " checked" : "") +
                   "><label class=\"govuk-label govuk-radios__label\" for=\"" + radio_id + "\">" +
                   h(label) + "</label></div>";
        out += "</div></fieldset></div>";
        if (rating)
            out += "<div class=\"" + group_class(errors, "value") +
                   "\"><label class=\"govuk-label govuk-label--s\" for=\"value\">Corrected figure "
                   "for " +
                   h(d.kpi_code) +
                   "</label><div class=\"govuk-hint\" id=\"value-hint\">Needed to uphold: the "
                   "return is amended to it and checked like any return. Leave empty to "
                   "reject.</div>" +
                   error_message(errors, "value") +
                   "<input class=\"govuk-input govuk-input--width-5\" id=\"value\" name=\"value\" "
                   "type=\"text\" inputmode=\"decimal\" spellcheck=\"false\" "
                   "aria-describedby=\"value-hint\" value=\"" +
                   h(again ? request.form_value("value") : "") + "\"></div>";
        out += reason_area(errors, "Reason for the decision",
                           "The supplier sees it; an upheld rating dispute cites it in the "
                           "amended return.",
                           again ? request.form_value("reason") : "");
        out +=
            "<button type=\"submit\" id=\"decide\" class=\"govuk-button\" "
            "data-module=\"govuk-button\">Record the decision</button></form>";
    }
    out += "</div></div>";
    return page(status, request, "Dispute " + std::to_string(d.id), out);
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
    Errors errors;
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
    if (rating && !is_blank(value)) {
        try {
            std::size_t used = 0;
            decision.value = std::stod(value, &used);
            if (used != value.size() || !std::isfinite(*decision.value))
                throw std::invalid_argument(value);
        } catch (const std::exception&) {
            errors.emplace_back("value", "Enter the corrected figure as a number, for example 92");
        }
    }
    if (rating && chosen == "upheld" && is_blank(value))
        errors.emplace_back("value",
                            "Enter the corrected figure: upholding a rating dispute amends the "
                            "return to it");
    if (rating && chosen == "rejected" && !is_blank(value))
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
                                   const Errors& errors, int status) {
    // The contract, if the caller may dispute its ratings (its supplier).
    const Contract contract = Workflow(app.db(), app.settings().scoring, app.now())
                                  .disputable_contract(request.who(), request.param("id"));
    auto conn = app.db().acquire();
    // Returned periods, newest first: only they have a rating to dispute.
    std::vector<Period> periods;
    for (const auto& v : store::ReturnRepository(*conn).current_versions(contract.id))
        periods.insert(periods.begin(), v.figures.period);
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
    const bool again = request.method == "POST";
    const std::string base = "/contracts/" + url_encode(contract.id);
    std::string out = breadcrumbs({{"/contracts", "Contracts"}, {base, contract.id}});
    out += "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">";
    out += error_summary(errors);
    out += "<span class=\"govuk-caption-l\">" + h(contract.id) + " " + h(contract.title) +
           "</span><h1 class=\"govuk-heading-xl\">Dispute a rating</h1>";
    if (periods.empty()) {
        out +=
            "<p class=\"govuk-body\">This contract has no returns yet, so no rating to dispute. "
            "A missing figure is put right by <a class=\"govuk-link\" href=\"" +
            h(base) + "/return\">submitting the return</a>.</p></div></div>";
        return page(status, request, "Dispute a rating", out);
    }
    out +=
        "<p class=\"govuk-body\">Say which KPI of which period was rated wrongly and why. The "
        "contract's commercial team decides: if they uphold it, the figure is corrected and the "
        "contract rescored.</p>";
    out += "<form method=\"post\" action=\"" + h(base) + "/dispute\" novalidate>" +
           csrf_field(request);
    std::vector<std::pair<std::string, std::string>> period_options;
    for (const auto& p : periods)
        period_options.emplace_back(p.to_string(), p.to_string());
    auto select = [&](const std::string& id, const std::string& label,
                      const std::vector<std::pair<std::string, std::string>>& options,
                      const std::string& selected) {
        std::string s = "<div class=\"" + group_class(errors, id) +
                        "\"><label class=\"govuk-label govuk-label--s\" for=\"" + id + "\">" +
                        label + "</label>" + error_message(errors, id) +
                        "<select class=\"govuk-select\" id=\"" + id + "\" name=\"" + id + "\">";
        for (const auto& [value, text] : options)
            s += "<option value=\"" + h(value) + "\"" + (value == selected ? " selected" : "") +
                 ">" + h(text) + "</option>";
        return s + "</select></div>";
    };
    out +=
        select("kpi", "KPI", kpis, again ? request.form_value("kpi") : query_text(request, "kpi"));
    out += select("period", "Period", period_options,
                  again ? request.form_value("period") : query_text(request, "period"));
    out += reason_area(errors, "Why is the rating wrong?",
                       "For example, what was measured wrongly and what the figure should be.",
                       again ? request.form_value("reason") : "");
    out +=
        "<button type=\"submit\" id=\"raise-dispute\" class=\"govuk-button\" "
        "data-module=\"govuk-button\">Raise the dispute</button></form></div></div>";
    return page(status, request, "Dispute a rating", out);
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
    Errors errors;
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

HttpResponse render_flag_dispute(const HttpRequest& request, AppContext& app, const Errors& errors,
                                 int status) {
    auto id = id_param(request, "id", "flag");
    const Flag flag = Workflow(app.db(), app.settings().scoring, app.now())
                          .flag_for(request.who(), id, WorkflowStep::kRaiseDispute);
    std::string out = breadcrumbs({{"/flags", "Flags"}});
    out += "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">";
    out += error_summary(errors);
    out += "<span class=\"govuk-caption-l\">Flag " + std::to_string(flag.id) +
           "</span><h1 class=\"govuk-heading-xl\">Dispute a flag</h1>";
    out += "<p class=\"govuk-body\">" + h(to_string(flag.rule)) + " (" +
           h(to_string(flag.severity)) + ") on " + contract_link(flag.contract_id) + " for " +
           h(flag.period.to_string()) + ": " + h(flag.detail) + "</p>";
    if (flag.status != FlagStatus::kOpen) {
        out += "<p class=\"govuk-body\">This flag is " + h(to_string(flag.status)) +
               ": only an open flag can be disputed.</p></div></div>";
        return page(status, request, "Dispute flag " + std::to_string(flag.id), out);
    }
    out +=
        "<p class=\"govuk-body\">If the contract's commercial team upholds the dispute, the flag "
        "is dismissed. To correct a figure, <a class=\"govuk-link\" href=\"/contracts/" +
        h(url_encode(flag.contract_id)) + "/dispute\">dispute the rating</a> instead.</p>";
    out += "<form method=\"post\" action=\"/flags/" + std::to_string(flag.id) +
           "/dispute\" novalidate>" + csrf_field(request) +
           reason_area(errors, "Why is the flag wrong?",
                       "For example, an outage outside your control.",
                       request.method == "POST" ? request.form_value("reason") : "") +
           "<button type=\"submit\" id=\"raise-dispute\" class=\"govuk-button\" "
           "data-module=\"govuk-button\">Raise the dispute</button></form></div></div>";
    return page(status, request, "Dispute flag " + std::to_string(flag.id), out);
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
