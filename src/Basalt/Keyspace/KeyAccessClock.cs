namespace Basalt.Keyspace;

/// <summary>
/// Keeps each key's access information (<see cref="KeyEntry.Access"/>, Redis's robj "lru" field)
/// the way the maxmemory-policy asks for: under LRU policies the second of the last access;
/// under LFU policies the minute of the last decrement in the high bits and a logarithmic access
/// counter in the low 8 bits (evict.c). OBJECT IDLETIME, OBJECT FREQ, eviction and the RDB
/// IDLE/FREQ opcodes read it through this class.
/// </summary>
public sealed class KeyAccessClock
{
    /// <summary>The counter of a new key under LFU, so that it is not evicted before it can be used (LFU_INIT_VAL).</summary>
    public const int LfuInitialCounter = 5;

    private const uint LfuMinutesMask = 65535;

    /// <summary>LRU_CLOCK_MAX: the largest value of the 24-bit clock.</summary>
    private const uint LruClockMax = KeyEntry.AccessMask;

    private readonly Random _random = new();

    /// <summary>True under volatile-lfu and allkeys-lfu.</summary>
    public bool Lfu { get; private set; }

    /// <summary>lfu-log-factor: how slowly the counter saturates.</summary>
    public int LfuLogFactor { get; private set; } = 10;

    /// <summary>lfu-decay-time: minutes per counter decrement (0: never decay).</summary>
    public int LfuDecayTime { get; private set; } = 1;

    public void Configure(bool lfu, int lfuLogFactor, int lfuDecayTime)
    {
        Lfu = lfu;
        LfuLogFactor = lfuLogFactor;
        LfuDecayTime = lfuDecayTime;
    }

    /// <summary>A new value (createObject): now, or the initial LFU counter.</summary>
    internal void Created(KeyEntry entry, long nowMs) =>
        entry.Access = Lfu ? (Minutes(nowMs) << 8) | LfuInitialCounter : LruSeconds(nowMs);

    /// <summary>A lookup that counts as an access (updateLFU, or LRU_CLOCK()).</summary>
    internal void Accessed(KeyEntry entry, long nowMs)
    {
        if (!Lfu)
        {
            entry.Access = LruSeconds(nowMs);
            return;
        }
        var counter = LogIncrement(Frequency(entry, nowMs));
        entry.Access = (Minutes(nowMs) << 8) | counter;
    }

    /// <summary>
    /// Restores the access information an RDB file carried (objectSetLRUOrLFU): an LFU counter
    /// under LFU, the idle time under LRU; -1 means the file had none and the key stays as created.
    /// </summary>
    internal void Restore(KeyEntry entry, long lruIdleSeconds, int lfuFrequency, long nowMs)
    {
        if (Lfu && lfuFrequency >= 0)
        {
            entry.Access = (Minutes(nowMs) << 8) | (uint)Math.Min(lfuFrequency, 255);
        }
        else if (!Lfu && lruIdleSeconds >= 0)
        {
            // The absolute time wraps like the clock; the 24-bit field keeps what is left, as Redis's bitfield.
            var absolute = LruSeconds(nowMs) - lruIdleSeconds;
            if (absolute < 0)
            {
                absolute += LruClockMax;
            }
            entry.Access = (uint)(absolute & KeyEntry.AccessMask);
        }
    }

    /// <summary>
    /// Seconds since the last access under LRU (OBJECT IDLETIME; estimateObjectIdleTime, which reads a
    /// clock behind the entry's as one that wrapped); meaningless under LFU, as in Redis.
    /// </summary>
    public long IdleSeconds(KeyEntry entry, long nowMs)
    {
        var now = LruSeconds(nowMs);
        var access = entry.Access;
        return now >= access ? now - access : now + (LruClockMax - access);
    }

    /// <summary>The LFU counter after the decay due since its last update (LFUDecrAndReturn).</summary>
    public uint Frequency(KeyEntry entry, long nowMs)
    {
        var lastMinutes = (entry.Access >> 8) & LfuMinutesMask;
        var counter = entry.Access & 255;
        if (LfuDecayTime == 0)
        {
            return counter;
        }
        var periods = ElapsedMinutes(lastMinutes, nowMs) / (uint)LfuDecayTime;
        return periods > counter ? 0 : counter - periods;
    }

    private uint LogIncrement(uint counter)
    {
        if (counter == 255)
        {
            return 255;
        }
        var baseValue = Math.Max(0.0, (double)counter - LfuInitialCounter);
        var probability = 1.0 / (baseValue * LfuLogFactor + 1);
        return _random.NextDouble() < probability ? counter + 1 : counter;
    }

    /// <summary>The LRU clock: Unix seconds wrapped to the 24 bits of the entry's field (LRU_CLOCK, every 194 days).</summary>
    private static uint LruSeconds(long nowMs) => (uint)(nowMs / 1000) & KeyEntry.AccessMask;

    private static uint Minutes(long nowMs) => (uint)(nowMs / 60_000) & LfuMinutesMask;

    /// <summary>Minutes since <paramref name="lastMinutes"/> on the 16-bit wrapping minute clock (LFUTimeElapsed).</summary>
    private static uint ElapsedMinutes(uint lastMinutes, long nowMs)
    {
        var now = Minutes(nowMs);
        return now >= lastMinutes ? now - lastMinutes : LfuMinutesMask - lastMinutes + now;
    }
}
