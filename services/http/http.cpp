#include "services/http/http.h"

#include <algorithm>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include "model/utf8.h"
#include "services/http/api_support.h"

namespace scorecard::services {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos)
            end = path.size();
        if (end > start)
            parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

}  // namespace

const std::string& HttpRequest::param(const std::string& name) const {
    static const std::string empty;
    auto it = path_params.find(name);
    return it == path_params.end() ? empty : it->second;
}

std::optional<std::string> HttpRequest::query_value(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end())
        return std::nullopt;
    return it->second;
}

std::string HttpRequest::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string{} : it->second;
}

std::string HttpRequest::media_type() const {
    std::string type = header("content-type");
    type = type.substr(0, type.find(';'));
    type.erase(
        std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }),
        type.end());
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return type;
}

std::string HttpRequest::cookie(const std::string& name) const {
    // Cookie: a=1; b=2 (RFC 6265 §4.2.1)
    const std::string all = header("cookie");  // header() returns a copy: keep it alive
    std::string_view view(all);
    while (!view.empty()) {
        auto end = view.find(';');
        auto pair = view.substr(0, end);
        while (!pair.empty() && pair.front() == ' ')
            pair.remove_prefix(1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name)
            return std::string(pair.substr(eq + 1));
        if (end == std::string_view::npos)
            break;
        view.remove_prefix(end + 1);
    }
    return {};
}

std::multimap<std::string, std::string> HttpRequest::form() const {
    std::multimap<std::string, std::string> fields;
    if (media_type() != "application/x-www-form-urlencoded")
        return fields;
    std::string_view view(body);
    while (!view.empty()) {
        auto end = view.find('&');
        auto pair = view.substr(0, end);
        auto eq = pair.find('=');
        std::string key(pair.substr(0, eq));
        std::string value(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        std::replace(key.begin(), key.end(), '+', ' ');
        std::replace(value.begin(), value.end(), '+', ' ');
        std::string k, v;
        try {
            Poco::URI::decode(key, k);
            Poco::URI::decode(value, v);
        } catch (const Poco::SyntaxException&) {
            // A truncated or invalid %-escape (found by fuzz_router): the sender's error.
            throw Error::BadRequest(
                "the form is not valid application/x-www-form-urlencoded: "
                "a % must be followed by two hexadecimal digits");
        }
        if (!k.empty())
            fields.emplace(std::move(k), std::move(v));
        if (end == std::string_view::npos)
            break;
        view.remove_prefix(end + 1);
    }
    return fields;
}

std::string HttpRequest::form_value(const std::string& name) const {
    auto fields = form();
    auto it = fields.find(name);
    return it == fields.end() ? std::string{} : it->second;
}

const Principal& HttpRequest::who() const {
    if (!principal)
        throw Error::Unauthenticated("sign-in required");
    return *principal;
}

HttpResponse HttpResponse::json(int status, std::string body) {
    return text(status, "application/json", std::move(body));
}

HttpResponse HttpResponse::text(int status, std::string content_type, std::string body) {
    HttpResponse response;
    response.status = status;
    response.content_type = std::move(content_type);
    response.body = std::move(body);
    return response;
}

int http_status(ErrorCode code) {
    switch (code) {
        case ErrorCode::kMalformed:
        case ErrorCode::kBadRequest:
            return 400;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kForbidden:
            return 403;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kMethodNotAllowed:
            return 405;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kTooLarge:
            return 413;
        case ErrorCode::kUnsupportedMediaType:
            return 415;
        case ErrorCode::kInvalid:
            return 422;
        case ErrorCode::kTooManyRequests:
            return 429;
        case ErrorCode::kBusy:
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

HttpResponse error_response(const Error& error) {
    Poco::JSON::Object inner(Poco::JSON_PRESERVE_KEY_ORDER);
    inner.set("code", std::string(to_string(error.code())));
    // Internal errors may carry SQL or paths: a person gets a generic sentence, the log the rest.
    // A message may quote what the caller sent (an id in the path, percent-encoded as any
    // bytes); JSON is UTF-8.
    inner.set("message", error.code() == ErrorCode::kInternal
                             ? std::string("internal error")
                             : with_invalid_utf8_replaced(error.what()));
    Poco::JSON::Array details;
    for (const auto& p : error.details()) {
        Poco::JSON::Object d(Poco::JSON_PRESERVE_KEY_ORDER);
        d.set("code", p.code);
        d.set("message", with_invalid_utf8_replaced(p.message));
        if (p.line > 0)
            d.set("line", p.line);
        if (p.column > 0)
            d.set("column", p.column);
        if (!p.document.empty())
            d.set("document", with_invalid_utf8_replaced(p.document));
        details.add(d);
    }
    inner.set("details", details);
    Poco::JSON::Object outer(Poco::JSON_PRESERVE_KEY_ORDER);
    outer.set("error", inner);
    auto response = HttpResponse::json(http_status(error.code()), stringify(outer));
    if (error.code() == ErrorCode::kUnauthenticated)
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"scorecard\"");
    if (error.code() == ErrorCode::kBusy || error.code() == ErrorCode::kUnavailable)
        response.headers.emplace_back("Retry-After", "1");
    return response;
}

void Router::add(Route route) {
    routes_.push_back(std::move(route));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
    // HEAD is GET without the body (RFC 9110 §9.3.2): it takes the GET route; the server
    // leaves the body out.
    if (method == "HEAD")
        method = "GET";
    Match result;
    // The path is split as sent and each segment decoded after (issue 15 item 10): an id
    // "A/B" arrives as "A%2FB" and is one segment. A bad escape matches nothing (404); the
    // server refuses it with 400 before routing anyway.
    const auto parts = split_path(path);
    std::vector<std::string> decoded;
    decoded.reserve(parts.size());
    for (const auto& part : parts) {
        std::string segment;
        try {
            Poco::URI::decode(std::string(part), segment);
        } catch (const Poco::SyntaxException&) {
            return result;
        }
        decoded.push_back(std::move(segment));
    }
    for (const auto& route : routes_) {
        auto pattern = split_path(route.pattern);
        if (pattern.size() != parts.size())
            continue;
        std::map<std::string, std::string> params;
        bool ok = true;
        for (std::size_t i = 0; i < parts.size() && ok; ++i) {
            const auto& p = pattern[i];
            if (p.size() > 2 && p.front() == '{' && p.back() == '}')
                params.emplace(std::string(p.substr(1, p.size() - 2)), decoded[i]);
            else
                ok = p == decoded[i];
        }
        if (!ok)
            continue;
        if (route.method != method) {
            result.other_method = true;
            continue;
        }
        result.route = &route;
        result.params = std::move(params);
        return result;
    }
    return result;
}

}  // namespace scorecard::services
