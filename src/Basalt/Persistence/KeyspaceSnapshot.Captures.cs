using System.Diagnostics;
using System.Runtime.CompilerServices;
using Basalt.Keyspace;

namespace Basalt.Persistence;

/// <summary>Capturing segments and writing what was captured (see the class remarks).</summary>
public sealed partial class KeyspaceSnapshot
{
    // What a capture's slot array costs: its references and the array header.
    private const long CaptureSlotBytes = 8;
    private const long CaptureArrayOverhead = 24;

    // A capture's slots are a piece of a slab: an array large enough for the large object heap, which
    // the collector never copies and, as the entries it holds are mostly old, rarely scans. A 64-slot
    // array per capture made the first second of a snapshot of 5M keys allocate ~40 MB of young arrays
    // that all survived (writers capture most segments at once): 150-240 ms collections.
    private const int SlabPieces = 1024;

    // Captured and not yet written, oldest first; written by the walker and waiting to be retired
    // under the server lock; slab pieces given back, for the next captures; the slab being carved
    // and its next piece. All under _capturesGate, held for a few instructions only.
    private readonly object _capturesGate = new();
    private readonly Queue<SegmentCapture> _captures = new();
    private readonly Queue<SegmentCapture> _written = new();
    private readonly Stack<(KeyEntry?[] Slab, int Offset)> _freePieces = new();
    private KeyEntry?[] _slab = [];
    private int _slabNext;

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
    /// Takes the references to <paramref name="segment"/>'s entries, as they are now, and marks it;
    /// under the server lock. From here on the entries themselves stand for the snapshot's keys: an
    /// entry must not change until it is written (<see cref="WriteCapturedEntry"/>).
    /// </summary>
    // Optimized from its first call: a snapshot's first moments are when writers call it most, and
    // tiered compilation would run it unoptimized then (it runs only while a snapshot does).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Capture(TableWalk walk, KeySegment segment)
    {
        segment.SnapshotMark = _epoch;
        var count = segment.Count;
        if (count == 0)
        {
            segment.SnapshotCapture = null;
            return 0;
        }
        var pooled = count <= KeyTable.MaxSegmentKeys;
        var (slab, offset) = pooled ? TakePiece() : (new KeyEntry?[count], 0);
        var n = segment.CopyEntriesTo(slab.AsSpan(offset, count));
        var capture = new SegmentCapture(_epoch, walk, slab, offset, n, pooled);
        segment.SnapshotCapture = capture;
        _output.Hold(capture.Bytes);
        lock (_capturesGate)
        {
            _captures.Enqueue(capture);
        }
        return n;
    }

    /// <summary>A free piece of <see cref="KeyTable.MaxSegmentKeys"/> slots: a returned one, or the next of the slab.</summary>
    private (KeyEntry?[] Slab, int Offset) TakePiece()
    {
        lock (_capturesGate)
        {
            if (_freePieces.TryPop(out var piece))
            {
                return piece;
            }
            if (_slabNext == _slab.Length)
            {
                _slab = new KeyEntry?[SlabPieces * KeyTable.MaxSegmentKeys];
                _slabNext = 0;
            }
            var offset = _slabNext;
            _slabNext += KeyTable.MaxSegmentKeys;
            return (_slab, offset);
        }
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
                if (!_captures.TryDequeue(out capture))
                {
                    break;
                }
            }
            var slots = capture.Slab;
            for (var i = capture.Offset; i < capture.Offset + capture.Count && !_aborted; i++)
            {
                var entry = Volatile.Read(ref slots[i]);
                if (entry is null)
                {
                    continue;
                }
                // Announced before the claim: a writer that finds the slot empty then sees it here.
                Volatile.Write(ref _inFlight, entry);
                if (Interlocked.CompareExchange(ref slots[i], null, entry) == entry)
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
    /// A writer is about to change <paramref name="entry"/>: if the snapshot captured it and has not
    /// written it yet, it is written now, as it still is; if the walker is writing it, the writer
    /// waits for that one entry. Under the server lock.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteCapturedEntry(KeySegment segment, KeyEntry entry)
    {
        if (segment.SnapshotCapture is SegmentCapture capture && capture.Epoch == _epoch && capture.Remaining > 0)
        {
            var slots = capture.Slab;
            var index = capture.IndexOf(entry);
            if (index >= 0 && Interlocked.CompareExchange(ref slots[index], null, entry) == entry)
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
        WriteEntry(producer.Output, entry.Key, entry.Value, entry.ExpireAtMs, entry, urgent);
        Interlocked.Increment(ref _keysProcessed);
    }

    /// <summary>Leaves a large value for the end: the snapshot keeps it, writers copy it before changing it.</summary>
    private void Defer(TableWalk walk, KeyEntry entry)
    {
        lock (_deferredGate)
        {
            _deferred.Add(new DeferredKey(walk, entry, entry.Value, entry.ExpireAtMs, AccessInfo(entry)));
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
            while (_written.TryDequeue(out var capture))
            {
                bytes += Retire(capture);
                if (!all && ++retired % 64 == 0 && Stopwatch.GetTimestamp() - start >= BatchTicks)
                {
                    break;
                }
            }
            empty = _written.Count == 0;
        }
        _output.Hold(-bytes);
        return empty;
    }

    /// <summary>The snapshot ended: captures not written let go of their entries and of the snapshot; under the server lock.</summary>
    private void ReleaseCaptures()
    {
        RetireWritten(all: true);
        lock (_capturesGate)
        {
            while (_captures.TryDequeue(out var capture))
            {
                _output.Hold(-Retire(capture));
            }
            _freePieces.Clear();
            _slab = [];
            _slabNext = 0;
        }
    }

    /// <summary>Under _capturesGate; returns the bytes the capture held, for the caller to let go of (<see cref="ChunkedOutput.Hold"/>).</summary>
    private long Retire(SegmentCapture capture)
    {
        var (slab, offset, bytes) = (capture.Slab, capture.Offset, capture.Bytes);
        capture.Retire();
        if (capture.Pooled)
        {
            _freePieces.Push((slab, offset));
        }
        return bytes;
    }

    /// <summary>
    /// The entries of one segment as a snapshot took them, until each is written. A segment keeps
    /// a reference to it (<see cref="KeySegment.SnapshotCapture"/>), so that a writer finds the
    /// entry it is about to change without a lookup; once retired it holds nothing.
    /// </summary>
    private sealed class SegmentCapture(long epoch, TableWalk walk, KeyEntry?[] slab, int offset, int count, bool pooled)
    {
        public long Epoch { get; } = epoch;

        public TableWalk? Walk { get; private set; } = walk;

        /// <summary>The captured entries in [Offset, Offset + Count); a slot is emptied when its entry is written.</summary>
        public KeyEntry?[] Slab { get; private set; } = slab;

        public int Offset { get; } = offset;

        /// <summary>Whether the slots are a slab piece (given back when retired) rather than an array of their own.</summary>
        public bool Pooled { get; } = pooled;

        public int Count { get; private set; } = count;

        /// <summary>Entries not claimed yet; it only decreases, so a writer that reads 0 needs not look further.</summary>
        public int Remaining => Volatile.Read(ref _remaining);

        private int _remaining = count;

        public long Bytes { get; } = Math.Max(count, KeyTable.MaxSegmentKeys) * CaptureSlotBytes + CaptureArrayOverhead;

        /// <summary>One more entry was claimed from a slot (by whoever emptied it).</summary>
        public void Claimed() => Interlocked.Decrement(ref _remaining);

        /// <summary>The index in <see cref="Slab"/> of <paramref name="entry"/>'s slot, -1 when it is not (or no longer) there.</summary>
        public int IndexOf(KeyEntry entry)
        {
            var slots = Slab;
            for (var i = Offset; i < Offset + Count; i++)
            {
                // Read in order: a slot found empty must not be read after _inFlight is (see WriteCapturedEntry).
                if (ReferenceEquals(Volatile.Read(ref slots[i]), entry))
                {
                    return i;
                }
            }
            return -1;
        }

        public void Retire()
        {
            Array.Clear(Slab, Offset, Count);
            Slab = [];
            Count = 0;
            _remaining = 0;
            Walk = null;
        }
    }
}
