// reports/templates.h: the Mustache templates the pages are drawn with.
#include <boost/test/unit_test.hpp>

#include <regex>
#include <string>

#include "model/errors.h"
#include "reports/templates.h"

using namespace scorecard;
using reports::View;

namespace {

// The layout with a title and a user: the smallest whole page.
View layout_view(const std::string& title, const std::string& name) {
    View user;
    user.set("name", name).set("role", "commercial").set("csrf", "tok");
    user.set(
        "navigation",
        View::list().add(View().set("href", "/flags").set("label", "Flags").set("current", true)));
    View page;
    page.set("title", title).set("user", user).set("main_html", View::markup("<p>body</p>"));
    return page;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(templates)

BOOST_AUTO_TEST_CASE(text_is_escaped_and_markup_is_not) {
    const std::string html =
        reports::render_template("layout", layout_view("Tom & \"Jerry\" <script>", "o'brien<b>"));
    BOOST_TEST(html.find("<title>Tom &amp; &quot;Jerry&quot; &lt;script&gt; – scorecard</title>") !=
                   std::string::npos,
               html);
    BOOST_TEST(html.find("<script>") == std::string::npos);
    BOOST_TEST(html.find("o&apos;brien&lt;b&gt;") != std::string::npos, html);
    BOOST_TEST(html.find("<main class=\"govuk-main-wrapper\" id=\"main-content\" role=\"main\">\n"
                         "<p>body</p>") != std::string::npos,
               html);
}

BOOST_AUTO_TEST_CASE(sections_follow_flags_and_lists) {
    const std::string html = reports::render_template("layout", layout_view("T", "ann"));
    // The one navigation item is current: active class and aria-current.
    BOOST_TEST(html.find("govuk-header__navigation-item govuk-header__navigation-item--active\">"
                         "<a class=\"govuk-header__link\" href=\"/flags\" aria-current=\"page\">"
                         "Flags</a>") != std::string::npos,
               html);
    BOOST_TEST(html.find("value=\"tok\"") != std::string::npos);
    // "Signed in as" is inside the header (the banner landmark), as every piece of the page
    // is inside a landmark (axe-core's "region" rule).
    const auto signed_in = html.find("Signed in as <strong>ann</strong> (commercial)");
    BOOST_TEST(html.find("<header class=\"govuk-header\"") < signed_in, html);
    BOOST_TEST(signed_in < html.find("</header>"), html);
    // Without a user there is no navigation and no "Signed in as".
    View anonymous;
    anonymous.set("title", "T").set("main_html", View::markup(""));
    const std::string plain = reports::render_template("layout", anonymous);
    BOOST_TEST(plain.find("Signed in as") == std::string::npos);
    BOOST_TEST(plain.find("/sign-out") == std::string::npos);
}

// The shared partials are drawn from values of their own names ({{> csrf}} with "csrf",
// {{> breadcrumbs}} with "breadcrumbs"): a value never hides a partial, and a text value
// named like a template is never rendered as one.
BOOST_AUTO_TEST_CASE(partials_are_the_templates_whatever_the_values_are_called) {
    View view;
    view.set("csrf", "t<k")
        .set("breadcrumbs", View::list().add(View().set("href", "/flags").set("label", "Flags")))
        .set("error_summary", "<b>{{csrf}}</b>")
        .set("id", "7");
    const std::string html = reports::render_template("workflow_dismiss_flag", view);
    BOOST_TEST(
        html.find("<input type=\"hidden\" name=\"csrf\" value=\"t&lt;k\">") != std::string::npos,
        html);
    BOOST_TEST(html.find("<a class=\"govuk-breadcrumbs__link\" href=\"/flags\">Flags</a>") !=
                   std::string::npos,
               html);
    BOOST_TEST(html.find("<b>") == std::string::npos, html);
    BOOST_TEST(html.find("There is a problem") == std::string::npos, html);
}

BOOST_AUTO_TEST_CASE(an_unknown_template_is_an_internal_error) {
    BOOST_CHECK_THROW(reports::render_template("no-such-template", View()), Error);
}

// Data is always escaped: the unescaped forms are allowed only for markup our code made,
// whose names say so (…_html, …_svg).
BOOST_AUTO_TEST_CASE(every_template_escapes_its_data) {
    const std::regex unescaped(
        R"(\{\{\{\s*([A-Za-z0-9_.]+)\s*\}\}\}|\{\{&\s*([A-Za-z0-9_.]+)\s*\}\})");
    const std::regex allowed(R"(.*_(html|svg)$)");
    BOOST_TEST_REQUIRE(!reports::template_names().empty());
    for (const std::string& name : reports::template_names()) {
        const std::string source(reports::template_source(name));
        for (auto it = std::sregex_iterator(source.begin(), source.end(), unescaped);
             it != std::sregex_iterator(); ++it) {
            const std::string field = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
            BOOST_TEST(std::regex_match(field, allowed),
                       name << ".mustache writes '" << field << "' unescaped");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
