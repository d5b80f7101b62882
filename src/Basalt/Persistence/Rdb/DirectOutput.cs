using System.Buffers;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that goes straight to an <see cref="RdbFileTarget"/> through one
/// buffer: what a foreground SAVE (and DUMP-sized work) needs, with no queue between producer and file.
/// </summary>
public sealed class DirectOutput(RdbFileTarget target) : IBufferWriter<byte>
{
    private const int BufferSize = 1024 * 1024;

    private byte[] _buffer = new byte[BufferSize];
    private int _used;

    public void Advance(int count) => _used += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_used);
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _used >= sizeHint)
        {
            return;
        }
        Flush();
        if (_buffer.Length < sizeHint)
        {
            _buffer = new byte[sizeHint];
        }
    }

    /// <summary>Writes what is buffered to the target.</summary>
    public void Flush()
    {
        target.Write(_buffer.AsSpan(0, _used));
        _used = 0;
    }
}
