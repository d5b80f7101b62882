using Xunit;
using static Basalt.Tests.Server.PropagationStep;

namespace Basalt.Tests.Server;

/// <summary>What BITFIELD and BITFIELD_RO write to the AOF, compared with Redis 7.0.15's INCR file.</summary>
public sealed class PropagationBitFieldTests(RedisAofServer redis) : IClassFixture<RedisAofServer>
{
    private Task AssertSame(params PropagationStep[] script) => PropagationComparison.AssertSameAsync(redis, script);

    [Fact]
    public Task A_write_that_changes_the_key_is_logged_as_called() => AssertSame(
        Cmd("BITFIELD", "k", "SET", "u8", "0", "255", "GET", "i8", "0"),
        Cmd("BITFIELD", "k", "INCRBY", "u8", "0", "1", "OVERFLOW", "SAT", "INCRBY", "i4", "#3", "100", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "9"),
        Cmd("bitfield", "k", "overflow", "wrap", "set", "i64", "3", "-1"),
        Cmd("SET", "n", "12"),
        Cmd("BITFIELD", "n", "SET", "u8", "8", "50"));

    [Fact]
    public Task Reads_unchanged_values_failed_writes_and_errors_are_not_logged() => AssertSame(
        Cmd("BITFIELD", "k", "GET", "u8", "0"),
        Cmd("BITFIELD", "k"),
        Cmd("BITFIELD_RO", "k", "GET", "u8", "0"),
        Cmd("BITFIELD", "k", "SET", "u8", "0", "1"),
        Cmd("BITFIELD", "k", "SET", "u8", "0", "1", "GET", "u8", "0"),
        Cmd("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000"),
        Cmd("BITFIELD", "k", "SET", "u8", "0", "2", "SET", "u8", "0", "x"),
        Cmd("BITFIELD_RO", "k", "SET", "u8", "0", "2"),
        Cmd("RPUSH", "l", "a"),
        Cmd("BITFIELD", "l", "SET", "u8", "0", "2"),
        // A key created, or a string grown, by writes that all failed: Redis logs nothing.
        Cmd("BITFIELD", "created", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "10"),
        Cmd("BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u8", "100", "1000"),
        Cmd("BITFIELD", "k", "GET", "u8", "100"));

    [Fact]
    public Task Growing_the_string_is_a_change_even_with_the_same_bits() => AssertSame(
        Cmd("BITFIELD", "k", "SET", "u8", "0", "0"),
        Cmd("BITFIELD", "k", "SET", "u8", "0", "0"),
        Cmd("BITFIELD", "k", "SET", "u8", "64", "0"),
        Cmd("BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u8", "200", "1000", "SET", "u8", "0", "0"));

    [Fact]
    public Task Inside_a_transaction_only_the_changing_calls_are_logged() => AssertSame(
        Cmd("MULTI"),
        Cmd("BITFIELD", "k", "SET", "u8", "0", "1"),
        Cmd("BITFIELD", "k", "SET", "u8", "0", "1"),
        Cmd("BITFIELD_RO", "k", "GET", "u8", "0"),
        Cmd("BITFIELD", "k", "INCRBY", "u8", "0", "1"),
        Cmd("EXEC"));
}
