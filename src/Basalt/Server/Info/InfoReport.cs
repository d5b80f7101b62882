namespace Basalt.Server.Info;

/// <summary>
/// Assembles the INFO text from the selected sections in Redis 7.0's order (genRedisInfoString).
/// </summary>
public static class InfoReport
{
    public static string Generate(BasaltServer server, InfoSectionSelection selection)
    {
        var info = new InfoWriter();
        if (selection.Includes("server"))
        {
            ServerSection.Write(info, server);
        }
        if (selection.Includes("clients"))
        {
            ClientsSection.Write(info, server);
        }
        if (selection.Includes("memory"))
        {
            MemorySection.Write(info, server);
        }
        if (selection.Includes("persistence"))
        {
            PersistenceSection.Write(info, server);
        }
        if (selection.Includes("stats"))
        {
            StatsSection.Write(info, server);
        }
        if (selection.Includes("replication"))
        {
            ReplicationSection.Write(info, server);
        }
        if (selection.Includes("cpu"))
        {
            CpuSection.Write(info, server);
        }
        if (selection.Includes("module_list") || selection.Includes("modules"))
        {
            // Basalt loads no modules: the section is its title alone, as in a Redis without modules.
            info.Section("Modules");
        }
        if (selection.Includes("commandstats"))
        {
            CommandStatsSection.Write(info, server);
        }
        if (selection.Includes("errorstats"))
        {
            ErrorStatsSection.Write(info, server);
        }
        if (selection.Includes("latencystats"))
        {
            LatencyStatsSection.Write(info, server);
        }
        if (selection.Includes("cluster"))
        {
            // Basalt has no cluster mode.
            info.Section("Cluster");
            info.Field("cluster_enabled", 0);
        }
        if (selection.Includes("keyspace"))
        {
            KeyspaceSection.Write(info, server);
        }
        return info.ToString();
    }
}
