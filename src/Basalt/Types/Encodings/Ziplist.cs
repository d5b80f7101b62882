using System.Buffers.Binary;

namespace Basalt.Types.Encodings;

/// <summary>
/// Reads Redis's ziplist (the compact encoding before 7.0, found in old RDB files; never built):
/// <c>zlbytes u32 LE | zltail u32 LE | zllen u16 LE (65535 = count unknown) | entries | FF</c>;
/// each entry is the previous entry's size (1 byte, or FE + u32 LE), an encoding, and its data:
/// <c>00LLLLLL</c>, <c>01LLLLLL b</c> (14 bits BE) and <c>80 + u32 BE</c> strings, <c>C0</c> int16,
/// <c>D0</c> int32, <c>E0</c> int64, <c>F0</c> int24, <c>FE</c> int8, <c>F1..FD</c> the values 0..12.
/// </summary>
public static class Ziplist
{
    private const int HeaderSize = 10;
    private const byte End = 0xFF;
    private const byte BigPrevLength = 0xFE;

    /// <summary>
    /// ziplistValidateIntegrity, deep: the header matches the blob, every entry lies inside it with a
    /// known encoding and the right previous-entry size, zltail points at the last entry and the
    /// count (unless unknown) is right. Never reads outside <paramref name="blob"/>.
    /// </summary>
    public static bool Validate(ReadOnlySpan<byte> blob, out int count)
    {
        count = 0;
        if (blob.Length < HeaderSize + 1 || BinaryPrimitives.ReadUInt32LittleEndian(blob) != (uint)blob.Length || blob[^1] != End)
        {
            return false;
        }
        long last = blob.Length - 1;
        var tail = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if (tail > last)
        {
            return false;
        }
        int headerCount = BinaryPrimitives.ReadUInt16LittleEndian(blob[8..]);
        long pos = HeaderSize;
        long previous = -1;
        long previousSize = 0;
        while (blob[(int)pos] != End)
        {
            if (!TryDecodeHeader(blob, pos, out var prevLength, out _, out var headerSize, out var dataLength))
            {
                return false;
            }
            if (pos + headerSize + dataLength > last || pos - prevLength < HeaderSize || prevLength != previousSize)
            {
                return false;
            }
            previousSize = headerSize + dataLength;
            previous = pos;
            pos += previousSize;
            count++;
        }
        if (pos != last || (previous >= 0 && previous != tail))
        {
            return false;
        }
        return headerCount == ushort.MaxValue || headerCount == count;
    }

    /// <summary>The entries of a blob that passed <see cref="Validate"/>.</summary>
    public static Enumerator Entries(ReadOnlySpan<byte> blob) => new(blob);

    /// <summary>A listpack of the same entries (as lpAppend builds it: canonical integer strings become integers).</summary>
    public static Listpack ToListpack(ReadOnlySpan<byte> blob)
    {
        var listpack = new Listpack(blob.Length);
        foreach (var entry in Entries(blob))
        {
            if (entry.IsInteger)
            {
                listpack.Append(entry.Integer);
            }
            else
            {
                listpack.Append(entry.Bytes);
            }
        }
        return listpack;
    }

    /// <summary>Walks the entries of a validated ziplist.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _blob;
        private int _next;
        private bool _isInteger;
        private long _integer;
        private ReadOnlySpan<byte> _bytes;

        internal Enumerator(ReadOnlySpan<byte> blob)
        {
            _blob = blob;
            _next = HeaderSize;
        }

        public readonly ListpackEntry Current => _isInteger ? new ListpackEntry(_integer) : new ListpackEntry(_bytes);

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_next >= _blob.Length || _blob[_next] == End)
            {
                return false;
            }
            TryDecodeHeader(_blob, _next, out _, out var encoding, out var headerSize, out var dataLength);
            var data = _blob.Slice(_next + headerSize, (int)dataLength);
            _next += headerSize + (int)dataLength;
            if (encoding < 0xC0)
            {
                _isInteger = false;
                _bytes = data;
                return true;
            }
            _isInteger = true;
            _integer = encoding switch
            {
                0xFE => (sbyte)data[0],
                0xC0 => BinaryPrimitives.ReadInt16LittleEndian(data),
                0xD0 => BinaryPrimitives.ReadInt32LittleEndian(data),
                0xE0 => BinaryPrimitives.ReadInt64LittleEndian(data),
                0xF0 => (data[0] | (data[1] << 8) | (data[2] << 16)) << 8 >> 8,
                _ => (encoding & 0x0F) - 1,
            };
            return true;
        }
    }

    /// <summary>
    /// zipEntrySafe's decoding: the previous-entry size, the encoding byte, and the sizes of the header (prevlen and
    /// encoding) and the data of the entry at <paramref name="pos"/>; false when the encoding is
    /// invalid or the header itself runs past the blob.
    /// </summary>
    private static bool TryDecodeHeader(ReadOnlySpan<byte> blob, long pos, out long prevLength, out byte encoding, out int headerSize, out long dataLength)
    {
        prevLength = 0;
        encoding = 0;
        headerSize = 0;
        dataLength = 0;
        long last = blob.Length - 1;
        var prevSize = blob[(int)pos] < BigPrevLength ? 1 : 5;
        if (pos + prevSize > last)
        {
            return false;
        }
        prevLength = prevSize == 1 ? blob[(int)pos] : BinaryPrimitives.ReadUInt32LittleEndian(blob[(int)(pos + 1)..]);
        var at = (int)(pos + prevSize);
        encoding = blob[at];
        int lengthSize;
        switch (encoding >> 6)
        {
            case 0:
                lengthSize = 1;
                dataLength = encoding & 0x3F;
                break;
            case 1:
                lengthSize = 2;
                if (at + 1 > last)
                {
                    return false;
                }
                dataLength = ((encoding & 0x3F) << 8) | blob[at + 1];
                break;
            case 2:
                if (encoding != 0x80)
                {
                    return false;
                }
                lengthSize = 5;
                if (at + 4 > last)
                {
                    return false;
                }
                dataLength = BinaryPrimitives.ReadUInt32BigEndian(blob[(at + 1)..]);
                break;
            default:
                lengthSize = 1;
                switch (encoding)
                {
                    case 0xC0:
                        dataLength = 2;
                        break;
                    case 0xD0:
                        dataLength = 4;
                        break;
                    case 0xE0:
                        dataLength = 8;
                        break;
                    case 0xF0:
                        dataLength = 3;
                        break;
                    case 0xFE:
                        dataLength = 1;
                        break;
                    case >= 0xF1 and <= 0xFD:
                        dataLength = 0;
                        break;
                    default:
                        return false;
                }
                break;
        }
        headerSize = prevSize + lengthSize;
        return true;
    }
}
