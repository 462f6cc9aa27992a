#include "services/http/pages/html.h"

#include <cmath>
#include <cstdio>

#include <Poco/JSON/Parser.h>

#include "model/enums.h"
#include "reports/templates.h"
#include "services/http/pages/components.h"

namespace scorecard::services::pages {

namespace {

struct NavItem {
    const char* href;
    const char* label;
};

std::vector<NavItem> navigation_for(Role role) {
    switch (role) {
        case Role::kSupplier:
            return {{"/contracts", "My contracts"}, {"/upload", "Upload a return"},
                    {"/flags", "My flags"},         {"/reviews", "My reviews"},
                    {"/disputes", "My disputes"},   {"/statement", "My statement"},
                    {"/notices", "My notices"}};
        case Role::kCommercial:
            return {{"/contracts", "Contracts"}, {"/suppliers", "Suppliers"},
                    {"/flags", "Flags"},         {"/reviews", "Reviews"},
                    {"/disputes", "Disputes"},   {"/dashboard", "Summary"},
                    {"/reports", "Reports"},     {"/notices", "Notices"}};
        case Role::kMinister:
            return {{"/dashboard", "Dashboard"}, {"/contracts", "Contracts"},
                    {"/suppliers", "Suppliers"}, {"/flags", "Flagged"},
                    {"/reports", "Reports"},     {"/notices", "Notices"}};
        case Role::kAdmin:
            return {{"/dashboard", "Dashboard"}, {"/contracts", "Contracts"},
                    {"/suppliers", "Suppliers"}, {"/flags", "Flags"},
                    {"/reviews", "Reviews"},     {"/disputes", "Disputes"},
                    {"/reports", "Reports"},     {"/notices", "Notices"}};
    }
    return {};
}

bool is_current(const std::string& path, const char* href) {
    std::string h = href;
    return path == h ||
           (path.size() > h.size() && path.compare(0, h.size(), h) == 0 && path[h.size()] == '/');
}

}  // namespace

HttpResponse page(int status, const HttpRequest& request, const std::string& title,
                  const std::string& main_html) {
    reports::View view;
    view.set("title", title).set("main_html", reports::View::markup(main_html));
    if (request.principal) {
        const Principal& who = *request.principal;
        reports::View navigation = reports::View::list();
        for (const auto& item : navigation_for(who.role)) {
            navigation.add(reports::View()
                               .set("href", item.href)
                               .set("label", item.label)
                               .set("current", is_current(request.path, item.href)));
        }
        const std::string& organisation =
            !who.authority_id.empty() ? who.authority_id : who.supplier_id;
        reports::View user;
        user.set("name", who.user)
            .set("role", to_string(who.role))
            .set("csrf", request.csrf_token)
            .set("navigation", std::move(navigation));
        if (!organisation.empty())
            user.set("organisation", organisation);
        view.set("user", std::move(user));
    }
    HttpResponse response;
    response.status = status;
    response.content_type = "text/html; charset=utf-8";
    response.body = reports::render_template("layout", view);
    return response;
}

HttpResponse redirect(const std::string& location) {
    HttpResponse response;
    response.status = 303;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "See " + location + "\n";
    response.headers.emplace_back("Location", location);
    return response;
}

HttpResponse csv_download(const reports::Rendered& rendered, const std::string& filename) {
    HttpResponse response;
    response.status = 200;
    response.content_type = rendered.content_type;
    response.body = rendered.body;
    std::string safe;
    for (char c : filename)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
            safe += c;
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + safe + "\"");
    return response;
}

std::string rating_label(std::string_view rating) {
    // The statutory words (reg 39(5)) of the four ratings; a period's `other` is what the
    // supplier said of it.
    const auto parsed = parse_enum<Rating>(rating);
    if (!parsed)
        return std::string(rating);
    if (*parsed == Rating::kOther)
        return "Not applicable";
    if (*parsed == Rating::kMissing)
        return "Missing";
    return std::string(*statutory_words(*parsed));
}

std::string rating_tag(std::string_view rating) {
    std::string colour = "grey";
    if (rating == "good")
        colour = "green";
    else if (rating == "approaching")
        colour = "blue";
    else if (rating == "requires_improvement")
        colour = "orange";
    else if (rating == "inadequate")
        colour = "red";
    else if (rating == "other")
        colour = "purple";
    return "<strong class=\"govuk-tag govuk-tag--" + colour + " app-rating\" data-rating=\"" +
           h(rating) + "\">" + h(rating_label(rating)) + "</strong>";
}

std::string plain_tag(std::string_view text, std::string_view colour) {
    std::string label(text);
    for (auto& c : label)
        if (c == '_')
            c = ' ';
    return "<strong class=\"govuk-tag govuk-tag--" + h(colour) + "\">" + h(label) + "</strong>";
}

std::string breadcrumbs(const std::vector<std::pair<std::string, std::string>>& links) {
    std::string out =
        "<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\"><ol "
        "class=\"govuk-breadcrumbs__list\">";
    for (const auto& [href, label] : links)
        out +=
            "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
            "href=\"" +
            h(href) + "\">" + h(label) + "</a></li>";
    out += "</ol></nav>";
    return out;
}

std::string query_text(const HttpRequest& request, const std::string& name) {
    return request.query_value(name).value_or("");
}

Poco::JSON::Object::Ptr parse_object(const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::string text_of(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
    if (!obj || !obj->has(key) || obj->isNull(key))
        return {};
    return obj->get(key).toString();
}

std::optional<double> number_of(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
    if (!obj || !obj->has(key) || obj->isNull(key))
        return std::nullopt;
    return obj->get(key).convert<double>();
}

std::string score_text(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
    return score_text(number_of(obj, key));
}

Poco::JSON::Object::Ptr object_of(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
    if (!obj || !obj->has(key) || obj->isNull(key))
        return nullptr;
    return obj->getObject(key);
}

Poco::JSON::Array::Ptr array_of(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
    if (!obj || !obj->has(key) || obj->isNull(key))
        return new Poco::JSON::Array;
    return obj->getArray(key);
}

// ---- pieces the area pages share

std::string contract_link(const std::string& id) {
    return "<a class=\"govuk-link\" href=\"/contracts/" + h(url_encode(id)) + "\">" + h(id) +
           "</a>";
}

std::string supplier_link(const std::string& id, const std::string& name) {
    return "<a class=\"govuk-link\" href=\"/suppliers/" + h(url_encode(id)) + "\">" +
           h(name.empty() ? id : name) + "</a>";
}

std::string severity_tag(std::string_view severity) {
    return plain_tag(severity, severity == "high"     ? "red"
                               : severity == "medium" ? "orange"
                                                      : "grey");
}

std::string review_state_tag(std::string_view state) {
    return plain_tag(state, state == "closed" ? "grey" : state == "proposed" ? "yellow" : "blue");
}

std::string th(const std::string& text, bool numeric) {
    return std::string("<th scope=\"col\" class=\"govuk-table__header") +
           (numeric ? " govuk-table__header--numeric" : "") + "\">" + text + "</th>";
}

std::string td(const std::string& html, bool numeric) {
    return std::string("<td class=\"govuk-table__cell") +
           (numeric ? " govuk-table__cell--numeric" : "") + "\">" + html + "</td>";
}

std::string csv_link(const std::string& href, const std::string& what) {
    return "<p class=\"govuk-body app-no-print\"><a class=\"govuk-link\" href=\"" + h(href) +
           "\" download>Download " + h(what) + " as CSV</a></p>";
}

std::string select_field(const std::string& id, const std::string& label,
                         const std::vector<std::pair<std::string, std::string>>& options,
                         const std::string& selected) {
    std::string out = "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"" + id +
                      "\">" + label + "</label><select class=\"govuk-select\" id=\"" + id +
                      "\" name=\"" + id + "\">";
    for (const auto& [value, text] : options)
        out += "<option value=\"" + h(value) + "\"" + (value == selected ? " selected" : "") + ">" +
               h(text) + "</option>";
    out += "</select></div>";
    return out;
}

HttpResponse form_step(const std::function<HttpResponse()>& step,
                       const std::function<HttpResponse(const Error&, int)>& again) {
    try {
        return step();
    } catch (const Error& e) {
        if (e.code() != ErrorCode::kInvalid && e.code() != ErrorCode::kConflict)
            throw;
        return again(e, e.code() == ErrorCode::kInvalid ? 422 : 409);
    }
}

}  // namespace scorecard::services::pages
