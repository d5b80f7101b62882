using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// A forkless BGSAVE writes the keyspace exactly as it was when BGSAVE answered, whatever clients do
/// meanwhile (DESIGN.md decision 3): the file, loaded by a real redis-server, shows none of the writes made
/// during the save — small keys (segment copy-on-write) and large values (value copy-on-write) alike.
/// </summary>
public sealed class BackgroundSavePointInTimeTests
{
    private const int Counters = 20_000;
    private const int BigListLength = 10_000;
    private const int BigHashFields = 10_000;
    private const int BigSetMembers = 5_000;
    private const int Db1Keys = 100;

    // 150 us per key: about three seconds for the save, far longer than the writes below take.
    private const string KeySaveDelayMicros = "150";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Writes_made_while_the_save_runs_are_not_in_the_file()
    {
        using var copy = new ScratchDirectory("pit-copy");
        string digestAtStart;
        await using (var basalt = await ServerProcess.StartAsync(ServerKind.Basalt))
        {
            await using var c = await basalt.ConnectAsync(Timeout);
            await FillAsync(c);
            digestAtStart = (await c.ExecuteAsync("DEBUG", "DIGEST")).Text!;

            Assert.Equal("+OK\\r\\n", (await c.ExecuteAsync("CONFIG", "SET", "rdb-key-save-delay", KeySaveDelayMicros)).RawText);
            Assert.Equal("+Background saving started\\r\\n", (await c.ExecuteAsync("BGSAVE")).RawText);
            await WriteDuringTheSaveAsync(c);
            Assert.NotEqual(digestAtStart, (await c.ExecuteAsync("DEBUG", "DIGEST")).Text);

            Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(c));
            File.Copy(Path.Combine(basalt.Dir, "dump.rdb"), copy.DumpFile);
        }

        var check = await ExternalTool.RunAsync("redis-check-rdb", [copy.DumpFile], Timeout);
        Assert.True(check.ExitCode == 0, $"redis-check-rdb exit {check.ExitCode}\n{check.Stdout}\n{check.Stderr}");

        await using var redis = await ServerProcess.StartAsync(ServerKind.Redis, new ServerStartOptions { Dir = copy.Path });
        await using var r = await redis.ConnectAsync(Timeout);
        Assert.Equal(digestAtStart, (await r.ExecuteAsync("DEBUG", "DIGEST")).Text);
        await AssertTheStartStateAsync(r);
    }

    private static async Task FillAsync(RespConnection c)
    {
        await Pipeline.RunAsync(c, Enumerable.Range(0, Counters).Chunk(1000)
            .Select(chunk => chunk.SelectMany(i => new object[] { Counter(i), "0" }).Prepend("MSET").ToArray()));
        await Pipeline.RunAsync(c,
        [
            ["RPUSH", "big:list", .. Enumerable.Range(0, BigListLength).Select(ListElement)],
            ["HSET", "big:hash", .. Enumerable.Range(0, BigHashFields).SelectMany(i => new object[] { $"field:{i}", $"value:{i}" })],
            ["SADD", "big:set", .. Enumerable.Range(0, BigSetMembers).Select(i => (object)$"member:{i}")],
            ["SET", "big:string", BigString()],
            ["SELECT", "1"],
            ["MSET", .. Enumerable.Range(0, Db1Keys).SelectMany(i => new object[] { $"db1:{i}", $"v{i}" })],
            ["RPUSH", "db1:list", .. Enumerable.Range(0, BigListLength).Select(ListElement)],
            ["SELECT", "0"],
        ]);
    }

    /// <summary>
    /// Changes every kind of key while the save runs. The checks of rdb_bgsave_in_progress show the writes
    /// really overlapped the save; the counters' INCRs reach segments the walk has not written yet, so
    /// the writers themselves copy those first and the walk finds little left to do.
    /// </summary>
    private static async Task WriteDuringTheSaveAsync(RespConnection c)
    {
        await Pipeline.RunAsync(c,
        [
            ["RPUSH", "big:list", "pushed-after"],
            ["LSET", "big:list", "0", "changed-after"],
            ["LSET", "big:list", "5000", "changed-after"],
            ["HSET", "big:hash", "field:0", "changed-after", "field:new", "added-after"],
            ["SREM", "big:set", "member:0"],
            ["APPEND", "big:string", "appended-after"],
            ["SETRANGE", "big:string", "0", "overwritten"],
            ["SET", "marker", "written-after-bgsave"],
            ["PEXPIREAT", Counter(Counters - 1), "4102444800000"],
        ]);
        await AssertSaveRunningAsync(c, "the large values were changed");
        await Pipeline.RunAsync(c, Enumerable.Range(0, 1000).Select(i => new object[] { "INCR", Counter(i) }));
        await AssertSaveRunningAsync(c, "the first counters were incremented");
        await Pipeline.RunAsync(c, Enumerable.Range(1000, Counters - 1000).Select(i => new object[] { "INCR", Counter(i) }));
        await Pipeline.RunAsync(c,
        [
            ["DEL", .. Enumerable.Range(0, 100).Select(i => (object)Counter(i))],
            ["SELECT", "1"],
            ["FLUSHDB"],
            ["SET", "db1:new", "after-flush"],
            ["SELECT", "0"],
        ]);
    }

    private static async Task AssertSaveRunningAsync(RespConnection c, string after) =>
        Assert.True(await ServerInfo.FieldAsync(c, "rdb_bgsave_in_progress") == "1",
            $"the save ended before {after}: the test proves nothing (make the key save delay longer)");

    private static async Task AssertTheStartStateAsync(RespConnection r)
    {
        Assert.Equal(Counters + 4, (await r.ExecuteAsync("DBSIZE")).Value.Integer);
        var mgets = await Pipeline.RunAsync(r, Enumerable.Range(0, Counters).Chunk(1000)
            .Select(chunk => chunk.Select(i => (object)Counter(i)).Prepend("MGET").ToArray()));
        var values = mgets.SelectMany(reply => reply.Value.Items).Select(v => v.Text).ToList();
        Assert.Equal(Counters, values.Count);
        Assert.All(values, v => Assert.Equal("0", v));
        Assert.Equal(0, (await r.ExecuteAsync("EXISTS", "marker")).Value.Integer);

        var list = (await r.ExecuteAsync("LRANGE", "big:list", "0", "-1")).Value.Items.Select(v => v.Text!);
        Assert.Equal(Enumerable.Range(0, BigListLength).Select(ListElement), list);
        var hash = (await r.ExecuteAsync("HGETALL", "big:hash")).Value.Items.Select(v => v.Text!).Chunk(2).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(BigHashFields, hash.Count);
        Assert.Equal("value:0", hash["field:0"]);
        Assert.False(hash.ContainsKey("field:new"));
        Assert.Equal(1, (await r.ExecuteAsync("SISMEMBER", "big:set", "member:0")).Value.Integer);
        Assert.Equal(BigSetMembers, (await r.ExecuteAsync("SCARD", "big:set")).Value.Integer);
        Assert.Equal(BigString(), (await r.ExecuteAsync("GET", "big:string")).Text);

        await r.ExecuteAsync("SELECT", "1");
        Assert.Equal(Db1Keys + 1, (await r.ExecuteAsync("DBSIZE")).Value.Integer);
        Assert.Equal("v7", (await r.ExecuteAsync("GET", "db1:7")).Text);
        Assert.Equal(BigListLength, (await r.ExecuteAsync("LLEN", "db1:list")).Value.Integer);
        Assert.Equal(0, (await r.ExecuteAsync("EXISTS", "db1:new")).Value.Integer);
    }

    private static string Counter(int i) => "counter:" + i.ToString(CultureInfo.InvariantCulture);

    private static string ListElement(int i) => "element:" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>128 KB: above the size from which a string value is copied rather than written in the walk.</summary>
    private static string BigString() => string.Concat(Enumerable.Range(0, 16 * 1024).Select(i => (i % 100_000_000).ToString("D8", CultureInfo.InvariantCulture)));
}
