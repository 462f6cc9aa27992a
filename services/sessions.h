// Web sessions: sign-in with a name and password, a session cookie for the pages, a CSRF
// token per session, sign-out, and a lockout after repeated failed sign-ins.
//
// Only the SHA-256 of a session id is stored, as for API tokens. The cookie is
// "scorecard_session=ID; Path=/; HttpOnly; SameSite=Lax" (+ "; Secure" when the server
// runs behind TLS, see Settings). Thread-safe: state lives in the database.
#pragma once

#include <optional>
#include <string>

#include "model/access.h"
#include "model/calendar.h"
#include "store/database.h"

namespace scorecard::services {

inline constexpr const char* kSessionCookie = "scorecard_session";

struct Session {
    Principal principal;
    std::string csrf_token;  // forms carry it back in a hidden "csrf" field
    Timestamp expires{};
};

struct SignIn {
    std::string cookie_value;  // the session id to put in the cookie
    Session session;
};

// Checks the password. Wrong name or password: Error::Unauthenticated with one message for
// both ("the name or password is not right"); an account locked after too many failures:
// Error::Busy-like refusal saying when to try again (status 429 is not in our table, so
// kForbidden with a clear message). Every attempt is recorded for the lockout.
SignIn sign_in(store::Database& db, Timestamp now, const std::string& name,
               const std::string& password, const std::string& client_address);

// The live session for a cookie value; nullopt when unknown, expired or signed out.
std::optional<Session> find_session(store::Database& db, Timestamp now,
                                    const std::string& cookie_value);

// Ends the session (idempotent).
void sign_out(store::Database& db, Timestamp now, const std::string& cookie_value);

// The policy, in one place (docs/accounts.md).
inline constexpr int kSessionHours = 8;
// An account name is locked for kLockMinutes after kMaxFailedSignIns wrong passwords within
// kFailureWindowMinutes; a client address after kMaxFailedSignInsPerAddress (any names).
inline constexpr int kMaxFailedSignIns = 5;
inline constexpr int kMaxFailedSignInsPerAddress = 20;
inline constexpr int kFailureWindowMinutes = 15;
inline constexpr int kLockMinutes = 15;

}  // namespace scorecard::services
