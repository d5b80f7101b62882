namespace Basalt.Keyspace;

/// <summary>The maxmemory-policy values of Redis 7.0: which keys may be evicted, and which first.</summary>
public enum EvictionPolicy
{
    NoEviction,
    AllKeysLru,
    VolatileLru,
    AllKeysLfu,
    VolatileLfu,
    AllKeysRandom,
    VolatileRandom,
    VolatileTtl,
}

/// <summary>Reading maxmemory-policy names and what each policy implies.</summary>
public static class EvictionPolicies
{
    /// <summary>The policy named as CONFIG accepts it; noeviction for a name that is none.</summary>
    public static EvictionPolicy Parse(string name) => name switch
    {
        "allkeys-lru" => EvictionPolicy.AllKeysLru,
        "volatile-lru" => EvictionPolicy.VolatileLru,
        "allkeys-lfu" => EvictionPolicy.AllKeysLfu,
        "volatile-lfu" => EvictionPolicy.VolatileLfu,
        "allkeys-random" => EvictionPolicy.AllKeysRandom,
        "volatile-random" => EvictionPolicy.VolatileRandom,
        "volatile-ttl" => EvictionPolicy.VolatileTtl,
        _ => EvictionPolicy.NoEviction,
    };

    /// <summary>Whether only keys with a TTL may be evicted (MAXMEMORY_FLAG_ALLKEYS unset).</summary>
    public static bool IsVolatile(this EvictionPolicy policy) =>
        policy is EvictionPolicy.VolatileLru or EvictionPolicy.VolatileLfu or EvictionPolicy.VolatileRandom or EvictionPolicy.VolatileTtl;

    /// <summary>Whether a victim is picked at random rather than through the eviction pool.</summary>
    public static bool IsRandom(this EvictionPolicy policy) =>
        policy is EvictionPolicy.AllKeysRandom or EvictionPolicy.VolatileRandom;
}
