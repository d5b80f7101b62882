using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// XREAD BLOCK: each scenario runs on redis-server and on basalt-server with fresh connections;
/// every reply read is recorded and the two transcripts compared byte for byte. Waiting is done
/// by polling INFO blocked_clients, never by sleeping.
/// </summary>
public sealed class StreamBlockingTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    [Fact]
    public async Task Blocked_xread_is_woken_by_xadd()
    {
        var transcript = await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var first = await server.ConnectAsync();
            await using var second = await server.ConnectAsync();
            await using var writer = await server.ConnectAsync();
            await t.Run("writer", writer, "XADD", "s", "1-1", "old", "x");
            await first.SendAsync("XREAD", "BLOCK", "0", "STREAMS", "other", "s", "0", "$");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await second.SendAsync("XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", "1-1");
            await BlockingScenario.WaitForBlockedAsync(server, 2);
            await t.Run("writer", writer, "XADD", "s", "2-1", "f", "v", "g", "w");
            await t.Read("first", first);
            await t.Read("second", second);
            // A new stream wakes a waiter on a missing key; RESP3 gets a map.
            await first.ExecuteAsync("HELLO", "3");
            await first.SendAsync("XREAD", "BLOCK", "0", "STREAMS", "fresh", "$");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("writer", writer, "XADD", "fresh", "5-5", "a", "1");
            await t.Read("first", first);
            // XDEL, XTRIM and another type do not serve; the next XADD does, and the timeout answers null.
            await second.SendAsync("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("writer", writer, "XDEL", "s", "1-1");
            await t.Run("writer", writer, "XTRIM", "s", "MAXLEN", "0");
            await t.Run("writer", writer, "XADD", "s", "3-1", "n", "1");
            await t.Read("second", second);
            await t.Run("second", second, "XREAD", "BLOCK", "10", "STREAMS", "s", "$");
            await first.ExecuteAsync("HELLO", "2");
        });
        Assert.Equal("first: *1\\r\\n*2\\r\\n$1\\r\\ns\\r\\n*1\\r\\n*2\\r\\n$3\\r\\n2-1\\r\\n*4\\r\\n$1\\r\\nf\\r\\n$1\\r\\nv\\r\\n$1\\r\\ng\\r\\n$1\\r\\nw\\r\\n",
            transcript.Lines[2]);
    }

    [Fact]
    public async Task Blocked_xreadgroup_is_served_new_entries_and_told_when_its_group_goes()
    {
        await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var reader = await server.ConnectAsync();
            await using var other = await server.ConnectAsync();
            await using var writer = await server.ConnectAsync();
            await t.Run("writer", writer, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            await reader.SendAsync("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await other.SendAsync("XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", ">");
            await BlockingScenario.WaitForBlockedAsync(server, 2);
            await t.Run("writer", writer, "XADD", "s", "1-1", "f", "v");
            await t.Read("reader", reader);
            await t.Run("writer", writer, "XADD", "s", "1-2", "f", "w");
            await t.Read("other", other);
            await t.Run("writer", writer, "XPENDING", "s", "g");
            await reader.SendAsync("XREADGROUP", "GROUP", "g", "alice", "NOACK", "BLOCK", "0", "STREAMS", "s", ">");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("writer", writer, "XGROUP", "DESTROY", "s", "g");
            await t.Read("reader", reader);
        });
    }
}
