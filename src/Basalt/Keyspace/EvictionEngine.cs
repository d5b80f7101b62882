using System.Diagnostics;

namespace Basalt.Keyspace;

/// <summary>What one eviction attempt achieved (performEvictions's EVICT_OK / EVICT_RUNNING / EVICT_FAIL).</summary>
public enum EvictionResult
{
    /// <summary>Memory is within the limit (or nothing may be evicted now).</summary>
    Ok,

    /// <summary>The time limit stopped the eviction with memory still over: the next command continues it.</summary>
    Running,

    /// <summary>Memory is over the limit and the policy has nothing (left) to evict.</summary>
    Fail,
}

/// <summary>
/// Frees memory by deleting keys as maxmemory-policy says (evict.c's performEvictions): the LRU,
/// LFU and volatile-ttl policies sample maxmemory-samples keys of each database into the
/// <see cref="EvictionPool"/> and evict its best candidate; the random policies take a random key
/// of the next database in turn. The memory compared with maxmemory is the fixed baseline the
/// caller gives plus the keyspace's <see cref="DatabaseSet.DatasetBytes"/>, so each eviction's gain
/// is exactly what the write door stops counting.
/// </summary>
public sealed class EvictionEngine
{
    private readonly DatabaseSet _databases;
    private readonly EvictionPool _pool = new();
    private readonly Random _random = new();
    private EvictionPolicy _poolPolicy;
    private int _nextDatabase;
    private string? _policyName;
    private EvictionPolicy _policy;

    internal EvictionEngine(DatabaseSet databases)
    {
        _databases = databases;
    }

    /// <summary>The candidates kept between evictions (tests).</summary>
    public EvictionPool Pool => _pool;

    /// <summary>
    /// Evicts keys until <paramref name="baselineBytes"/> plus the dataset fits in
    /// <paramref name="maxMemory"/>, or the policy finds nothing to evict, or the time limit of
    /// maxmemory-eviction-tenacity passes (checked every 16 keys, as Redis does).
    /// </summary>
    public EvictionResult Perform(long maxMemory, long baselineBytes, EvictionPolicy policy, int samples, int tenacity)
    {
        if (maxMemory <= 0 || _databases.Loading || baselineBytes + _databases.DatasetBytes <= maxMemory)
        {
            return EvictionResult.Ok;
        }
        if (policy == EvictionPolicy.NoEviction)
        {
            return EvictionResult.Fail;
        }
        if (policy != _poolPolicy)
        {
            _pool.Clear();
            _poolPolicy = policy;
        }
        var limitMicros = TimeLimitMicros(tenacity);
        var start = Stopwatch.GetTimestamp();
        var evicted = 0;
        while (baselineBytes + _databases.DatasetBytes > maxMemory)
        {
            var victim = policy.IsRandom() ? PickRandom(policy.IsVolatile(), out var db) : PickFromPool(policy, samples, out db);
            if (victim is null)
            {
                return EvictionResult.Fail;
            }
            db!.Evict(victim);
            evicted++;
            if (evicted % 16 == 0 && Stopwatch.GetElapsedTime(start).Ticks / 10 > limitMicros)
            {
                return baselineBytes + _databases.DatasetBytes > maxMemory ? EvictionResult.Running : EvictionResult.Ok;
            }
        }
        return EvictionResult.Ok;
    }

    /// <summary>The policy of a maxmemory-policy name, parsed again only when the config hands out another string.</summary>
    public EvictionPolicy PolicyNamed(string name)
    {
        if (!ReferenceEquals(name, _policyName))
        {
            _policy = EvictionPolicies.Parse(name);
            _policyName = name;
        }
        return _policy;
    }

    /// <summary>
    /// evictionTimeLimitUs: 50 µs per tenacity step up to 10 (500 µs, the default), then 15% more per
    /// step; 100 means no limit.
    /// </summary>
    public static long TimeLimitMicros(int tenacity)
    {
        if (tenacity <= 10)
        {
            return 50L * tenacity;
        }
        if (tenacity < 100)
        {
            return (long)(500.0 * Math.Pow(1.15, tenacity - 10.0));
        }
        return long.MaxValue;
    }

    private KeyEntry? PickRandom(bool volatileOnly, out Database? from)
    {
        for (var i = 0; i < _databases.Count; i++)
        {
            _nextDatabase = (_nextDatabase + 1) % _databases.Count;
            var db = _databases[_nextDatabase];
            var entry = volatileOnly
                ? (db.Expires.Count > 0 ? db.Expires.Sample(_random).Entry : null)
                : db.Table.Random(_random);
            if (entry is not null)
            {
                from = db;
                return entry;
            }
        }
        from = null;
        return null;
    }

    private KeyEntry? PickFromPool(EvictionPolicy policy, int samples, out Database? from)
    {
        var volatileOnly = policy.IsVolatile();
        while (true)
        {
            long candidates = 0;
            for (var i = 0; i < _databases.Count; i++)
            {
                var db = _databases[i];
                var keys = volatileOnly ? db.Expires.Count : db.Table.Count;
                if (keys == 0)
                {
                    continue;
                }
                Populate(db, policy, volatileOnly, samples);
                candidates += keys;
            }
            if (candidates == 0)
            {
                from = null;
                return null;
            }
            while (_pool.TakeBest(out var index, out var key))
            {
                var db = _databases[index];
                var entry = db.Table.Find(key);
                if (entry is not null && (!volatileOnly || entry.HasExpiry))
                {
                    from = db;
                    return entry;
                }
            }
        }
    }

    /// <summary>evictionPoolPopulate: samples keys of one database into the pool with their idle scores.</summary>
    private void Populate(Database db, EvictionPolicy policy, bool volatileOnly, int samples)
    {
        var now = _databases.NowMs;
        var clock = _databases.AccessClock;
        for (var i = 0; i < samples; i++)
        {
            var (entry, expireAtMs) = volatileOnly ? db.Expires.Sample(_random) : (db.Table.Random(_random), -1);
            if (entry is null)
            {
                return;
            }
            ulong idle = policy switch
            {
                EvictionPolicy.AllKeysLfu or EvictionPolicy.VolatileLfu => 255 - clock.Frequency(entry, now),
                EvictionPolicy.VolatileTtl => ulong.MaxValue - (ulong)expireAtMs,
                _ => (ulong)clock.IdleSeconds(entry, now) * 1000,
            };
            _pool.Offer(db.Index, entry.Key, idle);
        }
    }
}
