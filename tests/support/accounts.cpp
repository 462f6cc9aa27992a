#include "tests/support/accounts.h"

#include <chrono>

#include "services/secrets.h"
#include "store/user_repository.h"

namespace scorecard::testing {

std::string add_user_with_token(store::Database& db, const User& user, Timestamp when) {
    std::string token = services::new_token();
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        const store::Change change{"test", when};
        store::UserRepository users(conn);
        const auto id = users.add(user, change);
        users.add_token(id, services::sha256_hex(token), std::nullopt, change);
    });
    return token;
}

User admin_user() {
    User user;
    user.name = "admin";
    user.role = Role::kAdmin;
    return user;
}

Timestamp now_to_the_second() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace scorecard::testing
