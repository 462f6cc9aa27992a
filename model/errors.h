// Error values shared by every layer.
//
// Validation collects Problems (code, message, line, column) and returns them all.
// Anything a caller cannot handle is thrown as scorecard::Error; it is caught at the
// request or command boundary and turned into an HTTP status or exit code by one function
// each (services/http_status.cpp, services/cli.cpp).
//
// Thread safety: plain values; safe to copy between threads.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace scorecard {

// One thing wrong with an input, located as precisely as we can (line and column are
// 1-based; 0 means "not known", e.g. a rule about the document as a whole).
struct Problem {
    std::string code;     // stable, machine-readable: "threshold_order", "unknown_kpi", ...
    std::string message;  // for a person: says what rule was broken and by what value
    int line = 0;
    int column = 0;
    std::string document;  // file name or document id, where known

    // "document:line:col: message" (the CLI's error format), parts omitted when unknown.
    std::string to_string() const;
};

enum class ErrorCode {
    kMalformed,             // not well-formed (XML, JSON, a URL): 400
    kBadRequest,            // a parameter is wrong: 400
    kUnauthenticated,       // 401
    kForbidden,             // 403
    kNotFound,              // 404
    kMethodNotAllowed,      // 405: the path takes other methods (Allow names them)
    kConflict,              // 409: state forbids it (e.g. a review transition)
    kTooLarge,              // 413
    kUnsupportedMediaType,  // 415
    kInvalid,               // 422: well-formed but breaks rules; details lists every problem
    kTooManyRequests,       // 429: over a quota (e.g. rejected documents); retry later
    kBusy,                  // transient (lock, deadlock): retry; 503 if retries run out
    kUnavailable,           // a dependency is down (database lost): 503
    kInternal,              // a bug: 500
};

std::string_view to_string(ErrorCode code);

class Error : public std::runtime_error {
  public:
    Error(ErrorCode code, std::string message, std::vector<Problem> details = {});

    ErrorCode code() const { return code_; }
    const std::vector<Problem>& details() const { return details_; }

    static Error Malformed(std::string message, std::vector<Problem> details = {}) {
        return {ErrorCode::kMalformed, std::move(message), std::move(details)};
    }
    static Error BadRequest(std::string message) {
        return {ErrorCode::kBadRequest, std::move(message)};
    }
    static Error Unauthenticated(std::string message) {
        return {ErrorCode::kUnauthenticated, std::move(message)};
    }
    static Error Forbidden(std::string message) {
        return {ErrorCode::kForbidden, std::move(message)};
    }
    static Error NotFound(std::string message) {
        return {ErrorCode::kNotFound, std::move(message)};
    }
    static Error Conflict(std::string message) {
        return {ErrorCode::kConflict, std::move(message)};
    }
    static Error TooLarge(std::string message) {
        return {ErrorCode::kTooLarge, std::move(message)};
    }
    static Error UnsupportedMediaType(std::string message) {
        return {ErrorCode::kUnsupportedMediaType, std::move(message)};
    }
    static Error Invalid(std::string message, std::vector<Problem> details) {
        return {ErrorCode::kInvalid, std::move(message), std::move(details)};
    }
    static Error Busy(std::string message) { return {ErrorCode::kBusy, std::move(message)}; }
    static Error Unavailable(std::string message) {
        return {ErrorCode::kUnavailable, std::move(message)};
    }
    static Error Internal(std::string message) {
        return {ErrorCode::kInternal, std::move(message)};
    }

  private:
    ErrorCode code_;
    std::vector<Problem> details_;
};

}  // namespace scorecard
