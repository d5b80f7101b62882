using System.Runtime.CompilerServices;

namespace Basalt.Keyspace;

/// <summary>
/// A piece of the key table: all keys whose hash starts with <see cref="Prefix"/> (the top
/// <see cref="Depth"/> bits), spread over buckets indexed by the following bits. Every bucket
/// therefore covers one contiguous range of the 64-bit hash space, which is what lets SCAN
/// cursors and snapshot walkers resume by position while segments grow and split.
/// </summary>
public sealed class KeySegment
{
    internal KeySegment(KeyEntrySlots slots, int depth, ulong prefix, int bucketBits, long snapshotMark)
    {
        Slots = slots;
        Depth = depth;
        Prefix = prefix;
        BucketBits = bucketBits;
        SnapshotMark = snapshotMark;
    }

    /// <summary>The most buckets a segment has, as a power of two (the table splits a segment rather than go beyond; it says why 64).</summary>
    internal const int MaxBucketBits = 6;

    internal const int MaxBuckets = 1 << MaxBucketBits;

    /// <summary>Where the table keeps the entries that <see cref="Buckets"/> and their chains number.</summary>
    internal KeyEntrySlots Slots { get; }

    /// <summary>
    /// The slot of the first entry of each bucket's chain, 0 for an empty bucket: the first
    /// <see cref="BucketCount"/> of <see cref="_heads"/>.
    /// </summary>
    internal Span<int> Buckets => ((Span<int>)_heads)[..BucketCount];

    internal int BucketCount => 1 << BucketBits;

    /// <summary>
    /// The bucket heads, inside this object rather than in an array of their own: a lookup reads the
    /// segment anyway, and a separate array was one more cache miss per lookup in a large keyspace.
    /// </summary>
    private BucketHeads _heads;

    internal int BucketBits { get; set; }

    internal int Depth { get; }

    internal ulong Prefix { get; }

    public int Count { get; internal set; }

    /// <summary>
    /// The snapshot epoch this segment was last serialized for. A forkless snapshot compares it
    /// with its own epoch before a writer changes the segment; children of a split inherit it.
    /// </summary>
    public long SnapshotMark { get; set; }

    /// <summary>
    /// What the snapshot of epoch <see cref="SnapshotMark"/> took of this segment and has not written
    /// yet (its own type, opaque here); children of a split share it, as the keys it holds moved to them.
    /// </summary>
    public object? SnapshotCapture { get; set; }

    /// <summary>The first hash position after this segment's range; 0 for the last segment (the walk wrapped).</summary>
    public ulong EndPosition => Depth == 0 ? 0 : Prefix + (1UL << (64 - Depth));

    /// <summary>Every entry of the segment, bucket by bucket; the segment must not change meanwhile.</summary>
    public IEnumerable<KeyEntry> Entries()
    {
        for (var index = 0; index < BucketCount; index++)
        {
            for (var slot = Buckets[index]; slot != 0;)
            {
                var e = Slots[slot];
                slot = e.Next;
                yield return e;
            }
        }
    }

    /// <summary>
    /// Copies the slot number of every entry into <paramref name="target"/> (at least <see cref="Count"/>
    /// long): a snapshot's capture. The order is by depth in the chains (every bucket's first entry,
    /// then every second one, ...), not that of <see cref="Entries"/>.
    /// </summary>
    /// <remarks>
    /// By depth, because following one chain to its end waits for each entry in turn: finding the
    /// next slot means reading the entry (two cache misses in a large keyspace, its slot and the
    /// entry). Going over the buckets a level at a time makes those reads independent, so the processor
    /// overlaps them. A writer captures the segment it is about to change, so this is on the client's
    /// path: at the start of a snapshot of 5M keys under a full-speed writer, writers capture tens of
    /// thousands of segments in the first second.
    /// </remarks>
    internal int CopySlotsTo(Span<int> target)
    {
        var n = 0;
        foreach (var head in Buckets)
        {
            if (head != 0)
            {
                target[n++] = head;
            }
        }
        // Each pass follows one link from every entry the previous pass found.
        for (var from = 0; from < n;)
        {
            var end = n;
            for (var i = from; i < end; i++)
            {
                var next = Slots[target[i]].Next;
                if (next != 0)
                {
                    target[n++] = next;
                }
            }
            from = end;
        }
        return n;
    }

    /// <summary>The number of entries chained in bucket <paramref name="index"/>.</summary>
    internal int ChainLength(int index)
    {
        var length = 0;
        for (var slot = Buckets[index]; slot != 0; slot = Slots[slot].Next)
        {
            length++;
        }
        return length;
    }

    internal int BucketIndex(ulong hash) => (int)((hash << Depth) >> (64 - BucketBits));

    /// <summary>The first hash value covered by bucket <paramref name="index"/>.</summary>
    internal ulong BucketStart(int index) => Prefix | ((ulong)index << (64 - Depth - BucketBits));

    /// <summary>The number of hash values a bucket covers, as a shift (64 - depth - bits).</summary>
    internal int BucketSpanShift => 64 - Depth - BucketBits;
}

/// <summary>Room for <see cref="KeySegment.MaxBuckets"/> bucket heads, held inline by a segment.</summary>
[InlineArray(KeySegment.MaxBuckets)]
internal struct BucketHeads
{
    private int _first;
}
