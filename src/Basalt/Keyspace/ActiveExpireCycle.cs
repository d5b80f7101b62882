using System.Diagnostics;

namespace Basalt.Keyspace;

/// <summary>
/// Redis's active expire cycle (activeExpireCycle, slow type): run from the server cron, it samples
/// keys with a TTL at random and deletes the expired ones, repeating on a database while more than
/// an acceptable share of the sample was expired, within a time budget (25% of a cron period).
/// This is what removes keys that nobody reads again.
/// </summary>
public sealed class ActiveExpireCycle
{
    private const int KeysPerLoop = 20;
    private const int AcceptableStalePercent = 10;
    private const int SlowTimePercent = 25;
    private const int DatabasesPerCall = 16;

    private readonly Random _random = new();
    private int _nextDb;
    private bool _stoppedAtTimeLimit;

    /// <summary>DEBUG SET-ACTIVE-EXPIRE turns the cycle off and on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the last cycle took, in microseconds (for the "expire-cycle" latency event).</summary>
    public long LastCycleMicroseconds { get; private set; }

    /// <summary>Runs one slow cycle. <paramref name="effort"/> is active-expire-effort (1..10).</summary>
    public void Run(DatabaseSet databases, int hz, int effort)
    {
        LastCycleMicroseconds = 0;
        if (!Enabled || databases.Count == 0)
        {
            return;
        }
        var adjustedEffort = Math.Clamp(effort, 1, 10) - 1;
        var keysPerLoop = KeysPerLoop + KeysPerLoop / 4 * adjustedEffort;
        var acceptableStale = AcceptableStalePercent - adjustedEffort;
        var budgetTicks = Math.Max(1, Stopwatch.Frequency * (SlowTimePercent + 2 * adjustedEffort) / 100 / Math.Max(1, hz));

        // After a cycle that ran out of time, visit every database: some of them have work left.
        var dbsThisCall = _stoppedAtTimeLimit ? databases.Count : Math.Min(DatabasesPerCall, databases.Count);
        _stoppedAtTimeLimit = false;
        var start = Stopwatch.GetTimestamp();
        long sampledTotal = 0;
        long expiredTotal = 0;

        for (var i = 0; i < dbsThisCall && !_stoppedAtTimeLimit; i++)
        {
            // Advance first, so that a cycle that runs out of time here resumes with the next database.
            var db = databases[_nextDb % databases.Count];
            _nextDb = (_nextDb + 1) % databases.Count;
            int sampled;
            int expired;
            do
            {
                if (db.Expires.Count == 0)
                {
                    db.AverageTtlMs = 0;
                    break;
                }
                sampled = 0;
                expired = 0;
                long ttlSum = 0;
                var ttlSamples = 0;
                var toSample = Math.Min(keysPerLoop, db.Expires.Count);
                for (var s = 0; s < toSample && db.Expires.Count > 0; s++)
                {
                    var (entry, expireAtMs) = db.Expires.Sample(_random);
                    var ttl = expireAtMs - databases.NowMs;
                    sampled++;
                    if (db.IsExpiredAt(expireAtMs))
                    {
                        db.ExpireNow(entry);
                        expired++;
                    }
                    else if (ttl > 0)
                    {
                        ttlSum += ttl;
                        ttlSamples++;
                    }
                }
                sampledTotal += sampled;
                expiredTotal += expired;
                if (ttlSamples > 0)
                {
                    // Redis's running average: 2% weight for the new estimate, seeded by the first one.
                    var average = ttlSum / ttlSamples;
                    if (db.AverageTtlMs == 0)
                    {
                        db.AverageTtlMs = average;
                    }
                    db.AverageTtlMs = db.AverageTtlMs / 50 * 49 + average / 50;
                }
                if (Stopwatch.GetTimestamp() - start > budgetTicks)
                {
                    _stoppedAtTimeLimit = true;
                    databases.Stats.ExpiredTimeCapReachedCount++;
                    break;
                }
            }
            while (expired * 100 / sampled > acceptableStale);
        }

        LastCycleMicroseconds = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        databases.Stats.ExpireCycleCpuMicroseconds += LastCycleMicroseconds;
        // Running estimate of the share of logically expired keys still in memory (5% weight).
        var stale = sampledTotal == 0 ? 0 : expiredTotal * 10000 / sampledTotal;
        databases.Stats.ExpiredStalePercentTimes100 = (databases.Stats.ExpiredStalePercentTimes100 * 95 + stale * 5) / 100;
    }
}
