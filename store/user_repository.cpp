#include "store/user_repository.h"

#include "store/json_text.h"
#include "store/repository_support.h"

namespace scorecard::store {

using namespace detail;

namespace {

User user_from(const Row& r) {
    User u;
    u.id = r[0].as_int();
    u.name = r[1].as_text();
    u.role = enum_from<Role>(r[2]);
    u.authority_id = r[3].as_text();
    u.supplier_id = r[4].as_text();
    u.password_hash = r[5].as_text();
    return u;
}

constexpr std::string_view kUserColumns =
    "u.id, u.name, u.role, u.authority_id, u.supplier_id, u.password_hash";

std::string user_json(const User& u) {
    // Never the password hash: the audit log is exported.
    return JsonObject()
        .add("name", u.name)
        .add("role", text(u.role))
        .add("authority", u.authority_id)
        .add("supplier", u.supplier_id)
        .add("has_password", !u.password_hash.empty())
        .str();
}

constexpr std::string_view kTokenColumns =
    "t.id, u.name, t.token_hint, t.created_at, t.expires_at, t.revoked_at";

TokenInfo token_from(const Row& r) {
    return TokenInfo{r[0].as_int(),
                     r[1].as_text(),
                     r[2].as_text(),
                     timestamp_from(r[3]),
                     optional_timestamp_from(r[4]),
                     optional_timestamp_from(r[5])};
}

}  // namespace

// ---- accounts ----

std::int64_t UserRepository::add(const User& user, const Change& change) {
    if (find(user.name))
        throw Error::Conflict("an account named '" + user.name + "' already exists");
    conn_.execute(
        "INSERT INTO users (name, role, authority_id, supplier_id, password_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {user.name, text(user.role), user.authority_id, user.supplier_id, user.password_hash,
         text(change.at)});
    const std::int64_t id = conn_.last_insert_id();
    audit(conn_, change, "create", "user", user.name, "", user_json(user));
    return id;
}

std::optional<User> UserRepository::find(const std::string& name) {
    auto row = conn_.query_one(
        "SELECT " + std::string(kUserColumns) + " FROM users u WHERE u.name = ?", {name});
    if (!row)
        return std::nullopt;
    return user_from(*row);
}

std::optional<User> UserRepository::find(std::int64_t id) {
    auto row = conn_.query_one(
        "SELECT " + std::string(kUserColumns) + " FROM users u WHERE u.id = ?", {Value(id)});
    if (!row)
        return std::nullopt;
    return user_from(*row);
}

std::vector<User> UserRepository::list(const Page& page) {
    const Page p = clamped(page);
    std::vector<User> out;
    conn_.query(
        "SELECT " + std::string(kUserColumns) + " FROM users u ORDER BY u.name LIMIT ? OFFSET ?",
        {p.limit, p.offset}, [&](const Row& r) { out.push_back(user_from(r)); });
    return out;
}

std::int64_t UserRepository::count() {
    return conn_.query_one("SELECT COUNT(*) FROM users")->operator[](0).as_int();
}

void UserRepository::set_password(const std::string& name, const std::string& password_hash,
                                  const Change& change) {
    auto user = find(name);
    if (!user)
        throw Error::NotFound("no account named '" + name + "'");
    conn_.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                  {password_hash, Value(user->id)});
    // The audit log is exported: it says that the password changed, never the hash.
    audit(conn_, change, "set_password", "user", name,
          JsonObject().add("has_password", !user->password_hash.empty()).str(),
          JsonObject().add("has_password", !password_hash.empty()).str());
}

// ---- API tokens ----

std::int64_t UserRepository::add_token(std::int64_t user_id, const std::string& token_sha256,
                                       std::optional<Timestamp> expires, const Change& change,
                                       const std::string& hint) {
    auto user = find(user_id);
    if (!user)
        throw Error::NotFound("no account with id " + std::to_string(user_id));
    std::optional<std::string> expires_text;
    if (expires)
        expires_text = text(*expires);
    conn_.execute(
        "INSERT INTO api_tokens (user_id, token_sha256, created_at, expires_at, revoked_at, "
        "token_hint) VALUES (?, ?, ?, ?, NULL, ?)",
        {Value(user_id), token_sha256, text(change.at), Value(expires_text), hint});
    const std::int64_t id = conn_.last_insert_id();
    // The token's hash stays out of the (exported) audit log.
    audit(conn_, change, "create", "token", std::to_string(id), "",
          JsonObject().add("user", user->name).add("expires", expires_text).str());
    return id;
}

std::optional<User> UserRepository::find_by_token(const std::string& token_sha256, Timestamp now) {
    auto holder = find_token_holder(token_sha256, now);
    if (!holder)
        return std::nullopt;
    return std::move(holder->user);
}

std::optional<TokenHolder> UserRepository::find_token_holder(const std::string& token_sha256,
                                                             Timestamp now) {
    auto row = conn_.query_one("SELECT " + std::string(kUserColumns) +
                                   ", t.expires_at FROM api_tokens t JOIN users u ON u.id = "
                                   "t.user_id WHERE t.token_sha256 = ? AND t.revoked_at IS NULL "
                                   "AND (t.expires_at IS NULL OR t.expires_at > ?)",
                               {token_sha256, text(now)});
    if (!row)
        return std::nullopt;
    return TokenHolder{user_from(*row), optional_timestamp_from((*row)[6])};
}

void UserRepository::revoke_token(std::int64_t token_id, const Change& change) {
    auto row = conn_.query_one(
        "SELECT t.revoked_at, u.name FROM api_tokens t JOIN users u ON u.id = t.user_id "
        "WHERE t.id = ?",
        {Value(token_id)});
    if (!row)
        throw Error::NotFound("no token with id " + std::to_string(token_id));
    if (!(*row)[0].is_null())
        return;  // already revoked: revoking again changes nothing
    conn_.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ?",
                  {text(change.at), Value(token_id)});
    audit(conn_, change, "revoke", "token", std::to_string(token_id),
          JsonObject().add("user", (*row)[1].as_text()).add_null("revoked").str(),
          JsonObject().add("user", (*row)[1].as_text()).add("revoked", text(change.at)).str());
}

std::optional<TokenInfo> UserRepository::find_token(std::int64_t token_id) {
    auto row = conn_.query_one("SELECT " + std::string(kTokenColumns) +
                                   " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                                   "WHERE t.id = ?",
                               {Value(token_id)});
    if (!row)
        return std::nullopt;
    return token_from(*row);
}

std::vector<TokenInfo> UserRepository::tokens(const std::string& user_name, const Page& page) {
    Where where;
    if (!user_name.empty())
        where.add("u.name = ?", {user_name});
    Params params = where.params();
    const Page p = clamped(page);
    params.push_back(p.limit);
    params.push_back(p.offset);
    std::vector<TokenInfo> out;
    conn_.query("SELECT " + std::string(kTokenColumns) +
                    " FROM api_tokens t JOIN users u ON u.id = t.user_id" + where.sql() +
                    " ORDER BY t.id DESC LIMIT ? OFFSET ?",
                params, [&](const Row& r) { out.push_back(token_from(r)); });
    return out;
}

std::int64_t UserRepository::count_tokens(const std::string& user_name) {
    Where where;
    if (!user_name.empty())
        where.add("u.name = ?", {user_name});
    return conn_
        .query_one(
            "SELECT COUNT(*) FROM api_tokens t JOIN users u ON u.id = t.user_id" + where.sql(),
            where.params())
        ->
        operator[](0)
        .as_int();
}

// ---- web sessions ----

std::int64_t UserRepository::create_session(const SessionRecord& session, const Change& change) {
    auto user = find(session.user_id);
    if (!user)
        throw Error::NotFound("no account with id " + std::to_string(session.user_id));
    conn_.execute(
        "INSERT INTO sessions (session_sha256, user_id, csrf_token, client_address, created_at, "
        "expires_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, NULL)",
        {session.session_sha256, Value(session.user_id), session.csrf_token, session.client_address,
         text(session.created), text(session.expires)});
    const std::int64_t id = conn_.last_insert_id();
    // Neither the session's hash nor its CSRF token goes into the (exported) audit log.
    audit(conn_, change, "sign_in", "session", std::to_string(id), "",
          JsonObject()
              .add("user", user->name)
              .add("address", session.client_address)
              .add("expires", text(session.expires))
              .str());
    return id;
}

std::optional<std::pair<User, SessionRecord>> UserRepository::find_session(
    const std::string& session_sha256, Timestamp now) {
    auto row = conn_.query_one(
        "SELECT " + std::string(kUserColumns) +
            ", s.id, s.csrf_token, s.client_address, s.created_at, s.expires_at "
            "FROM sessions s JOIN users u ON u.id = s.user_id "
            "WHERE s.session_sha256 = ? AND s.ended_at IS NULL AND s.expires_at > ?",
        {session_sha256, text(now)});
    if (!row)
        return std::nullopt;
    const Row& r = *row;
    User user = user_from(r);
    SessionRecord session{r[6].as_int(),        user.id,        session_sha256,
                          r[7].as_text(),       r[8].as_text(), timestamp_from(r[9]),
                          timestamp_from(r[10])};
    return std::make_pair(std::move(user), std::move(session));
}

bool UserRepository::end_session(const std::string& session_sha256, const Change& change) {
    auto row = conn_.query_one(
        "SELECT s.id, u.name FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.session_sha256 = ? AND s.ended_at IS NULL",
        {session_sha256});
    if (!row)
        return false;
    const std::int64_t id = (*row)[0].as_int();
    conn_.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", {text(change.at), Value(id)});
    audit(conn_, change, "sign_out", "session", std::to_string(id),
          JsonObject().add("user", (*row)[1].as_text()).add_null("ended").str(),
          JsonObject().add("user", (*row)[1].as_text()).add("ended", text(change.at)).str());
    return true;
}

std::int64_t UserRepository::end_sessions_of(const std::string& account_name,
                                             const Change& change) {
    auto user = find(account_name);
    if (!user)
        throw Error::NotFound("no account named '" + account_name + "'");
    const std::int64_t ended = conn_.execute(
        "UPDATE sessions SET ended_at = ? "
        "WHERE user_id = ? AND ended_at IS NULL AND expires_at > ?",
        {text(change.at), Value(user->id), text(change.at)});
    audit(conn_, change, "end_sessions", "user", account_name,
          JsonObject().add("live_sessions", ended).str(),
          JsonObject().add("live_sessions", std::int64_t{0}).str());
    return ended;
}

// ---- sign-in failures ----

void UserRepository::lock_account(const std::string& account_name) {
    // A no-op UPDATE locks the same way on both databases (see ContractRepository::lock).
    conn_.execute("UPDATE users SET name = name WHERE name = ?", {account_name});
}

void UserRepository::record_sign_in_failure(const std::string& account_name,
                                            const std::string& client_address, Timestamp at,
                                            const std::string& outcome) {
    conn_.execute(
        "INSERT INTO sign_in_failures (account_name, client_address, at, outcome) "
        "VALUES (?, ?, ?, ?)",
        {account_name, client_address, text(at), outcome});
}

std::vector<Timestamp> UserRepository::recent_failures(FailureKey key, const std::string& value,
                                                       Timestamp since, int limit) {
    const std::string column = key == FailureKey::kAccountName ? "account_name" : "client_address";
    std::vector<Timestamp> out;
    conn_.query("SELECT at FROM sign_in_failures WHERE " + column +
                    " = ? AND outcome = 'failed' AND at >= ? ORDER BY at DESC, id DESC LIMIT ?",
                {value, text(since), limit},
                [&](const Row& r) { out.push_back(timestamp_from(r[0])); });
    return out;
}

void UserRepository::clear_failures(const std::string& account_name) {
    conn_.execute("DELETE FROM sign_in_failures WHERE account_name = ?", {account_name});
}

void UserRepository::unlock(const std::string& account_name, const Change& change) {
    if (!find(account_name))
        throw Error::NotFound("no account named '" + account_name + "'");
    const std::int64_t forgotten =
        conn_.execute("DELETE FROM sign_in_failures WHERE account_name = ?", {account_name});
    audit(conn_, change, "unlock", "user", account_name,
          JsonObject().add("failed_sign_ins", forgotten).str(),
          JsonObject().add("failed_sign_ins", std::int64_t{0}).str());
}

void UserRepository::audit_lockout(const std::string& account_name, Timestamp until,
                                   const Change& change) {
    audit(conn_, change, "lock", "user", account_name, "",
          JsonObject().add("locked_until", text(until)).str());
}

}  // namespace scorecard::store
