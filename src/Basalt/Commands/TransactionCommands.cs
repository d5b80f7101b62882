using Basalt.Server;

namespace Basalt.Commands;

/// <summary>MULTI, EXEC, DISCARD, WATCH, UNWATCH with Redis's EXECABORT and WATCH semantics.</summary>
public static class TransactionCommands
{
    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale | CommandFlags.Fast | CommandFlags.AllowBusy;
        table.Add(new CommandSpec("multi", 1, Flags, 0, 0, 0, "@fast @transaction", "transactions", "1.2.0",
            "Starts a transaction.", Multi));
        table.Add(new CommandSpec("exec", 1, CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale | CommandFlags.SkipSlowlog,
            0, 0, 0, "@slow @transaction", "transactions", "1.2.0", "Executes all commands in a transaction.", Exec));
        table.Add(new CommandSpec("discard", 1, Flags, 0, 0, 0, "@fast @transaction", "transactions", "2.0.0",
            "Discards a transaction.", Discard));
        table.Add(new CommandSpec("watch", -2, Flags, 1, -1, 1, "@fast @transaction", "transactions", "2.2.0",
            "Monitors changes to keys to determine the execution of a transaction.", Watch));
        table.Add(new CommandSpec("unwatch", 1, Flags, 0, 0, 0, "@fast @transaction", "transactions", "2.2.0",
            "Forgets about watched keys of a transaction.", Unwatch));
    }

    private static void Multi(CommandContext ctx)
    {
        if (ctx.Client.Has(ClientFlags.Multi))
        {
            ctx.Reply.Error("ERR MULTI calls can not be nested");
            return;
        }
        ctx.Client.Set(ClientFlags.Multi);
        ctx.Reply.Ok();
    }

    private static void Discard(CommandContext ctx)
    {
        if (!ctx.Client.Has(ClientFlags.Multi))
        {
            ctx.Reply.Error("ERR DISCARD without MULTI");
            return;
        }
        Reset(ctx);
        ctx.Reply.Ok();
    }

    /// <summary>Leaves the transaction state and forgets watched keys (discardTransaction).</summary>
    internal static void Reset(CommandContext ctx)
    {
        ctx.Client.MultiQueue.Clear();
        ctx.Client.Clear(ClientFlags.Multi | ClientFlags.DirtyExec);
        ctx.Databases.Watches.UnwatchAll(ctx.Client.Watch);
    }

    private static void Exec(CommandContext ctx)
    {
        var client = ctx.Client;
        if (!client.Has(ClientFlags.Multi))
        {
            ctx.Reply.Error("ERR EXEC without MULTI");
            return;
        }
        if (client.Has(ClientFlags.DirtyExec))
        {
            Reset(ctx);
            ctx.Reply.Error(Errors.ExecAbort);
            return;
        }
        if (client.Watch.Dirty || WatchedKeyExpired(ctx))
        {
            Reset(ctx);
            ctx.Reply.NullArray();
            return;
        }
        var queue = client.MultiQueue.ToArray();
        client.MultiQueue.Clear();
        client.Clear(ClientFlags.Multi);
        ctx.Databases.Watches.UnwatchAll(client.Watch);

        var savedArgs = ctx.Args;
        var savedCommand = ctx.Command;
        ctx.Reply.ArrayHeader(queue.Length);
        // Each queued command owes exactly one reply: none may block or turn into a stream (MONITOR).
        client.Set(ClientFlags.DenyBlocking);
        foreach (var queued in queue)
        {
            ctx.Args = queued.Args;
            if (queued.Spec.IsWrite && ctx.Server.WriteRefusal() is { } refusal)
            {
                ctx.Reply.Error(refusal);
                continue;
            }
            // The AOF loader's transactions leave no statistics, as Redis's AOF client calls with CMD_CALL_NONE.
            ctx.Server.Executor.Call(ctx, queued.Spec, recordStats: !ctx.Databases.Loading);
        }
        client.Clear(ClientFlags.DenyBlocking);
        ctx.Args = savedArgs;
        ctx.Command = savedCommand;
    }

    /// <summary>A key that was alive when watched but has expired since makes EXEC fail (isWatchedKeyExpired).</summary>
    private static bool WatchedKeyExpired(CommandContext ctx)
    {
        foreach (var (dbIndex, key, expiredWhenWatched) in ctx.Client.Watch.Keys)
        {
            if (expiredWhenWatched)
            {
                continue;
            }
            var entry = ctx.Databases[dbIndex].Peek(key);
            if (entry is not null && ctx.Databases[dbIndex].IsExpired(entry))
            {
                return true;
            }
        }
        return false;
    }

    private static void Watch(CommandContext ctx)
    {
        if (ctx.Client.Has(ClientFlags.Multi))
        {
            // Not a rejection: the transaction stays valid (Redis replies without flagging it).
            ctx.Reply.Error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            var entry = ctx.Db.Peek(ctx.Arg(i));
            var expired = entry is not null && ctx.Db.IsExpired(entry);
            ctx.Databases.Watches.Watch(ctx.Client.Watch, ctx.Client.DbIndex, ctx.Args.ToArray(i), expired);
        }
        ctx.Reply.Ok();
    }

    private static void Unwatch(CommandContext ctx)
    {
        ctx.Databases.Watches.UnwatchAll(ctx.Client.Watch);
        ctx.Reply.Ok();
    }
}
