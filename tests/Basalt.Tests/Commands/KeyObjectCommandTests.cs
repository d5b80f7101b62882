using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>OBJECT subcommands against redis-server, with the default policy and with LRU / LFU memory policies.</summary>
public sealed class KeyObjectCommandTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    [Fact]
    public Task Object_subcommands_match_redis() => servers.RunAsync("object", [
        Exact("OBJECT"),
        Exact("OBJECT", "HELP"),
        Exact("object", "help"),
        Exact("OBJECT", "HELP", "x"),
        Exact("OBJECT", "FOO"),
        Exact("OBJECT", "FOO", "k"),
        Exact("OBJECT", "ENCODING"),
        Exact("OBJECT", "ENCODING", "a", "b"),
        Exact("OBJECT", "ENCODING", "nope"),
        Exact("OBJECT", "REFCOUNT", "nope"),
        Exact("OBJECT", "IDLETIME", "nope"),
        Exact("OBJECT", "FREQ", "nope"),
        Exact("SET", "small", "9999"),
        Exact("SET", "zero", "0"),
        Exact("SET", "big", "10000"),
        Exact("SET", "negative", "-1"),
        Exact("SET", "text", "hello"),
        Exact("SET", "long", new string('x', 45)),
        Exact("SET", "limit", new string('x', 44)),
        Exact("OBJECT", "ENCODING", "small"),
        Exact("OBJECT", "ENCODING", "big"),
        Exact("OBJECT", "ENCODING", "text"),
        Exact("OBJECT", "ENCODING", "long"),
        Exact("OBJECT", "ENCODING", "limit"),
        Exact("OBJECT", "REFCOUNT", "small"),
        Exact("OBJECT", "REFCOUNT", "zero"),
        Exact("OBJECT", "REFCOUNT", "big"),
        Exact("OBJECT", "REFCOUNT", "negative"),
        Exact("OBJECT", "REFCOUNT", "text"),
        Exact("INCR", "big"),
        Exact("OBJECT", "REFCOUNT", "big"),
        Exact("DECRBY", "big", "5000"),
        Exact("OBJECT", "REFCOUNT", "big"),
        Exact("OBJECT", "FREQ", "text"),
        Script.On(0, ReplyCheck.ClockSeconds, "OBJECT", "IDLETIME", "text"),
        Exact("OBJECT", "ENCODING", "text", "extra"),
    ], output);
}

/// <summary>Servers with an LRU memory limit: small integers are not shared, so their REFCOUNT is 1.</summary>
public sealed class LruServerPair : KeyspaceServerPair
{
    protected override string[] ExtraArgs => ["--maxmemory", "100mb", "--maxmemory-policy", "allkeys-lru"];
}

/// <summary>
/// Servers with an LFU policy where every access counts (lfu-log-factor 0) and nothing decays,
/// so that the counters are deterministic: OBJECT FREQ works and OBJECT IDLETIME is refused.
/// </summary>
public sealed class LfuServerPair : KeyspaceServerPair
{
    protected override string[] ExtraArgs => ["--maxmemory-policy", "allkeys-lfu", "--lfu-log-factor", "0", "--lfu-decay-time", "0"];
}

public sealed class KeyObjectCommandLruTests(LruServerPair servers, ITestOutputHelper output) : IClassFixture<LruServerPair>
{
    [Fact]
    public Task Small_integers_are_not_shared_under_an_lru_limit() => servers.RunAsync("object-lru", Script.Of(
        ["SET", "small", "5"],
        ["OBJECT", "ENCODING", "small"],
        ["OBJECT", "REFCOUNT", "small"],
        ["OBJECT", "FREQ", "small"]), output);
}

public sealed class KeyObjectCommandLfuTests(LfuServerPair servers, ITestOutputHelper output) : IClassFixture<LfuServerPair>
{
    [Fact]
    public Task Frequency_counts_accesses_under_an_lfu_policy() => servers.RunAsync("object-lfu", Script.Of(
        ["SET", "k", "hello"],
        // A new key starts at 5 (LFU_INIT_VAL).
        ["OBJECT", "FREQ", "k"],
        ["GET", "k"],
        ["TOUCH", "k"],
        ["OBJECT", "FREQ", "k"],
        // OBJECT, TYPE, EXISTS, TTL, KEYS, SCAN do not count as accesses.
        ["TYPE", "k"],
        ["EXISTS", "k"],
        ["TTL", "k"],
        ["KEYS", "k"],
        ["SCAN", "0", "TYPE", "string"],
        ["OBJECT", "FREQ", "k"],
        // Overwriting counts the write lookup and keeps the counter.
        ["MSET", "k", "other"],
        ["OBJECT", "FREQ", "k"],
        // The value moves with its counter on RENAME (after the write lookup); a COPY starts afresh.
        ["RENAME", "k", "r"],
        ["OBJECT", "FREQ", "r"],
        ["COPY", "r", "c"],
        ["OBJECT", "FREQ", "r"],
        ["OBJECT", "FREQ", "c"],
        ["MOVE", "r", "1"],
        ["SELECT", "1"],
        ["OBJECT", "FREQ", "r"],
        ["SELECT", "0"],
        ["OBJECT", "IDLETIME", "c"],
        ["OBJECT", "IDLETIME", "nope"],
        ["OBJECT", "REFCOUNT", "c"]), output);
}
