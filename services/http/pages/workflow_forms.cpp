#include "services/http/pages/workflow_forms.h"

namespace scorecard::services::pages {

std::string error_for(const FieldErrors& errors, const std::string& field) {
    std::string out;
    for (const auto& [f, message] : errors)
        if (f == field)
            out += (out.empty() ? "" : " ") + message;
    return out;
}

reports::View field_view(const FormField& field, const FieldErrors& errors) {
    const std::string error = error_for(errors, field.id);
    std::string described_by;
    if (!field.hint.empty())
        described_by = field.id + "-hint";
    if (!error.empty())
        described_by += (described_by.empty() ? "" : " ") + field.id + "-error";
    reports::View v;
    v.set("id", field.id)
        .set("name", field.name)
        .set("label", field.label)
        .set("has_hint", !field.hint.empty())
        .set("hint", field.hint)
        .set("value", field.value)
        .set("has_error", !error.empty())
        .set("error", error)
        .set("has_described_by", !described_by.empty())
        .set("described_by", described_by)
        .set("bold_label", false)
        .set("rows", "3")
        .set("type", "text")
        .set("decimal", false)
        .set("no_spellcheck", false)
        .set("width_5", false)
        .set("width_two_thirds", false)
        .set("has_autocomplete", false)
        .set("autocomplete", "")
        .set("options", reports::View::list());
    return v;
}

reports::View select_options(const std::vector<std::pair<std::string, std::string>>& choices,
                             const std::string& selected) {
    reports::View list = reports::View::list();
    for (const auto& [value, text] : choices)
        list.add(reports::View()
                     .set("value", value)
                     .set("text", text)
                     .set("selected", value == selected));
    return list;
}

std::string sent(const HttpRequest& request, const std::string& name) {
    return request.method == "POST" ? request.form_value(name) : std::string();
}

void set_list_paging(reports::View& view, const ListPaging& p) {
    std::string caption = std::to_string(p.total) + " " + p.noun + (p.total == 1 ? "" : "s");
    if (p.total > p.shown)
        caption += ", " + std::to_string(p.offset + 1) + " to " +
                   std::to_string(p.offset + p.shown) + " shown";
    view.set("caption", caption)
        .set("has_next", p.offset + p.limit < p.total)
        .set("next_href", p.path + "?" + p.query + "&offset=" + std::to_string(p.offset + p.limit))
        .set("csv_href", p.csv_path + "?" + p.query);
}

}  // namespace scorecard::services::pages
