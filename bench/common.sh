# Shared by the bench scripts: start a throwaway sohubd on a free port, run wrk, print figures.
# Sourced, not run. Expects build/ (scripts/setup builds it).

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOHUBD="$BENCH_ROOT/build/gateway/sohubd"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"

bench_start() {
  [ -x "$SOHUBD" ] || { echo "build first: scripts/setup" >&2; exit 1; }
  command -v wrk >/dev/null || { echo "wrk is missing: scripts/setup installs it" >&2; exit 1; }
  BENCH_DIR="$(mktemp -d)"
  trap bench_stop EXIT
  "$SOHUBD" --config "$BENCH_ROOT/samples/sohub.properties" \
    --define http.port=0 --define "http.portFile=$BENCH_DIR/port" --define "data.dir=$BENCH_DIR/var" \
    --define "samples.seed=$BENCH_ROOT/samples/seed.json" --define logging.loggers.root.level=warning \
    "$@" >"$BENCH_DIR/sohubd.log" 2>&1 &
  BENCH_PID=$!
  for _ in $(seq 1 100); do [ -s "$BENCH_DIR/port" ] && break; sleep 0.1; done
  [ -s "$BENCH_DIR/port" ] || { echo "sohubd did not start:" >&2; cat "$BENCH_DIR/sohubd.log" >&2; exit 1; }
  BENCH_URL="http://127.0.0.1:$(cat "$BENCH_DIR/port")"
}

bench_stop() {
  if [ -n "${BENCH_PID:-}" ]; then kill "$BENCH_PID" 2>/dev/null; wait "$BENCH_PID" 2>/dev/null; fi
  [ -n "${BENCH_DIR:-}" ] && rm -rf "$BENCH_DIR"
  BENCH_PID=""
}

# bench_wrk NAME URL [wrk args...]: prints "NAME req/s p99" and sets BENCH_RPS, BENCH_P99.
bench_wrk() {
  local name="$1" url="$2"; shift 2
  local out
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")"
  BENCH_RPS="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  BENCH_P99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  local errors
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)"
  printf '%-28s %12s req/s   p99 %10s\n' "$name" "$BENCH_RPS" "$BENCH_P99"
  [ -n "$errors" ] && printf '    %s\n' "$errors"
  return 0
}

# bench_memory: sohubd's resident memory now and at its peak (from /proc), in MiB.
bench_memory() {
  local status="/proc/${1:-$BENCH_PID}/status"
  [ -r "$status" ] || return 0
  awk '/^VmRSS:/ { rss = $2 } /^VmHWM:/ { hwm = $2 }
       END { printf "sohubd memory: %.0f MiB resident, %.0f MiB at peak\n", rss / 1024, hwm / 1024 }' "$status"
}

# bench_ratio A B: A/B with two decimals.
bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
