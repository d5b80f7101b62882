using System.Buffers.Binary;
using System.Numerics;

namespace Basalt.Keyspace;

/// <summary>
/// 64-bit key hash (the XXH64 algorithm) with a per-process random seed, so that a client cannot
/// choose keys that collide (hash flooding). The high bits select the segment and bucket of the
/// key table, so the whole 64-bit range matters.
/// </summary>
public static class KeyHasher
{
    private const ulong Prime1 = 11400714785074694791UL;
    private const ulong Prime2 = 14029467366897019727UL;
    private const ulong Prime3 = 1609587929392839161UL;
    private const ulong Prime4 = 9650029242287828579UL;
    private const ulong Prime5 = 2870177450012600261UL;

    private static readonly ulong Seed = BinaryPrimitives.ReadUInt64LittleEndian(Server.KernelRandom.GetBytes(8));

    public static ulong Hash(ReadOnlySpan<byte> data) => Hash(data, Seed);

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed)
    {
        var length = data.Length;
        ulong h;
        var p = 0;
        if (length >= 32)
        {
            var v1 = seed + Prime1 + Prime2;
            var v2 = seed + Prime2;
            var v3 = seed;
            var v4 = seed - Prime1;
            while (p <= length - 32)
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(data[p..]));
                v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(data[(p + 8)..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(data[(p + 16)..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(data[(p + 24)..]));
                p += 32;
            }
            h = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) +
                BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
            h = MergeRound(h, v1);
            h = MergeRound(h, v2);
            h = MergeRound(h, v3);
            h = MergeRound(h, v4);
        }
        else
        {
            h = seed + Prime5;
        }
        h += (ulong)length;
        while (p <= length - 8)
        {
            h ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(data[p..]));
            h = BitOperations.RotateLeft(h, 27) * Prime1 + Prime4;
            p += 8;
        }
        if (p <= length - 4)
        {
            h ^= BinaryPrimitives.ReadUInt32LittleEndian(data[p..]) * Prime1;
            h = BitOperations.RotateLeft(h, 23) * Prime2 + Prime3;
            p += 4;
        }
        while (p < length)
        {
            h ^= data[p] * Prime5;
            h = BitOperations.RotateLeft(h, 11) * Prime1;
            p++;
        }
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime3;
        h ^= h >> 32;
        return h;
    }

    private static ulong Round(ulong acc, ulong input)
    {
        acc += input * Prime2;
        acc = BitOperations.RotateLeft(acc, 31);
        return acc * Prime1;
    }

    private static ulong MergeRound(ulong acc, ulong val)
    {
        acc ^= Round(0, val);
        return acc * Prime1 + Prime4;
    }
}
