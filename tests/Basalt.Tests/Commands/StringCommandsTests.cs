using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>GET, SET (every option), SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX, MGET, MSET, MSETNX against redis-server.</summary>
public sealed class StringCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    /// <summary>2100-01-01T00:00:00Z, a fixed instant in the future, so absolute times compare exactly.</summary>
    private const long Year2100Ms = 4_102_444_800_000;

    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static GeneratedCommand Seconds(params object[] args) => Script.On(0, ReplyCheck.ClockSeconds, args);

    private static GeneratedCommand Millis(params object[] args) => Script.On(0, ReplyCheck.ClockMillis, args);

    [Fact]
    public Task Set_option_parsing_matches_redis() => servers.RunAsync("set-options", [
        Exact("SET", "k"),
        Exact("SET", "k", "v", "EX"),
        Exact("SET", "k", "v", "EX", "10", "EX", "20"),
        Seconds("TTL", "k"),
        Exact("SET", "k", "v", "PX", "10", "PX", "20000"),
        Millis("PTTL", "k"),
        Exact("SET", "k", "v", "EX", "10", "PX", "20"),
        Exact("SET", "k", "v", "EX", "10", "EXAT", "20"),
        Exact("SET", "k", "v", "PXAT", "10", "EXAT", "20"),
        Exact("SET", "k", "v", "KEEPTTL", "EX", "10"),
        Exact("SET", "k", "v", "EX", "10", "KEEPTTL"),
        Exact("SET", "k", "v", "KEEPTTL", "KEEPTTL"),
        Exact("SET", "k", "v", "NX", "XX"),
        Exact("SET", "k", "v", "XX", "NX"),
        Exact("SET", "k", "v", "NX", "NX"),
        Exact("SET", "k", "v", "xx", "Xx"),
        Exact("SET", "k", "v", "GET", "GET"),
        Exact("SET", "k", "v", "PERSIST"),
        Exact("SET", "k", "v", "FOO"),
        Exact("SET", "k", "v", "EXA", "1"),
        Exact("SET", "k", "v", "EX", "0"),
        Exact("SET", "k", "v", "EX", "-1"),
        Exact("SET", "k", "v", "EX", "1.5"),
        Exact("SET", "k", "v", "EX", "abc"),
        Exact("SET", "k", "v", "EX", "9223372036854775"),
        Exact("SET", "k", "v", "EX", "9223372036854776"),
        Exact("SET", "k", "v", "PX", "9223372036854775807"),
        Exact("SET", "k", "v", "EXAT", "9223372036854776"),
        Exact("SET", "k", "v", "PXAT", "9223372036854775807"),
        Exact("PEXPIRETIME", "k"),
        Exact("SET", "k", "v", "PXAT", "0"),
        Exact("SET", "k", "v", "ex", "100", "nx"),
        Exact("SET", "k", "v", "eXaT", Year2100Ms / 1000, "get"),
        Exact("EXPIRETIME", "k"),
        Exact("SET", "k", "v", "pxat", Year2100Ms + 1, "xx", "get"),
        Exact("PEXPIRETIME", "k"),
        Exact("GET", "k"),
    ], output);

    [Fact]
    public Task Set_conditions_get_and_ttl_handling_match_redis() => servers.RunAsync("set-semantics", [
        Exact("SET", "k", "v1", "XX"),
        Exact("EXISTS", "k"),
        Exact("SET", "k", "v1", "NX"),
        Exact("SET", "k", "v2", "NX"),
        Exact("GET", "k"),
        Exact("SET", "k", "v2", "XX"),
        Exact("GET", "k"),
        Exact("SET", "k", "v3", "GET"),
        Exact("SET", "new", "v", "GET"),
        Exact("SET", "k", "v4", "NX", "GET"),
        Exact("GET", "k"),
        Exact("SET", "missing", "v", "XX", "GET"),
        Exact("EXISTS", "missing"),
        Exact("SET", "k", "1", "GET", "PXAT", Year2100Ms),
        Exact("PEXPIRETIME", "k"),
        Exact("SET", "k", "2", "KEEPTTL"),
        Exact("PEXPIRETIME", "k"),
        Exact("SET", "k", "3", "KEEPTTL", "GET"),
        Exact("PEXPIRETIME", "k"),
        Exact("SET", "k", "4"),
        Exact("PEXPIRETIME", "k"),
        Exact("SET", "k", "5", "EXAT", "1"),
        Exact("EXISTS", "k"),
        Exact("SET", "k", "6", "PX", "1", "GET"),
        Exact("SET", "", ""),
        Exact("GET", ""),
        Exact("SET", "bin", new byte[] { 0, 1, 2, 255, 13, 10 }),
        Exact("GET", "bin"),
        Exact("SET", "int", "-9223372036854775808"),
        Exact("GET", "int"),
    ], output);

    [Fact]
    public Task Setnx_setex_psetex_and_getset_match_redis() => servers.RunAsync("set-variants", [
        Exact("SETNX", "k"),
        Exact("SETNX", "k", "a"),
        Exact("SETNX", "k", "b"),
        Exact("GET", "k"),
        Exact("SETEX", "k", "10"),
        Exact("SETEX", "k", "0", "v"),
        Exact("SETEX", "k", "-5", "v"),
        Exact("SETEX", "k", "abc", "v"),
        Exact("SETEX", "k", "9223372036854776", "v"),
        Exact("SETEX", "k", "100", "v"),
        Seconds("TTL", "k"),
        Exact("GET", "k"),
        Exact("PSETEX", "k", "0", "v"),
        Exact("PSETEX", "k", "9223372036854775807", "v"),
        Exact("PSETEX", "k", "100000", "w"),
        Millis("PTTL", "k"),
        Exact("GETSET", "k"),
        Exact("GETSET", "k", "x"),
        Exact("TTL", "k"),
        Exact("GETSET", "none", "y"),
        Exact("GET", "none"),
        Exact("SETNX", "none", "z"),
    ], output);

    [Fact]
    public Task Getdel_and_getex_match_redis() => servers.RunAsync("getdel-getex", [
        Exact("GETDEL"),
        Exact("GETDEL", "a", "b"),
        Exact("GETDEL", "none"),
        Exact("SET", "a", "1"),
        Exact("GETDEL", "a"),
        Exact("EXISTS", "a"),
        Exact("GETEX"),
        Exact("GETEX", "none"),
        Exact("GETEX", "none", "FOO"),
        Exact("GETEX", "none", "EX", "abc"),
        Exact("SET", "k", "v"),
        Exact("GETEX", "k"),
        Exact("GETEX", "k", "NX"),
        Exact("GETEX", "k", "KEEPTTL"),
        Exact("GETEX", "k", "GET"),
        Exact("GETEX", "k", "EX"),
        Exact("GETEX", "k", "PERSIST", "EX", "10"),
        Exact("GETEX", "k", "EX", "10", "PERSIST"),
        Exact("GETEX", "k", "EX", "10", "PX", "10"),
        Exact("GETEX", "k", "EX", "0"),
        Exact("GETEX", "k", "EX", "-1"),
        Exact("GETEX", "k", "EX", "abc"),
        Exact("GETEX", "k", "PX", "9223372036854775807"),
        Exact("GETEX", "k", "EX", "10", "EX", "20"),
        Seconds("TTL", "k"),
        Exact("GETEX", "k", "PERSIST"),
        Exact("TTL", "k"),
        Exact("GETEX", "k", "PERSIST", "PERSIST"),
        Exact("GETEX", "k", "EXAT", Year2100Ms / 1000),
        Exact("EXPIRETIME", "k"),
        Exact("GETEX", "k", "pxat", Year2100Ms + 5),
        Exact("PEXPIRETIME", "k"),
        Exact("GETEX", "k", "PX", "100000"),
        Millis("PTTL", "k"),
        Exact("GETEX", "k", "PXAT", "1"),
        Exact("EXISTS", "k"),
        Exact("SET", "k", "v"),
        Exact("GETEX", "k", "EXAT", "1"),
        Exact("EXISTS", "k"),
    ], output);

    [Fact]
    public Task Mget_mset_and_msetnx_match_redis() => servers.RunAsync("mget-mset", [
        Exact("MGET"),
        Exact("MSET"),
        Exact("MSET", "a"),
        Exact("MSET", "a", "1", "b"),
        Exact("MSETNX", "a", "1", "b"),
        Exact("MSET", "a", "1", "b", "2", "a", "3"),
        Exact("MGET", "a", "b", "none", "a"),
        Exact("SET", "t", "v", "PXAT", Year2100Ms),
        Exact("MSET", "t", "w"),
        Exact("PEXPIRETIME", "t"),
        Exact("MSETNX", "a", "9", "c", "9"),
        Exact("MGET", "a", "c"),
        Exact("MSETNX", "c", "1", "d", "2", "c", "3"),
        Exact("MGET", "c", "d"),
    ], output);

    [Fact]
    public Task Object_encoding_and_refcount_after_each_command_match_redis()
    {
        var script = new List<GeneratedCommand>();
        foreach (var value in new[]
                 {
                     "0", "1", "-1", "9999", "10000", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
                     "01", "+1", " 1", "1.0", "-0", "", new string('1', 20), new string('1', 21), new string('x', 44), new string('x', 45),
                 })
        {
            script.Add(Exact("SET", "e", value));
            script.Add(Exact("OBJECT", "ENCODING", "e"));
            script.Add(Exact("OBJECT", "REFCOUNT", "e"));
        }
        void After(object[][] commands, params string[] keys)
        {
            foreach (var command in commands)
            {
                script.Add(Exact(command));
            }
            foreach (var key in keys)
            {
                script.Add(Exact("OBJECT", "ENCODING", key));
            }
        }
        After([["SET", "e", "1"], ["APPEND", "e", "2"]], "e");
        After([["SET", "e", "1"], ["APPEND", "e", ""]], "e");
        After([["SET", "e", "abc"], ["APPEND", "e", "d"]], "e");
        After([["DEL", "e"], ["APPEND", "e", "12"]], "e");
        After([["DEL", "e"], ["APPEND", "e", "ab"]], "e");
        After([["SET", "e", "abc"], ["SETRANGE", "e", "1", "x"]], "e");
        After([["SET", "e", "abc"], ["SETRANGE", "e", "1", ""]], "e");
        After([["DEL", "e"], ["SETRANGE", "e", "0", "12"]], "e");
        After([["SET", "e", "5"], ["INCR", "e"], ["OBJECT", "REFCOUNT", "e"]], "e");
        After([["SET", "e", "9998"], ["INCR", "e"], ["OBJECT", "REFCOUNT", "e"], ["INCR", "e"], ["OBJECT", "REFCOUNT", "e"]], "e");
        After([["SET", "e", "abc"], ["APPEND", "e", "1"], ["SETRANGE", "e", "0", "12"], ["INCR", "e"]], "e");
        After([["DEL", "e"], ["INCRBY", "e", "20000"]], "e");
        After([["SET", "e", "5"], ["INCRBYFLOAT", "e", "1"], ["OBJECT", "REFCOUNT", "e"]], "e");
        After([["SET", "e", "5"], ["INCRBYFLOAT", "e", "1.5"]], "e");
        After([["INCRBYFLOAT", "e", "1e40"]], "e");
        After([["DEL", "e"], ["SETBIT", "e", "3", "1"]], "e");
        After([["SET", "e", "12"], ["SETBIT", "e", "0", "0"]], "e");
        After([["SET", "e", "12"], ["GETBIT", "e", "0"], ["BITCOUNT", "e"], ["BITPOS", "e", "1"], ["GETRANGE", "e", "0", "0"]], "e");
        After([["MSET", "e", "77", "e2", new string('y', 45)]], "e", "e2");
        After([["MSETNX", "m1", "77", "m2", "short"]], "m1", "m2");
        After([["GETSET", "e", "88"]], "e");
        After([["SETEX", "e", "1000", "99"]], "e");
        After([["PSETEX", "e", "1000000", "abc"]], "e");
        After([["SETNX", "n", "99"]], "n");
        After([["SET", "e", "abc", "GET"]], "e");
        After([["BITOP", "OR", "d", "e", "e2"]], "d");
        After([["BITOP", "NOT", "d", "n"]], "d");
        After([["SET", "e", "123"], ["GETEX", "e", "EX", "100"]], "e");
        return servers.RunAsync("string-encodings", script, output);
    }

    [Fact]
    public Task Only_real_changes_invalidate_a_watch() => servers.RunAsync("string-watch", [
        Exact("SET", "w", "12"),
        .. Watched("SETBIT", "w", "0", "0"),
        .. Watched("SETBIT", "w", "2", "0"),
        .. Watched("SETRANGE", "w", "0", ""),
        .. Watched("SETRANGE", "w", "0", "1"),
        .. Watched("APPEND", "w", ""),
        .. Watched("GETEX", "w"),
        .. Watched("GETEX", "w", "PERSIST"),
        .. Watched("GETEX", "w", "EX", "100"),
        .. Watched("SET", "w", "1", "NX"),
        .. Watched("MSETNX", "w", "1", "other", "2"),
        .. Watched("GETDEL", "none"),
        .. Watched("INCRBYFLOAT", "w", "0"),
        .. Watched("BITOP", "AND", "w", "none"),
        .. Watched("BITOP", "AND", "w", "none"),
    ], output);

    /// <summary>WATCH on connection 0, the command on connection 1, then an EXEC that fails if the key was touched.</summary>
    private static GeneratedCommand[] Watched(params object[] command) =>
    [
        Exact("WATCH", "w"),
        Script.On(1, ReplyCheck.Exact, command),
        Exact("MULTI"),
        Exact("PING"),
        Exact("EXEC"),
    ];

    [Fact]
    public async Task Hits_misses_and_change_counts_match_redis()
    {
        object[][] commands =
        [
            ["SET", "a", "1"], ["GET", "a"], ["GET", "none"], ["SET", "a", "2", "GET"], ["SET", "none", "x", "GET"],
            ["SET", "t", "v", "EX", "100"], ["SETEX", "t", "100", "v"], ["PSETEX", "t", "100000", "v"], ["SETNX", "t", "v"],
            ["GETSET", "a", "3"], ["GETSET", "none2", "3"], ["GETDEL", "none2"], ["GETDEL", "none3"],
            ["GETEX", "t"], ["GETEX", "t", "PERSIST"], ["GETEX", "t", "PERSIST"], ["GETEX", "t", "EX", "10"], ["GETEX", "t", "PXAT", "1"],
            ["MGET", "a", "none", "t"], ["MSET", "a", "1", "b", "2"], ["MSETNX", "a", "1", "c", "2"], ["MSETNX", "c", "1", "d", "2"],
            ["INCR", "a"], ["INCRBYFLOAT", "a", "1.5"], ["INCRBY", "x", "abc"], ["APPEND", "a", "x"], ["APPEND", "e", ""],
            ["STRLEN", "a"], ["STRLEN", "none"], ["GETRANGE", "a", "0", "1"], ["SUBSTR", "none", "0", "1"],
            ["SETRANGE", "a", "0", ""], ["SETRANGE", "a", "0", "y"], ["SETRANGE", "none", "0", ""],
            ["SETBIT", "bm", "7", "1"], ["SETBIT", "bm", "7", "1"], ["SETBIT", "bm", "6", "0"], ["SETBIT", "bm", "30", "0"],
            ["GETBIT", "bm", "7"], ["GETBIT", "none", "7"], ["BITCOUNT", "bm"], ["BITCOUNT", "none"], ["BITPOS", "bm", "1"],
            ["BITPOS", "none", "1"], ["BITOP", "AND", "dest", "bm", "none"], ["BITOP", "AND", "dest", "none"], ["LCS", "a", "none"],
        ];
        await servers.RunAsync("string-counters (empty script)", [], output);
        var pair = servers.Pair;
        var mismatches = new List<string>();
        foreach (var command in commands)
        {
            var redisBefore = await CountersAsync(pair.RedisConnections[0]);
            var basaltBefore = await CountersAsync(pair.BasaltConnections[0]);
            var (redis, basalt) = await pair.ExecuteBothAsync(0, command);
            var redisDelta = Delta(redisBefore, await CountersAsync(pair.RedisConnections[0]));
            var basaltDelta = Delta(basaltBefore, await CountersAsync(pair.BasaltConnections[0]));
            if (redisDelta != basaltDelta || redis.RawText != basalt.RawText)
            {
                mismatches.Add($"{string.Join(' ', command)}: redis {redis.RawText} {redisDelta}, basalt {basalt.RawText} {basaltDelta}");
            }
        }
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    /// <summary>(keyspace_hits, keyspace_misses, rdb_changes_since_last_save, expired_keys) from INFO.</summary>
    private static async Task<(long, long, long, long)> CountersAsync(RespConnection connection)
    {
        var info = (await connection.ExecuteAsync("INFO", "all")).Text!;
        var fields = info.Split("\r\n").Select(line => line.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return (long.Parse(fields["keyspace_hits"]), long.Parse(fields["keyspace_misses"]),
            long.Parse(fields["rdb_changes_since_last_save"]), long.Parse(fields["expired_keys"]));
    }

    private static (long, long, long, long) Delta((long, long, long, long) before, (long, long, long, long) after) =>
        (after.Item1 - before.Item1, after.Item2 - before.Item2, after.Item3 - before.Item3, after.Item4 - before.Item4);
}
