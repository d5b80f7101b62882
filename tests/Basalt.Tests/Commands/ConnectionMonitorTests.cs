using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>MONITOR side by side with redis-server: the feed's format, what it hides, what a monitor may do.</summary>
public sealed partial class ConnectionMonitorTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    [Fact]
    public async Task Monitor_feed_matches_redis()
    {
        var redis = await FeedAsync(servers.Redis);
        var basalt = await FeedAsync(servers.Basalt);
        Assert.Equal(redis, basalt);
    }

    [Fact]
    public async Task A_monitor_may_not_touch_the_keyspace_and_sees_its_own_commands_after_their_replies()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("MONITOR");
        // A second MONITOR is ignored without any reply: the next reply is the one to GET.
        await c.Redis.SendAsync("MONITOR");
        await c.Basalt.SendAsync("MONITOR");
        await c.SameAsync("GET", "k");
        await c.SameAsync("SET", "k", "v");
        var (redisPing, basaltPing) = await c.BothAsync("PING");
        Assert.Equal(redisPing.RawText, basaltPing.RawText);
        var redisLine = (await c.Redis.ReadReplyAsync()).Text!;
        var basaltLine = (await c.Basalt.ReadReplyAsync()).Text!;
        Assert.Equal(Normalize(redisLine), Normalize(basaltLine));
        Assert.EndsWith("\"PING\"", basaltLine);
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Monitor_is_refused_inside_exec_and_reset_ends_it()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("MULTI");
        await c.SameAsync("MONITOR");
        await c.SameAsync("EXEC");
        await c.SameAsync("MONITOR");
        await c.SameAsync("RESET");
        await c.SameAsync("SET", "after-reset", "1");
        await c.SameAsync("DEL", "after-reset");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Monitor_shows_in_client_list_with_flag_o()
    {
        await using var monitor = await servers.Basalt.ConnectAsync();
        await using var lister = await servers.Basalt.ConnectAsync();
        var id = (await monitor.ExecuteAsync("CLIENT", "ID")).Value.Integer;
        await monitor.ExecuteAsync("MONITOR");
        var line = (await lister.ExecuteAsync("CLIENT", "LIST", "ID", id)).Text!;
        Assert.Contains(" flags=O ", line);
        Assert.Contains(" cmd=monitor ", line);
        // MONITOR clients are normal clients as far as TYPE is concerned.
        Assert.Contains($"id={id} ", (await lister.ExecuteAsync("CLIENT", "LIST", "TYPE", "normal")).Text!);
    }

    /// <summary>
    /// Starts a monitor, runs a fixed series of commands on another connection and returns the feed
    /// lines, with the timestamp and client address replaced (they differ by nature).
    /// </summary>
    private static async Task<List<string>> FeedAsync(ServerProcess server)
    {
        await using var monitor = await server.ConnectAsync();
        await using var client = await server.ConnectAsync();
        Assert.Equal("OK", (await monitor.ExecuteAsync("MONITOR")).Text);
        object[][] commands =
        [
            ["SET", "key", "with \"quotes\" and \\ and \r\n and \u0001"],
            ["GET", "key"],
            ["AUTH", "not-shown"],
            ["AUTH", "someone", "not-shown"],
            ["HELLO", "2", "AUTH", "default", "not-shown", "SETNAME", "feeder"],
            ["CLIENT", "SETNAME", "renamed"],
            ["CLIENT", "LIST"],
            ["CLIENT", "KILL", "ID", "999999"],
            ["DEBUG", "SLEEP", "0"],
            ["CONFIG", "GET", "hz"],
            ["SELECT", "2"],
            ["SET", "n", "12345"],
            ["FLUSHDB"],
            ["MULTI"],
            ["PING"],
            ["EXEC"],
            ["NOSUCHCOMMAND"],
            ["GET"],
            ["RESET"],
            ["ECHO", "last"],
        ];
        foreach (var command in commands)
        {
            await client.ExecuteAsync(command);
        }
        var lines = new List<string>();
        while (lines.Count == 0 || !lines[^1].EndsWith("\"last\"", StringComparison.Ordinal))
        {
            lines.Add(Normalize((await monitor.ReadReplyAsync()).Text!));
        }
        return lines;
    }

    private static string Normalize(string line) => FeedPrefix().Replace(line, "<time> [$1 <client>]");

    [GeneratedRegex(@"^\d+\.\d{6} \[(\d+) [^\]]+\]")]
    private static partial Regex FeedPrefix();
}
