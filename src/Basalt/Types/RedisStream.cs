using Basalt.Text;
using Basalt.Types.Encodings;

namespace Basalt.Types;

/// <summary>
/// A stream (Redis 7.0 t_stream.c). Entries live in <see cref="StreamNode"/>s, listpacks in Redis's
/// own node layout, kept in master-ID order (Redis keys them in a radix tree; a sorted list gives
/// the same order and appends at the end in O(1)). Besides the entries a stream keeps everything
/// a Redis 7.0 RDB stream holds: last ID, first ID, largest deleted ID, entries ever added, and
/// the consumer groups with their PELs and consumers.
/// </summary>
public sealed class RedisStream : RedisObject
{
    /// <summary>STREAM_LISTPACK_MAX_SIZE: no node grows past 1 GB whatever stream-node-max-bytes says.</summary>
    public const long ListpackMaxSize = 1 << 30;

    /// <summary>STREAM_LISTPACK_MAX_PRE_ALLOCATE: the buffer a new node starts with.</summary>
    private const int PreAllocate = 4096;

    private readonly List<StreamNode> _nodes = [];

    public override RedisType Type => RedisType.Stream;

    public override string EncodingName => "stream";

    public IReadOnlyList<StreamNode> Nodes => _nodes;

    /// <summary>Live entries.</summary>
    public long Length { get; set; }

    /// <summary>The largest ID ever added (or set by XSETID), 0-0 for a new stream.</summary>
    public StreamId LastId { get; set; }

    /// <summary>The first live entry's ID, 0-0 when empty.</summary>
    public StreamId FirstId { get; set; }

    /// <summary>The largest ID removed by XDEL (or set by XSETID).</summary>
    public StreamId MaxDeletedId { get; set; }

    /// <summary>Entries ever added (the logical offset of the last entry).</summary>
    public long EntriesAdded { get; set; }

    /// <summary>Consumer groups by name, null until the first one is created.</summary>
    public SortedDictionary<byte[], StreamConsumerGroup>? Groups { get; set; }

    // The memory count re-measures a stream after every write; summing every node each time would
    // make XADD O(nodes). Appends adjust the cached sum; other changes drop it (-1) and the next
    // read sums the nodes again.
    private long _nodesSizeCache = -1;

    private long NodesSize
    {
        get
        {
            if (_nodesSizeCache < 0)
            {
                long size = _nodes.Capacity * 8L;
                foreach (var node in _nodes)
                {
                    size += 40 + node.Listpack.ApproximateSize;
                }
                _nodesSizeCache = size;
            }
            return _nodesSizeCache;
        }
    }

    public override long ApproximateSize
    {
        get
        {
            long size = 96 + NodesSize;
            if (Groups is not null)
            {
                foreach (var group in Groups.Values)
                {
                    size += 96 + group.Name.Length + (group.Pending.Count * 120L);
                    foreach (var consumer in group.Consumers.Values)
                    {
                        size += 96 + consumer.Name.Length + (consumer.Pending.Count * 48L);
                    }
                }
            }
            return size;
        }
    }

    /// <summary>Appends a loaded node as it is (the RDB loader); the caller sets the counters.</summary>
    public void AddLoadedNode(StreamNode node)
    {
        _nodesSizeCache = -1;
        _nodes.Add(node);
    }

    /// <summary>
    /// streamAppendItem after the ID is chosen and checked: adds to the last node unless it is
    /// full by bytes (<paramref name="nodeMaxBytes"/>) or entries (<paramref name="nodeMaxEntries"/>).
    /// </summary>
    public void Append<T>(StreamId id, T fields, long nodeMaxBytes, long nodeMaxEntries)
        where T : IStreamFieldSource
    {
        long elementBytes = 0;
        for (var i = 0; i < fields.PairCount; i++)
        {
            elementBytes += fields.Field(i).Length + fields.Value(i).Length;
        }
        var tail = _nodes.Count > 0 ? _nodes[^1] : null;
        var nodesBefore = _nodes.Count;
        var capacityBefore = _nodes.Capacity;
        var tailSizeBefore = tail?.Listpack.ApproximateSize ?? 0;
        if (tail is not null)
        {
            var maxBytes = nodeMaxBytes == 0 || nodeMaxBytes > ListpackMaxSize ? ListpackMaxSize : nodeMaxBytes;
            if (tail.Listpack.ByteLength + elementBytes >= maxBytes ||
                (nodeMaxEntries != 0 && tail.LiveCount + tail.DeletedCount >= nodeMaxEntries))
            {
                // lpShrinkToFit: a full node gives back the room it was preallocated.
                if (tail.Listpack.Buffer.Length > tail.Listpack.ByteLength)
                {
                    _nodes[^1] = new StreamNode(tail.MasterId, tail.Listpack.Clone());
                }
                tail = null;
            }
        }
        if (tail is null)
        {
            var capacity = nodeMaxBytes > 0 && nodeMaxBytes < PreAllocate ? (int)nodeMaxBytes : PreAllocate;
            _nodes.Add(StreamNode.Create(id, fields, capacity));
        }
        else
        {
            tail.Append(id, fields);
        }
        if (_nodesSizeCache >= 0 && tail is not null && _nodes.Count == nodesBefore && _nodes.Capacity == capacityBefore)
        {
            _nodesSizeCache += tail.Listpack.ApproximateSize - tailSizeBefore;
        }
        else
        {
            _nodesSizeCache = -1;
        }
        Length++;
        EntriesAdded++;
        LastId = id;
        if (Length == 1)
        {
            FirstId = id;
        }
    }

    /// <summary>The index of the last node whose master ID is at most <paramref name="id"/>, -1 if none.</summary>
    public int FindNode(StreamId id)
    {
        int low = 0, high = _nodes.Count - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (_nodes[mid].MasterId <= id)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return found;
    }

    public StreamIterator Range(StreamId start, StreamId end, bool reverse = false) => new(this, start, end, reverse);

    /// <summary>streamGetEdgeID: the first or last live ID; null when the stream has none.</summary>
    public StreamId? EdgeId(bool first)
    {
        var iterator = Range(StreamId.Min, StreamId.Max, reverse: !first);
        return iterator.MoveNext() ? iterator.Id : null;
    }

    /// <summary>streamLastValidID: the last live entry's ID, or the largest ID when empty.</summary>
    public StreamId LastValidId => EdgeId(first: false) ?? StreamId.Min;

    /// <summary>Recomputes <see cref="FirstId"/> after entries at the head went away.</summary>
    public void RefreshFirstId() => FirstId = Length == 0 ? StreamId.Min : EdgeId(first: true) ?? StreamId.Min;

    /// <summary>streamRangeHasTombstones: whether an entry between the IDs (inclusive) may have been deleted.</summary>
    public bool RangeHasTombstones(StreamId start, StreamId end)
    {
        if (Length == 0 || MaxDeletedId.IsZero || FirstId > MaxDeletedId)
        {
            return false;
        }
        return start <= MaxDeletedId && MaxDeletedId <= end;
    }

    /// <summary>
    /// streamEstimateDistanceFromFirstEverEntry: the logical read counter of <paramref name="id"/>,
    /// or -1 (SCG_INVALID_ENTRIES_READ) when it cannot be known.
    /// </summary>
    public long EstimateDistanceFromFirstEverEntry(StreamId id)
    {
        if (EntriesAdded == 0)
        {
            return 0;
        }
        if (Length == 0 && id <= LastId)
        {
            return EntriesAdded;
        }
        var compareLast = id.CompareTo(LastId);
        if (compareLast == 0)
        {
            return EntriesAdded;
        }
        if (compareLast > 0)
        {
            return -1;
        }
        if (MaxDeletedId.IsZero || MaxDeletedId < FirstId)
        {
            var compareFirst = id.CompareTo(FirstId);
            if (compareFirst < 0)
            {
                return EntriesAdded - Length;
            }
            if (compareFirst == 0)
            {
                return EntriesAdded - Length + 1;
            }
        }
        return -1;
    }

    public StreamConsumerGroup? FindGroup(ReadOnlySpan<byte> name) =>
        Groups is not null && Groups.TryGetValue(name.ToArray(), out var group) ? group : null;

    /// <summary>streamDeleteItem: removes the live entry <paramref name="id"/>; false when there is none.</summary>
    public bool Delete(StreamId id)
    {
        _nodesSizeCache = -1;
        var iterator = Range(id, id);
        if (!iterator.MoveNext())
        {
            return false;
        }
        if (!iterator.Node.MarkDeleted(iterator.Position))
        {
            _nodes.RemoveAt(iterator.NodeIndex);
        }
        Length--;
        return true;
    }

    /// <summary>
    /// streamTrim: removes entries from the head until the stream holds at most
    /// <paramref name="maxLength"/> entries (when <paramref name="minId"/> is null) or none below
    /// <paramref name="minId"/>. Whole nodes go first; <paramref name="approximate"/> stops at the first
    /// node that cannot go whole; <paramref name="limit"/> (0: none) caps the entries removed.
    /// Returns the number removed.
    /// </summary>
    public long Trim(long maxLength, StreamId? minId, bool approximate, long limit)
    {
        _nodesSizeCache = -1;
        long deleted = 0;
        while (_nodes.Count > 0)
        {
            if (minId is null && Length <= maxLength)
            {
                break;
            }
            var node = _nodes[0];
            var entries = node.LiveCount;
            if (limit != 0 && deleted + entries > limit)
            {
                break;
            }
            bool removeNode;
            if (minId is null)
            {
                removeNode = Length - entries >= maxLength;
            }
            else
            {
                removeNode = node.IdAt(node.LastEntry) < minId.Value;
            }
            if (removeNode)
            {
                _nodes.RemoveAt(0);
                Length -= entries;
                deleted += entries;
                continue;
            }
            if (approximate)
            {
                break;
            }
            long deletedHere = 0;
            for (var pos = node.FirstEntry; pos >= 0; pos = node.NextEntry(pos))
            {
                var stop = minId is null ? Length <= maxLength : node.IdAt(pos) >= minId.Value;
                if (stop)
                {
                    break;
                }
                if (!node.IsDeleted(pos))
                {
                    // Flags 0..3 all take one byte: positions after this one do not move.
                    node.SetDeletedFlag(pos);
                    deletedHere++;
                    Length--;
                }
            }
            deleted += deletedHere;
            node.AdjustCounts(entries - deletedHere, node.DeletedCount + deletedHere);
            break;
        }
        if (Length == 0)
        {
            FirstId = StreamId.Min;
        }
        else if (deleted != 0)
        {
            RefreshFirstId();
        }
        return deleted;
    }

    /// <summary>The stream part of DEBUG DIGEST: per entry "ms.seq", then each field and value.</summary>
    public void MixDigest(Span<byte> digest)
    {
        Span<byte> idText = stackalloc byte[StreamId.MaxChars];
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        var iterator = Range(StreamId.Min, StreamId.Max);
        while (iterator.MoveNext())
        {
            RedisDigest.Mix(digest, idText[..iterator.Id.Format(idText, (byte)'.')]);
            var fields = iterator.Node.Fields(iterator.Position);
            while (fields.MoveNext(out var field, out var value))
            {
                RedisDigest.Mix(digest, field.AsSpan(scratch));
                RedisDigest.Mix(digest, value.AsSpan(scratch));
            }
        }
    }

    public override RedisObject DeepCopy()
    {
        var copy = new RedisStream
        {
            Length = Length,
            LastId = LastId,
            FirstId = FirstId,
            MaxDeletedId = MaxDeletedId,
            EntriesAdded = EntriesAdded,
        };
        foreach (var node in _nodes)
        {
            copy._nodes.Add(new StreamNode(node.MasterId, node.Listpack.Clone()));
        }
        if (Groups is not null)
        {
            copy.Groups = new SortedDictionary<byte[], StreamConsumerGroup>(StreamConsumerGroup.ByteOrder.Instance);
            foreach (var group in Groups.Values)
            {
                copy.Groups.Add(group.Name, CopyGroup(group));
            }
        }
        return copy;
    }

    /// <summary>streamDup's group copy: consumers and PELs rebuilt so the copies share nothing.</summary>
    private static StreamConsumerGroup CopyGroup(StreamConsumerGroup group)
    {
        var copy = new StreamConsumerGroup(group.Name, group.LastId, group.EntriesRead);
        foreach (var consumer in group.Consumers.Values)
        {
            var consumerCopy = new StreamConsumer(consumer.Name, consumer.SeenTimeMs);
            copy.Consumers.Add(consumer.Name, consumerCopy);
            foreach (var (id, pending) in consumer.Pending)
            {
                var pendingCopy = new StreamPendingEntry(consumerCopy, pending.DeliveryTimeMs, pending.DeliveryCount);
                consumerCopy.Pending.Add(id, pendingCopy);
                copy.Pending.Add(id, pendingCopy);
            }
        }
        return copy;
    }
}
