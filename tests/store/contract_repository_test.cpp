// Authorities, suppliers, contracts and KPI versions (store/repositories.h) on every
// database: upserts created, unchanged or updated with their audit entries, and the supplier
// and contract listings with every filter.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/store/store_fixture.h"

using namespace scorecard;
using namespace scorecard::store;
using namespace scorecard::store_test;

BOOST_AUTO_TEST_SUITE(organisations)

BOOST_AUTO_TEST_CASE(authority_upsert_is_created_then_unchanged_then_updated_with_audit) {
    for_each_database([](Database& db) {
        std::vector<Upsert> outcomes;
        write(db, [&](Connection& conn) {
            AuthorityRepository repo(conn);
            outcomes.push_back(repo.upsert(kDwp, by("alice", "2026-10-01T09:00:00Z")));
            outcomes.push_back(repo.upsert(kDwp, by("alice", "2026-10-01T09:00:01Z")));
            outcomes.push_back(
                repo.upsert(Authority{kDwp.id, "DWP"}, by("bob", "2026-10-02T08:30:00Z")));
        });
        BOOST_TEST((outcomes ==
                    std::vector<Upsert>{Upsert::kCreated, Upsert::kUnchanged, Upsert::kUpdated}));
        auto conn = db.acquire();
        BOOST_TEST(AuthorityRepository(*conn).find(kDwp.id)->name == "DWP");
        auto entries = AuditRepository(*conn).list("authority", kDwp.id, {});
        BOOST_REQUIRE(entries.size() == 2u);  // nothing for the unchanged write
        BOOST_TEST(entries[0].action == "create");
        BOOST_TEST(entries[0].actor == "alice");
        BOOST_TEST(format_timestamp(entries[0].at) == "2026-10-01T09:00:00Z");
        BOOST_TEST(entries[0].before == "");
        BOOST_TEST(entries[0].after ==
                   R"({"id":"GB-GOV-DWP","name":"Department for Work and Pensions"})");
        BOOST_TEST(entries[1].action == "update");
        BOOST_TEST(entries[1].actor == "bob");
        BOOST_TEST(entries[1].before ==
                   R"({"id":"GB-GOV-DWP","name":"Department for Work and Pensions"})");
        BOOST_TEST(entries[1].after == R"({"id":"GB-GOV-DWP","name":"DWP"})");
    });
}

BOOST_AUTO_TEST_CASE(supplier_upsert_audits_with_json_escaping) {
    for_each_database([](Database& db) {
        const Supplier tricky{"GB-COH-9", "Smith \"&\" Sons\\Co\n", SizeClass::kMedium, false};
        Upsert first{}, second{};
        write(db, [&](Connection& conn) {
            first = SupplierRepository(conn).upsert(tricky, by("loader"));
            Supplier grown = tricky;
            grown.size = SizeClass::kLarge;
            second = SupplierRepository(conn).upsert(grown, by("loader"));
        });
        BOOST_TEST(first == Upsert::kCreated);
        BOOST_TEST(second == Upsert::kUpdated);
        auto conn = db.acquire();
        BOOST_TEST(SupplierRepository(*conn).find("GB-COH-9")->size == SizeClass::kLarge);
        BOOST_TEST(SupplierRepository(*conn).find("GB-COH-9")->name == tricky.name);
        auto entries = AuditRepository(*conn).list("supplier", "GB-COH-9", {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(
            entries[0].after ==
            R"({"id":"GB-COH-9","name":"Smith \"&\" Sons\\Co\n","size":"medium","strategic":false})");
        BOOST_TEST(entries[1].before == entries[0].after);
        BOOST_TEST(
            entries[1].after ==
            R"({"id":"GB-COH-9","name":"Smith \"&\" Sons\\Co\n","size":"large","strategic":false})");
    });
}

BOOST_AUTO_TEST_CASE(contract_upsert_compares_its_own_fields_not_its_kpis) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::vector<Upsert> outcomes;
        write(db, [&](Connection& conn) {
            ContractRepository repo(conn);
            Contract c = contract("DWP-1", kDwp, kAcme, "Contact centre services");
            c.kpis.push_back(kpi("CALLS", "2024-04", 40));  // not written by upsert
            outcomes.push_back(repo.upsert(c, by("loader")));
            c.value = 13000000.5;
            c.status = ContractStatus::kTerminated;
            c.lot = "LOT-0001";
            outcomes.push_back(repo.upsert(c, by("loader")));
        });
        BOOST_TEST((outcomes == std::vector<Upsert>{Upsert::kUnchanged, Upsert::kUpdated}));
        auto conn = db.acquire();
        auto found = ContractRepository(*conn).find("DWP-1");
        BOOST_REQUIRE(found.has_value());
        BOOST_TEST(found->value == 13000000.5);
        BOOST_TEST(found->status == ContractStatus::kTerminated);
        BOOST_TEST(found->lot == "LOT-0001");
        BOOST_TEST(format_date(found->start) == "2024-04-01");
        BOOST_TEST(format_date(found->end) == "2027-03-31");
        BOOST_TEST(found->kpis.empty());
        auto entries = AuditRepository(*conn).list("contract", "DWP-1", {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(entries[1].after.find(R"("value":13000000.5)") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("status":"terminated")") != std::string::npos);
        BOOST_TEST(entries[1].before.find(R"("status":"active")") != std::string::npos);
    });
}

BOOST_AUTO_TEST_CASE(kpi_versions_are_ordered_by_code_then_effective_period) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            ContractRepository repo(conn);
            BOOST_TEST(repo.put_kpi_version("DWP-1", kpi("CALLS", "2026-10", 50), by("t")) ==
                       Upsert::kCreated);
            BOOST_TEST(repo.put_kpi_version("DWP-1", kpi("CALLS", "2024-04", 40), by("t")) ==
                       Upsert::kCreated);
            BOOST_TEST(repo.put_kpi_version("DWP-1", kpi("AHT", "2025-01", 10), by("t")) ==
                       Upsert::kCreated);
            // Written out of order (2025-10 before 2025-09): the order read back comes from
            // the effective period, not from insertion.
            BOOST_TEST(repo.put_kpi_version("DWP-1", kpi("CALLS", "2025-10", 45), by("t")) ==
                       Upsert::kCreated);
            BOOST_TEST(repo.put_kpi_version("DWP-1", kpi("CALLS", "2025-09", 42), by("t")) ==
                       Upsert::kCreated);
        });
        auto conn = db.acquire();
        auto c = ContractRepository(*conn).find("DWP-1");
        BOOST_REQUIRE(c.has_value());
        std::vector<std::string> order;
        for (const auto& v : c->kpis)
            order.push_back(v.definition.code + "@" + v.effective.to_string());
        BOOST_TEST(
            order == (std::vector<std::string>{"AHT@2025-01", "CALLS@2024-04", "CALLS@2025-09",
                                               "CALLS@2025-10", "CALLS@2026-10"}),
            boost::test_tools::per_element());
        BOOST_TEST(c->kpis[1] == kpi("CALLS", "2024-04", 40));  // every field round-trips
    });
}

BOOST_AUTO_TEST_CASE(kpi_version_with_same_period_is_replaced_and_repeats_change_nothing) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::vector<Upsert> outcomes;
        write(db, [&](Connection& conn) {
            ContractRepository repo(conn);
            outcomes.push_back(repo.put_kpi_version("DWP-1", kpi("CALLS", "2024-04", 40), by("t")));
            // the same version again
            outcomes.push_back(repo.put_kpi_version("DWP-1", kpi("CALLS", "2024-04", 40), by("t")));
            // the same definition from a later period: already in force
            outcomes.push_back(repo.put_kpi_version("DWP-1", kpi("CALLS", "2026-11", 40), by("t")));
            // a new weight for the same period replaces it
            outcomes.push_back(repo.put_kpi_version("DWP-1", kpi("CALLS", "2024-04", 30), by("t")));
            // withdrawing a KPI that was never in force
            outcomes.push_back(
                repo.put_kpi_version("DWP-1", kpi("GONE", "2026-11", 1, true), by("t")));
            // withdrawing CALLS from 2026-12
            outcomes.push_back(
                repo.put_kpi_version("DWP-1", kpi("CALLS", "2026-12", 30, true), by("t")));
        });
        BOOST_TEST((outcomes == std::vector<Upsert>{Upsert::kCreated, Upsert::kUnchanged,
                                                    Upsert::kUnchanged, Upsert::kUpdated,
                                                    Upsert::kUnchanged, Upsert::kCreated}));
        auto conn = db.acquire();
        auto c = ContractRepository(*conn).find("DWP-1");
        BOOST_REQUIRE(c->kpis.size() == 2u);
        BOOST_TEST(c->kpis[0].definition.weight == 30.0);
        BOOST_TEST(c->kpis[1].withdrawn);
        auto entries = AuditRepository(*conn).list("kpi", "DWP-1/CALLS", {});
        BOOST_REQUIRE(entries.size() == 3u);  // create, update, create (withdrawal)
        BOOST_TEST(entries[1].action == "update");
        BOOST_TEST(entries[1].before.find(R"("weight":40)") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("weight":30)") != std::string::npos);
    });
}

// A feed's thousand contracts have their KPI versions put in a few statements: each
// contract's outcomes are those put_kpi_version gives one by one (the cases of the test
// above, spread over three contracts; worked out by hand), and a contract that lists a
// code twice is put one by one.
BOOST_AUTO_TEST_CASE(kpi_versions_of_many_contracts_are_put_as_one_by_one) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            ContractRepository repo(conn);
            repo.put_kpi_version("DWP-1", kpi("CALLS", "2024-04", 40), by("t"));
            repo.put_kpi_version("HMRC-1", kpi("AHT", "2024-01", 10), by("t"));
            repo.put_kpi_version("HMRC-1", kpi("RESP", "2024-01", 5), by("t"));
        });
        std::map<std::string, std::vector<Upsert>> outcomes;
        write(db, [&](Connection& conn) {
            outcomes = ContractRepository(conn).put_kpi_versions_of(
                {{"DWP-1",
                  {kpi("CALLS", "2024-04", 30),        // same period, new weight: updated
                   kpi("AHT", "2025-01", 10),          // a new code: created
                   kpi("GONE", "2026-11", 1, true)}},  // withdrawn, never in force: unchanged
                 {"DWP-2",
                  {kpi("CALLS", "2024-04", 40),    // a code twice: put one by one
                   kpi("CALLS", "2025-01", 40),    // the definition in force: unchanged
                   kpi("CALLS", "2025-06", 45)}},  // a new weight: created
                 {"HMRC-1",
                  {kpi("AHT", "2025-06", 10, true),  // withdrawn from 2025-06: created
                   kpi("CALLS", "2025-01", 20),      // created
                   kpi("RESP", "2025-01", 5)}}},     // the definition in force: unchanged
                by("t"));
        });
        const std::map<std::string, std::vector<Upsert>> expected{
            {"DWP-1", {Upsert::kUpdated, Upsert::kCreated, Upsert::kUnchanged}},
            {"DWP-2", {Upsert::kCreated, Upsert::kUnchanged, Upsert::kCreated}},
            {"HMRC-1", {Upsert::kCreated, Upsert::kCreated, Upsert::kUnchanged}}};
        BOOST_TEST((outcomes == expected));
        auto conn = db.acquire();
        const auto stored = ContractRepository(*conn).find_all({"DWP-1", "DWP-2", "HMRC-1"});
        std::vector<std::string> order;
        for (const auto& [id, c] : stored) {
            for (const auto& v : c.kpis)
                order.push_back(id + " " + v.definition.code + "@" + v.effective.to_string() + " " +
                                std::to_string(static_cast<int>(v.definition.weight)) +
                                (v.withdrawn ? " withdrawn" : ""));
        }
        BOOST_TEST(order == (std::vector<std::string>{
                                "DWP-1 AHT@2025-01 10", "DWP-1 CALLS@2024-04 30",
                                "DWP-2 CALLS@2024-04 40", "DWP-2 CALLS@2025-06 45",
                                "HMRC-1 AHT@2024-01 10", "HMRC-1 AHT@2025-06 10 withdrawn",
                                "HMRC-1 CALLS@2025-01 20", "HMRC-1 RESP@2024-01 5"}),
                   boost::test_tools::per_element());
        // Every write audited once (the three written first included).
        AuditRepository audit(*conn);
        for (const auto& [entity_id, entries] :
             std::vector<std::pair<std::string, std::size_t>>{{"DWP-1/CALLS", 2},
                                                              {"DWP-1/AHT", 1},
                                                              {"DWP-1/GONE", 0},
                                                              {"DWP-2/CALLS", 2},
                                                              {"HMRC-1/AHT", 2},
                                                              {"HMRC-1/CALLS", 1},
                                                              {"HMRC-1/RESP", 1}})
            BOOST_TEST(audit.list("kpi", entity_id, {}).size() == entries, entity_id);
    });
}

// What a feed reads before it writes: many records by id in a few queries, unknown ids left
// out; and suppliers and contracts created together, each with its own audit entry.
BOOST_AUTO_TEST_CASE(records_are_found_and_created_many_at_a_time_with_audit) {
    for_each_database([](Database& db) {
        seed_world(db);
        const Supplier fresh{"GB-COH-NEW", "New Supplier Ltd", SizeClass::kSmall, false};
        write(db, [&](Connection& conn) {
            SupplierRepository(conn).create_all({fresh}, by("feeder"));
            ContractRepository(conn).create_all(
                {contract("DWP-9", kDwp, fresh, "Ninth"), contract("HMRC-9", kHmrc, kAcme, "Nine")},
                by("feeder"));
        });
        auto conn = db.acquire();
        const auto authorities = AuthorityRepository(*conn).find_all({kHmrc.id, "GB-GOV-NONE"});
        BOOST_TEST_REQUIRE(authorities.size() == 1u);
        BOOST_TEST((authorities.at(kHmrc.id) == kHmrc));
        const auto suppliers = SupplierRepository(*conn).find_all({fresh.id, kAcme.id, "nobody"});
        BOOST_TEST_REQUIRE(suppliers.size() == 2u);
        BOOST_TEST((suppliers.at(fresh.id) == fresh));
        BOOST_TEST((suppliers.at(kAcme.id) == kAcme));
        const auto contracts = ContractRepository(*conn).find_all({"DWP-9", "HMRC-9", "DWP-1"});
        BOOST_TEST_REQUIRE(contracts.size() == 3u);
        BOOST_TEST((contracts.at("DWP-9") == contract("DWP-9", kDwp, fresh, "Ninth")));
        BOOST_TEST(contracts.at("HMRC-9").supplier_id == kAcme.id);
        AuditRepository audit(*conn);
        for (const auto& [entity, id] : std::vector<std::pair<std::string, std::string>>{
                 {"supplier", fresh.id}, {"contract", "DWP-9"}, {"contract", "HMRC-9"}}) {
            const auto entries = audit.list(entity, id, {});
            BOOST_TEST_REQUIRE(entries.size() == 1u, entity << " " << id);
            BOOST_TEST(entries[0].action == "create");
            BOOST_TEST(entries[0].actor == "feeder");
            BOOST_TEST(entries[0].after.find("\"" + id + "\"") != std::string::npos);
        }
    });
}

BOOST_AUTO_TEST_CASE(supplier_list_honours_every_filter) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            Flag f;
            f.rule = FlagRuleId::kLowContractScore;
            f.severity = Severity::kMedium;
            f.contract_id = "DWP-2";
            f.period = period("2026-09");
            FlagRepository(conn).insert(f, by("system"));
        });
        auto conn = db.acquire();
        SupplierRepository repo(*conn);
        // expected: ordered by name
        using Case = ListingCase<SupplierFilter, std::string>;
        auto filter = filter_builder<SupplierFilter>();
        const std::vector<Case> cases{
            {"no filter", {}, {kAcme.id, kBolt50.id, kBolt500.id, kCharity.id}},
            {"size small", filter([](auto& f) { f.size = SizeClass::kSmall; }), {kBolt50.id}},
            {"size sme is the class, not the group",
             filter([](auto& f) { f.size = SizeClass::kSme; }),
             {kCharity.id}},
            {"group sme",
             filter([](auto& f) { f.size_group = SizeGroup::kSme; }),
             {kBolt50.id, kBolt500.id, kCharity.id}},
            {"group large", filter([](auto& f) { f.size_group = SizeGroup::kLarge; }), {kAcme.id}},
            {"authority DWP",
             filter([](auto& f) { f.authority_id = kDwp.id; }),
             {kAcme.id, kBolt50.id}},
            {"flagged", filter([](auto& f) { f.flagged = true; }), {kBolt50.id}},
            {"not flagged",
             filter([](auto& f) { f.flagged = false; }),
             {kAcme.id, kBolt500.id, kCharity.id}},
            {"flagged within HMRC",
             filter([](auto& f) {
                 f.flagged = true;
                 f.authority_id = kHmrc.id;
             }),
             {}},
            {"q is case-insensitive", filter([](auto& f) { f.q = "ACME"; }), {kAcme.id}},
            {"q % is literal", filter([](auto& f) { f.q = "50%"; }), {kBolt50.id}},
            {"q _ is literal", filter([](auto& f) { f.q = "r_s"; }), {kCharity.id}},
            {"q _ is not a wildcard", filter([](auto& f) { f.q = "t_5"; }), {}},
            {"q ! is literal", filter([](auto& f) { f.q = "!"; }), {}},
            {"q matches the id", filter([](auto& f) { f.q = "gb-chc"; }), {kCharity.id}},
            {"page 2 of size 2",
             filter([](auto& f) {
                 f.page = Page{2, 2};
             }),
             {kBolt500.id, kCharity.id}},
            {"limit clamped to at least 1",
             filter([](auto& f) {
                 f.page = Page{0, 0};
             }),
             {kAcme.id}},
        };
        check_listings(repo, cases);
        BOOST_TEST(repo.has_contract_with(kAcme.id, kDwp.id));
        BOOST_TEST(!repo.has_contract_with(kAcme.id, kHmrc.id));
    });
}

BOOST_AUTO_TEST_CASE(contract_list_honours_every_filter) {
    for_each_database([](Database& db) {
        seed_world(db);
        auto conn = db.acquire();
        ContractRepository repo(*conn);
        using V = std::vector<std::string>;
        // expected: ordered by id
        using Case = ListingCase<ContractFilter, std::string>;
        auto filter = filter_builder<ContractFilter>();
        const std::vector<Case> cases{
            {"no filter", {}, {"DWP-1", "DWP-2", "HMRC-1"}},
            {"authority", filter([](auto& f) { f.authority_id = kDwp.id; }), {"DWP-1", "DWP-2"}},
            {"supplier", filter([](auto& f) { f.supplier_id = kBolt500.id; }), {"HMRC-1"}},
            {"status", filter([](auto& f) { f.status = ContractStatus::kExpired; }), {"DWP-2"}},
            {"q in title, any case", filter([](auto& f) { f.q = "ESTATES"; }), {"HMRC-1"}},
            {"q in id", filter([](auto& f) { f.q = "dwp-"; }), {"DWP-1", "DWP-2"}},
            {"q % is literal", filter([](auto& f) { f.q = "50% d"; }), {"DWP-2"}},
            {"q % alone matches only a %", filter([](auto& f) { f.q = "%"; }), {"DWP-2"}},
            {"page",
             filter([](auto& f) {
                 f.page = Page{1, 1};
             }),
             {"DWP-2"}},
        };
        check_listings(repo, cases);
        BOOST_TEST(repo.ids_for_supplier(kAcme.id) == V{"DWP-1"}, boost::test_tools::per_element());
        BOOST_TEST(repo.all_ids() == (V{"DWP-1", "DWP-2", "HMRC-1"}),
                   boost::test_tools::per_element());
        BOOST_TEST(!repo.find("NOPE").has_value());
    });
}

BOOST_AUTO_TEST_SUITE_END()
