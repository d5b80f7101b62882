using Basalt.Text;
using Basalt.Types.Encodings;

namespace Basalt.Types;

/// <summary>
/// A set value. Redis 7.0 has two encodings: "intset" (a sorted array of integers in Redis's
/// byte format) while every member is a canonical integer and there are at most
/// set-max-intset-entries of them, then "hashtable" for good (the conversion is one way).
/// </summary>
public sealed class RedisSet : RedisObject
{
    /// <summary>Redis caps the intset at 2^30 members whatever the configuration says.</summary>
    private const long IntsetHardLimit = 1L << 30;

    /// <summary>
    /// The one representation: the array of an <see cref="Intset"/> (looked at through that view, so
    /// that a small set of integers is this object and one array) or a <see cref="MemberTable{T, TKey}"/>.
    /// One field rather than one per encoding makes this object 24 bytes on the 64-bit CoreCLR
    /// (header and one reference), not 32: every set key has one.
    /// </summary>
    private object _encoding;

    private RedisSet(object encoding)
    {
        _encoding = encoding;
    }

    /// <summary>The heap bytes of this object itself.</summary>
    internal const int ObjectSize = 24;

    /// <summary>A view of the intset encoding (only when <see cref="IsIntset"/>); a change must be kept with <see cref="Keep"/>.</summary>
    private Intset AsIntset => Intset.Over((byte[])_encoding);

    private MemberTable<byte[], BytesKey>? AsTable => _encoding as MemberTable<byte[], BytesKey>;

    /// <summary>Keeps the intset's array after a change, which may have replaced it.</summary>
    private void Keep(Intset intset) => _encoding = intset.Buffer;

    /// <summary>An empty set in the intset encoding (createIntsetObject), with room for <paramref name="members"/> small members.</summary>
    public static RedisSet CreateIntset(int members = 0) => new(new Intset(members).Buffer);

    /// <summary>An empty set in the hashtable encoding, presized for <paramref name="capacity"/> members (createSetObject).</summary>
    public static RedisSet CreateHashtable(int capacity = 0) => new(new MemberTable<byte[], BytesKey>(capacity));

    /// <summary>
    /// An empty set whose encoding can hold <paramref name="firstMember"/> (setTypeCreate), with room
    /// for the <paramref name="members"/> a command is about to add (see <see cref="Reserve"/>; an
    /// intset that they would take past <paramref name="maxIntsetEntries"/> gets none).
    /// </summary>
    public static RedisSet CreateFor(ReadOnlySpan<byte> firstMember, int members = 0, long maxIntsetEntries = 0) =>
        RedisNumber.TryParseInt64(firstMember, out _) ? CreateIntset(members <= maxIntsetEntries ? members : 0) : CreateHashtable(members);

    /// <summary>A set over an intset (loading a file); the set takes ownership.</summary>
    public static RedisSet FromIntset(Intset intset) => new(intset.Buffer);

    public override RedisType Type => RedisType.Set;

    public override string EncodingName => IsIntset ? "intset" : "hashtable";

    public bool IsIntset => _encoding is byte[];

    /// <summary>The intset of the intset encoding (for RDB; not to be changed), null for a hashtable.</summary>
    public Intset? IntsetEncoding => IsIntset ? AsIntset : null;

    public int Count => IsIntset ? AsIntset.Count : AsTable!.Count;

    public override long ApproximateSize => ObjectSize + (IsIntset ? AsIntset.ApproximateSize : AsTable!.ApproximateSize);

    /// <summary>
    /// Makes room at once for <paramref name="members"/> members a command is about to add: in an
    /// intset they keep one, that many of its width (see <see cref="Intset.Reserve"/>); in a table,
    /// their number.
    /// </summary>
    public void Reserve(int members, long maxIntsetEntries)
    {
        if (IsIntset)
        {
            if (Count + (long)members <= maxIntsetEntries)
            {
                var intset = AsIntset;
                intset.Reserve(members);
                Keep(intset);
            }
            return;
        }
        AsTable!.EnsureCapacity(Count + members);
    }

    /// <summary>
    /// Adds a member; false when it was present (setTypeAdd). An intset becomes a hashtable on a
    /// non-integer member or when it grows past <paramref name="maxIntsetEntries"/>.
    /// </summary>
    public bool Add(ReadOnlySpan<byte> member, long maxIntsetEntries)
    {
        if (IsIntset)
        {
            if (RedisNumber.TryParseInt64(member, out var value))
            {
                return AddToIntset(value, maxIntsetEntries);
            }
            ConvertToHashtable();
            AddToTable(member.ToArray());
            return true;
        }
        if (AsTable!.Contains(member))
        {
            return false;
        }
        AddToTable(member.ToArray());
        return true;
    }

    /// <summary>As <see cref="Add(ReadOnlySpan{byte}, long)"/> for a member read from another set.</summary>
    public bool Add(in SetMember member, long maxIntsetEntries)
    {
        if (member.IsInteger && IsIntset)
        {
            return AddToIntset(member.Integer, maxIntsetEntries);
        }
        if (!member.IsInteger && AsTable is not null)
        {
            // Member arrays are never modified in place, so sets may share them.
            var bytes = member.ToArray();
            if (AsTable.Contains(bytes))
            {
                return false;
            }
            AddToTable(bytes);
            return true;
        }
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        return Add(member.AsSpan(scratch), maxIntsetEntries);
    }

    /// <summary>As <see cref="Remove(ReadOnlySpan{byte})"/> for a member read from another set.</summary>
    public bool Remove(in SetMember member)
    {
        if (member.IsInteger && IsIntset)
        {
            return RemoveFromIntset(member.Integer);
        }
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        return Remove(member.AsSpan(scratch));
    }

    /// <summary>As <see cref="Contains(ReadOnlySpan{byte})"/> for a member read from another set.</summary>
    public bool Contains(in SetMember member)
    {
        if (member.IsInteger && IsIntset)
        {
            return AsIntset.Contains(member.Integer);
        }
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        return Contains(member.AsSpan(scratch));
    }

    /// <summary>
    /// Adds an integer to the intset encoding, which becomes a hashtable when it grows past
    /// <paramref name="maxIntsetEntries"/>; false when it was present.
    /// </summary>
    private bool AddToIntset(long value, long maxIntsetEntries)
    {
        var intset = AsIntset;
        if (!intset.Add(value))
        {
            return false;
        }
        Keep(intset);
        if (intset.Count > Math.Min(maxIntsetEntries, IntsetHardLimit))
        {
            ConvertToHashtable();
        }
        return true;
    }

    /// <summary>Removes an integer from the intset encoding; false when it was absent.</summary>
    private bool RemoveFromIntset(long value)
    {
        var intset = AsIntset;
        if (!intset.Remove(value))
        {
            return false;
        }
        Keep(intset);
        return true;
    }

    /// <summary>Adds a member known to be absent from a hashtable set (building results).</summary>
    private void AddToTable(byte[] member)
    {
        AsTable!.AddNew(member);
    }

    /// <summary>Removes a member; false when it was absent (setTypeRemove).</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (IsIntset)
        {
            return RedisNumber.TryParseInt64(member, out var value) && RemoveFromIntset(value);
        }
        return AsTable!.Remove(member) is not null;
    }

    /// <summary>Whether the set holds the member (setTypeIsMember).</summary>
    public bool Contains(ReadOnlySpan<byte> member)
    {
        if (IsIntset)
        {
            return RedisNumber.TryParseInt64(member, out var value) && AsIntset.Contains(value);
        }
        return AsTable!.Contains(member);
    }

    /// <summary>
    /// The member at position <paramref name="index"/> (0..Count-1): ascending for an intset,
    /// the table's order for a hashtable. Positions change when members are removed.
    /// </summary>
    public SetMember this[int index] => IsIntset ? new SetMember(AsIntset.Get(index)) : new SetMember(AsTable![index]);

    /// <summary>A uniformly chosen member of a non-empty set (setTypeRandomElement).</summary>
    public SetMember RandomMember(Random random) => this[random.Next(Count)];

    /// <summary>Removes and returns a uniformly chosen member of a non-empty set.</summary>
    public SetMember PopRandom(Random random)
    {
        var index = random.Next(Count);
        if (IsIntset)
        {
            var value = AsIntset.Get(index);
            RemoveFromIntset(value);
            return new SetMember(value);
        }
        var member = AsTable![index];
        AsTable.RemoveAt(index);
        return new SetMember(member);
    }

    /// <summary>setTypeConvert to OBJ_ENCODING_HT, presized for the members.</summary>
    public void ConvertToHashtable()
    {
        if (!IsIntset)
        {
            return;
        }
        var intset = AsIntset;
        _encoding = new MemberTable<byte[], BytesKey>(intset.Count);
        for (var i = 0; i < intset.Count; i++)
        {
            AddToTable(RedisNumber.FormatInt64(intset.Get(i)));
        }
    }

    /// <summary>
    /// SSCAN: the members from <paramref name="cursor"/> on, at least <paramref name="count"/> when
    /// there are enough, looking at no more than ten buckets per requested member. An intset is
    /// returned whole with cursor 0, as Redis does for its compact encodings.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<SetMember> output)
    {
        if (IsIntset)
        {
            var intset = AsIntset;
            for (var i = 0; i < intset.Count; i++)
            {
                output.Add(new SetMember(intset.Get(i)));
            }
            return 0;
        }
        var found = new List<byte[]>();
        var maxIterations = count * 10;
        do
        {
            cursor = AsTable!.ScanStep(cursor, found);
        }
        while (cursor != 0 && maxIterations-- > 0 && found.Count < count);
        foreach (var member in found)
        {
            output.Add(new SetMember(member));
        }
        return cursor;
    }

    public override RedisObject DeepCopy()
    {
        if (IsIntset)
        {
            return new RedisSet(AsIntset.Clone().Buffer);
        }
        // Member arrays are never modified in place, so the copy may share them.
        var copy = CreateHashtable(AsTable!.Count);
        for (var i = 0; i < AsTable.Count; i++)
        {
            copy.AddToTable(AsTable[i]);
        }
        return copy;
    }

    /// <summary>
    /// The set part of DEBUG DIGEST's xorObjectDigest (after the type code, before the expiry
    /// mark): every member's text xored in, so the order does not matter.
    /// </summary>
    public void MixDigest(Span<byte> digest)
    {
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        for (var i = 0; i < Count; i++)
        {
            RedisDigest.Xor(digest, this[i].AsSpan(scratch));
        }
    }

    /// <summary>The table key of a hashtable member: the member array itself.</summary>
    public readonly struct BytesKey : IMemberKey<byte[]>
    {
        public static ReadOnlySpan<byte> KeyOf(byte[] item) => item;

        public static long SizeOf(byte[] item) => MemberTable<byte[], BytesKey>.ByteArraySize(item.Length);
    }
}
