#!/usr/bin/env bash
# `make fuzz-long`: every libFuzzer target until it has run FUZZ_RUNS inputs (10 million) or for
# FUZZ_LONG_SECONDS (an hour), whichever comes first, from its seed corpus plus what earlier runs
# kept in build/fuzz/work/<target>. Prints one row per target: executions, libFuzzer's coverage
# (`cov:` edges and `ft:` features at the end) and findings (crash, leak, timeout or out-of-memory
# inputs written to build/fuzz/findings/<target>/). Exits non-zero when any target found one.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${FUZZ_RUNS:-10000000}
seconds=${FUZZ_LONG_SECONDS:-3600}
only=${FUZZ_TARGETS:-}
table=build/fuzz/fuzz-long.txt
status=0
rows=()
for fuzzer in build/fuzz/fuzz/*_fuzzer; do
  name=$(basename "$fuzzer" _fuzzer)
  if [[ -n "$only" && " $only " != *" $name "* ]]; then continue; fi
  work=build/fuzz/work/$name findings=build/fuzz/findings/$name log=build/fuzz/logs/$name.log
  mkdir -p "$work" "$findings" "$(dirname "$log")"
  before=$(find "$findings" -type f | wc -l)
  echo "== $name: up to $runs runs or $seconds s" >&2
  start=$(date +%s)
  "$fuzzer" -runs="$runs" -max_total_time="$seconds" -artifact_prefix="$findings/" \
    -print_final_stats=1 "$work" "fuzz/corpus/$name" >"$log" 2>&1 || true
  elapsed=$(($(date +%s) - start))
  executed=$(grep -oP '^stat::number_of_executed_units: \K[0-9]+' "$log" || echo 0)
  cov=$(grep -oP 'cov: \K[0-9]+' "$log" | tail -1 || true)
  ft=$(grep -oP 'ft: \K[0-9]+' "$log" | tail -1 || true)
  found=$(($(find "$findings" -type f | wc -l) - before))
  if ((found > 0)) || grep -q '^SUMMARY' "$log"; then
    status=1
    ((found > 0)) || found=1
  fi
  rows+=("$(printf '| %-14s | %12s | %6s | %6s | %8s | %8s |' \
    "$name" "$executed" "${cov:-?}" "${ft:-?}" "$found" "$elapsed")")
done
{
  printf '| %-14s | %12s | %6s | %6s | %8s | %8s |\n' target executions cov ft findings seconds
  printf '|%s|%s|%s|%s|%s|%s|\n' ---------------- -------------: -------: -------: ---------: ---------:
  printf '%s\n' "${rows[@]}"
} | tee "$table"
exit $status
