using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP that really block: each scenario runs on
/// redis-server and on basalt-server with fresh connections; the replies every connection read
/// are recorded and compared byte for byte, and the expected outcome is asserted on Basalt's.
/// Waiting is done by polling INFO blocked_clients, never by sleeping.
/// </summary>
public sealed class ListBlockingTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    [Fact]
    public async Task Blpop_is_woken_by_another_clients_push()
    {
        var transcript = await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var waiter = await server.ConnectAsync();
            await using var pusher = await server.ConnectAsync();
            await waiter.SendAsync("BLPOP", "empty", "queue", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("pusher", pusher, "RPUSH", "queue", "job1", "job2");
            await t.Read("waiter", waiter);
            await t.Run("pusher", pusher, "LRANGE", "queue", "0", "-1");
        });
        Assert.Contains("waiter: *2\\r\\n$5\\r\\nqueue\\r\\n$4\\r\\njob1\\r\\n", transcript.Lines);
    }

    [Fact]
    public async Task Blocked_clients_are_served_in_arrival_order()
    {
        var transcript = await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var first = await server.ConnectAsync();
            await using var second = await server.ConnectAsync();
            await using var third = await server.ConnectAsync();
            await using var pusher = await server.ConnectAsync();
            await first.SendAsync("BRPOP", "q", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await second.SendAsync("BLPOP", "q", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 2);
            await third.SendAsync("BLMPOP", "0", "1", "q", "LEFT", "COUNT", "5");
            await BlockingScenario.WaitForBlockedAsync(server, 3);
            // One element: only the first waiter gets it.
            await t.Run("pusher", pusher, "LPUSH", "q", "a");
            await t.Read("first", first);
            await BlockingScenario.WaitForBlockedAsync(server, 2);
            await t.Run("pusher", pusher, "RPUSH", "q", "b", "c", "d", "e");
            await t.Read("second", second);
            await t.Read("third", third);
            await t.Run("pusher", pusher, "EXISTS", "q");
        });
        Assert.Equal("first: *2\\r\\n$1\\r\\nq\\r\\n$1\\r\\na\\r\\n", transcript.Lines[1]);
        Assert.Equal("second: *2\\r\\n$1\\r\\nq\\r\\n$1\\r\\nb\\r\\n", transcript.Lines[3]);
        Assert.Equal("third: *2\\r\\n$1\\r\\nq\\r\\n*3\\r\\n$1\\r\\nc\\r\\n$1\\r\\nd\\r\\n$1\\r\\ne\\r\\n", transcript.Lines[4]);
    }

    [Fact]
    public async Task Timeout_replies_null_in_resp2_and_resp3()
    {
        var transcript = await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var client = await server.ConnectAsync();
            await t.Run("client", client, "BLPOP", "nothing", "0.05");
            await t.Run("client", client, "BRPOPLPUSH", "nothing", "dst", "0.05");
            await t.Run("client", client, "BLMOVE", "nothing", "dst", "LEFT", "RIGHT", "0.01");
            await t.Run("client", client, "BLMPOP", "0.01", "2", "nothing", "none", "RIGHT");
            await client.ExecuteAsync("HELLO", "3");
            await t.Run("client", client, "BRPOP", "nothing", "0.05");
            await t.Run("client", client, "BLMOVE", "nothing", "dst", "LEFT", "RIGHT", "0.01");
        });
        Assert.Equal(["client: *-1\\r\\n", "client: *-1\\r\\n", "client: *-1\\r\\n", "client: *-1\\r\\n", "client: _\\r\\n", "client: _\\r\\n"],
            transcript.Lines);
    }

    [Fact]
    public async Task A_client_that_disconnects_while_blocked_does_not_consume_the_element()
    {
        var transcript = await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            var leaving = await server.ConnectAsync();
            await using var staying = await server.ConnectAsync();
            await using var pusher = await server.ConnectAsync();
            await leaving.SendAsync("BLPOP", "q", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await staying.SendAsync("BLMOVE", "q", "moved", "RIGHT", "LEFT", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 2);
            leaving.Dispose();
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("pusher", pusher, "RPUSH", "q", "x", "y");
            await t.Read("staying", staying);
            await t.Run("pusher", pusher, "LRANGE", "q", "0", "-1");
            await t.Run("pusher", pusher, "LRANGE", "moved", "0", "-1");
            // With nobody waiting any more, the element stays in the list.
            await staying.SendAsync("BLPOP", "other", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            staying.Abort();
            await BlockingScenario.WaitForBlockedAsync(server, 0);
            await t.Run("pusher", pusher, "RPUSH", "other", "kept");
            await t.Run("pusher", pusher, "LLEN", "other");
            // A client killed while blocked is not served either.
            await using var killed = await server.ConnectAsync();
            var victim = (await killed.ExecuteAsync("CLIENT", "ID")).Value.Integer;
            await killed.SendAsync("BLPOP", "third", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("pusher", pusher, "CLIENT", "KILL", "ID", victim);
            await BlockingScenario.WaitForBlockedAsync(server, 0);
            await t.Run("pusher", pusher, "RPUSH", "third", "kept");
            await t.Run("pusher", pusher, "LLEN", "third");
        });
        Assert.Contains("staying: $1\\r\\ny\\r\\n", transcript.Lines);
        Assert.Equal("pusher: :1\\r\\n", transcript.Lines[^1]);
        Assert.Equal("pusher: :1\\r\\n", transcript.Lines[^4]);
    }

    [Fact]
    public async Task Commands_pipelined_around_a_blocking_command_run_in_order()
    {
        var transcript = await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var client = await server.ConnectAsync();
            await using var pusher = await server.ConnectAsync();
            await client.SendRawAsync(Pipeline(["SET", "before", "1"], ["BLPOP", "q", "0"], ["PING"], ["LLEN", "q"], ["GET", "before"]));
            // The reply written before the command blocked arrives while it waits.
            await t.Read("client", client);
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            // Sent while blocked: buffered, run after the rest of the first batch.
            await client.SendAsync("ECHO", "sent-while-blocked");
            await t.Run("pusher", pusher, "RPUSH", "q", "v1", "v2");
            for (var i = 0; i < 5; i++)
            {
                await t.Read("client", client);
            }
            // A batch that blocks twice.
            await client.SendRawAsync(Pipeline(["BLPOP", "a", "0"], ["BRPOP", "b", "0"], ["ECHO", "done"]));
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("pusher", pusher, "RPUSH", "a", "1");
            await t.Read("client", client);
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("pusher", pusher, "RPUSH", "b", "2");
            await t.Read("client", client);
            await t.Read("client", client);
        });
        Assert.Equal("client: +OK\\r\\n", transcript.Lines[0]);
        Assert.Equal("client: $18\\r\\nsent-while-blocked\\r\\n", transcript.Lines[6]);
    }

    [Fact]
    public async Task Blmove_serves_and_its_push_wakes_the_next_waiter()
    {
        var transcript = await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var downstream = await server.ConnectAsync();
            await using var mover = await server.ConnectAsync();
            await using var pusher = await server.ConnectAsync();
            await downstream.SendAsync("BLPOP", "dst", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await mover.SendAsync("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 2);
            await t.Run("pusher", pusher, "RPUSH", "src", "a", "b");
            await t.Read("mover", mover);
            await t.Read("downstream", downstream);
            await t.Run("pusher", pusher, "LRANGE", "src", "0", "-1");
            await t.Run("pusher", pusher, "EXISTS", "dst");
            // BRPOPLPUSH whose destination became a string meanwhile: WRONGTYPE, the element stays.
            await mover.SendAsync("BRPOPLPUSH", "src2", "str", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("pusher", pusher, "SET", "str", "v");
            await t.Run("pusher", pusher, "RPUSH", "src2", "kept");
            await t.Read("mover", mover);
            await t.Run("pusher", pusher, "LRANGE", "src2", "0", "-1");
        });
        Assert.Equal("mover: $1\\r\\nb\\r\\n", transcript.Lines[1]);
        Assert.Equal("downstream: *2\\r\\n$3\\r\\ndst\\r\\n$1\\r\\nb\\r\\n", transcript.Lines[2]);
        Assert.StartsWith("mover: -WRONGTYPE", transcript.Lines[^2]);
    }

    [Fact]
    public async Task Keys_made_ready_by_exec_rename_and_swapdb_serve_waiters()
    {
        await BlockingScenario.SideBySideAsync(servers, async (server, t) =>
        {
            await using var waiter = await server.ConnectAsync();
            await using var other = await server.ConnectAsync();
            // A key of another type does not serve a list waiter; it stays blocked.
            await waiter.SendAsync("BLPOP", "a", "b", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("other", other, "SET", "a", "string");
            await t.Run("other", other, "DEL", "a");
            // In a transaction the waiter is served after EXEC, from the first key made ready.
            await t.Run("other", other, "MULTI");
            await t.Run("other", other, "RPUSH", "b", "from-b");
            await t.Run("other", other, "RPUSH", "a", "from-a");
            await t.Run("other", other, "EXEC");
            await t.Read("waiter", waiter);
            await t.Run("other", other, "LRANGE", "a", "0", "-1");
            // RENAME creates the waited-on key.
            await waiter.SendAsync("BRPOP", "renamed", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("other", other, "RPUSH", "tmp", "r1", "r2");
            await t.Run("other", other, "RENAME", "tmp", "renamed");
            await t.Read("waiter", waiter);
            // SWAPDB brings a list into the waiter's database.
            await waiter.SendAsync("BLPOP", "swapped", "0");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            await t.Run("other", other, "SELECT", "1");
            await t.Run("other", other, "RPUSH", "swapped", "s1");
            await t.Run("other", other, "SWAPDB", "0", "1");
            await t.Read("waiter", waiter);
            await t.Run("other", other, "SELECT", "0");
            await t.Run("other", other, "EXISTS", "swapped");
        });
    }

    [Fact]
    public async Task Blocked_clients_show_in_client_list_and_info()
    {
        foreach (var server in new[] { servers.Redis, servers.Basalt })
        {
            await using var waiter = await server.ConnectAsync();
            await using var control = await server.ConnectAsync();
            await waiter.ExecuteAsync("CLIENT", "SETNAME", "waiter");
            await waiter.SendAsync("BLPOP", "never", "100");
            await BlockingScenario.WaitForBlockedAsync(server, 1);
            var list = (await control.ExecuteAsync("CLIENT", "LIST")).Text ?? "";
            var line = list.Split('\n').Single(l => l.Contains("name=waiter", StringComparison.Ordinal));
            Assert.Contains(" flags=b ", line);
            Assert.Contains(" cmd=blpop ", line);
            var info = (await control.ExecuteAsync("INFO", "clients")).Text ?? "";
            Assert.Contains("clients_in_timeout_table:1\r\n", info);
            await control.ExecuteAsync("LPUSH", "never", "now");
            var reply = await waiter.ReadReplyAsync(BlockingScenario.WaitLimit);
            Assert.Equal("*2\\r\\n$5\\r\\nnever\\r\\n$3\\r\\nnow\\r\\n", reply.RawText);
            await BlockingScenario.WaitForBlockedAsync(server, 0);
        }
    }

    [Fact]
    public async Task Concurrent_consumers_receive_every_element_exactly_once()
    {
        const int Consumers = 12;
        const int PerConsumer = 150;
        var server = servers.Basalt;
        await using (var control = await server.ConnectAsync())
        {
            await control.ExecuteAsync("DEL", "work", "done");
        }
        var consumers = Enumerable.Range(0, Consumers).Select(async c =>
        {
            await using var connection = await server.ConnectAsync();
            var received = new List<string>();
            for (var i = 0; i < PerConsumer; i++)
            {
                // Alternate forms, and sometimes pipeline two waits in one write.
                if (i % 3 == 0)
                {
                    await connection.SendRawAsync(Pipeline(["BLPOP", "work", "0"], ["BRPOPLPUSH", "work", "done", "0"]));
                    received.Add((await connection.ReadReplyAsync(BlockingScenario.WaitLimit)).Value[1].Text!);
                    received.Add((await connection.ReadReplyAsync(BlockingScenario.WaitLimit)).Text!);
                    i++;
                }
                else
                {
                    received.Add((await connection.ExecuteAsync("BRPOP", "work", "0")).Value[1].Text!);
                }
            }
            return received;
        }).ToArray();
        await using (var producer = await server.ConnectAsync())
        {
            for (var batch = 0; batch < Consumers * PerConsumer / 50; batch++)
            {
                var push = new List<object> { "LPUSH", "work" };
                push.AddRange(Enumerable.Range(batch * 50, 50).Select(n => (object)("e" + n)));
                await producer.ExecuteAsync(push.ToArray());
            }
        }
        var all = (await Task.WhenAll(consumers)).SelectMany(r => r).ToList();
        Assert.Equal(Consumers * PerConsumer, all.Count);
        Assert.Equal(Enumerable.Range(0, Consumers * PerConsumer).Select(n => "e" + n).Order(), all.Order());
        await BlockingScenario.WaitForBlockedAsync(server, 0);
    }

    private static byte[] Pipeline(params object[][] commands) => RespFormat.EncodePipeline(commands);
}
