using Basalt.Server;

namespace Basalt.Commands;

/// <summary>
/// MONITOR: the client receives every command the server runs from now on (the feed itself is
/// written by <see cref="CommandExecutor"/> after each command).
/// </summary>
public static class MonitorCommand
{
    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale;
        table.Add(new CommandSpec("monitor", 1, Flags, 0, 0, 0, "@admin @slow @dangerous", "server", "1.0.0",
            "Listen for all requests received by the server in real time", Monitor));
    }

    private static void Monitor(CommandContext ctx)
    {
        var client = ctx.Client;
        // Inside EXEC a client must get one reply per command, which a monitor does not.
        if (client.Has(ClientFlags.DenyBlocking))
        {
            ctx.Reply.Error("ERR MONITOR isn't allowed for DENY BLOCKING client");
            return;
        }
        // A second MONITOR is ignored without a reply, as Redis ignores it for a client already a replica.
        if (client.Has(ClientFlags.Monitor))
        {
            return;
        }
        client.Set(ClientFlags.Monitor);
        ctx.Server.Monitors.Add(client);
        ctx.Reply.Ok();
    }
}
