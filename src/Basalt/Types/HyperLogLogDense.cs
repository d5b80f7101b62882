namespace Basalt.Types;

/// <summary>
/// The dense representation of a HyperLogLog: 16384 registers of 6 bits, register n starting at
/// bit 6n of the register bytes, least significant bits first (HLL_DENSE_GET/SET_REGISTER).
/// </summary>
public static class HyperLogLogDense
{
    private const int Mask = HyperLogLog.RegisterMax;

    /// <summary>
    /// Register <paramref name="index"/>. Its bits may straddle two bytes; the last register's lie
    /// in the last byte alone (Redis reads the string's terminating zero beyond it).
    /// </summary>
    public static int Get(ReadOnlySpan<byte> registers, int index)
    {
        var bit = index * HyperLogLog.RegisterBits;
        var at = bit >> 3;
        var shift = bit & 7;
        var low = registers[at] >> shift;
        var high = at + 1 < registers.Length ? registers[at + 1] << (8 - shift) : 0;
        return (low | high) & Mask;
    }

    public static void Set(Span<byte> registers, int index, int value)
    {
        var bit = index * HyperLogLog.RegisterBits;
        var at = bit >> 3;
        var shift = bit & 7;
        registers[at] = (byte)((registers[at] & ~(Mask << shift)) | (value << shift));
        if (at + 1 < registers.Length)
        {
            registers[at + 1] = (byte)((registers[at + 1] & ~(Mask >> (8 - shift))) | (value >> (8 - shift)));
        }
    }

    /// <summary>Raises register <paramref name="index"/> to <paramref name="count"/> when it is lower (hllDenseSet).</summary>
    public static bool SetIfGreater(Span<byte> registers, int index, int count)
    {
        if (count <= Get(registers, index))
        {
            return false;
        }
        Set(registers, index, count);
        return true;
    }

    /// <summary>Counts the registers of each value (hllDenseRegHisto), four registers per three bytes.</summary>
    public static void Histogram(ReadOnlySpan<byte> registers, Span<int> histogram)
    {
        for (var i = 0; i + 3 <= registers.Length; i += 3)
        {
            int b0 = registers[i], b1 = registers[i + 1], b2 = registers[i + 2];
            histogram[b0 & Mask]++;
            histogram[((b0 >> 6) | (b1 << 2)) & Mask]++;
            histogram[((b1 >> 4) | (b2 << 4)) & Mask]++;
            histogram[b2 >> 2]++;
        }
    }

    /// <summary>Raises each byte of <paramref name="max"/> to the matching register.</summary>
    public static void MergeInto(Span<byte> max, ReadOnlySpan<byte> registers)
    {
        for (var i = 0; i < HyperLogLog.RegisterCount; i++)
        {
            var value = (byte)Get(registers, i);
            if (value > max[i])
            {
                max[i] = value;
            }
        }
    }
}
