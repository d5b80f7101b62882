#!/usr/bin/env bash
# RDB side by side: SAVE, BGSAVE under a full-speed writer (time, extra memory, worst client latency), file size and
# restart time of redis-server and basalt-server in one run. See bench/README.md.
# Environment: KEYS, WRITER_CLIENTS, WRITER_PIPELINE, WARMUP_SECONDS, SAMPLE_MS, BASALT_DLL, REDIS_SERVER, KEEP_FILES.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=bench/lib.sh
source ./lib.sh
KEYS="${KEYS:-1000000 5000000}"
WRITER_CLIENTS="${WRITER_CLIENTS:-50}"
WRITER_PIPELINE="${WRITER_PIPELINE:-16}"
WARMUP_SECONDS="${WARMUP_SECONDS:-3}"
SAMPLE_MS="${SAMPLE_MS:-20}"
VALUE_SIZE=100

bench_require "$REDIS_SERVER" redis-cli redis-benchmark dotnet perl awk
bench_setup basalt-rdb-bench KEEP_FILES

# The timing helpers are in Perl (always on Debian, Time::HiRes is core) because a bash loop that spawns redis-cli
# cannot see a pause of a few milliseconds, and a pause of a few milliseconds is what we are looking for.
HELPER="$WORK/rdb-helper.pl"
cat >"$HELPER" <<'PERL'
use strict;
use warnings;
use IO::Socket::INET;
use Socket qw(IPPROTO_TCP TCP_NODELAY);
use Time::HiRes qw(time sleep);

sub connect_to {
    my ($port) = @_;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp') or return undef;
    setsockopt($s, IPPROTO_TCP, TCP_NODELAY, 1);
    return $s;
}

# Reads one RESP reply (simple types and bulk strings only) from $s, using the buffer in $$buf.
sub read_reply {
    my ($s, $buf) = @_;
    while (1) {
        my $eol = index($$buf, "\r\n");
        if ($eol >= 0) {
            my $type = substr($$buf, 0, 1);
            if ($type ne '$') {
                my $line = substr($$buf, 0, $eol);
                substr($$buf, 0, $eol + 2) = '';
                return $line;
            }
            my $len = substr($$buf, 1, $eol - 1);
            if ($len < 0) { substr($$buf, 0, $eol + 2) = ''; return undef; }
            if (length($$buf) >= $eol + 2 + $len + 2) {
                my $body = substr($$buf, $eol + 2, $len);
                substr($$buf, 0, $eol + 2 + $len + 2) = '';
                return $body;
            }
        }
        my $n = sysread($s, $$buf, 1 << 16, length($$buf));
        die "connection closed\n" unless $n;
    }
}

sub command {
    my ($s, $buf, @args) = @_;
    my $req = '*' . scalar(@args) . "\r\n";
    $req .= '$' . length($_) . "\r\n$_\r\n" for @args;
    syswrite($s, $req) == length($req) or die "write failed\n";
    return read_reply($s, $buf);
}

sub info_field {
    my ($info, $name) = @_;
    return $info =~ /^\Q$name\E:([^\r\n]*)/m ? $1 : '';
}

sub status_kb {
    my ($pid, $field) = @_;
    open(my $fh, '<', "/proc/$pid/status") or return 0;
    while (<$fh>) { return $1 if /^\Q$field\E:\s+(\d+)/; }
    return 0;
}

# Private_Dirty of a process: for a forked child, the pages copied on write since the fork plus its own allocations.
sub private_dirty_kb {
    my ($pid) = @_;
    open(my $fh, '<', "/proc/$pid/smaps_rollup") or return 0;
    while (<$fh>) { return $1 if /^Private_Dirty:\s+(\d+)/; }
    return 0;
}

sub children {
    my ($pid) = @_;
    my @kids;
    for my $f (glob("/proc/$pid/task/*/children")) {
        open(my $fh, '<', $f) or next;
        local $/;
        my $line = <$fh> // '';
        push @kids, split(' ', $line);
    }
    return @kids;
}

# extra = growth of the server's RSS over the baseline + private dirty pages of its children (Redis's fork).
sub extra_sample {
    my ($pid, $base) = @_;
    my $rss = status_kb($pid, 'VmRSS');
    my $child = 0;
    $child += private_dirty_kb($_) for children($pid);
    return ($rss - $base + $child, $rss, $child);
}

# Running, not gone nor a zombie (the server is the bench's child, so it stays a zombie until the bench waits).
sub alive {
    my ($pid) = @_;
    open(my $fh, '<', "/proc/$pid/stat") or return 0;
    my $stat = <$fh> // '';
    return $stat !~ /^\d+ \(.*\) [ZX] /;
}

my $mode = shift @ARGV // '';
if ($mode eq 'probe') {
    # probe PORT STOPFILE OUT [FROMFILE]: PING back to back until STOPFILE exists; OUT gets
    # "count max_ms p999_ms p99_ms worst_ping_start_epoch" over the PINGs still waiting at or after the epoch in
    # FROMFILE (when BGSAVE was sent; all PINGs without it), OUT.slow the PINGs of 10 ms or more ("start_epoch ms").
    my ($port, $stop, $out, $from_file) = @ARGV;
    my $s = connect_to($port) or die "probe: cannot connect to $port\n";
    my $buf = '';
    my (@start, @lat);
    my $first = 1;
    until (-e $stop) {
        my $t0 = time();
        syswrite($s, "PING\r\n");
        my $r = read_reply($s, \$buf);
        push @lat, time() - $t0;
        push @start, $t0;
        die "probe: unexpected reply $r\n" unless $r eq '+PONG';
        if ($first) { open(my $fh, '>', "$out.ready"); close($fh); $first = 0; }
    }
    my $from = 0;
    if (defined $from_file && open(my $fh, '<', $from_file)) { $from = <$fh> + 0; }
    my ($worst, $worst_at, @kept, @slow) = (-1, 0);
    for my $i (0 .. $#lat) {
        next if $start[$i] + $lat[$i] < $from;
        push @kept, $lat[$i];
        ($worst, $worst_at) = ($lat[$i], $start[$i]) if $lat[$i] > $worst;
        push @slow, sprintf("%.6f %.3f", $start[$i], $lat[$i] * 1000) if $lat[$i] >= 0.010;
    }
    @kept = sort { $a <=> $b } @kept;
    my $pct = sub { @kept ? $kept[int($_[0] * $#kept)] * 1000 : 0 };
    open(my $fh, '>', $out) or die;
    printf $fh "%d %.3f %.3f %.3f %.6f\n", scalar(@kept), (@kept ? $kept[-1] * 1000 : 0), $pct->(0.999), $pct->(0.99), $worst_at;
    close($fh);
    open($fh, '>', "$out.slow") or die;
    print $fh "$_\n" for @slow;
    close($fh);
} elsif ($mode eq 'rss') {
    # rss PID SECONDS SAMPLE_MS: the highest VmRSS (kB) seen over SECONDS.
    my ($pid, $seconds, $sample_ms) = @ARGV;
    my $end = time() + $seconds;
    my $max = 0;
    while (time() < $end) {
        my $rss = status_kb($pid, 'VmRSS');
        $max = $rss if $rss > $max;
        sleep($sample_ms / 1000);
    }
    print "$max\n";
} elsif ($mode eq 'bgsave') {
    # bgsave PORT PID BASE_KB SAMPLE_MS T0FILE: sends BGSAVE (its epoch goes to T0FILE, for the probe), samples memory
    # until rdb_bgsave_in_progress:0.
    # Prints "seconds peak_extra_kb peak_rss_kb peak_child_private_dirty_kb samples status start_epoch".
    # The memory is sampled by a forked process, so that a server slow to answer INFO does not thin the samples.
    my ($port, $pid, $base, $sample_ms, $t0_file) = @ARGV;
    my $s = connect_to($port) or die "bgsave: cannot connect to $port\n";
    my $buf = '';
    pipe(my $stop_r, my $stop_w) or die;
    pipe(my $results, my $sampler_out) or die;
    my $t0 = time();
    open(my $t0_fh, '>', $t0_file) or die;
    printf $t0_fh "%.6f\n", $t0;
    close($t0_fh);
    my $r = command($s, \$buf, 'BGSAVE');
    die "bgsave: BGSAVE answered $r\n" unless $r eq '+Background saving started';
    my $sampler = fork() // die "fork: $!\n";
    if ($sampler == 0) {
        close($results);
        close($stop_w);
        my ($peak, $peak_rss, $peak_child, $samples) = (0, 0, 0, 0);
        my $rin = '';
        vec($rin, fileno($stop_r), 1) = 1;
        while (1) {
            my ($extra, $rss, $child) = extra_sample($pid, $base);
            $samples++;
            $peak = $extra if $extra > $peak;
            $peak_rss = $rss if $rss > $peak_rss;
            $peak_child = $child if $child > $peak_child;
            # The parent closes its end of the pipe when the save is over: then select says readable (EOF).
            last if select(my $rout = $rin, undef, undef, $sample_ms / 1000) > 0;
        }
        print $sampler_out "$peak $peak_rss $peak_child $samples\n";
        exit 0;
    }
    close($sampler_out);
    close($stop_r);
    while (1) {
        my $info = command($s, \$buf, 'INFO', 'persistence');
        last if info_field($info, 'rdb_bgsave_in_progress') eq '0';
        sleep($sample_ms / 1000);
    }
    my $seconds = time() - $t0;
    close($stop_w);
    my $mem = <$results> // "0 0 0 0\n";
    chomp $mem;
    waitpid($sampler, 0);
    my $info = command($s, \$buf, 'INFO', 'persistence');
    printf "%.3f %s %s %.6f\n", $seconds, $mem, info_field($info, 'rdb_last_bgsave_status'), $t0;
} elsif ($mode eq 'ready') {
    # ready PORT KEYS T0 TIMEOUT PID: seconds from T0 (epoch seconds, when the server was started) until it answers
    # PING with PONG (not -LOADING) and DBSIZE is KEYS. Prints "seconds dbsize", or "timeout|exited last-reply".
    my ($port, $keys, $t0, $timeout, $pid) = @ARGV;
    my ($s, $buf, $last) = (undef, '', 'no-connection');
    while (time() - $t0 < $timeout) {
        if (!alive($pid)) { $last =~ s/\s+/_/g; print "exited $last\n"; exit 0; }
        if (!$s) {
            $s = connect_to($port);
            if (!$s) { sleep(0.001); next; }
            $buf = '';
        }
        my $r = eval { command($s, \$buf, 'PING') };
        if (!defined $r) { $s = undef; $last = 'connection closed'; sleep(0.001); next; }
        if ($r ne '+PONG') { $last = $r; sleep(0.001); next; }
        my $n = eval { command($s, \$buf, 'DBSIZE') } // '';
        $n =~ s/^://;
        if ($n eq $keys) { printf "%.3f %d\n", time() - $t0, $n; exit 0; }
        $last = "dbsize $n";
        sleep(0.001);
    }
    $last =~ s/\s+/_/g;
    print "timeout $last\n";
} else {
    die "usage: rdb-helper.pl probe|rss|bgsave|ready ...\n";
}
PERL

set_calls() { redis-cli -h 127.0.0.1 -p "$1" INFO commandstats | tr -d '\r' | sed -n 's/^cmdstat_set:calls=\([0-9]*\),.*/\1/p'; }

# The same keys redis-benchmark -r writes (key:%012d), so that the writer overwrites the keyspace instead of growing
# it, with 100-byte values that LZF cannot shrink much (the key number, then a fixed mixed-character tail).
fill_stream() {
    awk -v n="$1" -v size="$VALUE_SIZE" 'BEGIN {
        tail = "Qz7Lm2Wp9Xk4Rt8Yb3Nc6Vd1Hg5Js0Fa7Ue2Io9Pl4Mk8Nj3Bh6Gv1Cf5Dx0Sz7Aq2Ew9Rr4Ty8Ui3Op6Lk1Jh5Gf0D"
        tail = substr(tail, 1, size - 12)
        for (i = 0; i < n; i++)
            printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$%d\r\n%012d%s\r\n", i, size, i, tail
    }'
}

# bench_server NAME KEYS: the whole sequence against one server; results go to $WORK/NAME-KEYS.res as "name=value".
bench_server() {
    local name="$1" keys="$2"
    local dir="$WORK/$name-$keys" res="$WORK/$name-$keys.res" pid port
    : >"$res"
    r() { echo "$1=$2" >>"$res"; }
    # Other work on the machine skews every figure: the 1-minute load average is printed with them.
    r load_start "$(cut -d' ' -f1 /proc/loadavg)"
    start_server "$name" "$dir" "$dir.log"
    pid=$STARTED_PID; port=$STARTED_PORT
    local rss_empty; rss_empty=$(rss_kb "$pid")

    echo "bench: $name: filling $keys keys..." >&2
    local t0 t1
    t0=$(now_s)
    fill_stream "$keys" | redis-cli -h 127.0.0.1 -p "$port" --pipe >"$WORK/$name-$keys.fill.log" 2>&1 \
        || { echo "bench: $name: fill failed:" >&2; cat "$WORK/$name-$keys.fill.log" >&2; exit 1; }
    t1=$(now_s)
    local dbsize; dbsize=$(redis-cli -h 127.0.0.1 -p "$port" DBSIZE)
    [ "$dbsize" = "$keys" ] || { echo "bench: $name: DBSIZE $dbsize after filling $keys keys" >&2; exit 1; }
    local rss_filled; rss_filled=$(rss_kb "$pid")
    r fill_s "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
    r rss_filled_kb "$rss_filled"
    r dataset_kb $(( rss_filled - rss_empty ))

    echo "bench: $name: SAVE..." >&2
    t0=$(now_s)
    local reply; reply=$(redis-cli -h 127.0.0.1 -p "$port" SAVE)
    t1=$(now_s)
    [ "$reply" = OK ] || { echo "bench: $name: SAVE answered $reply" >&2; exit 1; }
    r save_s "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
    r file_bytes "$(stat -c %s "$dir/dump.rdb")"

    echo "bench: $name: BGSAVE while redis-benchmark writes (-c $WRITER_CLIENTS -P $WRITER_PIPELINE)..." >&2
    redis-benchmark -h 127.0.0.1 -p "$port" -t set -r "$keys" -d "$VALUE_SIZE" -n 2000000000 \
        -c "$WRITER_CLIENTS" -P "$WRITER_PIPELINE" -q >/dev/null 2>"$WORK/$name-$keys.writer.err" &
    local writer=$!
    PIDS+=("$writer")

    # Quiet window: the writer alone, for the baseline RSS and latency the BGSAVE figures are compared with.
    local probe_a="$WORK/$name-$keys.probe-quiet" probe_b="$WORK/$name-$keys.probe-bgsave"
    perl "$HELPER" probe "$port" "$probe_a.stop" "$probe_a" &
    local probe=$!
    PIDS+=("$probe")
    local s0 s1 base
    s0=$(set_calls "$port") || true
    base=$(perl "$HELPER" rss "$pid" "$WARMUP_SECONDS" "$SAMPLE_MS")
    s1=$(set_calls "$port") || true
    touch "$probe_a.stop"; wait "$probe" || true
    r quiet_sets_per_s "$(awk -v a="$s0" -v b="$s1" -v s="$WARMUP_SECONDS" 'BEGIN { if (b != "") printf "%d", (b - a) / s }')"
    r rss_before_bgsave_kb "$base"

    perl "$HELPER" probe "$port" "$probe_b.stop" "$probe_b" "$probe_b.from" &
    probe=$!
    PIDS+=("$probe")
    while [ ! -e "$probe_b.ready" ]; do kill -0 "$probe" 2>/dev/null || { echo "bench: $name: probe died" >&2; exit 1; }; sleep 0.01; done
    s0=$(set_calls "$port") || true
    # A server that fails here (a crash, a hang) costs its own figures only; the log tells what happened.
    local bg; bg=$(perl "$HELPER" bgsave "$port" "$pid" "$base" "$SAMPLE_MS" "$probe_b.from") \
        || echo "bench: $name: BGSAVE monitoring failed; server log: $(tail -3 "$dir.log" | tr '\n' ' ')" >&2
    s1=$(set_calls "$port") || true
    touch "$probe_b.stop"; wait "$probe" || true
    kill -TERM "$writer" 2>/dev/null || true
    wait "$writer" 2>/dev/null || true
    local bg_s=- bg_extra=- bg_rss=- bg_child=- bg_samples=- bg_status=- bg_t0=0
    read -r bg_s bg_extra bg_rss bg_child bg_samples bg_status bg_t0 <<<"$bg"
    r bgsave_s "$bg_s"
    r bgsave_status "$bg_status"
    r bgsave_samples "$bg_samples"
    r extra_kb "$bg_extra"
    r extra_child_kb "$bg_child"
    r bgsave_sets_per_s "$(awk -v a="$s0" -v b="$s1" -v s="$bg_s" 'BEGIN { if (s > 0 && b != "") printf "%d", (b - a) / s }')"
    r cow_bytes "$(info_field "$port" persistence rdb_last_cow_size || true)"
    r fork_usec "$(info_field "$port" stats latest_fork_usec || true)"
    # The BGSAVE command itself, as INFO commandstats timed it: Redis's includes its fork, Basalt's the start of its
    # snapshot (hooks installed, threads asked for); the server answers nothing else meanwhile.
    r bgsave_cmd_usec "$(redis-cli -h 127.0.0.1 -p "$port" INFO commandstats | tr -d '\r' \
        | sed -n 's/^cmdstat_bgsave:calls=[0-9]*,usec=[0-9]*,usec_per_call=\([0-9.]*\),.*/\1/p')"
    local n=- mx=- p999=- p99=- at=0
    read -r n mx p999 p99 at <"$probe_a" || true; r quiet_max_ms "$mx"; r quiet_p999_ms "$p999"
    read -r n mx p999 p99 at <"$probe_b" || true; r bgsave_max_ms "$mx"; r bgsave_p999_ms "$p999"; r bgsave_pings "$n"
    r bgsave_worst_at_s "$(awk -v a="$at" -v t="$bg_t0" 'BEGIN { printf "%+.3f", a - t }')"
    r bgsave_file_bytes "$(stat -c %s "$dir/dump.rdb" || true)"
    stop_pid "$pid"

    echo "bench: $name: restart on its dump.rdb..." >&2
    port=$(free_port)
    local log="$dir.restart.log"
    : >"$log"
    t0=$(now_s)
    launch "$name" "$port" "$dir" "$log"
    pid=$LAUNCHED_PID
    local ready ready_s ready_db
    ready=$(perl "$HELPER" ready "$port" "$keys" "$t0" 600 "$pid")
    read -r ready_s ready_db <<<"$ready"
    r restart_s "$ready_s"
    r restart_dbsize "$(redis-cli -h 127.0.0.1 -p "$port" DBSIZE 2>&1 | tr ' ' '_')"
    r load_log_s "$(sed -n 's/.*DB loaded from disk: \([0-9.]*\) seconds.*/\1/p' "$log" | tail -1)"
    r rss_loaded_kb "$(rss_kb "$pid" 2>/dev/null || echo 0)"
    stop_pid "$pid"
    r load_end "$(cut -d' ' -f1 /proc/loadavg)"
    [[ "$ready_s" =~ ^[0-9.]+$ ]] || { echo "bench: $name did not serve $keys keys after restart ($ready)" >&2; tail -5 "$log" >&2; }
}

get() { sed -n "s/^$2=//p" "$WORK/$1.res" | tail -1; }

report() {
    local keys="$1"
    echo
    echo "RDB with $keys keys of $VALUE_SIZE bytes; writer: redis-benchmark -t set -r $keys -c $WRITER_CLIENTS -P $WRITER_PIPELINE (ratio = basalt / redis)"
    printf '%-44s %14s %14s %8s\n' figure redis basalt ratio
    row() {  # row LABEL FIELD SCALE FORMAT [noratio]
        compare_row 44 14 "$1" "$(get "redis-$keys" "$2")" "$(get "basalt-$keys" "$2")" "$3" "$4" "${5:-}"
    }
    row "fill with redis-cli --pipe (s)"             fill_s 1 "%.2f"
    row "RSS after fill (MB)"                        rss_filled_kb 1024 "%.1f"
    row "dataset = RSS after fill - RSS empty (MB)"  dataset_kb 1024 "%.1f"
    row "SAVE (s)"                                   save_s 1 "%.3f"
    row "dump.rdb after SAVE (MB)"                   file_bytes 1048576 "%.1f"
    row "BGSAVE under writer (s)"                    bgsave_s 1 "%.3f"
    row "BGSAVE status"                              bgsave_status 1 "%s" noratio
    row "writer SET/s before BGSAVE"                 quiet_sets_per_s 1 "%.0f"
    row "writer SET/s during BGSAVE"                 bgsave_sets_per_s 1 "%.0f"
    row "RSS before BGSAVE, writer running (MB)"     rss_before_bgsave_kb 1024 "%.1f"
    row "peak extra memory during BGSAVE (MB)"       extra_kb 1024 "%.1f"
    row "  of which fork child Private_Dirty (MB)"   extra_child_kb 1024 "%.1f"
    local pr pb
    pr=$(awk -v a="$(get "redis-$keys" extra_kb)" -v d="$(get "redis-$keys" dataset_kb)" 'BEGIN { if (d > 0) printf "%.1f", 100 * a / d }')
    pb=$(awk -v a="$(get "basalt-$keys" extra_kb)" -v d="$(get "basalt-$keys" dataset_kb)" 'BEGIN { if (d > 0) printf "%.1f", 100 * a / d }')
    printf '%-44s %14s %14s %8s\n' "peak extra memory, % of own dataset" "$pr" "$pb" -
    row "rdb_last_cow_size (MB)"                     cow_bytes 1048576 "%.1f"
    row "latest_fork_usec (ms)"                      fork_usec 1000 "%.3f"
    row "BGSAVE command time, the pause to start (ms)" bgsave_cmd_usec 1000 "%.3f"
    row "worst PING latency, writer only (ms)"       quiet_max_ms 1 "%.3f"
    row "worst PING latency during BGSAVE (ms)"      bgsave_max_ms 1 "%.3f"
    row "  it began at (s after BGSAVE was sent)"    bgsave_worst_at_s 1 "%+.3f" noratio
    row "p99.9 PING latency during BGSAVE (ms)"      bgsave_p999_ms 1 "%.3f"
    row "PINGs answered during BGSAVE"               bgsave_pings 1 "%d"
    row "dump.rdb after BGSAVE (MB)"                 bgsave_file_bytes 1048576 "%.1f"
    row "restart: start to PONG + full DBSIZE (s)"   restart_s 1 "%.3f"
    row "  'DB loaded from disk: X seconds'"         load_log_s 1 "%.3f"
    row "  DBSIZE after restart"                     restart_dbsize 1 "%d" noratio
    row "  RSS after load (MB)"                      rss_loaded_kb 1024 "%.1f"
    row "machine load average, start of run"         load_start 1 "%.2f" noratio
    row "machine load average, end of run"           load_end 1 "%.2f" noratio

    # The targets of issue 4.
    awk -v bx="$(get "basalt-$keys" extra_kb)" -v bd="$(get "basalt-$keys" dataset_kb)" \
        -v bl="$(get "basalt-$keys" bgsave_max_ms)" -v fork="$(get "redis-$keys" fork_usec)" \
        -v rl="$(get "redis-$keys" bgsave_max_ms)" \
        -v br="$(get "basalt-$keys" restart_s)" -v rr="$(get "redis-$keys" restart_s)" 'BEGIN {
        # (Parenthesised: an unparenthesised ">" in a printf argument list is an output redirection in awk.)
        pct = (bd > 0) ? 100 * bx / bd : 0
        ok = (bd > 0 && bx < 0.1 * bd) ? "met" : "NOT met"
        printf "target: basalt extra memory < 10%% of its dataset: %s (%.1f%%)\n", ok, pct
        ok = (bl + 0 < fork / 1000) ? "met" : "NOT met"
        printf "target: basalt worst latency during BGSAVE < redis fork pause: %s (%.3f ms vs fork %.3f ms; redis worst %.3f ms)\n", ok, bl, fork / 1000, rl
        ok = (br ~ /^[0-9.]+$/ && br + 0 <= rr + 0) ? "met" : "NOT met"
        printf "target: basalt restart at least as fast as redis: %s (%s s vs %s s)\n", ok, br, rr
    }'
}

for keys in $KEYS; do
    bench_server redis "$keys"
    bench_server basalt "$keys"
    [ -n "${KEEP_FILES:-}" ] || rm -rf "$WORK/redis-$keys" "$WORK/basalt-$keys"   # the dumps: hundreds of MB each
done
for keys in $KEYS; do report "$keys"; done
