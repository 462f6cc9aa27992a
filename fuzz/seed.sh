#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the good and bad documents:
#   fuzz/seed.sh OUTDIR   -> OUTDIR/fuzz_parse_document, OUTDIR/fuzz_eforms, OUTDIR/fuzz_router
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: fuzz/seed.sh OUTDIR}"
mkdir -p "$out/fuzz_parse_document" "$out/fuzz_eforms" "$out/fuzz_router"
cp "$root"/tests/fixtures/good/*.xml "$root"/tests/fixtures/bad/*.xml "$out/fuzz_parse_document/"
for f in "$root"/tests/fixtures/bad/security/*.xml; do
  cp "$f" "$out/fuzz_parse_document/security_$(basename "$f")"
done
# The eForms notices of the public corpus beside the checkout (never copied into it).
corpus="${SCORECARD_CORPUS:-$root/../shared/corpus}"
if [ -d "$corpus/eforms" ]; then
  cp "$corpus"/eforms/*.xml "$out/fuzz_eforms/"
fi
cp "$root"/tests/fixtures/good/*.xml "$out/fuzz_eforms/"
# Router inputs: METHOD \n PATH \n COOKIE \n CONTENT-TYPE \n BODY
i=0
while IFS= read -r line; do
  i=$((i + 1))
  printf '%b' "$line" > "$out/fuzz_router/seed$i"
done <<'SEEDS'
GET\n/api/v1/contracts/DWP-2026-0001/scorecard\n\n\n
POST\n/api/v1/returns\n\napplication/xml\n<KpiReturn/>
GET\n/api/v1/documents/42\nscorecard_session=abc; other=1\n\n
POST\n/sign-in\nscorecard_session=x\napplication/x-www-form-urlencoded\nuser=a%20b&password=p+q&csrf=1&=x&k
POST\n/api/v1/flags/7/dismiss\n\napplication/json; charset=utf-8\n{"reason":"x"}
GET\n//api//v1/suppliers/%2e%2e/scorecard\n;;;=\nTEXT/XML ; q=1\n%zz&%
SEEDS
# Crashes found earlier stay in the corpus as regression seeds.
if [ -d "$root/fuzz/regressions" ]; then
  for t in fuzz_parse_document fuzz_eforms fuzz_router; do
    [ -d "$root/fuzz/regressions/$t" ] && cp "$root/fuzz/regressions/$t"/* "$out/$t/" 2>/dev/null || true
  done
fi
echo "seed corpora in $out"
