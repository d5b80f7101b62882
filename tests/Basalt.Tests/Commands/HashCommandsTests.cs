using System.Globalization;
using System.Text;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// The hash commands side by side with redis-server. Listpack-encoded hashes keep insertion
/// order in both servers, so their replies are compared byte for byte; hashtable-encoded ones
/// are compared as sets of fields or of field/value pairs.
/// </summary>
public sealed class HashCommandsTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    private static readonly string[] ReadCommands = ["HGET", "HMGET", "HLEN", "HSTRLEN", "HEXISTS", "HKEYS", "HVALS", "HGETALL", "HRANDFIELD", "HSCAN"];

    private async Task<Conversation> ConnectAsync(int protocol = 2)
    {
        var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        if (protocol == 3)
        {
            await c.SameHelloAsync("HELLO", "3");
        }
        return c;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Listpack_hash_commands_match_redis_byte_for_byte(int protocol)
    {
        await using var c = await ConnectAsync(protocol);
        await c.SameAsync("HSET", "h", "a", "1", "b", "2", "c", "hello", "-7", "-0", "n", "12345678901234567890");
        await c.SameAsync("HSET", "h", "a", "one", "d", "");
        await c.SameAsync("HMSET", "h", "e", "5", "a", "uno");
        await c.SameAsync("HSETNX", "h", "a", "x");
        await c.SameAsync("HSETNX", "h", "f", "6");
        await c.SameAsync("HSETNX", "fresh", "f", "6");
        foreach (var field in new[] { "a", "b", "c", "-7", "n", "d", "zz", "" })
        {
            await c.SameAsync("HGET", "h", field);
            await c.SameAsync("HSTRLEN", "h", field);
            await c.SameAsync("HEXISTS", "h", field);
        }
        await c.SameAsync("HMGET", "h", "a", "zz", "b", "-7", "a");
        await c.SameAsync("HMGET", "missing", "a", "b");
        await c.SameAsync("HLEN", "h");
        await c.SameAsync("HKEYS", "h");
        await c.SameAsync("HVALS", "h");
        await c.SameAsync("HGETALL", "h");
        await c.SameAsync("HSCAN", "h", "0");
        await c.SameAsync("HSCAN", "h", "0", "MATCH", "*", "COUNT", "1");
        await c.SameAsync("HSCAN", "h", "0", "MATCH", "-*");
        await c.SameAsync("HSCAN", "h", "12345", "MATCH", "[a-c]", "COUNT", "100");
        await c.SameAsync("HRANDFIELD", "h", "100");
        await c.SameAsync("HRANDFIELD", "h", "100", "WITHVALUES");
        await c.SameAsync("HRANDFIELD", "h", "8", "withvalues");
        await c.SameAsync("HRANDFIELD", "h", "0");
        await c.SameAsync("HRANDFIELD", "h", "0", "WITHVALUES");
        await c.SameAsync("HDEL", "h", "zz");
        await c.SameAsync("HDEL", "h", "a", "zz", "c", "a");
        await c.SameAsync("HGETALL", "h");
        await c.SameAsync("HDEL", "h", "b", "-7", "n", "d", "e", "f", "never-reached");
        await c.SameAsync("EXISTS", "h");
        await c.SameAsync("HGETALL", "h");
        foreach (var command in ReadCommands)
        {
            object[] args = command switch
            {
                "HSCAN" => [command, "missing", "0"],
                "HLEN" or "HKEYS" or "HVALS" or "HGETALL" or "HRANDFIELD" => [command, "missing"],
                _ => [command, "missing", "f"],
            };
            await c.SameAsync(args);
        }
        await c.SameAsync("HRANDFIELD", "missing", "3");
        await c.SameAsync("HRANDFIELD", "missing", "-3", "WITHVALUES");
        await c.SameAsync("HDEL", "missing", "f");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Counters_and_their_errors_match_redis()
    {
        await using var c = await ConnectAsync();
        foreach (var args in new[]
                 {
                     new[] { "HINCRBY", "h", "n", "5" }, ["HINCRBY", "h", "n", "-12"], ["HINCRBY", "h", "n", "x"], ["HINCRBY", "h", "n", "1.5"],
                     ["HINCRBY", "h", "n", "9223372036854775808"], ["HSET", "h", "s", "abc", "big", "9223372036854775807", "neg", "-9223372036854775808"],
                     ["HINCRBY", "h", "s", "1"], ["HINCRBY", "h", "big", "1"], ["HINCRBY", "h", "big", "-1"], ["HINCRBY", "h", "neg", "-1"],
                     ["HINCRBY", "h", "neg", "1"], ["HSET", "h", "sp", " 1", "z", "01"], ["HINCRBY", "h", "sp", "1"], ["HINCRBY", "h", "z", "1"],
                     ["HINCRBYFLOAT", "h", "f", "10.5"], ["HINCRBYFLOAT", "h", "f", "0.1"], ["HINCRBYFLOAT", "h", "f", "-10.6"],
                     ["HINCRBYFLOAT", "h", "n", "1e3"], ["HINCRBYFLOAT", "h", "n", "0x10"], ["HINCRBYFLOAT", "h", "s", "1"],
                     ["HINCRBYFLOAT", "h", "f", "inf"], ["HINCRBYFLOAT", "h", "f", "-inf"], ["HINCRBYFLOAT", "h", "f", "nan"],
                     ["HINCRBYFLOAT", "h", "f", "abc"], ["HINCRBYFLOAT", "h", "f", ""], ["HINCRBYFLOAT", "h", "f", " 1"],
                     ["HSET", "h", "huge", "1e308"], ["HINCRBYFLOAT", "h", "huge", "1e308"], ["HINCRBYFLOAT", "h", "huge", "1e4000"],
                     ["HINCRBYFLOAT", "h", "huge", "1"], ["HINCRBYFLOAT", "h", "g", "5.0e3"], ["HINCRBYFLOAT", "h", "g", "-5000"],
                     ["HINCRBYFLOAT", "h", "sp", "1"], ["HINCRBYFLOAT", "h", "z", "1"], ["HINCRBYFLOAT", "new", "f", "3"],
                     ["HINCRBY", "new2", "f", "-3"], ["HGET", "h", "n"], ["HGET", "h", "f"], ["HGET", "h", "g"], ["HSTRLEN", "h", "n"],
                     ["HGETALL", "new"], ["HGETALL", "new2"], ["OBJECT", "ENCODING", "h"],
                 })
        {
            await c.SameAsync(args);
        }
        // The 4000-digit value took the hash to the hashtable encoding, whose order is its own.
        await ComparePairsAsync(c, "HGETALL", "h");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Argument_errors_match_redis()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("HSET", "h", "a", "1");
        foreach (var args in new[]
                 {
                     new[] { "HSET", "h" }, ["HSET", "h", "a"], ["HSET", "h", "a", "1", "b"], ["HMSET", "h", "a", "1", "b"], ["HMSET", "h", "a"],
                     ["HSETNX", "h", "a"], ["HGET", "h"], ["HMGET", "h"], ["HDEL", "h"], ["HLEN"], ["HLEN", "h", "x"], ["HSTRLEN", "h"],
                     ["HEXISTS", "h"], ["HKEYS", "h", "x"], ["HVALS"], ["HGETALL", "h", "x"], ["HINCRBY", "h", "a"], ["HINCRBYFLOAT", "h", "a"],
                     ["HRANDFIELD"], ["HSCAN", "h"],
                     ["HRANDFIELD", "h", "x"], ["HRANDFIELD", "h", "1.5"], ["HRANDFIELD", "h", "1", "WITHVALUE"], ["HRANDFIELD", "h", "1", "WITHVALUES", "x"],
                     ["HRANDFIELD", "h", "-9223372036854775808"], ["HRANDFIELD", "h", "9223372036854775807", "WITHVALUES"],
                     ["HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"], ["HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"],
                     ["HRANDFIELD", "h", "-9223372036854775808", "WITHVALUES"], ["HRANDFIELD", "h", "x", "foo"],
                     ["HSCAN", "h", "x"], ["HSCAN", "h", "-1"], ["HSCAN", "h", "18446744073709551616"], ["HSCAN", "h", "0", "COUNT"],
                     ["HSCAN", "h", "0", "COUNT", "0"], ["HSCAN", "h", "0", "COUNT", "-1"], ["HSCAN", "h", "0", "COUNT", "x"],
                     ["HSCAN", "h", "0", "MATCH"], ["HSCAN", "h", "0", "TYPE", "hash"], ["HSCAN", "h", "0", "NOVALUES"],
                     ["HSCAN", "missing", "0", "COUNT", "0"], ["HSCAN", "missing", "x"],
                 })
        {
            await c.SameAsync(args);
        }
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Wrongtype_clashes_with_strings_match_redis_and_leave_both_keys_alone()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("SET", "s", "text");
        await c.SameAsync("HSET", "h", "f", "v");
        foreach (var args in new[]
                 {
                     new[] { "HSET", "s", "f", "v" }, ["HMSET", "s", "f", "v"], ["HSETNX", "s", "f", "v"], ["HGET", "s", "f"], ["HMGET", "s", "f"],
                     ["HDEL", "s", "f"], ["HLEN", "s"], ["HSTRLEN", "s", "f"], ["HEXISTS", "s", "f"], ["HKEYS", "s"], ["HVALS", "s"], ["HGETALL", "s"],
                     ["HINCRBY", "s", "f", "1"], ["HINCRBYFLOAT", "s", "f", "1"], ["HRANDFIELD", "s"], ["HRANDFIELD", "s", "2"],
                     ["HRANDFIELD", "s", "-2", "WITHVALUES"], ["HSCAN", "s", "0"], ["HSCAN", "s", "0", "COUNT", "0"],
                     ["HRANDFIELD", "s", "2", "BAD"], ["HINCRBY", "s", "f", "x"], ["HINCRBYFLOAT", "s", "f", "x"], ["HSET", "s", "f"],
                     ["GET", "h"], ["APPEND", "h", "x"], ["INCR", "h"], ["STRLEN", "h"], ["SETRANGE", "h", "0", "x"], ["GETDEL", "h"],
                     ["TYPE", "h"], ["TYPE", "s"], ["GET", "s"], ["HGETALL", "h"], ["OBJECT", "ENCODING", "h"],
                 })
        {
            await c.SameAsync(args);
        }
        await c.SameAsync("SET", "h", "overwritten");
        await c.SameAsync("GET", "h");
        await c.SameAsync("HSET", "h", "f", "v");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Hashtable_hashes_hold_the_same_fields_as_redis()
    {
        await using var c = await ConnectAsync();
        var args = new List<object> { "HSET", "big" };
        for (var i = 0; i < 1000; i++)
        {
            args.Add("field:" + i);
            args.Add(i % 3 == 0 ? i.ToString(CultureInfo.InvariantCulture) : "value-" + i);
        }
        await c.SameAsync(args.ToArray());
        await c.SameAsync("OBJECT", "ENCODING", "big");
        await CompareUnorderedAsync(c, "HKEYS", "big");
        await CompareUnorderedAsync(c, "HVALS", "big");
        await ComparePairsAsync(c, "HGETALL", "big");
        for (var i = 0; i < 1000; i += 7)
        {
            await c.SameAsync("HGET", "big", "field:" + i);
            await c.SameAsync("HSET", "big", "field:" + i, "replaced");
        }
        await c.SameAsync(["HDEL", "big", .. Enumerable.Range(0, 900).Select(i => "field:" + i)]);
        await c.SameAsync("HLEN", "big");
        await c.SameAsync("OBJECT", "ENCODING", "big");
        await ComparePairsAsync(c, "HGETALL", "big");
        await c.SameAsync("HMGET", "big", "field:950", "field:1", "field:999");
        await c.SameAsync("HINCRBY", "big", "field:999", "1");
        await c.SameAsync("HINCRBYFLOAT", "big", "field:999", "0.5");
        await c.SameAsync("HSTRLEN", "big", "field:998");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Hashtable_replies_in_resp3_match_redis()
    {
        await using var c = await ConnectAsync(protocol: 3);
        var args = new List<object> { "HSET", "big" };
        for (var i = 0; i < 600; i++)
        {
            args.Add("f" + i);
            args.Add("v" + i);
        }
        await c.SameAsync(args.ToArray());
        await ComparePairsAsync(c, "HGETALL", "big");
        await CompareUnorderedAsync(c, "HKEYS", "big");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Large_values_round_trip()
    {
        await using var c = await ConnectAsync();
        var large = new string('x', 100 * 1024);
        await c.SameAsync("HSET", "h", "small", "1", "large", large);
        await c.SameAsync("OBJECT", "ENCODING", "h");
        await c.SameAsync("HGET", "h", "large");
        await c.SameAsync("HSTRLEN", "h", "large");
        await c.SameAsync("HSET", "h", large, large + "y");
        await c.SameAsync("HGET", "h", large);
        await ComparePairsAsync(c, "HGETALL", "h");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Changes_are_counted_as_redis_counts_them()
    {
        await using var c = await ConnectAsync();
        var before = await DirtyAsync(c);
        foreach (var args in new[]
                 {
                     new[] { "HSET", "h", "a", "1", "b", "2", "c", "3" }, ["HSET", "h", "a", "1"], ["HMSET", "h", "d", "4", "e", "5"],
                     ["HSETNX", "h", "a", "x"], ["HSETNX", "h", "z", "x"], ["HDEL", "h", "nope"], ["HDEL", "h", "a", "b", "nope"],
                     ["HINCRBY", "h", "n", "1"], ["HINCRBYFLOAT", "h", "n", "1.5"], ["HINCRBY", "h", "c", "x"], ["HDEL", "h", "c", "d", "e", "z", "n"],
                 })
        {
            await c.SameAsync(args);
        }
        var after = await DirtyAsync(c);
        if (after.Redis - before.Redis != after.Basalt - before.Basalt)
        {
            c.Mismatch($"rdb_changes_since_last_save grew by {after.Redis - before.Redis} in redis, {after.Basalt - before.Basalt} in basalt");
        }
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Watch_sees_hash_writes_but_not_failed_ones()
    {
        await using var c = await ConnectAsync();
        await using var other = await servers.ConnectAsync();
        await c.SameAsync("HSET", "h", "a", "1");
        foreach (var (write, expectAbort) in new (object[], bool)[]
                 {
                     (["HSET", "h", "a", "2"], true), (["HSETNX", "h", "a", "3"], false), (["HDEL", "h", "zz"], false),
                     (["HINCRBY", "h", "a", "1"], true), (["HGET", "h", "a"], false), (["HDEL", "h", "a"], true),
                 })
        {
            await c.SameAsync("HSET", "h", "a", "1");
            await c.SameAsync("WATCH", "h");
            await other.SameAsync(write);
            await c.SameAsync("MULTI");
            await c.SameAsync("HGET", "h", "a");
            var (redis, basalt) = await c.BothAsync("EXEC");
            if (redis.RawText != basalt.RawText || redis.Value.IsNull != expectAbort)
            {
                c.Mismatch($"EXEC after {string.Join(' ', write)}: redis {redis.RawText}, basalt {basalt.RawText}");
            }
        }
        c.AssertNoMismatches();
        other.AssertNoMismatches();
    }

    private static async Task<(long Redis, long Basalt)> DirtyAsync(Conversation c)
    {
        var (redis, basalt) = await c.BothAsync("INFO", "persistence");
        return (ReadInfoField(redis.Text!, "rdb_changes_since_last_save"), ReadInfoField(basalt.Text!, "rdb_changes_since_last_save"));
    }

    private static long ReadInfoField(string info, string name)
    {
        foreach (var line in info.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(name.Length + 1), CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"{name} not in INFO");
    }

    /// <summary>Compares a reply whose elements come in no particular order as a multiset (same aggregate type and length).</summary>
    internal static async Task CompareUnorderedAsync(Conversation c, params object[] args)
    {
        var (redis, basalt) = await c.BothAsync(args);
        if (Canonical(redis.Value, pairs: false) != Canonical(basalt.Value, pairs: false))
        {
            c.Mismatch($"{string.Join(' ', args)} (unordered)\n    redis:  {Shorten(redis.RawText)}\n    basalt: {Shorten(basalt.RawText)}");
        }
    }

    /// <summary>Compares a flat field/value reply (or a RESP3 map) as a set of pairs.</summary>
    internal static async Task ComparePairsAsync(Conversation c, params object[] args)
    {
        var (redis, basalt) = await c.BothAsync(args);
        if (Canonical(redis.Value, pairs: true) != Canonical(basalt.Value, pairs: true))
        {
            c.Mismatch($"{string.Join(' ', args)} (pairs)\n    redis:  {Shorten(redis.RawText)}\n    basalt: {Shorten(basalt.RawText)}");
        }
    }

    /// <summary>The aggregate's type and size, then its elements (or pairs of elements) sorted.</summary>
    internal static string Canonical(RespValue value, bool pairs)
    {
        if (!value.IsAggregate)
        {
            return RespFormat.Escape(RespWriter.ToBytes(value), int.MaxValue);
        }
        var items = value.Items.Select(v => RespFormat.Escape(RespWriter.ToBytes(v), int.MaxValue)).ToList();
        var elements = new List<string>();
        for (var i = 0; i < items.Count; i += pairs ? 2 : 1)
        {
            elements.Add(pairs ? items[i] + " => " + items[i + 1] : items[i]);
        }
        elements.Sort(StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append(value.Type).Append(' ').Append(value.Count).Append('\n');
        foreach (var e in elements)
        {
            sb.Append(e).Append('\n');
        }
        return sb.ToString();
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
