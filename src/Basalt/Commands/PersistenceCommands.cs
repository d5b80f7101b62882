namespace Basalt.Commands;

/// <summary>SAVE, BGSAVE [SCHEDULE] and LASTSAVE, with Redis 7.0's replies (rdb.c saveCommand / bgsaveCommand).</summary>
public static class PersistenceCommands
{
    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("save", 1, CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.NoAsyncLoading | CommandFlags.NoMulti,
            0, 0, 0, "@admin @slow @dangerous", "server", "1.0.0", "Synchronously save the dataset to disk", Save));
        table.Add(new CommandSpec("bgsave", -1, CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.NoAsyncLoading,
            0, 0, 0, "@admin @slow @dangerous", "server", "1.0.0", "Asynchronously save the dataset to disk", BackgroundSave));
        table.Add(new CommandSpec("bgrewriteaof", 1, CommandFlags.Admin | CommandFlags.NoAsyncLoading | CommandFlags.NoScript,
            0, 0, 0, "@admin @slow @dangerous", "server", "1.0.0", "Asynchronously rewrite the append-only file", BackgroundRewrite));
        table.Add(new CommandSpec("lastsave", 1, CommandFlags.Loading | CommandFlags.Stale | CommandFlags.Fast,
            0, 0, 0, "@admin @fast @dangerous", "server", "1.0.0", "Get the UNIX time stamp of the last successful save to disk", LastSave));
    }

    private static void Save(CommandContext ctx)
    {
        var rdb = ctx.Server.Rdb;
        if (rdb.BackgroundSaveInProgress)
        {
            ctx.Reply.Error("ERR Background save already in progress");
            return;
        }
        if (rdb.Save())
        {
            ctx.Reply.Ok();
        }
        else
        {
            ctx.Reply.Error("ERR");
        }
    }

    private static void BackgroundSave(CommandContext ctx)
    {
        var schedule = false;
        if (ctx.ArgCount > 1)
        {
            if (ctx.ArgCount == 2 && ctx.Is(1, "SCHEDULE"))
            {
                schedule = true;
            }
            else
            {
                ctx.Reply.Error(Errors.Syntax);
                return;
            }
        }
        var rdb = ctx.Server.Rdb;
        // Inside EXEC a save cannot start now (server.in_exec): it is scheduled.
        var inExec = ctx.Client.Has(Server.ClientFlags.DenyBlocking);
        if (rdb.BackgroundSaveInProgress)
        {
            ctx.Reply.Error("ERR Background save already in progress");
        }
        else if (rdb.OtherSnapshotRunning?.Invoke() == true || inExec)
        {
            if (schedule || inExec)
            {
                rdb.BackgroundSaveScheduled = true;
                ctx.Reply.Simple("Background saving scheduled");
            }
            else
            {
                ctx.Reply.Error("ERR Another child process is active (AOF?): can't BGSAVE right now. " +
                    "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
            }
        }
        else if (rdb.StartBackgroundSave())
        {
            ctx.Reply.Simple("Background saving started");
        }
        else
        {
            ctx.Reply.Error("ERR");
        }
    }

    /// <summary>BGREWRITEAOF (aof.c bgrewriteaofCommand).</summary>
    private static void BackgroundRewrite(CommandContext ctx)
    {
        var aof = ctx.Server.Aof;
        if (aof.RewriteInProgress)
        {
            ctx.Reply.Error("ERR Background append only file rewriting already in progress");
        }
        else if (ctx.Server.Rdb.BackgroundSaveInProgress || ctx.Client.Has(Server.ClientFlags.DenyBlocking))
        {
            aof.RewriteScheduled = true;
            // A rewrite the user asked for again deserves a try now, whatever the limiter says.
            ctx.Server.Persistence.AofRewritesConsecutiveFailures = 0;
            ctx.Reply.Simple("Background append only file rewriting scheduled");
        }
        else if (aof.StartRewrite())
        {
            ctx.Reply.Simple("Background append only file rewriting started");
        }
        else
        {
            ctx.Reply.Error("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
        }
    }

    private static void LastSave(CommandContext ctx) => ctx.Reply.Integer(ctx.Server.Persistence.LastSaveUnixSeconds);
}
