# Shared helpers of the side-by-side benches (run.sh, rdb.sh, aof.sh): sourced, not run.
# The caller sets REDIS_SERVER (and may set BASALT_DLL) before calling bench_setup.
# shellcheck shell=bash

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REDIS_SERVER="${REDIS_SERVER:-redis-server}"
PIDS=()

# bench_require TOOL...: every tool is on PATH, or exit with a hint.
bench_require() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "bench: $tool not found (apt-get install -y redis-server redis-tools)" >&2; exit 1; }
    done
}

# bench_setup PREFIX KEEP_VAR: makes the work directory $WORK, a cleanup on exit that kills every pid in PIDS still
# running and deletes $WORK unless the variable named KEEP_VAR is set; then publishes basalt-server as it is deployed
# (Release, ReadyToRun: precompiled, so that start-up is not spent in the JIT) unless BASALT_DLL names one, and sets
# BASALT_DLL. Without the ReadyToRun compiler (it is downloaded from NuGet) it falls back to a plain Release build.
bench_setup() {
    local prefix="$1"
    BENCH_KEEP_VAR="$2"
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX")"
    trap bench_cleanup EXIT
    if [ -z "${BASALT_DLL:-}" ]; then
        local rid
        case "$(uname -m)" in
            x86_64) rid=linux-x64 ;;
            aarch64) rid=linux-arm64 ;;
            *) rid="" ;;
        esac
        echo "bench: publishing basalt-server (Release, ReadyToRun ${rid:-unavailable})..." >&2
        if [ -n "$rid" ] && dotnet publish "$BENCH_ROOT/src/Basalt.Server/Basalt.Server.csproj" -c Release -r "$rid" \
            --self-contained false -p:PublishReadyToRun=true -o "$WORK/basalt-server" -nologo -v quiet >"$WORK/build.log" 2>&1; then
            BASALT_DLL="$WORK/basalt-server/basalt-server.dll"
        else
            echo "bench: ReadyToRun publish failed; using a plain Release build (slower start-up)" >&2
            dotnet build "$BENCH_ROOT/src/Basalt.Server/Basalt.Server.csproj" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 \
                || { cat "$WORK/build.log" >&2; exit 1; }
            BASALT_DLL="$BENCH_ROOT/src/Basalt.Server/bin/Release/net10.0/basalt-server.dll"
        fi
    fi
    [ -f "$BASALT_DLL" ] || { echo "bench: $BASALT_DLL not found" >&2; exit 1; }
}

bench_cleanup() {
    local pid
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    done
    if [ -z "${!BENCH_KEEP_VAR:-}" ]; then rm -rf "$WORK"; else echo "bench: files kept in $WORK" >&2; fi
}

# A port nobody listens on right now (the server's own log tells if it was taken meanwhile; then we retry).
free_port() {
    local p
    while :; do
        p=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
}

# launch NAME PORT DIR LOG [ARGS...]: starts redis-server (NAME redis) or basalt-server (any other NAME) on
# 127.0.0.1:PORT with --dir DIR --save "" --appendonly no, then ARGS (later ones win), its output appended to LOG.
# Sets LAUNCHED_PID; does not wait.
launch() {
    local name="$1" port="$2" dir="$3" log="$4"
    shift 4
    local args=(--port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no "$@")
    if [ "$name" = redis ]; then
        "$REDIS_SERVER" "${args[@]}" >>"$log" 2>&1 &
    else
        dotnet "$BASALT_DLL" "${args[@]}" >>"$log" 2>&1 &
    fi
    LAUNCHED_PID=$!
    PIDS+=("$LAUNCHED_PID")
}

# wait_ready PID LOG [SECONDS]: waits until LOG says "Ready to accept connections" (0), the process exits (1) or
# SECONDS (default 600) pass (2).
wait_ready() {
    local pid="$1" log="$2" limit="${3:-600}" start=$SECONDS
    until grep -q "Ready to accept connections" "$log"; do
        kill -0 "$pid" 2>/dev/null || return 1
        [ $(( SECONDS - start )) -lt "$limit" ] || return 2
        sleep 0.01
    done
}

# start_server NAME DIR LOG [ARGS...]: launch on a free port and wait until ready, retrying on another port when
# the one chosen was taken meanwhile. Sets STARTED_PID and STARTED_PORT; exits when the server does not start.
start_server() {
    local name="$1" dir="$2" log="$3" attempt port
    shift 3
    mkdir -p "$dir"
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        : >"$log"
        launch "$name" "$port" "$dir" "$log" "$@"
        if wait_ready "$LAUNCHED_PID" "$log"; then
            STARTED_PID=$LAUNCHED_PID
            STARTED_PORT=$port
            echo "bench: $name pid $STARTED_PID on port $port" >&2
            return 0
        fi
        kill -KILL "$LAUNCHED_PID" 2>/dev/null || true
        wait "$LAUNCHED_PID" 2>/dev/null || true
        if ! grep -qE "Address already in use|Failed listening on port" "$log"; then
            echo "bench: $name did not start:" >&2
            cat "$log" >&2
            exit 1
        fi
    done
    echo "bench: could not find a free port for $name" >&2
    exit 1
}

# stop_pid PID [SECONDS]: SIGTERM, then SIGKILL if it is still running after SECONDS (default 60).
stop_pid() {
    local pid="$1" limit="${2:-60}" i
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 1 $(( limit * 10 ))); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    echo "bench: pid $pid ignored SIGTERM for $limit s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# The 1-minute load average (other work on the machine skews every figure; print it with them).
load_average() { cut -d' ' -f1 /proc/loadavg; }

now_s() { date +%s.%N; }

# elapsed T0 T1: T1 - T0 in seconds, three decimals.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# cpu_seconds PID: the user + system CPU time the process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# info_field PORT SECTION FIELD: one field of INFO SECTION.
info_field() { redis-cli -h 127.0.0.1 -p "$1" INFO "$2" | tr -d '\r' | awk -F: -v f="$3" '$1 == f { print $2 }'; }

# compare_row LABEL_WIDTH COLUMN_WIDTH LABEL REDIS BASALT SCALE FORMAT [noratio]: one line of a side-by-side table:
# both values divided by SCALE and printed with FORMAT ("-" when missing, as given when not a number), and the
# ratio basalt / redis unless noratio.
compare_row() {
    awk -v lw="$1" -v cw="$2" -v l="$3" -v a="$4" -v b="$5" -v s="$6" -v f="$7" -v nr="${8:-}" 'BEGIN {
        num = "^-?[0-9.]+$"
        ra = (a ~ num) ? sprintf(f, a / s) : (a == "" ? "-" : a)
        rb = (b ~ num) ? sprintf(f, b / s) : (b == "" ? "-" : b)
        ratio = (nr == "" && a ~ num && b ~ num && a + 0 != 0) ? sprintf("%.2fx", b / a) : "-"
        printf "%-" lw "s %" cw "s %" cw "s %8s\n", l, ra, rb, ratio }'
}
