using System.Buffers.Binary;
using System.Text;
using Basalt.Persistence.Rdb;

namespace Basalt.Tests.Persistence;

/// <summary>Builds RDB fragments by hand, following the format's definition (not Basalt's writer).</summary>
internal sealed class RdbBytes
{
    private readonly List<byte> _bytes = [];

    public static RdbBytes Header(int version = 10) => new RdbBytes().Raw(Encoding.ASCII.GetBytes($"REDIS{version:D4}"));

    public RdbBytes Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public RdbBytes Length(ulong length)
    {
        if (length < 64)
        {
            return Raw((byte)length);
        }
        if (length < 16384)
        {
            return Raw((byte)(0x40 | (length >> 8)), (byte)length);
        }
        if (length <= uint.MaxValue)
        {
            var raw = new byte[5];
            raw[0] = 0x80;
            BinaryPrimitives.WriteUInt32BigEndian(raw.AsSpan(1), (uint)length);
            return Raw(raw);
        }
        var big = new byte[9];
        big[0] = 0x81;
        BinaryPrimitives.WriteUInt64BigEndian(big.AsSpan(1), length);
        return Raw(big);
    }

    public RdbBytes String(string text) => String(Encoding.Latin1.GetBytes(text));

    public RdbBytes String(byte[] bytes) => Length((ulong)bytes.Length).Raw(bytes);

    public RdbBytes Double(double value)
    {
        var raw = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(raw, value);
        return Raw(raw);
    }

    public RdbBytes Milliseconds(long ms)
    {
        var raw = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(raw, ms);
        return Raw(raw);
    }

    /// <summary>EOF and, from version 5, the CRC64 of everything before it (or zeros).</summary>
    public byte[] End(int version = 10, bool checksum = true)
    {
        _bytes.Add(RdbFormat.OpEof);
        if (version >= 5)
        {
            var crc = checksum ? Crc64.Compute(_bytes.ToArray()) : 0;
            var raw = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(raw, crc);
            _bytes.AddRange(raw);
        }
        return [.. _bytes];
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>A ziplist of the given entries (strings, or longs stored with the smallest integer encoding).</summary>
    public static byte[] Ziplist(params object[] entries)
    {
        var body = new List<byte>();
        var previous = 0;
        var tail = 10;
        foreach (var entry in entries)
        {
            var start = body.Count;
            tail = 10 + start;
            if (previous < 254)
            {
                body.Add((byte)previous);
            }
            else
            {
                body.Add(0xFE);
                body.AddRange(BitConverter.GetBytes((uint)previous));
            }
            if (entry is string s)
            {
                var bytes = Encoding.Latin1.GetBytes(s);
                if (bytes.Length < 64)
                {
                    body.Add((byte)bytes.Length);
                }
                else
                {
                    body.Add((byte)(0x40 | (bytes.Length >> 8)));
                    body.Add((byte)bytes.Length);
                }
                body.AddRange(bytes);
            }
            else
            {
                var v = (long)entry;
                switch (v)
                {
                    case >= 0 and <= 12:
                        body.Add((byte)(0xF1 + v));
                        break;
                    case >= sbyte.MinValue and <= sbyte.MaxValue:
                        body.Add(0xFE);
                        body.Add((byte)v);
                        break;
                    case >= short.MinValue and <= short.MaxValue:
                        body.Add(0xC0);
                        body.AddRange(BitConverter.GetBytes((short)v));
                        break;
                    case >= -8388608 and <= 8388607:
                        body.Add(0xF0);
                        body.AddRange(BitConverter.GetBytes((int)v).AsSpan(0, 3).ToArray());
                        break;
                    case >= int.MinValue and <= int.MaxValue:
                        body.Add(0xD0);
                        body.AddRange(BitConverter.GetBytes((int)v));
                        break;
                    default:
                        body.Add(0xE0);
                        body.AddRange(BitConverter.GetBytes(v));
                        break;
                }
            }
            previous = body.Count - start;
        }
        var blob = new List<byte>();
        blob.AddRange(BitConverter.GetBytes((uint)(10 + body.Count + 1)));
        blob.AddRange(BitConverter.GetBytes((uint)(entries.Length == 0 ? 10 : tail)));
        blob.AddRange(BitConverter.GetBytes((ushort)entries.Length));
        blob.AddRange(body);
        blob.Add(0xFF);
        return [.. blob];
    }

    /// <summary>A zipmap of field/value pairs (with a free byte of 0, or 2 spare bytes on the first value).</summary>
    public static byte[] Zipmap(params string[] pairs)
    {
        var blob = new List<byte> { (byte)(pairs.Length / 2) };
        for (var i = 0; i < pairs.Length; i += 2)
        {
            var field = Encoding.Latin1.GetBytes(pairs[i]);
            var value = Encoding.Latin1.GetBytes(pairs[i + 1]);
            var free = i == 0 ? 2 : 0;
            blob.Add((byte)field.Length);
            blob.AddRange(field);
            blob.Add((byte)value.Length);
            blob.Add((byte)free);
            blob.AddRange(value);
            blob.AddRange(new byte[free]);
        }
        blob.Add(0xFF);
        return [.. blob];
    }

    /// <summary>An intset of 16-bit members, in the order given.</summary>
    public static byte[] Intset16(params short[] members)
    {
        var blob = new List<byte>();
        blob.AddRange(BitConverter.GetBytes(2u));
        blob.AddRange(BitConverter.GetBytes((uint)members.Length));
        foreach (var m in members)
        {
            blob.AddRange(BitConverter.GetBytes(m));
        }
        return [.. blob];
    }
}
