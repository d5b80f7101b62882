using System.Buffers.Text;
using System.Globalization;

namespace Basalt.Text;

/// <summary>
/// Redis 7.0's number &lt;-&gt; text conversions, byte for byte: string2ll, the SCAN cursor parser,
/// string2d, ll2string and the "%.17g" that addReplyDouble uses. All are allocation-free.
/// </summary>
public static class RedisNumber
{
    /// <summary>Longest output of <see cref="FormatInt64"/> ("-9223372036854775808").</summary>
    public const int MaxInt64Chars = 20;

    /// <summary>Longest output of <see cref="FormatUInt64"/>.</summary>
    public const int MaxUInt64Chars = 20;

    /// <summary>Room that always suffices for <see cref="FormatDouble"/> (longest is 24, e.g. "-2.2250738585072014e-308").</summary>
    public const int MaxDoubleChars = 32;

    /// <summary>
    /// string2ll: an optional '-', then "0" alone or a non-zero digit followed by digits; nothing else.
    /// Rejects "", "+1", " 1", "01", "-0", "-" and anything out of range, and (like Redis's
    /// LONG_STR_SIZE check) any input of 21 bytes or more.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.Length == 0 || s.Length >= 21)
        {
            return false;
        }

        if (s.Length == 1 && s[0] == (byte)'0')
        {
            return true;
        }

        int i = 0;
        bool negative = false;
        if (s[0] == (byte)'-')
        {
            negative = true;
            i = 1;
            if (s.Length == 1)
            {
                return false;
            }
        }

        // The first digit must be 1-9: this is what rejects leading zeros and "-0".
        uint first = (uint)(s[i] - '1');
        if (first > 8)
        {
            return false;
        }

        ulong v = first + 1;
        for (i++; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            if (v > ulong.MaxValue / 10)
            {
                return false;
            }

            v *= 10;
            if (v > ulong.MaxValue - d)
            {
                return false;
            }

            v += d;
        }

        if (negative)
        {
            if (v > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = (long)(0 - v);
        }
        else
        {
            if (v > long.MaxValue)
            {
                return false;
            }

            value = (long)v;
        }

        return true;
    }

    /// <summary>
    /// The SCAN/HSCAN/SSCAN/ZSCAN cursor parser (parseScanCursorOrReply): strtoul(s, &amp;end, 10)
    /// plus "first byte is not whitespace, everything up to the terminating NUL was consumed,
    /// no ERANGE". Because it is C string based, and strtoul is lenient, Redis accepts:
    /// the empty string (cursor 0), a leading '+', leading zeros, a leading '-' (the value is
    /// negated modulo 2^64, so "-1" is 18446744073709551615), and anything after an embedded
    /// NUL byte is ignored ("5\0x" is 5). Overflow past 2^64-1 (before negation) is rejected.
    /// </summary>
    public static bool TryParseScanCursor(ReadOnlySpan<byte> s, out ulong value)
    {
        value = 0;
        int nul = s.IndexOf((byte)0);
        if (nul >= 0)
        {
            s = s[..nul];
        }

        if (s.Length == 0)
        {
            return true; // strtoul("") converts nothing, leaves end at the NUL: accepted as 0.
        }

        int i = 0;
        bool negative = false;
        if (s[0] == (byte)'+' || s[0] == (byte)'-')
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        if (i == s.Length)
        {
            return false; // a lone sign: no conversion, end points at the sign.
        }

        ulong v = 0;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false; // includes leading whitespace: isspace(first) is rejected too.
            }

            if (v > ulong.MaxValue / 10 || v * 10 > ulong.MaxValue - d)
            {
                return false; // ERANGE
            }

            v = (v * 10) + d;
        }

        value = negative ? 0 - v : v;
        return true;
    }

    /// <summary>Alias of <see cref="TryParseScanCursor"/>: unsigned 64-bit parsing the way Redis parses cursors.</summary>
    public static bool TryParseUInt64(ReadOnlySpan<byte> s, out ulong value) => TryParseScanCursor(s, out value);

    /// <summary>
    /// string2d (getDoubleFromObject): strtod on the whole input. Accepts an optional sign,
    /// decimal with optional exponent, hex floats ("0x1.8p3"), "inf"/"infinity" in any case;
    /// rejects empty input, leading whitespace, trailing bytes, NaN, and values that overflow to
    /// ±inf or underflow all the way to zero (ERANGE). Subnormal results are accepted.
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (!FloatLiteral.TryScan(s, out FloatLiteral lit))
        {
            return false;
        }

        switch (lit.Kind)
        {
            case FloatLiteralKind.Infinity:
                value = lit.Negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;

            case FloatLiteralKind.Hex:
                {
                    RoundingOutcome outcome = BinaryRounding.RoundHex(lit, 53, -1074, 971, out ulong sig, out int exp);
                    if (outcome == RoundingOutcome.Overflow || (outcome == RoundingOutcome.Zero && lit.HasNonZeroDigit))
                    {
                        return false; // ERANGE with ±HUGE_VAL or zero
                    }

                    double magnitude = outcome == RoundingOutcome.Zero ? 0.0 : ComposeDouble(sig, exp);
                    value = lit.Negative ? -magnitude : magnitude;
                    return true;
                }

            default:
                {
                    // The syntax was validated above, so .NET's (correctly rounded, like glibc's)
                    // decimal parser sees only inputs on which both agree.
                    const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
                    if (!double.TryParse(s, Styles, CultureInfo.InvariantCulture, out double d))
                    {
                        return false;
                    }

                    if (double.IsInfinity(d) || (d == 0 && lit.HasNonZeroDigit))
                    {
                        return false; // ERANGE
                    }

                    value = d;
                    return true;
                }
        }
    }

    /// <summary>ll2string: plain decimal. Returns bytes written (destination needs <see cref="MaxInt64Chars"/>).</summary>
    public static int FormatInt64(long value, Span<byte> destination)
    {
        if (!Utf8Formatter.TryFormat(value, destination, out int written))
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        return written;
    }

    /// <summary>ull2string: plain decimal (cursors). Returns bytes written.</summary>
    public static int FormatUInt64(ulong value, Span<byte> destination)
    {
        if (!Utf8Formatter.TryFormat(value, destination, out int written))
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        return written;
    }

    /// <summary>
    /// What addReplyDouble sends (and what DEBUG DIGEST hashes for zset scores): printf "%.17g",
    /// except that infinities are "inf"/"-inf". So 1.1 is "1.1000000000000001", 1e17 is "1e+17",
    /// 1e16 is "10000000000000000", 1e-5 is "1.0000000000000001e-05", -0.0 is "-0".
    /// Returns bytes written.
    /// </summary>
    public static int FormatDouble(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            return Copy("nan"u8, destination);
        }

        if (double.IsInfinity(value))
        {
            return Copy(value > 0 ? "inf"u8 : "-inf"u8, destination);
        }

        if (value == 0)
        {
            return Copy(double.IsNegative(value) ? "-0"u8 : "0"u8, destination);
        }

        // .NET's "E16" is an exact, correctly rounded (ties-to-even) 17 significant digits, the
        // same digits glibc's %.17g starts from; only the layout differs. It looks like
        // "-1.1000000000000001E+000".
        Span<byte> e = stackalloc byte[40];
        if (!value.TryFormat(e, out int n, "E16", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("E16 formatting failed.");
        }

        int pos = 0;
        bool negative = e[0] == (byte)'-';
        if (negative)
        {
            pos++;
        }

        Span<byte> digits = stackalloc byte[17];
        digits[0] = e[pos];
        e.Slice(pos + 2, 16).CopyTo(digits[1..]);
        int expPos = pos + 2 + 16; // at 'E'
        int exp10 = 0;
        for (int i = expPos + 2; i < n; i++)
        {
            exp10 = (exp10 * 10) + (e[i] - '0');
        }

        if (e[expPos + 1] == (byte)'-')
        {
            exp10 = -exp10;
        }

        // %g drops trailing zeros of the significant digits in either style.
        int sigLen = 17;
        while (sigLen > 1 && digits[sigLen - 1] == (byte)'0')
        {
            sigLen--;
        }

        int w = 0;
        if (negative)
        {
            destination[w++] = (byte)'-';
        }

        if (exp10 < -4 || exp10 >= 17)
        {
            // Exponential style: d[.ddd]e±XX, at least two exponent digits.
            destination[w++] = digits[0];
            if (sigLen > 1)
            {
                destination[w++] = (byte)'.';
                digits[1..sigLen].CopyTo(destination[w..]);
                w += sigLen - 1;
            }

            destination[w++] = (byte)'e';
            destination[w++] = exp10 < 0 ? (byte)'-' : (byte)'+';
            int absExp = Math.Abs(exp10);
            if (absExp < 10)
            {
                destination[w++] = (byte)'0';
            }

            Utf8Formatter.TryFormat(absExp, destination[w..], out int expLen);
            w += expLen;
        }
        else if (exp10 >= 0)
        {
            // Fixed style with the point after exp10+1 digits; the integer part keeps all its
            // digits (zeros included) since exp10 < 17 means they are all significant positions.
            int intLen = exp10 + 1;
            for (int i = 0; i < intLen; i++)
            {
                destination[w++] = i < sigLen ? digits[i] : (byte)'0';
            }

            if (sigLen > intLen)
            {
                destination[w++] = (byte)'.';
                digits[intLen..sigLen].CopyTo(destination[w..]);
                w += sigLen - intLen;
            }
        }
        else
        {
            // 0.000ddd for exponents -1..-4.
            destination[w++] = (byte)'0';
            destination[w++] = (byte)'.';
            for (int i = 0; i < -exp10 - 1; i++)
            {
                destination[w++] = (byte)'0';
            }

            digits[..sigLen].CopyTo(destination[w..]);
            w += sigLen;
        }

        return w;
    }

    /// <summary>Convenience: <see cref="FormatDouble"/> into a new array.</summary>
    public static byte[] FormatDouble(double value)
    {
        Span<byte> buf = stackalloc byte[MaxDoubleChars];
        return buf[..FormatDouble(value, buf)].ToArray();
    }

    /// <summary>Convenience: <see cref="FormatInt64"/> into a new array.</summary>
    public static byte[] FormatInt64(long value)
    {
        Span<byte> buf = stackalloc byte[MaxInt64Chars];
        return buf[..FormatInt64(value, buf)].ToArray();
    }

    /// <summary>Builds a double from significand · 2^exponent as produced by <see cref="BinaryRounding"/>.</summary>
    private static double ComposeDouble(ulong sig, int exp)
    {
        if (sig < (1UL << 52))
        {
            return BitConverter.Int64BitsToDouble((long)sig); // subnormal: exp is -1074
        }

        long biased = exp + 52 + 1023;
        return BitConverter.Int64BitsToDouble((biased << 52) | (long)(sig & ((1UL << 52) - 1)));
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
