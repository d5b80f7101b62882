using Basalt.Server;

namespace Basalt.Commands;

/// <summary>PING, ECHO, QUIT, SELECT and RESET: the connection family (AUTH and HELLO have their own files).</summary>
public static class ConnectionCommands
{
    public static void Register(CommandTable table)
    {
        const CommandFlags Fast = CommandFlags.Fast | CommandFlags.Loading | CommandFlags.Stale;
        const CommandFlags Handshake = Fast | CommandFlags.NoScript | CommandFlags.NoAuth | CommandFlags.AllowBusy;
        const string Categories = "@fast @connection";
        // PING is the one connection command Redis refuses while loading or stale: it must say the truth about readiness.
        table.Add(new CommandSpec("ping", -1, CommandFlags.Fast, 0, 0, 0, Categories, "connection", "1.0.0",
            "Ping the server", Ping));
        table.Add(new CommandSpec("echo", 2, Fast, 0, 0, 0, Categories, "connection", "1.0.0",
            "Echo the given string", Echo));
        table.Add(new CommandSpec("quit", -1, Handshake, 0, 0, 0, Categories, "connection", "1.0.0",
            "Close the connection", Quit));
        table.Add(new CommandSpec("select", 2, Fast, 0, 0, 0, Categories, "connection", "1.0.0",
            "Change the selected database for the current connection", Select));
        table.Add(new CommandSpec("reset", 1, Handshake, 0, 0, 0, Categories, "connection", "6.2.0",
            "Reset the connection", Reset));
    }

    private static void Ping(CommandContext ctx)
    {
        // Arity -1 lets "PING a b" reach the handler, which gives the arity error itself (pingCommand).
        if (ctx.ArgCount > 2)
        {
            ctx.Reply.Error(Errors.WrongArity("ping"));
            return;
        }
        // A subscribed RESP2 client gets an array, which it cannot mistake for a message's parts.
        if (ctx.Client.Has(ClientFlags.PubSub) && ctx.Client.Protocol == 2)
        {
            ctx.Reply.ArrayHeader(2);
            ctx.Reply.Bulk("pong"u8);
            ctx.Reply.Bulk(ctx.ArgCount == 2 ? ctx.Arg(1) : default);
        }
        else if (ctx.ArgCount == 2)
        {
            ctx.Reply.Bulk(ctx.Arg(1));
        }
        else
        {
            ctx.Reply.Simple("PONG");
        }
    }

    private static void Echo(CommandContext ctx) => ctx.Reply.Bulk(ctx.Arg(1));

    private static void Quit(CommandContext ctx)
    {
        ctx.Reply.Ok();
        ctx.Client.Set(ClientFlags.CloseAfterReply);
    }

    /// <summary>selectCommand: getIntFromObjectOrReply, then the database range.</summary>
    private static void Select(CommandContext ctx)
    {
        if (!ctx.TryGetLong(1, out var index))
        {
            return;
        }
        if (index is < int.MinValue or > int.MaxValue)
        {
            ctx.Reply.Error("ERR value is out of range, value must between -2147483648 and 2147483647");
            return;
        }
        if (index < 0 || index >= ctx.Databases.Count)
        {
            ctx.Reply.Error(Errors.DbIndexOutOfRange);
            return;
        }
        ctx.Client.DbIndex = (int)index;
        ctx.Reply.Ok();
    }

    /// <summary>RESET: the connection as if it had just connected (clearClientConnectionState).</summary>
    private static void Reset(CommandContext ctx)
    {
        var client = ctx.Client;
        if (client.Has(ClientFlags.Monitor))
        {
            ctx.Server.Monitors.Remove(client);
            client.Clear(ClientFlags.Monitor);
        }
        ctx.Server.PubSub.Forget(client);
        client.DbIndex = 0;
        client.Protocol = 2;
        DefaultUser.SetDefaultAuth(ctx.Server, client);
        TransactionCommands.Reset(ctx);
        client.Name = "";
        // The SKIP of the command being run stays: a skipped RESET gets no reply either.
        client.Clear(ClientFlags.ReplyOff | ClientFlags.ReplySkipNext);
        ctx.Reply.Simple("RESET");
    }

    /// <summary>The error of a client name with characters CLIENT LIST could not show (clientSetNameOrReply).</summary>
    public const string InvalidClientName = "ERR Client names cannot contain spaces, newlines or special characters.";

    /// <summary>
    /// CLIENT SETNAME and HELLO SETNAME: an empty name removes the name; otherwise every byte must
    /// be a printable ASCII character other than space, so that CLIENT LIST stays splittable.
    /// Replies the error and returns false for an invalid name.
    /// </summary>
    internal static bool TrySetClientName(CommandContext ctx, ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (b is < (byte)'!' or > (byte)'~')
            {
                ctx.Reply.Error(InvalidClientName);
                return false;
            }
        }
        ctx.Client.Name = System.Text.Encoding.ASCII.GetString(name);
        return true;
    }
}
