using System.Text;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The RESP AOF BASE (aof-use-rdb-preamble no) that Basalt's BGREWRITEAOF writes, checked against
/// real Redis 7.0: Redis loads it to the same dataset, redis-check-aof accepts it, and key by key
/// it holds the commands Redis's own rewrite writes for the same data.
/// </summary>
public sealed class RespBaseTests(RespBaseRewrite rewrite) : IClassFixture<RespBaseRewrite>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Rewrite_ListsARespBaseInTheManifest()
    {
        Assert.Equal("file appendonly.aof.3.base.aof seq 3 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n", rewrite.BasaltManifest);
        Assert.False(rewrite.BasaltBase.AsSpan().StartsWith("REDIS"u8));
    }

    [Fact]
    public void Base_IsOnlyRespCommands_FunctionsFirst()
    {
        var (annotations, commands) = AofCommandFile.Parse(rewrite.BasaltBase);
        Assert.Empty(annotations);
        var (_, redisCommands) = AofCommandFile.Parse(rewrite.RedisBase);
        // FUNCTION LOAD of each library, exactly as Redis writes it, before the first SELECT.
        var basaltHead = commands.TakeWhile(c => c.Name != "SELECT").Select(c => c.ToString()).ToList();
        var redisHead = redisCommands.TakeWhile(c => c.Name != "SELECT").Select(c => c.ToString()).ToList();
        Assert.Equal(redisHead, basaltHead);
        Assert.Single(basaltHead);
        Assert.StartsWith("FUNCTION LOAD #!lua name=fixturelib", basaltHead[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Base_HoldsTheCommandsRedisWritesForEachKey()
    {
        var basalt = AofCommandFile.DescribeKeys(AofCommandFile.Parse(rewrite.BasaltBase).Commands);
        var redis = AofCommandFile.DescribeKeys(AofCommandFile.Parse(rewrite.RedisBase).Commands);
        Assert.True(redis.Count >= 50, $"only {redis.Count} keys in Redis's base");
        Assert.Equal(redis.Keys, basalt.Keys);
        foreach (var (key, expected) in redis)
        {
            Assert.True(expected == basalt[key], $"{key}\n redis:  {Shorten(expected)}\n basalt: {Shorten(basalt[key])}");
        }
    }

    [Fact]
    public void Base_BatchesAtMost64ItemsPerCommand()
    {
        var (_, commands) = AofCommandFile.Parse(rewrite.BasaltBase);
        var list = commands.Where(c => c.Key == "list:huge").ToList();
        Assert.Equal(5000 / 64 + 1, list.Count);
        Assert.All(list[..^1], c => Assert.Equal(2 + 64, c.Args.Count));
        Assert.Equal(2 + (5000 % 64), list[^1].Args.Count);
        var hash = commands.Where(c => c.Key == "hash:100").Select(c => (c.Name, c.Args.Count)).ToList();
        Assert.Equal([("HMSET", 2 + 128), ("HMSET", 2 + 72), ("PEXPIREAT", 3)], hash);
    }

    [Fact]
    public async Task RedisLoadsTheBase_ToTheSameDataset()
    {
        Assert.Equal(rewrite.RedisDigest, rewrite.BasaltDigest);
        using var scratch = new ScratchDirectory("respbase-redis-load");
        RespBaseRewrite.CopyAofDirectory(RespBaseRewrite.AofDirectory(rewrite.Basalt), Path.Combine(scratch.Path, "appendonlydir"));
        await using var redis = await ServerProcess.StartAsync(ServerKind.Redis, new ServerStartOptions
        {
            Dir = scratch.Path,
            ExtraArgs = ["--appendonly", "yes", "--aof-use-rdb-preamble", "no"],
        });
        Assert.Contains(redis.LogLines, line => line.Contains("DB loaded from base file appendonly.aof.3.base.aof", StringComparison.Ordinal));
        Assert.Equal(rewrite.BasaltDigest, await RespBaseRewrite.DigestAsync(redis));

        // The digest leaves out consumer groups and functions: compare those directly.
        await using var loaded = await redis.ConnectAsync();
        await using var basalt = await rewrite.Basalt.ConnectAsync();
        foreach (var (db, key) in RespBaseRewrite.Streams)
        {
            await loaded.ExecuteAsync("SELECT", db.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await basalt.ExecuteAsync("SELECT", db.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var expected = await basalt.ExecuteAsync("XINFO", "GROUPS", key);
            var actual = await loaded.ExecuteAsync("XINFO", "GROUPS", key);
            Assert.True(expected.Raw.AsSpan().SequenceEqual(actual.Raw), $"{key}: basalt {expected.RawText} redis {actual.RawText}");
        }
        var libraries = await loaded.ExecuteAsync("FUNCTION", "LIST", "WITHCODE");
        Assert.Contains("fixture_echo", Encoding.Latin1.GetString(libraries.Raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisCheckAof_SaysTheDirectoryIsValid()
    {
        var manifest = Path.Combine(RespBaseRewrite.AofDirectory(rewrite.Basalt), "appendonly.aof.manifest");
        var result = await ExternalTool.RunAsync("redis-check-aof", [manifest], ToolTimeout);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("BASE AOF appendonly.aof.3.base.aof is valid", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Start to check BASE AOF (RESP format).", result.Stdout, StringComparison.Ordinal);
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "...";
}
