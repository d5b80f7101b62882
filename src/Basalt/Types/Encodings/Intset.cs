using System.Buffers.Binary;

namespace Basalt.Types.Encodings;

/// <summary>
/// A sorted set of integers, ascending and unique, each stored in the same width (2, 4 or 8 bytes,
/// little-endian, signed). Adding a member that does not fit the width upgrades every member to
/// the wider encoding (never back down, as in Redis). In files it is Redis's intset blob
/// (<c>encoding u32 LE | length u32 LE | members</c>, see <see cref="WriteBlob"/> and
/// <see cref="FromBlob"/>).
/// </summary>
/// <remarks>
/// A struct over its byte array, not an object of its own: a set value keeps the array itself
/// (<see cref="Buffer"/>) and looks at it through this view, which spares every small set of
/// integers an object (24 bytes on the 64-bit CoreCLR). Width and count share a 4-byte header at
/// the start of the array (the count in the low 30 bits, which is Redis's cap on an intset, the
/// width's code in the top two) rather than Redis's 8 bytes: most sets of integers are small, and
/// with one or two members those 4 bytes decide whether the array takes 32 bytes or 40. Adding or
/// removing may replace the array: whoever keeps it must take <see cref="Buffer"/> again after a
/// change.
/// </remarks>
public struct Intset
{
    /// <summary>The header of Redis's blob: encoding and length, 4 bytes each.</summary>
    public const int BlobHeaderSize = 8;

    /// <summary>The header of the array: the count and the width's code in one little-endian u32.</summary>
    private const int HeaderSize = 4;

    private const int CountBits = 30;

    private const uint CountMask = (1u << CountBits) - 1;

    /// <summary>The array: header, members, room to grow.</summary>
    private byte[] _buffer;

    public Intset()
        : this(members: 0)
    {
    }

    /// <summary>An empty intset with room for <paramref name="members"/> members of the smallest width.</summary>
    public Intset(int members)
    {
        // A zeroed header is an empty intset of width 2 (code 0).
        _buffer = new byte[Listpack.AllocationSize((int)Math.Min(HeaderSize + 2L * Math.Max(members, 0), Array.MaxLength))];
    }

    /// <summary>Over an array that holds a valid intset (header included).</summary>
    private Intset(byte[] buffer)
    {
        _buffer = buffer;
    }

    /// <summary>A view of an intset kept as its array (<see cref="Buffer"/>).</summary>
    internal static Intset Over(byte[] buffer) => new(buffer);

    /// <summary>The array holding the intset, to keep in place of this view; changes after <see cref="Add"/> or <see cref="Remove"/>.</summary>
    internal readonly byte[] Buffer => _buffer;

    /// <summary>Bytes per member: 2, 4 or 8.</summary>
    public readonly int Width => 2 << (int)(Header >> CountBits);

    /// <summary>Number of members.</summary>
    public readonly int Count => (int)(Header & CountMask);

    private readonly uint Header => BinaryPrimitives.ReadUInt32LittleEndian(_buffer);

    private void SetHeader(int width, int count) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)count | ((uint)System.Numerics.BitOperations.Log2((uint)width >> 1) << CountBits));

    /// <summary>The bytes in use in the array (header and members).</summary>
    internal readonly int ByteLength => HeaderSize + Count * Width;

    /// <summary>The size of Redis's blob of this intset (<see cref="WriteBlob"/>).</summary>
    public readonly int BlobLength => BlobHeaderSize + Count * Width;

    /// <summary>Bytes held: the array (for memory accounting).</summary>
    public readonly long ApproximateSize => Keyspace.DatabaseMemory.ByteArray(_buffer.Length);

    /// <summary>Writes Redis's blob of this intset, <see cref="BlobLength"/> bytes, into <paramref name="destination"/>.</summary>
    public readonly void WriteBlob(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)Width);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)Count);
        _buffer.AsSpan(HeaderSize, Count * Width).CopyTo(destination[BlobHeaderSize..]);
    }

    /// <summary>Redis's blob of this intset in an array of its own.</summary>
    public readonly byte[] ToBlob()
    {
        var blob = new byte[BlobLength];
        WriteBlob(blob);
        return blob;
    }

    /// <summary>The smallest member (the set must not be empty).</summary>
    public readonly long Min => Get(0);

    /// <summary>The largest member (the set must not be empty).</summary>
    public readonly long Max => Get(Count - 1);

    /// <summary>The member at <paramref name="index"/> in ascending order.</summary>
    public readonly long Get(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        return Read(_buffer, Width, index);
    }

    public readonly bool Contains(long value) => WidthOf(value) <= Width && Search(value, out _);

    /// <summary>Adds <paramref name="value"/>; false when it was already a member.</summary>
    public bool Add(long value)
    {
        var width = WidthOf(value);
        if (width > Width)
        {
            UpgradeAndAdd(value, width);
            return true;
        }
        if (Search(value, out var index))
        {
            return false;
        }
        EnsureCapacity(HeaderSize + (Count + 1) * Width);
        var at = HeaderSize + index * Width;
        _buffer.AsSpan(at, (Count - index) * Width).CopyTo(_buffer.AsSpan(at + Width));
        Write(_buffer, Width, index, value);
        SetHeader(Width, Count + 1);
        return true;
    }

    /// <summary>
    /// Makes room for <paramref name="members"/> more members of the current width at once, for a
    /// command about to add several (see <see cref="Listpack.Reserve"/> for why); a wider member
    /// still reallocates. The array may change: take <see cref="Buffer"/> again.
    /// </summary>
    public void Reserve(int members) => EnsureCapacity((int)Math.Min(ByteLength + (long)members * Width, Array.MaxLength));

    /// <summary>Removes <paramref name="value"/>; false when it was not a member.</summary>
    public bool Remove(long value)
    {
        if (WidthOf(value) > Width || !Search(value, out var index))
        {
            return false;
        }
        var at = HeaderSize + index * Width;
        _buffer.AsSpan(at + Width, (Count - index - 1) * Width).CopyTo(_buffer.AsSpan(at));
        SetHeader(Width, Count - 1);
        if (_buffer.Length > 64 && ByteLength < _buffer.Length / 2)
        {
            Array.Resize(ref _buffer, Listpack.AllocationSize(ByteLength));
        }
        return true;
    }

    /// <summary>A uniformly chosen member (the set must not be empty).</summary>
    public readonly long Random(Random random) => Get(random.Next(Count));

    /// <summary>An independent copy.</summary>
    public readonly Intset Clone()
    {
        return new Intset(Listpack.CopyOf(_buffer.AsSpan(0, ByteLength)));
    }

    /// <summary>An intset from Redis's blob; throws <see cref="InvalidDataException"/> when it fails <see cref="Validate(ReadOnlySpan{byte}, bool)"/> (deep).</summary>
    public static Intset FromBlob(ReadOnlySpan<byte> blob)
    {
        if (!Validate(blob, deep: true, out var count))
        {
            throw new InvalidDataException("Intset integrity check failed.");
        }
        var members = blob[BlobHeaderSize..];
        var intset = new Intset(new byte[Listpack.AllocationSize(HeaderSize + members.Length)]);
        members.CopyTo(intset._buffer.AsSpan(HeaderSize));
        intset.SetHeader(members.Length / count, count);
        return intset;
    }

    /// <summary>
    /// intsetValidateIntegrity: a known width, a size matching the length, at least one member;
    /// when <paramref name="deep"/>, members strictly ascending.
    /// </summary>
    public static bool Validate(ReadOnlySpan<byte> blob, bool deep) => Validate(blob, deep, out _);

    /// <inheritdoc cref="Validate(ReadOnlySpan{byte}, bool)"/>
    public static bool Validate(ReadOnlySpan<byte> blob, bool deep, out int count)
    {
        count = 0;
        if (blob.Length < BlobHeaderSize)
        {
            return false;
        }
        var width = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (width is not (2 or 4 or 8))
        {
            return false;
        }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if (BlobHeaderSize + (ulong)length * width != (ulong)blob.Length || length == 0 || length > CountMask)
        {
            return false;
        }
        if (deep)
        {
            var members = blob[BlobHeaderSize..];
            var previous = ReadAt(members, (int)width, 0);
            for (var i = 1; i < (int)length; i++)
            {
                var current = ReadAt(members, (int)width, i);
                if (current <= previous)
                {
                    return false;
                }
                previous = current;
            }
        }
        count = (int)length;
        return true;
    }

    /// <summary>The width a value needs (_intsetValueEncoding).</summary>
    private static int WidthOf(long value) => value switch
    {
        < int.MinValue or > int.MaxValue => sizeof(long),
        < short.MinValue or > short.MaxValue => sizeof(int),
        _ => sizeof(short),
    };

    /// <summary>Binary search; false with the insertion index when absent (intsetSearch).</summary>
    private readonly bool Search(long value, out int index)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var mid = (int)(((uint)low + (uint)high) >> 1);
            var current = Read(_buffer, Width, mid);
            if (value > current)
            {
                low = mid + 1;
            }
            else if (value < current)
            {
                high = mid - 1;
            }
            else
            {
                index = mid;
                return true;
            }
        }
        index = low;
        return false;
    }

    /// <summary>
    /// A value wider than every member is below or above all of them, so after widening it goes
    /// first (negative) or last (intsetUpgradeAndAdd).
    /// </summary>
    private void UpgradeAndAdd(long value, int width)
    {
        var oldWidth = Width;
        var count = Count;
        var prepend = value < 0 ? 1 : 0;
        var target = new byte[Listpack.AllocationSize(HeaderSize + (count + 1) * width)];
        for (var i = 0; i < count; i++)
        {
            Write(target, width, i + prepend, Read(_buffer, oldWidth, i));
        }
        Write(target, width, prepend == 1 ? 0 : count, value);
        _buffer = target;
        SetHeader(width, count + 1);
    }

    private void EnsureCapacity(int size)
    {
        if (size > _buffer.Length)
        {
            Array.Resize(ref _buffer, Listpack.AllocationSize(size));
        }
    }

    private static long Read(ReadOnlySpan<byte> buffer, int width, int index) => ReadAt(buffer[HeaderSize..], width, index);

    /// <summary>The member at <paramref name="index"/> of members that start at <paramref name="members"/>' first byte.</summary>
    private static long ReadAt(ReadOnlySpan<byte> members, int width, int index)
    {
        var at = index * width;
        return width switch
        {
            sizeof(short) => BinaryPrimitives.ReadInt16LittleEndian(members[at..]),
            sizeof(int) => BinaryPrimitives.ReadInt32LittleEndian(members[at..]),
            _ => BinaryPrimitives.ReadInt64LittleEndian(members[at..]),
        };
    }

    private static void Write(Span<byte> buffer, int width, int index, long value)
    {
        var at = HeaderSize + index * width;
        switch (width)
        {
            case sizeof(short):
                BinaryPrimitives.WriteInt16LittleEndian(buffer[at..], (short)value);
                break;
            case sizeof(int):
                BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], (int)value);
                break;
            default:
                BinaryPrimitives.WriteInt64LittleEndian(buffer[at..], value);
                break;
        }
    }
}
