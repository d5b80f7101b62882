#!/usr/bin/env bash
# AOF side by side, Basalt against redis-server in the same run (see bench/README.md):
#  - throughput: SET, INCR and LPUSH with appendonly yes under appendfsync always and everysec, at -P 1 and -P 16
#    (bench/run.sh does the work);
#  - restart: the time to load an AOF of COMMANDS SET commands and, after BGREWRITEAOF, the same data from the
#    rewritten AOF; the BGREWRITEAOF time and the AOF size before and after.
# Environment: PARTS (default "throughput restart"); for throughput N (default 200000), POLICIES (default
# "always everysec"), TESTS, WARMUP; for restart COMMANDS (2000000), KEYSPACE (1000000), REPEAT (3),
# WRITER_CLIENTS (50), WRITER_PIPELINE (16); BASALT_DLL, REDIS_SERVER, KEEP_FILES.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=bench/lib.sh
source ./lib.sh

PARTS="${PARTS:-throughput restart}"
COMMANDS="${COMMANDS:-2000000}"
KEYSPACE="${KEYSPACE:-1000000}"
REPEAT="${REPEAT:-3}"
WRITER_CLIENTS="${WRITER_CLIENTS:-50}"
WRITER_PIPELINE="${WRITER_PIPELINE:-16}"

bench_require "$REDIS_SERVER" redis-cli redis-benchmark dotnet awk
bench_setup basalt-aof-bench KEEP_FILES
export BASALT_DLL

if [[ " $PARTS " == *" throughput "* ]]; then
    N="${N:-200000}"
    for policy in ${POLICIES:-always everysec}; do
        echo "=== appendonly yes, appendfsync $policy"
        SERVER_ARGS="--appendonly yes --appendfsync $policy" TESTS="${TESTS:-set,incr,lpush}" N="$N" WARMUP="${WARMUP:-20000}" ./run.sh
    done
fi
[[ " $PARTS " == *" restart "* ]] || exit 0

# appendfsync no: the writer measures nothing here, it only makes the file. No automatic rewrite: the file must
# hold every command.
AOF_ARGS=(--appendonly yes --appendfsync no --auto-aof-rewrite-percentage 0)
RES="$WORK/results"
: >"$RES"
r() { echo "$1=$2" >>"$RES"; }
get() { sed -n "s/^$1=//p" "$RES" | tail -1; }

# The bytes of every file in DIR's appendonlydir (manifest included).
aof_bytes() { du -sb --apparent-size "$1/appendonlydir" | cut -f1; }

# write_aof NAME: a fresh server writes its own AOF of COMMANDS SETs (redis-benchmark -r KEYSPACE), then stops.
write_aof() {
    local name="$1" dir="$WORK/$1" t0 t1
    start_server "$name" "$dir" "$WORK/$name-write.log" "${AOF_ARGS[@]}"
    echo "bench: $name: writing $COMMANDS SETs into its AOF..." >&2
    t0=$(now_s)
    redis-benchmark -h 127.0.0.1 -p "$STARTED_PORT" -t set -r "$KEYSPACE" -n "$COMMANDS" -c "$WRITER_CLIENTS" -P "$WRITER_PIPELINE" -q \
        >"$WORK/$name-writer.log" 2>&1 || { echo "bench: $name: writer failed:" >&2; cat "$WORK/$name-writer.log" >&2; exit 1; }
    t1=$(now_s)
    r "$name.write_s" "$(elapsed "$t0" "$t1")"
    r "$name.keys" "$(redis-cli -h 127.0.0.1 -p "$STARTED_PORT" DBSIZE)"
    stop_pid "$STARTED_PID"
    r "$name.aof_before" "$(aof_bytes "$dir")"
}

# restart NAME DIR TAG: starts NAME on DIR's AOF and records, for this TAG, the wall time from launch to "Ready to
# accept connections" (everything is loaded then), the CPU time it took, and the log's "DB loaded from append only
# file: X seconds". Checks DBSIZE against KEYS.
restart() {
    local name="$1" dir="$2" tag="$3" keys="$4" attempt port log t0 t1 cpu pid n
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        log="$WORK/$name-$tag.log"
        : >"$log"
        t0=$(now_s)
        launch "$name" "$port" "$dir" "$log" "${AOF_ARGS[@]}"
        pid=$LAUNCHED_PID
        if wait_ready "$pid" "$log"; then
            t1=$(now_s)
            cpu=$(cpu_seconds "$pid")
            n=$(redis-cli -h 127.0.0.1 -p "$port" DBSIZE)
            stop_pid "$pid"
            [ "$n" = "$keys" ] || { echo "bench: $name ($tag): DBSIZE $n after restart, expected $keys" >&2; exit 1; }
            echo "$tag.wall_s=$(elapsed "$t0" "$t1")" >>"$WORK/$name.runs"
            echo "$tag.cpu_s=$cpu" >>"$WORK/$name.runs"
            echo "$tag.log_s=$(sed -n 's/.*DB loaded from append only file: \([0-9.]*\) seconds.*/\1/p' "$log" | tail -1)" >>"$WORK/$name.runs"
            return 0
        fi
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        grep -qE "Address already in use|Failed listening on port" "$log" || { echo "bench: $name did not load its AOF:" >&2; tail -20 "$log" >&2; exit 1; }
    done
    echo "bench: could not find a free port for $name" >&2
    exit 1
}

# median NAME FIELD: the median of FIELD over the runs of NAME.
median() {
    sed -n "s/^$2=//p" "$WORK/$1.runs" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# restarts TAG: REPEAT restarts of each server on its own AOF, interleaved (redis, basalt, redis, ...) so that
# both see the same machine; then the medians.
restarts() {
    local tag="$1" i name
    for i in $(seq 1 "$REPEAT"); do
        echo "bench: restart $i/$REPEAT on the $tag AOF (load average $(load_average))..." >&2
        restart redis "$WORK/redis" "$tag" "$(get redis.keys)"
        restart basalt "$WORK/basalt" "$tag" "$(get basalt.keys)"
        if [ "$tag" = commands ]; then
            # The very file Redis wrote, loaded by Basalt: the same bytes for both.
            restart basalt-on-redis "$WORK/basalt-on-redis" "$tag" "$(get redis.keys)"
        fi
    done
    for name in redis basalt basalt-on-redis; do
        [ -f "$WORK/$name.runs" ] || continue
        r "$name.$tag.wall_s" "$(median "$name" "$tag.wall_s")"
        r "$name.$tag.cpu_s" "$(median "$name" "$tag.cpu_s")"
        r "$name.$tag.log_s" "$(median "$name" "$tag.log_s")"
    done
}

# rewrite NAME: BGREWRITEAOF on the loaded server, timed until INFO shows no rewrite running nor scheduled.
rewrite() {
    local name="$1" dir="$WORK/$1" t0 t1 port
    start_server "$name" "$dir" "$WORK/$name-rewrite.log" "${AOF_ARGS[@]}"
    port=$STARTED_PORT
    echo "bench: $name: BGREWRITEAOF..." >&2
    t0=$(now_s)
    redis-cli -h 127.0.0.1 -p "$port" BGREWRITEAOF >/dev/null
    while :; do
        local info
        info=$(redis-cli -h 127.0.0.1 -p "$port" INFO persistence | tr -d '\r')
        grep -q '^aof_rewrite_in_progress:0' <<<"$info" && grep -q '^aof_rewrite_scheduled:0' <<<"$info" && break
        sleep 0.01
    done
    t1=$(now_s)
    r "$name.rewrite_s" "$(elapsed "$t0" "$t1")"
    r "$name.rewrite_status" "$(info_field "$port" persistence aof_last_bgrewrite_status)"
    stop_pid "$STARTED_PID"
    r "$name.aof_after" "$(aof_bytes "$dir")"
}

r load_start "$(load_average)"
write_aof redis
write_aof basalt
mkdir -p "$WORK/basalt-on-redis"
cp -r "$WORK/redis/appendonlydir" "$WORK/basalt-on-redis/"
restarts commands
rewrite redis
rewrite basalt
restarts rewritten
r load_end "$(load_average)"

echo
echo "AOF restart: $COMMANDS SETs (redis-benchmark -t set -r $KEYSPACE -c $WRITER_CLIENTS -P $WRITER_PIPELINE), appendfsync no;"
echo "each server loads the AOF it wrote; times are medians of $REPEAT restarts; ratio = basalt / redis (below 1 is faster)"
printf '%-52s %12s %12s %8s\n' figure redis basalt ratio
row() {  # row LABEL REDIS_KEY BASALT_KEY SCALE FORMAT [noratio]
    compare_row 52 12 "$1" "$(get "$2")" "$(get "$3")" "$4" "$5" "${6:-}"
}
row "writer time, $COMMANDS SETs (s)"                     redis.write_s basalt.write_s 1 "%.2f"
row "keys"                                                redis.keys basalt.keys 1 "%d" noratio
row "AOF size before rewrite (MB)"                        redis.aof_before basalt.aof_before 1048576 "%.1f"
row "restart on it: launch to ready (s)"                  redis.commands.wall_s basalt.commands.wall_s 1 "%.3f"
row "  CPU time until ready (s)"                          redis.commands.cpu_s basalt.commands.cpu_s 1 "%.2f"
row "  'DB loaded from append only file: X seconds'"      redis.commands.log_s basalt.commands.log_s 1 "%.3f"
row "restart on redis's own file: launch to ready (s)"    redis.commands.wall_s basalt-on-redis.commands.wall_s 1 "%.3f"
row "  CPU time until ready (s)"                          redis.commands.cpu_s basalt-on-redis.commands.cpu_s 1 "%.2f"
row "  'DB loaded from append only file: X seconds'"      redis.commands.log_s basalt-on-redis.commands.log_s 1 "%.3f"
row "BGREWRITEAOF: sent to done (s)"                      redis.rewrite_s basalt.rewrite_s 1 "%.3f"
row "  aof_last_bgrewrite_status"                         redis.rewrite_status basalt.rewrite_status 1 "%s" noratio
row "AOF size after rewrite (MB)"                         redis.aof_after basalt.aof_after 1048576 "%.1f"
row "restart after rewrite: launch to ready (s)"          redis.rewritten.wall_s basalt.rewritten.wall_s 1 "%.3f"
row "  CPU time until ready (s)"                          redis.rewritten.cpu_s basalt.rewritten.cpu_s 1 "%.2f"
row "  'DB loaded from append only file: X seconds'"      redis.rewritten.log_s basalt.rewritten.log_s 1 "%.3f"
row "machine load average, start of run"                  load_start load_start 1 "%.2f" noratio
row "machine load average, end of run"                    load_end load_end 1 "%.2f" noratio
awk -v b="$(get basalt.commands.wall_s)" -v r="$(get redis.commands.wall_s)" \
    -v bw="$(get basalt.rewritten.wall_s)" -v rw="$(get redis.rewritten.wall_s)" 'BEGIN {
    printf "target: basalt restart on %s commands at least as fast as redis: %s (%s s vs %s s)\n", "'"$COMMANDS"'", (b + 0 <= r + 0) ? "met" : "NOT met", b, r
    printf "target: basalt restart after rewrite at least as fast as redis: %s (%s s vs %s s)\n", (bw + 0 <= rw + 0) ? "met" : "NOT met", bw, rw
}'
