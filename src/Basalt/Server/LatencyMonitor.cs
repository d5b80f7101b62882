using Basalt.Commands;

namespace Basalt.Server;

/// <summary>A latency event's samples (LATENCY LATEST / HISTORY).</summary>
public sealed class LatencySeries
{
    /// <summary>At most one sample per second, the oldest first.</summary>
    public List<(long UnixSeconds, long Milliseconds)> Samples { get; } = [];

    /// <summary>The worst latency seen since the event was last reset.</summary>
    public long MaxMilliseconds { get; set; }
}

/// <summary>
/// The latency monitor: events ("command", "fast-command", later the persistence events) whose
/// latency reached latency-monitor-threshold milliseconds, 160 samples each, one per second;
/// and, with latency-tracking, every command's latency histogram for INFO latencystats.
/// </summary>
public sealed class LatencyMonitor
{
    private const int HistoryLength = 160;

    public long ThresholdMs { get; set; }

    /// <summary>latency-tracking: whether commands record their latency into their histograms.</summary>
    public bool TrackingEnabled { get; set; } = true;

    /// <summary>The events, by name (case-sensitive, as Redis's dictionary of events is).</summary>
    public Dictionary<string, LatencySeries> Events { get; } = new(StringComparer.Ordinal);

    /// <summary>Called after every command with its duration: the histogram, then the latency events.</summary>
    public void RecordCommand(CommandSpec spec, long micros)
    {
        if (TrackingEnabled)
        {
            (spec.LatencyHistogram ??= new LatencyHistogram()).Record(micros * 1000);
        }
        if (ThresholdMs <= 0)
        {
            return;
        }
        var ms = micros / 1000;
        if (ms >= ThresholdMs)
        {
            Add((spec.Flags & CommandFlags.Fast) != 0 ? "fast-command" : "command", ms);
        }
    }

    /// <summary>Adds a sample if it reaches the threshold (latencyAddSampleIfNeeded).</summary>
    public void Add(string eventName, long ms)
    {
        if (ThresholdMs <= 0 || ms < ThresholdMs)
        {
            return;
        }
        if (!Events.TryGetValue(eventName, out var series))
        {
            series = new LatencySeries();
            Events[eventName] = series;
        }
        series.MaxMilliseconds = Math.Max(series.MaxMilliseconds, ms);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var samples = series.Samples;
        // Within the same second only the worst sample is kept.
        if (samples.Count > 0 && samples[^1].UnixSeconds == now)
        {
            samples[^1] = (now, Math.Max(ms, samples[^1].Milliseconds));
            return;
        }
        samples.Add((now, ms));
        if (samples.Count > HistoryLength)
        {
            samples.RemoveAt(0);
        }
    }

    /// <summary>Forgets the named events (case-insensitively, as LATENCY RESET does), or all of them; returns how many.</summary>
    public int Reset(IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            var all = Events.Count;
            Events.Clear();
            return all;
        }
        var removed = 0;
        foreach (var name in names)
        {
            foreach (var key in Events.Keys.Where(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                Events.Remove(key);
                removed++;
            }
        }
        return removed;
    }
}
