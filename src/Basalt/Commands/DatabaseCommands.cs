using Basalt.Config.Parameters;
using Basalt.Text;

namespace Basalt.Commands;

/// <summary>Commands that work across numbered databases: MOVE, SWAPDB, FLUSHDB, FLUSHALL.</summary>
public static class DatabaseCommands
{
    internal const string SameObject = "ERR source and destination objects are the same";

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("move", 3, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, "@keyspace @write @fast", "generic", "1.0.0",
            "Move a key to another database", Move));
        table.Add(new CommandSpec("swapdb", 3, CommandFlags.Write | CommandFlags.Fast, 0, 0, 0, "@keyspace @write @fast @dangerous", "server", "4.0.0",
            "Swaps two Redis databases", SwapDb));
        table.Add(new CommandSpec("flushdb", -1, CommandFlags.Write, 0, 0, 0, "@keyspace @write @slow @dangerous", "server", "1.0.0",
            "Remove all keys from the current database", FlushDb));
        table.Add(new CommandSpec("flushall", -1, CommandFlags.Write, 0, 0, 0, "@keyspace @write @slow @dangerous", "server", "1.0.0",
            "Remove all keys from all databases", FlushAll));
    }

    /// <summary>
    /// Parses a database number (getIntFromObjectOrReply, then selectDb's range check), replying
    /// Redis's error for a non-integer, a value outside int, or a missing database.
    /// </summary>
    internal static bool TryGetDatabase(CommandContext ctx, int argIndex, out int index)
    {
        if (!TryGetInt32(ctx, argIndex, out index, null))
        {
            return false;
        }
        if (index < 0 || index >= ctx.Databases.Count)
        {
            ctx.Reply.Error(Errors.DbIndexOutOfRange);
            return false;
        }
        return true;
    }

    /// <summary>getIntFromObjectOrReply: <paramref name="error"/> replaces both of Redis's default messages when given.</summary>
    private static bool TryGetInt32(CommandContext ctx, int argIndex, out int value, string? error)
    {
        value = 0;
        if (!RedisNumber.TryParseInt64(ctx.Arg(argIndex), out var parsed))
        {
            ctx.Reply.Error(error ?? Errors.NotInteger);
            return false;
        }
        if (parsed is < int.MinValue or > int.MaxValue)
        {
            ctx.Reply.Error(error ?? "ERR value is out of range, value must between -2147483648 and 2147483647");
            return false;
        }
        value = (int)parsed;
        return true;
    }

    private static void Move(CommandContext ctx)
    {
        if (!TryGetDatabase(ctx, 2, out var index))
        {
            return;
        }
        var source = ctx.Db;
        var target = ctx.Databases[index];
        if (ReferenceEquals(source, target))
        {
            ctx.Reply.Error(SameObject);
            return;
        }
        var entry = source.LookupWrite(ctx.Arg(1));
        if (entry is null || target.LookupWrite(ctx.Arg(1)) is not null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        source.Move(entry, target);
        ctx.Notify(KeyspaceEventClasses.Generic, "move_from", ctx.Arg(1), source.Index);
        ctx.Notify(KeyspaceEventClasses.Generic, "move_to", ctx.Arg(1), target.Index);
        ctx.Reply.Integer(1);
    }

    private static void SwapDb(CommandContext ctx)
    {
        if (!TryGetInt32(ctx, 1, out var first, "ERR invalid first DB index") ||
            !TryGetInt32(ctx, 2, out var second, "ERR invalid second DB index"))
        {
            return;
        }
        if (first < 0 || first >= ctx.Databases.Count || second < 0 || second >= ctx.Databases.Count)
        {
            ctx.Reply.Error(Errors.DbIndexOutOfRange);
            return;
        }
        ctx.Databases.Swap(first, second);
        ctx.Reply.Ok();
    }

    /// <summary>
    /// The optional SYNC / ASYNC argument of FLUSHDB and FLUSHALL (getFlushCommandFlags). Both free
    /// without blocking here: dropping the table hands the memory to the garbage collector, so the
    /// choice (and lazyfree-lazy-user-flush, its default) only has to be validated.
    /// </summary>
    private static bool TryParseFlushMode(CommandContext ctx)
    {
        if (ctx.ArgCount == 1 || (ctx.ArgCount == 2 && (ctx.Is(1, "sync") || ctx.Is(1, "async"))))
        {
            return true;
        }
        ctx.SyntaxError();
        return false;
    }

    private static void FlushDb(CommandContext ctx)
    {
        if (!TryParseFlushMode(ctx))
        {
            return;
        }
        ctx.Db.Clear();
        // Logged even when the database was already empty (forceCommandPropagation).
        PropagatedForm.Force(ctx);
        ctx.Reply.Ok();
    }

    private static void FlushAll(CommandContext ctx)
    {
        if (!TryParseFlushMode(ctx))
        {
            return;
        }
        foreach (var db in ctx.Databases.All)
        {
            db.Clear();
        }
        // A BGSAVE of the old contents is pointless now (killRDBChild).
        ctx.Server.Rdb.AbortBackgroundSave();
        // As Redis does when save points are configured: write the now empty snapshot at once, so
        // that a restart cannot bring the flushed keys back from an older dump.rdb.
        if (ctx.Server.Config.SaveParams.Count > 0)
        {
            ctx.Server.Rdb.SaveNow();
        }
        // Logged even when nothing was deleted, or when the save above reset the change count.
        PropagatedForm.Force(ctx);
        ctx.Reply.Ok();
    }
}
