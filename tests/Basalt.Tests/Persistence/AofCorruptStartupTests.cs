using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The damaged AOF directories under fixtures/redis-7.0/corrupt behave as their server-load.txt records for
/// redis-server 7.0.15: a cut-off last INCR (or a MULTI without EXEC) is truncated and loaded with
/// <c>aof-load-truncated yes</c> and refused with <c>no</c>; a format error is refused either way.
/// </summary>
public sealed class AofCorruptStartupTests
{
    private const string IncrFile = "appendonly.aof.2.incr.aof";

    private const string UnexpectedEnd =
        "# Unexpected end of file reading the append only file appendonly.aof.2.incr.aof. You can: 1) Make a backup of your AOF file, " +
        "then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration " +
        "option to yes and restart the server.";

    [Fact]
    public async Task TruncatedIncrIsCutAndLoadedWhenAllowed()
    {
        using var scratch = new ScratchDirectory("aof-corrupt");
        var basaltDir = AofFiles.CopyFixture("corrupt/aof-truncated-incr", scratch.Sub("basalt"));
        var redisDir = AofFiles.CopyFixture("corrupt/aof-truncated-incr", scratch.Sub("redis"));
        Assert.Equal(862, new FileInfo(AofFiles.AofPath(basaltDir, IncrFile)).Length);

        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir, "--aof-load-truncated", "yes");
        await using var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir, "--aof-load-truncated", "yes");

        AofFiles.AssertLogContains(basalt, [
            "* DB loaded from base file appendonly.aof.2.base.rdb: N seconds",
            "# !!! Warning: short read while loading the AOF file appendonly.aof.2.incr.aof!!!",
            "# !!! Truncating the AOF appendonly.aof.2.incr.aof at offset 834 !!!",
            "# AOF appendonly.aof.2.incr.aof loaded anyway because aof-load-truncated is enabled",
            "* DB loaded from incr file appendonly.aof.2.incr.aof: N seconds",
            "* DB loaded from append only file: N seconds",
            "* Opening AOF incr file appendonly.aof.2.incr.aof on server start",
        ]);
        Assert.Equal(834, new FileInfo(AofFiles.AofPath(basaltDir, IncrFile)).Length);
        Assert.Equal(await AofFiles.DigestAsync(redis), await AofFiles.DigestAsync(basalt));
        await using var c = await basalt.ConnectAsync();
        await c.ExecuteAsync("SELECT", "3");
        // expected-after-load-truncated.json: the cut command (SET db3:new x) is gone, the rest is there.
        Assert.Equal(":3\r\n", await AofFiles.RawAsync(c, "DBSIZE"));
        Assert.Equal(":0\r\n", await AofFiles.RawAsync(c, "EXISTS", "db3:new"));
    }

    [Fact]
    public async Task TruncatedIncrIsRefusedWhenNotAllowed()
    {
        using var scratch = new ScratchDirectory("aof-corrupt");
        var dir = AofFiles.CopyFixture("corrupt/aof-truncated-incr", scratch.Path);

        var run = await AofFiles.RunToExitAsync(dir, "--aof-load-truncated", "no");

        Assert.Equal(1, run.ExitCode);
        AofFiles.AssertLogContains(run.Lines, ["* DB loaded from base file appendonly.aof.2.base.rdb: N seconds", UnexpectedEnd]);
        Assert.Equal(862, new FileInfo(AofFiles.AofPath(dir, IncrFile)).Length);
    }

    [Fact]
    public async Task IncompleteMultiIsRevertedWhenAllowed()
    {
        using var scratch = new ScratchDirectory("aof-corrupt");
        var basaltDir = AofFiles.CopyFixture("corrupt/aof-incomplete-multi", scratch.Sub("basalt"));
        var redisDir = AofFiles.CopyFixture("corrupt/aof-incomplete-multi", scratch.Sub("redis"));

        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir);
        await using var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir);

        AofFiles.AssertLogContains(basalt, [
            "# Revert incomplete MULTI/EXEC transaction in AOF file appendonly.aof.2.incr.aof",
            "# !!! Warning: short read while loading the AOF file appendonly.aof.2.incr.aof!!!",
            "# !!! Truncating the AOF appendonly.aof.2.incr.aof at offset 867 !!!",
            "# AOF appendonly.aof.2.incr.aof loaded anyway because aof-load-truncated is enabled",
            "* DB loaded from incr file appendonly.aof.2.incr.aof: N seconds",
            "* DB loaded from append only file: N seconds",
        ]);
        Assert.Equal(867, new FileInfo(AofFiles.AofPath(basaltDir, IncrFile)).Length);
        Assert.Equal(await AofFiles.DigestAsync(redis), await AofFiles.DigestAsync(basalt));
        await using var c = await basalt.ConnectAsync();
        Assert.Equal(":0\r\n", await AofFiles.RawAsync(c, "EXISTS", "a"));
    }

    [Fact]
    public async Task IncompleteMultiIsRefusedWhenNotAllowed()
    {
        using var scratch = new ScratchDirectory("aof-corrupt");
        var dir = AofFiles.CopyFixture("corrupt/aof-incomplete-multi", scratch.Path);

        var run = await AofFiles.RunToExitAsync(dir, "--aof-load-truncated", "no");

        Assert.Equal(1, run.ExitCode);
        AofFiles.AssertLogContains(run.Lines, ["# Revert incomplete MULTI/EXEC transaction in AOF file appendonly.aof.2.incr.aof", UnexpectedEnd]);
        Assert.Equal(909, new FileInfo(AofFiles.AofPath(dir, IncrFile)).Length);
    }

    /// <summary>
    /// A file cut inside a MULTI: the first start cuts after the last complete command (inside the transaction,
    /// whose queued commands are dropped); the next start finds the MULTI without EXEC and reverts it.
    /// </summary>
    [Fact]
    public async Task ShortReadInsideMultiIsCutAsRedisCutsIt()
    {
        using var scratch = new ScratchDirectory("aof-corrupt");
        var basaltDir = AofFiles.CopyFixture("aof-multipart-rdb-preamble", scratch.Sub("basalt"));
        var redisDir = AofFiles.CopyFixture("aof-multipart-rdb-preamble", scratch.Sub("redis"));
        var originalLength = new FileInfo(AofFiles.AofPath(basaltDir, IncrFile)).Length;
        const string Tail = "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\nb\r\n*3\r\n$3\r\nSET\r\n$1\r\nc";
        foreach (var dir in new[] { basaltDir, redisDir })
        {
            File.AppendAllText(AofFiles.AofPath(dir, IncrFile), Tail);
        }

        for (var start = 0; start < 2; start++)
        {
            await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir);
            await using var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir);
            Assert.Equal(await AofFiles.DigestAsync(redis), await AofFiles.DigestAsync(basalt));
            Assert.Equal(Warnings(redis.LogLines), Warnings(basalt.LogLines));
            Assert.Equal(new FileInfo(AofFiles.AofPath(redisDir, IncrFile)).Length, new FileInfo(AofFiles.AofPath(basaltDir, IncrFile)).Length);
        }
        Assert.Equal(originalLength, new FileInfo(AofFiles.AofPath(basaltDir, IncrFile)).Length);
    }

    private static List<string> Warnings(IEnumerable<string> lines) =>
        AofFiles.Normalized(lines).Where(line => line.StartsWith("# ", StringComparison.Ordinal) && line.Contains("AOF", StringComparison.Ordinal)).ToList();

    /// <summary>Redis cuts the short file first, then refuses to go on because more files follow it.</summary>
    [Fact]
    public async Task TruncatedIncrThatIsNotTheLastFileIsFatal()
    {
        using var scratch = new ScratchDirectory("aof-corrupt");
        var basaltDir = AofFiles.CopyFixture("corrupt/aof-truncated-incr", scratch.Sub("basalt"));
        var redisDir = AofFiles.CopyFixture("corrupt/aof-truncated-incr", scratch.Sub("redis"));
        foreach (var dir in new[] { basaltDir, redisDir })
        {
            File.WriteAllText(AofFiles.AofPath(dir, "appendonly.aof.3.incr.aof"), "*3\r\n$3\r\nSET\r\n$5\r\nlater\r\n$1\r\n1\r\n");
            File.AppendAllText(AofFiles.ManifestPath(dir), "file appendonly.aof.3.incr.aof seq 3 type i\n");
        }

        var basalt = await AofFiles.RunToExitAsync(basaltDir);
        var redis = await ServerProcess.RunToExitAsync(ServerKind.Redis,
            ["--port", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", redisDir,
             "--save", "", "--appendonly", "yes"], AofFiles.ExitTimeout, redisDir);

        Assert.Equal(1, redis.ExitCode);
        Assert.Equal(redis.ExitCode, basalt.ExitCode);
        string[] expected = [
            "# !!! Warning: short read while loading the AOF file appendonly.aof.2.incr.aof!!!",
            "# !!! Truncating the AOF appendonly.aof.2.incr.aof at offset 834 !!!",
            "# AOF appendonly.aof.2.incr.aof loaded anyway because aof-load-truncated is enabled",
            "# Fatal error: the truncated file is not the last file",
        ];
        AofFiles.AssertLogContains(redis.Lines, expected);
        AofFiles.AssertLogContains(basalt.Lines, expected);
        Assert.DoesNotContain(AofFiles.Normalized(basalt.Lines), line => line.StartsWith("* DB loaded from incr file", StringComparison.Ordinal));
        Assert.Equal(new FileInfo(AofFiles.AofPath(redisDir, IncrFile)).Length, new FileInfo(AofFiles.AofPath(basaltDir, IncrFile)).Length);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    public async Task BadFormatIsRefusedWhateverAofLoadTruncatedSays(string loadTruncated)
    {
        using var scratch = new ScratchDirectory("aof-corrupt");
        var dir = AofFiles.CopyFixture("corrupt/aof-bad-format", scratch.Path);

        var run = await AofFiles.RunToExitAsync(dir, "--aof-load-truncated", loadTruncated);

        Assert.Equal(1, run.ExitCode);
        AofFiles.AssertLogContains(run.Lines, [
            "* DB loaded from base file appendonly.aof.2.base.rdb: N seconds",
            "# Bad file format reading the append only file appendonly.aof.2.incr.aof: make a backup of your AOF file, then use " +
            "./redis-check-aof --fix <filename.manifest>",
        ]);
        Assert.Equal(876, new FileInfo(AofFiles.AofPath(dir, IncrFile)).Length);
    }
}
