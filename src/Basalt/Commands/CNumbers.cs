using System.Globalization;

namespace Basalt.Commands;

/// <summary>
/// The lenient C parsers a few DEBUG subcommands use instead of Redis's strict ones: they read the
/// longest number at the start of the text and ignore the rest, so "abc" is 0 and "1x" is 1.
/// </summary>
public static class CNumbers
{
    /// <summary>atoi: optional spaces, an optional sign, then digits; 0 when there are none. Clamped instead of overflowing.</summary>
    public static int Atoi(ReadOnlySpan<byte> text)
    {
        var i = SkipSpaces(text);
        var negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        long value = 0;
        for (; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            value = Math.Min(value * 10 + (text[i] - '0'), (long)int.MaxValue + 1);
        }
        value = negative ? -value : value;
        return (int)Math.Clamp(value, int.MinValue, int.MaxValue);
    }

    /// <summary>strtod: the longest decimal number (with optional fraction and exponent) at the start; 0 when there is none.</summary>
    public static double StrToD(ReadOnlySpan<byte> text)
    {
        var start = SkipSpaces(text);
        var i = start;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            i++;
        }
        var mantissaStart = i;
        i = SkipDigits(text, i);
        if (i < text.Length && text[i] == (byte)'.')
        {
            i = SkipDigits(text, i + 1);
        }
        if (i == mantissaStart || (i == mantissaStart + 1 && text[mantissaStart] == (byte)'.'))
        {
            return 0;
        }
        if (i < text.Length && text[i] is (byte)'e' or (byte)'E')
        {
            var exponent = i + 1;
            if (exponent < text.Length && text[exponent] is (byte)'+' or (byte)'-')
            {
                exponent++;
            }
            var end = SkipDigits(text, exponent);
            if (end > exponent)
            {
                i = end;
            }
        }
        return double.Parse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static int SkipSpaces(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f')
        {
            i++;
        }
        return i;
    }

    private static int SkipDigits(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9')
        {
            i++;
        }
        return i;
    }
}
