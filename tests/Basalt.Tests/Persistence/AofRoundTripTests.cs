using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// An appendonlydir written by Basalt restarts Basalt to the same dataset (after SHUTDOWN or kill -9), loads in
/// real redis-server 7.0.15 to the same DEBUG DIGEST and passes redis-check-aof; one written by Redis loads in Basalt.
/// </summary>
public sealed class AofRoundTripTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BasaltRestartsFromItsOwnAof(bool crash)
    {
        using var scratch = new ScratchDirectory("aof-roundtrip");
        string digest;
        await using (var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, scratch.Path))
        {
            await using var c = await basalt.ConnectAsync();
            await Pipeline.RunAsync(c, AofWorkload.EveryType());
            digest = await AofFiles.DigestAsync(basalt);
            Assert.NotEqual(AofWorkload.EmptyDigest, digest);
            if (crash)
            {
                basalt.Kill();
            }
            else
            {
                await AofWorkload.ShutdownAsync(basalt, c);
            }
        }
        Assert.Equal("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n", AofFiles.Manifest(scratch.Path));

        await using var restarted = await AofFiles.StartWithAofAsync(ServerKind.Basalt, scratch.Path);
        Assert.Equal(digest, await AofFiles.DigestAsync(restarted));
        AofFiles.AssertLogContains(restarted, [
            "* DB loaded from incr file appendonly.aof.1.incr.aof: N seconds",
            "* DB loaded from append only file: N seconds",
            "* Opening AOF incr file appendonly.aof.1.incr.aof on server start",
        ]);
    }

    [Fact]
    public async Task RedisLoadsBasaltsAofAfterARewrite()
    {
        using var scratch = new ScratchDirectory("aof-roundtrip");
        var basaltDir = scratch.Sub("basalt");
        string digest;
        await using (var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir))
        {
            await using var c = await basalt.ConnectAsync();
            await Pipeline.RunAsync(c, AofWorkload.EveryType());
            Assert.Equal("+Background append only file rewriting started\r\n", await AofFiles.RawAsync(c, "BGREWRITEAOF"));
            await AofWorkload.WaitForRewriteAsync(c, 1);
            // Written after the rewrite: they live in the new INCR only.
            await Pipeline.RunAsync(c, AofWorkload.AfterRewrite());
            digest = await AofFiles.DigestAsync(basalt);
            await AofWorkload.ShutdownAsync(basalt, c);
        }
        Assert.Equal(["appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"], AofFiles.Listing(basaltDir));

        var check = await ExternalTool.RunAsync("redis-check-aof", [AofFiles.ManifestPath(basaltDir)], TimeSpan.FromSeconds(30));
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("All AOF files and manifest are valid", check.Stdout);

        var redisDir = AofFiles.CopyAofDirectory(basaltDir, scratch.Sub("redis"));
        await using (var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir))
        {
            Assert.Equal(digest, await AofFiles.DigestAsync(redis));
        }
        await using var restarted = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir);
        Assert.Equal(digest, await AofFiles.DigestAsync(restarted));
    }

    [Fact]
    public async Task RedisLoadsBasaltsAofWithoutARewrite()
    {
        using var scratch = new ScratchDirectory("aof-roundtrip");
        var basaltDir = scratch.Sub("basalt");
        string digest;
        await using (var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir))
        {
            await using var c = await basalt.ConnectAsync();
            await Pipeline.RunAsync(c, AofWorkload.EveryType());
            digest = await AofFiles.DigestAsync(basalt);
            basalt.Kill();
        }
        var check = await ExternalTool.RunAsync("redis-check-aof", [AofFiles.ManifestPath(basaltDir)], TimeSpan.FromSeconds(30));
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);

        var redisDir = AofFiles.CopyAofDirectory(basaltDir, scratch.Sub("redis"));
        await using var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir);
        Assert.Equal(digest, await AofFiles.DigestAsync(redis));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    public async Task BasaltLoadsRedissAof(string rdbPreamble)
    {
        using var scratch = new ScratchDirectory("aof-roundtrip");
        var redisDir = scratch.Sub("redis");
        string digest;
        await using (var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir, "--aof-use-rdb-preamble", rdbPreamble))
        {
            await using var c = await redis.ConnectAsync();
            await Pipeline.RunAsync(c, AofWorkload.EveryType());
            Assert.Equal("+Background append only file rewriting started\r\n", await AofFiles.RawAsync(c, "BGREWRITEAOF"));
            await AofWorkload.WaitForRewriteAsync(c, 1);
            await Pipeline.RunAsync(c, AofWorkload.AfterRewrite());
            digest = await AofFiles.DigestAsync(redis);
            await AofWorkload.ShutdownAsync(redis, c);
        }
        var extension = rdbPreamble == "yes" ? "rdb" : "aof";
        Assert.Equal([$"appendonly.aof.2.base.{extension}", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"], AofFiles.Listing(redisDir));

        var basaltDir = AofFiles.CopyAofDirectory(redisDir, scratch.Sub("basalt"));
        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir);
        Assert.Equal(digest, await AofFiles.DigestAsync(basalt));
        AofFiles.AssertLogContains(basalt, [
            $"* DB loaded from base file appendonly.aof.2.base.{extension}: N seconds",
            "* DB loaded from incr file appendonly.aof.2.incr.aof: N seconds",
        ]);
    }
}
