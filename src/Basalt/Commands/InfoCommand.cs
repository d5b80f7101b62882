using Basalt.Server.Info;

namespace Basalt.Commands;

/// <summary>INFO [section ...]: the server's state in Redis 7.0's sections and field names.</summary>
public static class InfoCommand
{
    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("info", -1, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, "@slow @dangerous",
            "server", "1.0.0", "Returns information and statistics about the server.", Info));
    }

    private static void Info(CommandContext ctx)
    {
        var sections = new string[ctx.ArgCount - 1];
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            sections[i - 1] = ctx.Args.ToStringAt(i);
        }
        var text = InfoReport.Generate(ctx.Server, new InfoSectionSelection(sections));
        ctx.Reply.Verbatim(text);
    }
}
