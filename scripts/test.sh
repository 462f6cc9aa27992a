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

# The public documents the tests check against (eForms notices, the official OCDS schemas)
# live beside the checkout, never in it (tests/support/corpus.h). Under CI a missing corpus
# is a failure; elsewhere the tests that need it (CTest label "corpus") are named and left
# out, and the run says so at the end.
corpus="${SCORECARD_CORPUS:-$PWD/../shared/corpus}"
ctest_filter=()
missing_corpus=""
if [ ! -d "$corpus/eforms" ] || [ ! -d "$corpus/ocds" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "test: the public corpus is missing at $corpus (expected eforms/ and ocds/ beside the checkout)" >&2
    exit 1
  fi
  missing_corpus="$(ctest --test-dir "$build" -N -L corpus | sed -n 's/^ *Test *#[0-9]*: //p' | tr '\n' ' ')"
  echo "test: the public corpus is missing at $corpus; these tests cannot run: $missing_corpus" >&2
  ctest_filter=(-LE corpus)
fi
export SCORECARD_CORPUS="$corpus"

export SCORECARD_TEST_DATABASES="sqlite: $url"
export SCORECARD_REQUIRE_MYSQL=1
# Poco and the MySQL client keep a few allocations for the life of the process.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --test-dir "$build" --output-on-failure -j 2 --timeout 900 "${ctest_filter[@]}"

# A year later nothing has expired (issue 19): the suites again with the system clock a year
# ahead (libfaketime, for each test and every process it starts), on SQLite. Tests pin the
# application's clock (clock.start); one that read the system's day instead fails here. Left
# out: the browser, bench and robustness suites (real time is their subject), MariaDB's and
# feed_poller_test (its fetch timeouts run on a ManualClock and libfaketime's poll()).
echo "test: the suites again with the system clock a year ahead ($(faketime -f +365d date -u +%F))"
year_ahead_out='browser|bench|robustness|mysql'
if [ -n "$missing_corpus" ]; then year_ahead_out="$year_ahead_out|corpus"; fi
FAKETIME_DONT_FAKE_MONOTONIC=1 SCORECARD_TEST_DATABASES="sqlite:" SCORECARD_REQUIRE_MYSQL=0 \
  ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
  faketime -f +365d ctest --test-dir "$build" --output-on-failure -j 2 --timeout 900 \
  -LE "$year_ahead_out" -E '^feed_poller_test$'

# Fuzzing (issue #9, docs/security.md): the libFuzzer targets in a clang build of their own,
# seeded from the good and bad documents and fuzz/regressions/, 30 s each; a crash fails the
# run (set -e) and leaves its input in build/fuzz/artifacts/.
fuzz_build="${SCORECARD_FUZZ_BUILD:-build/fuzz}"
CC=clang CXX=clang++ cmake -S . -B "$fuzz_build" -G Ninja -DSCORECARD_FUZZ=ON \
  -DSCORECARD_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$fuzz_build" -j 2 fuzz_parse_document fuzz_eforms fuzz_router
rm -rf "$fuzz_build/corpus" && fuzz/seed.sh "$fuzz_build/corpus"
mkdir -p "$fuzz_build/artifacts"
for target in fuzz_parse_document fuzz_eforms fuzz_router; do
  echo "test: fuzzing $target for ${SCORECARD_FUZZ_SECONDS:-30} s"
  "$fuzz_build/fuzz/$target" -max_total_time="${SCORECARD_FUZZ_SECONDS:-30}" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$fuzz_build/artifacts/$target-" "$fuzz_build/corpus/$target"
done
if [ -n "$missing_corpus" ]; then
  echo "test: every test that ran passed and the fuzzers found nothing; NOT RUN (no corpus at $corpus): $missing_corpus"
else
  echo "test: every test passed and the fuzzers found nothing"
fi
