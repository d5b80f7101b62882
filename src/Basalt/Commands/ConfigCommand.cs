using System.Net;
using Basalt.Server;

namespace Basalt.Commands;

/// <summary>CONFIG GET, SET, RESETSTAT, REWRITE and HELP over the server's <see cref="Config.ServerConfig"/>.</summary>
public static class ConfigCommand
{
    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale;
        const string Categories = "@admin @slow @dangerous";
        var config = new CommandSpec("config", -2, CommandFlags.None, 0, 0, 0, "@slow", "server", "2.0.0",
            "A container for server configuration commands.", null);
        config.AddSubcommand(new CommandSpec("get", -3, Flags, 0, 0, 0, Categories, "server", "2.0.0",
            "Returns the effective values of configuration parameters.", Get));
        config.AddSubcommand(new CommandSpec("help", 2, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, "@slow", "server", "5.0.0",
            "Returns helpful text about the different subcommands.", Help));
        config.AddSubcommand(new CommandSpec("resetstat", 2, Flags, 0, 0, 0, Categories, "server", "2.0.0",
            "Resets the server's statistics.", ResetStat));
        config.AddSubcommand(new CommandSpec("rewrite", 2, Flags, 0, 0, 0, Categories, "server", "2.8.0",
            "Persists the effective configuration to file.", Rewrite));
        config.AddSubcommand(new CommandSpec("set", -4, Flags, 0, 0, 0, Categories, "server", "2.0.0",
            "Sets configuration parameters in-flight.", Set));
        table.Add(config);
    }

    private static void Get(CommandContext ctx)
    {
        var patterns = new List<string>(ctx.ArgCount - 2);
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            patterns.Add(ctx.Args.ToStringAt(i));
        }
        var matches = ctx.Server.Config.GetMatching(patterns);
        ctx.Reply.MapHeader(matches.Count);
        foreach (var (name, value) in matches)
        {
            ctx.Reply.Bulk(name);
            ctx.Reply.Bulk(value);
        }
    }

    private static void Set(CommandContext ctx)
    {
        if ((ctx.ArgCount & 1) != 0)
        {
            ctx.SyntaxError();
            return;
        }
        var config = ctx.Server.Config;
        var pairs = new List<(string Name, string Value)>((ctx.ArgCount - 2) / 2);
        for (var i = 2; i < ctx.ArgCount; i += 2)
        {
            var name = ctx.Args.ToStringAt(i);
            // Every secret is hidden from the slow log, even when the command fails.
            if (config.IsSensitive(name))
            {
                ctx.Redact(i + 1);
            }
            pairs.Add((name, ctx.Args.ToStringAt(i + 1)));
        }
        if (config.TrySet(pairs, out var error, IsLocalClient(ctx.Client), ctx.Server.Loading))
        {
            ctx.Reply.Ok();
        }
        else
        {
            ctx.Reply.Error(error);
        }
    }

    /// <summary>Redis's islocalClient, for enable-protected-configs local: a unix socket or a loopback address.</summary>
    private static bool IsLocalClient(ClientSession client)
    {
        if (client.Has(ClientFlags.UnixSocket))
        {
            return true;
        }
        var address = client.Channel.RemoteAddress;
        var colon = address.LastIndexOf(':');
        var host = colon > 0 ? address[..colon] : address;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Clears what Redis's CONFIG RESETSTAT clears: server, keyspace, command and error statistics (not the slow log).</summary>
    private static void ResetStat(CommandContext ctx)
    {
        var server = ctx.Server;
        server.Stats.Reset();
        server.Databases.Stats.Reset();
        server.Metrics.Reset();
        server.Persistence.ResetStats();
        if (server.Aof.Log is { } aof)
        {
            aof.DelayedFsyncs = 0;
        }
        foreach (var spec in server.Commands.All)
        {
            spec.ResetStats();
        }
        ctx.Reply.Ok();
    }

    private static void Rewrite(CommandContext ctx)
    {
        if (ctx.Server.Config.Rewrite(out var error))
        {
            ctx.Server.Log.Warning("CONFIG REWRITE executed with success.");
            ctx.Reply.Ok();
        }
        else
        {
            // Like Redis, log only the failures to write the file, not the lack of one.
            const string Prefix = "ERR Rewriting config file: ";
            if (error.StartsWith(Prefix, StringComparison.Ordinal))
            {
                ctx.Server.Log.Warning("CONFIG REWRITE failed: " + error[Prefix.Length..]);
            }
            ctx.Reply.Error(error);
        }
    }

    private static void Help(CommandContext ctx) => HelpReply.Write(ctx,
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.");
}
