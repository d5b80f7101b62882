using System.Globalization;
using System.Text;
using Basalt.Tests.Commands;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// HyperLogLogs written by real redis-server 7.0.15 reach Basalt as Redis left them: through an AOF
/// full of PFADD, PFMERGE, PFCOUNT and PFDEBUG (which Basalt replays), through dump.rdb, and through
/// a DUMP payload; Basalt then reads the same bytes and counts what Redis counts.
/// </summary>
public sealed class HyperLogLogInteropTests
{
    internal static readonly string[] Keys = ["hll:small", "hll:big", "hll:merged", "hll:dense", "hll:debug", "hll:stale"];

    internal static IEnumerable<string> Elements(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture));

    internal static IEnumerable<object[]> Workload() =>
    [
        ["PFADD", "hll:small", "a", "b", "c"],
        ["PFCOUNT", "hll:small"],
        ["PFADD", "hll:big", .. Elements("big", 1500)],
        ["PFCOUNT", "hll:big"],
        ["PFADD", "hll:big", .. Elements("more", 500)],
        ["PFMERGE", "hll:merged", "hll:small", "hll:big"],
        ["PFADD", "hll:dense", .. Elements("d", 40)],
        ["PFDEBUG", "TODENSE", "hll:dense"],
        ["PFADD", "hll:dense", "after"],
        ["PFADD", "hll:debug", .. Elements("g", 20)],
        ["PFDEBUG", "GETREG", "hll:debug"],
        ["PFCOUNT", "hll:debug"],
        ["PFADD", "hll:stale", .. Elements("s", 100)],
    ];

    /// <summary>Every key's bytes and then its count (counting last, as it may refresh a cache).</summary>
    private static async Task<List<string>> ObserveAsync(RespConnection c)
    {
        var seen = new List<string>();
        foreach (var key in Keys)
        {
            seen.Add(key + " = " + Convert.ToHexString((await c.ExecuteAsync("GET", key)).Value.Bytes!));
        }
        seen.Add("union = " + (await c.ExecuteAsync(["PFCOUNT", .. Keys])).Value.Integer);
        foreach (var key in Keys)
        {
            seen.Add(key + " count " + (await c.ExecuteAsync("PFCOUNT", key)).Value.Integer);
        }
        return seen;
    }

    [Fact]
    public async Task Basalt_loads_an_aof_of_hyperloglog_commands_from_redis()
    {
        using var scratch = new ScratchDirectory("hll-aof");
        var redisDir = scratch.Sub("redis");
        List<string> expected;
        await using (var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir))
        {
            await using var c = await redis.ConnectAsync();
            await Pipeline.RunAsync(c, Workload());
            // The first look refreshes caches, and so logs PFCOUNTs; the second sees the state logged.
            await ObserveAsync(c);
            expected = await ObserveAsync(c);
            await AofWorkload.ShutdownAsync(redis, c);
        }
        var incr = File.ReadAllText(AofFiles.AofPath(redisDir, "appendonly.aof.1.incr.aof"), Encoding.Latin1);
        foreach (var command in new[] { "PFADD", "PFMERGE", "PFCOUNT", "PFDEBUG" })
        {
            Assert.Contains("\r\n" + command + "\r\n", incr, StringComparison.Ordinal);
        }

        var basaltDir = AofFiles.CopyAofDirectory(redisDir, scratch.Sub("basalt"));
        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir);
        await using var b = await basalt.ConnectAsync();
        Assert.Equal(expected, await ObserveAsync(b));
    }

    [Fact]
    public async Task Basalt_counts_the_hyperloglogs_of_a_redis_rdb()
    {
        using var files = new ScratchDirectory("hll-rdb");
        List<string> expected;
        await using (var redis = await ServerProcess.StartAsync(ServerKind.Redis))
        {
            await using var c = await redis.ConnectAsync();
            await Pipeline.RunAsync(c, Workload());
            // One key with a stale cache in the file: Basalt must count it itself.
            await c.ExecuteAsync("PFADD", "hll:stale", "one-more");
            Assert.Equal("OK", (await c.ExecuteAsync("SAVE")).Text);
            File.Copy(Path.Combine(redis.Dir, "dump.rdb"), files.DumpFile);
            expected = await ObserveAsync(c);
        }
        await using var basalt = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions { Dir = files.Path });
        await using var b = await basalt.ConnectAsync();
        Assert.Equal(expected, await ObserveAsync(b));
    }
}

/// <summary>A DUMP payload of each HyperLogLog, made by Redis, restored in both servers: the same bytes, counts and edits.</summary>
public sealed class HyperLogLogDumpInteropTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    [Fact]
    public async Task A_redis_dump_payload_restored_in_basalt_counts_and_grows_as_in_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        foreach (var command in HyperLogLogInteropTests.Workload())
        {
            await c.SameAsync(command);
        }
        foreach (var key in HyperLogLogInteropTests.Keys)
        {
            var payload = (await c.Redis.ExecuteAsync("DUMP", key)).Value.Bytes!;
            await c.SameAsync("RESTORE", key + ":copy", "0", payload);
            await c.SameAsync("GET", key + ":copy");
            await c.SameAsync("PFCOUNT", key + ":copy");
            await c.SameAsync(["PFADD", key + ":copy", .. HyperLogLogInteropTests.Elements("x", 300)]);
            await c.SameAsync("GET", key + ":copy");
            await c.SameAsync("PFCOUNT", key + ":copy", key);
            await c.SameAsync("DUMP", key + ":copy");
        }
        c.AssertNoMismatches();
    }
}
