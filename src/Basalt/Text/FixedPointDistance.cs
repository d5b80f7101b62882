namespace Basalt.Text;

/// <summary>
/// Redis's fixedpoint_d2string: a double as an integer part and exactly N fraction digits, made
/// by rounding value · 10^N to an integer with llrint (ties to even). GEODIST and WITHDIST print
/// distances with 4 digits this way ("5.2145"). A value too large for a long (or NaN) becomes
/// LLONG_MIN as the x86 conversion gives it, and prints as such.
/// </summary>
public static class FixedPointDistance
{
    private static readonly double[] PowersOfTen =
    [
        1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0, 10000000.0, 100000000.0, 1000000000.0,
        10000000000.0, 100000000000.0, 1000000000000.0, 10000000000000.0, 100000000000000.0,
        1000000000000000.0, 10000000000000000.0, 100000000000000000.0,
    ];

    /// <summary>The most bytes <see cref="Format"/> writes: a sign, 19 digits and a dot.</summary>
    public const int MaxChars = 24;

    /// <summary>Writes <paramref name="value"/> with <paramref name="fractionDigits"/> (1 to 17) digits after the dot; returns the length.</summary>
    public static int Format(double value, int fractionDigits, Span<byte> destination)
    {
        var w = 0;
        if (value == 0)
        {
            destination[w++] = (byte)'0';
            destination[w++] = (byte)'.';
            destination.Slice(w, fractionDigits).Fill((byte)'0');
            return w + fractionDigits;
        }
        var rounded = Math.Round(value * PowersOfTen[fractionDigits], MidpointRounding.ToEven);
        var scaled = rounded is >= -9223372036854775808.0 and < 9223372036854775808.0 ? (long)rounded : long.MinValue;
        ulong magnitude;
        if (scaled < 0)
        {
            magnitude = unchecked(0UL - (ulong)scaled);
            destination[w++] = (byte)'-';
        }
        else
        {
            magnitude = (ulong)scaled;
        }
        Span<byte> digits = stackalloc byte[20];
        var count = 0;
        do
        {
            digits[count++] = (byte)('0' + (int)(magnitude % 10));
            magnitude /= 10;
        }
        while (magnitude != 0);
        // At least one integer digit: 0.7750, not .7750.
        while (count < fractionDigits + 1)
        {
            digits[count++] = (byte)'0';
        }
        for (var i = count - 1; i >= 0; i--)
        {
            if (i == fractionDigits - 1)
            {
                destination[w++] = (byte)'.';
            }
            destination[w++] = digits[i];
        }
        return w;
    }
}
