#!/usr/bin/env bash
# Side-by-side throughput and tail latency: redis-benchmark against redis-server and basalt-server in one run.
# See bench/README.md. Environment: N, CLIENTS, TESTS, PIPELINES, WARMUP, BASALT_DLL, REDIS_SERVER, KEEP_CSV, SERVER_ARGS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${N:-1000000}"
CLIENTS="${CLIENTS:-50}"
TESTS="${TESTS:-set,get,incr,mset}"
PIPELINES="${PIPELINES:-1 16}"
WARMUP="${WARMUP:-100000}"
REDIS_SERVER="${REDIS_SERVER:-redis-server}"

for tool in "$REDIS_SERVER" redis-benchmark dotnet; do
    command -v "$tool" >/dev/null || { echo "bench: $tool not found (apt-get install -y redis-server redis-tools)" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/basalt-bench.XXXXXX")"
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    done
    if [ -z "${KEEP_CSV:-}" ]; then rm -rf "$WORK"; else echo "bench: results kept in $WORK" >&2; fi
}
trap cleanup EXIT

if [ -z "${BASALT_DLL:-}" ]; then
    echo "bench: building basalt-server (Release)..." >&2
    dotnet build "$ROOT/src/Basalt.Server/Basalt.Server.csproj" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 \
        || { cat "$WORK/build.log" >&2; exit 1; }
    BASALT_DLL="$ROOT/src/Basalt.Server/bin/Release/net10.0/basalt-server.dll"
fi
[ -f "$BASALT_DLL" ] || { echo "bench: $BASALT_DLL not found" >&2; exit 1; }

# A port nobody listens on right now (the server's own log tells if it was taken meanwhile; then we retry).
free_port() {
    local p
    while :; do
        p=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
}

# start_server NAME -> sets STARTED_PID and STARTED_PORT
start_server() {
    local name="$1" attempt port dir log pid i
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        dir="$WORK/$name-$port"
        log="$WORK/$name-$port.log"
        mkdir -p "$dir"
        local args=(--port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no)
        # SERVER_ARGS (e.g. "--appendonly yes --appendfsync always") come last, so they win.
        # shellcheck disable=SC2206
        args+=(${SERVER_ARGS:-})
        if [ "$name" = redis ]; then
            "$REDIS_SERVER" "${args[@]}" >"$log" 2>&1 &
        else
            dotnet "$BASALT_DLL" "${args[@]}" >"$log" 2>&1 &
        fi
        pid=$!
        PIDS+=("$pid")
        for i in $(seq 1 600); do
            if grep -q "Ready to accept connections" "$log"; then
                STARTED_PID=$pid
                STARTED_PORT=$port
                echo "bench: $name pid $pid on port $port" >&2
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        if ! grep -qE "Address already in use|Failed listening on port" "$log"; then
            echo "bench: $name did not start:" >&2
            cat "$log" >&2
            exit 1
        fi
    done
    echo "bench: could not find a free port for $name" >&2
    exit 1
}

stop_server() {
    local pid="$1" i
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    echo "bench: pid $pid ignored SIGTERM for 30 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
}

start_server redis;  REDIS_PID=$STARTED_PID;  REDIS_PORT=$STARTED_PORT
start_server basalt; BASALT_PID=$STARTED_PID; BASALT_PORT=$STARTED_PORT

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

stop_server "$BASALT_PID"
stop_server "$REDIS_PID"

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
