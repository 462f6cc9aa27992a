// store/measure_scores_text.h: the text a period's measure scores are stored in, read back
// exactly, and text it did not write refused.
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

#include "model/errors.h"
#include "store/measure_scores_text.h"

using namespace scorecard;
using namespace scorecard::store;

namespace scorecard {
inline std::ostream& operator<<(std::ostream& os, const MeasureScore& m) {
    return os << m.kpi_code << ' ' << (m.value ? std::to_string(*m.value) : "-") << ' '
              << to_string(m.rating) << ' ' << m.points << ' ' << m.weight;
}
}  // namespace scorecard

BOOST_AUTO_TEST_SUITE(measure_scores_text_suite)

BOOST_AUTO_TEST_CASE(written_by_hand_and_read_back) {
    const std::vector<MeasureScore> measures{
        {"CALLS", 96.0, Rating::kGood, 100, 40},
        {"SITE", std::nullopt, Rating::kOther, 0, 12.5},
        {"WAIT", -0.125, Rating::kRequiresImprovement, 40, 1e-3},
    };
    const std::string text = measure_scores_text(measures);
    BOOST_TEST(text ==
               "CALLS\t96\tgood\t100\t40\n"
               "SITE\t\tother\t0\t12.5\n"
               "WAIT\t-0.125\trequires_improvement\t40\t0.001\n");
    BOOST_TEST(measure_scores_from_text(text) == measures, boost::test_tools::per_element());
    BOOST_TEST(measure_scores_text({}).empty());
    BOOST_TEST(measure_scores_from_text("").empty());
}

// Stored scores must equal the ones computed (digests compare them): a double that has no
// short decimal form reads back as the same double.
BOOST_AUTO_TEST_CASE(numbers_read_back_as_the_same_double) {
    const double awkward = 0.1 + 0.2;  // 0.30000000000000004
    const double third = 200.0 / 3;
    const std::vector<MeasureScore> measures{{"A", awkward, Rating::kGood, 100, third}};
    const auto back = measure_scores_from_text(measure_scores_text(measures));
    BOOST_REQUIRE(back.size() == 1u);
    BOOST_TEST(*back[0].value == awkward);
    BOOST_TEST(back[0].weight == third);
    BOOST_TEST(measure_scores_text(measures) ==
               "A\t0.30000000000000004\tgood\t100\t66.66666666666667\n");
}

// Codes are identifiers without white space in the XML formats, but the text does not rely
// on it: '%', TAB and NEWLINE are escaped, and nothing else.
BOOST_AUTO_TEST_CASE(codes_with_separators_are_escaped) {
    const std::vector<MeasureScore> measures{{"50%\tof\ncalls %09", 1.0, Rating::kGood, 100, 1}};
    const std::string text = measure_scores_text(measures);
    BOOST_TEST(text == "50%25%09of%0Acalls %2509\t1\tgood\t100\t1\n");
    BOOST_TEST(measure_scores_from_text(text) == measures, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(text_not_written_here_is_refused) {
    for (const char* bad : {
             "CALLS\t96\tgood\t100\t40",           // no end of line
             "CALLS\t96\tsplendid\t100\t40\n",     // not a rating
             "CALLS\tabc\tgood\t100\t40\n",        // not a number
             "CALLS\t96\tgood\t100\n",             // a field short
             "CALLS\t96\tgood\t100\t40\textra\n",  // a field over
             "CALLS\t96\tgood\t1.5\t40\n",         // points not whole
             "C%41LLS\t96\tgood\t100\t40\n",       // an escape never written
         }) {
        BOOST_TEST_CONTEXT(bad) {
            try {
                measure_scores_from_text(bad);
                BOOST_FAIL("accepted");
            } catch (const Error& e) {
                BOOST_TEST((e.code() == ErrorCode::kInternal));
                BOOST_TEST(std::string(e.what()).find("not as scorecard writes them") !=
                           std::string::npos);
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
