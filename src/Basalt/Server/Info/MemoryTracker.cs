using Basalt.Keyspace;

namespace Basalt.Server.Info;

/// <summary>
/// The memory INFO reports and eviction compares with maxmemory. used_memory is the managed heap
/// measured at start-up (used_memory_startup, fixed) plus the keyspace's counted bytes
/// (<see cref="DatabaseMemory"/>, kept by the write door) plus the client and AOF buffers; the peak
/// is sampled by the cron and at every INFO, as Redis samples it. The GC's own running total is
/// not used: it includes garbage not yet collected, so it would make used_memory and eviction
/// depend on when the GC last ran.
/// </summary>
public sealed class MemoryTracker
{
    public MemoryTracker()
    {
        StartupBytes = GC.GetTotalMemory(forceFullCollection: false);
        PeakBytes = StartupBytes;
    }

    public long StartupBytes { get; }

    public long PeakBytes { get; private set; }

    /// <summary>The memory eviction counts: start-up memory and the keyspace (used_memory less mem_not_counted_for_evict).</summary>
    public long EvictableBytes(DatabaseSet databases) => StartupBytes + databases.DatasetBytes;

    /// <summary>Samples the evictable memory for the peak (the cron); returns it.</summary>
    public long Sample(DatabaseSet databases) => Sample(EvictableBytes(databases));

    /// <summary>Raises the peak to <paramref name="usedBytes"/> if needed; returns it.</summary>
    public long Sample(long usedBytes)
    {
        if (usedBytes > PeakBytes)
        {
            PeakBytes = usedBytes;
        }
        return usedBytes;
    }
}
