using Xunit;
using static Basalt.Tests.Server.PropagationStep;

namespace Basalt.Tests.Server;

/// <summary>What list commands, blocking ones included, write to the AOF, compared with Redis 7.0.15's INCR file.</summary>
public sealed class PropagationListTests(RedisAofServer redis) : IClassFixture<RedisAofServer>
{
    private Task AssertSame(params PropagationStep[] script) => PropagationComparison.AssertSameAsync(redis, script);

    [Fact]
    public Task List_writes_are_logged_as_called() => AssertSame(
        Cmd("RPUSH", "l", "a", "b", "c", "d", "e"),
        Cmd("LPUSHX", "missing", "a"),
        Cmd("LPOP", "l"),
        Cmd("RPOP", "l", "2"),
        Cmd("LSET", "l", "0", "x"),
        Cmd("LINSERT", "l", "BEFORE", "x", "y"),
        Cmd("LINSERT", "l", "BEFORE", "nothere", "y"),
        Cmd("LREM", "l", "0", "nothere"),
        Cmd("LREM", "l", "0", "y"),
        Cmd("LTRIM", "l", "0", "-1"),
        Cmd("LMOVE", "l", "m", "left", "RIGHT"),
        Cmd("RPOPLPUSH", "m", "m"),
        Cmd("RPOPLPUSH", "empty", "m"),
        Cmd("LPOP", "empty"));

    [Fact]
    public Task Lmpop_becomes_a_pop_of_what_it_took() => AssertSame(
        Cmd("RPUSH", "l", "a", "b", "c"),
        Cmd("LMPOP", "2", "missing", "l", "LEFT"),
        Cmd("LMPOP", "1", "l", "RIGHT", "COUNT", "10"),
        Cmd("LMPOP", "1", "l", "RIGHT", "COUNT", "10"));

    [Fact]
    public Task Blocking_pops_that_find_elements_become_their_non_blocking_forms() => AssertSame(
        Cmd("RPUSH", "l", "a", "b", "c", "d", "e", "f"),
        Cmd("BLPOP", "missing", "l", "0"),
        Cmd("BRPOP", "l", "0"),
        Cmd("BLMPOP", "0", "1", "l", "LEFT", "COUNT", "2"),
        Cmd("blmove", "l", "m", "left", "right", "0"),
        Cmd("BRPOPLPUSH", "l", "m", "0"),
        Cmd("BLMPOP", "0", "1", "m", "RIGHT", "COUNT", "5"));

    [Fact]
    public Task Blocking_pops_in_a_transaction_pop_or_answer_at_once() => AssertSame(
        Cmd("RPUSH", "l", "a", "b"),
        Cmd("MULTI"),
        Cmd("BLPOP", "l", "0"),
        Cmd("BLPOP", "empty", "0"),
        Cmd("BLMOVE", "l", "m", "RIGHT", "LEFT", "0"),
        Cmd("EXEC"));

    [Fact]
    public Task Served_blocked_pops_are_logged_after_the_push_as_non_blocking_pops() => AssertSame(
        Blocking(1, "BLPOP", "l", "0"),
        Blocking(2, "BRPOP", "other", "l", "0"),
        Blocking(3, "BLMPOP", "0", "1", "l", "RIGHT", "COUNT", "5"),
        Cmd("RPUSH", "l", "a", "b", "c", "d"));

    [Fact]
    public Task Served_blocked_moves_are_logged_as_lmove_and_rpoplpush() => AssertSame(
        Blocking(1, "BLMOVE", "src", "dst", "RIGHT", "left", "0"),
        Blocking(2, "BRPOPLPUSH", "src", "dst", "0"),
        Blocking(3, "BLPOP", "dst", "0"),
        Cmd("RPUSH", "src", "a", "b"));

    [Fact]
    public Task A_served_move_to_a_key_of_another_type_logs_nothing() => AssertSame(
        Blocking(1, "BLMOVE", "src", "dst", "LEFT", "LEFT", "0"),
        Cmd("SET", "dst", "string"),
        Cmd("RPUSH", "src", "a"));

    [Fact]
    public Task Blocked_clients_served_by_a_transaction_are_logged_after_it() => AssertSame(
        Blocking(1, "BLPOP", "l", "0"),
        Blocking(2, "BLMPOP", "0", "1", "l", "LEFT"),
        Cmd("MULTI"),
        Cmd("RPUSH", "l", "a"),
        Cmd("RPUSH", "l", "b", "c"),
        Cmd("EXEC"));

    [Fact]
    public Task A_blocked_client_in_another_database_is_served_there() => AssertSame(
        On(1, "SELECT", "3"),
        Blocking(1, "BRPOP", "l", "0"),
        On(2, "SELECT", "3"),
        On(2, "LPUSH", "l", "a", "b"));
}
