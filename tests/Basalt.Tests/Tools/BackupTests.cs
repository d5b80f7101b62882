using Basalt.Tests.Infrastructure;
using Basalt.Tools;
using Xunit;

namespace Basalt.Tests.Tools;

/// <summary>
/// BACKUP and <c>basalt backup</c>: a copy taken while a client keeps writing loads, in a second
/// server, to one instant of the primary (two counters incremented together in MULTI stay equal, and
/// a large value rewritten in the same transaction is the one of that round, never torn); the
/// replies say what was started, the status gives progress and size, and failures leave nothing.
/// </summary>
public sealed class BackupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static (int Code, string Out, string Error) RunTool(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ToolCommands.Run(args, new ToolConsole(new StringReader(""), output, error, isTerminal: false));
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_backup_under_write_load_loads_to_one_consistent_instant(bool aof)
    {
        string[] args = aof
            ? ["--appendonly", "yes", "--appendfsync", "everysec"]
            : ["--rdb-key-save-delay", "20"];
        await using var primary = await ServerProcess.StartAsync(ServerKind.Basalt, args);
        await using (var setup = await primary.ConnectAsync())
        {
            // Enough other keys that an RDB snapshot walks for a while as the counters change
            // (written with MSET, not DEBUG POPULATE, which the AOF does not log).
            for (var chunk = 0; chunk < 5; chunk++)
            {
                var mset = new List<object> { "MSET" };
                for (var i = 0; i < 1000; i++)
                {
                    mset.Add($"filler:{chunk * 1000 + i}");
                    mset.Add(new string('x', 100));
                }
                Assert.Equal("OK", (await setup.ExecuteAsync([.. mset])).Text);
            }
        }
        using var stop = new CancellationTokenSource();
        long rounds = 0;
        var writer = Task.Run(async () =>
        {
            await using var client = await primary.ConnectAsync();
            for (var round = 1L; !stop.IsCancellationRequested; round++)
            {
                await client.ExecuteAsync("MULTI");
                await client.ExecuteAsync("INCR", "a");
                await client.ExecuteAsync("SET", "blob", Blob(round));
                await client.ExecuteAsync("INCR", "b");
                var exec = await client.ExecuteAsync("EXEC");
                Assert.False(exec.IsError, exec.RawText);
                Interlocked.Increment(ref rounds);
            }
        });
        await Poll.UntilAsync(() => Interlocked.Read(ref rounds) > 50 || writer.IsCompleted, Timeout, () => "the writer made no progress");
        var target = Path.Combine(primary.Dir, "backup-1");
        var (code, output, error) = await Task.Run(() => RunTool("backup", "--port", primary.Port.ToString(), target));
        var roundsDuringBackup = Interlocked.Read(ref rounds);
        await Poll.UntilAsync(() => Interlocked.Read(ref rounds) > roundsDuringBackup + 50 || writer.IsCompleted, Timeout, () => "the writer stopped");
        stop.Cancel();
        await writer;
        Assert.True(code == 0, error);
        Assert.StartsWith(aof ? "Backup started: AOF, " : "Backup started: RDB snapshot of ", output);
        Assert.Contains($"Backup written to {target}: ", output);
        Assert.True(File.Exists(Path.Combine(target, aof ? "appendonlydir/appendonly.aof.manifest" : "dump.rdb")));

        string[] restoredArgs = aof ? ["--appendonly", "yes"] : [];
        await using var restored = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions
        {
            Dir = target,
            DisablePersistence = true,
            ExtraArgs = [.. restoredArgs, "--save", ""],
        });
        await using var check = await restored.ConnectAsync();
        var a = long.Parse((await check.ExecuteAsync("GET", "a")).Text!);
        var b = long.Parse((await check.ExecuteAsync("GET", "b")).Text!);
        Assert.Equal(a, b);
        // Strictly before the end: the writer went on for 50 more rounds after the backup was done.
        Assert.True(a > 0 && a < Interlocked.Read(ref rounds), $"a={a}, rounds={rounds}");
        Assert.True((await check.ExecuteAsync("GET", "blob")).Text == Blob(a), $"blob is not round {a}'s");
        Assert.Equal(5003, (await check.ExecuteAsync("DBSIZE")).Value.Integer);
    }

    /// <summary>Round <paramref name="round"/>'s value: 20 KB of its number, so that a torn copy shows.</summary>
    private static string Blob(long round)
    {
        var unit = $"{round};";
        return string.Concat(Enumerable.Repeat(unit, 20_000 / unit.Length));
    }

    [Fact]
    public async Task An_aof_backup_says_what_it_copies_and_its_size_matches_the_files()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt, "--appendonly", "yes");
        await using var client = await server.ConnectAsync();
        await client.ExecuteAsync("SET", "k", new string('v', 5000));
        Assert.Equal("+Background append only file rewriting started\r\n", RespText(await client.ExecuteAsync("BGREWRITEAOF")));
        await Poll.UntilAsync(async () => (await client.ExecuteAsync("INFO", "persistence")).Text!.Contains("aof_rewrite_in_progress:0"),
            Timeout, () => "the rewrite did not finish");
        await client.ExecuteAsync("SET", "after", "rewrite");
        var target = Path.Combine(server.Dir, "aof-backup");
        var started = RespText(await client.ExecuteAsync("BACKUP", target));
        Assert.Matches(@"^\+Backup started: AOF, 2 files, \d+ bytes, into " + System.Text.RegularExpressions.Regex.Escape(target) + "\r\n$", started);
        await Poll.UntilAsync(async () => (await client.ExecuteAsync("BACKUP", "STATUS")).Value.MapGet("state")?.Text == "ok",
            Timeout, () => "the backup did not finish");
        var status = (await client.ExecuteAsync("BACKUP", "STATUS")).Value;
        Assert.Equal("aof", status.MapGet("kind")?.Text);
        var files = Directory.GetFiles(Path.Combine(target, "appendonlydir")).Where(f => !f.EndsWith(".manifest", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, files.Count);
        var size = files.Sum(f => new FileInfo(f).Length);
        Assert.Equal(size, status.MapGet("bytes")!.Integer);
        Assert.Equal(size, status.MapGet("bytes_total")!.Integer);
        Assert.Contains($" {size} bytes, ", started);
        Assert.Empty(Directory.GetFiles(target, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Targets_that_cannot_be_used_are_clear_errors_and_leave_nothing()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt);
        await using var client = await server.ConnectAsync();
        var file = Path.Combine(server.Dir, "a-file");
        await File.WriteAllTextAsync(file, "x");
        Assert.Equal($"-ERR Backup target {file} is a file, not a directory\r\n", RespText(await client.ExecuteAsync("BACKUP", file)));
        // (.NET reports ENOTDIR from mkdir as a missing directory.)
        Assert.StartsWith($"-ERR Can't create the backup directory {file}/sub: ",
            RespText(await client.ExecuteAsync("BACKUP", Path.Combine(file, "sub"))));
        Assert.Equal("-ERR Backup target directory name can't be empty\r\n", RespText(await client.ExecuteAsync("BACKUP", "")));
        Assert.Equal("none", (await client.ExecuteAsync("BACKUP", "STATUS")).Value.MapGet("state")?.Text);

        var (code, output, error) = await Task.Run(() => RunTool("backup", "--port", server.Port.ToString(), file));
        Assert.Equal((1, ""), (code, output));
        Assert.Equal($"basalt backup: ERR Backup target {file} is a file, not a directory\n", error.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task A_backup_that_fails_while_running_removes_what_it_wrote()
    {
        // The snapshot fails when its temp file is deleted under it: rename of a missing file.
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt, "--rdb-key-save-delay", "2000");
        await using var client = await server.ConnectAsync();
        await client.ExecuteAsync("DEBUG", "POPULATE", "500");
        var target = Path.Combine(server.Dir, "failing");
        Assert.StartsWith("+Backup started: RDB snapshot of 500 keys into ", RespText(await client.ExecuteAsync("BACKUP", target)));
        var temp = Assert.Single(Directory.GetFiles(target));
        File.Delete(temp);
        Assert.Equal("+OK\r\n", RespText(await client.ExecuteAsync("CONFIG", "SET", "rdb-key-save-delay", "0")));
        await Poll.UntilAsync(async () => (await client.ExecuteAsync("BACKUP", "STATUS")).Value.MapGet("state")?.Text != "running",
            Timeout, () => "the backup did not end");
        var status = (await client.ExecuteAsync("BACKUP", "STATUS")).Value;
        Assert.Equal("failed", status.MapGet("state")?.Text);
        Assert.NotEqual("", status.MapGet("error")?.Text);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public async Task Backup_refuses_a_non_empty_target_and_reports_status()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt);
        await using var client = await server.ConnectAsync();
        var target = Path.Combine(server.Dir, "full");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "x"), "x");
        var reply = await client.ExecuteAsync("BACKUP", target);
        Assert.Equal($"-ERR Backup target directory {target} is not empty\r\n", RespText(reply));
        Assert.Equal("none", (await client.ExecuteAsync("BACKUP", "STATUS")).Value.MapGet("state")?.Text);

        Assert.Equal($"+Backup started: RDB snapshot of 0 keys into {Path.Combine(server.Dir, "relative")}\r\n",
            RespText(await client.ExecuteAsync("BACKUP", "relative")));
        await Poll.UntilAsync(async () => (await client.ExecuteAsync("BACKUP", "STATUS")).Value.MapGet("state")?.Text == "ok",
            Timeout, () => "the backup did not finish");
        var status = (await client.ExecuteAsync("BACKUP", "STATUS")).Value;
        Assert.Equal(Path.Combine(server.Dir, "relative"), status.MapGet("dir")?.Text);
        Assert.Equal(new FileInfo(Path.Combine(server.Dir, "relative", "dump.rdb")).Length, status.MapGet("bytes")!.Integer);
        Assert.Equal("-ERR wrong number of arguments for 'backup' command\r\n", RespText(await client.ExecuteAsync("BACKUP")));
    }

    [Fact]
    public async Task Backup_and_bgsave_do_not_run_together()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt, "--rdb-key-save-delay", "1000");
        await using var client = await server.ConnectAsync();
        await client.ExecuteAsync("DEBUG", "POPULATE", "1000");
        Assert.Equal("+Background saving started\r\n", RespText(await client.ExecuteAsync("BGSAVE")));
        Assert.Equal("-ERR Background save already in progress\r\n", RespText(await client.ExecuteAsync("BACKUP", Path.Combine(server.Dir, "b1"))));
        Assert.Equal("+OK\r\n", RespText(await client.ExecuteAsync("CONFIG", "SET", "rdb-key-save-delay", "0")));
        await Poll.UntilAsync(async () => (await client.ExecuteAsync("INFO", "persistence")).Text!.Contains("rdb_bgsave_in_progress:0"),
            Timeout, () => "BGSAVE did not finish");

        Assert.Equal("+OK\r\n", RespText(await client.ExecuteAsync("CONFIG", "SET", "rdb-key-save-delay", "1000")));
        Assert.Equal($"+Backup started: RDB snapshot of 1000 keys into {Path.Combine(server.Dir, "b2")}\r\n",
            RespText(await client.ExecuteAsync("BACKUP", Path.Combine(server.Dir, "b2"))));
        Assert.StartsWith("-ERR Another child process is active", RespText(await client.ExecuteAsync("BGSAVE")));
        Assert.Equal($"-ERR Backup already in progress into {Path.Combine(server.Dir, "b2")} (see BACKUP STATUS)\r\n",
            RespText(await client.ExecuteAsync("BACKUP", Path.Combine(server.Dir, "b3"))));
        var running = (await client.ExecuteAsync("BACKUP", "STATUS")).Value;
        Assert.Equal(("running", "rdb", 1000L), (running.MapGet("state")?.Text, running.MapGet("kind")?.Text, running.MapGet("keys_total")!.Integer));
        Assert.Equal("+OK\r\n", RespText(await client.ExecuteAsync("CONFIG", "SET", "rdb-key-save-delay", "0")));
        await Poll.UntilAsync(async () => (await client.ExecuteAsync("BACKUP", "STATUS")).Value.MapGet("state")?.Text == "ok",
            Timeout, () => "the backup did not finish");
        Assert.False(Directory.Exists(Path.Combine(server.Dir, "b3")) && Directory.EnumerateFileSystemEntries(Path.Combine(server.Dir, "b3")).Any());
    }

    [Fact]
    public void The_tool_reports_a_server_it_cannot_reach()
    {
        var port = FreePorts.Next();
        var (code, _, error) = RunTool("backup", "--port", port.ToString(), "/tmp/never-made");
        Assert.Equal(1, code);
        Assert.StartsWith($"basalt backup: can't talk to 127.0.0.1:{port}: ", error);
        Assert.False(Directory.Exists("/tmp/never-made"));
    }

    private static string RespText(RespReply reply) => System.Text.Encoding.Latin1.GetString(reply.Raw);
}
