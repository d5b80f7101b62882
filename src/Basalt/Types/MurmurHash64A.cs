using System.Buffers.Binary;

namespace Basalt.Types;

/// <summary>
/// MurmurHash2, 64-bit version for 64-bit platforms (Austin Appleby's MurmurHash64A), the hash
/// Redis's HyperLogLog puts every element through. Words are read little-endian, as Redis reads
/// them on every platform, so the registers an element lands in are the same everywhere.
/// </summary>
public static class MurmurHash64A
{
    private const ulong Multiplier = 0xc6a4a7935bd1e995;
    private const int Shift = 47;

    public static ulong Hash(ReadOnlySpan<byte> data, uint seed)
    {
        var h = seed ^ ((ulong)(long)data.Length * Multiplier);
        var whole = data.Length & ~7;
        for (var i = 0; i < whole; i += 8)
        {
            var k = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            k *= Multiplier;
            k ^= k >> Shift;
            k *= Multiplier;
            h ^= k;
            h *= Multiplier;
        }
        var tail = data[whole..];
        if (!tail.IsEmpty)
        {
            for (var i = tail.Length - 1; i >= 0; i--)
            {
                h ^= (ulong)tail[i] << (8 * i);
            }
            h *= Multiplier;
        }
        h ^= h >> Shift;
        h *= Multiplier;
        h ^= h >> Shift;
        return h;
    }
}
