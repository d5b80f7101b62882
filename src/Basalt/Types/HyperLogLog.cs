using System.Buffers.Binary;
using System.Numerics;

namespace Basalt.Types;

/// <summary>The two representations a HyperLogLog string declares in its header.</summary>
public enum HyperLogLogEncoding : byte
{
    /// <summary>16384 registers of 6 bits, packed little-endian (HLL_DENSE).</summary>
    Dense = 0,
    /// <summary>Run-length opcodes ZERO, XZERO and VAL (HLL_SPARSE).</summary>
    Sparse = 1,
}

/// <summary>
/// Redis's HyperLogLog, which is a string value: the 16-byte header ("HYLL", the encoding, three
/// unused bytes, the cached cardinality as 8 little-endian bytes whose top bit marks it stale),
/// then the registers in the dense or the sparse representation. Everything here works on the
/// string's own bytes, so a value written by Redis (an RDB, a DUMP payload, an AOF's PFADDs) and one
/// written by Basalt are the same bytes.
/// </summary>
public static class HyperLogLog
{
    /// <summary>HLL_P: the bits of the hash that choose the register.</summary>
    public const int IndexBits = 14;

    /// <summary>HLL_Q: the bits of the hash in which the run of zeros is counted.</summary>
    public const int RunBits = 64 - IndexBits;

    public const int RegisterCount = 1 << IndexBits;

    /// <summary>HLL_BITS: the width of a dense register.</summary>
    public const int RegisterBits = 6;

    public const int RegisterMax = (1 << RegisterBits) - 1;

    public const int HeaderSize = 16;

    public const int DenseSize = HeaderSize + (RegisterCount * RegisterBits + 7) / 8;

    /// <summary>The seed Redis hashes elements with.</summary>
    public const uint HashSeed = 0xadc83b19;

    private const int EncodingOffset = 4;
    private const int CardinalityOffset = 8;
    private const byte StaleCacheBit = 0x80;

    /// <summary>
    /// The value PFADD and PFMERGE create: a sparse HyperLogLog whose registers are all zero, one
    /// XZERO opcode for all of them (createHLLObject).
    /// </summary>
    public static RedisString Create()
    {
        var bytes = new byte[HeaderSize + 2];
        "HYLL"u8.CopyTo(bytes);
        bytes[EncodingOffset] = (byte)HyperLogLogEncoding.Sparse;
        HyperLogLogSparse.WriteXZero(bytes.AsSpan(HeaderSize), RegisterCount);
        return RedisString.FromRawBytes(bytes);
    }

    /// <summary>
    /// Whether a string is a HyperLogLog as isHLLObjectOrReply checks it: not int-encoded, at least
    /// a header long, "HYLL", a known encoding, and exactly the dense size when dense. The registers
    /// themselves are checked only where they are read.
    /// </summary>
    public static bool IsValid(RedisString value)
    {
        if (value.IsInteger)
        {
            return false;
        }
        var bytes = value.Bytes;
        if (bytes.Length < HeaderSize || !bytes.StartsWith("HYLL"u8) || bytes[EncodingOffset] > (byte)HyperLogLogEncoding.Sparse)
        {
            return false;
        }
        return bytes[EncodingOffset] != (byte)HyperLogLogEncoding.Dense || bytes.Length == DenseSize;
    }

    /// <summary>The encoding of a value that <see cref="IsValid"/> accepted.</summary>
    public static HyperLogLogEncoding EncodingOf(ReadOnlySpan<byte> hll) => (HyperLogLogEncoding)hll[EncodingOffset];

    /// <summary>Sets the encoding byte (the header of a value turned dense keeps everything else).</summary>
    internal static void SetEncoding(Span<byte> hll, HyperLogLogEncoding encoding) => hll[EncodingOffset] = (byte)encoding;

    /// <summary>The cached cardinality, when its stale bit is clear.</summary>
    public static bool TryGetCachedCardinality(ReadOnlySpan<byte> hll, out long cardinality)
    {
        cardinality = (long)BinaryPrimitives.ReadUInt64LittleEndian(hll[CardinalityOffset..]);
        return (hll[CardinalityOffset + 7] & StaleCacheBit) == 0;
    }

    /// <summary>Stores a cardinality in the cache (bit for bit what was computed, even its top bit).</summary>
    public static void SetCachedCardinality(Span<byte> hll, long cardinality) =>
        BinaryPrimitives.WriteUInt64LittleEndian(hll[CardinalityOffset..], (ulong)cardinality);

    /// <summary>Marks the cached cardinality stale (HLL_INVALIDATE_CACHE).</summary>
    public static void InvalidateCache(Span<byte> hll) => hll[CardinalityOffset + 7] |= StaleCacheBit;

    /// <summary>
    /// The register an element falls in and the value it offers it (hllPatLen): the low 14 bits of
    /// the hash choose the register, and the value is 1 + the number of zeros above them before
    /// the first 1 (at most 51, as bit 50 of what is left is forced to 1).
    /// </summary>
    public static int PatternLength(ReadOnlySpan<byte> element, out int register)
    {
        var hash = MurmurHash64A.Hash(element, HashSeed);
        register = (int)(hash & (RegisterCount - 1));
        hash >>= IndexBits;
        hash |= 1UL << RunBits;
        return BitOperations.TrailingZeroCount(hash) + 1;
    }

    /// <summary>
    /// Adds an element to a valid HyperLogLog made raw for writing (hllAdd): 1 when a register grew,
    /// 0 when none did, -1 when the sparse opcodes turned out corrupt. A sparse value becomes dense
    /// when it would pass <paramref name="sparseMaxBytes"/> or a register outgrows a VAL opcode.
    /// </summary>
    public static int Add(RedisString hll, ReadOnlySpan<byte> element, long sparseMaxBytes)
    {
        var count = PatternLength(element, out var register);
        return SetRegister(hll, register, count, sparseMaxBytes);
    }

    /// <summary>Raises a register to <paramref name="count"/> if it is lower, in either encoding; as <see cref="Add"/>.</summary>
    public static int SetRegister(RedisString hll, int register, int count, long sparseMaxBytes)
    {
        var bytes = hll.Bytes;
        return EncodingOf(bytes) switch
        {
            HyperLogLogEncoding.Dense => HyperLogLogDense.SetIfGreater(hll.ResizeRawForWrite(bytes.Length)[HeaderSize..], register, count) ? 1 : 0,
            HyperLogLogEncoding.Sparse => HyperLogLogSparse.Set(hll, register, count, sparseMaxBytes),
            _ => -1,
        };
    }

    /// <summary>
    /// Raises each of <paramref name="max"/> (one byte per register) to the register of a valid
    /// HyperLogLog (hllMerge); false when its sparse opcodes do not cover exactly every register.
    /// </summary>
    public static bool MergeInto(Span<byte> max, ReadOnlySpan<byte> hll)
    {
        if (EncodingOf(hll) == HyperLogLogEncoding.Dense)
        {
            HyperLogLogDense.MergeInto(max, hll[HeaderSize..]);
            return true;
        }
        return HyperLogLogSparse.MergeInto(max, hll[HeaderSize..]);
    }

    /// <summary>
    /// The estimated cardinality of a valid HyperLogLog (hllCount); false when its sparse opcodes
    /// do not cover exactly every register.
    /// </summary>
    public static bool TryCount(ReadOnlySpan<byte> hll, out long cardinality)
    {
        Span<int> histogram = stackalloc int[64];
        histogram.Clear();
        var valid = true;
        if (EncodingOf(hll) == HyperLogLogEncoding.Dense)
        {
            HyperLogLogDense.Histogram(hll[HeaderSize..], histogram);
        }
        else
        {
            valid = HyperLogLogSparse.Histogram(hll[HeaderSize..], histogram);
        }
        cardinality = HyperLogLogEstimator.Estimate(histogram);
        return valid;
    }

    /// <summary>The estimated cardinality of registers held one per byte (the union PFCOUNT computes over several keys).</summary>
    public static long CountRegisters(ReadOnlySpan<byte> registers)
    {
        Span<int> histogram = stackalloc int[64];
        histogram.Clear();
        foreach (var register in registers)
        {
            histogram[register & 63]++;
        }
        return HyperLogLogEstimator.Estimate(histogram);
    }
}
