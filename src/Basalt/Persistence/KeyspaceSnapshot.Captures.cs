using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Basalt.Keyspace;

namespace Basalt.Persistence;

/// <summary>Capturing segments and writing what was captured (see the class remarks).</summary>
public sealed partial class KeyspaceSnapshot
{
    // What a capture costs besides its slot numbers: the SegmentCapture object.
    private const long CaptureObjectBytes = 72;

    // Captured and not yet written, oldest first; written by the walker and waiting to be retired
    // under the server lock; the native memory of their slot numbers. All under _capturesGate, held
    // for a few instructions only.
    private readonly object _capturesGate = new();
    private readonly CaptureQueue _captures = new();
    private readonly CaptureQueue _written = new();
    private readonly CaptureSlotPool _slotPool = new();

    // The entry the walker is writing right now: a writer about to change it waits until it is done.
    private KeyEntry? _inFlight;

    /// <summary>Captures the walk's next segments, up to a batch; under the server lock.</summary>
    private void CaptureBatch(TableWalk walk)
    {
        var start = Stopwatch.GetTimestamp();
        var keys = 0;
        do
        {
            var segment = walk.Table.SegmentAt(walk.Position);
            if (segment.SnapshotMark != _epoch)
            {
                keys += Capture(walk, segment);
            }
            walk.Position = segment.EndPosition;
            walk.Done = walk.Position == 0;
        }
        while (!walk.Done && keys < BatchKeys && Stopwatch.GetTimestamp() - start < BatchTicks);
    }

    /// <summary>
    /// Takes the slot numbers of <paramref name="segment"/>'s entries, as they are now, and marks it;
    /// under the server lock. From here on the entries in those slots stand for the snapshot's keys:
    /// an entry must not change, nor leave its slot, until it is written (<see cref="WriteCapturedEntry"/>).
    /// </summary>
    // Optimized from its first call: a snapshot's first moments are when writers call it most, and
    // tiered compilation would run it unoptimized then (it runs only while a snapshot does).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int Capture(TableWalk walk, KeySegment segment)
    {
        segment.SnapshotMark = _epoch;
        var count = segment.Count;
        if (count == 0)
        {
            segment.SnapshotCapture = null;
            return 0;
        }
        var pooled = count <= CaptureSlotPool.PieceSlots;
        int* slots;
        if (pooled)
        {
            lock (_capturesGate)
            {
                slots = _slotPool.Take();
            }
        }
        else
        {
            slots = (int*)NativeMemory.Alloc((nuint)count, sizeof(int));
        }
        var n = segment.CopySlotsTo(new Span<int>(slots, count));
        var capture = new SegmentCapture(_epoch, walk, slots, n, pooled);
        segment.SnapshotCapture = capture;
        _output.Hold(capture.Bytes);
        lock (_capturesGate)
        {
            _captures.Enqueue(capture);
        }
        return n;
    }

    /// <summary>
    /// Writes the captures queued so far (the walker's and the writers'), outside the server lock.
    /// Each entry is claimed from its slot first; a writer claims the ones it is about to change, so
    /// the two never write the same entry and never wait for each other (but for the one entry the
    /// walker is writing, <see cref="_inFlight"/>).
    /// </summary>
    private void WriteCaptures()
    {
        while (!Stopped)
        {
            SegmentCapture? capture;
            lock (_capturesGate)
            {
                capture = _captures.Dequeue();
            }
            if (capture is null)
            {
                break;
            }
            var table = capture.Walk!.Table;
            for (var i = 0; i < capture.Count && !_aborted; i++)
            {
                ref var slot = ref capture.Slot(i);
                var number = Volatile.Read(ref slot);
                if (number == 0)
                {
                    continue;
                }
                // The slot still holds the captured entry unless a writer claimed it meanwhile, which
                // the claim below then finds (a wrong entry announced for a moment only makes a writer
                // of it wait that moment).
                var entry = table.EntryInSlot(number);
                // Announced before the claim: a writer that finds the slot number gone then sees it here.
                Volatile.Write(ref _inFlight, entry);
                if (Interlocked.CompareExchange(ref slot, 0, number) == number)
                {
                    WriteClaimed(_walkerOut, capture, entry, urgent: false);
                }
                Volatile.Write(ref _inFlight, null);
            }
            lock (_capturesGate)
            {
                _written.Enqueue(capture);
            }
            if (_walkerOut.Output.HasFullChunks)
            {
                _walkerOut.Output.Publish();
            }
            if (_keySaveDelayMicros > 0)
            {
                DelayForSavedKeys();
            }
            _output.WaitBelow(WalkerLead);
        }
        _walkerOut.Output.Publish();
    }

    /// <summary>
    /// A writer is about to change <paramref name="entry"/>, which is in <paramref name="slot"/>: if
    /// the snapshot captured it and has not written it yet, it is written now, as it still is; if the
    /// walker is writing it, the writer waits for that one entry. Under the server lock.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteCapturedEntry(KeySegment segment, KeyEntry entry, int slot)
    {
        if (segment.SnapshotCapture is SegmentCapture capture && capture.Epoch == _epoch && capture.Remaining > 0)
        {
            var index = capture.IndexOf(slot);
            if (index >= 0 && Interlocked.CompareExchange(ref capture.Slot(index), 0, slot) == slot)
            {
                // A client's write waits: serialize fast (no LZF) rather than small.
                WriteClaimed(_writersOut, capture, entry, urgent: true);
                if (_writersOut.Output.HasFullChunks)
                {
                    _writersOut.Output.Publish();
                }
                return;
            }
        }
        if (Volatile.Read(ref _inFlight) == entry)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _inFlight) == entry)
            {
                spin.SpinOnce();
            }
        }
    }

    /// <summary>Writes an entry its producer claimed from <paramref name="capture"/> (a large value is only noted for the end).</summary>
    private void WriteClaimed(SnapshotProducer producer, SegmentCapture capture, KeyEntry entry, bool urgent)
    {
        capture.Claimed();
        var walk = capture.Walk!;
        if (IsLarge(entry.Value))
        {
            Defer(walk, entry);
            return;
        }
        SelectDb(producer, walk);
        WriteEntry(producer.Output, entry.Key, entry.Value, walk.ExpireAtOf(entry), entry, urgent);
        Interlocked.Increment(ref _keysProcessed);
    }

    /// <summary>Leaves a large value for the end: the snapshot keeps it, writers copy it before changing it.</summary>
    private void Defer(TableWalk walk, KeyEntry entry)
    {
        lock (_deferredGate)
        {
            _deferred.Add(new DeferredKey(walk, entry, entry.Value, walk.ExpireAtOf(entry), AccessInfo(entry)));
            _liveDeferred.Add(entry.Value);
        }
    }

    /// <summary>A value about to change in place that the snapshot still has to write: the keyspace goes on with a copy.</summary>
    private void CopyIfDeferred(KeyEntry entry)
    {
        lock (_deferredGate)
        {
            if (!_liveDeferred.Remove(entry.Value))
            {
                return;
            }
        }
        // The snapshot keeps the original, which nothing changes any more; the keyspace continues
        // with a copy (a list's shares its nodes until it changes them).
        entry.Value = entry.Value.CopyForSnapshot(out var copied);
        Interlocked.Add(ref _copiedBytes, copied);
    }

    /// <summary>
    /// Captures the walker has written give their slots back for reuse, for about a batch's time at
    /// most (<paramref name="all"/>: every one); true when none is left. Under the server lock, so that
    /// no writer is still writing an entry it claimed from one.
    /// </summary>
    /// <remarks>
    /// Bounded because the walker writes every queued capture between two holds of the lock: at the
    /// start of a snapshot of 5M keys under a full-speed writer, writers had captured tens of thousands
    /// of segments, and retiring them all in one hold kept clients waiting for up to 290 ms.
    /// </remarks>
    private bool RetireWritten(bool all = false)
    {
        var start = Stopwatch.GetTimestamp();
        long bytes = 0;
        bool empty;
        lock (_capturesGate)
        {
            var retired = 0;
            while (_written.Dequeue() is { } capture)
            {
                bytes += Retire(capture);
                if (!all && ++retired % 64 == 0 && Stopwatch.GetTimestamp() - start >= BatchTicks)
                {
                    break;
                }
            }
            empty = _written.IsEmpty;
        }
        _output.Hold(-bytes);
        return empty;
    }

    /// <summary>
    /// The snapshot ended: captures not written let go of their slots, and their memory is freed;
    /// under the server lock, by the walker, so that nobody reads a capture any more.
    /// </summary>
    private void ReleaseCaptures()
    {
        RetireWritten(all: true);
        lock (_capturesGate)
        {
            while (_captures.Dequeue() is { } capture)
            {
                _output.Hold(-Retire(capture));
            }
            _slotPool.Dispose();
        }
    }

    /// <summary>Under _capturesGate; returns the bytes the capture held, for the caller to let go of (<see cref="ChunkedOutput.Hold"/>).</summary>
    private unsafe long Retire(SegmentCapture capture)
    {
        var bytes = capture.Bytes;
        var slots = capture.Retire();
        if (capture.Pooled)
        {
            _slotPool.Give(slots);
        }
        else
        {
            NativeMemory.Free(slots);
        }
        return bytes;
    }
}
