#!/usr/bin/env bash
# Memory per key and start-up time of the verify index: RSS of `keyward serve` over a data
# directory holding KEYS named keys (default 1000000), minus RSS over one holding none, and the
# time from starting the process to its listening. Seeding ten million keys takes a while and
# about 3 GB of disk.
#
#   bench/memory.sh [KEYS]
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${1:-1000000}
bin=build/release/keyward
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# serve_once <data dir>: prints "<seconds to listening> <RSS KiB>" then stops the server.
serve_once() {
  rm -f "$work/ready"
  local start; start=$(date +%s.%N)
  "$bin" serve --data-dir "$1" --listen 127.0.0.1:0 --threads 1 --no-access-log \
    --ready-file "$work/ready" > /dev/null 2> "$work/serve.err" &
  local pid=$!
  while [ ! -f "$work/ready" ]; do sleep 0.002; done
  local ready; ready=$(date +%s.%N)
  sleep 1  # let start-up allocations settle
  local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" || true
  echo "$(echo "$ready - $start" | bc) $rss"
}

"$bin" init --data-dir "$work/empty" > /dev/null
"$bin" init --data-dir "$work/full" --json > "$work/init.json"
org=$(python3 -c "import json;print(json.load(open('$work/init.json'))['org']['id'])")
echo "seeding $keys keys..."
build/release/bench/seed_keys --data-dir "$work/full" --org "$org" --count "$keys" \
  --tokens "$work/tokens"
rm -f "$work/tokens"

read -r _ empty_rss < <(serve_once "$work/empty")
best_start=""; full_rss=0
for _ in 1 2 3; do  # the best of three starts: the first may still be reading the disk cold
  read -r start rss < <(serve_once "$work/full")
  full_rss=$rss
  if [ -z "$best_start" ] || [ "$(echo "$start < $best_start" | bc)" = 1 ]; then best_start=$start; fi
done
awk -v k="$keys" -v e="$empty_rss" -v f="$full_rss" -v s="$best_start" 'BEGIN {
  printf "keys: %d\nRSS with none: %.1f MiB\nRSS with them: %.1f MiB\n", k, e / 1024, f / 1024
  printf "index memory: %.1f bytes per key\nstart-up to listening: %.2f s\n", (f - e) * 1024 / k, s }'
