// The fields of the workflow's forms (reviews, flag dismissal, disputes, returns, sign-in)
// as the etc/templates/workflow_input, workflow_textarea and workflow_select partials draw
// them: a GOV.UK form group with its label, an optional hint and the field's error message,
// linked to the field by aria-describedby.
//
//   view.set("reason_field", field_view({"reason", "reason", "Why?", hint, value}, errors));
//   {{#reason_field}}{{> workflow_textarea}}{{/reason_field}}
//
// A field's View sets every name the partials read (flags false, text empty), so that a
// name the field leaves out is never found in the page's View around it.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reports/templates.h"
#include "services/http/api_support.h"
#include "services/http/http.h"

namespace scorecard::services::pages {

// (field id, message) pairs: a form's errors, in the order the error summary lists them; an
// empty id is a problem of the whole form.
using FieldErrors = std::vector<std::pair<std::string, std::string>>;

// Every message for `field`, joined by a space ("" when there is none).
std::string error_for(const FieldErrors& errors, const std::string& field);

struct FormField {
    std::string id;     // the element's id: the label's `for` and the error summary's link
    std::string name;   // the form field's name
    std::string label;  // the label's text
    std::string hint;   // "" for none
    std::string value;  // what the field shows: what was sent, when the form comes back
};

// The field's View: id, name, label, has_hint, hint, value, has_error, error,
// has_described_by, described_by, and these, to be set by the caller where wanted:
// bold_label (false), rows ("3"), type ("text"), decimal, no_spellcheck, width_5,
// width_two_thirds (false), has_autocomplete (false), autocomplete, options (empty list).
reports::View field_view(const FormField& field, const FieldErrors& errors);

// {value, text} choices for workflow_select, `selected` marked.
reports::View select_options(const std::vector<std::pair<std::string, std::string>>& choices,
                             const std::string& selected);

// What was sent in a form field when the page comes back after a refused POST ("" on GET).
std::string sent(const HttpRequest& request, const std::string& name);

// A list filter's choice from the query: nullopt when it is absent, empty or "any" (what a
// filter form and its links send for "no filter"); 400 naming the values for anything else.
template <class E>
std::optional<E> filter_choice(const HttpRequest& request, const std::string& name) {
    const std::string text = request.query_value(name).value_or("");
    if (text.empty() || text == "any")
        return std::nullopt;
    return enum_param<E>(request, name);
}

// A list page's caption and links, set on `view`: "caption" ("12 reviews, 1 to 10 shown";
// `noun` is the singular), "has_next" and "next_href" (`path`?`query`&offset=…) and
// "csv_href" (`csv_path`?`query`). `query` holds the filter's values, so that the next page
// and the download hold what the page holds.
struct ListPaging {
    std::string noun;
    std::int64_t total = 0;
    std::int64_t shown = 0;
    int offset = 0;
    int limit = 0;
    std::string path;
    std::string csv_path;
    std::string query;
};
void set_list_paging(reports::View& view, const ListPaging& paging);

}  // namespace scorecard::services::pages
