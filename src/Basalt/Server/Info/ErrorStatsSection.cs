namespace Basalt.Server.Info;

/// <summary>INFO errorstats: error replies by code, in byte order as Redis's radix tree lists them.</summary>
public static class ErrorStatsSection
{
    public static void Write(InfoWriter info, BasaltServer server)
    {
        info.Section("Errorstats");
        foreach (var (code, count) in server.Stats.ErrorCodes.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            info.Field("errorstat_" + InfoWriter.Safe(code), $"count={count}");
        }
    }
}
