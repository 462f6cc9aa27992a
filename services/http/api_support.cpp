#include "services/http/api_support.h"

#include "reports/entity_json.h"
#include "reports/json_text.h"

#include <sstream>

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

namespace scorecard::services {

std::string stringify(const Poco::JSON::Object& obj) {
    std::string out;
    reports::append_json(out, obj);
    return out;
}

std::string stringify(const Poco::JSON::Array& array) {
    std::string out;
    reports::append_json(out, array);
    return out;
}

HttpResponse from_report(const reports::Rendered& rendered) {
    return HttpResponse::text(200, rendered.content_type, rendered.body);
}

bool if_none_match_holds(const HttpRequest& request, std::string_view etag) {
    const std::string header = request.header("if-none-match");
    std::size_t at = 0;
    while (at < header.size()) {
        std::size_t end = header.find(',', at);
        if (end == std::string::npos)
            end = header.size();
        std::string_view tag(header.data() + at, end - at);
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t'))
            tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t'))
            tag.remove_suffix(1);
        if (tag == "*")
            return true;
        if (tag.starts_with("W/"))  // weak comparison: the opaque tags alone
            tag.remove_prefix(2);
        if (tag == etag)
            return true;
        at = end + 1;
    }
    return false;
}

HttpResponse not_modified(const std::string& etag) {
    HttpResponse response;
    response.status = 304;
    response.headers = {{"ETag", etag}};
    return response;
}

HttpResponse tagged_response(const HttpRequest& request, const std::string& etag,
                             const reports::Rendered& rendered) {
    if (if_none_match_holds(request, etag))
        return not_modified(etag);
    HttpResponse response = from_report(rendered);
    response.headers = {{"ETag", etag}};
    return response;
}

reports::Format format_of(const HttpRequest& request) {
    auto format = request.query_value("format").value_or("json");
    if (format == "json")
        return reports::Format::kJson;
    if (format == "csv")
        return reports::Format::kCsv;
    throw Error::BadRequest("format must be json or csv, not '" + format + "'");
}

int int_param(const HttpRequest& request, const std::string& name, int fallback, int low,
              int high) {
    auto text = request.query_value(name);
    if (!text)
        return fallback;
    try {
        std::size_t used = 0;
        int value = std::stoi(*text, &used);
        if (used != text->size() || value < low || value > high)
            throw std::out_of_range(name);
        return value;
    } catch (const std::exception&) {
        throw Error::BadRequest(name + " must be a whole number from " + std::to_string(low) +
                                " to " + std::to_string(high));
    }
}

store::Page page_of(const HttpRequest& request, int default_limit) {
    store::Page page;
    page.limit = int_param(request, "limit", default_limit, 1, 1000);
    page.offset = int_param(request, "offset", 0, 0, 100000000);
    return page;
}

std::optional<bool> bool_param(const HttpRequest& request, const std::string& name) {
    auto text = request.query_value(name);
    if (!text)
        return std::nullopt;
    if (*text == "true" || *text == "1")
        return true;
    if (*text == "false" || *text == "0")
        return false;
    throw Error::BadRequest(name + " must be true or false");
}

std::int64_t id_param(const HttpRequest& request, const std::string& name,
                      const std::string& what) {
    const auto& text = request.param(name);
    try {
        std::size_t used = 0;
        long long id = std::stoll(text, &used);
        if (used == text.size() && id > 0)
            return id;
    } catch (const std::exception&) {
    }
    throw Error::NotFound("no " + what + " " + text);
}

Poco::JSON::Object::Ptr json_body(const HttpRequest& request) {
    auto type = request.media_type();
    if (type != "application/json")
        throw Error::UnsupportedMediaType("send a JSON object as application/json (got '" + type +
                                          "')");
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(request.body);
    } catch (const Poco::Exception& e) {
        throw Error::BadRequest("the body is not valid JSON: " + e.message());
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw Error::BadRequest("the body must be a JSON object");
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

namespace {

std::string string_member(const Poco::JSON::Object& body, const std::string& field,
                          std::size_t max_length, bool required) {
    if (!body.has(field) || body.isNull(field)) {
        if (required)
            throw Error::Invalid("the field '" + field + "' is required",
                                 {Problem{"required", "'" + field + "' is required", 0, 0, {}}});
        return {};
    }
    auto value = body.get(field);
    if (!value.isString())
        throw Error::Invalid("the field '" + field + "' must be a string",
                             {Problem{"type", "'" + field + "' must be a string", 0, 0, {}}});
    auto text = value.extract<std::string>();
    if (required && text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error::Invalid("the field '" + field + "' must not be blank",
                             {Problem{"required", "'" + field + "' must not be blank", 0, 0, {}}});
    if (text.size() > max_length)
        throw Error::Invalid(
            "the field '" + field + "' is longer than " + std::to_string(max_length) + " bytes",
            {Problem{"too_long", "'" + field + "' is too long", 0, 0, {}}});
    return text;
}

}  // namespace

std::string required_string(const Poco::JSON::Object& body, const std::string& field,
                            std::size_t max_length) {
    return string_member(body, field, max_length, true);
}

std::string optional_string(const Poco::JSON::Object& body, const std::string& field,
                            std::size_t max_length) {
    return string_member(body, field, max_length, false);
}

Error invalid_member(const std::string& field, const std::string& message) {
    return Error::Invalid(message, {Problem{field, message, 0, 0, {}}});
}

namespace {

Date date_of(const std::string& field, const std::string& text) {
    auto date = parse_date(text);
    if (!date)
        throw invalid_member(field,
                             "'" + field + "' must be a date YYYY-MM-DD, not '" + text + "'");
    return *date;
}

}  // namespace

Date required_date(const Poco::JSON::Object& body, const std::string& field) {
    return date_of(field, required_string(body, field, 10));
}

std::optional<Date> optional_date(const Poco::JSON::Object& body, const std::string& field) {
    const std::string text = optional_string(body, field, 10);
    if (text.empty())
        return std::nullopt;
    return date_of(field, text);
}

std::int64_t optional_id(const Poco::JSON::Object& body, const std::string& field,
                         const std::string& what) {
    if (!body.has(field) || body.isNull(field))
        return 0;
    auto value = body.get(field);
    if (value.isInteger()) {
        const auto id = value.convert<Poco::Int64>();
        if (id > 0)
            return id;
    }
    throw invalid_member(field, "'" + field + "' must be " + what + " (a positive whole number)");
}

HttpResponse list_response(const std::string& items_name, const Poco::JSON::Array& items,
                           std::int64_t total, const store::Page& page) {
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set(items_name, items);
    body.set("total", total);
    body.set("limit", page.limit);
    body.set("offset", page.offset);
    return HttpResponse::json(200, stringify(body));
}

HttpResponse list_response(const std::string& items_name, std::int64_t total,
                           const store::Page& page,
                           const std::function<void(reports::JsonWriter&)>& write_items) {
    return HttpResponse::json(200, reports::list_json(items_name, total, page, write_items));
}

}  // namespace scorecard::services
