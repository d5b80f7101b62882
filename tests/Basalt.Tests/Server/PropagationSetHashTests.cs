using Xunit;
using static Basalt.Tests.Server.PropagationStep;

namespace Basalt.Tests.Server;

/// <summary>What set and hash commands write to the AOF, compared with Redis 7.0.15's INCR file.</summary>
public sealed class PropagationSetHashTests(RedisAofServer redis) : IClassFixture<RedisAofServer>
{
    private static readonly string[] Members = ["a", "b", "c", "d", "e", "f", "g", "h", "1", "2", "3"];

    private Task AssertSame(params PropagationStep[] script) => PropagationComparison.AssertSameAsync(redis, script, Members);

    [Fact]
    public Task Spop_becomes_srem_of_the_member_taken() => AssertSame(
        Cmd("SADD", "s", "a", "b", "c"),
        Cmd("SPOP", "s"),
        Cmd("SPOP", "s"),
        Cmd("SPOP", "s"),
        Cmd("SPOP", "s"),
        Cmd("SADD", "i", "1"),
        Cmd("SPOP", "i"));

    [Fact]
    public Task Spop_with_a_count_becomes_srems_in_a_transaction_or_a_del_when_it_takes_all() => AssertSame(
        Cmd("SADD", "s", "a", "b", "c", "d", "e", "f", "g", "h"),
        Cmd("SPOP", "s", "0"),
        Cmd("SPOP", "s", "1"),
        Cmd("SPOP", "s", "2"),
        Cmd("SPOP", "s", "4"),
        Cmd("SPOP", "s", "1"),
        Cmd("SADD", "i", "1", "2", "3"),
        Cmd("SPOP", "i", "3"),
        Cmd("SPOP", "missing", "3"));

    [Fact]
    public Task Srandmember_is_not_logged_and_set_writes_are_logged_as_called() => AssertSame(
        Cmd("SADD", "s", "a", "b", "c"),
        Cmd("SADD", "s", "a"),
        Cmd("SRANDMEMBER", "s"),
        Cmd("SRANDMEMBER", "s", "-5"),
        Cmd("SREM", "s", "a", "x"),
        Cmd("SMOVE", "s", "t", "b"),
        Cmd("SMOVE", "s", "t", "x"),
        Cmd("SINTERSTORE", "u", "s", "t"),
        Cmd("SUNIONSTORE", "u", "s", "t"),
        Cmd("SDIFFSTORE", "u", "missing"));

    [Fact]
    public Task Hincrbyfloat_becomes_hset_of_the_result() => AssertSame(
        Cmd("HINCRBYFLOAT", "h", "f", "1.5"),
        Cmd("HINCRBYFLOAT", "h", "f", "2.0e2"),
        Cmd("HINCRBYFLOAT", "h", "f", "x"),
        Cmd("HSET", "h", "g", "1"),
        Cmd("HINCRBYFLOAT", "h", "g", "0.25"));

    [Fact]
    public Task Hash_writes_are_logged_as_called() => AssertSame(
        Cmd("HSET", "h", "f", "1", "g", "2"),
        Cmd("HSET", "h", "f", "1"),
        Cmd("HMSET", "h", "f", "3"),
        Cmd("HSETNX", "h", "f", "4"),
        Cmd("HSETNX", "h", "n", "4"),
        Cmd("HINCRBY", "h", "f", "10"),
        Cmd("HDEL", "h", "x"),
        Cmd("HDEL", "h", "f", "g"),
        Cmd("HRANDFIELD", "h", "2"));
}
