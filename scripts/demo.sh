#!/usr/bin/env bash
# The first README command: install, build, load the demo data into SQLite
# (var/scorecard.db) and serve it at http://localhost:8080 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The binary only: the test suites are scripts/test.sh's.
SCORECARD_BUILD_TARGETS=scorecard scripts/build.sh build/release
bin=build/release/scorecard
db="${SCORECARD_DB:-sqlite:var/scorecard.db}"
"$bin" --db "$db" migrate
"$bin" --db "$db" demo
# Passwords for signing in to the web pages as each kind of user (demo data only).
password="${SCORECARD_DEMO_PASSWORD:-demo-password}"
supplier="$("$bin" --db "$db" user list | awk '$2 == "supplier" && !found { found = $1 } END { print found }')"
for name in admin minister commercial.dwp "$supplier"; do
  printf '%s\n' "$password" | "$bin" --db "$db" user passwd "$name" >/dev/null
done
echo
echo "Sign in at http://localhost:${SCORECARD_PORT:-8080}/ with the password '$password' as:"
echo "  minister (dashboard), commercial.dwp (DWP's contracts), $supplier (a supplier), admin"
echo "A token for the admin account (use it as: curl -H 'Authorization: Bearer TOKEN' ...):"
"$bin" --db "$db" token create admin
echo
exec "$bin" --db "$db" serve --port "${SCORECARD_PORT:-8080}"
