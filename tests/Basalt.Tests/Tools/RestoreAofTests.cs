using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Basalt.Tests.Infrastructure;
using Basalt.Tools;
using Xunit;

namespace Basalt.Tests.Tools;

/// <summary>
/// <c>basalt restore-aof</c>: point-in-time restore from #TS annotations, across rewrites whose older
/// sets were kept as history, checked by starting a server on the result.
/// </summary>
public sealed class RestoreAofTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("basalt-restore-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Out, string Error) RunTool(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ToolCommands.Run(args, new ToolConsole(new StringReader(""), output, error, isTerminal: false));
        return (code, output.ToString(), error.ToString());
    }

    private static string Command(params string[] args)
    {
        var text = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }
        return text.ToString();
    }

    private static string Ts(long t) => $"#TS:{t.ToString(CultureInfo.InvariantCulture)}\r\n";

    /// <summary>
    /// Two sets: history BASE 1 (time 1000: k=v0) + INCR 1 (1001: v1, 1003: v3, in a MULTI),
    /// current BASE 2 (time 1004: k=v3) + INCR 2 (1005: v5, 1007: v7).
    /// </summary>
    private string BuildDir()
    {
        var dir = Path.Combine(_root, "appendonlydir");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "appendonly.aof.1.base.aof"), Ts(1000) + Command("SELECT", "0") + Command("SET", "k", "v0"));
        File.WriteAllText(Path.Combine(dir, "appendonly.aof.1.incr.aof"),
            Ts(1001) + Command("SELECT", "0") + Command("SET", "k", "v1") + Command("SET", "n", "1") +
            Ts(1003) + Command("MULTI") + Command("SET", "k", "v3") + Command("INCR", "n") + Command("EXEC"));
        File.WriteAllText(Path.Combine(dir, "appendonly.aof.2.base.aof"), Ts(1004) + Command("SELECT", "0") + Command("SET", "k", "v3") + Command("SET", "n", "2"));
        File.WriteAllText(Path.Combine(dir, "appendonly.aof.2.incr.aof"),
            Ts(1005) + Command("SELECT", "0") + Command("SET", "k", "v5") + Ts(1007) + Command("SET", "k", "v7") + Command("DEL", "n"));
        File.WriteAllText(Path.Combine(dir, "appendonly.aof.manifest"),
            "file appendonly.aof.2.base.aof seq 2 type b\n" +
            "file appendonly.aof.1.incr.aof seq 1 type h\n" +
            "file appendonly.aof.1.base.aof seq 1 type h\n" +
            "file appendonly.aof.2.incr.aof seq 2 type i\n");
        return dir;
    }

    private static string Digest(string dir) =>
        string.Join(",", Directory.GetFiles(dir).Order(StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f) + ":" + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))));

    private static async Task<(string? K, string? N)> LoadAsync(string aofDir)
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions
        {
            Dir = Path.GetDirectoryName(aofDir),
            ExtraArgs = ["--appendonly", "yes", "--appenddirname", Path.GetFileName(aofDir)],
        });
        await using var client = await server.ConnectAsync();
        var k = (await client.ExecuteAsync("GET", "k")).Text;
        var n = (await client.ExecuteAsync("GET", "n")).Text;
        return (k, n);
    }

    [Theory]
    [InlineData(1000, "v0", null)]
    [InlineData(1002, "v1", "1")]
    [InlineData(1003, "v3", "2")]
    [InlineData(1004, "v3", "2")]
    [InlineData(1006, "v5", "2")]
    [InlineData(5000, "v7", null)]
    public async Task Restoring_to_a_time_loads_the_state_of_that_time(long time, string k, string? n)
    {
        var source = BuildDir();
        var before = Digest(source);
        var target = Path.Combine(_root, "restored");
        var (code, output, error) = RunTool("restore-aof", "--to", time.ToString(CultureInfo.InvariantCulture), source, target);
        Assert.True(code == 0, error + output);
        Assert.Equal(before, Digest(source));
        Assert.Equal((k, n), await LoadAsync(target));
        Assert.Contains("Bytes cut: ", output);
        Assert.Contains("Last timestamp kept: ", output);
    }

    [Fact]
    public void The_report_says_what_was_cut_and_dropped()
    {
        var source = BuildDir();
        var target = Path.Combine(_root, "restored");
        var (code, output, _) = RunTool("restore-aof", "--to", "1970-01-01T00:16:42Z", source, target);
        Assert.Equal(0, code);
        var incr1 = File.ReadAllBytes(Path.Combine(source, "appendonly.aof.1.incr.aof")).Length;
        var keep = (Ts(1001) + Command("SELECT", "0") + Command("SET", "k", "v1") + Command("SET", "n", "1")).Length;
        Assert.Equal(
            "Restoring to 1002 (1970-01-01T00:16:42Z)\n" +
            "BASE: appendonly.aof.1.base.aof (data from 1000 1970-01-01T00:16:40Z)\n" +
            $"INCR: appendonly.aof.1.incr.aof cut at offset {keep}: {incr1 - keep} of {incr1} bytes removed\n" +
            "Dropped: appendonly.aof.2.base.aof and its 1 INCR file(s) (a later rewrite)\n" +
            $"Bytes cut: {incr1 - keep}; files dropped: 2\n" +
            "Last timestamp kept: 1001 (1970-01-01T00:16:41Z)\n" +
            $"Restored AOF written to {target}\n", output);
        Assert.Equal(
            "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
            File.ReadAllText(Path.Combine(target, "appendonly.aof.manifest")));
    }

    [Fact]
    public void A_time_before_the_oldest_base_is_refused_and_nothing_is_written()
    {
        var source = BuildDir();
        var target = Path.Combine(_root, "restored");
        var (code, _, error) = RunTool("restore-aof", "--to", "999", source, target);
        Assert.Equal(1, code);
        Assert.Equal("basalt restore-aof: 999 (1970-01-01T00:16:39Z) is before the oldest kept BASE (1000 1970-01-01T00:16:40Z); " +
            "keep more history with aof-history-retention\n", error);
        Assert.False(Directory.Exists(target));
        Assert.Equal([source], Directory.GetDirectories(_root));
    }

    [Fact]
    public void Files_without_timestamps_are_refused()
    {
        var dir = Path.Combine(_root, "plain");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "appendonly.aof.1.base.aof"), Ts(1000) + Command("SET", "k", "v0"));
        File.WriteAllText(Path.Combine(dir, "appendonly.aof.1.incr.aof"), Command("SELECT", "0") + Command("SET", "k", "v1"));
        File.WriteAllText(Path.Combine(dir, "appendonly.aof.manifest"),
            "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        var (code, _, error) = RunTool("restore-aof", "--to", "2000", dir, Path.Combine(_root, "out"));
        Assert.Equal(1, code);
        Assert.Contains("no #TS: annotations", error);
        Assert.False(Directory.Exists(Path.Combine(_root, "out")));
    }

    [Fact]
    public void Missing_directories_and_bad_times_are_clear_errors()
    {
        var (code, _, error) = RunTool("restore-aof", "--to", "100", Path.Combine(_root, "nope"), Path.Combine(_root, "out"));
        Assert.Equal(1, code);
        Assert.Equal($"basalt restore-aof: {Path.Combine(_root, "nope")}: no such directory\n", error);
        (code, _, error) = RunTool("restore-aof", "--to", "yesterday-ish", BuildDir(), Path.Combine(_root, "out"));
        Assert.Equal(1, code);
        Assert.Equal("basalt restore-aof: 'yesterday-ish' is not a time (unix seconds or ISO 8601)\n", error);
    }

    [Fact]
    public async Task A_redis_made_aof_restored_to_a_time_loads_in_redis_server()
    {
        var fixture = "/work/shared/fixtures/redis-7.0/aof-timestamps/appendonlydir";
        var target = Path.Combine(_root, "r");
        var (code, output, error) = RunTool("restore-aof", "--to", "1795244416", fixture, target);
        Assert.True(code == 0, error);
        Assert.Contains("Last timestamp kept: 1795244416 ", output);
        await using var redis = await ServerProcess.StartAsync(ServerKind.Redis, new ServerStartOptions
        {
            Dir = _root,
            ExtraArgs = ["--appendonly", "yes", "--appenddirname", "r"],
        });
        await using var client = await redis.ConnectAsync();
        Assert.Equal("first", (await client.ExecuteAsync("GET", "k1")).Text);
        Assert.Equal("second", (await client.ExecuteAsync("GET", "k2")).Text);
        Assert.True((await client.ExecuteAsync("GET", "k3")).Value.IsNull);
    }

    [Fact]
    public async Task History_retention_keeps_the_newest_sets_and_deletes_older_ones()
    {
        var dir = Path.Combine(_root, "retention");
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions
        {
            Dir = dir,
            ExtraArgs = ["--appendonly", "yes", "--aof-history-retention", "1"],
        });
        await using var client = await server.ConnectAsync();
        for (var i = 0; i < 2; i++)
        {
            await client.ExecuteAsync("SET", "k", i.ToString(CultureInfo.InvariantCulture));
            await client.ExecuteAsync("BGREWRITEAOF");
            await Poll.UntilAsync(async () => (await client.ExecuteAsync("INFO", "persistence")).Text!.Contains("aof_rewrite_in_progress:0"),
                Timeout, () => "the rewrite did not finish");
        }
        var aofDir = Path.Combine(dir, "appendonlydir");
        Assert.Equal(
            "file appendonly.aof.3.base.rdb seq 3 type b\n" +
            "file appendonly.aof.2.incr.aof seq 2 type h\n" +
            "file appendonly.aof.2.base.rdb seq 2 type h\n" +
            "file appendonly.aof.3.incr.aof seq 3 type i\n",
            await File.ReadAllTextAsync(Path.Combine(aofDir, "appendonly.aof.manifest")));
        Assert.False(File.Exists(Path.Combine(aofDir, "appendonly.aof.1.base.rdb")));
        Assert.True(File.Exists(Path.Combine(aofDir, "appendonly.aof.2.base.rdb")));
        Assert.Equal("OK", (await client.ExecuteAsync("CONFIG", "SET", "aof-history-retention", "0")).Text);
        await client.ExecuteAsync("BGREWRITEAOF");
        await Poll.UntilAsync(() => File.ReadAllText(Path.Combine(aofDir, "appendonly.aof.manifest")) ==
                "file appendonly.aof.4.base.rdb seq 4 type b\nfile appendonly.aof.4.incr.aof seq 4 type i\n",
            Timeout, () => "the history was not deleted");
    }

    /// <summary>
    /// A live server with timestamps and aof-history-retention 2 writes across two rewrites; restoring
    /// to a second of each phase (T1 lies before both rewrites) gives the dataset recorded then: the
    /// same DEBUG DIGEST (every key, type, value and expire time), and that phase's values.
    /// </summary>
    [Fact]
    public async Task A_live_server_restores_across_rewrites_with_history_retention()
    {
        var dir = Path.Combine(_root, "live");
        long[] phaseTimes = new long[3];
        var phaseDigests = new string?[3];
        await using (var server = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions
        {
            Dir = dir,
            ExtraArgs = ["--appendonly", "yes", "--aof-timestamp-enabled", "yes", "--aof-history-retention", "2", "--appendfsync", "always"],
        }))
        {
            await using var client = await server.ConnectAsync();
            for (var phase = 0; phase < 3; phase++)
            {
                await NextSecondAsync(phase == 0 ? 0 : phaseTimes[phase - 1]);
                if (phase > 0)
                {
                    Assert.Equal("+Background append only file rewriting started\r\n", Encoding.Latin1.GetString((await client.ExecuteAsync("BGREWRITEAOF")).Raw));
                    await Poll.UntilAsync(async () => (await client.ExecuteAsync("INFO", "persistence")).Text!.Contains("aof_rewrite_in_progress:0"),
                        Timeout, () => "the rewrite did not finish");
                }
                Assert.Equal("OK", (await client.ExecuteAsync("SET", "k", $"phase{phase}")).Text);
                await client.ExecuteAsync("INCR", "n");
                await client.ExecuteAsync("HSET", "h", $"f{phase}", $"v{phase}");
                await client.ExecuteAsync("RPUSH", "l", $"item{phase}");
                await client.ExecuteAsync("ZADD", "z", phase.ToString(CultureInfo.InvariantCulture), $"m{phase}");
                await client.ExecuteAsync("SET", $"only-in-phase{phase}", "x", "EX", "100000");
                await client.ExecuteAsync("DEL", $"only-in-phase{phase - 1}");
                phaseDigests[phase] = (await client.ExecuteAsync("DEBUG", "DIGEST")).Text;
                phaseTimes[phase] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            }
            var manifest = await File.ReadAllTextAsync(Path.Combine(dir, "appendonlydir", "appendonly.aof.manifest"));
            Assert.Contains("appendonly.aof.1.base.rdb seq 1 type h", manifest);
        }
        for (var phase = 0; phase < 3; phase++)
        {
            var target = Path.Combine(_root, $"restored-{phase}");
            var (code, output, error) = RunTool("restore-aof", "--to", phaseTimes[phase].ToString(CultureInfo.InvariantCulture),
                Path.Combine(dir, "appendonlydir"), target);
            Assert.True(code == 0, error + output);
            Assert.Equal(($"phase{phase}", (phase + 1).ToString(CultureInfo.InvariantCulture)), await LoadAsync(target));
            Assert.Equal(phaseDigests[phase], await DigestAsync(target));
        }
        Assert.Equal(3, phaseDigests.Distinct().Count());
    }

    private static async Task<string?> DigestAsync(string aofDir)
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions
        {
            Dir = Path.GetDirectoryName(aofDir),
            ExtraArgs = ["--appendonly", "yes", "--appenddirname", Path.GetFileName(aofDir)],
        });
        await using var client = await server.ConnectAsync();
        return (await client.ExecuteAsync("DEBUG", "DIGEST")).Text;
    }

    /// <summary>Waits (polling, no fixed sleep) until the wall clock is past <paramref name="after"/>'s second.</summary>
    private static Task NextSecondAsync(long after) =>
        Poll.UntilAsync(() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() > after, Timeout, () => "the clock did not move", TimeSpan.FromMilliseconds(10));
}
