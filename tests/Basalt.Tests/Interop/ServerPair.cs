using Basalt.Tests.Infrastructure;

namespace Basalt.Tests.Interop;

/// <summary>A real redis-server and a basalt-server started side by side, with N connections open to each.</summary>
public sealed class ServerPair : IAsyncDisposable
{
    private ServerPair(ServerProcess redis, ServerProcess basalt, RespConnection[] redisConnections, RespConnection[] basaltConnections)
    {
        Redis = redis;
        Basalt = basalt;
        RedisConnections = redisConnections;
        BasaltConnections = basaltConnections;
    }

    public ServerProcess Redis { get; }
    public ServerProcess Basalt { get; }
    public RespConnection[] RedisConnections { get; }
    public RespConnection[] BasaltConnections { get; }

    public static async Task<ServerPair> StartAsync(int connections = 2, params string[] extraArgs)
    {
        var redisTask = ServerProcess.StartAsync(ServerKind.Redis, extraArgs);
        var basaltTask = ServerProcess.StartAsync(ServerKind.Basalt, extraArgs);
        try
        {
            await Task.WhenAll(redisTask, basaltTask);
        }
        catch
        {
            if (redisTask.IsCompletedSuccessfully)
            {
                await redisTask.Result.DisposeAsync();
            }
            if (basaltTask.IsCompletedSuccessfully)
            {
                await basaltTask.Result.DisposeAsync();
            }
            throw;
        }
        var redis = redisTask.Result;
        var basalt = basaltTask.Result;
        var rc = new RespConnection[connections];
        var bc = new RespConnection[connections];
        for (int i = 0; i < connections; i++)
        {
            rc[i] = await redis.ConnectAsync();
            bc[i] = await basalt.ConnectAsync();
        }
        return new ServerPair(redis, basalt, rc, bc);
    }

    /// <summary>Sends the same command on connection <paramref name="connection"/> of both servers; returns (redis, basalt) replies.</summary>
    public async Task<(RespReply Redis, RespReply Basalt)> ExecuteBothAsync(int connection, params object[] args)
    {
        var r = await RedisConnections[connection].ExecuteAsync(args);
        var b = await BasaltConnections[connection].ExecuteAsync(args);
        return (r, b);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in RedisConnections.Concat(BasaltConnections))
        {
            await c.DisposeAsync();
        }
        await Redis.DisposeAsync();
        await Basalt.DisposeAsync();
    }
}
