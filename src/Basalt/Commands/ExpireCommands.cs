using Basalt.Config.Parameters;
using System.Globalization;
using System.Text;

namespace Basalt.Commands;

/// <summary>
/// Time to live: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX, XX, GT, LT), TTL, PTTL,
/// EXPIRETIME, PEXPIRETIME, PERSIST (expire.c).
/// </summary>
public static class ExpireCommands
{
    private const CommandFlags Write = CommandFlags.Write | CommandFlags.Fast;
    private const CommandFlags Read = CommandFlags.ReadOnly | CommandFlags.Fast;
    private const string WriteCategories = "@keyspace @write @fast";
    private const string ReadCategories = "@keyspace @read @fast";

    [Flags]
    private enum Condition
    {
        None = 0,
        Nx = 1,
        Xx = 2,
        Gt = 4,
        Lt = 8,
    }

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("expire", -3, Write, 1, 1, 1, WriteCategories, "generic", "1.0.0",
            "Set a key's time to live in seconds", ctx => Expire(ctx, relative: true, seconds: true)));
        table.Add(new CommandSpec("pexpire", -3, Write, 1, 1, 1, WriteCategories, "generic", "2.6.0",
            "Set a key's time to live in milliseconds", ctx => Expire(ctx, relative: true, seconds: false)));
        table.Add(new CommandSpec("expireat", -3, Write, 1, 1, 1, WriteCategories, "generic", "1.2.0",
            "Set the expiration for a key as a UNIX timestamp", ctx => Expire(ctx, relative: false, seconds: true)));
        table.Add(new CommandSpec("pexpireat", -3, Write, 1, 1, 1, WriteCategories, "generic", "2.6.0",
            "Set the expiration for a key as a UNIX timestamp specified in milliseconds", ctx => Expire(ctx, relative: false, seconds: false)));
        table.Add(new CommandSpec("ttl", 2, Read, 1, 1, 1, ReadCategories, "generic", "1.0.0",
            "Get the time to live for a key in seconds", ctx => TimeToLive(ctx, milliseconds: false, absolute: false)));
        table.Add(new CommandSpec("pttl", 2, Read, 1, 1, 1, ReadCategories, "generic", "2.6.0",
            "Get the time to live for a key in milliseconds", ctx => TimeToLive(ctx, milliseconds: true, absolute: false)));
        table.Add(new CommandSpec("expiretime", 2, Read, 1, 1, 1, ReadCategories, "generic", "7.0.0",
            "Get the expiration Unix timestamp for a key", ctx => TimeToLive(ctx, milliseconds: false, absolute: true)));
        table.Add(new CommandSpec("pexpiretime", 2, Read, 1, 1, 1, ReadCategories, "generic", "7.0.0",
            "Get the expiration Unix timestamp for a key in milliseconds", ctx => TimeToLive(ctx, milliseconds: true, absolute: true)));
        table.Add(new CommandSpec("persist", 2, Write, 1, 1, 1, WriteCategories, "generic", "2.2.0",
            "Remove the expiration from a key", Persist));
    }

    /// <summary>expireGenericCommand: options, then the time, then the key; a time already past deletes the key.</summary>
    private static void Expire(CommandContext ctx, bool relative, bool seconds)
    {
        if (!TryParseCondition(ctx, out var condition) || !ctx.TryGetLong(2, out var when))
        {
            return;
        }
        var baseTime = relative ? ctx.Databases.NowMs : 0;
        // Negative times are allowed (they delete the key), but overflowing ones are refused.
        if (seconds)
        {
            if (when > long.MaxValue / 1000 || when < long.MinValue / 1000)
            {
                InvalidExpireTime(ctx);
                return;
            }
            when *= 1000;
        }
        if (when > long.MaxValue - baseTime)
        {
            InvalidExpireTime(ctx);
            return;
        }
        when += baseTime;

        var db = ctx.Db;
        var entry = db.LookupWrite(ctx.Arg(1));
        if (entry is null || !ConditionHolds(condition, db.ExpireAtOf(entry), when))
        {
            ctx.Reply.Integer(0);
            return;
        }
        if (when <= ctx.Databases.NowMs && !ctx.Databases.Loading)
        {
            db.Delete(entry);
            ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(1));
            PropagatedForm.Deletion(ctx, ctx.Arg(1), ctx.Server.Config.LazyfreeLazyExpire);
        }
        else
        {
            db.SetExpire(entry, when);
            ctx.Notify(KeyspaceEventClasses.Generic, "expire", ctx.Arg(1));
            // Logged as PEXPIREAT with the absolute time (options kept), so that replaying it later
            // does not move the expiry; PEXPIREAT itself is logged as called.
            if ((relative || seconds) && PropagatedForm.Active(ctx))
            {
                var args = ctx.Args.ToArrays();
                args[0] = PropagatedForm.PExpireAt;
                args[2] = PropagatedForm.Number(when);
                PropagatedForm.Rewrite(ctx, args);
            }
        }
        ctx.Reply.Integer(1);
    }

    /// <summary>NX, XX, GT, LT against the current expiry (-1 meaning none, i.e. an infinite TTL).</summary>
    private static bool ConditionHolds(Condition condition, long current, long when)
    {
        if ((condition & Condition.Nx) != 0 && current != -1)
        {
            return false;
        }
        if ((condition & Condition.Xx) != 0 && current == -1)
        {
            return false;
        }
        if ((condition & Condition.Gt) != 0 && (current == -1 || when <= current))
        {
            return false;
        }
        return (condition & Condition.Lt) == 0 || current == -1 || when < current;
    }

    /// <summary>parseExtendedExpireArgumentsOrReply: every option after the time, then their compatibility.</summary>
    private static bool TryParseCondition(CommandContext ctx, out Condition condition)
    {
        condition = Condition.None;
        for (var i = 3; i < ctx.ArgCount; i++)
        {
            if (ctx.Is(i, "nx"))
            {
                condition |= Condition.Nx;
            }
            else if (ctx.Is(i, "xx"))
            {
                condition |= Condition.Xx;
            }
            else if (ctx.Is(i, "gt"))
            {
                condition |= Condition.Gt;
            }
            else if (ctx.Is(i, "lt"))
            {
                condition |= Condition.Lt;
            }
            else
            {
                ctx.Reply.Error("ERR Unsupported option " + CString(ctx.Arg(i)));
                return false;
            }
        }
        if ((condition & Condition.Nx) != 0 && (condition & (Condition.Xx | Condition.Gt | Condition.Lt)) != 0)
        {
            ctx.Reply.Error("ERR NX and XX, GT or LT options at the same time are not compatible");
            return false;
        }
        if ((condition & (Condition.Gt | Condition.Lt)) == (Condition.Gt | Condition.Lt))
        {
            ctx.Reply.Error("ERR GT and LT options at the same time are not compatible");
            return false;
        }
        return true;
    }

    /// <summary>An argument as Redis's "%s" prints it: up to the first NUL byte.</summary>
    private static string CString(ReadOnlySpan<byte> arg)
    {
        var nul = arg.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? arg : arg[..nul]);
    }

    private static void InvalidExpireTime(CommandContext ctx) =>
        ctx.Reply.Error(string.Format(CultureInfo.InvariantCulture, Errors.InvalidExpire, ctx.Command.FullName));

    /// <summary>ttlGenericCommand: -2 without the key, -1 without an expiry; seconds are rounded to nearest.</summary>
    private static void TimeToLive(CommandContext ctx, bool milliseconds, bool absolute)
    {
        var entry = ctx.Db.LookupRead(ctx.Arg(1), touch: false);
        if (entry is null)
        {
            ctx.Reply.Integer(-2);
            return;
        }
        var expireAtMs = ctx.Db.ExpireAtOf(entry);
        if (expireAtMs < 0)
        {
            ctx.Reply.Integer(-1);
            return;
        }
        var ttl = Math.Max(0, absolute ? expireAtMs : expireAtMs - ctx.Databases.NowMs);
        // Rounded in unsigned arithmetic, as Redis's compiled code does, so a TTL near the
        // largest long gives its rounded value instead of overflowing.
        ctx.Reply.Integer(milliseconds ? ttl : (long)(((ulong)ttl + 500) / 1000));
    }

    private static void Persist(CommandContext ctx)
    {
        var db = ctx.Db;
        var entry = db.LookupWrite(ctx.Arg(1));
        if (entry is null || !db.Persist(entry))
        {
            ctx.Reply.Integer(0);
            return;
        }
        ctx.Notify(KeyspaceEventClasses.Generic, "persist", ctx.Arg(1));
        ctx.Reply.Integer(1);
    }
}
