using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// OBJECT ENCODING of sorted sets as Redis 7.0 reports it: listpack up to
/// zset-max-listpack-entries members of at most zset-max-listpack-value bytes, then skiplist
/// for good; COPY keeps the encoding; results built whole start small again.
/// </summary>
public sealed class SortedSetEncodingTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static object[] Members(string key, int from, int count) =>
        ["ZADD", key, .. Enumerable.Range(from, count).SelectMany(i => new object[] { i, "m" + i })];

    [Fact]
    public Task Encoding_transitions_match_redis() => servers.RunAsync("zset-encoding", [
        Exact(Members("z", 0, 128)),
        Exact("OBJECT", "ENCODING", "z"),
        Exact("ZADD", "z", "5", "m5"),
        Exact("ZADD", "z", "XX", "1", "m128"),
        Exact("OBJECT", "ENCODING", "z"),
        Exact("ZADD", "z", "1", "m128"),
        Exact("OBJECT", "ENCODING", "z"),
        Exact("ZREMRANGEBYRANK", "z", "0", "-3"),
        Exact("OBJECT", "ENCODING", "z"),
        Exact("ZRANGE", "z", "0", "-1", "WITHSCORES"),
        Exact("ZADD", "v", "1", new string('x', 64)),
        Exact("OBJECT", "ENCODING", "v"),
        Exact("ZADD", "v", "2", new string('y', 65)),
        Exact("OBJECT", "ENCODING", "v"),
        Exact("ZADD", "w", "1", new string('y', 65), "2", "short"),
        Exact("OBJECT", "ENCODING", "w"),
        Exact("ZADD", "w2", "1", "short", "2", new string('y', 65)),
        Exact("OBJECT", "ENCODING", "w2"),
        Exact("ZINCRBY", "w3", "1", new string('y', 65)),
        Exact("OBJECT", "ENCODING", "w3"),
        Exact("COPY", "z", "zcopy"),
        Exact("OBJECT", "ENCODING", "zcopy"),
        Exact("ZRANGE", "zcopy", "0", "-1", "WITHSCORES"),
        Exact("COPY", "v", "vcopy"),
        Exact("OBJECT", "ENCODING", "vcopy"),
        Exact("ZUNIONSTORE", "u", "1", "z"),
        Exact("OBJECT", "ENCODING", "u"),
        Exact("ZRANGESTORE", "r", "z", "0", "-1"),
        Exact("OBJECT", "ENCODING", "r"),
        Exact("CONFIG", "SET", "zset-max-listpack-entries", "0"),
        Exact("ZADD", "zero", "1", "a"),
        Exact("OBJECT", "ENCODING", "zero"),
        Exact("ZUNIONSTORE", "u0", "1", "zero"),
        Exact("OBJECT", "ENCODING", "u0"),
        Exact("ZRANGESTORE", "r0", "zero", "0", "-1"),
        Exact("OBJECT", "ENCODING", "r0"),
        Exact("CONFIG", "SET", "zset-max-listpack-entries", "3"),
        Exact("CONFIG", "SET", "zset-max-ziplist-value", "4"),
        Exact("CONFIG", "GET", "zset-max-listpack-value"),
        Exact("ZADD", "c", "1", "a", "2", "b", "3", "c"),
        Exact("OBJECT", "ENCODING", "c"),
        Exact("ZADD", "c", "4", "d"),
        Exact("OBJECT", "ENCODING", "c"),
        Exact("ZADD", "c2", "1", "abcd"),
        Exact("OBJECT", "ENCODING", "c2"),
        Exact("ZADD", "c2", "1", "abcde"),
        Exact("OBJECT", "ENCODING", "c2"),
        Exact("ZRANGESTORE", "c3", "c", "0", "2"),
        Exact("OBJECT", "ENCODING", "c3"),
        Exact("ZRANGESTORE", "c3", "c", "0", "3"),
        Exact("OBJECT", "ENCODING", "c3"),
        Exact("ZRANGESTORE", "c3", "c", "0", "10", "BYSCORE"),
        Exact("OBJECT", "ENCODING", "c3"),
        Exact("CONFIG", "SET", "zset-max-listpack-entries", "128"),
        Exact("CONFIG", "SET", "zset-max-listpack-value", "64"),
        Exact("TYPE", "c"),
        Exact("ZADD", "e", "1", "a"),
        Exact("ZPOPMIN", "e"),
        Exact("EXISTS", "e"),
        Exact("TYPE", "e"),
    ], output);
}
