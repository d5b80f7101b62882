using System.Text;
using Basalt.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Interop;

/// <summary>A raw byte sequence sent on a fresh connection to both servers.</summary>
public sealed record ProbeCase(string Name, byte[] Bytes)
{
    public static ProbeCase Of(string name, string ascii) => new(name, Encoding.Latin1.GetBytes(ascii));
}

/// <summary>
/// Compares what redis-server and basalt-server send back (bytes, and whether they close the connection) for
/// raw inputs, each on its own connection.
/// </summary>
public static class ProbeComparison
{
    private static readonly TimeSpan ClosedQuiet = TimeSpan.FromSeconds(5);

    public static async Task CompareAsync(IReadOnlyList<ProbeCase> cases, ITestOutputHelper output, params string[] extraArgs)
    {
        await using var pair = await ServerPair.StartAsync(connections: 0, extraArgs);
        await CompareAsync(pair, cases, output);
    }

    public static async Task CompareAsync(ServerPair pair, IReadOnlyList<ProbeCase> cases, ITestOutputHelper output)
    {
        var failures = new StringBuilder();
        foreach (var probe in cases)
        {
            var redis = await RawProbe.SendAsync(pair.Redis.Port, probe.Bytes);
            ReceivedBytes basalt;
            try
            {
                // Where Redis closed the connection, Basalt gets seconds to close it too rather than the
                // probe's quiet time: on a busy machine a reply could come later than that.
                basalt = await RawProbe.SendAsync(pair.Basalt.Port, probe.Bytes, redis.ClosedByPeer ? ClosedQuiet : null);
            }
            catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
                basalt = new ReceivedBytes(Encoding.ASCII.GetBytes($"<{e.GetType().Name}: {e.Message}>"), true);
            }
            bool same = redis.Bytes.AsSpan().SequenceEqual(basalt.Bytes) && redis.ClosedByPeer == basalt.ClosedByPeer;
            output.WriteLine($"{(same ? "same" : "DIFF")} {probe.Name}: redis {redis}");
            if (!same)
            {
                failures.AppendLine($"{probe.Name}: sent \"{RespFormat.Escape(probe.Bytes, 120)}\"");
                failures.AppendLine($"    redis:  {redis}");
                failures.AppendLine($"    basalt: {basalt}");
            }
            if (pair.Basalt.HasExited)
            {
                failures.AppendLine($"basalt-server exited (code {pair.Basalt.ExitCode}) after {probe.Name}");
                break;
            }
        }
        if (failures.Length > 0)
        {
            Assert.Fail("Raw protocol behaviour differs from redis-server:\n" + failures);
        }
    }
}
