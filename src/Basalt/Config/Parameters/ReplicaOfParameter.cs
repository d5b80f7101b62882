namespace Basalt.Config.Parameters;

/// <summary>
/// <c>replicaof &lt;host&gt; &lt;port&gt;</c> (alias slaveof), or <c>replicaof no one</c>: the master
/// this server replicates from when it starts. Changing it at run time is the REPLICAOF command's job.
/// </summary>
public sealed class ReplicaOfParameter : ConfigParameter
{
    private readonly BoolParameter _clusterEnabled;

    internal ReplicaOfParameter(BoolParameter clusterEnabled)
        : base("replicaof", "slaveof", ConfigFlags.Immutable | ConfigFlags.MultiArg)
    {
        _clusterEnabled = clusterEnabled;
    }

    /// <summary>The master's host, null when this server is a master.</summary>
    public string? MasterHost { get; private set; }

    public int MasterPort { get; private set; }

    public override string Get() => MasterHost is null ? "" : MasterHost + " " + ConfigNumbers.Invariant(MasterPort);

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        if (args.Count != 2)
        {
            error = "wrong number of arguments";
            return SetOutcome.Failed;
        }

        error = null;
        MasterHost = null;
        if (args[0].Equals("no", StringComparison.OrdinalIgnoreCase) && args[1].Equals("one", StringComparison.OrdinalIgnoreCase))
            return SetOutcome.Changed;

        var port = ConfigNumbers.StrToLL(args[1], 10, out var end, out _);
        if (port < 0 || port > 65535 || end != args[1].Length)
        {
            error = "Invalid master port";
            return SetOutcome.Failed;
        }
        MasterPort = (int)port;
        MasterHost = args[0];
        return SetOutcome.Changed;
    }

    internal override void Rewrite(ConfigRewriteState state)
    {
        // A master, or a cluster node (whose replication the cluster manages), writes no replicaof line.
        if (_clusterEnabled.Value || MasterHost is null)
        {
            state.MarkAsProcessed(Name);
            return;
        }
        state.RewriteLine(Name, $"{Name} {MasterHost} {MasterPort}", force: true);
    }
}
