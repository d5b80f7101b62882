using System.Numerics;

namespace Basalt.Text;

/// <summary>
/// An emulated x87 80-bit extended precision number (C's <c>long double</c> on x86-64 Linux):
/// 64-bit significand with explicit integer bit, exponent range 2^-16382 .. 2^16383, gradual
/// underflow down to 2^-16445, round-to-nearest-even.
/// </summary>
/// <remarks>
/// Why: INCRBYFLOAT and HINCRBYFLOAT parse both operands with strtold, add them in long double
/// and print "%.17Lf" with trailing zeros stripped. With 11 more bits than a double the sum of
/// 10.5 and 0.1 prints as "10.6", whereas a double sum would print 10.59999999999999964. Only
/// the operations those commands need exist: parse, add, classify, human formatting.
/// The value is <c>(-1)^sign · significand · 2^exponent</c>.
/// </remarks>
public readonly struct LongDouble : IEquatable<LongDouble>
{
    /// <summary>Significand width of the x87 extended format.</summary>
    internal const int Precision = 64;

    /// <summary>Exponent of the LSB of the smallest subnormal, 2^-16445.</summary>
    internal const int MinExponent = -16445;

    /// <summary>Largest exponent of the significand's unit bit: max value is (2^64-1)·2^16320.</summary>
    internal const int MaxExponent = 16320;

    /// <summary>MAX_LONG_DOUBLE_CHARS: Redis's buffer for these strings and string2ld's input limit.</summary>
    public const int MaxChars = 5 * 1024;

    private readonly ulong _significand;
    private readonly int _exponent;
    private readonly Kind _kind;
    private readonly bool _negative;

    private LongDouble(Kind kind, bool negative, ulong significand, int exponent)
    {
        _kind = kind;
        _negative = negative;
        _significand = significand;
        _exponent = exponent;
    }

    private enum Kind : byte
    {
        Zero,
        Finite,
        Infinity,
        NaN,
    }

    /// <summary>+0.</summary>
    public static LongDouble Zero => default;

    public bool IsNaN => _kind == Kind.NaN;

    public bool IsInfinity => _kind == Kind.Infinity;

    /// <summary>Neither NaN nor infinite: the only results INCRBYFLOAT stores.</summary>
    public bool IsFinite => _kind is Kind.Zero or Kind.Finite;

    public bool IsZero => _kind == Kind.Zero;

    /// <summary>Sign bit (also set for -0).</summary>
    public bool IsNegative => _negative;

    /// <summary>Exact conversion, as C's <c>(long double)ll</c> (a 64-bit significand holds any long).</summary>
    public static LongDouble FromInt64(long value)
    {
        if (value == 0)
        {
            return Zero;
        }

        ulong magnitude = value < 0 ? 0 - (ulong)value : (ulong)value;
        int lz = BitOperations.LeadingZeroCount(magnitude);
        return new LongDouble(Kind.Finite, value < 0, magnitude << lz, -lz);
    }

    /// <summary>
    /// Exact conversion, as C's <c>(long double)d</c>: every double is a long double. NaN keeps
    /// its sign; GEOPOS and WITHCOORD print a double this way (addReplyHumanLongDouble).
    /// </summary>
    public static LongDouble FromDouble(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var negative = (long)bits < 0;
        if (double.IsNaN(value))
        {
            return new LongDouble(Kind.NaN, negative, 0, 0);
        }
        if (double.IsInfinity(value))
        {
            return new LongDouble(Kind.Infinity, negative, 0, 0);
        }
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & ((1UL << 52) - 1);
        if (biased == 0 && fraction == 0)
        {
            return new LongDouble(Kind.Zero, negative, 0, 0);
        }
        // value = mantissa · 2^(biased - 1075), subnormals without the implicit bit.
        var mantissa = biased == 0 ? fraction : fraction | (1UL << 52);
        var exponent = (biased == 0 ? 1 : biased) - 1075;
        var lz = BitOperations.LeadingZeroCount(mantissa);
        return new LongDouble(Kind.Finite, negative, mantissa << lz, exponent - lz);
    }

    /// <summary>
    /// string2ld: strtold on the whole input, correctly rounded to 64 bits. Same acceptance as
    /// <see cref="RedisNumber.TryParseDouble"/> (sign, decimal, hex floats, inf/infinity; no
    /// whitespace, no trailing bytes, no NaN, no overflow, no underflow to zero) judged at long
    /// double range, plus Redis's length limit: 5120 bytes or more is rejected.
    /// Note "-0" is accepted and keeps its sign (strtold gives -0.0).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out LongDouble value)
    {
        value = Zero;
        if (s.Length == 0 || s.Length >= MaxChars)
        {
            return false;
        }

        if (!FloatLiteral.TryScan(s, out FloatLiteral lit))
        {
            return false;
        }

        if (lit.Kind == FloatLiteralKind.Infinity)
        {
            value = new LongDouble(Kind.Infinity, lit.Negative, 0, 0);
            return true;
        }

        if (!lit.HasNonZeroDigit)
        {
            value = new LongDouble(Kind.Zero, lit.Negative, 0, 0);
            return true;
        }

        RoundingOutcome outcome = lit.Kind == FloatLiteralKind.Hex
            ? BinaryRounding.RoundHex(lit, Precision, MinExponent, MaxExponent, out ulong sig, out int exp)
            : RoundDecimal(lit, out sig, out exp);
        if (outcome != RoundingOutcome.Finite)
        {
            return false; // ERANGE: overflow to ±HUGE_VALL or underflow to zero
        }

        value = new LongDouble(Kind.Finite, lit.Negative, sig, exp);
        return true;
    }

    /// <summary>x87 FADD: the exact sum rounded once to nearest-even (IEEE rules for zeros, inf and NaN).</summary>
    public static LongDouble operator +(LongDouble a, LongDouble b)
    {
        if (a._kind == Kind.NaN || b._kind == Kind.NaN)
        {
            return new LongDouble(Kind.NaN, false, 0, 0);
        }

        if (a._kind == Kind.Infinity || b._kind == Kind.Infinity)
        {
            if (a._kind == Kind.Infinity && b._kind == Kind.Infinity && a._negative != b._negative)
            {
                return new LongDouble(Kind.NaN, true, 0, 0); // inf - inf
            }

            return a._kind == Kind.Infinity ? a : b;
        }

        if (a._kind == Kind.Zero)
        {
            // -0 + -0 = -0; +0 + -0 = +0 under round-to-nearest.
            return b._kind == Kind.Zero ? new LongDouble(Kind.Zero, a._negative && b._negative, 0, 0) : b;
        }

        if (b._kind == Kind.Zero)
        {
            return a;
        }

        // Make |a| >= |b|. Subnormals share MinExponent with the lowest normal binade, so
        // comparing (exponent, significand) lexicographically orders magnitudes.
        if (a._exponent < b._exponent || (a._exponent == b._exponent && a._significand < b._significand))
        {
            (a, b) = (b, a);
        }

        // Put both significands at bit 126 of a 128-bit word (one bit of headroom for the carry),
        // then align b. Bits shifted out of b only matter as a sticky bit.
        UInt128 ma = (UInt128)a._significand << 63;
        UInt128 mb = (UInt128)b._significand << 63;
        long d = (long)a._exponent - b._exponent;
        bool sticky;
        if (d >= 128)
        {
            sticky = true;
            mb = UInt128.Zero;
        }
        else
        {
            int shift = (int)d;
            sticky = shift > 0 && (mb & ((UInt128.One << shift) - UInt128.One)) != UInt128.Zero;
            mb >>= shift;
        }

        UInt128 m;
        if (a._negative == b._negative)
        {
            m = ma + mb;
        }
        else
        {
            m = ma - mb;
            if (sticky)
            {
                // a - (mb + δ) = (m - 1) + (1 - δ): borrow one unit, the fraction stays sticky.
                m--;
            }

            if (m == UInt128.Zero && !sticky)
            {
                return Zero; // exact cancellation gives +0
            }
        }

        RoundingOutcome outcome = BinaryRounding.Round(m, (long)a._exponent - 63, sticky, Precision, MinExponent, MaxExponent, out ulong sig, out int exp);
        return outcome switch
        {
            RoundingOutcome.Finite => new LongDouble(Kind.Finite, a._negative, sig, exp),
            RoundingOutcome.Overflow => new LongDouble(Kind.Infinity, a._negative, 0, 0),
            _ => new LongDouble(Kind.Zero, a._negative, 0, 0), // cannot happen: sums of representable values do not underflow
        };
    }

    /// <summary>
    /// ld2string(..., LD_STR_HUMAN): printf "%.17Lf" (exact, ties-to-even), then trailing zeros
    /// and a trailing '.' removed, and "-0" turned into "0". Infinities print as "inf"/"-inf".
    /// Large values print every integer digit (1e30 is "1000000000000000000024696061952").
    /// Returns bytes written; <see cref="MaxChars"/> bytes always suffice.
    /// </summary>
    public int FormatHuman(Span<byte> destination)
    {
        switch (_kind)
        {
            case Kind.Infinity:
                return Write(_negative ? "-inf"u8 : "inf"u8, destination);
            case Kind.NaN:
                return Write(_negative ? "-nan"u8 : "nan"u8, destination);
            case Kind.Zero:
                return Write("0"u8, destination); // "-0.000..." strips to "-0", which Redis rewrites as "0"
        }

        // Scaled = round(|value| · 10^17), ties to even; its last 17 digits are the fraction.
        const ulong Pow17 = 100_000_000_000_000_000UL;
        int w = 0;
        if (_exponent >= 0)
        {
            // An integer: no fraction digits survive the strip.
            if (_negative)
            {
                destination[w++] = (byte)'-';
            }

            if (_exponent <= 64)
            {
                UInt128 integer = (UInt128)_significand << _exponent;
                integer.TryFormat(destination[w..], out int len, default, null);
                return w + len;
            }

            return w + WriteBig(new BigInteger(_significand) << _exponent, destination[w..]);
        }

        int rshift = -_exponent;
        if (rshift > 122)
        {
            // |value| · 10^17 < 2^64 · 2^57 / 2^123 < 1/2: rounds to zero, prints "0" (also for negatives).
            return Write("0"u8, destination);
        }

        UInt128 num = (UInt128)_significand * Pow17; // < 2^121
        UInt128 q = num >> rshift;
        UInt128 rem = num - (q << rshift);
        UInt128 half = UInt128.One << (rshift - 1);
        if (rem > half || (rem == half && (q & UInt128.One) != UInt128.Zero))
        {
            q++;
        }

        UInt128 intPart = q / Pow17;
        ulong frac = (ulong)(q % Pow17);
        if (intPart == UInt128.Zero && frac == 0)
        {
            return Write("0"u8, destination);
        }

        if (_negative)
        {
            destination[w++] = (byte)'-';
        }

        intPart.TryFormat(destination[w..], out int intLen, default, null);
        w += intLen;
        if (frac != 0)
        {
            destination[w++] = (byte)'.';
            Span<byte> fd = stackalloc byte[17];
            for (int i = 16; i >= 0; i--)
            {
                fd[i] = (byte)('0' + (frac % 10));
                frac /= 10;
            }

            int fl = 17;
            while (fd[fl - 1] == (byte)'0')
            {
                fl--;
            }

            fd[..fl].CopyTo(destination[w..]);
            w += fl;
        }

        return w;
    }

    /// <summary><see cref="FormatHuman(Span{byte})"/> into a new array (what INCRBYFLOAT stores and replies).</summary>
    public byte[] ToHumanBytes()
    {
        Span<byte> buf = stackalloc byte[MaxChars];
        return buf[..FormatHuman(buf)].ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => System.Text.Encoding.ASCII.GetString(ToHumanBytes());

    public bool Equals(LongDouble other) =>
        _kind == other._kind && _negative == other._negative && _significand == other._significand && _exponent == other._exponent;

    public override bool Equals(object? obj) => obj is LongDouble other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_kind, _negative, _significand, _exponent);

    public static bool operator ==(LongDouble left, LongDouble right) => left.Equals(right);

    public static bool operator !=(LongDouble left, LongDouble right) => !left.Equals(right);

    /// <summary>
    /// Correctly rounds a decimal literal D · 10^K with big integers. Inputs are at most 5119
    /// bytes (string2ld's limit), so the numbers stay a few thousand digits at worst.
    /// </summary>
    private static RoundingOutcome RoundDecimal(FloatLiteral lit, out ulong sig, out int exp)
    {
        sig = 0;
        exp = 0;
        ReadOnlySpan<byte> intDigits = lit.IntDigits;
        ReadOnlySpan<byte> fracDigits = lit.FracDigits;

        // Significant digits: drop leading zeros (of the integer part, then of the fraction when
        // the integer part is all zeros) and trailing zeros, adjusting the decimal exponent.
        long k = lit.Exponent - fracDigits.Length;
        int firstInt = intDigits.IndexOfAnyExcept((byte)'0');
        if (firstInt < 0)
        {
            intDigits = default;
            int firstFrac = fracDigits.IndexOfAnyExcept((byte)'0');
            fracDigits = fracDigits[firstFrac..];
        }
        else
        {
            intDigits = intDigits[firstInt..];
        }

        int lastFrac = fracDigits.LastIndexOfAnyExcept((byte)'0');
        if (lastFrac < 0)
        {
            k += fracDigits.Length;
            fracDigits = default;
            int lastInt = intDigits.LastIndexOfAnyExcept((byte)'0');
            k += intDigits.Length - 1 - lastInt;
            intDigits = intDigits[..(lastInt + 1)];
        }
        else
        {
            k += fracDigits.Length - 1 - lastFrac;
            fracDigits = fracDigits[..(lastFrac + 1)];
        }

        int n = intDigits.Length + fracDigits.Length;

        // The value lies in [10^(n-1+k), 10^(n+k)). Max is about 1.19e4932, and anything below
        // 10^-4952 is under half the smallest subnormal (about 3.6e-4951), so rounds to zero.
        if (n - 1 + k > 4933)
        {
            return RoundingOutcome.Overflow;
        }

        if (n + k < -4952)
        {
            return RoundingOutcome.Zero;
        }

        BigInteger d = ParseDigits(intDigits, fracDigits);
        if (k >= 0)
        {
            return BinaryRounding.Round(d * BigInteger.Pow(10, (int)k), 0, false, Precision, MinExponent, MaxExponent, out sig, out exp);
        }

        // D / 10^-k: scale the dividend so the quotient has at least 130 bits, the remainder
        // becomes the sticky bit.
        BigInteger p = BigInteger.Pow(10, (int)-k);
        long s = Math.Max(0, 130 + (long)p.GetBitLength() - (long)d.GetBitLength());
        BigInteger q = BigInteger.DivRem(d << (int)s, p, out BigInteger r);
        return BinaryRounding.Round(q, -s, !r.IsZero, Precision, MinExponent, MaxExponent, out sig, out exp);
    }

    private static BigInteger ParseDigits(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        // 18 decimal digits at a time fit a ulong; fine for the few thousand digits allowed.
        BigInteger result = BigInteger.Zero;
        ulong chunk = 0;
        int chunkLen = 0;
        Append(a, ref result, ref chunk, ref chunkLen);
        Append(b, ref result, ref chunk, ref chunkLen);
        if (chunkLen > 0)
        {
            result = (result * BigInteger.Pow(10, chunkLen)) + chunk;
        }

        return result;

        static void Append(ReadOnlySpan<byte> digits, ref BigInteger result, ref ulong chunk, ref int chunkLen)
        {
            foreach (byte c in digits)
            {
                chunk = (chunk * 10) + (ulong)(c - '0');
                if (++chunkLen == 18)
                {
                    result = (result * 1_000_000_000_000_000_000UL) + chunk;
                    chunk = 0;
                    chunkLen = 0;
                }
            }
        }
    }

    private static int WriteBig(BigInteger value, Span<byte> destination)
    {
        string text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < text.Length; i++)
        {
            destination[i] = (byte)text[i];
        }

        return text.Length;
    }

    private static int Write(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
