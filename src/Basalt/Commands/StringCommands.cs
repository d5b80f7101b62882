using Basalt.Config.Parameters;
using Basalt.Keyspace;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// The string family's whole-value commands: GET and its variants (GETSET, GETDEL, GETEX), SET
/// and its variants (SETNX, SETEX, PSETEX), MGET, MSET, MSETNX. Helpers shared by the other
/// string and bitmap families live here too.
/// </summary>
public static class StringCommands
{
    private const CommandFlags Write = CommandFlags.Write | CommandFlags.DenyOom;
    private const CommandFlags Read = CommandFlags.ReadOnly;

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("get", 2, Read | CommandFlags.Fast, 1, 1, 1, "@read @string @fast", "string", "1.0.0",
            "Get the value of a key", Get));
        table.Add(new CommandSpec("set", -3, Write, 1, 1, 1, "@write @string @slow", "string", "1.0.0",
            "Set the string value of a key", Set));
        table.Add(new CommandSpec("setnx", 3, Write | CommandFlags.Fast, 1, 1, 1, "@write @string @fast", "string", "1.0.0",
            "Set the value of a key, only if the key does not exist", SetNx));
        table.Add(new CommandSpec("setex", 4, Write, 1, 1, 1, "@write @string @slow", "string", "2.0.0",
            "Set the value and expiration of a key", ctx => SetWithExpire(ctx, SetOptions.ExpireUnit.Seconds)));
        table.Add(new CommandSpec("psetex", 4, Write, 1, 1, 1, "@write @string @slow", "string", "2.6.0",
            "Set the value and expiration in milliseconds of a key", ctx => SetWithExpire(ctx, SetOptions.ExpireUnit.Milliseconds)));
        table.Add(new CommandSpec("getset", 3, Write | CommandFlags.Fast, 1, 1, 1, "@write @string @fast", "string", "1.0.0",
            "Set the string value of a key and return its old value", GetSet));
        table.Add(new CommandSpec("getdel", 2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, "@write @string @fast", "string", "6.2.0",
            "Get the value of a key and delete the key", GetDel));
        table.Add(new CommandSpec("getex", -2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, "@write @string @fast", "string", "6.2.0",
            "Get the value of a key and optionally set its expiration", GetEx));
        table.Add(new CommandSpec("mget", -2, Read | CommandFlags.Fast, 1, -1, 1, "@read @string @fast", "string", "1.0.0",
            "Get the values of all the given keys", MGet));
        table.Add(new CommandSpec("mset", -3, Write, 1, -1, 2, "@write @string @slow", "string", "1.0.1",
            "Set multiple keys to multiple values", ctx => MSet(ctx, onlyIfNoneExists: false)));
        table.Add(new CommandSpec("msetnx", -3, Write, 1, -1, 2, "@write @string @slow", "string", "1.0.1",
            "Set multiple keys to multiple values, only if none of the keys exist", ctx => MSet(ctx, onlyIfNoneExists: true)));
    }

    /// <summary>Finds a key for reading and checks it holds a string; false (after replying) on a type clash.</summary>
    internal static bool TryReadString(CommandContext ctx, ReadOnlySpan<byte> key, out RedisString? value) =>
        TryReadString(ctx, key, out value, out _);

    /// <summary>As <see cref="TryReadString(CommandContext, ReadOnlySpan{byte}, out RedisString?)"/>, also giving the entry.</summary>
    internal static bool TryReadString(CommandContext ctx, ReadOnlySpan<byte> key, out RedisString? value, out KeyEntry? entry) =>
        ctx.TryRead(key, out value, out entry);

    /// <summary>
    /// Finds a key for an in-place change (lookupKeyWrite) and checks it holds a string; false
    /// (after replying) on a type clash. The caller calls <see cref="Database.Modified"/> after a change.
    /// </summary>
    internal static bool TryWriteString(CommandContext ctx, ReadOnlySpan<byte> key, out RedisString? value, out KeyEntry? entry) =>
        ctx.TryWrite(key, out value, out entry);

    /// <summary>Replies a string value as a bulk string (formatting int-encoded ones without allocating).</summary>
    internal static void ReplyString(CommandContext ctx, RedisString value)
    {
        if (value.IsInteger)
        {
            ctx.Reply.BulkInteger(value.IntegerValue);
        }
        else
        {
            ctx.Reply.Bulk(value.Bytes);
        }
    }

    private static void Get(CommandContext ctx)
    {
        if (!TryReadString(ctx, ctx.Arg(1), out var value))
        {
            return;
        }
        if (value is null)
        {
            ctx.Reply.NullBulk();
        }
        else
        {
            ReplyString(ctx, value);
        }
    }

    private static void Set(CommandContext ctx)
    {
        if (SetOptions.TryParseSet(ctx, out var options))
        {
            SetGeneric(ctx, options, ctx.Arg(1), ctx.Arg(2), integerReply: false);
        }
    }

    private static void SetNx(CommandContext ctx) =>
        SetGeneric(ctx, new SetOptions { Nx = true }, ctx.Arg(1), ctx.Arg(2), integerReply: true);

    /// <summary>SETEX / PSETEX key ttl value.</summary>
    private static void SetWithExpire(CommandContext ctx, SetOptions.ExpireUnit unit) =>
        SetGeneric(ctx, new SetOptions { ExpireIndex = 2, Unit = unit }, ctx.Arg(1), ctx.Arg(3), integerReply: false);

    /// <summary>
    /// The common path of SET, SETNX, SETEX, PSETEX (setGenericCommand). With <paramref name="integerReply"/>
    /// the outcome is :1 / :0 (SETNX) instead of +OK / null.
    /// </summary>
    private static void SetGeneric(CommandContext ctx, SetOptions options, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value,
        bool integerReply)
    {
        long expireAt = -1;
        if (options.HasExpire && !options.TryGetExpireAt(ctx, out expireAt))
        {
            return;
        }
        if (options.Get)
        {
            // SET ... GET replies the old value as GET would, hit/miss statistics included.
            if (!TryReadString(ctx, key, out var old))
            {
                return;
            }
            if (old is null)
            {
                ctx.Reply.NullBulk();
            }
            else
            {
                ReplyString(ctx, old);
            }
        }
        var db = ctx.Db;
        // Only NX and XX need to know beforehand; a plain SET finds the key once, in Set.
        var found = (options.Nx || options.Xx) && db.LookupWrite(key) is not null;
        if ((options.Nx && found) || (options.Xx && !found))
        {
            if (integerReply)
            {
                ctx.Reply.Integer(0);
            }
            else if (!options.Get)
            {
                ctx.Reply.NullBulk();
            }
            return;
        }
        if (expireAt >= 0)
        {
            db.SetString(key, value, expireAtMs: expireAt);
            ctx.Notify(KeyspaceEventClasses.String, "set", key);
            ctx.Notify(KeyspaceEventClasses.Generic, "expire", key);
            // The expiry is logged as the absolute time it gave, the other options dropped.
            if (PropagatedForm.Active(ctx))
            {
                PropagatedForm.Rewrite(ctx, PropagatedForm.Set, key.ToArray(), value.ToArray(), PropagatedForm.PxAt, PropagatedForm.Number(expireAt));
            }
        }
        else
        {
            db.SetString(key, value, keepTtl: options.KeepTtl);
            ctx.Notify(KeyspaceEventClasses.String, "set", key);
            if (options.Get)
            {
                PropagateWithoutGet(ctx);
            }
        }
        if (integerReply)
        {
            ctx.Reply.Integer(1);
        }
        else if (!options.Get)
        {
            ctx.Reply.Ok();
        }
    }

    /// <summary>SET ... GET is logged without its GET tokens (which may be repeated): replaying it needs no reply.</summary>
    private static void PropagateWithoutGet(CommandContext ctx)
    {
        if (!PropagatedForm.Active(ctx))
        {
            return;
        }
        var args = new List<byte[]>(ctx.ArgCount);
        for (var i = 0; i < ctx.ArgCount; i++)
        {
            if (i < 3 || !ctx.Is(i, "get"))
            {
                args.Add(ctx.Args.ToArray(i));
            }
        }
        PropagatedForm.Rewrite(ctx, [.. args]);
    }

    private static void GetSet(CommandContext ctx)
    {
        if (!TryReadString(ctx, ctx.Arg(1), out var old))
        {
            return;
        }
        if (old is null)
        {
            ctx.Reply.NullBulk();
        }
        else
        {
            ReplyString(ctx, old);
        }
        ctx.Db.SetString(ctx.Arg(1), ctx.Arg(2));
        ctx.Notify(KeyspaceEventClasses.String, "set", ctx.Arg(1));
        PropagatedForm.ReplaceArgument(ctx, 0, PropagatedForm.Set);
    }

    private static void GetDel(CommandContext ctx)
    {
        if (!TryReadString(ctx, ctx.Arg(1), out var value, out var entry))
        {
            return;
        }
        if (value is null)
        {
            ctx.Reply.NullBulk();
            return;
        }
        ReplyString(ctx, value);
        ctx.Db.Delete(entry!);
        ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(1));
        PropagatedForm.Deletion(ctx, ctx.Arg(1), ctx.Server.Config.LazyfreeLazyUserDel);
    }

    private static void GetEx(CommandContext ctx)
    {
        if (!SetOptions.TryParseGetEx(ctx, out var options) || !TryReadString(ctx, ctx.Arg(1), out var value, out var entry))
        {
            return;
        }
        if (value is null)
        {
            ctx.Reply.NullBulk();
            return;
        }
        long expireAt = -1;
        if (options.HasExpire && !options.TryGetExpireAt(ctx, out expireAt))
        {
            return;
        }
        // Reply first: the key may be deleted just below.
        ReplyString(ctx, value);
        var db = ctx.Db;
        if (options.HasExpire && options.IsAbsolute && expireAt <= ctx.Databases.NowMs && !ctx.Databases.Loading)
        {
            // An EXAT/PXAT time already past deletes the key (propagated as DEL, not counted as expired).
            db.Delete(entry!);
            ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(1));
            PropagatedForm.Deletion(ctx, ctx.Arg(1), ctx.Server.Config.LazyfreeLazyExpire);
        }
        else if (options.HasExpire)
        {
            db.SetExpire(entry!, expireAt);
            ctx.Notify(KeyspaceEventClasses.Generic, "expire", ctx.Arg(1));
            if (PropagatedForm.Active(ctx))
            {
                PropagatedForm.Rewrite(ctx, PropagatedForm.PExpireAt, ctx.Args.ToArray(1), PropagatedForm.Number(expireAt));
            }
        }
        else if (options.Persist && db.Persist(entry!))
        {
            ctx.Notify(KeyspaceEventClasses.Generic, "persist", ctx.Arg(1));
            if (PropagatedForm.Active(ctx))
            {
                PropagatedForm.Rewrite(ctx, PropagatedForm.Persist, ctx.Args.ToArray(1));
            }
        }
    }

    private static void MGet(CommandContext ctx)
    {
        ctx.Reply.ArrayHeader(ctx.ArgCount - 1);
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            var entry = ctx.Db.LookupRead(ctx.Arg(i));
            if (entry?.Value is RedisString s)
            {
                ReplyString(ctx, s);
            }
            else
            {
                ctx.Reply.NullBulk();
            }
        }
    }

    /// <summary>MSET, and MSETNX which sets nothing (and replies 0) when any of the keys exists.</summary>
    private static void MSet(CommandContext ctx, bool onlyIfNoneExists)
    {
        if (ctx.ArgCount % 2 == 0)
        {
            ctx.Reply.Error(Errors.WrongArity(ctx.Command.FullName));
            return;
        }
        var db = ctx.Db;
        if (onlyIfNoneExists)
        {
            for (var i = 1; i < ctx.ArgCount; i += 2)
            {
                if (db.LookupWrite(ctx.Arg(i)) is not null)
                {
                    ctx.Reply.Integer(0);
                    return;
                }
            }
        }
        for (var i = 1; i < ctx.ArgCount; i += 2)
        {
            db.SetString(ctx.Arg(i), ctx.Arg(i + 1));
            ctx.Notify(KeyspaceEventClasses.String, "set", ctx.Arg(i));
        }
        if (onlyIfNoneExists)
        {
            ctx.Reply.Integer(1);
        }
        else
        {
            ctx.Reply.Ok();
        }
    }
}
