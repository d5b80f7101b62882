namespace Basalt.Commands;

/// <summary>The replies of container commands' HELP and of their unknown-subcommand errors, worded as Redis 7.0's.</summary>
public static class HelpReply
{
    /// <summary>
    /// addReplyHelp: a header naming the command as the client typed it (uppercased), the lines,
    /// then the HELP entry every container has; all as status replies.
    /// </summary>
    public static void Write(CommandContext ctx, params string[] lines)
    {
        var reply = ctx.Reply;
        reply.ArrayHeader(lines.Length + 3);
        reply.Simple($"{ctx.Args.ToStringAt(0).ToUpperInvariant()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        foreach (var line in lines)
        {
            reply.Simple(line);
        }
        reply.Simple("HELP");
        reply.Simple("    Prints this help.");
    }

    /// <summary>addReplySubcommandSyntaxError: a subcommand used with arguments it does not take.</summary>
    public static void SubcommandSyntaxError(CommandContext ctx) =>
        ctx.Reply.Error($"ERR unknown subcommand or wrong number of arguments for '{Errors.Truncate(Errors.CString(ctx.Args.ToStringAt(1)), 128)}'. Try {ctx.Args.ToStringAt(0).ToUpperInvariant()} HELP.");
}
