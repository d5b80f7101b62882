using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// ZPOPMIN, ZPOPMAX and ZMPOP against redis-server: the four reply shapes (flat or nested pairs,
/// with or without the key) in RESP2 and RESP3, argument errors, and deletion of emptied keys.
/// </summary>
public sealed class SortedSetPopCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static IEnumerable<GeneratedCommand> Pops() =>
    [
        Exact("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "-1", "neg", "inf", "top"),
        Exact(["ZADD", "big", .. Enumerable.Range(0, 150).SelectMany(i => new object[] { i * 0.5, "m" + i })]),
        Exact("ZPOPMIN", "z"),
        Exact("ZPOPMAX", "z"),
        Exact("ZPOPMIN", "z", "2"),
        Exact("ZPOPMAX", "z", "1"),
        Exact("ZPOPMIN", "z", "0"),
        Exact("ZPOPMIN", "z", "-1"),
        Exact("ZPOPMIN", "z", "x"),
        Exact("ZPOPMIN", "z", "1", "2"),
        Exact("ZPOPMAX", "z", "100"),
        Exact("EXISTS", "z"),
        Exact("ZPOPMIN", "z"),
        Exact("ZPOPMIN", "z", "3"),
        Exact("ZPOPMAX", "missing", "0"),
        Exact("ZPOPMIN", "big", "3"),
        Exact("ZPOPMAX", "big", "3"),
        Exact("ZCARD", "big"),
        Exact("OBJECT", "ENCODING", "big"),
        Exact("ZADD", "y", "1", "a", "2", "b"),
        Exact("ZMPOP", "1", "y", "MIN"),
        Exact("ZMPOP", "2", "missing", "y", "max", "COUNT", "5"),
        Exact("EXISTS", "y"),
        Exact("ZMPOP", "2", "missing", "y", "MIN"),
        Exact("ZMPOP", "3", "missing", "big", "y", "MAX", "COUNT", "2"),
        Exact("ZMPOP", "1", "big", "MIN", "count", "3"),
        Exact("ZMPOP", "0", "big", "MIN"),
        Exact("ZMPOP", "-1", "big", "MIN"),
        Exact("ZMPOP", "x", "big", "MIN"),
        Exact("ZMPOP", "5", "big", "MIN"),
        Exact("ZMPOP", "1", "big"),
        Exact("ZMPOP", "1", "big", "MIDDLE"),
        Exact("ZMPOP", "1", "big", "MIN", "COUNT"),
        Exact("ZMPOP", "1", "big", "MIN", "COUNT", "0"),
        Exact("ZMPOP", "1", "big", "MIN", "COUNT", "-2"),
        Exact("ZMPOP", "1", "big", "MIN", "COUNT", "x"),
        Exact("ZMPOP", "1", "big", "MIN", "COUNT", "1", "COUNT", "2"),
        Exact("ZMPOP", "1", "big", "MIN", "FOO"),
        Exact("ZMPOP", "1", "big", "MIN", "COUNT", "200"),
        Exact("EXISTS", "big"),
    ];

    [Fact]
    public Task Pops_match_redis() => servers.RunAsync("zpop", Pops().ToList(), output);

    [Fact]
    public Task Pops_in_resp3_match_redis() => servers.RunAsync("zpop-resp3",
        Pops().Prepend(Script.On(0, ReplyCheck.Hello, "HELLO", "3")).Append(Script.On(0, ReplyCheck.Hello, "HELLO", "2")).ToList(), output);

    [Fact]
    public Task Pops_inside_a_transaction_match_redis() => servers.RunAsync("zpop-multi", [
        Exact("ZADD", "z", "1", "a", "2", "b", "3", "c"),
        Exact("MULTI"),
        Exact("ZPOPMIN", "z"),
        Exact("ZMPOP", "1", "z", "MAX", "COUNT", "5"),
        Exact("ZPOPMAX", "z"),
        Exact("EXEC"),
        Exact("EXISTS", "z"),
    ], output);
}
