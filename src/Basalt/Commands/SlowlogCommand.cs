using Basalt.Text;

namespace Basalt.Commands;

/// <summary>SLOWLOG GET, LEN, RESET and HELP over the server's <see cref="Server.SlowLog"/>.</summary>
public static class SlowlogCommand
{
    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.Admin | CommandFlags.Loading | CommandFlags.Stale;
        const string Categories = "@admin @slow @dangerous";
        var slowlog = new CommandSpec("slowlog", -2, CommandFlags.None, 0, 0, 0, "@slow", "server", "2.2.12",
            "A container for slow log commands.", null);
        slowlog.AddSubcommand(new CommandSpec("get", -2, Flags, 0, 0, 0, Categories, "server", "2.2.12",
            "Returns the slow log's entries.", Get));
        slowlog.AddSubcommand(new CommandSpec("help", 2, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, "@slow", "server", "6.2.0",
            "Show helpful text about the different subcommands.", Help));
        slowlog.AddSubcommand(new CommandSpec("len", 2, Flags, 0, 0, 0, Categories, "server", "2.2.12",
            "Returns the number of entries in the slow log.", Len));
        slowlog.AddSubcommand(new CommandSpec("reset", 2, Flags, 0, 0, 0, Categories, "server", "2.2.12",
            "Clears all entries from the slow log.", Reset));
        table.Add(slowlog);
    }

    private static void Get(CommandContext ctx)
    {
        if (ctx.ArgCount > 3)
        {
            HelpReply.SubcommandSyntaxError(ctx);
            return;
        }
        var slowLog = ctx.Server.SlowLog;
        long count = 10;
        if (ctx.ArgCount == 3)
        {
            if (!RedisNumber.TryParseInt64(ctx.Arg(2), out count) || count < -1)
            {
                ctx.Reply.Error("ERR count should be greater than or equal to -1");
                return;
            }
        }
        var entries = slowLog.Newest(count).ToList();
        var reply = ctx.Reply;
        reply.ArrayHeader(entries.Count);
        foreach (var entry in entries)
        {
            reply.ArrayHeader(6);
            reply.Integer(entry.Id);
            reply.Integer(entry.UnixSeconds);
            reply.Integer(entry.Microseconds);
            reply.ArrayHeader(entry.Args.Length);
            foreach (var arg in entry.Args)
            {
                reply.Bulk(arg);
            }
            reply.Bulk(entry.ClientAddress);
            reply.Bulk(entry.ClientName);
        }
    }

    private static void Len(CommandContext ctx) => ctx.Reply.Integer(ctx.Server.SlowLog.Count);

    private static void Reset(CommandContext ctx)
    {
        ctx.Server.SlowLog.Reset();
        ctx.Reply.Ok();
    }

    private static void Help(CommandContext ctx) => HelpReply.Write(ctx,
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.");
}
