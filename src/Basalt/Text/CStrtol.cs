namespace Basalt.Text;

/// <summary>
/// C's strtol(s, &amp;end, 10) on a 64-bit long, for reproducing where redis-check-aof's parsing
/// stops: leading white space and a sign are accepted; without digits nothing is consumed;
/// out-of-range values clamp to long.MinValue/MaxValue (errno ERANGE).
/// </summary>
public static class CStrtol
{
    /// <summary>The value, the index just past what was parsed, and whether it overflowed.</summary>
    public static (long Value, int End, bool Overflow) Parse(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r')
        {
            i++;
        }
        var negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == '-';
            i++;
        }
        var digitsStart = i;
        ulong magnitude = 0;
        var overflow = false;
        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9')
        {
            var digit = (ulong)(text[i] - '0');
            if (!overflow && magnitude > (limit - digit) / 10)
            {
                overflow = true;
            }
            if (!overflow)
            {
                magnitude = magnitude * 10 + digit;
            }
            i++;
        }
        if (i == digitsStart)
        {
            return (0, 0, false);
        }
        if (overflow)
        {
            return (negative ? long.MinValue : long.MaxValue, i, true);
        }
        return (negative ? (long)(0 - magnitude) : (long)magnitude, i, false);
    }
}
