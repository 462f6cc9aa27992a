// Accounts for suites that build their own server or database (not tests/services'
// RunningServer): one user with a bearer token, written through the repositories as an
// operator's `scorecard user add` and `token create` would.
//
// Thread safety: a free function; it runs one write transaction on the caller's thread.
#pragma once

#include <string>

#include "model/calendar.h"
#include "model/domain.h"
#include "store/database.h"

namespace scorecard::testing {

// Adds `user` and a new bearer token for it (no expiry), recorded as done by "test" at
// `when`, in one write transaction; returns the token. The user's authority or supplier
// must already exist.
std::string add_user_with_token(store::Database& db, const User& user, Timestamp when);

// An admin account named "admin" without a password.
User admin_user();

// Now, to the second: for a suite whose accounts may be made at any time.
Timestamp now_to_the_second();

}  // namespace scorecard::testing
