// reports/charts.h: the SVG geometry worked out by hand from the constants in the header,
// escaping, and the accessible name of every chart.
#include <boost/test/unit_test.hpp>

#include "reports/charts.h"

using namespace scorecard::reports;

namespace {
bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}
}  // namespace

BOOST_AUTO_TEST_CASE(escape_html_replaces_the_five_special_characters) {
    BOOST_TEST(escape_html("<script>alert('x') & \"y\"</script>") ==
               "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
    BOOST_TEST(escape_html("plain £ text") == "plain £ text");
}

BOOST_AUTO_TEST_CASE(svg_number_keeps_one_decimal_without_trailing_zero) {
    BOOST_TEST(svg_number(100) == "100");
    BOOST_TEST(svg_number(12.54) == "12.5");
    BOOST_TEST(svg_number(-3.25) == "-3.3");  // rounded half away from zero
    BOOST_TEST(svg_number(-0.01) == "0");     // no "-0"
}

BOOST_AUTO_TEST_CASE(bar_heights_are_proportional_to_the_largest_value) {
    // Two bars, 50 and 100, max 100: plot height 200, so heights 100 and 200; the plot's
    // bottom is kBarTop + 200 = 216, so y = 116 and 16. Slots are 560 / 2 = 280 wide; a bar
    // takes 60% (168) and starts 20% (56) into its slot: x = 48 + 56 = 104 and 48 + 280 + 56 = 384.
    auto svg =
        bar_chart({"c", "Scores", "Two bars"}, {{"A", 50, "#111111"}, {"B", 100, "#222222"}});
    BOOST_TEST(contains(svg, "x=\"104\" y=\"116\" width=\"168\" height=\"100\" fill=\"#111111\""));
    BOOST_TEST(contains(svg, "x=\"384\" y=\"16\" width=\"168\" height=\"200\" fill=\"#222222\""));
}

BOOST_AUTO_TEST_CASE(bar_chart_with_a_fixed_maximum_clamps_and_scales) {
    // max 100: 25 → 50 high (y = 216 - 50 = 166); 150 is clamped to 100 → 200; -5 → 0.
    // Three slots of 560 / 3 = 186.67; widths 112; x = 48 + 37.33 = 85.3.
    auto svg =
        bar_chart({"c", "t", "d"}, {{"A", 25, "#1"}, {"B", 150, "#2"}, {"C", -5, "#3"}}, 100);
    BOOST_TEST(contains(svg, "x=\"85.3\" y=\"166\" width=\"112\" height=\"50\""));
    BOOST_TEST(contains(svg, "y=\"16\" width=\"112\" height=\"200\" fill=\"#2\""));
    BOOST_TEST(contains(svg, "y=\"216\" width=\"112\" height=\"0\" fill=\"#3\""));
}

BOOST_AUTO_TEST_CASE(stacked_bar_splits_its_width_by_share) {
    // 1 + 3 = 4; widths 600/4 = 150 and 450, the second starting at 150; a zero segment is
    // not drawn as a rect of the bar (only in the legend).
    auto svg =
        stacked_bar({"s", "t", "d"}, {{"good", 1, "#a"}, {"none", 0, "#b"}, {"bad", 3, "#c"}});
    BOOST_TEST(contains(svg, "x=\"0\" y=\"0\" width=\"150\" height=\"40\" fill=\"#a\""));
    BOOST_TEST(contains(svg, "x=\"150\" y=\"0\" width=\"450\" height=\"40\" fill=\"#c\""));
    BOOST_TEST(!contains(svg, "height=\"40\" fill=\"#b\""));
    BOOST_TEST(contains(svg, "none (0)"));
}

BOOST_AUTO_TEST_CASE(line_chart_places_points_and_breaks_at_gaps) {
    // Three labels over 560: x = 48, 328, 608. On 0..100 over 200 high with the bottom at
    // 216: 50 → y 116, 100 → y 16. The middle value is missing, so the path has two moves.
    auto svg = line_chart({"l", "t", "d"}, {"2026-01", "2026-02", "2026-03"},
                          {{"S", {50.0, std::nullopt, 100.0}, "#123456"}});
    BOOST_TEST(contains(svg, "d=\"M48 116 M608 16\""));
    BOOST_TEST(contains(svg, "cx=\"48\" cy=\"116\""));
    BOOST_TEST(contains(svg, "cx=\"608\" cy=\"16\""));
    BOOST_TEST(!contains(svg, "cx=\"328\""));
}

BOOST_AUTO_TEST_CASE(line_chart_joins_consecutive_points) {
    // Two labels: x = 48 and 608; 25 → 216 - 50 = 166, 75 → 216 - 150 = 66.
    auto svg = line_chart({"l", "t", "d"}, {"a", "b"}, {{"S", {25.0, 75.0}, "#1"}});
    BOOST_TEST(contains(svg, "d=\"M48 166 L608 66\""));
}

BOOST_AUTO_TEST_CASE(every_chart_has_an_escaped_accessible_name) {
    auto svg = bar_chart({"x", "<b>Title</b>", "A & B"}, {{"<script>", 1, "#1"}});
    BOOST_TEST(contains(svg, "role=\"img\""));
    BOOST_TEST(contains(svg, "aria-labelledby=\"x-title x-desc\""));
    BOOST_TEST(contains(svg, "<title id=\"x-title\">&lt;b&gt;Title&lt;/b&gt;</title>"));
    BOOST_TEST(contains(svg, "<desc id=\"x-desc\">A &amp; B</desc>"));
    BOOST_TEST(!contains(svg, "<script>"));
}
