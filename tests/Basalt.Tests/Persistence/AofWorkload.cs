using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>Writes that exercise every type, several databases, big and binary values, and a transaction.</summary>
internal static class AofWorkload
{
    /// <summary>DEBUG DIGEST of an empty dataset.</summary>
    public const string EmptyDigest = "0000000000000000000000000000000000000000";

    public static IEnumerable<object[]> EveryType()
    {
        yield return ["SET", "s:short", "hello"];
        yield return ["SET", "s:int", "12345"];
        yield return ["INCRBY", "s:int", "5"];
        yield return ["APPEND", "s:short", " world"];
        yield return ["SET", "s:binary", new byte[] { 0, 1, 2, 13, 10, 255, 254, (byte)'*', (byte)'$' }];
        yield return ["SET", "s:big", new string('b', 100_000)];
        yield return ["SET", "s:ttl", "v"];
        yield return ["PEXPIREAT", "s:ttl", "4102444800000"];
        yield return ["SET", "s:deleted", "v"];
        yield return ["DEL", "s:deleted"];
        yield return ["RPUSH", "l:small", "a", "b", "c", "1", "-2"];
        yield return ["LPUSH", "l:small", "z"];
        yield return ["RPOP", "l:small"];
        yield return ["RPUSH", "l:big", .. Enumerable.Range(0, 1200).Select(i => $"element-{i}")];
        yield return ["SADD", "set:ints", "1", "2", "3", "-7"];
        yield return ["SADD", "set:strings", "apple", "banana", "cherry"];
        yield return ["SREM", "set:strings", "banana"];
        yield return ["HSET", "h:small", "f1", "v1", "f2", "v2", "n", "42"];
        yield return ["HDEL", "h:small", "f2"];
        yield return ["HINCRBY", "h:small", "n", "8"];
        yield return ["ZADD", "z:small", "1", "one", "2.5", "two", "-inf", "ninf", "1e20", "big"];
        yield return ["ZINCRBY", "z:small", "3", "one"];
        yield return ["XADD", "x:stream", "1-1", "f", "v"];
        yield return ["XADD", "x:stream", "2-5", "g", "w", "h", "x"];
        yield return ["SELECT", "2"];
        yield return ["HSET", "h:big", .. Enumerable.Range(0, 600).SelectMany(i => new[] { $"field:{i}", $"value:{i}" })];
        yield return ["SADD", "set:big", .. Enumerable.Range(0, 700).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        yield return ["SET", "db2:k", "in db 2"];
        yield return ["SELECT", "15"];
        yield return ["ZADD", "z:big", .. Enumerable.Range(0, 300).SelectMany(i => new[] { (i * 0.5).ToString(CultureInfo.InvariantCulture), $"m:{i}" })];
        yield return ["MULTI"];
        yield return ["INCR", "db15:counter"];
        yield return ["RPUSH", "db15:list", "x", "y"];
        yield return ["SET", "db15:s", "t"];
        yield return ["EXEC"];
        yield return ["SELECT", "0"];
    }

    public static IEnumerable<object[]> AfterRewrite()
    {
        yield return ["SET", "after:rewrite", "1"];
        yield return ["LPUSH", "l:small", "after"];
        yield return ["DEL", "s:big"];
        yield return ["SELECT", "2"];
        yield return ["HSET", "h:big", "field:0", "changed"];
        yield return ["SELECT", "0"];
    }

    /// <summary>A command with a computed argument list.</summary>
    public static object[] Command(string name, IEnumerable<string> args) => [name, .. args];

    /// <summary>Polls INFO until <paramref name="rewrites"/> rewrites have run and none is in progress; asserts it succeeded.</summary>
    public static async Task WaitForRewriteAsync(RespConnection c, long rewrites)
    {
        await Poll.UntilAsync(async () =>
                await ServerInfo.FieldAsync(c, "aof_rewrite_in_progress") == "0" &&
                await ServerInfo.FieldAsync(c, "aof_rewrite_scheduled") == "0" &&
                await ServerInfo.IntegerFieldAsync(c, "aof_rewrites") >= rewrites,
            TimeSpan.FromSeconds(30), () => $"AOF rewrite {rewrites} on port {c.Port} not done");
        Assert.Equal("ok", await ServerInfo.FieldAsync(c, "aof_last_bgrewrite_status"));
    }

    /// <summary>SHUTDOWN (the AOF is flushed and synced first) and waits for exit code 0.</summary>
    public static async Task ShutdownAsync(ServerProcess server, RespConnection c)
    {
        await c.SendAsync("SHUTDOWN");
        Assert.True(await c.WaitForCloseAsync(TimeSpan.FromSeconds(30)), "SHUTDOWN did not close the connection");
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
