using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// ZUNION, ZINTER, ZDIFF, their STORE forms (WEIGHTS, AGGREGATE, plain sets as inputs) and
/// ZINTERCARD against redis-server, with the stored result's encoding.
/// </summary>
public sealed class SortedSetAlgebraCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static readonly GeneratedCommand[] Inputs =
    [
        Exact("ZADD", "a", "1", "x", "2", "y", "3", "z", "inf", "pinf"),
        Exact("ZADD", "b", "10", "y", "20", "z", "30", "w", "-inf", "pinf"),
        Exact("ZADD", "c", "5", "z", "6", "v"),
        Exact("SADD", "s", "x", "w", "q"),
        Exact("SADD", "i", "1", "2", "3"),
        Exact("ZADD", "n", "7", "1", "8", "2", "9", "4"),
        Exact(["ZADD", "big", .. Enumerable.Range(0, 200).SelectMany(i => new object[] { i, "m" + i })]),
        Exact(["ZADD", "big2", .. Enumerable.Range(100, 200).SelectMany(i => new object[] { i * 2, "m" + i })]),
    ];

    private static IEnumerable<GeneratedCommand> Combinations(string command)
    {
        foreach (var args in new[]
                 {
                     "2 a b", "3 a b c", "2 a s", "3 s a b", "2 i n", "1 a", "2 a a", "2 a missing", "2 missing a", "1 missing",
                     "2 a b WEIGHTS 2 3", "2 a b WEIGHTS 0 1", "2 a b WEIGHTS 1 -1", "2 a b WEIGHTS inf 1", "3 a b c AGGREGATE MIN",
                     "3 a b c AGGREGATE MAX", "3 a b c aggregate sum weights 1 2 3", "2 a b WEIGHTS 1 2 WEIGHTS 3 4",
                     "2 big big2", "2 big2 big WEIGHTS 1 0.5 AGGREGATE MAX",
                     // Inputs of one size are combined in the order given (z: 0 in Redis, not 3).
                     "3 a a c WEIGHTS 1 1e17 -6e16", "3 a a c WEIGHTS 0.5 3e16 -1.8e16", "3 c a a WEIGHTS -6e16 1 1e17",
                 })
        {
            var parts = args.Split(' ');
            yield return Exact([command, .. parts]);
            yield return Exact([command, .. parts, "WITHSCORES"]);
        }
        foreach (var bad in new[]
                 {
                     "0 a", "-1 a", "x a", "3 a b", "2 a b WEIGHTS 1", "2 a b WEIGHTS 1 x", "2 a b AGGREGATE avg", "2 a b AGGREGATE",
                     "2 a b FOO", "2 a b LIMIT 1", "2 a b WITHSCORES WITHSCORES", "1 a WEIGHTS nan",
                 })
        {
            yield return Exact([command, .. bad.Split(' ')]);
        }
    }

    [Fact]
    public Task Zunion_matches_redis() => servers.RunAsync("zunion", Inputs.Concat(Combinations("ZUNION")).ToList(), output);

    [Fact]
    public Task Zinter_matches_redis() => servers.RunAsync("zinter", Inputs.Concat(Combinations("ZINTER")).ToList(), output);

    [Fact]
    public Task Zdiff_matches_redis() => servers.RunAsync("zdiff", Inputs.Concat(Combinations("ZDIFF")).ToList(), output);

    [Fact]
    public Task Store_forms_match_redis_including_the_result_encoding() => servers.RunAsync("zstore", Inputs.Concat(
        new[] { "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE" }.SelectMany(command => new[]
        {
            "2 a b", "3 s a b", "2 big big2", "1 big", "2 a missing", "2 missing missing2", "2 a b WEIGHTS 2 3", "2 a b WITHSCORES",
            "2 a b LIMIT 1", "0 a",
        }.SelectMany(args => new[]
        {
            Exact([command, "dst", .. args.Split(' ')]),
            Exact("ZRANGE", "dst", "0", "-1", "WITHSCORES"),
            Exact("OBJECT", "ENCODING", "dst"),
        }))).Concat([
            Exact("SET", "dst", "string"),
            Exact("EXPIRE", "dst", "100"),
            Exact("ZUNIONSTORE", "dst", "1", "a"),
            Exact("TTL", "dst"),
            Exact("ZINTERSTORE", "a", "2", "a", "b"),
            Exact("ZRANGE", "a", "0", "-1", "WITHSCORES"),
            Exact("CONFIG", "SET", "zset-max-listpack-entries", "1"),
            Exact("ZUNIONSTORE", "dst", "1", "c"),
            Exact("OBJECT", "ENCODING", "dst"),
            Exact("ZUNIONSTORE", "dst", "1", "n"),
            Exact("CONFIG", "SET", "zset-max-listpack-entries", "128"),
            Exact("CONFIG", "SET", "zset-max-listpack-value", "1"),
            Exact("ZUNIONSTORE", "dst", "1", "n"),
            Exact("OBJECT", "ENCODING", "dst"),
            Exact("ZUNIONSTORE", "dst", "1", "c"),
            Exact("OBJECT", "ENCODING", "dst"),
            Exact("CONFIG", "SET", "zset-max-listpack-value", "64"),
        ]).ToList(), output);

    [Fact]
    public Task Zintercard_matches_redis() => servers.RunAsync("zintercard", Inputs.Concat([
        Exact("ZINTERCARD", "2", "a", "b"),
        Exact("ZINTERCARD", "3", "a", "b", "c"),
        Exact("ZINTERCARD", "2", "a", "s"),
        Exact("ZINTERCARD", "2", "big", "big2"),
        Exact("ZINTERCARD", "2", "big", "big2", "LIMIT", "10"),
        Exact("ZINTERCARD", "2", "big", "big2", "LIMIT", "0"),
        Exact("ZINTERCARD", "2", "big", "big2", "LIMIT", "1000"),
        Exact("ZINTERCARD", "2", "a", "missing"),
        Exact("ZINTERCARD", "0", "a"),
        Exact("ZINTERCARD", "x", "a"),
        Exact("ZINTERCARD", "3", "a", "b"),
        Exact("ZINTERCARD", "2", "a", "b", "LIMIT", "-1"),
        Exact("ZINTERCARD", "2", "a", "b", "LIMIT", "x"),
        Exact("ZINTERCARD", "2", "a", "b", "LIMIT"),
        Exact("ZINTERCARD", "2", "a", "b", "WITHSCORES"),
        Exact("ZINTERCARD", "2", "a", "b", "WEIGHTS", "1", "2"),
        Exact("ZINTERCARD", "2", "a", "b", "AGGREGATE", "MIN"),
        Exact("ZINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "2"),
    ]).ToList(), output);

    [Fact]
    public Task Algebra_in_resp3_matches_redis() => servers.RunAsync("zalgebra-resp3", Inputs.Concat([
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Exact("ZUNION", "3", "a", "b", "c", "WITHSCORES"),
        Exact("ZINTER", "2", "a", "b", "WITHSCORES"),
        Exact("ZDIFF", "2", "a", "b", "WITHSCORES"),
        Exact("ZDIFF", "2", "a", "b"),
        Exact("ZUNION", "1", "missing", "WITHSCORES"),
        Exact("ZINTERCARD", "2", "a", "b"),
        Exact("ZUNIONSTORE", "dst", "2", "a", "b"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
    ]).ToList(), output);
}
