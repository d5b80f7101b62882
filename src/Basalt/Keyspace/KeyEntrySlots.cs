namespace Basalt.Keyspace;

/// <summary>
/// Where a key table keeps its entries: numbered slots in a few large arrays, new entries taking the
/// next slot at the end (or one freed by a deletion). Buckets and chains link entries by slot number
/// (<see cref="KeySegment.Buckets"/>, <see cref="KeyEntry.Next"/>) instead of by reference.
/// </summary>
/// <remarks>
/// This is for the garbage collector. A generational collection must look at every old object into
/// which a reference to a young one was stored since the last collection; the write barrier marks
/// the 2 KB of heap around each such store, and the collection scans them all. With references in
/// buckets and chains, every new key stored one into a bucket array somewhere in a heap of gigabytes
/// (and every segment split rewrote the chain links of 64 old entries), so each collection scanned
/// most of the heap: 100-600 ms pauses while 5M keys were added, 5 times the pause of a
/// Dictionary's. Slot numbers are not references and slots are handed out in order, so only the end
/// of the slot arrays is dirty. The cost is one more memory access per lookup (the slot).
/// Slot 0 is never used: it stands for "no entry".
/// </remarks>
internal sealed class KeyEntrySlots
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;
    private const int FirstChunkSize = 64;

    /// <summary>Chunks of <see cref="ChunkSize"/> slots; the first one starts small and doubles, so that an empty database costs little.</summary>
    private KeyEntry?[][] _chunks = [new KeyEntry?[FirstChunkSize]];

    /// <summary>The first slot never handed out.</summary>
    private int _end = 1;

    /// <summary>Freed slots, the last freed on top (reused first).</summary>
    private int[] _free = [];
    private int _freeCount;

    public KeyEntry this[int slot] => _chunks[slot >> ChunkBits][slot & ChunkMask]!;

    /// <summary>Puts <paramref name="entry"/> in a free slot and returns its number (never 0).</summary>
    public int Add(KeyEntry entry)
    {
        int slot;
        if (_freeCount > 0)
        {
            slot = _free[--_freeCount];
        }
        else
        {
            slot = _end++;
            EnsureChunk(slot);
        }
        _chunks[slot >> ChunkBits][slot & ChunkMask] = entry;
        return slot;
    }

    /// <summary>Empties a slot, which a later <see cref="Add"/> may reuse.</summary>
    public void Release(int slot)
    {
        _chunks[slot >> ChunkBits][slot & ChunkMask] = null;
        if (_freeCount == _free.Length)
        {
            Array.Resize(ref _free, Math.Max(16, _free.Length * 2));
        }
        _free[_freeCount++] = slot;
    }

    /// <summary>Slots in use.</summary>
    public long Count => _end - 1 - _freeCount;

    /// <summary>Slots ever handed out, in use or free: what the arrays hold.</summary>
    public long Extent => _end - 1;

    private void EnsureChunk(int slot)
    {
        var chunk = slot >> ChunkBits;
        if (chunk == 0)
        {
            if (slot >= _chunks[0].Length)
            {
                Array.Resize(ref _chunks[0], Math.Min(ChunkSize, _chunks[0].Length * 2));
            }
            return;
        }
        // Slots are handed out in order, so the first chunk has doubled to its full size by now.
        if (chunk == _chunks.Length)
        {
            Array.Resize(ref _chunks, chunk + 1);
            _chunks[chunk] = new KeyEntry?[ChunkSize];
        }
    }
}
