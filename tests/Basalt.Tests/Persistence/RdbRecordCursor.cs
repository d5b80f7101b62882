using System.Buffers.Binary;
using System.Text;
using Basalt.Persistence.Rdb;

namespace Basalt.Tests.Persistence;

/// <summary>
/// A deliberately small, independent RDB decoder for the writer tests: it walks one record (or a
/// DUMP payload) that real Redis wrote, so that the tests can take values apart where the bytes
/// cannot be compared whole (hashtable order, wall-clock times). It is not the product's reader.
/// </summary>
internal sealed class RdbRecordCursor(byte[] data, int position)
{
    public int Position { get; private set; } = position;

    public byte[] Data => data;

    public byte ReadByte() => data[Position++];

    public byte[] ReadRaw(int count)
    {
        var bytes = data.AsSpan(Position, count).ToArray();
        Position += count;
        return bytes;
    }

    public long ReadMilliseconds()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(Position));
        Position += 8;
        return value;
    }

    public double ReadBinaryDouble()
    {
        var value = BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(Position));
        Position += 8;
        return value;
    }

    public ulong ReadLength() => ReadLength(out var encoded) is var length && !encoded
        ? length
        : throw new InvalidDataException($"special encoding at {Position - 1} where a length was expected");

    public ulong ReadLength(out bool encoded)
    {
        encoded = false;
        var first = data[Position++];
        switch (first >> 6)
        {
            case 0:
                return (ulong)(first & 0x3F);
            case 1:
                return (ulong)(((first & 0x3F) << 8) | data[Position++]);
            case 3:
                encoded = true;
                return (ulong)(first & 0x3F);
        }
        if (first == 0x80)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(Position));
            Position += 4;
            return value;
        }
        if (first == 0x81)
        {
            var value = BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(Position));
            Position += 8;
            return value;
        }
        throw new InvalidDataException($"bad length byte 0x{first:X2} at {Position - 1}");
    }

    /// <summary>A string in any of its forms, decoded (integers as decimal text, LZF expanded).</summary>
    public byte[] ReadString()
    {
        var length = ReadLength(out var encoded);
        if (!encoded)
        {
            return ReadRaw((int)length);
        }
        switch (length)
        {
            case 0:
                return Encoding.ASCII.GetBytes(((sbyte)ReadByte()).ToString(System.Globalization.CultureInfo.InvariantCulture));
            case 1:
                {
                    var value = BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(Position));
                    Position += 2;
                    return Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            case 2:
                {
                    var value = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(Position));
                    Position += 4;
                    return Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            case 3:
                {
                    var compressedLength = (int)ReadLength();
                    var originalLength = (int)ReadLength();
                    var output = new byte[originalLength];
                    var written = Lzf.Decompress(data.AsSpan(Position, compressedLength), output);
                    Position += compressedLength;
                    return written == originalLength ? output : throw new InvalidDataException("LZF length mismatch");
                }
            default:
                throw new InvalidDataException($"unknown string encoding {length}");
        }
    }

    /// <summary>The next string exactly as encoded (length or special form included), skipped over.</summary>
    public byte[] ReadEncodedString()
    {
        var start = Position;
        ReadString();
        return data.AsSpan(start, Position - start).ToArray();
    }

    /// <summary>
    /// The offset of the record of <paramref name="key"/> in a whole RDB image: its type byte,
    /// found as type + 6-bit key length + key bytes.
    /// </summary>
    public static int FindRecord(byte[] file, byte type, string key)
    {
        var keyBytes = Encoding.ASCII.GetBytes(key);
        var pattern = new byte[2 + keyBytes.Length];
        pattern[0] = type;
        pattern[1] = (byte)keyBytes.Length;
        keyBytes.CopyTo(pattern, 2);
        var at = file.AsSpan().IndexOf(pattern);
        if (at < 0)
        {
            throw new InvalidDataException($"no record of type 0x{type:X2} for key {key}");
        }
        return at;
    }
}
