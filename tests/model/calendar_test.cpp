// Dates, timestamps and reporting periods (SPEC §2 "Period").
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "tests/support/spec_values.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;

namespace {

struct TextCase {
    const char* text;
    const char* expected;  // nullptr: rejected
};

std::ostream& operator<<(std::ostream& os, const TextCase& c) {
    return os << '"' << c.text << '"';
}

const std::vector<TextCase> kDates{
    {"2026-09-30", "2026-09-30"},
    {"2024-02-29", "2024-02-29"},  // leap year
    {"2000-02-29", "2000-02-29"},  // divisible by 400: leap
    {"2026-02-29", nullptr},
    {"2100-02-29", nullptr},  // by 100 but not 400
    {"2026-09-31", nullptr},
    {"2026-13-01", nullptr},
    {"2026-00-10", nullptr},
    {"2026-9-30", nullptr},
    {"2026/09/30", nullptr},
    {"2026-09-30x", nullptr},
    {"", nullptr},
};

// Every timestamp comes back in UTC with a Z.
const std::vector<TextCase> kTimestamps{
    {"2026-10-05T10:00:00Z", "2026-10-05T10:00:00Z"},
    {"2026-10-05T10:00:00+01:00", "2026-10-05T09:00:00Z"},
    {"2026-10-05T10:00:00-05:30", "2026-10-05T15:30:00Z"},
    {"2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"},  // offset crosses the year
    {"2026-10-05T10:00:00.123Z", "2026-10-05T10:00:00Z"},   // fraction dropped
    {"2026-10-05", "2026-10-05T00:00:00Z"},                 // bare date: midnight UTC
    {"2026-10-05T10:00:00", nullptr},                       // no zone
    {"2026-10-05T24:00:00Z", nullptr},
    {"2026-10-05T10:60:00Z", nullptr},
    {"2026-10-05T10:00:00+0100", nullptr},
    {"2026-10-05T10:00:00.Z", nullptr},
    {"2026-10-05T10:00Z", nullptr},
    {"2026-10-05T10:00:00Z junk", nullptr},
};

const std::vector<TextCase> kPeriods{
    {"2026-09", "2026-09"}, {"2026-01", "2026-01"}, {"2026-12", "2026-12"}, {"2026-Q1", "2026-Q1"},
    {"2026-Q4", "2026-Q4"}, {"2026-13", nullptr},   {"2026-00", nullptr},   {"2026-Q0", nullptr},
    {"2026-Q5", nullptr},   {"2026-9", nullptr},    {"26-09", nullptr},     {"2026-09-01", nullptr},
    {"2026-q3", nullptr},   {"0000-01", nullptr},   {"", nullptr},
};

struct BoundsCase {
    const char* period;
    const char* first_day;
    const char* last_day;
};

std::ostream& operator<<(std::ostream& os, const BoundsCase& c) {
    return os << c.period;
}

const std::vector<BoundsCase> kBounds{
    {"2026-09", "2026-09-01", "2026-09-30"}, {"2026-12", "2026-12-01", "2026-12-31"},
    {"2026-02", "2026-02-01", "2026-02-28"}, {"2024-02", "2024-02-01", "2024-02-29"},
    {"2100-02", "2100-02-01", "2100-02-28"}, {"2000-02", "2000-02-01", "2000-02-29"},
    {"2026-Q1", "2026-01-01", "2026-03-31"}, {"2026-Q2", "2026-04-01", "2026-06-30"},
    {"2026-Q3", "2026-07-01", "2026-09-30"}, {"2026-Q4", "2026-10-01", "2026-12-31"},
};

using scorecard::testing::period;

}  // namespace

BOOST_AUTO_TEST_SUITE(calendar)

BOOST_DATA_TEST_CASE(dates_parse_only_when_they_exist, bdata::make(kDates), c) {
    auto d = parse_date(c.text);
    BOOST_TEST(d.has_value() == (c.expected != nullptr));
    if (d && c.expected)
        BOOST_TEST(format_date(*d) == c.expected);
}

BOOST_DATA_TEST_CASE(timestamps_are_normalised_to_utc, bdata::make(kTimestamps), c) {
    auto ts = parse_timestamp(c.text);
    BOOST_TEST(ts.has_value() == (c.expected != nullptr));
    if (ts && c.expected)
        BOOST_TEST(format_timestamp(*ts) == c.expected);
}

// Every field is written at its full width, from the first year to the last.
BOOST_AUTO_TEST_CASE(formatting_pads_every_field_to_its_width) {
    for (const char* text : {"0000-01-01", "0042-03-04", "0999-10-09", "9999-12-31"})
        BOOST_TEST(format_date(*parse_date(text)) == text);
    for (const char* text : {"0042-03-04T05:06:07Z", "1999-12-31T23:59:59Z", "2026-01-01T00:00:00Z",
                             "9999-12-31T23:59:59Z"})
        BOOST_TEST(format_timestamp(*parse_timestamp(text)) == text);
    for (const char* text : {"0001-01", "0999-09", "2026-10", "9999-12", "0001-Q1", "9999-Q4"})
        BOOST_TEST(Period::parse(text)->to_string() == text);
    // A year past 9999 (arithmetic, never parsed) is written in full rather than cut.
    const Date past_the_end = add_days(*parse_date("9999-12-31"), 1);
    BOOST_TEST(format_date(past_the_end) == "10000-01-01");
    BOOST_TEST(format_timestamp(start_of(past_the_end) + std::chrono::seconds(61)) ==
               "10000-01-01T00:01:01Z");
}

BOOST_AUTO_TEST_CASE(date_of_a_timestamp_is_its_utc_day) {
    // 00:30 at +01:00 on 1 January is still 31 December in UTC.
    BOOST_TEST(format_date(date_of(*parse_timestamp("2026-01-01T00:30:00+01:00"))) == "2025-12-31");
    BOOST_TEST(format_timestamp(start_of(*parse_date("2026-10-05"))) == "2026-10-05T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(adding_days_crosses_months_and_leap_days) {
    BOOST_TEST(format_date(add_days(*parse_date("2026-09-30"), 10)) == "2026-10-10");
    BOOST_TEST(format_date(add_days(*parse_date("2024-02-28"), 1)) == "2024-02-29");
    BOOST_TEST(format_date(add_days(*parse_date("2026-02-28"), 1)) == "2026-03-01");
    BOOST_TEST(format_date(add_days(*parse_date("2026-12-31"), 20)) == "2027-01-20");
}

BOOST_DATA_TEST_CASE(periods_parse_in_monthly_or_quarterly_form, bdata::make(kPeriods), c) {
    auto p = Period::parse(c.text);
    BOOST_TEST(p.has_value() == (c.expected != nullptr));
    if (p && c.expected)
        BOOST_TEST(p->to_string() == c.expected);
}

BOOST_AUTO_TEST_CASE(parsed_period_knows_its_frequency) {
    BOOST_TEST(to_string(period("2026-09").frequency()) == "monthly");
    BOOST_TEST(to_string(period("2026-Q3").frequency()) == "quarterly");
    BOOST_TEST(period("2026-Q3").index() == 3);
    BOOST_TEST(period("2026-Q3").year() == 2026);
}

BOOST_DATA_TEST_CASE(period_first_and_last_days, bdata::make(kBounds), c) {
    Period p = period(c.period);
    BOOST_TEST(format_date(p.first_day()) == c.first_day);
    BOOST_TEST(format_date(p.last_day()) == c.last_day);
}

BOOST_AUTO_TEST_CASE(next_and_previous_cross_year_ends) {
    BOOST_TEST(period("2026-12").next().to_string() == "2027-01");
    BOOST_TEST(period("2027-01").previous().to_string() == "2026-12");
    BOOST_TEST(period("2026-09").next().to_string() == "2026-10");
    BOOST_TEST(period("2026-Q4").next().to_string() == "2027-Q1");
    BOOST_TEST(period("2027-Q1").previous().to_string() == "2026-Q4");
    BOOST_TEST(period("2026-Q2").previous().to_string() == "2026-Q1");
}

BOOST_AUTO_TEST_CASE(period_containing_a_date) {
    Date d = *parse_date("2026-08-15");
    BOOST_TEST(Period::containing(Frequency::kMonthly, d).to_string() == "2026-08");
    BOOST_TEST(Period::containing(Frequency::kQuarterly, d).to_string() == "2026-Q3");
    BOOST_TEST(Period::containing(Frequency::kQuarterly, *parse_date("2026-12-31")).to_string() ==
               "2026-Q4");
    BOOST_TEST(Period::containing(Frequency::kQuarterly, *parse_date("2026-04-01")).to_string() ==
               "2026-Q2");
}

BOOST_AUTO_TEST_CASE(periods_order_by_time) {
    BOOST_TEST((period("2026-09") < period("2026-10")));
    BOOST_TEST((period("2025-12") < period("2026-01")));
    BOOST_TEST((period("2026-Q3") < period("2026-Q4")));
    BOOST_TEST((period("2025-Q4") < period("2026-Q1")));
    BOOST_TEST((period("2026-09") == period("2026-09")));
    BOOST_TEST(!(period("2026-10") < period("2026-10")));
}

BOOST_AUTO_TEST_CASE(periods_of_different_frequencies_order_by_first_day) {
    // 2026-06 starts 06-01, before 2026-Q3 (07-01); 2026-08 starts after it.
    BOOST_TEST((period("2026-06") < period("2026-Q3")));
    BOOST_TEST((period("2026-Q3") < period("2026-08")));
    // Same first day: not equal, and the month sorts first.
    BOOST_TEST((period("2026-07") != period("2026-Q3")));
    BOOST_TEST((period("2026-07") < period("2026-Q3")));
}

BOOST_AUTO_TEST_CASE(period_out_of_range_is_rejected) {
    BOOST_CHECK_THROW(Period(Frequency::kMonthly, 2026, 13), std::invalid_argument);
    BOOST_CHECK_THROW(Period(Frequency::kMonthly, 2026, 0), std::invalid_argument);
    BOOST_CHECK_THROW(Period(Frequency::kQuarterly, 2026, 5), std::invalid_argument);
    BOOST_CHECK_NO_THROW(Period(Frequency::kQuarterly, 2026, 4));
}

BOOST_AUTO_TEST_SUITE_END()
