namespace Basalt.Server.Info;

/// <summary>INFO replication: Basalt is always a master without replicas.</summary>
public static class ReplicationSection
{
    public static void Write(InfoWriter info, BasaltServer server)
    {
        var config = server.Config;
        var replication = server.Replication;
        info.Section("Replication");
        info.Field("role", "master");
        info.Field("connected_slaves", 0);
        if (long.TryParse(config.Get("min-replicas-to-write"), out var minReplicas) && minReplicas > 0 &&
            long.TryParse(config.Get("min-replicas-max-lag"), out var maxLag) && maxLag > 0)
        {
            info.Field("min_slaves_good_slaves", 0);
        }
        info.Field("master_failover_state", "no-failover");
        info.Field("master_replid", replication.ReplicationId);
        info.Field("master_replid2", replication.SecondaryReplicationId);
        info.Field("master_repl_offset", replication.MasterReplicationOffset);
        info.Field("second_repl_offset", replication.SecondReplicationOffset);
        info.Field("repl_backlog_active", 0);
        info.Field("repl_backlog_size", config.ReplBacklogSize);
        info.Field("repl_backlog_first_byte_offset", 0);
        info.Field("repl_backlog_histlen", 0);
    }
}
