#include "services/accounts.h"

#include <chrono>

#include "importers/unicode.h"
#include "model/identifiers.h"
#include "services/secrets.h"
#include "store/repositories.h"
#include "store/user_repository.h"

namespace scorecard::services {
namespace {

void check_password(const std::string& password) {
    if (password.size() < kMinPasswordLength)
        throw Error::BadRequest("the password must be at least " +
                                std::to_string(kMinPasswordLength) + " characters");
    if (password.size() > kMaxPasswordLength)
        throw Error::BadRequest("the password must be at most " +
                                std::to_string(kMaxPasswordLength) + " characters");
}

}  // namespace

User create_account(store::Database& db, const NewAccount& account, const store::Change& change) {
    if (account.name.empty() || account.name.size() > 100 ||
        account.name.find_first_of(" \t\r\n/?#%") != std::string::npos)
        throw Error::BadRequest(
            "the account name must be 1 to 100 characters without spaces, '/', '?', '#' or '%'");
    if (auto why = identifier_problem(account.name, importers::is_nfc(account.name)))
        throw Error::BadRequest("the account name " + *why);
    if (account.role == Role::kCommercial && account.authority_id.empty())
        throw Error::BadRequest("a commercial account needs an authority");
    if (account.role == Role::kSupplier && account.supplier_id.empty())
        throw Error::BadRequest("a supplier account needs a supplier");
    if (account.role != Role::kCommercial && !account.authority_id.empty())
        throw Error::BadRequest("only commercial accounts belong to an authority");
    if (account.role != Role::kSupplier && !account.supplier_id.empty())
        throw Error::BadRequest("only supplier accounts belong to a supplier");
    User user;
    user.name = account.name;
    user.role = account.role;
    user.authority_id = account.authority_id;
    user.supplier_id = account.supplier_id;
    if (!account.password.empty()) {
        check_password(account.password);
        user.password_hash = hash_password(account.password);
    }
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        if (!user.authority_id.empty() && !store::AuthorityRepository(conn).find(user.authority_id))
            throw Error::NotFound("no authority " + user.authority_id +
                                  " (load a contract feed that names it first)");
        if (!user.supplier_id.empty() && !store::SupplierRepository(conn).find(user.supplier_id))
            throw Error::NotFound("no supplier " + user.supplier_id +
                                  " (load a contract feed that names it first)");
        user.id = store::UserRepository(conn).add(user, change);
    });
    return user;
}

void change_password(store::Database& db, const std::string& name, const std::string& password,
                     const store::Change& change) {
    check_password(password);
    const std::string hash = hash_password(password);
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        store::UserRepository users(conn);
        users.set_password(name, hash, change);
        users.end_sessions_of(name, change);
    });
}

std::int64_t revoke_sessions(store::Database& db, const std::string& name,
                             const store::Change& change) {
    std::int64_t ended = 0;
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        ended = store::UserRepository(conn).end_sessions_of(name, change);
    });
    return ended;
}

IssuedToken issue_token(store::Database& db, const std::string& user_name,
                        std::optional<int> expires_days, const store::Change& change) {
    if (expires_days && (*expires_days < 1 || *expires_days > kMaxTokenDays))
        throw Error::BadRequest("expires_days must be between 1 and " +
                                std::to_string(kMaxTokenDays));
    IssuedToken issued;
    issued.token = new_token();
    issued.user = user_name;
    if (expires_days)
        issued.expires = change.at + std::chrono::days(*expires_days);
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        store::UserRepository users(conn);
        auto user = users.find(user_name);
        if (!user)
            throw Error::NotFound("no account named '" + user_name + "'");
        issued.id = users.add_token(user->id, sha256_hex(issued.token), issued.expires, change,
                                    issued.token.substr(issued.token.size() - 4));
    });
    return issued;
}

namespace {

// The account whose tokens `who` asks for, checked.
std::string token_owner(const Principal& who, const std::string& asked) {
    const std::string owner = asked.empty() ? who.user : asked;
    if (!may_manage_tokens_of(who, owner))
        throw Error::Forbidden("only an admin may see or create another account's tokens");
    return owner;
}

}  // namespace

TokenList list_tokens(store::Database& db, const Principal& who, const std::string& owner,
                      const store::Page& page) {
    TokenList out;
    out.owner = token_owner(who, owner);
    auto conn = db.acquire();
    store::UserRepository users(*conn);
    if (!users.find(out.owner))
        throw Error::NotFound("no account named '" + out.owner + "'");
    out.tokens = users.tokens(out.owner, page);
    out.total = users.count_tokens(out.owner);
    return out;
}

IssuedToken issue_token(store::Database& db, const Principal& who, const std::string& owner,
                        std::optional<int> expires_days, const store::Change& change) {
    return issue_token(db, token_owner(who, owner), expires_days, change);
}

void revoke_token(store::Database& db, const Principal& who, std::int64_t token_id,
                  const store::Change& change) {
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        store::UserRepository users(conn);
        auto token = users.find_token(token_id);
        if (!token)
            throw Error::NotFound("no token " + std::to_string(token_id));
        if (!may_manage_tokens_of(who, token->user))
            throw Error::Forbidden("token " + std::to_string(token_id) +
                                   " belongs to another account; only an admin may revoke it");
        users.revoke_token(token_id, change);
    });
}

}  // namespace scorecard::services
