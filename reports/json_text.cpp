#include "reports/json_text.h"

#include <typeinfo>

#include <Poco/JSONString.h>

namespace scorecard::reports {
namespace {

void append_string(std::string& out, const std::string& text) {
    out += Poco::toJSON(text, Poco::JSON_WRAP_STRINGS);
}

}  // namespace

void append_json(std::string& out, const Poco::JSON::Object& object) {
    out += '{';
    bool first = true;
    for (const std::string& name : object.getNames()) {
        if (!first)
            out += ',';
        first = false;
        append_string(out, name);
        out += ':';
        append_json(out, object.get(name));
    }
    out += '}';
}

void append_json(std::string& out, const Poco::JSON::Array& array) {
    out += '[';
    for (std::size_t i = 0; i < array.size(); ++i) {
        if (i > 0)
            out += ',';
        append_json(out, array.get(static_cast<unsigned>(i)));
    }
    out += ']';
}

void append_json(std::string& out, const Poco::Dynamic::Var& value) {
    // The cases in the order Poco's Stringifier::stringify tries them.
    const std::type_info& type = value.type();
    if (type == typeid(Poco::JSON::Object)) {
        append_json(out, value.extract<Poco::JSON::Object>());
    } else if (type == typeid(Poco::JSON::Array)) {
        append_json(out, value.extract<Poco::JSON::Array>());
    } else if (type == typeid(Poco::JSON::Object::Ptr)) {
        const auto& object = value.extract<Poco::JSON::Object::Ptr>();
        if (object.isNull())
            out += "null";
        else
            append_json(out, *object);
    } else if (type == typeid(Poco::JSON::Array::Ptr)) {
        const auto& array = value.extract<Poco::JSON::Array::Ptr>();
        if (array.isNull())
            out += "null";
        else
            append_json(out, *array);
    } else if (value.isEmpty()) {
        out += "null";
    } else if (type == typeid(std::string)) {
        append_string(out, value.extract<std::string>());
    } else if (value.isNumeric() || value.isBoolean()) {
        if (type == typeid(char))
            append_string(out, value.convert<std::string>());
        else
            out += value.convert<std::string>();
    } else if (value.isString() || value.isDateTime() || value.isDate() || value.isTime()) {
        append_string(out, value.convert<std::string>());
    } else {
        out += value.convert<std::string>();
    }
}

std::string json_text(const Poco::Dynamic::Var& value) {
    std::string out;
    out.reserve(4096);
    append_json(out, value);
    return out;
}

}  // namespace scorecard::reports
