using System.Globalization;

namespace Basalt.Config;

/// <summary>
/// The number conversions Redis's config code relies on (<c>string2ll</c>, <c>strtoll</c>,
/// <c>memtoull</c>, <c>rewriteConfigFormatMemory</c>), ported with their quirks because they decide
/// which values a redis.conf accepts: "1k" is 1000 but "1kb" is 1024, an empty memory value is 0,
/// strtoll skips leading blanks and stops at the first non-digit.
/// </summary>
internal static class ConfigNumbers
{
    /// <summary>Redis's strict integer parser: no blanks, no '+', no leading zeros, no overflow.</summary>
    public static bool TryParseStrict(string s, out long value)
    {
        value = 0;
        // LONG_STR_SIZE is 21: longer strings are rejected without looking at them.
        if (s.Length == 0 || s.Length >= 21) return false;
        if (s == "0") return true;

        var p = 0;
        var negative = false;
        if (s[0] == '-')
        {
            negative = true;
            p++;
            if (p == s.Length) return false;
        }
        if (s[p] < '1' || s[p] > '9') return false;

        ulong v = 0;
        for (; p < s.Length; p++)
        {
            var c = s[p];
            if (c < '0' || c > '9') return false;
            if (v > ulong.MaxValue / 10) return false;
            v *= 10;
            if (v > ulong.MaxValue - (ulong)(c - '0')) return false;
            v += (ulong)(c - '0');
        }

        if (negative)
        {
            if (v > (ulong)long.MaxValue + 1) return false;
            value = (long)(0 - v);
        }
        else
        {
            if (v > long.MaxValue) return false;
            value = (long)v;
        }
        return true;
    }

    /// <summary>
    /// C's <c>strtoll</c>: skips leading white space, takes an optional sign and as many digits of
    /// <paramref name="radix"/> as there are. Returns the index of the first character not used
    /// (the whole string was a number when it equals the length) and reports overflow, on which
    /// the value saturates as in C.
    /// </summary>
    public static long StrToLL(string s, int radix, out int end, out bool overflow)
    {
        overflow = false;
        var p = 0;
        while (p < s.Length && IsCSpace(s[p])) p++;
        var negative = false;
        if (p < s.Length && (s[p] == '+' || s[p] == '-'))
        {
            negative = s[p] == '-';
            p++;
        }

        var digitsStart = p;
        ulong v = 0;
        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        while (p < s.Length)
        {
            var d = DigitValue(s[p]);
            if (d < 0 || d >= radix) break;
            if (!overflow)
            {
                if (v > (limit - (ulong)d) / (ulong)radix) overflow = true;
                else v = v * (ulong)radix + (ulong)d;
            }
            p++;
        }

        if (p == digitsStart)
        {
            // No digits at all: C reports the start of the string as the end of the number.
            end = 0;
            return 0;
        }
        end = p;
        if (overflow) return negative ? long.MinValue : long.MaxValue;
        return negative ? (long)(0 - v) : (long)v;
    }

    /// <summary>True when the whole string is a strtoll number without overflow.</summary>
    public static bool TryStrToLL(string s, int radix, out long value)
    {
        value = StrToLL(s, radix, out var end, out var overflow);
        return !overflow && end == s.Length;
    }

    /// <summary>
    /// Redis's <c>memtoull</c>: digits followed by an optional case-insensitive unit
    /// b, k (1000), kb (1024), m, mb, g, gb. A leading '-' or any other suffix is an error. As in
    /// Redis, no digits mean 0, too many digits saturate and the multiplication may wrap.
    /// </summary>
    public static bool TryParseMemory(string s, out ulong value)
    {
        value = 0;
        if (s.StartsWith('-')) return false;
        var u = 0;
        while (u < s.Length && s[u] >= '0' && s[u] <= '9') u++;

        ulong mul;
        var unit = s[u..];
        if (unit.Length == 0 || unit.Equals("b", StringComparison.OrdinalIgnoreCase)) mul = 1;
        else if (unit.Equals("k", StringComparison.OrdinalIgnoreCase)) mul = 1000;
        else if (unit.Equals("kb", StringComparison.OrdinalIgnoreCase)) mul = 1024;
        else if (unit.Equals("m", StringComparison.OrdinalIgnoreCase)) mul = 1000 * 1000;
        else if (unit.Equals("mb", StringComparison.OrdinalIgnoreCase)) mul = 1024 * 1024;
        else if (unit.Equals("g", StringComparison.OrdinalIgnoreCase)) mul = 1000L * 1000 * 1000;
        else if (unit.Equals("gb", StringComparison.OrdinalIgnoreCase)) mul = 1024L * 1024 * 1024;
        else return false;

        // Redis copies the digits into a 128 byte buffer and refuses longer numbers.
        if (u >= 128) return false;

        ulong v = 0;
        for (var i = 0; i < u; i++)
        {
            var d = (ulong)(s[i] - '0');
            if (v > (ulong.MaxValue - d) / 10)
            {
                v = ulong.MaxValue; // strtoull saturates on overflow and Redis does not check ERANGE
                break;
            }
            v = v * 10 + d;
        }
        value = unchecked(v * mul);
        return true;
    }

    /// <summary>
    /// How CONFIG REWRITE writes a byte count: with the largest of gb/mb/kb that divides it.
    /// </summary>
    public static string FormatMemory(long bytes)
    {
        const long gb = 1024 * 1024 * 1024;
        const long mb = 1024 * 1024;
        const long kb = 1024;
        if (bytes != 0 && bytes % gb == 0) return Invariant(bytes / gb) + "gb";
        if (bytes != 0 && bytes % mb == 0) return Invariant(bytes / mb) + "mb";
        if (bytes != 0 && bytes % kb == 0) return Invariant(bytes / kb) + "kb";
        return Invariant(bytes);
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static bool IsCSpace(char c) => c == ' ' || (c >= '\t' && c <= '\r');

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };
}
