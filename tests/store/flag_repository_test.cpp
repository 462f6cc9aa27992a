// Flags (store/repositories.h) on every database: their life (insert, refresh, resolve,
// dismiss), resolving together or not at all, and the listing's filters and paging.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/store/store_fixture.h"

using namespace scorecard;
using namespace scorecard::store;
using namespace scorecard::store_test;

BOOST_AUTO_TEST_SUITE(flags)

Flag flag(FlagRuleId rule, Severity severity, const std::string& contract_id,
          const std::string& kpi_code, const std::string& p, const std::string& raised) {
    Flag f;
    f.rule = rule;
    f.severity = severity;
    f.contract_id = contract_id;
    f.kpi_code = kpi_code;
    f.period = period(p);
    f.detail = "fired";
    f.raised = at(raised);
    return f;
}

BOOST_AUTO_TEST_CASE(flag_life_insert_refresh_resolve_dismiss) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::int64_t inadequate = 0, low = 0, missing = 0;
        write(db, [&](Connection& conn) {
            FlagRepository repo(conn);
            inadequate = repo.insert(flag(FlagRuleId::kInadequateKpi, Severity::kHigh, "DWP-1",
                                          "CALLS", "2026-08", "2026-09-05T10:00:00Z"),
                                     by("system"));
            low = repo.insert(flag(FlagRuleId::kLowContractScore, Severity::kMedium, "DWP-1", "",
                                   "2026-08", "2026-09-05T10:00:00Z"),
                              by("system"));
            missing = repo.insert(flag(FlagRuleId::kMissingReturn, Severity::kLow, "DWP-1", "",
                                       "2026-07", "2026-08-20T00:00:00Z"),
                                  by("system"));
        });
        write(db, [&](Connection& conn) {
            FlagRepository repo(conn);
            repo.refresh(inadequate, Severity::kHigh, period("2026-09"), "CALLS 80 < 85",
                         by("system", "2026-10-05T10:00:00Z"));
            repo.resolve(low, by("system", "2026-10-05T10:00:00Z"));
            repo.dismiss(missing, "return received by post", by("carol", "2026-10-06T09:00:00Z"));
        });
        auto conn = db.acquire();
        FlagRepository repo(*conn);

        auto refreshed = repo.find(inadequate);
        BOOST_REQUIRE(refreshed.has_value());
        // Supplier and authority were taken from the contract.
        BOOST_TEST(refreshed->supplier_id == kAcme.id);
        BOOST_TEST(refreshed->authority_id == kDwp.id);
        BOOST_TEST(refreshed->period == period("2026-09"));
        BOOST_TEST(refreshed->detail == "CALLS 80 < 85");
        BOOST_TEST(refreshed->status == FlagStatus::kOpen);
        BOOST_TEST(format_timestamp(refreshed->raised) == "2026-09-05T10:00:00Z");
        BOOST_TEST(!refreshed->closed.has_value());

        auto resolved = repo.find(low);
        BOOST_TEST(resolved->status == FlagStatus::kResolved);
        BOOST_TEST(format_timestamp(*resolved->closed) == "2026-10-05T10:00:00Z");

        auto dismissed = repo.find(missing);
        BOOST_TEST(dismissed->status == FlagStatus::kDismissed);
        BOOST_TEST(dismissed->dismissed_by == "carol");
        BOOST_TEST(dismissed->dismiss_reason == "return received by post");
        BOOST_TEST(format_timestamp(*dismissed->closed) == "2026-10-06T09:00:00Z");

        // What an evaluation compares against: open and dismissed, not resolved.
        BOOST_TEST(
            ids_of(repo.for_contract("DWP-1")) == (std::vector<std::int64_t>{inadequate, missing}),
            boost::test_tools::per_element());

        auto entries = AuditRepository(*conn).list("flag", std::to_string(missing), {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(entries[1].action == "dismiss");
        BOOST_TEST(entries[1].actor == "carol");
        BOOST_TEST(entries[1].before.find(R"("status":"open")") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("status":"dismissed")") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("dismiss_reason":"return received by post")") !=
                   std::string::npos);
        BOOST_TEST(AuditRepository(*conn).list("flag", std::to_string(inadequate), {}).size() ==
                   2u);  // create, update

        // Closed flags stay closed; unknown ones are not found.
        BOOST_TEST(error_code_of([&] { repo.dismiss(missing, "again", by("carol")); }) ==
                   ErrorCode::kConflict);
        BOOST_TEST(error_code_of([&] { repo.resolve(low, by("system")); }) == ErrorCode::kConflict);
        BOOST_TEST(error_code_of([&] {
                       repo.refresh(low, Severity::kLow, period("2026-09"), "", by("system"));
                   }) == ErrorCode::kConflict);
        BOOST_TEST(error_code_of([&] { repo.dismiss(987654, "x", by("carol")); }) ==
                   ErrorCode::kNotFound);
    });
}

BOOST_AUTO_TEST_CASE(open_flags_are_resolved_together_or_not_at_all) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::vector<std::int64_t> ids;
        write(db, [&](Connection& conn) {
            FlagRepository repo(conn);
            for (const char* p : {"2026-06", "2026-07", "2026-08"})
                ids.push_back(repo.insert(flag(FlagRuleId::kMissingReturn, Severity::kLow, "DWP-1",
                                               "", p, "2026-09-01T00:00:00Z"),
                                          by("system")));
        });
        // The first two, as an evaluation reads them, resolved in one go.
        write(db, [&](Connection& conn) {
            FlagRepository repo(conn);
            std::vector<Flag> open = repo.for_contract("DWP-1");
            BOOST_REQUIRE(open.size() == 3u);
            open.pop_back();
            repo.resolve_all(open, by("system", "2026-10-01T00:00:00Z"));
        });
        auto conn = db.acquire();
        FlagRepository repo(*conn);
        for (std::size_t i = 0; i < 2; ++i) {
            auto f = repo.find(ids[i]);
            BOOST_TEST((f->status == FlagStatus::kResolved));
            BOOST_TEST(format_timestamp(*f->closed) == "2026-10-01T00:00:00Z");
            auto entries = AuditRepository(*conn).list("flag", std::to_string(ids[i]), {});
            BOOST_REQUIRE(entries.size() == 2u);  // create, resolve
            BOOST_TEST(entries[1].action == "resolve");
            BOOST_TEST(entries[1].after.find(R"("status":"resolved")") != std::string::npos);
        }
        BOOST_TEST((repo.find(ids[2])->status == FlagStatus::kOpen));
        // One of them already resolved: a conflict, and the other stays open.
        std::vector<Flag> again{*repo.find(ids[2]), *repo.find(ids[0])};
        again[1].status = FlagStatus::kOpen;  // as a stale read would have it
        BOOST_TEST(error_code_of([&] {
                       store::Transaction tx(*conn, TxMode::kWrite);
                       repo.resolve_all(again, by("system"));
                       tx.commit();
                   }) == ErrorCode::kConflict);
        BOOST_TEST((repo.find(ids[2])->status == FlagStatus::kOpen));
        BOOST_TEST(AuditRepository(*conn).list("flag", std::to_string(ids[2]), {}).size() == 1u);
    });
}

BOOST_AUTO_TEST_CASE(flag_list_filters_and_pages_newest_first) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::vector<std::int64_t> ids;
        write(db, [&](Connection& conn) {
            FlagRepository repo(conn);
            // ids[0..3], raised on increasing days
            ids.push_back(repo.insert(flag(FlagRuleId::kInadequateKpi, Severity::kHigh, "DWP-1",
                                           "CALLS", "2026-08", "2026-09-01T00:00:00Z"),
                                      by("system")));
            ids.push_back(repo.insert(flag(FlagRuleId::kLowContractScore, Severity::kMedium,
                                           "DWP-2", "", "2026-08", "2026-09-02T00:00:00Z"),
                                      by("system")));
            ids.push_back(repo.insert(flag(FlagRuleId::kMissingReturn, Severity::kLow, "HMRC-1", "",
                                           "2026-08", "2026-09-03T00:00:00Z"),
                                      by("system")));
            ids.push_back(repo.insert(flag(FlagRuleId::kInadequateKpi, Severity::kHigh, "HMRC-1",
                                           "AHT", "2026-08", "2026-09-04T00:00:00Z"),
                                      by("system")));
            repo.resolve(ids[3], by("system"));
        });
        auto conn = db.acquire();
        FlagRepository repo(*conn);
        // expected: newest first
        using Case = ListingCase<FlagFilter, std::int64_t>;
        auto filter = filter_builder<FlagFilter>();
        const std::vector<Case> cases{
            {"all", {}, {ids[3], ids[2], ids[1], ids[0]}},
            {"open",
             filter([](auto& f) { f.status = FlagStatus::kOpen; }),
             {ids[2], ids[1], ids[0]}},
            {"rule",
             filter([](auto& f) { f.rule = FlagRuleId::kInadequateKpi; }),
             {ids[3], ids[0]}},
            {"severity", filter([](auto& f) { f.severity = Severity::kMedium; }), {ids[1]}},
            {"supplier", filter([](auto& f) { f.supplier_id = kBolt500.id; }), {ids[3], ids[2]}},
            {"authority", filter([](auto& f) { f.authority_id = kDwp.id; }), {ids[1], ids[0]}},
            {"contract", filter([](auto& f) { f.contract_id = "DWP-1"; }), {ids[0]}},
            {"open in HMRC",
             filter([](auto& f) {
                 f.status = FlagStatus::kOpen;
                 f.authority_id = kHmrc.id;
             }),
             {ids[2]}},
            {"second page of two",
             filter([](auto& f) {
                 f.page = Page{2, 2};
             }),
             {ids[1], ids[0]}},
        };
        check_listings(repo, cases);
    });
}

BOOST_AUTO_TEST_SUITE_END()
