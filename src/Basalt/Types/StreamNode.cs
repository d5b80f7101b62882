using Basalt.Types.Encodings;

namespace Basalt.Types;

/// <summary>
/// One node of a stream: a listpack in Redis 7.0's exact stream node layout, keyed by its master
/// ID, so the RDB code can write and read it as the blob Redis does.
/// <code>
/// master entry: count | deleted | num-fields | field_1 .. field_N | 0
/// each entry:   flags | ms-delta | seq-delta | [num-fields | f1 v1 .. fN vN] or [v1 .. vN] | lp-count
/// </code>
/// Deltas are against the master ID. Flag bit 0 marks a deleted entry (it stays in place until the
/// node goes away), bit 1 an entry whose fields are the master's (only values are stored).
/// lp-count, the number of elements of the entry before it, lets iteration walk backwards.
/// Entry positions below are the byte offsets of their flags element.
/// </summary>
public sealed class StreamNode
{
    public const int FlagDeleted = 1;
    public const int FlagSameFields = 2;

    public StreamNode(StreamId masterId, Listpack listpack)
    {
        MasterId = masterId;
        Listpack = listpack;
    }

    public StreamId MasterId { get; }

    public Listpack Listpack { get; }

    /// <summary>Live entries in this node (the master entry's count).</summary>
    public long LiveCount => Listpack.Get(Listpack.First).Integer;

    /// <summary>Entries marked deleted but still held (the master entry's deleted).</summary>
    public long DeletedCount => Listpack.Get(Listpack.Next(Listpack.First)).Integer;

    /// <summary>Position of the master entry's num-fields element.</summary>
    private int MasterFieldCountPos => Listpack.Next(Listpack.Next(Listpack.First));

    public long MasterFieldCount => Listpack.Get(MasterFieldCountPos).Integer;

    /// <summary>Position of the first master field name (or of the terminator when there are none).</summary>
    public int MasterFieldsPos => Listpack.Next(MasterFieldCountPos);

    /// <summary>A new node holding one entry, whose fields become the master fields.</summary>
    public static StreamNode Create<T>(StreamId id, T fields, int capacity)
        where T : IStreamFieldSource
    {
        var listpack = new Listpack(capacity);
        listpack.Append(1);
        listpack.Append(0);
        listpack.Append(fields.PairCount);
        for (var i = 0; i < fields.PairCount; i++)
        {
            listpack.Append(fields.Field(i));
        }
        listpack.Append(0);
        var node = new StreamNode(id, listpack);
        node.AppendEntry(id, fields, FlagSameFields);
        return node;
    }

    /// <summary>Adds an entry at the end (streamAppendItem), compressing field names equal to the master's.</summary>
    public void Append<T>(StreamId id, T fields)
        where T : IStreamFieldSource
    {
        var first = Listpack.First;
        Listpack.Replace(first, LiveCount + 1);
        var flags = 0;
        if (MasterFieldCount == fields.PairCount)
        {
            var pos = MasterFieldsPos;
            var i = 0;
            for (; i < fields.PairCount; i++, pos = Listpack.Next(pos))
            {
                if (!Listpack.Get(pos).EqualsBytes(fields.Field(i)))
                {
                    break;
                }
            }
            if (i == fields.PairCount)
            {
                flags = FlagSameFields;
            }
        }
        AppendEntry(id, fields, flags);
    }

    private void AppendEntry<T>(StreamId id, T fields, int flags)
        where T : IStreamFieldSource
    {
        var same = (flags & FlagSameFields) != 0;
        Listpack.Append(flags);
        Listpack.Append(unchecked((long)(id.Ms - MasterId.Ms)));
        Listpack.Append(unchecked((long)(id.Seq - MasterId.Seq)));
        if (!same)
        {
            Listpack.Append(fields.PairCount);
        }
        for (var i = 0; i < fields.PairCount; i++)
        {
            if (!same)
            {
                Listpack.Append(fields.Field(i));
            }
            Listpack.Append(fields.Value(i));
        }
        Listpack.Append(3L + fields.PairCount + (same ? 0 : fields.PairCount + 1));
    }

    /// <summary>The first entry's position, -1 when the node holds none.</summary>
    public int FirstEntry
    {
        get
        {
            var pos = MasterFieldsPos;
            for (var i = MasterFieldCount; i > 0; i--)
            {
                pos = Listpack.Next(pos);
            }
            return Listpack.Next(pos);
        }
    }

    /// <summary>The last entry's position, -1 when the node holds none.</summary>
    public int LastEntry
    {
        get
        {
            var first = FirstEntry;
            if (first < 0)
            {
                return -1;
            }
            var pos = Listpack.Last;
            for (var i = Listpack.Get(pos).Integer; i > 0; i--)
            {
                pos = Listpack.Prev(pos);
            }
            return pos;
        }
    }

    /// <summary>The entry after the one at <paramref name="pos"/>, -1 at the end.</summary>
    public int NextEntry(int pos)
    {
        var flags = Listpack.Get(pos).Integer;
        pos = Listpack.Next(Listpack.Next(Listpack.Next(pos)));
        long skip;
        if ((flags & FlagSameFields) != 0)
        {
            skip = MasterFieldCount;
        }
        else
        {
            skip = Listpack.Get(pos).Integer * 2;
            pos = Listpack.Next(pos);
        }
        for (; skip > 0; skip--)
        {
            pos = Listpack.Next(pos);
        }
        return Listpack.Next(pos);
    }

    /// <summary>The entry before the one at <paramref name="pos"/>, -1 at the start.</summary>
    public int PrevEntry(int pos, int firstEntry)
    {
        if (pos <= firstEntry)
        {
            return -1;
        }
        var count = Prev(pos);
        for (var i = Listpack.Get(count).Integer; i > 0; i--)
        {
            count = Listpack.Prev(count);
        }
        return count;
    }

    private int Prev(int pos) => Listpack.Prev(pos);

    public int FlagsAt(int pos) => (int)Listpack.Get(pos).Integer;

    public bool IsDeleted(int pos) => (FlagsAt(pos) & FlagDeleted) != 0;

    public StreamId IdAt(int pos)
    {
        var msPos = Listpack.Next(pos);
        var ms = Listpack.Get(msPos).Integer;
        var seq = Listpack.Get(Listpack.Next(msPos)).Integer;
        return new StreamId(unchecked(MasterId.Ms + (ulong)ms), unchecked(MasterId.Seq + (ulong)seq));
    }

    /// <summary>The field/value pairs of the entry at <paramref name="pos"/>.</summary>
    public StreamFieldCursor Fields(int pos) => new(this, pos);

    /// <summary>
    /// Marks the entry at <paramref name="pos"/> deleted and updates the master counts. Returns
    /// false when that was the node's last live entry: the caller removes the whole node.
    /// </summary>
    public bool MarkDeleted(int pos)
    {
        var live = LiveCount - 1;
        if (live == 0)
        {
            return false;
        }
        Listpack.Replace(pos, FlagsAt(pos) | FlagDeleted);
        AdjustCounts(live, DeletedCount + 1);
        return true;
    }

    /// <summary>Rewrites the master entry's live and deleted counts.</summary>
    public void AdjustCounts(long live, long deleted)
    {
        var first = Listpack.First;
        Listpack.Replace(first, live);
        Listpack.Replace(Listpack.Next(first), deleted);
    }

    /// <summary>Sets the deleted flag only; the caller fixes the counts once (streamTrim does).</summary>
    public void SetDeletedFlag(int pos) => Listpack.Replace(pos, FlagsAt(pos) | FlagDeleted);
}
