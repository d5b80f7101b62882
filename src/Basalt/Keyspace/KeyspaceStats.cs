namespace Basalt.Keyspace;

/// <summary>Counters the keyspace keeps for INFO stats.</summary>
public sealed class KeyspaceStats
{
    public long Hits;
    public long Misses;
    public long ExpiredKeys;
    public long ExpiredStalePercentTimes100;
    public long EvictedKeys;

    /// <summary>Time spent in the active expire cycle (stat_expire_cycle_time_used), in microseconds.</summary>
    public long ExpireCycleCpuMicroseconds;

    /// <summary>Active expire cycles that stopped at their time limit (expired_time_cap_reached_count).</summary>
    public long ExpiredTimeCapReachedCount;

    /// <summary>INFO stats expire_cycle_cpu_milliseconds.</summary>
    public long ExpireCycleCpuMilliseconds => ExpireCycleCpuMicroseconds / 1000;

    public void Reset()
    {
        Hits = Misses = ExpiredKeys = ExpiredStalePercentTimes100 = EvictedKeys = 0;
        ExpireCycleCpuMicroseconds = ExpiredTimeCapReachedCount = 0;
    }
}
