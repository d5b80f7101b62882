using System.Globalization;
using Basalt.Commands;
using Basalt.Text;

namespace Basalt.Server.Blocking;

/// <summary>
/// The timeout argument of the blocking commands, in seconds, parsed as Redis 7.0's
/// getTimeoutFromObjectOrReply(UNIT_SECONDS) does: strtold, then ceil(seconds * 1000) as a long
/// long, then added to the current time.
/// </summary>
public static class BlockTimeout
{
    public const string NotAFloat = "ERR timeout is not a float or out of range";
    public const string Negative = "ERR timeout is negative";

    /// <summary>
    /// Parses argument <paramref name="index"/> into an absolute deadline in Unix milliseconds
    /// (0: wait forever), replying the error and returning false when it is not acceptable.
    /// </summary>
    public static bool TryParse(CommandContext ctx, int index, out long deadlineMs)
    {
        deadlineMs = 0;
        var error = TryComputeDeadline(ctx.Arg(index), ctx.Databases.NowMs, out deadlineMs);
        if (error is null)
        {
            return true;
        }
        ctx.Reply.Error(error);
        return false;
    }

    /// <summary>The deadline for <paramref name="text"/> seconds from <paramref name="nowMs"/>, or the error text.</summary>
    public static string? TryComputeDeadline(ReadOnlySpan<byte> text, long nowMs, out long deadlineMs)
    {
        deadlineMs = 0;
        if (!LongDouble.TryParse(text, out var seconds))
        {
            return NotAFloat;
        }
        if (seconds.IsZero)
        {
            return null;
        }
        var milliseconds = Milliseconds(text, seconds);
        // Out of long long range the C conversion yields LLONG_MIN on x86-64, a negative timeout.
        if (double.IsNaN(milliseconds) || milliseconds >= 9.2233720368547758E18 || milliseconds < -9.2233720368547758E18)
        {
            return Negative;
        }
        var ms = (long)milliseconds;
        if (ms < 0)
        {
            return Negative;
        }
        if (ms > 0)
        {
            // Redis's sum wraps to a deadline its timeout table never reaches: forever.
            deadlineMs = ms > long.MaxValue - nowMs ? long.MaxValue : nowMs + ms;
        }
        return null;
    }

    /// <summary>
    /// ceil(seconds * 1000). A long double holds 64 significant bits, a double 53: decimal
    /// arithmetic reproduces the long double result for decimal inputs (9223372036854775 seconds
    /// is still in range there), doubles serve hex floats and magnitudes beyond decimal's.
    /// </summary>
    private static double Milliseconds(ReadOnlySpan<byte> text, LongDouble seconds)
    {
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (decimal.TryParse(text, Styles, CultureInfo.InvariantCulture, out var exact) && exact != 0 &&
            Math.Abs(exact) < 1e20m)
        {
            return (double)Math.Ceiling(exact * 1000m);
        }
        return Math.Ceiling(ToDouble(text, seconds) * 1000.0);
    }

    /// <summary>
    /// The value as a double. Long doubles reach further than doubles: beyond a double's range a
    /// value is infinite for this purpose, and one too small for a double still rounds up to 1 ms
    /// when positive (and to 0 when negative).
    /// </summary>
    private static double ToDouble(ReadOnlySpan<byte> text, LongDouble seconds)
    {
        if (seconds.IsInfinity)
        {
            return seconds.IsNegative ? double.NegativeInfinity : double.PositiveInfinity;
        }
        if (RedisNumber.TryParseDouble(text, out var value))
        {
            return value;
        }
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (double.TryParse(text, Styles, CultureInfo.InvariantCulture, out value) && value == 0)
        {
            return seconds.IsNegative ? -double.Epsilon : double.Epsilon;
        }
        return seconds.IsNegative ? double.NegativeInfinity : double.PositiveInfinity;
    }
}
