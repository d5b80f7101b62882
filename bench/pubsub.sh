#!/usr/bin/env bash
# Side-by-side pub/sub throughput: PUBLISH with 0, 1 and 10 subscribers (redis-cli processes reading the
# messages) against redis-server and basalt-server in one run. See bench/README.md. Environment: N, CLIENTS,
# PIPELINES, SUBSCRIBERS, ROUNDS, PAYLOAD_BYTES, BASALT_DLL, REDIS_SERVER, KEEP_CSV.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=bench/lib.sh
source ./lib.sh
N="${N:-200000}"
CLIENTS="${CLIENTS:-50}"
PIPELINES="${PIPELINES:-1 16}"
SUBSCRIBERS="${SUBSCRIBERS:-0 1 10}"
ROUNDS="${ROUNDS:-3}"
PAYLOAD_BYTES="${PAYLOAD_BYTES:-64}"

bench_require "$REDIS_SERVER" redis-benchmark redis-cli dotnet
bench_setup basalt-pubsub-bench KEEP_CSV

start_server redis "$WORK/redis" "$WORK/redis.log";  REDIS_PID=$STARTED_PID;  REDIS_PORT=$STARTED_PORT
start_server basalt "$WORK/basalt" "$WORK/basalt.log"; BASALT_PID=$STARTED_PID; BASALT_PORT=$STARTED_PORT
PAYLOAD="$(head -c "$PAYLOAD_BYTES" /dev/zero | tr '\0' 'm')"

# subscribe PORT COUNT: COUNT redis-cli subscribers of channel "bench" on PORT (their pids appended to PIDS, so
# that the cleanup stops them), then waits until the server counts them all.
SUBSCRIBER_PIDS=()
subscribe() {
    local port="$1" count="$2" i
    for ((i = 0; i < count; i++)); do
        redis-cli -h 127.0.0.1 -p "$port" SUBSCRIBE bench >/dev/null 2>&1 &
        SUBSCRIBER_PIDS+=("$!")
        PIDS+=("$!")
    done
    for ((i = 0; i < 200; i++)); do
        [ "$(redis-cli -h 127.0.0.1 -p "$port" PUBSUB NUMSUB bench | sed -n 2p)" = "$count" ] && return 0
        sleep 0.05
    done
    echo "bench: $count subscribers did not all subscribe on port $port" >&2
    exit 1
}

unsubscribe_all() {
    local pid
    for pid in "${SUBSCRIBER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    SUBSCRIBER_PIDS=()
}

# run_publish PORT PIPELINE: PUBLISH bench <payload> N times, prints the requests per second.
run_publish() {
    redis-benchmark -h 127.0.0.1 -p "$1" -c "$CLIENTS" -n "$N" -P "$2" --csv PUBLISH bench "$PAYLOAD" 2>/dev/null |
        grep -v '^"test"' | grep '^"' | cut -d'"' -f4
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "PUBLISH of $PAYLOAD_BYTES bytes, -c $CLIENTS -n $N, medians of $ROUNDS rounds (requests/s; ratio = basalt / redis)"
printf '%-12s %9s %12s %12s %7s\n' subscribers pipeline "redis rps" "basalt rps" ratio
for subscribers in $SUBSCRIBERS; do
    subscribe "$REDIS_PORT" "$subscribers"
    subscribe "$BASALT_PORT" "$subscribers"
    for p in $PIPELINES; do
        redis_runs=()
        basalt_runs=()
        # Alternating which server goes first, so that both see the same machine.
        for ((round = 1; round <= ROUNDS; round++)); do
            if ((round % 2 == 1)); then
                redis_runs+=("$(run_publish "$REDIS_PORT" "$p")")
                basalt_runs+=("$(run_publish "$BASALT_PORT" "$p")")
            else
                basalt_runs+=("$(run_publish "$BASALT_PORT" "$p")")
                redis_runs+=("$(run_publish "$REDIS_PORT" "$p")")
            fi
        done
        redis_rps="$(printf '%s\n' "${redis_runs[@]}" | median)"
        basalt_rps="$(printf '%s\n' "${basalt_runs[@]}" | median)"
        printf '%-12s %9s %12.0f %12.0f %6.2fx\n' "$subscribers" "$p" "$redis_rps" "$basalt_rps" \
            "$(awk -v b="$basalt_rps" -v r="$redis_rps" 'BEGIN { print (r > 0) ? b / r : 0 }')"
    done
    unsubscribe_all
done
echo "load average at the end: $(load_average)"

stop_pid "$BASALT_PID"
stop_pid "$REDIS_PID"
