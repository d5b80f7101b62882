using Basalt.Tests.Commands;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>The <c>save &lt;seconds&gt; &lt;changes&gt;</c> points and FLUSHALL's save, side by side with redis-server.</summary>
public sealed class SavePointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_save_point_that_is_due_starts_a_background_save()
    {
        await using var pair = await ServerPair.StartAsync(connections: 1);
        await using var c = new Conversation(pair.RedisConnections[0], pair.BasaltConnections[0]);
        await c.SameAsync("CONFIG", "SET", "save", "1 1");
        await c.SameAsync("CONFIG", "GET", "save");
        await c.SameAsync("SET", "k", "v");
        c.AssertNoMismatches();
        foreach (var (server, connection) in new[] { (pair.Redis, c.Redis), (pair.Basalt, c.Basalt) })
        {
            await server.WaitForLogLineAsync(@"\* 1 changes in 1 seconds\. Saving\.\.\.$", Timeout);
            await server.WaitForLogLineAsync(@"\* Background saving terminated with success$", Timeout);
            Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(connection));
            Assert.Equal(0, await ServerInfo.IntegerFieldAsync(connection, "rdb_changes_since_last_save"));
            Assert.Equal(1, await ServerInfo.IntegerFieldAsync(connection, "rdb_saves"));
            Assert.True(File.Exists(Path.Combine(server.Dir, "dump.rdb")), $"{server}: no dump.rdb");
        }
    }

    [Fact]
    public async Task Flushall_with_save_points_saves_an_empty_dump()
    {
        using var redisDir = new ScratchDirectory("flushall-redis");
        using var basaltDir = new ScratchDirectory("flushall-basalt");
        foreach (var (kind, dir) in new[] { (ServerKind.Redis, redisDir), (ServerKind.Basalt, basaltDir) })
        {
            await using (var server = await ServerProcess.StartAsync(kind, new ServerStartOptions { Dir = dir.Path, ExtraArgs = ["--save", "3600 1"] }))
            {
                await using var connection = await server.ConnectAsync();
                await Pipeline.RunAsync(connection, [["SET", "a", "1"], ["SELECT", "2"], ["SET", "b", "2"]]);
                var lastSaveAtStart = (await connection.ExecuteAsync("LASTSAVE")).Value.Integer;
                Assert.False(File.Exists(dir.DumpFile), $"{server} saved before FLUSHALL");
                // LASTSAVE has a resolution of one second: wait for the next one so that it can advance.
                await Poll.UntilAsync(() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() > lastSaveAtStart, Timeout, () => "clock stuck");

                Assert.Equal("+OK\\r\\n", (await connection.ExecuteAsync("FLUSHALL")).RawText);
                Assert.True(File.Exists(dir.DumpFile), $"{server} wrote no dump.rdb on FLUSHALL");
                // Redis's own LASTSAVE was seen stuck here once under heavy machine load (cause not found):
                // Basalt's is asserted, Redis's dump file above shows that it saved.
                if (kind == ServerKind.Basalt)
                {
                    await Poll.UntilAsync(async () => (await connection.ExecuteAsync("LASTSAVE")).Value.Integer > lastSaveAtStart, Timeout,
                        () => $"{server}: LASTSAVE did not advance");
                }
                Assert.Equal(0, await ServerInfo.IntegerFieldAsync(connection, "rdb_changes_since_last_save"));
                await server.WaitForLogLineAsync(@"\* DB saved on disk$", Timeout);
            }
            await using var restarted = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions { Dir = dir.Path });
            await using var again = await restarted.ConnectAsync();
            Assert.Equal(0, (await again.ExecuteAsync("DBSIZE")).Value.Integer);
            await again.ExecuteAsync("SELECT", "2");
            Assert.Equal(0, (await again.ExecuteAsync("DBSIZE")).Value.Integer);
            await restarted.WaitForLogLineAsync(@"\* Done loading RDB, keys loaded: 0, keys expired: 0\.$", Timeout);
        }
    }

    [Fact]
    public async Task Flushall_without_save_points_writes_no_file()
    {
        await using var pair = await ServerPair.StartAsync(connections: 1);
        await using var c = new Conversation(pair.RedisConnections[0], pair.BasaltConnections[0]);
        await c.SameAsync("SET", "a", "1");
        await c.SameAsync("FLUSHALL");
        await c.SameAsync("FLUSHALL", "SYNC");
        c.AssertNoMismatches();
        Assert.False(File.Exists(Path.Combine(pair.Redis.Dir, "dump.rdb")));
        Assert.False(File.Exists(Path.Combine(pair.Basalt.Dir, "dump.rdb")));
        Assert.Equal(0, await ServerInfo.IntegerFieldAsync(c.Basalt, "rdb_saves"));
    }
}
