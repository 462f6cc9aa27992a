// JSON text from a Poco::JSON tree, written straight into a std::string. It writes what
// Poco::JSON::Stringifier::condense writes (the same escaping, numbers and key order:
// insertion order for objects made with JSON_PRESERVE_KEY_ORDER), without going through
// an ostream character by character: for the API's larger documents (a contract's
// scorecard is ~45 KB) Poco's stringify was a quarter of the request's time
// (BENCHMARKS.md, perf).
//
// Thread safety: a pure function of its argument.
#pragma once

#include <string>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace scorecard::reports {

std::string json_text(const Poco::Dynamic::Var& value);
void append_json(std::string& out, const Poco::Dynamic::Var& value);
void append_json(std::string& out, const Poco::JSON::Object& object);
void append_json(std::string& out, const Poco::JSON::Array& array);

}  // namespace scorecard::reports
