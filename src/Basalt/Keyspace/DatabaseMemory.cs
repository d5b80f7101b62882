namespace Basalt.Keyspace;

/// <summary>
/// What one key costs on the managed heap, as counted in the keyspace's memory total that INFO
/// used_memory and eviction read: its <see cref="KeyEntry"/> (with the name in it or in an array of its own), its slot and
/// bucket, its expiry index slot when it has a TTL, and the value's own
/// <see cref="Types.RedisObject.ApproximateSize"/>. The figures are the 64-bit CoreCLR layouts.
/// </summary>
/// <remarks>
/// A maintained sum rather than GC.GetTotalMemory: the GC's figure includes garbage not yet
/// collected and jumps at every collection, so an eviction decision based on it would evict at
/// random moments and keep evicting after the pressure is gone. The sum moves only when the
/// keyspace does, so the same commands give the same evictions, as in Redis.
/// </remarks>
public static class DatabaseMemory
{
    /// <summary>
    /// The entry's slot in <see cref="KeyEntrySlots"/> (a reference) and its share of the bucket
    /// heads (a slot number; the tables keep at most one entry per bucket on average).
    /// </summary>
    public const long BucketBytes = 12;

    /// <summary>
    /// The share of the expiry index's table a key with a TTL takes: a 16-byte member (the entry and
    /// its time) in a table kept between 3/8 and 3/4 full as it grows (<see cref="ExpiryIndex"/>),
    /// 32 bytes rounded up.
    /// </summary>
    public const long ExpirySlotBytes = 32;

    /// <summary>The bytes of a byte[] of <paramref name="length"/>: object header, length, data, 8-byte alignment.</summary>
    public static long ByteArray(int length) => (24L + length + 7) & ~7L;

    /// <summary>The structure the keyspace spends on a key, without its value.</summary>
    public static long KeyOverhead(KeyEntry entry) =>
        KeyEntry.ObjectBytes(entry.Key.Length) + BucketBytes + (entry.HasExpiry ? ExpirySlotBytes : 0);

    /// <summary>
    /// Everything one key costs, rounded up to 8 bytes: the unit in which its entry remembers what it
    /// was counted for (<see cref="KeyEntry.AccountedBytes"/>), so that the total stays the exact sum.
    /// </summary>
    public static long Of(KeyEntry entry) => (KeyOverhead(entry) + entry.Value.ApproximateSize + 7) & ~7L;
}
