using System.Runtime.InteropServices;
using Basalt.Keyspace;

namespace Basalt.Persistence;

/// <summary>
/// Native memory for the slot numbers a snapshot captures: pieces of <see cref="KeyTable.MaxSegmentKeys"/>
/// ints carved from slabs, given back for reuse once written, all freed together when the snapshot
/// ends. Not thread-safe: the snapshot calls it under its captures' gate.
/// </summary>
/// <remarks>
/// Off the managed heap for the collector's sake. Captures used to be managed arrays of entry
/// references, carved from large-object-heap slabs: at the start of a snapshot under a full-speed
/// writer, writers capture most segments at once (1M keys: 8 MB of slabs), and that allocation made
/// the collector start a full collection in the middle of the snapshot, a 100 ms pause for the
/// clients (it marks every key). Slot numbers need no tracing, so they can live here; the table's
/// slots keep the entries alive.
/// </remarks>
internal sealed unsafe class CaptureSlotPool : IDisposable
{
    /// <summary>Ints per piece: one segment's entries.</summary>
    public const int PieceSlots = KeyTable.MaxSegmentKeys;

    private const int PiecesPerSlab = 1024;

    // Every slab allocated (one per 64K captured keys), for Dispose.
    private readonly List<nint> _slabs = [];
    private int* _slab;
    private int _slabNext = PiecesPerSlab;

    // Pieces given back, linked through their own first 8 bytes.
    private int* _free;

    /// <summary>A piece of <see cref="PieceSlots"/> ints, contents undefined.</summary>
    public int* Take()
    {
        if (_free is not null)
        {
            var piece = _free;
            _free = *(int**)piece;
            return piece;
        }
        if (_slabNext == PiecesPerSlab)
        {
            _slab = (int*)NativeMemory.Alloc((nuint)PiecesPerSlab * PieceSlots, sizeof(int));
            _slabs.Add((nint)_slab);
            _slabNext = 0;
        }
        return _slab + (_slabNext++ * PieceSlots);
    }

    /// <summary>Takes back a piece from <see cref="Take"/> for reuse.</summary>
    public void Give(int* piece)
    {
        *(int**)piece = _free;
        _free = piece;
    }

    /// <summary>Bytes of native memory held.</summary>
    public long Bytes => (long)_slabs.Count * PiecesPerSlab * PieceSlots * sizeof(int);

    /// <summary>Frees every slab: no piece may be used afterwards.</summary>
    public void Dispose()
    {
        foreach (var slab in _slabs)
        {
            NativeMemory.Free((void*)slab);
        }
        _slabs.Clear();
        _slab = null;
        _slabNext = PiecesPerSlab;
        _free = null;
    }
}
