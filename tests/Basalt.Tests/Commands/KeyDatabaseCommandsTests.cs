using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>MOVE, SWAPDB, FLUSHDB and FLUSHALL across the numbered databases, against redis-server.</summary>
public sealed class KeyDatabaseCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static GeneratedCommand Millis(params object[] args) => Script.On(0, ReplyCheck.ClockMillis, args);

    [Fact]
    public Task Move_matches_redis() => servers.RunAsync("move", [
        Exact("MOVE", "a"),
        Exact("MOVE", "a", "1"),
        Exact("SET", "a", "1"),
        Exact("PEXPIRE", "a", "100000"),
        Exact("MOVE", "a", "0"),
        Exact("MOVE", "a", "16"),
        Exact("MOVE", "a", "-1"),
        Exact("MOVE", "a", "x"),
        Exact("MOVE", "a", "99999999999"),
        Exact("MOVE", "a", ""),
        Exact("MOVE", "a", "1"),
        Exact("EXISTS", "a"),
        Exact("MOVE", "a", "1"),
        Exact("SELECT", "1"),
        Exact("GET", "a"),
        Millis("PTTL", "a"),
        Exact("SET", "b", "in-1"),
        Exact("SELECT", "0"),
        Exact("SET", "b", "in-0"),
        Exact("MOVE", "b", "1"),
        Exact("GET", "b"),
        Exact("DBSIZE"),
    ], output);

    [Fact]
    public Task Swapdb_matches_redis() => servers.RunAsync("swapdb", [
        Exact("SWAPDB", "0"),
        Exact("SWAPDB", "x", "1"),
        Exact("SWAPDB", "0", "x"),
        Exact("SWAPDB", "99999999999", "x"),
        Exact("SWAPDB", "0", "99999999999"),
        Exact("SWAPDB", "0", "16"),
        Exact("SWAPDB", "-1", "0"),
        Exact("SET", "zero", "0"),
        Exact("SET", "t", "temp", "EX", "1000"),
        Exact("SELECT", "2"),
        Exact("SET", "two", "2"),
        Exact("SWAPDB", "0", "2"),
        Exact("EXISTS", "zero", "two", "t"),
        Exact("TTL", "t"),
        Exact("DBSIZE"),
        Exact("SELECT", "0"),
        Exact("EXISTS", "zero", "two", "t"),
        Exact("SWAPDB", "0", "0"),
        Exact("DBSIZE"),
        // A client watching a key in a swapped database sees the change.
        Exact("SET", "w", "0"),
        Exact("WATCH", "w"),
        Script.On(1, ReplyCheck.Exact, "SWAPDB", "0", "5"),
        Exact("MULTI"),
        Exact("EXISTS", "w"),
        Exact("EXEC"),
        Exact("SWAPDB", "5", "0"),
        Exact("GET", "w"),
    ], output);

    [Fact]
    public Task Flushdb_and_flushall_match_redis() => servers.RunAsync("flush", [
        Exact("FLUSHDB", "x"),
        Exact("FLUSHDB", "sync", "async"),
        Exact("FLUSHALL", "x"),
        Exact("FLUSHALL", "ASYNC", "x"),
        Exact("MSET", "a", "1", "b", "2"),
        Exact("SELECT", "3"),
        Exact("MSET", "c", "1", "d", "2"),
        Exact("FLUSHDB"),
        Exact("DBSIZE"),
        Exact("SET", "e", "1"),
        Exact("FLUSHDB", "ASYNC"),
        Exact("DBSIZE"),
        Exact("SET", "f", "1"),
        Exact("FLUSHDB", "sync"),
        Exact("SELECT", "0"),
        Exact("DBSIZE"),
        Exact("SELECT", "3"),
        Exact("SET", "g", "1"),
        Exact("FLUSHALL", "Sync"),
        Exact("DBSIZE"),
        Exact("SELECT", "0"),
        Exact("DBSIZE"),
        Exact("SET", "w", "1"),
        Exact("WATCH", "w"),
        Script.On(1, ReplyCheck.Exact, "FLUSHALL", "async"),
        Exact("MULTI"),
        Exact("EXISTS", "w"),
        Exact("EXEC"),
        // Flushing a database without the watched key leaves the transaction alone.
        Exact("SET", "w", "1"),
        Exact("WATCH", "w"),
        Script.On(1, ReplyCheck.Exact, "SELECT", "4"),
        Script.On(1, ReplyCheck.Exact, "FLUSHDB"),
        Exact("MULTI"),
        Exact("EXISTS", "w"),
        Exact("EXEC"),
    ], output);
}
