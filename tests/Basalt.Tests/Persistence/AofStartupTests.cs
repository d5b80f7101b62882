using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// Start-up with <c>appendonly yes</c> on the AOF directories real Redis 7.0.15 wrote: Basalt serves the same data
/// (DEBUG DIGEST equal to a redis-server started on another copy), logs Redis's lines, migrates old-style files into
/// the same directory Redis makes, and handles each state of startup-behaviour.txt as Redis does.
/// </summary>
public sealed class AofStartupTests
{
    private const string MultipartManifest = "file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n";

    [Theory]
    [InlineData("aof-multipart-rdb-preamble", "appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof")]
    [InlineData("aof-timestamps", "appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof")]
    public async Task MultipartFixtureLoadsAsInRedis(string fixture, string baseFile, string incrFile)
    {
        using var scratch = new ScratchDirectory("aof-start");
        var basaltDir = AofFiles.CopyFixture(fixture, scratch.Sub("basalt"));
        var redisDir = AofFiles.CopyFixture(fixture, scratch.Sub("redis"));
        var manifestBefore = AofFiles.Manifest(basaltDir);

        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir);
        await using var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir);

        Assert.Equal(await AofFiles.DigestAsync(redis), await AofFiles.DigestAsync(basalt));
        AofFiles.AssertLogContains(basalt, [
            "* Reading RDB base file on AOF loading...",
            $"* DB loaded from base file {baseFile}: N seconds",
            $"* DB loaded from incr file {incrFile}: N seconds",
            "* DB loaded from append only file: N seconds",
            $"* Opening AOF incr file {incrFile} on server start",
        ]);
        Assert.Equal(manifestBefore, AofFiles.Manifest(basaltDir));
        Assert.Equal(AofFiles.Listing(redisDir), AofFiles.Listing(basaltDir));
    }

    [Fact]
    public async Task MultipartFixtureServesTheExpectedKeys()
    {
        using var scratch = new ScratchDirectory("aof-start");
        var dir = AofFiles.CopyFixture("aof-multipart-rdb-preamble", scratch.Path);
        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, dir);
        await using var c = await basalt.ConnectAsync();

        // Spot checks of expected.json: values from the BASE, changed by the INCR (MULTI/EXEC included), and TTLs.
        Assert.Equal("$2\r\nv1\r\n", await AofFiles.RawAsync(c, "GET", "aof:new"));
        Assert.Equal("$1\r\n1\r\n", await AofFiles.RawAsync(c, "GET", "aof:counter"));
        Assert.Equal("$1\r\n3\r\n", await AofFiles.RawAsync(c, "GET", "aof:float"));
        Assert.Equal("$1\r\nz\r\n", await AofFiles.RawAsync(c, "LINDEX", "list:small", "0"));
        Assert.Equal(":1\r\n", await AofFiles.RawAsync(c, "SISMEMBER", "set:strings", "date"));
        Assert.Equal(":3795244863313\r\n", await AofFiles.RawAsync(c, "PEXPIRETIME", "aof:px"));
        Assert.Equal(":4102444800456\r\n", await AofFiles.RawAsync(c, "PEXPIRETIME", "str:ttl2"));
        Assert.Equal(":1000\r\n", await AofFiles.RawAsync(c, "LLEN", "list:big"));
        Assert.Equal(":32\r\n", await AofFiles.RawAsync(c, "DBSIZE"));
        Assert.Equal("+OK\r\n", await AofFiles.RawAsync(c, "SELECT", "3"));
        Assert.Equal("$1\r\nx\r\n", await AofFiles.RawAsync(c, "GET", "db3:new"));
        Assert.Equal(":4\r\n", await AofFiles.RawAsync(c, "DBSIZE"));
    }

    [Fact]
    public async Task CommandsRenamedSinceTheyWereLoggedStillLoad()
    {
        // The incr file logs SET, MULTI, EXEC... under their own names; a server started with them
        // renamed loads the same data (Redis stops at "Unknown command 'set' reading the append only file").
        using var scratch = new ScratchDirectory("aof-start");
        var dir = AofFiles.CopyFixture("aof-multipart-rdb-preamble", scratch.Path);
        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, dir,
            "--rename-command", "set", "store", "--rename-command", "multi", "", "--rename-command", "exec", "");
        await using var c = await basalt.ConnectAsync();
        Assert.Equal("$2\r\nv1\r\n", await AofFiles.RawAsync(c, "GET", "aof:new"));
        Assert.Equal(":32\r\n", await AofFiles.RawAsync(c, "DBSIZE"));
        Assert.StartsWith("-ERR unknown command 'SET'", await AofFiles.RawAsync(c, "SET", "k", "v"));
        Assert.Equal("+OK\r\n", await AofFiles.RawAsync(c, "STORE", "k", "v"));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    public async Task HistoryLeftInTheManifestIsDeletedAtStartAsRedisDoes(string appendOnly)
    {
        // A history entry (what a start interrupted after a rewrite leaves): Redis deletes its file
        // and drops it from the manifest once the data is loaded, whether or not the AOF is on.
        using var scratch = new ScratchDirectory("aof-start");
        var dirs = new[] { scratch.Sub("basalt"), scratch.Sub("redis") };
        foreach (var dir in dirs)
        {
            AofFiles.CopyFixture("aof-multipart-rdb-preamble", dir);
            File.WriteAllText(AofFiles.AofPath(dir, "appendonly.aof.1.base.rdb"), "old");
            File.WriteAllText(AofFiles.ManifestPath(dir), "file appendonly.aof.1.base.rdb seq 1 type h\n" + MultipartManifest);
        }
        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, dirs[0], "--appendonly", appendOnly);
        await using var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, dirs[1], "--appendonly", appendOnly);
        await Poll.UntilAsync(() => !File.Exists(AofFiles.AofPath(dirs[1], "appendonly.aof.1.base.rdb")), TimeSpan.FromSeconds(10), () => "redis kept the history file");

        Assert.Equal(AofFiles.Listing(dirs[1]), AofFiles.Listing(dirs[0]));
        Assert.Equal(AofFiles.Manifest(dirs[1]), AofFiles.Manifest(dirs[0]));
        AofFiles.AssertLogContains(basalt, ["* Removing the history file appendonly.aof.1.base.rdb in the background"]);
    }

    [Fact]
    public async Task OldStyleRdbPreambleFileIsMigratedAsRedisDoes()
    {
        using var scratch = new ScratchDirectory("aof-start");
        var basaltDir = AofFiles.CopyFixture("aof-oldstyle-rdb-preamble", scratch.Sub("basalt"));
        var redisDir = AofFiles.CopyFixture("aof-oldstyle-rdb-preamble", scratch.Sub("redis"));

        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir);
        await using var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir);

        Assert.Equal(await AofFiles.DigestAsync(redis), await AofFiles.DigestAsync(basalt));
        AofFiles.AssertLogContains(basalt, [
            "* Successfully migrated an old-style AOF file (appendonly.aof) into the AOF directory (appendonlydir).",
            "* Reading RDB preamble from AOF file...",
            "* Reading the remaining AOF tail...",
            "* DB loaded from base file appendonly.aof: N seconds",
            "* DB loaded from append only file: N seconds",
            "* Creating AOF incr file appendonly.aof.1.incr.aof on server start",
        ]);
        // upgrade-result.txt: what Redis leaves behind.
        Assert.False(File.Exists(Path.Combine(basaltDir, "appendonly.aof")));
        Assert.Equal(["appendonly.aof", "appendonly.aof.1.incr.aof", "appendonly.aof.manifest"], AofFiles.Listing(basaltDir));
        Assert.Equal("file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n", AofFiles.Manifest(basaltDir));
        Assert.Equal(AofFiles.Manifest(redisDir), AofFiles.Manifest(basaltDir));
    }

    /// <summary>
    /// RESP-only fixtures: a RESP BASE and an old single-file AOF, both starting with FUNCTION LOAD,
    /// which Basalt keeps as library source (it has no script engine) so the dataset loads whole.
    /// </summary>
    [Theory]
    [InlineData("aof-multipart-resp-base")]
    [InlineData("aof-oldstyle")]
    public async Task RespFixtureLoadsAsInRedis(string fixture)
    {
        using var scratch = new ScratchDirectory("aof-start");
        var basaltDir = AofFiles.CopyFixture(fixture, scratch.Sub("basalt"));
        var redisDir = AofFiles.CopyFixture(fixture, scratch.Sub("redis"));

        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir);
        await using var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir);

        Assert.Equal(await AofFiles.DigestAsync(redis), await AofFiles.DigestAsync(basalt));
        AofFiles.AssertLogContains(basalt, ["* DB loaded from append only file: N seconds"]);
        Assert.Equal(AofFiles.Listing(redisDir), AofFiles.Listing(basaltDir));
    }

    /// <summary>startup-behaviour.txt: with appendonly yes and no AOF, dump.rdb is ignored and an empty BASE + INCR are made.</summary>
    [Fact]
    public async Task DumpRdbIsIgnoredWhenNoAofExists()
    {
        using var scratch = new ScratchDirectory("aof-start");
        File.Copy(Path.Combine(RdbFixtureFiles.Root, "rdb-all-types", "dump.rdb"), scratch.DumpFile);

        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, scratch.Path);
        await using var c = await basalt.ConnectAsync();

        Assert.Equal(":0\r\n", await AofFiles.RawAsync(c, "DBSIZE"));
        Assert.Equal(["appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof", "appendonly.aof.manifest"], AofFiles.Listing(scratch.Path));
        Assert.Equal("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n", AofFiles.Manifest(scratch.Path));
        Assert.True(File.Exists(scratch.DumpFile));
        AofFiles.AssertLogContains(basalt, [
            "* Creating AOF base file appendonly.aof.1.base.rdb on server start",
            "* Creating AOF incr file appendonly.aof.1.incr.aof on server start",
        ]);
        Assert.DoesNotContain(basalt.LogLines, line => line.Contains("DB loaded from", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingIncrFileStopsStartup()
    {
        using var scratch = new ScratchDirectory("aof-start");
        var dir = AofFiles.CopyFixture("aof-multipart-rdb-preamble", scratch.Path);
        File.Delete(Path.Combine(dir, "appendonlydir", "appendonly.aof.2.incr.aof"));

        var run = await AofFiles.RunToExitAsync(dir);

        Assert.Equal(1, run.ExitCode);
        AofFiles.AssertLogContains(run.Lines, ["# Unable to obtain the AOF file appendonly.aof.2.incr.aof length. stat: No such file or directory"]);
        Assert.Equal(["appendonly.aof.2.base.rdb", "appendonly.aof.manifest"], AofFiles.Listing(dir));
        Assert.Equal(MultipartManifest, AofFiles.Manifest(dir));
    }

    [Fact]
    public async Task EmptyManifestIsFatal()
    {
        using var scratch = new ScratchDirectory("aof-start");
        var dir = AofFiles.CopyFixture("aof-multipart-rdb-preamble", scratch.Path);
        File.WriteAllText(AofFiles.ManifestPath(dir), "");

        var run = await AofFiles.RunToExitAsync(dir);

        Assert.Equal(1, run.ExitCode);
        AofFiles.AssertLogContains(run.Lines, ["# ", "*** FATAL AOF MANIFEST FILE ERROR ***", "# Found an empty AOF manifest"]);
        Assert.Equal("", AofFiles.Manifest(dir));
        Assert.Equal(["appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"], AofFiles.Listing(dir));
    }

    [Fact]
    public async Task NonMonotonicIncrSequenceIsFatalWithTheLineReported()
    {
        using var scratch = new ScratchDirectory("aof-start");
        var dir = AofFiles.CopyFixture("aof-multipart-rdb-preamble", scratch.Path);
        var manifest = MultipartManifest + "file appendonly.aof.1.incr.aof seq 1 type i\n";
        File.WriteAllText(AofFiles.ManifestPath(dir), manifest);

        var run = await AofFiles.RunToExitAsync(dir);

        Assert.Equal(1, run.ExitCode);
        AofFiles.AssertLogContains(run.Lines, [
            "# ",
            "*** FATAL AOF MANIFEST FILE ERROR ***",
            "# Reading the manifest file, at line 3",
            "# >>> 'file appendonly.aof.1.incr.aof seq 1 type i'",
            "# Found a non-monotonic sequence number",
        ]);
        Assert.Equal(manifest, AofFiles.Manifest(dir));
    }

    [Fact]
    public async Task ManifestWithCommentQuotedNameAndUnknownKeyLoads()
    {
        using var scratch = new ScratchDirectory("aof-start");
        var dir = AofFiles.CopyFixture("aof-multipart-rdb-preamble", scratch.Path);
        var manifest = "# a comment line\nfile \"appendonly.aof.2.base.rdb\" seq 2 type b extra-key extra-value\nfile appendonly.aof.2.incr.aof seq 2 type i\n";
        File.WriteAllText(AofFiles.ManifestPath(dir), manifest);

        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, dir);
        await using var c = await basalt.ConnectAsync();

        Assert.Equal(":32\r\n", await AofFiles.RawAsync(c, "DBSIZE"));
        AofFiles.AssertLogContains(basalt, [
            "* DB loaded from base file appendonly.aof.2.base.rdb: N seconds",
            "* DB loaded from incr file appendonly.aof.2.incr.aof: N seconds",
            "* DB loaded from append only file: N seconds",
            "* Opening AOF incr file appendonly.aof.2.incr.aof on server start",
        ]);
        // Unchanged, so not rewritten (Redis persists the manifest only when it changes).
        Assert.Equal(manifest, AofFiles.Manifest(dir));
    }

    [Fact]
    public async Task EmptyIncrFileLoadsTheBaseAlone()
    {
        using var scratch = new ScratchDirectory("aof-start");
        var dir = AofFiles.CopyFixture("aof-multipart-rdb-preamble", scratch.Path);
        File.WriteAllBytes(Path.Combine(dir, "appendonlydir", "appendonly.aof.2.incr.aof"), []);

        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, dir);
        await using var c = await basalt.ConnectAsync();

        Assert.Equal(":28\r\n", await AofFiles.RawAsync(c, "DBSIZE"));
        AofFiles.AssertLogContains(basalt, [
            "* DB loaded from base file appendonly.aof.2.base.rdb: N seconds",
            "* DB loaded from append only file: N seconds",
            "* Opening AOF incr file appendonly.aof.2.incr.aof on server start",
        ]);
        // An empty file is skipped (AOF_EMPTY): Redis logs no "DB loaded from incr file" for it.
        Assert.DoesNotContain(basalt.LogLines, line => line.Contains("DB loaded from incr file", StringComparison.Ordinal));
    }
}
