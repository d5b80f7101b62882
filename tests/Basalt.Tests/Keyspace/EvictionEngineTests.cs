using System.Text;
using Basalt.Keyspace;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Keyspace;

/// <summary>
/// The maxmemory machinery without a server: the memory count kept by the write door, the
/// eviction pool's ordering, and which keys each policy evicts first (with a clock the test moves).
/// </summary>
public sealed class EvictionEngineTests
{
    private readonly ManualClock _clock = new();
    private readonly DatabaseSet _databases;

    public EvictionEngineTests()
    {
        _databases = new DatabaseSet(4, _clock);
    }

    private Database Db => _databases[0];

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private KeyEntry Add(string key, string value = "value", long ttlMs = -1, Database? db = null)
    {
        db ??= Db;
        _databases.UpdateClock();
        var entry = db.Add(B(key), RedisString.FromValue(B(value)));
        if (ttlMs >= 0)
        {
            db.SetExpire(entry, _clock.NowMs + ttlMs);
        }
        return entry;
    }

    private long Counted()
    {
        long total = 0;
        foreach (var db in _databases.All)
        {
            foreach (var entry in db.KeyTable.Entries())
            {
                total += DatabaseMemory.Of(entry);
            }
        }
        return total;
    }

    /// <summary>
    /// Evicts until the dataset is at most <paramref name="keep"/> bytes. Sampling is random and
    /// (as Redis's dictGetSomeKeys) not uniform across a table's buckets, so the tests sample far
    /// more than maxmemory-samples allows: every key is then all but certainly met, and the order of
    /// eviction is the policy's exact order.
    /// </summary>
    private EvictionResult EvictTo(long keep, EvictionPolicy policy, int samples = 2000) =>
        _databases.Eviction.Perform(keep, 0, policy, samples, 100);

    [Fact]
    public void The_write_door_keeps_the_memory_count_exact()
    {
        Assert.Equal(0, _databases.DatasetBytes);
        var a = Add("a", "small");
        Assert.Equal(DatabaseMemory.Of(a), _databases.DatasetBytes);
        var before = _databases.DatasetBytes;
        Db.SetExpire(a, _clock.NowMs + 10_000);
        Assert.Equal(before + DatabaseMemory.ExpirySlotBytes, _databases.DatasetBytes);
        Db.Overwrite(a, RedisString.FromValue(new byte[10_000]));
        Assert.Equal(Counted(), _databases.DatasetBytes);
        Assert.True(_databases.DatasetBytes > 10_000);

        var hash = RedisHash.Create();
        Db.Add(B("h"), hash);
        var entry = Db.LookupWrite(B("h"))!;
        for (var i = 0; i < 300; i++)
        {
            hash.Set(B("field" + i), B("value" + i), new RedisHash.Limits(128, 64));
        }
        Db.Modified(entry);
        Assert.Equal(Counted(), _databases.DatasetBytes);

        Db.SetString(B("e"), B("x"), expireAtMs: _clock.NowMs + 5_000);
        Db.Rename(Db.LookupWrite(B("e"))!, B("renamed"), null);
        Db.Move(Db.LookupWrite(B("renamed"))!, _databases[1]);
        Db.CopyFrom(_databases[1], _databases[1].LookupRead(B("renamed"))!, B("copy"), null);
        Assert.Equal(Counted(), _databases.DatasetBytes);
        Assert.Equal(Counted() - _databases[1].DatasetBytes, Db.DatasetBytes);

        _databases.Swap(0, 1);
        Assert.Equal(Counted(), _databases.DatasetBytes);
        Assert.True(Db.Delete(B("renamed")));
        Assert.Equal(Counted(), _databases.DatasetBytes);
        Assert.True(_databases[1].Persist(_databases[1].LookupWrite(B("copy"))!));
        Assert.Equal(Counted(), _databases.DatasetBytes);
        _databases[1].Clear();
        Assert.Equal(Counted(), _databases.DatasetBytes);

        _clock.Advance(6_000);
        _databases.UpdateClock();
        Assert.Null(Db.LookupRead(B("nothing")));
        foreach (var db in _databases.All)
        {
            db.Clear();
        }
        Assert.Equal(0, _databases.DatasetBytes);
    }

    [Fact]
    public void A_value_changed_after_add_or_lookup_without_modified_is_counted_at_the_next_read()
    {
        var hash = RedisHash.Create();
        Db.Add(B("h"), hash);
        var limits = new RedisHash.Limits(128, 64);
        for (var i = 0; i < 300; i++)
        {
            hash.Set(B("field" + i), B("value" + i), limits);
        }
        Assert.Equal(Counted(), _databases.DatasetBytes);
        Db.LookupWrite(B("h"));
        hash.Set(B("late"), new byte[5_000], limits);
        Assert.Equal(Counted(), Db.DatasetBytes);
        Assert.Equal(Counted(), _databases.DatasetBytes);

        // A key deleted after it was written is not counted again.
        var entry = Db.LookupWrite(B("h"))!;
        Db.Delete(entry);
        Db.Modified(entry);
        Assert.Equal(0, _databases.DatasetBytes);
    }

    [Fact]
    public void An_expired_key_stops_counting_when_it_is_removed()
    {
        Add("soon", ttlMs: 100);
        Add("stays");
        _clock.Advance(1_000);
        _databases.UpdateClock();
        Assert.Null(Db.LookupRead(B("soon")));
        Assert.Equal(Counted(), _databases.DatasetBytes);
    }

    [Fact]
    public void The_pool_keeps_the_sixteen_best_in_ascending_order()
    {
        var pool = new EvictionPool();
        var random = new Random(7);
        var scores = Enumerable.Range(0, 100).Select(_ => (ulong)random.Next(1, 1_000_000)).Distinct().ToList();
        foreach (var score in scores)
        {
            pool.Offer(0, B("k" + score), score);
        }
        var kept = pool.Candidates().Select(c => c.Idle).ToList();
        Assert.Equal(scores.OrderDescending().Take(EvictionPool.Size).Order(), kept);

        Assert.True(pool.TakeBest(out var db, out var key));
        Assert.Equal(0, db);
        Assert.Equal("k" + scores.Max(), Encoding.ASCII.GetString(key));
        Assert.Equal(EvictionPool.Size - 1, pool.Candidates().Count());

        // A worse key than every candidate of a full pool is dropped; with room it is kept.
        pool.Offer(0, B("worst"), 0);
        Assert.Equal(0UL, pool.Candidates().First().Idle);
        pool.Offer(0, B("worse still"), 0);
        Assert.DoesNotContain(pool.Candidates(), c => Encoding.ASCII.GetString(c.Key) == "worse still");
    }

    [Fact]
    public void Lru_evicts_the_keys_idle_longest()
    {
        for (var i = 0; i < 5; i++)
        {
            Add("old" + i);
        }
        _clock.Advance(100_000);
        for (var i = 0; i < 15; i++)
        {
            Add("new" + i);
        }
        var perKey = DatabaseMemory.Of(Db.Peek(B("old0"))!);
        Assert.Equal(EvictionResult.Ok, EvictTo(_databases.DatasetBytes - 5 * perKey + 1, EvictionPolicy.AllKeysLru));
        Assert.Equal(15, Db.KeyCount);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Null(Db.Peek(B("old" + i))));
        Assert.Equal(5, _databases.Stats.EvictedKeys);
    }

    [Fact]
    public void Lfu_keeps_the_keys_used_most()
    {
        _databases.AccessClock.Configure(lfu: true, lfuLogFactor: 0, lfuDecayTime: 0);
        for (var i = 0; i < 20; i++)
        {
            Add("k" + i);
        }
        for (var i = 0; i < 10; i++)
        {
            for (var n = 0; n < 20; n++)
            {
                Db.LookupRead(B("k" + i));
            }
        }
        var perKey = DatabaseMemory.Of(Db.Peek(B("k0"))!);
        Assert.Equal(EvictionResult.Ok, EvictTo(_databases.DatasetBytes - 10 * perKey + 1, EvictionPolicy.AllKeysLfu));
        Assert.All(Enumerable.Range(0, 10), i => Assert.NotNull(Db.Peek(B("k" + i))));
        Assert.Equal(10, Db.KeyCount);
    }

    [Fact]
    public void Volatile_ttl_evicts_the_keys_expiring_soonest_and_only_keys_with_a_ttl()
    {
        for (var i = 0; i < 10; i++)
        {
            Add("ttl" + i, ttlMs: 1_000_000 + i * 1_000);
            Add("plain" + i);
        }
        var perKey = DatabaseMemory.Of(Db.Peek(B("ttl0"))!);
        Assert.Equal(EvictionResult.Ok, EvictTo(_databases.DatasetBytes - 3 * perKey + 1, EvictionPolicy.VolatileTtl));
        Assert.All(Enumerable.Range(0, 3), i => Assert.Null(Db.Peek(B("ttl" + i))));
        Assert.All(Enumerable.Range(3, 7), i => Assert.NotNull(Db.Peek(B("ttl" + i))));

        // Asking for more than the keys with a TTL hold: they all go, then the policy fails.
        Assert.Equal(EvictionResult.Fail, EvictTo(1, EvictionPolicy.VolatileTtl));
        Assert.Equal(0, Db.ExpiresCount);
        Assert.Equal(10, Db.KeyCount);
    }

    [Theory]
    [InlineData(EvictionPolicy.VolatileLru)]
    [InlineData(EvictionPolicy.VolatileLfu)]
    [InlineData(EvictionPolicy.VolatileRandom)]
    public void Volatile_policies_fail_without_keys_with_a_ttl(EvictionPolicy policy)
    {
        Add("a");
        Add("b", db: _databases[2]);
        Assert.Equal(EvictionResult.Fail, EvictTo(1, policy));
        Assert.Equal(0, _databases.Stats.EvictedKeys);
    }

    [Theory]
    [InlineData(EvictionPolicy.AllKeysRandom)]
    [InlineData(EvictionPolicy.AllKeysLru)]
    [InlineData(EvictionPolicy.AllKeysLfu)]
    public void Allkeys_policies_evict_from_every_database(EvictionPolicy policy)
    {
        for (var i = 0; i < 30; i++)
        {
            Add("k" + i, db: _databases[i % 3]);
        }
        // A baseline over the limit on its own: every key goes, then the policy has nothing left.
        Assert.Equal(EvictionResult.Fail, _databases.Eviction.Perform(1, 10, policy, 5, 100));
        Assert.Equal(0, _databases.TotalKeys);
        Assert.Equal(30, _databases.Stats.EvictedKeys);
        Assert.Equal(0, _databases.DatasetBytes);
    }

    [Fact]
    public void Noeviction_fails_when_over_and_passes_when_under()
    {
        Add("a");
        Assert.Equal(EvictionResult.Fail, EvictTo(1, EvictionPolicy.NoEviction));
        Assert.Equal(EvictionResult.Ok, EvictTo(_databases.DatasetBytes, EvictionPolicy.NoEviction));
        Assert.Equal(1, Db.KeyCount);
    }

    [Fact]
    public void Evictions_are_announced_and_invalidate_watches_but_are_not_changes()
    {
        Add("a");
        var evicted = new List<string>();
        _databases.KeyEvicted += (db, entry) => evicted.Add(db.Index + ":" + Encoding.ASCII.GetString(entry.Key));
        var watch = new WatchState();
        _databases.Watches.Watch(watch, 0, B("a"), expired: false);
        var dirty = _databases.Dirty;
        EvictTo(1, EvictionPolicy.AllKeysRandom);
        Assert.Equal(["0:a"], evicted);
        Assert.True(watch.Dirty);
        Assert.Equal(dirty, _databases.Dirty);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 500)]
    [InlineData(100, long.MaxValue)]
    public void Tenacity_gives_redis_time_limits(int tenacity, long micros) =>
        Assert.Equal(micros, EvictionEngine.TimeLimitMicros(tenacity));
}
