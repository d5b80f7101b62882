using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Robustness;

/// <summary>
/// A basalt-server under abuse plus a "witness" connection opened before the abuse. Checks that the server is still
/// up, answers PING on the witness and on a fresh connection, has forgotten the abusive clients, and that its
/// resident memory comes back near the level measured before the abuse.
/// </summary>
public sealed partial class ServerHealth : IAsyncDisposable
{
    /// <summary>How far above the baseline RSS the server may stay after abuse: baseline + max(48 MB, 50% of baseline).</summary>
    public static long Allowance(long baseline) => Math.Max(48L << 20, baseline / 2);

    private readonly ITestOutputHelper _output;

    private ServerHealth(ServerProcess server, RespConnection witness, ITestOutputHelper output)
    {
        Server = server;
        Witness = witness;
        _output = output;
    }

    public ServerProcess Server { get; }
    public RespConnection Witness { get; }
    public long BaselineRss { get; private set; }

    public static async Task<ServerHealth> StartAsync(ITestOutputHelper output, params string[] extraArgs)
    {
        var server = await ServerProcess.StartAsync(ServerKind.Basalt, extraArgs);
        var witness = await server.ConnectAsync();
        var health = new ServerHealth(server, witness, output);
        await health.AssertAliveAsync("at start");
        return health;
    }

    /// <summary>Records the current RSS as the level to come back to.</summary>
    public void MeasureBaseline()
    {
        BaselineRss = Server.RssBytes;
        _output.WriteLine($"baseline RSS {ProcessMemory.Mb(BaselineRss)}");
    }

    /// <summary>The server process runs and answers PING on the witness connection and on a new one.</summary>
    public async Task AssertAliveAsync(string when)
    {
        Assert.False(Server.HasExited, $"basalt-server exited (code {Server.ExitCode}) {when}\n--- log ---\n{Server.LogText}");
        var pong = await Witness.ExecuteAsync("PING");
        Assert.True(pong.RawText == "+PONG\\r\\n", $"witness PING {when}: {pong.RawText}");
        await using var fresh = await Server.ConnectAsync();
        var pong2 = await fresh.ExecuteAsync("PING");
        Assert.True(pong2.RawText == "+PONG\\r\\n", $"fresh PING {when}: {pong2.RawText}");
        Assert.False(Server.HasExited, $"basalt-server exited {when}");
    }

    /// <summary>Polls INFO clients until connected_clients is back to <paramref name="expected"/>.</summary>
    public async Task AssertClientsReleasedAsync(int expected = 1, TimeSpan? timeout = null)
    {
        long last = -1;
        string info = "";
        await Poll.UntilAsync(async () =>
        {
            info = (await Witness.ExecuteAsync("INFO", "clients")).Text ?? "";
            var m = ConnectedClients().Match(info);
            last = m.Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
            return last == expected;
        }, timeout ?? TimeSpan.FromSeconds(30), () => last >= 0
            ? $"INFO clients still says connected_clients:{last}, expected {expected}"
            : $"no connected_clients field in the reply to INFO clients: {RespFormat.Escape(Encoding.UTF8.GetBytes(info), 300)}");
    }

    /// <summary>
    /// Polls RSS until it is within <see cref="Allowance"/> of the baseline. Meanwhile asks the server to give memory
    /// back (MEMORY PURGE, whatever it answers) and allocates a little in it, so that a lazy garbage collector runs.
    /// </summary>
    public async Task AssertMemoryReturnsAsync(string what, TimeSpan? timeout = null)
    {
        Assert.True(BaselineRss > 0, "MeasureBaseline was not called");
        long limit = BaselineRss + Allowance(BaselineRss);
        long peak = ProcessMemory.PeakRssBytes(Server.Pid);
        long rss = Server.RssBytes;
        _output.WriteLine($"{what}: RSS {ProcessMemory.Mb(rss)} right after (peak {ProcessMemory.Mb(peak)}), limit {ProcessMemory.Mb(limit)}");
        var filler = Encoding.ASCII.GetBytes(new string('m', 64 * 1024));
        int round = 0;
        await Poll.UntilAsync(async () =>
        {
            rss = Server.RssBytes;
            if (rss <= limit)
            {
                return true;
            }
            await Witness.ExecuteAsync("MEMORY", "PURGE");
            await Witness.ExecuteAsync("SET", "__health_filler", filler);
            await Witness.ExecuteAsync("DEL", "__health_filler");
            round++;
            return false;
        }, timeout ?? TimeSpan.FromSeconds(30),
            () => $"{what}: RSS {ProcessMemory.Mb(rss)} did not come back within {ProcessMemory.Mb(Allowance(BaselineRss))} of the baseline {ProcessMemory.Mb(BaselineRss)} (peak {ProcessMemory.Mb(peak)})",
            TimeSpan.FromMilliseconds(250));
        _output.WriteLine($"{what}: RSS back to {ProcessMemory.Mb(rss)} after {round} polls");
    }

    public async ValueTask DisposeAsync()
    {
        await Witness.DisposeAsync();
        await Server.DisposeAsync();
    }

    [GeneratedRegex(@"connected_clients:(\d+)")]
    private static partial Regex ConnectedClients();
}
