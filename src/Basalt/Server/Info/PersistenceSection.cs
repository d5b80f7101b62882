namespace Basalt.Server.Info;

/// <summary>INFO persistence, from the server's <see cref="PersistenceInfo"/>, its loading flag and the dirty counter.</summary>
public static class PersistenceSection
{
    public static void Write(InfoWriter info, BasaltServer server)
    {
        var p = server.Persistence;
        var config = server.Config;
        info.Section("Persistence");
        info.Field("loading", server.Loading && !p.AsyncLoading);
        info.Field("async_loading", p.AsyncLoading);
        info.Field("current_cow_peak", p.CurrentCowPeak);
        info.Field("current_cow_size", p.CurrentCowSize);
        info.Field("current_cow_size_age", p.CurrentCowSizeAgeSeconds);
        info.Field("current_fork_perc", p.CurrentForkPercent, 2);
        info.Field("current_save_keys_processed", p.CurrentSaveKeysProcessed);
        info.Field("current_save_keys_total", p.CurrentSaveKeysTotal);
        info.Field("rdb_changes_since_last_save", server.Databases.Dirty);
        info.Field("rdb_bgsave_in_progress", p.RdbBgsaveInProgress);
        info.Field("rdb_last_save_time", p.LastSaveUnixSeconds);
        info.Field("rdb_last_bgsave_status", p.LastBgsaveOk ? "ok" : "err");
        info.Field("rdb_last_bgsave_time_sec", p.RdbLastBgsaveTimeSeconds);
        info.Field("rdb_current_bgsave_time_sec", p.RdbCurrentBgsaveTimeSeconds);
        info.Field("rdb_saves", p.RdbSaves);
        info.Field("rdb_last_cow_size", p.RdbLastCowSize);
        info.Field("rdb_last_load_keys_expired", p.RdbLastLoadKeysExpired);
        info.Field("rdb_last_load_keys_loaded", p.RdbLastLoadKeysLoaded);
        var aof = server.Aof;
        info.Field("aof_enabled", aof.Enabled);
        info.Field("aof_rewrite_in_progress", p.AofRewriteInProgress);
        info.Field("aof_rewrite_scheduled", p.AofRewriteScheduled);
        info.Field("aof_last_rewrite_time_sec", p.AofLastRewriteTimeSeconds);
        info.Field("aof_current_rewrite_time_sec", p.AofCurrentRewriteTimeSeconds);
        info.Field("aof_last_bgrewrite_status", p.AofLastBgrewriteOk ? "ok" : "err");
        info.Field("aof_rewrites", p.AofRewrites);
        info.Field("aof_rewrites_consecutive_failures", p.AofRewritesConsecutiveFailures);
        info.Field("aof_last_write_status", aof.Log?.LastWriteError is null ? "ok" : "err");
        info.Field("aof_last_cow_size", p.AofLastCowSize);
        info.Field("module_fork_in_progress", 0);
        info.Field("module_fork_last_cow_size", 0);

        if (config.AppendOnly)
        {
            info.Field("aof_current_size", aof.CurrentSize);
            info.Field("aof_base_size", aof.BaseSize);
            info.Field("aof_pending_rewrite", p.AofRewriteScheduled);
            info.Field("aof_buffer_length", aof.Log?.BufferedBytes ?? 0);
            info.Field("aof_pending_bio_fsync", 0);
            info.Field("aof_delayed_fsync", aof.Log?.DelayedFsyncs ?? 0);
        }

        if (server.Loading)
        {
            WriteLoadingProgress(info, p);
        }
    }

    private static void WriteLoadingProgress(InfoWriter info, PersistenceInfo p)
    {
        double percent = 0;
        long remaining = 1;
        if (p.LoadingTotalBytes > 0)
        {
            percent = (double)p.LoadingLoadedBytes / p.LoadingTotalBytes * 100;
            remaining = p.LoadingTotalBytes - p.LoadingLoadedBytes;
        }
        else if (p.LoadingRdbUsedMemory > 0)
        {
            // The used memory recorded in the file only estimates its size: never claim to be done.
            percent = Math.Min(99.99, (double)p.LoadingLoadedBytes / p.LoadingRdbUsedMemory * 100);
            remaining = Math.Max(1, p.LoadingRdbUsedMemory - p.LoadingLoadedBytes);
        }
        var elapsed = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - p.LoadingStartUnixSeconds;
        var eta = elapsed == 0 ? 1 : elapsed * remaining / (p.LoadingLoadedBytes + 1);
        info.Field("loading_start_time", p.LoadingStartUnixSeconds);
        info.Field("loading_total_bytes", p.LoadingTotalBytes);
        info.Field("loading_rdb_used_mem", p.LoadingRdbUsedMemory);
        info.Field("loading_loaded_bytes", p.LoadingLoadedBytes);
        info.Field("loading_loaded_perc", percent, 2);
        info.Field("loading_eta_seconds", eta);
    }
}
