// The directory (GET /authorities, /suppliers, /suppliers/{id}, /contracts, /contracts/{id})
// through the real server, on every database: each filter, sorting, paging totals, the CSV
// form, scoping per role (lists and totals count only what the caller may see) and the
// statuses of bad parameters and records one may not see.
//
// The world is services_test_support.h's; its one return (kpi_return_a 2026-09: CALLS 93.2,
// COMPLAINTS 4) scores, by SPEC §3: CALLS 93.2 is below good 95 and at least approaching 90
// → approaching, 75 points; COMPLAINTS 4 ≤ good 5 → good, 100 points; the period score is
// (40×75 + 20×100) / (40 + 20) = 5000/60 = 83.33… → approaching (65 ≤ s < 85), shown 83.3.
// Supplier A's only active scored contract is DWP-2026-0001, so its score is 83.3 too
// (SPEC §3.6); supplier B has no return, so no score (rating `missing`).
#include <boost/test/unit_test.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "store/repositories.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
namespace tt = boost::test_tools;

namespace {

const std::string kCsvSupplierA =
    "GB-COH-01234567,Acme Services Ltd,large,large,false,83.3,approaching,";

// for_each_world with supplier A's 2026-09 return in (the scores above).
void for_each_scored_world(const std::function<void(RunningServer& srv)>& body) {
    for_each_world([&](RunningServer& srv) {
        auto r = srv.post_xml("/api/v1/returns", srv.supplier_a,
                              kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        BOOST_TEST_REQUIRE(r.status == 201, r);
        body(srv);
    });
}

// The "id"s of a list reply's items, in order.
std::vector<std::string> ids(const Reply& r, const std::string& items) {
    std::vector<std::string> out;
    auto list = r.json()->getArray(items);
    for (std::size_t i = 0; i < list->size(); ++i)
        out.push_back(list->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
    return out;
}

std::int64_t total(const Reply& r) {
    return r.json()->getValue<std::int64_t>("total");
}

using Ids = std::vector<std::string>;

// A list request that must succeed: its ids and total.
struct Listed {
    Ids ids;
    std::int64_t total = 0;
};
Listed list(RunningServer& srv, const std::string& path, const std::string& token,
            const std::string& items) {
    auto r = srv.get(path, token);
    BOOST_TEST_REQUIRE(r.status == 200, path << ": " << r);
    return {ids(r, items), total(r)};
}

// A list request on /api/v1/<items> with `query`: exactly `expected`, in order, and the
// total `total` (every match, not only the page).
struct ListCase {
    std::string query;
    Ids expected;
    std::int64_t total;
};
void check_lists(RunningServer& srv, const std::string& items, const std::string& who,
                 const std::string& token, const std::vector<ListCase>& cases) {
    for (const ListCase& c : cases) {
        BOOST_TEST_CONTEXT(who << " GET /api/v1/" << items << c.query) {
            Listed got = list(srv, "/api/v1/" + items + c.query, token, items);
            BOOST_TEST(got.ids == c.expected, tt::per_element());
            BOOST_TEST(got.total == c.total);
        }
    }
}

// The same, each case as another caller.
struct CallerCase {
    std::string who;
    std::string token;
    ListCase list;
};
void check_lists(RunningServer& srv, const std::string& items,
                 const std::vector<CallerCase>& cases) {
    for (const CallerCase& c : cases)
        check_lists(srv, items, c.who, c.token, {c.list});
}

// Four contracts of four suppliers, each ordering of which is another permutation, none of
// them the order of the ids (nor its reverse) or of the feed, so that a server that ignores
// `sort`, or sorts the wrong way round, fails. One KPI each (CALLS: percent, higher, weight
// 1, good 95, approaching 90, minimum 85), so a contract's score is its CALLS points
// (SPEC §3.2-3.5) and a supplier's, with one active contract, the same (§3.6):
//
//   contract   supplier (name)                     title                value    CALLS  score
//   DWP-SRT-1  GB-COH-10000001 Mercer Facilities   Office cleaning      300,000  80     0
//   (inadequate) DWP-SRT-2  GB-COH-10000002 Bramble Care CIC    Waste collection     100,000  none
//   none DWP-SRT-3  GB-COH-10000003 Tallis Systems      Catering             200,000  92     75
//   (approaching) DWP-SRT-4  GB-COH-10000004 Aldgate Cleaning    Grounds maintenance  900,000  96
//   100 (good)
struct SortWorld {
    std::string id, supplier, supplier_name, title;
    double value;
    std::optional<double> calls;
};
const std::vector<SortWorld> kSortWorld = {
    // In the feed in this order: neither the ids' nor any sort's.
    {"DWP-SRT-3", "GB-COH-10000003", "Tallis Systems Ltd", "Catering", 200000, 92},
    {"DWP-SRT-1", "GB-COH-10000001", "Mercer Facilities Ltd", "Office cleaning", 300000, 80},
    {"DWP-SRT-4", "GB-COH-10000004", "Aldgate Cleaning Ltd", "Grounds maintenance", 900000, 96},
    {"DWP-SRT-2", "GB-COH-10000002", "Bramble Care CIC", "Waste collection", 100000, std::nullopt},
};

void load_sort_world(RunningServer& srv) {
    using namespace scorecard::testing;
    FeedBuilder feed;
    feed.authority(kAuthority, "Department for Work and Pensions");
    for (const auto& c : kSortWorld) {
        feed.supplier(c.supplier, c.supplier_name, SizeClass::kLarge);
        feed.contract(scorecard::testing::contract(c.id, kAuthority, c.supplier, c.title,
                                                   "2026-09-01", "2028-08-31", c.value,
                                                   Frequency::kMonthly))
            .kpi(kpi("CALLS", "Calls answered within 60 seconds", Unit::kPercent,
                     Direction::kHigher, 1, {95, 90, 85}));
    }
    auto loaded = srv.post_xml("/api/v1/feeds", srv.commercial, feed.xml());
    BOOST_TEST_REQUIRE(loaded.status == 201, loaded);
    for (const auto& c : kSortWorld) {
        if (!c.calls)
            continue;
        auto r = srv.post_xml("/api/v1/returns", srv.commercial,
                              return_xml(kpi_return(c.id, "2026-09", "2026-10-05T10:00:00Z",
                                                    {measured("CALLS", *c.calls)})));
        BOOST_TEST_REQUIRE(r.status == 201, r);
    }
}

// The first column of each line of a CSV body after its header.
Ids first_column(const std::string& csv) {
    Ids out;
    std::size_t at = csv.find("\r\n");
    while (at != std::string::npos && at + 2 < csv.size()) {
        const std::size_t start = at + 2;
        at = csv.find("\r\n", start);
        out.push_back(csv.substr(start, csv.find(',', start) - start));
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(suppliers)

BOOST_AUTO_TEST_CASE(the_list_shows_each_supplier_with_its_score_and_rating) {
    for_each_scored_world([](RunningServer& srv) {
        auto r = srv.get("/api/v1/suppliers", srv.admin);
        BOOST_TEST_REQUIRE(r.status == 200, r);
        auto body = r.json();
        BOOST_TEST(body->getValue<int>("total") == 2);
        BOOST_TEST(body->getValue<int>("limit") == 50);  // the default page
        BOOST_TEST(body->getValue<int>("offset") == 0);
        auto list = body->getArray("suppliers");
        BOOST_TEST_REQUIRE(list->size() == 2u);
        // By name: "Acme Services Ltd" before "Brightside Support CIC".
        auto a = list->getObject(0);
        BOOST_TEST(a->getValue<std::string>("id") == kSupplierA);
        BOOST_TEST(a->getValue<std::string>("name") == "Acme Services Ltd");
        BOOST_TEST(a->getValue<std::string>("size") == "large");
        BOOST_TEST(a->getValue<std::string>("size_group") == "large");
        BOOST_TEST(a->getValue<bool>("strategic") == false);
        BOOST_TEST(a->getValue<double>("score") == 83.3, tt::tolerance(1e-9));
        BOOST_TEST(a->getValue<double>("score_exact") == 5000.0 / 60.0, tt::tolerance(1e-9));
        BOOST_TEST(a->getValue<std::string>("rating") == "approaching");
        BOOST_TEST(a->getValue<int>("contracts") == 1);
        auto b = list->getObject(1);
        BOOST_TEST(b->getValue<std::string>("id") == kSupplierB);
        BOOST_TEST(b->getValue<std::string>("size") == "small");
        BOOST_TEST(b->getValue<std::string>("size_group") == "sme");
        BOOST_TEST(b->isNull("score"));
        BOOST_TEST(b->getValue<std::string>("rating") == "missing");
    });
}

BOOST_AUTO_TEST_CASE(each_filter_sort_and_page_narrows_the_list_and_its_total) {
    for_each_scored_world([](RunningServer& srv) {
        const std::string a = kSupplierA, b = kSupplierB;
        check_lists(srv, "suppliers", "admin", srv.admin,
                    {
                        {"", {a, b}, 2},
                        {"?size=small", {b}, 1},
                        {"?size=large", {a}, 1},
                        {"?size=micro", {}, 0},
                        {"?size_group=sme", {b}, 1},
                        {"?size_group=large", {a}, 1},
                        {"?authority=GB-GOV-DWP", {a, b}, 2},
                        // HMRC lets no contract.
                        {"?authority=GB-GOV-HMRC", {}, 0},
                        // Case-insensitive, in the name.
                        {"?q=brightside", {b}, 1},
                        {"?q=01234567", {a}, 1},     // in the id
                        {"?q=%25", {}, 0},           // a literal %, not a wildcard
                        {"?sort=id", {a, b}, 2},     // 01234567 < 07654321
                        {"?sort=score", {a, b}, 2},  // scored first
                        // A page; the total counts every match.
                        {"?sort=name&limit=1", {a}, 2},
                        {"?limit=1&offset=1", {b}, 2},
                        {"?offset=5", {}, 2},
                    });
    });
}

BOOST_AUTO_TEST_CASE(flagged_lists_suppliers_with_open_flags) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        load_world(srv);
        // CALLS 80 < minimum 85: inadequate, so A gets an open inadequate_kpi flag.
        auto r = srv.post_xml("/api/v1/returns", srv.supplier_a,
                              kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "80", "4"));
        BOOST_TEST_REQUIRE(r.status == 201, r);
        // B's overdue returns may have raised missing_return flags (that depends on today);
        // resolving them leaves B with none, whatever the date.
        store::with_transaction(db, store::TxMode::kWrite, [](store::Connection& conn) {
            store::FlagRepository flags(conn);
            store::FlagFilter open_of_b;
            open_of_b.supplier_id = kSupplierB;
            open_of_b.status = FlagStatus::kOpen;
            for (const Flag& f : flags.list(open_of_b))
                flags.resolve(f.id, {"test", at("2026-11-01T00:00:00Z")});
        });
        check_lists(srv, "suppliers", "admin", srv.admin,
                    {{"?flagged=true", {kSupplierA}, 1}, {"?flagged=false", {kSupplierB}, 1}});

        auto record = srv.get(std::string("/api/v1/suppliers/") + kSupplierA, srv.commercial);
        BOOST_TEST_REQUIRE(record.status == 200, record);
        // As of the test clock (2026-12-04), A's contract has three open flags (SPEC §4):
        // inadequate_kpi (CALLS in 2026-09), low_contract_score (33.3 < 65) and
        // missing_return for 2026-10 (ended more than 10 days before; 2026-09's, raised when
        // the feed loaded, was resolved by the return; 2026-11 is not due yet).
        BOOST_TEST(record.json()->getValue<int>("open_flags") == 3, record);
        // CALLS inadequate (0 points × 40), COMPLAINTS good (100 × 20): 2000/60 = 33.3.
        BOOST_TEST(record.json()->getValue<double>("score") == 33.3, tt::tolerance(1e-9));
        BOOST_TEST(record.json()->getValue<std::string>("rating") == "inadequate");
    });
}

BOOST_AUTO_TEST_CASE(lists_and_totals_hold_only_what_the_caller_may_see) {
    for_each_scored_world([](RunningServer& srv) {
        const std::string a = kSupplierA, b = kSupplierB;
        // The total counts only what the caller may see: the listed ids, no more.
        check_lists(srv, "suppliers",
                    {
                        {"minister", srv.minister, {"", {a, b}, 2}},
                        {"commercial (DWP)", srv.commercial, {"", {a, b}, 2}},
                        {"commercial (DWP) asking for HMRC",
                         srv.commercial,
                         {"?authority=GB-GOV-HMRC", {}, 0}},
                        {"commercial (HMRC)", srv.commercial_other, {"", {}, 0}},
                        {"commercial (HMRC) asking for DWP",
                         srv.commercial_other,
                         {"?authority=GB-GOV-DWP", {}, 0}},
                        {"supplier A", srv.supplier_a, {"", {a}, 1}},
                        {"supplier A searching for B", srv.supplier_a, {"?q=Brightside", {}, 0}},
                        {"supplier B", srv.supplier_b, {"?sort=score", {b}, 1}},
                    });
    });
}

BOOST_AUTO_TEST_CASE(a_record_is_403_for_another_organisation_and_404_when_unknown) {
    for_each_scored_world([](RunningServer& srv) {
        const std::string path_a = std::string("/api/v1/suppliers/") + kSupplierA;
        const std::string path_b = std::string("/api/v1/suppliers/") + kSupplierB;

        auto own = srv.get(path_a, srv.supplier_a);
        BOOST_TEST_REQUIRE(own.status == 200, own);
        BOOST_TEST(own.json()->getValue<std::string>("id") == kSupplierA);
        BOOST_TEST(own.json()->getValue<double>("score") == 83.3, tt::tolerance(1e-9));
        BOOST_TEST(own.json()->getValue<std::string>("scorecard") == path_a + "/scorecard");

        BOOST_TEST(srv.get(path_b, srv.supplier_a).status == 403);
        BOOST_TEST(srv.get(path_a, srv.commercial_other).status == 403);
        BOOST_TEST(srv.get(path_a, srv.commercial).status == 200);
        BOOST_TEST(srv.get(path_b, srv.minister).status == 200);
        auto unknown = srv.get("/api/v1/suppliers/GB-COH-00000000", srv.admin);
        BOOST_TEST(unknown.status == 404, unknown);
        BOOST_TEST(unknown.json()->getObject("error")->getValue<std::string>("code") ==
                   "not_found");
        BOOST_TEST(srv.get(path_a, "").status == 401);
    });
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_400) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        for (const std::string& query : std::vector<std::string>{
                 "?size=huge", "?size_group=mid", "?flagged=maybe", "?sort=rank", "?limit=0",
                 "?limit=1001", "?offset=-1", "?format=xml",
                 "?authority=", "?q=" + std::string(201, 'x')}) {
            auto r = srv.get("/api/v1/suppliers" + query, srv.admin);
            BOOST_TEST(r.status == 400, query << ": " << r);
        }
        for (const std::string& query :
             std::vector<std::string>{"?status=open", "?sort=name", "?supplier=", "?limit=x"}) {
            auto r = srv.get("/api/v1/contracts" + query, srv.admin);
            BOOST_TEST(r.status == 400, query << ": " << r);
        }
    });
}

BOOST_AUTO_TEST_CASE(the_csv_form_has_one_line_per_supplier) {
    for_each_scored_world([](RunningServer& srv) {
        auto r = srv.get("/api/v1/suppliers?format=csv", srv.admin);
        BOOST_TEST_REQUIRE(r.status == 200, r);
        BOOST_TEST(r.header("content-type").rfind("text/csv", 0) == 0u);
        const std::string header =
            "id,name,size,size_group,strategic,score,rating,open_flags,contracts\r\n";
        BOOST_TEST(r.body.rfind(header, 0) == 0u, r.body);
        // A's line up to its open flags (their number depends on today's overdue periods).
        BOOST_TEST(r.body.find("\r\n" + kCsvSupplierA) != std::string::npos, r.body);
        BOOST_TEST(
            r.body.find("\r\nGB-COH-07654321,Brightside Support CIC,small,sme,false,,missing,") !=
                std::string::npos,
            r.body);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(contracts)

BOOST_AUTO_TEST_CASE(the_list_shows_each_contract_with_its_current_score) {
    for_each_scored_world([](RunningServer& srv) {
        auto r = srv.get("/api/v1/contracts", srv.admin);
        BOOST_TEST_REQUIRE(r.status == 200, r);
        auto list = r.json()->getArray("contracts");
        BOOST_TEST_REQUIRE(list->size() == 2u);
        auto a = list->getObject(0);
        BOOST_TEST(a->getValue<std::string>("id") == kContractA);
        BOOST_TEST(a->getValue<std::string>("title") == "Contact centre services");
        BOOST_TEST(a->getValue<std::string>("authority") == kAuthority);
        BOOST_TEST(a->getValue<std::string>("authority_name") ==
                   "Department for Work and Pensions");
        BOOST_TEST(a->getValue<std::string>("supplier") == kSupplierA);
        BOOST_TEST(a->getValue<std::string>("supplier_name") == "Acme Services Ltd");
        BOOST_TEST(a->getValue<std::string>("status") == "active");
        BOOST_TEST(a->getValue<std::string>("frequency") == "monthly");
        BOOST_TEST(a->getValue<std::string>("start") == "2026-09-01");
        BOOST_TEST(a->getValue<std::string>("end") == "2028-08-31");
        BOOST_TEST(a->getValue<double>("value") == 12500000.0);
        BOOST_TEST(a->getValue<std::string>("currency") == "GBP");
        auto current = a->getObject("current");
        BOOST_TEST_REQUIRE(current);
        BOOST_TEST(current->getValue<std::string>("period") == "2026-09");
        BOOST_TEST(current->getValue<double>("score") == 83.3, tt::tolerance(1e-9));
        BOOST_TEST(current->getValue<std::string>("rating") == "approaching");
        auto b = list->getObject(1);
        BOOST_TEST(b->getValue<std::string>("id") == kContractB);
        BOOST_TEST(b->isNull("current"));  // no return, no score
    });
}

BOOST_AUTO_TEST_CASE(each_filter_sort_and_page_narrows_the_list_and_its_total) {
    for_each_scored_world([](RunningServer& srv) {
        const std::string a = kContractA, b = kContractB;
        check_lists(srv, "contracts", "admin", srv.admin,
                    {
                        {"", {a, b}, 2},
                        {"?authority=GB-GOV-DWP", {a, b}, 2},
                        {"?authority=GB-GOV-HMRC", {}, 0},
                        {"?supplier=GB-COH-07654321", {b}, 1},
                        {"?status=active", {a, b}, 2},
                        {"?status=expired", {}, 0},
                        // In the title "Home visits", any case.
                        {"?q=VISITS", {b}, 1},
                        {"?q=dwp-2026-0001", {a}, 1},  // in the id
                        {"?q=_", {}, 0},               // a literal _, not a wildcard
                        // "Contact centre services" < "Home visits".
                        {"?sort=title", {a, b}, 2},
                        // 12,500,000 before 480,000.
                        {"?sort=value", {a, b}, 2},
                        {"?sort=score", {a, b}, 2},  // scored before unscored
                        {"?sort=id&limit=1", {a}, 2},
                        {"?limit=1&offset=1", {b}, 2},
                    });
    });
}

BOOST_AUTO_TEST_CASE(lists_and_totals_hold_only_what_the_caller_may_see) {
    for_each_scored_world([](RunningServer& srv) {
        const std::string a = kContractA, b = kContractB;
        // The total counts only what the caller may see: the listed ids, no more.
        check_lists(
            srv, "contracts",
            {
                {"minister", srv.minister, {"", {a, b}, 2}},
                {"commercial (DWP)", srv.commercial, {"", {a, b}, 2}},
                {"commercial (HMRC)", srv.commercial_other, {"", {}, 0}},
                {"commercial (HMRC) asking for DWP",
                 srv.commercial_other,
                 {"?authority=GB-GOV-DWP", {}, 0}},
                {"supplier A", srv.supplier_a, {"", {a}, 1}},
                {"supplier B", srv.supplier_b, {"", {b}, 1}},
                {"supplier B asking for A's", srv.supplier_b, {"?supplier=GB-COH-01234567", {}, 0}},
            });
    });
}

BOOST_AUTO_TEST_CASE(a_record_has_its_kpis_and_every_version) {
    for_each_scored_world([](RunningServer& srv) {
        // CALLS gets stricter thresholds from 2026-10: a second version.
        auto feed = srv.post_xml("/api/v1/feeds", srv.commercial,
                                 world_feed_with_stricter_calls("2026-10"));
        BOOST_TEST_REQUIRE(feed.status == 201, feed);

        const std::string path = std::string("/api/v1/contracts/") + kContractA;
        auto r = srv.get(path, srv.supplier_a);
        BOOST_TEST_REQUIRE(r.status == 200, r);
        auto c = r.json();
        BOOST_TEST(c->getValue<std::string>("id") == kContractA);
        BOOST_TEST(c->getValue<std::string>("start") == "2026-09-01");
        BOOST_TEST(c->getValue<double>("value") == 12500000.0);
        BOOST_TEST(c->getValue<std::string>("currency") == "GBP");
        BOOST_TEST(c->getObject("current")->getValue<std::string>("rating") == "approaching");
        BOOST_TEST(c->getValue<int>("open_disputes") == 0);
        BOOST_TEST(c->getValue<std::string>("scorecard") == path + "/scorecard");
        // open_flags agrees with the flag list's count for the contract.
        auto flags =
            srv.get(std::string("/api/v1/flags?status=open&contract=") + kContractA, srv.admin);
        BOOST_TEST_REQUIRE(flags.status == 200, flags);
        BOOST_TEST(c->getValue<std::int64_t>("open_flags") == total(flags));

        auto kpis = c->getArray("kpis");
        BOOST_TEST_REQUIRE(kpis->size() == 2u);  // by code: CALLS, COMPLAINTS
        auto calls = kpis->getObject(0);
        BOOST_TEST(calls->getValue<std::string>("code") == "CALLS");
        BOOST_TEST(calls->getValue<std::string>("unit") == "percent");
        BOOST_TEST(calls->getValue<std::string>("direction") == "higher");
        BOOST_TEST(calls->getValue<double>("weight") == 40.0);
        // The latest version: stricter from 2026-10.
        BOOST_TEST(calls->getValue<double>("good") == 97.0);
        BOOST_TEST(calls->getValue<double>("approaching") == 93.0);
        BOOST_TEST(calls->getValue<double>("minimum") == 88.0);
        BOOST_TEST(calls->getValue<std::string>("effective") == "2026-10");
        BOOST_TEST(calls->getValue<bool>("withdrawn") == false);
        auto versions = calls->getArray("versions");
        BOOST_TEST_REQUIRE(versions->size() == 2u);
        BOOST_TEST(versions->getObject(0)->getValue<double>("good") == 95.0);
        BOOST_TEST(versions->getObject(1)->getValue<std::string>("effective") == "2026-10");
        auto complaints = kpis->getObject(1);
        BOOST_TEST(complaints->getValue<std::string>("code") == "COMPLAINTS");
        BOOST_TEST(complaints->getValue<std::string>("direction") == "lower");
        BOOST_TEST(complaints->getArray("versions")->size() == 1u);
    });
}

BOOST_AUTO_TEST_CASE(a_record_is_403_for_another_organisation_and_404_when_unknown) {
    for_each_scored_world([](RunningServer& srv) {
        const std::string path = std::string("/api/v1/contracts/") + kContractA;
        BOOST_TEST(srv.get(path, srv.supplier_b).status == 403);
        BOOST_TEST(srv.get(path, srv.commercial_other).status == 403);
        BOOST_TEST(srv.get(path, srv.commercial).status == 200);
        BOOST_TEST(srv.get(path, srv.minister).status == 200);
        BOOST_TEST(srv.get("/api/v1/contracts/NO-SUCH-CONTRACT", srv.admin).status == 404);
        BOOST_TEST(srv.get(path, "").status == 401);
    });
}

BOOST_AUTO_TEST_CASE(the_csv_form_has_one_line_per_contract) {
    for_each_scored_world([](RunningServer& srv) {
        auto r = srv.get("/api/v1/contracts?format=csv", srv.commercial);
        BOOST_TEST_REQUIRE(r.status == 200, r);
        BOOST_TEST(r.body == kScoredWorldContractsCsv);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(authorities)

BOOST_AUTO_TEST_CASE(every_authority_by_name_with_paging) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);  // adds HM Revenue and Customs
        load_world(srv);        // adds the Department for Work and Pensions
        Listed all = list(srv, "/api/v1/authorities", srv.supplier_b, "authorities");
        BOOST_TEST(all.ids == (Ids{"GB-GOV-DWP", "GB-GOV-HMRC"}), tt::per_element());
        BOOST_TEST(all.total == 2);
        Listed second = list(srv, "/api/v1/authorities?limit=1&offset=1", srv.admin, "authorities");
        BOOST_TEST(second.ids == Ids{"GB-GOV-HMRC"}, tt::per_element());
        BOOST_TEST(second.total == 2);
        auto csv = srv.get("/api/v1/authorities?format=csv", srv.minister);
        BOOST_TEST(csv.body ==
                   "id,name\r\nGB-GOV-DWP,Department for Work and Pensions\r\n"
                   "GB-GOV-HMRC,HM Revenue and Customs\r\n");
        BOOST_TEST(srv.get("/api/v1/authorities", "").status == 401);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sorting)

// Every sort of the supplier and contract lists, the descending ones (score, value)
// included, in exact order, through the API and the pages' CSV downloads (which sort the
// same way); worked out from the table above load_sort_world.
BOOST_AUTO_TEST_CASE(every_sort_gives_its_exact_order) {
    for_each_database([](store::Database& db, const std::string&) {
        // Pinned, so that "active" (SPEC §3.6) does not depend on the day the test runs.
        RunningServer srv(db, 16 * 1024, at("2026-10-15T09:00:00Z"));
        load_sort_world(srv);
        const std::string c1 = "DWP-SRT-1", c2 = "DWP-SRT-2", c3 = "DWP-SRT-3", c4 = "DWP-SRT-4";
        const std::string s1 = "GB-COH-10000001", s2 = "GB-COH-10000002", s3 = "GB-COH-10000003",
                          s4 = "GB-COH-10000004";
        struct Case {
            std::string list;  // "suppliers" or "contracts"
            std::string sort;  // "" for none
            Ids expected;
        };
        const std::vector<Case> cases = {
            // By name (the default): Aldgate, Bramble, Mercer, Tallis.
            {"suppliers", "", {s4, s2, s1, s3}},
            {"suppliers", "name", {s4, s2, s1, s3}},
            {"suppliers", "id", {s1, s2, s3, s4}},
            // Best score first (100, 75, 0), the unscored last.
            {"suppliers", "score", {s4, s3, s1, s2}},
            // By id (the default).
            {"contracts", "", {c1, c2, c3, c4}},
            {"contracts", "id", {c1, c2, c3, c4}},
            // Catering, Grounds maintenance, Office cleaning, Waste collection.
            {"contracts", "title", {c3, c4, c1, c2}},
            // Largest value first: 900,000, 300,000, 200,000, 100,000.
            {"contracts", "value", {c4, c1, c3, c2}},
            // Best current score first (100, 75, 0), the unscored last.
            {"contracts", "score", {c4, c3, c1, c2}},
        };
        for (const Case& c : cases) {
            const std::string query = c.sort.empty() ? "" : "?sort=" + c.sort;
            BOOST_TEST_CONTEXT("GET /api/v1/" << c.list << query) {
                Listed got = list(srv, "/api/v1/" + c.list + query, srv.admin, c.list);
                BOOST_TEST(got.ids == c.expected, tt::per_element());
                BOOST_TEST(got.total == 4);
            }
            BOOST_TEST_CONTEXT("GET /api/v1/" << c.list << query << " as CSV") {
                auto r = srv.get(
                    "/api/v1/" + c.list + (query.empty() ? "?" : query + "&") + "format=csv",
                    srv.admin);
                BOOST_TEST_REQUIRE(r.status == 200, r);
                BOOST_TEST(first_column(r.body) == c.expected, tt::per_element());
            }
            BOOST_TEST_CONTEXT("GET /" << c.list << ".csv" << query) {
                auto r = srv.get("/" + c.list + ".csv" + query, srv.commercial);
                BOOST_TEST_REQUIRE(r.status == 200, r);
                BOOST_TEST(first_column(r.body) == c.expected, tt::per_element());
            }
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()
