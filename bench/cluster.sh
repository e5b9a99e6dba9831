#!/usr/bin/env bash
# `make bench-cluster`: three Keyward nodes on one PostgreSQL (a throwaway durable cluster,
# scripts/postgres-cluster.sh --durable), sharing one data directory as docs/operations.md
# describes, and how soon a revocation, a roll and an API-key rotation acknowledged by one node is
# true on the others (bench/cluster_revocation.cc), over ROUNDS rounds (default 1000).
#
# Then the verify throughput of one node on PostgreSQL beside one on SQLite, KEYS keys drawn at
# random (default 100000), with the same load generator as bench/compare.sh: the hot path reads
# neither store, so the two should match.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-1000}
keys=${KEYS:-100000}
duration=${DURATION:-10}
bin=build/release/keyward
bench=build/release/bench

work=$(mktemp -d)
state="$work/postgres"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/postgres-cluster.sh stop "$state"
  rm -rf "$work"
}
trap cleanup EXIT
scripts/postgres-cluster.sh start "$state" --durable
uri=$(cat "$state/uri")

"$bin" init --data-dir "$work/data" --store "$uri" --json >"$work/init.json"
read -r org user service_key api_key < <(python3 -c "
import json; j = json.load(open('$work/init.json'))
print(j['org']['id'], j['admin']['username'], j['admin']['service_key'], j['org']['api_key'])")
authorization=$(printf '%s:%s' "$user" "$service_key" | base64 -w0)
# The rotation rounds present the old API key until it is refused: that many failures from one
# address must not be throttled here.
cat >"$work/keyward.toml" <<TOML
[security]
auth_failures_per_minute = 100000
TOML

# ready NAME: waits until the node NAME listens, then prints its URL.
ready() {
  for _ in $(seq 300); do [ -s "$work/$1.ready" ] && break; sleep 0.1; done
  [ -s "$work/$1.ready" ] || { cat "$work/$1.log" >&2; exit 1; }
  cat "$work/$1.ready"
}
for node in a b c; do
  "$bin" serve --data-dir "$work/data" --store "$uri" --config "$work/keyward.toml" \
    --listen 127.0.0.1:0 --threads 1 --no-access-log --ready-file "$work/$node.ready" \
    2>"$work/$node.log" \
    >/dev/null &
  pids+=($!)
done
urls=$(ready a),$(ready b),$(ready c)

echo "== three nodes on PostgreSQL: acknowledged on one node, true on the others ($rounds rounds)"
"$bench/cluster_revocation" --ca "$work/data/tls/cert.pem" --org "$org" \
  --authorization "$authorization" --api-key "$api_key" --urls "$urls" --rounds "$rounds"

for p in "${pids[@]}"; do kill "$p"; done
wait 2>/dev/null || true
pids=()

echo
echo "== verify throughput of one node, $keys keys drawn at random, PostgreSQL beside SQLite"
"$bench/seed_keys" --data-dir "$work/data" --store "$uri" --org "$org" --count "$keys" \
  --tokens "$work/tokens"
"$bin" init --data-dir "$work/lite" --json >"$work/lite.json"
lite_org=$(python3 -c "import json; print(json.load(open('$work/lite.json'))['org']['id'])")
"$bench/seed_keys" --data-dir "$work/lite" --org "$lite_org" --count "$keys" \
  --tokens "$work/lite-tokens"
for store in postgresql sqlite; do
  if [ "$store" = postgresql ]; then
    dir="$work/data" location="$uri" tokens="$work/tokens"
  else
    dir="$work/lite" location="sqlite:$work/lite/keyward.db" tokens="$work/lite-tokens"
  fi
  # The same config: the rotation rounds' failures from this address are shared through the store
  # and would otherwise throttle the load generator here.
  taskset -c 0 "$bin" serve --data-dir "$dir" --store "$location" --plaintext --no-access-log \
    --config "$work/keyward.toml" \
    --listen 127.0.0.1:0 --threads 1 --ready-file "$work/$store.ready" 2>"$work/$store.log" \
    >/dev/null &
  pid=$!
  pids=($pid)
  port=$(ready "$store" | sed 's/.*://')
  check=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -1 "$tokens")" \
    "http://127.0.0.1:$port/api/v1/auth")
  [ "$check" = 204 ] || { echo "$store: a seeded key answered $check" >&2; tail -5 "$work/$store.log" >&2; }
  printf '%-10s ' "$store"
  taskset -c 1 "$bench/loadgen" --host 127.0.0.1 --port "$port" --request auth \
    --tokens "$tokens" --connections 64 --duration "$duration" --warmup 2 || true
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pids=()
done
