#!/usr/bin/env bash
# The first README command: install, build, load the demo data into SQLite
# (var/scorecard.db) and serve it at http://localhost:8080 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build/release
bin=build/release/services/scorecard
db="${SCORECARD_DB:-sqlite:var/scorecard.db}"
"$bin" --db "$db" migrate
"$bin" --db "$db" demo
echo
echo "A token for the admin account (use it as: curl -H 'Authorization: Bearer TOKEN' ...):"
"$bin" --db "$db" token create admin
echo
exec "$bin" --db "$db" serve --port "${SCORECARD_PORT:-8080}"
