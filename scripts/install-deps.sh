#!/usr/bin/env bash
# Installs the Debian packages Keyward builds, tests and benchmarks with, when any is missing.
# Idempotent and quiet when everything is present, so `make` targets can call it every time.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config make clang-format
  # libraries
  libboost1.81-dev libboost-json1.81-dev libssl-dev libsodium-dev libsqlite3-dev libpq-dev
  libpugixml-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libcurl4-openssl-dev
  # tests and benchmarks; Chromium for the console's end-to-end tests (Playwright drives it)
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 curl wrk python3-aiosmtpd nginx-light chromium
  # the throwaway PostgreSQL server the tests and benchmarks start (scripts/postgres-cluster.sh)
  postgresql openssl
)
# The console is built with Node.js and npm (web/). Any Node 18 or newer will do, so Debian's
# packages are installed only when there is no `node` at all.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
