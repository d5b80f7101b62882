using System.Buffers;
using System.Runtime.InteropServices;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// A block of native memory for the bytes a snapshot has serialized but not yet written. Off the
/// managed heap on purpose: a snapshot streams the whole dataset through its queue, and as managed
/// arrays (large-object-heap sized) those blocks kept the garbage collector busy for the whole
/// snapshot. Freed explicitly once written; a finalizer frees one that a cancelled snapshot
/// could not free because a producer might still have been writing into it.
/// </summary>
public sealed unsafe class NativeChunk : MemoryManager<byte>
{
    private byte* _pointer;

    public NativeChunk(int length)
    {
        Length = length;
        _pointer = (byte*)NativeMemory.Alloc((nuint)length);
    }

    // A safety net only: while a producer writes, the snapshot's output holds this chunk (its
    // current chunk), so no span outlives the object; the finalizer frees a chunk that a cancelled
    // snapshot had to leave to it (see ChunkedOutput.Dispose).
#pragma warning disable CA2015
    ~NativeChunk() => Free();
#pragma warning restore CA2015

    public int Length { get; }

    public override Span<byte> GetSpan() =>
        _pointer is null ? throw new ObjectDisposedException(nameof(NativeChunk)) : new Span<byte>(_pointer, Length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Gives the memory back at once; the chunk must not be used afterwards.</summary>
    public void Free()
    {
        var pointer = _pointer;
        _pointer = null;
        if (pointer is not null)
        {
            NativeMemory.Free(pointer);
            GC.SuppressFinalize(this);
        }
    }
}
