// reports/json_text.h: the JSON text the API sends, written without Poco's ostream
// stringifier. Expected texts are written out by hand (RFC 8259 escaping as Poco's
// toJSON does it), and checked against Poco's own condensed stringify as well.
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include "reports/json_text.h"

using Poco::JSON::Array;
using Poco::JSON::Object;
using scorecard::reports::append_json;
using scorecard::reports::json_text;

namespace {

std::string poco_text(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

Object::Ptr ordered() {
    return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

}  // namespace

BOOST_AUTO_TEST_CASE(keys_keep_the_order_they_were_set_in) {
    Object::Ptr o = ordered();
    o->set("zeta", 1);
    o->set("alpha", 2);
    o->set("mid", 3);
    o->set("zeta", 4);  // setting again keeps its place
    BOOST_TEST(json_text(o) == R"({"zeta":4,"alpha":2,"mid":3})");
    BOOST_TEST(json_text(o) == poco_text(o));
}

BOOST_AUTO_TEST_CASE(every_kind_of_value) {
    Object::Ptr o = ordered();
    o->set("null", Poco::Dynamic::Var());
    o->set("true", true);
    o->set("false", false);
    o->set("int", -42);
    o->set("int64", static_cast<Poco::Int64>(9007199254740993LL));
    o->set("score", 83.3);
    o->set("whole", 75.0);
    o->set("text", std::string("plain"));
    Array::Ptr list = new Array();
    list->add(1);
    list->add(std::string("two"));
    list->add(Poco::Dynamic::Var());
    Object::Ptr inner = ordered();
    inner->set("k", std::string("v"));
    list->add(inner);
    o->set("list", list);
    o->set("empty_list", Array::Ptr(new Array()));
    o->set("empty_object", ordered());
    BOOST_TEST(json_text(o) ==
               R"({"null":null,"true":true,"false":false,"int":-42,"int64":9007199254740993,)"
               R"("score":83.3,"whole":75,"text":"plain","list":[1,"two",null,{"k":"v"}],)"
               R"("empty_list":[],"empty_object":{}})");
    BOOST_TEST(json_text(o) == poco_text(o));
}

BOOST_AUTO_TEST_CASE(strings_are_escaped) {
    Object::Ptr o = ordered();
    // A quote, a backslash, a newline, a tab, a control character, markup and UTF-8 (é)
    // which stays as it is.
    o->set("name\"", std::string("a\"b\\c\nd\te\x01<script>caf\xc3\xa9"));
    BOOST_TEST(json_text(o) == "{\"name\\\"\":\"a\\\"b\\\\c\\nd\\te\\u0001<script>caf\xc3\xa9\"}");
    BOOST_TEST(json_text(o) == poco_text(o));
    // And it reads back as the same text.
    Poco::JSON::Parser parser;
    auto back = parser.parse(json_text(o)).extract<Object::Ptr>();
    BOOST_TEST(back->getValue<std::string>("name\"") == "a\"b\\c\nd\te\x01<script>caf\xc3\xa9");
}

BOOST_AUTO_TEST_CASE(objects_and_arrays_by_value_and_unordered_objects) {
    Object unordered;  // keys sorted, as Poco's own stringify writes them
    unordered.set("b", 2);
    unordered.set("a", 1);
    std::string out;
    append_json(out, unordered);
    BOOST_TEST(out == R"({"a":1,"b":2})");
    Array values;
    values.add(unordered);
    out.clear();
    append_json(out, values);
    BOOST_TEST(out == R"([{"a":1,"b":2}])");
}
