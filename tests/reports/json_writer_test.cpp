// reports/json_writer.h: RFC 8259 text, written in order; misuse is a logic error.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "reports/json_writer.h"

using scorecard::reports::JsonWriter;
using scorecard::reports::shortest_number;

BOOST_AUTO_TEST_SUITE(json_writer)

BOOST_AUTO_TEST_CASE(strings_are_escaped_as_rfc_8259_requires) {
    struct Case {
        std::string input;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {"", R"("")"},
        {"plain", R"("plain")"},
        {"say \"hi\"", R"("say \"hi\"")"},
        {"back\\slash", R"("back\\slash")"},
        {"two\nlines\r\n", R"("two\nlines\r\n")"},
        {"tab\there", R"("tab\there")"},
        {std::string("nul\0x", 5), R"("nul\u0000x")"},
        {"\x1f\b\f", R"("\u001f\b\f")"},
        {"caf\xC3\xA9 </script>", "\"caf\xC3\xA9 </script>\""},  // UTF-8 and '/' as they are
    };
    for (const auto& c : cases) {
        JsonWriter w;
        w.value(c.input);
        BOOST_TEST(w.take() == c.expected, "input of " << c.input.size() << " bytes");
    }
}

BOOST_AUTO_TEST_CASE(numbers_are_shortest_round_trip_and_non_finite_is_null) {
    struct Case {
        double input;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {64.5, "64.5"},
        {100, "100"},
        {0.1, "0.1"},
        {-0.25, "-0.25"},
        {12500000, "12500000"},
        {1000000, "1000000"},  // whole: not the shorter 1e+06
        {-2e20, "-200000000000000000000"},
        {1e-7, "1e-07"},
        {2.0 / 3, "0.6666666666666666"},
    };
    for (const auto& c : cases) {
        JsonWriter w;
        w.value(c.input);
        BOOST_TEST(w.take() == c.expected);
        BOOST_TEST(std::stod(shortest_number(c.input)) == c.input);
    }
    JsonWriter w;
    w.begin_array()
        .value(std::numeric_limits<double>::quiet_NaN())
        .value(std::numeric_limits<double>::infinity())
        .value(std::int64_t{-9007199254740993})
        .end_array();
    BOOST_TEST(w.take() == "[null,null,-9007199254740993]");
}

BOOST_AUTO_TEST_CASE(objects_and_arrays_keep_the_order_written) {
    JsonWriter w;
    w.begin_object()
        .field("z", 1)
        .field("a", "x")
        .field("flag", true)
        .field("none", std::optional<std::string>())
        .field("some", std::optional<double>(2.5));
    w.key("empty").text_or_null("");
    w.key("list").begin_array().value(1).begin_object().end_object().begin_array().end_array();
    w.end_array().key("raw").raw(R"({"k":[1]})").end_object();
    BOOST_TEST(w.take() == R"({"z":1,"a":"x","flag":true,"none":null,"some":2.5,"empty":null,)"
                           R"("list":[1,{},[]],"raw":{"k":[1]}})");
}

BOOST_AUTO_TEST_CASE(misuse_is_a_logic_error) {
    {
        JsonWriter w;
        BOOST_CHECK_THROW(w.key("k"), std::logic_error);  // no object open
    }
    {
        JsonWriter w;
        w.begin_object();
        BOOST_CHECK_THROW(w.value(1), std::logic_error);  // a value without a key
    }
    {
        JsonWriter w;
        w.begin_object().key("k");
        BOOST_CHECK_THROW(w.key("again"), std::logic_error);
        BOOST_CHECK_THROW(w.end_object(), std::logic_error);  // a key with no value
    }
    {
        JsonWriter w;
        w.begin_array();
        BOOST_CHECK_THROW(w.end_object(), std::logic_error);
        BOOST_CHECK_THROW(w.take(), std::logic_error);  // unfinished
    }
    {
        JsonWriter w;
        w.value(1);
        BOOST_CHECK_THROW(w.value(2), std::logic_error);  // two top-level values
    }
}

BOOST_AUTO_TEST_SUITE_END()
