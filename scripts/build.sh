#!/usr/bin/env bash
# Configures and builds scorecard into DIR (default build/release) with Ninja.
# Extra arguments go to CMake, e.g. scripts/build.sh build/asan -DSCORECARD_SANITIZE=ON
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build/release}"
shift || true
launcher=()
if command -v ccache >/dev/null; then
  # Reuse objects across build directories of this checkout (developers keep several).
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" "$@" >/dev/null
# Two jobs: the project's machines have two cores and 24 GiB. SCORECARD_BUILD_TARGETS names
# the targets to build (default: all of them, tests included).
# shellcheck disable=SC2086
ninja -C "$dir" -j "${SCORECARD_JOBS:-2}" ${SCORECARD_BUILD_TARGETS:-}
