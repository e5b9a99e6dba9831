#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL cluster for the tests and benchmarks: Debian's
# `postgresql` package (scripts/install-deps.sh), a temporary directory, a free loopback port.
#
#   postgres-cluster.sh start STATE_DIR [--durable]   # writes STATE_DIR/uri, STATE_DIR/data_dir
#   postgres-cluster.sh stop STATE_DIR
#   postgres-cluster.sh down STATE_DIR      # stops the server, keeping its data and port
#   postgres-cluster.sh up STATE_DIR        # starts it again after `down`
#
# `down` and `up` are for fault tests: the server goes away and comes back where it was.
#
# STATE_DIR/uri is the superuser's connection URI for the database `keyward_test`. The cluster
# trusts loopback connections (it holds nothing but test data and dies with the run), except for
# the role keyward_password_test, which must present its password (SCRAM), and TLS is on with a
# self-signed certificate (STATE_DIR/server.crt) so sslmode=verify-full can be tested. Without
# --durable, fsync is off: the tests need speed, not crash safety; the benchmarks pass --durable.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
set -euo pipefail

action="${1:?usage: postgres-cluster.sh start|stop|down|up STATE_DIR [--durable]}"
state="${2:?usage: postgres-cluster.sh start|stop|down|up STATE_DIR [--durable]}"
durable="${3:-}"

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql; run scripts/install-deps.sh" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
  [ -f "$state/data_dir" ] || return 0
  local dir
  dir="$(cat "$state/data_dir")"
  if [ -f "$dir/data/postmaster.pid" ]; then
    # Its data is deleted next: no need for the shutdown checkpoint a clean stop writes.
    as_owner "$bin/pg_ctl" stop -D "$dir/data" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  rm -f "$state/data_dir" "$state/uri" "$state/options"
}

# Stops the server at once (clients are disconnected), keeping everything for `up`.
down_cluster() {
  local dir
  dir="$(cat "$state/data_dir")"
  as_owner "$bin/pg_ctl" stop -D "$dir/data" -m fast -w >/dev/null
}

up_cluster() {
  local dir
  dir="$(cat "$state/data_dir")"
  as_owner "$bin/pg_ctl" start -D "$dir/data" -w -t 60 -l "$dir/server.log" \
    -o "$(cat "$state/options")" >/dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_cluster() {
  stop_cluster  # a run that was killed may have left one behind
  mkdir -p "$state"
  local dir
  dir="$(mktemp -d /tmp/keyward-postgres.XXXXXX)"
  echo "$dir" >"$state/data_dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  local no_sync=(--no-sync)  # a throwaway cluster need not survive a power cut
  [ "$durable" = "--durable" ] && no_sync=()
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --auth=trust "${no_sync[@]}" \
    >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }

  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$dir/data/server.key" \
    -out "$dir/data/server.crt" >/dev/null 2>&1
  chmod 600 "$dir/data/server.key"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/data/server.key" "$dir/data/server.crt"
  cp "$dir/data/server.crt" "$state/server.crt"

  cat >"$dir/data/pg_hba.conf" <<'EOF'
local all all                                    trust
host  all keyward_password_test 127.0.0.1/32     scram-sha-256
host  all all                   127.0.0.1/32     trust
EOF
  local settings=(-c listen_addresses=127.0.0.1 -c "unix_socket_directories=$dir"
                  -c max_connections=300 -c ssl=on -c password_encryption=scram-sha-256)
  [ "$durable" = "--durable" ] || settings+=(-c fsync=off -c full_page_writes=off)

  local port attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    echo "-p $port ${settings[*]}" >"$state/options"
    if as_owner "$bin/pg_ctl" start -D "$dir/data" -w -t 60 -l "$dir/server.log" \
        -o "$(cat "$state/options")" >/dev/null 2>&1; then
      break
    fi
    # Someone took the port between choosing and binding it: choose again.
    [ "$attempt" -lt 5 ] || { cat "$dir/server.log" >&2; exit 1; }
  done
  as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE keyward_test" -c "CREATE ROLE keyward_password_test LOGIN" >/dev/null
  echo "postgresql://postgres@127.0.0.1:$port/keyward_test" >"$state/uri"
}

case "$action" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  down) down_cluster ;;
  up) up_cluster ;;
  *) echo "usage: postgres-cluster.sh start|stop|down|up STATE_DIR [--durable]" >&2; exit 2 ;;
esac
