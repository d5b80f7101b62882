using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Basalt.Commands;
using Basalt.Persistence.Rdb;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Basalt.Tests.Persistence;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// DUMP and RESTORE side by side with redis-server 7.0.15: payloads byte for byte where the
/// encoding has a fixed order, payloads of each server restored by the other to the same value
/// (DEBUG DIGEST-VALUE), legacy encodings, every error and option, the bookkeeping of REPLACE, and
/// corrupt payloads (truncated or altered, with a valid checksum) refused without harm.
/// </summary>
public sealed class DumpRestoreCommandTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    /// <summary>
    /// A value made by <paramref name="Commands"/>. <paramref name="SameBytes"/>: both servers dump
    /// it to the same bytes. <paramref name="Ordered"/>: its encoding has a fixed order, so that a
    /// restored payload dumps back to the same bytes (false for hashtable sets and hashes).
    /// </summary>
    /// <param name="OnlyCompressed">The servers agree only under rdbcompression yes: Redis keeps the inner
    /// nodes of a list under list-compress-depth compressed and writes them so even with
    /// rdbcompression no, which Basalt does not.</param>
    private sealed record Value(string Key, object[][] Commands, bool SameBytes = true, bool Ordered = true, bool OnlyCompressed = false);

    private static readonly Value[] Values = BuildValues();

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    public async Task Dump_gives_redis_bytes_for_fixed_order_encodings(string compression)
    {
        await using var talk = await StartWithValuesAsync(compression);
        foreach (var value in Values)
        {
            var (redis, basalt) = await talk.BothAsync("DUMP", value.Key);
            Assert.NotNull(redis.Value.Bytes);
            Assert.NotNull(basalt.Value.Bytes);
            if (value.OnlyCompressed && compression == "no")
            {
                continue;
            }
            if (value.SameBytes)
            {
                Assert.True(redis.Raw.AsSpan().SequenceEqual(basalt.Raw), $"DUMP {value.Key}\n redis:  {redis.RawText}\n basalt: {basalt.RawText}");
            }
            else
            {
                // Hashtables: the same elements in another order, or times that differ.
                Assert.Equal(redis.Value.Bytes!.Length, basalt.Value.Bytes!.Length);
                Assert.Equal(redis.Value.Bytes[0], basalt.Value.Bytes[0]);
            }
        }
        await talk.SameAsync("DUMP", "missing");
        talk.AssertNoMismatches();
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    public async Task Payloads_move_both_ways_between_redis_and_basalt(string compression)
    {
        await using var talk = await StartWithValuesAsync(compression);
        foreach (var value in Values)
        {
            var copy = "copy:" + value.Key;
            var fromRedis = (await talk.Redis.ExecuteAsync("DUMP", value.Key)).Value.Bytes!;
            var fromBasalt = (await talk.Basalt.ExecuteAsync("DUMP", value.Key)).Value.Bytes!;
            // The digest covers whether a key expires: the copies get the original's expiry time.
            var expireAt = (await talk.Redis.ExecuteAsync("PEXPIRETIME", value.Key)).Value.Integer;
            var ttl = Math.Max(0, expireAt).ToString(CultureInfo.InvariantCulture);

            // Each server restores the other's payload; both must then hold the original value.
            Assert.Equal("OK", (await talk.Basalt.ExecuteAsync("RESTORE", copy, ttl, fromRedis, "ABSTTL")).Text);
            Assert.Equal("OK", (await talk.Redis.ExecuteAsync("RESTORE", copy, ttl, fromBasalt, "ABSTTL")).Text);
            var original = (await talk.Redis.ExecuteAsync("DEBUG", "DIGEST-VALUE", value.Key)).Value[0].Text;
            Assert.Equal((value.Key, original), (value.Key, (await talk.Basalt.ExecuteAsync("DEBUG", "DIGEST-VALUE", copy)).Value[0].Text));
            Assert.Equal((value.Key, original), (value.Key, (await talk.Redis.ExecuteAsync("DEBUG", "DIGEST-VALUE", copy)).Value[0].Text));
            await talk.SameAsync("OBJECT", "ENCODING", copy);
            await talk.SameAsync("TYPE", copy);

            if (value.Ordered && (compression == "yes" || !value.OnlyCompressed))
            {
                // A restored payload dumps back to itself, stream PEL and consumer times included.
                Assert.Equal(Convert.ToHexString(fromRedis), Convert.ToHexString((await talk.Basalt.ExecuteAsync("DUMP", copy)).Value.Bytes!));
                Assert.Equal(Convert.ToHexString(fromBasalt), Convert.ToHexString((await talk.Redis.ExecuteAsync("DUMP", copy)).Value.Bytes!));
            }
            if (value.Key.StartsWith("x:", StringComparison.Ordinal))
            {
                // Consumer groups are outside the digest; restored from the other's payload they must agree.
                var redisCopy = "copy2:" + value.Key;
                Assert.Equal("OK", (await talk.Redis.ExecuteAsync("RESTORE", redisCopy, "0", fromRedis)).Text);
                var redisInfo = await talk.Redis.ExecuteAsync("XINFO", "STREAM", redisCopy, "FULL");
                var basaltInfo = await talk.Basalt.ExecuteAsync("XINFO", "STREAM", copy, "FULL");
                Assert.Equal(redisInfo.RawText, basaltInfo.RawText);
            }
        }
        talk.AssertNoMismatches();
    }

    [Fact]
    public async Task Legacy_encodings_restore_as_redis_restores_them()
    {
        await using var talk = await StartAsync();
        foreach (var (name, payload, ordered) in LegacyPayloads())
        {
            await talk.SameAsync("RESTORE", name, "0", payload);
            await talk.SameAsync("OBJECT", "ENCODING", name);
            await talk.SameAsync("DEBUG", "DIGEST-VALUE", name);
            if (ordered)
            {
                await talk.SameAsync("DUMP", name);
            }
        }
        talk.AssertNoMismatches();
    }

    [Fact]
    public async Task Errors_and_options_match_redis()
    {
        await using var talk = await StartAsync();
        await talk.SameAsync("SET", "a", "hello");
        var payload = (await talk.Redis.ExecuteAsync("DUMP", "a")).Value.Bytes!;
        var body = payload[..^DumpPayload.FooterSize];
        object[][] script =
        [
            ["DUMP"], ["DUMP", "a", "b"], ["RESTORE", "b", "0"], ["DUMP", "missing"],
            ["RESTORE", "a", "0", payload], ["RESTORE", "a", "x", payload], ["RESTORE", "a", "0", "junk"],
            ["RESTORE", "b", "x", payload], ["RESTORE", "b", "-1", payload], ["RESTORE", "b", "99999999999999999999", payload],
            ["RESTORE", "b", "0", "short"], ["RESTORE", "b", "0", payload[..^1]], ["RESTORE", "b", "0", Corrupt(payload, 0)],
            ["RESTORE", "b", "0", Footer(body, 11)], ["RESTORE", "b", "0", Footer(body, 0xFFFF)], ["RESTORE", "b", "0", Footer(body, 0)],
            ["RESTORE", "b", "0", Footer(body, 9)], ["RESTORE", "b2", "0", Footer(body, 1)], ["GET", "b"], ["GET", "b2"],
            ["RESTORE", "c", "0", Footer([], 10)], ["RESTORE", "c", "0", Footer([8], 10)], ["RESTORE", "c", "0", Footer([200], 10)],
            ["RESTORE", "c", "0", Footer([0], 10)], ["RESTORE", "c", "0", Footer([2, 0], 10)], ["RESTORE", "c", "0", Footer([6, 0], 10)],
            ["RESTORE", "c", "0", Footer([7, 0], 10)], ["RESTORE", "c2", "0", new byte[10]], ["GET", "c2"], ["EXISTS", "c"],
            ["RESTORE", "d", "0", payload, "BOGUS"], ["RESTORE", "d", "0", payload, "IDLETIME"], ["RESTORE", "d", "0", payload, "FREQ"],
            ["RESTORE", "d", "0", payload, "IDLETIME", "x"], ["RESTORE", "d", "0", payload, "IDLETIME", "-1"],
            ["RESTORE", "d", "0", payload, "FREQ", "x"], ["RESTORE", "d", "0", payload, "FREQ", "-1"], ["RESTORE", "d", "0", payload, "FREQ", "256"],
            ["RESTORE", "d", "0", payload, "IDLETIME", "1", "FREQ", "1"], ["RESTORE", "d", "0", payload, "FREQ", "1", "IDLETIME", "1"],
            ["RESTORE", "a", "0", payload, "FREQ", "1000"], ["RESTORE", "a", "-1", payload, "BOGUS"], ["RESTORE", "a", "x", payload],
            ["RESTORE", "d", "-5", "junk", "REPLACE"], ["RESTORE", "d", "0", "junk", "replace", "absttl", "freq", "3"],
            ["RESTORE", "d", "0", payload, "replace", "ABSTTL", "REPLACE", "absttl"], ["GET", "d"], ["TTL", "d"],
            ["RESTORE", "e", "0", payload, "ABSTTL"], ["TTL", "e"], ["RESTORE", "f", "1", payload, "ABSTTL"], ["EXISTS", "f"],
            ["RESTORE", "g", "9223372036854775807", payload], ["EXISTS", "g"],
            ["RESTORE", "h", "9223372036854775807", payload, "ABSTTL"], ["PEXPIRETIME", "h"],
            ["RESTORE", "a", "1", payload, "REPLACE", "ABSTTL"], ["EXISTS", "a"], ["DBSIZE"],
        ];
        foreach (var command in script)
        {
            await talk.SameAsync(command);
        }
        await talk.SameAsync("RESTORE", "i", "100000", payload);
        await talk.CompareAsync(ReplyCheck.ClockMillis, "PTTL", "i");
        await talk.SameAsync("RESTORE", "i", "5000", payload, "REPLACE");
        await talk.CompareAsync(ReplyCheck.ClockMillis, "PTTL", "i");
        await talk.SameAsync("RESTORE", "i", "0", payload, "REPLACE");
        await talk.SameAsync("TTL", "i");
        talk.AssertNoMismatches();
    }

    [Fact]
    public async Task Replace_counts_one_change_and_touches_watched_keys()
    {
        await using var talk = await StartAsync();
        await using var watcher = await servers.ConnectAsync();
        await talk.SameAsync("RPUSH", "list", "a", "b");
        var payload = (await talk.Redis.ExecuteAsync("DUMP", "list")).Value.Bytes!;
        var past = "1";
        object[][] steps =
        [
            ["RESTORE", "new", "0", payload],
            ["RESTORE", "new", "0", payload],
            ["RESTORE", "new", "0", payload, "REPLACE"],
            ["RESTORE", "new", "100000", payload, "REPLACE"],
            ["RESTORE", "absent", past, payload, "ABSTTL"],
            ["RESTORE", "absent", past, payload, "ABSTTL", "REPLACE"],
            ["RESTORE", "new", past, payload, "ABSTTL", "REPLACE"],
            ["RESTORE", "new", "0", "junk", "REPLACE"],
            ["RESTORE", "list", "0", payload, "IDLETIME", "-1"],
        ];
        foreach (var step in steps)
        {
            var before = await ChangesAsync(talk);
            await talk.SameAsync(step);
            var after = await ChangesAsync(talk);
            Assert.Equal(after.Redis - before.Redis, after.Basalt - before.Basalt);
            await talk.SameAsync("EXISTS", step[1]);
            await talk.SameAsync("DBSIZE");
        }

        // WATCH sees a replaced key and a deleted one, but not a refused or an expired-at-birth RESTORE.
        (object[] Restore, string Key)[] cases =
        [
            (["RESTORE", "w1", "0", payload, "REPLACE"], "w1"),
            (["RESTORE", "list", "0", payload], "list"),
            (["RESTORE", "w2", past, payload, "ABSTTL"], "w2"),
            (["RESTORE", "list", past, payload, "ABSTTL", "REPLACE"], "list"),
            (["RESTORE", "w3", "0", payload], "w3"),
        ];
        foreach (var (restore, key) in cases)
        {
            await watcher.SameAsync("WATCH", key);
            await watcher.SameAsync("MULTI");
            await watcher.SameAsync("PING");
            await talk.SameAsync(restore);
            await watcher.SameAsync("EXEC");
        }
        talk.AssertNoMismatches();
        watcher.AssertNoMismatches();
    }

    [Fact]
    public async Task Replace_deletes_a_key_that_expired_but_was_not_reaped()
    {
        await using var talk = await StartAsync();
        await talk.SameAsync("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        try
        {
            await talk.SameAsync("SET", "v", "1");
            var payload = (await talk.Redis.ExecuteAsync("DUMP", "v")).Value.Bytes!;
            await talk.SameAsync("SET", "old", "x", "PX", "20");
            await talk.SameAsync("SET", "old2", "x", "PX", "20");
            await talk.SameAsync("SET", "sentinel", "x", "PX", "40");
            // Once the later key is gone on both servers, the earlier ones are expired but still stored.
            await Poll.UntilAsync(async () =>
                    (await talk.Redis.ExecuteAsync("EXISTS", "sentinel")).Value.Integer == 0 &&
                    (await talk.Basalt.ExecuteAsync("EXISTS", "sentinel")).Value.Integer == 0,
                TimeSpan.FromSeconds(10), () => "sentinel key never expired");
            var before = await StatsAsync(talk);
            await talk.SameAsync("RESTORE", "old", "1", payload, "ABSTTL", "REPLACE");
            await talk.SameAsync("RESTORE", "old2", "0", payload);
            var after = await StatsAsync(talk);
            Assert.Equal(after.Redis.Changes - before.Redis.Changes, after.Basalt.Changes - before.Basalt.Changes);
            Assert.Equal(after.Redis.Expired - before.Redis.Expired, after.Basalt.Expired - before.Basalt.Expired);
            await talk.SameAsync("DBSIZE");
            await talk.SameAsync("GET", "old2");
        }
        finally
        {
            await talk.SameAsync("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        }
        talk.AssertNoMismatches();
    }

    [Fact]
    public async Task Idletime_and_freq_apply_only_under_the_matching_policy()
    {
        await using var talk = await StartAsync();
        await talk.SameAsync("SET", "v", "hello");
        var payload = (await talk.Redis.ExecuteAsync("DUMP", "v")).Value.Bytes!;
        try
        {
            string[] idleTimes = ["0", "1000", "100000", "16777214", "16777215", "100000000", "9223372036854775807", "9223372036854"];
            foreach (var idle in idleTimes)
            {
                await talk.SameAsync("RESTORE", "lru:" + idle, "0", payload, "IDLETIME", idle);
                await talk.CompareAsync(ReplyCheck.ClockSeconds, "OBJECT", "IDLETIME", "lru:" + idle);
            }
            await talk.SameAsync("RESTORE", "lru:freq", "0", payload, "FREQ", "100");
            await talk.SameAsync("OBJECT", "FREQ", "lru:freq");
            await talk.CompareAsync(ReplyCheck.ClockSeconds, "OBJECT", "IDLETIME", "lru:freq");

            await talk.SameAsync("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
            await talk.SameAsync("RESTORE", "lfu:freq", "0", payload, "FREQ", "100");
            await talk.SameAsync("OBJECT", "FREQ", "lfu:freq");
            await talk.SameAsync("RESTORE", "lfu:zero", "0", payload, "FREQ", "0");
            await talk.SameAsync("OBJECT", "FREQ", "lfu:zero");
            await talk.SameAsync("RESTORE", "lfu:idle", "0", payload, "IDLETIME", "1000");
            await talk.SameAsync("OBJECT", "FREQ", "lfu:idle");
            await talk.SameAsync("OBJECT", "IDLETIME", "lfu:idle");
            // A replaced key is a new value: it does not inherit the old counter.
            await talk.SameAsync("RESTORE", "lfu:freq", "0", payload, "REPLACE");
            await talk.SameAsync("OBJECT", "FREQ", "lfu:freq");
            await talk.SameAsync("RESTORE", "lfu:freq", "0", payload, "REPLACE", "FREQ", "255");
            await talk.SameAsync("OBJECT", "FREQ", "lfu:freq");
        }
        finally
        {
            await talk.SameAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
        }
        talk.AssertNoMismatches();
    }

    [Fact]
    public async Task Restore_of_a_list_serves_a_blocked_client()
    {
        await using var talk = await StartAsync();
        await using var blocked = await servers.ConnectAsync();
        await talk.SameAsync("RPUSH", "src", "x", "y");
        var payload = (await talk.Redis.ExecuteAsync("DUMP", "src")).Value.Bytes!;
        await blocked.Redis.SendAsync("BLPOP", "dst", "10");
        await blocked.Basalt.SendAsync("BLPOP", "dst", "10");
        await Poll.UntilAsync(async () => await BlockedClientsAsync(talk.Redis) == 1 && await BlockedClientsAsync(talk.Basalt) == 1,
            TimeSpan.FromSeconds(10), () => "BLPOP did not block");
        await talk.SameAsync("RESTORE", "dst", "0", payload);
        var redis = await blocked.Redis.ReadReplyAsync();
        var basalt = await blocked.Basalt.ReadReplyAsync();
        Assert.Equal(redis.RawText, basalt.RawText);
        await talk.SameAsync("LRANGE", "dst", "0", "-1");
        talk.AssertNoMismatches();
    }

    /// <summary>
    /// Every truncation and many single-byte changes of payloads of every type, with the checksum
    /// made valid again so that the value itself is parsed, get the same reply from both servers
    /// under deep sanitization. Streams are the exception: Redis lets some broken metadata through
    /// (length errors it does not check), which Basalt refuses; Basalt never accepts what Redis refuses.
    /// </summary>
    [Fact]
    public async Task Corrupt_payloads_are_refused_as_redis_refuses_them()
    {
        await using var talk = await StartWithValuesAsync("yes");
        await talk.SameAsync("CONFIG", "SET", "sanitize-dump-payload", "yes");
        try
        {
            foreach (var key in CorruptionSources)
            {
                var variants = CorruptVariants((await talk.Redis.ExecuteAsync("DUMP", key)).Value.Bytes!);
                var commands = variants.Select((v, i) => new object[] { "RESTORE", $"bad:{key}:{i}", "0", v }).ToList();
                var redis = await PipelineAsync(talk.Redis, commands);
                var basalt = await PipelineAsync(talk.Basalt, commands);
                for (var i = 0; i < variants.Count; i++)
                {
                    var description = $"{key} variant {i} ({Convert.ToHexString(variants[i])})\n redis: {redis[i].RawText}\n basalt: {basalt[i].RawText}";
                    if (key.StartsWith("x:", StringComparison.Ordinal))
                    {
                        Assert.True(redis[i].RawText == basalt[i].RawText || basalt[i].IsError, description);
                    }
                    else
                    {
                        Assert.True(redis[i].RawText == basalt[i].RawText, description);
                    }
                }
            }
            await talk.SameAsync("PING");
        }
        finally
        {
            await talk.SameAsync("CONFIG", "SET", "sanitize-dump-payload", "no");
        }
        talk.AssertNoMismatches();
    }

    /// <summary>
    /// Basalt alone (Redis itself may crash on these without sanitization): whatever the setting, a
    /// corrupt payload is refused with "Bad data format" or gives a value that every command on it
    /// can read, change and dump again.
    /// </summary>
    [Theory]
    [InlineData("no")]
    [InlineData("yes")]
    public async Task Corrupt_payloads_never_harm_basalt(string sanitize)
    {
        await using var talk = await StartWithValuesAsync("yes");
        var basalt = talk.Basalt;
        Assert.Equal("OK", (await basalt.ExecuteAsync("CONFIG", "SET", "sanitize-dump-payload", sanitize)).Text);
        try
        {
            foreach (var key in CorruptionSources)
            {
                var variants = CorruptVariants((await basalt.ExecuteAsync("DUMP", key)).Value.Bytes!);
                var names = variants.Select((_, i) => $"bad:{key}:{i}").ToArray();
                var replies = await PipelineAsync(basalt, variants.Select((v, i) => new object[] { "RESTORE", names[i], "0", v }).ToList());
                var restored = new List<string>();
                for (var i = 0; i < replies.Length; i++)
                {
                    Assert.True(replies[i].Text is "OK" or "ERR Bad data format", $"{key} variant {i}: {replies[i].RawText}");
                    if (replies[i].Text == "OK")
                    {
                        restored.Add(names[i]);
                    }
                }
                // What was accepted dumps to a payload that restores again.
                var dumps = await PipelineAsync(basalt, restored.Select(name => new object[] { "DUMP", name }).ToList());
                var again = await PipelineAsync(basalt, restored.Select((name, i) => new object[] { "RESTORE", name, "0", dumps[i].Value.Bytes!, "REPLACE" }).ToList());
                for (var i = 0; i < restored.Count; i++)
                {
                    Assert.True(again[i].Text == "OK", $"{restored[i]}: {again[i].RawText} restoring its own DUMP {dumps[i].RawText}");
                }
                // And commands of every family work on it (or refuse it) without harm to the server.
                var effects = await PipelineAsync(basalt, restored.SelectMany(name => ReadAndChange(key, name)).ToList());
                Assert.All(effects, reply => Assert.NotEmpty(reply.Raw));
            }
            Assert.Equal("PONG", (await basalt.ExecuteAsync("PING")).Text);
        }
        finally
        {
            await basalt.ExecuteAsync("CONFIG", "SET", "sanitize-dump-payload", "no");
        }
    }

    /// <summary>
    /// RESTORE is logged as Redis logs it: a relative TTL becomes an absolute one with ABSTTL, a
    /// REPLACE that deletes because the time is past becomes DEL, and what changes nothing is not logged.
    /// </summary>
    [Fact]
    public async Task Restore_is_logged_in_the_append_only_file_as_redis_logs_it()
    {
        string[] args = ["--appendonly", "yes", "--appendfsync", "always"];
        await using var redis = await ServerProcess.StartAsync(ServerKind.Redis, args);
        await using var basalt = await ServerProcess.StartAsync(ServerKind.Basalt, args);
        await using var talk = new Conversation(await redis.ConnectAsync(), await basalt.ConnectAsync());
        await talk.SameAsync("SET", "v", "hello");
        var payload = (await talk.Redis.ExecuteAsync("DUMP", "v")).Value.Bytes!;
        object[][] script =
        [
            ["RESTORE", "a", "100000", payload], ["RESTORE", "b", "0", payload], ["RESTORE", "a", "1", payload, "REPLACE", "ABSTTL"],
            ["RESTORE", "c", "1", payload, "ABSTTL"], ["RESTORE", "b", "0", payload], ["RESTORE", "b", "0", payload, "replace", "IDLETIME", "5"],
            ["RESTORE", "d", "4102444800000", payload, "ABSTTL"], ["SET", "end", "1"],
        ];
        foreach (var command in script)
        {
            await talk.SameAsync(command);
        }
        talk.AssertNoMismatches();
        var redisLog = AppendOnlyCommands(redis.Dir);
        var basaltLog = AppendOnlyCommands(basalt.Dir);
        Assert.Equal(redisLog.Count, basaltLog.Count);
        for (var i = 0; i < redisLog.Count; i++)
        {
            var (expected, actual) = (redisLog[i], basaltLog[i]);
            if (expected.Name == "RESTORE" && expected.Arg(2) != "0" && expected.Arg(2) != actual.Arg(2))
            {
                // The absolute time comes from each server's clock.
                Assert.InRange(long.Parse(actual.Arg(2), CultureInfo.InvariantCulture) - long.Parse(expected.Arg(2), CultureInfo.InvariantCulture), -5000, 5000);
                expected = expected with { Args = [.. expected.Args.Take(2), [], .. expected.Args.Skip(3)] };
                actual = actual with { Args = [.. actual.Args.Take(2), [], .. actual.Args.Skip(3)] };
            }
            Assert.Equal(expected.ToString(), actual.ToString());
        }
    }

    private static List<AofFileCommand> AppendOnlyCommands(string dir)
    {
        var file = Directory.GetFiles(Path.Combine(dir, "appendonlydir"), "*.incr.aof").Single();
        return AofCommandFile.Parse(File.ReadAllBytes(file)).Commands.ToList();
    }

    /// <summary>
    /// A hash listpack with a repeated field passes the shallow checks: "no" takes it as Redis does,
    /// "yes" refuses it, and so does "clients" for a normal client's RESTORE.
    /// </summary>
    [Fact]
    public async Task Sanitize_dump_payload_decides_whether_duplicates_are_found()
    {
        await using var talk = await StartAsync();
        await talk.SameAsync("HSET", "h", "f1", "v1", "f2", "v2");
        var body = (await talk.Redis.ExecuteAsync("DUMP", "h")).Value.Bytes![..^DumpPayload.FooterSize];
        var at = body.AsSpan().IndexOf(new byte[] { 0x82, (byte)'f', (byte)'2' });
        Assert.True(at > 0);
        body[at + 2] = (byte)'1';
        var duplicated = Footer(body, 10);
        foreach (var setting in new[] { "no", "yes", "clients", "no" })
        {
            await talk.SameAsync("CONFIG", "SET", "sanitize-dump-payload", setting);
            await talk.SameAsync("RESTORE", "dup:" + setting, "0", duplicated, "REPLACE");
            await talk.SameAsync("HLEN", "dup:" + setting);
            await talk.SameAsync("HGETALL", "dup:" + setting);
        }
        talk.AssertNoMismatches();
    }

    [Fact]
    public void Redis_lru_idle_arithmetic_wraps_with_the_24_bit_clock()
    {
        // 100 seconds into a 24-bit clock period.
        var now = (((1L << 24) * 100) + 100) * 1000;
        Assert.Equal(0, DumpRestoreCommands.RedisLruIdleSeconds(0, now));
        Assert.Equal(100, DumpRestoreCommands.RedisLruIdleSeconds(100, now));
        // An idle time beyond the clock makes Redis add LRU_CLOCK_MAX (2^24 - 1) once, which its
        // reading of the field undoes exactly.
        Assert.Equal(1000, DumpRestoreCommands.RedisLruIdleSeconds(1000, now));
        Assert.Equal(16777214, DumpRestoreCommands.RedisLruIdleSeconds(16777214, now));
        // A whole period of the clock looks like no idle time at all.
        Assert.Equal(0, DumpRestoreCommands.RedisLruIdleSeconds(16777215, now));
        // idle * 1000 overflows to -1000: the key looks one second in the future, the most idle possible.
        Assert.Equal(16777214, DumpRestoreCommands.RedisLruIdleSeconds(long.MaxValue, now));
    }

    [Fact]
    public void Payload_verification_checks_length_version_and_checksum()
    {
        var good = Footer([0, 1, (byte)'x'], 10);
        Assert.True(DumpRestoreCommands.IsVerified(good));
        Assert.True(DumpRestoreCommands.IsVerified(Footer([0, 1, (byte)'x'], 1)));
        Assert.False(DumpRestoreCommands.IsVerified(Footer([0, 1, (byte)'x'], 11)));
        // Redis's CRC-64 starts from 0 without a final xor, so leading zero bytes do not change it.
        Assert.True(DumpRestoreCommands.IsVerified(good.AsSpan(1)));
        Assert.False(DumpRestoreCommands.IsVerified([(byte)'!', .. good]));
        Assert.False(DumpRestoreCommands.IsVerified(good.AsSpan(0, 9)));
        for (var i = 0; i < good.Length; i++)
        {
            var bad = good.ToArray();
            bad[i] ^= 0x10;
            Assert.False(DumpRestoreCommands.IsVerified(bad), $"byte {i} changed");
        }
    }

    private static readonly string[] CorruptionSources =
    [
        "s:compressible", "s:int32", "l:small", "l:nodes", "l:compressed", "set:i16", "set:strings", "h:small", "h:long", "z:small", "z:long", "x:groups", "x:empty",
    ];

    /// <summary>Every truncation of the value and three byte changes at each position, each with a valid footer.</summary>
    private static List<byte[]> CorruptVariants(byte[] payload)
    {
        var body = payload[..^DumpPayload.FooterSize];
        var variants = new List<byte[]>();
        for (var length = 0; length < body.Length; length++)
        {
            variants.Add(Footer(body[..length], 10));
        }
        var random = new Random(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            foreach (var change in new[] { 0x01, 0x80, random.Next(1, 256) })
            {
                var altered = body.ToArray();
                altered[i] ^= (byte)change;
                variants.Add(Footer(altered, 10));
            }
        }
        return variants;
    }

    /// <summary>Reads and changes of the family of the value a corrupt payload came from (a changed type byte gets WRONGTYPE).</summary>
    private static IEnumerable<object[]> ReadAndChange(string source, string key)
    {
        yield return ["DEBUG", "DIGEST-VALUE", key];
        yield return ["OBJECT", "ENCODING", key];
        object[][] family = source[..source.IndexOf(':')] switch
        {
            "s" => [["GET", key], ["STRLEN", key], ["APPEND", key, "z"], ["INCR", key]],
            "l" => [["LRANGE", key, "0", "-1"], ["LINDEX", key, "-1"], ["RPUSH", key, "z"], ["LINSERT", key, "BEFORE", "a", "y"], ["LPOP", key]],
            "set" => [["SMEMBERS", key], ["SISMEMBER", key, "2"], ["SADD", key, "z", "70000"], ["SPOP", key]],
            "h" => [["HGETALL", key], ["HGET", key, "f1"], ["HSET", key, "z", "1"], ["HDEL", key, "f1"]],
            "z" => [["ZRANGE", key, "0", "-1", "WITHSCORES"], ["ZSCORE", key, "one"], ["ZADD", key, "1", "z"], ["ZPOPMIN", key]],
            _ =>
            [
                ["XRANGE", key, "-", "+"], ["XREVRANGE", key, "+", "-"], ["XINFO", "STREAM", key, "FULL"], ["XINFO", "GROUPS", key],
                ["XADD", key, "*", "a", "b"], ["XAUTOCLAIM", key, "g1", "zed", "0", "0-0"], ["XPENDING", key, "g1"],
                ["XTRIM", key, "MAXLEN", "1"],
            ],
        };
        foreach (var command in family)
        {
            yield return command;
        }
        yield return ["DUMP", key];
    }

    private static async Task<RespReply[]> PipelineAsync(RespConnection connection, IReadOnlyList<object[]> commands)
    {
        var replies = new RespReply[commands.Count];
        const int Batch = 256;
        for (var start = 0; start < commands.Count; start += Batch)
        {
            var count = Math.Min(Batch, commands.Count - start);
            await connection.SendRawAsync(RespFormat.EncodePipeline(commands.Skip(start).Take(count)));
            for (var i = 0; i < count; i++)
            {
                replies[start + i] = await connection.ReadReplyAsync();
            }
        }
        return replies;
    }

    /// <summary>A conversation with both servers emptied, on database 0, with Redis's default settings for DUMP.</summary>
    private async Task<Conversation> StartAsync(string compression = "yes")
    {
        var talk = await servers.ConnectAsync();
        await talk.SameAsync("FLUSHALL");
        await talk.SameAsync("CONFIG", "SET", "rdbcompression", compression);
        await talk.SameAsync("CONFIG", "SET", "sanitize-dump-payload", "no");
        await talk.SameAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
        talk.AssertNoMismatches();
        return talk;
    }

    private async Task<Conversation> StartWithValuesAsync(string compression)
    {
        var talk = await StartAsync(compression);
        var commands = Values.SelectMany(v => v.Commands).ToList();
        var redis = await PipelineAsync(talk.Redis, commands);
        var basalt = await PipelineAsync(talk.Basalt, commands);
        for (var i = 0; i < commands.Count; i++)
        {
            Assert.False(redis[i].IsError, $"{RespFormat.DescribeCommand(commands[i].Select(RespFormat.ToBytes))}: {redis[i].RawText}");
            Assert.False(basalt[i].IsError, $"{RespFormat.DescribeCommand(commands[i].Select(RespFormat.ToBytes))}: {basalt[i].RawText}");
        }
        return talk;
    }

    private static async Task<(long Redis, long Basalt)> ChangesAsync(Conversation talk) =>
        ((await StatsOfAsync(talk.Redis)).Changes, (await StatsOfAsync(talk.Basalt)).Changes);

    private static async Task<((long Changes, long Expired) Redis, (long Changes, long Expired) Basalt)> StatsAsync(Conversation talk) =>
        (await StatsOfAsync(talk.Redis), await StatsOfAsync(talk.Basalt));

    private static async Task<(long Changes, long Expired)> StatsOfAsync(RespConnection connection)
    {
        var info = (await connection.ExecuteAsync("INFO")).Text!;
        return (InfoField(info, "rdb_changes_since_last_save"), InfoField(info, "expired_keys"));
    }

    private static async Task<long> BlockedClientsAsync(RespConnection connection) =>
        InfoField((await connection.ExecuteAsync("INFO", "clients")).Text!, "blocked_clients");

    private static long InfoField(string info, string name)
    {
        var line = info.Split("\r\n").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>A payload of <paramref name="body"/> (type byte and value) with the given version and a valid CRC-64.</summary>
    private static byte[] Footer(byte[] body, ushort version)
    {
        var payload = new byte[body.Length + DumpPayload.FooterSize];
        body.CopyTo(payload, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(body.Length), version);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(body.Length + 2), Crc64.Compute(payload.AsSpan(0, body.Length + 2)));
        return payload;
    }

    private static byte[] Corrupt(byte[] payload, int index)
    {
        var copy = payload.ToArray();
        copy[index] ^= 0xFF;
        return copy;
    }

    /// <summary>Payloads in the encodings of older Redis versions, which 7.0 still restores (and converts).</summary>
    private static IEnumerable<(string Name, byte[] Payload, bool Ordered)> LegacyPayloads()
    {
        static byte[] Of(byte type, RdbBytes value, ushort version = 10) => Footer([type, .. value.ToArray()], version);

        yield return ("old:string-v6", Of(RdbFormat.TypeString, new RdbBytes().String("from redis 3"), 6), true);
        yield return ("old:int-string", Of(RdbFormat.TypeString, new RdbBytes().Raw(0xC1, 0x39, 0x30)), true);
        yield return ("old:lzf-string", Of(RdbFormat.TypeString, new RdbBytes().Raw(0xC3, 0x06, 0x0A, 0x02, (byte)'a', (byte)'b', (byte)'c', 0xA0, 0x02)), true);
        yield return ("old:linked-list", Of(RdbFormat.TypeList, new RdbBytes().Length(3).String("a").String("12").String(new string('z', 100))), true);
        yield return ("old:set-ints", Of(RdbFormat.TypeSet, new RdbBytes().Length(3).String("3").String("-1").String("2")), true);
        yield return ("old:set-strings", Of(RdbFormat.TypeSet, new RdbBytes().Length(2).String("b").String("a")), false);
        yield return ("old:zset-legacy-doubles", Of(RdbFormat.TypeZset, new RdbBytes().Length(3)
            .String("one").Raw(1, (byte)'1').String("inf").Raw(254).String("half").Raw(3, (byte)'0', (byte)'.', (byte)'5')), true);
        yield return ("old:zset2", Of(RdbFormat.TypeZset2, new RdbBytes().Length(2).String("b").Double(2.5).String("a").Double(-1)), true);
        yield return ("old:hash", Of(RdbFormat.TypeHash, new RdbBytes().Length(2).String("f1").String("v1").String("f2").String("22")), true);
        yield return ("old:zipmap", Of(RdbFormat.TypeHashZipmap, new RdbBytes().String(RdbBytes.Zipmap("name", "redis", "n", "12"))), true);
        yield return ("old:ziplist-list", Of(RdbFormat.TypeListZiplist, new RdbBytes().String(RdbBytes.Ziplist("a", 5L, -300L, 70000L, "tail"))), true);
        yield return ("old:intset", Of(RdbFormat.TypeSetIntset, new RdbBytes().String(RdbBytes.Intset16(-3, 1, 200))), true);
        yield return ("old:ziplist-zset", Of(RdbFormat.TypeZsetZiplist, new RdbBytes().String(RdbBytes.Ziplist("m1", "1.5", "m2", 7L))), true);
        yield return ("old:ziplist-hash", Of(RdbFormat.TypeHashZiplist, new RdbBytes().String(RdbBytes.Ziplist("f", "v", "n", 42L))), true);
        yield return ("old:quicklist-v1", Of(RdbFormat.TypeListQuicklist, new RdbBytes().Length(2)
            .String(RdbBytes.Ziplist("a", "b", 3L)).String(RdbBytes.Ziplist(4L, "e"))), true);
        // Malformed legacy forms: a duplicate set member, a zipmap hash with a repeated field, an empty ziplist list.
        yield return ("old:dup-set", Of(RdbFormat.TypeSet, new RdbBytes().Length(2).String("a").String("a")), true);
        yield return ("old:empty-ziplist", Of(RdbFormat.TypeListZiplist, new RdbBytes().String(RdbBytes.Ziplist())), true);
        yield return ("old:empty-set", Of(RdbFormat.TypeSet, new RdbBytes().Length(0)), true);
    }

    private static Value[] BuildValues()
    {
        var values = new List<Value>();
        void Strings(params (string Key, string Text)[] strings)
        {
            foreach (var (key, text) in strings)
            {
                values.Add(new Value(key, [["SET", key, text]]));
            }
        }
        Strings(("s:short", "hello"), ("s:empty", ""), ("s:int8", "-5"), ("s:int16", "12345"), ("s:int32", "100000"),
            ("s:int64", "12345678901"), ("s:max", "9223372036854775807"), ("s:min", "-9223372036854775808"), ("s:lead0", "007"),
            ("s:20", new string('a', 20)), ("s:21", new string('a', 21)), ("s:compressible", string.Concat(Enumerable.Repeat("redis-", 40))),
            ("s:float", "3.14"), ("s:binary", "\0\u0001 tab\t crlf\r\n"));
        var random = new byte[100_000];
        new Random(7).NextBytes(random);
        values.Add(new Value("s:random", [["SET", "s:random", random]]));
        values.Add(new Value("s:rawint", [["SETRANGE", "s:rawint", "0", "100"]]));
        values.Add(new Value("s:ttl", [["SET", "s:ttl", "expiring", "EX", "1000"]]));

        values.Add(new Value("l:small", [["RPUSH", "l:small", "a", "b", "c", "1", "2", "-100", "12345678901234"]]));
        var elements = Enumerable.Range(0, 2000).Select(i => (object)$"element-{i:D4}").ToArray();
        values.Add(new Value("l:big", [["RPUSH", "l:big", .. elements]]));
        values.Add(new Value("l:plain", [["RPUSH", "l:plain", "small", new string('b', 9000), "12", new string('c', 70_000), "-3", "tail"]]));
        values.Add(new Value("l:nodes", [
            ["CONFIG", "SET", "list-max-listpack-size", "2"], ["RPUSH", "l:nodes", "a", "b", "c", "4", "-5"],
            ["CONFIG", "SET", "list-max-listpack-size", "-2"],
        ]));
        var compressible = Enumerable.Range(0, 12).Select(i => (object)$"compressible-element-{i:D4}-{new string('x', 30)}").ToArray();
        values.Add(new Value("l:compressed", [
            ["CONFIG", "SET", "list-compress-depth", "1"], ["CONFIG", "SET", "list-max-listpack-size", "3"], ["RPUSH", "l:compressed", .. compressible],
            ["CONFIG", "SET", "list-max-listpack-size", "-2"], ["CONFIG", "SET", "list-compress-depth", "0"],
        ], OnlyCompressed: true));
        values.Add(new Value("l:lpush", [["LPUSH", "l:lpush", "1", "two", "-300000", "4.5", "99999999999"]]));

        values.Add(new Value("set:i16", [["SADD", "set:i16", "1", "2", "3", "-4"]]));
        values.Add(new Value("set:i32", [["SADD", "set:i32", "1", "100000", "-70000"]]));
        values.Add(new Value("set:i64", [["SADD", "set:i64", "1", "12345678901"]]));
        values.Add(new Value("set:strings", [["SADD", "set:strings", "a", "b", "c", "12"]], SameBytes: false, Ordered: false));
        var ints = Enumerable.Range(0, 600).Select(i => (object)(i * 3).ToString(CultureInfo.InvariantCulture)).ToArray();
        values.Add(new Value("set:big", [["SADD", "set:big", .. ints]], SameBytes: false, Ordered: false));

        values.Add(new Value("h:small", [["HSET", "h:small", "f1", "v1", "f2", "22", "neg", "-42", "big", "1234567890123"]]));
        values.Add(new Value("h:long", [["HSET", "h:long", "f1", new string('v', 70), "f2", "x"]], SameBytes: false, Ordered: false));
        var fields = Enumerable.Range(0, 600).SelectMany(i => new object[] { $"field:{i}", i.ToString(CultureInfo.InvariantCulture) }).ToArray();
        values.Add(new Value("h:big", [["HSET", "h:big", .. fields]], SameBytes: false, Ordered: false));

        values.Add(new Value("z:small", [["ZADD", "z:small", "1", "one", "2", "two", "3.14159", "pi", "-2.5", "neg", "+inf", "inf", "-inf", "ninf", "1e20", "big"]]));
        var members = Enumerable.Range(0, 200).SelectMany(i => new object[] { (i * 1.5).ToString("R", CultureInfo.InvariantCulture), $"member:{i:D3}" }).ToArray();
        values.Add(new Value("z:big", [["ZADD", "z:big", .. members]]));
        values.Add(new Value("z:long", [["ZADD", "z:long", "1", new string('m', 80), "2", "short"]]));

        var entries = Enumerable.Range(1, 250).Select(i => (object[])["XADD", "x:plain", $"{1000 + (i / 3)}-{i % 3}", "f", $"v{i}", i % 7 == 0 ? "extra" : "g", "h"]);
        values.Add(new Value("x:plain", [.. entries, ["XDEL", "x:plain", "1001-0", "1010-2", "1050-1"]]));
        values.Add(new Value("x:empty", [["XADD", "x:empty", "5-5", "a", "b"], ["XDEL", "x:empty", "5-5"]]));
        values.Add(new Value("x:groups", [
            ["XADD", "x:groups", "1-1", "a", "1"], ["XADD", "x:groups", "1-2", "b", "2"], ["XADD", "x:groups", "2-0", "c", "3"],
            ["XADD", "x:groups", "3-0", "d", "4"], ["XGROUP", "CREATE", "x:groups", "g1", "0"],
            ["XREADGROUP", "GROUP", "g1", "alice", "COUNT", "2", "STREAMS", "x:groups", ">"],
            ["XREADGROUP", "GROUP", "g1", "bob", "COUNT", "1", "STREAMS", "x:groups", ">"], ["XACK", "x:groups", "g1", "1-1"],
            ["XGROUP", "CREATE", "x:groups", "g2", "$"], ["XGROUP", "CREATECONSUMER", "x:groups", "g2", "carol"],
            ["XGROUP", "CREATE", "x:groups", "g3", "1-2", "ENTRIESREAD", "2"],
        ], SameBytes: false));
        values.Add(new Value("x:group-only", [["XGROUP", "CREATE", "x:group-only", "g", "$", "MKSTREAM"]]));
        return values.ToArray();
    }
}
