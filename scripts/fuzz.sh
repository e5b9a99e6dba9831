#!/usr/bin/env bash
# `make fuzz`: run every libFuzzer target for a while from its seed corpus. Crashes are written to
# build/fuzz/findings/<target>/; add a minimized one to fuzz/corpus/<target>/ once fixed, so CTest
# replays it forever after.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
status=0
for fuzzer in build/fuzz/fuzz/*_fuzzer; do
  name=$(basename "$fuzzer" _fuzzer)
  work=build/fuzz/work/$name findings=build/fuzz/findings/$name
  mkdir -p "$work" "$findings"
  echo "== $name ($seconds s)"
  "$fuzzer" -max_total_time="$seconds" -artifact_prefix="$findings/" -print_final_stats=1 \
    "$work" "fuzz/corpus/$name" 2>&1 | grep -E "^(stat::number_of_executed_units|stat::new_units_added|==|SUMMARY)" || status=1
done
exit $status
