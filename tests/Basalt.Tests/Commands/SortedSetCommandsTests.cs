using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// ZADD (every option and error), ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZCOUNT,
/// ZLEXCOUNT and score formatting against redis-server, on listpack and skiplist sets.
/// </summary>
public sealed class SortedSetCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    /// <summary>The same script on a listpack set and, after pushing it past 128 members, on a skiplist.</summary>
    private static IEnumerable<GeneratedCommand> OnBothEncodings(Func<string, IEnumerable<GeneratedCommand>> script)
    {
        foreach (var command in script("small"))
        {
            yield return command;
        }
        yield return Exact(["ZADD", "big", .. Enumerable.Range(0, 200).SelectMany(i => new object[] { 1000 + i, "filler" + i })]);
        yield return Exact("OBJECT", "ENCODING", "big");
        foreach (var command in script("big"))
        {
            yield return command;
        }
    }

    [Fact]
    public Task Zadd_options_and_their_errors_match_redis() => servers.RunAsync("zadd-options", [
        Exact("ZADD", "z", "1"),
        Exact("ZADD", "z", "1", "a", "2"),
        Exact("ZADD", "z", "NX"),
        Exact("ZADD", "z", "NX", "XX", "1", "a"),
        Exact("ZADD", "z", "GT", "LT", "1", "a"),
        Exact("ZADD", "z", "GT", "NX", "1", "a"),
        Exact("ZADD", "z", "LT", "NX", "1", "a"),
        Exact("ZADD", "z", "INCR", "1", "a", "2", "b"),
        Exact("ZADD", "z", "abc", "a"),
        Exact("ZADD", "z", "1", "a", "nan", "b"),
        Exact("ZADD", "z", "NaN", "a"),
        Exact("ZADD", "z", " 1", "a"),
        Exact("ZADD", "z", "1 ", "a"),
        Exact("ZADD", "z", "", "a"),
        Exact("ZADD", "z", "1e400", "a"),
        Exact("ZADD", "z", "0x10", "a"),
        Exact("EXISTS", "z"),
        Exact("ZADD", "z", "XX", "1", "a"),
        Exact("ZADD", "z", "XX", "INCR", "1", "a"),
        Exact("EXISTS", "z"),
        Exact("ZADD", "z", "1", "a", "2", "b", "3", "c"),
        Exact("ZADD", "z", "1", "a", "5", "b", "3", "new"),
        Exact("ZADD", "z", "CH", "1", "a", "6", "b", "4", "new2"),
        Exact("ZADD", "z", "NX", "CH", "9", "a", "9", "nx"),
        Exact("ZADD", "z", "XX", "CH", "9", "a", "9", "xx"),
        Exact("ZADD", "z", "GT", "CH", "8", "a", "10", "b", "1", "gt"),
        Exact("ZADD", "z", "LT", "CH", "8", "a", "11", "b", "1", "lt"),
        Exact("ZADD", "z", "XX", "GT", "CH", "100", "a", "100", "nope"),
        Exact("ZADD", "z", "gt", "xx", "ch", "incr", "1", "a"),
        Exact("ZADD", "z", "lt", "incr", "1", "a"),
        Exact("ZADD", "z", "lt", "incr", "-1", "a"),
        Exact("ZADD", "z", "nx", "incr", "1", "a"),
        Exact("ZADD", "z", "nx", "incr", "1", "nxnew"),
        Exact("ZADD", "z", "INCR", "inf", "inc"),
        Exact("ZADD", "z", "INCR", "-inf", "inc"),
        Exact("ZADD", "z", "INCR", "-inf", "inc"),
        Exact("ZSCORE", "z", "inc"),
        Exact("ZADD", "z", "inf", "inc", "-inf", "inc2"),
        Exact("ZADD", "z", "+inf", "inc"),
        Exact("ZRANGE", "z", "0", "-1", "WITHSCORES"),
        Exact("ZCARD", "z"),
        Exact("ZINCRBY", "z", "1"),
        Exact("ZINCRBY", "z", "x", "a"),
        Exact("ZINCRBY", "z", "2.5", "a"),
        Exact("ZINCRBY", "z", "-2.5", "fresh"),
        Exact("ZINCRBY", "z", "NX", "a"),
        Exact("ZINCRBY", "z", "inf", "inc2"),
        Exact("ZINCRBY", "z", "0", "a"),
        Exact("ZINCRBY", "missing", "3", "m"),
        Exact("ZRANGE", "z", "0", "-1", "WITHSCORES"),
        Exact("SET", "str", "v"),
        Exact("ZADD", "str", "1", "a"),
        Exact("ZADD", "str", "XX", "1", "a"),
        Exact("ZADD", "str", "x", "a"),
        Exact("ZINCRBY", "str", "1", "a"),
    ], output);

    [Fact]
    public Task Scores_are_formatted_as_redis_formats_them() => servers.RunAsync("zset-scores", OnBothEncodings(key => [
        Exact("ZADD", key, "0.1", "a", "1.1", "b", "-0", "c", "1e17", "d", "123456789012345678", "e", "5e18", "f", "-5e18", "g",
            "1e-5", "h", "2.2250738585072014e-308", "i", "4.9e-324", "j", "1.7976931348623157e308", "k", "3.0", "l",
            "0x1p-3", "m", "1e16", "n", "99999999999999999", "o", "-inf", "p", "inf", "q", "4611686018427387904", "r"),
        Exact("ZRANGE", key, "0", "-1", "WITHSCORES"),
        Exact("ZSCORE", key, "c"),
        Exact("ZSCORE", key, "f"),
        Exact("ZMSCORE", key, "a", "nope", "q", "p", "j"),
        Exact("ZINCRBY", key, "0.2", "a"),
        Exact("ZINCRBY", key, "1", "d"),
        Exact("ZADD", key, "INCR", "1e308", "k"),
        Exact("ZRANGEBYSCORE", key, "-inf", "+inf", "WITHSCORES"),
        Exact("ZREVRANGE", key, "0", "3", "WITHSCORES"),
    ]).ToList(), output);

    [Fact]
    public Task Member_lookups_match_redis() => servers.RunAsync("zset-lookups", OnBothEncodings(key => [
        Exact("ZADD", key, "1", "a", "2", "b", "2", "c", "3", "10", "-1", "-5", "0", ""),
        Exact("ZCARD", key),
        Exact("ZSCORE", key, "10"),
        Exact("ZSCORE", key, "010"),
        Exact("ZSCORE", key, ""),
        Exact("ZSCORE", key, "zz"),
        Exact("ZMSCORE", key, "a", "zz", "10", "-5"),
        Exact("ZRANK", key, "a"),
        Exact("ZRANK", key, "c"),
        Exact("ZRANK", key, "-5"),
        Exact("ZRANK", key, ""),
        Exact("ZRANK", key, "zz"),
        Exact("ZREVRANK", key, "a"),
        Exact("ZREVRANK", key, "10"),
        Exact("ZREVRANK", key, "zz"),
        Exact("ZCOUNT", key, "-inf", "+inf"),
        Exact("ZCOUNT", key, "(1", "2"),
        Exact("ZCOUNT", key, "(2", "(2"),
        Exact("ZCOUNT", key, "2", "2"),
        Exact("ZCOUNT", key, "3", "1"),
        Exact("ZCOUNT", key, "", "2"),
        Exact("ZCOUNT", key, "(", "(3"),
        Exact("ZCOUNT", key, " 1", "2"),
        Exact("ZCOUNT", key, "1 ", "2"),
        Exact("ZCOUNT", key, "nan", "2"),
        Exact("ZCOUNT", key, "1e999", "inf"),
        Exact("ZCOUNT", key, "-1e999", "-1e-999"),
        Exact("ZCOUNT", key, "0x2", "+inf"),
        Exact("ZCOUNT", key, "a", "b"),
        Exact("ZCOUNT", key, "((1", "2"),
        Exact("ZREM", key, "zz", "a", "a", "c"),
        Exact("ZCARD", key),
        Exact("ZRANK", key, "b"),
    ]).Concat([
        Exact("ZSCORE", "missing", "a"),
        Exact("ZMSCORE", "missing", "a", "b"),
        Exact("ZRANK", "missing", "a"),
        Exact("ZREVRANK", "missing", "a"),
        Exact("ZCARD", "missing"),
        Exact("ZCOUNT", "missing", "0", "1"),
        Exact("ZCOUNT", "missing", "x", "1"),
        Exact("ZREM", "missing", "a"),
        Exact("ZADD", "one", "1", "only"),
        Exact("ZREM", "one", "only", "other"),
        Exact("EXISTS", "one"),
        Exact("ZMSCORE", "one"),
        Exact("ZREM", "one"),
        Exact("ZSCORE", "one"),
        Exact("ZRANK", "one", "a", "b"),
    ]).ToList(), output);

    [Fact]
    public Task Lexicographic_counts_match_redis() => servers.RunAsync("zset-lexcount", OnBothEncodings(key => [
        Exact("ZADD", key, "0", "a", "0", "aa", "0", "ab", "0", "b", "0", "ba", "0", "c", "0", "1", "0", "12", "0", ""),
        Exact("ZLEXCOUNT", key, "-", "+"),
        Exact("ZLEXCOUNT", key, "+", "-"),
        Exact("ZLEXCOUNT", key, "-", "-"),
        Exact("ZLEXCOUNT", key, "+", "+"),
        Exact("ZLEXCOUNT", key, "[a", "[b"),
        Exact("ZLEXCOUNT", key, "(a", "(b"),
        Exact("ZLEXCOUNT", key, "[a", "(a"),
        Exact("ZLEXCOUNT", key, "[a", "[a"),
        Exact("ZLEXCOUNT", key, "[", "[1"),
        Exact("ZLEXCOUNT", key, "(", "+"),
        Exact("ZLEXCOUNT", key, "[b", "[a"),
        Exact("ZLEXCOUNT", key, "a", "[b"),
        Exact("ZLEXCOUNT", key, "[a", "b"),
        Exact("ZLEXCOUNT", key, "", "+"),
        Exact("ZLEXCOUNT", key, "-x", "+"),
        Exact("ZLEXCOUNT", key, "[1", "[12"),
        Exact("ZLEXCOUNT", key, "(1", "+"),
    ]).Concat([
        Exact("ZLEXCOUNT", "missing", "-", "+"),
        Exact("ZLEXCOUNT", "missing", "x", "+"),
    ]).ToList(), output);

    [Fact]
    public Task Sorted_set_commands_refuse_keys_of_other_types() => servers.RunAsync("zset-wrongtype", [
        Exact("SET", "str", "v"),
        Exact("SADD", "s", "a"),
        Exact("ZADD", "str", "1", "a"),
        Exact("ZINCRBY", "s", "1", "a"),
        Exact("ZREM", "str", "a"),
        Exact("ZCARD", "s"),
        Exact("ZSCORE", "str", "a"),
        Exact("ZMSCORE", "s", "a"),
        Exact("ZRANK", "str", "a"),
        Exact("ZREVRANK", "s", "a"),
        Exact("ZCOUNT", "str", "0", "1"),
        Exact("ZCOUNT", "str", "x", "1"),
        Exact("ZLEXCOUNT", "s", "-", "+"),
        Exact("ZLEXCOUNT", "s", "x", "+"),
        Exact("ZRANGE", "str", "0", "1"),
        Exact("ZRANGE", "str", "0", "1", "LIMIT", "0", "1"),
        Exact("ZRANGESTORE", "d", "str", "0", "1"),
        Exact("ZRANGEBYSCORE", "s", "0", "1"),
        Exact("ZREVRANGEBYSCORE", "s", "1", "0"),
        Exact("ZRANGEBYLEX", "str", "-", "+"),
        Exact("ZREVRANGEBYLEX", "str", "+", "-"),
        Exact("ZREVRANGE", "s", "0", "1"),
        Exact("ZREMRANGEBYRANK", "str", "0", "1"),
        Exact("ZREMRANGEBYSCORE", "s", "0", "1"),
        Exact("ZREMRANGEBYLEX", "str", "-", "+"),
        Exact("ZREMRANGEBYLEX", "str", "x", "+"),
        Exact("ZPOPMIN", "s"),
        Exact("ZPOPMAX", "str", "2"),
        Exact("ZMPOP", "2", "missing", "str", "MIN"),
        Exact("ZRANDMEMBER", "s"),
        Exact("ZRANDMEMBER", "str", "2"),
        Exact("ZRANDMEMBER", "str", "x"),
        Exact("ZSCAN", "s", "0"),
        Exact("ZUNION", "1", "str"),
        Exact("ZINTERSTORE", "d", "2", "s", "str"),
        Exact("ZDIFF", "2", "missing", "str"),
        Exact("ZINTERCARD", "1", "str"),
        Exact("EXISTS", "d"),
        Exact("ZADD", "z", "1", "a"),
        Exact("SADD", "z", "a"),
        Exact("SMEMBERS", "z"),
        Exact("TYPE", "z"),
    ], output);

    [Fact]
    public Task Members_of_100_kilobytes_match_redis()
    {
        var big = new string('m', 100 * 1024);
        var big2 = new string('n', 100 * 1024);
        return servers.RunAsync("zset-large", [
            Exact("ZADD", "z", "1", "a"),
            Exact("OBJECT", "ENCODING", "z"),
            Exact("ZADD", "z", "2", big, "3", big2),
            Exact("OBJECT", "ENCODING", "z"),
            Exact("ZSCORE", "z", big),
            Exact("ZRANK", "z", big2),
            Exact("ZRANGE", "z", "0", "-1", "WITHSCORES"),
            Exact("ZRANGEBYLEX", "z", "[" + big, "+"),
            Exact("ZREM", "z", big),
            Exact("ZPOPMAX", "z"),
            Exact("ZADD", "y", "5", big),
            Exact("OBJECT", "ENCODING", "y"),
            Exact("ZUNIONSTORE", "u", "2", "y", "z"),
            Exact("OBJECT", "ENCODING", "u"),
            Exact("ZRANGE", "u", "0", "-1", "WITHSCORES"),
        ], output);
    }
}
