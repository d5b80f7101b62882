using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE against redis-server,
/// including the encoding of stored results (which depends on how Redis builds them) and the
/// order of results that are intsets (ascending, so exact).
/// </summary>
public sealed class SetAlgebraCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static GeneratedCommand Unordered(params object[] args) => Script.On(0, ReplyCheck.Unordered, args);

    private static object[] Range(string command, string key, int start, int count, int step) =>
        [command, key, .. Enumerable.Range(0, count).Select(i => (object)(start + i * step))];

    [Fact]
    public Task Algebra_over_intsets_matches_redis_exactly() => servers.RunAsync("set-algebra-intsets", [
        Exact("SADD", "a", "1", "2", "3", "4", "5"),
        Exact("SADD", "b", "4", "5", "6"),
        Exact("SADD", "c", "5", "6", "7", "-1"),
        Exact("SINTER", "a", "b"),
        Exact("SINTER", "a", "b", "c"),
        Exact("SINTER", "a"),
        Exact("SINTER", "a", "a"),
        Exact("SINTER", "a", "missing"),
        Exact("SINTER", "missing", "a"),
        Exact("SUNION", "a", "b", "c"),
        Exact("SUNION", "a", "missing"),
        Exact("SUNION", "missing"),
        Exact("SDIFF", "a", "b"),
        Exact("SDIFF", "a", "b", "c"),
        Exact("SDIFF", "c", "a", "b"),
        Exact("SDIFF", "a", "a"),
        Exact("SDIFF", "a", "missing", "a"),
        Exact("SDIFF", "missing", "a"),
        Exact("SDIFF", "a"),
        Exact("SINTERCARD", "2", "a", "b"),
        Exact("SINTERCARD", "3", "a", "b", "c"),
        Exact("SINTERCARD", "1", "a", "LIMIT", "2"),
        Exact("SINTERCARD", "1", "a", "LIMIT", "0"),
        Exact("SINTERCARD", "1", "a", "limit", "2", "LIMIT", "3"),
        Exact("SINTERCARD", "2", "a", "missing"),
        Exact("SINTERCARD", "0", "a"),
        Exact("SINTERCARD", "-1", "a"),
        Exact("SINTERCARD", "x", "a"),
        Exact("SINTERCARD", "3", "a", "b"),
        Exact("SINTERCARD", "1", "a", "LIMIT", "-1"),
        Exact("SINTERCARD", "1", "a", "LIMIT", "x"),
        Exact("SINTERCARD", "1", "a", "LIMIT"),
        Exact("SINTERCARD", "1", "a", "WITHSCORES"),
        Exact("SINTERSTORE", "d", "a", "b"),
        Exact("SMEMBERS", "d"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("SUNIONSTORE", "d", "a", "c"),
        Exact("SMEMBERS", "d"),
        Exact("SDIFFSTORE", "d", "a", "c"),
        Exact("SMEMBERS", "d"),
        Exact("SINTERSTORE", "d", "a", "missing"),
        Exact("EXISTS", "d"),
        Exact("SDIFFSTORE", "d", "a", "a"),
        Exact("SDIFFSTORE", "d", "a", "a"),
        Exact("SUNIONSTORE", "a", "a", "b"),
        Exact("SMEMBERS", "a"),
        Exact("SET", "s", "x"),
        Exact("EXPIRE", "s", "100"),
        Exact("SUNIONSTORE", "s", "b"),
        Exact("TTL", "s"),
        Exact("SINTERSTORE", "d"),
        Exact("SINTER"),
    ], output);

    [Fact]
    public Task Type_errors_come_before_missing_keys_as_in_redis() => servers.RunAsync("set-algebra-types", [
        Exact("SADD", "a", "1"),
        Exact("SET", "str", "v"),
        Exact("ZADD", "z", "1", "a"),
        Exact("SINTER", "missing", "str"),
        Exact("SINTER", "a", "z"),
        Exact("SINTERCARD", "2", "missing", "str"),
        Exact("SINTERSTORE", "d", "missing", "str"),
        Exact("SUNION", "a", "str"),
        Exact("SDIFF", "missing", "z"),
        Exact("SUNIONSTORE", "d", "str"),
        Exact("SDIFFSTORE", "d", "a", "str"),
        Exact("SINTERSTORE", "str", "a"),
        Exact("TYPE", "str"),
        Exact("SUNIONSTORE", "z", "missing"),
        Exact("EXISTS", "z"),
    ], output);

    [Fact]
    public Task Stored_results_have_the_encoding_redis_gives_them() => servers.RunAsync("set-algebra-encodings", [
        Exact(Range("SADD", "evens", 0, 300, 2)),
        Exact(Range("SADD", "threes", 0, 250, 3)),
        Exact(Range("SADD", "many", 0, 700, 1)),
        Exact("SADD", "words", "a", "b", "6", "12"),
        Exact("OBJECT", "ENCODING", "many"),
        Exact("SINTERSTORE", "d", "many", "evens"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("SINTERSTORE", "d", "many", "words"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("SMEMBERS", "d"),
        Exact("SUNIONSTORE", "d", "evens", "threes"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("SCARD", "d"),
        Exact("SUNIONSTORE", "d", "evens", "words"),
        Exact("OBJECT", "ENCODING", "d"),
        // The two DIFF algorithms build different sets: one adds only what survives, the
        // other adds everything then removes, which can leave a small hashtable behind.
        Exact("SDIFFSTORE", "d", "many", "evens"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("SDIFFSTORE", "d", "evens", "many"),
        Exact("EXISTS", "d"),
        Exact("SDIFFSTORE", "d", "words", "many"),
        Exact("OBJECT", "ENCODING", "d"),
        Unordered("SMEMBERS", "d"),
        Exact("SDIFFSTORE", "d", "threes", "evens"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("SMEMBERS", "d"),
        Exact("SDIFFSTORE", "d", "many", "threes", "evens"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("SCARD", "d"),
        Exact("SDIFFSTORE", "d", "words", "evens", "threes"),
        Exact("OBJECT", "ENCODING", "d"),
        Unordered("SMEMBERS", "d"),
        Exact("SADD", "w2", "x", "y"),
        Exact("SDIFFSTORE", "d", "many", "evens", "words", "w2"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("SCARD", "d"),
        Exact("SDIFF", "evens", "threes"),
        Exact("SINTER", "evens", "threes"),
        Exact("SINTERCARD", "2", "many", "evens"),
        Exact("SINTERCARD", "2", "many", "evens", "LIMIT", "7"),
        Unordered("SINTER", "many", "words"),
        Unordered("SUNION", "words", "evens"),
        Unordered("SDIFF", "words", "threes"),
    ], output);
}
