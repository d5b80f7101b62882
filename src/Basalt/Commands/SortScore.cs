using System.Numerics;
using Basalt.Text;

namespace Basalt.Commands;

/// <summary>
/// How SORT turns a value into the number it sorts by: Redis calls strtod on the value's C string
/// and refuses it when bytes are left over, when the result is NaN or when strtod set ERANGE. That
/// is stricter than string2d, which lets subnormal results through: glibc sets ERANGE for every
/// inexact result whose exact value is below the smallest normal number (even when it rounds up
/// to it), so "1e-320" is refused where "0x1p-1074" (exact) is accepted. It is also
/// looser: leading whitespace is skipped, the empty string is 0, and a NUL byte ends the text.
/// </summary>
public static class SortScore
{
    /// <summary>The score of <paramref name="text"/>; false when Redis cannot convert it into a double.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double score)
    {
        score = 0;
        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }
        if (text.IsEmpty)
        {
            // strtod converts nothing and leaves the end pointer on the terminator.
            return true;
        }
        var start = 0;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }
        var number = text[start..];
        // Only spaces: nothing converts and the end pointer stays on the first space.
        if (!FloatLiteral.TryScan(number, out var literal) || !RedisNumber.TryParseDouble(number, out score))
        {
            return false;
        }
        var magnitude = Math.Abs(score);
        if (double.IsSubnormal(magnitude))
        {
            return CompareExactly(literal, magnitude) == 0;
        }
        // Rounded up to the smallest normal number from below: the exact value was still tiny.
        return magnitude != SmallestNormal || CompareExactly(literal, magnitude) >= 0;
    }

    private static readonly double SmallestNormal = BitConverter.Int64BitsToDouble(1L << 52);

    /// <summary>
    /// The sign of |literal| − <paramref name="tiny"/>, computed exactly, for a subnormal or the
    /// smallest normal double: both are m·2^-1074 with m their bit pattern.
    /// </summary>
    private static int CompareExactly(FloatLiteral literal, double tiny)
    {
        var m = new BigInteger(BitConverter.DoubleToInt64Bits(tiny));
        var digitBase = literal.Kind == FloatLiteralKind.Hex ? 16 : 10;
        var mantissa = BigInteger.Zero;
        foreach (var digit in literal.IntDigits)
        {
            mantissa = mantissa * digitBase + FloatLiteral.HexValue(digit);
        }
        foreach (var digit in literal.FracDigits)
        {
            mantissa = mantissa * digitBase + FloatLiteral.HexValue(digit);
        }
        if (literal.Kind == FloatLiteralKind.Hex)
        {
            // mantissa·2^(exponent − 4·fraction digits) against m·2^-1074.
            var shift = literal.Exponent - 4L * literal.FracDigits.Length + 1074;
            return shift >= 0 ? (mantissa << (int)shift).CompareTo(m) : mantissa.CompareTo(m << (int)-shift);
        }
        // mantissa·10^e against m·2^-1074. A literal this small has e < 0, and -e is at most its
        // number of digits plus about 324 (anything smaller would have underflowed to zero).
        var e = literal.Exponent - literal.FracDigits.Length;
        if (e >= 0)
        {
            return 1;
        }
        return (mantissa << 1074).CompareTo(m * BigInteger.Pow(10, (int)-e));
    }

    /// <summary>C isspace in the C locale.</summary>
    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
