using System.Text;
using Basalt.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Robustness;

/// <summary>Malformed input sent to basalt-server: it must stay up, keep serving others, and give its memory back.</summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Random_bytes_do_not_crash_the_server()
    {
        await using var health = await ServerHealth.StartAsync(output);
        health.MeasureBaseline();
        var rng = new Random(7001);
        string[] prefixes = ["", "*", "*3\r\n", "*2\r\n$", "$", "*1\r\n$4\r\n", "\"", "SET ", "*-", "*9999999\r\n", "*2\r\n$3\r\nGET\r\n$"];
        for (int batch = 0; batch < 25; batch++)
        {
            var tasks = Enumerable.Range(0, 20).Select(async _ =>
            {
                byte[] junk;
                lock (rng)
                {
                    var prefix = Encoding.ASCII.GetBytes(prefixes[rng.Next(prefixes.Length)]);
                    var tail = new byte[rng.Next(1, 3000)];
                    rng.NextBytes(tail);
                    junk = [.. prefix, .. tail];
                }
                await using var c = await health.Server.ConnectAsync();
                try
                {
                    await c.SendRawAsync(junk);
                    await c.ReadUntilQuietAsync(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2));
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // The server may reset a connection it has given up on.
                }
                c.Abort();
            });
            await Task.WhenAll(tasks);
            await health.AssertAliveAsync($"after random-bytes batch {batch}");
        }

        // Garbage after valid commands on one connection: the valid replies come first.
        await using (var c = await health.Server.ConnectAsync())
        {
            byte[] request = [.. RespFormat.EncodeCommand("SET", "rb", "1"), .. RespFormat.EncodeCommand("GET", "rb"), .. "*1\r\nx\r\n\x01\x02"u8];
            await c.SendRawAsync(request);
            Assert.Equal("+OK\\r\\n", (await c.ReadReplyAsync()).RawText);
            Assert.Equal("$1\\r\\n1\\r\\n", (await c.ReadReplyAsync()).RawText);
            var rest = await c.ReadUntilQuietAsync(TimeSpan.FromSeconds(2));
            Assert.StartsWith("-ERR Protocol error", Encoding.ASCII.GetString(rest.Bytes));
            Assert.True(rest.ClosedByPeer, "the connection must be closed after a protocol error");
        }
        await health.AssertAliveAsync("at the end");
        await health.AssertClientsReleasedAsync();
        await health.AssertMemoryReturnsAsync("random bytes");
    }

    [Fact]
    public async Task Truncated_requests_then_disconnect_leave_the_server_healthy()
    {
        await using var health = await ServerHealth.StartAsync(output);
        health.MeasureBaseline();
        var requests = new List<byte[]>
        {
            RespFormat.EncodeCommand("SET", "t", "value"),
            RespFormat.EncodeCommand("MSET", "a", "1", "b", "2", "c", "3"),
            RespFormat.EncodeCommand("SET", "big", new string('v', 100_000)),
            "SET inline \"quoted value\"\r\n"u8.ToArray(),
            RespFormat.EncodePipeline([["INCR", "n"], ["GET", "n"], ["MULTI"], ["INCR", "n"], ["EXEC"]]),
        };
        int sent = 0;
        foreach (var request in requests)
        {
            var cuts = request.Length <= 200
                ? Enumerable.Range(1, request.Length - 1)
                : Enumerable.Range(0, 60).Select(i => 1 + (int)((long)(request.Length - 2) * i / 59));
            foreach (var group in cuts.Chunk(16))
            {
                await Task.WhenAll(group.Select(async cut =>
                {
                    await using var c = await health.Server.ConnectAsync();
                    await c.SendRawAsync(request.AsMemory(0, cut));
                    if (cut % 2 == 0)
                    {
                        c.Abort();
                    }
                }));
                sent += group.Length;
            }
            await health.AssertAliveAsync($"after truncations of {RespFormat.Escape(request, 40)}");
        }
        output.WriteLine($"{sent} truncated requests");
        // A truncated write was never executed: t, big were not set by a partial request.
        var t = await health.Witness.ExecuteAsync("EXISTS", "t", "big", "inline");
        Assert.Equal(":0\\r\\n", t.RawText);
        await health.AssertClientsReleasedAsync();
        await health.AssertMemoryReturnsAsync("truncated requests");
    }

    [Fact]
    public async Task Requests_split_at_any_byte_are_reassembled()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt);
        var pipeline = Encoding.ASCII.GetBytes(
            "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n" +
            "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n" +
            "INCR n\r\n" +
            "*3\r\n$6\r\nAPPEND\r\n$1\r\nk\r\n$1\r\n!\r\n" +
            "*1\r\n$4\r\nPING\r\n");
        await using var c = await server.ConnectAsync();
        int n = 0;
        async Task ExpectRepliesAsync(string where)
        {
            n++;
            string[] expected = ["+OK\\r\\n", "$5\\r\\nhello\\r\\n", $":{n}\\r\\n", ":6\\r\\n", "+PONG\\r\\n"];
            foreach (var want in expected)
            {
                var reply = await c.ReadReplyAsync();
                Assert.True(want == reply.RawText, $"{where}: expected {want}, got {reply.RawText}");
            }
        }
        for (int split = 0; split <= pipeline.Length; split++)
        {
            await c.SendRawAsync(pipeline.AsMemory(0, split));
            await Task.Delay(1); // so that the two parts arrive as separate segments
            await c.SendRawAsync(pipeline.AsMemory(split));
            await ExpectRepliesAsync($"split at byte {split}");
        }
        for (int i = 0; i < pipeline.Length; i++)
        {
            await c.SendRawAsync(pipeline.AsMemory(i, 1));
            await Task.Delay(1);
        }
        await ExpectRepliesAsync("one byte at a time");
    }

    [Fact]
    public async Task Huge_declared_lengths_do_not_allocate_or_hang()
    {
        await using var health = await ServerHealth.StartAsync(output);
        health.MeasureBaseline();
        long peakBefore = ProcessMemory.PeakRssBytes(health.Server.Pid);

        // Declared but never sent: the server must wait (or refuse), not reserve what was declared.
        var openers = new List<RespConnection>();
        foreach (var header in new[] { "*2147483647\r\n", "*2147483647\r\n$3\r\nSET\r\n", "*1\r\n$536870912\r\n", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870000\r\n",
                     "*1048576\r\n", "*100000000\r\n$1\r\na\r\n" })
        {
            for (int i = 0; i < 8; i++)
            {
                var c = await health.Server.ConnectAsync();
                await c.SendRawAsync(Encoding.ASCII.GetBytes(header));
                openers.Add(c);
            }
        }
        // One client actually streams 4 MB of a declared 512 MB argument.
        var streamer = await health.Server.ConnectAsync();
        await streamer.SendRawAsync("*1\r\n$536870912\r\n"u8.ToArray());
        var chunk = new byte[64 * 1024];
        for (int i = 0; i < 64; i++)
        {
            await streamer.SendRawAsync(chunk);
        }
        openers.Add(streamer);
        await health.AssertAliveAsync("with huge declared lengths pending");
        long peakDuring = ProcessMemory.PeakRssBytes(health.Server.Pid);
        output.WriteLine($"peak RSS before {ProcessMemory.Mb(peakBefore)}, with huge requests pending {ProcessMemory.Mb(peakDuring)}");
        Assert.True(peakDuring - peakBefore < 256L << 20,
            $"declaring huge lengths made the server's peak RSS grow by {ProcessMemory.Mb(peakDuring - peakBefore)}");

        // Refused outright: negative, too large or not numbers. The reply is an error and the connection is closed.
        foreach (var bad in new[] { "*2147483648\r\n", "*1\r\n$2147483647\r\n", "*1\r\n$-5\r\n", "*1\r\n$536870913\r\n", "*1\r\n$9223372036854775808\r\n",
                     "*99999999999999999999\r\n", "*1\r\n$1x\r\n" })
        {
            var r = await RawProbe.SendAsync(health.Server.Port, Encoding.ASCII.GetBytes(bad), TimeSpan.FromSeconds(2));
            Assert.True(r.ClosedByPeer, $"{RespFormat.Escape(Encoding.ASCII.GetBytes(bad))}: connection still open, got {r}");
            Assert.StartsWith("-ERR Protocol error: ", Encoding.ASCII.GetString(r.Bytes));
        }
        // Ignored: a multibulk of -1 or 0 elements, then a normal request.
        foreach (var ignored in new[] { "*-1\r\nPING\r\n", "*0\r\nPING\r\n", "*-5\r\nPING\r\n" })
        {
            var r = await RawProbe.SendAsync(health.Server.Port, Encoding.ASCII.GetBytes(ignored));
            Assert.Equal("+PONG\\r\\n <open>", r.ToString());
        }

        foreach (var c in openers)
        {
            c.Abort();
        }
        await health.AssertAliveAsync("after dropping the huge requests");
        await health.AssertClientsReleasedAsync();
        await health.AssertMemoryReturnsAsync("huge declared lengths");
    }

    [Fact]
    public async Task Inline_garbage_gets_protocol_errors_and_the_server_survives()
    {
        await using var health = await ServerHealth.StartAsync(output);
        health.MeasureBaseline();
        var cases = new (string Input, string Reply)[]
        {
            ("\"foo\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"),
            ("SET 'a b\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"),
            ("ECHO \"a\"b\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"),
            (new string('x', 70_000), "-ERR Protocol error: too big inline request\r\n"),
            ("*" + new string('1', 70_000), "-ERR Protocol error: too big mbulk count string\r\n"),
            ("*1\r\n$" + new string('1', 70_000), "-ERR Protocol error: too big bulk count string\r\n"),
        };
        for (int round = 0; round < 20; round++)
        {
            foreach (var (input, reply) in cases)
            {
                var r = await RawProbe.SendAsync(health.Server.Port, Encoding.Latin1.GetBytes(input), TimeSpan.FromSeconds(2));
                Assert.Equal(reply, Encoding.Latin1.GetString(r.Bytes));
                Assert.True(r.ClosedByPeer, $"connection left open after {reply.Trim()}");
            }
        }
        // A 1 MB inline line with a newline at the end.
        var longLine = Encoding.ASCII.GetBytes("ECHO " + new string('y', 1 << 20) + "\r\n");
        var big = await RawProbe.SendAsync(health.Server.Port, longLine, TimeSpan.FromSeconds(2));
        Assert.Equal("-ERR Protocol error: too big inline request\r\n", Encoding.ASCII.GetString(big.Bytes));
        await health.AssertAliveAsync("after inline garbage");
        await health.AssertClientsReleasedAsync();
        await health.AssertMemoryReturnsAsync("inline garbage");
    }
}
