using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// BZPOPMIN, BZPOPMAX and BZMPOP: each scenario runs on redis-server and on basalt-server with
/// fresh connections; every reply read is recorded and the two transcripts compared byte for
/// byte. Waiting is done by polling INFO blocked_clients, never by sleeping.
/// </summary>
public sealed class SortedSetBlockingTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    [Fact]
    public async Task Existing_sets_are_popped_at_once_and_errors_match()
    {
        await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var c = await server.ConnectAsync();
            await t.Run("c", c, "ZADD", "z", "1", "a", "2", "b", "3", "c");
            await t.Run("c", c, "BZPOPMIN", "missing", "z", "0");
            await t.Run("c", c, "BZPOPMAX", "z", "missing", "0");
            await t.Run("c", c, "BZMPOP", "0", "2", "missing", "z", "MIN", "COUNT", "5");
            await t.Run("c", c, "EXISTS", "z");
            await t.Run("c", c, "SET", "str", "v");
            await t.Run("c", c, "BZPOPMIN", "missing", "str", "0");
            await t.Run("c", c, "BZPOPMIN", "z", "x");
            await t.Run("c", c, "BZPOPMIN", "z", "-1");
            await t.Run("c", c, "BZPOPMAX", "z");
            await t.Run("c", c, "BZMPOP", "x", "1", "z", "MIN");
            await t.Run("c", c, "BZMPOP", "0", "0", "z", "MIN");
            await t.Run("c", c, "BZMPOP", "0", "1", "z", "UP");
            await t.Run("c", c, "BZMPOP", "0", "1", "z", "MIN", "COUNT", "0");
            await t.Run("c", c, "BZMPOP", "-1", "1", "z", "MIN", "COUNT", "0");
            await t.Run("c", c, "BZMPOP", "-1", "1", "z", "MIN");
            await t.Run("c", c, "BZMPOP", "0", "1", "str", "MIN");
            await t.Run("c", c, "ZADD", "y", "5", "e");
            await c.ExecuteAsync("HELLO", "3");
            await t.Run("c", c, "BZPOPMIN", "y", "0");
            await t.Run("c", c, "ZADD", "y", "5", "e", "6", "f");
            await t.Run("c", c, "BZMPOP", "0", "1", "y", "MAX", "COUNT", "1");
            await t.Run("c", c, "BZPOPMIN", "missing", "0.01");
            await t.Run("c", c, "BZMPOP", "0.01", "1", "missing", "MIN");
            await c.ExecuteAsync("HELLO", "2");
            await t.Run("c", c, "BZPOPMAX", "missing", "0.01");
            await t.Run("c", c, "BZMPOP", "0.01", "1", "missing", "MIN");
        });
    }

    [Fact]
    public async Task Waiters_are_woken_by_a_new_sorted_set_in_arrival_order()
    {
        var transcript = await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var first = await server.ConnectAsync();
            await using var second = await server.ConnectAsync();
            await using var third = await server.ConnectAsync();
            await using var writer = await server.ConnectAsync();
            await first.SendAsync("BZPOPMIN", "nothing", "z", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await second.SendAsync("BZPOPMAX", "z", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 2);
            await third.SendAsync("BZMPOP", "0", "2", "other", "z", "MAX", "COUNT", "10");
            await BlockingScenario.WaitForBlockedAsync(server, 3);
            await t.Run("writer", writer, "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
            await t.Read("first", first);
            await t.Read("second", second);
            await t.Read("third", third);
            await t.Run("writer", writer, "EXISTS", "z");
            // A store command that creates the key wakes a waiter too.
            await first.SendAsync("BZPOPMAX", "made", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("writer", writer, "ZADD", "src", "7", "x", "8", "y");
            await t.Run("writer", writer, "ZUNIONSTORE", "made", "1", "src");
            await t.Read("first", first);
            await t.Run("writer", writer, "ZRANGE", "made", "0", "-1", "WITHSCORES");
            // Pushing a list onto a key waited on for a sorted set does not serve the waiter.
            await second.SendAsync("BZPOPMIN", "l", "0.2");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("writer", writer, "RPUSH", "l", "x");
            await t.Read("second", second);
        });
        Assert.Equal("first: *3\\r\\n$1\\r\\nz\\r\\n$1\\r\\na\\r\\n$1\\r\\n1\\r\\n", transcript.Lines[1]);
        Assert.Equal("second: *3\\r\\n$1\\r\\nz\\r\\n$1\\r\\nd\\r\\n$1\\r\\n4\\r\\n", transcript.Lines[2]);
    }

    [Fact]
    public async Task Inside_a_transaction_they_answer_at_once()
    {
        await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var c = await server.ConnectAsync();
            await t.Run("c", c, "MULTI");
            await t.Run("c", c, "BZPOPMIN", "missing", "0");
            await t.Run("c", c, "BZMPOP", "0", "1", "missing", "MIN");
            await t.Run("c", c, "ZADD", "z", "1", "a");
            await t.Run("c", c, "BZPOPMAX", "z", "0");
            await t.Run("c", c, "EXEC");
        });
    }
}
