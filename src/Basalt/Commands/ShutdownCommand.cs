using Basalt.Server;

namespace Basalt.Commands;

/// <summary>
/// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] (db.c shutdownCommand). The exit is prepared right
/// here, so that a failed final save is answered to this client; the cron then closes everything.
/// A successful SHUTDOWN gets no reply: the connection closes, as when Redis exits.
/// </summary>
public static class ShutdownCommand
{
    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale |
            CommandFlags.NoMulti | CommandFlags.AllowBusy;
        table.Add(new CommandSpec("shutdown", -1, Flags, 0, 0, 0, "@admin @slow @dangerous", "server", "1.0.0",
            "Synchronously save the dataset to disk and then shut down the server", Shutdown));
    }

    private static void Shutdown(CommandContext ctx)
    {
        bool save = false, noSave = false, now = false, force = false, abort = false;
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            if (ctx.Is(i, "NOSAVE"))
            {
                noSave = true;
            }
            else if (ctx.Is(i, "SAVE"))
            {
                save = true;
            }
            else if (ctx.Is(i, "NOW"))
            {
                now = true;
            }
            else if (ctx.Is(i, "FORCE"))
            {
                force = true;
            }
            else if (ctx.Is(i, "ABORT"))
            {
                abort = true;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if ((abort && (save || noSave || now || force)) || (save && noSave))
        {
            ctx.SyntaxError();
            return;
        }

        var server = ctx.Server;
        if (abort)
        {
            // Basalt never waits for replicas, so a shutdown is never in a state that can be cancelled:
            // once prepared, it completes at the next cron tick.
            ctx.Reply.Error("ERR No shutdown in progress.");
            return;
        }
        if (!now && ctx.Client.Has(ClientFlags.DenyBlocking))
        {
            ctx.Reply.Error("ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client");
            return;
        }

        if (server.PendingShutdown is null)
        {
            var request = new ShutdownRequest("SHUTDOWN", save ? true : noSave ? false : null, now, force);
            if (!ShutdownSequence.Prepare(server, request))
            {
                ctx.Reply.Error("ERR Errors trying to SHUTDOWN. Check logs.");
                return;
            }
            server.PendingShutdown = request;
        }
        // No reply and no further command from this client: it sees the connection close.
        ctx.Client.Set(ClientFlags.CloseAsap);
    }
}
