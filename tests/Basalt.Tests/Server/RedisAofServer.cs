using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Server;

/// <summary>
/// A real redis-server with <c>appendonly yes</c> and <c>appendfsync always</c>, shared by a test class:
/// runs a propagation script and returns the stretch of its INCR file the script wrote. With
/// <c>always</c>, the AOF is written and fsynced before the replies of the same event-loop iteration
/// are sent, so once the last reply is in, so is everything the script propagated.
/// </summary>
public sealed class RedisAofServer : IAsyncLifetime
{
    private ServerProcess? _server;
    private RespConnection? _control;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(ServerKind.Redis, new ServerStartOptions
        {
            ExtraArgs = ["--appendonly", "yes", "--appendfsync", "always", "--auto-aof-rewrite-percentage", "0"],
        });
        _control = await _server.ConnectAsync();
        await Poll.UntilAsync(() => IncrFile() is not null, TimeSpan.FromSeconds(10), () => "no INCR file in " + AofDirectory);
    }

    public async Task DisposeAsync()
    {
        _control?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private string AofDirectory => Path.Combine(_server!.Dir, "appendonlydir");

    private string? IncrFile() => Directory.Exists(AofDirectory) ? Directory.GetFiles(AofDirectory, "*.incr.aof").SingleOrDefault() : null;

    /// <summary>
    /// Empties the server, runs <paramref name="script"/> on fresh connections (all in database 0)
    /// and returns the AOF bytes it produced; the first of them apply to database 0.
    /// </summary>
    public async Task<byte[]> RunAsync(IReadOnlyList<PropagationStep> script)
    {
        // FLUSHALL leaves the AOF's selected database at 0, where every script starts.
        await ExpectNoErrorAsync(_control!, "FLUSHALL");
        var file = IncrFile()!;
        var start = new FileInfo(file).Length;
        var connections = new Dictionary<int, RespConnection>();
        var waiting = new List<RespConnection>();
        try
        {
            foreach (var step in script)
            {
                if (!connections.TryGetValue(step.Client, out var connection))
                {
                    connection = await _server!.ConnectAsync();
                    connections.Add(step.Client, connection);
                }
                if (step.Blocks)
                {
                    await connection.SendAsync(step.Args);
                    waiting.Add(connection);
                    var blocked = waiting.Count;
                    await Poll.UntilAsync(async () => await BlockedClientsAsync() >= blocked, TimeSpan.FromSeconds(10),
                        () => $"{step} did not block");
                }
                else
                {
                    await connection.ExecuteAsync(step.Args);
                }
            }
            // Served clients have their replies; waiting for them makes sure what serving them wrote is on disk.
            foreach (var connection in waiting)
            {
                await connection.ReadReplyAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            foreach (var connection in connections.Values)
            {
                connection.Dispose();
            }
        }
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = start;
        var bytes = new byte[stream.Length - start];
        await stream.ReadExactlyAsync(bytes);
        return bytes;
    }

    private async Task<long> BlockedClientsAsync()
    {
        var info = (await _control!.ExecuteAsync("INFO", "clients")).Text!;
        var line = info.Split("\r\n").Single(l => l.StartsWith("blocked_clients:", StringComparison.Ordinal));
        return long.Parse(line["blocked_clients:".Length..], CultureInfo.InvariantCulture);
    }

    private static async Task ExpectNoErrorAsync(RespConnection connection, params string[] args)
    {
        var reply = await connection.ExecuteAsync(args);
        Assert.False(reply.IsError, reply.RawText);
    }
}
