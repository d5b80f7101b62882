#!/usr/bin/env bash
# Side-by-side memory per key of small values: redis-server and basalt-server, one dataset at a time.
# See bench/README.md. Environment: MEMORY_KEYS, MEMORY_ELEMENTS, MEMORY_DATASETS, BASALT_DLL, REDIS_SERVER, KEEP_FILES.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=bench/lib.sh
source ./lib.sh
MEMORY_KEYS="${MEMORY_KEYS:-1000000}"
MEMORY_ELEMENTS="${MEMORY_ELEMENTS:-1 10}"
MEMORY_DATASETS="${MEMORY_DATASETS:-string-3 string-100 hash list set set-int zset}"

bench_require "$REDIS_SERVER" redis-cli perl dotnet
bench_setup basalt-memory KEEP_FILES

# memory_commands DATASET ELEMENTS KEYS: the RESP stream that fills a dataset, one command per key. Keys are
# key:%012d as redis-benchmark -r names them; values and members are short strings ("xxx" is redis-benchmark's
# default 3-byte value), except set-int, whose members are integers (an intset in both servers).
memory_commands() {
    perl -e '
        use strict; use warnings;
        my ($dataset, $elements, $keys) = @ARGV;
        my $v100 = "v" x 100;
        sub resp { my $s = "*" . scalar(@_) . "\r\n"; $s .= "\$" . length($_) . "\r\n$_\r\n" for @_; return $s }
        my $out = "";
        for my $n (0 .. $keys - 1) {
            my $key = sprintf("key:%012d", $n);
            my @cmd;
            if    ($dataset eq "string-3")   { @cmd = ("SET", $key, "xxx") }
            elsif ($dataset eq "string-100") { @cmd = ("SET", $key, $v100) }
            elsif ($dataset eq "hash")       { @cmd = ("HSET", $key, map { ("element:$_", "xxx") } 1 .. $elements) }
            elsif ($dataset eq "list")       { @cmd = ("RPUSH", $key, map { "element:$_" } 1 .. $elements) }
            elsif ($dataset eq "set")        { @cmd = ("SADD", $key, map { "element:$_" } 1 .. $elements) }
            elsif ($dataset eq "set-int")    { @cmd = ("SADD", $key, 1 .. $elements) }
            elsif ($dataset eq "zset")       { @cmd = ("ZADD", $key, map { ($_, "element:$_") } 1 .. $elements) }
            else { die "unknown dataset $dataset\n" }
            $out .= resp(@cmd);
            if (length($out) > 65536) { print $out; $out = "" }
        }
        print $out;
    ' "$@"
}

# settled_rss_kb PID: VmRSS once it has stopped moving (within 0.5% over half a second; at most 10 s), since a
# collector may still be touching or returning pages just after the fill.
settled_rss_kb() {
    local pid="$1" previous current i
    previous="$(rss_kb "$pid")"
    current="$previous"
    for i in $(seq 1 20); do
        sleep 0.5
        current="$(rss_kb "$pid")"
        if [ $(( current > previous ? current - previous : previous - current )) -le $(( previous / 200 )) ]; then
            break
        fi
        previous="$current"
    done
    echo "$current"
}

# measure NAME DATASET ELEMENTS: starts a fresh server, fills it, prints "RSS_BYTES_PER_KEY USED_BYTES_PER_KEY
# FILL_SECONDS" ("- - -" when the fill failed), and stops it. The fill time shows what growth costs (a garbage
# collector's pauses grow with what it must scan).
measure() {
    local name="$1" dataset="$2" elements="$3" pid port rss0 used0 rss1 used1 pipe dbsize started seconds
    start_server "$name" "$WORK/$name-$dataset-$elements" "$WORK/$name-$dataset-$elements.log"
    pid=$STARTED_PID
    port=$STARTED_PORT
    rss0="$(settled_rss_kb "$pid")"
    used0="$(info_field "$port" memory used_memory)"
    started="$(date +%s.%N)"
    pipe="$(memory_commands "$dataset" "$elements" "$MEMORY_KEYS" | redis-cli -h 127.0.0.1 -p "$port" --pipe 2>&1 | tail -1)"
    seconds="$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')"
    dbsize="$(redis-cli -h 127.0.0.1 -p "$port" DBSIZE | tr -d '\r')"
    if [ "$dbsize" != "$MEMORY_KEYS" ] || ! echo "$pipe" | grep -q "errors: 0"; then
        echo "bench: $name $dataset x $elements: the fill failed ($pipe; DBSIZE $dbsize)" >&2
        stop_pid "$pid"
        echo "- - -"
        return
    fi
    rss1="$(settled_rss_kb "$pid")"
    used1="$(info_field "$port" memory used_memory)"
    stop_pid "$pid"
    echo "$(( (rss1 - rss0) * 1024 / MEMORY_KEYS )) $(( (used1 - used0) / MEMORY_KEYS )) $seconds"
}

LOAD_START="$(load_average)"
ROWS=()
for dataset in $MEMORY_DATASETS; do
    case "$dataset" in string-*) counts=1 ;; *) counts="$MEMORY_ELEMENTS" ;; esac
    for elements in $counts; do
        echo "bench: memory of $MEMORY_KEYS x $dataset of $elements element(s): redis-server, then basalt-server..." >&2
        read -r redis_rss redis_used redis_fill <<<"$(measure redis "$dataset" "$elements")"
        read -r basalt_rss basalt_used basalt_fill <<<"$(measure basalt "$dataset" "$elements")"
        ROWS+=("$dataset $elements $redis_rss $basalt_rss $redis_used $basalt_used $redis_fill $basalt_fill")
    done
done

echo
echo "memory of $MEMORY_KEYS keys per dataset, in bytes per key: RSS after the fill minus RSS empty, and INFO used_memory"
echo "after minus before; per element: divide by elements; ratio = basalt / redis; fill: seconds from the first command to"
echo "the last reply of the redis-cli --pipe fill, perl's generation of the commands included; load $LOAD_START at start, $(load_average) at end"
printf '%-12s %8s %10s %10s %7s %10s %11s %7s %10s %11s\n' dataset elements "redis rss" "basalt rss" ratio "redis used" "basalt used" ratio \
    "redis fill" "basalt fill"
for row in "${ROWS[@]}"; do
    # shellcheck disable=SC2086
    set -- $row
    awk -v d="$1" -v e="$2" -v rr="$3" -v br="$4" -v ru="$5" -v bu="$6" -v rf="$7" -v bf="$8" 'BEGIN {
        r1 = (rr > 0 && br != "-") ? sprintf("%.2fx", br / rr) : "-"
        r2 = (ru > 0 && bu != "-") ? sprintf("%.2fx", bu / ru) : "-"
        printf "%-12s %8s %10s %10s %7s %10s %11s %7s %10s %11s\n", d, e, rr, br, r1, ru, bu, r2, rf, bf }'
done
