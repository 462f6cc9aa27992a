// The store's side of issue 15 (items 2, 3, 8, 9) on every database: the durable rescoring
// queue and its claims, what a document defined, pending documents, the rejected-documents
// tally and the purge of their bytes, supplier discrepancies and novations.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/discrepancy_repository.h"
#include "store/rescore_queue.h"
#include "tests/store/store_fixture.h"

using namespace scorecard;
using namespace scorecard::store;
using namespace scorecard::store_test;

namespace {

// A document as received at `when` from `sender`, with `bytes`.
DocumentRecord document(const std::string& bytes, const std::string& sender, const char* when,
                        DocumentOutcome outcome = DocumentOutcome::kPending) {
    DocumentRecord d;
    d.sha256 = "sha-" + bytes;  // any text the test can tell apart
    d.sender = sender;
    d.channel = Channel::kApiUpload;
    d.received = at(when);
    d.outcome = outcome;
    d.content = bytes;
    return d;
}

std::int64_t archive(Database& db, const DocumentRecord& d) {
    std::int64_t id = 0;
    write(db, [&](Connection& conn) { id = DocumentRepository(conn).archive(d); });
    return id;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rescore_queue)

BOOST_AUTO_TEST_CASE(a_contract_queued_again_raises_its_version_and_stays_after_an_older_run) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            RescoreQueue(conn).add({"DWP-1", "HMRC-1"}, at("2026-10-05T10:00:00Z"));
        });
        std::map<std::string, std::int64_t> seen;
        write(db, [&](Connection& conn) {
            seen = RescoreQueue(conn).versions({"DWP-1", "DWP-2", "HMRC-1"});
        });
        // Entries queued together share their first version (a run removes them in one go).
        BOOST_TEST_REQUIRE(seen.size() == 2u);
        const std::int64_t first = seen.at("DWP-1");
        BOOST_TEST(seen.at("HMRC-1") == first);
        // An import queues DWP-1 again (twice in one call counts once) while the run that
        // read the first version is still going: removing that leaves DWP-1, takes HMRC-1.
        write(db, [](Connection& conn) {
            RescoreQueue(conn).add({"DWP-1", "DWP-1"}, at("2026-10-05T10:00:05Z"));
        });
        write(db, [&](Connection& conn) { RescoreQueue(conn).remove(seen); });
        auto conn = db.acquire();
        RescoreQueue queue(*conn);
        BOOST_TEST((queue.versions({"DWP-1", "HMRC-1"}) ==
                    std::map<std::string, std::int64_t>{{"DWP-1", first + 1}}));
        const auto backlog = queue.backlog();
        BOOST_TEST(backlog.contracts == 1);
        // Still waiting since it was first queued.
        BOOST_TEST((backlog.oldest == at("2026-10-05T10:00:00Z")));
    });
}

BOOST_AUTO_TEST_CASE(an_entry_removed_and_queued_again_is_not_removed_by_a_run_that_read_the_old) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            RescoreQueue(conn).add({"DWP-1"}, at("2026-10-05T10:00:00Z"));
        });
        // A long run reads DWP-1's entry; meanwhile another run rescores and removes it, and
        // an import queues DWP-1 anew.
        std::map<std::string, std::int64_t> long_run;
        write(db, [&](Connection& conn) { long_run = RescoreQueue(conn).versions({"DWP-1"}); });
        write(db, [&](Connection& conn) { RescoreQueue(conn).remove(long_run); });
        write(db, [](Connection& conn) {
            RescoreQueue(conn).add({"DWP-1"}, at("2026-10-05T10:00:09Z"));
        });
        std::map<std::string, std::int64_t> now_queued;
        write(db, [&](Connection& conn) { now_queued = RescoreQueue(conn).versions({"DWP-1"}); });
        BOOST_TEST_REQUIRE(now_queued.size() == 1u);
        BOOST_TEST(now_queued.at("DWP-1") != long_run.at("DWP-1"));
        // The long run ends: the new entry, whose change it never read, stays.
        write(db, [&](Connection& conn) { RescoreQueue(conn).remove(long_run); });
        auto conn = db.acquire();
        BOOST_TEST((RescoreQueue(*conn).versions({"DWP-1"}) == now_queued));
    });
}

BOOST_AUTO_TEST_CASE(claims_take_settled_unclaimed_entries_and_a_lease_keeps_out_others) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            RescoreQueue q(conn);
            q.add({"DWP-1"}, at("2026-10-05T10:00:00Z"));
            q.add({"DWP-2"}, at("2026-10-05T10:01:00Z"));
            q.add({"HMRC-1"}, at("2026-10-05T10:09:00Z"));  // too fresh at 10:10 with 5 min
        });
        const Timestamp now = at("2026-10-05T10:10:00Z");
        const Timestamp settled = at("2026-10-05T10:05:00Z");
        const Timestamp lease = at("2026-10-05T10:20:00Z");
        std::vector<std::string> first, second, after_lease, all;
        write(db, [&](Connection& conn) {
            first = RescoreQueue(conn).claim(now, settled, lease, "a:1", 1);
        });
        write(db, [&](Connection& conn) {
            second = RescoreQueue(conn).claim(now, settled, lease, "b:2", 10);
        });
        // Oldest first; each once; the fresh one left to the import that queued it.
        BOOST_TEST(first == std::vector<std::string>{"DWP-1"}, boost::test_tools::per_element());
        BOOST_TEST(second == std::vector<std::string>{"DWP-2"}, boost::test_tools::per_element());
        // After the lease ran out (and HMRC-1 settled) another process takes all three.
        write(db, [&](Connection& conn) {
            after_lease =
                RescoreQueue(conn).claim(at("2026-10-05T10:20:00Z"), at("2026-10-05T10:15:00Z"),
                                         at("2026-10-05T10:30:00Z"), "c:3", 10);
        });
        BOOST_TEST(after_lease == (std::vector<std::string>{"DWP-1", "DWP-2", "HMRC-1"}),
                   boost::test_tools::per_element());
        // Released claims are free at once; all() lists everything whoever holds it.
        write(db, [&](Connection& conn) { RescoreQueue(conn).release({"DWP-2"}); });
        std::vector<std::string> released;
        write(db, [&](Connection& conn) {
            released =
                RescoreQueue(conn).claim(at("2026-10-05T10:21:00Z"), at("2026-10-05T10:21:00Z"),
                                         at("2026-10-05T10:31:00Z"), "d:4", 10);
            all = RescoreQueue(conn).all();
        });
        BOOST_TEST(released == std::vector<std::string>{"DWP-2"}, boost::test_tools::per_element());
        BOOST_TEST(all == (std::vector<std::string>{"DWP-1", "DWP-2", "HMRC-1"}),
                   boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(documents)

BOOST_AUTO_TEST_CASE(what_a_document_defined_is_recorded_and_copied_to_a_retry) {
    for_each_database([](Database& db) {
        const auto first = archive(db, document("<feed/>", "dwp", "2026-10-05T10:00:00Z"));
        const auto retry = archive(db, document("<feed/>", "dwp", "2026-10-05T10:01:00Z"));
        const std::vector<DocumentEntity> entities{{"authority", "GB-GOV-DWP", ""},
                                                   {"contract", "DWP-1", ""},
                                                   {"return", "DWP-1", "2026-09"},
                                                   {"return", "DWP-1", "2026-10"},
                                                   {"supplier", "GB-COH-01234567", ""}};
        write(db, [&](Connection& conn) {
            DocumentRepository repo(conn);
            repo.record_entities(first, entities);
            repo.copy_entities(first, retry);
        });
        auto conn = db.acquire();
        DocumentRepository repo(*conn);
        BOOST_TEST((repo.entities(first) == entities));
        BOOST_TEST((repo.entities(retry) == entities));
    });
}

BOOST_AUTO_TEST_CASE(a_pending_document_is_settled_once) {
    for_each_database([](Database& db) {
        const auto old = archive(db, document("a", "dwp", "2026-10-05T10:00:00Z"));
        const auto fresh = archive(db, document("b", "dwp", "2026-10-05T10:10:00Z"));
        auto conn = db.acquire();
        DocumentRepository repo(*conn);
        BOOST_TEST(repo.count_pending() == 2);
        BOOST_TEST(
            repo.pending_before(at("2026-10-05T10:05:00Z")) == std::vector<std::int64_t>{old},
            boost::test_tools::per_element());
        BOOST_TEST(repo.reject_if_pending(old, {{"interrupted", "send it again", 0, 0, ""}}));
        BOOST_TEST(!repo.reject_if_pending(old, {}));  // settled already
        BOOST_TEST(!repo.lock_pending(old));
        BOOST_TEST(repo.lock_pending(fresh));
        BOOST_TEST(repo.count_pending() == 1);
        auto settled = repo.find(old);
        BOOST_TEST_REQUIRE(settled.has_value());
        BOOST_TEST((settled->outcome == DocumentOutcome::kRejected));
        BOOST_TEST(settled->errors.at(0).code == "interrupted");
    });
}

BOOST_AUTO_TEST_CASE(the_quota_counts_an_accounts_rejected_documents_in_the_window) {
    for_each_database([](Database& db) {
        archive(db, document("12345", "acme", "2026-10-05T08:59:59Z", DocumentOutcome::kRejected));
        archive(db,
                document("1234567", "acme", "2026-10-05T09:30:00Z", DocumentOutcome::kRejected));
        archive(db, document("ok", "acme", "2026-10-05T09:40:00Z", DocumentOutcome::kAccepted));
        archive(db, document("123", "rival", "2026-10-05T09:45:00Z", DocumentOutcome::kRejected));
        DocumentRecord refused =
            document("1234567890", "acme", "2026-10-05T09:50:00Z", DocumentOutcome::kRejected);
        refused.refused = true;
        refused.size = 1'000'000;
        refused.content = "1234";
        refused.content_state = ContentState::kPrefix;
        const auto refused_id = archive(db, refused);
        auto conn = db.acquire();
        DocumentRepository repo(*conn);
        // Since 09:00: the 7-byte one (the 5-byte one is a second earlier; the accepted, the
        // rival's and the refused one do not count).
        const auto hour = repo.rejected_since("acme", at("2026-10-05T09:00:00Z"));
        BOOST_TEST(hour.documents == 1);
        BOOST_TEST(hour.bytes == 7);
        BOOST_TEST((hour.oldest == at("2026-10-05T09:30:00Z")));
        const auto day = repo.rejected_since("acme", at("2026-10-04T10:00:00Z"));
        BOOST_TEST(day.documents == 2);
        BOOST_TEST(day.bytes == 12);
        // The refused one keeps its size and its prefix only.
        auto found = repo.find(refused_id);
        BOOST_TEST_REQUIRE(found.has_value());
        BOOST_TEST(found->size == 1'000'000);
        BOOST_TEST(found->refused);
        BOOST_TEST(found->content == "1234");
        BOOST_TEST((found->content_state == ContentState::kPrefix));
    });
}

BOOST_AUTO_TEST_CASE(a_purge_drops_the_bytes_only_old_rejected_documents_hold) {
    for_each_database([](Database& db) {
        const auto old_junk = archive(
            db, document("junk-junk", "x", "2026-09-01T00:00:00Z", DocumentOutcome::kRejected));
        // The same bytes rejected for one sender, accepted for another: kept.
        const auto shared = archive(
            db, document("shared", "x", "2026-09-01T00:00:00Z", DocumentOutcome::kRejected));
        archive(db, document("shared", "y", "2026-09-02T00:00:00Z", DocumentOutcome::kAccepted));
        const auto recent = archive(
            db, document("recent", "x", "2026-10-01T00:00:00Z", DocumentOutcome::kRejected));
        DocumentRepository::Purged purged;
        write(db, [&](Connection& conn) {
            purged = DocumentRepository(conn).purge_rejected(at("2026-09-15T00:00:00Z"));
        });
        BOOST_TEST(purged.documents == 1);
        BOOST_TEST(purged.bytes == 9);  // "junk-junk"
        auto conn = db.acquire();
        DocumentRepository repo(*conn);
        auto junk = repo.find(old_junk);
        BOOST_TEST_REQUIRE(junk.has_value());
        BOOST_TEST((junk->content_state == ContentState::kPurged));
        BOOST_TEST(junk->content.empty());
        BOOST_TEST(junk->size == 9);  // the receipt stays
        BOOST_TEST((junk->outcome == DocumentOutcome::kRejected));
        BOOST_TEST(repo.find(shared)->content == "shared");
        BOOST_TEST(repo.find(recent)->content == "recent");
        // Purging again finds nothing; the same bytes received whole again are whole again.
        BOOST_TEST(repo.purge_rejected(at("2026-09-15T00:00:00Z")).documents == 0);
        const auto again = repo.archive(document("junk-junk", "x", "2026-10-02T00:00:00Z"));
        BOOST_TEST(repo.find(again)->content == "junk-junk");
        BOOST_TEST((repo.find(old_junk)->content_state == ContentState::kComplete));
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(suppliers_and_novations)

BOOST_AUTO_TEST_CASE(an_open_discrepancy_is_kept_once_and_decided_once_with_audit) {
    for_each_database([](Database& db) {
        seed_world(db);
        SupplierDiscrepancy d;
        d.supplier_id = kAcme.id;
        d.field = "name";
        d.stored_value = kAcme.name;
        d.proposed_value = "Acme plc";
        d.proposed_by = "dwp-cm";
        std::optional<std::int64_t> first, again;
        write(db, [&](Connection& conn) {
            DiscrepancyRepository repo(conn);
            first = repo.add(d, by("dwp-cm"));
            again = repo.add(d, by("dwp-cm"));
        });
        BOOST_TEST_REQUIRE(first.has_value());
        BOOST_TEST(!again.has_value());  // the same value polled again
        write(db, [&](Connection& conn) {
            DiscrepancyRepository(conn).decide(*first, DiscrepancyStatus::kDismissed,
                                               "The registered name is unchanged.", by("ops"));
        });
        BOOST_TEST(error_code_of([&] {
                       write_once(db, [&](Connection& conn) {
                           DiscrepancyRepository(conn).decide(*first, DiscrepancyStatus::kAccepted,
                                                              "x", by("ops"));
                       });
                   }) == ErrorCode::kConflict);
        auto conn = db.acquire();
        DiscrepancyRepository repo(*conn);
        auto decided = repo.find(*first);
        BOOST_TEST_REQUIRE(decided.has_value());
        BOOST_TEST((decided->status == DiscrepancyStatus::kDismissed));
        BOOST_TEST(decided->decided_by == "ops");
        DiscrepancyFilter open;
        open.status = DiscrepancyStatus::kOpen;
        BOOST_TEST(repo.count(open) == 0);
        BOOST_TEST(repo.list({}).size() == 1u);
        auto audit =
            AuditRepository(*conn).list("supplier_discrepancy", std::to_string(*first), {});
        BOOST_TEST_REQUIRE(audit.size() == 2u);
        BOOST_TEST(audit[0].action == "propose");
        BOOST_TEST(audit[1].action == "decide");
        // Once dismissed, the same value may be proposed again.
        write(db, [&](Connection& c) {
            BOOST_TEST(DiscrepancyRepository(c).add(d, by("dwp-cm")).has_value());
        });
    });
}

BOOST_AUTO_TEST_CASE(a_novation_moves_the_contract_and_keeps_the_former_supplier_with_its_date) {
    for_each_database([](Database& db) {
        seed_world(db);
        Novation n;
        n.contract_id = "DWP-1";
        n.from_supplier = kAcme.id;
        n.to_supplier = kBolt50.id;
        n.effective = date("2026-11-01");
        n.reason = "Deed of novation 2026/17";
        write(db, [&](Connection& conn) { ContractRepository(conn).novate(n, by("dwp-cm")); });
        // A second novation must start from the supplier that holds it now.
        BOOST_TEST(error_code_of([&] {
                       write_once(db, [&](Connection& conn) {
                           ContractRepository(conn).novate(n, by("x"));
                       });
                   }) == ErrorCode::kConflict);
        auto conn = db.acquire();
        ContractRepository contracts(*conn);
        auto c = contracts.find("DWP-1");
        BOOST_TEST_REQUIRE(c.has_value());
        BOOST_TEST(c->supplier_id == kBolt50.id);
        BOOST_TEST_REQUIRE(c->former_suppliers.size() == 1u);
        BOOST_TEST(c->former_suppliers[0].from_supplier == kAcme.id);
        BOOST_TEST((c->former_suppliers[0].effective == date("2026-11-01")));
        BOOST_TEST(contracts.novations("DWP-1").at(0).reason == "Deed of novation 2026/17");
        BOOST_TEST(contracts.all_former_suppliers().size() == 1u);
        auto audit = AuditRepository(*conn).list("contract", "DWP-1", {});
        BOOST_TEST(audit.back().action == "novation");
        BOOST_TEST(
            audit.back().after.find("\"to_supplier\":\"GB-COH-00000050\"") != std::string::npos,
            audit.back().after);
        // A plain update may not move it back: that would be a novation too.
        Contract moved_back = *c;
        moved_back.supplier_id = kAcme.id;
        BOOST_TEST(error_code_of([&] { contracts.upsert(moved_back, by("x")); }) ==
                   ErrorCode::kConflict);
    });
}

BOOST_AUTO_TEST_SUITE_END()
