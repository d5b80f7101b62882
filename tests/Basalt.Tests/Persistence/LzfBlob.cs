using System.Buffers.Binary;
using Basalt.Persistence.Rdb;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>An RDB string stored with encoding C3: <c>C3 clen len</c> + clen bytes of LZF.</summary>
internal sealed record LzfBlob(int Offset, byte[] Compressed, int UncompressedLength)
{
    /// <summary>
    /// Finds the C3 strings in an RDB image by a forward scan: a C3 byte followed by two RDB lengths
    /// and a blob that decodes to exactly the announced length. A false hit would need a stray C3
    /// whose following bytes happen to form such a valid stream; a real blob is skipped as a whole.
    /// </summary>
    public static List<LzfBlob> Scan(byte[] file)
    {
        var blobs = new List<LzfBlob>();
        var end = file.Length - 8; // the CRC trailer
        var i = 9; // after "REDIS0010"
        while (i < end)
        {
            if (file[i] == 0xC3
                && TryReadLength(file, i + 1, out var clen, out var clenSize)
                && TryReadLength(file, i + 1 + clenSize, out var len, out var lenSize)
                && clen > 0 && len > 0 && len <= 1 << 24)
            {
                var start = i + 1 + clenSize + lenSize;
                if (start + clen <= end)
                {
                    var compressed = file.AsSpan(start, (int)clen).ToArray();
                    var output = new byte[len];
                    if (Lzf.TryDecompress(compressed, output, out var written) && written == len)
                    {
                        blobs.Add(new LzfBlob(i, compressed, (int)len));
                        i = start + (int)clen;
                        continue;
                    }
                }
            }
            i++;
        }
        return blobs;
    }

    public byte[] Decompress()
    {
        var output = new byte[UncompressedLength];
        Assert.Equal(UncompressedLength, Lzf.Decompress(Compressed, output));
        return output;
    }

    /// <summary>An RDB length (6-bit, 14-bit BE, 32-bit BE, 64-bit BE forms); false for C0..FF specials.</summary>
    public static bool TryReadLength(ReadOnlySpan<byte> data, int pos, out long value, out int size)
    {
        value = 0;
        size = 0;
        if (pos >= data.Length)
        {
            return false;
        }
        var first = data[pos];
        switch (first >> 6)
        {
            case 0:
                value = first & 0x3F;
                size = 1;
                return true;
            case 1:
                if (pos + 1 >= data.Length)
                {
                    return false;
                }
                value = ((first & 0x3F) << 8) | data[pos + 1];
                size = 2;
                return true;
        }
        if (first == 0x80 && pos + 5 <= data.Length)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 1)..]);
            size = 5;
            return true;
        }
        if (first == 0x81 && pos + 9 <= data.Length)
        {
            value = BinaryPrimitives.ReadInt64BigEndian(data[(pos + 1)..]);
            size = 9;
            return value >= 0;
        }
        return false;
    }
}
