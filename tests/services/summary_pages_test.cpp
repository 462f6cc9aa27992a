// The dashboard, the annual report and /reports (services/http/pages/dashboard.cpp) through
// the real server on every database: what they show, in words people read, and how their
// wide tables reflow. The world is services_test_support.h's; figures are worked out by
// hand in the comments.
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <string>

#include "services_test_support.h"
#include "store/repositories.h"
#include "test_server.h"

using namespace scorecard;
using namespace scorecard::services::testing;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The markup of the element that starts with `open` (e.g. "<table class=\"govuk-table\"
// id=\"flagged-table\""), up to the first `close` after it; fails the test when absent.
std::string section(const std::string& html, const std::string& open, const std::string& close) {
    const auto start = html.find(open);
    BOOST_REQUIRE_MESSAGE(start != std::string::npos, "no " << open);
    const auto end = html.find(close, start);
    BOOST_REQUIRE(end != std::string::npos);
    return html.substr(start, end - start);
}

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(summary_pages)

// 22 suppliers with open flags on contracts of HMRC (the world's DWP contracts may have
// flags of their own, depending on the day): GB-COH-90000022 has three, the others one
// each. Most flags first, then by id: 22, then 01 to 19 make the 20 shown; 20 and 21 are
// left to /flags. HMRC's commercial team sees these and nothing else.
BOOST_AUTO_TEST_CASE(the_dashboard_lists_the_20_most_flagged_suppliers_and_links_to_all) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        {
            auto conn = db.acquire();
            const store::Change change{"test", at("2026-11-01T00:00:00Z")};
            store::AuthorityRepository(*conn).upsert({kOtherAuthority, "HM Revenue and Customs"},
                                                     change);
            for (int i = 1; i <= 22; ++i) {
                char id[32];
                std::snprintf(id, sizeof id, "GB-COH-900000%02d", i);
                store::SupplierRepository(*conn).upsert(
                    {id, std::string("Flagged ") + std::to_string(i) + " Ltd", SizeClass::kMedium,
                     false},
                    change);
                const std::string contract = std::string("HMRC-F-") + std::to_string(i);
                store::ContractRepository(*conn).upsert(
                    scorecard::testing::contract(contract, kOtherAuthority, id, "Flagged service",
                                                 "2026-01-01", "2027-12-31", 1000,
                                                 Frequency::kMonthly),
                    change);
                for (int f = 0; f < (i == 22 ? 3 : 1); ++f) {
                    Flag flag;
                    flag.rule = FlagRuleId::kMissingReturn;
                    flag.severity = Severity::kLow;
                    flag.supplier_id = id;
                    flag.contract_id = contract;
                    flag.authority_id = kOtherAuthority;
                    flag.period = period("2026-0" + std::to_string(7 + f));
                    flag.detail = "no return";
                    flag.raised = at("2026-11-01T00:00:00Z");
                    store::FlagRepository(*conn).insert(flag, change);
                }
            }
        }
        auto page = srv.get("/dashboard", srv.commercial_other);
        BOOST_REQUIRE_MESSAGE(page.status == 200, page);
        const std::string table =
            section(page.body, "<table class=\"govuk-table\" id=\"flagged-table\">", "</table>");
        BOOST_TEST(count_of(table, "href=\"/suppliers/") == 20u);
        BOOST_TEST(contains(table, "22 suppliers with open flags: the 20 with the most"));
        const auto first = table.find("GB-COH-90000022");
        BOOST_TEST((first != std::string::npos && first < table.find("GB-COH-90000001")));
        BOOST_TEST(contains(table, "GB-COH-90000019"));
        BOOST_TEST(!contains(table, "GB-COH-90000020"));
        BOOST_TEST(!contains(table, "GB-COH-90000021"));
        // Sizes in words; the counts of the first row.
        BOOST_TEST(contains(table,
                            ">Flagged 22 Ltd</a></td><td class=\"govuk-table__cell\">Medium"
                            "</td><td class=\"govuk-table__cell "
                            "govuk-table__cell--numeric\">3</td>"));
        // 21 + 3 = 24 open flags, all of them on /flags.
        BOOST_TEST(contains(page.body,
                            "<a class=\"govuk-link\" href=\"/flags\" id=\"all-flags\">"
                            "All 24 open flags</a>"));
        // The API still lists every flagged supplier.
        auto summary = srv.get("/api/v1/summary", srv.commercial_other);
        BOOST_TEST(summary.json()->getArray("flagged_suppliers")->size() == 22u);
    });
}

BOOST_AUTO_TEST_CASE(the_dashboard_speaks_in_words_and_one_number_format) {
    for_each_world([](RunningServer& srv) {
        return_two_periods(srv);
        auto page = srv.get("/dashboard", srv.minister);
        BOOST_REQUIRE_MESSAGE(page.status == 200, page);
        // The authority chart names the authority; no code stands in for it.
        const std::string authority_chart =
            section(page.body, "aria-labelledby=\"authority-chart-title", "</svg>");
        BOOST_TEST(contains(authority_chart, ">Department for Work and Pensions</text>"));
        BOOST_TEST(!contains(authority_chart, ">DWP<"));
        // The rating table's words are the statutory ones, as tags.
        const std::string ratings =
            section(page.body, "<table class=\"govuk-table\" id=\"ratings-table\">", "</table>");
        for (const char* words : {">Good<", ">Approaching target<", ">Requires improvement<",
                                  ">Inadequate<", ">Missing<"})
            BOOST_TEST(contains(ratings, words), words << " in " << ratings);
        // Scores to one decimal in the tables and the charts alike: contract A's current
        // score is 2026-10's 100.0, contract B has none (missing), so the mean is 100.0.
        BOOST_TEST(contains(page.body, "id=\"mean-score\">100.0<"));
        BOOST_TEST(contains(page.body, "<span data-size-mean=\"large\">100.0</span>"));
        BOOST_TEST(contains(section(page.body, "aria-labelledby=\"size-chart-title", "</svg>"),
                            ">100.0</text>"));
        // The wide tables scroll in focusable regions labelled by their captions.
        for (const char* id : {"size-table", "authority-table"}) {
            BOOST_TEST(contains(page.body, std::string("<div class=\"app-table-wrap\" "
                                                       "role=\"region\" aria-labelledby=\"") +
                                               id + "-caption\" tabindex=\"0\">"),
                       id);
            BOOST_TEST(contains(page.body, std::string("id=\"") + id + "-caption\">"), id);
        }
    });
}

// DWP's 2026 as returned above: one contract, two periods (75.0 approaching, 100.0 good),
// mean (75 + 100) / 2 = 87.5; supplier A is large, so the large mean is 87.5 and there is
// no SME figure.
BOOST_AUTO_TEST_CASE(the_annual_report_reads_in_words_and_its_table_reflows) {
    for_each_world([](RunningServer& srv) {
        return_two_periods(srv);
        auto page = srv.get("/reports/annual?authority=GB-GOV-DWP&year=2026", srv.commercial);
        BOOST_REQUIRE_MESSAGE(page.status == 200, page);
        for (const char* part : {
                 "<span class=\"govuk-caption-xl\">Department for Work and Pensions</span>",
                 "Annual performance report 2026</h1>",
                 "id=\"annual-contracts-count\">1<",
                 "id=\"annual-periods\">2<",
                 "id=\"annual-mean\">87.5<",
                 "id=\"annual-mean-large\">87.5<",
                 "id=\"annual-mean-sme\">–<",
                 "<span data-rating-count=\"good\">1</span>",
                 "<span data-rating-count=\"approaching\">1</span>",
                 "<span data-rating-count=\"missing\">0</span>",
                 // The contract table in its region, labelled by its caption.
                 "<div class=\"app-table-wrap\" role=\"region\" "
                 "aria-labelledby=\"annual-contracts-caption\" tabindex=\"0\">",
                 "id=\"annual-contracts-caption\">Contracts of Department for Work and Pensions "
                 "with periods scored in 2026</caption>",
                 // Periods as months, scores to one decimal, ratings as statutory tags.
                 "<li data-period=\"2026-09\">September 2026: 75.0 <strong class=\"govuk-tag "
                 "govuk-tag--blue app-rating\" data-rating=\"approaching\">Approaching "
                 "target</strong>",
                 "<li data-period=\"2026-10\">October 2026: 100.0 <strong class=\"govuk-tag "
                 "govuk-tag--green app-rating\" data-rating=\"good\">Good</strong>",
                 "data-contract-mean=\"DWP-2026-0001\">87.5<",
                 "Acme Services Ltd<br><span class=\"govuk-body-s\">Large</span>",
                 "href=\"/reports/annual.csv?authority=GB-GOV-DWP&amp;year=2026\" download",
             })
            BOOST_TEST(contains(page.body, part), part);
        // "Other" has no row when no period was rated so.
        BOOST_TEST(!contains(page.body, "data-rating-count=\"other\""));
        // A year without scores says so instead of an empty table.
        auto empty = srv.get("/reports/annual?authority=GB-GOV-DWP&year=2025", srv.commercial);
        BOOST_TEST(empty.status == 200);
        BOOST_TEST(contains(empty.body,
                            "id=\"annual-no-contracts\">No contract of Department for "
                            "Work and Pensions has a period scored in 2025.</p>"));
        // The CSV keeps the codes, for programs.
        auto csv = srv.get("/reports/annual.csv?authority=GB-GOV-DWP&year=2026", srv.commercial);
        BOOST_TEST(csv.body ==
                       "authority,year,contract,title,supplier,supplier_name,size,period,score,"
                       "rating,contract_mean\r\n"
                       "GB-GOV-DWP,2026,DWP-2026-0001,Contact centre services,GB-COH-01234567,"
                       "Acme Services Ltd,large,2026-09,75,approaching,87.5\r\n"
                       "GB-GOV-DWP,2026,DWP-2026-0001,Contact centre services,GB-COH-01234567,"
                       "Acme Services Ltd,large,2026-10,100,good,87.5\r\n",
                   csv.body);
    });
}

BOOST_AUTO_TEST_CASE(the_reports_page_offers_the_authorities_each_role_may_read) {
    for_each_world([](RunningServer& srv) {
        // A commercial user: their own authority only; a minister: every one.
        auto own = srv.get("/reports", srv.commercial);
        BOOST_REQUIRE_MESSAGE(own.status == 200, own);
        const std::string own_select = section(own.body, "<select", "</select>");
        BOOST_TEST(count_of(own_select, "<option ") == 1u);
        BOOST_TEST(
            contains(own_select, "<option value=\"GB-GOV-DWP\">Department for Work and Pensions"));
        auto all = srv.get("/reports", srv.minister);
        BOOST_TEST(count_of(section(all.body, "<select", "</select>"), "<option ") >= 1u);
        // A supplier may not read annual reports: no form, only the open data.
        auto supplier = srv.get("/reports", srv.supplier_a);
        BOOST_TEST(supplier.status == 200);
        BOOST_TEST(!contains(supplier.body, "action=\"/reports/annual\""));
        BOOST_TEST(contains(supplier.body, "href=\"/open-data\""));
    });
}

BOOST_AUTO_TEST_SUITE_END()
