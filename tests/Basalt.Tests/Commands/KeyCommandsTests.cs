using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// A redis-server and a basalt-server shared by the tests of one class (they run one after the
/// other); <see cref="RunAsync"/> empties both and compares a script's replies byte for byte.
/// </summary>
public class KeyspaceServerPair : IAsyncLifetime
{
    public ServerPair Pair { get; private set; } = null!;

    /// <summary>Extra redis.conf arguments for both servers (subclasses set them).</summary>
    protected virtual string[] ExtraArgs => [];

    public async Task InitializeAsync() => Pair = await ServerPair.StartAsync(2, ExtraArgs);

    public async Task DisposeAsync() => await Pair.DisposeAsync();

    /// <summary>Starts both servers from empty databases, with every connection on database 0, then runs the script.</summary>
    public async Task RunAsync(string family, IReadOnlyList<GeneratedCommand> commands, ITestOutputHelper output)
    {
        var reset = new List<GeneratedCommand> { Script.On(0, ReplyCheck.Exact, "FLUSHALL") };
        for (var c = 0; c < Pair.RedisConnections.Length; c++)
        {
            reset.Add(Script.On(c, ReplyCheck.Exact, "SELECT", "0"));
        }
        await SideBySide.RunAsync(Pair, family + " (reset)", 0, reset, output);
        await SideBySide.RunAsync(Pair, family, 0, commands, output);
    }
}

/// <summary>DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, COPY, TOUCH, RANDOMKEY, DBSIZE against redis-server.</summary>
public sealed class KeyCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static GeneratedCommand Millis(params object[] args) => Script.On(0, ReplyCheck.ClockMillis, args);

    [Fact]
    public Task Del_unlink_exists_type_touch_and_dbsize_match_redis() => servers.RunAsync("del-exists", [
        Exact("DEL"),
        Exact("UNLINK"),
        Exact("EXISTS"),
        Exact("TYPE"),
        Exact("TYPE", "a", "b"),
        Exact("TOUCH"),
        Exact("DBSIZE", "x"),
        Exact("RANDOMKEY"),
        Exact("RANDOMKEY", "x"),
        Exact("MSET", "a", "1", "b", "2", "c", "3", "", "empty"),
        Exact("DBSIZE"),
        Exact("EXISTS", "a", "a", "b", "nope", ""),
        Exact("TYPE", "a"),
        Exact("TYPE", "nope"),
        Exact("TYPE", ""),
        Exact("TOUCH", "a", "nope", "b", "a"),
        Exact("DEL", "a", "a", "nope"),
        Exact("UNLINK", "b", "c", "nope"),
        Exact("DBSIZE"),
        Exact("RANDOMKEY"),
        Exact("DEL", ""),
        Exact("RANDOMKEY"),
        Exact("DBSIZE"),
        Exact("DEL", "nope"),
    ], output);

    [Fact]
    public Task Rename_and_renamenx_match_redis() => servers.RunAsync("rename", [
        Exact("RENAME", "nope", "x"),
        Exact("RENAMENX", "nope", "x"),
        Exact("RENAME", "nope", "nope"),
        Exact("RENAMENX", "nope", "nope"),
        Exact("RENAME", "a"),
        Exact("SET", "a", "1"),
        Exact("RENAME", "a", "a"),
        Exact("RENAMENX", "a", "a"),
        Exact("PEXPIRE", "a", "100000"),
        Exact("RENAME", "a", "b"),
        Exact("EXISTS", "a"),
        Millis("PTTL", "b"),
        Exact("SET", "c", "hello world"),
        Exact("RENAMENX", "b", "c"),
        Exact("GET", "b"),
        Exact("RENAME", "b", "c"),
        Exact("GET", "c"),
        Millis("PTTL", "c"),
        Exact("SET", "d", "x", "EX", "500"),
        Exact("SET", "e", "1"),
        Exact("RENAME", "e", "d"),
        Exact("TTL", "d"),
        Exact("RENAMENX", "d", "f"),
        Exact("GET", "f"),
        Exact("OBJECT", "ENCODING", "f"),
        Exact("DBSIZE"),
    ], output);

    [Fact]
    public Task Copy_matches_redis() => servers.RunAsync("copy", [
        Exact("COPY", "a"),
        Exact("COPY", "nope", "x"),
        Exact("SET", "a", "hello"),
        Exact("COPY", "a", "a"),
        Exact("COPY", "a", "a", "REPLACE"),
        Exact("COPY", "a", "a", "DB", "0"),
        Exact("COPY", "a", "b"),
        Exact("GET", "b"),
        Exact("COPY", "a", "b"),
        Exact("SET", "a", "12345"),
        Exact("PEXPIRE", "a", "100000"),
        Exact("COPY", "a", "b", "replace"),
        Exact("GET", "b"),
        Exact("OBJECT", "ENCODING", "b"),
        Millis("PTTL", "b"),
        Exact("COPY", "a", "a", "DB", "1"),
        Exact("COPY", "a", "a", "DB", "1"),
        Exact("SELECT", "1"),
        Exact("GET", "a"),
        Millis("PTTL", "a"),
        Exact("SELECT", "0"),
        Exact("COPY", "a", "x", "DB"),
        Exact("COPY", "a", "x", "DB", "x"),
        Exact("COPY", "a", "x", "DB", "16"),
        Exact("COPY", "a", "x", "DB", "-1"),
        Exact("COPY", "a", "x", "DB", "99999999999"),
        Exact("COPY", "a", "x", "DB", "99999999999", "BOGUS"),
        Exact("COPY", "a", "x", "BOGUS", "DB", "x"),
        Exact("COPY", "a", "x", "REPLACE", "REPLACE", "DB", "2", "DB", "3"),
        Exact("SELECT", "3"),
        Exact("EXISTS", "x"),
        Exact("SELECT", "0"),
        Exact("COPY", "nope", "x", "DB", "1", "REPLACE"),
        Exact("DBSIZE"),
    ], output);

    [Fact]
    public Task Key_changes_invalidate_watch_as_in_redis() => servers.RunAsync("watch", [
        Exact("MSET", "a", "1", "b", "2", "w", "3"),
        // RENAME onto a watched key.
        Exact("WATCH", "w"),
        Script.On(1, ReplyCheck.Exact, "RENAME", "a", "w"),
        Exact("MULTI"),
        Exact("GET", "w"),
        Exact("EXEC"),
        // COPY ... REPLACE onto a watched key.
        Exact("WATCH", "w"),
        Script.On(1, ReplyCheck.Exact, "COPY", "b", "w", "REPLACE"),
        Exact("MULTI"),
        Exact("GET", "w"),
        Exact("EXEC"),
        // TOUCH and EXISTS do not modify.
        Exact("WATCH", "w"),
        Script.On(1, ReplyCheck.Exact, "TOUCH", "w"),
        Script.On(1, ReplyCheck.Exact, "EXISTS", "w"),
        Script.On(1, ReplyCheck.Exact, "TYPE", "w"),
        Exact("MULTI"),
        Exact("GET", "w"),
        Exact("EXEC"),
        // A failed RENAMENX does not modify either.
        Exact("WATCH", "w"),
        Script.On(1, ReplyCheck.Exact, "RENAMENX", "b", "w"),
        Exact("MULTI"),
        Exact("GET", "w"),
        Exact("EXEC"),
        // DEL of the watched key.
        Exact("WATCH", "w"),
        Script.On(1, ReplyCheck.Exact, "UNLINK", "w"),
        Exact("MULTI"),
        Exact("EXISTS", "w"),
        Exact("EXEC"),
    ], output);

    [Fact]
    public Task Key_commands_queue_and_run_in_a_transaction() => servers.RunAsync("multi", [
        Exact("MULTI"),
        Exact("SET", "a", "1"),
        Exact("RENAME", "a", "b"),
        Exact("COPY", "b", "c"),
        Exact("EXISTS", "a", "b", "c"),
        Exact("TYPE", "c"),
        Exact("RENAME", "nope", "x"),
        Exact("DEL", "b", "c"),
        Exact("DBSIZE"),
        Exact("EXEC"),
    ], output);
}
