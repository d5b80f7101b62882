using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Basalt.Tests.Encodings;

/// <summary>
/// A straightforward listpack builder written from the format description alone, so that the tests
/// check <see cref="Basalt.Types.Encodings.Listpack"/> against an independent encoder.
/// </summary>
internal static class ListpackModel
{
    public static byte[] Build(IEnumerable<byte[]> entries)
    {
        var body = new List<byte>();
        var count = 0;
        foreach (var e in entries)
        {
            var encoded = Encode(e);
            body.AddRange(encoded);
            body.AddRange(Backlen(encoded.Length));
            count++;
        }
        var blob = new byte[6 + body.Count + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)blob.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(4), (ushort)Math.Min(count, 65535));
        body.CopyTo(blob, 6);
        blob[^1] = 0xFF;
        return blob;
    }

    private static byte[] Encode(byte[] e)
    {
        var text = Encoding.Latin1.GetString(e);
        if (IsCanonicalInteger(text, out var v))
        {
            if (v is >= 0 and <= 127)
            {
                return [(byte)v];
            }
            if (v is >= -4096 and <= 4095)
            {
                var u = (int)(v < 0 ? v + 8192 : v);
                return [(byte)(0xC0 | (u >> 8)), (byte)u];
            }
            var (tag, width) = v switch
            {
                >= short.MinValue and <= short.MaxValue => ((byte)0xF1, 2),
                >= -8388608 and <= 8388607 => ((byte)0xF2, 3),
                >= int.MinValue and <= int.MaxValue => ((byte)0xF3, 4),
                _ => ((byte)0xF4, 8),
            };
            var bytes = new byte[1 + width];
            bytes[0] = tag;
            for (var i = 0; i < width; i++)
            {
                bytes[1 + i] = (byte)(v >> (8 * i));
            }
            return bytes;
        }
        if (e.Length < 64)
        {
            return [(byte)(0x80 | e.Length), .. e];
        }
        if (e.Length < 4096)
        {
            return [(byte)(0xE0 | (e.Length >> 8)), (byte)e.Length, .. e];
        }
        return [0xF0, (byte)e.Length, (byte)(e.Length >> 8), (byte)(e.Length >> 16), (byte)(e.Length >> 24), .. e];
    }

    private static bool IsCanonicalInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        && value.ToString(CultureInfo.InvariantCulture) == text;

    private static byte[] Backlen(long l)
    {
        var size = l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
        var result = new byte[size];
        for (var i = size - 1; i >= 0; i--)
        {
            result[i] = (byte)((int)(l & 127) | (i == 0 ? 0 : 128));
            l >>= 7;
        }
        return result;
    }
}
