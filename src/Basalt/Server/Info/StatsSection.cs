namespace Basalt.Server.Info;

/// <summary>INFO stats: connections, commands, traffic, expiry and keyspace counters.</summary>
public static class StatsSection
{
    public static void Write(InfoWriter info, BasaltServer server)
    {
        var stats = server.Stats;
        var keyspace = server.Databases.Stats;
        var metrics = server.Metrics;
        info.Section("Stats");
        info.Field("total_connections_received", stats.TotalConnectionsReceived);
        info.Field("total_commands_processed", stats.TotalCommandsProcessed);
        // Redis averages whole-number rates, then divides the byte rates by 1024 in float.
        info.Field("instantaneous_ops_per_sec", (long)metrics.OpsPerSecond);
        info.Field("total_net_input_bytes", Interlocked.Read(ref stats.NetInputBytes));
        info.Field("total_net_output_bytes", Interlocked.Read(ref stats.NetOutputBytes));
        info.Field("total_net_repl_input_bytes", 0);
        info.Field("total_net_repl_output_bytes", 0);
        info.Field("instantaneous_input_kbps", Kbps(metrics.InputKbps), 2);
        info.Field("instantaneous_output_kbps", Kbps(metrics.OutputKbps), 2);
        info.Field("instantaneous_input_repl_kbps", 0.0, 2);
        info.Field("instantaneous_output_repl_kbps", 0.0, 2);
        info.Field("rejected_connections", stats.RejectedConnections);
        info.Field("sync_full", 0);
        info.Field("sync_partial_ok", 0);
        info.Field("sync_partial_err", 0);
        info.Field("expired_keys", keyspace.ExpiredKeys);
        info.Field("expired_stale_perc", keyspace.ExpiredStalePercentTimes100 / 100.0, 2);
        info.Field("expired_time_cap_reached_count", keyspace.ExpiredTimeCapReachedCount);
        info.Field("expire_cycle_cpu_milliseconds", keyspace.ExpireCycleCpuMilliseconds);
        info.Field("evicted_keys", keyspace.EvictedKeys);
        info.Field("evicted_clients", 0);
        info.Field("total_eviction_exceeded_time", 0);
        info.Field("current_eviction_exceeded_time", 0);
        info.Field("keyspace_hits", keyspace.Hits);
        info.Field("keyspace_misses", keyspace.Misses);
        info.Field("pubsub_channels", server.PubSub.ChannelCount);
        info.Field("pubsub_patterns", server.PubSub.PatternCount);
        info.Field("pubsubshard_channels", server.PubSub.ShardChannelCount);
        // Snapshots never fork: no fork time to report.
        info.Field("latest_fork_usec", 0);
        info.Field("total_forks", 0);
        info.Field("migrate_cached_sockets", 0);
        info.Field("slave_expires_tracked_keys", 0);
        info.Field("active_defrag_hits", 0);
        info.Field("active_defrag_misses", 0);
        info.Field("active_defrag_key_hits", 0);
        info.Field("active_defrag_key_misses", 0);
        info.Field("total_active_defrag_time", 0);
        info.Field("current_active_defrag_time", 0);
        info.Field("tracking_total_keys", 0);
        info.Field("tracking_total_items", 0);
        info.Field("tracking_total_prefixes", 0);
        info.Field("unexpected_error_replies", stats.UnexpectedErrorReplies);
        info.Field("total_error_replies", stats.TotalErrorReplies);
        info.Field("dump_payload_sanitizations", 0);
        info.Field("total_reads_processed", Interlocked.Read(ref stats.TotalReadsProcessed));
        info.Field("total_writes_processed", Interlocked.Read(ref stats.TotalWritesProcessed));
        info.Field("io_threaded_reads_processed", 0);
        info.Field("io_threaded_writes_processed", 0);
        info.Field("reply_buffer_shrinks", 0);
        info.Field("reply_buffer_expands", 0);
    }

    private static double Kbps(double kbps) => (float)Math.Floor(kbps * 1024) / 1024;
}
