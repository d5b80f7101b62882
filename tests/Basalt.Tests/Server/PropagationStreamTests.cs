using Xunit;
using static Basalt.Tests.Server.PropagationStep;

namespace Basalt.Tests.Server;

/// <summary>What stream and consumer group commands write to the AOF, compared with Redis 7.0.15's INCR file.</summary>
public sealed class PropagationStreamTests(RedisAofServer redis) : IClassFixture<RedisAofServer>
{
    private Task AssertSame(params PropagationStep[] script) => PropagationComparison.AssertSameAsync(redis, script);

    [Fact]
    public Task Xadd_is_logged_with_the_id_it_got() => AssertSame(
        Cmd("XADD", "s", "1-1", "f", "v"),
        Cmd("XADD", "s", "1-*", "f", "v"),
        Cmd("XADD", "s", "5", "f", "v"),
        Cmd("XADD", "s", "*", "f", "v"),
        Cmd("XADD", "s", "NOMKSTREAM", "*", "f", "v"),
        Cmd("XADD", "missing", "NOMKSTREAM", "*", "f", "v"),
        Cmd("XADD", "s", "1-1", "f", "v"));

    [Fact]
    public Task An_approximate_trim_is_logged_as_the_exact_one_it_made() => AssertSame(
        Cmd("CONFIG", "SET", "stream-node-max-entries", "2"),
        Cmd("XADD", "n", "MAXLEN", "~", "10", "*", "f", "v"),
        Cmd("XADD", "s", "1-1", "f", "v"),
        Cmd("XADD", "s", "2-1", "f", "v"),
        Cmd("XADD", "s", "3-1", "f", "v"),
        Cmd("XADD", "s", "4-1", "f", "v"),
        Cmd("XADD", "s", "5-1", "f", "v"),
        Cmd("XADD", "s", "MAXLEN", "~", "2", "6-1", "f", "v"),
        Cmd("XADD", "s", "7-1", "f", "v"),
        Cmd("XADD", "s", "8-1", "f", "v"),
        Cmd("XTRIM", "s", "MINID", "~", "8"),
        Cmd("XADD", "s", "9-1", "f", "v"),
        Cmd("XADD", "s", "10-1", "f", "v"),
        Cmd("XTRIM", "s", "MAXLEN", "~", "1", "LIMIT", "2"),
        Cmd("XTRIM", "s", "MAXLEN", "~", "100"),
        Cmd("XTRIM", "s", "MAXLEN", "=", "1"),
        Cmd("XADD", "s", "MAXLEN", "1", "11-1", "f", "v"),
        Cmd("CONFIG", "SET", "stream-node-max-entries", "100"));

    [Fact]
    public Task Stream_and_group_administration_is_logged_as_called() => AssertSame(
        Cmd("XADD", "s", "1-1", "f", "v"),
        Cmd("XADD", "s", "2-1", "f", "v"),
        Cmd("XDEL", "s", "1-1", "9-9"),
        Cmd("XDEL", "s", "9-9"),
        Cmd("XSETID", "s", "5-0"),
        Cmd("XGROUP", "CREATE", "s", "g", "0"),
        Cmd("XGROUP", "CREATE", "s", "h", "$"),
        Cmd("XGROUP", "CREATE", "m", "g", "$", "MKSTREAM"),
        Cmd("XGROUP", "SETID", "s", "h", "0"),
        Cmd("XGROUP", "CREATECONSUMER", "s", "g", "alice"),
        Cmd("XGROUP", "CREATECONSUMER", "s", "g", "alice"),
        Cmd("XGROUP", "DELCONSUMER", "s", "g", "alice"),
        Cmd("XGROUP", "DESTROY", "s", "h"),
        Cmd("XACK", "s", "g", "2-1"));

    [Fact]
    public Task Xreadgroup_is_logged_as_xclaims_of_what_it_delivered() => AssertSame(
        Cmd("XADD", "s", "1-1", "f", "v"),
        Cmd("XADD", "s", "2-1", "f", "v"),
        Cmd("XADD", "s", "3-1", "f", "v"),
        Cmd("XGROUP", "CREATE", "s", "g", "0"),
        Cmd("XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">"),
        Cmd("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">"),
        Cmd("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">"),
        Cmd("XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", ">"),
        Cmd("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "0"),
        Cmd("XACK", "s", "g", "1-1", "2-1"));

    [Fact]
    public Task Xreadgroup_noack_is_logged_as_consumer_creation_and_setid() => AssertSame(
        Cmd("XADD", "s", "1-1", "f", "v"),
        Cmd("XADD", "s", "2-1", "f", "v"),
        Cmd("XGROUP", "CREATE", "s", "g", "0"),
        Cmd("XREADGROUP", "GROUP", "g", "alice", "NOACK", "STREAMS", "s", ">"),
        Cmd("XADD", "s", "3-1", "f", "v"),
        Cmd("XREADGROUP", "GROUP", "g", "alice", "NOACK", "STREAMS", "s", ">"),
        Cmd("XADD", "t", "1-1", "f", "v"),
        Cmd("XGROUP", "CREATE", "t", "g", "0"),
        Cmd("XADD", "s", "4-1", "f", "v"),
        Cmd("XREADGROUP", "GROUP", "g", "bob", "NOACK", "STREAMS", "s", "t", ">", ">"));

    [Fact]
    public Task Xclaim_is_logged_as_forced_xclaims_and_a_lone_lastid_as_setid() => AssertSame(
        Cmd("XADD", "s", "1-1", "f", "v"),
        Cmd("XADD", "s", "2-1", "f", "v"),
        Cmd("XADD", "s", "3-1", "f", "v"),
        Cmd("XGROUP", "CREATE", "s", "g", "0"),
        Cmd("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"),
        Cmd("XCLAIM", "s", "g", "bob", "0", "1-1", "2", "TIME", "1000000000000"),
        Cmd("XCLAIM", "s", "g", "bob", "0", "3-1", "RETRYCOUNT", "7", "JUSTID"),
        Cmd("XCLAIM", "s", "g", "bob", "3600000", "1-1"),
        Cmd("XDEL", "s", "2-1"),
        Cmd("XCLAIM", "s", "g", "carol", "0", "2-1"),
        Cmd("XCLAIM", "s", "g", "carol", "0", "9-9", "LASTID", "9-9"),
        Cmd("XCLAIM", "s", "g", "carol", "0", "9-9", "LASTID", "1-0"),
        Cmd("XGROUP", "CREATE", "s", "h", "$"),
        Cmd("XCLAIM", "s", "h", "dave", "0", "1-1", "FORCE", "IDLE", "5000"));

    [Fact]
    public Task Xautoclaim_is_logged_as_forced_xclaims() => AssertSame(
        Cmd("XADD", "s", "1-1", "f", "v"),
        Cmd("XADD", "s", "2-1", "f", "v"),
        Cmd("XADD", "s", "3-1", "f", "v"),
        Cmd("XGROUP", "CREATE", "s", "g", "0"),
        Cmd("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"),
        Cmd("XDEL", "s", "2-1"),
        Cmd("XAUTOCLAIM", "s", "g", "bob", "0", "0", "COUNT", "2"),
        Cmd("XAUTOCLAIM", "s", "g", "bob", "0", "0", "JUSTID"),
        Cmd("XAUTOCLAIM", "s", "g", "carol", "3600000", "0"));

    [Fact]
    public Task Xreadgroup_in_a_transaction_adds_its_xclaims_to_it() => AssertSame(
        Cmd("XADD", "s", "1-1", "f", "v"),
        Cmd("XGROUP", "CREATE", "s", "g", "0"),
        Cmd("MULTI"),
        Cmd("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"),
        Cmd("SET", "k", "v"),
        Cmd("EXEC"));

    [Fact]
    public Task A_blocked_xreadgroup_whose_group_went_away_logs_nothing() => AssertSame(
        Cmd("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
        Blocking(1, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"),
        Cmd("XGROUP", "DESTROY", "s", "g"),
        Cmd("XADD", "s", "1-1", "f", "v"));

    [Fact]
    public Task A_served_blocked_xreadgroup_is_logged_after_the_xadd_as_xclaims() => AssertSame(
        Cmd("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
        Cmd("XGROUP", "CREATE", "s", "n", "$"),
        Blocking(1, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"),
        Blocking(2, "XREADGROUP", "GROUP", "n", "bob", "NOACK", "BLOCK", "0", "STREAMS", "s", ">"),
        Blocking(3, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"),
        Cmd("XADD", "s", "1-1", "f", "v"));
}
