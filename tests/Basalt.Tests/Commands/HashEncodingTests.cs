using System.Text;
using Basalt.Tests.Infrastructure;
using Basalt.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// When a hash leaves the listpack encoding (OBJECT ENCODING), side by side with redis-server,
/// with the default thresholds (512 fields, 64 bytes) and with thresholds set by CONFIG SET,
/// including the older *-ziplist-* names.
/// </summary>
public sealed class HashEncodingTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    private async Task<Conversation> ConnectAsync()
    {
        var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        await c.SameAsync("CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "64");
        return c;
    }

    private static string[] Fields(string prefix, int from, int to, string value = "v") =>
        Enumerable.Range(from, to - from).SelectMany(i => new[] { prefix + i, value }).ToArray();

    [Fact]
    public async Task Default_thresholds_convert_at_513_fields_and_65_bytes()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync(["HSET", "entries", .. Fields("f", 0, 512)]);
        await c.SameAsync("OBJECT", "ENCODING", "entries");
        await c.SameAsync("HSET", "entries", "f0", "replaced");
        await c.SameAsync("OBJECT", "ENCODING", "entries");
        await c.SameAsync("HSET", "entries", "f512", "v");
        await c.SameAsync("OBJECT", "ENCODING", "entries");

        await c.SameAsync("HSET", "value64", "f", new string('v', 64));
        await c.SameAsync("OBJECT", "ENCODING", "value64");
        await c.SameAsync("HSET", "value64", "g", new string('v', 65));
        await c.SameAsync("OBJECT", "ENCODING", "value64");
        await c.SameAsync("HSET", "field65", new string('f', 65), "v");
        await c.SameAsync("OBJECT", "ENCODING", "field65");
        await c.SameAsync("HSETNX", "nx", "f", new string('v', 65));
        await c.SameAsync("OBJECT", "ENCODING", "nx");
        await c.SameAsync("HMSET", "m", "a", "1", "b", new string('v', 65));
        await c.SameAsync("OBJECT", "ENCODING", "m");

        // HINCRBYFLOAT can produce a value longer than the limit; it converts as it stores it.
        await c.SameAsync("HSET", "float", "f", "1");
        await c.SameAsync("HINCRBYFLOAT", "float", "f", "1e70");
        await c.SameAsync("OBJECT", "ENCODING", "float");
        await c.SameAsync("HGET", "float", "f");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Replacing_a_value_converts_a_hash_left_over_a_lowered_limit()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("HSET", "h", "a", "1", "b", "2", "c", "3");
        await c.SameAsync("HSET", "i", "a", "1", "b", "2", "c", "3");
        await c.SameAsync("CONFIG", "SET", "hash-max-listpack-entries", "2");
        await c.SameAsync("OBJECT", "ENCODING", "h");
        await c.SameAsync("HSET", "h", "a", "9");
        await c.SameAsync("OBJECT", "ENCODING", "h");
        await c.SameAsync("HINCRBY", "i", "a", "1");
        await c.SameAsync("OBJECT", "ENCODING", "i");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Conversion_is_one_way()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync(["HSET", "h", .. Fields("f", 0, 600)]);
        await c.SameAsync(["HDEL", "h", .. Fields("f", 0, 599).Where((_, i) => i % 2 == 0)]);
        await c.SameAsync("HLEN", "h");
        await c.SameAsync("OBJECT", "ENCODING", "h");
        await c.SameAsync("HGETALL", "h");
        await c.SameAsync("HDEL", "h", "f599");
        await c.SameAsync("EXISTS", "h");
        await c.SameAsync("HSET", "h", "again", "1");
        await c.SameAsync("OBJECT", "ENCODING", "h");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Configured_thresholds_and_their_old_names_apply_to_later_writes()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("HSET", "before", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
        await c.SameAsync("CONFIG", "SET", "hash-max-listpack-entries", "4");
        await c.SameAsync("OBJECT", "ENCODING", "before");
        await c.SameAsync("HSET", "four", "a", "1", "b", "2", "c", "3", "d", "4");
        await c.SameAsync("OBJECT", "ENCODING", "four");
        await c.SameAsync("HSET", "four", "e", "5");
        await c.SameAsync("OBJECT", "ENCODING", "four");
        await c.SameAsync("HSET", "before", "f", "6");
        await c.SameAsync("OBJECT", "ENCODING", "before");

        await c.SameAsync("CONFIG", "SET", "hash-max-ziplist-entries", "100", "hash-max-ziplist-value", "3");
        await HashCommandsTests.ComparePairsAsync(c, "CONFIG", "GET", "hash-max-listpack-*");
        await c.SameAsync("HSET", "short", "abc", "123");
        await c.SameAsync("OBJECT", "ENCODING", "short");
        await c.SameAsync("HSET", "short", "abcd", "1");
        await c.SameAsync("OBJECT", "ENCODING", "short");
        // Integers are judged by their text length too.
        await c.SameAsync("HSET", "int", "a", "1234");
        await c.SameAsync("OBJECT", "ENCODING", "int");

        await c.SameAsync("CONFIG", "SET", "hash-max-listpack-entries", "0", "hash-max-listpack-value", "64");
        await c.SameAsync("HSET", "zero", "a", "1");
        await c.SameAsync("OBJECT", "ENCODING", "zero");
        await c.SameAsync("CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "0");
        await c.SameAsync("HSET", "empty", "", "");
        await c.SameAsync("OBJECT", "ENCODING", "empty");
        await c.SameAsync("HSET", "empty", "", "x");
        await c.SameAsync("OBJECT", "ENCODING", "empty");
        await c.SameAsync("CONFIG", "SET", "hash-max-listpack-value", "64");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Keyspace_commands_carry_hashes_in_both_encodings()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("HSET", "small", "a", "1", "b", "2");
        await c.SameAsync(["HSET", "large", .. Fields("f", 0, 700)]);
        foreach (var key in new[] { "small", "large" })
        {
            await c.SameAsync("COPY", key, key + "-copy");
            await c.SameAsync("OBJECT", "ENCODING", key + "-copy");
            await c.SameAsync("HSET", key + "-copy", "a", "changed");
            await c.SameAsync("HGET", key, "a");
            await c.SameAsync("HGET", key + "-copy", "a");
            await c.SameAsync("TYPE", key);
            await c.SameAsync("RENAME", key + "-copy", key + "-renamed");
            await c.SameAsync("HLEN", key + "-renamed");
            await c.SameAsync("MOVE", key + "-renamed", "1");
            await c.SameAsync("SELECT", "1");
            await c.SameAsync("HGET", key + "-renamed", "a");
            await c.SameAsync("OBJECT", "ENCODING", key + "-renamed");
            await c.SameAsync("SELECT", "0");
            await c.SameAsync("EXPIRE", key, "100");
            await c.SameAsync("HSET", key, "z", "1");
            await c.SameAsync("TTL", key);
        }
        var (redis, basalt) = await c.BothAsync("SCAN", "0", "TYPE", "hash", "COUNT", "100");
        if (redis.Value[0].Text != basalt.Value[0].Text ||
            HashCommandsTests.Canonical(redis.Value[1], pairs: false) != HashCommandsTests.Canonical(basalt.Value[1], pairs: false))
        {
            c.Mismatch($"SCAN 0 TYPE hash\n    redis:  {redis.RawText}\n    basalt: {basalt.RawText}");
        }
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Digest_of_both_encodings_matches_redis_debug_digest_value()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        await redis.ExecuteAsync("FLUSHALL");
        await redis.ExecuteAsync("CONFIG", "SET", "hash-max-listpack-entries", "512");
        var pairs = new List<(string, string)> { ("a", "1"), ("b", "-20"), ("long", new string('q', 100)), ("", "empty field"), ("n", "12345678901234567890") };
        await redis.ExecuteAsync(["HSET", "h", .. pairs.SelectMany(p => new[] { p.Item1, p.Item2 })]);
        var expected = (await redis.ExecuteAsync("DEBUG", "DIGEST-VALUE", "h")).Value.Items[0].Text;

        var limits = new RedisHash.Limits(512, 1000);
        var listpack = RedisHash.Create();
        foreach (var (f, v) in pairs)
        {
            listpack.Set(Encoding.ASCII.GetBytes(f), Encoding.ASCII.GetBytes(v), limits);
        }
        var table = RedisHash.CreateHashtable();
        foreach (var (f, v) in pairs.AsEnumerable().Reverse())
        {
            table.Set(Encoding.ASCII.GetBytes(f), Encoding.ASCII.GetBytes(v), limits);
        }
        Assert.True(listpack.IsListpack);
        Assert.False(table.IsListpack);
        Assert.Equal(expected, DigestValue(listpack));
        Assert.Equal(expected, DigestValue(table));
    }

    private static string DigestValue(RedisHash hash)
    {
        Span<byte> digest = stackalloc byte[RedisDigest.Size];
        RedisDigest.MixType(digest, RedisDigest.TypeHash);
        hash.MixDigest(digest);
        RedisDigest.MixExpire(digest, hasExpire: false);
        return RedisDigest.ToHex(digest);
    }
}
