// The REST API through the real server (services::Server on port 0) and a real client
// (Poco::Net::HTTPClientSession), on every database: statuses, the JSON shapes SPEC §6
// fixes, access control by token and role, request limits and the graceful stop.
//
// The server stamps documents with the real clock, so the returns here are for 2026-09
// (submitted 2026-10-05): a period that has ended whenever these tests run.
#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>

#include "services/http/app.h"
#include "services/http/server.h"
#include "services/secrets.h"
#include "store/repositories.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
using Poco::JSON::Array;
using Poco::JSON::Object;
namespace tt = boost::test_tools;

namespace {

// The code of the one problem an error reply lists (error.details).
std::string only_problem_code(const Reply& r) {
    auto details = details_of(r);
    BOOST_TEST_REQUIRE(details->size() == 1u, r);
    return details->getObject(0)->getValue<std::string>("code");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(documents)

BOOST_AUTO_TEST_CASE(a_feed_is_created_then_unchanged_and_a_return_is_scored) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);

        auto created = srv.post_xml("/api/v1/feeds", srv.commercial, world_feed());
        BOOST_TEST_REQUIRE(created.status == 201, created);
        auto body = created.json();
        BOOST_TEST(body->getObject("document")->getValue<std::string>("outcome") == "accepted");
        BOOST_TEST(body->getObject("document")->getValue<std::string>("kind") == "ContractFeed");
        auto counts = body->getObject("counts");
        // 1 authority, suppliers A and B, 2 contracts, 3 KPIs (services_test_support.h).
        BOOST_TEST(counts->getValue<int>("authorities") == 1);
        BOOST_TEST(counts->getValue<int>("suppliers") == 2);
        BOOST_TEST(counts->getValue<int>("contracts") == 2);
        BOOST_TEST(counts->getValue<int>("kpi_versions") == 3);
        BOOST_TEST(created.header("location").rfind("/api/v1/documents/", 0) == 0u);

        auto again = srv.post_xml("/api/v1/feeds", srv.commercial, world_feed());
        BOOST_TEST(again.status == 200, again);
        BOOST_TEST(again.json()->getObject("document")->getValue<std::string>("outcome") ==
                   "unchanged");
        BOOST_TEST(again.json()->getObject("counts")->getValue<int>("contracts") == 0);

        auto ret = srv.post_xml("/api/v1/returns", srv.supplier_a,
                                kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        BOOST_TEST_REQUIRE(ret.status == 201, ret);
        BOOST_TEST(ret.json()->getObject("counts")->getValue<int>("returns") == 1);

        auto card =
            srv.get(std::string("/api/v1/contracts/") + kContractA + "/scorecard", srv.supplier_a);
        BOOST_TEST_REQUIRE(card.status == 200, card);
        BOOST_TEST(card.header("content-type").rfind("application/json", 0) == 0u);
        auto json = card.json();
        auto contract = json->getObject("contract");
        BOOST_TEST(contract->getValue<std::string>("id") == kContractA);
        BOOST_TEST(contract->getValue<std::string>("authority") == kAuthority);
        BOOST_TEST(contract->getValue<std::string>("supplier") == kSupplierA);
        BOOST_TEST(contract->getValue<std::string>("frequency") == "monthly");
        BOOST_TEST(contract->getValue<double>("value") == 12500000.0);
        BOOST_TEST(contract->getValue<std::string>("currency") == "GBP");

        // The contract starts 2026-09-01: 2026-09 is its first period. CALLS 93.2 is
        // approaching (75), COMPLAINTS 4 good (100): (40*75 + 20*100) / 60 = 83.33, shown
        // to one decimal as 83.3; rating approaching (>= 65, < 85).
        // As of the test clock (2026-12-04): 2026-09 has its return; 2026-10 ended on 10-31,
        // more than the grace days (large 10, SME 20) before, so it is due and missing;
        // 2026-11 ended on 11-30 and is not due yet (docs/api-shapes.md "periods").
        auto periods = json->getArray("periods");
        BOOST_TEST_REQUIRE(periods->size() == 2u, card);
        auto missing = periods->getObject(1);
        BOOST_TEST(missing->getValue<std::string>("period") == "2026-10");
        BOOST_TEST(missing->getValue<std::string>("rating") == "missing");
        BOOST_TEST(missing->isNull("score"));
        BOOST_TEST(!missing->getValue<bool>("returned"));
        auto first = periods->getObject(0);
        BOOST_TEST(first->getValue<std::string>("period") == "2026-09");
        BOOST_TEST(first->getValue<double>("score") == 83.3, tt::tolerance(1e-9));
        BOOST_TEST(first->getValue<double>("score_exact") == 5000.0 / 60.0, tt::tolerance(1e-9));
        BOOST_TEST(first->getValue<std::string>("rating") == "approaching");
        auto measures = first->getArray("measures");
        BOOST_TEST_REQUIRE(measures->size() == 2u);
        auto calls = measures->getObject(0);
        BOOST_TEST(calls->getValue<std::string>("kpi") == "CALLS");
        BOOST_TEST(calls->getValue<double>("value") == 93.2);
        BOOST_TEST(calls->getValue<std::string>("rating") == "approaching");
        BOOST_TEST(calls->getValue<int>("points") == 75);
        auto complaints = measures->getObject(1);
        BOOST_TEST(complaints->getValue<std::string>("kpi") == "COMPLAINTS");
        BOOST_TEST(complaints->getValue<double>("value") == 4.0);
        BOOST_TEST(complaints->getValue<std::string>("rating") == "good");
        BOOST_TEST(complaints->getValue<int>("points") == 100);
        // Later periods may be listed as missing (no score); the current score is the
        // latest returned one.
        auto current = json->getObject("current");
        BOOST_TEST(current->getValue<std::string>("period") == "2026-09");
        BOOST_TEST(current->getValue<double>("score") == 83.3, tt::tolerance(1e-9));
        BOOST_TEST(current->getValue<std::string>("rating") == "approaching");
    });
}

BOOST_AUTO_TEST_CASE(an_inadequate_kpi_shows_as_an_open_flag) {
    for_each_world([](RunningServer& srv) {
        // CALLS 80 < minimum 85: inadequate.
        auto ret = srv.post_xml("/api/v1/returns", srv.supplier_a,
                                kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "80", "4"));
        BOOST_TEST_REQUIRE(ret.status == 201, ret);

        auto flags = srv.get("/api/v1/flags", srv.commercial);
        BOOST_TEST_REQUIRE(flags.status == 200, flags);
        auto list = flags.json()->getArray("flags");
        int inadequate = 0;
        for (std::size_t i = 0; i < list->size(); ++i) {
            auto f = list->getObject(static_cast<unsigned>(i));
            if (f->getValue<std::string>("rule") != "inadequate_kpi")
                continue;
            ++inadequate;
            BOOST_TEST(f->getValue<std::string>("severity") == "high");
            BOOST_TEST(f->getValue<std::string>("status") == "open");
            BOOST_TEST(f->getValue<std::string>("supplier") == kSupplierA);
            BOOST_TEST(f->getValue<std::string>("contract") == kContractA);
            BOOST_TEST(f->getValue<std::string>("kpi") == "CALLS");
            BOOST_TEST(f->getValue<std::string>("period") == "2026-09");
            BOOST_TEST(f->getValue<std::int64_t>("id") > 0);
            BOOST_TEST(!f->getValue<std::string>("raised").empty());
        }
        BOOST_TEST(inadequate == 1, flags);

        // Supplier B sees only its own flags (its contract's returns are overdue), none of A's.
        auto theirs = srv.get("/api/v1/flags", srv.supplier_b);
        BOOST_TEST_REQUIRE(theirs.status == 200, theirs);
        auto their_list = theirs.json()->getArray("flags");
        for (std::size_t i = 0; i < their_list->size(); ++i)
            BOOST_TEST(their_list->getObject(static_cast<unsigned>(i))
                               ->getValue<std::string>("supplier") == kSupplierB,
                       theirs);
    });
}

BOOST_AUTO_TEST_CASE(an_invalid_document_is_422_with_every_problem_located) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto r =
            srv.post_xml("/api/v1/feeds", srv.commercial, read_fixture("bad/multiple_errors.xml"));
        BOOST_TEST_REQUIRE(r.status == 422, r);
        auto error = r.json()->getObject("error");
        BOOST_TEST(error->getValue<std::string>("code") == "invalid");
        // tests/fixtures/bad/multiple_errors.xml breaks nine rules, each counted by hand:
        //   line 2 `<ContractFeed xmlns="urn:scorecard:1" ` 38 -> generated at 39;
        //   line 3 `  <Supplier id="GB-COH-01234567" name="Acme Services Ltd" ` 58 -> size 59;
        //   line 5 start at 36, `start="2027-04-01" ` 19 -> end (before start) at 55;
        //   line 6 value at 13 (-5), currency at 24 (gbp), frequency at 39 (weekly);
        //   line 7 weight at 70 (0), good at 81 (101 percent); line 8 <Kpy> name at 6.
        const std::set<std::tuple<std::string, int, int>> expected = {
            {"timestamp", 2, 39}, {"enum", 3, 59},     {"date_order", 5, 55},
            {"range", 6, 13},     {"currency", 6, 24}, {"enum", 6, 39},
            {"range", 7, 70},     {"range", 7, 81},    {"unknown", 8, 6},
        };
        std::set<std::tuple<std::string, int, int>> got;
        auto details = error->getArray("details");
        for (std::size_t i = 0; i < details->size(); ++i) {
            auto d = details->getObject(static_cast<unsigned>(i));
            BOOST_TEST(!d->getValue<std::string>("message").empty());
            BOOST_TEST_REQUIRE(d->has("line"), r);
            BOOST_TEST_REQUIRE(d->has("column"), r);
            got.emplace(d->getValue<std::string>("code"), d->getValue<int>("line"),
                        d->getValue<int>("column"));
        }
        BOOST_TEST(details->size() == expected.size(), r);
        BOOST_TEST((got == expected), r);

        // The rejected document is archived with its outcome and errors.
        auto location = r.header("location");
        BOOST_TEST_REQUIRE(location.rfind("/api/v1/documents/", 0) == 0u, r);
        auto doc = srv.get(location, srv.commercial);
        BOOST_TEST_REQUIRE(doc.status == 200, doc);
        auto json = doc.json();
        BOOST_TEST(json->getValue<std::string>("outcome") == "rejected");
        BOOST_TEST(json->getValue<std::string>("sender") == "commercial.dwp");
        BOOST_TEST(json->getValue<std::string>("sha256") ==
                   sha256_hex(read_fixture("bad/multiple_errors.xml")));
        auto errors = json->getArray("errors");
        BOOST_TEST_REQUIRE(errors->size() == expected.size(), doc);
        auto e = errors->getObject(0);
        BOOST_TEST(e->getValue<int>("line") > 0);
        BOOST_TEST(e->getValue<int>("column") > 0);
        // The bytes are kept as received.
        auto raw = srv.get(location + "?raw=1", srv.commercial);
        BOOST_TEST(raw.status == 200);
        BOOST_TEST(raw.body == read_fixture("bad/multiple_errors.xml"));
        // The sender chose these bytes (an XHTML page with a form would do): a download,
        // never a page of this site (issue #15 item 4).
        BOOST_TEST(raw.header("content-type") == "application/octet-stream");
        BOOST_TEST(raw.header("content-disposition").starts_with("attachment; filename="));
        BOOST_TEST(raw.header("content-security-policy").find("sandbox") != std::string::npos);
        BOOST_TEST(raw.header("content-security-policy").find("form-action 'none'") !=
                   std::string::npos);
    });
}

BOOST_AUTO_TEST_CASE(malformed_xml_is_400_with_line_and_column) {
    // <Authority> is never closed: the parser stops at the name of </ContractFeed>, line 3
    // column 3.
    const std::string xml =
        "<ContractFeed xmlns=\"urn:scorecard:1\">\n"
        "  <Authority id=\"GB-GOV-DWP\" name=\"Department for Work and Pensions\">\n"
        "</ContractFeed>\n";
    for_each_database([&](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto r = srv.post_xml("/api/v1/feeds", srv.commercial, xml);
        BOOST_TEST_REQUIRE(r.status == 400, r);
        BOOST_TEST(r.json()->getObject("error")->getValue<std::string>("code") == "malformed");
        auto details = details_of(r);
        BOOST_TEST_REQUIRE(details->size() >= 1u, r);
        auto d = details->getObject(0);
        BOOST_TEST(d->getValue<std::string>("code") == "malformed");
        BOOST_TEST(d->getValue<int>("line") == 3);
        BOOST_TEST(d->getValue<int>("column") == 3);
    });
}

BOOST_AUTO_TEST_CASE(a_return_on_the_feeds_endpoint_is_422_wrong_kind) {
    for_each_world([](RunningServer& srv) {
        auto r = srv.post_xml("/api/v1/feeds", srv.commercial,
                              kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        BOOST_TEST_REQUIRE(r.status == 422, r);
        BOOST_TEST(only_problem_code(r) == "wrong_kind");
    });
}

BOOST_AUTO_TEST_CASE(a_body_that_is_not_xml_is_415) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto r = http_request(
            srv.port(), {"POST", "/api/v1/feeds", srv.commercial, "text/plain", world_feed(), {}});
        BOOST_TEST(r.status == 415, r);
        BOOST_TEST(r.json()->getObject("error")->getValue<std::string>("code") ==
                   "unsupported_media_type");
    });
}

BOOST_AUTO_TEST_CASE(a_body_over_the_limit_is_413) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        // One byte over max_body_bytes (4096): a comment pads a valid feed.
        std::string xml = world_feed();
        xml += "<!--" + std::string(kMaxBody + 1 - xml.size() - 7, 'x') + "-->";
        BOOST_TEST_REQUIRE(xml.size() == kMaxBody + 1);
        auto r = srv.post_xml("/api/v1/feeds", srv.commercial, xml);
        BOOST_TEST(r.status == 413, r);
        BOOST_TEST(r.json()->getObject("error")->getValue<std::string>("code") == "too_large");
        // Exactly at the limit is taken.
        xml.erase(xml.size() - 4, 1);
        BOOST_TEST_REQUIRE(xml.size() == kMaxBody);
        auto ok = srv.post_xml("/api/v1/feeds", srv.commercial, xml);
        BOOST_TEST(ok.status == 201, ok);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(access_control)

BOOST_AUTO_TEST_CASE(a_supplier_may_not_see_another_suppliers_scorecard) {
    for_each_world([](RunningServer& srv) {
        const std::string path = std::string("/api/v1/contracts/") + kContractA + "/scorecard";
        auto theirs = srv.get(path, srv.supplier_b);
        BOOST_TEST(theirs.status == 403, theirs);
        BOOST_TEST(theirs.json()->getObject("error")->getValue<std::string>("code") == "forbidden");
        // The owner, its authority and a minister may.
        BOOST_TEST(srv.get(path, srv.supplier_a).status == 200);
        BOOST_TEST(srv.get(path, srv.commercial).status == 200);
        BOOST_TEST(srv.get(path, srv.minister).status == 200);
        BOOST_TEST(srv.get("/api/v1/contracts/NO-SUCH/scorecard", srv.admin).status == 404);
    });
}

BOOST_AUTO_TEST_CASE(without_a_valid_token_it_is_401_with_a_challenge) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        const std::string path = std::string("/api/v1/contracts/") + kContractA + "/scorecard";
        for (const std::string& token : {std::string(), std::string("sc_not-a-real-token")}) {
            BOOST_TEST_CONTEXT("token '" << token << "'") {
                auto r = srv.get(path, token);
                BOOST_TEST(r.status == 401, r);
                BOOST_TEST(r.header("www-authenticate").rfind("Bearer", 0) == 0u);
                BOOST_TEST(r.json()->getObject("error")->getValue<std::string>("code") ==
                           "unauthenticated");
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(a_minister_may_not_post_a_return) {
    for_each_world([](RunningServer& srv) {
        auto r = srv.post_xml("/api/v1/returns", srv.minister,
                              kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        BOOST_TEST(r.status == 403, r);
        // Refused before anything was archived or stored.
        auto card =
            srv.get(std::string("/api/v1/contracts/") + kContractA + "/scorecard", srv.admin);
        BOOST_TEST_REQUIRE(card.status == 200, card);
        BOOST_TEST(card.json()->isNull("current"), card);
    });
}

BOOST_AUTO_TEST_CASE(supplier_b_may_not_post_a_return_for_supplier_as_contract) {
    for_each_world([](RunningServer& srv) {
        auto r = srv.post_xml("/api/v1/returns", srv.supplier_b,
                              kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        // SPEC §6: 403 for what the caller may not do, with the problem listed.
        BOOST_TEST_REQUIRE(r.status == 403, r);
        BOOST_TEST(only_problem_code(r) == "forbidden");

        // The same bytes, once supplier A has had them accepted, are still refused to B
        // (not answered "unchanged", which would tell B they were accepted).
        auto own = srv.post_xml("/api/v1/returns", srv.supplier_a,
                                kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        BOOST_TEST_REQUIRE(own.status == 201, own);
        auto again = srv.post_xml("/api/v1/returns", srv.supplier_b,
                                  kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        BOOST_TEST(again.status == 403, again);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(protocol)

BOOST_AUTO_TEST_CASE(unknown_paths_are_404_and_wrong_methods_405) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto missing = srv.get("/api/v1/no-such-thing", srv.admin);
        BOOST_TEST(missing.status == 404, missing);
        BOOST_TEST(missing.json()->getObject("error")->getValue<std::string>("code") ==
                   "not_found");
        // /api/v1/feeds takes POST only.
        auto wrong = srv.get("/api/v1/feeds", srv.admin);
        BOOST_TEST(wrong.status == 405, wrong);
        BOOST_TEST(wrong.header("allow") == "POST", wrong);
        BOOST_TEST(wrong.json()->getObject("error")->getValue<std::string>("code") ==
                   "method_not_allowed");
        auto wrong_health = http_request(srv.port(), {"DELETE", "/healthz", "", "", "", {}});
        BOOST_TEST(wrong_health.status == 405, wrong_health);
    });
}

// An id sent as bytes that are not UTF-8 (percent-encoded in the path) is quoted in the
// error's message with each such byte as U+FFFD: the reply stays JSON (RFC 8259 §8.1).
BOOST_AUTO_TEST_CASE(an_id_that_is_not_utf8_is_quoted_as_replacement_characters) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto r = srv.get("/api/v1/contracts/%FF%FEab%C3/scorecard", srv.admin);
        BOOST_TEST(r.status == 404, r);
        BOOST_TEST(r.body.find('\xFF') == std::string::npos, r);
        BOOST_TEST(r.body.find('\xFE') == std::string::npos, r);
        const std::string message = r.json()->getObject("error")->getValue<std::string>("message");
        // FF, FE: two bytes that never start UTF-8; C3 at the end: a lead byte with nothing after.
        const std::string fffd = "\xEF\xBF\xBD";  // U+FFFD in UTF-8
        BOOST_TEST(message.find(fffd + fffd + "ab" + fffd) != std::string::npos, message);
    });
}

BOOST_AUTO_TEST_CASE(health_and_readiness_answer_without_a_token) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        auto health = srv.get("/healthz", "");
        BOOST_TEST(health.status == 200, health);
        BOOST_TEST(health.json()->getValue<std::string>("status") == "ok");
        auto ready = srv.get("/readyz", "");
        BOOST_TEST(ready.status == 200, ready);
        BOOST_TEST(ready.json()->getValue<std::string>("status") == "ready");
    });
}

BOOST_AUTO_TEST_CASE(every_response_carries_the_security_headers) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        for (const std::string& path :
             {std::string("/healthz"), std::string("/api/v1/no-such-thing"),
              std::string("/api/v1/flags")}) {
            BOOST_TEST_CONTEXT("GET " << path) {
                auto r = srv.get(path, "");
                BOOST_TEST(r.header("x-content-type-options") == "nosniff");
                BOOST_TEST(r.header("x-frame-options") == "DENY");
                BOOST_TEST(r.header("cache-control") == "no-store");
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(stop_returns_and_closes_the_port) {
    for_each_database([](store::Database& db, const std::string&) {
        RunningServer srv(db);
        const int port = srv.port();
        BOOST_TEST(port > 0);
        BOOST_TEST(srv.get("/healthz", "").status == 200);
        srv.server().stop();
        BOOST_CHECK_THROW(http_request(port, {"GET", "/healthz", "", "", "", {}}), Poco::Exception);
        srv.server().stop();  // a second stop (and the destructor's) is harmless
    });
}

BOOST_AUTO_TEST_SUITE_END()
