using Basalt.Tests.Commands;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// After a failed background save, with save points and <c>stop-writes-on-bgsave-error yes</c>, writes (and
/// PING) are refused with Redis's exact -MISCONF error until the option is turned off or the save points are
/// removed. The save is made to fail by deleting the server's directory, which stops writes even for root.
/// </summary>
public sealed class MisconfTests
{
    [Fact]
    public async Task A_failed_background_save_refuses_writes_with_redis_misconf_error()
    {
        await using var pair = await ServerPair.StartAsync(1, "--save", "3600 1");
        await using var c = new Conversation(pair.RedisConnections[0], pair.BasaltConnections[0]);
        await c.SameAsync("SET", "k", "v");
        Directory.Delete(pair.Redis.Dir, recursive: true);
        Directory.Delete(pair.Basalt.Dir, recursive: true);
        var basaltLogFrom = pair.Basalt.LogLineCount;
        await c.SameAsync("BGSAVE");
        c.AssertNoMismatches();
        Assert.Equal("err", await ServerInfo.WaitForBackgroundSaveAsync(c.Redis));
        Assert.Equal("err", await ServerInfo.WaitForBackgroundSaveAsync(c.Basalt));
        await pair.Basalt.WaitForLogLineAsync(@"# Failed opening the temp RDB file temp-.*\.rdb \(in server root dir .*\) for saving: No such file or directory$",
            TimeSpan.FromSeconds(10), basaltLogFrom);
        await pair.Basalt.WaitForLogLineAsync(@"# Background saving error$", TimeSpan.FromSeconds(10), basaltLogFrom);

        var refused = await c.SameAsync("SET", "k2", "v");
        Assert.StartsWith("MISCONF Redis is configured to save RDB snapshots", refused.Text);
        await c.SameAsync("PING");
        await c.SameAsync("INCR", "n");
        await c.SameAsync("DEL", "k");
        await c.SameAsync("GET", "k");
        await c.SameAsync("EXISTS", "k2");
        await c.SameAsync("MULTI");
        await c.SameAsync("SET", "k3", "v");
        await c.SameAsync("EXEC");
        await c.SameAsync("CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
        await c.SameAsync("SET", "k2", "v");
        await c.SameAsync("PING");
        await c.SameAsync("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes");
        await c.SameAsync("SET", "k4", "v");
        await c.SameAsync("CONFIG", "SET", "save", "");
        await c.SameAsync("SET", "k4", "v");
        await c.SameAsync("PING");
        await c.SameAsync("CONFIG", "SET", "save", "3600 1");
        await c.SameAsync("SET", "k5", "v");
        c.AssertNoMismatches();
    }
}
