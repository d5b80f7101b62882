using System.Buffers.Binary;
using Basalt.Text;

namespace Basalt.Types.Encodings;

/// <summary>
/// A list of strings in Redis 7.0's listpack format, byte for byte, so that RDB files can carry it
/// as a blob and small collections cost what they cost in Redis:
/// <c>total_bytes u32 LE | count u16 LE (65535 = unknown) | entries | FF</c>, each entry being its
/// encoding and data followed by a backlen (the entry's size in 7-bit groups, readable from the
/// right) so that the list can be walked in both directions.
/// Strings that are canonical integers are stored as integers, as lpAppend does.
/// Positions are byte offsets of entries in <see cref="Buffer"/>; any mutation invalidates every
/// position except the one it returns.
/// </summary>
public sealed class Listpack
{
    public const int HeaderSize = 6;

    /// <summary>No listpack may grow beyond 1 GB (LISTPACK_MAX_SAFETY_SIZE).</summary>
    public const int MaxSafetySize = 1 << 30;

    /// <summary>Header count meaning "too many to count in 16 bits, scan".</summary>
    public const int UnknownCount = ushort.MaxValue;

    private const byte Eof = 0xFF;
    private const int EmptySize = HeaderSize + 1;
    private const int MaxIntegerEncodingSize = 9;

    /// <summary>
    /// The heap bytes of this object on the 64-bit CoreCLR: the header and <see cref="_buffer"/>, the
    /// smallest object there is. The size and the count live in the blob's own header rather than in
    /// fields (which would make it 32): every small hash, sorted set and list node has one.
    /// </summary>
    internal const int ObjectSize = 24;

    /// <summary>The buffer; its first <see cref="ByteLength"/> bytes are the listpack, header included.</summary>
    private byte[] _buffer;

    public Listpack()
        : this(EmptySize)
    {
    }

    /// <summary>An empty listpack whose buffer has room for <paramref name="capacity"/> bytes.</summary>
    public Listpack(int capacity)
    {
        _buffer = new byte[AllocationSize(Math.Max(capacity, EmptySize))];
        ByteLength = EmptySize;
        _buffer[HeaderSize] = Eof;
    }

    /// <summary>Over a buffer that starts with a valid listpack (header included).</summary>
    private Listpack(byte[] buffer)
    {
        _buffer = buffer;
    }

    /// <summary>The buffer; only its first <see cref="ByteLength"/> bytes are the listpack.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Size of the listpack in bytes (its total_bytes header).</summary>
    public int ByteLength
    {
        get => (int)BinaryPrimitives.ReadUInt32LittleEndian(_buffer);
        private set => BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)value);
    }

    /// <summary>
    /// Number of entries, exact even when the header says unknown (lpLength): then the entries are
    /// counted, and the count is written back when it fits the header again.
    /// </summary>
    public int Count
    {
        get
        {
            int header = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(4));
            if (header != UnknownCount)
            {
                return header;
            }
            var count = 0;
            for (var pos = First; pos >= 0; pos = Next(pos))
            {
                count++;
            }
            if (count < UnknownCount)
            {
                SetHeaderCount(count);
            }
            return count;
        }
    }

    /// <summary>Bytes held, counting the array and this object (for memory accounting).</summary>
    public long ApproximateSize => Keyspace.DatabaseMemory.ByteArray(_buffer.Length) + ObjectSize;

    /// <summary>Exactly the Redis blob.</summary>
    public ReadOnlySpan<byte> AsSpan() => _buffer.AsSpan(0, ByteLength);

    /// <summary>Position of the first entry, or -1 when empty.</summary>
    public int First => _buffer[HeaderSize] == Eof ? -1 : HeaderSize;

    /// <summary>Position of the last entry, or -1 when empty.</summary>
    public int Last => _buffer[HeaderSize] == Eof ? -1 : Prev(ByteLength - 1);

    /// <summary>Position of the entry after <paramref name="pos"/>, or -1 at the end.</summary>
    public int Next(int pos)
    {
        var next = Skip(pos);
        return _buffer[next] == Eof ? -1 : next;
    }

    /// <summary>Position of the entry before <paramref name="pos"/>, or -1 at the start.
    /// <paramref name="pos"/> may also be the terminator's position.</summary>
    public int Prev(int pos)
    {
        if (pos <= HeaderSize)
        {
            return -1;
        }
        var encodedSize = DecodeBacklen(_buffer, pos - 1);
        return pos - (int)encodedSize - BacklenSize((long)encodedSize);
    }

    /// <summary>
    /// Position of the entry at <paramref name="index"/> (negative counts from the tail, -1 being
    /// the last), or -1 when out of range. Walks from whichever end is nearer, as lpSeek.
    /// </summary>
    public int Seek(long index)
    {
        if (index < 0)
        {
            index += Count;
        }
        if (index < 0 || index >= Count)
        {
            return -1;
        }
        if (index > Count / 2)
        {
            var pos = Last;
            for (var i = Count - 1; i > index; i--)
            {
                pos = Prev(pos);
            }
            return pos;
        }
        else
        {
            var pos = HeaderSize;
            for (var i = 0; i < index; i++)
            {
                pos = Skip(pos);
            }
            return pos;
        }
    }

    /// <summary>The entry at <paramref name="pos"/>.</summary>
    public ListpackEntry Get(int pos)
    {
        var b = _buffer;
        var first = b[pos];
        if (first < 0x80)
        {
            return new ListpackEntry(first);
        }
        switch (first >> 4)
        {
            case 0x8:
            case 0x9:
            case 0xA:
            case 0xB:
                return new ListpackEntry(b.AsSpan(pos + 1, first & 0x3F));
            case 0xC:
            case 0xD:
                {
                    var raw = ((first & 0x1F) << 8) | b[pos + 1];
                    return new ListpackEntry(raw >= 4096 ? raw - 8192 : raw);
                }
            case 0xE:
                return new ListpackEntry(b.AsSpan(pos + 2, ((first & 0x0F) << 8) | b[pos + 1]));
        }
        return first switch
        {
            0xF0 => new ListpackEntry(b.AsSpan(pos + 5, (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(pos + 1)))),
            0xF1 => new ListpackEntry(BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(pos + 1))),
            0xF2 => new ListpackEntry(((b[pos + 1] | (b[pos + 2] << 8) | (b[pos + 3] << 16)) << 8) >> 8),
            0xF3 => new ListpackEntry(BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(pos + 1))),
            0xF4 => new ListpackEntry(BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(pos + 1))),
            // Only reachable on a corrupt buffer; lpGet answers the same marker value.
            _ => new ListpackEntry(12345678900000000L + first),
        };
    }

    /// <summary>
    /// lpFind: from <paramref name="startPos"/>, compares every (skip+1)-th entry with
    /// <paramref name="value"/> and returns the position of the first equal one, or -1.
    /// With skip 1 it looks up fields of a field/value listpack.
    /// </summary>
    public int Find(int startPos, ReadOnlySpan<byte> value, int skip)
    {
        if (startPos < 0)
        {
            return -1;
        }
        var isInteger = RedisNumber.TryParseInt64(value, out var integer);
        var b = _buffer;
        var pos = startPos;
        var skipCount = 0;
        while (b[pos] != Eof)
        {
            if (skipCount == 0)
            {
                var entry = Get(pos);
                if (entry.IsInteger ? isInteger && entry.Integer == integer : entry.Bytes.SequenceEqual(value))
                {
                    return pos;
                }
                skipCount = skip;
            }
            else
            {
                skipCount--;
            }
            pos = Skip(pos);
        }
        return -1;
    }

    public void Append(ReadOnlySpan<byte> value) => InsertString(ByteLength - 1, 0, value, isInsert: true);

    public void Append(long value) => InsertInteger(ByteLength - 1, 0, value, isInsert: true);

    public void Prepend(ReadOnlySpan<byte> value) => InsertString(HeaderSize, 0, value, isInsert: true);

    public void Prepend(long value) => InsertInteger(HeaderSize, 0, value, isInsert: true);

    /// <summary>
    /// Inserts before or after the entry at <paramref name="pos"/> (the terminator's position,
    /// <see cref="ByteLength"/> - 1, appends); returns the new entry's position.
    /// </summary>
    public int Insert(int pos, ReadOnlySpan<byte> value, bool after)
    {
        var at = after && _buffer[pos] != Eof ? Skip(pos) : pos;
        InsertString(at, 0, value, isInsert: true);
        return at;
    }

    /// <summary>
    /// Inserts before or after the entry at <paramref name="pos"/> (the terminator's position,
    /// <see cref="ByteLength"/> - 1, appends); returns the new entry's position.
    /// </summary>
    public int Insert(int pos, long value, bool after)
    {
        var at = after && _buffer[pos] != Eof ? Skip(pos) : pos;
        InsertInteger(at, 0, value, isInsert: true);
        return at;
    }

    /// <summary>Replaces the entry at <paramref name="pos"/>; returns its position (unchanged).</summary>
    public int Replace(int pos, ReadOnlySpan<byte> value)
    {
        InsertString(pos, Skip(pos) - pos, value, isInsert: false);
        return pos;
    }

    /// <summary>Replaces the entry at <paramref name="pos"/>; returns its position (unchanged).</summary>
    public int Replace(int pos, long value)
    {
        InsertInteger(pos, Skip(pos) - pos, value, isInsert: false);
        return pos;
    }

    /// <summary>Deletes the entry at <paramref name="pos"/>; returns the position of the entry that followed it, or -1.</summary>
    public int Delete(int pos) => DeleteEntries(pos, 1);

    /// <summary>
    /// Deletes up to <paramref name="count"/> entries starting at <paramref name="pos"/>; returns
    /// the position of the entry that followed them, or -1.
    /// </summary>
    public int DeleteEntries(int pos, int count)
    {
        var end = pos;
        var deleted = 0;
        while (deleted < count && _buffer[end] != Eof)
        {
            end = Skip(end);
            deleted++;
        }
        Resize(pos, end - pos, 0);
        AddToHeaderCount(-deleted);
        return _buffer[pos] == Eof ? -1 : pos;
    }

    /// <summary>
    /// lpDeleteRange: deletes up to <paramref name="count"/> entries starting at
    /// <paramref name="index"/> (negative counts from the tail); nothing when out of range.
    /// </summary>
    public void DeleteRange(long index, long count)
    {
        if (count <= 0)
        {
            return;
        }
        var pos = Seek(index);
        if (pos < 0)
        {
            return;
        }
        DeleteEntries(pos, (int)Math.Min(count, Count));
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        if (_buffer.Length > 64)
        {
            _buffer = new byte[AllocationSize(EmptySize)];
        }
        ByteLength = EmptySize;
        SetHeaderCount(0);
        _buffer[HeaderSize] = Eof;
    }

    /// <summary>Appends every entry of <paramref name="other"/> (lpMerge's byte concatenation: entries carry no offsets).</summary>
    public void AppendAll(Listpack other)
    {
        var entries = other.AsSpan()[HeaderSize..^1];
        if (entries.Overlaps(_buffer))
        {
            entries = entries.ToArray();
        }
        var at = ByteLength - 1;
        Resize(at, 0, entries.Length);
        entries.CopyTo(_buffer.AsSpan(at));
        AddToHeaderCount(other.Count);
    }

    /// <summary>An independent copy.</summary>
    public Listpack Clone()
    {
        var buffer = new byte[AllocationSize(ByteLength)];
        AsSpan().CopyTo(buffer);
        return new Listpack(buffer);
    }

    /// <summary>lpSafeToAdd: whether <paramref name="add"/> more bytes keep the listpack within 1 GB.</summary>
    /// <summary>
    /// Makes room for <paramref name="additionalBytes"/> more bytes of entries at once (within the
    /// 1 GB limit), for a command about to add several: adding them one by one would otherwise
    /// reallocate the buffer at almost every entry while it is small, garbage that the collector
    /// would have to clear or, once promoted, keep as holes in the heap.
    /// </summary>
    public void Reserve(long additionalBytes)
    {
        var wanted = Math.Min(ByteLength + additionalBytes, MaxSafetySize);
        if (wanted > _buffer.Length)
        {
            var target = new byte[AllocationSize((int)wanted)];
            AsSpan().CopyTo(target);
            _buffer = target;
        }
    }

    public bool SafeToAdd(long add) => ByteLength + add <= MaxSafetySize;

    /// <summary>The bytes <paramref name="value"/> takes as an entry (encoding, data and backlen).</summary>
    public static int EntrySizeOf(ReadOnlySpan<byte> value)
    {
        var encodedSize = RedisNumber.TryParseInt64(value, out var n) ? IntegerEncodingSize(n) : StringEncodingSize(value.Length);
        return encodedSize + BacklenSize(encodedSize);
    }

    /// <summary>The bytes <paramref name="value"/> takes as an entry (encoding, data and backlen).</summary>
    public static int EntrySizeOf(long value)
    {
        var encodedSize = IntegerEncodingSize(value);
        return encodedSize + BacklenSize(encodedSize);
    }

    /// <summary>A copy of a listpack blob; throws <see cref="InvalidDataException"/> when it fails <see cref="Validate"/> (deep).</summary>
    public static Listpack FromBlob(ReadOnlySpan<byte> blob)
    {
        if (!Validate(blob, deep: true, out _))
        {
            throw new InvalidDataException("Listpack integrity check failed.");
        }
        var buffer = new byte[AllocationSize(blob.Length)];
        blob.CopyTo(buffer);
        return new Listpack(buffer);
    }

    /// <summary>
    /// A listpack over <paramref name="blob"/> itself, without copying (the RDB loader's blobs are
    /// read into arrays of their exact size): the blob must have passed <see cref="Validate"/>
    /// deeply, which gave <paramref name="count"/>; the listpack takes ownership.
    /// </summary>
    public static Listpack Adopt(byte[] blob, int count)
    {
        var listpack = new Listpack(blob);
        // The count is the blob's header's (or what a scan gives when that says unknown).
        System.Diagnostics.Debug.Assert(listpack.Count == count, "the count given for an adopted listpack is not its own");
        return listpack;
    }

    /// <summary>
    /// lpValidateIntegrity: the header's size matches and the terminator is there; when
    /// <paramref name="deep"/>, every entry lies inside the blob, has a known encoding and a
    /// backlen that matches, and the header count (unless unknown) is right. Never reads outside
    /// <paramref name="blob"/>. <paramref name="count"/> is the number of entries, or -1 when not
    /// deep and the header says unknown.
    /// </summary>
    public static bool Validate(ReadOnlySpan<byte> blob, bool deep, out int count)
    {
        count = -1;
        if (blob.Length < EmptySize)
        {
            return false;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(blob) != (uint)blob.Length || blob[^1] != Eof)
        {
            return false;
        }
        int headerCount = BinaryPrimitives.ReadUInt16LittleEndian(blob[4..]);
        if (!deep)
        {
            count = headerCount == UnknownCount ? -1 : headerCount;
            return true;
        }

        long last = blob.Length - 1;
        long pos = HeaderSize;
        var entries = 0;
        while (blob[(int)pos] != Eof)
        {
            var lengthBytes = EncodingHeaderSize(blob[(int)pos]);
            if (lengthBytes == 0 || pos + lengthBytes > last)
            {
                return false;
            }
            var encodedSize = EncodedSize(blob, (int)pos);
            var backlenSize = BacklenSize(encodedSize);
            var entrySize = encodedSize + backlenSize;
            if (pos + entrySize > last)
            {
                return false;
            }
            pos += entrySize;
            var stored = DecodeBacklen(blob, (int)pos - 1);
            if (stored == ulong.MaxValue || (long)stored + backlenSize != entrySize)
            {
                return false;
            }
            entries++;
        }
        if (pos != last)
        {
            return false;
        }
        if (headerCount != UnknownCount && headerCount != entries)
        {
            return false;
        }
        count = entries;
        return true;
    }

    /// <summary>The position just past the entry at <paramref name="pos"/> (the next entry or the terminator).</summary>
    private int Skip(int pos)
    {
        var encodedSize = EncodedSize(_buffer, pos);
        return pos + (int)encodedSize + BacklenSize(encodedSize);
    }

    private void InsertString(int at, int replacedSize, ReadOnlySpan<byte> value, bool isInsert)
    {
        if (RedisNumber.TryParseInt64(value, out var n))
        {
            InsertInteger(at, replacedSize, n, isInsert);
            return;
        }
        if (value.Overlaps(_buffer))
        {
            // The value lives in this buffer, which is about to move under it.
            value = value.ToArray();
        }
        var encodedSize = StringEncodingSize(value.Length);
        var backlenSize = BacklenSize(encodedSize);
        Resize(at, replacedSize, encodedSize + backlenSize);
        var dst = _buffer.AsSpan(at);
        var header = WriteStringHeader(dst, value.Length);
        value.CopyTo(dst[header..]);
        WriteBacklen(dst[encodedSize..], encodedSize);
        if (isInsert)
        {
            AddToHeaderCount(1);
        }
    }

    private void InsertInteger(int at, int replacedSize, long value, bool isInsert)
    {
        Span<byte> encoded = stackalloc byte[MaxIntegerEncodingSize];
        var encodedSize = EncodeInteger(value, encoded);
        var backlenSize = BacklenSize(encodedSize);
        Resize(at, replacedSize, encodedSize + backlenSize);
        var dst = _buffer.AsSpan(at);
        encoded[..encodedSize].CopyTo(dst);
        WriteBacklen(dst[encodedSize..], encodedSize);
        if (isInsert)
        {
            AddToHeaderCount(1);
        }
    }

    /// <summary>
    /// Replaces <paramref name="removed"/> bytes at <paramref name="at"/> with room for
    /// <paramref name="inserted"/> bytes, moving the tail and growing or shrinking the buffer.
    /// </summary>
    private void Resize(int at, int removed, int inserted)
    {
        var oldLength = ByteLength;
        var newLength = (long)oldLength - removed + inserted;
        if (newLength > Array.MaxLength)
        {
            throw new InvalidOperationException("listpack too large");
        }
        var tail = oldLength - at - removed;
        var target = _buffer;
        // Shrinks only when entries go (not while a reserved buffer fills up).
        if (newLength > _buffer.Length || (newLength < oldLength && newLength < _buffer.Length / 2 && _buffer.Length > 64))
        {
            // Allocation sizes follow jemalloc's classes, so a grown listpack holds about what it holds in Redis.
            target = new byte[AllocationSize((int)newLength)];
            _buffer.AsSpan(0, at).CopyTo(target);
        }
        _buffer.AsSpan(at + removed, tail).CopyTo(target.AsSpan(at + inserted));
        _buffer = target;
        ByteLength = (int)newLength;
    }

    private void SetHeaderCount(int count) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(4), (ushort)Math.Min(count, UnknownCount));

    /// <summary>
    /// Moves the header count by <paramref name="delta"/> entries; an unknown count stays unknown,
    /// as lpInsert and lpDelete leave it (<see cref="Count"/> counts and fixes it when read).
    /// </summary>
    private void AddToHeaderCount(int delta)
    {
        int header = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(4));
        if (header != UnknownCount)
        {
            SetHeaderCount(header + delta);
        }
    }

    /// <summary>Size in bytes of an entry's encoding and data (lpCurrentEncodedSizeUnsafe); 0 for an invalid first byte.</summary>
    private static long EncodedSize(ReadOnlySpan<byte> b, int pos)
    {
        var first = b[pos];
        if (first < 0x80)
        {
            return 1;
        }
        switch (first >> 4)
        {
            case 0x8:
            case 0x9:
            case 0xA:
            case 0xB:
                return 1 + (first & 0x3F);
            case 0xC:
            case 0xD:
                return 2;
            case 0xE:
                return 2 + (((first & 0x0F) << 8) | b[pos + 1]);
        }
        return first switch
        {
            0xF0 => 5L + BinaryPrimitives.ReadUInt32LittleEndian(b[(pos + 1)..]),
            0xF1 => 3,
            0xF2 => 4,
            0xF3 => 5,
            0xF4 => 9,
            0xFF => 1,
            _ => 0,
        };
    }

    /// <summary>Bytes needed to read an entry's length from its start (lpCurrentEncodedSizeBytes); 0 for an invalid first byte.</summary>
    private static int EncodingHeaderSize(byte first)
    {
        if (first < 0xE0)
        {
            return 1;
        }
        if (first < 0xF0)
        {
            return 2;
        }
        return first switch
        {
            0xF0 => 5,
            <= 0xF4 => 1,
            0xFF => 1,
            _ => 0,
        };
    }

    /// <summary>Backlen bytes for an entry of <paramref name="encodedSize"/> bytes (lpEncodeBacklen's thresholds).</summary>
    internal static int BacklenSize(long encodedSize) => encodedSize switch
    {
        <= 127 => 1,
        < 16383 => 2,
        < 2097151 => 3,
        < 268435455 => 4,
        _ => 5,
    };

    /// <summary>Writes the backlen: the most significant 7-bit group first, all but the first byte flagged with bit 7.</summary>
    internal static void WriteBacklen(Span<byte> dst, long encodedSize)
    {
        var size = BacklenSize(encodedSize);
        for (var i = size - 1; i >= 0; i--)
        {
            dst[i] = (byte)((int)(encodedSize & 127) | (i == 0 ? 0 : 128));
            encodedSize >>= 7;
        }
    }

    /// <summary>Reads a backlen whose last byte is at <paramref name="end"/>, right to left; ulong.MaxValue when longer than 5 bytes.</summary>
    internal static ulong DecodeBacklen(ReadOnlySpan<byte> b, int end)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var c = b[end];
            value |= (ulong)(c & 127) << shift;
            if ((c & 128) == 0)
            {
                return value;
            }
            shift += 7;
            end--;
            if (shift > 28 || end < 0)
            {
                return ulong.MaxValue;
            }
        }
    }

    private static int StringEncodingSize(int length) => length switch
    {
        < 64 => 1 + length,
        < 4096 => 2 + length,
        _ => 5 + length,
    };

    private static int WriteStringHeader(Span<byte> dst, int length)
    {
        if (length < 64)
        {
            dst[0] = (byte)(0x80 | length);
            return 1;
        }
        if (length < 4096)
        {
            dst[0] = (byte)(0xE0 | (length >> 8));
            dst[1] = (byte)length;
            return 2;
        }
        dst[0] = 0xF0;
        BinaryPrimitives.WriteUInt32LittleEndian(dst[1..], (uint)length);
        return 5;
    }

    private static int IntegerEncodingSize(long v) => v switch
    {
        >= 0 and <= 127 => 1,
        >= -4096 and <= 4095 => 2,
        >= short.MinValue and <= short.MaxValue => 3,
        >= -8388608 and <= 8388607 => 4,
        >= int.MinValue and <= int.MaxValue => 5,
        _ => 9,
    };

    /// <summary>lpEncodeIntegerGetType: the smallest integer encoding holding <paramref name="v"/>.</summary>
    private static int EncodeInteger(long v, Span<byte> dst)
    {
        switch (IntegerEncodingSize(v))
        {
            case 1:
                dst[0] = (byte)v;
                return 1;
            case 2:
                {
                    var u = (uint)v & 0x1FFF;
                    dst[0] = (byte)(0xC0 | (u >> 8));
                    dst[1] = (byte)u;
                    return 2;
                }
            case 3:
                dst[0] = 0xF1;
                BinaryPrimitives.WriteInt16LittleEndian(dst[1..], (short)v);
                return 3;
            case 4:
                dst[0] = 0xF2;
                dst[1] = (byte)v;
                dst[2] = (byte)(v >> 8);
                dst[3] = (byte)(v >> 16);
                return 4;
            case 5:
                dst[0] = 0xF3;
                BinaryPrimitives.WriteInt32LittleEndian(dst[1..], (int)v);
                return 5;
            default:
                dst[0] = 0xF4;
                BinaryPrimitives.WriteInt64LittleEndian(dst[1..], v);
                return 9;
        }
    }

    /// <summary>
    /// The size an allocation of <paramref name="size"/> bytes gets: above 128 bytes jemalloc's size
    /// classes (four per doubling), so that growing by one entry is amortized O(1) and a listpack
    /// wastes what it wastes in Redis; up to 128 bytes the 8-byte granule of the managed heap (every
    /// array is a whole number of them anyway), where jemalloc's 16-byte steps would only waste a
    /// granule on half of the small listpacks and intsets, and copying a few dozen bytes is cheap.
    /// </summary>
    internal static int AllocationSize(int size)
    {
        if (size <= 8)
        {
            return 8;
        }
        if (size <= 128)
        {
            return (size + 7) & ~7;
        }
        var log = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)(size - 1));
        var step = 1L << (log - 2);
        var rounded = ((long)size + step - 1) & ~(step - 1);
        return (int)Math.Min(rounded, Array.MaxLength);
    }
}
