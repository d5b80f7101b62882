namespace Basalt.Commands;

/// <summary>TIME: the server's clock as Unix seconds and microseconds, both as bulk strings.</summary>
public static class TimeCommand
{
    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("time", 1, CommandFlags.Loading | CommandFlags.Stale | CommandFlags.Fast, 0, 0, 0, "@fast",
            "server", "2.6.0", "Return the current server time", Time));
    }

    private static void Time(CommandContext ctx)
    {
        // The live clock (gettimeofday), not the cached command time: TIME is how clients read the server's clock.
        var ticks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
        ctx.Reply.ArrayHeader(2);
        ctx.Reply.BulkInteger(ticks / TimeSpan.TicksPerSecond);
        ctx.Reply.BulkInteger(ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond);
    }
}
