using Xunit;
using static Basalt.Tests.Server.PropagationStep;

namespace Basalt.Tests.Server;

/// <summary>
/// What the HyperLogLog commands write to the AOF, compared with Redis 7.0.15's INCR file: PFADD
/// when a register changed, PFMERGE always, PFCOUNT (read-only as it is) when it refreshed a key's
/// cached cardinality, PFDEBUG GETREG and TODENSE when they turned a value dense.
/// </summary>
public sealed class PropagationHyperLogLogTests(RedisAofServer redis) : IClassFixture<RedisAofServer>
{
    private Task AssertSame(params PropagationStep[] script) => PropagationComparison.AssertSameAsync(redis, script);

    [Fact]
    public Task Pfadd_is_logged_only_when_it_changed_the_value() => AssertSame(
        Cmd("PFADD", "h", "a", "b", "c"),
        Cmd("PFADD", "h", "a", "b"),
        Cmd("PFADD", "h", "a", "d"),
        Cmd("PFADD", "h"),
        Cmd("PFADD", "new"),
        Cmd("PFADD", "new"),
        Cmd("SET", "s", "x"),
        Cmd("PFADD", "s", "a"));

    [Fact]
    public Task Pfcount_is_logged_when_it_refreshes_the_cache() => AssertSame(
        Cmd("PFADD", "h", "a", "b", "c"),
        Cmd("PFCOUNT", "h"),
        Cmd("PFCOUNT", "h"),
        Cmd("PFCOUNT", "missing"),
        Cmd("PFADD", "g", "x"),
        Cmd("PFCOUNT", "h", "g"),
        Cmd("PFCOUNT", "g", "missing"),
        Cmd("PFADD", "h", "z"),
        Cmd("pfcount", "h"));

    [Fact]
    public Task Pfmerge_is_always_logged() => AssertSame(
        Cmd("PFADD", "a", "1", "2"),
        Cmd("PFADD", "b", "3"),
        Cmd("PFMERGE", "dst", "a", "b"),
        Cmd("PFMERGE", "dst", "a", "b"),
        Cmd("PFMERGE", "empty"),
        Cmd("PFMERGE", "empty2", "missing"),
        Cmd("SET", "s", "x"),
        Cmd("PFMERGE", "dst", "s"));

    [Fact]
    public Task Pfdebug_is_logged_when_it_turns_a_value_dense() => AssertSame(
        Cmd("PFADD", "a", "1", "2"),
        Cmd("PFADD", "b", "1", "2"),
        Cmd("PFDEBUG", "ENCODING", "a"),
        Cmd("PFDEBUG", "DECODE", "a"),
        Cmd("PFDEBUG", "TODENSE", "a"),
        Cmd("PFDEBUG", "TODENSE", "a"),
        Cmd("PFDEBUG", "GETREG", "b"),
        Cmd("PFDEBUG", "GETREG", "b"),
        Cmd("PFDEBUG", "NOSUCH", "b"),
        Cmd("PFDEBUG", "TODENSE", "missing"));

    [Fact]
    public Task Corrupt_values_and_transactions_log_as_in_redis() => AssertSame(
        Cmd("PFADD", "h", "a", "b", "c"),
        Cmd("APPEND", "h", "hello"),
        Cmd("PFCOUNT", "h"),
        Cmd("PFADD", "h", "x", "y"),
        Cmd("PFMERGE", "dst", "h"),
        Cmd("MULTI"),
        Cmd("PFADD", "t", "a"),
        Cmd("PFCOUNT", "t"),
        Cmd("PFCOUNT", "t"),
        Cmd("EXEC"),
        Cmd("MULTI"),
        Cmd("PFADD", "t", "a"),
        Cmd("PFCOUNT", "t"),
        Cmd("EXEC"));
}
