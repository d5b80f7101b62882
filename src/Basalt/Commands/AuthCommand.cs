using Basalt.Server;

namespace Basalt.Commands;

/// <summary>AUTH &lt;password&gt; and AUTH &lt;username&gt; &lt;password&gt; (acl.c authCommand).</summary>
public static class AuthCommand
{
    private const string NoPasswordConfigured =
        "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?";

    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale | CommandFlags.Fast |
            CommandFlags.NoAuth | CommandFlags.AllowBusy;
        table.Add(new CommandSpec("auth", -2, Flags, 0, 0, 0, "@fast @connection", "connection", "1.0.0",
            "Authenticate to the server", Auth));
    }

    private static void Auth(CommandContext ctx)
    {
        if (ctx.ArgCount > 3)
        {
            ctx.SyntaxError();
            return;
        }
        // The password never shows in MONITOR or SLOWLOG, whatever the outcome.
        ctx.Redact(1);
        ReadOnlySpan<byte> user;
        ReadOnlySpan<byte> password;
        if (ctx.ArgCount == 2)
        {
            // The old single-argument form is an error when there is no password to check, as in Redis.
            if (!ctx.Server.AuthRequired)
            {
                ctx.Reply.Error(NoPasswordConfigured);
                return;
            }
            user = "default"u8;
            password = ctx.Arg(1);
        }
        else
        {
            ctx.Redact(2);
            user = ctx.Arg(1);
            password = ctx.Arg(2);
        }

        if (DefaultUser.Authenticate(ctx.Server, ctx.Client, user, password))
        {
            ctx.Reply.Ok();
        }
        else
        {
            ctx.Reply.Error(DefaultUser.WrongPass);
        }
    }
}
