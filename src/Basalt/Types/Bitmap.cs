using System.Numerics;
using System.Runtime.InteropServices;

namespace Basalt.Types;

/// <summary>
/// A string seen as a bitmap, as Redis's bit commands see it: bit 0 is the most significant bit
/// of the first byte, and the string is padded with zero bits on the right.
/// </summary>
public static class Bitmap
{
    /// <summary>Number of set bits (redisPopcount).</summary>
    public static long PopCount(ReadOnlySpan<byte> bytes)
    {
        long count = 0;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var word in words)
        {
            count += BitOperations.PopCount(word);
        }
        foreach (var b in bytes[(words.Length * sizeof(ulong))..])
        {
            count += BitOperations.PopCount(b);
        }
        return count;
    }

    /// <summary>
    /// Position of the first bit equal to <paramref name="bit"/> (redisBitpos). When there is none,
    /// -1 for a 1 bit, and for a 0 bit the first position past the end (the padding is zeros).
    /// </summary>
    public static long FirstBit(ReadOnlySpan<byte> bytes, int bit)
    {
        var skip = bit == 1 ? (byte)0 : (byte)0xFF;
        var index = bytes.IndexOfAnyExcept(skip);
        if (index < 0)
        {
            return bit == 1 ? -1 : (long)bytes.Length * 8;
        }
        var b = bit == 1 ? bytes[index] : (byte)~bytes[index];
        return (long)index * 8 + BitOperations.LeadingZeroCount((uint)b) - 24;
    }

    /// <summary>Whether bit <paramref name="offset"/> is set (false past the end).</summary>
    public static bool GetBit(ReadOnlySpan<byte> bytes, long offset)
    {
        var index = offset >> 3;
        return index < bytes.Length && (bytes[(int)index] & (1 << (7 - (int)(offset & 7)))) != 0;
    }

    /// <summary>Sets or clears bit <paramref name="offset"/>, which must be inside <paramref name="bytes"/>.</summary>
    public static void SetBit(Span<byte> bytes, long offset, bool on)
    {
        var mask = (byte)(1 << (7 - (int)(offset & 7)));
        ref var b = ref bytes[(int)(offset >> 3)];
        b = on ? (byte)(b | mask) : (byte)(b & ~mask);
    }

    /// <summary>
    /// The <paramref name="bits"/>-bit unsigned integer (1 to 64) whose most significant bit is bit
    /// <paramref name="offset"/> (BITFIELD's layout, which is big-endian when byte-aligned). Bits past
    /// the end read as zeros.
    /// </summary>
    public static ulong GetField(ReadOnlySpan<byte> bytes, long offset, int bits)
    {
        var first = offset >> 3;
        var count = FieldByteCount(offset, bits);
        UInt128 window = 0;
        for (var i = 0; i < count; i++)
        {
            var index = first + i;
            window = (window << 8) | (index < bytes.Length ? bytes[(int)index] : 0u);
        }
        return (ulong)(window >> FieldShift(offset, bits, count)) & FieldMask(bits);
    }

    /// <summary>
    /// Stores the low <paramref name="bits"/> bits of <paramref name="value"/> as the field of
    /// <see cref="GetField"/>, which must lie inside <paramref name="bytes"/>; the bits around it are kept.
    /// </summary>
    public static void SetField(Span<byte> bytes, long offset, int bits, ulong value)
    {
        var field = bytes.Slice((int)(offset >> 3), FieldByteCount(offset, bits));
        UInt128 window = 0;
        foreach (var b in field)
        {
            window = (window << 8) | b;
        }
        var shift = FieldShift(offset, bits, field.Length);
        var mask = (UInt128)FieldMask(bits) << shift;
        window = (window & ~mask) | (((UInt128)value << shift) & mask);
        for (var i = field.Length - 1; i >= 0; i--)
        {
            field[i] = (byte)window;
            window >>= 8;
        }
    }

    /// <summary>How many bytes a field touches: up to 9 for 64 bits that do not start on a byte.</summary>
    private static int FieldByteCount(long offset, int bits) => ((int)(offset & 7) + bits + 7) >> 3;

    /// <summary>How far the field's lowest bit is from the end of its bytes.</summary>
    private static int FieldShift(long offset, int bits, int byteCount) => (byteCount << 3) - (int)(offset & 7) - bits;

    private static ulong FieldMask(int bits) => bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;

    /// <summary>The operations of BITOP.</summary>
    public enum Operation
    {
        And,
        Or,
        Xor,
        Not,
    }

    /// <summary>
    /// BITOP: combines the sources, each padded with zeros to the longest, into a new array as
    /// long as the longest source (NOT takes exactly one source).
    /// </summary>
    public static byte[] Combine(Operation operation, IReadOnlyList<ReadOnlyMemory<byte>> sources)
    {
        var longest = 0;
        foreach (var source in sources)
        {
            longest = Math.Max(longest, source.Length);
        }
        var result = new byte[longest];
        sources[0].Span.CopyTo(result);
        if (operation == Operation.Not)
        {
            Apply<NotOp>(result, result);
            return result;
        }
        for (var i = 1; i < sources.Count; i++)
        {
            var source = sources[i].Span;
            switch (operation)
            {
                case Operation.And:
                    Apply<AndOp>(result, source);
                    // Past the end of this source its padding zeros clear everything.
                    result.AsSpan(source.Length).Clear();
                    break;
                case Operation.Or:
                    Apply<OrOp>(result, source);
                    break;
                default:
                    Apply<XorOp>(result, source);
                    break;
            }
        }
        return result;
    }

    /// <summary>target[i] = op(target[i], source[i]) over the source's length, a vector at a time.</summary>
    private static void Apply<TOp>(Span<byte> target, ReadOnlySpan<byte> source)
        where TOp : IByteOperation
    {
        var length = Math.Min(target.Length, source.Length);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<byte>.Count <= length; i += Vector<byte>.Count)
            {
                var a = new Vector<byte>(target[i..]);
                var b = new Vector<byte>(source[i..]);
                TOp.Apply(a, b).CopyTo(target[i..]);
            }
        }
        if (i < length)
        {
            // The tail, through one zero-padded vector each.
            Span<byte> a = stackalloc byte[Vector<byte>.Count];
            Span<byte> b = stackalloc byte[Vector<byte>.Count];
            while (i < length)
            {
                var n = Math.Min(length - i, a.Length);
                a.Clear();
                b.Clear();
                target.Slice(i, n).CopyTo(a);
                source.Slice(i, n).CopyTo(b);
                TOp.Apply(new Vector<byte>(a), new Vector<byte>(b)).CopyTo(a);
                a[..n].CopyTo(target.Slice(i, n));
                i += n;
            }
        }
    }

    /// <summary>A byte-wise operation, as a type so that the vector loop is specialized and inlined per operation.</summary>
    private interface IByteOperation
    {
        static abstract Vector<byte> Apply(Vector<byte> a, Vector<byte> b);
    }

    private readonly struct AndOp : IByteOperation
    {
        public static Vector<byte> Apply(Vector<byte> a, Vector<byte> b) => a & b;
    }

    private readonly struct OrOp : IByteOperation
    {
        public static Vector<byte> Apply(Vector<byte> a, Vector<byte> b) => a | b;
    }

    private readonly struct XorOp : IByteOperation
    {
        public static Vector<byte> Apply(Vector<byte> a, Vector<byte> b) => a ^ b;
    }

    private readonly struct NotOp : IByteOperation
    {
        public static Vector<byte> Apply(Vector<byte> a, Vector<byte> b) => ~a;
    }
}
