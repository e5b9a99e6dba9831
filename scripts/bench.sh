#!/usr/bin/env bash
# `make bench`: the in-process Google Benchmark, then POST /api/v1/keys/verify over HTTPS with wrk
# against a release server on loopback (access log off and on).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/keyward
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-32}

echo "== in-process verify path (Google Benchmark)"
build/release/bench/verify_bench --benchmark_min_time=0.5

work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" init --data-dir "$work/data" --json > "$work/init.json"
org=$(python3 -c "import json,sys;print(json.load(open('$work/init.json'))['org']['id'])")
key=$("$bin" key create --data-dir "$work/data" --org "$org" --name bench --kind secret --json |
      python3 -c "import json,sys;print(json.load(sys.stdin)['token'])")

for log in no-access-log access-log; do
  flag=""; [ "$log" = no-access-log ] && flag="--no-access-log"
  rm -f "$work/ready"
  "$bin" serve --data-dir "$work/data" --listen 127.0.0.1:0 --ready-file "$work/ready" $flag \
    > /dev/null 2> "$work/serve.err" &
  server=$!
  for _ in $(seq 100); do [ -f "$work/ready" ] && break; sleep 0.05; done
  url=$(cat "$work/ready")
  echo
  echo "== POST /api/v1/keys/verify over HTTPS, wrk -t2 -c$connections -d$duration ($log)"
  KEYWARD_BENCH_KEY=$key wrk -t2 -c"$connections" -d"$duration" --latency -s bench/verify.lua \
    "$url/api/v1/keys/verify"
  kill -TERM $server; wait $server || true
done
