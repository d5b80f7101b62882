using Basalt.Text;

namespace Basalt.Types;

/// <summary>
/// A score interval of ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE... (zrangespec): each bound is
/// inclusive, or exclusive when written with a leading '('.
/// </summary>
public readonly struct ScoreRange
{
    public ScoreRange(double min, bool minExclusive, double max, bool maxExclusive)
    {
        Min = min;
        MinExclusive = minExclusive;
        Max = max;
        MaxExclusive = maxExclusive;
    }

    public double Min { get; }

    public bool MinExclusive { get; }

    public double Max { get; }

    public bool MaxExclusive { get; }

    public bool AboveMin(double value) => MinExclusive ? value > Min : value >= Min;

    public bool BelowMax(double value) => MaxExclusive ? value < Max : value <= Max;

    public bool Contains(double value) => AboveMin(value) && BelowMax(value);

    /// <summary>Ranges that cannot hold any score (min above max, or a point with an open side).</summary>
    public bool IsEmpty => Min > Max || (Min == Max && (MinExclusive || MaxExclusive));

    /// <summary>
    /// zslParseRange: each bound is read with a bare strtod, not with the stricter parser of
    /// score arguments, so Redis accepts here what ZADD refuses: an empty bound (0), leading
    /// whitespace, out-of-range values (which become ±inf or 0), and anything after a NUL byte.
    /// Only NaN and trailing garbage are refused.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out ScoreRange range)
    {
        range = default;
        if (!TryParseBound(min, out var minValue, out var minExclusive) ||
            !TryParseBound(max, out var maxValue, out var maxExclusive))
        {
            return false;
        }
        range = new ScoreRange(minValue, minExclusive, maxValue, maxExclusive);
        return true;
    }

    private static bool TryParseBound(ReadOnlySpan<byte> text, out double value, out bool exclusive)
    {
        // The argument is a C string to strtod: it ends at the first NUL.
        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }
        exclusive = text.Length > 0 && text[0] == (byte)'(';
        return CStrtod.TryParseWhole(exclusive ? text[1..] : text, out value) && !double.IsNaN(value);
    }
}
