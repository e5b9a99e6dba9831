#!/usr/bin/env bash
# `make bench-store`: write throughput and latency of the stores with 8 concurrent writers
# (create, roll, revoke through the key service), SQLite and PostgreSQL side by side, and the
# cost of each way of keeping PostgreSQL's change journal in commit order. PostgreSQL is a
# throwaway cluster with fsync on (scripts/postgres-cluster.sh --durable), like a real one.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=build/release/bench
seconds=${BENCH_SECONDS:-10}
writers=${BENCH_WRITERS:-8}

work=$(mktemp -d)
state="$work/postgres"
trap 'scripts/postgres-cluster.sh stop "$state"; rm -rf "$work"' EXIT
scripts/postgres-cluster.sh start "$state" --durable
uri=$(cat "$state/uri")

echo "== journal positions in commit order: cost of each scheme"
"$bench/journal_order_bench" --store "$uri" --writers "$writers" --seconds 5
echo
echo "== create / roll / revoke, $writers writers, $seconds s"
"$bench/store_write_bench" --store "sqlite:$work/keyward.db" --writers "$writers" \
  --seconds "$seconds"
"$bench/store_write_bench" --store "$uri" --writers "$writers" --seconds "$seconds"
