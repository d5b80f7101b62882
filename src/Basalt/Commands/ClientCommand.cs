using System.Text;
using Basalt.Server;
using Basalt.Text;

namespace Basalt.Commands;

/// <summary>
/// CLIENT ID, INFO, LIST, KILL, SETNAME, GETNAME, REPLY, NO-EVICT and HELP (networking.c
/// clientCommand). PAUSE/UNPAUSE, UNBLOCK and TRACKING are not offered: Basalt has no client
/// pause, blocking commands or client-side caching to drive them.
/// </summary>
public static class ClientCommand
{
    private const string NoSuchClient = "ERR No such client";

    private static readonly string[] HelpLines =
    [
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
    ];

    /// <summary>Redis's client classes (getClientType), by which LIST and KILL filter.</summary>
    private enum ClientType
    {
        Normal,
        Replica,
        PubSub,
        Master,
    }

    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale;
        const CommandFlags AdminFlags = Flags | CommandFlags.Admin;
        const string Categories = "@slow @connection";
        const string AdminCategories = "@admin @slow @dangerous @connection";
        var client = new CommandSpec("client", -2, CommandFlags.None, 0, 0, 0, "@slow", "connection", "2.4.0",
            "A container for client connection commands", null);
        client.AddSubcommand(new CommandSpec("id", 2, Flags, 0, 0, 0, Categories, "connection", "5.0.0",
            "Returns the client ID for the current connection", Id));
        client.AddSubcommand(new CommandSpec("info", 2, Flags, 0, 0, 0, Categories, "connection", "6.2.0",
            "Returns information about the current client connection.", Info));
        client.AddSubcommand(new CommandSpec("list", -2, AdminFlags, 0, 0, 0, AdminCategories, "connection", "2.4.0",
            "Get the list of client connections", List));
        client.AddSubcommand(new CommandSpec("kill", -3, AdminFlags, 0, 0, 0, AdminCategories, "connection", "2.4.0",
            "Kill the connection of a client", Kill));
        client.AddSubcommand(new CommandSpec("setname", 3, Flags, 0, 0, 0, Categories, "connection", "2.6.9",
            "Set the current connection name", SetName));
        client.AddSubcommand(new CommandSpec("getname", 2, Flags, 0, 0, 0, Categories, "connection", "2.6.9",
            "Get the current connection name", GetName));
        client.AddSubcommand(new CommandSpec("reply", 3, Flags, 0, 0, 0, Categories, "connection", "3.2.0",
            "Instruct the server whether to reply to commands", Reply));
        client.AddSubcommand(new CommandSpec("no-evict", 3, AdminFlags, 0, 0, 0, AdminCategories, "connection", "7.0.0",
            "Set client eviction mode for the current connection", NoEvict));
        client.AddSubcommand(new CommandSpec("help", 2, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, Categories, "connection", "5.0.0",
            "Show helpful text about the different subcommands", ctx => HelpReply.Write(ctx, HelpLines)));
        table.Add(client);
    }

    private static void Id(CommandContext ctx) => ctx.Reply.Integer(ctx.Client.Id);

    private static void Info(CommandContext ctx) => ctx.Reply.Verbatim(ClientInfoLine.Of(ctx.Client, ctx));

    /// <summary>CLIENT LIST [TYPE type | ID id [id ...]].</summary>
    private static void List(CommandContext ctx)
    {
        var sb = new StringBuilder();
        if (ctx.ArgCount == 4 && ctx.Is(2, "TYPE"))
        {
            if (!TryParseType(ctx, 3, out var type))
            {
                return;
            }
            foreach (var client in ctx.Server.Clients.All)
            {
                if (TypeOf(client) == type)
                {
                    ClientInfoLine.Append(sb, client, ctx);
                    sb.Append('\n');
                }
            }
        }
        else if (ctx.ArgCount > 3 && ctx.Is(2, "ID"))
        {
            for (var i = 3; i < ctx.ArgCount; i++)
            {
                if (!ctx.TryGetLong(i, out var id, "ERR Invalid client ID"))
                {
                    return;
                }
                if (ctx.Server.Clients.Find(id) is { } client)
                {
                    ClientInfoLine.Append(sb, client, ctx);
                    sb.Append('\n');
                }
            }
        }
        else if (ctx.ArgCount != 2)
        {
            ctx.SyntaxError();
            return;
        }
        else
        {
            foreach (var client in ctx.Server.Clients.All)
            {
                ClientInfoLine.Append(sb, client, ctx);
                sb.Append('\n');
            }
        }
        ctx.Reply.Verbatim(sb.ToString());
    }

    /// <summary>
    /// CLIENT KILL addr (the old form: replies OK or an error, and may kill the caller) or
    /// CLIENT KILL [ID id] [TYPE type] [USER user] [ADDR addr] [LADDR addr] [SKIPME yes|no]
    /// (replies how many were killed; the caller is spared unless SKIPME no).
    /// </summary>
    private static void Kill(CommandContext ctx)
    {
        string? address = null;
        string? localAddress = null;
        ClientType? type = null;
        long id = 0;
        var skipMe = true;
        var oldForm = ctx.ArgCount == 3;
        if (oldForm)
        {
            address = ctx.Args.ToStringAt(2);
            skipMe = false;
        }
        else
        {
            for (var i = 2; i < ctx.ArgCount; i += 2)
            {
                var hasValue = ctx.ArgCount > i + 1;
                if (ctx.Is(i, "ID") && hasValue)
                {
                    if (!RedisNumber.TryParseInt64(ctx.Arg(i + 1), out id) || id < 1)
                    {
                        ctx.Reply.Error("ERR client-id should be greater than 0");
                        return;
                    }
                }
                else if (ctx.Is(i, "TYPE") && hasValue)
                {
                    if (!TryParseType(ctx, i + 1, out var parsed))
                    {
                        return;
                    }
                    type = parsed;
                }
                else if (ctx.Is(i, "ADDR") && hasValue)
                {
                    address = ctx.Args.ToStringAt(i + 1);
                }
                else if (ctx.Is(i, "LADDR") && hasValue)
                {
                    localAddress = ctx.Args.ToStringAt(i + 1);
                }
                else if (ctx.Is(i, "USER") && hasValue)
                {
                    // Until ACLs exist the default user is the only one, and every client is logged in as it.
                    if (!ctx.Arg(i + 1).SequenceEqual("default"u8))
                    {
                        ctx.Reply.Error($"ERR No such user '{ctx.Args.ToStringAt(i + 1)}'");
                        return;
                    }
                }
                else if (ctx.Is(i, "SKIPME") && hasValue)
                {
                    if (ctx.Is(i + 1, "YES"))
                    {
                        skipMe = true;
                    }
                    else if (ctx.Is(i + 1, "NO"))
                    {
                        skipMe = false;
                    }
                    else
                    {
                        ctx.SyntaxError();
                        return;
                    }
                }
                else
                {
                    ctx.SyntaxError();
                    return;
                }
            }
        }

        var killed = 0;
        var killSelf = false;
        foreach (var client in ctx.Server.Clients.All.ToList())
        {
            if ((address is not null && client.Channel.RemoteAddress != address) ||
                (localAddress is not null && client.Channel.LocalAddress != localAddress) ||
                (type is not null && TypeOf(client) != type) ||
                (id != 0 && client.Id != id) ||
                (skipMe && ReferenceEquals(client, ctx.Client)))
            {
                continue;
            }
            if (ReferenceEquals(client, ctx.Client))
            {
                killSelf = true;
            }
            else
            {
                Disconnect(ctx.Server, client);
            }
            killed++;
        }

        if (oldForm)
        {
            if (killed == 0)
            {
                ctx.Reply.Error(NoSuchClient);
            }
            else
            {
                ctx.Reply.Ok();
            }
        }
        else
        {
            ctx.Reply.Integer(killed);
        }
        // The caller goes only once its reply is out.
        if (killSelf)
        {
            ctx.Client.Set(ClientFlags.CloseAfterReply);
        }
    }

    /// <summary>
    /// freeClient for another client: it leaves the client list, the monitors and the watchers at
    /// once (so that the next CLIENT LIST no longer shows it), and its connection is closed.
    /// </summary>
    private static void Disconnect(BasaltServer server, ClientSession client)
    {
        server.Clients.Remove(client);
        server.Monitors.Remove(client);
        server.Databases.Watches.UnwatchAll(client.Watch);
        client.Channel.Close();
    }

    private static void SetName(CommandContext ctx)
    {
        if (ConnectionCommands.TrySetClientName(ctx, ctx.Arg(2)))
        {
            ctx.Reply.Ok();
        }
    }

    private static void GetName(CommandContext ctx)
    {
        if (ctx.Client.Name.Length == 0)
        {
            ctx.Reply.NullBulk();
        }
        else
        {
            ctx.Reply.Bulk(ctx.Client.Name);
        }
    }

    /// <summary>CLIENT REPLY ON|OFF|SKIP; OFF and SKIP reply nothing. The connection drops the suppressed replies.</summary>
    private static void Reply(CommandContext ctx)
    {
        var client = ctx.Client;
        if (ctx.Is(2, "ON"))
        {
            client.Clear(ClientFlags.ReplySkip | ClientFlags.ReplyOff);
            ctx.Reply.Ok();
        }
        else if (ctx.Is(2, "OFF"))
        {
            client.Set(ClientFlags.ReplyOff);
        }
        else if (ctx.Is(2, "SKIP"))
        {
            if (!client.Has(ClientFlags.ReplyOff))
            {
                client.Set(ClientFlags.ReplySkipNext);
            }
        }
        else
        {
            ctx.SyntaxError();
        }
    }

    private static void NoEvict(CommandContext ctx)
    {
        if (ctx.Is(2, "ON"))
        {
            ctx.Client.Set(ClientFlags.NoEvict);
        }
        else if (ctx.Is(2, "OFF"))
        {
            ctx.Client.Clear(ClientFlags.NoEvict);
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        ctx.Reply.Ok();
    }

    /// <summary>getClientTypeByName, replying Redis's error for an unknown name.</summary>
    private static bool TryParseType(CommandContext ctx, int index, out ClientType type)
    {
        if (ctx.Is(index, "NORMAL"))
        {
            type = ClientType.Normal;
        }
        else if (ctx.Is(index, "SLAVE") || ctx.Is(index, "REPLICA"))
        {
            type = ClientType.Replica;
        }
        else if (ctx.Is(index, "PUBSUB"))
        {
            type = ClientType.PubSub;
        }
        else if (ctx.Is(index, "MASTER"))
        {
            type = ClientType.Master;
        }
        else
        {
            type = default;
            ctx.Reply.Error($"ERR Unknown client type '{ctx.Args.ToStringAt(index)}'");
            return false;
        }
        return true;
    }

    /// <summary>
    /// getClientType: a subscribed client is of the pubsub type, every other one normal (Basalt has
    /// no replicas or masters; MONITOR clients are reported as normal by Redis too).
    /// </summary>
    private static ClientType TypeOf(ClientSession client) => client.Has(ClientFlags.PubSub) ? ClientType.PubSub : ClientType.Normal;
}
