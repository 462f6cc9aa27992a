// The import pipeline (services/ingest.h) end to end on every database: documents go in
// through ingest_document(), and what the store holds afterwards is checked through the
// repositories. Scores are worked out by hand from SPEC §3 next to each expectation.
//
// Timestamps (received, submitted) and as-of dates are given explicitly, so nothing here
// depends on today's date.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "importers/documents.h"
#include "services/documents.h"
#include "services/ingest.h"
#include "services/secrets.h"
#include "store/discrepancy_repository.h"
#include "store/repositories.h"
#include "store/rescore_queue.h"
#include "tests/services/services_test_support.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
using importers::DocumentKind;
namespace tt = boost::test_tools;

namespace {

// The settings of etc/scorecard.properties (SPEC's scoring, the quota of 60 rejected
// documents an hour and 100 MiB a day), written out so that the tests say what they use.
Settings test_settings() {
    Settings s;
    s.scoring = default_policy();
    s.documents.rejected_per_hour = 60;
    s.documents.rejected_bytes_per_day = 100 * 1024 * 1024;
    s.documents.refused_prefix_bytes = 1024;
    return s;
}

// Sends one document as `sender`, received at `received`, rescoring as of `as_of`.
IngestResult send(store::Database& db, const std::string& xml, const Principal& sender,
                  const std::string& received, const std::string& as_of,
                  std::vector<DocumentKind> allowed = {}, bool defer_scoring = false,
                  const Settings& settings = test_settings()) {
    IngestRequest request = api_upload(xml, sender, received);
    request.as_of = date(as_of);
    request.allowed_kinds = std::move(allowed);
    request.defer_scoring = defer_scoring;
    return ingest_document(db, request, settings);
}

// Supplier A's return for DWP-2026-0001 (kpi_return_a), received when it was submitted and
// rescored as of `as_of`; must be accepted.
IngestResult accept_return_a(store::Database& db, const std::string& period,
                             const std::string& submitted, const std::string& calls,
                             const std::string& complaints, const std::string& as_of) {
    auto r = send(db, kpi_return_a(period, submitted, calls, complaints),
                  supplier_principal(kSupplierA), submitted, as_of);
    BOOST_TEST_REQUIRE((r.outcome == DocumentOutcome::kAccepted),
                       "return for " << period << ":" << listing(r.problems));
    return r;
}

// The archived document `id`; must exist.
DocumentRecord archived(store::Database& db, std::int64_t id) {
    auto conn = db.acquire();
    auto doc = store::DocumentRepository(*conn).find(id);
    BOOST_TEST_REQUIRE(doc.has_value(), "document " << id);
    return *doc;
}

// A period's score: its period, score and rating.
void check_score(const PeriodScore& s, const std::string& expected_period, double score,
                 Rating rating) {
    BOOST_TEST_CONTEXT(expected_period) {
        BOOST_TEST(s.period == period(expected_period));
        BOOST_TEST_REQUIRE(s.score.has_value());
        BOOST_TEST(*s.score == score, tt::tolerance(1e-9));
        BOOST_TEST((s.rating == rating));
    }
}

// The problem with `code` of a document that must have been rejected.
const Problem& rejected_for(const IngestResult& r, std::string_view code) {
    BOOST_TEST_REQUIRE((r.outcome == DocumentOutcome::kRejected), listing(r.problems));
    const Problem* p = find_problem(r.problems, code);
    BOOST_TEST_REQUIRE(p != nullptr, listing(r.problems));
    return *p;
}

std::vector<std::string> queued(store::Database& db) {
    auto conn = db.acquire();
    return store::RescoreQueue(*conn).all();
}

// The world's feed, loaded by the DWP commercial team on 2026-09-01; must be accepted.
void load_world(store::Database& db) {
    auto r = send(db, world_feed(), commercial_principal(), "2026-09-01T09:00:00Z", "2026-09-01");
    BOOST_TEST_REQUIRE((r.outcome == DocumentOutcome::kAccepted),
                       "world feed:" << listing(r.problems));
}

// The world with supplier A's 2026-09 return (CALLS 96, COMPLAINTS 4), then, on 2026-10-20,
// the feed with CALLS's stricter thresholds from `effective` (world_feed_with_stricter_calls);
// the feed must be accepted.
IngestResult returned_september_then_stricter_calls(store::Database& db,
                                                    const std::string& effective) {
    load_world(db);
    accept_return_a(db, "2026-09", "2026-10-05T10:00:00Z", "96", "4", "2026-10-06");
    auto feed = send(db, world_feed_with_stricter_calls(effective), commercial_principal(),
                     "2026-10-20T09:00:00Z", "2026-10-20");
    BOOST_TEST_REQUIRE((feed.outcome == DocumentOutcome::kAccepted), listing(feed.problems));
    return feed;
}

// The first lines of a feed written out by hand, so that a test can count the lines of what
// it writes below them: the root, then DWP, then supplier A, one a line.
const std::string kFeedHead =
    "<ContractFeed xmlns=\"urn:scorecard:1\">\n"
    "  <Authority id=\"GB-GOV-DWP\" name=\"Department for Work and Pensions\"/>\n"
    "  <Supplier id=\"GB-COH-01234567\" name=\"Acme Services Ltd\" size=\"large\"/>\n";

// A monthly DWP contract's start tag on one line, indented 2 (the name at column 4),
// without its closing ">" or "/>".
std::string contract_element(const std::string& id, const std::string& supplier,
                             const std::string& title) {
    return "  <Contract id=\"" + id + "\" authority=\"GB-GOV-DWP\" supplier=\"" + supplier +
           "\" title=\"" + title +
           "\" start=\"2026-09-01\" end=\"2028-08-31\" value=\"100\" currency=\"GBP\" "
           "frequency=\"monthly\"";
}

// How many rows of each kind the store holds: what "nothing else changed" compares.
struct Census {
    std::size_t authorities = 0;
    std::int64_t suppliers = 0;
    std::int64_t contracts = 0;
    std::size_t kpi_versions = 0;
    std::size_t return_versions = 0;  // of DWP-2026-0001 and -0002 for 2026-09
    bool operator==(const Census&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Census& c) {
    return os << c.authorities << " authorities, " << c.suppliers << " suppliers, " << c.contracts
              << " contracts, " << c.kpi_versions << " KPI versions, " << c.return_versions
              << " return versions";
}

Census census(store::Database& db) {
    auto conn = db.acquire();
    Census c;
    c.authorities = store::AuthorityRepository(*conn).list().size();
    c.suppliers = store::SupplierRepository(*conn).count({});
    store::ContractRepository contracts(*conn);
    c.contracts = contracts.count({});
    for (const auto& id : contracts.all_ids())
        c.kpi_versions += contracts.find(id)->kpis.size();
    store::ReturnRepository returns(*conn);
    for (const char* id : {kContractA, kContractB})
        c.return_versions += returns.history(id, period("2026-09")).size();
    return c;
}

std::vector<PeriodScore> period_scores(store::Database& db, const std::string& contract_id) {
    auto conn = db.acquire();
    return store::ScoreRepository(*conn).period_scores(contract_id);
}

std::vector<Flag> flags_of(store::Database& db, const std::string& contract_id, FlagRuleId rule) {
    auto conn = db.acquire();
    store::FlagFilter filter;
    filter.contract_id = contract_id;
    filter.rule = rule;
    return store::FlagRepository(*conn).list(filter);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(feeds)

BOOST_AUTO_TEST_CASE(a_feed_creates_its_authority_suppliers_contracts_and_kpis) {
    for_each_database([](store::Database& db, const std::string&) {
        auto r =
            send(db, world_feed(), commercial_principal(), "2026-09-01T09:00:00Z", "2026-09-01");
        BOOST_TEST((r.outcome == DocumentOutcome::kAccepted), listing(r.problems));
        BOOST_TEST((r.kind == DocumentKind::kContractFeed));
        // 1 authority, suppliers A and B, contracts -0001 and -0002, KPIs CALLS,
        // COMPLAINTS and VISITS.
        BOOST_TEST(r.counts.authorities == 1);
        BOOST_TEST(r.counts.suppliers == 2);
        BOOST_TEST(r.counts.contracts == 2);
        BOOST_TEST(r.counts.kpi_versions == 3);
        BOOST_TEST(r.counts.returns == 0);
        BOOST_TEST(r.touched_contracts == (std::vector<std::string>{kContractA, kContractB}),
                   tt::per_element());
        BOOST_TEST(census(db) == (Census{1, 2, 2, 3, 0}));

        auto conn = db.acquire();
        auto supplier = store::SupplierRepository(*conn).find(kSupplierB);
        BOOST_TEST_REQUIRE(supplier.has_value());
        BOOST_TEST((supplier->size == SizeClass::kSmall));
        auto contract = store::ContractRepository(*conn).find(kContractA);
        BOOST_TEST_REQUIRE(contract.has_value());
        BOOST_TEST(contract->authority_id == kAuthority);
        BOOST_TEST(contract->supplier_id == kSupplierA);
        BOOST_TEST(contract->value == 12500000.0);
        BOOST_TEST_REQUIRE(contract->kpis.size() == 2u);
        // Ordered by code: CALLS, then COMPLAINTS; a new contract's KPIs apply from its
        // first period (it starts 2026-09-01).
        const KpiVersion& calls = contract->kpis[0];
        BOOST_TEST(calls.definition.code == "CALLS");
        BOOST_TEST(calls.effective == period("2026-09"));
        BOOST_TEST(calls.definition.weight == 40.0);
        BOOST_TEST((calls.definition.thresholds == KpiThresholds{95, 90, 85}));
        BOOST_TEST((contract->kpis[1].definition.direction == Direction::kLower));

        const DocumentRecord doc = archived(db, r.document_id);
        BOOST_TEST((doc.outcome == DocumentOutcome::kAccepted));
        BOOST_TEST(doc.kind == "ContractFeed");
        BOOST_TEST(doc.sender == "commercial.dwp");
        BOOST_TEST(doc.sha256 == sha256_hex(world_feed()));
    });
}

BOOST_AUTO_TEST_CASE(the_same_bytes_twice_are_unchanged_and_add_no_rows) {
    for_each_database([](store::Database& db, const std::string&) {
        load_world(db);
        const Census before = census(db);
        auto again =
            send(db, world_feed(), commercial_principal(), "2026-09-02T09:00:00Z", "2026-09-02");
        BOOST_TEST((again.outcome == DocumentOutcome::kUnchanged), listing(again.problems));
        BOOST_TEST(again.counts.authorities + again.counts.suppliers + again.counts.contracts +
                       again.counts.kpi_versions + again.counts.returns ==
                   0);
        BOOST_TEST(again.touched_contracts.empty());
        BOOST_TEST(census(db) == before);

        // The same return twice: one return version.
        const std::string ret = kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4");
        auto first =
            send(db, ret, supplier_principal(kSupplierA), "2026-10-05T10:00:00Z", "2026-10-06");
        BOOST_TEST((first.outcome == DocumentOutcome::kAccepted), listing(first.problems));
        auto second =
            send(db, ret, supplier_principal(kSupplierA), "2026-10-05T11:00:00Z", "2026-10-06");
        BOOST_TEST((second.outcome == DocumentOutcome::kUnchanged), listing(second.problems));
        BOOST_TEST(second.counts.returns == 0);
        BOOST_TEST(census(db).return_versions == 1u);

        // Nothing submitted is lost: the repeat is archived too, as unchanged.
        BOOST_TEST(second.document_id != first.document_id);
        const DocumentRecord doc = archived(db, second.document_id);
        BOOST_TEST((doc.outcome == DocumentOutcome::kUnchanged));
        BOOST_TEST(doc.content == ret);
    });
}

BOOST_AUTO_TEST_CASE(a_feed_with_disordered_thresholds_is_archived_rejected_and_changes_nothing) {
    // Line 6 is the <Kpi>, indented 4: '<' at column 5, its name at column 6. For
    // `higher`, good 85 < approaching 90 < minimum 95 is the wrong way round.
    const std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + kFeedHead +
        contract_element(kContractA, kSupplierA, "Calls") +
        ">\n"
        "    <Kpi code=\"CALLS\" name=\"Calls\" unit=\"percent\" direction=\"higher\" "
        "weight=\"40\" "
        "good=\"85\" approaching=\"90\" minimum=\"95\"/>\n"
        "  </Contract>\n"
        "</ContractFeed>\n";
    for_each_database([&](store::Database& db, const std::string&) {
        auto r = send(db, xml, commercial_principal(), "2026-09-01T09:00:00Z", "2026-09-01");
        const Problem& p = rejected_for(r, "threshold_order");
        BOOST_TEST(!r.malformed);
        BOOST_TEST(r.problems.size() == 1u, listing(r.problems));
        BOOST_TEST(p.line == 6);
        BOOST_TEST(p.column == 6);
        BOOST_TEST(p.document == "test.xml");

        // Archived byte for byte with its outcome and problems...
        const DocumentRecord doc = archived(db, r.document_id);
        BOOST_TEST((doc.outcome == DocumentOutcome::kRejected));
        BOOST_TEST(doc.content == xml);
        BOOST_TEST(doc.sha256 == sha256_hex(xml));
        BOOST_TEST_REQUIRE(doc.errors.size() == 1u);
        BOOST_TEST(doc.errors[0].code == "threshold_order");
        BOOST_TEST(doc.errors[0].line == 6);
        BOOST_TEST(doc.errors[0].column == 6);
        // ...and nothing else: not even the authority and supplier, which were fine.
        BOOST_TEST(census(db) == Census{});
    });
}

BOOST_AUTO_TEST_CASE(a_feed_breaking_a_database_rule_stores_none_of_its_parts) {
    // The authority and the first contract are fine; the second contract names a supplier
    // that is neither in the feed nor known. <Contract on line 5: its name at column 4.
    const std::string xml = kFeedHead + contract_element(kContractA, kSupplierA, "Calls") + "/>\n" +
                            contract_element(kContractB, "GB-COH-99999999", "Visits") +
                            "/>\n"
                            "</ContractFeed>\n";
    for_each_database([&](store::Database& db, const std::string&) {
        auto r = send(db, xml, commercial_principal(), "2026-09-01T09:00:00Z", "2026-09-01");
        const Problem& p = rejected_for(r, "unknown_supplier");
        BOOST_TEST(p.line == 5);
        BOOST_TEST(p.column == 4);
        BOOST_TEST(census(db) == Census{});
    });
}

BOOST_AUTO_TEST_CASE(a_commercial_user_may_not_load_another_authoritys_feed) {
    for_each_database([](store::Database& db, const std::string&) {
        auto r = send(db, world_feed(), commercial_principal("GB-GOV-HMRC"), "2026-09-01T09:00:00Z",
                      "2026-09-01");
        BOOST_TEST((r.outcome == DocumentOutcome::kRejected));
        BOOST_TEST(find_problem(r.problems, "forbidden") != nullptr, listing(r.problems));
        BOOST_TEST(census(db) == Census{});
    });
}

BOOST_AUTO_TEST_CASE(a_malformed_document_is_rejected_as_malformed) {
    // <Authority> is never closed: the parser stops at the name of </ContractFeed> on line 3
    // ("</" is columns 1-2).
    const std::string xml =
        "<ContractFeed xmlns=\"urn:scorecard:1\">\n"
        "  <Authority id=\"GB-GOV-DWP\" name=\"Department for Work and Pensions\">\n"
        "</ContractFeed>\n";
    for_each_database([&](store::Database& db, const std::string&) {
        auto r = send(db, xml, commercial_principal(), "2026-09-01T09:00:00Z", "2026-09-01");
        const Problem& p = rejected_for(r, "malformed");
        BOOST_TEST(r.malformed);
        BOOST_TEST(p.line == 3);
        BOOST_TEST(p.column == 3);
        const DocumentRecord doc = archived(db, r.document_id);
        BOOST_TEST((doc.outcome == DocumentOutcome::kRejected));
        BOOST_TEST(doc.content == xml);
        BOOST_TEST(census(db) == Census{});
    });
}

BOOST_AUTO_TEST_CASE(a_document_of_the_wrong_kind_for_the_channel_is_rejected) {
    for_each_database([](store::Database& db, const std::string&) {
        load_world(db);
        // A KpiReturn where only feeds are taken (POST /feeds).
        auto r = send(db, kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"),
                      admin_principal(), "2026-10-05T10:00:00Z", "2026-10-06",
                      {DocumentKind::kContractFeed, DocumentKind::kContractAwardNotice});
        BOOST_TEST((r.outcome == DocumentOutcome::kRejected));
        BOOST_TEST(!r.malformed);
        BOOST_TEST(find_problem(r.problems, "wrong_kind") != nullptr, listing(r.problems));
        BOOST_TEST(census(db).return_versions == 0u);
        const DocumentRecord doc = archived(db, r.document_id);
        BOOST_TEST((doc.outcome == DocumentOutcome::kRejected));
        BOOST_TEST(doc.kind == "KpiReturn");
    });
}

BOOST_AUTO_TEST_CASE(a_threshold_change_with_effective_applies_only_from_that_period) {
    for_each_database([](store::Database& db, const std::string&) {
        // 2026-09 under the first definition: CALLS 96 >= 95 good (100), COMPLAINTS 4 <= 5
        // good (100): (40*100 + 20*100) / 60 = 100.
        auto feed = returned_september_then_stricter_calls(db, "2026-10");
        // Only CALLS changed: one new KPI version; the contract's own fields did not change.
        BOOST_TEST(feed.counts.kpi_versions == 1);
        BOOST_TEST(feed.counts.contracts == 0);

        // 2026-10 under the new one: CALLS 96 < 97 but >= 93, approaching (75):
        // (40*75 + 20*100) / 60 = 5000/60 = 83.33, approaching.
        accept_return_a(db, "2026-10", "2026-11-04T10:00:00Z", "96", "4", "2026-11-05");

        auto scores = period_scores(db, kContractA);
        BOOST_TEST_REQUIRE(scores.size() == 2u);
        check_score(scores[0], "2026-09", 100.0, Rating::kGood);
        check_score(scores[1], "2026-10", 5000.0 / 60.0, Rating::kApproaching);
    });
}

BOOST_AUTO_TEST_CASE(a_threshold_change_without_effective_applies_from_the_next_period_to_report) {
    for_each_database([](store::Database& db, const std::string&) {
        auto feed = returned_september_then_stricter_calls(db, "");
        BOOST_TEST(feed.counts.kpi_versions == 1);

        // 2026-09 has been returned, so the next period to be reported is 2026-10.
        auto conn = db.acquire();
        auto contract = store::ContractRepository(*conn).find(kContractA);
        BOOST_TEST_REQUIRE(contract.has_value());
        std::vector<KpiVersion> calls;
        for (const auto& v : contract->kpis)
            if (v.definition.code == "CALLS")
                calls.push_back(v);
        BOOST_TEST_REQUIRE(calls.size() == 2u);
        BOOST_TEST(calls[0].effective == period("2026-09"));
        BOOST_TEST(calls[0].definition.thresholds.good == 95.0);
        BOOST_TEST(calls[1].effective == period("2026-10"));
        BOOST_TEST(calls[1].definition.thresholds.good == 97.0);
        // 2026-09 is still scored under good 95: 100 (see above).
        auto scores = store::ScoreRepository(*conn).period_scores(kContractA);
        BOOST_TEST_REQUIRE(scores.size() == 1u);
        BOOST_TEST(*scores[0].score == 100.0, tt::tolerance(1e-9));
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(returns)

BOOST_AUTO_TEST_CASE(an_accepted_return_is_scored) {
    for_each_database([](store::Database& db, const std::string&) {
        load_world(db);
        auto r = accept_return_a(db, "2026-09", "2026-10-05T10:00:00Z", "93.2", "4", "2026-10-06");
        BOOST_TEST((r.kind == DocumentKind::kKpiReturn));
        BOOST_TEST(r.counts.returns == 1);
        BOOST_TEST(r.counts.amendments == 0);
        BOOST_TEST(r.touched_contracts == std::vector<std::string>{kContractA}, tt::per_element());

        auto scores = period_scores(db, kContractA);
        BOOST_TEST_REQUIRE(scores.size() == 1u);
        const PeriodScore& s = scores[0];
        // CALLS 93.2: < 95, >= 90 -> approaching, 75 points. COMPLAINTS 4 (lower): <= 5 ->
        // good, 100 points. (40*75 + 20*100) / (40 + 20) = 5000/60 = 83.33 -> approaching
        // (>= 65, < 85).
        check_score(s, "2026-09", 5000.0 / 60.0, Rating::kApproaching);
        BOOST_TEST_REQUIRE(s.measures.size() == 2u);
        BOOST_TEST(s.measures[0].kpi_code == "CALLS");
        BOOST_TEST((s.measures[0].rating == Rating::kApproaching));
        BOOST_TEST(s.measures[0].points == 75);
        BOOST_TEST(s.measures[1].kpi_code == "COMPLAINTS");
        BOOST_TEST((s.measures[1].rating == Rating::kGood));
        BOOST_TEST(s.measures[1].points == 100);

        auto conn = db.acquire();
        // Supplier A's only active contract: its score is that contract's current score.
        auto supplier_score = store::ScoreRepository(*conn).supplier_score(kSupplierA);
        BOOST_TEST_REQUIRE(supplier_score.has_value());
        BOOST_TEST(*supplier_score == 5000.0 / 60.0, tt::tolerance(1e-9));
        // Nothing is wrong: no rule fires as of 2026-10-06 (2026-09's grace ends 10-10).
        store::FlagFilter open;
        open.status = FlagStatus::kOpen;
        BOOST_TEST(store::FlagRepository(*conn).count(open) == 0);
    });
}

BOOST_AUTO_TEST_CASE(a_return_for_an_unknown_contract_is_rejected) {
    const std::string xml =
        "<KpiReturn xmlns=\"urn:scorecard:1\" contract=\"DWP-1999-0000\" period=\"2026-09\" "
        "submitted=\"2026-10-05T10:00:00Z\">\n"
        "  <Measure kpi=\"CALLS\" value=\"93.2\"/>\n"
        "</KpiReturn>\n";
    for_each_database([&](store::Database& db, const std::string&) {
        load_world(db);
        auto r = send(db, xml, admin_principal(), "2026-10-05T10:00:00Z", "2026-10-06");
        const Problem& p = rejected_for(r, "unknown_contract");
        BOOST_TEST(!r.malformed);
        BOOST_TEST(r.problems.size() == 1u, listing(r.problems));
        // At the <KpiReturn> element: line 1, its name at column 2.
        BOOST_TEST(p.line == 1);
        BOOST_TEST(p.column == 2);
    });
}

BOOST_AUTO_TEST_CASE(a_supplier_may_not_report_for_another_suppliers_contract) {
    for_each_database([](store::Database& db, const std::string&) {
        load_world(db);
        // Supplier B sends figures for supplier A's contract.
        auto r = send(db, kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"),
                      supplier_principal(kSupplierB), "2026-10-05T10:00:00Z", "2026-10-06");
        BOOST_TEST((r.outcome == DocumentOutcome::kRejected));
        BOOST_TEST(r.problems.size() == 1u, listing(r.problems));
        BOOST_TEST(find_problem(r.problems, "forbidden") != nullptr, listing(r.problems));
        BOOST_TEST(census(db).return_versions == 0u);
        BOOST_TEST(period_scores(db, kContractA).empty());
    });
}

BOOST_AUTO_TEST_CASE(a_batch_with_one_bad_return_stores_none) {
    // The first return is fine; the second names a KPI that contract -0002 does not have
    // (line 8: `    <Measure`, the name at column 6).
    const std::string xml =
        "<KpiReturns xmlns=\"urn:scorecard:1\">\n"
        "  <KpiReturn contract=\"DWP-2026-0001\" period=\"2026-09\" "
        "submitted=\"2026-10-05T10:00:00Z\">\n"
        "    <Measure kpi=\"CALLS\" value=\"93.2\"/>\n"
        "    <Measure kpi=\"COMPLAINTS\" value=\"4\"/>\n"
        "  </KpiReturn>\n"
        "  <KpiReturn contract=\"DWP-2026-0002\" period=\"2026-09\" "
        "submitted=\"2026-10-05T10:00:00Z\">\n"
        "    <Measure kpi=\"VISITS\" value=\"90\"/>\n"
        "    <Measure kpi=\"CALLS\" value=\"50\"/>\n"
        "  </KpiReturn>\n"
        "</KpiReturns>\n";
    for_each_database([&](store::Database& db, const std::string&) {
        load_world(db);
        auto r = send(db, xml, commercial_principal(), "2026-10-05T10:00:00Z", "2026-10-06");
        const Problem& p = rejected_for(r, "unknown_kpi");
        BOOST_TEST((r.kind == DocumentKind::kKpiReturns));
        BOOST_TEST(r.problems.size() == 1u, listing(r.problems));
        BOOST_TEST(p.line == 8);
        BOOST_TEST(p.column == 6);
        // All or nothing: the good return was not stored either, and nothing was scored.
        BOOST_TEST(census(db).return_versions == 0u);
        BOOST_TEST(period_scores(db, kContractA).empty());
        BOOST_TEST(period_scores(db, kContractB).empty());

        // The same batch without the bad measure stores both returns.
        std::string fixed = xml;
        fixed.erase(fixed.find("    <Measure kpi=\"CALLS\" value=\"50\"/>\n"),
                    std::string("    <Measure kpi=\"CALLS\" value=\"50\"/>\n").size());
        auto ok = send(db, fixed, commercial_principal(), "2026-10-05T10:00:00Z", "2026-10-06");
        BOOST_TEST((ok.outcome == DocumentOutcome::kAccepted), listing(ok.problems));
        BOOST_TEST(ok.counts.returns == 2);
        BOOST_TEST(census(db).return_versions == 2u);
    });
}

BOOST_AUTO_TEST_CASE(an_amendment_becomes_current_and_history_keeps_both_versions) {
    for_each_database([](store::Database& db, const std::string&) {
        load_world(db);
        auto first =
            accept_return_a(db, "2026-09", "2026-10-05T10:00:00Z", "93.2", "4", "2026-10-06");
        auto second =
            accept_return_a(db, "2026-09", "2026-10-07T10:00:00Z", "96", "4", "2026-10-07");
        BOOST_TEST(second.counts.returns == 1);
        BOOST_TEST(second.counts.amendments == 1);

        // CALLS 96 >= 95 good, COMPLAINTS 4 good: (40*100 + 20*100) / 60 = 100, good.
        auto scores = period_scores(db, kContractA);
        BOOST_TEST_REQUIRE(scores.size() == 1u);
        check_score(scores[0], "2026-09", 100.0, Rating::kGood);

        auto conn = db.acquire();
        store::ReturnRepository returns(*conn);
        auto history = returns.history(kContractA, period("2026-09"));
        BOOST_TEST_REQUIRE(history.size() == 2u);
        BOOST_TEST(history[0].version == 1);
        BOOST_TEST(history[0].document_id == first.document_id);
        BOOST_TEST(history[1].version == 2);
        BOOST_TEST(history[1].document_id == second.document_id);
        BOOST_TEST(!history[1].reason.empty());
        auto calls_value = [](const ReturnVersion& v) {
            for (const auto& m : v.figures.measures)
                if (m.kpi_code == "CALLS")
                    return m.value.value_or(-1);
            return -1.0;
        };
        BOOST_TEST(calls_value(history[0]) == 93.2);
        BOOST_TEST(calls_value(history[1]) == 96.0);
        auto current = returns.current(kContractA, period("2026-09"));
        BOOST_TEST_REQUIRE(current.has_value());
        BOOST_TEST(current->version == 2);
    });
}

BOOST_AUTO_TEST_CASE(an_inadequate_kpi_raises_a_flag_that_a_corrected_return_resolves) {
    for_each_database([](store::Database& db, const std::string&) {
        load_world(db);
        // CALLS 80 < minimum 85: inadequate (0 points). Score (40*0 + 20*100) / 60 = 33.33:
        // inadequate, so low_contract_score (< 65) fires as well.
        accept_return_a(db, "2026-09", "2026-10-05T10:00:00Z", "80", "4", "2026-10-06");
        auto scores = period_scores(db, kContractA);
        BOOST_TEST_REQUIRE(scores.size() == 1u);
        check_score(scores[0], "2026-09", 2000.0 / 60.0, Rating::kInadequate);

        auto inadequate = flags_of(db, kContractA, FlagRuleId::kInadequateKpi);
        BOOST_TEST_REQUIRE(inadequate.size() == 1u);
        const Flag f = inadequate[0];
        BOOST_TEST((f.status == FlagStatus::kOpen));
        BOOST_TEST((f.severity == Severity::kHigh));
        BOOST_TEST(f.kpi_code == "CALLS");
        BOOST_TEST(f.period == period("2026-09"));
        BOOST_TEST(f.supplier_id == kSupplierA);
        BOOST_TEST(f.authority_id == kAuthority);
        auto low = flags_of(db, kContractA, FlagRuleId::kLowContractScore);
        BOOST_TEST_REQUIRE(low.size() == 1u);
        BOOST_TEST((low[0].status == FlagStatus::kOpen));
        {
            // SPEC §4: one open high-severity flag gets the supplier a proposed review.
            auto conn = db.acquire();
            auto review = store::ReviewRepository(*conn).open_for_supplier(kSupplierA);
            BOOST_TEST_REQUIRE(review.has_value());
            BOOST_TEST((review->state == ReviewState::kProposed));
        }

        // The corrected figure: CALLS 93.2, approaching; 83.33 (see an_accepted_return_is_scored).
        accept_return_a(db, "2026-09", "2026-10-07T10:00:00Z", "93.2", "4", "2026-10-07");
        inadequate = flags_of(db, kContractA, FlagRuleId::kInadequateKpi);
        BOOST_TEST_REQUIRE(inadequate.size() == 1u);  // the same flag, now in history
        BOOST_TEST(inadequate[0].id == f.id);
        BOOST_TEST((inadequate[0].status == FlagStatus::kResolved));
        BOOST_TEST(inadequate[0].closed.has_value());
        low = flags_of(db, kContractA, FlagRuleId::kLowContractScore);
        BOOST_TEST_REQUIRE(low.size() == 1u);
        BOOST_TEST((low[0].status == FlagStatus::kResolved));
    });
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 15 item 2: the contracts to rescore are written with the document, and the rescoring
// after the commit takes them off.
BOOST_AUTO_TEST_SUITE(rescoring_queue)

BOOST_AUTO_TEST_CASE(an_import_queues_its_contracts_in_its_transaction_and_rescoring_clears_them) {
    for_each_database([](store::Database& db, const std::string&) {
        // Deferred (as `scorecard import` does until the end): the queue holds both.
        auto feed = send(db, world_feed(), commercial_principal(), "2026-09-01T09:00:00Z",
                         "2026-09-01", {}, true);
        BOOST_TEST((feed.outcome == DocumentOutcome::kAccepted), listing(feed.problems));
        BOOST_TEST(queued(db) == (std::vector<std::string>{kContractA, kContractB}),
                   tt::per_element());
        // A rejected document queues nothing; an accepted return rescored at once clears the
        // contract it touched and leaves the other.
        auto bad = send(db, kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "101", "4"),
                        supplier_principal(kSupplierA), "2026-10-05T10:00:00Z", "2026-10-06");
        BOOST_TEST((bad.outcome == DocumentOutcome::kRejected));
        auto ret = send(db, kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"),
                        supplier_principal(kSupplierA), "2026-10-05T10:00:00Z", "2026-10-06");
        BOOST_TEST((ret.outcome == DocumentOutcome::kAccepted), listing(ret.problems));
        BOOST_TEST(queued(db) == (std::vector<std::string>{kContractB}), tt::per_element());
        BOOST_TEST(period_scores(db, kContractA).size() == 1u);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 15 item 3: one record per real organisation, changed by an admin or the supplier
// itself; a contract changes supplier by novation only.
BOOST_AUTO_TEST_SUITE(supplier_master_data)

// The world's feed with supplier A renamed, made small and not strategic (its record in
// the world: "Acme Services Ltd", large, not strategic).
std::string feed_rewriting_supplier_a() {
    std::string feed = world_feed();
    const std::string from = "name=\"Acme Services Ltd\" size=\"large\" strategic=\"false\"";
    const auto at = feed.find(from);
    BOOST_TEST_REQUIRE(at != std::string::npos, feed);
    feed.replace(at, from.size(), "name=\"Acme Renamed Ltd\" size=\"small\" strategic=\"true\"");
    return feed;
}

BOOST_AUTO_TEST_CASE(a_departments_differing_values_are_kept_for_an_admin_not_applied) {
    for_each_database([](store::Database& db, const std::string&) {
        load_world(db);
        auto r = send(db, feed_rewriting_supplier_a(), commercial_principal(),
                      "2026-09-02T09:00:00Z", "2026-09-02");
        // Accepted (it recorded something), but the record is as it was.
        BOOST_TEST((r.outcome == DocumentOutcome::kAccepted), listing(r.problems));
        BOOST_TEST(r.counts.suppliers == 0);
        BOOST_TEST(r.counts.supplier_discrepancies == 3);
        {
            auto conn = db.acquire();
            auto a = store::SupplierRepository(*conn).find(kSupplierA);
            BOOST_TEST_REQUIRE(a.has_value());
            BOOST_TEST(a->name == "Acme Services Ltd");
            BOOST_TEST((a->size == SizeClass::kLarge));
            BOOST_TEST(!a->strategic);
            store::DiscrepancyFilter open;
            open.status = DiscrepancyStatus::kOpen;
            auto list = store::DiscrepancyRepository(*conn).list(open);
            BOOST_TEST_REQUIRE(list.size() == 3u);
            // Newest first: strategic, size, name; each says what and who proposed it.
            BOOST_TEST(list[2].field == "name");
            BOOST_TEST(list[2].stored_value == "Acme Services Ltd");
            BOOST_TEST(list[2].proposed_value == "Acme Renamed Ltd");
            BOOST_TEST(list[2].proposed_by == commercial_principal().user);
            BOOST_TEST(list[2].document_id == r.document_id);
            BOOST_TEST(list[1].field == "size");
            BOOST_TEST(list[1].proposed_value == "small");
            BOOST_TEST(list[0].field == "strategic");
            BOOST_TEST(list[0].proposed_value == "true");
        }
        // The same feed again (another receipt: a poll) adds no second copy of each.
        auto again = send(db, feed_rewriting_supplier_a(), commercial_principal("GB-GOV-DWP"),
                          "2026-09-03T09:00:00Z", "2026-09-03");
        BOOST_TEST(again.counts.supplier_discrepancies == 0);
    });
}

BOOST_AUTO_TEST_CASE(an_admins_feed_changes_the_record) {
    for_each_database([](store::Database& db, const std::string&) {
        load_world(db);
        auto r = send(db, feed_rewriting_supplier_a(), admin_principal(), "2026-09-02T09:00:00Z",
                      "2026-09-02");
        BOOST_TEST((r.outcome == DocumentOutcome::kAccepted), listing(r.problems));
        BOOST_TEST(r.counts.suppliers == 1);
        BOOST_TEST(r.counts.supplier_discrepancies == 0);
        auto conn = db.acquire();
        auto a = store::SupplierRepository(*conn).find(kSupplierA);
        BOOST_TEST(a->name == "Acme Renamed Ltd");
        BOOST_TEST((a->size == SizeClass::kSmall));
        BOOST_TEST(a->strategic);
    });
}

BOOST_AUTO_TEST_CASE(a_feed_naming_another_supplier_for_a_contract_is_refused) {
    for_each_database([](store::Database& db, const std::string&) {
        load_world(db);
        // Contract A handed to supplier B by a feed: refused, whoever sends it.
        std::string feed = world_feed();
        const std::string from = std::string("id=\"") + kContractA + "\" authority=\"" +
                                 kAuthority + "\" supplier=\"" + kSupplierA + "\"";
        const auto pos = feed.find(from);
        BOOST_TEST_REQUIRE(pos != std::string::npos, feed);
        feed.replace(pos, from.size(),
                     std::string("id=\"") + kContractA + "\" authority=\"" + kAuthority +
                         "\" supplier=\"" + kSupplierB + "\"");
        for (const Principal& sender : {commercial_principal(), admin_principal()}) {
            auto r = send(db, feed, sender, "2026-09-02T09:00:00Z", "2026-09-02");
            BOOST_TEST((r.outcome == DocumentOutcome::kRejected), sender.user);
            const Problem* p = find_problem(r.problems, "supplier_change");
            BOOST_TEST_REQUIRE(p != nullptr, listing(r.problems));
            BOOST_TEST(
                p->message.find("/api/v1/contracts/DWP-2026-0001/novation") != std::string::npos,
                p->message);
            BOOST_TEST(p->line > 0);
        }
        auto conn = db.acquire();
        BOOST_TEST(store::ContractRepository(*conn).find(kContractA)->supplier_id == kSupplierA);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 15 item 8: an account's rejected documents are limited; beyond the limit a document
// is refused unread and only its prefix kept.
BOOST_AUTO_TEST_SUITE(rejected_documents_quota)

BOOST_AUTO_TEST_CASE(beyond_the_hourly_count_a_document_is_refused_with_its_hash_size_and_prefix) {
    for_each_database([](store::Database& db, const std::string&) {
        Settings settings = test_settings();
        settings.documents.rejected_per_hour = 3;
        settings.documents.refused_prefix_bytes = 16;
        const Principal sender = supplier_principal(kSupplierA);
        const std::string junk(5000, 'x');  // not XML
        // Three rejections within the hour are read and kept whole.
        for (const char* when :
             {"2026-10-05T10:00:00Z", "2026-10-05T10:10:00Z", "2026-10-05T10:20:00Z"}) {
            auto r = send(db, junk + when, sender, when, "2026-10-05", {}, false, settings);
            BOOST_TEST((r.outcome == DocumentOutcome::kRejected), when);
            BOOST_TEST(!r.refused, when);
        }
        // The fourth, at 10:30, is refused unread, even a good one: told when to come back
        // (11:00, when the 10:00 one leaves the hour).
        const std::string good = kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4");
        auto refused =
            send(db, good, sender, "2026-10-05T10:30:00Z", "2026-10-05", {}, false, settings);
        BOOST_TEST((refused.outcome == DocumentOutcome::kRejected));
        BOOST_TEST(refused.refused);
        BOOST_TEST(refused.retry_after_seconds == 30 * 60);
        BOOST_TEST_REQUIRE(refused.problems.size() == 1u);
        BOOST_TEST(refused.problems[0].code == "quota_exceeded");
        const DocumentRecord kept = archived(db, refused.document_id);
        BOOST_TEST(kept.refused);
        BOOST_TEST(kept.size == static_cast<std::int64_t>(good.size()));
        BOOST_TEST(kept.sha256 == sha256_hex(good));
        BOOST_TEST(kept.content == good.substr(0, 16));
        BOOST_TEST((kept.content_state == ContentState::kPrefix));
        BOOST_TEST((kept.outcome == DocumentOutcome::kRejected));
        // Another account is not held back; and after the hour the same good bytes are
        // read, accepted and kept whole.
        auto other = send(db, junk, supplier_principal(kSupplierB), "2026-10-05T10:31:00Z",
                          "2026-10-05", {}, false, settings);
        BOOST_TEST(!other.refused);
        load_world(db);
        auto later =
            send(db, good, sender, "2026-10-05T11:20:01Z", "2026-10-06", {}, false, settings);
        BOOST_TEST((later.outcome == DocumentOutcome::kAccepted), listing(later.problems));
        const DocumentRecord whole = archived(db, later.document_id);
        BOOST_TEST(whole.content == good);
        BOOST_TEST((whole.content_state == ContentState::kComplete));
    });
}

BOOST_AUTO_TEST_CASE(beyond_the_daily_bytes_a_document_is_refused_and_the_operators_import_is_not) {
    for_each_database([](store::Database& db, const std::string&) {
        Settings settings = test_settings();
        settings.documents.rejected_bytes_per_day = 10000;
        const Principal sender = commercial_principal();
        auto big = send(db, std::string(10000, 'y'), sender, "2026-10-05T00:00:00Z", "2026-10-05",
                        {}, false, settings);
        BOOST_TEST(!big.refused);
        auto next =
            send(db, "<small/>", sender, "2026-10-05T23:00:00Z", "2026-10-05", {}, false, settings);
        BOOST_TEST(next.refused);
        BOOST_TEST(next.retry_after_seconds == 3600);  // the big one leaves the day at 00:00
        // The operator's `scorecard import` (the CLI channel) is never held back.
        IngestRequest cli;
        cli.bytes = "<small/>";
        cli.sender = sender;
        cli.channel = Channel::kCliImport;
        cli.received = at("2026-10-05T23:00:01Z");
        cli.as_of = date("2026-10-05");
        BOOST_TEST(!ingest_document(db, cli, settings).refused);
    });
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 15 item 9: a document is readable by whoever may see everything it defined.
BOOST_AUTO_TEST_SUITE(document_visibility)

BOOST_AUTO_TEST_CASE(a_mixed_feed_is_not_readable_by_either_supplier_but_a_return_is_by_its_own) {
    for_each_database([](store::Database& db, const std::string&) {
        // The world feed defines both suppliers' contracts and records, and carries a return
        // for contract A: before issue 15 supplier A could read it (its returns were all A's).
        std::string feed = world_feed();
        const std::string ret =
            "<KpiReturn contract=\"DWP-2026-0001\" period=\"2026-09\" "
            "submitted=\"2026-10-05T10:00:00Z\"><Measure kpi=\"CALLS\" value=\"93\"/>"
            "<Measure kpi=\"COMPLAINTS\" value=\"4\"/></KpiReturn></ContractFeed>";
        feed.replace(feed.rfind("</ContractFeed>"), std::string("</ContractFeed>").size(), ret);
        auto mixed = send(db, feed, commercial_principal(), "2026-10-05T10:00:00Z", "2026-10-06");
        BOOST_TEST_REQUIRE((mixed.outcome == DocumentOutcome::kAccepted), listing(mixed.problems));
        auto own = send(db, kpi_return_a("2026-10", "2026-11-05T10:00:00Z", "93", "4"),
                        commercial_principal(), "2026-11-05T10:00:00Z", "2026-11-06");
        BOOST_TEST_REQUIRE((own.outcome == DocumentOutcome::kAccepted), listing(own.problems));
        const auto readable = [&](const Principal& who, std::int64_t id) {
            try {
                read_document(db, who, id);
                return true;
            } catch (const Error& e) {
                BOOST_TEST((e.code() == ErrorCode::kForbidden), e.what());
                return false;
            }
        };
        BOOST_TEST(!readable(supplier_principal(kSupplierA), mixed.document_id));
        BOOST_TEST(!readable(supplier_principal(kSupplierB), mixed.document_id));
        BOOST_TEST(readable(commercial_principal(), mixed.document_id));
        // Another department's team (commercial_principal's name is DWP's: its sender).
        const Principal hmrc{"commercial.hmrc", Role::kCommercial, "GB-GOV-HMRC", ""};
        BOOST_TEST(!readable(hmrc, mixed.document_id));
        BOOST_TEST(readable(minister_principal(), mixed.document_id));
        BOOST_TEST(readable(supplier_principal(kSupplierA), own.document_id));
        BOOST_TEST(!readable(supplier_principal(kSupplierB), own.document_id));
        // What was recorded: everything the feed defined.
        auto conn = db.acquire();
        const auto entities = store::DocumentRepository(*conn).entities(mixed.document_id);
        const std::vector<store::DocumentEntity> want{
            {"authority", kAuthority, ""}, {"contract", kContractA, ""},
            {"contract", kContractB, ""},  {"return", kContractA, "2026-09"},
            {"supplier", kSupplierA, ""},  {"supplier", kSupplierB, ""}};
        BOOST_TEST((entities == want));
    });
}

BOOST_AUTO_TEST_SUITE_END()
