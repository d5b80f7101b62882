using Basalt.Tests.Infrastructure;
using Basalt.Tools;
using Xunit;

namespace Basalt.Tests.Tools;

/// <summary>
/// BACKUP and <c>basalt backup</c>: a copy taken while a client keeps writing loads, in a second
/// server, to one instant of the primary (two counters incremented together in MULTI stay equal).
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
            while (!stop.IsCancellationRequested)
            {
                await client.ExecuteAsync("MULTI");
                await client.ExecuteAsync("INCR", "a");
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
        Assert.Equal(5002, (await check.ExecuteAsync("DBSIZE")).Value.Integer);
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

        Assert.Equal("+Backup started\r\n", RespText(await client.ExecuteAsync("BACKUP", "relative")));
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
        Assert.Equal("+Backup started\r\n", RespText(await client.ExecuteAsync("BACKUP", Path.Combine(server.Dir, "b2"))));
        Assert.StartsWith("-ERR Another child process is active", RespText(await client.ExecuteAsync("BGSAVE")));
        Assert.Equal("-ERR Backup already in progress\r\n", RespText(await client.ExecuteAsync("BACKUP", Path.Combine(server.Dir, "b3"))));
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
