// Submitting KPI returns from the web (issue #7): the "submit a return" form (one field per
// KPI, a period chooser) and the XML upload. Both go through the one import pipeline
// (services/ingest.h) with Channel::kWebForm, so that what a user types is archived and
// checked exactly like an uploaded document; the form builds a KpiReturn document
// (SPEC §5) from its fields and maps the pipeline's problems back onto them by line.
#include <algorithm>
#include <map>
#include <sstream>

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/StreamCopier.h>

#include "model/scoring.h"
#include "services/documents.h"
#include "services/http/api_support.h"
#include "services/http/handlers.h"
#include "services/http/pages/html.h"
#include "services/ingest.h"
#include "store/repositories.h"

namespace scorecard::services::pages {
namespace {

using importers::DocumentKind;

struct ReturnForm {
    Contract contract;
    std::vector<KpiDefinition> kpis;  // in force for the chosen period
    std::vector<Period> periods;      // that may be reported, newest first
    Period period;
};

// Periods that have ended by today and overlap the contract: the last 12, newest first.
std::vector<Period> reportable_periods(const Contract& contract, Date today) {
    std::vector<Period> out;
    Period p = Period::containing(contract.frequency, std::min(today, contract.end)).previous();
    if (contract.end < today)
        p = Period::containing(contract.frequency, contract.end);
    for (int i = 0; i < 12 && p.last_day() >= contract.start; ++i, p = p.previous())
        if (p.last_day() < today)
            out.push_back(p);
    return out;
}

ReturnForm load_form(store::Connection& conn, const HttpRequest& request, Date today,
                     const std::string& chosen_period) {
    ReturnForm form;
    // The contract, checked: the caller may report for it (SPEC §1).
    form.contract = reportable_contract(conn, request.who(), request.param("id"));
    form.periods = reportable_periods(form.contract, today);
    if (form.periods.empty())
        throw Error::Conflict("contract " + form.contract.id + " has no period to report yet");
    form.period = form.periods.front();
    if (!chosen_period.empty()) {
        auto p = Period::parse(chosen_period);
        if (p && std::find(form.periods.begin(), form.periods.end(), *p) != form.periods.end())
            form.period = *p;
    }
    form.kpis = kpis_in_force(form.contract.kpis, form.period);
    return form;
}

using FieldErrors = std::vector<std::pair<std::string, std::string>>;

std::string error_for(const FieldErrors& errors, const std::string& field) {
    std::string out;
    for (const auto& [f, message] : errors)
        if (f == field)
            out += (out.empty() ? "" : " ") + message;
    return out;
}

std::string error_message(const std::string& id, const std::string& error) {
    return "<p id=\"" + h(id) +
           "-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:"
           "</span> " +
           h(error) + "</p>";
}

std::string render_form(const HttpRequest& request, const ReturnForm& form,
                        const std::multimap<std::string, std::string>& values,
                        const FieldErrors& errors) {
    auto value_of = [&](const std::string& name) {
        auto it = values.find(name);
        return it == values.end() ? std::string{} : it->second;
    };
    const auto& c = form.contract;
    std::string out =
        breadcrumbs({{"/contracts", "Contracts"}, {"/contracts/" + url_encode(c.id), c.id}});
    out += "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">";
    out += error_summary(errors);
    out += "<span class=\"govuk-caption-l\">" + h(c.id) + " " + h(c.title) +
           "</span><h1 class=\"govuk-heading-xl\">Submit a return</h1>";
    // Choosing another period reloads the form with that period's KPIs (no JavaScript).
    out +=
        "<form method=\"get\" action=\"/contracts/" + h(url_encode(c.id)) +
        "/return\" class=\"app-no-print\"><div class=\"govuk-form-group\"><label "
        "class=\"govuk-label\" for=\"choose-period\">Period</label><select class=\"govuk-select\" "
        "id=\"choose-period\" name=\"period\">";
    for (const auto& p : form.periods)
        out += "<option value=\"" + h(p.to_string()) + "\"" +
               (p == form.period ? " selected" : "") + ">" + h(p.to_string()) + "</option>";
    out +=
        "</select> <button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Choose "
        "period</button></div></form>";

    out += "<form method=\"post\" action=\"/contracts/" + h(url_encode(c.id)) +
           "/return\" novalidate>";
    out += csrf_field(request);
    std::string period_error = error_for(errors, "period");
    out += "<input type=\"hidden\" name=\"period\" id=\"period\" value=\"" +
           h(form.period.to_string()) + "\">";
    out += "<h2 class=\"govuk-heading-m\">Figures for " + h(form.period.to_string()) + "</h2>";
    if (!period_error.empty())
        out += error_message("period", period_error);
    for (std::size_t i = 0; i < form.kpis.size(); ++i) {
        const auto& k = form.kpis[i];
        std::string id = "kpi-" + std::to_string(i);
        std::string error = error_for(errors, id);
        std::string hint = std::string(to_string(k.unit)) + ", " +
                           (k.direction == Direction::kHigher ? "higher" : "lower") +
                           " is better; good " + reports::svg_number(k.thresholds.good) +
                           ", approaching " + reports::svg_number(k.thresholds.approaching) +
                           ", minimum " + reports::svg_number(k.thresholds.minimum);
        out += "<div class=\"govuk-form-group" +
               std::string(error.empty() ? "" : " govuk-form-group--error") +
               "\"><fieldset class=\"govuk-fieldset\" aria-describedby=\"" + id +
               "-hint\">"
               "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">" +
               h(k.code) + ": " + h(k.name) + "</legend><div id=\"" + id +
               "-hint\" class=\"govuk-hint\">" + h(hint) + "</div>";
        if (!error.empty())
            out += error_message(id, error);
        out += "<label class=\"govuk-label\" for=\"" + id +
               "\">Value</label><input class=\"govuk-input "
               "govuk-input--width-10" +
               std::string(error.empty() ? "" : " govuk-input--error") + "\" id=\"" + id +
               "\" name=\"value." + h(k.code) +
               "\" type=\"text\" inputmode=\"decimal\" "
               "spellcheck=\"false\" value=\"" +
               h(value_of("value." + k.code)) + "\">";
        out +=
            "<div class=\"govuk-checkboxes govuk-checkboxes--small\"><div "
            "class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"" +
            id + "-na\" name=\"na." + h(k.code) + "\" type=\"checkbox\" value=\"yes\"" +
            (value_of("na." + k.code).empty() ? "" : " checked") +
            "><label class=\"govuk-label govuk-checkboxes__label\" for=\"" + id +
            "-na\">Not applicable this period (give the reason below)</label></div></div>";
        out += "<label class=\"govuk-label\" for=\"" + id +
               "-comment\">Comment (optional)</label>"
               "<input class=\"govuk-input\" id=\"" +
               id + "-comment\" name=\"comment." + h(k.code) + "\" type=\"text\" value=\"" +
               h(value_of("comment." + k.code)) + "\">";
        out += "</fieldset></div>";
    }
    out +=
        "<button type=\"submit\" id=\"submit-return\" class=\"govuk-button\" "
        "data-module=\"govuk-button\">Submit "
        "return</button></form>";
    out +=
        "<p class=\"govuk-body\">Or <a class=\"govuk-link\" href=\"/upload\">upload a return as "
        "XML</a>.</p></div></div>";
    return out;
}

}  // namespace

HttpResponse get_return_form(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    auto form = load_form(*conn, request, app.today(), query_text(request, "period"));
    return page(200, request, "Submit a return for " + form.contract.id,
                render_form(request, form, {}, {}));
}

namespace {

// "Line 5, column 3: message" for a problem the form cannot place on a field.
std::string located(const Problem& p) {
    if (p.line == 0)
        return p.message;
    return "Line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ": " +
           p.message;
}

}  // namespace

HttpResponse post_return_form(const HttpRequest& request, AppContext& app) {
    auto values = request.form();
    auto value_of = [&](const std::string& name) {
        auto it = values.find(name);
        return it == values.end() ? std::string{} : it->second;
    };
    ReturnForm form;
    {
        auto conn = app.db().acquire();
        form = load_form(*conn, request, app.today(), value_of("period"));
    }
    FieldErrors errors;
    if (value_of("period") != form.period.to_string())
        errors.emplace_back("period", "Choose a period from the list");
    // The document, one Measure per line, so that the pipeline's problems (by line) map back
    // onto the form's fields.
    auto now = app.now();
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<KpiReturn xmlns=\"urn:scorecard:1\" contract=\"" +
        h(form.contract.id) + "\" period=\"" + h(form.period.to_string()) + "\" submitted=\"" +
        h(format_timestamp(now)) + "\">\n";
    std::map<int, std::string> field_of_line = {{1, "period"}, {2, "period"}};
    int line = 3;
    for (std::size_t i = 0; i < form.kpis.size(); ++i) {
        const auto& k = form.kpis[i];
        std::string id = "kpi-" + std::to_string(i);
        std::string value = value_of("value." + k.code);
        value.erase(0, value.find_first_not_of(" \t"));
        value.erase(value.find_last_not_of(" \t") + 1);
        std::string comment = value_of("comment." + k.code);
        bool not_applicable = !value_of("na." + k.code).empty();
        if (not_applicable && comment.empty()) {
            errors.emplace_back(
                id, "Give the reason why " + k.code + " is not applicable in the comment");
            continue;
        }
        if (!not_applicable && value.empty()) {
            errors.emplace_back(id, "Enter a value for " + k.code + ", or mark it not applicable");
            continue;
        }
        xml += "  <Measure kpi=\"" + h(k.code) + "\"";
        xml += not_applicable ? " status=\"not_applicable\"" : " value=\"" + h(value) + "\"";
        xml += ">";
        if (!comment.empty())
            xml += "<Comment>" + h(comment) + "</Comment>";
        xml += "</Measure>\n";
        field_of_line[line++] = id;
    }
    xml += "</KpiReturn>\n";
    if (!errors.empty())
        return page(422, request, "Error: Submit a return for " + form.contract.id,
                    render_form(request, form, values, errors));

    IngestRequest ingest;
    ingest.bytes = xml;
    ingest.sender = request.who();
    ingest.channel = Channel::kWebForm;
    ingest.source = "web form";
    ingest.received = now;
    ingest.as_of = app.today();
    ingest.allowed_kinds = {DocumentKind::kKpiReturn};
    auto result = ingest_document(app.db(), ingest, app.settings());
    if (result.outcome == DocumentOutcome::kRejected) {
        for (const auto& p : result.problems) {
            auto it = field_of_line.find(p.line);
            errors.emplace_back(it == field_of_line.end() ? "" : it->second,
                                it == field_of_line.end() ? located(p) : p.message);
        }
        if (errors.empty())
            errors.emplace_back("", "The return was rejected");
        return page(422, request, "Error: Submit a return for " + form.contract.id,
                    render_form(request, form, values, errors));
    }
    return redirect("/contracts/" + url_encode(form.contract.id) +
                    "?submitted=" + std::to_string(result.document_id));
}

// ---------------------------------------------------------------- upload

namespace {

class FilePart : public Poco::Net::PartHandler {
  public:
    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        std::string disposition;
        Poco::Net::NameValueCollection params;
        Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""),
                                                  disposition, params);
        if (params.get("name", "") != "file" || found)
            return;
        found = true;
        filename = params.get("filename", "");
        Poco::StreamCopier::copyToString(stream, content);
    }
    bool found = false;
    std::string filename;
    std::string content;
};

std::string upload_form(const HttpRequest& request, const FieldErrors& errors) {
    std::string out = "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">";
    out += error_summary(errors);
    out +=
        "<h1 class=\"govuk-heading-xl\">Upload a KPI return</h1><p class=\"govuk-body\">Upload "
        "a <code>KpiReturn</code> or <code>KpiReturns</code> XML document (see the formats "
        "guide). It is checked against every rule; nothing is changed unless all of it is "
        "right.</p>";
    out += "<form method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\" novalidate>";
    out += csrf_field(request);
    std::string error = error_for(errors, "file");
    out += "<div class=\"govuk-form-group" +
           std::string(error.empty() ? "" : " govuk-form-group--error") +
           "\"><label class=\"govuk-label\" for=\"file\">XML file</label>";
    if (!error.empty())
        out += error_message("file", error);
    out += "<input class=\"govuk-file-upload" +
           std::string(error.empty() ? "" : " govuk-file-upload--error") +
           "\" id=\"file\" name=\"file\" type=\"file\" "
           "accept=\".xml,application/xml,text/xml\"></div>";
    out +=
        "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Upload"
        "</button></form></div></div>";
    return out;
}

}  // namespace

HttpResponse get_upload(const HttpRequest& request, AppContext&) {
    return page(200, request, "Upload a KPI return", upload_form(request, {}));
}

// Sign-in, the role and the form's CSRF token (in the multipart body) are dispatch's.
HttpResponse post_upload(const HttpRequest& request, AppContext& app) {
    FilePart part;
    FieldErrors errors;
    if (request.media_type() != "multipart/form-data") {
        errors.emplace_back("file", "Select an XML file to upload");
    } else {
        try {
            Poco::Net::HTTPRequest poco_request("POST", "/upload");
            poco_request.setContentType(request.header("content-type"));
            std::istringstream body(request.body);
            Poco::Net::HTMLForm form;
            form.load(poco_request, body, part);
        } catch (const Poco::Exception& e) {
            errors.emplace_back("file", "The upload could not be read: " + e.displayText());
        }
        if (errors.empty() && (!part.found || part.content.empty()))
            errors.emplace_back("file", "Select an XML file to upload");
    }
    if (!errors.empty())
        return page(400, request, "Error: Upload a KPI return", upload_form(request, errors));

    IngestRequest ingest;
    ingest.bytes = part.content;
    ingest.sender = request.who();
    ingest.channel = Channel::kWebForm;
    ingest.source = part.filename.empty() ? "upload" : part.filename;
    ingest.received = app.now();
    ingest.as_of = app.today();
    ingest.allowed_kinds = {DocumentKind::kKpiReturn, DocumentKind::kKpiReturns};
    auto result = ingest_document(app.db(), ingest, app.settings());
    if (result.outcome == DocumentOutcome::kRejected) {
        for (const auto& p : result.problems)
            errors.emplace_back("file", located(p));
        if (errors.empty())
            errors.emplace_back("file", "The document was rejected");
        // Say which document was archived, so that the user can refer to it.
        std::string out = upload_form(request, errors);
        out += "<p class=\"govuk-body\">The file was kept as document " +
               std::to_string(result.document_id) +
               " and marked rejected; nothing was changed.</p>";
        // Refused because the sender may not report for a contract (model/access.h): 403,
        // as the API answers; any other rule broken: 422.
        return page(result.forbidden() ? 403 : 422, request, "Error: Upload a KPI return", out);
    }
    std::string out =
        "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 "
        "class=\"govuk-panel__title\">Return " +
        std::string(result.outcome == DocumentOutcome::kUnchanged ? "already received"
                                                                  : "received") +
        "</h1><div class=\"govuk-panel__body\">Document <strong>" +
        std::to_string(result.document_id) + "</strong></div></div>";
    out += "<p class=\"govuk-body\">" + std::to_string(result.counts.returns) +
           " return(s) stored, " + std::to_string(result.counts.amendments) +
           " of them amendments. Contracts rescored:</p><ul class=\"govuk-list "
           "govuk-list--bullet\">";
    for (const auto& id : result.touched_contracts)
        out += "<li><a class=\"govuk-link\" href=\"/contracts/" + h(url_encode(id)) + "\">" +
               h(id) + "</a></li>";
    out +=
        "</ul><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/upload\">Upload another "
        "return</a></p>";
    return page(200, request, "Return received", out);
}

}  // namespace scorecard::services::pages
