using System.Numerics;

namespace Basalt.Text;

/// <summary>Outcome of rounding an exact value into a binary floating point format.</summary>
internal enum RoundingOutcome
{
    Finite,
    Zero,
    Overflow,
}

/// <summary>
/// Correct rounding (IEEE round-to-nearest, ties-to-even) of an exact binary value into a
/// binary floating point format with a given significand width and exponent range, including
/// gradual underflow. Shared by the double hex-float parser, the x87 extended parser and the
/// x87 adder, so all three round exactly like the hardware / glibc do.
/// </summary>
internal static class BinaryRounding
{
    /// <summary>
    /// Rounds <c>(m + δ) · 2^e2</c> where δ is 0 when <paramref name="sticky"/> is false and
    /// otherwise some unknown value strictly between 0 and 1.
    /// </summary>
    /// <param name="m">Exact integer part of the magnitude.</param>
    /// <param name="e2">Binary exponent of <paramref name="m"/>'s unit bit.</param>
    /// <param name="sticky">
    /// Non-zero bits were dropped below <paramref name="m"/>. Callers only set it when m has at least
    /// 65 significant bits, so the dropped part always lies below the rounding bit.
    /// </param>
    /// <param name="precision">Significand bits (53 for double, 64 for x87 extended).</param>
    /// <param name="minExp">Exponent of the least significant bit of the smallest subnormal.</param>
    /// <param name="maxExp">Largest allowed exponent of the significand's unit bit.</param>
    /// <param name="significand">Rounded significand, below 2^precision.</param>
    /// <param name="exponent">Exponent so that value = significand · 2^exponent.</param>
    public static RoundingOutcome Round(UInt128 m, long e2, bool sticky, int precision, int minExp, int maxExp, out ulong significand, out int exponent)
    {
        significand = 0;
        exponent = 0;
        if (m == UInt128.Zero)
        {
            // Only exact zeros get here; sticky values always come with a wide m.
            return RoundingOutcome.Zero;
        }

        // Normalise so the leading one is bit 127; shifting left is exact (see the sticky contract).
        int lz = (int)UInt128.LeadingZeroCount(m);
        m <<= lz;
        e2 -= lz;

        long leading = e2 + 127; // exponent of the leading bit
        if (leading > maxExp + precision)
        {
            return RoundingOutcome.Overflow;
        }

        // Exponent of the result's LSB: precision bits below the leading one, but never below minExp
        // (that is gradual underflow: subnormals keep fewer bits).
        long lsb = Math.Max(leading - (precision - 1), minExp);
        long shift = lsb - e2; // low bits of m to discard, >= 128 - precision >= 64
        UInt128 kept;
        bool half;
        bool rest;
        if (shift > 128)
        {
            kept = UInt128.Zero;
            half = false;
            rest = true;
        }
        else if (shift == 128)
        {
            kept = UInt128.Zero;
            half = true; // bit 127 is the leading one
            rest = (m << 1) != UInt128.Zero || sticky;
        }
        else
        {
            int s = (int)shift;
            kept = m >> s;
            half = ((m >> (s - 1)) & UInt128.One) != UInt128.Zero;
            rest = (m & ((UInt128.One << (s - 1)) - UInt128.One)) != UInt128.Zero || sticky;
        }

        if (half && (rest || (kept & UInt128.One) != UInt128.Zero))
        {
            kept++;
            if (kept >> precision != UInt128.Zero)
            {
                // Carried into a new bit: 1.111..1 rounded up to 10.000..0.
                kept >>= 1;
                lsb++;
            }
        }

        if (kept == UInt128.Zero)
        {
            return RoundingOutcome.Zero;
        }

        if (lsb > maxExp)
        {
            return RoundingOutcome.Overflow;
        }

        significand = (ulong)kept;
        exponent = (int)lsb;
        return RoundingOutcome.Finite;
    }

    /// <summary>Rounds an exact non-negative big integer times 2^e2 (plus sticky) into the format.</summary>
    public static RoundingOutcome Round(BigInteger n, long e2, bool sticky, int precision, int minExp, int maxExp, out ulong significand, out int exponent)
    {
        long bits = (long)n.GetBitLength();
        if (bits > 128)
        {
            int drop = (int)(bits - 128);
            BigInteger top = n >> drop;
            sticky |= !(n - (top << drop)).IsZero;
            n = top;
            e2 += drop;
        }

        return Round((UInt128)n, e2, sticky, precision, minExp, maxExp, out significand, out exponent);
    }

    /// <summary>
    /// Rounds the exact value of a scanned hex literal. Allocation-free: only the first 32
    /// significant hex digits are kept (128 bits), the rest only feed the sticky bit.
    /// </summary>
    public static RoundingOutcome RoundHex(FloatLiteral lit, int precision, int minExp, int maxExp, out ulong significand, out int exponent)
    {
        UInt128 m = UInt128.Zero;
        int keptDigits = 0;
        long droppedDigits = 0;
        bool sticky = false;
        bool started = false;
        Accumulate(lit.IntDigits, ref m, ref keptDigits, ref droppedDigits, ref sticky, ref started);
        Accumulate(lit.FracDigits, ref m, ref keptDigits, ref droppedDigits, ref sticky, ref started);

        // value = m · 16^dropped · 2^(p − 4·fracLen)
        long e2 = lit.Exponent - (4L * lit.FracDigits.Length) + (4L * droppedDigits);
        e2 = Math.Clamp(e2, -(1L << 42), 1L << 42);
        return Round(m, e2, sticky, precision, minExp, maxExp, out significand, out exponent);
    }

    private static void Accumulate(ReadOnlySpan<byte> digits, ref UInt128 m, ref int kept, ref long dropped, ref bool sticky, ref bool started)
    {
        foreach (byte c in digits)
        {
            int v = FloatLiteral.HexValue(c);
            if (!started)
            {
                if (v == 0)
                {
                    continue; // leading zeros carry no bits
                }

                started = true;
            }

            if (kept < 32)
            {
                m = (m << 4) | (uint)v;
                kept++;
            }
            else
            {
                dropped++;
                sticky |= v != 0;
            }
        }
    }
}
