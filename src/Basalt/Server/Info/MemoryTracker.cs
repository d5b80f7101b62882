namespace Basalt.Server.Info;

/// <summary>
/// The process's managed memory as INFO memory reports it: in use now (used_memory, the GC's count
/// of live and not yet collected bytes), at start-up (used_memory_startup) and at its peak
/// (used_memory_peak, sampled by the cron and at every INFO, as Redis samples it).
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

    public static long UsedBytes => GC.GetTotalMemory(forceFullCollection: false);

    /// <summary>Reads the memory in use and raises the peak if needed; returns the figure read.</summary>
    public long Sample()
    {
        var used = UsedBytes;
        if (used > PeakBytes)
        {
            PeakBytes = used;
        }
        return used;
    }
}
