using System.Buffers.Binary;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// CRC-64/Jones exactly as Redis computes it for RDB trailers and DUMP payloads (crc64.c +
/// crcspeed.c): polynomial 0xAD93D23594C935A9 reflected (table polynomial 0x95AC9329AC4BC9B5),
/// initial value 0, no final xor. "123456789" gives 0xE9C6D914C4B8D9CA.
/// </summary>
/// <remarks>
/// Slicing-by-8: eight 256-entry tables let one step fold eight input bytes, which is what Redis's
/// crcspeed does too, so a multi-megabyte snapshot is checksummed at memory speed. The value is
/// chainable: <c>Update(Update(0, a), b) == Update(0, a + b)</c>, which is how a streaming writer
/// checksums a file it produces piece by piece.
/// </remarks>
public static class Crc64
{
    private const ulong ReflectedPolynomial = 0x95AC9329AC4BC9B5UL;

    // Eight tables of 256 entries laid out contiguously: table k starts at k * 256.
    private static readonly ulong[] Tables = BuildTables();

    /// <summary>Continues <paramref name="crc"/> (0 to start) over <paramref name="data"/>.</summary>
    public static ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        var t = Tables;
        while (data.Length >= 8)
        {
            crc ^= BinaryPrimitives.ReadUInt64LittleEndian(data);
            crc = t[(7 * 256) + (int)(crc & 0xFF)]
                ^ t[(6 * 256) + (int)((crc >> 8) & 0xFF)]
                ^ t[(5 * 256) + (int)((crc >> 16) & 0xFF)]
                ^ t[(4 * 256) + (int)((crc >> 24) & 0xFF)]
                ^ t[(3 * 256) + (int)((crc >> 32) & 0xFF)]
                ^ t[(2 * 256) + (int)((crc >> 40) & 0xFF)]
                ^ t[256 + (int)((crc >> 48) & 0xFF)]
                ^ t[(int)(crc >> 56)];
            data = data[8..];
        }
        foreach (var b in data)
        {
            crc = t[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }
        return crc;
    }

    /// <summary>The CRC of <paramref name="data"/> alone.</summary>
    public static ulong Compute(ReadOnlySpan<byte> data) => Update(0, data);

    private static ulong[] BuildTables()
    {
        var tables = new ulong[8 * 256];
        for (var n = 0; n < 256; n++)
        {
            var crc = (ulong)n;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }
            tables[n] = crc;
        }
        // Table k holds the effect of a byte followed by k zero bytes.
        for (var k = 1; k < 8; k++)
        {
            for (var n = 0; n < 256; n++)
            {
                var previous = tables[((k - 1) * 256) + n];
                tables[(k * 256) + n] = tables[(int)(previous & 0xFF)] ^ (previous >> 8);
            }
        }
        return tables;
    }
}
