using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// kill -9 while clients write: every write acknowledged before the kill is in the AOF after the restart, under
/// <c>appendfsync always</c> and <c>everysec</c> alike (a reply leaves only after its bytes reached the file, and a
/// process crash keeps what the kernel has), and nothing is there that was never sent. Every fifth round kills the
/// server in the middle of a rewrite.
/// </summary>
public sealed class AofCrashSafetyTests
{
    private const int Writers = 4;
    // Ten kills per policy, twenty in all (the issue asks for at least 20); every fifth during a rewrite.
    private const int Rounds = 10;

    [Theory]
    [InlineData("always")]
    [InlineData("everysec")]
    public async Task AcknowledgedIncrementsSurviveKill9(string appendfsync)
    {
        using var scratch = new ScratchDirectory("aof-crash");
        // Enough keys, each slowed by rdb-key-save-delay, that a rewrite is still running when the kill comes.
        var setup = Enumerable.Range(0, 20).Select(i =>
            AofWorkload.Command("MSET", Enumerable.Range(i * 100, 100).SelectMany(k => new[] { $"filler:{k}", "x" })));
        var expected = new Dictionary<string, (long Acknowledged, long Sent)>();
        for (var round = 0; round < Rounds; round++)
        {
            var duringRewrite = round % 5 == 4;
            await using (var server = await AofFiles.StartWithAofAsync(ServerKind.Basalt, scratch.Path,
                "--appendfsync", appendfsync, "--rdb-key-save-delay", "1000"))
            {
                await using var control = await server.ConnectAsync();
                if (round == 0)
                {
                    await Pipeline.RunAsync(control, setup);
                }
                var writers = Enumerable.Range(0, Writers).Select(w => new CounterWriter(server, $"counter:{round}:{w}")).ToArray();
                var running = writers.Select(w => w.RunAsync()).ToArray();
                await Poll.UntilAsync(() => writers.All(w => w.Acknowledged >= 50), TimeSpan.FromSeconds(30),
                    () => string.Join(", ", writers.Select(w => $"{w.Key}={w.Acknowledged}")));
                if (duringRewrite)
                {
                    Assert.Equal("+Background append only file rewriting started\r\n", await AofFiles.RawAsync(control, "BGREWRITEAOF"));
                    var before = writers.Select(w => w.Acknowledged).ToArray();
                    await Poll.UntilAsync(() => writers.Select((w, i) => w.Acknowledged > before[i] + 20).All(x => x), TimeSpan.FromSeconds(30),
                        () => "writers made no progress during the rewrite");
                    Assert.Equal("1", await ServerInfo.FieldAsync(control, "aof_rewrite_in_progress"));
                }
                server.Kill();
                await Task.WhenAll(running);
                foreach (var w in writers)
                {
                    expected[w.Key] = (w.Acknowledged, w.Sent);
                }
            }

            await using var restarted = await AofFiles.StartWithAofAsync(ServerKind.Basalt, scratch.Path);
            await using var c = await restarted.ConnectAsync();
            foreach (var (key, (acknowledged, sent)) in expected)
            {
                var reply = await c.ExecuteAsync("GET", key);
                var value = long.Parse(reply.Text ?? "0", CultureInfo.InvariantCulture);
                Assert.True(value >= acknowledged && value <= sent,
                    $"round {round}, {key}: {value} after restart; acknowledged {acknowledged}, sent {sent}");
            }
            Assert.Equal(":2000\r\n", await AofFiles.RawAsync(c, ["EXISTS", .. Enumerable.Range(0, 2000).Select(k => $"filler:{k}")]));
            await restarted.StopAsync();
        }
    }

    /// <summary>One client INCRing its own key, one command at a time, remembering what was acknowledged.</summary>
    private sealed class CounterWriter(ServerProcess server, string key)
    {
        private long _acknowledged;

        public string Key => key;

        /// <summary>The last value the server replied with.</summary>
        public long Acknowledged => Interlocked.Read(ref _acknowledged);

        /// <summary>INCRs sent (the one in flight at the kill included).</summary>
        public long Sent { get; private set; }

        /// <summary>Runs until the connection breaks (the server was killed).</summary>
        public async Task RunAsync()
        {
            await using var c = await server.ConnectAsync();
            try
            {
                while (true)
                {
                    Sent++;
                    var reply = await c.ExecuteAsync("INCR", key);
                    Assert.False(reply.IsError, reply.RawText);
                    Interlocked.Exchange(ref _acknowledged, reply.Value.Integer);
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // The server is gone.
            }
        }
    }
}
