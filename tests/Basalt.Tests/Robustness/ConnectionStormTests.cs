using System.Diagnostics;
using Basalt.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Robustness;

/// <summary>Thousands of connections opened and dropped. Runs alone: it uses many sockets and both cores.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class ConnectionStormTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_connections_opened_and_dropped()
    {
        await using var health = await ServerHealth.StartAsync(output);

        // Warm up (pools, JIT) with a small storm, then take the baseline.
        await StormAsync(health, 500, seed: 1);
        await health.AssertClientsReleasedAsync();
        health.MeasureBaseline();

        var sw = Stopwatch.StartNew();
        await StormAsync(health, 10_000, seed: 2);
        output.WriteLine($"10,000 connections in {sw.ElapsedMilliseconds} ms");
        await health.AssertAliveAsync("after the storm");
        await health.AssertClientsReleasedAsync(timeout: TimeSpan.FromSeconds(60));
        await health.AssertMemoryReturnsAsync("10,000 connections");
    }

    [Fact]
    public async Task Many_idle_half_sent_requests_do_not_block_others()
    {
        await using var health = await ServerHealth.StartAsync(output);
        health.MeasureBaseline();
        var held = new List<RespConnection>();
        try
        {
            for (int i = 0; i < 2000; i++)
            {
                var c = await health.Server.ConnectAsync();
                held.Add(c);
                // Alternate between a partial multibulk and a partial inline request.
                await c.SendRawAsync(i % 2 == 0 ? "*3\r\n$3\r\nSET\r\n$1\r\nk"u8.ToArray() : "SET k"u8.ToArray());
                if (i % 500 == 0)
                {
                    await health.AssertAliveAsync($"with {i + 1} half-sent requests");
                }
            }
            await health.AssertClientsReleasedAsync(expected: 2001);
            await health.AssertAliveAsync("with 2000 half-sent requests");
            // Nothing was executed.
            Assert.Equal(":0\\r\\n", (await health.Witness.ExecuteAsync("EXISTS", "k")).RawText);
        }
        finally
        {
            for (int i = 0; i < held.Count; i++)
            {
                if (i % 2 == 0)
                {
                    held[i].Abort();
                }
                else
                {
                    held[i].Dispose();
                }
            }
        }
        await health.AssertClientsReleasedAsync();
        await health.AssertMemoryReturnsAsync("2000 half-sent requests");
    }

    /// <summary>
    /// Opens <paramref name="count"/> connections, 250 at a time. Of each wave: some send PING and read the reply, some
    /// send a command without reading, some send nothing; half close with FIN, half with RST.
    /// </summary>
    private async Task StormAsync(ServerHealth health, int count, int seed)
    {
        const int wave = 250;
        var rng = new Random(seed);
        for (int start = 0; start < count; start += wave)
        {
            int n = Math.Min(wave, count - start);
            var kinds = Enumerable.Range(0, n).Select(_ => rng.Next(6)).ToArray();
            var connections = await Task.WhenAll(Enumerable.Range(0, n).Select(_ => health.Server.ConnectAsync()));
            await Task.WhenAll(connections.Select(async (c, i) =>
            {
                switch (kinds[i] % 3)
                {
                    case 0:
                        var pong = await c.ExecuteAsync("PING");
                        Assert.Equal("+PONG\\r\\n", pong.RawText);
                        break;
                    case 1:
                        await c.SendAsync("SET", $"storm:{i % 10}", "x");
                        break;
                }
            }));
            for (int i = 0; i < n; i++)
            {
                if (kinds[i] < 3)
                {
                    connections[i].Abort();
                }
                else
                {
                    connections[i].Dispose();
                }
            }
            if ((start / wave) % 8 == 0)
            {
                await health.AssertAliveAsync($"after {start + n} storm connections");
            }
        }
    }
}
