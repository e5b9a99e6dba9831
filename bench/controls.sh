#!/usr/bin/env bash
# `make bench-controls`: verify throughput over HTTP for keys with every per-key control beside
# keys with none, in one server, in the same minute.
#
# N keys of each kind (KEYS, default 100000) go into one fresh data directory: bare keys, and
# keys with three scopes of their own, two rate limits, credits and three allowed networks (none
# of which the run exhausts). Every request is what a gateway sends whatever the key: POST
# /api/v1/keys/verify asking for the scope "read" from the address 10.1.2.3, with a key drawn at
# random from one kind. The kinds alternate for ROUNDS rounds (default 3) so that a change in
# the machine's load falls on both; the server (one I/O thread) runs on CPU 0 and the load
# generator on CPU 1, as in bench/compare.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${KEYS:-100000}
rounds=${ROUNDS:-3}
duration=${DURATION:-10}
warmup=${WARMUP:-2}
connections=${CONNECTIONS:-64}
bin=build/release/keyward
loadgen=build/release/bench/loadgen
seed=build/release/bench/seed_keys

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
source bench/lib.sh

echo "== preparing $keys keys without controls and $keys with every control"
"$bin" init --data-dir "$work/data" --json > "$work/init.json"
org=$(python3 -c "import json;print(json.load(open('$work/init.json'))['org']['id'])")
"$seed" --data-dir "$work/data" --org "$org" --count "$keys" --tokens "$work/bare"
"$seed" --data-dir "$work/data" --org "$org" --count "$keys" --tokens "$work/controlled" --controls

start_keyward --plaintext
# Every row below counts only answers; make sure both kinds answer valid before measuring.
for kind in bare controlled; do
  answer=$(curl -s "http://127.0.0.1:$kw_port/api/v1/keys/verify" -H 'Content-Type: application/json' \
    -d "{\"key\":\"$(head -n 1 "$work/$kind")\",\"scopes\":[\"read\"],\"client_ip\":\"10.1.2.3\"}")
  grep -q '"valid":true' <<< "$answer" || { echo "a $kind key is not valid: $answer" >&2; exit 1; }
done

bare_sum=0
controlled_sum=0
for round in $(seq "$rounds"); do
  run "round $round: keys without controls" "$kw_pid" --port "$kw_port" --request gateway --tokens "$work/bare"
  bare_sum=$((bare_sum + last_rps))
  run "round $round: keys with every control" "$kw_pid" --port "$kw_port" --request gateway --tokens "$work/controlled"
  controlled_sum=$((controlled_sum + last_rps))
done

echo
echo "| run | req/s | p50 µs | p99 µs | p99.9 µs | server CPU µs/req | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for r in "${rows[@]}"; do echo "| ${r//|/ | } |"; done
echo
awk -v b="$bare_sum" -v c="$controlled_sum" -v n="$rounds" 'BEGIN {
  printf "mean req/s: without controls %d, with every control %d (%+.1f%%)\n", b / n, c / n,
         (c - b) * 100 / b }'
