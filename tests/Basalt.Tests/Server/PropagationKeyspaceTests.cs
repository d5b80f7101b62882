using Xunit;
using static Basalt.Tests.Server.PropagationStep;

namespace Basalt.Tests.Server;

/// <summary>
/// What key and database commands, transactions and expired keys write to the AOF, compared with
/// Redis 7.0.15's INCR file.
/// </summary>
public sealed class PropagationKeyspaceTests(RedisAofServer redis) : IClassFixture<RedisAofServer>
{
    private Task AssertSame(params PropagationStep[] script) => PropagationComparison.AssertSameAsync(redis, script);

    [Fact]
    public Task Key_writes_are_logged_as_called_when_they_change_something() => AssertSame(
        Cmd("SET", "a", "1"),
        Cmd("SET", "b", "2"),
        Cmd("DEL", "a", "missing"),
        Cmd("DEL", "missing"),
        Cmd("UNLINK", "b"),
        Cmd("SET", "c", "3"),
        Cmd("RENAME", "c", "d"),
        Cmd("RENAMENX", "d", "d"),
        Cmd("SET", "e", "4"),
        Cmd("RENAMENX", "d", "e"),
        Cmd("COPY", "d", "f"),
        Cmd("COPY", "d", "f"),
        Cmd("COPY", "d", "f", "DB", "2", "REPLACE"),
        Cmd("MOVE", "f", "3"),
        Cmd("MOVE", "missing", "3"),
        Cmd("TOUCH", "d"),
        Cmd("SWAPDB", "0", "3"),
        Cmd("SELECT", "3"),
        Cmd("DEL", "d"));

    [Fact]
    public Task Flushes_are_logged_even_when_nothing_was_there() => AssertSame(
        Cmd("FLUSHDB"),
        Cmd("SELECT", "5"),
        Cmd("FLUSHDB", "ASYNC"),
        Cmd("FLUSHALL"),
        Cmd("SET", "k", "v"),
        Cmd("FLUSHALL", "SYNC"));

    [Fact]
    public Task Reads_and_server_commands_are_not_logged() => AssertSame(
        Cmd("SET", "k", "v"),
        Cmd("GET", "k"),
        Cmd("EXISTS", "k"),
        Cmd("SCAN", "0"),
        Cmd("KEYS", "*"),
        Cmd("DBSIZE"),
        Cmd("TYPE", "k"),
        Cmd("OBJECT", "ENCODING", "k"),
        Cmd("DUMP", "k"),
        Cmd("CONFIG", "SET", "maxmemory-policy", "noeviction"),
        Cmd("CLIENT", "SETNAME", "x"),
        Cmd("PING"),
        Cmd("ECHO", "e"),
        Cmd("DEBUG", "SET-ACTIVE-EXPIRE", "1"),
        Cmd("SAVE"),
        Cmd("SET", "k", "w"));

    [Fact]
    public Task Writes_that_change_nothing_are_logged_exactly_when_redis_counts_them_as_changes() => AssertSame(
        // Keys set with a past time stay until found: active expiry would delete them at any moment.
        Cmd("DEBUG", "SET-ACTIVE-EXPIRE", "0"),
        Cmd("SET", "s", "v"),
        Cmd("APPEND", "s", ""),
        Cmd("INCRBY", "i", "0"),
        Cmd("RENAME", "s", "s"),
        Cmd("RENAMENX", "s", "s"),
        Cmd("BITOP", "AND", "dest", "missing1", "missing2"),
        Cmd("BITOP", "AND", "dest", "missing1", "missing2"),
        Cmd("SINTERSTORE", "u", "missing"),
        Cmd("ZUNIONSTORE", "z", "1", "missing"),
        Cmd("ZRANGESTORE", "r", "missing", "0", "-1"),
        Cmd("SADD", "set", "a"),
        Cmd("SMOVE", "set", "set", "a"),
        Cmd("HSET", "h", "f", "1"),
        Cmd("HINCRBY", "h", "f", "0"),
        Cmd("ZADD", "zz", "1", "a"),
        Cmd("ZINCRBY", "zz", "0", "a"),
        Cmd("ZADD", "zz", "1", "a"),
        Cmd("ZADD", "zz", "XX", "CH", "1", "a"),
        Cmd("RPUSH", "l", "x"),
        Cmd("LMOVE", "l", "l", "LEFT", "LEFT"),
        Cmd("LSET", "l", "0", "x"),
        Cmd("SET", "past", "v", "EXAT", "1"),
        Cmd("SET", "s", "v", "PXAT", "1000", "GET"),
        Cmd("GETEX", "past", "PERSIST"),
        Cmd("DEL", "s"),
        Cmd("DEBUG", "SET-ACTIVE-EXPIRE", "1"));

    [Fact]
    public Task Debug_commands_are_never_logged() => AssertSame(
        Cmd("DEBUG", "POPULATE", "3"),
        Cmd("SET", "k", "v"),
        Cmd("DEBUG", "RELOAD"),
        Cmd("DEBUG", "OBJECT", "k"),
        Cmd("DEBUG", "CHANGE-REPL-ID"),
        Cmd("SET", "k", "w"));

    [Fact]
    public Task Sort_store_is_logged_as_called() => AssertSame(
        Cmd("RPUSH", "l", "3", "1", "2"),
        Cmd("SORT", "l"),
        Cmd("SORT", "l", "STORE", "dst"),
        Cmd("SORT", "missing", "STORE", "dst"),
        Cmd("SORT", "missing", "STORE", "dst"));

    [Fact]
    public Task A_transaction_is_logged_in_multi_exec_with_selects_inside() => AssertSame(
        Cmd("MULTI"),
        Cmd("SET", "a", "1"),
        Cmd("SELECT", "1"),
        Cmd("SET", "b", "2"),
        Cmd("INCRBYFLOAT", "b", "1.5"),
        Cmd("SELECT", "0"),
        Cmd("DEL", "missing"),
        Cmd("SET", "c", "3", "EX", "100"),
        Cmd("EXEC"),
        Cmd("MULTI"),
        Cmd("GET", "a"),
        Cmd("SPOP", "missing"),
        Cmd("EXEC"),
        Cmd("MULTI"),
        Cmd("GETDEL", "a"),
        Cmd("EXEC"));

    [Fact]
    public Task Keys_found_expired_are_logged_as_del_before_the_command_that_found_them() => AssertSame(
        Cmd("DEBUG", "SET-ACTIVE-EXPIRE", "0"),
        Cmd("SET", "a", "v", "PX", "1"),
        Cmd("SET", "b", "v", "PX", "1"),
        Cmd("RPUSH", "c", "v"),
        // Not PEXPIRE 1: Redis logs a DEL when its clock moved a millisecond within the command
        // (checkAlreadyExpired reads the clock again), which a loaded machine does now and then.
        Cmd("PEXPIRE", "c", "30"),
        Cmd("SET", "d", "v", "PX", "1"),
        Cmd("SET", "e", "v", "PX", "1"),
        Cmd("DEBUG", "SLEEP", "0.05"),
        Cmd("GET", "a"),
        Cmd("SET", "b", "w"),
        Cmd("LPUSH", "c", "w"),
        Cmd("DEL", "d"),
        Cmd("EXPIRE", "e", "100"),
        Cmd("DEBUG", "SET-ACTIVE-EXPIRE", "1"));

    [Fact]
    public Task Keys_found_expired_are_logged_as_unlink_with_lazyfree_lazy_expire() => AssertSame(
        Cmd("CONFIG", "SET", "lazyfree-lazy-expire", "yes"),
        Cmd("DEBUG", "SET-ACTIVE-EXPIRE", "0"),
        Cmd("SET", "a", "v", "PX", "1"),
        Cmd("SET", "b", "v", "PX", "1"),
        Cmd("DEBUG", "SLEEP", "0.01"),
        Cmd("EXISTS", "a"),
        Cmd("INCR", "b"),
        Cmd("DEBUG", "SET-ACTIVE-EXPIRE", "1"),
        Cmd("CONFIG", "SET", "lazyfree-lazy-expire", "no"));
}
