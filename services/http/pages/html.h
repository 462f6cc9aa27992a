// The building blocks of the web pages (issue #7): the GOV.UK page template, components
// (tags, tables, links), redirects, CSV downloads, and small
// readers of the reports' JSON. Every value written into HTML goes through h() — the one
// escaping function, reports::escape_html.
//
// Each area's page handlers are declared in services/http/handlers.h and routed by the one
// route table (services/http/routes.cpp).
//
// Thread safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "model/enums.h"
#include "model/errors.h"
#include "reports/charts.h"
#include "reports/scorecards.h"
#include "services/http/app.h"
#include "services/http/http.h"
#include "services/http/pages/components.h"
#include "services/http/percent_encoding.h"

namespace scorecard::services::pages {

inline std::string h(std::string_view text) {
    return reports::escape_html(text);
}

// A whole HTML page in the GOV.UK template: header with the signed-in user's navigation
// (and a sign-out button), a main element holding `main_html`, a footer.
HttpResponse page(int status, const HttpRequest& request, const std::string& title,
                  const std::string& main_html);

// 303 See Other to a local path.
HttpResponse redirect(const std::string& location);

// A CSV report as a download named `filename`.
HttpResponse csv_download(const reports::Rendered& rendered, const std::string& filename);

// A GOV.UK tag for a rating ("good" → green "Good", …).
std::string rating_tag(std::string_view rating);
std::string rating_label(std::string_view rating);
// A tag for a flag severity or a review state.
std::string plain_tag(std::string_view text, std::string_view colour);

std::string breadcrumbs(const std::vector<std::pair<std::string, std::string>>& links);

// The request's query value, "" when absent.
std::string query_text(const HttpRequest& request, const std::string& name);

// A GET form's choice of one of E's values: absent or empty (the form's "Any") is no
// choice; anything else must be one of E's names (Error::BadRequest listing them).
template <class E>
std::optional<E> choice_param(const HttpRequest& request, const std::string& name) {
    const std::string text = query_text(request, name);
    if (text.empty())
        return std::nullopt;
    auto value = parse_enum<E>(text);
    if (!value)
        throw Error::BadRequest(name + " must be one of " + allowed_values<E>() +
                                ", or empty for any");
    return value;
}

// Reading the reports' JSON: a string member ("" for null/absent), a number (nullopt for
// null/absent), a score as shown ("64.5", or "–" when null), nested objects and arrays.
Poco::JSON::Object::Ptr parse_object(const std::string& json);
std::string text_of(const Poco::JSON::Object::Ptr& obj, const std::string& key);
std::optional<double> number_of(const Poco::JSON::Object::Ptr& obj, const std::string& key);
std::string score_text(const Poco::JSON::Object::Ptr& obj, const std::string& key);
Poco::JSON::Object::Ptr object_of(const Poco::JSON::Object::Ptr& obj, const std::string& key);
Poco::JSON::Array::Ptr array_of(const Poco::JSON::Object::Ptr& obj, const std::string& key);

// ---- pieces the area pages share (html.cpp)

std::string contract_link(const std::string& id);
// The supplier's name (its id when the name is empty) linked to its scorecard.
std::string supplier_link(const std::string& id, const std::string& name);
std::string severity_tag(std::string_view severity);
std::string review_state_tag(std::string_view state);
std::string th(const std::string& text, bool numeric = false);
std::string td(const std::string& html, bool numeric = false);
std::string csv_link(const std::string& href, const std::string& what);
// Runs the step a form asked for and answers with its result. A refusal of the step as
// invalid (422) or conflicting (409) is the form's to show: `again(error, status)` renders
// the form with it. Other errors propagate to the error page.
HttpResponse form_step(const std::function<HttpResponse()>& step,
                       const std::function<HttpResponse(const Error&, int)>& again);
// A labelled <select> named `id`; options are {value, text}.
std::string select_field(const std::string& id, const std::string& label,
                         const std::vector<std::pair<std::string, std::string>>& options,
                         const std::string& selected);

}  // namespace scorecard::services::pages
