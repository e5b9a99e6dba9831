#!/usr/bin/env bash
# `scripts/crash-loop.sh N`: N cycles of start `keyward serve`, drive concurrent creates, rolls
# and deletes over HTTPS, `kill -9` at a random moment, check SQLite's integrity, restart, and
# check that every acknowledged write is there and every acknowledged delete stayed deleted
# (tests/crash/crash_loop.py). Uses build/release/keyward unless KEYWARD_BINARY names another.
# Extra arguments go to the driver (--seed S to replay a run, --max-run-seconds T).
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:?usage: scripts/crash-loop.sh CYCLES [--seed S] [--max-run-seconds T]}
shift
binary=${KEYWARD_BINARY:-build/release/keyward}
[ -x "$binary" ] || { echo "no $binary: run make build first" >&2; exit 2; }
exec python3 tests/crash/crash_loop.py "$cycles" --binary "$binary" "$@"
