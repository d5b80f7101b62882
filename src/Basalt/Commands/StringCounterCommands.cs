using Basalt.Config.Parameters;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>Strings used as numbers: INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT.</summary>
public static class StringCounterCommands
{
    private const CommandFlags Write = CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.Fast;
    private const string Categories = "@write @string @fast";

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("incr", 2, Write, 1, 1, 1, Categories, "string", "1.0.0",
            "Increment the integer value of a key by one", ctx => IncrementBy(ctx, 1)));
        table.Add(new CommandSpec("decr", 2, Write, 1, 1, 1, Categories, "string", "1.0.0",
            "Decrement the integer value of a key by one", ctx => IncrementBy(ctx, -1)));
        table.Add(new CommandSpec("incrby", 3, Write, 1, 1, 1, Categories, "string", "1.0.0",
            "Increment the integer value of a key by the given amount", IncrBy));
        table.Add(new CommandSpec("decrby", 3, Write, 1, 1, 1, Categories, "string", "1.0.0",
            "Decrement the integer value of a key by the given number", DecrBy));
        table.Add(new CommandSpec("incrbyfloat", 3, Write, 1, 1, 1, Categories, "string", "2.6.0",
            "Increment the float value of a key by the given amount", IncrByFloat));
    }

    private static void IncrBy(CommandContext ctx)
    {
        if (ctx.TryGetLong(2, out var increment))
        {
            IncrementBy(ctx, increment);
        }
    }

    private static void DecrBy(CommandContext ctx)
    {
        if (!ctx.TryGetLong(2, out var decrement))
        {
            return;
        }
        if (decrement == long.MinValue)
        {
            ctx.Reply.Error("ERR decrement would overflow");
            return;
        }
        IncrementBy(ctx, -decrement);
    }

    /// <summary>incrDecrCommand: an int-encoded counter is updated in place, anything else is replaced by an int.</summary>
    private static void IncrementBy(CommandContext ctx, long increment)
    {
        var key = ctx.Arg(1);
        if (!StringCommands.TryWriteString(ctx, key, out var current, out var entry))
        {
            return;
        }
        long value = 0;
        if (current is not null && !current.TryGetInt64(out value))
        {
            ctx.Reply.Error(Errors.NotInteger);
            return;
        }
        if ((increment < 0 && value < 0 && increment < long.MinValue - value) ||
            (increment > 0 && value > 0 && increment > long.MaxValue - value))
        {
            ctx.Reply.Error(Errors.Overflow);
            return;
        }
        value += increment;
        var db = ctx.Db;
        if (entry is null)
        {
            db.Add(key, RedisString.FromInteger(value));
        }
        else
        {
            if (current!.IsInteger)
            {
                current.SetInteger(value);
            }
            else
            {
                entry.Value = RedisString.FromInteger(value);
            }
            db.Modified(entry);
        }
        ctx.Notify(KeyspaceEventClasses.String, "incrby", key);
        ctx.Reply.Integer(value);
    }

    /// <summary>
    /// INCRBYFLOAT: both operands parsed as C long doubles, added in long double and printed with
    /// "%.17Lf" stripped of trailing zeros, exactly as Redis on x86-64. The result is a new
    /// embstr/raw string (never int) and the key's TTL is kept.
    /// </summary>
    private static void IncrByFloat(CommandContext ctx)
    {
        var key = ctx.Arg(1);
        if (!StringCommands.TryWriteString(ctx, key, out var current, out var entry))
        {
            return;
        }
        var value = LongDouble.Zero;
        if (current is not null)
        {
            if (current.IsInteger)
            {
                value = LongDouble.FromInt64(current.IntegerValue);
            }
            else if (!LongDouble.TryParse(current.Bytes, out value))
            {
                ctx.Reply.Error(Errors.NotFloat);
                return;
            }
        }
        if (!LongDouble.TryParse(ctx.Arg(2), out var increment))
        {
            ctx.Reply.Error(Errors.NotFloat);
            return;
        }
        var sum = value + increment;
        if (!sum.IsFinite)
        {
            ctx.Reply.Error("ERR increment would produce NaN or Infinity");
            return;
        }
        Span<byte> text = stackalloc byte[LongDouble.MaxChars];
        var length = sum.FormatHuman(text);
        var stored = RedisString.FromBytesNoInteger(text[..length].ToArray());
        var db = ctx.Db;
        if (entry is null)
        {
            db.Add(key, stored);
        }
        else
        {
            entry.Value = stored;
            db.Modified(entry);
        }
        ctx.Notify(KeyspaceEventClasses.String, "incrbyfloat", key);
        ctx.Reply.Bulk(text[..length]);
        // The result, not the increment: float arithmetic may differ where the log is replayed.
        if (PropagatedForm.Active(ctx))
        {
            PropagatedForm.Rewrite(ctx, PropagatedForm.Set, key.ToArray(), stored.Bytes.ToArray(), PropagatedForm.KeepTtl);
        }
    }
}
