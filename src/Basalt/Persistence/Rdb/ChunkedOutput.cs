using System.Buffers;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// The bytes a snapshot has serialized but not yet written: native chunks (<see cref="NativeChunk"/>,
/// reused while the snapshot runs) filled by producers (<see cref="ChunkProducer"/>, one per
/// producing thread) and emptied in publishing order by one file-writing thread.
/// <see cref="PendingBytes"/> is what the snapshot costs in memory, which producers keep under a
/// cap by waiting in <see cref="WaitBelow"/> (back-pressure instead of unbounded growth). Memory the
/// snapshot holds for bytes it has still to produce (<see cref="Hold"/>) counts as pending too.
/// </summary>
public sealed class ChunkedOutput : IDisposable
{
    internal const int ChunkSize = 256 * 1024;

    private readonly object _gate = new();
    private readonly Queue<(NativeChunk Chunk, int Length)> _published = new();

    /// <summary>Standard-size chunks written and free for reuse (under the gate).</summary>
    private readonly Stack<NativeChunk> _free = new();
    private readonly List<ChunkProducer> _producers = [];
    private long _pendingBytes;
    private long _heldBytes;
    private bool _completed;
    private bool _abandoned;

    /// <summary>Asynchronous waiters of <see cref="WaitBelowAsync"/> with their limits, released as the writer catches up.</summary>
    private readonly List<(long Limit, TaskCompletionSource Done)> _asyncWaiters = [];

    /// <summary>Bytes produced and not yet taken by the writer (published or not), plus what is held (<see cref="Hold"/>).</summary>
    public long PendingBytes
    {
        get
        {
            lock (_gate)
            {
                var pending = _pendingBytes + _heldBytes;
                foreach (var producer in _producers)
                {
                    pending += producer.UnpublishedBytes;
                }
                return pending;
            }
        }
    }

    /// <summary>A new producer: what one thread produces, published in runs that keep its records whole.</summary>
    public ChunkProducer NewProducer()
    {
        var producer = new ChunkProducer(this);
        lock (_gate)
        {
            _producers.Add(producer);
        }
        return producer;
    }

    /// <summary>
    /// Counts <paramref name="bytes"/> (negative: gives them back) of memory the snapshot holds for
    /// output it has still to produce, against <see cref="WaitBelowAsync"/>'s limit and in the peak,
    /// but not against the producer's own <see cref="WaitBelow"/>: producing is what frees it.
    /// </summary>
    public void Hold(long bytes)
    {
        lock (_gate)
        {
            _heldBytes += bytes;
            PeakPendingBytes = Math.Max(PeakPendingBytes, _pendingBytes + _heldBytes);
            if (bytes < 0)
            {
                ReleaseAsyncWaiters();
            }
        }
    }

    /// <summary>The largest <see cref="PendingBytes"/> seen.</summary>
    public long PeakPendingBytes { get; private set; }

    /// <summary>A chunk of at least <paramref name="sizeHint"/> bytes for a producer, reused when one of the standard size is free.</summary>
    internal NativeChunk Rent(int sizeHint)
    {
        if (sizeHint <= ChunkSize)
        {
            lock (_gate)
            {
                if (_free.TryPop(out var reused))
                {
                    return reused;
                }
            }
        }
        return new NativeChunk(Math.Max(ChunkSize, sizeHint));
    }

    /// <summary>Hands a producer's run of chunks to the writer, contiguous in the output.</summary>
    internal void Enqueue(List<(NativeChunk Chunk, int Length)> run)
    {
        lock (_gate)
        {
            foreach (var (chunk, length) in run)
            {
                if (_abandoned)
                {
                    chunk.Free();
                    continue;
                }
                _published.Enqueue((chunk, length));
                _pendingBytes += length;
            }
            PeakPendingBytes = Math.Max(PeakPendingBytes, _pendingBytes + _heldBytes);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Tells the writer nothing more will come; every producer has published its last run.</summary>
    public void Complete()
    {
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
    /// <see cref="WaitBelow"/>, counting held bytes too, without holding a thread: connections that must wait for the file to
    /// catch up await this, so that many throttled writers cannot starve the thread pool that
    /// everyone else's work runs on.
    /// </summary>
    public Task WaitBelowAsync(long limit)
    {
        lock (_gate)
        {
            if (_pendingBytes + _heldBytes < limit || _abandoned)
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
            if (_abandoned || _pendingBytes + _heldBytes < _asyncWaiters[i].Limit)
            {
                _asyncWaiters[i].Done.TrySetResult();
                _asyncWaiters.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// Waits until fewer than <paramref name="limit"/> published bytes are pending (or the writer gave
    /// up). Any thread may wait, as long as what it waits for does not depend on its own publishing.
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
    /// Abandons the output. Chunks being filled are left to their finalizers rather than freed: a
    /// producer on another thread may still be writing into one.
    /// </summary>
    public void Dispose() => Abandon();
}
