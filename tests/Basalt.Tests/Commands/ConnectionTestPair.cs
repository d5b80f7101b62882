using System.Text;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// A redis-server and a basalt-server started with the same arguments, for tests of connection
/// state (authentication, protocol, names, MONITOR, CLIENT KILL) that need fresh connections of
/// their own. Subclasses choose the arguments; xunit shares one pair per test class.
/// </summary>
public class ConnectionServers : IAsyncLifetime
{
    public ServerProcess Redis { get; private set; } = null!;

    public ServerProcess Basalt { get; private set; } = null!;

    protected virtual string[] ExtraArgs => [];

    public async Task InitializeAsync()
    {
        var redis = ServerProcess.StartAsync(ServerKind.Redis, ExtraArgs);
        var basalt = ServerProcess.StartAsync(ServerKind.Basalt, ExtraArgs);
        try
        {
            await Task.WhenAll(redis, basalt);
        }
        catch
        {
            if (redis.IsCompletedSuccessfully)
            {
                await redis.Result.DisposeAsync();
            }
            if (basalt.IsCompletedSuccessfully)
            {
                await basalt.Result.DisposeAsync();
            }
            throw;
        }
        Redis = redis.Result;
        Basalt = basalt.Result;
    }

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Basalt.DisposeAsync();
    }

    /// <summary>A new connection to each server, wrapped for side-by-side comparison.</summary>
    public async Task<Conversation> ConnectAsync() => new(await Redis.ConnectAsync(), await Basalt.ConnectAsync());
}

/// <summary>Servers whose default user needs the password "sekret".</summary>
public sealed class PasswordServers : ConnectionServers
{
    public const string Password = "sekret";

    protected override string[] ExtraArgs => ["--requirepass", Password];
}

/// <summary>
/// One connection to redis-server and one to basalt-server that receive the same commands. Each
/// command's replies are compared at once; mismatches are collected and reported together by
/// <see cref="AssertNoMismatches"/>, so that one run shows every difference.
/// </summary>
public sealed class Conversation : IAsyncDisposable
{
    private readonly List<string> _mismatches = [];

    public Conversation(RespConnection redis, RespConnection basalt)
    {
        Redis = redis;
        Basalt = basalt;
    }

    public RespConnection Redis { get; }

    public RespConnection Basalt { get; }

    /// <summary>Sends a command to both and compares the replies byte for byte; returns Basalt's.</summary>
    public Task<RespReply> SameAsync(params object[] args) => CompareAsync(ReplyCheck.Exact, args);

    /// <summary>Like <see cref="SameAsync"/> for a HELLO reply, whose client id may differ.</summary>
    public Task<RespReply> SameHelloAsync(params object[] args) => CompareAsync(ReplyCheck.Hello, args);

    public async Task<RespReply> CompareAsync(ReplyCheck check, params object[] args)
    {
        var redis = await Redis.ExecuteAsync(args);
        var basalt = await Basalt.ExecuteAsync(args);
        var command = new GeneratedCommand(0, args.Select(RespFormat.ToBytes).ToArray(), check);
        if (!ReplyComparer.Equivalent(command, redis, basalt))
        {
            _mismatches.Add($"{command}\n    redis:  {redis.RawText}\n    basalt: {basalt.RawText}");
        }
        return basalt;
    }

    /// <summary>Sends a command to both and returns both replies, for comparisons of their parts.</summary>
    public async Task<(RespReply Redis, RespReply Basalt)> BothAsync(params object[] args) =>
        (await Redis.ExecuteAsync(args), await Basalt.ExecuteAsync(args));

    /// <summary>Records a difference found by the caller's own comparison.</summary>
    public void Mismatch(string description) => _mismatches.Add(description);

    public void AssertNoMismatches()
    {
        if (_mismatches.Count > 0)
        {
            var report = new StringBuilder();
            report.AppendLine($"{_mismatches.Count} reply mismatch(es) between redis-server and basalt-server:");
            foreach (var m in _mismatches)
            {
                report.AppendLine(m);
            }
            _mismatches.Clear();
            Assert.Fail(report.ToString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Basalt.DisposeAsync();
    }
}
