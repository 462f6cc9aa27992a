// Submitting KPI returns from the web (issue #7): the "submit a return" form (one field per
// KPI, a period chooser) and the XML upload. Both go through the one import pipeline
// (services/ingest.h) with Channel::kWebForm, so that what a user types is archived and
// checked exactly like an uploaded document; the form builds a KpiReturn (SPEC §5) from
// its fields, writes it with the one XML writer (importers/xml_writer.h) and maps the
// pipeline's problems back onto the fields by line. Pages are drawn with
// etc/templates/workflow_return_form, workflow_upload and workflow_upload_received.
#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/StreamCopier.h>

#include "importers/documents.h"
#include "importers/xml_writer.h"
#include "model/scoring.h"
#include "reports/charts.h"
#include "services/documents.h"
#include "services/http/api_support.h"
#include "services/http/handlers.h"
#include "services/http/pages/html.h"
#include "services/http/pages/workflow_forms.h"
#include "services/ingest.h"
#include "store/repositories.h"

namespace scorecard::services::pages {
namespace {

using importers::DocumentKind;
using FormValues = std::multimap<std::string, std::string>;

// The first value sent for `name`; "" when none was.
std::string value_of(const FormValues& values, const std::string& name) {
    auto it = values.find(name);
    return it == values.end() ? std::string{} : it->second;
}

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

// The form's View: the period chooser, one fieldset per KPI in force with what was typed
// (when the form comes back) and its errors.
reports::View form_view(const HttpRequest& request, const ReturnForm& form,
                        const FormValues& values, const FieldErrors& errors) {
    const auto& c = form.contract;
    const std::string base = "/contracts/" + url_encode(c.id);
    std::vector<std::pair<std::string, std::string>> periods;
    for (const auto& p : form.periods)
        periods.emplace_back(p.to_string(), p.to_string());
    reports::View kpis = reports::View::list();
    for (std::size_t i = 0; i < form.kpis.size(); ++i) {
        const auto& k = form.kpis[i];
        const std::string id = "kpi-" + std::to_string(i);
        const std::string error = error_for(errors, id);
        kpis.add(reports::View()
                     .set("id", id)
                     .set("code", k.code)
                     .set("name", k.name)
                     .set("hint", std::string(to_string(k.unit)) + ", " +
                                      (k.direction == Direction::kHigher ? "higher" : "lower") +
                                      " is better; good " + reports::svg_number(k.thresholds.good) +
                                      ", approaching " +
                                      reports::svg_number(k.thresholds.approaching) + ", minimum " +
                                      reports::svg_number(k.thresholds.minimum))
                     .set("has_error", !error.empty())
                     .set("error", error)
                     .set("value", value_of(values, "value." + k.code))
                     .set("not_applicable", !value_of(values, "na." + k.code).empty())
                     .set("comment", value_of(values, "comment." + k.code)));
    }
    const std::string period_error = error_for(errors, "period");
    reports::View view;
    view.set("breadcrumbs", breadcrumb_links({{"/contracts", "Contracts"}, {base, c.id}}))
        .set("csrf", request.csrf_token)
        .set("base", base)
        .set("contract_id", c.id)
        .set("contract_title", c.title)
        .set("periods", select_options(periods, form.period.to_string()))
        .set("period", form.period.to_string())
        .set("period_error", period_error.empty() ? reports::View(false)
                                                  : reports::View()
                                                        .set("id", "period")
                                                        .set("has_error", true)
                                                        .set("error", period_error))
        .set("kpis", std::move(kpis));
    set_errors(view, errors);
    return view;
}

HttpResponse form_page(int status, const HttpRequest& request, const ReturnForm& form,
                       const FormValues& values, const FieldErrors& errors) {
    return page(
        status, request,
        std::string(errors.empty() ? "" : "Error: ") + "Submit a return for " + form.contract.id,
        reports::render_template("workflow_return_form", form_view(request, form, values, errors)));
}

}  // namespace

HttpResponse get_return_form(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    auto form = load_form(*conn, request, app.today(), query_text(request, "period"));
    return form_page(200, request, form, {}, {});
}

namespace {

// "Line 5, column 3: message" for a problem the form cannot place on a field.
std::string located(const Problem& p) {
    if (p.line == 0)
        return p.message;
    return "Line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ": " +
           p.message;
}

std::string trimmed(std::string text) {
    text.erase(0, text.find_first_not_of(" \t"));
    text.erase(text.find_last_not_of(" \t") + 1);
    return text;
}

// The form's figures as a return, and the form field each measure came from.
struct TypedReturn {
    KpiReturn figures;
    std::vector<std::string> fields;  // parallel to figures.measures
};

// Reads the KPIs' fields: a value that is a number (the formats' one spelling,
// importers/documents.h parse_number), or "not applicable" with the reason in the comment.
// What is missing or not a number is an error at its field; what is there is left for the
// import pipeline to judge.
TypedReturn typed_return(const ReturnForm& form, const FormValues& values, Timestamp now,
                         FieldErrors& errors) {
    TypedReturn typed;
    typed.figures.contract_id = form.contract.id;
    typed.figures.period = form.period;
    typed.figures.submitted = now;
    for (std::size_t i = 0; i < form.kpis.size(); ++i) {
        const auto& k = form.kpis[i];
        const std::string id = "kpi-" + std::to_string(i);
        const std::string value = trimmed(value_of(values, "value." + k.code));
        Measure measure;
        measure.kpi_code = k.code;
        measure.comment = value_of(values, "comment." + k.code);
        if (!value_of(values, "na." + k.code).empty()) {
            if (measure.comment.empty()) {
                errors.emplace_back(
                    id, "Give the reason why " + k.code + " is not applicable in the comment");
                continue;
            }
            measure.status = MeasureStatus::kNotApplicable;
        } else if (value.empty()) {
            errors.emplace_back(id, "Enter a value for " + k.code + ", or mark it not applicable");
            continue;
        } else {
            measure.value = importers::parse_number(value);
            if (!measure.value) {
                errors.emplace_back(id, k.code + ": '" + value +
                                            "' is not a decimal number (write it like 1234.5 or "
                                            "-0.25: no '+', exponent or thousands separator)");
                continue;
            }
        }
        typed.figures.measures.push_back(std::move(measure));
        typed.fields.push_back(id);
    }
    return typed;
}

// The return as our format spells it (importers/xml_writer.h). Text the format cannot carry
// (a control character or bytes that are not UTF-8 in a comment) is an error at the comment's
// field: each measure is tried alone to find which.
std::optional<std::string> written_return(const TypedReturn& typed, FieldErrors& errors) {
    try {
        return importers::write_kpi_return(typed.figures);
    } catch (const std::invalid_argument&) {
        for (std::size_t i = 0; i < typed.figures.measures.size(); ++i) {
            KpiReturn alone = typed.figures;
            alone.measures = {typed.figures.measures[i]};
            try {
                importers::write_kpi_return(alone);
            } catch (const std::invalid_argument&) {
                errors.emplace_back(typed.fields[i],
                                    "The comment for " + typed.figures.measures[i].kpi_code +
                                        " holds characters that cannot be kept: remove them");
            }
        }
        if (errors.empty())
            errors.emplace_back("", "The return could not be written");
        return std::nullopt;
    }
}

// The form field a problem at `line` of the written document is about: the lines before
// the first measure are the return's own (its period); each measure runs from its line to
// the next one's (importers/xml_writer.h measure_lines). "" for a problem with no line.
std::string field_at(int line, const std::vector<int>& measure_lines, const TypedReturn& typed) {
    if (line <= 0)
        return {};
    std::string field = "period";
    for (std::size_t i = 0; i < measure_lines.size() && i < typed.fields.size(); ++i)
        if (measure_lines[i] <= line)
            field = typed.fields[i];
    return field;
}

}  // namespace

HttpResponse post_return_form(const HttpRequest& request, AppContext& app) {
    const FormValues values = request.form();
    ReturnForm form;
    {
        auto conn = app.db().acquire();
        form = load_form(*conn, request, app.today(), value_of(values, "period"));
    }
    FieldErrors errors;
    if (value_of(values, "period") != form.period.to_string())
        errors.emplace_back("period", "Choose a period from the list");
    const auto now = app.now();
    const TypedReturn typed = typed_return(form, values, now, errors);
    std::optional<std::string> xml;
    if (errors.empty())
        xml = written_return(typed, errors);
    if (!errors.empty())
        return form_page(422, request, form, values, errors);

    IngestRequest ingest;
    ingest.bytes = *xml;
    ingest.sender = request.who();
    ingest.channel = Channel::kWebForm;
    ingest.source = "web form";
    ingest.received = now;
    ingest.as_of = app.today();
    ingest.allowed_kinds = {DocumentKind::kKpiReturn};
    auto result = ingest_document(app.db(), ingest, app.settings());
    if (result.outcome == DocumentOutcome::kRejected) {
        const std::vector<int> lines = importers::measure_lines(*xml);
        for (const auto& p : result.problems) {
            const std::string field = field_at(p.line, lines, typed);
            errors.emplace_back(field, field.empty() ? located(p) : p.message);
        }
        if (errors.empty())
            errors.emplace_back("", "The return was rejected");
        return form_page(422, request, form, values, errors);
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

// The upload form, with its error; `kept` the rejected document's id, when it was archived.
HttpResponse upload_page(int status, const HttpRequest& request, const FieldErrors& errors,
                         std::optional<std::int64_t> kept) {
    reports::View view;
    view.set("csrf", request.csrf_token)
        .set("file_field", field_view({"file", "file", "XML file", "", ""}, errors))
        .set("kept", kept ? reports::View().set("document_id", std::to_string(*kept))
                          : reports::View(false));
    set_errors(view, errors);
    return page(status, request,
                errors.empty() ? "Upload a KPI return" : "Error: Upload a KPI return",
                reports::render_template("workflow_upload", view));
}

}  // namespace

HttpResponse get_upload(const HttpRequest& request, AppContext&) {
    return upload_page(200, request, {}, std::nullopt);
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
        return upload_page(400, request, errors, std::nullopt);

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
        // Say which document was archived, so that the user can refer to it. Refused because
        // the sender may not report for a contract (model/access.h): 403, as the API
        // answers; any other rule broken: 422.
        return upload_page(result.forbidden() ? 403 : 422, request, errors, result.document_id);
    }
    reports::View contracts = reports::View::list();
    for (const auto& id : result.touched_contracts)
        contracts.add(reports::View().set("id", id).set("href", "/contracts/" + url_encode(id)));
    reports::View view;
    view.set("heading", result.outcome == DocumentOutcome::kUnchanged ? "Return already received"
                                                                      : "Return received")
        .set("document_id", std::to_string(result.document_id))
        .set("returns", std::to_string(result.counts.returns))
        .set("amendments", std::to_string(result.counts.amendments))
        .set("contracts", std::move(contracts));
    return page(200, request, "Return received",
                reports::render_template("workflow_upload_received", view));
}

}  // namespace scorecard::services::pages
