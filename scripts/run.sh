#!/usr/bin/env bash
# `make run`: initialize the data directory on first use, say how to use it, then serve. What it
# prints ends with the console's address and the administrator's username and password; after
# the first run that password is a new one each time (it is stored nowhere to be read back).
set -euo pipefail
data_dir=${1:-var}
listen=${2:-127.0.0.1:8443}
bin=build/keyward

host=${listen%:*}
port=${listen##*:}
case "$host" in ""|0.0.0.0) host=127.0.0.1 ;; esac

if [ ! -f "$data_dir/pepper" ]; then
  "$bin" init --data-dir "$data_dir" --listen "$host:$port"
else
  "$bin" quickstart --data-dir "$data_dir" --url "https://$host:$port" --reset-password
fi
echo
exec "$bin" serve --data-dir "$data_dir" --listen "$listen"
