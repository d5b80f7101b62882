namespace Basalt.Config.Parameters;

/// <summary>
/// <c>bind addr ...</c>: the addresses to listen on, at most 16. A '-' prefix marks an address
/// that may be missing on the host; "" means no TCP listener at all.
/// </summary>
public sealed class BindParameter : ConfigParameter
{
    private const int MaxAddresses = 16;
    // Redis's compiled-in default is "* -::*" (every interface, guarded by protected-mode); Basalt
    // defaults to the loopback addresses that Redis 7's shipped redis.conf sets, so that a server
    // started without a config file is never reachable from the network by accident.
    private static readonly string[] Defaults = ["127.0.0.1", "-::1"];

    internal BindParameter() : base("bind", null, ConfigFlags.MultiArg)
    {
    }

    public IReadOnlyList<string> Addresses { get; private set; } = Defaults;

    public override string Get() => string.Join(' ', Addresses);

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        if (args.Count > MaxAddresses)
        {
            error = "Too many bind addresses specified.";
            return SetOutcome.Failed;
        }
        error = null;
        Addresses = args.Count == 1 && args[0].Length == 0 ? Array.Empty<string>() : args.ToArray();
        return SetOutcome.Changed;
    }

    /// <summary>
    /// Always written, the default included: the two servers' defaults differ, and a file without the
    /// line would make redis-server listen on every interface where Basalt listened on loopback only
    /// (and a file that dropped "bind * -::*" as Redis's default would make Basalt do the reverse).
    /// </summary>
    internal override void Rewrite(ConfigRewriteState state)
    {
        var addresses = Addresses.Count > 0 ? string.Join(' ', Addresses) : "\"\"";
        state.RewriteLine(Name, Name + " " + addresses, force: true);
    }
}
