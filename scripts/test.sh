#!/usr/bin/env bash
# The second README command (and CI's): install, build with warnings as errors and
# AddressSanitizer + UndefinedBehaviorSanitizer, start a private MariaDB in a temporary
# directory, and run every test on SQLite and MariaDB. A MariaDB that cannot start fails
# the run: no database test is ever skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

build="${SCORECARD_TEST_BUILD:-build/test}"
scripts/build.sh "$build" -DSCORECARD_WERROR=ON -DSCORECARD_SANITIZE="${SCORECARD_SANITIZE:-ON}"

mariadb_dir="$(mktemp -d "${TMPDIR:-/tmp}/scorecard-mariadb.XXXXXX")"
cleanup() {
  scripts/mariadb.sh stop "$mariadb_dir" || true
  rm -rf "$mariadb_dir"
}
trap cleanup EXIT
url="$(scripts/mariadb.sh start "$mariadb_dir" | tail -n 1)"
case "$url" in
  mysql://*) ;;
  *) echo "test: the private MariaDB did not start" >&2; exit 1 ;;
esac

export SCORECARD_TEST_DATABASES="sqlite: $url"
export SCORECARD_REQUIRE_MYSQL=1
# Poco and the MySQL client keep a few allocations for the life of the process.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --test-dir "$build" --output-on-failure -j 2 --timeout 900
