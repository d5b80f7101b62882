using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// HRANDFIELD: random replies cannot be compared byte for byte, so each reply of both servers is
/// checked for the same shape (RESP2 flat, RESP3 nested pairs), the same length, fields that
/// exist with their own values, and distinct fields when the count is positive.
/// </summary>
public sealed class HashRandomFieldTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    private const int SmallSize = 10;
    private const int LargeSize = 1000;

    private static Dictionary<string, string> Content(int size) =>
        Enumerable.Range(0, size).ToDictionary(i => "field" + i, i => i % 2 == 0 ? i.ToString(CultureInfo.InvariantCulture) : "value" + i);

    private async Task<Conversation> ConnectAsync(int protocol)
    {
        var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        if (protocol == 3)
        {
            await c.SameHelloAsync("HELLO", "3");
        }
        foreach (var (key, size) in new[] { ("small", SmallSize), ("large", LargeSize) })
        {
            await c.SameAsync(["HSET", key, .. Content(size).SelectMany(p => new[] { p.Key, p.Value })]);
        }
        await c.SameAsync("OBJECT", "ENCODING", "small");
        await c.SameAsync("OBJECT", "ENCODING", "large");
        return c;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Replies_have_redis_shape_and_valid_fields(int protocol)
    {
        await using var c = await ConnectAsync(protocol);
        foreach (var (key, size) in new[] { ("small", SmallSize), ("large", LargeSize) })
        {
            var content = Content(size);
            long[] counts = size == SmallSize ? [1, -1, 2, 3, 4, 5, 9, 10, 15, -3, -15, -2500] : [1, -1, 10, 333, 334, 400, 999, 1000, 1500, -1500];
            foreach (var count in counts)
            {
                foreach (var withValues in new[] { false, true })
                {
                    object[] args = withValues
                        ? ["HRANDFIELD", key, count.ToString(CultureInfo.InvariantCulture), "WITHVALUES"]
                        : ["HRANDFIELD", key, count.ToString(CultureInfo.InvariantCulture)];
                    var (redis, basalt) = await c.BothAsync(args);
                    var expectedLength = count < 0 ? -count : Math.Min(count, size);
                    var where = $"{string.Join(' ', args)} (RESP{protocol})";
                    Check(c, "redis", where, redis.Value, content, expectedLength, unique: count > 0, withValues, protocol);
                    Check(c, "basalt", where, basalt.Value, content, expectedLength, unique: count > 0, withValues, protocol);
                }
            }
            var (r, b) = await c.BothAsync("HRANDFIELD", key);
            foreach (var (name, reply) in new[] { ("redis", r), ("basalt", b) })
            {
                if (reply.Value.Type != RespType.BulkString || !content.ContainsKey(reply.Text!))
                {
                    c.Mismatch($"HRANDFIELD {key} from {name}: {reply.RawText}");
                }
            }
        }
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Every_field_comes_up()
    {
        await using var c = await ConnectAsync(protocol: 2);
        var seen = new HashSet<string>();
        var reply = await c.Basalt.ExecuteAsync("HRANDFIELD", "small", "-1000");
        foreach (var item in reply.Value.Items)
        {
            seen.Add(item.Text!);
        }
        for (var i = 0; i < 300; i++)
        {
            seen.Add((await c.Basalt.ExecuteAsync("HRANDFIELD", "small")).Text!);
        }
        Assert.Equal(Content(SmallSize).Keys.Order(), seen.Order());

        // A uniform pick over 1000 fields: 20000 picks leave none out (the chance of a miss is below 1e-5).
        seen.Clear();
        for (var i = 0; i < 4; i++)
        {
            foreach (var item in (await c.Basalt.ExecuteAsync("HRANDFIELD", "large", "-5000")).Value.Items)
            {
                seen.Add(item.Text!);
            }
        }
        Assert.Equal(LargeSize, seen.Count);
    }

    private static void Check(Conversation c, string server, string where, RespValue reply, Dictionary<string, string> content,
        long expectedLength, bool unique, bool withValues, int protocol)
    {
        var problems = new List<string>();
        if (reply.Type != RespType.Array)
        {
            problems.Add($"type {reply.Type}");
        }
        else
        {
            var pairs = new List<(string Field, string? Value)>();
            var nested = withValues && protocol == 3;
            var length = withValues && !nested ? expectedLength * 2 : expectedLength;
            if (reply.Count != length)
            {
                problems.Add($"{reply.Count} elements, expected {length}");
            }
            for (var i = 0; i < reply.Count; i++)
            {
                if (nested)
                {
                    var pair = reply[i];
                    if (pair.Type != RespType.Array || pair.Count != 2)
                    {
                        problems.Add($"element {i} is not a pair");
                        continue;
                    }
                    pairs.Add((pair[0].Text!, pair[1].Text));
                }
                else if (withValues)
                {
                    pairs.Add((reply[i].Text!, reply[i + 1].Text));
                    i++;
                }
                else
                {
                    pairs.Add((reply[i].Text!, null));
                }
            }
            foreach (var (field, value) in pairs)
            {
                if (!content.TryGetValue(field, out var actual))
                {
                    problems.Add($"unknown field {field}");
                }
                else if (withValues && value != actual)
                {
                    problems.Add($"{field} => {value}, expected {actual}");
                }
            }
            if (unique && pairs.Select(p => p.Field).Distinct().Count() != pairs.Count)
            {
                problems.Add("repeated fields");
            }
        }
        if (problems.Count > 0)
        {
            c.Mismatch($"{where} from {server}: {string.Join("; ", problems.Take(5))}");
        }
    }
}
