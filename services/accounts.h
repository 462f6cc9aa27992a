// Account management shared by the CLI (`scorecard user`, `scorecard token`) and the REST
// API (/api/v1/users, /api/v1/tokens): the rules for a new account, a password and a
// token live here once. Sign-in and sessions are in services/sessions.h.
//
// Thread safety: free functions over a shared Database; each runs its own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "store/change.h"
#include "store/database.h"
#include "store/user_repository.h"

namespace scorecard::services {

// Passwords for web sign-in: at least this many characters (NIST SP 800-63B §5.1.1.2
// asks for 8; long passphrases are what we want people to use).
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 1024;
// Longest token lifetime one may ask for.
inline constexpr int kMaxTokenDays = 3650;

struct NewAccount {
    std::string name;  // 1..100 characters, no spaces
    Role role = Role::kMinister;
    std::string authority_id;  // required for commercial, forbidden otherwise
    std::string supplier_id;   // required for supplier, forbidden otherwise
    std::string password;      // "" for an account that only uses tokens
};

// Checks and creates the account (the password stored as a PBKDF2 hash). Errors:
// kInvalid/kBadRequest for a wrong combination or a short password, kNotFound for an unknown
// authority or supplier, kConflict for a taken name.
User create_account(store::Database& db, const NewAccount& account, const store::Change& change);

// Replaces an account's password (kNotFound for an unknown name, kBadRequest if too short)
// and ends every session of the account in the same transaction: whoever signed in with the
// old password is signed out. API tokens stay valid (they are separate credentials, revoked
// with revoke_token); docs/accounts.md says so.
void change_password(store::Database& db, const std::string& name, const std::string& password,
                     const store::Change& change);

// Ends every live web session of the account on demand (`scorecard user revoke-sessions`,
// DELETE /api/v1/users/{name}/sessions); how many ended. kNotFound for an unknown account.
std::int64_t revoke_sessions(store::Database& db, const std::string& name,
                             const store::Change& change);

struct IssuedToken {
    std::string token;  // shown once, never stored
    std::string user;   // the account it is for
    std::int64_t id = 0;
    std::optional<Timestamp> expires;
};

// A new bearer token for the account; `expires_days` 1..kMaxTokenDays, nullopt: never.
IssuedToken issue_token(store::Database& db, const std::string& user_name,
                        std::optional<int> expires_days, const store::Change& change);

// Tokens as a signed-in caller manages them (/api/v1/tokens): `owner` is the account whose
// tokens are meant ("" for the caller's own); another account's only for an admin
// (model/access.h may_manage_tokens_of). kForbidden otherwise, kNotFound for an unknown
// account or token.
struct TokenList {
    std::string owner;
    std::vector<store::TokenInfo> tokens;  // newest first
    std::int64_t total = 0;
};
TokenList list_tokens(store::Database& db, const Principal& who, const std::string& owner,
                      const store::Page& page);
IssuedToken issue_token(store::Database& db, const Principal& who, const std::string& owner,
                        std::optional<int> expires_days, const store::Change& change);
// Revoking twice is fine; only the first revocation is recorded.
void revoke_token(store::Database& db, const Principal& who, std::int64_t token_id,
                  const store::Change& change);

}  // namespace scorecard::services
