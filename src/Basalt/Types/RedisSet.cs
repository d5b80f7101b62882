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

    private Intset? _intset;
    private MemberTable<byte[], BytesKey>? _table;

    private RedisSet(Intset? intset, MemberTable<byte[], BytesKey>? table)
    {
        _intset = intset;
        _table = table;
    }

    /// <summary>An empty set in the intset encoding (createIntsetObject).</summary>
    public static RedisSet CreateIntset() => new(new Intset(), null);

    /// <summary>An empty set in the hashtable encoding, presized for <paramref name="capacity"/> members (createSetObject).</summary>
    public static RedisSet CreateHashtable(int capacity = 0) => new(null, new MemberTable<byte[], BytesKey>(capacity));

    /// <summary>An empty set whose encoding can hold <paramref name="firstMember"/> (setTypeCreate).</summary>
    public static RedisSet CreateFor(ReadOnlySpan<byte> firstMember) =>
        RedisNumber.TryParseInt64(firstMember, out _) ? CreateIntset() : CreateHashtable();

    /// <summary>A set over an intset (loading a file); the set takes ownership.</summary>
    public static RedisSet FromIntset(Intset intset) => new(intset, null);

    public override RedisType Type => RedisType.Set;

    public override string EncodingName => _intset is not null ? "intset" : "hashtable";

    public bool IsIntset => _intset is not null;

    /// <summary>The intset of the intset encoding (for RDB), null for a hashtable.</summary>
    public Intset? IntsetEncoding => _intset;

    public int Count => _intset?.Count ?? _table!.Count;

    public override long ApproximateSize => 32 + (_intset is not null ? _intset.ApproximateSize : _table!.ApproximateSize);

    /// <summary>
    /// Adds a member; false when it was present (setTypeAdd). An intset becomes a hashtable on a
    /// non-integer member or when it grows past <paramref name="maxIntsetEntries"/>.
    /// </summary>
    public bool Add(ReadOnlySpan<byte> member, long maxIntsetEntries)
    {
        if (_intset is not null)
        {
            if (RedisNumber.TryParseInt64(member, out var value))
            {
                if (!_intset.Add(value))
                {
                    return false;
                }
                if (_intset.Count > Math.Min(maxIntsetEntries, IntsetHardLimit))
                {
                    ConvertToHashtable();
                }
                return true;
            }
            ConvertToHashtable();
            AddToTable(member.ToArray());
            return true;
        }
        if (_table!.Contains(member))
        {
            return false;
        }
        AddToTable(member.ToArray());
        return true;
    }

    /// <summary>As <see cref="Add(ReadOnlySpan{byte}, long)"/> for a member read from another set.</summary>
    public bool Add(in SetMember member, long maxIntsetEntries)
    {
        if (member.IsInteger && _intset is not null)
        {
            if (!_intset.Add(member.Integer))
            {
                return false;
            }
            if (_intset.Count > Math.Min(maxIntsetEntries, IntsetHardLimit))
            {
                ConvertToHashtable();
            }
            return true;
        }
        if (!member.IsInteger && _table is not null)
        {
            // Member arrays are never modified in place, so sets may share them.
            var bytes = member.ToArray();
            if (_table.Contains(bytes))
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
        if (member.IsInteger && _intset is not null)
        {
            return _intset.Remove(member.Integer);
        }
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        return Remove(member.AsSpan(scratch));
    }

    /// <summary>As <see cref="Contains(ReadOnlySpan{byte})"/> for a member read from another set.</summary>
    public bool Contains(in SetMember member)
    {
        if (member.IsInteger && _intset is not null)
        {
            return _intset.Contains(member.Integer);
        }
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        return Contains(member.AsSpan(scratch));
    }

    /// <summary>Adds a member known to be absent from a hashtable set (building results).</summary>
    private void AddToTable(byte[] member)
    {
        _table!.AddNew(member);
    }

    /// <summary>Removes a member; false when it was absent (setTypeRemove).</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (_intset is not null)
        {
            return RedisNumber.TryParseInt64(member, out var value) && _intset.Remove(value);
        }
        return _table!.Remove(member) is not null;
    }

    /// <summary>Whether the set holds the member (setTypeIsMember).</summary>
    public bool Contains(ReadOnlySpan<byte> member)
    {
        if (_intset is not null)
        {
            return RedisNumber.TryParseInt64(member, out var value) && _intset.Contains(value);
        }
        return _table!.Contains(member);
    }

    /// <summary>
    /// The member at position <paramref name="index"/> (0..Count-1): ascending for an intset,
    /// the table's order for a hashtable. Positions change when members are removed.
    /// </summary>
    public SetMember this[int index] => _intset is not null ? new SetMember(_intset.Get(index)) : new SetMember(_table![index]);

    /// <summary>A uniformly chosen member of a non-empty set (setTypeRandomElement).</summary>
    public SetMember RandomMember(Random random) => this[random.Next(Count)];

    /// <summary>Removes and returns a uniformly chosen member of a non-empty set.</summary>
    public SetMember PopRandom(Random random)
    {
        var index = random.Next(Count);
        if (_intset is not null)
        {
            var value = _intset.Get(index);
            _intset.Remove(value);
            return new SetMember(value);
        }
        var member = _table![index];
        _table.RemoveAt(index);
        return new SetMember(member);
    }

    /// <summary>setTypeConvert to OBJ_ENCODING_HT, presized for the members.</summary>
    public void ConvertToHashtable()
    {
        if (_intset is null)
        {
            return;
        }
        var intset = _intset;
        _table = new MemberTable<byte[], BytesKey>(intset.Count);
        _intset = null;
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
        if (_intset is not null)
        {
            for (var i = 0; i < _intset.Count; i++)
            {
                output.Add(new SetMember(_intset.Get(i)));
            }
            return 0;
        }
        var found = new List<byte[]>();
        var maxIterations = count * 10;
        do
        {
            cursor = _table!.ScanStep(cursor, found);
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
        if (_intset is not null)
        {
            return new RedisSet(_intset.Clone(), null);
        }
        // Member arrays are never modified in place, so the copy may share them.
        var copy = CreateHashtable(_table!.Count);
        for (var i = 0; i < _table.Count; i++)
        {
            copy.AddToTable(_table[i]);
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
