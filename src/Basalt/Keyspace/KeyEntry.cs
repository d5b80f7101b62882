using System.Diagnostics;
using Basalt.Types;

namespace Basalt.Keyspace;

/// <summary>
/// One key of a database: its name, value, expiry and access information, chained in a bucket
/// of its segment. Commands get entries only through <see cref="Database"/>'s lookups.
/// </summary>
/// <remarks>
/// There is one entry per key, so every field is memory per key: the object is 64 bytes on the
/// 64-bit CoreCLR (<see cref="DatabaseMemory.KeyEntryBytes"/>); the chain link is a slot number and
/// the accounted size a count of 8-byte units, 4 bytes each, for that. The key's hash is kept although it
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

    /// <summary>The slot (<see cref="KeyEntrySlots"/>) of the next entry of its bucket, 0 at the end: a number, not a reference, for the collector's sake.</summary>
    internal int Next { get; set; }

    public RedisObject Value { get; internal set; }

    /// <summary>Absolute expiry in Unix milliseconds, or -1 when the key does not expire.</summary>
    public long ExpireAtMs { get; internal set; } = -1;

    /// <summary>Position in the database's <see cref="ExpiryIndex"/>, -1 when not there.</summary>
    internal int ExpirySlot { get; set; } = -1;

    /// <summary>LRU clock (seconds) or LFU data (minutes and log counter), as maxmemory-policy decides.</summary>
    internal uint Access { get; set; }

    /// <summary>The bytes this key was last counted for in the keyspace's memory total (<see cref="DatabaseMemory"/>), a multiple of 8; -1 once removed.</summary>
    internal long AccountedBytes
    {
        get => _accountedUnits == uint.MaxValue ? -1 : (long)_accountedUnits << 3;
        set
        {
            Debug.Assert(value < 0 || (value & 7) == 0, "DatabaseMemory.Of counts in 8-byte units");
            _accountedUnits = value < 0 ? uint.MaxValue : (uint)Math.Min(value >> 3, uint.MaxValue - 1);
        }
    }

    /// <summary>
    /// <see cref="AccountedBytes"/> in 8-byte units (up to 32 GB), uint.MaxValue once removed: 4 bytes
    /// where a long would make every entry 8 bytes larger.
    /// </summary>
    private uint _accountedUnits;

    public bool HasExpiry => ExpireAtMs >= 0;
}
