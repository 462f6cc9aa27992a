#!/usr/bin/env bash
# Configures and builds scorecard into DIR (default build/release) with Ninja.
# Extra arguments go to CMake, e.g. scripts/build.sh build/asan -DSCORECARD_SANITIZE=ON
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build/release}"
shift || true
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
# Two jobs: the project's machines have two cores and 24 GiB.
ninja -C "$dir" -j "${SCORECARD_JOBS:-2}"
