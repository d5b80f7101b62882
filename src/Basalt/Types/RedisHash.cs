using Basalt.Text;
using Basalt.Types.Encodings;

namespace Basalt.Types;

/// <summary>
/// A hash value (t_hash.c). Redis 7.0 has two encodings: "listpack" (field, value, field,
/// value, ... in one <see cref="Listpack"/>, searched linearly) while the hash has at most
/// hash-max-listpack-entries fields and no field or value longer than hash-max-listpack-value
/// bytes, then "hashtable" for good (the conversion is one way).
/// <para>
/// Pairs are addressed by a handle: the byte position of the field in the listpack, or the
/// dense position of the pair in the table. Handles stay valid until the hash is modified.
/// </para>
/// </summary>
public sealed class RedisHash : RedisObject
{
    /// <summary>
    /// The one representation: a listpack's array (worked on through <see cref="Lp"/>, without a
    /// <see cref="Listpack"/> object: 24 bytes less per small hash) or a
    /// <see cref="MemberTable{T, TKey}"/> of pairs (which counts the pairs' bytes itself). One field
    /// rather than one per encoding makes this object 24 bytes on the 64-bit CoreCLR (header and one
    /// reference), not 40 with a second reference and a byte count: every hash key has one.
    /// </summary>
    private object _encoding;

    private RedisHash(object encoding)
    {
        _encoding = encoding;
    }

    /// <summary>The heap bytes of this object itself.</summary>
    internal const int ObjectSize = 24;

    /// <summary>
    /// The listpack, on the array in <see cref="_encoding"/> itself, which it replaces there when it
    /// grows or shrinks; only while <see cref="IsListpack"/>.
    /// </summary>
    private ListpackRef Lp => ListpackRef.InField(ref _encoding);

    private MemberTable<byte[], HashPair.FieldKey>? AsTable => _encoding as MemberTable<byte[], HashPair.FieldKey>;

    /// <summary>The listpack thresholds, read from the configuration when a hash is written.</summary>
    public readonly record struct Limits(long MaxListpackEntries, long MaxListpackValue);

    /// <summary>An empty hash in the listpack encoding (createHashObject), with room for <paramref name="listpackBytes"/> of pairs.</summary>
    public static RedisHash Create(long listpackBytes = 0) =>
        new(Listpack.NewBufferForEntries(listpackBytes));

    /// <summary>A hash over a listpack of field/value pairs (loading a file); the hash takes ownership.</summary>
    public static RedisHash FromListpack(Listpack listpack)
    {
        if (listpack.Count % 2 != 0)
        {
            throw new InvalidDataException("hash listpack with an odd number of entries");
        }
        return new(listpack.Buffer);
    }

    /// <summary>
    /// Whether a listpack loaded from a file is a valid hash (lpValidateIntegrityAndDups): an even
    /// number of entries and no field twice. The blob itself is checked by <see cref="Listpack.Validate"/>.
    /// </summary>
    public static bool IsValidPairListpack(Listpack listpack)
    {
        if (listpack.Count % 2 != 0)
        {
            return false;
        }
        var fields = new HashSet<string>(listpack.Count / 2, StringComparer.Ordinal);
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (var pos = listpack.First; pos >= 0; pos = listpack.Next(listpack.Next(pos)))
        {
            if (!fields.Add(System.Text.Encoding.Latin1.GetString(listpack.Get(pos).AsSpan(scratch))))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>An empty hash in the hashtable encoding, presized for <paramref name="capacity"/> fields.</summary>
    public static RedisHash CreateHashtable(int capacity = 0) => new(new MemberTable<byte[], HashPair.FieldKey>(capacity));

    public override RedisType Type => RedisType.Hash;

    public override string EncodingName => IsListpack ? "listpack" : "hashtable";

    public bool IsListpack => _encoding is byte[];

    /// <summary>The blob of the listpack encoding (for RDB), empty for a hashtable.</summary>
    public ReadOnlySpan<byte> ListpackBlob => IsListpack ? Lp.AsSpan() : default;

    /// <summary>The array of the listpack encoding, null for a hashtable (tests look at it).</summary>
    internal byte[]? ListpackBuffer => _encoding as byte[];

    /// <summary>Number of fields.</summary>
    public int Count => IsListpack ? Lp.Count / 2 : AsTable!.Count;

    public override long ApproximateSize => ObjectSize + (IsListpack ? Lp.BufferBytes : AsTable!.ApproximateSize);

    /// <summary>The value of a field, when present (hashTypeGetValue).</summary>
    public bool TryGet(ReadOnlySpan<byte> field, out ListpackEntry value)
    {
        if (IsListpack)
        {
            var lp = Lp;
            var pos = lp.Find(lp.First, field, 1);
            if (pos < 0)
            {
                value = default;
                return false;
            }
            value = lp.Get(lp.Next(pos));
            return true;
        }
        var pair = AsTable!.Find(field);
        if (pair is null)
        {
            value = default;
            return false;
        }
        value = new ListpackEntry(HashPair.Value(pair));
        return true;
    }

    public bool Contains(ReadOnlySpan<byte> field) => TryGet(field, out _);

    /// <summary>
    /// hashTypeTryConversion, before a write of several arguments: converts a listpack when one of
    /// them is longer than the value limit, or when their total would take the listpack past 1 GB.
    /// </summary>
    public void ConvertIfTooLarge(long longestArgument, long totalArgumentBytes, in Limits limits)
    {
        if (IsListpack && (longestArgument > limits.MaxListpackValue || !Lp.SafeToAdd(totalArgumentBytes)))
        {
            ConvertToHashtable();
        }
    }

    /// <summary>
    /// Makes room at once for <paramref name="pairs"/> pairs a command is about to set: in a listpack
    /// that they keep a listpack, their <paramref name="listpackBytes"/> (see <see cref="Listpack.Reserve"/>);
    /// in a table, their number.
    /// </summary>
    public void Reserve(int pairs, long listpackBytes, in Limits limits)
    {
        if (IsListpack)
        {
            if (Count + pairs <= limits.MaxListpackEntries)
            {
                Lp.Reserve(listpackBytes);
            }
            return;
        }
        AsTable!.EnsureCapacity(Count + pairs);
    }

    /// <summary>
    /// Sets a field (hashTypeSet); true when the field was created, false when its value was
    /// replaced. A listpack converts first when the field or value is too long, and after when it
    /// holds too many fields.
    /// </summary>
    public bool Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value, in Limits limits)
    {
        if (IsListpack && (field.Length > limits.MaxListpackValue || value.Length > limits.MaxListpackValue))
        {
            ConvertToHashtable();
        }
        if (IsListpack)
        {
            var lp = Lp;
            var pos = lp.Find(lp.First, field, 1);
            var created = pos < 0;
            if (created)
            {
                lp.Append(field);
                lp.Append(value);
            }
            else
            {
                lp.Replace(lp.Next(pos), value);
            }
            // Replacing a value converts too, as in Redis, when a lowered hash-max-listpack-entries
            // left the hash over the limit.
            if (Count > limits.MaxListpackEntries)
            {
                ConvertToHashtable();
            }
            return created;
        }
        var table = AsTable!;
        var index = table.IndexOf(field);
        if (index >= 0)
        {
            var old = table[index];
            var pair = HashPair.Create(HashPair.Field(old), value);
            table.RemoveAt(index);
            table.AddNew(pair);
            return false;
        }
        AddToTable(HashPair.Create(field, value));
        return true;
    }

    /// <summary>
    /// Adds a field known to be new to this hash in its current encoding, without any threshold
    /// (loading a file, whose loader chose the encoding); false when the field is already there.
    /// </summary>
    public bool TryAddNew(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        if (IsListpack)
        {
            if (Lp.Find(Lp.First, field, 1) >= 0)
            {
                return false;
            }
            Lp.Append(field);
            Lp.Append(value);
            return true;
        }
        if (AsTable!.Contains(field))
        {
            return false;
        }
        AddToTable(HashPair.Create(field, value));
        return true;
    }

    /// <summary>Removes a field; false when it was absent (hashTypeDelete).</summary>
    public bool Delete(ReadOnlySpan<byte> field)
    {
        if (IsListpack)
        {
            var pos = Lp.Find(Lp.First, field, 1);
            if (pos < 0)
            {
                return false;
            }
            Lp.DeleteEntries(pos, 2);
            return true;
        }
        return AsTable!.Remove(field) is not null;
    }

    /// <summary>hashTypeConvert to OBJ_ENCODING_HT, presized for the fields.</summary>
    public void ConvertToHashtable()
    {
        if (!IsListpack)
        {
            return;
        }
        var lp = Lp;
        var table = new MemberTable<byte[], HashPair.FieldKey>(lp.Count / 2);
        Span<byte> fieldScratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        Span<byte> valueScratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (var pos = lp.First; pos >= 0; pos = lp.Next(pos))
        {
            var field = lp.Get(pos).AsSpan(fieldScratch);
            pos = lp.Next(pos);
            var pair = HashPair.Create(field, lp.Get(pos).AsSpan(valueScratch));
            if (!table.TryAdd(pair))
            {
                // Redis panics here ("Listpack corruption detected"); a loader must have rejected it.
                throw new InvalidDataException("hash listpack with duplicate fields");
            }
        }
        _encoding = table;
    }

    private void AddToTable(byte[] pair) => AsTable!.AddNew(pair);

    /// <summary>Handle of the first pair, or -1 when the hash is empty.</summary>
    public int FirstPair => IsListpack ? Lp.First : (AsTable!.Count > 0 ? 0 : -1);

    /// <summary>Handle of the pair after <paramref name="handle"/>, or -1 at the end.</summary>
    public int NextPair(int handle)
    {
        if (IsListpack)
        {
            var value = Lp.Next(handle);
            return Lp.Next(value);
        }
        return handle + 1 < AsTable!.Count ? handle + 1 : -1;
    }

    /// <summary>The field of the pair at <paramref name="handle"/>.</summary>
    public ListpackEntry FieldAt(int handle) =>
        IsListpack ? Lp.Get(handle) : new ListpackEntry(HashPair.Field(AsTable![handle]));

    /// <summary>The value of the pair at <paramref name="handle"/>.</summary>
    public ListpackEntry ValueAt(int handle) =>
        IsListpack ? Lp.Get(Lp.Next(handle)) : new ListpackEntry(HashPair.Value(AsTable![handle]));

    /// <summary>The handle of a uniformly chosen pair of a non-empty hash (hashTypeRandomElement).</summary>
    public int RandomPair(Random random) =>
        IsListpack ? Lp.Seek(2L * random.Next(Count)) : random.Next(AsTable!.Count);

    /// <summary>
    /// Fills <paramref name="handles"/> with uniformly chosen pairs, repetitions allowed, in random
    /// order. A listpack is walked once for all of them (lpRandomPairs) rather than sought per pick.
    /// </summary>
    public void RandomPairs(Random random, Span<int> handles)
    {
        var count = Count;
        if (!IsListpack)
        {
            for (var i = 0; i < handles.Length; i++)
            {
                handles[i] = random.Next(count);
            }
            return;
        }
        var picks = new long[handles.Length];
        for (var i = 0; i < picks.Length; i++)
        {
            // The pair index in the high half, the reply order in the low half: sorting orders by pair.
            picks[i] = ((long)random.Next(count) << 32) | (uint)i;
        }
        Array.Sort(picks);
        var lp = Lp;
        var pos = lp.First;
        var pairIndex = 0;
        foreach (var pick in picks)
        {
            var wanted = (int)(pick >> 32);
            while (pairIndex < wanted)
            {
                pos = lp.Next(lp.Next(pos));
                pairIndex++;
            }
            handles[(int)(uint)pick] = pos;
        }
    }

    /// <summary>
    /// Picks min(handles.Length, Count) distinct pairs in one walk, each pair equally likely, in
    /// hash order (lpRandomPairsUnique); returns how many were picked.
    /// </summary>
    public int RandomPairsUnique(Random random, Span<int> handles)
    {
        var total = Count;
        var wanted = Math.Min(handles.Length, total);
        var picked = 0;
        var index = 0;
        for (var handle = FirstPair; handle >= 0 && picked < wanted; handle = NextPair(handle), index++)
        {
            // Take each pair with probability (still wanted) / (still unvisited).
            var threshold = (double)(wanted - picked) / (total - index);
            if (random.NextDouble() <= threshold)
            {
                handles[picked++] = handle;
            }
        }
        return picked;
    }

    /// <summary>
    /// HSCAN over the hashtable encoding: the pairs from <paramref name="cursor"/> on, at least
    /// <paramref name="count"/> when there are enough, looking at no more than 20 x count buckets
    /// (Redis doubles COUNT for hashes and allows ten steps per element). Returns the next
    /// cursor, 0 when the walk is complete. A listpack is not scanned this way (HSCAN returns it
    /// whole).
    /// </summary>
    public ulong ScanTable(ulong cursor, long count, List<byte[]> pairs)
    {
        var table = AsTable ?? throw new InvalidOperationException("a listpack hash is scanned whole");
        var elements = count > long.MaxValue / 2 ? long.MaxValue : count * 2;
        var maxIterations = elements > long.MaxValue / 10 ? long.MaxValue : elements * 10;
        do
        {
            cursor = table.ScanStep(cursor, pairs);
        }
        while (cursor != 0 && maxIterations-- > 0 && pairs.Count * 2L < elements);
        return cursor;
    }

    public override RedisObject DeepCopy()
    {
        if (IsListpack)
        {
            return new RedisHash(Listpack.CopyOf(Lp.AsSpan()));
        }
        // Pairs are never modified in place, so the copy may share them.
        var copy = CreateHashtable(AsTable!.Count);
        for (var i = 0; i < AsTable.Count; i++)
        {
            copy.AddToTable(AsTable[i]);
        }
        return copy;
    }

    /// <summary>
    /// The hash part of DEBUG DIGEST's xorObjectDigest (after the type code, before the expiry
    /// mark): per pair, a zero digest with the field then the value mixed in, xored into
    /// <paramref name="digest"/> so that the order of pairs does not matter.
    /// </summary>
    public void MixDigest(Span<byte> digest)
    {
        Span<byte> pairDigest = stackalloc byte[RedisDigest.Size];
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (var handle = FirstPair; handle >= 0; handle = NextPair(handle))
        {
            pairDigest.Clear();
            RedisDigest.Mix(pairDigest, FieldAt(handle).AsSpan(scratch));
            RedisDigest.Mix(pairDigest, ValueAt(handle).AsSpan(scratch));
            RedisDigest.Xor(digest, pairDigest);
        }
    }
}
