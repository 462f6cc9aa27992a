// etc/schemas/scorecard.xsd is the reference (SPEC §5): every good fixture validates against
// it with xmllint, and the bad fixtures whose rule XSD can express fail.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "importers_test_support.h"

using namespace scorecard::importers::testing;

namespace {

// The exit status of `xmllint --noout --schema scorecard.xsd FILE`.
int xmllint(const std::string& fixture) {
    std::string command = "xmllint --noout --schema '" + source_dir() +
                          "/etc/schemas/scorecard.xsd' '" + fixture_path(fixture) +
                          "' >/dev/null 2>&1";
    return std::system(command.c_str());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema)

BOOST_AUTO_TEST_CASE(xmllint_is_installed) {
    BOOST_TEST(std::system("xmllint --version >/dev/null 2>&1") == 0,
               "xmllint (libxml2-utils) is needed to check the schema");
}

BOOST_AUTO_TEST_CASE(every_good_fixture_validates) {
    for (const char* fixture : {"good/contract_feed.xml", "good/kpi_return.xml",
                                "good/kpi_returns.xml", "good/feed_with_returns.xml"}) {
        BOOST_TEST(xmllint(fixture) == 0, fixture << " does not validate");
    }
}

BOOST_AUTO_TEST_CASE(bad_fixtures_the_schema_can_express_fail) {
    for (const char* fixture :
         {"bad/enum_unit.xml", "bad/missing_required_attribute.xml", "bad/duplicate_kpi_code.xml",
          "bad/duplicate_measure.xml", "bad/number_nan.xml", "bad/number_overflow_1e999.xml",
          "bad/number_thousands_separator.xml", "bad/date_impossible.xml",
          "bad/period_month_13.xml", "bad/wrong_namespace.xml", "bad/unknown_root.xml"}) {
        BOOST_TEST(xmllint(fixture) != 0, fixture << " validates but should not");
    }
}

BOOST_AUTO_TEST_SUITE_END()
