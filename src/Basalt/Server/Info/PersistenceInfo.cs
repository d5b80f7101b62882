namespace Basalt.Server.Info;

/// <summary>
/// The figures INFO persistence reports that the persistence layer owns. Every value starts as a
/// server that has never saved reports it (rdb_last_bgsave_status:ok, rdb_last_bgsave_time_sec:-1,
/// rdb_last_save_time = start time...); the RDB and AOF code updates them as it works.
/// loading comes from <see cref="BasaltServer.Loading"/> and rdb_changes_since_last_save from
/// <see cref="Keyspace.DatabaseSet.Dirty"/>, so they are not held here.
/// </summary>
public sealed class PersistenceInfo
{
    public PersistenceInfo(long startUnixSeconds)
    {
        LastSaveUnixSeconds = startUnixSeconds;
    }

    public bool AsyncLoading { get; set; }

    // Snapshot progress (current_*): Basalt's snapshots copy segments instead of pages, and report them here.
    public long CurrentCowPeak { get; set; }

    public long CurrentCowSize { get; set; }

    public long CurrentCowSizeAgeSeconds { get; set; }

    public double CurrentForkPercent { get; set; }

    public long CurrentSaveKeysProcessed { get; set; }

    public long CurrentSaveKeysTotal { get; set; }

    public bool RdbBgsaveInProgress { get; set; }

    /// <summary>
    /// The figures of the running snapshot, BGSAVE's or a rewrite's (Redis reports its fork child's,
    /// whichever it is): extra memory and its peak, keys written of the keys there were.
    /// </summary>
    public void UpdateSnapshotProgress(Basalt.Persistence.KeyspaceSnapshot running)
    {
        CurrentCowSize = running.ExtraBytes;
        CurrentCowPeak = Math.Max(CurrentCowPeak, CurrentCowSize);
        CurrentSaveKeysTotal = running.KeysTotal;
        CurrentSaveKeysProcessed = running.KeysProcessed;
        CurrentForkPercent = running.KeysTotal == 0 ? 0 : 100.0 * running.KeysProcessed / running.KeysTotal;
    }

    /// <summary>No snapshot runs any more: the figures of <see cref="UpdateSnapshotProgress"/> go back to zero.</summary>
    public void ClearSnapshotProgress()
    {
        CurrentCowSize = 0;
        CurrentCowPeak = 0;
        CurrentSaveKeysProcessed = 0;
        CurrentSaveKeysTotal = 0;
        CurrentForkPercent = 0;
    }

    /// <summary>rdb_last_save_time (and LASTSAVE): the last successful save, or the start time.</summary>
    public long LastSaveUnixSeconds { get; set; }

    public bool LastBgsaveOk { get; set; } = true;

    public long RdbLastBgsaveTimeSeconds { get; set; } = -1;

    /// <summary>Seconds the running BGSAVE has taken; -1 when none runs.</summary>
    public long RdbCurrentBgsaveTimeSeconds { get; set; } = -1;

    public long RdbSaves { get; set; }

    public long RdbLastCowSize { get; set; }

    public long RdbLastLoadKeysExpired { get; set; }

    public long RdbLastLoadKeysLoaded { get; set; }


    public bool AofRewriteInProgress { get; set; }

    public bool AofRewriteScheduled { get; set; }

    public long AofLastRewriteTimeSeconds { get; set; } = -1;

    public long AofCurrentRewriteTimeSeconds { get; set; } = -1;

    public bool AofLastBgrewriteOk { get; set; } = true;

    public long AofRewrites { get; set; }

    public long AofRewritesConsecutiveFailures { get; set; }

    public long AofLastCowSize { get; set; }

    // Shown only while loading.
    public long LoadingStartUnixSeconds { get; set; }

    public long LoadingTotalBytes { get; set; }

    public long LoadingRdbUsedMemory { get; set; }

    public long LoadingLoadedBytes { get; set; }

    /// <summary>What CONFIG RESETSTAT clears here (resetServerStats).</summary>
    public void ResetStats()
    {
        RdbSaves = 0;
        AofRewrites = 0;
        AofRewritesConsecutiveFailures = 0;
    }
}
