# Shared by the benchmark scripts that drive a real `keyward serve` with bench/loadgen: the
# caller sets bin, loadgen, work (a scratch directory), pids (processes to stop on exit),
# connections, duration and warmup, then sources this file.
#
# run <label> <server pid> <loadgen args...> prints one row and appends it to rows; last_rps is
# the row's requests per second. start_keyward starts a server on CPU 0 and sets kw_pid, kw_port.

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run <label> <server pid> <loadgen args...>: one row of the table.
rows=()
run() {
  local label=$1 pid=$2; shift 2
  local before after out
  before=$(cpu_ticks "$pid")
  out=$(taskset -c 1 "$loadgen" --connections "$connections" --duration "$duration" \
        --warmup "$warmup" "$@" || true)
  after=$(cpu_ticks "$pid")
  local requests rps p50 p99 p999 non2xx
  requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<< "$out")
  rps=$(sed 's/.* rps=\([0-9]*\).*/\1/' <<< "$out")
  p50=$(sed 's/.*p50_us=\([0-9]*\).*/\1/' <<< "$out")
  p99=$(sed 's/.*p99_us=\([0-9]*\).*/\1/' <<< "$out")
  p999=$(sed 's/.*p999_us=\([0-9]*\).*/\1/' <<< "$out")
  non2xx=$(sed 's/.*non2xx=\([0-9]*\).*/\1/' <<< "$out")
  # CPU over warm-up and measurement, per request answered in both (the rate was the same).
  local cpu_us
  cpu_us=$(awk -v t=$((after - before)) -v hz="$ticks" -v n="$requests" -v d="$duration" \
           -v w="$warmup" 'BEGIN { if (n == 0) { print "-"; exit }
                                   printf "%.1f", t / hz * 1e6 / (n * (d + w) / d) }')
  rows+=("$label|$rps|$p50|$p99|$p999|$cpu_us|$non2xx")
  printf '  %-52s %8s req/s  p50 %6s us  p99 %7s us  cpu %5s us  errors %s\n' \
    "$label" "$rps" "$p50" "$p99" "$cpu_us" "$non2xx"
  last_rps=$rps
}

start_keyward() {  # start_keyward [--with-access-log] <serve flags...>; sets kw_pid and kw_port
  local log_flag=--no-access-log
  if [ "${1:-}" = --with-access-log ]; then log_flag=""; shift; fi
  rm -f "$work/ready"
  taskset -c 0 "$bin" serve --data-dir "$work/data" --listen 127.0.0.1:0 --threads 1 \
    $log_flag --ready-file "$work/ready" "$@" > "$work/keyward.out" 2> "$work/keyward.err" &
  kw_pid=$!
  pids+=("$kw_pid")
  for _ in $(seq 600); do [ -f "$work/ready" ] && break; sleep 0.05; done
  kw_port=$(sed 's/.*://' "$work/ready")
}
