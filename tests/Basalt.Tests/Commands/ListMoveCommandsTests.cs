using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>LMOVE, RPOPLPUSH and LMPOP, and the blocking forms when they need not block, side by side with redis-server.</summary>
public sealed class ListMoveCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    [Fact]
    public Task Lmove_and_rpoplpush_match_redis() => servers.RunAsync("list-move", [
        Exact("RPUSH", "src", "a", "b", "c", "1", "2"),
        Exact("LMOVE", "src", "dst", "LEFT", "RIGHT"),
        Exact("LMOVE", "src", "dst", "right", "left"),
        Exact("LMOVE", "src", "dst", "LEFT", "LEFT"),
        Exact("LMOVE", "src", "dst", "RIGHT", "RIGHT"),
        Exact("LRANGE", "src", "0", "-1"),
        Exact("LRANGE", "dst", "0", "-1"),
        Exact("LMOVE", "src", "src", "LEFT", "RIGHT"),
        Exact("LRANGE", "src", "0", "-1"),
        Exact("LMOVE", "src", "dst", "LEFT", "RIGHT"),
        Exact("EXISTS", "src"),
        Exact("LMOVE", "src", "dst", "LEFT", "RIGHT"),
        Exact("LMOVE", "src", "dst", "UP", "RIGHT"),
        Exact("LMOVE", "src", "dst", "LEFT", "DOWN"),
        Exact("LMOVE", "dst", "dst", "RIGHT", "LEFT"),
        Exact("LRANGE", "dst", "0", "-1"),
        Exact("RPOPLPUSH", "dst", "other"),
        Exact("RPOPLPUSH", "dst", "other"),
        Exact("RPOPLPUSH", "missing", "other"),
        Exact("LRANGE", "other", "0", "-1"),
        Exact("RPUSH", "one", "x"),
        Exact("RPOPLPUSH", "one", "one"),
        Exact("LRANGE", "one", "0", "-1"),
        Exact("SET", "str", "v"),
        Exact("LMOVE", "other", "str", "LEFT", "RIGHT"),
        Exact("LRANGE", "other", "0", "-1"),
        Exact("LMOVE", "str", "other", "LEFT", "RIGHT"),
        Exact("RPOPLPUSH", "str", "other"),
        Exact("RPOPLPUSH", "other", "str"),
        Exact("RPOPLPUSH", "missing", "str"),
        Exact("LMOVE", "src"),
    ], output);

    [Fact]
    public Task Lmpop_matches_redis() => servers.RunAsync("list-lmpop", [
        Exact("RPUSH", "a", "1", "2", "3", "4", "5"),
        Exact("RPUSH", "b", "x", "y"),
        Exact("LMPOP", "2", "missing", "a", "LEFT"),
        Exact("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "2"),
        Exact("LMPOP", "1", "b", "left", "count", "10"),
        Exact("EXISTS", "b"),
        Exact("LMPOP", "3", "missing", "b", "c", "LEFT"),
        Exact("LMPOP", "1", "a", "LEFT", "COUNT", "0"),
        Exact("LMPOP", "1", "a", "LEFT", "COUNT", "-1"),
        Exact("LMPOP", "1", "a", "LEFT", "COUNT", "x"),
        Exact("LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "2"),
        Exact("LMPOP", "1", "a", "LEFT", "COUNT"),
        Exact("LMPOP", "1", "a", "LEFT", "EXTRA"),
        Exact("LMPOP", "0", "a", "LEFT"),
        Exact("LMPOP", "-1", "a", "LEFT"),
        Exact("LMPOP", "x", "a", "LEFT"),
        Exact("LMPOP", "2", "a", "LEFT"),
        Exact("LMPOP", "1", "a", "MIDDLE"),
        Exact("LMPOP", "9223372036854775807", "a", "LEFT"),
        Exact("LMPOP", "1", "a"),
        Exact("SET", "s", "v"),
        Exact("LMPOP", "2", "missing", "s", "LEFT"),
        Exact("LMPOP", "2", "a", "s", "LEFT"),
        Exact("LRANGE", "a", "0", "-1"),
    ], output);

    [Fact]
    public Task Blocking_forms_that_find_elements_match_redis() => servers.RunAsync("list-blocking-ready", [
        Exact("RPUSH", "a", "1", "2", "3", "4"),
        Exact("BLPOP", "missing", "a", "0"),
        Exact("BRPOP", "a", "missing", "1.5"),
        Exact("BLMPOP", "0", "2", "missing", "a", "RIGHT", "COUNT", "5"),
        Exact("EXISTS", "a"),
        Exact("RPUSH", "a", "x", "y", "z"),
        Exact("BLMOVE", "a", "b", "LEFT", "RIGHT", "0"),
        Exact("BRPOPLPUSH", "a", "b", "0"),
        Exact("LRANGE", "b", "0", "-1"),
        Exact("SET", "s", "v"),
        Exact("BLPOP", "missing", "s", "a", "0"),
        Exact("BLMPOP", "0", "2", "s", "a", "LEFT"),
        Exact("BLMOVE", "s", "b", "LEFT", "RIGHT", "0"),
        Exact("BLMOVE", "a", "s", "LEFT", "RIGHT", "0"),
        Exact("LRANGE", "a", "0", "-1"),
        Exact("BLPOP", "a", "-1"),
        Exact("BLPOP", "a", "abc"),
        Exact("BLPOP", "a", "nan"),
        Exact("BLPOP", "a", "inf"),
        Exact("BLPOP", "a", "1e400"),
        Exact("BLPOP", "a", "9223372036854776"),
        Exact("BLPOP", "a", " 1"),
        Exact("BRPOPLPUSH", "a", "b", "-0.5"),
        Exact("BLMOVE", "a", "b", "LEFT", "RIGHT", "x"),
        Exact("BLMOVE", "a", "b", "UP", "RIGHT", "x"),
        Exact("BLMPOP", "x", "1", "a", "LEFT"),
        Exact("BLMPOP", "0", "0", "a", "LEFT"),
        Exact("BLMPOP", "0", "1", "a", "LEFT", "COUNT", "0"),
        Exact("BLMPOP", "-1", "1", "a", "LEFT"),
        Exact("BLMPOP", "0", "1", "a"),
        Exact("BLPOP", "a"),
    ], output);

    [Fact]
    public Task Blocking_forms_inside_multi_do_not_block() => servers.RunAsync("list-blocking-multi", [
        Exact("MULTI"),
        Exact("BLPOP", "missing", "0"),
        Exact("BRPOP", "missing", "other", "0"),
        Exact("BLMOVE", "missing", "dst", "LEFT", "RIGHT", "0"),
        Exact("BRPOPLPUSH", "missing", "dst", "0"),
        Exact("BLMPOP", "0", "1", "missing", "LEFT", "COUNT", "3"),
        Exact("RPUSH", "missing", "a", "b"),
        Exact("BLPOP", "missing", "0"),
        Exact("BLMOVE", "missing", "dst", "LEFT", "RIGHT", "0"),
        Exact("BLMPOP", "0", "1", "missing", "LEFT", "COUNT", "3"),
        Exact("EXEC"),
        Exact("EXISTS", "missing", "dst"),
        Exact("LRANGE", "dst", "0", "-1"),
    ], output);
}
