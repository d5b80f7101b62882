using Basalt.Server;

namespace Basalt.Commands;

/// <summary>
/// HELLO [protover [AUTH username password] [SETNAME clientname]]: the handshake that switches a
/// connection to RESP3 and tells the client who it talks to (networking.c helloCommand).
/// </summary>
public static class HelloCommand
{
    private const string NotAuthenticated =
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time";

    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale | CommandFlags.Fast |
            CommandFlags.NoAuth | CommandFlags.AllowBusy;
        table.Add(new CommandSpec("hello", -1, Flags, 0, 0, 0, "@fast @connection", "connection", "6.0.0",
            "Handshake with Redis", Hello));
    }

    private static void Hello(CommandContext ctx)
    {
        long version = 0;
        var next = 1;
        if (ctx.ArgCount >= 2)
        {
            if (!ctx.TryGetLong(next++, out version, "ERR Protocol version is not an integer or out of range"))
            {
                return;
            }
            if (version is < 2 or > 3)
            {
                ctx.Reply.Error("NOPROTO unsupported protocol version");
                return;
            }
        }

        // Options take effect as they are read: a SETNAME before a bad option stays applied, as in Redis.
        for (var j = next; j < ctx.ArgCount; j++)
        {
            var more = ctx.ArgCount - 1 - j;
            if (ctx.Is(j, "AUTH") && more >= 2)
            {
                ctx.Redact(j + 1);
                ctx.Redact(j + 2);
                if (!DefaultUser.Authenticate(ctx.Server, ctx.Client, ctx.Arg(j + 1), ctx.Arg(j + 2)))
                {
                    ctx.Reply.Error(DefaultUser.WrongPass);
                    return;
                }
                j += 2;
            }
            else if (ctx.Is(j, "SETNAME") && more >= 1)
            {
                if (!ConnectionCommands.TrySetClientName(ctx, ctx.Arg(j + 1)))
                {
                    return;
                }
                j++;
            }
            else
            {
                ctx.Reply.Error($"ERR Syntax error in HELLO option '{ctx.Args.ToStringAt(j)}'");
                return;
            }
        }

        // Only the client's own state counts here (not whether a password is required now), as in Redis.
        if (!ctx.Client.Authenticated)
        {
            ctx.Reply.Error(NotAuthenticated);
            return;
        }
        if (version != 0)
        {
            ctx.Client.Protocol = (int)version;
        }
        WriteServerMap(ctx);
    }

    /// <summary>The HELLO map: server, version, proto, id, mode, role, modules.</summary>
    private static void WriteServerMap(CommandContext ctx)
    {
        var reply = ctx.Reply;
        reply.MapHeader(7);
        reply.Bulk("server"u8);
        reply.Bulk("redis"u8);
        reply.Bulk("version"u8);
        reply.Bulk(BasaltServer.Version);
        reply.Bulk("proto"u8);
        reply.Integer(ctx.Client.Protocol);
        reply.Bulk("id"u8);
        reply.Integer(ctx.Client.Id);
        reply.Bulk("mode"u8);
        reply.Bulk("standalone"u8);
        reply.Bulk("role"u8);
        reply.Bulk("master"u8);
        reply.Bulk("modules"u8);
        reply.ArrayHeader(0);
    }
}
