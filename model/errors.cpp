#include "model/errors.h"

namespace scorecard {

std::string Problem::to_string() const {
    std::string out;
    if (!document.empty())
        out += document + ":";
    if (line > 0) {
        out += std::to_string(line) + ":";
        if (column > 0)
            out += std::to_string(column) + ":";
    }
    if (!out.empty())
        out += " ";
    out += message;
    return out;
}

std::string_view to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::kMalformed:
            return "malformed";
        case ErrorCode::kBadRequest:
            return "bad_request";
        case ErrorCode::kUnauthenticated:
            return "unauthenticated";
        case ErrorCode::kForbidden:
            return "forbidden";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kMethodNotAllowed:
            return "method_not_allowed";
        case ErrorCode::kConflict:
            return "conflict";
        case ErrorCode::kTooLarge:
            return "too_large";
        case ErrorCode::kUnsupportedMediaType:
            return "unsupported_media_type";
        case ErrorCode::kInvalid:
            return "invalid";
        case ErrorCode::kTooManyRequests:
            return "too_many_requests";
        case ErrorCode::kBusy:
            return "busy";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kInternal:
            return "internal";
    }
    return "internal";
}

Error::Error(ErrorCode code, std::string message, std::vector<Problem> details)
    : std::runtime_error(std::move(message)), code_(code), details_(std::move(details)) {}

}  // namespace scorecard
