#!/usr/bin/env bash
# `make bench-compare`: Keyward's verify path side by side with nginx answering the same question
# from a `map` of the same keys, in the same minute, on the same machine.
#
# N keys (KEYS, default 100000) go into a fresh Keyward data directory and into an nginx map.
# Each server runs on CPU 0 (Keyward with one I/O thread, nginx with one worker); the load
# generator runs on CPU 1. Every run lasts DURATION seconds after WARMUP seconds, with
# CONNECTIONS keep-alive connections, each request presenting a key drawn at random from all N
# (or, in the "one key" rows, the same key every time). Then both servers are driven at a fixed
# rate of half their measured peak, and the latency percentiles there are what a client sees.
#
# Server CPU per request is user + system time of the server process over the run, divided by
# the requests answered: what a request costs, whatever else the machine is doing.
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${KEYS:-100000}
duration=${DURATION:-10}
warmup=${WARMUP:-2}
connections=${CONNECTIONS:-64}
bin=build/release/keyward
loadgen=build/release/bench/loadgen
seed=build/release/bench/seed_keys

command -v nginx >/dev/null || scripts/install-deps.sh
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== preparing $keys keys"
"$bin" init --data-dir "$work/data" --json > "$work/init.json"
org=$(python3 -c "import json;print(json.load(open('$work/init.json'))['org']['id'])")
"$seed" --data-dir "$work/data" --org "$org" --count "$keys" --tokens "$work/tokens"
head -n 1 "$work/tokens" > "$work/one"

# nginx: the same check as a map from the Authorization header to 204/401.
{
  echo "map \$http_authorization \$kw_valid {"
  echo "  default 0;"
  sed 's/.*/  "Bearer &" 1;/' "$work/tokens"
  echo "}"
} > "$work/keys.map"
cert="$work/data/tls/cert.pem"
key="$work/data/tls/key.pem"
nginx_plain=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
nginx_tls=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<EOF
daemon off; master_process off; worker_processes 1;
pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  map_hash_max_size $((keys * 2)); map_hash_bucket_size 128;
  include $work/keys.map;
  server {
    listen 127.0.0.1:$nginx_plain; listen 127.0.0.1:$nginx_tls ssl;
    ssl_certificate $cert; ssl_certificate_key $key;
    keepalive_requests 1000000;
    location = /auth { if (\$kw_valid = 0) { return 401; } return 204; }
  }
}
EOF

source bench/lib.sh

echo "== nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///'), one worker, map of $keys keys"
taskset -c 0 "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" 2> "$work/nginx/stderr" &
ng_pid=$!
pids+=("$ng_pid")
sleep 1
run "nginx map, plain, random keys" "$ng_pid" --port "$nginx_plain" --request nginx --tokens "$work/tokens"
nginx_peak=$last_rps
run "nginx map, plain, one key" "$ng_pid" --port "$nginx_plain" --request nginx --tokens "$work/one"
run "nginx map, TLS, random keys" "$ng_pid" --port "$nginx_tls" --tls --request nginx --tokens "$work/tokens"
nginx_tls_peak=$last_rps

echo "== Keyward, one I/O thread"
start_keyward --plaintext
run "Keyward GET /api/v1/auth, plain, random keys" "$kw_pid" --port "$kw_port" --request auth --tokens "$work/tokens"
kw_peak=$last_rps
run "Keyward GET /api/v1/auth, plain, one key" "$kw_pid" --port "$kw_port" --request auth --tokens "$work/one"
run "Keyward POST verify, plain, random keys" "$kw_pid" --port "$kw_port" --request verify --tokens "$work/tokens"
run "Keyward POST verify, plain, one key" "$kw_pid" --port "$kw_port" --request verify --tokens "$work/one"
run "Keyward POST verify, batches of 100, random keys" "$kw_pid" --port "$kw_port" --request batch --batch 100 --tokens "$work/tokens"
batch_rps=$last_rps
kill "$kw_pid"; wait "$kw_pid" 2>/dev/null || true
start_keyward
run "Keyward GET /api/v1/auth, TLS, random keys" "$kw_pid" --port "$kw_port" --tls --request auth --tokens "$work/tokens"
kw_tls_peak=$last_rps
run "Keyward GET /api/v1/auth, TLS, one key" "$kw_pid" --port "$kw_port" --tls --request auth --tokens "$work/one"
run "Keyward POST verify, TLS, random keys" "$kw_pid" --port "$kw_port" --tls --request verify --tokens "$work/tokens"
kill "$kw_pid"; wait "$kw_pid" 2>/dev/null || true
start_keyward --with-access-log
run "Keyward POST verify, TLS, random keys, access log on" "$kw_pid" --port "$kw_port" --tls --request verify --tokens "$work/tokens"
kill "$kw_pid"; wait "$kw_pid" 2>/dev/null || true

echo "== fixed rate: half of each server's measured peak (plain, random keys)"
nginx_rate=$((nginx_peak / 2))
kw_rate=$((kw_peak / 2))
run "nginx map at $nginx_rate req/s" "$ng_pid" --port "$nginx_plain" --request nginx --tokens "$work/tokens" --rate "$nginx_rate"
start_keyward --plaintext
run "Keyward /api/v1/auth at $kw_rate req/s" "$kw_pid" --port "$kw_port" --request auth --tokens "$work/tokens" --rate "$kw_rate"
run "Keyward /api/v1/auth at nginx's $nginx_rate req/s" "$kw_pid" --port "$kw_port" --request auth --tokens "$work/tokens" --rate "$nginx_rate"
kill "$kw_pid"; wait "$kw_pid" 2>/dev/null || true

echo
echo "| run | req/s | p50 µs | p99 µs | p99.9 µs | server CPU µs/req | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for r in "${rows[@]}"; do echo "| ${r//|/ | } |"; done
echo
awk -v k="$kw_peak" -v n="$nginx_peak" -v kt="$kw_tls_peak" -v nt="$nginx_tls_peak" \
    -v b="$batch_rps" 'BEGIN {
  printf "Keyward / nginx, plain, random keys: %.2f\n", k / n
  printf "Keyward / nginx, TLS, random keys:   %.2f\n", kt / nt
  printf "Keys verified per second in batches of 100 over HTTP: %d\n", b * 100 }'
