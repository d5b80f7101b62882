using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>DEBUG subcommands side by side with redis-server (both started with enable-debug-command yes).</summary>
public sealed partial class DebugCommandTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    [Fact]
    public async Task Debug_argument_errors_match_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("DEBUG");
        await c.SameAsync("DEBUG", "nosuchsubcommand");
        await c.SameAsync("DEBUG", "HELP", "extra");
        await c.SameAsync("DEBUG", "SLEEP");
        await c.SameAsync("DEBUG", "OBJECT");
        await c.SameAsync("DEBUG", "OBJECT", "a", "b");
        await c.SameAsync("DEBUG", "OBJECT", "missing");
        await c.SameAsync("DEBUG", "LOG");
        await c.SameAsync("DEBUG", "DIGEST", "x");
        await c.SameAsync("DEBUG", "POPULATE");
        await c.SameAsync("DEBUG", "POPULATE", "1", "a", "1", "x");
        await c.SameAsync("DEBUG", "POPULATE", "-1");
        await c.SameAsync("DEBUG", "POPULATE", "abc");
        await c.SameAsync("DEBUG", "POPULATE", "5", "p", "-3");
        await c.SameAsync("DEBUG", "POPULATE", "5", "p", "x");
        await c.SameAsync("DEBUG", "PROTOCOL");
        await c.SameAsync("DEBUG", "PROTOCOL", "nosuchtype");
        await c.SameAsync("DEBUG", "HTSTATS", "x");
        await c.SameAsync("DEBUG", "HTSTATS", "16");
        await c.SameAsync("DEBUG", "HTSTATS", "-1");
        await c.SameAsync("DEBUG", "HTSTATS-KEY", "missing");
        await c.SameAsync("DEBUG", "SET-ACTIVE-EXPIRE");
        await c.SameAsync("DEBUG", "PAUSE-CRON");
        await c.SameAsync("DEBUG", "ERROR");
        await c.SameAsync("DEBUG", "CONFIG-REWRITE-FORCE-ALL", "x");
        // Started without a config file, Redis hands fopen() a NULL path.
        await c.SameAsync("DEBUG", "CONFIG-REWRITE-FORCE-ALL");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Simple_subcommands_match_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("DEBUG", "SLEEP", "0");
        await c.SameAsync("DEBUG", "SLEEP", "abc");
        await c.SameAsync("DEBUG", "SLEEP", "0.001");
        await c.SameAsync("DEBUG", "LOG", "a line from the test");
        await c.SameAsync("DEBUG", "ERROR", "CUSTOM made up error");
        await c.SameAsync("DEBUG", "ERROR", "with\r\nnewlines");
        await c.SameAsync("DEBUG", "ERROR", "");
        await c.SameAsync("DEBUG", "SET-ACTIVE-EXPIRE", "x");
        await c.SameAsync("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        await c.SameAsync("DEBUG", "PAUSE-CRON", "0");
        await c.SameAsync("debug", "pause-cron", "no");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Debug_log_writes_to_the_server_log()
    {
        await using var connection = await servers.Basalt.ConnectAsync();
        var from = servers.Basalt.LogLineCount;
        Assert.Equal("OK", (await connection.ExecuteAsync("DEBUG", "LOG", "marker-7d1e")).Text);
        await servers.Basalt.WaitForLogLineAsync(@"^\d+:M \d\d \w{3} \d{4} [\d:.]+ # DEBUG LOG: marker-7d1e$", TimeSpan.FromSeconds(10), from);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("3")]
    public async Task Protocol_samples_match_redis(string protocol)
    {
        await using var c = await servers.ConnectAsync();
        await c.SameHelloAsync("HELLO", protocol);
        foreach (var type in new[] { "string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib", "push", "verbatim", "true", "false", "STRING" })
        {
            await c.SameAsync("DEBUG", "PROTOCOL", type);
        }
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Digest_matches_redis_on_a_populated_keyspace_with_expiries()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        // An empty dataset digests to zeros.
        await c.SameAsync("DEBUG", "DIGEST");
        await c.SameAsync("DEBUG", "DIGEST-VALUE");
        await c.SameAsync("DEBUG", "POPULATE", "1000");
        await c.SameAsync("DEBUG", "POPULATE", "100", "sized", "30");
        await c.SameAsync("DEBUG", "POPULATE", "100", "short", "3");
        await c.SameAsync("DBSIZE");
        await c.SameAsync("DEBUG", "DIGEST");
        // Values of every string encoding, and keys with a TTL (its presence counts, not its value).
        await c.SameAsync("SET", "int", "12345");
        await c.SameAsync("SET", "negative", "-9223372036854775808");
        await c.SameAsync("SET", "embstr", "hello");
        await c.SameAsync("SET", "raw", new string('r', 100));
        await c.SameAsync("SET", "binary", new byte[] { 0, 1, 2, 255, 13, 10 });
        await c.SameAsync("SET", "ttl", "v", "EX", "1000");
        await c.SameAsync("SET", "pttl", "12", "PX", "5000000");
        await c.SameAsync("EXPIRE", "key:7", "100");
        await c.SameAsync("APPEND", "embstr", " world");
        await c.SameAsync("SELECT", "9");
        await c.SameAsync("SET", "other-db", "x");
        await c.SameAsync("SELECT", "0");
        await c.SameAsync("DEBUG", "DIGEST");
        await c.SameAsync("DEBUG", "DIGEST-VALUE", "int", "negative", "embstr", "raw", "binary", "ttl", "pttl", "key:7", "key:8", "missing");
        // The database number is part of the digest: the same key elsewhere gives another digest.
        await c.SameAsync("MOVE", "other-db", "0");
        await c.SameAsync("SELECT", "9");
        await c.SameAsync("MOVE", "other-db", "0");
        await c.SameAsync("SELECT", "0");
        await c.SameAsync("DEBUG", "DIGEST");
        await c.SameAsync("PERSIST", "key:7");
        await c.SameAsync("DEBUG", "DIGEST");
        await c.SameAsync("DEBUG", "DIGEST-VALUE", "key:7");
        await c.SameAsync("FLUSHALL");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Populate_creates_the_same_keys_as_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("SELECT", "5");
        await c.SameAsync("FLUSHDB");
        await c.SameAsync("DEBUG", "POPULATE", "0");
        await c.SameAsync("DBSIZE");
        await c.SameAsync("SET", "key:1", "kept");
        await c.SameAsync("DEBUG", "POPULATE", "3");
        await c.SameAsync("MGET", "key:0", "key:1", "key:2", "key:3");
        await c.SameAsync("DEBUG", "POPULATE", "2", "p", "0");
        await c.SameAsync("DEBUG", "POPULATE", "2", "q", "2");
        await c.SameAsync("DEBUG", "POPULATE", "2", "r", "20");
        await c.SameAsync("DEBUG", "POPULATE", "2", "s", "50");
        await c.SameAsync("MGET", "p:1", "q:1", "r:1", "s:1");
        await c.SameAsync("OBJECT", "ENCODING", "p:1");
        await c.SameAsync("OBJECT", "ENCODING", "s:1");
        await c.SameAsync("DEBUG", "POPULATE", "2", new string('x', 200));
        await c.SameAsync("DBSIZE");
        await c.SameAsync("KEYS", "xxx*");
        await c.SameAsync("DEBUG", "DIGEST");
        await c.SameAsync("FLUSHDB");
        await c.SameAsync("SELECT", "0");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Object_reports_what_redis_reports()
    {
        await using var c = await servers.ConnectAsync();
        var values = new Dictionary<string, string>
        {
            ["small"] = "5",
            ["int16"] = "-129",
            ["int32"] = "50000",
            ["int64"] = "12345678901",
            ["long-int"] = "123456789012345678",
            ["embstr"] = "value:1",
            ["twenty"] = new string('t', 20),
            // Long strings that LZF cannot shrink are stored as they are; Basalt has no LZF compressor for the others yet.
            ["raw"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-./",
        };
        foreach (var (key, value) in values)
        {
            await c.SameAsync("SET", "object:" + key, value);
            var (redis, basalt) = await c.BothAsync("DEBUG", "OBJECT", "object:" + key);
            Assert.Equal(RespType.SimpleString, basalt.Value.Type);
            var r = ObjectLine().Match(redis.Text!);
            var b = ObjectLine().Match(basalt.Text!);
            Assert.True(b.Success, basalt.Text);
            foreach (var field in new[] { "refcount", "encoding", "serializedlength" })
            {
                if (r.Groups[field].Value != b.Groups[field].Value)
                {
                    c.Mismatch($"DEBUG OBJECT object:{key}: {field} {r.Groups[field].Value} in redis, {b.Groups[field].Value} in basalt");
                }
            }
            Assert.InRange(long.Parse(b.Groups["idle"].Value, CultureInfo.InvariantCulture), 0, 2);
            await c.SameAsync("DEL", "object:" + key);
        }
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Object_serialized_length_of_long_strings_without_compression_matches_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("CONFIG", "SET", "rdbcompression", "no");
        try
        {
            foreach (var length in new[] { 21, 63, 64, 16383, 16384, 70000 })
            {
                await c.SameAsync("SET", "long", new string('r', length));
                var (redis, basalt) = await c.BothAsync("DEBUG", "OBJECT", "long");
                Assert.Equal(ObjectLine().Match(redis.Text!).Groups["serializedlength"].Value, ObjectLine().Match(basalt.Text!).Groups["serializedlength"].Value);
            }
        }
        finally
        {
            await c.SameAsync("CONFIG", "SET", "rdbcompression", "yes");
            await c.SameAsync("DEL", "long");
        }
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Htstats_describes_the_key_table()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("SELECT", "6");
        await c.SameAsync("FLUSHDB");
        await c.SameAsync("DEBUG", "HTSTATS", "6");
        await c.SameAsync("DEBUG", "POPULATE", "500");
        await c.SameAsync("EXPIRE", "key:1", "100");
        await c.SameAsync("DEBUG", "HTSTATS-KEY", "key:1");
        var text = (await c.Basalt.ExecuteAsync("DEBUG", "HTSTATS", "6")).Text!;
        Assert.StartsWith("[Dictionary HT]\nHash table 0 stats (main hash table):\n table size: ", text);
        Assert.Contains("\n number of elements: 500\n", text);
        Assert.Contains("\n Chain length distribution:\n", text);
        Assert.Contains("[Expires HT]\n", text);
        Assert.EndsWith(" number of elements: 1\n", text);
        await c.SameAsync("FLUSHDB");
        await c.SameAsync("SELECT", "0");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Help_lists_exactly_the_supported_subcommands()
    {
        await using var connection = await servers.Basalt.ConnectAsync();
        var help = (await connection.ExecuteAsync("DEBUG", "HELP")).Value;
        Assert.Equal("DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help[0].Text);
        var names = help.Items.Skip(1).Select(i => i.Text!).Where(t => !t.StartsWith(' ')).Select(t => t.Split(' ')[0]).ToList();
        Assert.Equal(
            ["CONFIG-REWRITE-FORCE-ALL", "DIGEST", "DIGEST-VALUE", "ERROR", "LOG", "HTSTATS", "HTSTATS-KEY", "LOADAOF", "OBJECT", "POPULATE",
             "PROTOCOL", "RELOAD", "SET-ACTIVE-EXPIRE", "SLEEP", "PAUSE-CRON", "HELP"],
            names);
    }

    [Fact]
    public async Task Sleep_stops_the_whole_server()
    {
        await using var sleeper = await servers.Basalt.ConnectAsync();
        await using var other = await servers.Basalt.ConnectAsync();
        // TIME, SLEEP, TIME in one pipeline: no other client's command may run between the two TIMEs.
        var sleeping = Task.Run(async () =>
        {
            await sleeper.SendRawAsync(RespFormat.EncodePipeline([["TIME"], ["DEBUG", "SLEEP", "0.3"], ["TIME"]]));
            var before = Micros((await sleeper.ReadReplyAsync()).Value);
            Assert.Equal("OK", (await sleeper.ReadReplyAsync()).Text);
            return (Before: before, After: Micros((await sleeper.ReadReplyAsync()).Value));
        });
        var seenByOther = new List<long>();
        while (!sleeping.IsCompleted)
        {
            seenByOther.Add(Micros((await other.ExecuteAsync("TIME")).Value));
        }
        var (before, after) = await sleeping;
        Assert.True(after - before >= 300_000, $"slept {after - before} us");
        Assert.DoesNotContain(seenByOther, t => t > before && t < before + 300_000);
    }

    private static long Micros(RespValue time) =>
        long.Parse(time[0].Text!, CultureInfo.InvariantCulture) * 1_000_000 + long.Parse(time[1].Text!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Set_active_expire_zero_keeps_expired_keys_until_they_are_read()
    {
        await using var connection = await servers.Basalt.ConnectAsync();
        await connection.ExecuteAsync("SELECT", "7");
        await connection.ExecuteAsync("FLUSHDB");
        Assert.Equal("OK", (await connection.ExecuteAsync("DEBUG", "SET-ACTIVE-EXPIRE", "0")).Text);
        try
        {
            for (var i = 0; i < 50; i++)
            {
                await connection.ExecuteAsync("SET", "volatile:" + i, "v", "PX", "1");
            }
            // Expired at once, but nobody deletes them: DBSIZE counts keys not yet deleted.
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromMilliseconds(500))
            {
                Assert.Equal(50, (await connection.ExecuteAsync("DBSIZE")).Value.Integer);
                await Task.Delay(50);
            }
            Assert.Equal("OK", (await connection.ExecuteAsync("DEBUG", "SET-ACTIVE-EXPIRE", "1")).Text);
            await Poll.UntilAsync(async () => (await connection.ExecuteAsync("DBSIZE")).Value.Integer == 0,
                TimeSpan.FromSeconds(10), () => "the active expire cycle did not delete the keys once enabled again");
        }
        finally
        {
            await connection.ExecuteAsync("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            await connection.ExecuteAsync("FLUSHDB");
        }
    }

    [GeneratedRegex(@"^Value at:0x[0-9a-f]+ refcount:(?<refcount>\d+) encoding:(?<encoding>\S+) serializedlength:(?<serializedlength>\d+) lru:\d+ lru_seconds_idle:(?<idle>\d+)$")]
    private static partial Regex ObjectLine();
}

/// <summary>DEBUG CONFIG-REWRITE-FORCE-ALL, on servers started from a config file of their own.</summary>
public sealed class DebugConfigRewriteTests
{
    /// <summary>
    /// Options the reference writes that Basalt leaves out: ACL users (Basalt keeps the user lines of
    /// the file as they are) and a parameter Debian's redis-server 7.0.15 gained from a security backport; and
    /// snapshot-memory-limit and aof-history-retention, Basalt's own (the forkless snapshot's memory
    /// cap; the rewrites' history kept for point-in-time restore).
    /// </summary>
    private static readonly string[] NotCompared = ["user", "lua-enable-deprecated-api", "snapshot-memory-limit", "aof-history-retention"];

    [Fact]
    public async Task Force_all_writes_every_option_as_redis_does()
    {
        var redis = await RewriteAllAsync(ServerKind.Redis);
        var basalt = await RewriteAllAsync(ServerKind.Basalt);
        Assert.Contains("hz", basalt);
        Assert.Contains("maxmemory-policy", basalt);
        Assert.Equal(redis.Except(NotCompared), basalt.Except(NotCompared));
    }

    /// <summary>The option names, sorted, of the file DEBUG CONFIG-REWRITE-FORCE-ALL wrote.</summary>
    private static async Task<List<string>> RewriteAllAsync(ServerKind kind)
    {
        var dir = Path.Combine(Path.GetTempPath(), "basalt-tests", $"rewrite-all-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "redis.conf");
            await File.WriteAllTextAsync(file, "# only one option\nhz 10\n");
            await using (var server = await ServerProcess.StartAsync(kind, new ServerStartOptions { ConfigFile = file, Dir = dir }))
            {
                await using var connection = await server.ConnectAsync();
                Assert.Equal("OK", (await connection.ExecuteAsync("DEBUG", "CONFIG-REWRITE-FORCE-ALL")).Text);
            }
            return (await File.ReadAllLinesAsync(file))
                .Where(line => line.Length > 0 && line[0] != '#')
                .Select(line => line.Split(' ')[0])
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>Servers started with enable-debug-command no (Redis's default).</summary>
public sealed class DebugDisabledServers : ConnectionServers
{
    protected override string[] ExtraArgs => ["--enable-debug-command", "no"];
}

/// <summary>Servers started with enable-debug-command local: the test connects over the loopback.</summary>
public sealed class DebugLocalServers : ConnectionServers
{
    protected override string[] ExtraArgs => ["--enable-debug-command", "local"];
}

public sealed class DebugCommandDisabledTests(DebugDisabledServers servers) : IClassFixture<DebugDisabledServers>
{
    [Fact]
    public async Task Debug_is_refused_like_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("DEBUG");
        await c.SameAsync("DEBUG", "SLEEP", "0");
        await c.SameAsync("DEBUG", "nosuchsubcommand");
        await c.SameAsync("debug", "help");
        // Refused when queued, so the transaction is aborted.
        await c.SameAsync("MULTI");
        await c.SameAsync("DEBUG", "DIGEST");
        await c.SameAsync("EXEC");
        c.AssertNoMismatches();
    }
}

public sealed class DebugCommandLocalTests(DebugLocalServers servers) : IClassFixture<DebugLocalServers>
{
    [Fact]
    public async Task Debug_is_allowed_from_the_loopback()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("DEBUG", "SLEEP", "0");
        await c.SameAsync("DEBUG", "DIGEST-VALUE", "missing");
        c.AssertNoMismatches();
    }
}
