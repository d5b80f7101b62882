using Xunit;
using static Basalt.Tests.Server.PropagationStep;

namespace Basalt.Tests.Server;

/// <summary>What sorted set commands, blocking ones included, write to the AOF, compared with Redis 7.0.15's INCR file.</summary>
public sealed class PropagationSortedSetTests(RedisAofServer redis) : IClassFixture<RedisAofServer>
{
    private Task AssertSame(params PropagationStep[] script) => PropagationComparison.AssertSameAsync(redis, script);

    [Fact]
    public Task Sorted_set_writes_and_pops_are_logged_as_called() => AssertSame(
        Cmd("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"),
        Cmd("ZADD", "z", "NX", "1", "a"),
        Cmd("ZADD", "z", "INCR", "1.5", "a"),
        Cmd("ZINCRBY", "z", "1", "b"),
        Cmd("ZREM", "z", "x"),
        Cmd("ZPOPMIN", "z"),
        Cmd("ZPOPMAX", "z", "10"),
        Cmd("ZPOPMIN", "z", "0"),
        Cmd("ZPOPMIN", "missing"),
        Cmd("ZADD", "y", "1", "a", "2", "b"),
        Cmd("ZUNIONSTORE", "u", "2", "y", "missing"),
        Cmd("ZRANGESTORE", "r", "y", "0", "-1"),
        Cmd("ZREMRANGEBYSCORE", "y", "5", "10"),
        Cmd("ZREMRANGEBYRANK", "y", "0", "0"));

    [Fact]
    public Task Zmpop_becomes_a_pop_with_the_number_taken() => AssertSame(
        Cmd("ZADD", "z", "1", "a", "2", "b", "3", "c"),
        Cmd("ZMPOP", "2", "missing", "z", "MIN"),
        Cmd("ZMPOP", "1", "z", "MAX", "COUNT", "10"),
        Cmd("ZMPOP", "1", "z", "MAX", "COUNT", "10"));

    [Fact]
    public Task Blocking_pops_that_find_members_become_their_non_blocking_forms() => AssertSame(
        Cmd("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"),
        Cmd("BZPOPMIN", "missing", "z", "0"),
        Cmd("BZPOPMAX", "z", "0"),
        Cmd("BZMPOP", "0", "1", "z", "MIN", "COUNT", "5"),
        Cmd("MULTI"),
        Cmd("BZPOPMIN", "z", "0"),
        Cmd("EXEC"));

    [Fact]
    public Task Served_blocked_pops_are_logged_after_the_write_as_non_blocking_pops() => AssertSame(
        Blocking(1, "BZPOPMIN", "z", "0"),
        Blocking(2, "BZPOPMAX", "other", "z", "0"),
        Blocking(3, "BZMPOP", "0", "1", "z", "MAX", "COUNT", "5"),
        Cmd("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"));
}
