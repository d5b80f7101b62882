using System.Runtime.CompilerServices;
using Basalt.Keyspace;

namespace Basalt.Persistence;

/// <summary>What the snapshot took of a segment, and the queues captures wait in.</summary>
public sealed partial class KeyspaceSnapshot
{
    /// <summary>
    /// The slot numbers of one segment's entries as a snapshot took them, each set to 0 when its
    /// entry is written (claimed). A segment keeps a reference to it
    /// (<see cref="KeySegment.SnapshotCapture"/>), so that a writer finds the entry it is about to
    /// change without a lookup; once retired it holds nothing.
    /// </summary>
    /// <remarks>
    /// Slot numbers, not entry references: they live in native memory (<see cref="CaptureSlotPool"/>),
    /// which the collector neither allocates nor traces. An entry cannot leave its slot, nor a slot be
    /// reused, while its number is in a capture: removing a key announces it first, and the writer
    /// claims and writes the entry then.
    /// </remarks>
    private sealed unsafe class SegmentCapture(long epoch, TableWalk walk, int* slots, int count, bool pooled)
    {
        private int* _slots = slots;

        public long Epoch { get; } = epoch;

        public TableWalk? Walk { get; private set; } = walk;

        /// <summary>Whether the slot numbers are a piece of the pool (given back when retired) rather than memory of their own.</summary>
        public bool Pooled { get; } = pooled;

        public int Count { get; private set; } = count;

        /// <summary>Entries not claimed yet; it only decreases, so a writer that reads 0 needs not look further.</summary>
        public int Remaining => Volatile.Read(ref _remaining);

        private int _remaining = count;

        public long Bytes { get; } = Math.Max(count, CaptureSlotPool.PieceSlots) * sizeof(int) + CaptureObjectBytes;

        /// <summary>The next capture in the queue this one waits in (<see cref="CaptureQueue"/>).</summary>
        public SegmentCapture? Next { get; set; }

        /// <summary>The number of the <paramref name="index"/>th captured slot, 0 once claimed; for reads and claims.</summary>
        public ref int Slot(int index) => ref Unsafe.AsRef<int>(_slots + index);

        /// <summary>One more entry was claimed from a slot (by whoever emptied it).</summary>
        public void Claimed() => Interlocked.Decrement(ref _remaining);

        /// <summary>The index of slot number <paramref name="slot"/>, -1 when it is not (or no longer) there.</summary>
        public int IndexOf(int slot)
        {
            for (var i = 0; i < Count; i++)
            {
                // Read in order: a slot found empty must not be read after _inFlight is (see WriteCapturedEntry).
                if (Volatile.Read(ref _slots[i]) == slot)
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>Lets go of everything; returns the slot numbers' memory, for the caller to give back or free.</summary>
        public int* Retire()
        {
            var slots = _slots;
            _slots = null;
            Count = 0;
            _remaining = 0;
            Walk = null;
            return slots;
        }
    }

    /// <summary>A first-in first-out queue of captures linked through <see cref="SegmentCapture.Next"/>: no array to grow.</summary>
    private sealed class CaptureQueue
    {
        private SegmentCapture? _head;
        private SegmentCapture? _tail;

        public bool IsEmpty => _head is null;

        public void Enqueue(SegmentCapture capture)
        {
            capture.Next = null;
            if (_tail is null)
            {
                _head = capture;
            }
            else
            {
                _tail.Next = capture;
            }
            _tail = capture;
        }

        /// <summary>The oldest capture, removed; null when empty.</summary>
        public SegmentCapture? Dequeue()
        {
            var capture = _head;
            if (capture is not null)
            {
                _head = capture.Next;
                if (_head is null)
                {
                    _tail = null;
                }
                capture.Next = null;
            }
            return capture;
        }
    }
}
