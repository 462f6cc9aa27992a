#!/usr/bin/env bash
# Installs what scorecard needs to build, run and test on Debian 12: compilers and
# libraries from Debian, the private MariaDB server binaries (no system service is
# created), xmllint for schema checks. Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libpoco-dev libpugixml-dev libicu-dev libboost-test-dev libsqlite3-dev sqlite3 liblz4-dev
  libmysqlcppconn-dev mariadb-server-core mariadb-client
  libxml2-utils ccache
  libkainjow-mustache-dev libcli11-dev
  chromium
  wrk curl
  nginx
  clang libclang-rt-14-dev
  faketime
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi

# GOV.UK Frontend (served by the web pages) and playwright-core (the browser tests), at the
# versions pinned in package-lock.json.
repo="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v npm >/dev/null; then
  # Debian's nodejs and npm packages (a machine may have Node.js from elsewhere: keep it).
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends nodejs npm
fi
if [ ! -d "$repo/node_modules/govuk-frontend" ] || [ ! -d "$repo/node_modules/playwright-core" ] ||
   [ "$repo/package-lock.json" -nt "$repo/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci"
  (cd "$repo" && npm ci --no-audit --no-fund)
fi
