// JSON text written straight into a string, in the order it is written (RFC 8259): the one
// way the read models become JSON. Keys and strings are escaped here and nowhere else;
// numbers are written in their shortest form that reads back as the same double
// ("64.5", "100", "0.1"); a NaN or infinity, which JSON cannot hold, is written as null.
//
//   JsonWriter w;
//   w.begin_object().field("id", 7).key("kpis").begin_array().value("CALLS").end_array()
//    .end_object();
//   std::string text = w.take();  // {"id":7,"kpis":["CALLS"]}
//
// The writer checks its own use: a key outside an object, a value where a key is due, or
// taking unfinished text throws std::logic_error (a bug in the caller, not bad data).
//
// Thread safety: one writer per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scorecard::reports {

class JsonWriter {
  public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(double number);
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();
    template <class T>
    JsonWriter& value(const std::optional<T>& maybe) {
        return maybe ? value(*maybe) : null();
    }
    // Text that is empty in the domain ("no KPI") is null in JSON.
    JsonWriter& text_or_null(std::string_view text) { return text.empty() ? null() : value(text); }
    // Already written JSON (e.g. a prepared document), inserted as one value.
    JsonWriter& raw(std::string_view json);

    template <class T>
    JsonWriter& field(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }

    // The finished text; the writer is empty afterwards.
    std::string take();
    std::size_t size() const { return out_.size(); }

  private:
    enum class Scope { kObject, kArray };
    void before_value();
    void escape(std::string_view text);

    std::string out_;
    struct Level {
        Scope scope;
        bool first = true;
        bool key_written = false;
    };
    std::vector<Level> stack_;
    bool done_ = false;  // a whole top-level value has been written
};

// The shortest decimal text that reads back as `number` (JSON's and CSV's number format).
std::string shortest_number(double number);

}  // namespace scorecard::reports
