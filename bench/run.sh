#!/usr/bin/env bash
# Side-by-side throughput and tail latency: redis-benchmark against redis-server and basalt-server in one run.
# See bench/README.md. Environment: N, CLIENTS, TESTS, PIPELINES, WARMUP, BASALT_DLL, REDIS_SERVER, KEEP_CSV, SERVER_ARGS,
# and MEMORY_KEYS (0 skips the memory part), MEMORY_ELEMENTS, MEMORY_DATASETS for the memory part (bench/memory.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=bench/lib.sh
source ./lib.sh
N="${N:-1000000}"
CLIENTS="${CLIENTS:-50}"
TESTS="${TESTS:-set,get,incr,mset}"
PIPELINES="${PIPELINES:-1 16}"
WARMUP="${WARMUP:-100000}"

bench_require "$REDIS_SERVER" redis-benchmark dotnet
bench_setup basalt-bench KEEP_CSV

# SERVER_ARGS (e.g. "--appendonly yes --appendfsync always") come last, so they win.
# shellcheck disable=SC2206
EXTRA_ARGS=(${SERVER_ARGS:-})
start_server redis "$WORK/redis" "$WORK/redis.log" "${EXTRA_ARGS[@]}";  REDIS_PID=$STARTED_PID;  REDIS_PORT=$STARTED_PORT
start_server basalt "$WORK/basalt" "$WORK/basalt.log" "${EXTRA_ARGS[@]}"; BASALT_PID=$STARTED_PID; BASALT_PORT=$STARTED_PORT

# Warm up both (the JIT of basalt-server, the allocators of both) before measuring.
if [ "$WARMUP" -gt 0 ]; then
    for port in "$REDIS_PORT" "$BASALT_PORT"; do
        redis-benchmark -h 127.0.0.1 -p "$port" -t "$TESTS" -c "$CLIENTS" -n "$WARMUP" -P 16 -q >/dev/null 2>&1 || true
    done
fi

CSV_HEADER='"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"'

# run_test PORT TEST PIPELINE OUT: one redis-benchmark per test (so that a command a server lacks costs only its own
# line), appending its --csv line: "test","rps","avg","min","p50","p95","p99","max".
run_test() {
    local port="$1" t="$2" pipeline="$3" out="$4" line
    if redis-benchmark -h 127.0.0.1 -p "$port" -t "$t" -c "$CLIENTS" -n "$N" -P "$pipeline" --csv >"$out.one" 2>"$out.err" \
        && line="$(grep -v '^"test"' "$out.one" | grep '^"')"; then
        echo "$line" >>"$out"
    else
        echo "bench: $t -P $pipeline failed on port $port: $(cat "$out.err" "$out.one" | tr '\n' ' ' | cut -c1-200)" >&2
    fi
}

# Each test runs against redis-server and then at once against basalt-server, so that both lines of a row see
# the same machine (other load on a shared machine drifts over minutes).
for p in $PIPELINES; do
    echo "$CSV_HEADER" >"$WORK/redis-P$p.csv"
    echo "$CSV_HEADER" >"$WORK/basalt-P$p.csv"
    for t in ${TESTS//,/ }; do
        echo "bench: $t -P $p against redis-server, then basalt-server..." >&2
        run_test "$REDIS_PORT" "$t" "$p" "$WORK/redis-P$p.csv"
        run_test "$BASALT_PORT" "$t" "$p" "$WORK/basalt-P$p.csv"
    done
done

stop_pid "$BASALT_PID"
stop_pid "$REDIS_PID"

echo
echo "redis-benchmark -t $TESTS -c $CLIENTS -n $N (requests/s; p99 in ms; ratio = basalt / redis)"
printf '%-16s %8s %12s %12s %7s %10s %10s\n' test pipeline "redis rps" "basalt rps" ratio "redis p99" "basalt p99"
for p in $PIPELINES; do
    # Join the two CSVs on the test name.
    awk -F'","' -v P="$p" '
        function clean(s) { gsub(/"/, "", s); return s }
        FNR == 1 { file++; next }
        { name = clean($1); rps = clean($2); p99 = clean($7)
          if (file == 1) { order[++n] = name; rrps[name] = rps; rp99[name] = p99 }
          else { brps[name] = rps; bp99[name] = p99 } }
        END {
          for (i = 1; i <= n; i++) {
            t = order[i]
            ratio = (rrps[t] > 0 && (t in brps)) ? sprintf("%.2fx", brps[t] / rrps[t]) : "-"
            printf "%-16s %8s %12s %12s %7s %10s %10s\n", t, P, rrps[t], (t in brps ? brps[t] : "-"), ratio, rp99[t], (t in bp99 ? bp99[t] : "-")
          }
        }' "$WORK/redis-P$p.csv" "$WORK/basalt-P$p.csv"
done

# The memory part: bytes per key of one million small values of each type, both servers (bench/memory.sh), with
# the basalt-server built above. MEMORY_KEYS=0 skips it; so does SERVER_ARGS, since it measures the default
# configuration (aof.sh runs this script for throughput under appendonly).
if [ "${MEMORY_KEYS:-1000000}" -gt 0 ] && [ -z "${SERVER_ARGS:-}" ]; then
    echo
    BASALT_DLL="$BASALT_DLL" ./memory.sh
fi
