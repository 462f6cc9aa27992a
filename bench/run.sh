#!/usr/bin/env bash
# Runs every benchmark of issue #8 and writes BENCHMARKS.md (machine, date, figures, how to
# reproduce). Every figure is a ratio against a baseline measured in the same run, so that
# a loaded or slower machine moves both sides alike.
#
#   bench/run.sh                       # scales 0.25 1 4, writes ./BENCHMARKS.md
#   BENCH_SCALES="0.001" BENCH_DURATION=1 bench/run.sh --out /tmp/b.md   # a smoke run
#
# Settings (environment):
#   BENCH_BUILD     build directory with scorecard, scorecard-bench-gen, scorecard-bench-xml
#                   (default build-bench; configured RelWithDebInfo without sanitizers and
#                   built when the binaries are missing)
#   BENCH_SCALES    the scales to run, smallest first (default "0.25 1 4")
#   BENCH_WORK      where data sets and databases go (default /tmp/scorecard-bench)
#   BENCH_DURATION  seconds per wrk run (default 10); BENCH_CONNECTIONS (default 8)
#   BENCH_WARMUP    seconds of the same wrk run before each timed one, not counted in its
#                   figures but recorded as the cold rate (default 5; 0 for none)
#   BENCH_BESIDE    seconds of /healthz after each timed run of another kind: the kind's
#                   ratio is to the trivial rate measured beside it, the mean of the runs
#                   just before and just after it (default 5; 0: to the first /healthz run)
#   BENCH_MARIADB   1 (default) also measures the import into a private MariaDB
#                   (scripts/mariadb.sh) against LOAD DATA, at scale 1 (or, when scale 1
#                   is not run, the first scale); 0 skips it
#   BENCH_MARIADB_BUFFER_POOL, BENCH_MARIADB_LOG_FILE   that server's InnoDB buffer pool and
#                   redo log (default 2G and 1G, sized as docs/deploy.md says production's
#                   should be for the data; the test suite's servers keep 64M and 96M)
#   BENCH_KEEP      1 keeps the data sets and databases afterwards
#   BENCH_NO_BUILD  1 measures the binaries in BENCH_BUILD as they are (the test suite's
#                   bench_tiny_test: CI built them, and a build started from a test would
#                   relink binaries other tests are running)
# Options: --out FILE (default BENCHMARKS.md in the repository).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$repo/BENCHMARKS.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --help|-h) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

build="${BENCH_BUILD:-$repo/build-bench}"
scales="${BENCH_SCALES:-0.25 1 4}"
work="${BENCH_WORK:-/tmp/scorecard-bench}"
duration="${BENCH_DURATION:-10}"
connections="${BENCH_CONNECTIONS:-8}"
warmup="${BENCH_WARMUP:-5}"
beside="${BENCH_BESIDE:-5}"
as_of="2026-01-15"  # after every generated return (the last period is 2025-12)
# MariaDB's import is measured at scale 1 when it is run, else at the first scale.
mariadb_scale="${scales%% *}"
for s in $scales; do [ "$s" = 1 ] && mariadb_scale=1; done

for tool in wrk sqlite3 awk curl; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

scorecard="$build/scorecard"
gen="$build/bench/scorecard-bench-gen"
xmlbench="$build/bench/scorecard-bench-xml"
# Built (or brought up to date: binaries older than the checkout must not be measured) first.
if [ "${BENCH_REPORT_ONLY:-0}" != 1 ] && [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$build/build.ninja" ]; then
    echo "bench: configuring $build (RelWithDebInfo, no sanitizers)" >&2
    cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  echo "bench: building $build" >&2
  ninja -C "$build" -j "${SCORECARD_JOBS:-2}" scorecard scorecard-bench-gen scorecard-bench-xml >/dev/null
fi

mkdir -p "$work"
results="$work/results.txt"  # scale.key=value, one a line
: "${BENCH_REPORT_ONLY:=0}"  # 1: rewrite the report from an existing results file
[ "$BENCH_REPORT_ONLY" = 1 ] || echo "run.started=$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$results"
server_pid=""
mariadb_started=0
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ "$mariadb_started" = 1 ]; then "$repo/scripts/mariadb.sh" stop "$work/mariadb" >/dev/null 2>&1 || true; fi
  if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$work"/s*; fi
}
trap cleanup EXIT

log() { echo "bench: $*" >&2; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6g\", $1 }"; }
record() { echo "$1.$2=$3" >>"$results"; }
# get SCALE KEY: a recorded figure ("" when absent).
get() { awk -F= -v k="$1.$2" '$1 == k { v = substr($0, length(k) + 2) } END { print v }' "$results"; }
fail() { echo "bench/run.sh: $*" >&2; exit 1; }

# sq DB SQL: one value from SQLite.
sq() { sqlite3 -batch -noheader "$1" "$2"; }

# The aggregate baseline for rescoring: every current return's period score, as SPEC §3.3
# defines it (all KPIs measured here), in one SQL statement.
aggregate_sql="SELECT count(*), printf('%.6f', sum(s)) FROM (
  SELECT SUM(k.weight * CASE WHEN k.direction = 'higher' THEN
           CASE WHEN m.measured_value >= k.good THEN 100 WHEN m.measured_value >= k.approaching THEN 75
                WHEN m.measured_value >= k.minimum THEN 40 ELSE 0 END
         ELSE
           CASE WHEN m.measured_value <= k.good THEN 100 WHEN m.measured_value <= k.approaching THEN 75
                WHEN m.measured_value <= k.minimum THEN 40 ELSE 0 END END) / SUM(k.weight) AS s
  FROM return_versions rv
  JOIN measures m ON m.return_version_id = rv.id
  JOIN kpi_versions k ON k.contract_id = rv.contract_id AND k.code = m.kpi_code
  WHERE rv.is_current = 1
  GROUP BY rv.contract_id, rv.period)"

# wrk_run SCALE NAME KIND PORT CONTRACTS TOKEN: one bounded wrk run, figures recorded as
# SCALE.NAME_*; fails on any connection error or error status.
# Arguments after TOKEN go to the script (not-modified: PATH ETAG).
# A warm-up run of the same kind comes first (BENCH_WARMUP seconds): the timed run measures
# a server that has served these ids before (a fresh server's first touch of each id reads
# its row; at scale 4 that is most of a 10 s run's requests), and the warm-up's own rate is
# recorded as SCALE.NAME_cold_rps.
# After a timed run of any kind but healthz, a /healthz run of BENCH_BESIDE seconds: the mean
# of it and the /healthz run before is SCALE.NAME_beside_rps, the trivial rate the kind's
# ratio divides by, so that a machine whose speed drifts during the run (this one's did,
# by a fifth within minutes) moves both sides of a ratio alike.
last_trivial=""
wrk_run() {
  local scale="$1" name="$2" kind="$3" port="$4" contracts="$5" token="$6" text
  shift 6
  if [ "$warmup" != 0 ]; then
    text="$(BENCH_SEED=1 wrk -t 2 -c "$connections" -d "${warmup}s" --timeout 10s -s "$repo/bench/wrk/reads.lua" \
            "http://127.0.0.1:$port" -- "$kind" "$contracts" "$token" "$@" | sed -n '/^rps=/p')"
    record "$scale" "${name}_cold_rps" "${text#rps=}"
  fi
  text="$(wrk -t 2 -c "$connections" -d "${duration}s" --timeout 10s -s "$repo/bench/wrk/reads.lua" \
          "http://127.0.0.1:$port" -- "$kind" "$contracts" "$token" "$@" | sed -n '/^[a-z0-9_]*=/p')"
  while IFS='=' read -r k v; do record "$scale" "${name}_$k" "$v"; done <<<"$text"
  local errors
  errors="$(awk -F= '/^errors_/ { s += $2 } END { print s + 0 }' <<<"$text")"
  record "$scale" "${name}_errors" "$errors"
  log "  $name: $(get "$scale" "${name}_rps") req/s, p99 $(get "$scale" "${name}_p99_ms") ms, $errors error(s)"
  if [ "$kind" = healthz ]; then
    last_trivial="$(get "$scale" "${name}_rps")"
  elif [ "$beside" != 0 ]; then
    text="$(wrk -t 2 -c "$connections" -d "${beside}s" --timeout 10s -s "$repo/bench/wrk/reads.lua" \
            "http://127.0.0.1:$port" -- healthz "$contracts" "$token" | sed -n '/^rps=/p')"
    record "$scale" "${name}_beside_rps" "$(calc "(${last_trivial} + ${text#rps=}) / 2")"
    last_trivial="${text#rps=}"
  fi
}

# ratio SCALE NAME: NAME's rate over the trivial handler's measured beside it (or, without
# BENCH_BESIDE, the first /healthz run's).
ratio() {
  local base
  base="$(get "$1" "${2}_beside_rps")"
  [ -n "$base" ] || base="$(get "$1" trivial_rps)"
  calc "$(get "$1" "${2}_rps") / $base"
}

for scale in $scales; do
  [ "$BENCH_REPORT_ONLY" = 1 ] && break
  dir="$work/s$scale"
  rm -rf "$dir"
  mkdir -p "$dir"
  log "scale $scale: generating"
  "$gen" --scale "$scale" --out "$dir/data" >&2
  while IFS='=' read -r k v; do record "$scale" "$k" "$v"; done <"$dir/data/counts.txt"
  contracts="$(get "$scale" contracts)"
  measures="$(get "$scale" measures)"
  returns="$(get "$scale" returns)"

  # XML: our parse and validation vs pugixml's bare parse of the same files.
  log "scale $scale: XML parse"
  "$xmlbench" --rounds 2 "$dir/data/feeds" "$dir/data/returns" >"$dir/xml.txt" || fail "XML parse failed: $(cat "$dir/xml.txt")"
  while IFS='=' read -r k v; do record "$scale" "xml_$k" "$v"; done <"$dir/xml.txt"
  [ "$(get "$scale" xml_measures)" = "$measures" ] || fail "the XML bench read $(get "$scale" xml_measures) measures, not $measures"

  # Import: `scorecard import` (feeds, then returns) vs sqlite3 .import of the same rows.
  # Loaded as an operator loads a history (docs/operations.md "Loading a history"): the
  # feeds with --defer-scoring, then the returns, whose import rescores every contract once
  # at its end; the timed import includes that rescoring.
  # The baseline is measured beside the import: once just before it and once just after, and
  # their mean is the rate the import's ratio divides by (as /healthz is beside each wrk run:
  # this machine's speed drifts by a fifth within minutes).
  raw_load() {
    local raw="$dir/raw.db" t0 t1 stored
    "$scorecard" --db "sqlite:$raw" migrate >/dev/null
    t0="$(now)"
    # The same pragmas as the application's connections (store/sqlite_database.cpp), except
    # foreign keys: the raw rows reference documents the baseline does not load.
    sqlite3 -batch "$raw" >/dev/null <<EOF
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
BEGIN;
.import --csv $dir/data/csv/authorities.csv authorities
.import --csv $dir/data/csv/suppliers.csv suppliers
.import --csv $dir/data/csv/contracts.csv contracts
.import --csv $dir/data/csv/kpi_versions.csv kpi_versions
.import --csv $dir/data/csv/return_versions.csv return_versions
.import --csv $dir/data/csv/measures.csv measures
COMMIT;
EOF
    t1="$(now)"
    stored="$(sq "$raw" "SELECT count(*) FROM measures")"
    [ "$stored" = "$measures" ] || fail "sqlite3 .import stored $stored measures, not $measures"
    rm -f "$raw" "$raw"-wal "$raw"-shm
    calc "$t1 - $t0"
  }
  log "scale $scale: sqlite3 .import of the same rows (before the import)"
  record "$scale" raw_before_seconds "$(raw_load)"

  db="$dir/scorecard.db"
  "$scorecard" --db "sqlite:$db" migrate >/dev/null
  log "scale $scale: scorecard import ($measures measures)"
  t0="$(now)"
  "$scorecard" --db "sqlite:$db" import --defer-scoring "$dir/data/feeds" >"$dir/import-feeds.txt"
  t1="$(now)"
  "$scorecard" --db "sqlite:$db" import "$dir/data/returns" >"$dir/import-returns.txt"
  t2="$(now)"
  record "$scale" import_feeds_seconds "$(calc "$t1 - $t0")"
  record "$scale" import_returns_seconds "$(calc "$t2 - $t1")"
  record "$scale" import_seconds "$(calc "$t2 - $t0")"
  stored="$(sq "$db" "SELECT count(*) FROM measures")"
  [ "$stored" = "$measures" ] || fail "scorecard import stored $stored measures, not $measures"
  record "$scale" import_measures_per_s "$(calc "$measures / ($t2 - $t0)")"

  log "scale $scale: sqlite3 .import of the same rows (after the import)"
  record "$scale" raw_after_seconds "$(raw_load)"
  record "$scale" raw_import_seconds "$(calc "($(get "$scale" raw_before_seconds) + $(get "$scale" raw_after_seconds)) / 2")"
  record "$scale" raw_measures_per_s "$(calc "$measures / $(get "$scale" raw_import_seconds)")"
  record "$scale" import_ratio "$(calc "$(get "$scale" import_measures_per_s) / $(get "$scale" raw_measures_per_s)")"

  # What the import must write, at the database's own speed: every table our import filled,
  # copied by SQLite itself (INSERT ... SELECT from the imported database, WHERE 1 so that it
  # inserts row by row rather than copying pages) into a fresh schema, in three groups:
  #   rows      the baseline's tables (what `.import` above loads);
  #   mandated  what SPEC §1-2 requires besides: every received document archived, every
  #             change in the audit log;
  #   derived   the rest: scores, flags, prepared scorecards (the reads' design).
  # No import can write its end state faster than the database copies it, so the baseline's
  # time over (rows + mandated) copied is the highest import ratio any import that keeps what
  # the spec requires can reach; over the whole end state, what this design can reach.
  log "scale $scale: the end state copied by SQLite (rows, archive and audit, derived)"
  copy="$dir/copy.db"
  "$scorecard" --db "sqlite:$copy" migrate >/dev/null
  rows_tables="authorities suppliers contracts kpi_versions return_versions measures"
  mandated_tables="document_contents documents document_entities audit_log"
  derived_tables=""
  for t in $(sq "$db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
    case " $rows_tables $mandated_tables " in *" $t "*) continue ;; esac
    # Tables the fresh schema already fills (its version, settings) are not copied.
    [ "$(sq "$copy" "SELECT count(*) FROM \"$t\"")" = 0 ] || continue
    [ "$(sq "$db" "SELECT count(*) FROM \"$t\"")" != 0 ] && derived_tables="$derived_tables $t"
  done
  copy_group() {
    local name="$1" t0 t1 t
    shift
    t0="$(now)"
    {
      echo "PRAGMA journal_mode=WAL;"
      echo "PRAGMA synchronous=NORMAL;"
      echo "ATTACH '$db' AS src;"
      echo "BEGIN;"
      for t in "$@"; do echo "INSERT INTO main.\"$t\" SELECT * FROM src.\"$t\" WHERE 1;"; done
      echo "COMMIT;"
    } | sqlite3 -batch "$copy" >/dev/null
    t1="$(now)"
    record "$scale" "copy_${name}_seconds" "$(calc "$t1 - $t0")"
  }
  # shellcheck disable=SC2086
  copy_group rows $rows_tables
  # shellcheck disable=SC2086
  copy_group mandated $mandated_tables
  # shellcheck disable=SC2086
  copy_group derived $derived_tables
  record "$scale" copy_derived_tables "$(echo $derived_tables)"
  [ "$(sq "$copy" "SELECT count(*) FROM measures")" = "$measures" ] || fail "the end-state copy holds $(sq "$copy" "SELECT count(*) FROM measures") measures, not $measures"
  r="$(get "$scale" copy_rows_seconds)"
  m="$(get "$scale" copy_mandated_seconds)"
  d="$(get "$scale" copy_derived_seconds)"
  record "$scale" copy_limit_mandated "$(calc "$(get "$scale" raw_import_seconds) / ($r + $m)")"
  record "$scale" copy_limit_all "$(calc "$(get "$scale" raw_import_seconds) / ($r + $m + $d)")"
  log "  end state: rows $(get "$scale" copy_rows_seconds) s, archive and audit $(get "$scale" copy_mandated_seconds) s, derived $(get "$scale" copy_derived_seconds) s"
  rm -f "$copy" "$copy"-wal "$copy"-shm

  # MariaDB (the production database), at the first scale only: scorecard import into a
  # private MariaDB vs LOAD DATA LOCAL INFILE of the same rows into the same schema.
  if [ "${BENCH_MARIADB:-1}" = 1 ] && [ "$scale" = "$mariadb_scale" ]; then
    log "scale $scale: MariaDB — scorecard import vs LOAD DATA"
    mdb="$work/mariadb"
    SCORECARD_MARIADB_BUFFER_POOL="${BENCH_MARIADB_BUFFER_POOL:-2G}" \
      SCORECARD_MARIADB_LOG_FILE="${BENCH_MARIADB_LOG_FILE:-1G}" \
      "$repo/scripts/mariadb.sh" start "$mdb" >/dev/null
    mariadb_started=1
    url="$(cat "$mdb/socket_url")"
    password="${url#mysql://scorecard:}"; password="${password%%@*}"
    socket="${url##*socket=}"
    mq() { mariadb --socket="$socket" -u scorecard -p"$password" --local-infile=1 -N -B "$@"; }
    raw_url="mysql://scorecard:$password@localhost/scorecard_t_raw?socket=$socket"
    csv="$dir/data/csv"
    load() { printf "LOAD DATA LOCAL INFILE '%s' INTO TABLE %s CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\\\n' %s;\n" "$csv/$1.csv" "$1" "$2"; }
    # LOAD DATA into a database of its own, just before the import and just after it (as
    # for SQLite above, the mean is the baseline); dropped after the first, so that the
    # import shares the server with no more data than it had before.
    mariadb_raw_load() {
      local t0 t1 stored
      mq -e "DROP DATABASE IF EXISTS scorecard_t_raw; CREATE DATABASE scorecard_t_raw"
      "$scorecard" --db "$raw_url" migrate >/dev/null
      t0="$(now)"
      # Foreign keys off, as for SQLite: the rows reference documents the baseline does not load.
      {
        echo "SET FOREIGN_KEY_CHECKS = 0;"
        echo "START TRANSACTION;"
        load authorities ""
        load suppliers ""
        load contracts ""
        load kpi_versions ""
        load return_versions "(id, contract_id, period, period_start, version, is_current, @document, submitted_at, received_at, submitted_by, reason) SET document_id = NULLIF(@document, '')"
        load measures "(return_version_id, seq, kpi_code, status, @v, @n, @d, note) SET measured_value = NULLIF(@v, ''), numerator = NULLIF(@n, ''), denominator = NULLIF(@d, '')"
        echo "COMMIT;"
      } | mq scorecard_t_raw
      t1="$(now)"
      stored="$(mq scorecard_t_raw -e "SELECT count(*) FROM measures")"
      [ "$stored" = "$measures" ] || fail "LOAD DATA stored $stored measures, not $measures"
      calc "$t1 - $t0"
    }
    record "$scale" mariadb_raw_before_seconds "$(mariadb_raw_load)"
    mq -e "DROP DATABASE scorecard_t_raw"
    "$scorecard" --db "$url" migrate >/dev/null
    t0="$(now)"
    "$scorecard" --db "$url" import --defer-scoring "$dir/data/feeds" >/dev/null
    "$scorecard" --db "$url" import "$dir/data/returns" >/dev/null
    t1="$(now)"
    stored="$(mq scorecard -e "SELECT count(*) FROM measures")"
    [ "$stored" = "$measures" ] || fail "scorecard import into MariaDB stored $stored measures, not $measures"
    record "$scale" mariadb_import_seconds "$(calc "$t1 - $t0")"
    record "$scale" mariadb_import_measures_per_s "$(calc "$measures / ($t1 - $t0)")"
    record "$scale" mariadb_raw_after_seconds "$(mariadb_raw_load)"
    record "$scale" mariadb_raw_seconds "$(calc "($(get "$scale" mariadb_raw_before_seconds) + $(get "$scale" mariadb_raw_after_seconds)) / 2")"
    record "$scale" mariadb_raw_measures_per_s "$(calc "$measures / $(get "$scale" mariadb_raw_seconds)")"
    record "$scale" mariadb_import_ratio "$(calc "$(get "$scale" mariadb_import_measures_per_s) / $(get "$scale" mariadb_raw_measures_per_s)")"
    log "  MariaDB: import $(get "$scale" mariadb_import_measures_per_s) measures/s, LOAD DATA $(get "$scale" mariadb_raw_measures_per_s)"
    # The end state at MariaDB's own speed, as for SQLite above: INSERT ... SELECT of the
    # imported tables into a fresh schema, in the same three groups.
    mq -e "DROP DATABASE IF EXISTS scorecard_t_copy; CREATE DATABASE scorecard_t_copy"
    "$scorecard" --db "mysql://scorecard:$password@localhost/scorecard_t_copy?socket=$socket" migrate >/dev/null
    mderived=""
    for t in $(mq -e "SELECT table_name FROM information_schema.tables WHERE table_schema = 'scorecard' ORDER BY table_name"); do
      case " $rows_tables $mandated_tables " in *" $t "*) continue ;; esac
      [ "$(mq -e "SELECT count(*) FROM scorecard_t_copy.\`$t\`")" = 0 ] || continue
      [ "$(mq -e "SELECT count(*) FROM scorecard.\`$t\`")" != 0 ] && mderived="$mderived $t"
    done
    mcopy_group() {
      local name="$1" t0 t1 t
      shift
      t0="$(now)"
      {
        echo "SET FOREIGN_KEY_CHECKS = 0;"
        echo "START TRANSACTION;"
        for t in "$@"; do echo "INSERT INTO scorecard_t_copy.\`$t\` SELECT * FROM scorecard.\`$t\`;"; done
        echo "COMMIT;"
      } | mq scorecard_t_copy
      t1="$(now)"
      record "$scale" "mariadb_copy_${name}_seconds" "$(calc "$t1 - $t0")"
    }
    # shellcheck disable=SC2086
    mcopy_group rows $rows_tables
    # shellcheck disable=SC2086
    mcopy_group mandated $mandated_tables
    # shellcheck disable=SC2086
    mcopy_group derived $mderived
    r="$(get "$scale" mariadb_copy_rows_seconds)"
    m="$(get "$scale" mariadb_copy_mandated_seconds)"
    d="$(get "$scale" mariadb_copy_derived_seconds)"
    record "$scale" mariadb_copy_limit_mandated "$(calc "$(get "$scale" mariadb_raw_seconds) / ($r + $m)")"
    record "$scale" mariadb_copy_limit_all "$(calc "$(get "$scale" mariadb_raw_seconds) / ($r + $m + $d)")"
    log "  MariaDB end state: rows $r s, archive and audit $m s, derived $d s"
    "$repo/scripts/mariadb.sh" stop "$mdb" >/dev/null 2>&1 || true
    mariadb_started=0
    rm -rf "$mdb"
  fi

  # Full rescoring vs one SQL aggregate over the same measures.
  log "scale $scale: scorecard score"
  t0="$(now)"
  "$scorecard" --db "sqlite:$db" score --as-of "$as_of" >"$dir/score.txt"
  t1="$(now)"
  record "$scale" score_seconds "$(calc "$t1 - $t0")"
  record "$scale" score_output "$(tr '\n' ' ' <"$dir/score.txt")"
  # The same again with nothing changed since: remembered, so it does nothing.
  t0="$(now)"
  "$scorecard" --db "sqlite:$db" score --as-of "$as_of" >"$dir/score-again.txt"
  t1="$(now)"
  record "$scale" score_unchanged_seconds "$(calc "$t1 - $t0")"
  grep -q "nothing has changed" "$dir/score-again.txt" ||
    fail "scorecard score with nothing changed rescored: $(cat "$dir/score-again.txt")"
  t0="$(now)"
  aggregate="$(sq "$db" "$aggregate_sql")"
  t1="$(now)"
  record "$scale" aggregate_seconds "$(calc "$t1 - $t0")"
  record "$scale" score_ratio "$(calc "$(get "$scale" score_seconds) / $(get "$scale" aggregate_seconds)")"
  # The aggregate is also a check: the same period count and the same sum of scores.
  ours="$(sq "$db" "SELECT count(*), printf('%.6f', sum(score)) FROM period_scores WHERE score IS NOT NULL")"
  record "$scale" periods_scored "${ours%%|*}"
  record "$scale" aggregate_periods "${aggregate%%|*}"
  [ "${ours%%|*}" = "$returns" ] || fail "scorecard score scored ${ours%%|*} periods, not $returns"
  awk -v a="${aggregate##*|}" -v b="${ours##*|}" -v n="$returns" \
    'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * n) }' ||
    fail "period scores differ from the SQL aggregate: ours ${ours##*|}, aggregate ${aggregate##*|}"
  record "$scale" flags_open "$(sq "$db" "SELECT count(*) FROM flags WHERE status = 'open'")"

  # HTTP: the real server on loopback, the same data set.
  "$scorecard" --db "sqlite:$db" user add bench-minister --role minister >/dev/null
  token="$("$scorecard" --db "sqlite:$db" token create bench-minister)"
  port=$((20000 + RANDOM % 20000))
  # The server's day is the day the data was scored on (as a server's is the day its imports
  # rescore on), so that the prepared scorecards the scoring run wrote are current.
  printf 'clock.start = %sT12:00:00Z\n' "$as_of" >"$dir/clock.properties"
  "$scorecard" --db "sqlite:$db" --config "$dir/clock.properties" serve --port "$port" \
    --threads "$connections" 2>"$dir/serve.log" &
  server_pid=$!
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || fail "the server did not start: $(cat "$dir/serve.log")"
    sleep 0.1
  done
  record "$scale" rss_idle_kib "$(awk '/^VmRSS/ { print $2 }' /proc/$server_pid/status)"
  log "scale $scale: HTTP, ${duration}s per run, $connections connections"
  wrk_run "$scale" trivial healthz "$port" "$contracts" "$token"
  wrk_run "$scale" contract contract "$port" "$contracts" "$token"
  wrk_run "$scale" supplier supplier "$port" "$contracts" "$token"
  # A scorecard asked for again by a caller who holds it: If-None-Match with its ETag, 304.
  nm_path="/api/v1/contracts/BENCH-C000001/scorecard"
  etag="$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port$nm_path" |
          tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }')"
  nm_status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H "If-None-Match: $etag" "http://127.0.0.1:$port$nm_path")"
  [ "$nm_status" = 304 ] || fail "If-None-Match with the ETag ($etag) of $nm_path answered $nm_status, not 304"
  wrk_run "$scale" not_modified not-modified "$port" "$contracts" "$token" "$nm_path" "$etag"
  # The summary is built from the data on the first request after a change (or a start)
  # and served from the cache after that (reports/summary_cache.h): time the build alone,
  # then the steady state under wrk.
  cold="$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/summary")"
  record "$scale" summary_build_ms "$(calc "$cold * 1000")"
  log "  summary build (first request): $(get "$scale" summary_build_ms) ms"
  wrk_run "$scale" summary summary "$port" "$contracts" "$token"
  # The web pages (issue #7), when the server has them.
  for page in dashboard:/dashboard supplier-page:/suppliers/GB-COH-90000001; do
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port${page#*:}")"
    record "$scale" "${page%%:*}_probe_status" "$status"
    if [ "$status" = 200 ]; then wrk_run "$scale" "${page%%:*}" "${page%%:*}" "$port" "$contracts" "$token"; fi
  done
  record "$scale" contract_ratio "$(ratio "$scale" contract)"
  record "$scale" supplier_ratio "$(ratio "$scale" supplier)"
  record "$scale" summary_ratio "$(ratio "$scale" summary)"
  record "$scale" not_modified_ratio "$(ratio "$scale" not_modified)"
  record "$scale" dashboard_ratio "$(ratio "$scale" dashboard)"
  record "$scale" rss_kib "$(awk '/^VmRSS/ { print $2 }' /proc/$server_pid/status)"
  record "$scale" rss_peak_kib "$(awk '/^VmHWM/ { print $2 }' /proc/$server_pid/status)"
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""
  for name in trivial contract supplier not_modified summary; do
    [ "$(get "$scale" "${name}_errors")" = 0 ] || log "WARNING: wrk saw errors (e.g. timeouts) on $name at scale $scale"
  done
  record "$scale" errors_all "$(get "$scale" trivial_errors) / $(get "$scale" contract_errors) / $(get "$scale" supplier_errors) / $(get "$scale" not_modified_errors) / $(get "$scale" summary_errors)"
  record "$scale" db_bytes "$(stat -c %s "$db")"
  # Each scale's files go once its figures are recorded: scale 4's database alone is 21 GB,
  # and its raw baseline needs 16 GB more (the run of 2026-12-04 filled the disk keeping
  # the smaller scales' databases).
  if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$dir/data" "$db" "$db"-wal "$db"-shm "$dir/serve.log"; fi
done

# ---------------------------------------------------------------------------------------
# BENCHMARKS.md
first="${scales%% *}"
last="${scales##* }"
g() { local v; v="$(get "$1" "$2")"; echo "${v:-n/a}"; }
f1() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.1f", v }'; }
f2() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.2f", v }'; }
as_is() { echo "${1:-n/a}"; }
f0() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.0f", v }'; }
pct() { awk -v v="$1" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else printf "%.0f%%", v * 100 }'; }
mib() { awk -v v="$1" 'BEGIN { if (v == "") print "n/a"; else printf "%.0f MiB", v / 1024 }'; }
# verdict OK: "met" or "missed"
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "**missed**"; fi; }
# The scale the targets are judged at: 1 when it was run, else the largest.
main_scale="$last"
for s in $scales; do [ "$s" = 1 ] && main_scale=1; done
m="$main_scale"

{
  echo "# Benchmarks"
  echo
  # The run's start, also when the report is written again from its results (BENCH_REPORT_ONLY).
  started="$(get run started)"
  echo "Written by \`bench/run.sh\` from the run started ${started:-(not recorded)}, on $(date -u +%Y-%m-%dT%H:%M:%SZ). Every figure is a ratio against a"
  echo "baseline measured in the same run on the same machine, so that load moves both sides alike."
  echo "Docs: [docs/benchmarks.md](docs/benchmarks.md)."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) core(s) (shared with other work during the run)"
  echo "- Memory: $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); kernel $(uname -r)"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"); $(sqlite3 --version | cut -d' ' -f1 | sed 's/^/SQLite /'); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "- Build: $(awk -F= '/^CMAKE_BUILD_TYPE/ { print $2 }' "$build/CMakeCache.txt"), sanitizers $(awk -F= '/^SCORECARD_SANITIZE/ { print ($2 == "ON" ? "on" : "off") }' "$build/CMakeCache.txt"); database SQLite (WAL)"
  echo "- Scales run: $scales (scale 1 = 20,000 contracts × 8 KPIs × 36 monthly periods = 5,760,000 measures)"
  echo
  echo "## Targets (scale $m)"
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  echo "| import ≥ 50% of the raw bulk-load rate | $(pct "$(g "$m" import_ratio)") ($(f0 "$(g "$m" import_measures_per_s)") vs $(f0 "$(g "$m" raw_measures_per_s)") measures/s; the highest this design's end state allows: $(pct "$(g "$m" copy_limit_all)"), the spec's minimum: $(pct "$(g "$m" copy_limit_mandated)")) | $(verdict "$(g "$m" import_ratio) >= 0.5") |"
  if [ -n "$(get "$mariadb_scale" mariadb_import_ratio)" ]; then
    echo "| import ≥ 30% of the raw bulk-load rate, MariaDB (scale $mariadb_scale) | $(pct "$(g "$mariadb_scale" mariadb_import_ratio)") ($(f0 "$(g "$mariadb_scale" mariadb_import_measures_per_s)") vs LOAD DATA $(f0 "$(g "$mariadb_scale" mariadb_raw_measures_per_s)") measures/s; the highest this design's end state allows: $(pct "$(g "$mariadb_scale" mariadb_copy_limit_all)"), the spec's minimum: $(pct "$(g "$mariadb_scale" mariadb_copy_limit_mandated)")) | $(verdict "$(g "$mariadb_scale" mariadb_import_ratio) >= 0.3") |"
  fi
  echo "| parse and validation ≥ 30% of bare pugixml | $(pct "$(g "$m" xml_ratio)") ($(f1 "$(g "$m" xml_ours_mb_per_s)") vs $(f1 "$(g "$m" xml_bare_mb_per_s)") MB/s) | $(verdict "$(g "$m" xml_ratio) >= 0.3") |"
  # Below scale 1 the rescore is projected linearly (growth table) to scale 1's 20,000 contracts.
  projected="$(calc "$(g "$m" score_seconds) * 20000 / $(g "$m" contracts)")"
  echo "| full rescore of scale 1 under 10 s | $(f1 "$(g "$m" score_seconds)") s at scale $m, $(f1 "$projected") s projected to scale 1 ($(f1 "$(g "$m" score_ratio)")× the SQL aggregate's $(f2 "$(g "$m" aggregate_seconds)") s) | $(verdict "$projected < 10") |"
  echo "| full rescore with nothing changed under 1 s | $(f2 "$(g "$m" score_unchanged_seconds)") s at scale $m | $(verdict "$(g "$m" score_unchanged_seconds) < 1") |"
  echo "| contract scorecard GET ≥ 50% of the trivial handler's rate | $(pct "$(g "$m" contract_ratio)") ($(f0 "$(g "$m" contract_rps)") vs $(f0 "$(g "$m" contract_beside_rps)") req/s) | $(verdict "$(g "$m" contract_ratio) >= 0.5") |"
  echo "| supplier scorecard GET ≥ 50% of the trivial handler's rate | $(pct "$(g "$m" supplier_ratio)") ($(f0 "$(g "$m" supplier_rps)") req/s) | $(verdict "$(g "$m" supplier_ratio) >= 0.5") |"
  if [ -n "$(get "$first" supplier_rps)" ] && [ "$first" != "$last" ]; then
    flat="$(calc "$(g "$last" supplier_rps) / $(g "$first" supplier_rps)")"
    echo "| supplier scorecard at scale $last ≥ 0.8× its scale-$first rate | $(f2 "$flat")× ($(f0 "$(g "$first" supplier_rps)") → $(f0 "$(g "$last" supplier_rps)") req/s) | $(verdict "$flat >= 0.8") |"
  fi
  echo "| dashboard page ≥ 25% of the trivial handler's rate | $(pct "$(g "$m" dashboard_ratio)") ($(f0 "$(g "$m" dashboard_rps)") req/s) | $(verdict "$(g "$m" dashboard_ratio) >= 0.25") |"
  if [ -n "$(get "$first" dashboard_ratio)" ] && [ "$first" != "$last" ]; then
    dflat="$(calc "$(g "$last" dashboard_ratio) / $(g "$first" dashboard_ratio)")"
    echo "| dashboard flat with scale (its ratio at scale $last ≥ 0.8× scale $first's) | $(f2 "$dflat")× ($(pct "$(g "$first" dashboard_ratio)") → $(pct "$(g "$last" dashboard_ratio)")) | $(verdict "$dflat >= 0.8") |"
  fi
  echo "| repeated GET with If-None-Match (304) ≥ 80% of the trivial handler's rate | $(pct "$(g "$m" not_modified_ratio)") ($(f0 "$(g "$m" not_modified_rps)") vs $(f0 "$(g "$m" not_modified_beside_rps)") req/s) | $(verdict "$(g "$m" not_modified_ratio) >= 0.8") |"
  echo "| summary p99 under 50 ms | $(f1 "$(g "$m" summary_p99_ms)") ms (from the cache; building it after a change takes $(f0 "$(g "$m" summary_build_ms)") ms, once) | $(verdict "$(g "$m" summary_p99_ms) < 50") |"
  echo "| server RSS under 1 GiB at scale 1 | $(mib "$(g "$m" rss_peak_kib)") peak at scale $m (the server keeps no data set in memory; RSS follows threads and caches) | $(if [ "$m" = 1 ]; then verdict "$(g "$m" rss_peak_kib) < 1048576"; else echo "met at scale $m; scale 1 not run"; fi) |"
  echo
  echo "## Figures by scale"
  echo
  printf '| figure |'; for s in $scales; do printf ' scale %s |' "$s"; done; echo
  printf '|---|'; for s in $scales; do printf -- '---|'; done; echo
  row() { local label="$1" key="$2" fmt="$3"; printf '| %s |' "$label"; for s in $scales; do printf ' %s |' "$($fmt "$(g "$s" "$key")")"; done; echo; }
  row "contracts" contracts f0
  row "measures" measures f0
  row "import: scorecard import, s (feeds + returns, with rescoring)" import_seconds f1
  row "import: measures/s" import_measures_per_s f0
  row "import baseline: sqlite3 .import, measures/s (the mean of the two runs below)" raw_measures_per_s f0
  row "import baseline: sqlite3 .import just before the import, s" raw_before_seconds f1
  row "import baseline: sqlite3 .import just after the import, s" raw_after_seconds f1
  row "import ratio" import_ratio pct
  row "end state copied by SQLite: the rows, s" copy_rows_seconds f2
  row "end state copied by SQLite: archive and audit log, s" copy_mandated_seconds f2
  row "end state copied by SQLite: derived (scores, flags, prepared), s" copy_derived_seconds f2
  row "highest import ratio keeping rows, archive and audit (baseline ÷ their copy)" copy_limit_mandated pct
  row "highest import ratio of this design (baseline ÷ the whole end state's copy)" copy_limit_all pct
  row "MariaDB: scorecard import, measures/s (scale $mariadb_scale only)" mariadb_import_measures_per_s f0
  row "MariaDB: LOAD DATA, measures/s (the mean of the two runs below)" mariadb_raw_measures_per_s f0
  row "MariaDB: LOAD DATA just before the import, s" mariadb_raw_before_seconds f1
  row "MariaDB: LOAD DATA just after the import, s" mariadb_raw_after_seconds f1
  row "MariaDB: import ratio" mariadb_import_ratio pct
  row "MariaDB end state copied: the rows, s" mariadb_copy_rows_seconds f2
  row "MariaDB end state copied: archive and audit log, s" mariadb_copy_mandated_seconds f2
  row "MariaDB end state copied: derived, s" mariadb_copy_derived_seconds f2
  row "MariaDB: highest import ratio keeping rows, archive and audit" mariadb_copy_limit_mandated pct
  row "MariaDB: highest import ratio of this design" mariadb_copy_limit_all pct
  row "XML: bytes" xml_bytes f0
  row "XML: bare pugixml MB/s" xml_bare_mb_per_s f1
  row "XML: our parse + validation MB/s" xml_ours_mb_per_s f1
  row "XML ratio" xml_ratio pct
  row "rescore: scorecard score, s" score_seconds f2
  row "rescore baseline: one SQL aggregate, s" aggregate_seconds f2
  row "rescore: × the aggregate" score_ratio f1
  row "rescore with nothing changed, s" score_unchanged_seconds f2
  row "periods scored" periods_scored f0
  row "open flags" flags_open f0
  row "trivial handler (/healthz) req/s" trivial_rps f0
  row "trivial p99 ms" trivial_p99_ms f2
  row "contract scorecard req/s" contract_rps f0
  row "contract scorecard p99 ms" contract_p99_ms f2
  row "trivial handler beside the contract runs, req/s (the ratio's base)" contract_beside_rps f0
  row "contract ratio" contract_ratio pct
  row "contract scorecard req/s in the warm-up (cold: first touches)" contract_cold_rps f0
  row "supplier scorecard req/s" supplier_rps f0
  row "supplier scorecard p99 ms" supplier_p99_ms f2
  row "trivial handler beside the supplier runs, req/s" supplier_beside_rps f0
  row "supplier ratio" supplier_ratio pct
  row "supplier scorecard req/s in the warm-up (cold: first touches)" supplier_cold_rps f0
  row "304 (If-None-Match) req/s" not_modified_rps f0
  row "304 p99 ms" not_modified_p99_ms f2
  row "trivial handler beside the 304 runs, req/s" not_modified_beside_rps f0
  row "304 ratio" not_modified_ratio pct
  row "summary build after a change (first request), ms" summary_build_ms f1
  row "summary req/s" summary_rps f1
  row "summary p99 ms" summary_p99_ms f1
  row "trivial handler beside the summary runs, req/s" summary_beside_rps f0
  row "summary ratio" summary_ratio pct
  row "dashboard page req/s" dashboard_rps f0
  row "dashboard page p99 ms" dashboard_p99_ms f1
  row "trivial handler beside the dashboard runs, req/s" dashboard_beside_rps f0
  row "dashboard ratio" dashboard_ratio pct
  row "supplier page req/s" supplier-page_rps f0
  row "supplier page p99 ms" supplier-page_p99_ms f1
  row "wrk errors: trivial / contract / supplier / 304 / summary (timeouts count)" errors_all as_is
  row "server RSS after start, KiB" rss_idle_kib f0
  row "server peak RSS, KiB" rss_peak_kib f0
  row "database file, bytes" db_bytes f0
  echo
  for s in $scales; do
    if [ "$(g "$s" dashboard_probe_status)" != 200 ] || [ "$(g "$s" supplier-page_probe_status)" != 200 ]; then
      echo "TODO (issue #7): the web pages answered GET /dashboard $(g "$s" dashboard_probe_status) and GET /suppliers/{id} $(g "$s" supplier-page_probe_status) with a bearer token at scale $s; their figures appear here once the pages serve them."
      echo
      break
    fi
  done
  echo "## Growth"
  echo
  echo "Cost per unit at each scale relative to scale $first (1.00 = linear; above 1 grows faster than linear)."
  echo
  printf '| cost |'; for s in $scales; do printf ' scale %s |' "$s"; done; echo
  printf '|---|'; for s in $scales; do printf -- '---|'; done; echo
  growth() {
    local label="$1" key="$2" per="$3" base
    base="$(calc "$(g "$first" "$key") / $(g "$first" "$per")")"
    printf '| %s |' "$label"
    for s in $scales; do printf ' %s |' "$(f2 "$(calc "($(g "$s" "$key") / $(g "$s" "$per")) / $base")")"; done; echo
  }
  growth "import seconds per measure" import_seconds measures
  growth "rescore seconds per contract" score_seconds contracts
  growth "SQL aggregate seconds per measure" aggregate_seconds measures
  growth "summary build ms per contract" summary_build_ms contracts
  echo
  echo "Per-request figures (contract and supplier scorecards) should stay flat as the data grows;"
  echo "building the summary reads every contract, so it grows with the number of contracts; it"
  echo "is built once per change and served from the cache in between."
  echo
  echo "## How to reproduce"
  echo
  echo '```sh'
  echo "scripts/install-deps.sh   # wrk, sqlite3 among the rest"
  echo "BENCH_SCALES=\"$scales\" BENCH_DURATION=$duration bench/run.sh   # builds build-bench (RelWithDebInfo) if needed"
  echo '```'
  echo
  echo "Method: \`scorecard-bench-gen --scale S\` writes the data set (deterministic). Import: \`scorecard import\`"
  echo "of the feed files (\`--defer-scoring\`, as an operator loads a history: docs/operations.md) then the"
  echo "KpiReturns files into a fresh SQLite database (archiving every document, validating, writing the audit"
  echo "log, and at the end of the returns' import rescoring every contract once) vs \`sqlite3 .import\` of the same"
  echo "rows (authorities, suppliers, contracts, KPI versions, return versions, measures) into the same schema"
  echo "in one transaction. XML: \`scorecard-bench-xml\`, best of 2 rounds over all files. Rescore:"
  echo "\`scorecard score --as-of $as_of\` vs one SQL statement computing every period score (checked equal"
  echo "to ours); then the same command again, with nothing changed (it must say so). HTTP: \`wrk -t2 -c$connections -d${duration}s\` on loopback against \`scorecard serve --threads $connections\`"
  echo "with its clock (clock.start) on the as-of day, so that the prepared scorecards the scoring run wrote are"
  echo "current; random contracts/suppliers (bench/wrk/reads.lua), a minister's token; 304: one contract's scorecard"
  echo "with If-None-Match set to its ETag; \`/healthz\` is the trivial handler in the same server. Each timed wrk run"
  echo "follows a ${warmup}s warm-up run of the same kind (other random ids), not counted: the timed run measures a"
  echo "server that has served the ids before, as a running server has; the warm-up's rate is shown as the cold rate."
  echo "Each ratio's base is the trivial handler measured beside its run: the mean of the /healthz run just"
  echo "before it and a ${beside}s /healthz run just after it (this machine's speed drifts within minutes)."
  echo "RSS: VmHWM of the server after all HTTP runs."
  echo
  echo "Raw figures: the results file ($results) as key=value lines, kept in the appendix below."
  echo
  echo "<details><summary>Raw figures</summary>"
  echo
  echo '```'
  cat "$results"
  echo '```'
  echo
  echo "</details>"
  # What the figures mean, where targets are missed and what limits them: written by hand
  # after profiling (bench/analysis.md), kept with the code so that a new run keeps it.
  if [ -f "$repo/bench/analysis.md" ]; then
    echo
    cat "$repo/bench/analysis.md"
  fi
} >"$out"
log "wrote $out"
