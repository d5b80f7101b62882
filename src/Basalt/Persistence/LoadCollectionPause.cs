using System.Runtime;

namespace Basalt.Persistence;

/// <summary>
/// Keeps the garbage collector out of a dataset load. Nearly everything a load allocates stays
/// alive, so a collection during it only marks and moves what survives anyway: with the default
/// budgets a 1M-key RDB load went through about six collections, a third of its time, each
/// generation copying the dataset once more. Here the load runs in a no-GC region sized from what
/// it may allocate (memory is reserved, not committed) and one collection promotes the
/// dataset at the end, still while clients get -LOADING, rather than as a pause once serving.
/// </summary>
/// <remarks>
/// If the region cannot be had (a heap hard limit, too little memory) or the load allocates more
/// than expected, the runtime collects as usual; the Batch latency mode then keeps background
/// collections, which would only mark live objects concurrently with the load, from starting.
/// </remarks>
public sealed class LoadCollectionPause : IDisposable
{
    // What a load may allocate against the size of its file: an RDB of 100-byte strings expands
    // about 2.5 times in memory, one of 3-byte strings about 7 times; reserving too much costs
    // address space only, and garbage a load makes (an AOF's overwritten values) counts too.
    private const long AllocationPerFileByte = 10;
    private const long MinimumBudget = 64L * 1024 * 1024;

    // The collector's modes are per process: one load at a time sets them (the server loads one
    // dataset at a time; a test process may run several servers).
    private static int s_owned;

    private readonly GCLatencyMode _previousMode;
    private readonly bool _owner;
    private readonly bool _inRegion;

    private LoadCollectionPause(long fileBytes)
    {
        _owner = Interlocked.Exchange(ref s_owned, 1) == 0;
        if (!_owner)
        {
            return;
        }
        _previousMode = GCSettings.LatencyMode;
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var budget = Math.Min(Math.Max(fileBytes * AllocationPerFileByte, MinimumBudget), Math.Max(available / 2, MinimumBudget));
        try
        {
            _inRegion = GC.TryStartNoGCRegion(budget);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            _inRegion = false;
        }
        if (!_inRegion)
        {
            GCSettings.LatencyMode = GCLatencyMode.Batch;
        }
    }

    /// <summary>Starts a load of a file (or files) of <paramref name="fileBytes"/> bytes.</summary>
    public static LoadCollectionPause Begin(long fileBytes) => new(fileBytes);

    public void Dispose()
    {
        if (!_owner)
        {
            return;
        }
        try
        {
            if (!_inRegion)
            {
                GCSettings.LatencyMode = _previousMode;
            }
            else if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
                GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            }
            // Otherwise the load outgrew the region, which ended with a collection, and it went on as usual.
        }
        catch (InvalidOperationException)
        {
            // The region ended meanwhile (a collection induced elsewhere in the process).
        }
        finally
        {
            Volatile.Write(ref s_owned, 0);
        }
    }
}
