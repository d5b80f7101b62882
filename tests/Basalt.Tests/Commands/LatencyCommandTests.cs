using System.Text;
using System.Text.RegularExpressions;
using Basalt.Server;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>LATENCY against redis-server: replies, errors, events, the doctor's report and the histograms.</summary>
public sealed class LatencyCommandTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private RespConnection Redis => servers.Pair.RedisConnections[1];

    private RespConnection Basalt => servers.Pair.BasaltConnections[1];

    [Fact]
    public Task Replies_and_errors_match_redis() => servers.RunAsync("latency", [
        Exact("LATENCY"),
        Exact("LATENCY", "HELP"),
        Exact("latency", "help", "x"),
        Exact("LATENCY", "NOSUCH"),
        Exact("LATENCY", "LATEST"),
        Exact("LATENCY", "LATEST", "x"),
        Exact("LATENCY", "HISTORY"),
        Exact("LATENCY", "HISTORY", "command"),
        Exact("LATENCY", "HISTORY", "command", "x"),
        Exact("LATENCY", "GRAPH", "command"),
        Exact("LATENCY", "GRAPH"),
        Exact("LATENCY", "RESET"),
        Exact("LATENCY", "RESET", "command", "nosuch"),
        Exact("LATENCY", "DOCTOR"),
        Exact("LATENCY", "DOCTOR", "x"),
        Exact("LATENCY", "HISTOGRAM", "nosuch"),
        Exact("LATENCY", "HISTOGRAM", "nosuch", "config|nosuch"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Exact("LATENCY", "DOCTOR"),
        Exact("LATENCY", "LATEST"),
        Exact("LATENCY", "HISTOGRAM", "nosuch"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
    ], output);

    [Fact]
    public async Task Events_above_the_threshold_are_recorded_as_redis_records_them()
    {
        try
        {
            foreach (var connection in new[] { Redis, Basalt })
            {
                await connection.ExecuteAsync("LATENCY", "RESET");
                await connection.ExecuteAsync("CONFIG", "SET", "latency-monitor-threshold", "10");
                await connection.ExecuteAsync("DEBUG", "SLEEP", "0");
                await connection.ExecuteAsync("DEBUG", "SLEEP", "0.03");
                // No more samples from here on: what follows is only looked at.
                await connection.ExecuteAsync("CONFIG", "SET", "latency-monitor-threshold", "0");
            }
            var redisLatest = (await Redis.ExecuteAsync("LATENCY", "LATEST")).Value;
            var basaltLatest = (await Basalt.ExecuteAsync("LATENCY", "LATEST")).Value;
            Assert.Equal(redisLatest.Count, basaltLatest.Count);
            // The one event the test caused; a slow moment of a busy machine could add another, in any order.
            var latest = basaltLatest.Items.Single(e => e[0].Text == "command");
            Assert.InRange(latest[1].Integer, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
            Assert.InRange(latest[2].Integer, 30, 1000);
            Assert.Equal(latest[2].Integer, latest[3].Integer);

            var history = (await Basalt.ExecuteAsync("LATENCY", "HISTORY", "command")).Value;
            Assert.Equal(1, history.Count);
            Assert.Equal(latest[1].Integer, history[0][0].Integer);
            Assert.Equal(0, (await Basalt.ExecuteAsync("LATENCY", "HISTORY", "COMMAND")).Value.Count);

            // The doctor's words are Redis's; only the measured figures may differ.
            static string Words(RespReply reply) => Regex.Replace(reply.Value.Text!, @"\d+", "#");
            var redisDoctor = Words(await Redis.ExecuteAsync("LATENCY", "DOCTOR"));
            var basaltDoctor = Words(await Basalt.ExecuteAsync("LATENCY", "DOCTOR"));
            Assert.Equal(WithoutHugePagesAdvice(redisDoctor), WithoutHugePagesAdvice(basaltDoctor));
            Assert.Contains("1. command: 1 latency spikes", (await Basalt.ExecuteAsync("LATENCY", "DOCTOR")).Value.Text, StringComparison.Ordinal);

            var graph = (await Basalt.ExecuteAsync("LATENCY", "GRAPH", "command")).Value.Text!;
            Assert.StartsWith($"command - high {latest[2].Integer} ms, low {latest[2].Integer} ms (all time high {latest[3].Integer} ms)\n{new string('-', 80)}\n", graph, StringComparison.Ordinal);

            Assert.Equal(":1\\r\\n", (await Basalt.ExecuteAsync("LATENCY", "RESET", "COMMAND", "command")).RawText);
            Assert.Equal("*0\\r\\n", (await Basalt.ExecuteAsync("LATENCY", "LATEST")).RawText);
        }
        finally
        {
            foreach (var connection in new[] { Redis, Basalt })
            {
                await connection.ExecuteAsync("CONFIG", "SET", "latency-monitor-threshold", "0");
                await connection.ExecuteAsync("LATENCY", "RESET");
            }
        }
    }

    // Redis disables transparent huge pages for itself; whether the .NET process has any is the machine's business.
    private static string WithoutHugePagesAdvice(string report) =>
        string.Join("\n", report.Split('\n').Where(l => !l.StartsWith("- I detected a non zero amount of anonymous huge pages", StringComparison.Ordinal)));

    [Fact]
    public async Task Histograms_have_redis_shape_and_count_every_call()
    {
        var connection = await servers.Pair.Basalt.ConnectAsync();
        try
        {
            await connection.ExecuteAsync("CONFIG", "RESETSTAT");
            for (var i = 0; i < 25; i++)
            {
                await connection.ExecuteAsync("GET", "latency:k");
            }
            await connection.ExecuteAsync("CONFIG", "GET", "hz");
            var reply = (await connection.ExecuteAsync("LATENCY", "HISTOGRAM", "get", "config", "nosuch")).Value;
            Assert.Equal(RespType.Array, reply.Type);
            var get = reply.MapGet("get")!;
            Assert.Equal(25, get.MapGet("calls")!.Integer);
            var buckets = get.MapGet("histogram_usec")!;
            long previousBound = 0;
            long previousCount = 0;
            for (var i = 0; i < buckets.Count; i += 2)
            {
                Assert.True(buckets[i].Integer > previousBound || i == 0);
                Assert.True(buckets[i + 1].Integer > previousCount);
                previousBound = buckets[i].Integer;
                previousCount = buckets[i + 1].Integer;
            }
            Assert.Equal(25, previousCount);
            // A container answers with its subcommands that have data.
            Assert.NotNull(reply.MapGet("config|get"));
            Assert.NotNull(reply.MapGet("config|resetstat"));
            Assert.Null(reply.MapGet("config|set"));
            Assert.Equal(3 * 2, reply.Count);

            var all = (await connection.ExecuteAsync("LATENCY", "HISTOGRAM")).Value;
            Assert.NotNull(all.MapGet("config|resetstat"));
            Assert.NotNull(all.MapGet("latency|histogram"));
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Graphs_are_drawn_as_redis_draws_them()
    {
        // Redis's own samples, drawn by Basalt's sparkline code, must give Redis's own graph.
        try
        {
            await Redis.ExecuteAsync("CONFIG", "SET", "latency-monitor-threshold", "1");
            var sleeps = new[] { "0.003", "0.012", "0.006", "0.020", "0.002" };
            var round = 0;
            await Poll.UntilAsync(async () =>
            {
                await Redis.ExecuteAsync("DEBUG", "SLEEP", sleeps[round++ % sleeps.Length]);
                return (await Redis.ExecuteAsync("LATENCY", "HISTORY", "command")).Value.Count >= 3;
            }, TimeSpan.FromSeconds(20), () => "redis-server recorded fewer than 3 samples", TimeSpan.FromMilliseconds(300));

            for (var attempt = 0; ; attempt++)
            {
                var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                var history = (await Redis.ExecuteAsync("LATENCY", "HISTORY", "command")).Value;
                var latest = (await Redis.ExecuteAsync("LATENCY", "LATEST")).Value;
                var graph = (await Redis.ExecuteAsync("LATENCY", "GRAPH", "command")).Value.Text!;
                if (DateTimeOffset.UtcNow.ToUnixTimeSeconds() != before && attempt < 5)
                {
                    // The labels say "seconds ago": draw within one second or try again.
                    continue;
                }
                // LATEST lists every event Redis recorded (other tests share this server), in no set order.
                var allTimeHigh = latest.Items.Single(e => e[0].Text == "command")[3].Integer;
                Assert.Equal(graph, Draw("command", history, allTimeHigh, before));
                break;
            }
        }
        finally
        {
            await Redis.ExecuteAsync("CONFIG", "SET", "latency-monitor-threshold", "0");
            await Redis.ExecuteAsync("LATENCY", "RESET");
        }
    }

    private static string Draw(string name, RespValue history, long allTimeHigh, long now)
    {
        var sparkline = new Sparkline();
        var values = history.Items.Select(s => s[1].Integer).ToList();
        foreach (var sample in history.Items)
        {
            sparkline.Add(sample[1].Integer, $"{now - sample[0].Integer}s");
        }
        var graph = new StringBuilder();
        graph.Append($"{name} - high {values.Max()} ms, low {values.Min()} ms (all time high {allTimeHigh} ms)\n");
        graph.Append('-', 80).Append('\n');
        sparkline.Render(graph, 80, 4, fill: true);
        return graph.ToString();
    }
}
