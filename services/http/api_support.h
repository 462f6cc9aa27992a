// Small helpers every route file shares: JSON text, query parameters with clear 400s,
// paging, path ids and JSON request bodies. Handlers use these rather than parsing by hand,
// so that every endpoint answers bad parameters the same way.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "model/enums.h"
#include "model/errors.h"
#include "reports/json_writer.h"
#include "reports/scorecards.h"
#include "services/http/http.h"
#include "store/repositories.h"

namespace scorecard::services {

std::string stringify(const Poco::JSON::Object& obj);
std::string stringify(const Poco::JSON::Array& array);

// 200 with the rendered report's content type and body.
HttpResponse from_report(const reports::Rendered& rendered);

// RFC 9110 §13.1.2: whether the request's If-None-Match names `etag` (a quoted strong ETag),
// by the weak comparison the header uses, or is "*".
bool if_none_match_holds(const HttpRequest& request, std::string_view etag);
// A GET's answer with its ETag: 304 without a body when the caller's If-None-Match names it,
// else 200 with the body. Cache-Control stays the server's no-store (docs/security.md): no
// shared or browser cache keeps scorecards; a client that keeps its own copy sends the ETag.
HttpResponse tagged_response(const HttpRequest& request, const std::string& etag,
                             const reports::Rendered& rendered);
HttpResponse not_modified(const std::string& etag);
// ?format=json|csv (default json); 400 otherwise.
reports::Format format_of(const HttpRequest& request);

// A whole-number query parameter in [low, high]; `fallback` when absent; 400 otherwise.
int int_param(const HttpRequest& request, const std::string& name, int fallback, int low, int high);

// ?limit= (1..1000, default `default_limit`) and ?offset= (>= 0, default 0).
store::Page page_of(const HttpRequest& request, int default_limit = 50);

// An enum query parameter by its spelling in model/enums.h; 400 listing the allowed values.
template <class E>
std::optional<E> enum_param(const HttpRequest& request, const std::string& name) {
    auto text = request.query_value(name);
    if (!text)
        return std::nullopt;
    auto value = parse_enum<E>(*text);
    if (!value)
        throw Error::BadRequest(name + " must be one of " + allowed_values<E>());
    return value;
}

// A true/false query parameter ("true", "false", "1", "0"); 400 otherwise.
std::optional<bool> bool_param(const HttpRequest& request, const std::string& name);

// The numeric path parameter `name` (e.g. {id}); 404 "no WHAT ID" when it is not a number.
std::int64_t id_param(const HttpRequest& request, const std::string& name, const std::string& what);

// The request body as a JSON object: 415 unless application/json, 400 (with line and
// column where known) when it does not parse or is not an object.
Poco::JSON::Object::Ptr json_body(const HttpRequest& request);

// A required, non-blank string member of a JSON body (422 naming the field otherwise), with
// at most `max_length` bytes.
std::string required_string(const Poco::JSON::Object& body, const std::string& field,
                            std::size_t max_length = 4000);
// An optional string member ("" when absent or null); 422 when present but not a string.
std::string optional_string(const Poco::JSON::Object& body, const std::string& field,
                            std::size_t max_length = 4000);

// 422 for one member of a JSON body: one Problem whose code is the member's name.
Error invalid_member(const std::string& field, const std::string& message);
// A date member "YYYY-MM-DD": required (422 when absent), or optional (nullopt when absent
// or null); 422 naming the field when it is not a date.
Date required_date(const Poco::JSON::Object& body, const std::string& field);
std::optional<Date> optional_date(const Poco::JSON::Object& body, const std::string& field);
// A whole, positive number member, or 0 when absent or null; 422 "'FIELD' must be WHAT (a
// positive whole number)" otherwise.
std::int64_t optional_id(const Poco::JSON::Object& body, const std::string& field,
                         const std::string& what = "an id");
// A required member naming an enum value by its spelling in model/enums.h; 422 listing the
// allowed values otherwise.
template <class E>
E enum_member(const Poco::JSON::Object& body, const std::string& field,
              std::size_t max_length = 64) {
    const std::string text = required_string(body, field, max_length);
    auto value = parse_enum<E>(text);
    if (!value)
        throw invalid_member(field, "'" + field + "' must be one of " + allowed_values<E>() +
                                        ", not '" + text + "'");
    return *value;
}

// {"items": [...], "total": N, "limit": L, "offset": O} — the one shape of every list.
HttpResponse list_response(const std::string& items_name, const Poco::JSON::Array& items,
                           std::int64_t total, const store::Page& page);
// The same, with the items written by `write_items` into the open array.
HttpResponse list_response(const std::string& items_name, std::int64_t total,
                           const store::Page& page,
                           const std::function<void(reports::JsonWriter&)>& write_items);

}  // namespace scorecard::services
