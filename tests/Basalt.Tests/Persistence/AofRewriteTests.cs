using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// BGREWRITEAOF and the automatic rewrite, side by side with real redis-server 7.0.15: replies, the files and
/// manifest left behind, the log, the data (writes made during the rewrite included) after a restart and in Redis.
/// </summary>
public sealed class AofRewriteTests
{
    /// <summary>Keys for the rewrite to walk; with rdb-key-save-delay 1000 µs a rewrite lasts about a second.</summary>
    private const int Keys = 1000;

    private static IEnumerable<object[]> Fill() => Enumerable.Range(0, Keys / 100).Select(i =>
        AofWorkload.Command("MSET", Enumerable.Range(i * 100, 100).SelectMany(k => new[] { $"key:{k}", $"value:{k}" })));

    [Fact]
    public async Task RepliesAsRedisWhileRunningAndWhileBgsaveRuns()
    {
        await using var pair = await StartPairAsync(["--appendonly", "yes"]);
        var (redis, basalt) = pair;
        await using var r = await redis.ConnectAsync();
        await using var b = await basalt.ConnectAsync();
        await Pipeline.RunAsync(r, Fill());
        await Pipeline.RunAsync(b, Fill());
        await SameAsync(r, b, "CONFIG", "SET", "rdb-key-save-delay", "1000");

        Assert.Equal("+Background append only file rewriting started\r\n", await SameAsync(r, b, "BGREWRITEAOF"));
        // The running rewrite's figures are there from its start, as Redis sets them when it forks.
        Assert.Equal(await ServerInfo.FieldAsync(r, "current_save_keys_total"), await ServerInfo.FieldAsync(b, "current_save_keys_total"));
        Assert.Equal(Keys.ToString(System.Globalization.CultureInfo.InvariantCulture), await ServerInfo.FieldAsync(b, "current_save_keys_total"));
        Assert.True(await ServerInfo.IntegerFieldAsync(b, "aof_current_rewrite_time_sec") >= 0);
        Assert.Equal("-ERR Background append only file rewriting already in progress\r\n", await SameAsync(r, b, "BGREWRITEAOF"));
        await SameAsync(r, b, "BGSAVE");
        Assert.Equal("1", await ServerInfo.FieldAsync(b, "aof_rewrite_in_progress"));
        await Task.WhenAll(AofWorkload.WaitForRewriteAsync(r, 1), AofWorkload.WaitForRewriteAsync(b, 1));

        // While a BGSAVE runs the rewrite is scheduled, then the cron starts it once the BGSAVE is over.
        Assert.Equal("+Background saving started\r\n", await SameAsync(r, b, "BGSAVE"));
        Assert.Equal(await ServerInfo.FieldAsync(r, "current_save_keys_total"), await ServerInfo.FieldAsync(b, "current_save_keys_total"));
        Assert.True(await ServerInfo.IntegerFieldAsync(b, "rdb_current_bgsave_time_sec") >= 0);
        Assert.Equal("+Background append only file rewriting scheduled\r\n", await SameAsync(r, b, "BGREWRITEAOF"));
        Assert.Equal("1", await ServerInfo.FieldAsync(b, "aof_rewrite_scheduled"));
        Assert.Equal("1", await ServerInfo.FieldAsync(b, "aof_pending_rewrite"));
        Assert.Equal("0", await ServerInfo.FieldAsync(b, "aof_rewrite_in_progress"));
        await SameAsync(r, b, "BGREWRITEAOF");
        Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(b));
        await Task.WhenAll(AofWorkload.WaitForRewriteAsync(r, 2), AofWorkload.WaitForRewriteAsync(b, 2));
        // Redis unlinks history files in a background thread: wait for both directories to settle.
        await Poll.UntilAsync(() => AofFiles.Listing(redis.Dir).SequenceEqual(AofFiles.Listing(basalt.Dir)), TimeSpan.FromSeconds(20),
            () => $"redis: {string.Join(' ', AofFiles.Listing(redis.Dir))} basalt: {string.Join(' ', AofFiles.Listing(basalt.Dir))}");
        Assert.Equal("file appendonly.aof.3.base.rdb seq 3 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n", AofFiles.Manifest(basalt.Dir));
    }

    [Fact]
    public async Task RewriteSwitchesManifestDeletesHistoryAndKeepsWritesMadeDuringIt()
    {
        await using var pair = await StartPairAsync(["--appendonly", "yes", "--rdb-key-save-delay", "1000"]);
        var (redis, basalt) = pair;
        await using var r = await redis.ConnectAsync();
        await using var b = await basalt.ConnectAsync();
        var basaltLogFrom = basalt.LogLineCount;
        var redisLogFrom = redis.LogLineCount;
        foreach (var c in new[] { r, b })
        {
            await Pipeline.RunAsync(c, Fill());
            await Pipeline.RunAsync(c, AofWorkload.EveryType());
        }

        Assert.Equal("+Background append only file rewriting started\r\n", await SameAsync(r, b, "BGREWRITEAOF"));
        // Writes while the rewrite walks the keyspace: they reach the new INCR, the BASE shows the keyspace at the start.
        foreach (var c in new[] { r, b })
        {
            await Pipeline.RunAsync(c, [
                ["SET", "key:0", "changed"], ["DEL", "key:999"], ["SET", "during:new", "1"], ["RPUSH", "l:small", "during"],
                .. Enumerable.Range(0, 50).Select(_ => new object[] { "INCR", "during:counter" }), .. AofWorkload.AfterRewrite()
            ]);
        }
        Assert.Equal("1", await ServerInfo.FieldAsync(b, "aof_rewrite_in_progress"));
        await Task.WhenAll(AofWorkload.WaitForRewriteAsync(r, 1), AofWorkload.WaitForRewriteAsync(b, 1));
        var digest = await AofFiles.DigestAsync(basalt);
        Assert.Equal(await AofFiles.DigestAsync(redis), digest);

        Assert.Equal(["appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"], AofFiles.Listing(basalt.Dir));
        Assert.Equal(AofFiles.Listing(redis.Dir), AofFiles.Listing(basalt.Dir));
        Assert.Equal("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n", AofFiles.Manifest(basalt.Dir));
        Assert.False(File.Exists(Path.Combine(basalt.Dir, $"temp-rewriteaof-bg-{basalt.Pid}.aof")));
        Assert.Equal(RewriteLines(redis, redisLogFrom), RewriteLines(basalt, basaltLogFrom));

        await AofWorkload.ShutdownAsync(basalt, b);
        var check = await ExternalTool.RunAsync("redis-check-aof", [AofFiles.ManifestPath(basalt.Dir)], TimeSpan.FromSeconds(30));
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        using var scratch = new ScratchDirectory("aof-rewrite");
        var copy = AofFiles.CopyAofDirectory(basalt.Dir, scratch.Path);
        await using (var restarted = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basalt.Dir))
        {
            Assert.Equal(digest, await AofFiles.DigestAsync(restarted));
        }
        await using var redisOnBasaltFiles = await AofFiles.StartWithAofAsync(ServerKind.Redis, copy);
        Assert.Equal(digest, await AofFiles.DigestAsync(redisOnBasaltFiles));
    }

    /// <summary>command-replies.txt / spec 3.5: with appendonly no the rewrite leaves only a BASE and a manifest.</summary>
    [Fact]
    public async Task RewriteWithAppendonlyNoWritesOnlyABase()
    {
        await using var pair = await StartPairAsync([]);
        var (redis, basalt) = pair;
        await using var r = await redis.ConnectAsync();
        await using var b = await basalt.ConnectAsync();
        await SameAsync(r, b, "SET", "k", "v");
        Assert.Equal("+Background append only file rewriting started\r\n", await SameAsync(r, b, "BGREWRITEAOF"));
        await Task.WhenAll(AofWorkload.WaitForRewriteAsync(r, 1), AofWorkload.WaitForRewriteAsync(b, 1));

        Assert.Equal(["appendonly.aof.1.base.rdb", "appendonly.aof.manifest"], AofFiles.Listing(basalt.Dir));
        Assert.Equal(AofFiles.Listing(redis.Dir), AofFiles.Listing(basalt.Dir));
        Assert.Equal("file appendonly.aof.1.base.rdb seq 1 type b\n", AofFiles.Manifest(basalt.Dir));
        Assert.Equal(AofFiles.Manifest(redis.Dir), AofFiles.Manifest(basalt.Dir));
        Assert.Equal("0", await ServerInfo.FieldAsync(b, "aof_enabled"));
    }

    [Fact]
    public async Task HistoryKeptWithoutAutoGcGoesWhenItIsTurnedBackOn()
    {
        await using var pair = await StartPairAsync(["--appendonly", "yes", "--aof-disable-auto-gc", "yes"]);
        var (redis, basalt) = pair;
        await using var r = await redis.ConnectAsync();
        await using var b = await basalt.ConnectAsync();
        for (var rewrites = 1; rewrites <= 2; rewrites++)
        {
            await SameAsync(r, b, "SET", "k", rewrites);
            await SameAsync(r, b, "BGREWRITEAOF");
            await Task.WhenAll(AofWorkload.WaitForRewriteAsync(r, rewrites), AofWorkload.WaitForRewriteAsync(b, rewrites));
        }
        Assert.Contains(" type h\n", AofFiles.Manifest(basalt.Dir));
        Assert.Equal(AofFiles.Manifest(redis.Dir), AofFiles.Manifest(basalt.Dir));

        await SameAsync(r, b, "CONFIG", "SET", "aof-disable-auto-gc", "no");
        await Poll.UntilAsync(() => AofFiles.Listing(redis.Dir).Length == 3, TimeSpan.FromSeconds(10), () => "redis kept its history");
        Assert.DoesNotContain(" type h\n", AofFiles.Manifest(basalt.Dir));
        Assert.Equal(AofFiles.Manifest(redis.Dir), AofFiles.Manifest(basalt.Dir));
        Assert.Equal(AofFiles.Listing(redis.Dir), AofFiles.Listing(basalt.Dir));
    }

    [Fact]
    public async Task TurningTheAofOnDuringABgsaveSchedulesTheRewriteAsRedisLogsIt()
    {
        await using var pair = await StartPairAsync(["--rdb-key-save-delay", "1000"]);
        var (redis, basalt) = pair;
        await using var r = await redis.ConnectAsync();
        await using var b = await basalt.ConnectAsync();
        await Pipeline.RunAsync(r, Fill());
        await Pipeline.RunAsync(b, Fill());

        // appendonly yes while a BGSAVE runs: the first rewrite waits for it.
        await SameAsync(r, b, "BGSAVE");
        await SameAsync(r, b, "CONFIG", "SET", "appendonly", "yes");
        const string Scheduled = "# AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.";
        foreach (var server in new[] { redis, basalt })
        {
            await server.WaitForLogLineAsync(Regex.Escape(Scheduled) + "$", TimeSpan.FromSeconds(10));
        }
        await Task.WhenAll(AofWorkload.WaitForRewriteAsync(r, 1), AofWorkload.WaitForRewriteAsync(b, 1));
    }

    [Fact]
    public async Task TurningTheAofOffDuringARewriteStopsItAsRedisLogsIt()
    {
        await using var pair = await StartPairAsync(["--appendonly", "yes", "--rdb-key-save-delay", "1000"]);
        var (redis, basalt) = pair;
        await using var r = await redis.ConnectAsync();
        await using var b = await basalt.ConnectAsync();
        await Pipeline.RunAsync(r, Fill());
        await Pipeline.RunAsync(b, Fill());
        await SameAsync(r, b, "BGREWRITEAOF");
        await SameAsync(r, b, "CONFIG", "SET", "appendonly", "no");
        foreach (var server in new[] { redis, basalt })
        {
            await server.WaitForLogLineAsync(@"\* Killing running AOF rewrite child: \d+$", TimeSpan.FromSeconds(10));
            Assert.DoesNotContain(server.LogLines, line => line.Contains("Background AOF rewrite terminated by signal", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AutomaticRewriteStartsOnGrowth()
    {
        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, null,
            "--auto-aof-rewrite-min-size", "1kb", "--auto-aof-rewrite-percentage", "100");
        await using var c = await basalt.ConnectAsync();
        await Pipeline.RunAsync(c, Enumerable.Range(0, 40).Select(i => new object[] { "SET", $"k{i}", new string('v', 50) }));

        var line = await basalt.WaitForLogLineAsync(@"\* Starting automatic rewriting of AOF on \d+% growth$", TimeSpan.FromSeconds(10));
        var growth = long.Parse(Regex.Match(line, @"on (\d+)% growth").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(growth >= 100, line);
        await AofWorkload.WaitForRewriteAsync(c, 1);
        Assert.Equal(["appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"], AofFiles.Listing(basalt.Dir));
        // aof_base_size is now the new BASE: the next rewrite waits for the AOF to double again.
        Assert.Equal(new FileInfo(AofFiles.AofPath(basalt.Dir, "appendonly.aof.2.base.rdb")).Length, await ServerInfo.IntegerFieldAsync(c, "aof_base_size"));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    public async Task InfoAofFieldsAreRedissInTheSameOrder(string appendonly)
    {
        await using var pair = await StartPairAsync(["--appendonly", appendonly]);
        var (redis, basalt) = pair;
        await using var r = await redis.ConnectAsync();
        await using var b = await basalt.ConnectAsync();
        await SameAsync(r, b, "SET", "k", "v");

        var redisFields = (await ServerInfo.SectionAsync(r, "persistence")).Where(f => f.Name.StartsWith("aof_", StringComparison.Ordinal)).ToList();
        var basaltFields = (await ServerInfo.SectionAsync(b, "persistence")).Where(f => f.Name.StartsWith("aof_", StringComparison.Ordinal)).ToList();
        Assert.Equal(redisFields.Select(f => f.Name), basaltFields.Select(f => f.Name));
        string[] sameValues = ["aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled", "aof_last_rewrite_time_sec",
            "aof_current_rewrite_time_sec", "aof_last_bgrewrite_status", "aof_rewrites", "aof_rewrites_consecutive_failures",
            "aof_last_write_status", "aof_pending_rewrite", "aof_buffer_length", "aof_pending_bio_fsync", "aof_delayed_fsync",
            // The BASE made for an empty dataset at start is not counted, as in Redis: the sizes are the INCR's.
            "aof_base_size", "aof_current_size"];
        foreach (var name in sameValues.Where(n => redisFields.Any(f => f.Name == n)))
        {
            Assert.Equal($"{name}:{redisFields.Single(f => f.Name == name).Value}", $"{name}:{basaltFields.Single(f => f.Name == name).Value}");
        }
        if (appendonly == "yes")
        {
            var incr = new FileInfo(AofFiles.AofPath(basalt.Dir, "appendonly.aof.1.incr.aof")).Length;
            Assert.Equal(incr, await ServerInfo.IntegerFieldAsync(b, "aof_current_size"));
        }
    }

    /// <summary>The log lines a rewrite writes (the child's own lines and the CoW report aside).</summary>
    private static List<string> RewriteLines(ServerProcess server, int from) =>
        AofFiles.Normalized(server.LogLines.Skip(from))
            .Where(line => line.StartsWith("* ", StringComparison.Ordinal) &&
                (line.Contains("AOF", StringComparison.Ordinal) || line.Contains("append only", StringComparison.Ordinal) ||
                 line.Contains("history file", StringComparison.Ordinal)) &&
                !line.Contains("Fork CoW", StringComparison.Ordinal) && !line.Contains("Successfully created the temporary", StringComparison.Ordinal))
            .ToList();

    /// <summary>Sends the command to Redis then Basalt; asserts the raw replies are equal and returns it.</summary>
    private static async Task<string> SameAsync(RespConnection redis, RespConnection basalt, params object[] args)
    {
        var expected = await AofFiles.RawAsync(redis, args);
        Assert.Equal(expected, await AofFiles.RawAsync(basalt, args));
        return expected;
    }

    private static async Task<ServerProcessPair> StartPairAsync(string[] args)
    {
        var redis = ServerProcess.StartAsync(ServerKind.Redis, args);
        var basalt = ServerProcess.StartAsync(ServerKind.Basalt, args);
        try
        {
            await Task.WhenAll(redis, basalt);
        }
        catch
        {
            foreach (var started in new[] { redis, basalt }.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }
            throw;
        }
        return new ServerProcessPair(redis.Result, basalt.Result);
    }

    private sealed record ServerProcessPair(ServerProcess Redis, ServerProcess Basalt) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Redis.DisposeAsync();
            await Basalt.DisposeAsync();
        }
    }
}
