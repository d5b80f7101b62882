namespace Basalt.Commands;

/// <summary>
/// Redis's getRangeLongFromObjectOrReply and getPositiveLongFromObjectOrReply: an integer
/// argument within bounds, where a custom message (when given) replaces both the "not an
/// integer" and the "out of range" errors.
/// </summary>
internal static class RangedLongArgs
{
    /// <summary>Parses argument <paramref name="index"/> as min..max; false after replying the error.</summary>
    public static bool TryGet(CommandContext ctx, int index, long min, long max, out long value, string? message = null)
    {
        if (!Text.RedisNumber.TryParseInt64(ctx.Arg(index), out value))
        {
            ctx.Reply.Error(message ?? Errors.NotInteger);
            return false;
        }
        if (value < min || value > max)
        {
            ctx.Reply.Error(message ?? $"ERR value is out of range, value must between {min} and {max}");
            return false;
        }
        return true;
    }

    /// <summary>Parses argument <paramref name="index"/> as 0..long.MaxValue; false after replying the error.</summary>
    public static bool TryGetPositive(CommandContext ctx, int index, out long value, string? message = null) =>
        TryGet(ctx, index, 0, long.MaxValue, out value, message ?? "ERR value is out of range, must be positive");
}
