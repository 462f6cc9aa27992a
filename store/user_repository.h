// The accounts (SPEC §6 "Accounts", docs/accounts.md): users, their API tokens (stored only
// as SHA-256), web sessions and the failed sign-ins behind the lockout. Like every
// repository it takes a Connection (the caller owns the transaction) and audits each change
// with the Change it is given; no secret (hash, token, CSRF token) reaches the audit log.
//
// Thread safety: a thin view over one Connection; use it from the thread that holds it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/domain.h"
#include "store/change.h"
#include "store/database.h"

namespace scorecard::store {

// An API token as lists show it: never the token, only its last four characters.
struct TokenInfo {
    std::int64_t id = 0;
    std::string user;
    std::string hint;  // the token's last four characters ("" for tokens made before v3)
    Timestamp created{};
    std::optional<Timestamp> expires;
    std::optional<Timestamp> revoked;
};

// The account a token belongs to, with when the token expires (nullopt: never).
struct TokenHolder {
    User user;
    std::optional<Timestamp> expires;
};

// A web session as stored: the SHA-256 of its id, never the id itself.
struct SessionRecord {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string session_sha256;
    std::string csrf_token;
    std::string client_address;
    Timestamp created{};
    Timestamp expires{};
};

// Which failed sign-ins to count: by the account name as typed, or by client address.
enum class FailureKey { kAccountName, kClientAddress };

class UserRepository {
  public:
    explicit UserRepository(Connection& conn) : conn_(conn) {}
    // kConflict if the name is taken.
    std::int64_t add(const User& user, const Change& change);
    std::optional<User> find(const std::string& name);
    std::optional<User> find(std::int64_t id);
    // Every account, by name (password hashes included: callers never show them).
    std::vector<User> list(const Page& page);
    std::int64_t count();
    // Replaces the password hash (kNotFound for an unknown name); audited without the hash.
    void set_password(const std::string& name, const std::string& password_hash,
                      const Change& change);

    // Stores only the token's SHA-256 (hex) and its last four characters (`hint`); returns
    // the token id.
    std::int64_t add_token(std::int64_t user_id, const std::string& token_sha256,
                           std::optional<Timestamp> expires, const Change& change,
                           const std::string& hint = "");
    // The account of an unrevoked, unexpired token.
    std::optional<User> find_by_token(const std::string& token_sha256, Timestamp now);
    // The same with the token's expiry (for a caller that remembers the answer).
    std::optional<TokenHolder> find_token_holder(const std::string& token_sha256, Timestamp now);
    // kNotFound for an unknown id; revoking a revoked token changes nothing.
    void revoke_token(std::int64_t token_id, const Change& change);
    std::optional<TokenInfo> find_token(std::int64_t token_id);
    // The tokens of one account (`user_name`), or of every account when it is empty;
    // newest first.
    std::vector<TokenInfo> tokens(const std::string& user_name, const Page& page);
    std::int64_t count_tokens(const std::string& user_name);

    // Web sessions. create_session returns the session's row id.
    std::int64_t create_session(const SessionRecord& session, const Change& change);
    // The account and session of a live (not ended, unexpired) session.
    std::optional<std::pair<User, SessionRecord>> find_session(const std::string& session_sha256,
                                                               Timestamp now);
    // Ends the session if it is live (sign-out); false when there was none.
    bool end_session(const std::string& session_sha256, const Change& change);
    // Ends every live session of the account (after a password change, or on an
    // administrator's demand), audited once with how many ended; kNotFound for an unknown
    // account. API tokens are not touched: they are revoked one by one.
    std::int64_t end_sessions_of(const std::string& account_name, const Change& change);

    // Serialises sign-in attempts at one account until the transaction ends, so that counting
    // an attempt and checking the lockout are one step (on SQLite the write transaction
    // already excludes every other writer; on MariaDB this locks the account's row). Does
    // nothing for a name without an account.
    void lock_account(const std::string& account_name);
    // Sign-in failures (the lockout's bookkeeping; see services/sessions.h). `outcome` is
    // "failed" or "refused". Not audited one by one: a lockout and an unlock are.
    void record_sign_in_failure(const std::string& account_name, const std::string& client_address,
                                Timestamp at, const std::string& outcome);
    // The times of the most recent "failed" attempts since `since`, newest first, at most
    // `limit` of them.
    std::vector<Timestamp> recent_failures(FailureKey key, const std::string& value,
                                           Timestamp since, int limit);
    // Forgets the failures of an account name (after a successful sign-in).
    void clear_failures(const std::string& account_name);
    // An administrator's unlock: forgets the failures, audited. kNotFound for an unknown
    // account.
    void unlock(const std::string& account_name, const Change& change);
    // Records a lockout in the audit log (the moment an account name becomes locked, whether
    // or not an account has that name).
    void audit_lockout(const std::string& account_name, Timestamp until, const Change& change);

  private:
    Connection& conn_;
};

}  // namespace scorecard::store
