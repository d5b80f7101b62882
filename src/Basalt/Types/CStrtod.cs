using Basalt.Text;

namespace Basalt.Types;

/// <summary>
/// The C library's strtod as Redis's sorted set code calls it directly (zslParseRange, zzlStrtod),
/// without the checks of string2d: leading whitespace is skipped, ERANGE is ignored (overflow
/// gives ±inf, underflow gives 0), and an input where nothing converts gives 0.
/// </summary>
internal static class CStrtod
{
    /// <summary>
    /// strtod(s, &amp;end) followed by "*end == '\0'": the whole text must be one number after
    /// optional leading whitespace, except that the empty text converts nothing and leaves end
    /// at its terminator, so it is accepted as 0.
    /// </summary>
    public static bool TryParseWhole(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return true;
        }
        var start = 0;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }
        var number = text[start..];
        if (RedisNumber.TryParseDouble(number, out value))
        {
            return true;
        }
        if (!FloatLiteral.TryScan(number, out var literal))
        {
            return false;
        }
        // Well formed, so string2d refused it for ERANGE: strtod itself returns ±HUGE_VAL or ±0.
        var overflow = literal.Kind == FloatLiteralKind.Hex
            ? BinaryRounding.RoundHex(literal, 53, -1074, 971, out _, out _) == RoundingOutcome.Overflow
            : double.IsInfinity(double.Parse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));
        value = overflow ? double.PositiveInfinity : 0.0;
        if (literal.Negative)
        {
            value = -value;
        }
        return true;
    }

    /// <summary>
    /// strtod with the end pointer ignored (zzlStrtod, reading a score stored in a listpack as
    /// text): the longest number at the start, 0 when there is none.
    /// </summary>
    public static double ParsePrefix(ReadOnlySpan<byte> text)
    {
        if (TryParseWhole(text, out var value))
        {
            return value;
        }
        // The longest prefix that parses (scores are short: Redis copies at most 127 bytes).
        for (var end = Math.Min(text.Length - 1, 127); end > 0; end--)
        {
            if (TryParseWhole(text[..end], out value))
            {
                return value;
            }
        }
        return 0;
    }

    /// <summary>C isspace in the C locale.</summary>
    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
