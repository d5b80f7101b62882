using System.Diagnostics;
using System.Net.Sockets;
using Basalt.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Robustness;

/// <summary>
/// A client that pipelines without pause (a bulk loader) does not keep the server from the others:
/// Redis serves one read per client per turn of its event loop, and so must Basalt.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class PipelineFairnessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FloodLimit = TimeSpan.FromSeconds(20);
    private const int Pings = 200;

    [Fact]
    public async Task Pings_are_answered_while_another_client_floods_the_server()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt);
        await using var pinger = await server.ConnectAsync();
        Assert.Equal("PONG", (await pinger.ExecuteAsync("PING")).Value.Text);

        // 1 MB of SETs, sent again and again far faster than any server executes them.
        var chunk = new MemoryStream();
        for (var i = 0; chunk.Length < 1 << 20; i++)
        {
            chunk.Write(RespFormat.EncodeCommand("SET", $"key:{i % 100000:D6}", "value"));
        }
        var bytes = chunk.ToArray();

        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await flooder.ConnectAsync("127.0.0.1", server.Port);
        using var stop = new CancellationTokenSource();
        var sent = 0L;
        var flood = Task.Run(async () =>
        {
            var watch = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested && watch.Elapsed < FloodLimit)
            {
                await flooder.SendAsync(bytes, SocketFlags.None);
                Interlocked.Add(ref sent, bytes.Length);
            }
        });
        // Replies are read (and dropped) as a bulk loader does, so that the server never waits to send.
        var drain = Task.Run(async () =>
        {
            var sink = new byte[1 << 16];
            try
            {
                while (await flooder.ReceiveAsync(sink, SocketFlags.None) > 0)
                {
                }
            }
            catch (SocketException)
            {
            }
        });
        try
        {
            // Once the flood is well under way, the other client's PINGs must keep being answered while it goes
            // on: a few hundred of them take well under a second, where a starved client gets about one a second.
            await Poll.UntilAsync(() => Interlocked.Read(ref sent) >= 16L << 20, TimeSpan.FromSeconds(10), () => "the flood did not start");
            var watch = Stopwatch.StartNew();
            var answered = 0;
            while (answered < Pings && !flood.IsCompleted)
            {
                Assert.Equal("PONG", (await pinger.ExecuteAsync("PING")).Value.Text);
                answered++;
            }
            output.WriteLine($"{answered} PINGs during the flood in {watch.Elapsed.TotalMilliseconds:F0} ms, {Interlocked.Read(ref sent) >> 20} MB sent");
            Assert.Equal(Pings, answered);
            Assert.False(flood.IsCompleted, "the PINGs were answered only once the flood had stopped");
        }
        finally
        {
            await stop.CancelAsync();
            await flood;
            flooder.Shutdown(SocketShutdown.Both);
            await drain;
        }
    }
}
