// importers/xml_writer.h: domain value -> XML -> parse_document() -> the same value, for
// every field of our formats (SPEC §5) and the values that are easy to get wrong; the
// written documents validate against etc/schemas/scorecard.xsd; values the format cannot
// spell are refused by name.
#include <boost/test/unit_test.hpp>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "importers/documents.h"
#include "importers/xml_writer.h"
#include "importers_test_support.h"
#include "tests/support/documents.h"

using namespace scorecard;
using namespace scorecard::importers;
using namespace scorecard::importers::testing;

namespace {

using scorecard::testing::at;
using scorecard::testing::FeedBuilder;
using scorecard::testing::kpi;
using scorecard::testing::measured;
using scorecard::testing::period;

Contract contract(const char* id, Frequency frequency) {
    return scorecard::testing::contract(id, "GB-GOV-DWP", "GB-COH-01234567",
                                        "Contact centre services", "2024-04-01", "2027-03-31",
                                        12500000, frequency);
}

KpiDefinition calls() {
    return kpi("CALLS", "Calls answered within 60 seconds", Unit::kPercent, Direction::kHigher, 40,
               {95, 90, 85});
}

KpiDefinition complaints() {
    KpiDefinition k = kpi("COMPLAINTS", "Complaints per 10,000 calls", Unit::kRatio,
                          Direction::kLower, 20, {5, 8, 12});
    k.category = KpiCategory::kQuality;
    return k;
}

KpiReturn figures(const char* contract_id, const char* period_text, std::vector<Measure> measures) {
    return scorecard::testing::kpi_return(contract_id, period_text, "2026-10-05T10:00:00Z",
                                          std::move(measures));
}

struct FeedCase {
    const char* name;
    ContractFeedDocument feed;
};

// One document per thing worth showing; together they use every attribute of the format.
std::vector<FeedCase> feed_cases() {
    std::vector<FeedCase> cases;
    cases.push_back({"an empty feed without generated", FeedBuilder().document()});
    cases.push_back({"an empty feed with generated",
                     FeedBuilder().generated("2026-11-01T09:00:00Z").document()});
    {
        FeedBuilder f;
        f.authority("GB-GOV-DWP", "Department for Work and Pensions")
            .authority("GB-GOV-HMRC", "HM Revenue & Customs");
        int n = 0;
        for (SizeClass size : {SizeClass::kMicro, SizeClass::kSmall, SizeClass::kMedium,
                               SizeClass::kLarge, SizeClass::kSme}) {
            const std::string id = "GB-COH-0000000" + std::to_string(n++);
            f.supplier(id, "Supplier " + id, size, size == SizeClass::kLarge);
        }
        cases.push_back({"authorities and every size class, one strategic", f.document()});
    }
    cases.push_back({"a monthly contract, one KPI each way, one effective",
                     FeedBuilder()
                         .contract(contract("DWP-2024-0001", Frequency::kMonthly))
                         .kpi(calls())
                         .kpi(complaints(), period("2026-10"))
                         .document()});
    {
        Contract terminated = contract("HMRC-2023-0042", Frequency::kQuarterly);
        terminated.status = ContractStatus::kTerminated;
        terminated.currency = "EUR";
        terminated.value = 0;
        Contract expired = contract("HMRC-2020-0001", Frequency::kMonthly);
        expired.status = ContractStatus::kExpired;
        cases.push_back({"quarterly, terminated, expired, zero value, other currency",
                         FeedBuilder()
                             .contract(terminated)
                             .kpi(complaints(), period("2026-Q2"))
                             .contract(expired)
                             .document()});
    }
    {
        // SPEC §2 lists seven units and six categories: one KPI of each.
        FeedBuilder f;
        f.contract(contract("DWP-2024-0002", Frequency::kMonthly));
        const Unit units[] = {Unit::kPercent, Unit::kCount, Unit::kDays,    Unit::kHours,
                              Unit::kRatio,   Unit::kScore, Unit::kCurrency};
        const KpiCategory categories[] = {KpiCategory::kService,     KpiCategory::kQuality,
                                          KpiCategory::kTimeliness,  KpiCategory::kUserSatisfaction,
                                          KpiCategory::kSocialValue, KpiCategory::kFinancial};
        for (std::size_t i = 0; i < 7; ++i) {
            KpiDefinition k = calls();
            k.code = "K" + std::to_string(i);
            k.unit = units[i];
            if (i < 6)
                k.category = categories[i];
            f.kpi(k);
        }
        cases.push_back({"every unit and every category", f.document()});
    }
    {
        // Weights and thresholds that are not whole, and equal thresholds (ordered both ways).
        KpiDefinition avail = calls();
        avail.code = "AVAIL";
        avail.weight = 2.5;
        avail.thresholds = {99.95, 99.5, 0.1};
        KpiDefinition flat = complaints();
        flat.code = "FLAT";
        flat.weight = 0.0000001;
        flat.thresholds = {-0.25, -0.25, -0.25};
        cases.push_back({"fractional weights and thresholds, negative and equal thresholds",
                         FeedBuilder()
                             .contract(contract("DWP-2024-0003", Frequency::kMonthly))
                             .kpi(avail)
                             .kpi(flat)
                             .document()});
    }
    // SPEC §2: a feed withdraws a KPI by re-sending the contract without it. This is the
    // feed after the one above with CALLS and COMPLAINTS: COMPLAINTS is gone.
    cases.push_back({"a KPI withdrawn by leaving it out; a contract with none left",
                     FeedBuilder()
                         .contract(contract("DWP-2024-0001", Frequency::kMonthly))
                         .kpi(calls())
                         .contract(contract("DWP-2024-0004", Frequency::kMonthly))
                         .document()});
    {
        // Markup, quotes, apostrophes, non-ASCII and whitespace that XML would normalise in
        // an attribute (tab, line feed, carriage return) all survive.
        Contract c = contract("DWP-X';DROP_TABLE_contracts;--", Frequency::kMonthly);
        c.title = "  line one\nline two\ttabbed\r\nCRLF ]]> end  ";
        KpiDefinition k = calls();
        k.name = "=HYPERLINK(\"http://evil.example/\",\"Click\")";
        cases.push_back(
            {"characters that need escaping",
             FeedBuilder()
                 .authority("GB-GOV-<&>", "\"Quoted\" & 'apostrophes' <b>bold</b>")
                 .supplier("GB-COH-\xC3\xA9", "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\x80 Ltd",
                           SizeClass::kSmall)
                 .contract(c)
                 .kpi(k)
                 .document()});
    }
    // A department's system exports KPI data with its contracts (SPEC §5).
    cases.push_back(
        {"contracts with returns, monthly and quarterly",
         FeedBuilder()
             .generated("2026-11-01T09:00:00Z")
             .authority("GB-GOV-DWP", "Department for Work and Pensions")
             .supplier("GB-COH-01234567", "Acme Services Ltd", SizeClass::kLarge, true)
             .contract(contract("DWP-2024-0001", Frequency::kMonthly))
             .kpi(calls())
             .kpi(complaints())
             .contract(contract("DWP-2024-0005", Frequency::kQuarterly))
             .kpi(calls())
             .kpi_return(figures("DWP-2024-0001", "2026-09", {measured("CALLS", 93.2)}))
             .kpi_return(figures("DWP-2024-0001", "2026-08", {measured("COMPLAINTS", 6.1)}))
             .kpi_return(figures("DWP-2024-0005", "2026-Q3", {measured("CALLS", 100)}))
             .document()});
    return cases;
}

struct ReturnsCase {
    const char* name;
    std::vector<KpiReturn> batch;
};

std::vector<ReturnsCase> returns_cases() {
    Measure evidence = measured("CALLS", 93.2);
    evidence.numerator = 93200;
    evidence.denominator = 100000;
    Measure explained = measured("COMPLAINTS", 6.1);
    explained.comment = "Storm outage on 14th";
    const Measure not_applicable =
        scorecard::testing::not_applicable("WAIT", "Service paused for the office move");
    Measure escaped = measured("ESC", 1);
    escaped.comment = "<b>bold</b> & \"quoted\" 'single' ]]> \xE2\x82\xAC\nsecond line\ttab";

    KpiReturn submitted_late = figures("DWP-2024-0001", "2026-10", {measured("CALLS", 1)});
    submitted_late.submitted = at("2026-12-31T23:59:59Z");
    return {
        {"one measure", {figures("DWP-2024-0001", "2026-09", {measured("CALLS", 93.2)})}},
        {"numerator and denominator", {figures("DWP-2024-0001", "2026-09", {evidence})}},
        {"a comment and a not applicable measure with its reason",
         {figures("DWP-2024-0001", "2026-09", {explained, not_applicable})}},
        {"a quarterly period", {figures("HMRC-2023-0042", "2026-Q1", {measured("CALLS", 50)})}},
        {"no measures (every KPI missing)", {figures("DWP-2024-0001", "2026-09", {})}},
        {"a comment that needs escaping", {figures("DWP-2024-0001", "2026-09", {escaped})}},
        {"values that have no short binary form",
         {figures("DWP-2024-0001", "2026-09",
                  {measured("A", 0.1), measured("B", 0.0000001), measured("C", 1.0 / 3),
                   measured("D", 0.1 + 0.2), measured("E", -0.25), measured("F", 12500000.01),
                   measured("G", 123456789012345.67), measured("H", 0)})}},
        {"a batch of three, two contracts",
         {figures("DWP-2024-0001", "2026-09", {measured("CALLS", 93.2)}), submitted_late,
          figures("DWP-2024-0002", "2026-09", {measured("CALLS", 93.2)})}},
    };
}

// The document parsed, checked to have no problems. When a value read back differs, the
// tests print it written again next to the original: two unequal values write differently.
ParseResult parse_ok(const std::string& xml, const char* name) {
    ParseResult r = parse_document(xml, name);
    BOOST_TEST(r.ok(), name << ":" << listing(r.problems) << "\n" << xml);
    return r;
}

std::vector<KpiReturn> figures_of(const std::vector<ParsedReturn>& returns) {
    std::vector<KpiReturn> out;
    for (const ParsedReturn& r : returns)
        out.push_back(r.figures);
    return out;
}

struct XmllintRun {
    int status = 0;
    std::string output;  // its messages: "FILE:LINE: element ...: ..." for each problem
};

// `xmllint --schema etc/schemas/scorecard.xsd` on the documents.
XmllintRun xmllint(const std::vector<std::string>& documents) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("scorecard-writer-xsd-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string files;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        const auto path = dir / (std::to_string(i) + ".xml");
        std::ofstream(path, std::ios::binary) << documents[i];
        files += " '" + path.string() + "'";
    }
    const auto log = dir / "xmllint.log";
    const std::string command = "xmllint --noout --schema '" + source_dir() +
                                "/etc/schemas/scorecard.xsd'" + files + " >'" + log.string() +
                                "' 2>&1";
    XmllintRun run;
    run.status = std::system(command.c_str());
    run.output = read_bytes(log.string());
    std::filesystem::remove_all(dir);
    return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(xml_writer)

BOOST_AUTO_TEST_CASE(a_feed_reads_back_as_the_value_it_was_written_from) {
    for (const FeedCase& c : feed_cases()) {
        BOOST_TEST_CONTEXT(c.name) {
            const std::string xml = write_contract_feed(c.feed);
            const ParseResult r = parse_ok(xml, c.name);
            BOOST_TEST((r.kind == DocumentKind::kContractFeed));
            BOOST_TEST((r.feed == c.feed), "read back as:\n"
                                               << write_contract_feed(r.feed) << "written:\n"
                                               << xml);
        }
    }
}

BOOST_AUTO_TEST_CASE(returns_read_back_as_the_values_they_were_written_from) {
    for (const ReturnsCase& c : returns_cases()) {
        BOOST_TEST_CONTEXT(c.name) {
            const std::string batch = write_kpi_returns(c.batch);
            const ParseResult r = parse_ok(batch, c.name);
            BOOST_TEST((r.kind == DocumentKind::kKpiReturns));
            BOOST_TEST((figures_of(r.returns) == c.batch),
                       "read back as:\n"
                           << write_kpi_returns(figures_of(r.returns)) << "written:\n"
                           << batch);
            for (const KpiReturn& one : c.batch) {
                const ParseResult single = parse_ok(write_kpi_return(one), c.name);
                BOOST_TEST((single.kind == DocumentKind::kKpiReturn));
                BOOST_TEST_REQUIRE(single.returns.size() == 1u);
                BOOST_TEST((single.returns[0].figures == one));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(every_written_document_validates_against_the_xsd) {
    std::vector<std::string> documents;
    for (const FeedCase& c : feed_cases())
        documents.push_back(write_contract_feed(c.feed));
    for (const ReturnsCase& c : returns_cases()) {
        // An empty <KpiReturns> is not valid (the XSD and the importer want one return).
        if (!c.batch.empty())
            documents.push_back(write_kpi_returns(c.batch));
        for (const KpiReturn& one : c.batch)
            documents.push_back(write_kpi_return(one));
    }
    const XmllintRun run = xmllint(documents);
    BOOST_TEST(run.status == 0, run.output);
}

// The layout is fixed so that the same value gives the same bytes (archived documents are
// compared by SHA-256): declaration, two-space indent, attributes in the format's order.
BOOST_AUTO_TEST_CASE(a_return_is_written_exactly_so) {
    Measure calls_measure = measured("CALLS", 93.2);
    calls_measure.numerator = 93200;
    calls_measure.denominator = 100000;
    Measure complaints_measure = measured("COMPLAINTS", 6.1);
    complaints_measure.comment = "Storm outage on 14th";
    const Measure wait = scorecard::testing::not_applicable("WAIT", "Service paused");
    const std::string expected =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<KpiReturn xmlns=\"urn:scorecard:1\" contract=\"DWP-2024-0001\" period=\"2026-09\" "
        "submitted=\"2026-10-05T10:00:00Z\">\n"
        "  <Measure kpi=\"CALLS\" value=\"93.2\" numerator=\"93200\" denominator=\"100000\" />\n"
        "  <Measure kpi=\"COMPLAINTS\" value=\"6.1\">\n"
        "    <Comment>Storm outage on 14th</Comment>\n"
        "  </Measure>\n"
        "  <Measure kpi=\"WAIT\" status=\"not_applicable\">\n"
        "    <Comment>Service paused</Comment>\n"
        "  </Measure>\n"
        "</KpiReturn>\n";
    BOOST_TEST(write_kpi_return(figures("DWP-2024-0001", "2026-09",
                                        {calls_measure, complaints_measure, wait})) == expected);
}

BOOST_AUTO_TEST_CASE(a_feed_is_written_exactly_so) {
    const ContractFeedDocument f =
        FeedBuilder()
            .generated("2026-11-01T09:00:00Z")
            .authority("GB-GOV-DWP", "Department for Work & Pensions")
            .supplier("GB-COH-01234567", "Acme <Services> Ltd", SizeClass::kLarge, true)
            .contract(contract("DWP-2024-0001", Frequency::kMonthly))
            .kpi(complaints(), period("2026-10"))
            .document();
    const std::string expected =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ContractFeed xmlns=\"urn:scorecard:1\" generated=\"2026-11-01T09:00:00Z\">\n"
        "  <Authority id=\"GB-GOV-DWP\" name=\"Department for Work &amp; Pensions\" />\n"
        "  <Supplier id=\"GB-COH-01234567\" name=\"Acme &lt;Services> Ltd\" size=\"large\" "
        "strategic=\"true\" />\n"
        "  <Contract id=\"DWP-2024-0001\" authority=\"GB-GOV-DWP\" supplier=\"GB-COH-01234567\" "
        "title=\"Contact centre services\" start=\"2024-04-01\" end=\"2027-03-31\" "
        "value=\"12500000\" currency=\"GBP\" frequency=\"monthly\" status=\"active\">\n"
        "    <Kpi code=\"COMPLAINTS\" name=\"Complaints per 10,000 calls\" unit=\"ratio\" "
        "direction=\"lower\" weight=\"20\" good=\"5\" approaching=\"8\" minimum=\"12\" "
        "category=\"quality\" effective=\"2026-10\" />\n"
        "  </Contract>\n"
        "</ContractFeed>\n";
    BOOST_TEST(write_contract_feed(f) == expected);
}

// measure_lines() finds each measure where the importer says it is, whatever the comments
// before it hold (line ends, text that looks like markup).
BOOST_AUTO_TEST_CASE(measure_lines_are_where_the_importer_finds_the_measures) {
    Measure first = measured("CALLS", 93.2);
    first.comment = "line one\nline two\n<Measure kpi=\"X\"> is not an element here";
    Measure second = measured("COMPLAINTS", 6.1);
    const Measure third = scorecard::testing::not_applicable("WAIT", "one\r\ntwo\rthree");
    const std::string xml =
        write_kpi_return(figures("DWP-2024-0001", "2026-09", {first, second, third}));
    // By hand: the declaration (1) and <KpiReturn> (2); CALLS at 3, its <Comment> opening
    // on 4 with two line feeds inside it (to 6), </Measure> 7; COMPLAINTS at 8 (no comment:
    // one line); WAIT at 9.
    const std::vector<int> expected = {3, 8, 9};
    BOOST_TEST(measure_lines(xml) == expected, xml);
    const ParseResult r = parse_ok(xml, "measure lines");
    BOOST_TEST_REQUIRE(r.returns.size() == 1u);
    std::vector<int> parsed;
    for (const Location& where : r.returns[0].measure_where)
        parsed.push_back(where.line);
    BOOST_TEST(parsed == expected);
    BOOST_TEST(measure_lines(write_kpi_return(figures("C-1", "2026-09", {}))).empty());
}

// The one spelling of a number read back (importers/documents.h parse_number): what
// format_number writes, and nothing else.
BOOST_AUTO_TEST_CASE(parse_number_reads_exactly_the_plain_decimals) {
    struct Case {
        const char* text;
        std::optional<double> read;
    };
    const Case cases[] = {
        {"0", 0.0},
        {"93.2", 93.2},
        {"-0.25", -0.25},
        {"12500000", 12500000.0},
        {"", std::nullopt},
        {"+5", std::nullopt},
        {"1e3", std::nullopt},
        {"1,234", std::nullopt},
        {".5", std::nullopt},
        {"5.", std::nullopt},
        {" 5", std::nullopt},
        {"NaN", std::nullopt},
        {"0x10", std::nullopt},
        {"--1", std::nullopt},
        // 400 digits: a plain decimal, but no double holds it.
        {nullptr, std::nullopt},
    };
    for (const Case& c : cases) {
        const std::string text = c.text ? c.text : std::string(400, '9');
        BOOST_TEST_CONTEXT("'" << text.substr(0, 12) << "'") {
            BOOST_TEST((parse_number(text) == c.read));
        }
    }
    for (double value : {0.1, 1.0 / 3, 5e-324, 1e21})
        BOOST_TEST((parse_number(format_number(value)) == value), value);
}

// Short decimals are read as their digits over a power of ten; the value must be the one
// std::from_chars finds, bit for bit, on both sides of that path's limits (15 digits, 22
// after the point) and for a sign on zero.
BOOST_AUTO_TEST_CASE(parse_number_reads_what_from_chars_reads) {
    const char* texts[] = {
        "0.1",
        "0.3",
        "-0",
        "-0.0",
        "93.2",
        "123456789012345",
        "999999999999999",
        "1234567890123456",
        "9007199254740993",
        "0.0000000000000000000001",
        "0.00000000000000000000001",
        "1.00000000000000000000001",
        "00000000000000000000.5",
        "-12345.678901234",
        "4.35",
        "0.0000001",
    };
    for (const char* text : texts) {
        const std::string_view view(text);
        double expected = 0;
        std::from_chars(view.data(), view.data() + view.size(), expected);
        auto read = parse_number(view);
        BOOST_TEST_CONTEXT(text) {
            BOOST_TEST_REQUIRE(read.has_value());
            BOOST_TEST(std::memcmp(&*read, &expected, sizeof expected) == 0);
        }
    }
}

// docs/formats.md: -?digits(.digits)?, no exponent; the shortest that reads back exactly.
BOOST_AUTO_TEST_CASE(numbers_are_written_in_the_shortest_plain_decimal_that_reads_back) {
    struct Case {
        double value;
        std::string written;
    };
    const Case cases[] = {
        {0, "0"},
        {-0.0, "0"},
        {1, "1"},
        {-0.25, "-0.25"},
        {0.1, "0.1"},
        {93.2, "93.2"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0 / 3, "0.3333333333333333"},
        {1e-7, "0.0000001"},
        {12500000, "12500000"},
        {1e21, "1000000000000000000000"},
        // The smallest denormal: its 5 is the 324th decimal.
        {5e-324, "0." + std::string(323, '0') + "5"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.written) {
            BOOST_TEST(format_number(c.value) == c.written);
            // And the importer reads it back as the same double.
            const ParseResult r =
                parse_ok(write_kpi_return(figures("C-1", "2026-09", {measured("K", c.value)})),
                         c.written.c_str());
            BOOST_TEST_REQUIRE(r.returns.size() == 1u);
            BOOST_TEST((r.returns[0].figures.measures.at(0).value == c.value));
        }
    }
}

// XML reads every line end as a line feed, and the parser trims a comment: what a reader
// gets back is the text so normalised.
BOOST_AUTO_TEST_CASE(a_comment_reads_back_with_line_feeds_and_without_surrounding_space) {
    struct Case {
        const char* name;
        const char* written;
        const char* read;
    };
    const Case cases[] = {
        {"CR LF", "one\r\ntwo", "one\ntwo"},
        {"lone CR", "one\rtwo", "one\ntwo"},
        {"surrounding space", "  \n padded \t ", "padded"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            Measure m = measured("K", 1);
            m.comment = c.written;
            const ParseResult r =
                parse_ok(write_kpi_return(figures("C-1", "2026-09", {m})), c.name);
            BOOST_TEST_REQUIRE(r.returns.size() == 1u);
            BOOST_TEST(r.returns[0].figures.measures.at(0).comment == c.read);
        }
    }
}

// The writer spells what it is given; judging it is the importer's job (SPEC §5).
BOOST_AUTO_TEST_CASE(values_the_importer_rejects_are_still_written_for_it_to_reject) {
    KpiDefinition disordered = calls();
    disordered.thresholds = {85, 90, 95};
    const std::string xml =
        FeedBuilder().contract(contract("C-1", Frequency::kMonthly)).kpi(disordered).xml();
    const ParseResult r = parse_document(xml, "disordered");
    BOOST_TEST_REQUIRE(r.problems.size() == 1u, listing(r.problems));
    BOOST_TEST(r.problems[0].code == "threshold_order");
}

BOOST_AUTO_TEST_CASE(values_the_format_cannot_spell_are_refused_by_name) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    struct Attempt {
        const char* name;
        std::function<std::string()> write;
        const char* names;  // how the message must name the value
    };
    const std::vector<Attempt> attempts = {
        {"a NaN value",
         [&] { return write_kpi_return(figures("C-1", "2026-09", {measured("CALLS", nan)})); },
         "Measure/@value of measure CALLS of the return for C-1 2026-09"},
        {"an infinite numerator",
         [&] {
             Measure m = measured("CALLS", 1);
             m.numerator = inf;
             return write_kpi_return(figures("C-1", "2026-09", {m}));
         },
         "Measure/@numerator"},
        {"a NaN weight",
         [&] {
             KpiDefinition k = calls();
             k.weight = nan;
             return FeedBuilder().contract(contract("C-1", Frequency::kMonthly)).kpi(k).xml();
         },
         "Kpi/@weight of KPI CALLS of contract C-1"},
        {"a control character in a name",
         [&] { return FeedBuilder().authority("A", "bell\x07").xml(); },
         "Authority/@name of authority A"},
        {"Latin-1 in a comment",
         [&] {
             Measure m = measured("CALLS", 1);
             m.comment = "caf\xE9";
             return write_kpi_return(figures("C-1", "2026-09", {m}));
         },
         "Comment/text() of the comment of measure CALLS"},
        {"U+FFFF in a title",
         [&] {
             Contract c = contract("C-1", Frequency::kMonthly);
             c.title = "x\xEF\xBF\xBF";
             return FeedBuilder().contract(c).xml();
         },
         "Contract/@title of contract C-1"},
        {"a date that does not exist",
         [&] {
             Contract c = contract("C-1", Frequency::kMonthly);
             c.end = Date{};
             return FeedBuilder().contract(c).xml();
         },
         "Contract/@end of contract C-1"},
        {"a contract's version history",
         [&] {
             Contract c = contract("C-1", Frequency::kMonthly);
             c.kpis = {KpiVersion{calls(), period("2026-09"), false}};
             return FeedBuilder().contract(c).xml();
         },
         "Contract/@kpis of contract C-1"},
        {"an eForms lot",
         [&] {
             Contract c = contract("C-1", Frequency::kMonthly);
             c.lot = "LOT-0001";
             return FeedBuilder().contract(c).xml();
         },
         "Contract/@lot of contract C-1"},
    };
    for (const Attempt& a : attempts) {
        BOOST_TEST_CONTEXT(a.name) {
            try {
                a.write();
                BOOST_TEST(false, "written without complaint");
            } catch (const std::invalid_argument& e) {
                BOOST_TEST(std::string(e.what()).find(a.names) != std::string::npos, e.what());
            }
        }
    }
    BOOST_CHECK_THROW(format_number(nan), std::invalid_argument);
    BOOST_CHECK_THROW(format_number(-inf), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
