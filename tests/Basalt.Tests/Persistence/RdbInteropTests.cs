using System.Globalization;
using Basalt.Tests.Commands;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// dump.rdb moves both ways between basalt-server and redis-server 7.0.15: a keyspace with every type and
/// encoding (the fixtures' common data set plus large, binary and infinite-score values, in three databases)
/// is built on both with the same commands, saved by each, checked by redis-check-rdb and loaded by the
/// other; DEBUG DIGEST (which covers every key, value and expire time) must not change on the way.
/// </summary>
public sealed class RdbInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string[]> SaveSettings => new()
    {
        { Array.Empty<string>() },
        { new[] { "--rdbcompression", "no" } },
        { new[] { "--rdbchecksum", "no" } },
    };

    [Theory]
    [MemberData(nameof(SaveSettings))]
    public async Task Each_server_loads_what_the_other_saved(string[] saveSettings)
    {
        using var basaltFiles = new ScratchDirectory("interop-from-basalt");
        using var redisFiles = new ScratchDirectory("interop-from-redis");
        string digest;
        await using (var pair = await ServerPair.StartAsync(1, saveSettings))
        {
            await using var c = new Conversation(pair.RedisConnections[0], pair.BasaltConnections[0]);
            foreach (var command in Commands())
            {
                await c.SameAsync(command);
            }
            digest = (await c.SameAsync("DEBUG", "DIGEST")).Text!;
            await c.SameAsync("SAVE");
            c.AssertNoMismatches();
            File.Copy(Path.Combine(pair.Basalt.Dir, "dump.rdb"), basaltFiles.DumpFile);
            File.Copy(Path.Combine(pair.Redis.Dir, "dump.rdb"), redisFiles.DumpFile);
        }

        var check = await ExternalTool.RunAsync("redis-check-rdb", [basaltFiles.DumpFile], Timeout);
        Assert.True(check.ExitCode == 0, $"redis-check-rdb exit {check.ExitCode} on Basalt's file\n{check.Stdout}\n{check.Stderr}");
        Assert.Contains("\\o/ RDB looks OK! \\o/", check.Stdout);

        var redisLoad = ServerProcess.StartAsync(ServerKind.Redis, new ServerStartOptions { Dir = basaltFiles.Path });
        var basaltLoad = ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions { Dir = redisFiles.Path });
        await using var redis = await redisLoad;
        await using var basalt = await basaltLoad;
        foreach (var server in new[] { redis, basalt })
        {
            await using var connection = await server.ConnectAsync(Timeout);
            Assert.Equal(digest, (await connection.ExecuteAsync("DEBUG", "DIGEST")).Text);
            Assert.Equal(KeysInDb0, (await connection.ExecuteAsync("DBSIZE")).Value.Integer);
            Assert.Equal("3", await KeyspaceFieldAsync(connection, "db3", "keys"));
            Assert.Equal("1", await KeyspaceFieldAsync(connection, "db15", "expires"));
        }
        await basalt.WaitForLogLineAsync(@"\* Done loading RDB, keys loaded: " + (KeysInDb0 + 3 + 1) + @", keys expired: 0\.$", Timeout);
    }

    private static readonly string[] Db0Keys =
    [
        .. CommonDataSet.Strings.Select(s => s.Key).Where(k => !k.StartsWith("db3:", StringComparison.Ordinal)),
        "list:small", "list:big", "set:intset16", "set:intset64", "set:strings", "set:big",
        "hash:small", "hash:big", "hash:longval", "hash:ttl", "zset:small", "zset:big", "zset:longmember",
        "stream:events", "stream:empty",
    ];

    // The common data set's db 0 keys plus the extra ones below.
    private static readonly long KeysInDb0 = Db0Keys.Length + 8;

    private static IEnumerable<object[]> Commands()
    {
        foreach (var key in Db0Keys)
        {
            foreach (var command in CommonDataSet.Commands(key))
            {
                yield return command;
            }
        }
        var random = new Random(20261121);
        var binary = new byte[100_000];
        random.NextBytes(binary);
        yield return ["SET", "str:large-binary", binary];
        yield return ["SET", "str:large-compressible", string.Concat(Enumerable.Repeat("basalt-", 40_000))];
        yield return ["RPUSH", "list:huge", .. Enumerable.Range(0, 20_000).Select(i => (object)(i % 3 == 0 ? i.ToString(CultureInfo.InvariantCulture) : $"item-{i}"))];
        yield return ["LPUSH", "list:binary", binary.AsMemory(0, 300).ToArray(), "", "x"];
        yield return ["ZADD", "zset:skiplist-inf", "+inf", "top", "-inf", "bottom", "0", "zero", "-0.5", "half",
            .. Enumerable.Range(0, 300).SelectMany(i => new object[] { (i * 0.25).ToString("R", CultureInfo.InvariantCulture), $"m{i}" })];
        yield return ["HSET", "hash:binary-fields", binary.AsMemory(0, 10).ToArray(), "v", "\r\n", binary.AsMemory(10, 10).ToArray()];
        yield return ["SADD", "set:intset-big", .. Enumerable.Range(0, 500).Select(i => (object)(i * 1_000_003L).ToString(CultureInfo.InvariantCulture))];
        yield return ["XADD", "stream:many", "1-1", "a", "1"];
        for (var i = 2; i <= 250; i++)
        {
            yield return ["XADD", "stream:many", $"1-{i}", "a", i.ToString(CultureInfo.InvariantCulture), "b", "same"];
        }
        yield return ["XGROUP", "CREATE", "stream:many", "g1", "0"];
        yield return ["XGROUP", "CREATE", "stream:many", "g2", "$"];
        yield return ["XREADGROUP", "GROUP", "g1", "alice", "COUNT", "10", "STREAMS", "stream:many", ">"];
        yield return ["XREADGROUP", "GROUP", "g1", "bob", "COUNT", "5", "STREAMS", "stream:many", ">"];
        yield return ["XACK", "stream:many", "g1", "1-2", "1-3"];
        yield return ["XCLAIM", "stream:many", "g1", "bob", "0", "1-4"];

        yield return ["SELECT", "3"];
        foreach (var key in new[] { "db3:str", "db3:list", "db3:ttl" })
        {
            foreach (var command in CommonDataSet.Commands(key))
            {
                yield return command;
            }
        }
        yield return ["SELECT", "15"];
        yield return ["SET", "db15:ttl", "in-the-last-db", "PXAT", (CommonDataSet.Year2100Ms + 999).ToString(CultureInfo.InvariantCulture)];
        yield return ["SELECT", "0"];
    }

    /// <summary>A field of a <c>dbN:keys=..,expires=..</c> line of INFO keyspace.</summary>
    private static async Task<string> KeyspaceFieldAsync(RespConnection connection, string db, string field)
    {
        foreach (var (name, value) in await ServerInfo.SectionAsync(connection, "keyspace"))
        {
            if (name == db)
            {
                return value.Split(',').Select(p => p.Split('=')).Single(p => p[0] == field)[1];
            }
        }
        return "(no " + db + ")";
    }
}
