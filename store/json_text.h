// Private to store/: the little JSON the store writes itself — audit entries' before/after
// objects and a document's list of problems — so that the store needs no JSON library.
//
// Output is compact, keys in insertion order, strings escaped per RFC 8259 (bytes >= 0x80
// pass through: the text is UTF-8). Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/errors.h"

namespace scorecard::store {

// The quoted, escaped JSON string for `text`.
std::string json_quote(std::string_view text);
// A number as JSON (the shortest text that reads back as the same double); null if not finite.
std::string json_number(double value);

// Builds one JSON object: JsonObject().add("id", id).add("weight", 40.0).str().
class JsonObject {
  public:
    JsonObject& add(std::string_view key, std::string_view text);
    JsonObject& add(std::string_view key, const std::string& text) {
        return add(key, std::string_view(text));
    }
    JsonObject& add(std::string_view key, const char* text) {
        return add(key, std::string_view(text));
    }
    JsonObject& add(std::string_view key, double number);
    JsonObject& add(std::string_view key, std::int64_t number);
    JsonObject& add(std::string_view key, int number) {
        return add(key, static_cast<std::int64_t>(number));
    }
    JsonObject& add(std::string_view key, bool flag);
    template <class T>
    JsonObject& add(std::string_view key, const std::optional<T>& value) {
        return value ? add(key, *value) : add_null(key);
    }
    JsonObject& add_null(std::string_view key);
    // `json` must already be JSON (an object or array built here).
    JsonObject& add_raw(std::string_view key, std::string_view json);
    std::string str() const { return "{" + body_ + "}"; }

  private:
    void key(std::string_view name);
    std::string body_;
};

// "[a,b,...]" from elements that are already JSON.
std::string json_array(const std::vector<std::string>& elements);

// A document's problems, stored in documents.errors_json:
// [{"code":"…","message":"…","line":3,"column":7,"document":"…"}, …]
std::string problems_to_json(const std::vector<Problem>& problems);
// The inverse of problems_to_json; throws Error(kInternal) on text it did not write.
std::vector<Problem> problems_from_json(std::string_view json);

}  // namespace scorecard::store
