using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// SPOP and SRANDMEMBER choose at random, so their replies cannot be compared byte for byte.
/// Each check runs on redis-server and on basalt-server and asserts the same properties on
/// both (size, distinctness, membership, what is left), and that the state afterwards
/// (cardinality, encoding, TTL) is the same.
/// </summary>
public sealed class SetRandomCommandsTests(KeyspaceServerPair servers) : IClassFixture<KeyspaceServerPair>
{
    private static readonly string[] Integers = Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private async Task OnBothAsync(Func<RespConnection, Task<string>> check)
    {
        var redis = await check(servers.Pair.RedisConnections[0]);
        var basalt = await check(servers.Pair.BasaltConnections[0]);
        Assert.Equal(redis, basalt);
    }

    private static async Task<RespValue> RunAsync(RespConnection c, params object[] args)
    {
        var reply = await c.ExecuteAsync(args);
        Assert.False(reply.IsError, $"{string.Join(' ', args)}: {reply.Text}");
        return reply.Value;
    }

    private static async Task ResetAsync(RespConnection c) => await RunAsync(c, "FLUSHALL");

    private static List<string> Texts(RespValue array) => array.Items.Select(i => i.Text!).ToList();

    [Theory]
    [InlineData(599)]
    [InlineData(590)]
    [InlineData(10)]
    [InlineData(1)]
    public Task Spop_with_count_removes_distinct_members_and_leaves_the_encoding_redis_leaves(int count) => OnBothAsync(async c =>
    {
        await ResetAsync(c);
        await RunAsync(c, ["SADD", "h", .. Integers]);
        await RunAsync(c, "EXPIRE", "h", "1000");
        var popped = Texts(await RunAsync(c, "SPOP", "h", count));
        Assert.Equal(count, popped.Count);
        Assert.Equal(count, popped.Distinct().Count());
        Assert.All(popped, m => Assert.Contains(m, Integers));
        var left = Texts(await RunAsync(c, "SMEMBERS", "h"));
        Assert.Empty(left.Intersect(popped));
        Assert.Equal(Integers.Length, left.Count + popped.Count);
        var ttl = (await RunAsync(c, "TTL", "h")).Integer;
        Assert.InRange(ttl, 990, 1000);
        return $"{(await RunAsync(c, "SCARD", "h")).Integer} {(await RunAsync(c, "OBJECT", "ENCODING", "h")).Text}";
    });

    [Fact]
    public Task Spop_one_at_a_time_empties_the_set_and_deletes_it() => OnBothAsync(async c =>
    {
        await ResetAsync(c);
        await RunAsync(c, "SADD", "s", "a", "b", "c", "1");
        var seen = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            seen.Add((await RunAsync(c, "SPOP", "s")).Text!);
        }
        Assert.Equal(new[] { "1", "a", "b", "c" }, seen.Order());
        return $"{(await RunAsync(c, "EXISTS", "s")).Integer} {(await RunAsync(c, "SPOP", "s")).IsNull}";
    });

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(250)]
    [InlineData(599)]
    [InlineData(600)]
    [InlineData(1000)]
    public Task Srandmember_with_a_positive_count_gives_distinct_members(int count) => OnBothAsync(async c =>
    {
        await ResetAsync(c);
        await RunAsync(c, ["SADD", "h", .. Integers]);
        await RunAsync(c, ["SADD", "small", .. Integers[..100]]);
        var fromHashtable = Texts(await RunAsync(c, "SRANDMEMBER", "h", count));
        var fromIntset = Texts(await RunAsync(c, "SRANDMEMBER", "small", count));
        Assert.Equal(Math.Min(count, 600), fromHashtable.Count);
        Assert.Equal(fromHashtable.Count, fromHashtable.Distinct().Count());
        Assert.All(fromHashtable, m => Assert.Contains(m, Integers));
        Assert.Equal(Math.Min(count, 100), fromIntset.Count);
        Assert.Equal(fromIntset.Count, fromIntset.Distinct().Count());
        Assert.All(fromIntset, m => Assert.Contains(m, Integers[..100]));
        return $"{(await RunAsync(c, "SCARD", "h")).Integer}";
    });

    [Fact]
    public Task Srandmember_with_a_negative_count_repeats_members_roughly_uniformly() => OnBothAsync(async c =>
    {
        await ResetAsync(c);
        await RunAsync(c, "SADD", "s", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        await RunAsync(c, "SADD", "i", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        foreach (var key in new[] { "s", "i" })
        {
            var drawn = Texts(await RunAsync(c, "SRANDMEMBER", key, "-10000"));
            Assert.Equal(10000, drawn.Count);
            var counts = drawn.GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(10, counts.Count);
            // Expected 1000 each; 750..1250 fails with negligible probability for a fair draw.
            Assert.All(counts.Values, n => Assert.InRange(n, 750, 1250));
        }
        var single = (await RunAsync(c, "SRANDMEMBER", "s")).Text!;
        Assert.Contains(single, "abcdefghij");
        return "ok";
    });
}
