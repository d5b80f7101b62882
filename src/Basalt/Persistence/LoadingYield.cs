using System.Diagnostics;
using Basalt.Server;

namespace Basalt.Persistence;

/// <summary>
/// Lets connections in while a file is loaded under the server lock (Redis's
/// processEventsWhileBlocked): every few milliseconds the loader releases the lock for a moment, so
/// clients get their -LOADING reply and INFO shows the progress. Used by the RDB and AOF loaders.
/// </summary>
public sealed class LoadingYield(BasaltServer server)
{
    private static readonly long IntervalTicks = Stopwatch.Frequency / 500;

    private long _lastYield = Stopwatch.GetTimestamp();

    /// <summary>Yields when the last yield is more than 2 ms ago; the caller holds the lock.</summary>
    public void MaybeYield(long loadedBytes)
    {
        if (Stopwatch.GetTimestamp() - _lastYield > IntervalTicks)
        {
            Yield(loadedBytes, TimeSpan.Zero);
        }
    }

    /// <summary>Publishes the progress and releases the lock, sleeping <paramref name="pause"/> (key-load-delay) or just yielding.</summary>
    public void Yield(long loadedBytes, TimeSpan pause)
    {
        server.Persistence.LoadingLoadedBytes = loadedBytes;
        server.Sync.Exit();
        try
        {
            if (pause > TimeSpan.Zero)
            {
                Thread.Sleep(pause);
            }
            else
            {
                Thread.Yield();
            }
        }
        finally
        {
            server.Sync.Enter();
            _lastYield = Stopwatch.GetTimestamp();
        }
    }
}
