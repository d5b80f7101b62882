using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// ZRANDMEMBER chooses at random, so its replies cannot be compared byte for byte: each check
/// runs on redis-server and basalt-server and asserts the same properties on both (size,
/// distinctness, membership, the right score next to each member, RESP2/RESP3 shape).
/// Deterministic cases (errors, counts covering the whole set) compare exactly.
/// </summary>
public sealed class SortedSetRandomCommandsTests(KeyspaceServerPair servers) : IClassFixture<KeyspaceServerPair>
{
    private async Task OnBothAsync(Func<RespConnection, Task<string>> check)
    {
        var redis = await check(servers.Pair.RedisConnections[0]);
        var basalt = await check(servers.Pair.BasaltConnections[0]);
        Assert.Equal(redis, basalt);
    }

    private static async Task<RespReply> RunAsync(RespConnection c, params object[] args) => await c.ExecuteAsync(args);

    /// <summary>A set of <paramref name="count"/> members "m{i}" scored i/4 (a skiplist above 128).</summary>
    private static async Task FillAsync(RespConnection c, string key, int count)
    {
        await RunAsync(c, "DEL", key);
        await RunAsync(c, ["ZADD", key, .. Enumerable.Range(0, count).SelectMany(i => new object[] { i / 4.0, "m" + i })]);
    }

    private static double ScoreOf(string member) => int.Parse(member[1..], CultureInfo.InvariantCulture) / 4.0;

    [Theory]
    [InlineData(10, 1)]
    [InlineData(10, 4)]
    [InlineData(10, 9)]
    [InlineData(10, 10)]
    [InlineData(10, 50)]
    [InlineData(300, 3)]
    [InlineData(300, 150)]
    [InlineData(300, 299)]
    public Task A_positive_count_gives_distinct_members_with_their_scores(int size, int count) => OnBothAsync(async c =>
    {
        await FillAsync(c, "z", size);
        foreach (var protocol in new[] { 2, 3 })
        {
            await RunAsync(c, "HELLO", protocol);
            var plain = (await RunAsync(c, "ZRANDMEMBER", "z", count)).Value;
            var members = plain.Items.Select(i => i.Text!).ToList();
            Assert.Equal(Math.Min(size, count), members.Count);
            Assert.Equal(members.Count, members.Distinct().Count());
            var withScores = (await RunAsync(c, "ZRANDMEMBER", "z", count, "WITHSCORES")).Value;
            var pairs = protocol == 2
                ? withScores.Items.Chunk(2).Select(p => (p[0].Text!, double.Parse(p[1].Text!, CultureInfo.InvariantCulture))).ToList()
                : withScores.Items.Select(p => (p[0].Text!, p[1].Type == RespType.Double ? double.Parse(p[1].Text!, CultureInfo.InvariantCulture) : double.NaN)).ToList();
            Assert.Equal(Math.Min(size, count), pairs.Count);
            Assert.Equal(pairs.Count, pairs.Select(p => p.Item1).Distinct().Count());
            Assert.All(pairs, p => Assert.Equal(ScoreOf(p.Item1), p.Item2));
        }
        await RunAsync(c, "HELLO", 2);
        return "ok";
    });

    [Theory]
    [InlineData(5)]
    [InlineData(300)]
    public Task A_negative_count_repeats_members_roughly_uniformly(int size) => OnBothAsync(async c =>
    {
        await FillAsync(c, "z", size);
        var drawn = (await RunAsync(c, "ZRANDMEMBER", "z", -20 * size)).Value.Items.Select(i => i.Text!).ToList();
        Assert.Equal(20 * size, drawn.Count);
        var counts = drawn.GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(counts.Keys, m => Assert.InRange(ScoreOf(m), 0, size));
        if (size == 5)
        {
            // 20 expected per member; 0 or 60+ would mean a broken draw.
            Assert.Equal(5, counts.Count);
            Assert.All(counts.Values, n => Assert.InRange(n, 2, 60));
        }
        var pairs = (await RunAsync(c, "ZRANDMEMBER", "z", "-7", "WITHSCORES")).Value.Items;
        Assert.Equal(14, pairs.Count);
        var single = (await RunAsync(c, "ZRANDMEMBER", "z")).Value.Text!;
        Assert.InRange(ScoreOf(single), 0, size);
        return "ok";
    });

    [Fact]
    public Task Deterministic_cases_match_exactly() => OnBothAsync(async c =>
    {
        await FillAsync(c, "z", 5);
        await FillAsync(c, "big", 200);
        var replies = new List<string>();
        foreach (var args in new object[][]
                 {
                     ["ZRANDMEMBER", "z", "5", "WITHSCORES"], ["ZRANDMEMBER", "z", "100"], ["ZRANDMEMBER", "big", "1000", "WITHSCORES"],
                     ["ZRANDMEMBER", "z", "0"], ["ZRANDMEMBER", "z", "0", "WITHSCORES"], ["ZRANDMEMBER", "missing"],
                     ["ZRANDMEMBER", "missing", "3"], ["ZRANDMEMBER", "missing", "-3", "WITHSCORES"], ["ZRANDMEMBER", "z", "x"],
                     ["ZRANDMEMBER", "z", "1", "FOO"], ["ZRANDMEMBER", "z", "1", "WITHSCORES", "X"],
                     ["ZRANDMEMBER", "z", "4611686018427387904", "WITHSCORES"], ["ZRANDMEMBER", "z", "-4611686018427387904", "WITHSCORES"],
                     ["ZRANDMEMBER", "z", "4611686018427387903", "WITHSCORES"],
                 })
        {
            replies.Add((await RunAsync(c, args)).RawText);
        }
        await RunAsync(c, "HELLO", "3");
        replies.Add((await RunAsync(c, "ZRANDMEMBER", "z", "5", "WITHSCORES")).RawText);
        replies.Add((await RunAsync(c, "ZRANDMEMBER", "missing")).RawText);
        await RunAsync(c, "HELLO", "2");
        return string.Join("\n", replies);
    });
}
