using Basalt.Types;

namespace Basalt.Keyspace;

/// <summary>
/// One key of a database: its name, value, expiry and access information, chained in a bucket
/// of its segment. Commands get entries only through <see cref="Database"/>'s lookups.
/// </summary>
/// <remarks>
/// There is one entry per key, so every field is memory per key: the object is 72 bytes on the
/// 64-bit CoreCLR (<see cref="DatabaseMemory.KeyEntryBytes"/>). The key's hash is kept although it
/// could be computed again from the key: a lookup then rejects the other entries of its bucket
/// without reading their key arrays, each a likely cache miss in a large keyspace (without it, a
/// lookup of an absent key among a million took about 60% longer).
/// </remarks>
public sealed class KeyEntry
{
    internal KeyEntry(byte[] key, ulong hash, RedisObject value)
    {
        Key = key;
        Hash = hash;
        Value = value;
    }

    public byte[] Key { get; }

    internal ulong Hash { get; }

    internal KeyEntry? Next { get; set; }

    public RedisObject Value { get; internal set; }

    /// <summary>Absolute expiry in Unix milliseconds, or -1 when the key does not expire.</summary>
    public long ExpireAtMs { get; internal set; } = -1;

    /// <summary>Position in the database's <see cref="ExpiryIndex"/>, -1 when not there.</summary>
    internal int ExpirySlot { get; set; } = -1;

    /// <summary>LRU clock (seconds) or LFU data (minutes and log counter), as maxmemory-policy decides.</summary>
    internal uint Access { get; set; }

    /// <summary>The bytes this key was last counted for in the keyspace's memory total (<see cref="DatabaseMemory"/>); -1 once removed.</summary>
    internal long AccountedBytes { get; set; }

    public bool HasExpiry => ExpireAtMs >= 0;
}
