using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS, SMOVE, SPOP, SRANDMEMBER, SSCAN against
/// redis-server. Intsets reply in ascending order, so replies on them compare exactly; replies
/// listing a hashtable set compare as unordered.
/// </summary>
public sealed class SetCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static GeneratedCommand Unordered(params object[] args) => Script.On(0, ReplyCheck.Unordered, args);

    private static object[] Command(string name, string key, IEnumerable<object> members) => [name, key, .. members];

    [Fact]
    public Task Membership_commands_match_redis() => servers.RunAsync("set-membership", [
        Exact("SADD", "s"),
        Exact("SADD", "s", "3", "1", "2", "2", "-7", "9223372036854775807", "-9223372036854775808"),
        Exact("SMEMBERS", "s"),
        Exact("OBJECT", "ENCODING", "s"),
        Exact("SCARD", "s"),
        Exact("SADD", "s", "1", "3"),
        Exact("SISMEMBER", "s", "1"),
        Exact("SISMEMBER", "s", "01"),
        Exact("SISMEMBER", "s", "+1"),
        Exact("SISMEMBER", "s", "x"),
        Exact("SISMEMBER", "missing", "1"),
        Exact("SMISMEMBER", "s", "1", "x", "2", "1"),
        Exact("SMISMEMBER", "missing", "1", "2"),
        Exact("SMISMEMBER", "s"),
        Exact("SREM", "s", "1", "1", "nope", "01", "x"),
        Exact("SREM", "missing", "1"),
        Exact("SMEMBERS", "s"),
        Exact("SMEMBERS", "missing"),
        Exact("SCARD", "missing"),
        Exact("SREM", "s", "2", "3", "-7", "9223372036854775807", "-9223372036854775808", "more"),
        Exact("EXISTS", "s"),
        Exact("SADD", "t", "a", "1", "b"),
        Exact("OBJECT", "ENCODING", "t"),
        Unordered("SMEMBERS", "t"),
        Exact("SISMEMBER", "t", "1"),
        Exact("SISMEMBER", "t", "01"),
        Exact("SMISMEMBER", "t", "a", "b", "c"),
        Exact("SREM", "t", "1", "a"),
        Exact("SMEMBERS", "t"),
        Exact("SADD", "t", ""),
        Exact("SISMEMBER", "t", ""),
        Exact("SCARD", "t"),
        Exact("SADD"),
        Exact("SADD", "t"),
        Exact("SREM", "t"),
        Exact("SCARD", "t", "u"),
        Exact("SISMEMBER", "t"),
        Exact("SMEMBERS", "t", "u"),
    ], output);

    [Fact]
    public Task Intset_becomes_hashtable_where_redis_converts_it() => servers.RunAsync("set-encoding", [
        Exact(Command("SADD", "i", Enumerable.Range(0, 512).Select(i => (object)i))),
        Exact("OBJECT", "ENCODING", "i"),
        Exact("SMEMBERS", "i"),
        Exact("SADD", "i", "511"),
        Exact("OBJECT", "ENCODING", "i"),
        Exact("SADD", "i", "512"),
        Exact("OBJECT", "ENCODING", "i"),
        Exact("SREM", "i", "512", "511"),
        Exact("OBJECT", "ENCODING", "i"),
        Exact("SADD", "j", "1", "2"),
        Exact("SADD", "j", "1.5"),
        Exact("OBJECT", "ENCODING", "j"),
        Exact("SADD", "k", "abc"),
        Exact("OBJECT", "ENCODING", "k"),
        Exact("SADD", "l", "-9223372036854775809"),
        Exact("OBJECT", "ENCODING", "l"),
        Exact("CONFIG", "SET", "set-max-intset-entries", "2"),
        Exact("SADD", "m", "1", "2"),
        Exact("OBJECT", "ENCODING", "m"),
        Exact("SADD", "m", "3"),
        Exact("OBJECT", "ENCODING", "m"),
        Exact("CONFIG", "SET", "set-max-intset-entries", "0"),
        Exact("SADD", "n", "1"),
        Exact("OBJECT", "ENCODING", "n"),
        Exact("CONFIG", "SET", "set-max-intset-entries", "512"),
        Exact("COPY", "i", "i2"),
        Exact("OBJECT", "ENCODING", "i2"),
        Exact("SCARD", "i2"),
        Exact("SMOVE", "j", "n2", "1"),
        Exact("OBJECT", "ENCODING", "n2"),
        Exact("SMOVE", "j", "n3", "1.5"),
        Exact("OBJECT", "ENCODING", "n3"),
        Exact("TYPE", "i"),
    ], output);

    [Fact]
    public Task Smove_matches_redis() => servers.RunAsync("smove", [
        Exact("SADD", "a", "1", "2", "x"),
        Exact("SADD", "b", "2"),
        Exact("SET", "str", "v"),
        Exact("SMOVE", "a", "b", "1"),
        Exact("SMOVE", "a", "b", "2"),
        Exact("SMOVE", "a", "b", "nope"),
        Exact("SMOVE", "missing", "b", "1"),
        Exact("SMOVE", "missing", "str", "1"),
        Exact("SMOVE", "a", "str", "x"),
        Exact("SMOVE", "str", "a", "x"),
        Exact("SMOVE", "a", "a", "x"),
        Exact("SMOVE", "a", "a", "nope"),
        Exact("SMOVE", "a", "c", "x"),
        Exact("EXISTS", "a"),
        Exact("SMEMBERS", "b"),
        Exact("SMEMBERS", "c"),
        Exact("OBJECT", "ENCODING", "c"),
        Exact("SMOVE", "a"),
    ], output);

    [Fact]
    public Task Spop_and_srandmember_arguments_match_redis() => servers.RunAsync("spop-args", [
        Exact("SADD", "s", "1", "2", "3"),
        Exact("SPOP", "s", "0"),
        Exact("SPOP", "s", "-1"),
        Exact("SPOP", "s", "abc"),
        Exact("SPOP", "s", "1", "2"),
        Exact("SPOP", "missing"),
        Exact("SPOP", "missing", "3"),
        Exact("SPOP", "missing", "0"),
        Exact("SRANDMEMBER", "missing"),
        Exact("SRANDMEMBER", "missing", "5"),
        Exact("SRANDMEMBER", "missing", "-5"),
        Exact("SRANDMEMBER", "s", "0"),
        Exact("SRANDMEMBER", "s", "1", "2"),
        Exact("SRANDMEMBER", "s", "abc"),
        Exact("SRANDMEMBER", "s", "-9223372036854775808"),
        Exact("SRANDMEMBER", "s", "9223372036854775808"),
        Exact("SRANDMEMBER", "s", "3"),
        Exact("SRANDMEMBER", "s", "100"),
        Exact("SPOP", "s", "3"),
        Exact("EXISTS", "s"),
        Exact("SADD", "s", "7"),
        Exact("SRANDMEMBER", "s"),
        Exact("SRANDMEMBER", "s", "-4"),
        Exact("SPOP", "s"),
        Exact("EXISTS", "s"),
        Exact("SADD", "t", "1", "2", "3", "4"),
        Exact("SPOP", "t", "9"),
        Exact("SADD", "t", "x", "y"),
        Unordered("SPOP", "t", "2"),
        Exact("EXISTS", "t"),
    ], output);

    [Fact]
    public Task Sscan_matches_redis() => servers.RunAsync("sscan", [
        Exact("SADD", "s", "5", "10", "15", "150", "-1"),
        Exact("SSCAN", "s", "0"),
        Exact("SSCAN", "s", "0", "COUNT", "1"),
        Exact("SSCAN", "s", "0", "MATCH", "1*"),
        Exact("SSCAN", "s", "0", "MATCH", "*", "COUNT", "100"),
        Exact("SSCAN", "s", "0", "COUNT", "0"),
        Exact("SSCAN", "s", "0", "COUNT", "-1"),
        Exact("SSCAN", "s", "0", "COUNT", "x"),
        Exact("SSCAN", "s", "0", "MATCH"),
        Exact("SSCAN", "s", "0", "TYPE", "set"),
        Exact("SSCAN", "s", "abc"),
        Exact("SSCAN", "s", "-1", "COUNT", "x"),
        Exact("SSCAN", "missing", "0"),
        Exact("SSCAN", "missing", "0", "COUNT", "0"),
        Exact("SSCAN", "missing", "x"),
        Exact("SADD", "t", "alpha"),
        Exact("SSCAN", "t", "0", "MATCH", "a*"),
        Exact("SSCAN", "t", "0", "MATCH", "b*"),
        Exact("SSCAN"),
        Exact("SSCAN", "t"),
    ], output);

    [Fact]
    public Task Set_commands_refuse_keys_of_other_types() => servers.RunAsync("set-wrongtype", [
        Exact("SET", "str", "v"),
        Exact("ZADD", "z", "1", "a"),
        Exact("SADD", "str", "a"),
        Exact("SREM", "str", "a"),
        Exact("SCARD", "str"),
        Exact("SISMEMBER", "str", "a"),
        Exact("SMISMEMBER", "z", "a"),
        Exact("SMEMBERS", "z"),
        Exact("SPOP", "str"),
        Exact("SPOP", "z", "2"),
        Exact("SPOP", "z", "-2"),
        Exact("SRANDMEMBER", "str"),
        Exact("SRANDMEMBER", "z", "2"),
        Exact("SSCAN", "str", "0"),
        Exact("SSCAN", "str", "x"),
        Exact("SADD", "s", "a"),
        Exact("SMOVE", "s", "str", "a"),
        Exact("SMOVE", "str", "s", "a"),
        Exact("SMEMBERS", "s"),
        Exact("GET", "s"),
        Exact("TYPE", "s"),
    ], output);

    [Fact]
    public Task Set_replies_in_resp3_match_redis() => servers.RunAsync("set-resp3", [
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Exact("SADD", "s", "3", "1", "2"),
        Exact("SMEMBERS", "s"),
        Exact("SMEMBERS", "missing"),
        Exact("SPOP", "missing"),
        Exact("SPOP", "missing", "2"),
        Exact("SPOP", "s", "0"),
        Exact("SRANDMEMBER", "missing"),
        Exact("SRANDMEMBER", "s", "5"),
        Exact("SRANDMEMBER", "s", "0"),
        Exact("SMISMEMBER", "s", "1", "9"),
        Exact("SISMEMBER", "s", "1"),
        Exact("SINTER", "s", "missing"),
        Exact("SINTER", "s", "s"),
        Exact("SUNION", "s", "missing"),
        Exact("SDIFF", "s", "missing"),
        Exact("SSCAN", "s", "0"),
        Exact("SPOP", "s", "5"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
    ], output);

    [Fact]
    public Task Members_of_100_kilobytes_match_redis()
    {
        var big = new string('m', 100 * 1024);
        var big2 = new string('n', 100 * 1024) + "1";
        return servers.RunAsync("set-large", [
            Exact("SADD", "s", big, "1", big2),
            Exact("SISMEMBER", "s", big),
            Exact("SCARD", "s"),
            Unordered("SMEMBERS", "s"),
            Exact("SREM", "s", big),
            Unordered("SMEMBERS", "s"),
            Exact("SMOVE", "s", "t", big2),
            Exact("SMEMBERS", "t"),
            Exact("SPOP", "t"),
            Exact("EXISTS", "t"),
        ], output);
    }
}
