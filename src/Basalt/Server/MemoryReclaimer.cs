namespace Basalt.Server;

/// <summary>
/// Gives memory back after a burst of connections has gone. Connection objects live long enough
/// to reach the oldest GC generation, which is collected only rarely, so after a storm of
/// thousands of connections the process would keep their memory for a long time. When many
/// connections have closed since the last check, the cron asks for a full collection that gives
/// free memory back to the OS. That collection stops the world for a time proportional to the
/// live heap, so it is done only while the dataset is small; with a large dataset the garbage of
/// a connection storm is small next to it and an ordinary background collection is enough.
/// </summary>
public sealed class MemoryReclaimer
{
    private const long ClosedConnectionsThreshold = 1000;
    private const long MinimumIntervalMs = 5000;
    private const long SmallHeapBytes = 64L * 1024 * 1024;

    private long _closedAtLastCollection;
    private long _lastCollectionMs = long.MinValue / 2;

    public void MaybeCollect(long totalConnections, int connectedClients, long nowMs)
    {
        var closed = totalConnections - connectedClients;
        if (closed - _closedAtLastCollection < ClosedConnectionsThreshold || nowMs - _lastCollectionMs < MinimumIntervalMs)
        {
            return;
        }
        _closedAtLastCollection = closed;
        _lastCollectionMs = nowMs;
        if (GC.GetGCMemoryInfo().HeapSizeBytes < SmallHeapBytes)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        else
        {
            GC.Collect(2, GCCollectionMode.Optimized, blocking: false, compacting: false);
        }
    }
}
