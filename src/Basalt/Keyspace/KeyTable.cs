namespace Basalt.Keyspace;

/// <summary>
/// The segmented hash table of a database (DESIGN.md decision 3). A directory indexed by the top
/// bits of the key hash points to segments (extendible hashing); a segment doubles its buckets
/// until it reaches <see cref="MaxBucketBits"/>, then splits in two. No operation ever touches
/// more than one segment, so the cost of growth is bounded, and every bucket covers a fixed range
/// of hash values, so a position in hash order (a SCAN cursor, a snapshot walker) survives growth.
/// Entries live in numbered slots (<see cref="KeyEntrySlots"/>, which says why) and buckets and
/// chains hold slot numbers.
/// </summary>
public sealed class KeyTable
{
    private const int InitialBucketBits = 2;
    // A segment holds at most 64 keys (MaxSegmentKeys): what a writer captures when it first touches
    // a segment during a snapshot, so this bounds that pause (each key a likely cache miss; with 256
    // the first writes of a snapshot of 1M keys held the lock 4 times longer).
    private const int MaxBucketBits = KeySegment.MaxBucketBits;
    // Reserve lays out at most 2^20 segments (~268M keys); beyond that the table grows as usual.
    private const int MaxReservedDepth = 20;

    // Entries keep the upper 32 bits of their hash (KeyEntry.Hash), which place them in a directory of up
    // to 2^26 segments of 64 buckets; past that depth (billions of keys) placement hashes the name again.
    private const int EntryHashDepth = 32 - MaxBucketBits;

    /// <summary>The most keys a segment holds between two operations (it splits beyond).</summary>
    public const int MaxSegmentKeys = 1 << MaxBucketBits;

    private readonly KeyEntrySlots _slots = new();
    private KeySegment[] _directory;
    private int _globalDepth;

    public KeyTable()
        : this(EntryHashDepth)
    {
    }

    /// <summary>
    /// A table that uses only the upper <paramref name="maxEntryHashDepth"/> + <see cref="MaxBucketBits"/>
    /// bits of the entries' hash, as if they kept no more (tests take the deeper path with few keys).
    /// </summary>
    internal KeyTable(int maxEntryHashDepth)
    {
        _maxEntryHashDepth = Math.Min(maxEntryHashDepth, EntryHashDepth);
        _entryHashMask = ~0UL << (64 - _maxEntryHashDepth - MaxBucketBits);
        _directory = [new KeySegment(_slots, 0, 0, InitialBucketBits, 0)];
    }

    private readonly int _maxEntryHashDepth;
    private readonly ulong _entryHashMask;

    /// <summary>Written by <see cref="Preload"/> only.</summary>
    private int _preloaded;

    public long Count { get; private set; }

    /// <summary>The entry slots ever handed out, in use or free (tests check that deletions give theirs back for reuse).</summary>
    internal long SlotExtent => _slots.Extent;

    /// <summary>
    /// Told before any change to a segment (insert, delete, or an in-place change of a value in it).
    /// A forkless snapshot installs itself here to serialize a segment it has not written yet.
    /// </summary>
    public ISnapshotHook? Snapshot { get; set; }

    /// <summary>The expiry times of this table's keys that have one: they go with the keys (FLUSHDB, SWAPDB, a snapshot's walk).</summary>
    public ExpiryIndex Expiries { get; } = new();

    public int SegmentCount
    {
        get
        {
            var n = 0;
            foreach (var _ in Segments())
            {
                n++;
            }
            return n;
        }
    }

    internal KeySegment SegmentFor(ulong hash) =>
        _globalDepth == 0 ? _directory[0] : _directory[(int)(hash >> (64 - _globalDepth))];

    /// <summary>The hash that places <paramref name="e"/> in a table of <paramref name="depth"/> (this one's by default): the upper half it keeps, while that is enough.</summary>
    private ulong PlacementHash(KeyEntry e, int depth = -1) =>
        (depth < 0 ? _globalDepth : depth) <= _maxEntryHashDepth ? e.Hash & _entryHashMask : KeyHasher.Hash(e.Key);

    public KeyEntry? Find(ReadOnlySpan<byte> key) => Find(key, KeyHasher.Hash(key));

    internal KeyEntry? Find(ReadOnlySpan<byte> key, ulong hash)
    {
        var segment = SegmentFor(hash);
        for (var slot = segment.Buckets[segment.BucketIndex(hash)]; slot != 0;)
        {
            var e = _slots[slot];
            if (e.HashMatches(hash) && key.SequenceEqual(e.Key))
            {
                return e;
            }
            slot = e.Next;
        }
        return null;
    }

    /// <summary>
    /// Reads what finding or inserting a key of <paramref name="hash"/> reads first (its segment, the
    /// bucket, the head of the chain), changing nothing. A loader calls it for a batch of keys before
    /// inserting them, a connection for the keys of a pipelined batch before running it: these reads
    /// do not depend on each other, so their cache misses overlap.
    /// </summary>
    internal void Preload(ulong hash)
    {
        var segment = SegmentFor(hash);
        var slot = segment.Buckets[segment.BucketIndex(hash)];
        if (slot != 0)
        {
            // Stored so that the compiler keeps the load of the entry.
            _preloaded = _slots[slot].Next;
        }
    }

    /// <summary>Signals that the entry's value is about to change in place.</summary>
    internal void PrepareWrite(KeyEntry entry) => Announce(entry, valueInPlace: true);

    /// <summary>Signals that the entry itself (its expiry, which value it holds) is about to change, but not the value object.</summary>
    internal void PrepareEntryWrite(KeyEntry entry) => Announce(entry, valueInPlace: false);

    private KeySegment Announce(KeyEntry entry, bool valueInPlace)
    {
        var hash = PlacementHash(entry);
        var segment = SegmentFor(hash);
        if (Snapshot is { } snapshot)
        {
            snapshot.BeforeSegmentWrite(segment);
            snapshot.BeforeEntryWrite(segment, entry, SlotOf(segment, hash, entry), valueInPlace);
        }
        return segment;
    }

    /// <summary>The slot of <paramref name="entry"/>, placed by <paramref name="hash"/> in <paramref name="segment"/>; 0 when it is not there.</summary>
    private int SlotOf(KeySegment segment, ulong hash, KeyEntry entry)
    {
        for (var slot = segment.Buckets[segment.BucketIndex(hash)]; slot != 0;)
        {
            var e = _slots[slot];
            if (ReferenceEquals(e, entry))
            {
                return slot;
            }
            slot = e.Next;
        }
        return 0;
    }

    /// <summary>
    /// The entry in <paramref name="slot"/>, which must hold one. A snapshot reads it outside the
    /// server lock for a slot it captured: that entry stays in its slot until the snapshot wrote it,
    /// and a read that races with the slot arrays growing sees the old arrays, which hold it too.
    /// </summary>
    internal KeyEntry EntryInSlot(int slot) => _slots[slot];

    /// <summary>The segment holding hash position <paramref name="position"/>; walkers use it with <see cref="KeySegment.EndPosition"/>.</summary>
    public KeySegment SegmentAt(ulong position) => SegmentFor(position);

    /// <summary>
    /// Lays out an empty table for about <paramref name="keys"/> keys at once (a loader that read a
    /// RESIZEDB hint), so that the load does not split its way there one segment at a time. Segments
    /// start full-sized and about as full as growth would leave them; a table that already holds keys
    /// is left as it is.
    /// </summary>
    public void Reserve(long keys)
    {
        if (Count != 0 || _globalDepth != 0)
        {
            return;
        }
        var depth = 0;
        while (depth < MaxReservedDepth && (keys >> depth) > (1 << MaxBucketBits))
        {
            depth++;
        }
        if (depth == 0)
        {
            return;
        }
        var mark = _directory[0].SnapshotMark;
        var directory = new KeySegment[1 << depth];
        for (var i = 0; i < directory.Length; i++)
        {
            directory[i] = new KeySegment(_slots, depth, (ulong)i << (64 - depth), MaxBucketBits, mark);
        }
        _directory = directory;
        _globalDepth = depth;
    }

    /// <summary>Adds an entry whose key is known to be absent.</summary>
    internal void Insert(KeyEntry entry) => Insert(entry, PlacementHash(entry));

    /// <summary>Adds an entry whose key is known to be absent and whose hash the caller has at hand.</summary>
    internal void Insert(KeyEntry entry, ulong hash)
    {
        var segment = SegmentFor(hash);
        Snapshot?.BeforeSegmentWrite(segment);
        var index = segment.BucketIndex(hash);
        entry.Next = segment.Buckets[index];
        segment.Buckets[index] = _slots.Add(entry);
        segment.Count++;
        Count++;
        if (segment.Count > segment.BucketCount)
        {
            Grow(segment);
        }
    }

    /// <summary>Unlinks an entry that is in the table.</summary>
    internal void Remove(KeyEntry entry)
    {
        var segment = Announce(entry, valueInPlace: false);
        var index = segment.BucketIndex(PlacementHash(entry));
        KeyEntry? previous = null;
        for (var slot = segment.Buckets[index]; slot != 0;)
        {
            var e = _slots[slot];
            if (ReferenceEquals(e, entry))
            {
                if (previous is null)
                {
                    segment.Buckets[index] = e.Next;
                }
                else
                {
                    previous.Next = e.Next;
                }
                e.Next = 0;
                _slots.Release(slot);
                segment.Count--;
                Count--;
                if (segment.BucketBits > InitialBucketBits && segment.Count < segment.BucketCount / 8)
                {
                    Rehash(segment, segment.BucketBits - 1);
                }
                return;
            }
            previous = e;
            slot = e.Next;
        }
        throw new InvalidOperationException("entry is not in the table");
    }

    private void Grow(KeySegment segment)
    {
        if (segment.BucketBits < MaxBucketBits)
        {
            Rehash(segment, segment.BucketBits + 1);
        }
        else
        {
            Split(segment);
        }
    }

    private void Rehash(KeySegment segment, int bucketBits)
    {
        Span<int> old = stackalloc int[segment.BucketCount];
        segment.Buckets.CopyTo(old);
        segment.BucketBits = bucketBits;
        segment.Buckets.Clear();
        foreach (var head in old)
        {
            var slot = head;
            while (slot != 0)
            {
                var e = _slots[slot];
                var next = e.Next;
                var index = segment.BucketIndex(PlacementHash(e));
                e.Next = segment.Buckets[index];
                segment.Buckets[index] = slot;
                slot = next;
            }
        }
    }

    private void Split(KeySegment segment)
    {
        var depth = segment.Depth + 1;
        var low = new KeySegment(_slots, depth, segment.Prefix, MaxBucketBits, segment.SnapshotMark) { SnapshotCapture = segment.SnapshotCapture };
        var high = new KeySegment(_slots, depth, segment.Prefix | (1UL << (64 - depth)), MaxBucketBits, segment.SnapshotMark) { SnapshotCapture = segment.SnapshotCapture };
        foreach (var head in segment.Buckets)
        {
            var slot = head;
            while (slot != 0)
            {
                var e = _slots[slot];
                var next = e.Next;
                var hash = PlacementHash(e, depth);
                var target = (hash & (1UL << (64 - depth))) == 0 ? low : high;
                var index = target.BucketIndex(hash);
                e.Next = target.Buckets[index];
                target.Buckets[index] = slot;
                target.Count++;
                slot = next;
            }
        }
        if (segment.Depth == _globalDepth)
        {
            var doubled = new KeySegment[_directory.Length * 2];
            for (var i = 0; i < _directory.Length; i++)
            {
                doubled[2 * i] = _directory[i];
                doubled[2 * i + 1] = _directory[i];
            }
            _directory = doubled;
            _globalDepth++;
        }
        var first = (int)(segment.Prefix >> (64 - _globalDepth));
        var slots = 1 << (_globalDepth - segment.Depth);
        for (var i = 0; i < slots; i++)
        {
            _directory[first + i] = i < slots / 2 ? low : high;
        }
    }

    /// <summary>Every segment once, in hash order.</summary>
    public IEnumerable<KeySegment> Segments()
    {
        KeySegment? previous = null;
        foreach (var segment in _directory)
        {
            if (!ReferenceEquals(segment, previous))
            {
                yield return segment;
                previous = segment;
            }
        }
    }

    /// <summary>Every entry; the table must not change during the enumeration.</summary>
    public IEnumerable<KeyEntry> Entries()
    {
        foreach (var segment in Segments())
        {
            foreach (var e in segment.Entries())
            {
                yield return e;
            }
        }
    }

    /// <summary>
    /// Visits whole buckets in hash order starting at <paramref name="cursor"/> (a position in hash
    /// space) until at least <paramref name="count"/> entries were visited or <paramref name="maxBuckets"/>
    /// buckets were looked at. Returns the next cursor, 0 when the walk wrapped around.
    /// Every key present for the whole walk is visited at least once, however the table grows.
    /// </summary>
    public ulong Scan(ulong cursor, int count, int maxBuckets, Action<KeyEntry> visit)
    {
        var visited = 0;
        var buckets = 0;
        do
        {
            var segment = SegmentFor(cursor);
            var index = segment.BucketIndex(cursor);
            for (var slot = segment.Buckets[index]; slot != 0;)
            {
                var e = _slots[slot];
                slot = e.Next;
                visit(e);
                visited++;
            }
            buckets++;
            // Move to the first position after this bucket; a wrap past the end gives 0.
            var start = segment.BucketStart(index);
            cursor = start + (1UL << segment.BucketSpanShift);
        }
        while (cursor != 0 && visited < count && buckets < maxBuckets);
        return cursor;
    }

    /// <summary>A random entry, or null when the table is empty.</summary>
    public KeyEntry? Random(Random random)
    {
        if (Count == 0)
        {
            return null;
        }
        for (var attempt = 0; ; attempt++)
        {
            var segment = _directory[random.Next(_directory.Length)];
            if (segment.Count == 0)
            {
                if (attempt < 64)
                {
                    continue;
                }
                // A very sparse directory: fall back to the first non-empty segment.
                foreach (var s in Segments())
                {
                    if (s.Count > 0)
                    {
                        segment = s;
                        break;
                    }
                }
            }
            var start = random.Next(segment.BucketCount);
            for (var i = 0; i < segment.BucketCount; i++)
            {
                var index = (start + i) & (segment.BucketCount - 1);
                var length = segment.ChainLength(index);
                if (length == 0)
                {
                    continue;
                }
                var pick = random.Next(length);
                var chosen = segment.Buckets[index];
                while (pick-- > 0)
                {
                    chosen = _slots[chosen].Next;
                }
                return _slots[chosen];
            }
        }
    }

    /// <summary>Statistics for DEBUG HTSTATS: segments, buckets, the longest chain.</summary>
    public (int Segments, long Buckets, int MaxChain) Stats()
    {
        var segments = 0;
        long buckets = 0;
        var maxChain = 0;
        foreach (var segment in Segments())
        {
            segments++;
            buckets += segment.BucketCount;
            for (var index = 0; index < segment.BucketCount; index++)
            {
                maxChain = Math.Max(maxChain, segment.ChainLength(index));
            }
        }
        return (segments, buckets, maxChain);
    }
}
