using System.Globalization;
using System.Text;

namespace Basalt.Types;

/// <summary>
/// The sparse representation of a HyperLogLog: the registers in order as run-length opcodes.
/// ZERO (00llllll) is a run of 1-64 zero registers, XZERO (01llllll llllllll) a run of 1-16384,
/// VAL (1vvvvvll) a run of 1-4 registers of value 1-32. A register that needs a higher value, or
/// an edit that would pass hll-sparse-max-bytes, turns the value dense.
/// </summary>
/// <remarks>
/// Values come from users (SETRANGE, RESTORE), so the opcodes may be anything: every read past the
/// end sees a zero, as Redis sees the string's terminating zero there, and no edit writes outside
/// the string.
/// </remarks>
public static class HyperLogLogSparse
{
    private const int ValMaxValue = 32;
    private const int ValMaxLength = 4;
    private const int ZeroMaxLength = 64;
    private const int XZeroMaxLength = 16384;

    private static bool IsZero(byte op) => (op & 0xc0) == 0;

    private static bool IsXZero(byte op) => (op & 0xc0) == 0x40;

    private static bool IsVal(byte op) => (op & 0x80) != 0;

    private static int ZeroLength(byte op) => (op & 0x3f) + 1;

    private static int XZeroLength(ReadOnlySpan<byte> ops, int at) => (((ops[at] & 0x3f) << 8) | ByteAt(ops, at + 1)) + 1;

    private static int ValValue(byte op) => ((op >> 2) & 0x1f) + 1;

    private static int ValLength(byte op) => (op & 0x3) + 1;

    private static byte Val(int value, int length) => (byte)(0x80 | ((value - 1) << 2) | (length - 1));

    private static byte ByteAt(ReadOnlySpan<byte> ops, int at) => at < ops.Length ? ops[at] : (byte)0;

    /// <summary>Writes an XZERO opcode for a run of <paramref name="length"/> zero registers.</summary>
    internal static void WriteXZero(Span<byte> at, int length)
    {
        at[0] = (byte)(0x40 | ((length - 1) >> 8));
        at[1] = (byte)((length - 1) & 0xff);
    }

    /// <summary>Writes the shortest zero-run opcode for <paramref name="length"/> registers and returns its size.</summary>
    private static int WriteZeroRun(Span<byte> at, int length)
    {
        if (length > ZeroMaxLength)
        {
            WriteXZero(at, length);
            return 2;
        }
        at[0] = (byte)(length - 1);
        return 1;
    }

    /// <summary>
    /// Raises register <paramref name="index"/> to <paramref name="count"/> in a sparse value, in
    /// place (hllSparseSet): 1 when it grew, 0 when it already was as high, -1 when the opcodes are
    /// corrupt. The opcode holding the register is split as needed (an XZERO into at most XZERO VAL
    /// XZERO), then adjacent VALs of one value are joined again.
    /// </summary>
    public static int Set(RedisString hll, int index, int count, long sparseMaxBytes)
    {
        if (count > ValMaxValue)
        {
            return Promote(hll, index, count);
        }
        var total = hll.Length;
        var ops = hll.ResizeRawForWrite(total)[HyperLogLog.HeaderSize..];
        var end = ops.Length;

        // Find the opcode that covers the register.
        int p = 0, first = 0, prev = -1, span = 0;
        while (p < end)
        {
            var oplen = 1;
            var op = ops[p];
            if (IsZero(op))
            {
                span = ZeroLength(op);
            }
            else if (IsVal(op))
            {
                span = ValLength(op);
            }
            else
            {
                span = XZeroLength(ops, p);
                oplen = 2;
            }
            if (index <= first + span - 1)
            {
                break;
            }
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end)
        {
            return -1;
        }
        var current = ops[p];
        var next = IsXZero(current) ? p + 2 : p + 1;
        if (next >= end)
        {
            next = -1;
        }

        var updated = false;
        if (IsVal(current))
        {
            if (ValValue(current) >= count)
            {
                return 0;
            }
            if (ValLength(current) == 1)
            {
                ops[p] = Val(count, 1);
                updated = true;
            }
        }
        else if (IsZero(current) && ZeroLength(current) == 1)
        {
            ops[p] = Val(count, 1);
            updated = true;
        }

        if (!updated)
        {
            // Split the opcode around the register.
            Span<byte> seq = stackalloc byte[5];
            var n = 0;
            var last = first + span - 1;
            if (IsVal(current))
            {
                var value = ValValue(current);
                if (index != first)
                {
                    seq[n++] = Val(value, index - first);
                }
                seq[n++] = Val(count, 1);
                if (index != last)
                {
                    seq[n++] = Val(value, last - index);
                }
            }
            else
            {
                if (index != first)
                {
                    n += WriteZeroRun(seq[n..], index - first);
                }
                seq[n++] = Val(count, 1);
                if (index != last)
                {
                    n += WriteZeroRun(seq[n..], last - index);
                }
            }
            var delta = n - (IsXZero(current) ? 2 : 1);
            if (delta > 0 && total + delta > sparseMaxBytes)
            {
                return Promote(hll, index, count);
            }
            if (delta > 0)
            {
                ops = hll.ResizeRawForWrite(total + delta)[HyperLogLog.HeaderSize..];
            }
            if (delta != 0 && next >= 0)
            {
                ops[next..end].CopyTo(ops[(next + delta)..]);
            }
            if (delta < 0)
            {
                ops = hll.ResizeRawForWrite(total + delta)[HyperLogLog.HeaderSize..];
            }
            end += delta;
            // A truncated last XZERO leaves less room than the split needs: what does not fit is lost.
            var fits = Math.Clamp(end - p, 0, n);
            seq[..fits].CopyTo(ops[p..]);
        }

        // Join adjacent VALs of the same value, scanning up to 5 opcodes from the one before.
        p = prev >= 0 ? prev : 0;
        var scan = 5;
        while (p < end && scan-- > 0)
        {
            var op = ops[p];
            if (IsXZero(op))
            {
                p += 2;
                continue;
            }
            if (IsZero(op))
            {
                p++;
                continue;
            }
            if (p + 1 < end && IsVal(ops[p + 1]) && ValValue(op) == ValValue(ops[p + 1]))
            {
                var length = ValLength(op) + ValLength(ops[p + 1]);
                if (length <= ValMaxLength)
                {
                    ops[p + 1] = Val(ValValue(op), length);
                    ops[(p + 1)..end].CopyTo(ops[p..]);
                    end--;
                    ops = hll.ResizeRawForWrite(HyperLogLog.HeaderSize + end)[HyperLogLog.HeaderSize..];
                    continue;
                }
            }
            p++;
        }
        HyperLogLog.InvalidateCache(hll.ResizeRawForWrite(HyperLogLog.HeaderSize + end));
        return 1;
    }

    /// <summary>Turns the value dense, then sets the register there (a register that made a sparse value dense always grows).</summary>
    private static int Promote(RedisString hll, int index, int count)
    {
        if (!ToDense(hll))
        {
            return -1;
        }
        HyperLogLogDense.SetIfGreater(hll.ResizeRawForWrite(HyperLogLog.DenseSize)[HyperLogLog.HeaderSize..], index, count);
        return 1;
    }

    /// <summary>
    /// Turns a sparse value dense (hllSparseToDense): a new string of the dense size with the same
    /// header (the cached cardinality included). False, leaving the value as it was, when the
    /// opcodes do not cover exactly every register. A dense value is left alone.
    /// </summary>
    public static bool ToDense(RedisString hll)
    {
        var bytes = hll.Bytes;
        if (HyperLogLog.EncodingOf(bytes) == HyperLogLogEncoding.Dense)
        {
            return true;
        }
        var dense = new byte[HyperLogLog.DenseSize];
        bytes[..HyperLogLog.HeaderSize].CopyTo(dense);
        HyperLogLog.SetEncoding(dense, HyperLogLogEncoding.Dense);
        var registers = dense.AsSpan(HyperLogLog.HeaderSize);
        var runs = new ValRuns(bytes[HyperLogLog.HeaderSize..]);
        while (runs.Next(out var first, out var length, out var value))
        {
            for (var i = 0; i < length; i++)
            {
                HyperLogLogDense.Set(registers, first + i, value);
            }
        }
        if (!runs.CoveredAll)
        {
            return false;
        }
        hll.ReplaceWithRaw(dense);
        return true;
    }

    /// <summary>Counts the registers of each value (hllSparseRegHisto); false when the runs do not add up to every register.</summary>
    public static bool Histogram(ReadOnlySpan<byte> ops, Span<int> histogram)
    {
        long index = 0;
        var p = 0;
        while (p < ops.Length)
        {
            var op = ops[p];
            int length, value = 0;
            if (IsZero(op))
            {
                length = ZeroLength(op);
                p++;
            }
            else if (IsXZero(op))
            {
                length = XZeroLength(ops, p);
                p += 2;
            }
            else
            {
                length = ValLength(op);
                value = ValValue(op);
                p++;
            }
            index += length;
            histogram[value] += length;
        }
        return index == HyperLogLog.RegisterCount;
    }

    /// <summary>Raises each byte of <paramref name="max"/> to the matching register (hllMerge); false when the runs do not add up.</summary>
    public static bool MergeInto(Span<byte> max, ReadOnlySpan<byte> ops)
    {
        var runs = new ValRuns(ops);
        while (runs.Next(out var first, out var length, out var value))
        {
            for (var i = first; i < first + length; i++)
            {
                if (value > max[i])
                {
                    max[i] = (byte)value;
                }
            }
        }
        return runs.CoveredAll;
    }

    /// <summary>
    /// The VAL runs of a sparse representation in order, ZERO and XZERO runs skipped (the walk of
    /// hllSparseToDense and hllMerge): the walk stops at a VAL run that would pass the last register,
    /// and <see cref="CoveredAll"/> then says whether the runs met so far cover exactly every register.
    /// </summary>
    private ref struct ValRuns(ReadOnlySpan<byte> ops)
    {
        private readonly ReadOnlySpan<byte> _ops = ops;
        private long _index;
        private int _at;

        public readonly bool CoveredAll => _index == HyperLogLog.RegisterCount;

        public bool Next(out int first, out int length, out int value)
        {
            while (_at < _ops.Length)
            {
                var op = _ops[_at];
                if (IsZero(op))
                {
                    _index += ZeroLength(op);
                    _at++;
                }
                else if (IsXZero(op))
                {
                    _index += XZeroLength(_ops, _at);
                    _at += 2;
                }
                else
                {
                    length = ValLength(op);
                    if (_index + length > HyperLogLog.RegisterCount)
                    {
                        break;
                    }
                    first = (int)_index;
                    value = ValValue(op);
                    _index += length;
                    _at++;
                    return true;
                }
            }
            first = length = value = 0;
            return false;
        }
    }

    /// <summary>The opcodes as PFDEBUG DECODE shows them: "z:len", "Z:len", "v:value,len", space separated.</summary>
    public static string Decode(ReadOnlySpan<byte> ops)
    {
        var text = new StringBuilder();
        var p = 0;
        while (p < ops.Length)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            var op = ops[p];
            if (IsZero(op))
            {
                text.Append(CultureInfo.InvariantCulture, $"z:{ZeroLength(op)}");
                p++;
            }
            else if (IsXZero(op))
            {
                text.Append(CultureInfo.InvariantCulture, $"Z:{XZeroLength(ops, p)}");
                p += 2;
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"v:{ValValue(op)},{ValLength(op)}");
                p++;
            }
        }
        return text.ToString();
    }
}
