using Basalt.Keyspace;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Keyspace;

/// <summary>LRU idle time and the LFU logarithmic counter with its decay (evict.c).</summary>
public sealed class KeyAccessClockTests
{
    private readonly ManualClock _clock = new();
    private readonly DatabaseSet _databases;

    public KeyAccessClockTests()
    {
        _databases = new DatabaseSet(1, _clock);
    }

    private KeyEntry NewKey(string name)
    {
        _databases.UpdateClock();
        return _databases[0].Add(System.Text.Encoding.ASCII.GetBytes(name), RedisString.FromValue("v"u8));
    }

    private void Read(string name)
    {
        _databases.UpdateClock();
        Assert.NotNull(_databases[0].LookupRead(System.Text.Encoding.ASCII.GetBytes(name)));
    }

    [Fact]
    public void Lru_idle_time_counts_seconds_since_the_last_access()
    {
        var entry = NewKey("k");
        _clock.Advance(42_000);
        _databases.UpdateClock();
        Assert.Equal(42, _databases.IdleSeconds(entry));
        // A lookup without touch (OBJECT, TTL, EXISTS) leaves the idle time alone.
        Assert.NotNull(_databases[0].LookupRead("k"u8, touch: false));
        Assert.Equal(42, _databases.IdleSeconds(entry));
        Read("k");
        Assert.Equal(0, _databases.IdleSeconds(entry));
    }

    [Fact]
    public void Lru_idle_time_reads_through_the_wrap_of_the_24_bit_clock()
    {
        // The clock is Unix seconds modulo 2^24 (LRU_CLOCK); start 10 s before it wraps to 0.
        const long wrap = 1L << 24;
        _clock.NowMs = ((1_700_000_000L / wrap + 1) * wrap - 10) * 1000;
        var entry = NewKey("k");
        _clock.Advance(25_000);
        _databases.UpdateClock();
        // estimateObjectIdleTime: a clock behind the entry's has wrapped (Redis counts LRU_CLOCK_MAX, one short of 2^24).
        Assert.Equal(24, _databases.IdleSeconds(entry));
        Read("k");
        Assert.Equal(0, _databases.IdleSeconds(entry));
    }

    [Fact]
    public void Lfu_counter_starts_at_five_and_the_first_accesses_always_count()
    {
        _databases.AccessClock.Configure(lfu: true, lfuLogFactor: 10, lfuDecayTime: 1);
        var entry = NewKey("k");
        Assert.Equal(5u, _databases.AccessClock.Frequency(entry, _clock.NowMs));
        Read("k");
        Assert.Equal(6u, _databases.AccessClock.Frequency(entry, _clock.NowMs));
    }

    [Fact]
    public void Lfu_counter_grows_logarithmically_and_saturates()
    {
        _databases.AccessClock.Configure(lfu: true, lfuLogFactor: 0, lfuDecayTime: 0);
        var entry = NewKey("k");
        for (var i = 0; i < 300; i++)
        {
            Read("k");
        }
        // With factor 0 every access counts, until the 8-bit counter saturates.
        Assert.Equal(255u, _databases.AccessClock.Frequency(entry, _clock.NowMs));

        _databases.AccessClock.Configure(lfu: true, lfuLogFactor: 10, lfuDecayTime: 0);
        var other = NewKey("other");
        for (var i = 0; i < 1000; i++)
        {
            Read("other");
        }
        // Redis's table: with factor 10, a thousand hits give a counter around 18 (well below 100).
        Assert.InRange(_databases.AccessClock.Frequency(other, _clock.NowMs), 10u, 40u);
    }

    [Fact]
    public void Lfu_counter_decays_by_one_per_decay_period()
    {
        _databases.AccessClock.Configure(lfu: true, lfuLogFactor: 10, lfuDecayTime: 2);
        var entry = NewKey("k");
        _clock.Advance(6 * 60_000);
        Assert.Equal(2u, _databases.AccessClock.Frequency(entry, _clock.NowMs));
        _clock.Advance(60 * 60_000);
        Assert.Equal(0u, _databases.AccessClock.Frequency(entry, _clock.NowMs));
    }

    [Fact]
    public void Overwriting_a_value_keeps_the_lfu_counter_but_refreshes_lru()
    {
        _databases.AccessClock.Configure(lfu: true, lfuLogFactor: 10, lfuDecayTime: 1);
        var entry = NewKey("k");
        Read("k");
        _databases[0].Overwrite(entry, RedisString.FromValue("w"u8));
        Assert.Equal(6u, _databases.AccessClock.Frequency(entry, _clock.NowMs));

        _databases.AccessClock.Configure(lfu: false, lfuLogFactor: 10, lfuDecayTime: 1);
        var lru = NewKey("lru");
        _clock.Advance(10_000);
        _databases.UpdateClock();
        _databases[0].Overwrite(lru, RedisString.FromValue("w"u8));
        Assert.Equal(0, _databases.IdleSeconds(lru));
    }
}
