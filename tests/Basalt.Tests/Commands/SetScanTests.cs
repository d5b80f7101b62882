using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// SSCAN and ZSCAN over hashtable/skiplist values, whose cursors depend on the hash function and
/// so cannot match Redis's: a full walk must return the same members (and scores) on both
/// servers, COUNT and MATCH must act alike, and a walk interleaved with writes must still
/// return every member present throughout.
/// </summary>
public sealed class SetScanTests(KeyspaceServerPair servers) : IClassFixture<KeyspaceServerPair>
{
    private static async Task<RespValue> RunAsync(RespConnection c, params object[] args)
    {
        var reply = await c.ExecuteAsync(args);
        Assert.False(reply.IsError, reply.RawText);
        return reply.Value;
    }

    /// <summary>Walks a whole SSCAN/ZSCAN, running <paramref name="between"/> after each step; returns the flat elements.</summary>
    private static async Task<List<string>> WalkAsync(RespConnection c, string command, string key, object[] options, Func<Task>? between = null)
    {
        var elements = new List<string>();
        var cursor = "0";
        var steps = 0;
        do
        {
            var reply = await RunAsync(c, [command, key, cursor, .. options]);
            cursor = reply[0].Text!;
            elements.AddRange(reply[1].Items.Select(i => i.Text!));
            Assert.True(++steps < 100_000, "the scan does not end");
            if (between is not null)
            {
                await between();
            }
        }
        while (cursor != "0");
        return elements;
    }

    private async Task OnBothAsync(Func<RespConnection, Task<string>> check)
    {
        var redis = await check(servers.Pair.RedisConnections[0]);
        var basalt = await check(servers.Pair.BasaltConnections[0]);
        Assert.Equal(redis, basalt);
    }

    [Theory]
    [InlineData("SSCAN")]
    [InlineData("ZSCAN")]
    public Task A_full_walk_returns_what_redis_returns(string command) => OnBothAsync(async c =>
    {
        await RunAsync(c, "FLUSHALL");
        for (var batch = 0; batch < 5; batch++)
        {
            var members = Enumerable.Range(batch * 1000, 1000).Select(i => "member:" + i);
            if (command == "SSCAN")
            {
                await RunAsync(c, ["SADD", "k", .. members]);
            }
            else
            {
                await RunAsync(c, ["ZADD", "k", .. members.SelectMany(m => new object[] { m.Length * 0.1 + m[^1], m })]);
            }
        }
        var results = new List<string>();
        foreach (var options in new object[][] { [], ["COUNT", "1"], ["COUNT", "100"], ["MATCH", "member:1*"], ["MATCH", "*9", "COUNT", "1000"] })
        {
            var elements = await WalkAsync(c, command, "k", options);
            var distinct = command == "SSCAN"
                ? elements.Distinct().Order(StringComparer.Ordinal)
                : elements.Chunk(2).Select(p => p[0] + "=" + p[1]).Distinct().Order(StringComparer.Ordinal);
            results.Add(string.Join(",", distinct));
        }
        return string.Join("\n", results) + "\n" + (await RunAsync(c, "OBJECT", "ENCODING", "k")).Text;
    });

    [Theory]
    [InlineData("SSCAN")]
    [InlineData("ZSCAN")]
    public async Task A_walk_interleaved_with_writes_returns_every_member_present_throughout(string command)
    {
        var c = servers.Pair.BasaltConnections[0];
        await RunAsync(c, "FLUSHALL");
        var stable = Enumerable.Range(0, 2000).Select(i => "stable:" + i).ToList();
        if (command == "SSCAN")
        {
            await RunAsync(c, ["SADD", "k", .. stable]);
        }
        else
        {
            await RunAsync(c, ["ZADD", "k", .. stable.SelectMany(m => new object[] { 1, m })]);
        }
        var added = 0;
        var removed = 0;
        var step = 0;
        var elements = await WalkAsync(c, command, "k", ["COUNT", "20"], async () =>
        {
            // Grow fast for a while (the table doubles several times), then shrink.
            if (step++ < 40)
            {
                var fresh = Enumerable.Range(added, 300).Select(i => "t:" + i).ToList();
                added += 300;
                object[] add = command == "SSCAN" ? ["SADD", "k", .. fresh] : ["ZADD", "k", .. fresh.SelectMany(m => new object[] { 2, m })];
                await RunAsync(c, add);
            }
            else if (removed < added)
            {
                var gone = Enumerable.Range(removed, Math.Min(600, added - removed)).Select(i => "t:" + i).ToList();
                removed += gone.Count;
                await RunAsync(c, [command == "SSCAN" ? "SREM" : "ZREM", "k", .. gone]);
            }
        });
        var seen = command == "SSCAN" ? elements.ToHashSet() : elements.Where((_, i) => i % 2 == 0).ToHashSet();
        Assert.All(stable, m => Assert.Contains(m, seen));
    }
}
