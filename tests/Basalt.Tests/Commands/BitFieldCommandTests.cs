using System.Globalization;
using System.Text.RegularExpressions;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>BITFIELD and BITFIELD_RO against redis-server: replies, errors, growth, encodings, WATCH, dirty counts.</summary>
public sealed class BitFieldCommandTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private const string I64Max = "9223372036854775807";
    private const string I64Min = "-9223372036854775808";

    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static GeneratedCommand Other(params object[] args) => Script.On(1, ReplyCheck.Exact, args);

    [Fact]
    public Task Every_subcommand_and_overflow_mode_matches_redis_at_the_boundaries() => servers.RunAsync("bitfield-boundaries", [
        Exact("BITFIELD", "t", "SET", "i64", "0", I64Max, "INCRBY", "i64", "0", "1"),
        Exact("BITFIELD", "t", "SET", "i64", "0", I64Max, "OVERFLOW", "SAT", "INCRBY", "i64", "0", "1", "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "1"),
        Exact("BITFIELD", "t", "SET", "i64", "0", I64Min, "INCRBY", "i64", "0", "-1"),
        Exact("BITFIELD", "t", "SET", "i64", "0", I64Min, "OVERFLOW", "SAT", "INCRBY", "i64", "0", "-1", "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "-1"),
        Exact("BITFIELD", "t", "SET", "i64", "0", "0", "INCRBY", "i64", "0", I64Min),
        Exact("BITFIELD", "t", "SET", "i64", "0", "-1", "INCRBY", "i64", "0", I64Min, "SET", "i64", "0", "-1", "OVERFLOW", "SAT", "INCRBY", "i64", "0", I64Min),
        Exact("BITFIELD", "t", "SET", "i64", "0", I64Max, "INCRBY", "i64", "0", I64Max),
        Exact("BITFIELD", "t", "SET", "u63", "0", I64Max, "INCRBY", "u63", "0", "1", "SET", "u63", "0", I64Max, "OVERFLOW", "SAT", "INCRBY", "u63", "0", "1"),
        Exact("BITFIELD", "t", "SET", "u63", "0", "0", "INCRBY", "u63", "0", "-1", "SET", "u63", "0", "0", "OVERFLOW", "SAT", "INCRBY", "u63", "0", "-1"),
        Exact("BITFIELD", "t", "OVERFLOW", "FAIL", "SET", "u63", "0", "0", "INCRBY", "u63", "0", "-1", "INCRBY", "u63", "0", I64Max, "INCRBY", "u63", "0", "1"),
        Exact("BITFIELD", "t", "SET", "u8", "0", "-1", "OVERFLOW", "SAT", "SET", "u8", "0", "-1", "OVERFLOW", "FAIL", "SET", "u8", "0", "-1"),
        Exact("BITFIELD", "t", "SET", "u8", "0", "256", "OVERFLOW", "SAT", "SET", "u8", "0", "256", "GET", "u8", "0"),
        Exact("BITFIELD", "t", "SET", "i8", "0", "128", "OVERFLOW", "SAT", "SET", "i8", "0", "128", "OVERFLOW", "WRAP", "SET", "i8", "0", "-129",
            "OVERFLOW", "SAT", "SET", "i8", "0", "-129", "GET", "i8", "0"),
        Exact("BITFIELD", "t", "SET", "i1", "0", "0", "INCRBY", "i1", "0", "1", "SET", "i1", "0", "0", "OVERFLOW", "SAT", "INCRBY", "i1", "0", "1", "GET", "i1", "0"),
        Exact("BITFIELD", "t", "SET", "u1", "3", "1", "INCRBY", "u1", "3", "1", "OVERFLOW", "SAT", "INCRBY", "u1", "3", "5", "INCRBY", "u1", "3", "-5"),
        Exact("BITFIELD", "t", "SET", "i8", "0", "5", "INCRBY", "i8", "0", I64Max, "SET", "i8", "0", "5", "OVERFLOW", "SAT", "INCRBY", "i8", "0", I64Max),
        Exact("BITFIELD", "t", "SET", "u8", "0", "3", "INCRBY", "u8", "0", I64Min, "SET", "u8", "0", "3", "OVERFLOW", "SAT", "INCRBY", "u8", "0", I64Min),
        Exact("BITFIELD", "t", "SET", "u63", "0", "-1", "OVERFLOW", "SAT", "SET", "u63", "0", "-5", "GET", "u63", "0"),
        Exact("BITFIELD", "t", "SET", "i64", "7", "-2", "GET", "i64", "7", "GET", "u63", "8", "GET", "u8", "7", "GET", "i64", "6", "GET", "i64", "8"),
        Exact("GET", "t"),
        Exact("BITFIELD", "t", "OVERFLOW", "WRAP", "INCRBY", "u2", "100", "1", "INCRBY", "u2", "100", "1", "INCRBY", "u2", "100", "1", "INCRBY", "u2", "100", "1"),
        Exact("BITFIELD", "t", "OVERFLOW", "SAT", "INCRBY", "i5", "100", "7", "INCRBY", "i5", "100", "-100", "INCRBY", "i5", "100", "30"),
        Exact("BITFIELD", "t", "OVERFLOW", "FAIL", "INCRBY", "i5", "100", "15", "INCRBY", "i5", "100", "1", "INCRBY", "i5", "100", "-31", "INCRBY", "i5", "100", "-32"),
        // The overflow mode applies to what follows it, and can change several times.
        Exact("BITFIELD", "t", "OVERFLOW", "SAT", "OVERFLOW", "FAIL", "INCRBY", "u4", "0", "100", "OVERFLOW", "wrap", "INCRBY", "u4", "0", "100",
            "overflow", "Sat", "INCRBY", "u4", "0", "100"),
        Exact("BITFIELD", "t", "get", "u4", "0", "Get", "i4", "0", "set", "u4", "0", "1", "IncrBy", "u4", "0", "2"),
        Exact("GET", "t"),
        Exact("STRLEN", "t"),
    ], output);

    [Fact]
    public Task Offsets_across_bytes_multiplied_offsets_and_growth_match_redis()
    {
        var script = new List<GeneratedCommand>();
        // A field of every width at every alignment, written and read back across byte boundaries.
        foreach (var bits in new[] { 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64 })
        {
            var key = "w" + bits.ToString(CultureInfo.InvariantCulture);
            for (var offset = 0; offset < 9; offset++)
            {
                var o = offset.ToString(CultureInfo.InvariantCulture);
                var type = (bits == 64 ? "i" : "u") + bits.ToString(CultureInfo.InvariantCulture);
                script.Add(Exact("BITFIELD", key, "SET", type, o, "-1", "GET", type, o, "GET", "i" + bits.ToString(CultureInfo.InvariantCulture), o));
                script.Add(Exact("GET", key));
                script.Add(Exact("BITFIELD", key, "SET", type, o, "0"));
                script.Add(Exact("GET", key));
            }
        }
        script.AddRange([
            Exact("BITFIELD", "h", "SET", "u8", "#0", "1", "SET", "u8", "#1", "2", "SET", "u8", "#3", "4", "GET", "u16", "#0", "GET", "u8", "#3"),
            Exact("BITFIELD", "h", "SET", "i5", "#3", "-3", "GET", "i5", "#3", "GET", "u5", "15"),
            Exact("GET", "h"),
            Exact("STRLEN", "h"),
            // The key grows to the farthest bit written, GETs aside, and never shrinks.
            Exact("BITFIELD", "g", "GET", "u8", "1000", "SET", "u3", "21", "1", "GET", "u64", "100000"),
            Exact("STRLEN", "g"),
            Exact("BITFIELD", "g", "SET", "u1", "0", "1", "INCRBY", "i64", "#100", "0"),
            Exact("STRLEN", "g"),
            Exact("BITFIELD", "g", "SET", "u1", "0", "1"),
            Exact("STRLEN", "g"),
            Exact("GET", "g"),
            // Huge offsets: the byte must lie below proto-max-bulk-len (512mb); "#" multiplies first, wrapping around 64 bits.
            Exact("BITFIELD", "g", "GET", "u8", "4294967295", "GET", "i64", "4294967295"),
            Exact("BITFIELD", "g", "GET", "u8", "4294967296"),
            Exact("BITFIELD", "g", "GET", "u8", "#536870911"),
            Exact("BITFIELD", "g", "GET", "u8", "#536870912"),
            Exact("BITFIELD", "g", "GET", "u8", "#4611686018427387904"),
            Exact("BITFIELD", "g", "GET", "i4", "#2305843009213693952"),
            Exact("BITFIELD", "g", "GET", "u8", "18446744073709551616"),
            Exact("BITFIELD", "g", "GET", "u8", "-1"),
            Exact("BITFIELD", "g", "GET", "u8", "#-1"),
            Exact("BITFIELD", "g", "GET", "u8", "#"),
            Exact("BITFIELD", "g", "GET", "u8", "##1"),
            Exact("BITFIELD", "g", "GET", "u8", "#+1"),
            Exact("BITFIELD", "g", "GET", "u8", "+1"),
            Exact("BITFIELD", "g", "GET", "u8", "01"),
            Exact("BITFIELD", "g", "GET", "u8", " 1"),
            Exact("BITFIELD", "g", "GET", "u8", ""),
            Exact("BITFIELD", "g", "GET", "u8", "1.5"),
            Exact("BITFIELD", "g", "GET", "u8", "1\0"),
            Exact("CONFIG", "SET", "proto-max-bulk-len", "1mb"),
            Exact("BITFIELD", "big", "SET", "u8", "8388600", "255", "GET", "u8", "8388607"),
            Exact("STRLEN", "big"),
            Exact("BITFIELD", "big", "SET", "i64", "8388607", "-1"),
            Exact("STRLEN", "big"),
            Exact("BITFIELD", "big", "SET", "u8", "8388608", "1"),
            Exact("BITFIELD", "big", "SET", "u8", "#1048576", "1"),
            Exact("BITFIELD", "big", "GET", "u8", "#1048575"),
            Exact("CONFIG", "SET", "proto-max-bulk-len", "512mb"),
            Exact("BITFIELD", "big", "SET", "u8", "8388608", "1"),
            Exact("STRLEN", "big"),
            Exact("BITCOUNT", "big"),
        ]);
        return servers.RunAsync("bitfield-offsets", script, output);
    }

    [Fact]
    public Task Every_error_at_every_position_matches_redis_and_nothing_runs() => servers.RunAsync("bitfield-errors", [
        Exact("BITFIELD"),
        Exact("BITFIELD_RO"),
        Exact("BITFIELD", "e"),
        Exact("BITFIELD", "e", "OVERFLOW", "SAT"),
        Exact("BITFIELD_RO", "e"),
        Exact("EXISTS", "e"),
        Exact("BITFIELD", "e", "GET"),
        Exact("BITFIELD", "e", "GET", "u8"),
        Exact("BITFIELD", "e", "SET", "u8", "0"),
        Exact("BITFIELD", "e", "INCRBY", "u8", "0"),
        Exact("BITFIELD", "e", "OVERFLOW"),
        Exact("BITFIELD", "e", "OVERFLOW", "BOGUS"),
        Exact("BITFIELD", "e", "OVERFLOW", ""),
        Exact("BITFIELD", "e", "BOGUS", "u8", "0"),
        Exact("BITFIELD", "e", "GETX", "u8", "0"),
        Exact("BITFIELD", "e", "", "u8", "0"),
        Exact("BITFIELD", "e", "GET", "u64", "0"),
        Exact("BITFIELD", "e", "GET", "i65", "0"),
        Exact("BITFIELD", "e", "GET", "i0", "0"),
        Exact("BITFIELD", "e", "GET", "u0", "0"),
        Exact("BITFIELD", "e", "GET", "I8", "0"),
        Exact("BITFIELD", "e", "GET", "x8", "0"),
        Exact("BITFIELD", "e", "GET", "", "0"),
        Exact("BITFIELD", "e", "GET", "i", "0"),
        Exact("BITFIELD", "e", "GET", "i08", "0"),
        Exact("BITFIELD", "e", "GET", "i-8", "0"),
        Exact("BITFIELD", "e", "GET", "i+8", "0"),
        Exact("BITFIELD", "e", "GET", "u\08", "0"),
        Exact("BITFIELD", "e", "SET", "u8", "0", "x"),
        Exact("BITFIELD", "e", "SET", "u8", "0", ""),
        Exact("BITFIELD", "e", "SET", "u8", "0", "1.0"),
        Exact("BITFIELD", "e", "SET", "u8", "0", "9223372036854775808"),
        Exact("BITFIELD", "e", "INCRBY", "u8", "0", "-9223372036854775809"),
        // An error in a later operation: the earlier ones did not run (the key is not even created).
        Exact("BITFIELD", "e", "SET", "u8", "0", "1", "GET", "u8", "0", "SET", "u8", "0", "x"),
        Exact("BITFIELD", "e", "SET", "u8", "0", "1", "INCRBY", "u8", "0", "1", "GET", "u64", "0"),
        Exact("BITFIELD", "e", "SET", "u8", "0", "1", "INCRBY", "u8", "0", "1", "GET", "u8", "-1"),
        Exact("BITFIELD", "e", "SET", "u8", "0", "1", "OVERFLOW", "SAT", "OVERFLOW", "BAD"),
        Exact("BITFIELD", "e", "SET", "u8", "0", "1", "OVERFLOW", "SAT", "GET", "u8"),
        Exact("BITFIELD", "e", "SET", "u8", "0", "1", "GET", "u8", "0", "OVERFLOW"),
        Exact("BITFIELD", "e", "SET", "u8", "0", "1", "WHAT"),
        Exact("EXISTS", "e"),
        // The first error found is the one replied, in the order Redis checks: operation, type, offset, value.
        Exact("BITFIELD", "e", "SET", "u64", "-1", "x"),
        Exact("BITFIELD", "e", "SET", "u8", "-1", "x"),
        Exact("BITFIELD", "e", "SET", "x", "-1", "x", "BOGUS"),
        Exact("BITFIELD", "e", "BOGUS", "SET", "x", "-1", "x"),
        // Subcommands and overflow names are compared as C strings: a NUL ends them.
        Exact("BITFIELD", "e", "GET\0junk", "i8", "0"),
        Exact("BITFIELD", "e", "GET", "i8\0junk", "0"),
        Exact("BITFIELD", "e", "OVERFLOW", "SAT\0x", "INCRBY", "u2", "0", "100"),
        Exact("GET", "e"),
        Exact("DEL", "e"),
        // Wrong types, and BITFIELD_RO's refusal of writes (after the parsing, before the type check).
        Exact("RPUSH", "l", "a"),
        Exact("BITFIELD", "l"),
        Exact("BITFIELD", "l", "GET", "u8", "0"),
        Exact("BITFIELD", "l", "SET", "u8", "0", "1"),
        Exact("BITFIELD", "l", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000"),
        Exact("BITFIELD", "l", "GET", "u64", "0"),
        Exact("BITFIELD_RO", "l", "GET", "u8", "0"),
        Exact("BITFIELD_RO", "l"),
        Exact("BITFIELD_RO", "l", "SET", "u8", "0", "1"),
        Exact("BITFIELD_RO", "none", "SET", "u8", "0", "1"),
        Exact("BITFIELD_RO", "none", "GET", "u8", "0", "INCRBY", "u8", "0", "1"),
        Exact("BITFIELD_RO", "none", "GET", "u8", "0", "INCRBY", "u8", "0", "x"),
        Exact("BITFIELD_RO", "none", "OVERFLOW", "SAT", "GET", "u8", "0", "get", "i64", "#3"),
        Exact("BITFIELD_RO", "none", "OVERFLOW", "NOPE"),
        Exact("EXISTS", "none"),
        Exact("SET", "s", "\x01\x02\x03"),
        Exact("BITFIELD_RO", "s", "GET", "u24", "0", "GET", "i2", "#7", "GET", "u8", "#100"),
        Exact("BITFIELD_RO", "s", "SET", "u8", "0", "1"),
        Exact("GET", "s"),
    ], output);

    [Fact]
    public Task Encodings_after_bitfield_match_redis() => servers.RunAsync("bitfield-encodings", [
        Exact("SET", "n", "12345"),
        Exact("BITFIELD", "n", "GET", "u8", "0", "GET", "i16", "4", "GET", "u63", "#1"),
        Exact("OBJECT", "ENCODING", "n"),
        Exact("BITFIELD_RO", "n", "GET", "u8", "0"),
        Exact("OBJECT", "ENCODING", "n"),
        // A write makes the value raw even when it fails or changes nothing.
        Exact("BITFIELD", "n", "OVERFLOW", "FAIL", "SET", "u2", "0", "7"),
        Exact("OBJECT", "ENCODING", "n"),
        Exact("GET", "n"),
        Exact("SET", "e", "abc"),
        Exact("BITFIELD", "e", "GET", "u8", "0"),
        Exact("OBJECT", "ENCODING", "e"),
        Exact("BITFIELD", "e", "SET", "u8", "0", "97"),
        Exact("OBJECT", "ENCODING", "e"),
        Exact("GET", "e"),
        Exact("SET", "e2", "abc"),
        Exact("BITFIELD", "e2", "OVERFLOW", "FAIL", "INCRBY", "u8", "100", "1000"),
        Exact("OBJECT", "ENCODING", "e2"),
        Exact("STRLEN", "e2"),
        Exact("BITFIELD", "fresh", "SET", "u8", "0", "49"),
        Exact("OBJECT", "ENCODING", "fresh"),
        Exact("GET", "fresh"),
        Exact("INCR", "fresh"),
        Exact("OBJECT", "ENCODING", "fresh"),
        // A key created by writes that all failed exists, zero-filled.
        Exact("BITFIELD", "failed", "OVERFLOW", "FAIL", "INCRBY", "u2", "9", "10"),
        Exact("EXISTS", "failed"),
        Exact("GET", "failed"),
        Exact("OBJECT", "ENCODING", "failed"),
        Exact("SET", "x", "v", "EX", "1000"),
        Exact("BITFIELD", "x", "SET", "u8", "8", "1"),
        Script.On(0, ReplyCheck.ClockSeconds, "TTL", "x"),
    ], output);

    [Fact]
    public Task Watch_and_multi_see_what_redis_sees() => servers.RunAsync("bitfield-watch", [
        // A change invalidates the watch.
        Exact("SET", "w", "a"),
        Exact("WATCH", "w"),
        Other("BITFIELD", "w", "INCRBY", "u8", "0", "1"),
        Exact("MULTI"),
        Exact("PING"),
        Exact("EXEC"),
        // No change (same value, GETs, failed writes, BITFIELD_RO): the watch holds, even though the value became raw.
        Exact("WATCH", "w"),
        Other("BITFIELD", "w", "SET", "u8", "0", "98", "GET", "u8", "0"),
        Other("BITFIELD", "w", "GET", "u8", "0"),
        Other("BITFIELD_RO", "w", "GET", "u8", "0"),
        Other("BITFIELD", "w", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000"),
        Other("BITFIELD", "w", "SET", "u8", "0", "x"),
        Exact("MULTI"),
        Exact("PING"),
        Exact("EXEC"),
        // Growing the string counts, even when the write fails or writes the same bits.
        Exact("WATCH", "w"),
        Other("BITFIELD", "w", "SET", "u8", "16", "0"),
        Exact("MULTI"),
        Exact("PING"),
        Exact("EXEC"),
        Exact("WATCH", "w"),
        Other("BITFIELD", "w", "OVERFLOW", "FAIL", "SET", "u8", "100", "1000"),
        Exact("MULTI"),
        Exact("PING"),
        Exact("EXEC"),
        Exact("STRLEN", "w"),
        // A missing key created by writes that all failed: Redis adds it without signalling the watch.
        Exact("WATCH", "created"),
        Other("BITFIELD", "created", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "10"),
        Exact("MULTI"),
        Exact("PING"),
        Exact("EXEC"),
        Exact("WATCH", "created2"),
        Other("BITFIELD", "created2", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "10", "OVERFLOW", "SAT", "INCRBY", "u2", "0", "10"),
        Exact("MULTI"),
        Exact("PING"),
        Exact("EXEC"),
        // Inside a transaction: queued, parse errors only show at EXEC, and BITFIELD_RO too.
        Exact("MULTI"),
        Exact("BITFIELD", "m", "SET", "i8", "0", "-1", "GET", "u8", "0"),
        Exact("BITFIELD", "m", "GET", "u64", "0"),
        Exact("BITFIELD_RO", "m", "GET", "i4", "4"),
        Exact("BITFIELD_RO", "m", "SET", "i4", "4", "1"),
        Exact("BITFIELD", "m", "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "-200"),
        Exact("BITFIELD"),
        Exact("EXEC"),
        Exact("MULTI"),
        Exact("BITFIELD", "m", "SET", "i8", "0", "1"),
        Exact("BITFIELD", "m", "INCRBY", "i8", "0", "1"),
        Exact("EXEC"),
        Exact("GET", "m"),
    ], output);

    [Fact]
    public Task Resp3_replies_match_redis()
    {
        var script = new List<GeneratedCommand>
        {
            Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
            Exact("BITFIELD", "r", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "10", "INCRBY", "u2", "0", "1", "GET", "u2", "0"),
            Exact("BITFIELD_RO", "r", "GET", "u2", "0", "GET", "i64", "#5"),
            Exact("BITFIELD_RO", "r"),
            Exact("BITFIELD", "r", "GET", "u64", "0"),
            Exact("BITFIELD_RO", "r", "SET", "u2", "0", "1"),
            Exact("MULTI"),
            Exact("BITFIELD", "r", "OVERFLOW", "FAIL", "SET", "i2", "0", "2"),
            Exact("EXEC"),
        };
        return SideBySide.RunAsync("bitfield-resp3", 0, _ => script, output);
    }

    [Fact]
    public async Task Dirty_counts_and_keyspace_statistics_match_redis()
    {
        string[][] commands =
        [
            ["BITFIELD", "a", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "10"],
            ["BITFIELD", "b", "GET", "u8", "0"],
            ["BITFIELD", "a", "GET", "u8", "0"],
            ["BITFIELD_RO", "a", "GET", "u8", "0"],
            ["BITFIELD_RO", "nope", "GET", "u8", "0"],
            ["BITFIELD", "c", "SET", "u8", "0", "0"],
            ["BITFIELD", "c", "SET", "u8", "0", "0"],
            ["BITFIELD", "c", "SET", "u8", "100", "0"],
            ["BITFIELD", "c", "SET", "u8", "0", "1", "SET", "u8", "8", "1", "GET", "u8", "0", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000", "INCRBY", "u8", "0", "1"],
            ["BITFIELD", "d", "SET", "u8", "0", "0", "SET", "u8", "8", "0", "SET", "u8", "16", "0"],
            ["BITFIELD", "d", "OVERFLOW", "FAIL", "SET", "u8", "0", "1000", "SET", "u8", "24", "1000"],
            ["BITFIELD", "d", "SET", "i8", "0", "-1", "SET", "i8", "0", "-1", "SET", "i8", "0", "-2"],
            ["SET", "n", "5"],
            ["BITFIELD", "n", "OVERFLOW", "FAIL", "SET", "u2", "0", "7"],
            ["BITFIELD", "n", "SET", "u8", "0", "53"],
            ["BITFIELD", "n", "SET", "u8", "0", "54", "SET", "u8", "0", "53"],
            ["BITFIELD", "n", "SET", "u8", "0", "x"],
            ["SETBIT", "n", "0", "0"],
            ["SETBIT", "n", "100", "0"],
            ["SETBIT", "fresh", "100", "0"],
        ];
        var pair = servers.Pair;
        await pair.ExecuteBothAsync(0, "FLUSHALL");
        foreach (var command in commands)
        {
            var before = await CountersAsync(pair);
            var (redis, basalt) = await pair.ExecuteBothAsync(0, command);
            var after = await CountersAsync(pair);
            var what = string.Join(' ', command);
            Assert.True(redis.RawText == basalt.RawText, $"{what}: redis {redis.RawText}, basalt {basalt.RawText}");
            Assert.True(after.Redis - before.Redis == after.Basalt - before.Basalt,
                $"{what}: redis counters moved by {after.Redis - before.Redis}, basalt's by {after.Basalt - before.Basalt}");
        }
    }

    /// <summary>rdb_changes_since_last_save, keyspace_hits and keyspace_misses of each server, as one vector.</summary>
    private static async Task<(Counters Redis, Counters Basalt)> CountersAsync(ServerPair pair)
    {
        var (redis, basalt) = await pair.ExecuteBothAsync(0, "INFO");
        return (Counters.Parse(redis.Text!), Counters.Parse(basalt.Text!));
    }

    private readonly record struct Counters(long Changes, long Hits, long Misses)
    {
        public static Counters Parse(string info) => new(Field(info, "rdb_changes_since_last_save"), Field(info, "keyspace_hits"), Field(info, "keyspace_misses"));

        public static Counters operator -(Counters a, Counters b) => new(a.Changes - b.Changes, a.Hits - b.Hits, a.Misses - b.Misses);

        private static long Field(string info, string name) =>
            long.Parse(Regex.Match(info, "^" + name + ":(\\d+)", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public Task Generated_bitfield_calls_match_redis()
    {
        var random = new Random(SideBySide.SeedFor(90210));
        // The widths at the ends come up more often: that is where the overflow arithmetic has its corners.
        int[] widths = [1, 1, 2, 3, 4, 5, 7, 8, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 48, 62, 63, 63, 64, 64, 64];
        string[] keys = ["f0", "f1", "f2"];
        var script = new List<GeneratedCommand>();
        string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
        string Operand(bool signed, int bits)
        {
            var max = signed ? (bits == 64 ? long.MaxValue : (1L << (bits - 1)) - 1) : (1L << Math.Min(bits, 63)) - 1;
            var min = signed ? -max - 1 : 0;
            return random.Next(10) switch
            {
                0 => Number(max),
                1 => Number(min),
                2 => Number(max + (max == long.MaxValue ? 0 : 1)),
                3 => Number(min - (min == long.MinValue ? 0 : 1)),
                4 => Number(random.Next(2) == 0 ? long.MaxValue : long.MinValue),
                5 => Number(random.Next(-3, 4)),
                6 => Number(random.NextInt64(min, max == long.MaxValue ? max : max + 1)),
                7 => Number(random.NextInt64(long.MinValue, long.MaxValue)),
                8 => Number(-random.Next(1, 300)),
                _ => Number(random.Next(1, 300)),
            };
        }
        for (var call = 0; call < SideBySide.Scaled(2500); call++)
        {
            var key = keys[random.Next(keys.Length)];
            var roll = random.Next(100);
            if (roll < 3)
            {
                script.Add(Exact("SET", key, random.Next(2) == 0 ? Number(random.Next(-1000, 100000)) : "abcdefgh"[..random.Next(1, 9)]));
                continue;
            }
            if (roll < 5)
            {
                script.Add(Exact("DEL", key));
                continue;
            }
            var readOnly = roll < 12;
            var args = new List<object> { readOnly ? "BITFIELD_RO" : "BITFIELD", key };
            string[] modes = ["WRAP", "SAT", "FAIL", "sat", "fail"];
            if (!readOnly && random.Next(2) == 0)
            {
                args.AddRange(["OVERFLOW", modes[random.Next(modes.Length)]]);
            }
            for (var op = random.Next(0, 5); op > 0; op--)
            {
                var signed = random.Next(2) == 0;
                var bits = widths[random.Next(widths.Length)];
                if (!signed && bits == 64)
                {
                    bits = 63;
                }
                var type = (signed ? "i" : "u") + Number(bits);
                // Half of the fields on a few shared offsets, so that calls often meet the values earlier ones left.
                string[] shared = ["0", "3", "8", "13", "#0", "#1", "#2"];
                var offset = random.Next(2) == 0 ? shared[random.Next(shared.Length)]
                    : random.Next(4) == 0 ? "#" + Number(random.Next(0, 12)) : Number(random.Next(0, random.Next(2) == 0 ? 24 : 160));
                var kind = readOnly && random.Next(10) != 0 ? 0 : random.Next(5);
                switch (kind)
                {
                    case 0:
                        args.AddRange(["GET", type, offset]);
                        break;
                    case 1:
                        args.AddRange(["SET", type, offset, Operand(signed, bits)]);
                        break;
                    case 2:
                    case 3:
                        args.AddRange(["INCRBY", type, offset, Operand(signed, bits)]);
                        break;
                    default:
                        args.AddRange(["OVERFLOW", modes[random.Next(modes.Length)]]);
                        break;
                }
            }
            if (random.Next(40) == 0)
            {
                // An error somewhere: nothing before it may run.
                object[] bad = [new object[] { "GET", "u64", "0" }, new object[] { "SET", "u8", "-3", "1" }, new object[] { "INCRBY", "i8", "0", "x" },
                    new object[] { "OVERFLOW", "NONE" }, new object[] { "GET", "u8" }];
                args.InsertRange(2 + random.Next(args.Count - 1), (object[])bad[random.Next(bad.Length)]);
            }
            script.Add(Exact([.. args]));
            script.Add(Exact("GET", key));
        }
        return servers.RunAsync("bitfield-generated", script, output);
    }
}
