using Basalt.Types.Encodings;

namespace Basalt.Types;

/// <summary>
/// The quicklist that holds a list's elements (Redis 7.0 quicklist.c): a sequence of nodes, each
/// a <see cref="Listpack"/> of consecutive elements. A node accepts elements up to the fill limit
/// (list-max-listpack-size): a negative fill caps a node's listpack at 4, 8, 16, 32 or 64 KB, a
/// positive fill caps its element count (and its size at 8 KB). Insertion, split and merge follow
/// Redis's rules, so memory per element and the RDB blobs (one listpack per node) are Redis's.
/// Compression (list-compress-depth) and plain nodes for elements of 1 GB or more are not done.
/// </summary>
/// <remarks>
/// The quicklist lives in the list object itself, and the nodes are an array of listpacks (or
/// the one listpack of a small list) rather than linked node objects: most lists are small, and
/// each object spared is memory per key. Inserting or removing a node shifts the array, which
/// costs little next to the thousands of elements a node change stands for.
/// </remarks>
public sealed partial class RedisList
{
    /// <summary>The largest fill a quicklist keeps (FILL_MAX, a 16-bit signed bit field).</summary>
    public const int FillMax = (1 << 15) - 1;

    /// <summary>The smallest fill: -5 means 64 KB nodes.</summary>
    public const int FillMin = -5;

    /// <summary>Largest node in bytes when the fill counts entries (SIZE_SAFETY_LIMIT).</summary>
    private const int SizeSafetyLimit = 8192;

    /// <summary>Over-estimate of an entry's encoding overhead when deciding whether it fits (SIZE_ESTIMATE_OVERHEAD).</summary>
    private const int SizeEstimateOverhead = 8;

    /// <summary>Bytes of one listpack's header and terminator, saved when two nodes merge.</summary>
    private const int ListpackOverhead = 11;

    /// <summary>Node size limits for fills -1 .. -5.</summary>
    private static readonly int[] OptimizationLevel = [4096, 8192, 16384, 32768, 65536];

    /// <summary>The nodes: null when empty, the <see cref="Listpack"/> of a one-node list, or an array whose first <see cref="_nodeCount"/> are used.</summary>
    private object? _nodes;

    private int _nodeCount;

    /// <summary>
    /// Nodes this list shares with a list a snapshot is writing (<see cref="CopyForSnapshot"/>):
    /// such a node is copied before its first change here (<see cref="WritableNode"/>). Null when none.
    /// </summary>
    private HashSet<Listpack>? _sharedNodes;

    /// <summary>
    /// The position of one element: its node, its byte position in the node's listpack and its
    /// index within the node. Any change to the list invalidates every cursor except those the
    /// changing method updates.
    /// </summary>
    public struct Cursor
    {
        internal Listpack? Node;
        internal int NodeIndex;
        internal int Position;
        internal int Offset;

        /// <summary>False once the cursor has moved past either end (or was not found).</summary>
        public readonly bool IsValid => Node is not null;
    }

    /// <summary>The fill this list was created with (list-max-listpack-size at creation time).</summary>
    public int Fill { get; }

    /// <summary>Number of elements.</summary>
    public long Count { get; private set; }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => _nodeCount;

    /// <summary>The listpacks of the nodes, head to tail (for RDB writing and tests).</summary>
    public IEnumerable<Listpack> Nodes
    {
        get
        {
            for (var i = 0; i < _nodeCount; i++)
            {
                yield return NodeAt(i);
            }
        }
    }

    /// <summary>The listpack of node <paramref name="index"/> (0 = head), for walking the nodes without an enumerator (RDB writing).</summary>
    public Listpack GetNode(int index) => NodeAt(index);

    /// <summary>
    /// Appends a whole listpack as a new tail node (quicklistAppendListpack), as RDB loading does;
    /// the list takes ownership. Empty listpacks are ignored.
    /// </summary>
    public void AppendNode(Listpack entries)
    {
        InvalidateSize();
        if (entries.Count == 0)
        {
            return;
        }
        InsertNode(_nodeCount, entries);
        Count += entries.Count;
    }

    public void PushHead(ReadOnlySpan<byte> value)
    {
        if (_nodeCount > 0 && AllowInsert(NodeAt(0), value.Length))
        {
            var node = WritableNode(0);
            var before = node.ApproximateSize;
            node.Prepend(value);
            AdjustSize(node.ApproximateSize - before);
        }
        else
        {
            InsertNode(0, NewNode(value));
        }
        Count++;
    }

    public void PushTail(ReadOnlySpan<byte> value)
    {
        if (_nodeCount > 0 && AllowInsert(NodeAt(_nodeCount - 1), value.Length))
        {
            var node = WritableNode(_nodeCount - 1);
            var before = node.ApproximateSize;
            node.Append(value);
            AdjustSize(node.ApproximateSize - before);
        }
        else
        {
            InsertNode(_nodeCount, NewNode(value));
        }
        Count++;
    }

    /// <summary>
    /// Makes room at once, in the node at that end, for <paramref name="listpackBytes"/> of elements a
    /// command is about to push there, when they would all go into it (see <see cref="Listpack.Reserve"/>).
    /// </summary>
    public void ReserveAtEnd(bool head, long listpackBytes)
    {
        if (_nodeCount == 0 || !AllowInsert(NodeAt(head ? 0 : _nodeCount - 1), (int)Math.Min(listpackBytes, int.MaxValue)))
        {
            return;
        }
        var node = WritableNode(head ? 0 : _nodeCount - 1);
        var before = node.ApproximateSize;
        node.Reserve(listpackBytes);
        AdjustSize(node.ApproximateSize - before);
    }

    public void Push(ReadOnlySpan<byte> value, bool head)
    {
        if (head)
        {
            PushHead(value);
        }
        else
        {
            PushTail(value);
        }
    }

    /// <summary>The first (or last) element; the list must not be empty.</summary>
    public ListpackEntry PeekEnd(bool head)
    {
        var node = NodeAt(head ? 0 : _nodeCount - 1);
        return node.Get(head ? node.First : node.Last);
    }

    /// <summary>Removes the first (or last) element; the list must not be empty.</summary>
    public void RemoveEnd(bool head)
    {
        var index = head ? 0 : _nodeCount - 1;
        var node = WritableNode(index);
        var before = node.ApproximateSize;
        node.Delete(head ? node.First : node.Last);
        AdjustSize(node.ApproximateSize - before);
        Count--;
        if (node.Count == 0)
        {
            RemoveNode(index);
        }
    }

    /// <summary>
    /// A cursor on the element at <paramref name="index"/> (negative counts from the tail), or an
    /// invalid cursor when out of range. Walks from the nearer end (quicklistGetIteratorAtIdx).
    /// </summary>
    public Cursor Seek(long index)
    {
        if (index < 0)
        {
            index += Count;
        }
        if (index < 0 || index >= Count)
        {
            return default;
        }
        int nodeIndex;
        long before;
        if (index <= (Count - 1) / 2)
        {
            nodeIndex = 0;
            before = 0;
            while (before + NodeAt(nodeIndex).Count <= index)
            {
                before += NodeAt(nodeIndex).Count;
                nodeIndex++;
            }
        }
        else
        {
            nodeIndex = _nodeCount - 1;
            var after = 0L;
            var fromTail = Count - 1 - index;
            while (after + NodeAt(nodeIndex).Count <= fromTail)
            {
                after += NodeAt(nodeIndex).Count;
                nodeIndex--;
            }
            before = Count - after - NodeAt(nodeIndex).Count;
        }
        var node = NodeAt(nodeIndex);
        var offset = (int)(index - before);
        return new Cursor { Node = node, NodeIndex = nodeIndex, Offset = offset, Position = node.Seek(offset) };
    }

    /// <summary>The element under a valid cursor.</summary>
    public ListpackEntry Get(in Cursor cursor) => cursor.Node!.Get(cursor.Position);

    /// <summary>Moves toward the tail; the cursor becomes invalid past the last element.</summary>
    public void MoveNext(ref Cursor cursor)
    {
        var next = cursor.Node!.Next(cursor.Position);
        if (next >= 0)
        {
            cursor.Position = next;
            cursor.Offset++;
            return;
        }
        EnterNode(ref cursor, cursor.NodeIndex + 1, atStart: true);
    }

    /// <summary>Moves toward the head; the cursor becomes invalid before the first element.</summary>
    public void MovePrevious(ref Cursor cursor)
    {
        var previous = cursor.Node!.Prev(cursor.Position);
        if (previous >= 0)
        {
            cursor.Position = previous;
            cursor.Offset--;
            return;
        }
        EnterNode(ref cursor, cursor.NodeIndex - 1, atStart: false);
    }

    /// <summary>Puts the cursor on the first or last element of node <paramref name="nodeIndex"/>, or makes it invalid.</summary>
    private void EnterNode(ref Cursor cursor, int nodeIndex, bool atStart)
    {
        if (nodeIndex < 0 || nodeIndex >= _nodeCount)
        {
            cursor = default;
            return;
        }
        var node = NodeAt(nodeIndex);
        cursor.Node = node;
        cursor.NodeIndex = nodeIndex;
        cursor.Offset = atStart ? 0 : node.Count - 1;
        cursor.Position = atStart ? node.First : node.Last;
    }

    /// <summary>
    /// Deletes the element under the cursor and moves the cursor to the element that came after
    /// it in the direction of travel (toward the tail when <paramref name="forward"/>), as
    /// quicklistDelEntry leaves its iterator.
    /// </summary>
    public void Delete(ref Cursor cursor, bool forward)
    {
        InvalidateSize();
        var node = WritableNode(cursor.NodeIndex);
        cursor.Node = node;
        var following = node.Delete(cursor.Position);
        Count--;
        if (node.Count == 0)
        {
            var index = cursor.NodeIndex;
            RemoveNode(index);
            // The nodes after the removed one moved down by one.
            EnterNode(ref cursor, forward ? index : index - 1, atStart: forward);
            return;
        }
        if (forward)
        {
            if (following >= 0)
            {
                cursor.Position = following;
                return;
            }
            EnterNode(ref cursor, cursor.NodeIndex + 1, atStart: true);
            return;
        }
        // The entry before the deleted one kept its position: it is the one before "following".
        var previous = following >= 0 ? node.Prev(following) : node.Last;
        if (previous >= 0)
        {
            cursor.Position = previous;
            cursor.Offset--;
            return;
        }
        EnterNode(ref cursor, cursor.NodeIndex - 1, atStart: false);
    }

    /// <summary>Replaces the element under the cursor (quicklistReplaceEntry; no size check, as in 7.0). Invalidates cursors.</summary>
    public void Replace(in Cursor cursor, ReadOnlySpan<byte> value)
    {
        InvalidateSize();
        WritableNode(cursor.NodeIndex).Replace(cursor.Position, value);
    }

    /// <summary>
    /// Inserts <paramref name="value"/> before or after the element under the cursor, using the
    /// neighbour nodes, a new node or a split as _quicklistInsert does. Invalidates cursors.
    /// </summary>
    public void Insert(in Cursor cursor, ReadOnlySpan<byte> value, bool after)
    {
        InvalidateSize();
        var node = cursor.Node!;
        var index = cursor.NodeIndex;
        var full = !AllowInsert(node, value.Length);
        var atTail = after && cursor.Offset == node.Count - 1;
        var atHead = !after && cursor.Offset == 0;
        var nextHasRoom = atTail && index + 1 < _nodeCount && AllowInsert(NodeAt(index + 1), value.Length);
        var previousHasRoom = atHead && index > 0 && AllowInsert(NodeAt(index - 1), value.Length);

        if (!full)
        {
            WritableNode(index).Insert(cursor.Position, value, after);
        }
        else if (nextHasRoom)
        {
            WritableNode(index + 1).Prepend(value);
        }
        else if (previousHasRoom)
        {
            WritableNode(index - 1).Append(value);
        }
        else if (atTail || atHead)
        {
            InsertNode(after ? index + 1 : index, NewNode(value));
        }
        else
        {
            var split = Split(WritableNode(index), cursor.Offset, after);
            if (after)
            {
                split.Prepend(value);
                InsertNode(index + 1, split);
            }
            else
            {
                split.Append(value);
                InsertNode(index, split);
                index++;
            }
            MergeAround(index);
        }
        Count++;
    }

    /// <summary>
    /// Deletes <paramref name="count"/> elements from <paramref name="start"/> (negative counts from
    /// the tail), clipped to the list (quicklistDelRange). False when nothing was in range.
    /// </summary>
    public bool DeleteRange(long start, long count)
    {
        InvalidateSize();
        if (count <= 0)
        {
            return false;
        }
        if (start < 0)
        {
            start += Count;
        }
        if (start < 0 || start >= Count)
        {
            return false;
        }
        var extent = Math.Min(count, Count - start);
        var cursor = Seek(start);
        var index = cursor.NodeIndex;
        var offset = cursor.Offset;
        while (extent > 0)
        {
            var node = NodeAt(index);
            if (offset == 0 && extent >= node.Count)
            {
                extent -= node.Count;
                Count -= node.Count;
                RemoveNode(index);
            }
            else
            {
                var delete = (int)Math.Min(extent, node.Count - offset);
                node = WritableNode(index);
                node.DeleteRange(offset, delete);
                Count -= delete;
                extent -= delete;
                if (node.Count == 0)
                {
                    RemoveNode(index);
                }
                else
                {
                    index++;
                }
            }
            offset = 0;
        }
        return true;
    }

    private Listpack NodeAt(int index) => _nodes is Listpack only ? only : ((Listpack[])_nodes!)[index];

    /// <summary>Node <paramref name="index"/> for a change in place: first made this list's own if it is shared with a snapshot.</summary>
    private Listpack WritableNode(int index)
    {
        var node = NodeAt(index);
        if (_sharedNodes is { } shared && shared.Remove(node))
        {
            node = node.Clone();
            if (_nodes is Listpack)
            {
                _nodes = node;
            }
            else
            {
                ((Listpack[])_nodes!)[index] = node;
            }
            if (shared.Count == 0)
            {
                _sharedNodes = null;
            }
        }
        return node;
    }

    /// <summary>Adds a node at <paramref name="index"/>, the nodes from there on moving up.</summary>
    private void InsertNode(int index, Listpack node)
    {
        InvalidateSize();
        if (_nodeCount == 0)
        {
            _nodes = node;
            _nodeCount = 1;
            return;
        }
        if (_nodes is Listpack only)
        {
            var array = new Listpack[4];
            array[index == 0 ? 1 : 0] = only;
            array[index] = node;
            _nodes = array;
            _nodeCount = 2;
            return;
        }
        var nodes = (Listpack[])_nodes!;
        if (_nodeCount == nodes.Length)
        {
            Array.Resize(ref nodes, nodes.Length * 2);
            _nodes = nodes;
        }
        Array.Copy(nodes, index, nodes, index + 1, _nodeCount - index);
        nodes[index] = node;
        _nodeCount++;
    }

    /// <summary>Removes node <paramref name="index"/> (__quicklistDelNode); the caller accounts for its elements.</summary>
    private void RemoveNode(int index)
    {
        InvalidateSize();
        if (_sharedNodes is { } shared && shared.Remove(NodeAt(index)) && shared.Count == 0)
        {
            _sharedNodes = null;
        }
        _nodeCount--;
        if (_nodes is Listpack)
        {
            _nodes = null;
            return;
        }
        var nodes = (Listpack[])_nodes!;
        Array.Copy(nodes, index + 1, nodes, index, _nodeCount - index);
        nodes[_nodeCount] = null!;
        if (_nodeCount == 1)
        {
            // Back to the compact form of a one-node list.
            _nodes = nodes[0];
        }
        else if (_nodeCount >= 8 && _nodeCount <= nodes.Length / 4)
        {
            // A list that shrank a lot gives back most of its node array.
            Array.Resize(ref nodes, nodes.Length / 2);
            _nodes = nodes;
        }
    }

    private static Listpack NewNode(ReadOnlySpan<byte> value)
    {
        var node = new Listpack(Listpack.HeaderSize + 1 + Listpack.EntrySizeOf(value));
        node.Append(value);
        return node;
    }

    /// <summary>Whether a size (not a count) limit applies and <paramref name="size"/> is within it.</summary>
    private bool MeetsSizeLimit(long size)
    {
        if (Fill >= 0)
        {
            return false;
        }
        var level = -Fill - 1;
        return level < OptimizationLevel.Length && size <= OptimizationLevel[level];
    }

    /// <summary>_quicklistNodeAllowInsert: whether an element of <paramref name="length"/> bytes may join <paramref name="node"/>.</summary>
    private bool AllowInsert(Listpack node, int length)
    {
        var newSize = (long)node.ByteLength + length + SizeEstimateOverhead;
        if (MeetsSizeLimit(newSize))
        {
            return true;
        }
        if (newSize > SizeSafetyLimit)
        {
            return false;
        }
        return node.Count < Fill;
    }

    /// <summary>_quicklistNodeAllowMerge: whether two nodes' elements fit in one node.</summary>
    private bool AllowMerge(int first, int second)
    {
        if (first < 0 || second < 0 || first >= _nodeCount || second >= _nodeCount)
        {
            return false;
        }
        var a = NodeAt(first);
        var b = NodeAt(second);
        var mergedSize = (long)a.ByteLength + b.ByteLength - ListpackOverhead;
        if (MeetsSizeLimit(mergedSize))
        {
            return true;
        }
        if (mergedSize > SizeSafetyLimit)
        {
            return false;
        }
        return a.Count + b.Count <= Fill;
    }

    /// <summary>
    /// _quicklistSplitNode: with <paramref name="after"/> the node keeps [0, offset] and the new
    /// node gets the rest; otherwise the new node gets [0, offset) and the node keeps the rest.
    /// </summary>
    private static Listpack Split(Listpack node, int offset, bool after)
    {
        var split = node.Clone();
        if (after)
        {
            node.DeleteRange(offset + 1, int.MaxValue);
            split.DeleteRange(0, offset + 1);
        }
        else
        {
            node.DeleteRange(0, offset);
            split.DeleteRange(offset, int.MaxValue);
        }
        return split;
    }

    /// <summary>_quicklistMergeNodes: merges the pairs of nodes around node <paramref name="center"/>, which was just split.</summary>
    private void MergeAround(int center)
    {
        // (prev_prev, prev): the center moves down when they merge.
        if (AllowMerge(center - 2, center - 1))
        {
            Merge(center - 2);
            center--;
        }
        // (next, next_next)
        if (AllowMerge(center + 1, center + 2))
        {
            Merge(center + 1);
        }
        // (prev, center): the merged node takes the center's place.
        if (AllowMerge(center, center - 1))
        {
            Merge(center - 1);
            center--;
        }
        // (center, next)
        if (AllowMerge(center, center + 1))
        {
            Merge(center);
        }
    }

    /// <summary>Moves the elements of node <paramref name="left"/> + 1 to the end of node <paramref name="left"/> and drops it.</summary>
    private void Merge(int left)
    {
        WritableNode(left).AppendAll(NodeAt(left + 1));
        RemoveNode(left + 1);
    }

    /// <summary>An independent copy of the nodes with the same layout (quicklistDup).</summary>
    private void CopyNodesFrom(RedisList source)
    {
        for (var i = 0; i < source._nodeCount; i++)
        {
            InsertNode(i, source.NodeAt(i).Clone());
        }
        Count = source.Count;
    }

    /// <summary>The nodes of <paramref name="source"/>, shared: this list copies one before changing it.</summary>
    private void ShareNodesOf(RedisList source)
    {
        _sharedNodes = new HashSet<Listpack>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < source._nodeCount; i++)
        {
            var node = source.NodeAt(i);
            InsertNode(i, node);
            _sharedNodes.Add(node);
        }
        if (_sharedNodes.Count == 0)
        {
            _sharedNodes = null;
        }
        Count = source.Count;
    }

    // The memory count asks for the list's size after every write; summing every node each time
    // would make a push O(nodes). Pushes and pops at the ends adjust the cached sum; every other
    // change (rarer, and O(n) itself) drops it, and the next read sums the nodes again.
    private long _nodesSizeCache = -1;

    private void AdjustSize(long delta)
    {
        if (_nodesSizeCache >= 0)
        {
            _nodesSizeCache += delta;
        }
    }

    private void InvalidateSize() => _nodesSizeCache = -1;

    /// <summary>Bytes held by the nodes: listpack buffers and objects, and the node array.</summary>
    private long NodesSize => _nodesSizeCache >= 0 ? _nodesSizeCache : _nodesSizeCache = SumNodeSizes();

    private long SumNodeSizes()
    {
        long total = _nodes is Listpack[] array ? 24 + (8L * array.Length) : 0;
        for (var i = 0; i < _nodeCount; i++)
        {
            total += NodeAt(i).ApproximateSize;
        }
        return total;
    }
}
