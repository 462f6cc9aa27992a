// The application's clock (services/clock.h) and the clock.start setting that sets it
// (issue 19 item 2; docs/operations.md "Clock").
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "model/calendar.h"
#include "model/errors.h"
#include "services/clock.h"
#include "services/settings.h"
#include "tests/support/process.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace std::chrono_literals;

namespace {

Timestamp system_now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// The settings of a file holding `text`, layered over etc/scorecard.properties.
Settings settings_with(const std::string& text) {
    scorecard::testing::TempDir dir("scorecard-clock");
    const auto file = dir.path() / "clock.properties";
    scorecard::testing::write_text(file, text);
    return load_settings(file.string());
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_default_clock_is_the_systems) {
    const Clock clock;
    BOOST_TEST(clock.is_wall_clock());
    const Timestamp before = system_now();
    const Timestamp now = clock.now();
    BOOST_TEST((now >= before && now <= system_now()));
}

BOOST_AUTO_TEST_CASE(a_clock_started_at_a_moment_runs_on_from_it) {
    const Timestamp start = *parse_timestamp("2027-11-20T09:00:00Z");
    const Clock clock = Clock::starting_at(start);
    BOOST_TEST(!clock.is_wall_clock());
    const Timestamp first = clock.now();
    // It reads the moment it was started at (give or take the second the test may cross) ...
    BOOST_TEST((first >= start && first <= start + 2s), format_timestamp(first));
    BOOST_TEST(format_date(clock.today()) == "2027-11-20");
    // ... and copies agree with it: the settings pass it by value to every service.
    const Clock copy = clock;
    BOOST_TEST((copy.now() - clock.now() <= 1s));
}

BOOST_AUTO_TEST_CASE(clock_start_takes_a_moment_or_a_day_and_refuses_anything_else) {
    BOOST_TEST(settings_with("").clock.is_wall_clock());
    BOOST_TEST(settings_with("clock.start =\n").clock.is_wall_clock());

    const Settings moment = settings_with("clock.start = 2028-02-29T23:59:00Z\n");
    BOOST_TEST(!moment.clock.is_wall_clock());
    BOOST_TEST(format_date(moment.clock.today()) == "2028-02-29");

    // A day alone is its midnight, UTC.
    const Settings day = settings_with("clock.start = 2027-01-01\n");
    const Timestamp midnight = *parse_timestamp("2027-01-01T00:00:00Z");
    BOOST_TEST((day.clock.now() >= midnight && day.clock.now() <= midnight + 2s));

    for (const char* wrong : {"tomorrow", "2027-02-30", "2027-01-01 09:00", "20270101"}) {
        BOOST_TEST_CONTEXT(wrong) {
            try {
                settings_with(std::string("clock.start = ") + wrong + "\n");
                BOOST_TEST(false, "accepted");
            } catch (const Error& e) {
                BOOST_TEST(std::string(e.what()).find("clock.start = '" + std::string(wrong) +
                                                      "'") != std::string::npos,
                           e.what());
            }
        }
    }
}
