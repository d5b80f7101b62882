namespace Basalt.Server.Info;

/// <summary>
/// The server's replication identity and offsets, as INFO replication reports them and as RDB
/// files record them (repl-id, repl-offset). Basalt is always a master without replicas, so only
/// the identity is interesting; the offsets stay where a fresh master has them.
/// </summary>
public sealed class ReplicationInfo
{
    /// <summary>master_replid: 40 random hex characters chosen at start (changeReplicationId).</summary>
    public string ReplicationId { get; set; } = KernelRandom.Hex(20);

    /// <summary>master_replid2: the previous id, all zeros when there was none.</summary>
    public string SecondaryReplicationId { get; set; } = new('0', 40);

    public long MasterReplicationOffset { get; set; }

    public long SecondReplicationOffset { get; set; } = -1;
}
