using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>SHUTDOWN's argument errors side by side with redis-server (these servers keep running).</summary>
public sealed class ShutdownCommandTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    [Fact]
    public async Task Shutdown_argument_errors_match_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("SHUTDOWN", "ABORT");
        await c.SameAsync("SHUTDOWN", "abort", "ABORT");
        await c.SameAsync("SHUTDOWN", "NOSAVE", "SAVE");
        await c.SameAsync("SHUTDOWN", "ABORT", "NOW");
        await c.SameAsync("SHUTDOWN", "ABORT", "FORCE");
        await c.SameAsync("SHUTDOWN", "ABORT", "NOSAVE");
        await c.SameAsync("SHUTDOWN", "BOGUS");
        await c.SameAsync("SHUTDOWN", "NOW", "BOGUS");
        await c.SameAsync("MULTI");
        await c.SameAsync("SHUTDOWN", "NOSAVE");
        await c.SameAsync("EXEC");
        await c.SameAsync("PING");
        c.AssertNoMismatches();
    }
}

/// <summary>SHUTDOWN and signals ending (or refusing to end) a server of their own.</summary>
public sealed class ShutdownExitTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(ServerKind.Redis)]
    [InlineData(ServerKind.Basalt)]
    public async Task Shutdown_nosave_exits_without_a_reply_and_removes_the_pid_file(ServerKind kind)
    {
        var dir = Path.Combine(Path.GetTempPath(), "basalt-tests", $"shutdown-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var pidFile = Path.Combine(dir, "server.pid");
            await using var server = await ServerProcess.StartAsync(kind, new ServerStartOptions { Dir = dir, ExtraArgs = ["--pidfile", pidFile] });
            await Poll.UntilAsync(() => File.Exists(pidFile), TimeSpan.FromSeconds(10), () => "no pid file");
            await using var connection = await server.ConnectAsync();
            await Assert.ThrowsAsync<RespConnectionClosedException>(() => connection.ExecuteAsync("SHUTDOWN", "NOSAVE"));
            Assert.Equal(0, await server.WaitForExitAsync(ExitTimeout));
            Assert.False(File.Exists(pidFile), "the pid file is still there");
            var log = server.LogText;
            Assert.Contains("# User requested shutdown...", log);
            Assert.Contains("* Removing the pid file.", log);
            Assert.Contains(" is now ready to exit, bye bye...", log);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Nothing_another_client_sends_after_the_final_snapshot_runs()
    {
        using var scratch = new Persistence.ScratchDirectory("shutdown");
        // hz 1: the cron, which closes the connections and exits, comes up to a second after the
        // SHUTDOWN; a write acknowledged in between, after the final snapshot, would be lost.
        var options = new ServerStartOptions { Dir = scratch.Path, ExtraArgs = ["--hz", "1", "--save", "3600 1"] };
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt, options);
        await using var writer = await server.ConnectAsync();
        Assert.Equal("+OK\\r\\n", (await writer.ExecuteAsync("SET", "before", "1")).RawText);
        await using (var closer = await server.ConnectAsync())
        {
            await Assert.ThrowsAsync<RespConnectionClosedException>(() => closer.ExecuteAsync("SHUTDOWN"));
        }
        await Assert.ThrowsAsync<RespConnectionClosedException>(() => writer.ExecuteAsync("SET", "after", "1"));
        Assert.Equal(0, await server.WaitForExitAsync(ExitTimeout));

        await using var restarted = await ServerProcess.StartAsync(ServerKind.Basalt, options);
        await using var reader = await restarted.ConnectAsync();
        Assert.Equal(":1\\r\\n", (await reader.ExecuteAsync("DBSIZE")).RawText);
        Assert.Equal("$1\\r\\n1\\r\\n", (await reader.ExecuteAsync("GET", "before")).RawText);
    }

    [Theory]
    [InlineData(ServerKind.Redis)]
    [InlineData(ServerKind.Basalt)]
    public async Task Sigint_shuts_down_a_server_started_with_it_ignored(ServerKind kind)
    {
        // A background job of a non-interactive shell starts with SIGINT ignored; Redis handles it anyway.
        using var scratch = new Persistence.ScratchDirectory("sigint");
        var (fileName, prefix) = ServerProcess.ResolveCommand(kind);
        var port = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] command = [fileName, .. prefix, "--port", port, "--bind", "127.0.0.1", "--dir", scratch.Path, "--save", ""];
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", "trap '' INT; exec \"$@\"", "bash", .. command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(() => { lock (log) { return log.ToString().Contains("Ready to accept connections", StringComparison.Ordinal); } },
                TimeSpan.FromSeconds(30), () => "not ready: " + log);
            System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            using var exited = new CancellationTokenSource(ExitTimeout);
            await process.WaitForExitAsync(exited.Token);
            Assert.Equal(0, process.ExitCode);
            lock (log)
            {
                Assert.Contains("Received SIGINT scheduling shutdown...", log.ToString());
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Shutdown_save_fails_like_a_failed_redis_save_and_the_server_stays_up()
    {
        await using var redis = await ServerProcess.StartAsync(ServerKind.Redis);
        await using var basalt = await ServerProcess.StartAsync(ServerKind.Basalt);
        // Neither can save once its directory is gone.
        Directory.Delete(redis.Dir, recursive: true);
        Directory.Delete(basalt.Dir, recursive: true);
        await using var r = await redis.ConnectAsync();
        await using var b = await basalt.ConnectAsync();
        var redisFrom = redis.LogLineCount;
        var basaltFrom = basalt.LogLineCount;
        var redisReply = await r.ExecuteAsync("SHUTDOWN", "SAVE");
        var basaltReply = await b.ExecuteAsync("SHUTDOWN", "SAVE");
        Assert.Equal("-ERR Errors trying to SHUTDOWN. Check logs.\\r\\n", redisReply.RawText);
        Assert.Equal(redisReply.RawText, basaltReply.RawText);
        Assert.Equal("PONG", (await b.ExecuteAsync("PING")).Text);
        Assert.Equal("PONG", (await r.ExecuteAsync("PING")).Text);
        foreach (var (server, from) in new[] { (redis, redisFrom), (basalt, basaltFrom) })
        {
            await server.WaitForLogLineAsync(@"# User requested shutdown\.\.\.$", ExitTimeout, from);
            await server.WaitForLogLineAsync(@"\* Saving the final RDB snapshot before exiting\.$", ExitTimeout, from);
            await server.WaitForLogLineAsync(@"# Failed opening the temp RDB file temp-\d+\.rdb \(in server root dir .*\) for saving: No such file or directory$", ExitTimeout, from);
            await server.WaitForLogLineAsync(@"# Error trying to save the DB, can't exit\.$", ExitTimeout, from);
            await server.WaitForLogLineAsync(@"# Errors trying to shut down the server\. Check the logs for more information\.$", ExitTimeout, from);
        }
        Assert.False(basalt.HasExited);
    }

    [Fact]
    public async Task Shutdown_save_force_exits_anyway()
    {
        await using var basalt = await ServerProcess.StartAsync(ServerKind.Basalt);
        Directory.Delete(basalt.Dir, recursive: true);
        await using var connection = await basalt.ConnectAsync();
        await Assert.ThrowsAsync<RespConnectionClosedException>(() => connection.ExecuteAsync("SHUTDOWN", "SAVE", "FORCE", "NOW"));
        Assert.Equal(0, await basalt.WaitForExitAsync(ExitTimeout));
        Assert.Contains("# Error trying to save the DB. Exit anyway.", basalt.LogText);
    }

    [Fact]
    public async Task Plain_shutdown_saves_when_save_points_are_configured_and_the_restart_loads_it()
    {
        var dir = Path.Combine(Path.GetTempPath(), "basalt-tests", $"shutdown-save-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            await using (var basalt = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions { Dir = dir, ExtraArgs = ["--save", "3600 1"] }))
            {
                await using var connection = await basalt.ConnectAsync();
                Assert.Equal("OK", (await connection.ExecuteAsync("SET", "kept", "across-restart")).Text);
                await Assert.ThrowsAsync<RespConnectionClosedException>(() => connection.ExecuteAsync("shutdown"));
                Assert.Equal(0, await basalt.WaitForExitAsync(ExitTimeout));
                Assert.Contains("* Saving the final RDB snapshot before exiting.", basalt.LogText);
                Assert.Contains("* DB saved on disk", basalt.LogText);
            }
            Assert.True(File.Exists(Path.Combine(dir, "dump.rdb")));
            await using (var restarted = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions { Dir = dir }))
            {
                await using var connection = await restarted.ConnectAsync();
                Assert.Equal("across-restart", (await connection.ExecuteAsync("GET", "kept")).Text);
                Assert.Contains("* DB loaded from disk: ", restarted.LogText);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Shutdown_nosave_with_save_points_writes_nothing()
    {
        await using var basalt = await ServerProcess.StartAsync(ServerKind.Basalt, "--save", "3600 1");
        await using var connection = await basalt.ConnectAsync();
        Assert.Equal("OK", (await connection.ExecuteAsync("SET", "k", "v")).Text);
        await Assert.ThrowsAsync<RespConnectionClosedException>(() => connection.ExecuteAsync("SHUTDOWN", "NOSAVE"));
        Assert.Equal(0, await basalt.WaitForExitAsync(ExitTimeout));
        Assert.False(File.Exists(Path.Combine(basalt.Dir, "dump.rdb")));
    }

    [Fact]
    public async Task Sigterm_follows_shutdown_on_sigterm_and_keeps_running_when_the_save_fails()
    {
        await using var basalt = await ServerProcess.StartAsync(ServerKind.Basalt, "--shutdown-on-sigterm", "save");
        Directory.Delete(basalt.Dir, recursive: true);
        var from = basalt.LogLineCount;
        basalt.Signal(15);
        await basalt.WaitForLogLineAsync(@"Received SIGTERM scheduling shutdown\.\.\.$", ExitTimeout, from);
        await basalt.WaitForLogLineAsync(@"# SIGTERM received but errors trying to shut down the server, check the logs for more information$", ExitTimeout, from);
        await using var connection = await basalt.ConnectAsync();
        Assert.Equal("PONG", (await connection.ExecuteAsync("PING")).Text);
        Assert.Equal("OK", (await connection.ExecuteAsync("CONFIG", "SET", "shutdown-on-sigterm", "nosave")).Text);
        basalt.Signal(15);
        Assert.Equal(0, await basalt.WaitForExitAsync(ExitTimeout));
    }
}
