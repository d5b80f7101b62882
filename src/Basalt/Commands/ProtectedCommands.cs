using Basalt.Server;

namespace Basalt.Commands;

/// <summary>
/// Commands that a configuration option must allow (enable-debug-command for DEBUG): "yes",
/// "local" for clients on the loopback or a Unix socket, "no" (allowProtectedAction).
/// </summary>
public static class ProtectedCommands
{
    /// <summary>Why <paramref name="spec"/> is refused to this client, or null when it is allowed.</summary>
    public static string? Refusal(CommandContext ctx, CommandSpec spec)
    {
        var (option, setting) = spec.Name switch
        {
            "debug" => ("enable-debug-command", ctx.Server.Config.EnableDebugCommand),
            _ => ("enable-module-command", ctx.Server.Config.Get("enable-module-command") ?? "no"),
        };
        if (setting == "yes" || (setting == "local" && IsLocal(ctx.Client)))
        {
            return null;
        }
        return $"ERR {spec.Name.ToUpperInvariant()} command not allowed. If the {option} option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.";
    }

    /// <summary>islocalClient: a Unix socket, or a TCP peer at 127.0.0.1 or ::1.</summary>
    public static bool IsLocal(ClientSession client)
    {
        if (client.Has(ClientFlags.UnixSocket))
        {
            return true;
        }
        var address = client.Channel.RemoteAddress;
        return address.StartsWith("127.0.0.1:", StringComparison.Ordinal) || address.StartsWith("[::1]:", StringComparison.Ordinal);
    }
}
