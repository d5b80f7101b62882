using Xunit;
using static Basalt.Tests.Server.PropagationStep;

namespace Basalt.Tests.Server;

/// <summary>What string commands write to the AOF, compared with Redis 7.0.15's INCR file.</summary>
public sealed class PropagationStringTests(RedisAofServer redis) : IClassFixture<RedisAofServer>
{
    private Task AssertSame(params PropagationStep[] script) => PropagationComparison.AssertSameAsync(redis, script);

    [Fact]
    public Task Set_is_logged_as_called_and_a_refused_set_is_not() => AssertSame(
        Cmd("SET", "k", "v"),
        Cmd("SET", "k", "w", "NX"),
        Cmd("SET", "k", "w", "XX"),
        Cmd("SET", "n", "w", "XX"),
        Cmd("SET", "k", "x", "KEEPTTL"),
        Cmd("SETNX", "k", "y"),
        Cmd("SETNX", "k2", "y"));

    [Fact]
    public Task Set_with_a_relative_or_absolute_expiry_becomes_set_pxat() => AssertSame(
        Cmd("SET", "a", "1", "EX", "100"),
        Cmd("SET", "b", "2", "px", "100000", "NX"),
        Cmd("SET", "c", "3", "EXAT", "4000000000"),
        Cmd("SET", "d", "4", "PXAT", "4000000000123"),
        Cmd("SET", "a", "5", "XX", "EX", "50", "GET"),
        Cmd("SETEX", "e", "100", "5"),
        Cmd("PSETEX", "f", "100000", "6"));

    [Fact]
    public Task Set_with_get_drops_the_get_tokens() => AssertSame(
        Cmd("SET", "k", "v", "GET"),
        Cmd("SET", "k", "w", "get", "XX"),
        Cmd("SET", "k", "x", "KEEPTTL", "GET"),
        Cmd("SET", "k", "y", "NX", "GET"));

    [Fact]
    public Task Getex_becomes_pexpireat_persist_or_del() => AssertSame(
        Cmd("SET", "k", "v"),
        Cmd("GETEX", "k"),
        Cmd("GETEX", "k", "EX", "100"),
        Cmd("GETEX", "k", "PX", "100000"),
        Cmd("GETEX", "k", "EXAT", "4000000000"),
        Cmd("GETEX", "k", "PXAT", "4000000000123"),
        Cmd("GETEX", "k", "PERSIST"),
        Cmd("GETEX", "k", "PERSIST"),
        Cmd("GETEX", "missing", "EX", "100"),
        Cmd("GETEX", "k", "PXAT", "1000"),
        Cmd("SET", "k", "v"),
        Cmd("GETEX", "k", "EXAT", "1"));

    [Fact]
    public Task Getex_of_a_past_time_is_unlink_with_lazyfree_lazy_expire() => AssertSame(
        Cmd("CONFIG", "SET", "lazyfree-lazy-expire", "yes"),
        Cmd("SET", "k", "v"),
        Cmd("GETEX", "k", "PXAT", "1000"),
        Cmd("CONFIG", "SET", "lazyfree-lazy-expire", "no"));

    [Fact]
    public Task Getdel_becomes_del_or_unlink_and_getset_becomes_set() => AssertSame(
        Cmd("SET", "k", "v"),
        Cmd("GETSET", "k", "w"),
        Cmd("GETSET", "n", "w"),
        Cmd("GETDEL", "k"),
        Cmd("GETDEL", "k"),
        Cmd("CONFIG", "SET", "lazyfree-lazy-user-del", "yes"),
        Cmd("GETDEL", "n"),
        Cmd("CONFIG", "SET", "lazyfree-lazy-user-del", "no"));

    [Fact]
    public Task Incrbyfloat_becomes_set_keepttl_with_the_result() => AssertSame(
        Cmd("INCRBYFLOAT", "f", "1.5"),
        Cmd("INCRBYFLOAT", "f", "0.1"),
        Cmd("SET", "g", "10", "EX", "100"),
        Cmd("INCRBYFLOAT", "g", "5.0e3"),
        Cmd("INCRBYFLOAT", "f", "abc"));

    [Fact]
    public Task Counters_and_multi_key_writes_are_logged_as_called() => AssertSame(
        Cmd("INCR", "i"),
        Cmd("INCRBY", "i", "5"),
        Cmd("DECR", "i"),
        Cmd("DECRBY", "i", "2"),
        Cmd("APPEND", "s", "abc"),
        Cmd("SETRANGE", "s", "1", "x"),
        Cmd("SETRANGE", "s", "1", ""),
        Cmd("MSET", "a", "1", "b", "2"),
        Cmd("MSETNX", "a", "1", "c", "3"),
        Cmd("MSETNX", "d", "1", "e", "3"),
        Cmd("SETBIT", "bits", "7", "1"),
        Cmd("SETBIT", "bits", "7", "1"),
        Cmd("BITOP", "OR", "dest", "bits", "s"));
}
