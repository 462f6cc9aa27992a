// SPEC §3 rules 1, 2 and 4: rating a value, points, rating a period score.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string_view>
#include <utility>
#include <vector>

#include "model/rating.h"
#include "tests/model/model_fixtures.h"

namespace bdata = boost::unit_test::data;
using namespace scorecard;
using namespace scorecard::model_test;

namespace {

struct ValueCase {
    const char* name;
    double value;
    Rating expected;
};

std::ostream& operator<<(std::ostream& os, const ValueCase& c) {
    return os << c.name << " (value " << c.value << ", expected " << to_string(c.expected) << ")";
}

// CALLS: higher is better; good 95, approaching 90, minimum 85.
const std::vector<ValueCase> kHigherCases{
    {"well above good", 100, Rating::kGood},
    {"equal to good", 95, Rating::kGood},
    {"just below good", 94.99, Rating::kApproaching},
    {"spec example 93.2", 93.2, Rating::kApproaching},
    {"equal to approaching", 90, Rating::kApproaching},
    {"just below approaching", 89.99, Rating::kRequiresImprovement},
    {"equal to minimum", 85, Rating::kRequiresImprovement},
    {"just below minimum", 84.99, Rating::kInadequate},
    {"zero", 0, Rating::kInadequate},
};

// COMPLAINTS: lower is better; good 5, approaching 8, minimum 12.
const std::vector<ValueCase> kLowerCases{
    {"zero", 0, Rating::kGood},
    {"equal to good", 5, Rating::kGood},
    {"just above good", 5.01, Rating::kApproaching},
    {"spec example 6.1", 6.1, Rating::kApproaching},
    {"equal to approaching", 8, Rating::kApproaching},
    {"just above approaching", 8.01, Rating::kRequiresImprovement},
    {"equal to minimum", 12, Rating::kRequiresImprovement},
    {"just above minimum", 12.01, Rating::kInadequate},
    {"far above minimum", 40, Rating::kInadequate},
};

struct ScoreCase {
    const char* name;
    double score;
    Rating expected;
};

std::ostream& operator<<(std::ostream& os, const ScoreCase& c) {
    return os << c.name << " (score " << c.score << ", expected " << to_string(c.expected) << ")";
}

// SPEC §3.4 bands: >= 85 good; >= 65 approaching; >= 40 requires_improvement.
const std::vector<ScoreCase> kScoreCases{
    {"full marks", 100, Rating::kGood},
    {"equal to good band", 85, Rating::kGood},
    {"just below good band", 84.99, Rating::kApproaching},
    {"equal to approaching band", 65, Rating::kApproaching},
    {"just below approaching band", 64.99, Rating::kRequiresImprovement},
    {"equal to requires_improvement band", 40, Rating::kRequiresImprovement},
    {"just below requires_improvement band", 39.99, Rating::kInadequate},
    {"nothing", 0, Rating::kInadequate},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(rating)

BOOST_DATA_TEST_CASE(higher_is_better_value_is_rated_against_each_threshold,
                     bdata::make(kHigherCases), c) {
    BOOST_TEST(to_string(rate_value(calls(), c.value)) == to_string(c.expected));
}

BOOST_DATA_TEST_CASE(lower_is_better_value_is_rated_mirrored, bdata::make(kLowerCases), c) {
    BOOST_TEST(to_string(rate_value(complaints(), c.value)) == to_string(c.expected));
}

BOOST_AUTO_TEST_CASE(value_equal_to_good_threshold_is_good) {
    BOOST_TEST(to_string(rate_value(calls(), 95)) == "good");
    BOOST_TEST(to_string(rate_value(complaints(), 5)) == "good");
}

BOOST_AUTO_TEST_CASE(thresholds_that_coincide_leave_no_middle_ratings) {
    // good = approaching = minimum = 100: 100 is good, anything below is inadequate.
    KpiDefinition all_or_nothing = kpi("UPTIME", Direction::kHigher, 1, 100, 100, 100);
    BOOST_TEST(to_string(rate_value(all_or_nothing, 100)) == "good");
    BOOST_TEST(to_string(rate_value(all_or_nothing, 99.9)) == "inadequate");
}

BOOST_AUTO_TEST_CASE(points_follow_the_spec_scale) {
    // SPEC §3.2: good 100, approaching 75, requires_improvement 40, inadequate 0, missing 0.
    BOOST_TEST(points_for(Rating::kGood, spec_policy().points) == 100);
    BOOST_TEST(points_for(Rating::kApproaching, spec_policy().points) == 75);
    BOOST_TEST(points_for(Rating::kRequiresImprovement, spec_policy().points) == 40);
    BOOST_TEST(points_for(Rating::kInadequate, spec_policy().points) == 0);
    BOOST_TEST(points_for(Rating::kMissing, spec_policy().points) == 0);
    BOOST_TEST(points_for(Rating::kOther, spec_policy().points) == 0);
}

BOOST_AUTO_TEST_CASE(points_come_from_the_configuration) {
    RatingPoints config;
    config.good = 10;
    config.approaching = 7;
    config.requires_improvement = 3;
    config.inadequate = 1;
    config.missing = -5;
    BOOST_TEST(points_for(Rating::kGood, config) == 10);
    BOOST_TEST(points_for(Rating::kApproaching, config) == 7);
    BOOST_TEST(points_for(Rating::kRequiresImprovement, config) == 3);
    BOOST_TEST(points_for(Rating::kInadequate, config) == 1);
    BOOST_TEST(points_for(Rating::kMissing, config) == -5);
    BOOST_TEST(points_for(Rating::kOther, config) == 0);
}

BOOST_DATA_TEST_CASE(period_score_is_rated_by_bands, bdata::make(kScoreCases), c) {
    BOOST_TEST(to_string(rating_for_score(c.score, spec_policy().bands)) == to_string(c.expected));
}

BOOST_AUTO_TEST_CASE(score_bands_come_from_the_configuration) {
    RatingBands config;
    config.good = 90;
    config.approaching = 70;
    config.requires_improvement = 50;
    BOOST_TEST(to_string(rating_for_score(89.9, config)) == "approaching");
    BOOST_TEST(to_string(rating_for_score(90, config)) == "good");
    BOOST_TEST(to_string(rating_for_score(69.9, config)) == "requires_improvement");
    BOOST_TEST(to_string(rating_for_score(49.9, config)) == "inadequate");
}

BOOST_AUTO_TEST_CASE(no_score_is_shown_as_missing_whatever_the_bands) {
    // SPEC §3.4: a period without a return (or with every KPI `other`) has no score.
    BOOST_TEST(to_string(rating_or_missing(std::nullopt, spec_policy().bands)) == "missing");
    BOOST_TEST(to_string(rating_or_missing(12.0, spec_policy().bands)) == "inadequate");
    // The measured bug of issue 14: 12 with bands 95 / 35 / 10 is requires_improvement.
    BOOST_TEST(to_string(rating_or_missing(12.0, RatingBands{95, 35, 10})) ==
               "requires_improvement");
}

// Procurement Regulations 2024 reg 39(5), word for word; SPEC §7.2.
BOOST_AUTO_TEST_CASE(each_rating_has_the_words_of_the_regulations) {
    const std::vector<std::pair<Rating, std::string_view>> cases{
        {Rating::kGood, "Good"},
        {Rating::kApproaching, "Approaching target"},
        {Rating::kRequiresImprovement, "Requires improvement"},
        {Rating::kInadequate, "Inadequate"},
        {Rating::kOther, "Other"},
    };
    for (const auto& [rating, words] : cases) {
        BOOST_TEST_REQUIRE(statutory_words(rating).has_value(), to_string(rating));
        BOOST_TEST(*statutory_words(rating) == words, to_string(rating));
    }
    // A figure due and absent is not a rating of the regulations.
    BOOST_TEST(!statutory_words(Rating::kMissing).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
