using System.Buffers.Binary;

namespace Basalt.Tests.Encodings;

/// <summary>
/// Reads the pieces of a DUMP payload (RDB type byte, RDB-encoded value, 2-byte version, CRC64) that
/// the encoding tests need: the raw blobs of listpack, intset and quicklist values, written by a
/// server with <c>rdbcompression no</c>.
/// </summary>
internal sealed class DumpPayload(byte[] payload)
{
    public const byte HashListpack = 0x10;
    public const byte ZsetListpack = 0x11;
    public const byte ListQuicklist2 = 0x12;
    public const byte SetIntset = 0x0B;

    private int _pos = 1;

    public byte Type => payload[0];

    /// <summary>An RDB length (00: 6 bits, 01: 14 bits BE, 80: u32 BE, 81: u64 BE).</summary>
    public long ReadLength()
    {
        var first = payload[_pos++];
        switch (first >> 6)
        {
            case 0:
                return first & 0x3F;
            case 1:
                return ((first & 0x3F) << 8) | payload[_pos++];
        }
        if (first == 0x80)
        {
            var v = BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(_pos));
            _pos += 4;
            return v;
        }
        if (first == 0x81)
        {
            var v = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(_pos));
            _pos += 8;
            return v;
        }
        throw new InvalidDataException($"unexpected encoded string 0x{first:X2} (is rdbcompression off?)");
    }

    /// <summary>A plain RDB string.</summary>
    public byte[] ReadString()
    {
        var length = (int)ReadLength();
        var s = payload.AsSpan(_pos, length).ToArray();
        _pos += length;
        return s;
    }

    /// <summary>The blob of a hash/zset listpack or intset value.</summary>
    public static byte[] SingleBlob(byte[] payload, byte expectedType)
    {
        var reader = new DumpPayload(payload);
        if (reader.Type != expectedType)
        {
            throw new InvalidDataException($"type 0x{reader.Type:X2}, expected 0x{expectedType:X2}");
        }
        return reader.ReadString();
    }

    /// <summary>The listpack of each packed node of a quicklist (v2) value.</summary>
    public static List<byte[]> QuicklistNodes(byte[] payload)
    {
        var reader = new DumpPayload(payload);
        if (reader.Type != ListQuicklist2)
        {
            throw new InvalidDataException($"type 0x{reader.Type:X2}, expected a quicklist");
        }
        var nodes = new List<byte[]>();
        var count = reader.ReadLength();
        for (var i = 0; i < count; i++)
        {
            var container = reader.ReadLength();
            var blob = reader.ReadString();
            if (container == 2)
            {
                nodes.Add(blob);
            }
        }
        return nodes;
    }
}
