// A bulk load (`scorecard import`: every document applied and queued, the queue rescored
// once at the end, services/recovery.h rescore_queued) leaves the same end state as
// importing the same documents one by one with each rescored after it (as POST /returns
// does): scores, flags, reviews, prepared scorecards, audit log, archived documents and
// what they defined — on every database.
//
// The history is one a per-document import takes through no state that a later document of
// it undoes: a state in between that raised a flag a later document resolves (a period found
// missing before its return arrives) would be in the per-document import's history (the flag
// raised and resolved, and a review it proposed) and not in the bulk load's, which evaluates
// only the end (docs/operations.md "Loading a history").
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "services/ingest.h"
#include "services/recovery.h"
#include "services/scoring_run.h"
#include "store/migrations.h"
#include "store/rescore_queue.h"
#include "tests/services/services_test_support.h"
#include "tests/support/test_databases.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
using scorecard::testing::kpi_return;
using scorecard::testing::measured;
using scorecard::testing::return_xml;
using scorecard::testing::returns_xml;
namespace tt = boost::test_tools;

namespace {

// Every document arrives at this moment, and every rescoring runs at it (as of its day), so
// that the two imports' timestamps agree: what differs is only when rescoring happens.
constexpr const char* kReceived = "2026-10-09T09:00:00Z";

Settings bulk_settings() {
    Settings s;
    s.scoring = default_policy();
    return s;
}

struct Sent {
    std::string xml;
    Principal sender;
};

// The history, in the order it is imported. As of 2026-10-09 no period is due yet (large
// suppliers: 10 days' grace after 2026-09; small: 20), so no return is ever missing.
std::vector<Sent> history() {
    const std::string return_b = return_xml(
        kpi_return(kContractB, "2026-09", "2026-10-06T10:00:00Z", {measured("VISITS", 50)}));
    return {
        // The contracts, their KPIs and suppliers.
        {world_feed(), commercial_principal()},
        // Supplier A reports September: good on both KPIs.
        {kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "96", "4"),
         supplier_principal(kSupplierA)},
        // Supplier B's September: VISITS 50 is below its minimum (60), so inadequate: a
        // high-severity flag, which proposes a partnership review of B.
        {return_b, supplier_principal(kSupplierB)},
        // A amends September (CALLS 93.2: approaching), and sends the amendment again.
        {kpi_return_a("2026-09", "2026-10-07T10:00:00Z", "93.2", "4"),
         supplier_principal(kSupplierA)},
        {kpi_return_a("2026-09", "2026-10-07T10:00:00Z", "93.2", "4"),
         supplier_principal(kSupplierA)},
        // A return for a KPI the contract does not have: archived, rejected, nothing stored.
        {return_xml(kpi_return(kContractA, "2026-09", "2026-10-08T10:00:00Z",
                               {measured("CALLS", 90), measured("NO_SUCH_KPI", 1)})),
         supplier_principal(kSupplierA)},
        // The commercial team amends A's September again (CALLS 95.5: good) and sends B's
        // September as it stands, in one batch.
        {returns_xml(
             {kpi_return(kContractA, "2026-09", "2026-10-08T12:00:00Z",
                         {measured("CALLS", 95.5), measured("COMPLAINTS", 4)}),
              kpi_return(kContractB, "2026-09", "2026-10-06T10:00:00Z", {measured("VISITS", 50)})}),
         commercial_principal()},
    };
}

enum class Load {
    kOneByOne,  // each document rescored after it (as POST /returns does)
    kBulk,      // the queue rescored once at the end (`scorecard import` on SQLite)
    // Contracts rescored on another thread once a document after the last that touched them
    // is applied, their suppliers at the end (`scorecard import` on MySQL: RescoringBehind).
    kBehind,
};

// Loads `documents` as `load` says, every one received at `received` (and every rescoring
// run at it): the outcomes in order, and (kBehind) what the rescoring behind did.
std::vector<DocumentOutcome> load_documents(store::Database& db, Load load,
                                            const std::vector<Sent>& documents,
                                            const char* received, ScoringStats* behind_stats) {
    const Settings settings = bulk_settings();
    std::vector<DocumentOutcome> outcomes;
    std::vector<std::string> touched;
    std::optional<RescoringBehind> behind;
    if (load == Load::kBehind)
        behind.emplace(
            db, settings.scoring, [received] { return at(received); }, 1);
    for (const Sent& doc : documents) {
        IngestRequest request = api_upload(doc.xml, doc.sender, received);
        request.channel = Channel::kCliImport;
        request.as_of = date_of(at(received));
        request.defer_scoring = load != Load::kOneByOne;
        IngestResult result = ingest_document(db, request, settings);
        outcomes.push_back(result.outcome);
        // With scoring deferred, every version stored is handed back with its id.
        if (request.defer_scoring) {
            BOOST_TEST(result.stored_returns.size() ==
                       static_cast<std::size_t>(result.counts.returns));
            for (const ReturnVersion& v : result.stored_returns)
                BOOST_TEST(v.id != 0);
        }
        touched.insert(touched.end(), result.touched_contracts.begin(),
                       result.touched_contracts.end());
        if (behind)
            behind->applied(result.touched_contracts, importers::is_returns(result.kind),
                            std::move(result.stored_returns));
    }
    if (load == Load::kBulk) {
        {
            auto conn = db.acquire();
            BOOST_TEST(store::RescoreQueue(*conn).all().size() == 2u);  // both contracts
        }
        rescore_queued(db, settings, at(received), touched);
    }
    if (behind) {
        *behind_stats = behind->finish();
        auto conn = db.acquire();
        BOOST_TEST(store::RescoreQueue(*conn).all().empty());
    }
    return outcomes;
}

std::vector<DocumentOutcome> import_history(store::Database& db, Load load) {
    ScoringStats stats;
    auto outcomes = load_documents(db, load, history(), kReceived, &stats);
    if (load == Load::kBehind) {
        // Each contract rescored at least once: B once its return and one more document
        // are in (the feed before it settles nothing), and both after the last document.
        BOOST_TEST(stats.contracts >= 2);
        BOOST_TEST(stats.reviews_opened == 1);  // B's, once its flags are all in place
    }
    return outcomes;
}

// What the database holds that an import makes or derives, one line per row, sorted: every
// column but row ids and the counters of how often a row was written.
using State = std::map<std::string, std::vector<std::string>>;

State state_of(store::Database& db) {
    const std::map<std::string, std::string> tables = {
        {"authorities", "SELECT * FROM authorities"},
        {"suppliers", "SELECT * FROM suppliers"},
        {"contracts", "SELECT * FROM contracts"},
        {"kpi_versions", "SELECT * FROM kpi_versions"},
        {"documents",
         "SELECT id, sha256, kind, sender, channel, source, received_at, outcome, errors_json, "
         "size, refused FROM documents"},
        {"document_contents", "SELECT * FROM document_contents"},
        {"document_entities", "SELECT * FROM document_entities"},
        {"return_versions",
         "SELECT contract_id, period, version, is_current, document_id, submitted_at, "
         "received_at, submitted_by, reason FROM return_versions"},
        {"measures",
         "SELECT r.contract_id, r.period, r.version, m.seq, m.kpi_code, m.status, "
         "m.measured_value, m.numerator, m.denominator, m.note FROM measures m "
         "JOIN return_versions r ON r.id = m.return_version_id"},
        {"period_scores", "SELECT * FROM period_scores"},
        {"contract_scores", "SELECT * FROM contract_scores"},
        {"supplier_scores", "SELECT * FROM supplier_scores"},
        {"flags",
         "SELECT rule_id, severity, status, supplier_id, contract_id, authority_id, kpi_code, "
         "period, detail, raised_at, closed_at, dismissed_by, dismiss_reason FROM flags"},
        {"reviews", "SELECT supplier_id, state, opened_at, reason, open_supplier_id FROM reviews"},
        {"prepared_scorecards",
         "SELECT kind, id, stale, as_of, policy, authority_id, size_group, ranked, rank_score, "
         "class_split, prepared_at, digest, body FROM prepared_scorecards"},
        {"audit_log",
         "SELECT at, actor, action, entity, entity_id, before_json, after_json FROM audit_log"},
        {"rescore_queue", "SELECT contract_id FROM rescore_queue"},
    };
    State state;
    auto conn = db.acquire();
    for (const auto& [table, sql] : tables) {
        std::vector<std::string>& rows = state[table];
        conn->query(sql, {}, [&](const store::Row& row) {
            std::string line;
            for (std::size_t i = 0; i < row.size(); ++i)
                line += (i ? " | " : "") + (row[i].is_null() ? "NULL" : row[i].as_text());
            rows.push_back(std::move(line));
        });
        std::sort(rows.begin(), rows.end());
    }
    return state;
}

// A migrated database opened as `scorecard import` opens it: a bulk workload, which does
// not check foreign keys (store/database.h), so each load below is also checked for rows
// that refer to nothing.
std::unique_ptr<store::Database> bulk_database(const std::string& url) {
    store::migrate(*store::Database::open(url));
    return store::Database::open(url, {store::Workload::kBulk, false});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_import)

BOOST_AUTO_TEST_CASE(a_bulk_load_ends_as_an_import_document_by_document) {
    // Two fresh databases of each kind: one imports document by document, the other in bulk.
    for (const std::string& base : scorecard::testing::test_database_urls()) {
        scorecard::testing::ScratchDatabase first(base), second(base);
        BOOST_TEST_CONTEXT("database " << first.kind()) {
            auto one_by_one = store::Database::open(first.url());
            store::migrate(*one_by_one);
            auto bulk = bulk_database(second.url());

            const std::vector<DocumentOutcome> outcomes =
                import_history(*one_by_one, Load::kOneByOne);
            const State expected = state_of(*one_by_one);
            // The history does what it says: both contracts scored, B flagged and reviewed,
            // one document unchanged and one rejected, nothing left queued.
            BOOST_TEST((outcomes == std::vector<DocumentOutcome>{
                                        DocumentOutcome::kAccepted, DocumentOutcome::kAccepted,
                                        DocumentOutcome::kAccepted, DocumentOutcome::kAccepted,
                                        DocumentOutcome::kUnchanged, DocumentOutcome::kRejected,
                                        DocumentOutcome::kAccepted}));
            BOOST_TEST(expected.at("contract_scores").size() == 2u);
            BOOST_TEST(!expected.at("flags").empty());
            BOOST_TEST(expected.at("reviews").size() == 1u);
            BOOST_TEST(expected.at("prepared_scorecards").size() ==
                       4u);  // 2 contracts, 2 suppliers
            BOOST_TEST(expected.at("rescore_queue").empty());

            BOOST_TEST((import_history(*bulk, Load::kBulk) == outcomes));
            BOOST_TEST(scorecard::testing::dangling_references(*bulk) == std::vector<std::string>{},
                       tt::per_element());
            const State got = state_of(*bulk);
            for (const auto& [table, rows] : expected) {
                BOOST_TEST_CONTEXT("table " << table) {
                    BOOST_TEST(got.at(table) == rows, tt::per_element());
                }
            }
        }
    }
}

// The same history loaded with its contracts rescored behind the load (RescoringBehind, as
// `scorecard import` does on MySQL) ends in the same state too, on every database. A
// contract is handed over once one document after the last (of returns) that touched it is
// applied, so supplier B's contract is rescored after its return and touched again by the
// last document.
BOOST_AUTO_TEST_CASE(a_load_rescored_behind_its_documents_ends_as_one_document_by_document) {
    for (const std::string& base : scorecard::testing::test_database_urls()) {
        scorecard::testing::ScratchDatabase first(base), second(base);
        BOOST_TEST_CONTEXT("database " << first.kind()) {
            auto one_by_one = store::Database::open(first.url());
            store::migrate(*one_by_one);
            auto behind = bulk_database(second.url());
            const std::vector<DocumentOutcome> outcomes =
                import_history(*one_by_one, Load::kOneByOne);
            const State expected = state_of(*one_by_one);
            BOOST_TEST(expected.at("reviews").size() == 1u);
            BOOST_TEST((import_history(*behind, Load::kBehind) == outcomes));
            BOOST_TEST(
                scorecard::testing::dangling_references(*behind) == std::vector<std::string>{},
                tt::per_element());
            const State got = state_of(*behind);
            for (const auto& [table, rows] : expected) {
                BOOST_TEST_CONTEXT("table " << table) {
                    BOOST_TEST(got.at(table) == rows, tt::per_element());
                }
            }
        }
    }
}

// A feed and the returns after it in one load, received when periods are due: a feed
// touches every contract it lists, but only a document of returns settles one, so no
// contract is rescored before its returns are in. Rescored after the feed alone, each would
// find its past periods missing and raise flags that its returns then resolve — a history
// of raised and resolved flags that the load at the end (kBulk) does not have.
BOOST_AUTO_TEST_CASE(a_feed_does_not_settle_the_contracts_it_lists) {
    // On 2026-12-15 September to November are due on both contracts (large: 10 days' grace,
    // small: 20 days').
    constexpr const char* kLater = "2026-12-15T09:00:00Z";
    std::vector<Sent> documents{{world_feed(), commercial_principal()}};
    std::vector<KpiReturn> b_months;
    for (const char* month : {"2026-09", "2026-10", "2026-11"}) {
        documents.push_back({kpi_return_a(month, "2026-12-01T10:00:00Z", "96", "4"),
                             supplier_principal(kSupplierA)});
        b_months.push_back(
            kpi_return(kContractB, month, "2026-12-01T10:00:00Z", {measured("VISITS", 90)}));
    }
    documents.push_back({returns_xml(b_months), supplier_principal(kSupplierB)});
    for (const std::string& base : scorecard::testing::test_database_urls()) {
        scorecard::testing::ScratchDatabase first(base), second(base);
        BOOST_TEST_CONTEXT("database " << first.kind()) {
            auto bulk = bulk_database(first.url());
            auto behind = bulk_database(second.url());
            const auto outcomes = load_documents(*bulk, Load::kBulk, documents, kLater, nullptr);
            ScoringStats stats;
            BOOST_TEST(
                (load_documents(*behind, Load::kBehind, documents, kLater, &stats) == outcomes));
            const State expected = state_of(*bulk);
            const State got = state_of(*behind);
            for (auto* db : {bulk.get(), behind.get()})
                BOOST_TEST(
                    scorecard::testing::dangling_references(*db) == std::vector<std::string>{},
                    tt::per_element());
            for (const auto& [table, rows] : expected) {
                BOOST_TEST_CONTEXT("table " << table) {
                    BOOST_TEST(got.at(table) == rows, tt::per_element());
                }
            }
            for (const std::string& flag : got.at("flags"))
                BOOST_TEST(flag.find("| resolved |") == std::string::npos, flag);
            // Each rescored once: A once B's document followed its last return, B at the end.
            BOOST_TEST(stats.contracts == 2);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
