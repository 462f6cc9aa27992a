// services/http/pages/components.h: the shared pieces of the page templates — tags with
// the words people read, the error summary, money and scores as shown.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "reports/templates.h"
#include "services/http/pages/components.h"

using namespace scorecard;
using namespace scorecard::services::pages;

BOOST_AUTO_TEST_SUITE(components)

// reg 39(5)'s words, GOV.UK tag colours, the code kept for scripts and tests.
BOOST_AUTO_TEST_CASE(a_rating_is_a_tag_in_the_statutory_words) {
    struct Case {
        Rating rating;
        const char* html;
    };
    const std::vector<Case> cases = {
        {Rating::kGood,
         R"(<strong class="govuk-tag govuk-tag--green app-rating" data-rating="good">Good</strong>)"},
        {Rating::kApproaching, R"(<strong class="govuk-tag govuk-tag--blue app-rating" )"
                               R"(data-rating="approaching">Approaching target</strong>)"},
        {Rating::kRequiresImprovement,
         R"(<strong class="govuk-tag govuk-tag--orange app-rating" )"
         R"(data-rating="requires_improvement">Requires improvement</strong>)"},
        {Rating::kInadequate, R"(<strong class="govuk-tag govuk-tag--red app-rating" )"
                              R"(data-rating="inadequate">Inadequate</strong>)"},
        {Rating::kOther, R"(<strong class="govuk-tag govuk-tag--purple app-rating" )"
                         R"(data-rating="other">Not applicable</strong>)"},
        {Rating::kMissing, R"(<strong class="govuk-tag govuk-tag--grey app-rating" )"
                           R"(data-rating="missing">Missing</strong>)"},
    };
    for (const auto& c : cases) {
        const std::string html = reports::render_template("tag", tag_for(c.rating));
        BOOST_TEST(html == std::string(c.html) + "\n", to_string(c.rating));
    }
}

BOOST_AUTO_TEST_CASE(states_read_as_sentences) {
    BOOST_TEST(reports::render_template("tag", tag_for(ReviewState::kActionPlanAgreed)) ==
               "<strong class=\"govuk-tag govuk-tag--blue\">Action plan agreed</strong>\n");
    BOOST_TEST(reports::render_template("tag", tag_for(Severity::kHigh)) ==
               "<strong class=\"govuk-tag govuk-tag--red\">High</strong>\n");
}

BOOST_AUTO_TEST_CASE(the_error_summary_links_each_problem_to_its_field) {
    reports::View view;
    set_errors(view, {{"period", "Enter a period like 2026-09"}, {"", "Try again <later>"}});
    const std::string html = reports::render_template("error_summary", view);
    BOOST_TEST(html.find("<li><a href=\"#period\">Enter a period like 2026-09</a></li>") !=
                   std::string::npos,
               html);
    BOOST_TEST(html.find("<li>Try again &lt;later&gt;</li>") != std::string::npos, html);
    reports::View none;
    set_errors(none, {});
    BOOST_TEST(reports::render_template("error_summary", none).find("govuk-error-summary") ==
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(money_and_scores_as_shown) {
    BOOST_TEST(money(12500000, "GBP") == "£12,500,000");
    BOOST_TEST(money(999.5, "EUR") == "1,000 EUR");
    BOOST_TEST(money(-1234, "GBP") == "-£1,234");
    BOOST_TEST(score_text(64.45) == "64.5");  // rounded half away from zero, one decimal
    BOOST_TEST(score_text(100) == "100.0");
    BOOST_TEST(score_text(std::nullopt) == "–");
}

// Counts in groups of three, as money is; one format on every page.
BOOST_AUTO_TEST_CASE(counts_are_grouped_in_threes) {
    BOOST_TEST(count_text(0) == "0");
    BOOST_TEST(count_text(999) == "999");
    BOOST_TEST(count_text(1000) == "1,000");
    BOOST_TEST(count_text(1234567) == "1,234,567");
    BOOST_TEST(count_text(-1234) == "-1,234");
}

BOOST_AUTO_TEST_SUITE_END()
