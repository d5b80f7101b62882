using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>SLOWLOG against redis-server: replies, errors, and the entries themselves.</summary>
public sealed class SlowlogCommandTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    [Fact]
    public Task Replies_and_errors_match_redis() => servers.RunAsync("slowlog", [
        Exact("CONFIG", "SET", "slowlog-log-slower-than", "-1"),
        Exact("SLOWLOG"),
        Exact("SLOWLOG", "HELP"),
        Exact("slowlog", "help", "x"),
        Exact("SLOWLOG", "NOSUCH"),
        Exact("SLOWLOG", "RESET"),
        Exact("SLOWLOG", "RESET", "x"),
        Exact("SLOWLOG", "LEN"),
        Exact("SLOWLOG", "LEN", "x"),
        Exact("SLOWLOG", "GET"),
        Exact("SLOWLOG", "GET", "-1"),
        Exact("SLOWLOG", "GET", "0"),
        Exact("SLOWLOG", "GET", "-2"),
        Exact("SLOWLOG", "GET", "abc"),
        Exact("SLOWLOG", "GET", "99999999999999999999"),
        Exact("SLOWLOG", "GET", "1", "2"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Exact("SLOWLOG", "GET"),
        Exact("SLOWLOG", "LEN"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
        Exact("CONFIG", "SET", "slowlog-log-slower-than", "10000"),
    ], output);

    [Fact]
    public async Task Entries_match_redis()
    {
        var (redis, basalt) = (servers.Pair.RedisConnections[1], servers.Pair.BasaltConnections[1]);
        object[][] commands =
        [
            ["CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "128"],
            ["SLOWLOG", "RESET"],
            ["SET", "slow:k", "v"],
            ["CLIENT", "SETNAME", "slowtester"],
            ["GET", "slow:k"],
            ["SET", "slow:long", new string('x', 300)],
            ["DEL", .. Enumerable.Range(0, 40).Select(i => (object)$"slow:{i}")],
            ["ECHO", new string('y', 128)],
            ["ECHO", new string('z', 129)],
            ["MULTI"],
            ["SET", "slow:k", "w"],
            ["EXEC"],
        ];
        foreach (var command in commands)
        {
            await redis.ExecuteAsync(command);
            await basalt.ExecuteAsync(command);
        }
        var redisEntries = (await redis.ExecuteAsync("SLOWLOG", "GET", "-1")).Value;
        var basaltEntries = (await basalt.ExecuteAsync("SLOWLOG", "GET", "-1")).Value;
        try
        {
            Assert.True(redisEntries.Count == basaltEntries.Count, $"redis {redisEntries}\nbasalt {basaltEntries}");
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            for (var i = 0; i < redisEntries.Count; i++)
            {
                var (r, b) = (redisEntries[i], basaltEntries[i]);
                Assert.Equal(6, b.Count);
                // Ids count every entry since start, and Basalt's first calls (JIT) may have been slow: compare the steps.
                Assert.Equal(r[0].Integer - redisEntries[^1][0].Integer, b[0].Integer - basaltEntries[^1][0].Integer);
                Assert.InRange(b[1].Integer, now - 60, now + 1);
                Assert.True(b[2].Integer >= 0);
                Assert.Equal(r[3].ToString(), b[3].ToString());
                Assert.Matches(@"^127\.0\.0\.1:\d+$", b[4].Text!);
                Assert.Equal(r[5].Text, b[5].Text);
            }
            Assert.Contains(basaltEntries.Items, e => e[5].Text == "slowtester");
            Assert.Contains(basaltEntries.Items, e => e[3].Count == 32 && e[3][31].Text == "... (10 more arguments)");
            Assert.Contains(basaltEntries.Items, e => e[3].Count == 2 && e[3][1].Text == new string('z', 128) + "... (1 more bytes)");

            // The newest first, at most slowlog-max-len of them.
            await redis.ExecuteAsync("CONFIG", "SET", "slowlog-max-len", "3");
            await basalt.ExecuteAsync("CONFIG", "SET", "slowlog-max-len", "3");
            await redis.ExecuteAsync("PING");
            await basalt.ExecuteAsync("PING");
            Assert.Equal((await redis.ExecuteAsync("SLOWLOG", "LEN")).RawText, (await basalt.ExecuteAsync("SLOWLOG", "LEN")).RawText);
            var newest = (await basalt.ExecuteAsync("SLOWLOG", "GET", "1")).Value;
            // SLOWLOG LEN itself was slower than 0 microseconds.
            Assert.Equal("SLOWLOG LEN", string.Join(" ", newest[0][3].Items.Select(a => a.Text)));
        }
        finally
        {
            foreach (var connection in new[] { redis, basalt })
            {
                await connection.ExecuteAsync("CONFIG", "SET", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128");
                await connection.ExecuteAsync("CLIENT", "SETNAME", "");
            }
        }
    }
}
