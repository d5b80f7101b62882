using Xunit;
using static Basalt.Tests.Server.PropagationStep;

namespace Basalt.Tests.Server;

/// <summary>What the expiry commands write to the AOF, compared with Redis 7.0.15's INCR file.</summary>
public sealed class PropagationExpireTests(RedisAofServer redis) : IClassFixture<RedisAofServer>
{
    private Task AssertSame(params PropagationStep[] script) => PropagationComparison.AssertSameAsync(redis, script);

    [Fact]
    public Task Relative_and_second_expiries_become_pexpireat_with_their_option() => AssertSame(
        Cmd("SET", "k", "v"),
        Cmd("EXPIRE", "k", "100"),
        Cmd("pexpire", "k", "200000", "GT"),
        Cmd("EXPIREAT", "k", "4000000000", "XX"),
        Cmd("PEXPIREAT", "k", "4000000000123"),
        Cmd("pexpireat", "k", "4000000000124", "gt"),
        Cmd("EXPIRE", "k", "100", "NX"),
        Cmd("EXPIRE", "missing", "100"),
        Cmd("PERSIST", "k"),
        Cmd("PERSIST", "k"));

    [Fact]
    public Task An_expiry_already_past_becomes_del() => AssertSame(
        Cmd("SET", "a", "v"),
        Cmd("SET", "b", "v"),
        Cmd("SET", "c", "v"),
        Cmd("SET", "d", "v"),
        Cmd("EXPIRE", "a", "-1"),
        Cmd("PEXPIRE", "b", "0"),
        Cmd("EXPIREAT", "c", "1"),
        Cmd("PEXPIREAT", "d", "1000"));

    [Fact]
    public Task An_expiry_already_past_becomes_unlink_with_lazyfree_lazy_expire() => AssertSame(
        Cmd("CONFIG", "SET", "lazyfree-lazy-expire", "yes"),
        Cmd("SET", "a", "v"),
        Cmd("EXPIRE", "a", "-1"),
        Cmd("CONFIG", "SET", "lazyfree-lazy-expire", "no"));

    [Fact]
    public Task Expiries_inside_a_transaction_are_rewritten_in_it() => AssertSame(
        Cmd("MULTI"),
        Cmd("SET", "k", "v", "EX", "100"),
        Cmd("EXPIRE", "k", "50"),
        Cmd("GET", "k"),
        Cmd("EXPIRE", "k", "-5"),
        Cmd("EXEC"));
}
