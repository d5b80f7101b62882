namespace Basalt.Config;

/// <summary>
/// Settings Redis honours with features Basalt does not have (replication, cluster, TLS, ACL
/// users): a configuration that asks for one is refused at start-up rather than read and ignored,
/// which would leave, say, a replica's configuration serving as a writable master, or a password
/// given as an ACL rule unenforced.
/// </summary>
public static class UnsupportedSettings
{
    /// <summary>The rules of a <c>user default ...</c> line that only restate the default user Basalt has (every permission, no password).</summary>
    private static readonly HashSet<string> DefaultUserRules = new(StringComparer.OrdinalIgnoreCase)
    {
        "on", "nopass", "~*", "%RW~*", "&*", "+@all", "allkeys", "allchannels", "allcommands", "sanitize-payload", "skip-sanitize-payload",
    };

    /// <summary>Why Basalt cannot start with <paramref name="config"/>, or null when it can.</summary>
    public static string? Refusal(ServerConfig config)
    {
        if (config.MasterHost is not null)
        {
            return $"'replicaof {config.Get("replicaof")}' is set, but Basalt does not support replication: it would serve as a writable master, not as a replica. Aborting.";
        }
        if (config.ClusterEnabled)
        {
            return "'cluster-enabled yes' is set, but Basalt does not support Redis Cluster. Aborting.";
        }
        foreach (var tls in new[] { "tls-port", "tls-replication", "tls-cluster" })
        {
            if (TurnsTlsOn(config, tls))
            {
                return $"'{tls} {config.Get(tls)}' is set, but Basalt does not support TLS. Aborting.";
            }
        }
        if (config.Get("aclfile")!.Length > 0)
        {
            return $"'aclfile {config.Get("aclfile")}' is set, but Basalt does not support ACL files. Aborting.";
        }
        foreach (var user in config.UserDirectives)
        {
            if (!user[0].Equals("default", StringComparison.Ordinal) || !user.Skip(1).All(DefaultUserRules.Contains))
            {
                return $"'user {string.Join(' ', user)}': Basalt has only the default user, with every permission (requirepass sets its password). Aborting.";
            }
        }
        return null;
    }

    /// <summary>The error CONFIG SET gives for turning TLS on (as Redis's applyTlsCfg when TLS cannot be configured), or null.</summary>
    public static string? TlsRefusal(ServerConfig config, string parameter) =>
        TurnsTlsOn(config, parameter) ? "Unable to update TLS configuration. Check server logs." : null;

    /// <summary>Whether <paramref name="parameter"/> is a TLS setting whose value asks for TLS (a TLS port, or TLS for replication or the cluster bus).</summary>
    private static bool TurnsTlsOn(ServerConfig config, string parameter) => parameter switch
    {
        "tls-port" => config.Get(parameter) != "0",
        "tls-replication" or "tls-cluster" => config.Get(parameter) == "yes",
        _ => false,
    };
}
