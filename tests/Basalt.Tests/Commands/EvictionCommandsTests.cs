using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>Servers of their own: these tests change maxmemory and the policy.</summary>
public sealed class EvictionServerPair : KeyspaceServerPair;

/// <summary>
/// maxmemory and maxmemory-policy: the OOM refusals compared with redis-server byte for byte
/// (a 1-byte limit is over for both, whatever their memory figures), and each policy's evictions
/// on basalt-server, whose memory count is deterministic.
/// </summary>
public sealed class EvictionCommandsTests(EvictionServerPair servers, ITestOutputHelper output) : IClassFixture<EvictionServerPair>
{
    private const string OutOfMemory = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

    private static readonly string[] Policies =
        ["noeviction", "allkeys-lru", "volatile-lru", "allkeys-lfu", "volatile-lfu", "allkeys-random", "volatile-random", "volatile-ttl"];

    private RespConnection Basalt => servers.Pair.BasaltConnections[0];

    private static GeneratedCommand On(int connection, params object[] args) => Script.On(connection, ReplyCheck.Exact, args);

    private async Task RunWithoutLimitAfterAsync(string family, IReadOnlyList<GeneratedCommand> script)
    {
        try
        {
            await servers.RunAsync(family, script, output);
        }
        finally
        {
            await servers.Pair.ExecuteBothAsync(1, "CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction");
        }
    }

    [Fact]
    public Task Noeviction_refuses_writes_that_may_grow_memory_but_allows_reads_and_deletes() =>
        RunWithoutLimitAfterAsync("eviction-noeviction", [
            On(0, "CONFIG", "SET", "maxmemory-policy", "noeviction"),
            On(0, "SET", "a", "1"),
            On(0, "RPUSH", "list", "x"),
            On(0, "CONFIG", "SET", "maxmemory", "1"),
            On(0, "SET", "b", "2"),
            On(0, "APPEND", "a", "x"),
            On(0, "LPUSH", "list", "y"),
            On(0, "HSET", "h", "f", "v"),
            On(0, "SADD", "s", "m"),
            On(0, "ZADD", "z", "1", "m"),
            On(0, "GET", "a"),
            On(0, "LPOP", "list"),
            On(0, "EXPIRE", "a", "100"),
            On(0, "DBSIZE"),
            On(0, "DEL", "a"),
            On(0, "PING"),
            // Inside MULTI everything but EXEC/DISCARD is refused: queuing costs memory.
            On(0, "MULTI"),
            On(0, "GET", "a"),
            On(0, "PING"),
            On(0, "DISCARD"),
            On(0, "MULTI"),
            On(0, "SET", "c", "1"),
            On(0, "EXEC"),
            On(0, "MULTI"),
            On(0, "EXEC"),
            On(0, "CONFIG", "SET", "maxmemory", "0"),
            On(0, "SET", "b", "2"),
            On(0, "DBSIZE"),
        ]);

    [Fact]
    public Task Exec_of_a_queued_denyoom_command_is_refused_once_memory_is_over() =>
        RunWithoutLimitAfterAsync("eviction-exec", [
            On(0, "MULTI"),
            On(0, "SET", "x", "1"),
            On(0, "GET", "x"),
            On(1, "CONFIG", "SET", "maxmemory", "1"),
            On(0, "EXEC"),
            On(0, "MULTI"),
            On(1, "CONFIG", "SET", "maxmemory", "0"),
            On(0, "GET", "x"),
            On(1, "CONFIG", "SET", "maxmemory", "1"),
            On(0, "EXEC"),
            On(1, "CONFIG", "SET", "maxmemory", "0"),
            On(0, "EXISTS", "x"),
        ]);

    [Theory]
    [InlineData("allkeys-lru")]
    [InlineData("allkeys-lfu")]
    [InlineData("allkeys-random")]
    [InlineData("volatile-lru")]
    [InlineData("volatile-lfu")]
    [InlineData("volatile-random")]
    [InlineData("volatile-ttl")]
    public Task A_limit_below_the_server_own_memory_evicts_what_the_policy_allows_then_refuses(string policy) =>
        RunWithoutLimitAfterAsync("eviction-" + policy, [
            On(0, "CONFIG", "SET", "maxmemory-policy", policy),
            On(0, "SET", "plain", "1"),
            On(0, "SET", "volatile", "1", "EX", "1000"),
            On(0, "HSET", "other-db-hash", "f", "v"),
            On(0, "SELECT", "1"),
            On(0, "SET", "in-db-1", "1", "EX", "1000"),
            On(0, "SELECT", "0"),
            On(0, "CONFIG", "SET", "maxmemory", "1"),
            On(0, "SET", "new", "1"),
            On(0, "DBSIZE"),
            On(0, "EXISTS", "plain", "volatile", "other-db-hash"),
            On(0, "SELECT", "1"),
            On(0, "DBSIZE"),
            On(0, "SELECT", "0"),
            On(0, "CONFIG", "SET", "maxmemory", "0"),
            On(0, "CONFIG", "GET", "maxmemory"),
            On(0, "CONFIG", "GET", "maxmemory-policy"),
        ]);

    [Fact]
    public async Task Info_reports_the_limit_and_the_policy_as_redis()
    {
        try
        {
            foreach (var policy in Policies)
            {
                await servers.Pair.ExecuteBothAsync(0, "CONFIG", "SET", "maxmemory", "123mb", "maxmemory-policy", policy);
                foreach (var server in new[] { servers.Pair.RedisConnections[0], Basalt })
                {
                    var info = await InfoText.GetAsync(server, "memory");
                    Assert.Equal("128974848", InfoText.Field(info, "maxmemory"));
                    Assert.Equal("123.00M", InfoText.Field(info, "maxmemory_human"));
                    Assert.Equal(policy, InfoText.Field(info, "maxmemory_policy"));
                }
            }
        }
        finally
        {
            await servers.Pair.ExecuteBothAsync(0, "CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction");
        }
    }

    /// <summary>used_memory less what Redis does not count for eviction: what maxmemory is compared with.</summary>
    private async Task<long> EvictableMemoryAsync()
    {
        var info = await InfoText.GetAsync(Basalt, "memory");
        return InfoText.Number(info, "used_memory") - InfoText.Number(info, "mem_not_counted_for_evict");
    }

    private async Task<long> EvictedKeysAsync() => InfoText.Number(await InfoText.GetAsync(Basalt, "stats"), "evicted_keys");

    private async Task<long> DbSizeAsync() => (await Basalt.ExecuteAsync("DBSIZE")).Value.Integer;

    /// <summary>Writes <paramref name="count"/> 1 KB values pipelined; returns the replies' distinct texts.</summary>
    private async Task<HashSet<string>> FillAsync(string prefix, int count, bool withTtl)
    {
        var value = new string('v', 1000);
        for (var i = 0; i < count; i++)
        {
            object[] command = withTtl ? ["SET", prefix + i, value, "EX", "10000"] : ["SET", prefix + i, value];
            await Basalt.SendAsync(command);
        }
        var replies = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            replies.Add(System.Text.Encoding.ASCII.GetString((await Basalt.ReadReplyAsync()).Raw));
        }
        return replies;
    }

    [Theory]
    [InlineData("allkeys-lru")]
    [InlineData("allkeys-lfu")]
    [InlineData("allkeys-random")]
    [InlineData("volatile-lru")]
    [InlineData("volatile-lfu")]
    [InlineData("volatile-random")]
    [InlineData("volatile-ttl")]
    public async Task Filling_past_the_limit_evicts_and_keeps_memory_near_it(string policy)
    {
        await Basalt.ExecuteAsync("FLUSHALL");
        await Basalt.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", policy);
        var evictedBefore = await EvictedKeysAsync();
        // 100 keys without a TTL (about 110 KB) that volatile policies may not touch.
        Assert.Equal(["+OK\r\n"], await FillAsync("plain:", 100, withTtl: false));
        var limit = await EvictableMemoryAsync() + 300_000;
        try
        {
            await Basalt.ExecuteAsync("CONFIG", "SET", "maxmemory", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(["+OK\r\n"], await FillAsync("ttl:", 1000, withTtl: true));
            var keys = await DbSizeAsync();
            Assert.InRange(keys, 300, 500);
            // Eviction runs before each command, so the last write may exceed the limit by itself.
            Assert.InRange(await EvictableMemoryAsync(), limit - 5_000, limit + 2_000);
            Assert.Equal(1100 - keys, await EvictedKeysAsync() - evictedBefore);
            if (policy.StartsWith("volatile", StringComparison.Ordinal))
            {
                var plain = await Basalt.ExecuteAsync(["EXISTS", .. Enumerable.Range(0, 100).Select(i => (object)("plain:" + i))]);
                Assert.Equal(100, plain.Value.Integer);

                // Only keys without a TTL left to write: once the TTL keys are gone, writes are refused.
                var replies = await FillAsync("more:", 1000, withTtl: false);
                Assert.Contains(OutOfMemory, replies);
                Assert.Contains("expires=0,", await InfoText.GetAsync(Basalt, "keyspace"), StringComparison.Ordinal);
            }
        }
        finally
        {
            await Basalt.ExecuteAsync("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction");
            await Basalt.ExecuteAsync("FLUSHALL");
        }
    }

    [Fact]
    public async Task Lowering_maxmemory_evicts_on_the_next_command()
    {
        await Basalt.ExecuteAsync("FLUSHALL");
        try
        {
            await Basalt.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
            Assert.Equal(["+OK\r\n"], await FillAsync("k:", 500, withTtl: false));
            var evictedBefore = await EvictedKeysAsync();
            var limit = await EvictableMemoryAsync() - 200_000;
            var set = await Basalt.ExecuteAsync("CONFIG", "SET", "maxmemory", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("+OK\r\n", System.Text.Encoding.ASCII.GetString(set.Raw));
            // Each command evicts for at most maxmemory-eviction-tenacity's time (500 µs by default),
            // so a large drop can take a few commands to absorb, as Redis's eviction time proc does.
            // Until memory is under the limit every command may evict more, so the counts are read
            // once it is (reading DBSIZE first and the evicted count after raced with that).
            long memory = 0;
            await Poll.UntilAsync(async () => (memory = await EvictableMemoryAsync()) <= limit, TimeSpan.FromSeconds(10), () => $"{memory} bytes, limit {limit}");
            var keys = await DbSizeAsync();
            Assert.InRange(keys, 250, 350);
            Assert.Equal(500 - keys, await EvictedKeysAsync() - evictedBefore);
            Assert.True(await EvictableMemoryAsync() <= limit);
        }
        finally
        {
            await Basalt.ExecuteAsync("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction");
            await Basalt.ExecuteAsync("FLUSHALL");
        }
    }
}
