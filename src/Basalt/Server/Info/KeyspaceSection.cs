namespace Basalt.Server.Info;

/// <summary>INFO keyspace: "db0:keys=N,expires=M,avg_ttl=T" for every database holding keys.</summary>
public static class KeyspaceSection
{
    public static void Write(InfoWriter info, BasaltServer server)
    {
        info.Section("Keyspace");
        foreach (var db in server.Databases.All)
        {
            var keys = db.KeyCount;
            var expires = db.ExpiresCount;
            if (keys != 0 || expires != 0)
            {
                info.Field($"db{db.Index}", $"keys={keys},expires={expires},avg_ttl={db.AverageTtlMs}");
            }
        }
    }
}
