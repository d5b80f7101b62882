using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), ZRANGESTORE, ZREVRANGE, ZRANGEBYSCORE,
/// ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX and ZREMRANGEBYRANK/SCORE/LEX against
/// redis-server, on listpack and skiplist sets, in RESP2 and RESP3.
/// </summary>
public sealed class SortedSetRangeCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    /// <summary>Ten members with repeated scores, plus (for "big") enough fillers to make it a skiplist.</summary>
    private static IEnumerable<GeneratedCommand> Fill(string key, bool big)
    {
        yield return Exact("ZADD", key, "1", "a", "2", "b", "2", "c", "3", "d", "4.5", "e", "5", "f", "5", "g", "-inf", "low", "inf", "high", "0", "zero");
        if (big)
        {
            yield return Exact(["ZADD", key, .. Enumerable.Range(0, 150).SelectMany(i => new object[] { 10 + i * 0.5, "x" + i })]);
        }
    }

    private static List<GeneratedCommand> OnBothEncodings(Func<string, IEnumerable<GeneratedCommand>> script) =>
        Fill("small", big: false).Concat(script("small")).Concat(Fill("big", big: true)).Concat(script("big")).ToList();

    private static IEnumerable<GeneratedCommand> RankRanges(string key)
    {
        foreach (var (start, stop) in new[] { ("0", "-1"), ("2", "5"), ("-3", "-1"), ("-100", "2"), ("5", "2"), ("100", "200"), ("0", "0"), ("-1", "-1"), ("1", "100") })
        {
            yield return Exact("ZRANGE", key, start, stop);
            yield return Exact("ZRANGE", key, start, stop, "WITHSCORES");
            yield return Exact("ZRANGE", key, start, stop, "REV", "WITHSCORES");
            yield return Exact("ZREVRANGE", key, start, stop, "WITHSCORES");
        }
        yield return Exact("ZRANGE", key, "a", "1");
        yield return Exact("ZRANGE", key, "0", "1.5");
        yield return Exact("ZRANGE", key, "0", "1", "LIMIT", "0", "1");
        yield return Exact("ZRANGE", key, "0", "1", "LIMIT", "0");
        yield return Exact("ZRANGE", key, "0", "1", "LIMIT", "x", "1");
        yield return Exact("ZRANGE", key, "0", "1", "BYLEX", "WITHSCORES");
        yield return Exact("ZRANGE", key, "0", "1", "BYSCORE", "BYLEX");
        yield return Exact("ZRANGE", key, "0", "1", "REV", "REV");
        yield return Exact("ZRANGE", key, "0", "1", "WITHSCORES", "WITHSCORES");
        yield return Exact("ZRANGE", key, "0", "1", "FOO");
        yield return Exact("ZREVRANGE", key, "0", "1", "REV");
        yield return Exact("ZREVRANGE", key, "0", "1", "BYSCORE");
        yield return Exact("ZREVRANGE", key, "0", "1", "LIMIT", "0", "1");
    }

    private static IEnumerable<GeneratedCommand> ScoreRanges(string key)
    {
        foreach (var (min, max) in new[] { ("-inf", "+inf"), ("2", "5"), ("(2", "5"), ("2", "(5"), ("(2", "(2"), ("2", "2"), ("5", "2"), ("", "3"), (" 1", "3"), ("(", "(1"), ("1e999", "inf"), ("-1e999", "-inf"), ("0x1", "0x4") })
        {
            yield return Exact("ZRANGEBYSCORE", key, min, max, "WITHSCORES");
            yield return Exact("ZREVRANGEBYSCORE", key, max, min);
            yield return Exact("ZRANGE", key, min, max, "BYSCORE", "WITHSCORES");
            yield return Exact("ZRANGE", key, max, min, "BYSCORE", "REV", "WITHSCORES");
            yield return Exact("ZCOUNT", key, min, max);
        }
        foreach (var (offset, count) in new[] { ("0", "3"), ("1", "2"), ("2", "-1"), ("-1", "2"), ("100", "1"), ("9", "5"), ("0", "0"), ("3", "-5") })
        {
            yield return Exact("ZRANGEBYSCORE", key, "-inf", "+inf", "LIMIT", offset, count);
            yield return Exact("ZREVRANGEBYSCORE", key, "+inf", "-inf", "WITHSCORES", "LIMIT", offset, count);
            yield return Exact("ZRANGE", key, "(1", "5", "BYSCORE", "LIMIT", offset, count, "WITHSCORES");
        }
        yield return Exact("ZRANGEBYSCORE", key, "a", "1");
        yield return Exact("ZRANGEBYSCORE", key, "1", "nan");
        yield return Exact("ZRANGEBYSCORE", key, "1", "2", "LIMIT", "1");
        yield return Exact("ZRANGEBYSCORE", key, "1", "2", "LIMIT", "1", "x");
        yield return Exact("ZRANGEBYSCORE", key, "1", "2", "BYSCORE");
        yield return Exact("ZRANGEBYSCORE", key, "1", "2", "REV");
        yield return Exact("ZRANGEBYSCORE", key, "1", "2", "WITHSCORES", "WITHSCORES", "LIMIT", "0", "1", "LIMIT", "1", "1");
    }

    private static IEnumerable<GeneratedCommand> LexRanges(string key)
    {
        yield return Exact("ZADD", key + "lex", "0", "a", "0", "aa", "0", "ab", "0", "b", "0", "c", "0", "1", "0", "", "0", "d\0x");
        if (key == "big")
        {
            yield return Exact(["ZADD", key + "lex", .. Enumerable.Range(0, 150).SelectMany(i => new object[] { 0, "y" + i })]);
        }
        var lex = key + "lex";
        foreach (var (min, max) in new[] { ("-", "+"), ("[a", "[b"), ("(a", "(b"), ("[a", "(a"), ("[aa", "[aa"), ("[", "[1"), ("(", "+"), ("[b", "[a"), ("+", "-"), ("-", "-"), ("[d", "+"), ("[d\0", "+") })
        {
            yield return Exact("ZRANGEBYLEX", lex, min, max);
            yield return Exact("ZREVRANGEBYLEX", lex, max, min);
            yield return Exact("ZRANGE", lex, min, max, "BYLEX");
            yield return Exact("ZRANGE", lex, max, min, "BYLEX", "REV", "LIMIT", "1", "2");
            yield return Exact("ZLEXCOUNT", lex, min, max);
        }
        foreach (var (offset, count) in new[] { ("0", "2"), ("1", "-1"), ("-1", "2"), ("100", "1"), ("0", "0") })
        {
            yield return Exact("ZRANGEBYLEX", lex, "-", "+", "LIMIT", offset, count);
            yield return Exact("ZREVRANGEBYLEX", lex, "+", "-", "LIMIT", offset, count);
        }
        yield return Exact("ZRANGEBYLEX", lex, "a", "+");
        yield return Exact("ZRANGEBYLEX", lex, "[a", "b");
        yield return Exact("ZRANGEBYLEX", lex, "-", "+", "WITHSCORES");
        yield return Exact("ZRANGEBYLEX", lex, "-", "+", "LIMIT", "0");
    }

    [Fact]
    public Task Rank_ranges_match_redis() => servers.RunAsync("zrange-rank", OnBothEncodings(RankRanges), output);

    [Fact]
    public Task Score_ranges_match_redis() => servers.RunAsync("zrange-score", OnBothEncodings(ScoreRanges), output);

    [Fact]
    public Task Lex_ranges_match_redis() => servers.RunAsync("zrange-lex", OnBothEncodings(LexRanges), output);

    [Fact]
    public Task Ranges_in_resp3_match_redis() => servers.RunAsync("zrange-resp3",
        new[] { Script.On(0, ReplyCheck.Hello, "HELLO", "3") }
            .Concat(OnBothEncodings(key => [
                Exact("ZRANGE", key, "0", "3", "WITHSCORES"),
                Exact("ZRANGE", key, "0", "3"),
                Exact("ZRANGE", key, "5", "1"),
                Exact("ZRANGE", key, "5", "1", "WITHSCORES"),
                Exact("ZRANGEBYSCORE", key, "1", "3", "WITHSCORES", "LIMIT", "1", "10"),
                Exact("ZREVRANGEBYSCORE", key, "3", "1", "WITHSCORES"),
                Exact("ZRANGEBYSCORE", key, "7", "8", "WITHSCORES"),
                Exact("ZRANGE", key, "-", "+", "BYLEX"),
                Exact("ZREVRANGE", key, "0", "1", "WITHSCORES"),
                Exact("ZRANGE", "missing", "0", "-1", "WITHSCORES"),
                Exact("ZRANGESTORE", "dst", key, "0", "2"),
            ]))
            .Append(Script.On(0, ReplyCheck.Hello, "HELLO", "2"))
            .ToList(), output);

    [Fact]
    public Task Zrangestore_matches_redis_including_the_result_encoding() => servers.RunAsync("zrangestore", OnBothEncodings(key => [
        Exact("ZRANGESTORE", "dst", key, "0", "-1"),
        Exact("OBJECT", "ENCODING", "dst"),
        Exact("ZRANGE", "dst", "0", "-1", "WITHSCORES"),
        Exact("ZRANGESTORE", "dst", key, "0", "127"),
        Exact("OBJECT", "ENCODING", "dst"),
        Exact("ZRANGESTORE", "dst", key, "0", "128"),
        Exact("OBJECT", "ENCODING", "dst"),
        Exact("ZRANGESTORE", "dst", key, "-inf", "+inf", "BYSCORE"),
        Exact("OBJECT", "ENCODING", "dst"),
        Exact("ZRANGESTORE", "dst", key, "2", "(5", "BYSCORE", "LIMIT", "1", "3"),
        Exact("ZRANGE", "dst", "0", "-1", "WITHSCORES"),
        Exact("OBJECT", "ENCODING", "dst"),
        Exact("ZRANGESTORE", "dst", key, "5", "2", "BYSCORE", "REV"),
        Exact("ZRANGE", "dst", "0", "-1", "WITHSCORES"),
        Exact("ZRANGESTORE", "dst", key, "[a", "[c", "BYLEX"),
        Exact("ZRANGE", "dst", "0", "-1", "WITHSCORES"),
        Exact("ZRANGESTORE", "dst", key, "0", "-1", "WITHSCORES"),
        Exact("ZRANGESTORE", "dst", key, "7", "8", "BYSCORE"),
        Exact("EXISTS", "dst"),
        Exact("SET", "dst", "string"),
        Exact("EXPIRE", "dst", "100"),
        Exact("ZRANGESTORE", "dst", key, "0", "0"),
        Exact("TYPE", "dst"),
        Exact("TTL", "dst"),
        Exact("ZRANGESTORE", "dst", "missing", "0", "-1"),
        Exact("EXISTS", "dst"),
        Exact("ZRANGESTORE", "dst", key, "x", "1"),
        Exact("ZRANGESTORE", "dst", key, "0"),
        Exact("ZRANGESTORE", key, key, "1", "2"),
        Exact("ZRANGE", key, "0", "-1", "WITHSCORES"),
        Exact("OBJECT", "ENCODING", key),
    ]), output);

    [Fact]
    public Task Range_removals_match_redis() => servers.RunAsync("zremrange", OnBothEncodings(key => [
        Exact("ZREMRANGEBYRANK", key, "5", "2"),
        Exact("ZREMRANGEBYRANK", key, "100", "200"),
        Exact("ZREMRANGEBYRANK", key, "x", "2"),
        Exact("ZREMRANGEBYRANK", key, "0", "0"),
        Exact("ZREMRANGEBYRANK", key, "-2", "-1"),
        Exact("ZRANGE", key, "0", "-1", "WITHSCORES"),
        Exact("ZREMRANGEBYSCORE", key, "(2", "4.5"),
        Exact("ZREMRANGEBYSCORE", key, "100", "200"),
        Exact("ZREMRANGEBYSCORE", key, "x", "1"),
        Exact("ZREMRANGEBYSCORE", key, "5", "2"),
        Exact("ZRANGE", key, "0", "-1", "WITHSCORES"),
        Exact("ZADD", key + "lex", "0", "a", "0", "b", "0", "c", "0", "d"),
        Exact("ZREMRANGEBYLEX", key + "lex", "(a", "[c"),
        Exact("ZREMRANGEBYLEX", key + "lex", "a", "[c"),
        Exact("ZREMRANGEBYLEX", key + "lex", "[x", "[y"),
        Exact("ZRANGE", key + "lex", "0", "-1"),
        Exact("ZREMRANGEBYLEX", key + "lex", "-", "+"),
        Exact("EXISTS", key + "lex"),
        Exact("ZREMRANGEBYSCORE", key, "-inf", "+inf"),
        Exact("EXISTS", key),
        Exact("ZREMRANGEBYRANK", key, "0", "-1"),
        Exact("ZREMRANGEBYRANK", "missing", "0", "-1"),
        Exact("ZREMRANGEBYSCORE", "missing", "x", "1"),
        Exact("ZREMRANGEBYLEX", "missing", "-", "+"),
    ]), output);
}
