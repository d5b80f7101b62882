namespace Basalt.Server.Info;

/// <summary>INFO clients: connections and the biggest client buffers.</summary>
public static class ClientsSection
{
    public static void Write(InfoWriter info, BasaltServer server)
    {
        long maxInput = 0;
        long maxOutput = 0;
        foreach (var client in server.Clients.All)
        {
            var (used, free) = client.Channel.QueryBuffer;
            maxInput = Math.Max(maxInput, used + free);
            maxOutput = Math.Max(maxOutput, client.Channel.PendingOutput);
        }
        info.Section("Clients");
        info.Field("connected_clients", server.Clients.Count);
        info.Field("cluster_connections", 0);
        info.Field("maxclients", server.Config.MaxClients);
        info.Field("client_recent_max_input_buffer", maxInput);
        info.Field("client_recent_max_output_buffer", maxOutput);
        info.Field("blocked_clients", server.Blocking.BlockedCount);
        info.Field("tracking_clients", 0);
        info.Field("clients_in_timeout_table", server.Blocking.WithTimeoutCount);
    }
}
