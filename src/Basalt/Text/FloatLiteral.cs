namespace Basalt.Text;

/// <summary>What kind of number a <see cref="FloatLiteral"/> spells.</summary>
internal enum FloatLiteralKind
{
    Decimal,
    Hex,
    Infinity,
}

/// <summary>
/// A floating point literal as glibc's strtod/strtold (C locale) reads it, when the literal
/// spans the whole input. Redis's string2d and string2ld call strtod/strtold and then reject
/// anything where the parse did not consume every byte, where the first byte is whitespace,
/// or where the result is NaN; so "whole input matches the strtod grammar and is not NaN" is
/// exactly the set of syntactically acceptable inputs. Range errors (overflow, underflow to
/// zero) are decided later by the caller, because they depend on the target precision.
/// </summary>
/// <remarks>
/// Grammar (glibc, C locale):
///   [+-] ( "inf" | "infinity" )                         case-insensitive
///   [+-] digits [ "." digits ] [ (e|E) [+-] digits ]     at least one mantissa digit
///   [+-] "0" (x|X) hexdigits [ "." hexdigits ] [ (p|P) [+-] digits ]   at least one hex digit
/// An exponent marker without digits after it is not part of the number (strtod stops before
/// it), which for us means the whole input did not match. "nan" always makes Redis fail, so it
/// is rejected here.
/// </remarks>
internal readonly ref struct FloatLiteral
{
    /// <summary>Exponents are saturated to this magnitude; anything this big over/underflows anyway.</summary>
    internal const long ExponentLimit = 1L << 40;

    public FloatLiteral(bool negative, FloatLiteralKind kind, ReadOnlySpan<byte> intDigits, ReadOnlySpan<byte> fracDigits, long exponent)
    {
        Negative = negative;
        Kind = kind;
        IntDigits = intDigits;
        FracDigits = fracDigits;
        Exponent = exponent;
    }

    public bool Negative { get; }

    public FloatLiteralKind Kind { get; }

    /// <summary>Digits before the point (decimal or hex, as written; may be empty).</summary>
    public ReadOnlySpan<byte> IntDigits { get; }

    /// <summary>Digits after the point (may be empty).</summary>
    public ReadOnlySpan<byte> FracDigits { get; }

    /// <summary>Decimal exponent (e) for Decimal, binary exponent (p) for Hex; saturated at ±<see cref="ExponentLimit"/>.</summary>
    public long Exponent { get; }

    /// <summary>True when any mantissa digit is non-zero, i.e. the literal does not denote a zero.</summary>
    public bool HasNonZeroDigit => HasNonZero(IntDigits) || HasNonZero(FracDigits);

    public static bool TryScan(ReadOnlySpan<byte> s, out FloatLiteral literal)
    {
        literal = default;
        int i = 0;
        bool negative = false;
        if (i < s.Length && (s[i] == (byte)'+' || s[i] == (byte)'-'))
        {
            negative = s[i] == (byte)'-';
            i++;
        }

        ReadOnlySpan<byte> rest = s[i..];
        if (rest.Length > 0 && (rest[0] | 0x20) == 'i')
        {
            // "inf" or "infinity", nothing else: "infinit" parses as "inf" + junk.
            if (EqualsIgnoreCase(rest, "inf"u8) || EqualsIgnoreCase(rest, "infinity"u8))
            {
                literal = new FloatLiteral(negative, FloatLiteralKind.Infinity, default, default, 0);
                return true;
            }

            return false;
        }

        if (rest.Length >= 2 && rest[0] == (byte)'0' && (rest[1] | 0x20) == 'x')
        {
            // "0x" only starts a hex float when a hex digit follows (possibly after the point);
            // otherwise strtod reads just "0" and stops at the 'x', which fails the full match.
            return TryScanBody(rest[2..], negative, hex: true, out literal);
        }

        return TryScanBody(rest, negative, hex: false, out literal);
    }

    private static bool TryScanBody(ReadOnlySpan<byte> s, bool negative, bool hex, out FloatLiteral literal)
    {
        literal = default;
        int i = 0;
        int intStart = i;
        while (i < s.Length && IsDigit(s[i], hex))
        {
            i++;
        }

        ReadOnlySpan<byte> intDigits = s[intStart..i];
        ReadOnlySpan<byte> fracDigits = default;
        if (i < s.Length && s[i] == (byte)'.')
        {
            i++;
            int fracStart = i;
            while (i < s.Length && IsDigit(s[i], hex))
            {
                i++;
            }

            fracDigits = s[fracStart..i];
        }

        if (intDigits.IsEmpty && fracDigits.IsEmpty)
        {
            return false;
        }

        long exponent = 0;
        if (i < s.Length)
        {
            byte marker = (byte)(s[i] | 0x20);
            if (marker != (hex ? (byte)'p' : (byte)'e'))
            {
                return false;
            }

            i++;
            bool expNegative = false;
            if (i < s.Length && (s[i] == (byte)'+' || s[i] == (byte)'-'))
            {
                expNegative = s[i] == (byte)'-';
                i++;
            }

            if (i >= s.Length)
            {
                return false;
            }

            for (; i < s.Length; i++)
            {
                uint d = (uint)(s[i] - '0');
                if (d > 9)
                {
                    return false;
                }

                if (exponent < ExponentLimit)
                {
                    exponent = Math.Min(exponent * 10 + d, ExponentLimit);
                }
            }

            if (expNegative)
            {
                exponent = -exponent;
            }
        }

        literal = new FloatLiteral(negative, hex ? FloatLiteralKind.Hex : FloatLiteralKind.Decimal, intDigits, fracDigits, exponent);
        return true;
    }

    private static bool IsDigit(byte c, bool hex) =>
        (uint)(c - '0') <= 9 || (hex && (uint)((c | 0x20) - 'a') <= 5);

    private static bool HasNonZero(ReadOnlySpan<byte> digits) => digits.IndexOfAnyExcept((byte)'0') >= 0;

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lowerWord)
    {
        if (s.Length != lowerWord.Length)
        {
            return false;
        }

        for (int i = 0; i < s.Length; i++)
        {
            if ((s[i] | 0x20) != lowerWord[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Value of one hex digit (caller guarantees it is one).</summary>
    internal static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
