namespace Basalt.Tests.Keyspace;

/// <summary>A wall clock that moves only when a test says so, for expiry and LRU/LFU tests.</summary>
public sealed class ManualClock(long startMs = 1_700_000_000_000) : TimeProvider
{
    public long NowMs { get; set; } = startMs;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(NowMs);

    public void Advance(long ms) => NowMs += ms;
}
