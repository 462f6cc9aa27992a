#include "services/sessions.h"

#include <chrono>
#include <vector>

#include "services/secrets.h"
#include "store/user_repository.h"

namespace scorecard::services {
namespace {

using std::chrono::minutes;

constexpr const char* kWrongNameOrPassword = "the name or password is not right";

// A random secret for a session id or CSRF token: 43 characters of base64url.
std::string new_secret() {
    return new_token().substr(3);  // without the "sc_" that marks API tokens
}

// When a key with these failures (newest first) is locked until, if it still is at `now`:
// `threshold` failures within the window lock it for kLockMinutes after the last of them.
std::optional<Timestamp> locked_until(const std::vector<Timestamp>& newest_first, int threshold,
                                      Timestamp now) {
    if (static_cast<int>(newest_first.size()) < threshold)
        return std::nullopt;
    const Timestamp newest = newest_first.front();
    const Timestamp oldest = newest_first[static_cast<std::size_t>(threshold - 1)];
    if (newest - oldest > minutes(kFailureWindowMinutes))
        return std::nullopt;
    const Timestamp until = newest + minutes(kLockMinutes);
    if (until <= now)
        return std::nullopt;
    return until;
}

// Failures old enough not to matter any more: one window plus one lock before now.
Timestamp relevant_since(Timestamp now) {
    return now - minutes(kFailureWindowMinutes + kLockMinutes);
}

struct Locks {
    std::optional<Timestamp> account;
    std::optional<Timestamp> address;
};

Locks current_locks(store::UserRepository& users, const std::string& name,
                    const std::string& address, Timestamp now) {
    const Timestamp since = relevant_since(now);
    return Locks{
        locked_until(
            users.recent_failures(store::FailureKey::kAccountName, name, since, kMaxFailedSignIns),
            kMaxFailedSignIns, now),
        locked_until(users.recent_failures(store::FailureKey::kClientAddress, address, since,
                                           kMaxFailedSignInsPerAddress),
                     kMaxFailedSignInsPerAddress, now),
    };
}

std::string account_locked_message(Timestamp until) {
    return "this account is locked after " + std::to_string(kMaxFailedSignIns) +
           " failed sign-ins within " + std::to_string(kFailureWindowMinutes) +
           " minutes; try again after " + format_timestamp(until) +
           " (UTC), or ask an administrator to unlock it";
}

std::string address_locked_message(Timestamp until) {
    return "too many failed sign-ins from your network address; try again after " +
           format_timestamp(until) + " (UTC)";
}

// A hash to check unknown names against, so that they take as long as real ones.
const std::string& decoy_hash() {
    static const std::string hash = hash_password(new_secret());
    return hash;
}

}  // namespace

SignIn sign_in(store::Database& db, Timestamp now, const std::string& name,
               const std::string& password, const std::string& client_address) {
    if (name.empty() || password.empty() || name.size() > 200 || password.size() > 1024)
        throw Error::Unauthenticated(kWrongNameOrPassword);

    // The attempt is counted before the password is checked, in one transaction with the
    // lockout check and with the account locked (UserRepository::lock_account), so that
    // concurrent guesses at one name are checked at most kMaxFailedSignIns times. The check
    // itself runs outside any transaction: PBKDF2 is slow on purpose and must not hold the
    // write lock. A right password forgets the counted attempts below.
    std::optional<User> user;
    Locks locks;
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        store::UserRepository users(conn);
        users.lock_account(name);
        user = users.find(name);
        locks = current_locks(users, name, client_address, now);
        users.record_sign_in_failure(name, client_address, now,
                                     locks.account || locks.address ? "refused" : "failed");
    });
    const store::Change change{user ? user->name : "anonymous", now};
    if (locks.account || locks.address)
        throw Error::Forbidden(locks.account ? account_locked_message(*locks.account)
                                             : address_locked_message(*locks.address));

    const bool has_password = user && !user->password_hash.empty();
    const bool right = verify_password(password, has_password ? user->password_hash : decoy_hash());
    if (!right || !has_password) {
        std::optional<Timestamp> now_locked;
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            store::UserRepository users(conn);
            now_locked = current_locks(users, name, client_address, now).account;
            // Unknown names lock as accounts do (docs/accounts.md), and are audited as they
            // are, by "anonymous" under the name as typed: the moment a name locks is worth
            // an administrator's eye whether or not an account has it. It takes five failures
            // at the same name within the window, so it is a guess at a name rather than a
            // password typed once into the wrong field. The answer is the same for both.
            if (now_locked)
                users.audit_lockout(user ? user->name : name, *now_locked, change);
        });
        if (now_locked)
            throw Error::Forbidden(std::string(kWrongNameOrPassword) + "; " +
                                   account_locked_message(*now_locked));
        throw Error::Unauthenticated(kWrongNameOrPassword);
    }

    SignIn result;
    result.cookie_value = new_secret();
    result.session.csrf_token = new_secret();
    result.session.expires = now + std::chrono::hours(kSessionHours);
    result.session.principal =
        Principal{user->name, user->role, user->authority_id, user->supplier_id};
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        store::UserRepository users(conn);
        users.clear_failures(name);
        users.create_session(store::SessionRecord{0, user->id, sha256_hex(result.cookie_value),
                                                  result.session.csrf_token, client_address, now,
                                                  result.session.expires},
                             change);
    });
    return result;
}

std::optional<Session> find_session(store::Database& db, Timestamp now,
                                    const std::string& cookie_value) {
    if (cookie_value.empty() || cookie_value.size() > 200)
        return std::nullopt;
    auto conn = db.acquire();
    auto found = store::UserRepository(*conn).find_session(sha256_hex(cookie_value), now);
    if (!found)
        return std::nullopt;
    const auto& [user, record] = *found;
    return Session{Principal{user.name, user.role, user.authority_id, user.supplier_id},
                   record.csrf_token, record.expires};
}

void sign_out(store::Database& db, Timestamp now, const std::string& cookie_value) {
    if (cookie_value.empty() || cookie_value.size() > 200)
        return;
    const std::string hash = sha256_hex(cookie_value);
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        store::UserRepository users(conn);
        auto found = users.find_session(hash, now);
        const std::string actor = found ? found->first.name : "anonymous";
        users.end_session(hash, store::Change{actor, now});
    });
}

}  // namespace scorecard::services
