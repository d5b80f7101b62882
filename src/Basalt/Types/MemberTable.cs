using System.Numerics;
using Basalt.Keyspace;

namespace Basalt.Types;

/// <summary>Gives the member bytes a <see cref="MemberTable{T, TKey}"/> item is keyed by, and what the item costs in memory.</summary>
public interface IMemberKey<in T>
{
    static abstract ReadOnlySpan<byte> KeyOf(T item);

    /// <summary>
    /// The bytes the item holds on the heap (objects and arrays), for memory accounting; 0 unless
    /// the key type says, for tables whose owner accounts for its items itself.
    /// </summary>
    static virtual long SizeOf(T item) => 0;
}

/// <summary>
/// The hash table behind the large set and sorted set forms (Redis's dict for those types),
/// keyed by member bytes and looked up by span without allocating. Three things a
/// <see cref="HashSet{T}"/> cannot give are why it exists:
/// <list type="bullet">
/// <item>a SCAN cursor that stays valid while the table grows or shrinks: buckets are a power of
///   two and the cursor walks them in reverse-binary order, exactly as Redis's dictScan, so an
///   element present for the whole scan is returned at least once;</item>
/// <item>a uniformly random element in O(1) (SPOP, SRANDMEMBER, ZRANDMEMBER): entries are kept
///   dense, a removal moves the last entry into the hole;</item>
/// <item>16 bytes per entry: the item reference, its 32-bit hash and the chain link.</item>
/// </list>
/// The table is rebuilt at once when it doubles or shrinks (no incremental rehash).
/// </summary>
public sealed class MemberTable<T, TKey>
    where T : class
    where TKey : struct, IMemberKey<T>
{
    // Redis's dicts start at 4 buckets; one here: Redis 7.0 keeps even a one-member set of strings in a
    // hashtable, and a table of one entry and one bucket costs 56 bytes less than one of four.
    private const int MinCapacity = 1;

    private struct Entry
    {
        public T Item;
        public uint Hash;

        /// <summary>Index of the next entry in the bucket's chain, -1 at the end.</summary>
        public int Next;
    }

    /// <summary>Per bucket, 1 + the index of its first entry; 0 for an empty bucket.</summary>
    private int[] _buckets;
    private Entry[] _entries;
    private int _count;
    private long _itemBytes;

    public MemberTable(int capacity = 0)
    {
        var size = CapacityFor(capacity);
        _buckets = new int[size];
        _entries = new Entry[size];
    }

    public int Count => _count;

    /// <summary>The item at a dense position 0..Count-1 (positions change when items are removed).</summary>
    public T this[int index] => _entries[index].Item;

    /// <summary>
    /// The heap bytes of this object on the 64-bit CoreCLR: header, two references, a long and an
    /// int (padded to 8).
    /// </summary>
    public const int ObjectSize = 48;

    /// <summary>Bytes held by the table and its items.</summary>
    public long ApproximateSize => ObjectSize + ByteArraySize(_buckets.Length * sizeof(int)) + 24 + _entries.Length * 16L + _itemBytes;

    /// <summary>The heap size of an array of <paramref name="length"/> bytes (header, then 8-byte granules).</summary>
    public static long ByteArraySize(int length) => 24 + ((length + 7) & ~7);

    private static int CapacityFor(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, MinCapacity));

    private static uint HashOf(ReadOnlySpan<byte> key) => (uint)KeyHasher.Hash(key);

    /// <summary>The dense position of the item with this member, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> key)
    {
        var hash = HashOf(key);
        var entries = _entries;
        for (var i = _buckets[hash & (uint)(_buckets.Length - 1)] - 1; i >= 0; i = entries[i].Next)
        {
            if (entries[i].Hash == hash && TKey.KeyOf(entries[i].Item).SequenceEqual(key))
            {
                return i;
            }
        }
        return -1;
    }

    public T? Find(ReadOnlySpan<byte> key)
    {
        var i = IndexOf(key);
        return i < 0 ? null : _entries[i].Item;
    }

    public bool Contains(ReadOnlySpan<byte> key) => IndexOf(key) >= 0;

    /// <summary>Makes room for <paramref name="count"/> items at once (a command about to add several), so that the table does not double its way there.</summary>
    public void EnsureCapacity(int count)
    {
        if (count > _entries.Length)
        {
            Rebuild(CapacityFor(count));
        }
    }

    /// <summary>Adds an item whose member the caller knows is absent.</summary>
    public void AddNew(T item)
    {
        if (_count == _entries.Length)
        {
            Rebuild(_entries.Length * 2);
        }
        var hash = HashOf(TKey.KeyOf(item));
        ref var bucket = ref _buckets[hash & (uint)(_buckets.Length - 1)];
        _entries[_count] = new Entry { Item = item, Hash = hash, Next = bucket - 1 };
        bucket = _count + 1;
        _count++;
        _itemBytes += TKey.SizeOf(item);
    }

    /// <summary>Adds the item unless its member is present; false when it was.</summary>
    public bool TryAdd(T item)
    {
        if (IndexOf(TKey.KeyOf(item)) >= 0)
        {
            return false;
        }
        AddNew(item);
        return true;
    }

    /// <summary>Removes the item with this member and returns it, or null when absent.</summary>
    public T? Remove(ReadOnlySpan<byte> key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return null;
        }
        var item = _entries[i].Item;
        RemoveAt(i);
        return item;
    }

    /// <summary>Removes the item at a dense position; the last item takes its place.</summary>
    public void RemoveAt(int index)
    {
        _itemBytes -= TKey.SizeOf(_entries[index].Item);
        Unlink(index);
        var last = _count - 1;
        if (index != last)
        {
            // Whatever pointed at the last entry now points at the hole it moves into.
            Relink(last, index);
            _entries[index] = _entries[last];
        }
        _entries[last] = default;
        _count--;
        if (_count * 8 < _entries.Length && _entries.Length > MinCapacity)
        {
            // As Redis shrinks a dict below 10% fill, so that random picks and scans stay cheap.
            Rebuild(CapacityFor(_count));
        }
    }

    /// <summary>Removes everything, keeping the smallest capacity.</summary>
    public void Clear()
    {
        _buckets = new int[MinCapacity];
        _entries = new Entry[MinCapacity];
        _count = 0;
        _itemBytes = 0;
    }

    private void Unlink(int index)
    {
        ref var bucket = ref _buckets[_entries[index].Hash & (uint)(_buckets.Length - 1)];
        if (bucket - 1 == index)
        {
            bucket = _entries[index].Next + 1;
            return;
        }
        var i = bucket - 1;
        while (_entries[i].Next != index)
        {
            i = _entries[i].Next;
        }
        _entries[i].Next = _entries[index].Next;
    }

    private void Relink(int from, int to)
    {
        ref var bucket = ref _buckets[_entries[from].Hash & (uint)(_buckets.Length - 1)];
        if (bucket - 1 == from)
        {
            bucket = to + 1;
            return;
        }
        var i = bucket - 1;
        while (_entries[i].Next != from)
        {
            i = _entries[i].Next;
        }
        _entries[i].Next = to;
    }

    private void Rebuild(int capacity)
    {
        var entries = new Entry[capacity];
        var buckets = new int[capacity];
        var mask = (uint)(capacity - 1);
        for (var i = 0; i < _count; i++)
        {
            entries[i] = _entries[i];
            ref var bucket = ref buckets[entries[i].Hash & mask];
            entries[i].Next = bucket - 1;
            bucket = i + 1;
        }
        _entries = entries;
        _buckets = buckets;
    }

    /// <summary>
    /// One step of a SCAN (dictScan): adds every item of the bucket the cursor designates to
    /// <paramref name="output"/> and returns the next cursor, 0 when the walk is complete.
    /// </summary>
    public ulong ScanStep(ulong cursor, List<T> output)
    {
        var mask = (ulong)(_buckets.Length - 1);
        for (var i = _buckets[cursor & mask] - 1; i >= 0; i = _entries[i].Next)
        {
            output.Add(_entries[i].Item);
        }
        // Increment the reversed cursor: the high bits first, so that the buckets a smaller or
        // larger table would have split or merged are visited in an order that misses none.
        cursor |= ~mask;
        cursor = ReverseBits(cursor);
        cursor++;
        return ReverseBits(cursor);
    }

    private static ulong ReverseBits(ulong v)
    {
        v = ((v >> 1) & 0x5555555555555555UL) | ((v & 0x5555555555555555UL) << 1);
        v = ((v >> 2) & 0x3333333333333333UL) | ((v & 0x3333333333333333UL) << 2);
        v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((v & 0x0F0F0F0F0F0F0F0FUL) << 4);
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v);
    }
}
