using System.Globalization;
using System.Text;
using Basalt.Tests.Infrastructure;
using Basalt.Types.Encodings;
using Xunit;

namespace Basalt.Tests.Encodings;

/// <summary>A real redis-server whose DUMP payloads carry raw (uncompressed) listpack and intset blobs.</summary>
public sealed class RedisBlobSource : IAsyncLifetime
{
    private ServerProcess? _server;

    public RespConnection Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(ServerKind.Redis,
            "--rdbcompression", "no", "--list-max-listpack-size", "-5",
            "--hash-max-listpack-entries", "1000", "--hash-max-listpack-value", "5000");
        Connection = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public async Task<byte[]> DumpAsync(string key)
    {
        var reply = await Connection.ExecuteAsync("DUMP", key);
        return reply.Value.Bytes ?? throw new InvalidOperationException($"DUMP {key}: {reply}");
    }

    public async Task RunAsync(params object[] args)
    {
        var reply = await Connection.ExecuteAsync(args);
        Assert.False(reply.IsError, reply.RawText);
    }
}

/// <summary>
/// Listpacks and intsets built here are byte-identical to the blobs real Redis 7.0 writes for the
/// same contents (taken out of DUMP payloads), and every Redis blob passes validation and round-trips.
/// </summary>
public sealed class EncodingsMatchRedisTests(RedisBlobSource redis) : IClassFixture<RedisBlobSource>
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    private static Listpack Build(IEnumerable<byte[]> values)
    {
        var lp = new Listpack();
        foreach (var v in values)
        {
            lp.Append(v);
        }
        return lp;
    }

    private async Task<byte[]> SingleNodeListAsync(string key, IReadOnlyList<byte[]> values)
    {
        await redis.RunAsync("DEL", key);
        foreach (var chunk in values.Chunk(100))
        {
            await redis.RunAsync(["RPUSH", key, .. chunk]);
        }
        var nodes = DumpPayload.QuicklistNodes(await redis.DumpAsync(key));
        Assert.Single(nodes);
        return nodes[0];
    }

    private static void AssertSameAsRedis(byte[] redisBlob, Listpack lp)
    {
        Assert.Equal(Hex(redisBlob), Hex(lp.AsSpan()));
        Assert.True(Listpack.Validate(redisBlob, deep: true, out var count));
        Assert.Equal(lp.Count, count);
        Assert.Equal(Hex(redisBlob), Hex(Listpack.FromBlob(redisBlob).AsSpan()));
    }

    [Fact]
    public async Task Integer_and_string_boundaries_match_a_redis_list_node()
    {
        var values = ListpackTests.MixedValues();
        var blob = await SingleNodeListAsync("boundaries", values);
        AssertSameAsRedis(blob, Build(values));

        // Built from the other end, the bytes are the same.
        var prepended = new Listpack();
        for (var i = values.Count - 1; i >= 0; i--)
        {
            prepended.Prepend(values[i]);
        }
        AssertSameAsRedis(blob, prepended);
    }

    [Theory]
    [InlineData(16377)]
    [InlineData(16378)]
    [InlineData(2097145)]
    [InlineData(2097146)]
    public async Task Long_strings_with_two_three_and_four_byte_backlens_match_redis(int length)
    {
        var value = Encoding.ASCII.GetBytes(new string('z', length));
        var key = "long-" + length.ToString(CultureInfo.InvariantCulture);
        var blob = await SingleNodeListAsync(key, [value]);
        AssertSameAsRedis(blob, Build([value]));
        await redis.RunAsync("DEL", key);
    }

    [Fact]
    public async Task List_edits_in_the_middle_match_redis()
    {
        var values = Enumerable.Range(0, 30).Select(i => B(i % 3 == 0 ? (i * 1000).ToString(CultureInfo.InvariantCulture) : "item-" + i)).ToList();
        await SingleNodeListAsync("edits", values);
        var lp = Build(values);

        await redis.RunAsync("LINSERT", "edits", "BEFORE", "item-10", "inserted-before");
        lp.Insert(lp.Find(lp.First, B("item-10"), 0), B("inserted-before"), after: false);
        await redis.RunAsync("LINSERT", "edits", "AFTER", "9000", "70000");
        lp.Insert(lp.Find(lp.First, B("9000"), 0), 70000, after: true);
        await redis.RunAsync("LSET", "edits", "5", new string('w', 100));
        lp.Replace(lp.Seek(5), B(new string('w', 100)));
        await redis.RunAsync("LSET", "edits", "-2", "-3");
        lp.Replace(lp.Seek(-2), -3);
        await redis.RunAsync("LREM", "edits", "1", "item-20");
        lp.Delete(lp.Find(lp.First, B("item-20"), 0));
        await redis.RunAsync("LTRIM", "edits", "2", "-3");
        lp.DeleteRange(0, 2);
        lp.DeleteRange(-2, 2);

        var nodes = DumpPayload.QuicklistNodes(await redis.DumpAsync("edits"));
        AssertSameAsRedis(Assert.Single(nodes), lp);
    }

    [Fact]
    public async Task Hash_listpack_with_deletes_matches_redis()
    {
        await redis.RunAsync("DEL", "h");
        var lp = new Listpack();
        for (var i = 0; i < 40; i++)
        {
            var field = i % 4 == 0 ? i.ToString(CultureInfo.InvariantCulture) : "field:" + i;
            var value = i % 5 == 0 ? (-i * 100000L).ToString(CultureInfo.InvariantCulture) : new string('v', i * 3);
            await redis.RunAsync("HSET", "h", field, value);
            lp.Append(B(field));
            lp.Append(B(value));
        }
        await redis.RunAsync("HDEL", "h", "field:13", "8");
        lp.DeleteEntries(lp.Find(lp.First, B("8"), 1), 2);
        lp.DeleteEntries(lp.Find(lp.First, B("field:13"), 1), 2);
        await redis.RunAsync("HSET", "h", "field:1", "now much longer than before, " + new string('x', 80));
        var valuePos = lp.Next(lp.Find(lp.First, B("field:1"), 1));
        lp.Replace(valuePos, B("now much longer than before, " + new string('x', 80)));

        var blob = DumpPayload.SingleBlob(await redis.DumpAsync("h"), DumpPayload.HashListpack);
        AssertSameAsRedis(blob, lp);
    }

    [Fact]
    public async Task Intset_with_upgrades_and_removals_matches_redis()
    {
        await redis.RunAsync("DEL", "s");
        var set = new Intset();
        var steps = new List<long> { 5, 1, 3, -2, 32767, -32768 };
        await redis.RunAsync(["SADD", "s", .. steps.Select(v => v.ToString(CultureInfo.InvariantCulture))]);
        steps.ForEach(v => set.Add(v));
        await AssertIntsetAsync(set);

        await redis.RunAsync("SADD", "s", "-40000");
        set.Add(-40000);
        await AssertIntsetAsync(set);

        await redis.RunAsync("SADD", "s", "9223372036854775807", "-9223372036854775808", "1099511627776");
        set.Add(long.MaxValue);
        set.Add(long.MinValue);
        set.Add(1L << 40);
        await AssertIntsetAsync(set);

        await redis.RunAsync("SREM", "s", "9223372036854775807", "-9223372036854775808", "1099511627776", "3");
        set.Remove(long.MaxValue);
        set.Remove(long.MinValue);
        set.Remove(1L << 40);
        set.Remove(3);
        await AssertIntsetAsync(set);
    }

    private async Task AssertIntsetAsync(Intset set)
    {
        var blob = DumpPayload.SingleBlob(await redis.DumpAsync("s"), DumpPayload.SetIntset);
        Assert.Equal(Hex(blob), Hex(set.ToBlob()));
        Assert.True(Intset.Validate(blob, deep: true, out var count));
        Assert.Equal(set.Count, count);
        Assert.Equal(Hex(blob), Hex(Intset.FromBlob(blob).ToBlob()));
    }
}
