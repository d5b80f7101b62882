using Basalt.Tests.Commands;
using Xunit;

namespace Basalt.Tests.Infrastructure;

/// <summary>The replies one run of a blocking scenario read, in order, labelled by connection.</summary>
public sealed class ReplyTranscript
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public async Task<RespReply> Read(string label, RespConnection connection, TimeSpan? timeout = null)
    {
        var reply = await connection.ReadReplyAsync(timeout ?? BlockingScenario.WaitLimit);
        _lines.Add(label + ": " + reply.RawText);
        return reply;
    }

    public async Task<RespReply> Run(string label, RespConnection connection, params object[] args)
    {
        await connection.SendAsync(args);
        return await Read(label, connection);
    }

    public override string ToString() => string.Join("\n", _lines);
}

/// <summary>
/// Runs a scenario with clients that really block on redis-server and then on basalt-server, with
/// fresh connections and the keys flushed first, and compares the transcripts byte for byte.
/// Waiting is done by polling INFO blocked_clients, never by sleeping.
/// </summary>
public static class BlockingScenario
{
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="scenario"/> on both servers and returns Basalt's transcript once both agree.</summary>
    public static async Task<ReplyTranscript> SideBySideAsync(ConnectionServers servers, Func<ServerProcess, ReplyTranscript, Task> scenario)
    {
        var redis = await RunOnAsync(servers.Redis, scenario);
        var basalt = await RunOnAsync(servers.Basalt, scenario);
        Assert.True(redis.ToString() == basalt.ToString(), $"replies differ\n--- redis-server:\n{redis}\n--- basalt-server:\n{basalt}");
        return basalt;
    }

    private static async Task<ReplyTranscript> RunOnAsync(ServerProcess server, Func<ServerProcess, ReplyTranscript, Task> scenario)
    {
        await using (var control = await server.ConnectAsync())
        {
            await control.ExecuteAsync("FLUSHALL");
        }
        var transcript = new ReplyTranscript();
        await scenario(server, transcript);
        // Every scenario leaves nobody blocked, so that the next one starts clean.
        await WaitForBlockedAsync(server, 0);
        return transcript;
    }

    /// <summary>Polls INFO until exactly <paramref name="count"/> clients are blocked.</summary>
    public static async Task WaitForBlockedAsync(ServerProcess server, int count)
    {
        await using var control = await server.ConnectAsync();
        var last = "";
        await Poll.UntilAsync(async () =>
        {
            var info = (await control.ExecuteAsync("INFO", "clients")).Text ?? "";
            last = info.Split("\r\n").FirstOrDefault(l => l.StartsWith("blocked_clients:", StringComparison.Ordinal)) ?? "";
            return last == "blocked_clients:" + count;
        }, WaitLimit, () => $"{server}: waiting for blocked_clients:{count}, last saw '{last}'");
    }
}
