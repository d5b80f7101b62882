using System.Buffers;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// The bytes a snapshot has serialized but not yet written: an <see cref="IBufferWriter{T}"/> that
/// fills native chunks (<see cref="NativeChunk"/>, reused while the snapshot runs), filled on the producing side (under the server lock) and emptied by one
/// file-writing thread. <see cref="Publish"/> hands the bytes produced so far to the writer;
/// <see cref="PendingBytes"/> is what the snapshot costs in memory, which producers keep under a
/// cap by waiting in <see cref="WaitBelow"/> (back-pressure instead of unbounded growth).
/// </summary>
public sealed class ChunkedOutput : IBufferWriter<byte>, IDisposable
{
    private const int ChunkSize = 256 * 1024;

    private readonly object _gate = new();
    private readonly Queue<(NativeChunk Chunk, int Length)> _published = new();

    /// <summary>Standard-size chunks written and free for reuse (under the gate).</summary>
    private readonly Stack<NativeChunk> _free = new();
    private NativeChunk? _current;
    private int _used;
    private long _pendingBytes;
    private bool _completed;
    private bool _abandoned;

    /// <summary>Asynchronous waiters of <see cref="WaitBelowAsync"/> with their limits, released as the writer catches up.</summary>
    private readonly List<(long Limit, TaskCompletionSource Done)> _asyncWaiters = [];

    /// <summary>Bytes produced and not yet taken by the writer (published or not).</summary>
    public long PendingBytes
    {
        get
        {
            lock (_gate)
            {
                return _pendingBytes + _used;
            }
        }
    }

    /// <summary>The largest <see cref="PendingBytes"/> seen.</summary>
    public long PeakPendingBytes { get; private set; }

    /// <summary>Everything ever produced.</summary>
    public long TotalBytes { get; private set; }

    public void Advance(int count)
    {
        _used += count;
        TotalBytes += count;
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
        Publish();
        NativeChunk? reused = null;
        if (sizeHint <= ChunkSize)
        {
            lock (_gate)
            {
                _free.TryPop(out reused);
            }
        }
        _current = reused ?? new NativeChunk(Math.Max(ChunkSize, sizeHint));
        _used = 0;
    }

    /// <summary>Makes the bytes produced so far available to the writer.</summary>
    public void Publish()
    {
        if (_current is null || _used == 0)
        {
            return;
        }
        lock (_gate)
        {
            if (_abandoned)
            {
                _current.Free();
            }
            else
            {
                _published.Enqueue((_current, _used));
                _pendingBytes += _used;
                PeakPendingBytes = Math.Max(PeakPendingBytes, _pendingBytes);
                Monitor.PulseAll(_gate);
            }
        }
        _current = null;
        _used = 0;
    }

    /// <summary>Publishes the rest and tells the writer nothing more will come.</summary>
    public void Complete()
    {
        Publish();
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Waits for the next published chunk; false when the producer completed and everything was
    /// taken. The caller gives the chunk back with <see cref="Release"/>.
    /// </summary>
    public bool TryTake(out NativeChunk chunk, out int length)
    {
        lock (_gate)
        {
            while (_published.Count == 0 && !_completed && !_abandoned)
            {
                Monitor.Wait(_gate);
            }
            if (_published.Count == 0)
            {
                // Nothing more will come: the chunks kept for reuse go back to the system.
                FreeReusable();
            }
            if (_published.Count == 0 || _abandoned)
            {
                chunk = null!;
                length = 0;
                return false;
            }
            (chunk, length) = _published.Dequeue();
            return true;
        }
    }

    /// <summary>Returns a chunk taken with <see cref="TryTake"/> once it is written.</summary>
    public void Release(NativeChunk chunk, int length)
    {
        lock (_gate)
        {
            if (chunk.Length == ChunkSize && !_abandoned && !_completed)
            {
                _free.Push(chunk);
            }
            else
            {
                chunk.Free();
            }
            _pendingBytes -= length;
            Monitor.PulseAll(_gate);
            ReleaseAsyncWaiters();
        }
    }

    /// <summary>
    /// <see cref="WaitBelow"/> without holding a thread: connections that must wait for the file to
    /// catch up await this, so that many throttled writers cannot starve the thread pool that
    /// everyone else's work runs on.
    /// </summary>
    public Task WaitBelowAsync(long limit)
    {
        lock (_gate)
        {
            if (_pendingBytes < limit || _abandoned)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _asyncWaiters.Add((limit, done));
            return done.Task;
        }
    }

    /// <summary>Completes the asynchronous waiters whose limit is now met (all of them once abandoned); under the gate.</summary>
    private void ReleaseAsyncWaiters()
    {
        for (var i = _asyncWaiters.Count - 1; i >= 0; i--)
        {
            if (_abandoned || _pendingBytes < _asyncWaiters[i].Limit)
            {
                _asyncWaiters[i].Done.TrySetResult();
                _asyncWaiters.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// Waits until fewer than <paramref name="limit"/> published bytes are pending (or the writer gave
    /// up). Any thread may wait; only the producer may publish, so this does not.
    /// </summary>
    public void WaitBelow(long limit)
    {
        lock (_gate)
        {
            while (_pendingBytes >= limit && !_abandoned)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>The writer failed or the snapshot was cancelled: drop everything, release waiters.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _abandoned = true;
            while (_published.Count > 0)
            {
                var (chunk, length) = _published.Dequeue();
                _pendingBytes -= length;
                chunk.Free();
            }
            FreeReusable();
            Monitor.PulseAll(_gate);
            ReleaseAsyncWaiters();
        }
    }

    public bool IsAbandoned
    {
        get
        {
            lock (_gate)
            {
                return _abandoned;
            }
        }
    }

    /// <summary>Frees the chunks kept for reuse (under the gate).</summary>
    private void FreeReusable()
    {
        while (_free.TryPop(out var chunk))
        {
            chunk.Free();
        }
    }

    /// <summary>
    /// Abandons the output. The chunk being filled is left to its finalizer rather than freed: a
    /// producer on another thread may still be writing into it.
    /// </summary>
    public void Dispose() => Abandon();
}
