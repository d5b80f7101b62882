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

    internal const byte Eof = 0xFF;
    internal const int EmptySize = HeaderSize + 1;
    internal const int MaxIntegerEncodingSize = 9;

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
        _buffer = NewBuffer(capacity);
    }

    /// <summary>The array of an empty listpack with room for <paramref name="entryBytes"/> bytes of entries (within the 1 GB limit).</summary>
    public static byte[] NewBufferForEntries(long entryBytes) => NewBuffer((int)Math.Min(EmptySize + entryBytes, MaxSafetySize));

    /// <summary>The array of an empty listpack with room for <paramref name="capacity"/> bytes (header included).</summary>
    public static byte[] NewBuffer(int capacity)
    {
        var buffer = new byte[AllocationSize(Math.Max(capacity, EmptySize))];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, EmptySize);
        buffer[HeaderSize] = Eof;
        return buffer;
    }

    /// <summary>Over a buffer that starts with a valid listpack (header included).</summary>
    private Listpack(byte[] buffer)
    {
        _buffer = buffer;
    }

    /// <summary>
    /// A listpack object over an array another owner keeps (a small sorted set's), for reading: a
    /// change through it would not reach that owner, whose array it may replace.
    /// </summary>
    internal static Listpack Over(byte[] buffer) => new(buffer);

    /// <summary>The operations on this listpack's buffer.</summary>
    internal ListpackRef Ref => new(ref _buffer);

    /// <summary>The buffer; only its first <see cref="ByteLength"/> bytes are the listpack.</summary>
    public byte[] Buffer => _buffer;

    /// <inheritdoc cref="ListpackRef.ByteLength"/>
    public int ByteLength => Ref.ByteLength;

    /// <inheritdoc cref="ListpackRef.Count"/>
    public int Count => Ref.Count;

    public ReadOnlySpan<byte> AsSpan() => Ref.AsSpan();

    public int First => Ref.First;

    public int Last => Ref.Last;

    public int Next(int pos) => Ref.Next(pos);

    public int Prev(int pos) => Ref.Prev(pos);

    public int Seek(long index) => Ref.Seek(index);

    public ListpackEntry Get(int pos) => Ref.Get(pos);

    public int Find(int startPos, ReadOnlySpan<byte> value, int skip) => Ref.Find(startPos, value, skip);

    public void Append(ReadOnlySpan<byte> value) => Ref.Append(value);

    public void Append(long value) => Ref.Append(value);

    public void Prepend(ReadOnlySpan<byte> value) => Ref.Prepend(value);

    public void Prepend(long value) => Ref.Prepend(value);

    public int Insert(int pos, ReadOnlySpan<byte> value, bool after) => Ref.Insert(pos, value, after);

    public int Insert(int pos, long value, bool after) => Ref.Insert(pos, value, after);

    public int Replace(int pos, ReadOnlySpan<byte> value) => Ref.Replace(pos, value);

    public int Replace(int pos, long value) => Ref.Replace(pos, value);

    public int Delete(int pos) => Ref.Delete(pos);

    public int DeleteEntries(int pos, int count) => Ref.DeleteEntries(pos, count);

    public void DeleteRange(long index, long count) => Ref.DeleteRange(index, count);

    public void Clear() => Ref.Clear();

    public void Reserve(long additionalBytes) => Ref.Reserve(additionalBytes);

    public bool SafeToAdd(long add) => Ref.SafeToAdd(add);

    /// <summary>Bytes held, counting the array and this object (for memory accounting).</summary>
    public long ApproximateSize => Ref.BufferBytes + ObjectSize;

    /// <summary>Appends every entry of <paramref name="other"/> (lpMerge's byte concatenation: entries carry no offsets).</summary>
    public void AppendAll(Listpack other) => Ref.AppendAll(other.AsSpan(), other.Count);

    /// <summary>An independent copy.</summary>
    public Listpack Clone() => new(CopyOf(AsSpan()));

    /// <summary>
    /// A new array holding a copy of <paramref name="blob"/> (a listpack's or an intset's), sized as
    /// such blobs are allocated (<see cref="AllocationSize"/>).
    /// </summary>
    public static byte[] CopyOf(ReadOnlySpan<byte> blob)
    {
        var buffer = new byte[AllocationSize(blob.Length)];
        blob.CopyTo(buffer);
        return buffer;
    }

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
        return new Listpack(CopyOf(blob));
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

    /// <summary>Size in bytes of an entry's encoding and data (lpCurrentEncodedSizeUnsafe); 0 for an invalid first byte.</summary>
    internal static long EncodedSize(ReadOnlySpan<byte> b, int pos)
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
    internal static int EncodingHeaderSize(byte first)
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

    internal static int StringEncodingSize(int length) => length switch
    {
        < 64 => 1 + length,
        < 4096 => 2 + length,
        _ => 5 + length,
    };

    internal static int WriteStringHeader(Span<byte> dst, int length)
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

    internal static int IntegerEncodingSize(long v) => v switch
    {
        >= 0 and <= 127 => 1,
        >= -4096 and <= 4095 => 2,
        >= short.MinValue and <= short.MaxValue => 3,
        >= -8388608 and <= 8388607 => 4,
        >= int.MinValue and <= int.MaxValue => 5,
        _ => 9,
    };

    /// <summary>lpEncodeIntegerGetType: the smallest integer encoding holding <paramref name="v"/>.</summary>
    internal static int EncodeInteger(long v, Span<byte> dst)
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
