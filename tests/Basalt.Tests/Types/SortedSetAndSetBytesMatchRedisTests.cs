using System.Globalization;
using System.Text;
using Basalt.Tests.Encodings;
using Basalt.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>
/// Sets and sorted sets built here hold what real Redis holds for the same commands: the listpack
/// of a small sorted set is byte-identical to the blob in Redis's DUMP (so scores are stored as
/// Redis stores them: integers when integral, "%.17g" text otherwise), the intset likewise, and
/// the DEBUG DIGEST-VALUE computed from <c>MixDigest</c> equals Redis's for both encodings.
/// </summary>
public sealed class SortedSetAndSetBytesMatchRedisTests(RedisBlobSource redis) : IClassFixture<RedisBlobSource>
{
    private static readonly SortedSetLimits DefaultLimits = new(128, 64);

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static string F(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static readonly (double Score, string Member)[] Pairs =
    [
        (1, "a"), (-0.0, "negzero"), (0.1, "tenth"), (1e17, "big"), (4611686018427387903, "halfmax"),
        (4611686018427387904, "overhalf"), (-4611686018427387903, "neghalf"), (5e18, "huge"),
        (double.PositiveInfinity, "inf"), (double.NegativeInfinity, "-inf"), (2.5, "123"), (2.5, "-7"),
        (1e-300, "tiny"), (3, "0"), (3, "01"), (1, "a"), (7, "a"), (1.5, "tenth"),
    ];

    private async Task<string> DigestAsync(string key)
    {
        var reply = await redis.Connection.ExecuteAsync("DEBUG", "DIGEST-VALUE", key);
        Assert.False(reply.IsError, reply.RawText);
        return reply.Value[0].Text!;
    }

    private static string Digest(int type, Action<Span<byte>> mix)
    {
        Span<byte> digest = stackalloc byte[RedisDigest.Size];
        RedisDigest.MixType(digest, type);
        mix(digest);
        RedisDigest.MixExpire(digest, false);
        return RedisDigest.ToHex(digest);
    }

    [Fact]
    public async Task A_small_sorted_set_is_the_listpack_redis_writes()
    {
        await redis.RunAsync("DEL", "z");
        var set = RedisSortedSet.CreateListpack();
        foreach (var (score, member) in Pairs)
        {
            await redis.RunAsync("ZADD", "z", F(score), member);
            set.Add(score, B(member), ZAddOptions.None, DefaultLimits, out _);
        }
        await redis.RunAsync("ZINCRBY", "z", "2", "halfmax");
        set.Add(2, B("halfmax"), ZAddOptions.Increment, DefaultLimits, out _);
        await redis.RunAsync("ZREM", "z", "0", "big");
        set.Remove(B("0"));
        set.Remove(B("big"));
        await redis.RunAsync("ZREMRANGEBYSCORE", "z", "(2", "3");
        Assert.True(ScoreRange.TryParse(B("(2"), B("3"), out var range));
        set.RemoveRange(range);
        Assert.Equal("listpack", set.EncodingName);
        var blob = DumpPayload.SingleBlob(await redis.DumpAsync("z"), DumpPayload.ZsetListpack);
        Assert.Equal(Convert.ToHexString(blob), Convert.ToHexString(set.ListpackEncoding!.AsSpan()));
        Assert.Equal(await DigestAsync("z"), Digest(RedisDigest.TypeZSet, set.MixDigest));
    }

    [Fact]
    public async Task A_skiplist_sorted_set_digests_as_redis_does()
    {
        await redis.RunAsync("DEL", "zs");
        var set = RedisSortedSet.CreateListpack();
        for (var i = 0; i < 200; i++)
        {
            var score = i * 1.25 - 40;
            await redis.RunAsync("ZADD", "zs", F(score), "m" + i);
            set.Add(score, B("m" + i), ZAddOptions.None, DefaultLimits, out _);
        }
        foreach (var (score, member) in Pairs)
        {
            await redis.RunAsync("ZADD", "zs", F(score), member);
            set.Add(score, B(member), ZAddOptions.None, DefaultLimits, out _);
        }
        Assert.Equal("skiplist", set.EncodingName);
        Assert.Equal(await DigestAsync("zs"), Digest(RedisDigest.TypeZSet, set.MixDigest));
    }

    [Fact]
    public async Task Set_digests_and_intset_bytes_match_redis()
    {
        await redis.RunAsync("DEL", "i", "h");
        var intset = RedisSet.CreateIntset();
        var hashtable = RedisSet.CreateFor(B("x"));
        foreach (var member in new[] { "5", "-3", "70000", "5000000000", "-1" })
        {
            await redis.RunAsync("SADD", "i", member);
            intset.Add(B(member), 512);
        }
        await redis.RunAsync("SREM", "i", "70000");
        intset.Remove(B("70000"));
        foreach (var member in new[] { "x", "1", "hello", "" })
        {
            await redis.RunAsync("SADD", "h", member);
            hashtable.Add(B(member), 512);
        }
        Assert.Equal("intset", intset.EncodingName);
        Assert.Equal("hashtable", hashtable.EncodingName);
        var blob = DumpPayload.SingleBlob(await redis.DumpAsync("i"), DumpPayload.SetIntset);
        Assert.Equal(Convert.ToHexString(blob), Convert.ToHexString(intset.IntsetEncoding!.Value.ToBlob()));
        Assert.Equal(await DigestAsync("i"), Digest(RedisDigest.TypeSet, intset.MixDigest));
        Assert.Equal(await DigestAsync("h"), Digest(RedisDigest.TypeSet, hashtable.MixDigest));
    }
}
