using System.Buffers;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// One thread's way into a <see cref="ChunkedOutput"/>: fills chunks and hands them over in runs
/// with <see cref="Publish"/>. A record that does not fit in the current chunk goes on in a new one,
/// and the chunks filled meanwhile wait for the next <see cref="Publish"/>, so a run never ends
/// inside a record and the records of two producers never interleave. What follows a publish may
/// follow another producer's run in the output: <see cref="Runs"/> tells callers to repeat context
/// (an RDB's SELECTDB) at the start of a run.
/// </summary>
public sealed class ChunkProducer : IBufferWriter<byte>
{
    private readonly ChunkedOutput _owner;
    private readonly List<(NativeChunk Chunk, int Length)> _filled = [];
    private NativeChunk? _current;
    private int _used;
    private long _unpublished;

    internal ChunkProducer(ChunkedOutput owner) => _owner = owner;

    /// <summary>How many runs were published: a new value means the next bytes start a run.</summary>
    public int Runs { get; private set; }

    /// <summary>Chunks filled since the last publish wait: a good moment to publish, at a record boundary.</summary>
    public bool HasFullChunks => _filled.Count > 0;

    /// <summary>Bytes produced and not published (read by other threads for the pending total).</summary>
    internal long UnpublishedBytes => Volatile.Read(ref _unpublished);

    public void Advance(int count)
    {
        _used += count;
        Volatile.Write(ref _unpublished, _unpublished + count);
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current!.Memory[_used..];
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current!.GetSpan()[_used..];
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_current is not null && _current.Length - _used >= sizeHint)
        {
            return;
        }
        if (_current is not null && _used > 0)
        {
            _filled.Add((_current, _used));
        }
        else
        {
            _current?.Free();
        }
        _current = _owner.Rent(sizeHint);
        _used = 0;
    }

    /// <summary>Hands everything produced so far to the writer, as one run; call it between records.</summary>
    public void Publish()
    {
        if (_current is not null && _used > 0)
        {
            _filled.Add((_current, _used));
            _current = null;
            _used = 0;
        }
        if (_filled.Count == 0)
        {
            return;
        }
        _owner.Enqueue(_filled);
        _filled.Clear();
        Volatile.Write(ref _unpublished, 0);
        Runs++;
    }
}
