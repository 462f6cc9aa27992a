// reports/csv.h: RFC 4180 fields, formula-injection protection, numbers as numbers.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "reports/csv.h"

using namespace scorecard::reports;

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(text_fields_are_quoted_only_when_needed_and_formulas_neutralised) {
    struct Case {
        const char* input;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {"", ""},
        {"plain", "plain"},
        {"Acme Services Ltd", "Acme Services Ltd"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"carriage\rreturn", "\"carriage\rreturn\""},
        {" leading", "\" leading\""},
        {"trailing ", "\"trailing \""},
        {"=SUM(A1)", "'=SUM(A1)"},
        {"+44 20 7946 0000", "'+44 20 7946 0000"},
        {"-5", "'-5"},
        {"@cmd", "'@cmd"},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},  // the prefix keeps it text; the CR still needs quotes
        {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
        {"a=b", "a=b"},  // only a leading formula character matters
        {"Complaints per 10,000 calls", "\"Complaints per 10,000 calls\""},
    };
    for (const Case& c : cases)
        BOOST_TEST(csv_field(c.input) == c.expected, "csv_field(\"" << c.input << "\")");
}

BOOST_AUTO_TEST_CASE(numbers_are_written_plainly_in_shortest_form) {
    struct Case {
        double input;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {64.5, "64.5"},
        {100, "100"},
        {-5, "-5"},  // a number, not text: no quote prefix
        {0, "0"},
        {-0.0, "0"},
        {83.3, "83.3"},
        {6.1, "6.1"},
        {12500000, "12500000"},    // not 1.25e+07
        {125000000, "125000000"},  // not 1.25e+08
        {0.1, "0.1"},
        {1.0 / 3.0, "0.3333333333333333"},  // 16 digits read back as the same double
    };
    for (const Case& c : cases)
        BOOST_TEST(csv_number(c.input) == c.expected, "csv_number(" << c.expected << ")");
}

BOOST_AUTO_TEST_CASE(not_a_number_is_an_empty_field) {
    BOOST_TEST(csv_number(std::numeric_limits<double>::quiet_NaN()) == "");
    BOOST_TEST(csv_number(std::numeric_limits<double>::infinity()) == "");
}

BOOST_AUTO_TEST_CASE(a_row_joins_escaped_fields_with_commas_and_ends_in_crlf) {
    BOOST_TEST(csv_row({csv_field("DWP-2024-0001"), csv_field("a,b"), csv_number(-5), ""}) ==
               "DWP-2024-0001,\"a,b\",-5,\r\n");
    BOOST_TEST(csv_row({}) == "\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
