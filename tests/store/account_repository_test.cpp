// Accounts (store/user_repository.h) and the audit log on every database: unique names,
// only unrevoked, unexpired tokens find their account, audit entries in order and paged.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "store/user_repository.h"
#include "tests/store/store_fixture.h"

using namespace scorecard;
using namespace scorecard::store;
using namespace scorecard::store_test;

BOOST_AUTO_TEST_SUITE(accounts)

BOOST_AUTO_TEST_CASE(users_are_unique_by_name) {
    for_each_database([](Database& db) {
        std::int64_t id = 0;
        User carol;
        carol.name = "carol";
        carol.role = Role::kCommercial;
        carol.authority_id = kDwp.id;
        carol.password_hash = "$pbkdf2-sha256$i=100000$c2FsdA$aGFzaA";
        write(db, [&](Connection& conn) { id = UserRepository(conn).add(carol, by("admin")); });
        BOOST_TEST(error_code_of([&] {
                       write_once(db, [&](Connection& conn) {
                           UserRepository(conn).add(carol, by("admin"));
                       });
                   }) == ErrorCode::kConflict);
        auto conn = db.acquire();
        UserRepository repo(*conn);
        auto by_name = repo.find("carol");
        BOOST_REQUIRE(by_name.has_value());
        BOOST_TEST(by_name->id == id);
        BOOST_TEST(by_name->role == Role::kCommercial);
        BOOST_TEST(by_name->authority_id == kDwp.id);
        BOOST_TEST(by_name->supplier_id == "");
        BOOST_TEST(by_name->password_hash == carol.password_hash);
        BOOST_TEST(repo.find(id)->name == "carol");
        BOOST_TEST(!repo.find("dave").has_value());
        auto entries = AuditRepository(*conn).list("user", "carol", {});
        BOOST_REQUIRE(entries.size() == 1u);
        // The audit log is exported: it never holds the password hash.
        BOOST_TEST(entries[0].after.find("pbkdf2") == std::string::npos);
        BOOST_TEST(entries[0].after.find(R"("has_password":true)") != std::string::npos);
    });
}

BOOST_AUTO_TEST_CASE(only_unrevoked_unexpired_tokens_find_their_account) {
    for_each_database([](Database& db) {
        const Timestamp now = at("2026-10-05T10:00:00Z");
        std::int64_t revoked = 0;
        write(db, [&](Connection& conn) {
            UserRepository repo(conn);
            User u;
            u.name = "acme-am";
            u.role = Role::kSupplier;
            u.supplier_id = kAcme.id;
            const std::int64_t id = repo.add(u, by("admin"));
            repo.add_token(id, std::string(64, '1'), std::nullopt, by("admin"));
            repo.add_token(id, std::string(64, '2'), at("2026-10-05T10:00:01Z"), by("admin"));
            repo.add_token(id, std::string(64, '3'), now, by("admin"));  // expires at `now`
            repo.add_token(id, std::string(64, '4'), at("2026-10-04T00:00:00Z"), by("admin"));
            revoked = repo.add_token(id, std::string(64, '5'), std::nullopt, by("admin"));
            repo.revoke_token(revoked, by("admin"));
            repo.revoke_token(revoked, by("admin"));  // again: no change
        });
        auto conn = db.acquire();
        UserRepository repo(*conn);
        struct Case {
            const char* name;
            char digit;
            bool found;
        };
        for (const Case& c :
             {Case{"no expiry", '1', true}, Case{"expires a second later", '2', true},
              Case{"expires exactly now", '3', false}, Case{"expired yesterday", '4', false},
              Case{"revoked", '5', false}, Case{"unknown", '6', false}}) {
            BOOST_TEST_CONTEXT("token " << c.name) {
                auto user = repo.find_by_token(std::string(64, c.digit), now);
                BOOST_TEST(user.has_value() == c.found);
                if (user)
                    BOOST_TEST(user->name == "acme-am");
            }
        }
        BOOST_TEST(AuditRepository(*conn).list("token", std::to_string(revoked), {}).size() ==
                   2u);  // create, revoke (once)
        BOOST_TEST(error_code_of([&] { repo.revoke_token(777777, by("admin")); }) ==
                   ErrorCode::kNotFound);
        BOOST_TEST(error_code_of([&] {
                       repo.add_token(777777, std::string(64, '9'), std::nullopt, by("admin"));
                   }) == ErrorCode::kNotFound);
    });
}

BOOST_AUTO_TEST_CASE(audit_log_records_and_pages_in_order) {
    for_each_database([](Database& db) {
        write(db, [](Connection& conn) {
            AuditRepository repo(conn);
            for (int i = 1; i <= 5; ++i) {
                repo.record({0, at("2026-10-05T10:00:0" + std::to_string(i) + "Z"), "auditor",
                             "export", "report", "R" + std::to_string(i), "", "{}"});
            }
            repo.record({0, at("2026-10-05T11:00:00Z"), "x", "create", "other", "O1", "", ""});
        });
        auto conn = db.acquire();
        AuditRepository repo(*conn);
        auto page = repo.list("report", "", Page{2, 1});
        BOOST_REQUIRE(page.size() == 2u);
        BOOST_TEST(page[0].entity_id == "R2");
        BOOST_TEST(page[1].entity_id == "R3");
        BOOST_TEST(format_timestamp(page[0].at) == "2026-10-05T10:00:02Z");
        BOOST_TEST(repo.list("", "", {}).size() == 6u);
        BOOST_TEST(repo.list("report", "R5", {}).size() == 1u);
    });
}

BOOST_AUTO_TEST_SUITE_END()
