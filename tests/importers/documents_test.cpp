// parse_document(): our own formats (SPEC §5) and the safety limits of the XML parser.
// Positions: an element is located at the first character of its name (one past '<'), an
// attribute at the first character of its name, a parse error where pugixml stopped
// (docs/formats.md). Every line:col below was counted by hand from the document shown.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "importers/documents.h"
#include "importers_test_support.h"

using namespace scorecard;
using namespace scorecard::importers;
using namespace scorecard::importers::testing;

namespace {

struct LocatedCase {
    const char* name;  // the fixture, or what the inline document shows
    std::string document;
    const char* code;
    int line;
    int column;
};

void expect_only(const ParseResult& r, const LocatedCase& c) {
    BOOST_TEST_CONTEXT(c.name) {
        BOOST_TEST(r.problems.size() == 1u, "problems:" << listing(r.problems));
        BOOST_TEST(has_problem(r.problems, c.code, c.line, c.column),
                   "expected " << c.code << "@" << c.line << ":" << c.column
                               << "; got:" << listing(r.problems));
    }
}

// Line 1 is the root; line 2 the Contract; line 3 `<Kpi ` + attributes: an attribute
// written first starts at column 6 ("<Kpi " is 5 characters).
std::string feed_with_kpi(const std::string& kpi_attributes) {
    return "<ContractFeed xmlns=\"urn:scorecard:1\">\n"
           "<Contract id=\"C-1\" authority=\"A\" supplier=\"S\" title=\"T\" start=\"2024-04-01\" "
           "end=\"2027-03-31\" value=\"100\" currency=\"GBP\" frequency=\"monthly\">\n"
           "<Kpi " +
           kpi_attributes + "/>\n</Contract>\n</ContractFeed>\n";
}

const std::string kGoodKpi =
    "code=\"CALLS\" name=\"Calls\" unit=\"percent\" direction=\"higher\" weight=\"1\" "
    "good=\"95\" approaching=\"90\" minimum=\"85\"";

// Line 2 is `<Contract ` + attributes: an attribute written first starts at column 11.
std::string feed_with_contract(const std::string& contract_attributes) {
    return "<ContractFeed xmlns=\"urn:scorecard:1\">\n<Contract " + contract_attributes +
           "/>\n</ContractFeed>\n";
}

const std::string kContractRest =
    "authority=\"A\" supplier=\"S\" title=\"T\" start=\"2024-04-01\" end=\"2027-03-31\" "
    "value=\"100\" currency=\"GBP\" frequency=\"monthly\"";

// Line 1 is the KpiReturn, line 2 the measure: `<Measure ` + attributes, so an attribute
// written first starts at column 10 and the element at column 2.
std::string return_with_measure(const std::string& measure) {
    return "<KpiReturn xmlns=\"urn:scorecard:1\" contract=\"C-1\" period=\"2026-09\" "
           "submitted=\"2026-10-05T10:00:00Z\">\n" +
           measure + "\n</KpiReturn>\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_fixtures)

// One fixture per rule in tests/fixtures/bad; each breaks exactly one rule.
BOOST_AUTO_TEST_CASE(each_bad_fixture_reports_its_rule_at_its_place) {
    const std::vector<LocatedCase> cases = {
        // SPEC §2: higher needs good >= approaching >= minimum; 85, 90, 95 is not. <Kpi at
        // line 6 is indented 4: '<' column 5, name column 6.
        {"bad/threshold_order.xml", "", "threshold_order", 6, 6},
        // The second <Kpi code="CALLS"> on line 7: 4 spaces, "<Kpi " -> code at column 10.
        {"bad/duplicate_kpi_code.xml", "", "duplicate", 7, 10},
        // `    <Kpi code="CALLS" name="Calls" unit=`: 4 + 5 + 13 + 13 = 35 -> unit at 36.
        {"bad/enum_unit.xml", "", "enum", 6, 36},
        // unit at 36, `unit="percent" ` 15 -> direction at 51, `direction="higher" ` 19 ->
        // weight at 70.
        {"bad/number_nan.xml", "", "number", 6, 70},
        // weight at 70, `weight="1" ` 11 -> good at 81.
        {"bad/number_overflow_1e999.xml", "", "number", 6, 81},
        // 12 spaces of indentation: value at column 13 of line 5.
        {"bad/number_thousands_separator.xml", "", "number", 5, 13},
        // title at 13, `title="Contact centre" ` 23 -> start at 36 (line 4).
        {"bad/date_impossible.xml", "", "date", 4, 36},
        // `<KpiReturn xmlns="urn:scorecard:1" contract="C-1" `: 11 + 24 + 15 = 50 -> 51.
        {"bad/period_month_13.xml", "", "period", 2, 51},
        // `  <Measure`: the name at column 4 of line 4.
        {"bad/not_applicable_without_comment.xml", "", "reason_required", 4, 4},
        // The second measure, line 5: `  <Measure ` 11 -> kpi at 12.
        {"bad/duplicate_measure.xml", "", "duplicate", 5, 12},
        // <Measure> is never closed: pugixml stops at the name of `</KpiReturn>` (line 5,
        // "</" is columns 1-2).
        {"bad/malformed_unclosed_tag.xml", "", "malformed", 5, 3},
        {"bad/wrong_namespace.xml", "", "namespace", 2, 2},
        {"bad/unknown_root.xml", "", "unknown_document", 2, 2},
        // <Supplier> on line 3 without size: the element, name at column 4.
        {"bad/missing_required_attribute.xml", "", "required", 3, 4},
        // The DOCTYPE is refused at its '<' (line 2, column 1) before anything is expanded.
        {"bad/security_xxe_external_entity.xml", "", "malformed", 2, 1},
        {"bad/security_billion_laughs.xml", "", "malformed", 2, 1},
        // Line 3 (after the declaration and the root) is 100 <a>: the root is depth 1, the
        // k-th <a> depth k+1, so the 64th is the first too deep: its '<' at 63 * 3 + 1 =
        // 190, its name at 191.
        {"bad/security_deep_nesting.xml", "", "too_deep", 3, 191},
        // The Latin-1 é (0xE9) is byte 39 of line 3: 2 + 10 ("<Authority") + 1 + 15
        // (id="GB-GOV-DWP") + 1 + 6 (name=") + 3 (Caf) = 38 bytes before it.
        {"bad/security_invalid_utf8.xml", "", "encoding", 3, 39},
    };
    for (const auto& c : cases)
        expect_only(parse_fixture(c.name), c);
}

BOOST_AUTO_TEST_CASE(a_document_with_several_errors_reports_all_of_them) {
    auto r = parse_fixture("bad/multiple_errors.xml");
    // Worked out from tests/fixtures/bad/multiple_errors.xml:
    const std::vector<LocatedCase> expected = {
        // `<ContractFeed xmlns="urn:scorecard:1" `: 14 + 24 = 38 -> generated at 39.
        {"generated is a bare word", "", "timestamp", 2, 39},
        // `  <Supplier id="GB-COH-01234567" name="Acme Services Ltd" `: 2+10+21+25 = 58.
        {"size huge", "", "enum", 3, 59},
        // line 6: value at 13; `value="-5" ` 11 -> currency 24; `currency="gbp" ` 15 -> 39.
        {"value negative", "", "range", 6, 13},
        {"currency lower case", "", "currency", 6, 24},
        {"frequency weekly", "", "enum", 6, 39},
        // line 5: start at 36, `start="2027-04-01" ` 19 -> end at 55.
        {"end before start", "", "date_order", 5, 55},
        // line 7: weight at 70 (as in enum_unit.xml), good at 81.
        {"weight 0", "", "range", 7, 70},
        {"percent good 101", "", "range", 7, 81},
        {"<Kpy> typo", "", "unknown", 8, 6},
    };
    BOOST_TEST(r.problems.size() == expected.size(), "problems:" << listing(r.problems));
    // In document order, whatever order the rules ran in.
    BOOST_TEST(std::is_sorted(r.problems.begin(), r.problems.end(),
                              [](const Problem& a, const Problem& b) {
                                  return a.line != b.line ? a.line < b.line : a.column < b.column;
                              }),
               listing(r.problems));
    for (const auto& e : expected) {
        BOOST_TEST(has_problem(r.problems, e.code, e.line, e.column),
                   e.name << ": expected " << e.code << "@" << e.line << ":" << e.column
                          << "; got:" << listing(r.problems));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(contract_feed_rules)

BOOST_AUTO_TEST_CASE(kpi_attribute_rules) {
    const std::vector<LocatedCase> cases = {
        // SPEC §2: weight is positive.
        {"weight 0",
         feed_with_kpi("weight=\"0\" code=\"K\" name=\"N\" unit=\"count\" "
                       "direction=\"higher\" good=\"3\" approaching=\"2\" "
                       "minimum=\"1\""),
         "range", 3, 6},
        {"weight -1",
         feed_with_kpi("weight=\"-1\" code=\"K\" name=\"N\" unit=\"count\" "
                       "direction=\"higher\" good=\"3\" approaching=\"2\" "
                       "minimum=\"1\""),
         "range", 3, 6},
        // Percent thresholds are percentages.
        {"percent minimum -1",
         feed_with_kpi("minimum=\"-1\" code=\"K\" name=\"N\" unit=\"percent\" "
                       "direction=\"higher\" weight=\"1\" good=\"3\" approaching=\"2\""),
         "range", 3, 6},
        // SPEC §2: lower needs good <= approaching <= minimum; 12, 8, 5 is not. The element.
        {"lower disordered",
         feed_with_kpi("code=\"K\" name=\"N\" unit=\"ratio\" direction=\"lower\" weight=\"1\" "
                       "good=\"12\" approaching=\"8\" minimum=\"5\""),
         "threshold_order", 3, 2},
        // A monthly contract's KPI takes effect from a month, not a quarter.
        {"effective quarter on monthly", feed_with_kpi("effective=\"2026-Q3\" " + kGoodKpi),
         "period", 3, 6},
        {"effective not a period", feed_with_kpi("effective=\"2026-10-01\" " + kGoodKpi), "period",
         3, 6},
        {"category unknown", feed_with_kpi("category=\"fun\" " + kGoodKpi), "enum", 3, 6},
        {"direction unknown",
         feed_with_kpi("direction=\"up\" code=\"K\" name=\"N\" unit=\"count\" weight=\"1\" "
                       "good=\"3\" approaching=\"2\" minimum=\"1\""),
         "enum", 3, 6},
        {"name too long",
         feed_with_kpi("name=\"" + std::string(501, 'x') +
                       "\" code=\"K\" unit=\"count\" direction=\"higher\" weight=\"1\" "
                       "good=\"3\" approaching=\"2\" minimum=\"1\""),
         "too_long", 3, 6},
        {"code with a space",
         feed_with_kpi("code=\"CALL S\" name=\"N\" unit=\"count\" direction=\"higher\" "
                       "weight=\"1\" good=\"3\" approaching=\"2\" minimum=\"1\""),
         "identifier", 3, 6},
        // Strict about our own attributes: a typo is reported, not ignored.
        {"misspelt attribute", feed_with_kpi("categroy=\"service\" " + kGoodKpi), "unknown", 3, 6},
        // The element itself when a required attribute is absent.
        {"no good threshold",
         feed_with_kpi("code=\"K\" name=\"N\" unit=\"count\" direction=\"higher\" weight=\"1\" "
                       "approaching=\"2\" minimum=\"1\""),
         "required", 3, 2},
    };
    for (const auto& c : cases)
        expect_only(parse_document(c.document, "inline"), c);
}

BOOST_AUTO_TEST_CASE(equal_thresholds_are_ordered_both_ways) {
    for (const char* direction : {"higher", "lower"}) {
        auto r = parse_document(
            feed_with_kpi(std::string("code=\"K\" name=\"N\" unit=\"count\" direction=\"") +
                          direction + "\" weight=\"1\" good=\"5\" approaching=\"5\" minimum=\"5\""),
            "inline");
        BOOST_TEST(r.ok(), direction << ":" << listing(r.problems));
    }
}

BOOST_AUTO_TEST_CASE(contract_attribute_rules) {
    const std::vector<LocatedCase> cases = {
        // SPEC §2: start and end dates; the end is reported (first here, so column 11).
        {"end before start",
         feed_with_contract("end=\"2024-03-31\" id=\"C-1\" authority=\"A\" supplier=\"S\" "
                            "title=\"T\" start=\"2024-04-01\" value=\"1\" currency=\"GBP\" "
                            "frequency=\"monthly\""),
         "date_order", 2, 11},
        {"currency lower case",
         feed_with_contract("currency=\"gbp\" id=\"C-1\" authority=\"A\" supplier=\"S\" "
                            "title=\"T\" start=\"2024-04-01\" end=\"2025-01-01\" value=\"1\" "
                            "frequency=\"monthly\""),
         "currency", 2, 11},
        {"currency four letters",
         feed_with_contract("currency=\"GBPX\" id=\"C-1\" authority=\"A\" supplier=\"S\" "
                            "title=\"T\" start=\"2024-04-01\" end=\"2025-01-01\" value=\"1\" "
                            "frequency=\"monthly\""),
         "currency", 2, 11},
        {"status unknown", feed_with_contract("status=\"cancelled\" id=\"C-1\" " + kContractRest),
         "enum", 2, 11},
        {"blank title",
         feed_with_contract("title=\"   \" id=\"C-1\" authority=\"A\" supplier=\"S\" "
                            "start=\"2024-04-01\" end=\"2025-01-01\" value=\"1\" "
                            "currency=\"GBP\" frequency=\"monthly\""),
         "required", 2, 11},
        {"no frequency",
         feed_with_contract("id=\"C-1\" authority=\"A\" supplier=\"S\" title=\"T\" "
                            "start=\"2024-04-01\" end=\"2025-01-01\" value=\"1\" "
                            "currency=\"GBP\""),
         "required", 2, 2},
        // A supplier id of 101 characters: org-id style is generous, but bounded.
        {"supplier id too long",
         feed_with_contract("supplier=\"" + std::string(101, 'S') +
                            "\" id=\"C-1\" authority=\"A\" title=\"T\" start=\"2024-04-01\" "
                            "end=\"2025-01-01\" value=\"1\" currency=\"GBP\" "
                            "frequency=\"monthly\""),
         "identifier", 2, 11},
    };
    for (const auto& c : cases)
        expect_only(parse_document(c.document, "inline"), c);
}

// Issue 15 item 10: an identifier may not hold a character that is invisible or looks like
// another (model/identifiers.h), and must be in Unicode Normalization Form C. Each case
// writes the attribute first on line 2 (column 11); `named` is what the message must say:
// the code point put in (its category from Unicode's UnicodeData.txt in the case name), or
// the NFC rule for text whose NFC form differs (UAX #15).
BOOST_AUTO_TEST_CASE(identifiers_refuse_invisible_characters_other_spaces_and_non_nfc) {
    struct Case {
        const char* name;
        std::string attribute;
        std::string value;
        std::string named;
    };
    const std::string nfc = "Normalization Form C";
    const std::vector<Case> cases = {
        {"id with U+00A0 NO-BREAK SPACE (Zs)", "id", "C\u00A01", "U+00A0"},
        {"id with U+2007 FIGURE SPACE (Zs)", "id", "C\u20071", "U+2007"},
        {"id with U+202F NARROW NO-BREAK SPACE (Zs)", "id", "C\u202F1", "U+202F"},
        {"id with U+3000 IDEOGRAPHIC SPACE (Zs)", "id", "C\u30001", "U+3000"},
        {"id with U+2028 LINE SEPARATOR (Zl)", "id", "C\u20281", "U+2028"},
        {"supplier with U+200B ZERO WIDTH SPACE (Cf)", "supplier", "S\u200B", "U+200B"},
        {"authority with U+FEFF ZERO WIDTH NO-BREAK SPACE (Cf)", "authority", "\uFEFFA", "U+FEFF"},
        {"id with U+202E RIGHT-TO-LEFT OVERRIDE (Cf)", "id", "C-\u202E1", "U+202E"},
        {"id with U+00AD SOFT HYPHEN (Cf)", "id", "C\u00AD1", "U+00AD"},
        {"id with U+0085 NEXT LINE (Cc)", "id", "C\u00851", "U+0085"},
        {"id with U+E0041 TAG LATIN CAPITAL LETTER A (Cf)", "id", "C\U000E0041", "U+E0041"},
        {"id decomposed: e + U+0301 COMBINING ACUTE ACCENT (NFC: U+00E9)", "id", "Cafe\u0301", nfc},
        {"id with U+212B ANGSTROM SIGN (NFC: U+00C5)", "id", "\u212B-1", nfc},
        {"id with Hangul jamo U+1112 U+1161 U+11AB (NFC: U+D55C)", "id", "C-\u1112\u1161\u11AB",
         nfc},
    };
    const std::map<std::string, std::string> others = {
        {"id", "id=\"C-1\""}, {"authority", "authority=\"A\""}, {"supplier", "supplier=\"S\""}};
    for (const auto& c : cases) {
        std::string attributes = c.attribute + "=\"" + c.value + "\"";
        for (const auto& [name, attribute] : others)
            if (name != c.attribute)
                attributes += " " + attribute;
        attributes +=
            " title=\"T\" start=\"2024-04-01\" end=\"2027-03-31\" value=\"100\" "
            "currency=\"GBP\" frequency=\"monthly\"";
        const auto r = parse_document(feed_with_contract(attributes), "inline");
        expect_only(r, {c.name, "", "identifier", 2, 11});
        BOOST_TEST_CONTEXT(c.name) {
            BOOST_TEST_REQUIRE(r.problems.size() == 1u);
            const Problem& p = r.problems.front();
            BOOST_TEST(p.document == "inline");
            BOOST_TEST(p.message.find("Contract/@" + c.attribute) != std::string::npos, p.message);
            BOOST_TEST(p.message.find(c.named) != std::string::npos, p.message);
        }
    }
    // Composed letters, other scripts and the characters next to the refused ranges are ids.
    // U+3001 IDEOGRAPHIC COMMA (Po) and U+2010 HYPHEN (Pd) sit next to refused ranges.
    for (const std::string id :
         {"Caf\u00E9-1", "\u00C5-1", "C-\uD55C", "C-\u3001", "C-\u2010", "C-\U0001F600"}) {
        const auto r =
            parse_document(feed_with_contract("id=\"" + id + "\" " + kContractRest), "inline");
        BOOST_TEST(r.ok(), id << ":" << listing(r.problems));
    }
}

// Numbers have one spelling: -?digits(.digits)? (docs/formats.md).
BOOST_AUTO_TEST_CASE(numbers_must_be_plain_finite_decimals) {
    struct NumberCase {
        std::string text;
        bool ok;
        const char* code = "number";
    };
    const std::vector<NumberCase> cases = {
        {"0", true},      {"12500000.00", true},
        {"0.5", true},    {" 7 ", true},
        {"NaN", false},   {"nan", false},
        {"inf", false},   {"INF", false},
        {"1e999", false}, {"1e3", false},
        {"0x10", false},  {"1,000", false},
        {"+5", false},    {".5", false},
        {"5.", false},    {"", false, "required"},
        {"1 000", false}, {std::string(400, '9'), false},  // overflows a double
    };
    for (const auto& c : cases) {
        auto r = parse_document(feed_with_contract("value=\"" + c.text + "\" id=\"C-1\" " +
                                                   "authority=\"A\" supplier=\"S\" title=\"T\" "
                                                   "start=\"2024-04-01\" end=\"2027-03-31\" "
                                                   "currency=\"GBP\" frequency=\"monthly\""),
                                "inline");
        BOOST_TEST_CONTEXT("value=\"" << c.text.substr(0, 20) << "\"") {
            if (c.ok) {
                BOOST_TEST(r.ok(), listing(r.problems));
            } else {
                BOOST_TEST(has_problem(r.problems, c.code, 2, 11), listing(r.problems));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(ids_are_unique_within_a_feed) {
    // Line 2 and 3 define the same authority; line 4 and 5 the same supplier. The second
    // of each is reported at its id (`<Authority ` 11 -> 12; `<Supplier ` 10 -> 11).
    std::string doc =
        "<ContractFeed xmlns=\"urn:scorecard:1\">\n"
        "<Authority id=\"A\" name=\"One\"/>\n"
        "<Authority id=\"A\" name=\"Two\"/>\n"
        "<Supplier id=\"S\" name=\"One\" size=\"large\"/>\n"
        "<Supplier id=\"S\" name=\"Two\" size=\"sme\"/>\n"
        "<Contract id=\"C-1\" " +
        kContractRest + "/>\n<Contract id=\"C-1\" " + kContractRest + "/>\n</ContractFeed>\n";
    auto r = parse_document(doc, "inline");
    BOOST_TEST(r.problems.size() == 3u, listing(r.problems));
    BOOST_TEST(has_problem(r.problems, "duplicate", 3, 12), listing(r.problems));
    BOOST_TEST(has_problem(r.problems, "duplicate", 5, 11), listing(r.problems));
    // `<Contract ` 10 -> id at 11 of line 7.
    BOOST_TEST(has_problem(r.problems, "duplicate", 7, 11), listing(r.problems));
}

BOOST_AUTO_TEST_CASE(duplicates_are_found_past_the_first_sixteen_ids) {
    // The duplicate checks compare the first 16 ids one by one and hash the rest: a second
    // definition is found on either side of that, and names where the first one was.
    std::string doc = "<ContractFeed xmlns=\"urn:scorecard:1\">\n";  // line 1
    for (int i = 1; i <= 20; ++i)                                    // lines 2-21: S1 ... S20
        doc += "<Supplier id=\"S" + std::to_string(i) + "\" name=\"N\" size=\"large\"/>\n";
    doc += "<Supplier id=\"S3\" name=\"N\" size=\"large\"/>\n";   // line 22: first at line 4
    doc += "<Supplier id=\"S19\" name=\"N\" size=\"large\"/>\n";  // line 23: first at line 20
    doc += "</ContractFeed>\n";
    auto r = parse_document(doc, "inline");
    BOOST_TEST(r.problems.size() == 2u, listing(r.problems));
    // `<Supplier ` is 10 characters: the id at 11.
    BOOST_TEST(has_problem(r.problems, "duplicate", 22, 11), listing(r.problems));
    BOOST_TEST(has_problem(r.problems, "duplicate", 23, 11), listing(r.problems));
    BOOST_REQUIRE(r.problems.size() == 2u);
    BOOST_TEST(r.problems[0].message == "supplier S3 is defined twice (first at line 4)");
    BOOST_TEST(r.problems[1].message == "supplier S19 is defined twice (first at line 20)");
}

BOOST_AUTO_TEST_CASE(positions_hold_far_into_a_document_and_backwards) {
    // Lines are found as far as they are asked for, and the line found last is tried first:
    // ask far past the first 64 KiB, then for an element whose attributes were asked for on
    // later lines (a start tag written over several lines).
    std::string doc = "<ContractFeed xmlns=\"urn:scorecard:1\">\n";  // line 1
    const int suppliers = 3000;                                      // lines 2-3001, about 150 KB
    for (int i = 1; i <= suppliers; ++i)
        doc += "<Supplier id=\"S" + std::to_string(i) + "\" name=\"A supplier of the feed\" " +
               "size=\"large\"/>\n";
    // Line 3002: `<Contract`, then one attribute a line; no title (reported at the element,
    // after the id on line 3003 was located), and an end before the start (line 3008).
    doc +=
        "<Contract\n"
        "  id=\"C-1\"\n"
        "  authority=\"A\"\n"
        "  supplier=\"S1\"\n"
        "  start=\"2024-04-01\"\n"
        "  end=\"2023-03-31\"\n"
        "  value=\"100\" currency=\"GBP\" frequency=\"monthly\"/>\n"
        "</ContractFeed>\n";
    auto r = parse_document(doc, "inline");
    BOOST_TEST(r.problems.size() == 2u, listing(r.problems));
    BOOST_TEST(has_problem(r.problems, "required", 3002, 2), listing(r.problems));
    BOOST_TEST(has_problem(r.problems, "date_order", 3007, 3), listing(r.problems));
}

BOOST_AUTO_TEST_CASE(supplier_and_feed_attribute_rules) {
    const std::vector<LocatedCase> cases = {
        {"strategic yes",
         "<ContractFeed xmlns=\"urn:scorecard:1\">\n"
         "<Supplier strategic=\"yes\" id=\"S\" name=\"N\" size=\"large\"/>\n</ContractFeed>",
         "boolean", 2, 11},
        // A timestamp must say its time and zone.
        {"generated without time",
         "<ContractFeed generated=\"2026-11-01\" xmlns=\"urn:scorecard:1\"/>", "timestamp", 1, 15},
        {"unknown element of ours",
         "<ContractFeed xmlns=\"urn:scorecard:1\">\n<Autority id=\"A\" "
         "name=\"N\"/>\n</ContractFeed>",
         "unknown", 2, 2},
    };
    for (const auto& c : cases)
        expect_only(parse_document(c.document, "inline"), c);
}

BOOST_AUTO_TEST_CASE(elements_and_attributes_of_other_namespaces_are_ignored) {
    auto r = parse_document(
        "<ContractFeed xmlns=\"urn:scorecard:1\" xmlns:x=\"urn:example:ext\" x:source=\"ERP\">\n"
        "<x:Note>exported nightly</x:Note>\n"
        "<Authority id=\"A\" name=\"N\" x:code=\"7\"/>\n</ContractFeed>",
        "inline");
    BOOST_TEST(r.ok(), listing(r.problems));
    BOOST_TEST(r.feed.authorities.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(kpi_return_rules)

BOOST_AUTO_TEST_CASE(measure_rules) {
    const std::vector<LocatedCase> cases = {
        // SPEC §5: a value, or instead status="not_applicable"; never both, never neither.
        {"value and not applicable",
         return_with_measure("<Measure kpi=\"K\" value=\"1\" status=\"not_applicable\">"
                             "<Comment>why</Comment></Measure>"),
         "measure", 2, 2},
        {"neither value nor status", return_with_measure("<Measure kpi=\"K\"/>"), "measure", 2, 2},
        {"not applicable with a blank comment",
         return_with_measure(
             "<Measure kpi=\"K\" status=\"not_applicable\"><Comment>  </Comment></Measure>"),
         "reason_required", 2, 2},
        {"status unknown", return_with_measure("<Measure status=\"na\" kpi=\"K\" value=\"1\"/>"),
         "enum", 2, 10},
        {"value NaN", return_with_measure("<Measure value=\"NaN\" kpi=\"K\"/>"), "number", 2, 10},
        {"denominator 0",
         return_with_measure("<Measure denominator=\"0\" kpi=\"K\" value=\"1\" numerator=\"0\"/>"),
         "range", 2, 10},
        {"numerator inf", return_with_measure("<Measure numerator=\"inf\" kpi=\"K\" value=\"1\"/>"),
         "number", 2, 10},
        // `<Measure kpi="K" value="1">` is 27 characters: <Comment>'s '<' at 28, name 29.
        {"comment too long",
         return_with_measure("<Measure kpi=\"K\" value=\"1\"><Comment>" + std::string(2001, 'c') +
                             "</Comment></Measure>"),
         "too_long", 2, 29},
        // The first <Comment>a</Comment> takes columns 28-47: the second's name is at 49.
        {"two comments",
         return_with_measure("<Measure kpi=\"K\" value=\"1\"><Comment>a</Comment>"
                             "<Comment>b</Comment></Measure>"),
         "duplicate", 2, 49},
    };
    for (const auto& c : cases)
        expect_only(parse_document(c.document, "inline"), c);
}

BOOST_AUTO_TEST_CASE(return_attribute_rules) {
    const std::vector<LocatedCase> cases = {
        // `<KpiReturn ` is 11 characters: the first attribute at 12.
        {"submitted without zone",
         "<KpiReturn submitted=\"2026-10-05T10:00:00\" xmlns=\"urn:scorecard:1\" "
         "contract=\"C-1\" period=\"2026-09\"/>",
         "timestamp", 1, 12},
        {"quarter 5",
         "<KpiReturn period=\"2026-Q5\" xmlns=\"urn:scorecard:1\" contract=\"C-1\" "
         "submitted=\"2026-10-05T10:00:00Z\"/>",
         "period", 1, 12},
        {"no contract",
         "<KpiReturn xmlns=\"urn:scorecard:1\" period=\"2026-09\" "
         "submitted=\"2026-10-05T10:00:00Z\"/>",
         "required", 1, 2},
    };
    for (const auto& c : cases)
        expect_only(parse_document(c.document, "inline"), c);
}

BOOST_AUTO_TEST_CASE(a_batch_holds_one_return_per_contract_and_period) {
    auto r = parse_document(
        "<KpiReturns xmlns=\"urn:scorecard:1\">\n"
        "<KpiReturn contract=\"C-1\" period=\"2026-09\" submitted=\"2026-10-05T10:00:00Z\"/>\n"
        "<KpiReturn contract=\"C-1\" period=\"2026-09\" submitted=\"2026-10-06T10:00:00Z\"/>\n"
        "</KpiReturns>",
        "inline");
    BOOST_TEST(r.problems.size() == 1u, listing(r.problems));
    BOOST_TEST(has_problem(r.problems, "duplicate", 3, 2), listing(r.problems));
}

BOOST_AUTO_TEST_CASE(duplicates_are_found_past_the_first_sixteen_returns_and_measures) {
    // Line 1 the root; lines 2-21 twenty returns for C-1, 2025-01 ... 2026-08; line 22 a
    // quarter with the same numbers as a month (2025-Q3 is not 2025-03); line 23 2025-02
    // again. Line 24 opens a return with twenty measures (lines 25-44) and K02 again (45).
    std::string doc = "<KpiReturns xmlns=\"urn:scorecard:1\">\n";
    const auto ret = [](const std::string& period) {
        return "<KpiReturn contract=\"C-1\" period=\"" + period +
               "\" submitted=\"2026-10-05T10:00:00Z\"/>\n";
    };
    for (int i = 0; i < 20; ++i) {
        int month = i % 12 + 1;
        doc +=
            ret(std::to_string(2025 + i / 12) + (month < 10 ? "-0" : "-") + std::to_string(month));
    }
    doc += ret("2025-Q3") + ret("2025-02");
    doc += "<KpiReturn contract=\"C-2\" period=\"2026-09\" submitted=\"2026-10-05T10:00:00Z\">\n";
    for (int i = 1; i <= 20; ++i)
        doc += "<Measure kpi=\"K" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
               "\" value=\"1\"/>\n";
    doc += "<Measure kpi=\"K02\" value=\"2\"/>\n</KpiReturn>\n</KpiReturns>\n";
    auto r = parse_document(doc, "inline");
    BOOST_TEST(r.problems.size() == 2u, listing(r.problems));
    BOOST_TEST(has_problem(r.problems, "duplicate", 23, 2), listing(r.problems));
    // `<Measure ` is 9 characters: kpi at 10.
    BOOST_TEST(has_problem(r.problems, "duplicate", 45, 10), listing(r.problems));
    BOOST_REQUIRE(r.problems.size() == 2u);
    BOOST_TEST(r.problems[0].message ==
               "a second return for contract C-1 and period 2025-02 in one document (first at "
               "line 3); send amendments separately");
    BOOST_TEST(r.problems[1].message ==
               "KPI K02 is measured twice in this return (first at line 26)");
    BOOST_TEST(r.returns.size() == 23u);
}

BOOST_AUTO_TEST_CASE(an_empty_batch_is_refused) {
    auto r = parse_document("<KpiReturns xmlns=\"urn:scorecard:1\"/>", "inline");
    BOOST_TEST(r.problems.size() == 1u, listing(r.problems));
    BOOST_TEST(has_problem(r.problems, "required", 1, 2), listing(r.problems));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(document_level)

BOOST_AUTO_TEST_CASE(root_and_parser_rules) {
    const std::vector<LocatedCase> cases = {
        {"a call for tenders is not a result",
         "<ContractNotice "
         "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2\"/>",
         "not_a_result_notice", 1, 2},
        {"a prior information notice is not a result", "<PriorInformationNotice xmlns=\"urn:x\"/>",
         "not_a_result_notice", 1, 2},
        {"KpiReturn without a namespace",
         "<KpiReturn contract=\"C-1\" period=\"2026-09\" submitted=\"2026-10-05T10:00:00Z\"/>",
         "namespace", 1, 2},
        {"award notice in the wrong namespace", "<ContractAwardNotice xmlns=\"urn:scorecard:1\"/>",
         "namespace", 1, 2},
        {"prefixed root in the wrong namespace", "\n  <sc:KpiReturns xmlns:sc=\"urn:sc:1\"/>",
         "namespace", 2, 4},
        // pugixml accepts a repeated attribute; XML does not. `<KpiReturns ` 12 +
        // `xmlns="urn:scorecard:1" ` 24 -> the second at column 37.
        {"attribute twice", "<KpiReturns xmlns=\"urn:scorecard:1\" xmlns=\"urn:scorecard:1\"/>",
         "malformed", 1, 37},
        {"Latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><KpiReturns/>",
         "encoding", 1, 3},
        {"an overlong UTF-8 slash", "<a>\n\xC0\xAF</a>", "encoding", 2, 1},
        {"a UTF-16 surrogate in UTF-8", "<a>x\xED\xA0\x80</a>", "encoding", 1, 5},
    };
    for (const auto& c : cases)
        expect_only(parse_document(c.document, "inline"), c);
}

// The returns' readers check the depth and the repeated attributes as they read: a
// structure problem is still the only one reported, wherever it is (an element read, an
// extension skipped, an element past the sixteenth attribute), and the first too-deep
// element still ends the check.
BOOST_AUTO_TEST_CASE(structure_problems_in_a_return_stop_it_before_reading) {
    const std::string head = "<KpiReturn xmlns=\"urn:scorecard:1\" contract=\"C-1\" period=\"";
    const std::string tail = "\" submitted=\"2026-10-05T10:00:00Z\">\n";
    std::string many;
    for (int i = 0; i < 16; ++i)
        many += " x" + std::to_string(i) + "=\"1\"";
    const std::vector<LocatedCase> cases = {
        // `<Measure kpi="K1" value="1" ` is 28 characters; the bad period is not reported.
        {"a measure's value twice",
         head + "2026-13" + tail + "<Measure kpi=\"K1\" value=\"1\" value=\"2\"/>\n</KpiReturn>\n",
         "malformed", 2, 29},
        // The measure has no value; its extension repeats an attribute.
        {"an extension's attribute twice",
         "<KpiReturns xmlns=\"urn:scorecard:1\" xmlns:x=\"urn:x\">\n<KpiReturn contract=\"C-1\" "
         "period=\"2026-09\" submitted=\"2026-10-05T10:00:00Z\">\n<Measure kpi=\"K1\">\n<x:Note "
         "a=\"1\" a=\"2\"/>\n</Measure>\n</KpiReturn>\n</KpiReturns>\n",
         "malformed", 4, 15},
        // KpiReturn, Measure, Deep, then 62 <d>: the last is the 65th level, at column
        // 28 + 6 + 61 * 3 + 2. The repeated attribute after it is not reported.
        {"too deep inside an unknown element",
         head + "2026-09" + tail + "<Measure kpi=\"K1\" value=\"1\"><Deep>" +
             [] {
                 std::string s;
                 for (int i = 0; i < 62; ++i)
                     s += "<d>";
                 for (int i = 0; i < 62; ++i)
                     s += "</d>";
                 return s;
             }() +
             "</Deep></Measure>\n<Measure kpi=\"K2\" value=\"1\" value=\"2\"/>\n</KpiReturn>\n",
         "too_deep", 2, 219},
        // `<Measure kpi="K1" value="1"` is 27 characters and the sixteen others 118: the
        // second kpi starts at column 147.
        {"a name repeated past the sixteenth attribute",
         head + "2026-09" + tail + "<Measure kpi=\"K1\" value=\"1\"" + many +
             " kpi=\"K1\"/>\n</KpiReturn>\n",
         "malformed", 2, 147},
    };
    for (const auto& c : cases) {
        auto r = parse_document(c.document, "inline");
        expect_only(r, c);
        BOOST_TEST(r.returns.empty());
        BOOST_TEST(to_string(r.kind).empty());
    }
}

// XML 1.0 §2.1: a document is one root element with only comments, processing instructions
// and white space around it. pugixml reads the first root and drops the rest silently;
// we refuse it, at the first thing outside the root (issue #19: a second root's contract
// was never stored and nothing said so).
BOOST_AUTO_TEST_CASE(content_outside_the_root_element_is_malformed) {
    const std::string ret =
        "<KpiReturn xmlns=\"urn:scorecard:1\" contract=\"C-1\" period=\"2026-09\" "
        "submitted=\"2026-10-05T10:00:00Z\"/>";
    const std::string feed =
        "<ContractFeed xmlns=\"urn:scorecard:1\" generated=\"2026-11-01T09:00:00Z\"/>";
    // `<KpiReturns xmlns="urn:scorecard:1"/>` is 37 characters.
    const std::string batch = "<KpiReturns xmlns=\"urn:scorecard:1\"/>";
    const std::string notice =
        "<ContractAwardNotice "
        "xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2\"/>";
    const std::vector<LocatedCase> cases = {
        // A second root: at its name, the first character after '<'.
        {"two KpiReturn roots", ret + "\n" + ret, "malformed", 2, 2},
        {"a feed and a return pasted together", feed + "\n\n" + ret, "malformed", 3, 2},
        {"two feeds on one line", feed + feed, "malformed", 1, 2 + static_cast<int>(feed.size())},
        {"an award notice followed by a feed", notice + "\n" + feed, "malformed", 2, 2},
        // Text: where it starts.
        {"text after a batch", batch + "junk", "malformed", 1, 38},
        {"text after a feed, next line", feed + "\n  trailing words", "malformed", 2, 3},
        {"text before the root", "junk" + feed, "malformed", 1, 1},
        {"an entity after the root", batch + "&amp;", "malformed", 1, 38},
        {"CDATA after the root", batch + "\n<![CDATA[x]]>", "malformed", 2, 1},
    };
    for (const auto& c : cases)
        expect_only(parse_document(c.document, "inline"), c);
}

BOOST_AUTO_TEST_CASE(comments_and_white_space_around_the_root_are_allowed) {
    const std::string ret =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- exported -->\n"
        "<KpiReturn xmlns=\"urn:scorecard:1\" contract=\"C-1\" period=\"2026-09\" "
        "submitted=\"2026-10-05T10:00:00Z\"><Measure kpi=\"CALLS\" value=\"93.2\"/>"
        "</KpiReturn>\n<!-- end -->\n<?done?>\n\n";
    auto r = parse_document(ret, "inline");
    BOOST_TEST(r.problems.empty(), listing(r.problems));
}

BOOST_AUTO_TEST_CASE(an_empty_document_is_malformed) {
    auto r = parse_document("", "empty.xml");
    BOOST_TEST(r.problems.size() == 1u, listing(r.problems));
    BOOST_TEST(r.problems.at(0).code == "malformed");
    BOOST_TEST(r.problems.at(0).document == "empty.xml");
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_does_not_shift_columns) {
    // After the three BOM bytes, `<KpiReturns` starts the line: its name is column 2.
    auto r = parse_document("\xEF\xBB\xBF<KpiReturns xmlns=\"urn:scorecard:1\"/>", "bom.xml");
    BOOST_TEST(has_problem(r.problems, "required", 1, 2), listing(r.problems));
}

BOOST_AUTO_TEST_CASE(problems_print_as_file_line_col_message) {
    auto r = parse_fixture("bad/threshold_order.xml");
    BOOST_REQUIRE(r.problems.size() == 1u);
    BOOST_TEST(r.problems[0].to_string().starts_with("bad/threshold_order.xml:6:6: KPI CALLS"),
               r.problems[0].to_string());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(good_documents)

BOOST_AUTO_TEST_CASE(contract_feed_parses_to_its_values) {
    auto r = parse_fixture("good/contract_feed.xml");
    BOOST_TEST(r.ok(), listing(r.problems));
    BOOST_TEST((r.kind == DocumentKind::kContractFeed));
    const auto& f = r.feed;
    BOOST_REQUIRE(f.generated.has_value());
    BOOST_TEST(format_timestamp(*f.generated) == "2026-11-01T09:00:00Z");
    BOOST_REQUIRE(f.authorities.size() == 2u);
    BOOST_TEST(f.authorities[1].authority.name == "HM Revenue & Customs");  // &amp; decoded
    BOOST_REQUIRE(f.suppliers.size() == 2u);
    BOOST_TEST(f.suppliers[0].supplier.strategic == true);
    BOOST_TEST(f.suppliers[1].supplier.strategic == false);  // default
    BOOST_TEST((f.suppliers[1].supplier.size == SizeClass::kSmall));
    BOOST_REQUIRE(f.contracts.size() == 2u);

    const auto& dwp = f.contracts[0];
    BOOST_TEST(dwp.contract.id == "DWP-2024-0001");
    BOOST_TEST((dwp.contract.value == 12500000.0));
    BOOST_TEST(dwp.contract.currency == "GBP");
    BOOST_TEST(format_date(dwp.contract.start) == "2024-04-01");
    BOOST_TEST(format_date(dwp.contract.end) == "2027-03-31");
    BOOST_TEST((dwp.contract.frequency == Frequency::kMonthly));
    BOOST_TEST((dwp.contract.status == ContractStatus::kActive));  // default
    BOOST_TEST(dwp.where.line == 7);
    BOOST_TEST(dwp.where.column == 4);
    BOOST_REQUIRE(dwp.kpis.size() == 2u);
    const auto& complaints = dwp.kpis[1].definition;
    BOOST_TEST(complaints.code == "COMPLAINTS");
    BOOST_TEST(complaints.name == "Complaints per 10,000 calls");
    BOOST_TEST((complaints.unit == Unit::kRatio));
    BOOST_TEST((complaints.direction == Direction::kLower));
    BOOST_TEST(complaints.weight == 20.0);
    BOOST_TEST(complaints.thresholds.good == 5.0);
    BOOST_TEST(complaints.thresholds.approaching == 8.0);
    BOOST_TEST(complaints.thresholds.minimum == 12.0);
    BOOST_TEST(!complaints.category.has_value());
    BOOST_TEST(!dwp.kpis[1].effective.has_value());

    const auto& hmrc = f.contracts[1];
    BOOST_TEST((hmrc.contract.status == ContractStatus::kTerminated));
    BOOST_TEST((hmrc.contract.frequency == Frequency::kQuarterly));
    BOOST_TEST(hmrc.kpis[0].definition.weight == 2.5);
    BOOST_TEST((hmrc.kpis[0].definition.category == KpiCategory::kService));
    BOOST_REQUIRE(hmrc.kpis[1].effective.has_value());
    BOOST_TEST(hmrc.kpis[1].effective->to_string() == "2026-Q2");
}

BOOST_AUTO_TEST_CASE(kpi_return_parses_to_its_values) {
    auto r = parse_fixture("good/kpi_return.xml");
    BOOST_TEST(r.ok(), listing(r.problems));
    BOOST_TEST((r.kind == DocumentKind::kKpiReturn));
    BOOST_REQUIRE(r.returns.size() == 1u);
    const auto& k = r.returns[0].figures;
    BOOST_TEST(k.contract_id == "DWP-2024-0001");
    BOOST_TEST(k.period.to_string() == "2026-09");
    BOOST_TEST(format_timestamp(k.submitted) == "2026-10-05T10:00:00Z");
    BOOST_REQUIRE(k.measures.size() == 2u);
    BOOST_TEST((k.measures[0].value == 93.2));
    BOOST_TEST((k.measures[0].numerator == 93200.0));
    BOOST_TEST((k.measures[0].denominator == 100000.0));
    BOOST_TEST(k.measures[1].comment == "Storm outage on 14th");
    BOOST_TEST((k.measures[1].status == MeasureStatus::kMeasured));
    // Measures are on lines 4 and 5, indented 2: name at column 4.
    BOOST_REQUIRE(r.returns[0].measure_where.size() == 2u);
    BOOST_TEST(r.returns[0].measure_where[1].line == 5);
    BOOST_TEST(r.returns[0].measure_where[1].column == 4);
}

BOOST_AUTO_TEST_CASE(kpi_returns_parses_every_return) {
    auto r = parse_fixture("good/kpi_returns.xml");
    BOOST_TEST(r.ok(), listing(r.problems));
    BOOST_TEST((r.kind == DocumentKind::kKpiReturns));
    BOOST_REQUIRE(r.returns.size() == 2u);
    // 16:30 at +01:00 is 15:30 UTC.
    BOOST_TEST(format_timestamp(r.returns[0].figures.submitted) == "2026-09-04T15:30:00Z");
    BOOST_TEST((r.returns[0].figures.measures[1].value == -0.5));
    const auto& na = r.returns[1].figures.measures[1];
    BOOST_TEST((na.status == MeasureStatus::kNotApplicable));
    BOOST_TEST(!na.value.has_value());
    BOOST_TEST(na.comment ==
               "No appointments were booked: the service was paused for the office move.");
    BOOST_TEST(r.returns[1].figures.period.to_string() == "2026-Q2");
}

BOOST_AUTO_TEST_CASE(feed_with_returns_carries_them_with_their_contract) {
    auto r = parse_fixture("good/feed_with_returns.xml");
    BOOST_TEST(r.ok(), listing(r.problems));
    BOOST_REQUIRE(r.feed.returns.size() == 2u);
    // The return inside <Contract> takes the enclosing contract's id.
    BOOST_TEST(r.feed.returns[0].figures.contract_id == "DWP-2025-0007");
    BOOST_TEST(r.feed.returns[0].figures.period.to_string() == "2026-09");
    BOOST_TEST(r.feed.returns[1].figures.contract_id == "DWP-2025-0007");
    BOOST_TEST((r.feed.returns[1].figures.measures[0].value == 99.0));
}

BOOST_AUTO_TEST_CASE(a_return_inside_a_contract_cannot_name_another) {
    // `<KpiReturn contract=` : contract at column 12 of line 3.
    auto r = parse_document(
        "<ContractFeed xmlns=\"urn:scorecard:1\">\n<Contract id=\"C-1\" " + kContractRest +
            ">\n<KpiReturn contract=\"C-2\" period=\"2026-09\" "
            "submitted=\"2026-10-05T10:00:00Z\"/>\n</Contract>\n</ContractFeed>",
        "inline");
    BOOST_TEST(r.problems.size() == 1u, listing(r.problems));
    BOOST_TEST(has_problem(r.problems, "contract_mismatch", 3, 12), listing(r.problems));
}

BOOST_AUTO_TEST_CASE(document_kinds_are_named_by_their_root) {
    BOOST_TEST(to_string(DocumentKind::kContractFeed) == "ContractFeed");
    BOOST_TEST(to_string(DocumentKind::kKpiReturns) == "KpiReturns");
    BOOST_TEST(to_string(DocumentKind::kContractAwardNotice) == "ContractAwardNotice");
    BOOST_TEST(to_string(DocumentKind::kUnknown) == "");
}

BOOST_AUTO_TEST_SUITE_END()
