#!/usr/bin/env bash
# `make bench`: the in-process Google Benchmark, then POST /api/v1/keys/verify with wrk against a
# release server on loopback: over HTTPS and plain HTTP, with the access log off and on. For each
# run it reports the server's CPU time per request (user + system, from /proc), the figure that
# says what a request costs regardless of what else shares the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/keyward
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-32}

echo "== in-process verify path (Google Benchmark)"
build/release/bench/verify_bench --benchmark_min_time=0.5

echo "== refused credentials, side by side (Google Benchmark)"
build/release/bench/failure_bench --benchmark_min_time=0.2

work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
"$bin" init --data-dir "$work/data" --json > "$work/init.json"
org=$(python3 -c "import json;print(json.load(open('$work/init.json'))['org']['id'])")
key=$("$bin" key create --data-dir "$work/data" --org "$org" --name bench --kind secret --json |
      python3 -c "import json,sys;print(json.load(sys.stdin)['token'])")
ticks=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run() {  # run <label> <serve flags...>
  local label=$1; shift
  rm -f "$work/ready"
  "$bin" serve --data-dir "$work/data" --listen 127.0.0.1:0 --ready-file "$work/ready" "$@" \
    > /dev/null 2> "$work/serve.err" &
  server=$!
  for _ in $(seq 100); do [ -f "$work/ready" ] && break; sleep 0.05; done
  local url; url=$(cat "$work/ready")
  echo
  echo "== POST /api/v1/keys/verify, $label: wrk -t2 -c$connections -d$duration"
  local before; before=$(cpu_ticks $server)
  KEYWARD_BENCH_KEY=$key wrk -t2 -c"$connections" -d"$duration" --latency -s bench/verify.lua \
    "$url/api/v1/keys/verify" | tee "$work/wrk.out"
  local after; after=$(cpu_ticks $server)
  local requests; requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
  awk -v t=$((after - before)) -v hz="$ticks" -v n="$requests" \
    'BEGIN {printf "server CPU per request: %.1f us (%d requests)\n", t / hz * 1e6 / n, n}'
  kill -TERM $server; wait $server || true; server=""
}

run "HTTPS, access log off" --no-access-log
run "HTTPS, access log on"
run "plain HTTP, access log off" --plaintext --no-access-log
