// eForms result notices -> Authority, Suppliers, Contracts (SPEC §5 "eForms").
//
// Every expected value below was read by hand from the corpus notices
// (../shared/corpus/eforms/, eForms SDK 1.15 examples); the comments give the line it comes
// from and, for derived values, the rule from docs/eforms.md that turns it into ours.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include "importers/documents.h"
#include "model/calendar.h"
#include "model/enums.h"
#include "tests/support/corpus.h"

namespace fs = std::filesystem;
namespace bdata = boost::unit_test::data;
using scorecard::SizeClass;
using scorecard::importers::DocumentKind;
using scorecard::importers::parse_document;
using scorecard::importers::ParseResult;

namespace {

// The real notices: eForms SDK 1.15 example result notices in the public corpus beside the
// checkout (../shared/corpus/eforms; docs/eforms.md says where they come from).
fs::path corpus_dir() {
    return scorecard::testing::corpus_dir() / "eforms";
}

std::string corpus_file(const std::string& name) {
    std::ifstream in(corpus_dir() / name, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot open corpus file " << (corpus_dir() / name).string()
                                                         << ": the public corpus (../shared/corpus "
                                                            "beside the checkout, or "
                                                            "SCORECARD_CORPUS) is missing");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `text` with its first occurrence of `from` replaced; the test fails if there is none, so
// that a constructed case cannot silently test the unmodified notice.
std::string replace_first(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, "the notice does not contain: " << from);
    return text.replace(at, from.size(), to);
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    BOOST_REQUIRE_MESSAGE(text.find(from) != std::string::npos,
                          "the notice does not contain: " << from);
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// `text` with `from` replaced on 1-based line `line` only.
std::string replace_on_line(const std::string& text, int line, const std::string& from,
                            const std::string& to) {
    std::size_t begin = 0;
    for (int i = 1; i < line; ++i) {
        begin = text.find('\n', begin);
        BOOST_REQUIRE(begin != std::string::npos);
        ++begin;
    }
    auto end = text.find('\n', begin);
    auto at = text.find(from, begin);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos && at < end,
                          "line " << line << " does not contain " << from);
    return std::string(text).replace(at, from.size(), to);
}

std::string problems_of(const ParseResult& r) {
    std::string out;
    for (const auto& p : r.problems)
        out += "\n  " + p.code + " " + p.to_string();
    return out;
}

ParseResult parse_ok(const std::string& bytes, const std::string& name) {
    auto result = parse_document(bytes, name);
    BOOST_TEST_REQUIRE(result.ok(), name << " has problems:" << problems_of(result));
    BOOST_TEST_REQUIRE((result.kind == DocumentKind::kContractAwardNotice));
    return result;
}

struct ExpectedWinner {
    std::string id;
    std::string name;
    SizeClass size;
};

struct ExpectedContract {
    std::string id;
    std::string supplier;
    std::string title;
    std::string start;
    std::string end;
    double value;
    std::string currency;
    std::string lot;
};

struct ExpectedNotice {
    std::string file;
    std::string notice_id;
    std::string buyer_id;
    std::string buyer_name;
    std::vector<ExpectedWinner> winners;  // in order of first appearance
    std::vector<ExpectedContract> contracts;
};

std::ostream& operator<<(std::ostream& os, const ExpectedNotice& n) {
    return os << n.file;
}

// Ids (docs/eforms.md): an organisation with a company id (BT-501) is
// "<alpha-2 country of BT-514>-EFORMS-<BT-501 without spaces, upper case>"; without one,
// "<country>-NAME-<BT-500 upper case, other characters as '-'>". A contract is
// "<buyer id>:<BT-150 with every run of other characters as '-'>".
// Dates: start is BT-145, else BT-1451; end is the lot's BT-537, else start + 12 months - 1 day.
const std::vector<ExpectedNotice> kNotices = {
    {"can_24_minimal.xml",
     "65667997-031a-4198-bd25-7225449ef479",  // line 182
     "FR-EFORMS-123456789",                   // ORG-0001, FRA, CompanyID "123 456 789" (l. 110)
     "Rouen Habitat",
     {{"FR-EFORMS-326912557", "Espaces Verts Lemire", SizeClass::kMicro}},  // ORG-0004, l. 145-161
     {{"FR-EFORMS-123456789:SCN-DEF-2020-12",  // BT-150 "SCN DEF:2020-12" (l. 76)
       "FR-EFORMS-326912557",
       "Agence centre",  // no BT-721: the lot's title (l. 260)
       "2019-09-03",     // BT-145 "2019-09-03+02:00" (l. 69)
       "2020-09-02",     // no lot period: 2019-09-03 + 12 months = 2020-09-03, - 1 day
       95414, "EUR",     // BT-720 of TEN-0001 (l. 52)
       "LOT-0000"}}},
    {"can_24_FRA_comments.xml",
     "df45f4d1-2208-47cb-bc7a-9c7edcf8d2b8",  // line 470
     "FR-EFORMS-123456789",                   // the same Rouen Habitat as in can_24_minimal
     "Rouen Habitat",
     {{"FR-EFORMS-326912557", "Espaces Verts Lemire", SizeClass::kMicro},  // ORG-0004, l. 386
      {"FR-EFORMS-339609661", "ID Verde SASU", SizeClass::kMedium}},       // ORG-0005, l. 420-438
     {{"FR-EFORMS-123456789:SC-ABC-234-01",     // BT-150 "SC/ABC/234/01" (l. 219)
       "FR-EFORMS-326912557", "Agence Centre",  // BT-721 (l. 211)
       "2019-09-03",  // BT-145 (l. 209) wins over BT-1451 2019-09-02 (l. 207)
       "2020-12-31",  // LOT-0001 BT-537 (l. 655)
       95414, "EUR", "LOT-0001"},
      {"FR-EFORMS-123456789:SC-DEF-124-01",  // BT-150 "SC/DEF/124/01" (l. 242)
       "FR-EFORMS-339609661", "Agence Hauts de Rouen", "2019-09-03",
       "2020-12-31",  // LOT-0002 BT-537 "2020-12-31+01:00" (l. 786)
       26500, "EUR", "LOT-0002"}}},
    {"can_23_contracts.xml",
     "f4308a76-5393-477c-ba91-f4c9fb8818a6",  // line 290
     "GB-EFORMS-123456789",                   // GBR, CompanyID "123 456 789" (l. 159)
     "The Council of the City of Wakefield",
     {{"GB-EFORMS-222222222", "Jacobs", SizeClass::kMedium},                           // l. 225-240
      {"GB-EFORMS-333333333", "Phoenix commercial collections", SizeClass::kMedium}},  // l. 253-268
     {{"GB-EFORMS-123456789:DF-JDHF-2020-05",  // BT-150 "DF JDHF/2020-05" (l. 102)
       "GB-EFORMS-222222222",
       "Concession Contract for the Supply of Enforcement Agency Services (Call-off from the "
       "YPO Enforcement Services DPS \u2014 774)",
       "2020-02-19",    // no BT-145: BT-1451 (l. 94)
       "2021-02-18",    // 2020-02-19 + 12 months - 1 day
       2000000, "GBP",  // TEN-0001 (l. 53), not the notice's EUR 3000000 total
       "LOT-0000"},
      {"GB-EFORMS-123456789:DF-DFGH-2020-07",  // BT-150 "DF DFGH/2020-07" (l. 118)
       "GB-EFORMS-333333333",
       "Concession Contract for the Supply of Enforcement Agency Services (Call-off from the "
       "YPO Enforcement Services DPS \u2014 774)",
       "2020-02-19", "2021-02-18", 1000000, "GBP", "LOT-0000"}}},  // TEN-0002 (l. 74)
    {"veat_24.xml",
     "6ea164b2-228c-4ae8-b3b5-26f3946b8300",  // line 282
     "GB-EFORMS-BUYERID01",                   // CompanyID "buyerid01" (l. 87), upper-cased
     "Middlesbrough Council",
     // The consortium TPA-0001 (l. 49-63); no member has a CompanyID, so ids come from names.
     {{"GB-NAME-DIRECT-HEALTHCARE-SERVICES-LTD", "Direct Healthcare Services Ltd",
       SizeClass::kSmall},
      {"GB-NAME-HARVEST-HEALTHCARE-LTD", "Harvest Healthcare Ltd", SizeClass::kSmall},
      {"GB-NAME-INVACARE-LTD", "Invacare Ltd", SizeClass::kLarge}},
     {{"GB-EFORMS-BUYERID01:RN-AAT-345-02-SC",  // BT-150 "RN AAT-345/02/SC" (l. 43)
       "GB-NAME-INVACARE-LTD",                  // GroupLeadIndicator true (l. 61)
       "Supply of Profiling Beds with Accessories, Pressure Relieving Mattresses and Cushions",
       "2020-04-15",   // BT-1451 (l. 40)
       "2021-04-14",   // 2020-04-15 + 12 months - 1 day
       350000, "EUR",  // no BT-720 nor BT-709; the only contract: BT-161 (l. 10)
       "LOT-0000"}}},
    {"can_24_LSBU.xml",
     "34453177-5a72-4c6f-b531-19b5aaa217ba",  // line 205
     // The SDK examples reuse the dummy CompanyID "123 456 789" for London South Bank
     // University and for Wakefield (can_23_contracts), both GBR: one id for both.
     "GB-EFORMS-123456789",
     "London South Bank University",
     {{"GB-EFORMS-ABCDEFGH", "PwC UK LLP", SizeClass::kLarge}},  // ORG-0003, l. 174-189
     {{"GB-EFORMS-123456789:CRN-ABC-123-2020",  // BT-150 "CRN ABC-123/2020" (l. 77)
       "GB-EFORMS-ABCDEFGH",
       "Change Partner",  // no BT-721: the lot's title (l. 377)
       "2018-07-31",      // BT-145 (l. 69)
       "2019-07-30",      // 2018-07-31 + 12 months - 1 day
       4500000, "GBP",    // BT-720 (l. 52), equal to the framework maximum BT-709 (l. 18)
       "LOT-0000"}}},
    {"can_24_no_tenders.xml",
     "da7ec2b4-ff04-4838-8e28-489a3b5c573c",  // line 57
     "LU-EFORMS-123456",                      // LUX, CompanyID "123456" (l. 42)
     "foo",
     {},  // the lot was closed with no tenders (clos-nw, l. 12)
     {}}};

}  // namespace

BOOST_AUTO_TEST_SUITE(eforms)

BOOST_AUTO_TEST_CASE(every_corpus_notice_imports_without_problems) {
    int notices = 0;
    for (const auto& entry : fs::directory_iterator(corpus_dir())) {
        if (entry.path().extension() != ".xml")
            continue;
        ++notices;
        auto name = entry.path().filename().string();
        BOOST_TEST_CONTEXT(name) {
            auto result = parse_document(corpus_file(name), name);
            BOOST_TEST(result.ok(), problems_of(result));
            BOOST_TEST((result.kind == DocumentKind::kContractAwardNotice));
        }
    }
    BOOST_TEST(notices == 6);  // the six notices of the corpus (docs/eforms.md)
}

BOOST_DATA_TEST_CASE(corpus_notice_maps_to_the_values_read_by_hand, bdata::make(kNotices),
                     expected) {
    auto r = parse_ok(corpus_file(expected.file), expected.file);
    const auto& n = r.notice;
    BOOST_TEST(n.notice_id == expected.notice_id);
    BOOST_TEST(n.buyer.id == expected.buyer_id);
    BOOST_TEST(n.buyer.name == expected.buyer_name);

    BOOST_TEST_REQUIRE(n.winners.size() == expected.winners.size());
    for (std::size_t i = 0; i < expected.winners.size(); ++i) {
        BOOST_TEST_CONTEXT("winner " << i) {
            BOOST_TEST(n.winners[i].id == expected.winners[i].id);
            BOOST_TEST(n.winners[i].name == expected.winners[i].name);
            BOOST_TEST(to_string(n.winners[i].size) == to_string(expected.winners[i].size));
            BOOST_TEST(!n.winners[i].strategic);
        }
    }

    BOOST_TEST_REQUIRE(n.contracts.size() == expected.contracts.size());
    for (std::size_t i = 0; i < expected.contracts.size(); ++i) {
        const auto& want = expected.contracts[i];
        const auto& got = n.contracts[i];
        BOOST_TEST_CONTEXT("contract " << want.id) {
            BOOST_TEST(got.id == want.id);
            BOOST_TEST(got.authority_id == expected.buyer_id);
            BOOST_TEST(got.supplier_id == want.supplier);
            BOOST_TEST(got.title == want.title);
            BOOST_TEST(scorecard::format_date(got.start) == want.start);
            BOOST_TEST(scorecard::format_date(got.end) == want.end);
            BOOST_TEST(got.value == want.value);
            BOOST_TEST(got.currency == want.currency);
            BOOST_TEST(got.lot == want.lot);
            // Notice-sourced contracts: quarterly until a ContractFeed says otherwise, active,
            // and no KPIs (SPEC §5).
            BOOST_TEST(to_string(got.frequency) == "quarterly");
            BOOST_TEST(to_string(got.status) == "active");
            BOOST_TEST(got.kpis.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(an_organisation_keeps_its_id_across_notices) {
    // Rouen Habitat buys, and Espaces Verts Lemire wins, in both notices; their ORG-… ids are
    // notice-local, the ids we derive are not.
    auto minimal = parse_ok(corpus_file("can_24_minimal.xml"), "minimal");
    auto fra = parse_ok(corpus_file("can_24_FRA_comments.xml"), "fra");
    BOOST_TEST(minimal.notice.buyer.id == fra.notice.buyer.id);
    BOOST_TEST(minimal.notice.winners.at(0).id == fra.notice.winners.at(0).id);
}

BOOST_AUTO_TEST_CASE(element_prefixes_do_not_matter_only_namespaces) {
    auto notice = corpus_file("can_24_minimal.xml");
    for (auto [from, to] :
         {std::pair{"cbc", "b"}, {"cac", "a"}, {"efac", "x"}, {"efbc", "y"}, {"efext", "z"}}) {
        notice = replace_all(notice, "<" + std::string(from) + ":", "<" + std::string(to) + ":");
        notice = replace_all(notice, "</" + std::string(from) + ":", "</" + std::string(to) + ":");
        notice = replace_all(notice, "xmlns:" + std::string(from) + "=",
                             "xmlns:" + std::string(to) + "=");
    }
    auto renamed = parse_ok(notice, "renamed prefixes");
    auto original = parse_ok(corpus_file("can_24_minimal.xml"), "original");
    BOOST_TEST((renamed.notice.buyer == original.notice.buyer));
    BOOST_TEST((renamed.notice.winners == original.notice.winners));
    BOOST_TEST((renamed.notice.contracts == original.notice.contracts));
    BOOST_TEST(renamed.notice.contracts.size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_element_in_another_namespace_is_not_read) {
    // The winner's size code moved to a foreign namespace is no size code at all: the
    // documented default (large) applies instead of micro.
    auto notice = replace_first(
        corpus_file("can_24_minimal.xml"),
        R"(<efbc:CompanySizeCode listName="economic-operator-size">micro</efbc:CompanySizeCode>)",
        R"(<o:CompanySizeCode xmlns:o="urn:other">micro</o:CompanySizeCode>)");
    auto r = parse_ok(notice, "foreign size");
    BOOST_TEST(to_string(r.notice.winners.at(0).size) == "large");
}

BOOST_AUTO_TEST_CASE(a_winner_without_a_size_is_counted_as_large) {
    auto notice = replace_first(
        corpus_file("can_24_minimal.xml"),
        R"(<efbc:CompanySizeCode listName="economic-operator-size">micro</efbc:CompanySizeCode>)",
        "");
    auto r = parse_ok(notice, "no size");
    BOOST_TEST(to_string(r.notice.winners.at(0).size) == "large");
}

BOOST_AUTO_TEST_CASE(a_winner_of_two_lots_is_one_supplier) {
    // FRA_comments with TPA-0002's tenderer (ORG-0005, l. 262) changed to ORG-0004.
    auto notice = replace_first(corpus_file("can_24_FRA_comments.xml"),
                                R"(<cbc:ID schemeName="organization">ORG-0005</cbc:ID>)",
                                R"(<cbc:ID schemeName="organization">ORG-0004</cbc:ID>)");
    auto r = parse_ok(notice, "one winner");
    BOOST_TEST_REQUIRE(r.notice.winners.size() == 1u);
    BOOST_TEST(r.notice.winners[0].id == "FR-EFORMS-326912557");
    BOOST_TEST_REQUIRE(r.notice.contracts.size() == 2u);
    BOOST_TEST(r.notice.contracts[0].supplier_id == "FR-EFORMS-326912557");
    BOOST_TEST(r.notice.contracts[1].supplier_id == "FR-EFORMS-326912557");
}

BOOST_AUTO_TEST_CASE(without_a_tender_value_the_framework_maximum_is_the_value) {
    // LSBU without its BT-720 (l. 51-53) and with BT-709 (l. 18) lowered to 4000000.
    auto notice =
        replace_first(corpus_file("can_24_LSBU.xml"),
                      R"(<cbc:PayableAmount currencyID="GBP">4500000</cbc:PayableAmount>)", "");
    notice = replace_first(
        notice, R"(<cbc:MaximumValueAmount currencyID="GBP">4500000</cbc:MaximumValueAmount>)",
        R"(<cbc:MaximumValueAmount currencyID="GBP">4000000</cbc:MaximumValueAmount>)");
    auto r = parse_ok(notice, "framework maximum");
    BOOST_TEST_REQUIRE(r.notice.contracts.size() == 1u);
    BOOST_TEST(r.notice.contracts[0].value == 4000000.0);
    BOOST_TEST(r.notice.contracts[0].currency == "GBP");
}

BOOST_AUTO_TEST_CASE(the_notice_total_is_not_shared_out_between_several_contracts) {
    // can_23 without both tender values: the EUR 3000000 total (l. 10) covers two contracts,
    // so neither gets it; the value is 0 in the total's currency.
    auto notice =
        replace_first(corpus_file("can_23_contracts.xml"),
                      R"(<cbc:PayableAmount currencyID="GBP">2000000</cbc:PayableAmount>)", "");
    notice = replace_first(
        notice, R"(<cbc:PayableAmount currencyID="GBP">1000000</cbc:PayableAmount>)", "");
    auto r = parse_ok(notice, "no tender values");
    BOOST_TEST_REQUIRE(r.notice.contracts.size() == 2u);
    for (const auto& c : r.notice.contracts) {
        BOOST_TEST_CONTEXT(c.id) {
            BOOST_TEST(c.value == 0.0);
            BOOST_TEST(c.currency == "EUR");
        }
    }
}

struct DurationCase {
    std::string name;
    std::string file;
    int lot_title_line;  // the lot's cbc:Name, after which a BT-36 is inserted
    std::string duration;
    std::string unit;
    std::string end;
};

std::ostream& operator<<(std::ostream& os, const DurationCase& c) {
    return os << c.name;
}

// A term ends the day before the same day `n` units later, or on the last day of the month
// when that month has no such day.
const std::vector<DurationCase> kDurations = {
    // can_24_minimal starts 2019-09-03 (BT-145); its lot's title is on line 260.
    {"36 months", "can_24_minimal.xml", 260, "36", "MONTH", "2022-09-02"},  // 2022-09-03 - 1
    {"2 years", "can_24_minimal.xml", 260, "2", "YEAR", "2021-09-02"},      // 2021-09-03 - 1
    {"30 days", "can_24_minimal.xml", 260, "30", "DAY", "2019-10-02"},      // 3 Sep + 29 days
    {"2 weeks", "can_24_minimal.xml", 260, "2", "WEEK", "2019-09-16"},      // 3 Sep + 13 days
    // can_24_LSBU starts 2018-07-31; 31 September does not exist, so the term ends on the
    // 30th. Its lot's title is on line 377.
    {"2 months from the 31st", "can_24_LSBU.xml", 377, "2", "MONTH", "2018-09-30"},
};

BOOST_DATA_TEST_CASE(the_lot_duration_gives_the_end_date, bdata::make(kDurations), c) {
    auto notice =
        replace_on_line(corpus_file(c.file), c.lot_title_line, "</cbc:Name>",
                        "</cbc:Name><cac:PlannedPeriod><cbc:DurationMeasure unitCode=\"" + c.unit +
                            "\">" + c.duration + "</cbc:DurationMeasure></cac:PlannedPeriod>");
    auto r = parse_ok(notice, c.name);
    BOOST_TEST_REQUIRE(r.notice.contracts.size() == 1u);
    BOOST_TEST(scorecard::format_date(r.notice.contracts[0].end) == c.end);
}

BOOST_AUTO_TEST_CASE(an_org_id_given_as_company_id_is_kept) {
    // A winner whose BT-501 already names its register (Companies House) keeps it as is.
    auto notice = replace_first(corpus_file("can_24_minimal.xml"),
                                "<cbc:CompanyID>326 912 557</cbc:CompanyID>",
                                "<cbc:CompanyID>GB-COH-01234567</cbc:CompanyID>");
    auto r = parse_ok(notice, "org-id");
    BOOST_TEST(r.notice.winners.at(0).id == "GB-COH-01234567");
    BOOST_TEST(r.notice.contracts.at(0).supplier_id == "GB-COH-01234567");
}

// --- Problems ------------------------------------------------------------------------

struct BadCase {
    std::string name;
    std::string file;
    int line;  // the line edited, where the problem must be reported
    std::string from;
    std::string to;
    std::string code;
    int column;
    std::string mentions;  // the message names the offending value
};

std::ostream& operator<<(std::ostream& os, const BadCase& c) {
    return os << c.name;
}

// Columns are those of the element's name (just after '<'): the elements edited are
// indented by 8 tabs (name in column 10), the AwardDate of veat_24 by 7 (column 9).
const std::vector<BadCase> kBadCases = {
    {"dangling tenderer", "can_24_minimal.xml", 85,  // TPA-0001's tenderer
     ">ORG-0004<", ">ORG-0099<", "reference", 10, "ORG-0099"},
    {"dangling tender", "can_24_minimal.xml", 79,  // the settled contract's tender
     ">TEN-0001<", ">TEN-0009<", "reference", 10, "TEN-0009"},
    {"dangling tendering party", "can_24_LSBU.xml", 58,  // TEN-0001's tendering party
     ">TPA-0001<", ">TPA-0007<", "reference", 10, "TPA-0007"},
    {"unknown size code", "can_24_minimal.xml", 145,  // ORG-0004's BT-165
     ">micro<", ">huge<", "enum", 10, "huge"},
    {"tender value not a number", "can_23_contracts.xml", 53,  // TEN-0001's BT-720
     ">2000000<", ">two million<", "number", 10, "two million"},
    {"contract date not a date", "veat_24.xml", 40,  // BT-1451
     ">2020-04-15+02:00<", ">15/04/2020<", "date", 9, "15/04/2020"},
};

BOOST_DATA_TEST_CASE(a_broken_notice_is_reported_where_it_is_broken, bdata::make(kBadCases), bad) {
    auto notice = replace_on_line(corpus_file(bad.file), bad.line, bad.from, bad.to);
    auto r = parse_document(notice, bad.name);
    BOOST_TEST_REQUIRE(r.problems.size() == 1u, problems_of(r));
    const auto& p = r.problems[0];
    BOOST_TEST(p.code == bad.code);
    BOOST_TEST(p.line == bad.line);
    BOOST_TEST(p.column == bad.column);
    BOOST_TEST(p.document == bad.name);
    BOOST_TEST(p.message.find(bad.mentions) != std::string::npos, p.message);
}

BOOST_AUTO_TEST_CASE(a_contract_notice_is_not_a_result_notice) {
    std::string notice =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ContractNotice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2\"\n"
        "    xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
        "  <cbc:ID>00000000-0000-0000-0000-000000000000</cbc:ID>\n"
        "</ContractNotice>\n";
    auto r = parse_document(notice, "cn.xml");
    BOOST_TEST_REQUIRE(r.problems.size() == 1u, problems_of(r));
    BOOST_TEST(r.problems[0].code == "not_a_result_notice");
    BOOST_TEST(r.problems[0].line == 2);  // the root element
    BOOST_TEST(r.problems[0].column == 2);
}

BOOST_AUTO_TEST_CASE(an_award_notice_without_a_result_is_not_a_result_notice) {
    // can_24_no_tenders without its efac:NoticeResult (l. 9-20).
    auto notice = corpus_file("can_24_no_tenders.xml");
    auto from = notice.find("<efac:NoticeResult>");
    auto to = notice.find("</efac:NoticeResult>");
    BOOST_TEST_REQUIRE((from != std::string::npos && to != std::string::npos));
    notice.erase(from, to + std::string("</efac:NoticeResult>").size() - from);
    auto r = parse_document(notice, "no result");
    BOOST_TEST_REQUIRE(r.problems.size() == 1u, problems_of(r));
    BOOST_TEST(r.problems[0].code == "not_a_result_notice");
    BOOST_TEST(r.problems[0].line == 4);  // <ContractAwardNotice
    BOOST_TEST(r.problems[0].column == 2);
}

BOOST_AUTO_TEST_CASE(every_problem_of_a_notice_is_reported) {
    // Two independent faults in one notice: both are listed.
    auto notice = replace_first(corpus_file("can_24_minimal.xml"), ">micro</efbc:CompanySizeCode>",
                                ">huge</efbc:CompanySizeCode>");  // l. 145
    notice = replace_first(notice, "<cbc:IssueDate>2019-09-03+02:00</cbc:IssueDate>",
                           "<cbc:IssueDate>2019-02-30</cbc:IssueDate>");  // l. 69
    auto r = parse_document(notice, "two faults");
    BOOST_TEST_REQUIRE(r.problems.size() == 2u, problems_of(r));
    std::vector<std::string> codes;
    for (const auto& p : r.problems)
        codes.push_back(p.code);
    std::sort(codes.begin(), codes.end());
    BOOST_TEST(codes == (std::vector<std::string>{"date", "enum"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
