#!/usr/bin/env bash
# Side-by-side throughput and tail latency: redis-benchmark against redis-server and basalt-server in one run.
# See bench/README.md. Environment: N, CLIENTS, TESTS, PIPELINES, ROUNDS, WARMUP, BASALT_DLL, REDIS_SERVER, KEEP_CSV, SERVER_ARGS,
# and MEMORY_KEYS (0 skips the memory part), MEMORY_ELEMENTS, MEMORY_DATASETS for the memory part (bench/memory.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=bench/lib.sh
source ./lib.sh
N="${N:-1000000}"
CLIENTS="${CLIENTS:-50}"
TESTS="${TESTS:-set,get,incr,mset}"
PIPELINES="${PIPELINES:-1 16}"
ROUNDS="${ROUNDS:-3}"
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

# Each test runs against both servers back to back, ROUNDS times, the first server alternating, so that both
# columns of a row see the same machine: other load on a shared machine drifts over minutes, and a single run on a
# small virtual machine can be off by a third. The table gives each server's median.
for p in $PIPELINES; do
    echo "$CSV_HEADER" >"$WORK/redis-P$p.csv"
    echo "$CSV_HEADER" >"$WORK/basalt-P$p.csv"
    for t in ${TESTS//,/ }; do
        for ((round = 1; round <= ROUNDS; round++)); do
            echo "bench: $t -P $p, round $round of $ROUNDS..." >&2
            if ((round % 2 == 1)); then
                run_test "$REDIS_PORT" "$t" "$p" "$WORK/redis-P$p.csv"
                run_test "$BASALT_PORT" "$t" "$p" "$WORK/basalt-P$p.csv"
            else
                run_test "$BASALT_PORT" "$t" "$p" "$WORK/basalt-P$p.csv"
                run_test "$REDIS_PORT" "$t" "$p" "$WORK/redis-P$p.csv"
            fi
        done
    done
done

stop_pid "$BASALT_PID"
stop_pid "$REDIS_PID"

echo
echo "redis-benchmark -t $TESTS -c $CLIENTS -n $N, medians of $ROUNDS rounds (requests/s; p99 in ms; ratio = basalt / redis)"
printf '%-16s %8s %12s %12s %7s %10s %10s\n' test pipeline "redis rps" "basalt rps" ratio "redis p99" "basalt p99"
for p in $PIPELINES; do
    # Join the two CSVs on the test name, each server's rounds reduced to their median.
    awk -F'","' -v P="$p" '
        function clean(s) { gsub(/"/, "", s); return s }
        # The median of list[key, 1..count] (the mean of the middle two for an even count).
        function median(list, key, count,    i, j, v, sorted) {
            for (i = 1; i <= count; i++) { sorted[i] = list[key, i] + 0 }
            for (i = 2; i <= count; i++) { v = sorted[i]; for (j = i - 1; j >= 1 && sorted[j] > v; j--) sorted[j + 1] = sorted[j]; sorted[j + 1] = v }
            return count % 2 ? sorted[(count + 1) / 2] : (sorted[count / 2] + sorted[count / 2 + 1]) / 2
        }
        FNR == 1 { file++; next }
        { name = clean($1); rps = clean($2); p99 = clean($7)
          if (file == 1) { if (!(name in rn)) order[++n] = name; k = ++rn[name]; rr[name, k] = rps; rp[name, k] = p99 }
          else { k = ++bn[name]; br[name, k] = rps; bq[name, k] = p99 } }
        END {
          for (i = 1; i <= n; i++) {
            t = order[i]
            rrps[t] = sprintf("%.2f", median(rr, t, rn[t])); rp99[t] = sprintf("%.3f", median(rp, t, rn[t]))
            if (t in bn) { brps[t] = sprintf("%.2f", median(br, t, bn[t])); bp99[t] = sprintf("%.3f", median(bq, t, bn[t])) }
          }
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
