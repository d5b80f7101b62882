using Basalt.Text;

namespace Basalt.Commands;

/// <summary>
/// The options of SET (NX, XX, GET, KEEPTTL, EX, PX, EXAT, PXAT) and GETEX (PERSIST, EX, PX, EXAT,
/// PXAT), parsed as Redis 7.0's parseExtendedStringArgumentsOrReply does: an option may repeat,
/// but conflicting ones (NX with XX, two different expire units, KEEPTTL or PERSIST with an
/// expire) are a syntax error.
/// </summary>
public struct SetOptions
{
    public bool Nx;
    public bool Xx;
    public bool Get;
    public bool KeepTtl;
    public bool Persist;

    /// <summary>Argument index of the expire value (0 when none).</summary>
    public int ExpireIndex;

    public ExpireUnit Unit;

    public enum ExpireUnit
    {
        Seconds,
        Milliseconds,
        UnixSeconds,
        UnixMilliseconds,
    }

    public readonly bool HasExpire => ExpireIndex > 0;

    /// <summary>EXAT or PXAT: an absolute time, which may already be in the past.</summary>
    public readonly bool IsAbsolute => Unit is ExpireUnit.UnixSeconds or ExpireUnit.UnixMilliseconds;

    /// <summary>SET's options, from argument 3 on; replies "syntax error" on a bad combination.</summary>
    public static bool TryParseSet(CommandContext ctx, out SetOptions options) => TryParse(ctx, 3, forGetEx: false, out options);

    /// <summary>GETEX's options, from argument 2 on; replies "syntax error" on a bad combination.</summary>
    public static bool TryParseGetEx(CommandContext ctx, out SetOptions options) => TryParse(ctx, 2, forGetEx: true, out options);

    private static bool TryParse(CommandContext ctx, int start, bool forGetEx, out SetOptions options)
    {
        options = default;
        for (var i = start; i < ctx.ArgCount; i++)
        {
            var hasNext = i + 1 < ctx.ArgCount;
            if (!forGetEx && ctx.Is(i, "NX") && !options.Xx)
            {
                options.Nx = true;
            }
            else if (!forGetEx && ctx.Is(i, "XX") && !options.Nx)
            {
                options.Xx = true;
            }
            else if (!forGetEx && ctx.Is(i, "GET"))
            {
                options.Get = true;
            }
            else if (!forGetEx && ctx.Is(i, "KEEPTTL") && !options.HasExpire)
            {
                options.KeepTtl = true;
            }
            else if (forGetEx && ctx.Is(i, "PERSIST") && !options.HasExpire)
            {
                options.Persist = true;
            }
            else if (TryUnit(ctx, i, out var unit) && !options.KeepTtl && !options.Persist &&
                     (!options.HasExpire || options.Unit == unit) && hasNext)
            {
                // The same unit may be given again (the last value wins), another one may not.
                options.Unit = unit;
                options.ExpireIndex = ++i;
            }
            else
            {
                ctx.SyntaxError();
                return false;
            }
        }
        return true;
    }

    private static bool TryUnit(CommandContext ctx, int i, out ExpireUnit unit)
    {
        unit = ExpireUnit.Seconds;
        var length = ctx.Args.Length(i);
        if (length == 2)
        {
            if (ctx.Is(i, "EX"))
            {
                unit = ExpireUnit.Seconds;
                return true;
            }
            if (ctx.Is(i, "PX"))
            {
                unit = ExpireUnit.Milliseconds;
                return true;
            }
        }
        else if (length == 4)
        {
            if (ctx.Is(i, "EXAT"))
            {
                unit = ExpireUnit.UnixSeconds;
                return true;
            }
            if (ctx.Is(i, "PXAT"))
            {
                unit = ExpireUnit.UnixMilliseconds;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The absolute expiry in ms (getExpireMillisecondsOrReply): the argument at
    /// <paramref name="index"/> in <paramref name="unit"/>; replies the error when it is invalid.
    /// </summary>
    public static bool TryGetExpireAt(CommandContext ctx, int index, ExpireUnit unit, out long expireAt)
    {
        expireAt = -1;
        if (!RedisNumber.TryParseInt64(ctx.Arg(index), out var value))
        {
            ctx.Reply.Error(Errors.NotInteger);
            return false;
        }
        var seconds = unit is ExpireUnit.Seconds or ExpireUnit.UnixSeconds;
        if (value <= 0 || (seconds && value > long.MaxValue / 1000))
        {
            ctx.Reply.Error(string.Format(Errors.InvalidExpire, ctx.Command.FullName));
            return false;
        }
        if (seconds)
        {
            value *= 1000;
        }
        if (unit is ExpireUnit.Seconds or ExpireUnit.Milliseconds)
        {
            // Redis adds in signed 64-bit arithmetic and treats a wrapped, negative sum as invalid.
            value = unchecked(value + ctx.Databases.NowMs);
        }
        if (value <= 0)
        {
            ctx.Reply.Error(string.Format(Errors.InvalidExpire, ctx.Command.FullName));
            return false;
        }
        expireAt = value;
        return true;
    }

    /// <summary>The absolute expiry of these options' EX/PX/EXAT/PXAT value.</summary>
    public readonly bool TryGetExpireAt(CommandContext ctx, out long expireAt) => TryGetExpireAt(ctx, ExpireIndex, Unit, out expireAt);
}
