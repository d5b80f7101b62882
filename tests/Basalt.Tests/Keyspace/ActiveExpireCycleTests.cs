using System.Text;
using Basalt.Keyspace;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Keyspace;

/// <summary>The sampling cycle that deletes expired keys nobody touches again.</summary>
public sealed class ActiveExpireCycleTests
{
    private readonly ManualClock _clock = new();
    private readonly DatabaseSet _databases;

    public ActiveExpireCycleTests()
    {
        _databases = new DatabaseSet(16, _clock);
    }

    private void AddKeys(int db, string prefix, int count, long ttlMs)
    {
        _databases.UpdateClock();
        for (var i = 0; i < count; i++)
        {
            var entry = _databases[db].Add(Encoding.ASCII.GetBytes(prefix + i), RedisString.FromValue("v"u8));
            if (ttlMs >= 0)
            {
                _databases[db].SetExpire(entry, _clock.NowMs + ttlMs);
            }
        }
    }

    /// <summary>Runs cycles as the cron would (hz 10), each at a fresh clock reading; returns how many it took.</summary>
    private int RunUntil(ActiveExpireCycle cycle, Func<bool> done, int maxCycles = 10_000)
    {
        for (var i = 1; i <= maxCycles; i++)
        {
            _databases.UpdateClock();
            cycle.Run(_databases, 10, 1);
            if (done())
            {
                return i;
            }
        }
        throw new Xunit.Sdk.XunitException($"not done after {maxCycles} cycles: {_databases[0].KeyCount} keys left");
    }

    [Fact]
    public void Removes_all_expired_keys_and_keeps_the_others()
    {
        AddKeys(0, "session:", 20_000, 100);
        AddKeys(0, "long:", 50, 3_600_000);
        AddKeys(0, "forever:", 50, -1);
        AddKeys(3, "other-db:", 1000, 100);
        _clock.Advance(101);
        var cycle = new ActiveExpireCycle();
        RunUntil(cycle, () => _databases[0].KeyCount == 100 && _databases[3].KeyCount == 0);
        Assert.Equal(50, _databases[0].ExpiresCount);
        Assert.Equal(21_000, _databases.Stats.ExpiredKeys);
        Assert.NotNull(_databases[0].Peek("long:7"u8));
        Assert.NotNull(_databases[0].Peek("forever:7"u8));
    }

    [Fact]
    public void Reports_expired_keys_to_the_propagation()
    {
        AddKeys(0, "k", 100, 10);
        var expired = new List<string>();
        _databases.KeyExpired += (db, entry) => expired.Add(db.Index + ":" + Encoding.ASCII.GetString(entry.Key));
        _clock.Advance(11);
        RunUntil(new ActiveExpireCycle(), () => _databases[0].KeyCount == 0);
        Assert.Equal(100, expired.Distinct().Count());
        Assert.All(expired, e => Assert.StartsWith("0:k", e));
    }

    [Fact]
    public void A_key_is_kept_until_its_expiry_instant_has_passed()
    {
        AddKeys(0, "k", 10, 100);
        _clock.Advance(100);
        var cycle = new ActiveExpireCycle();
        for (var i = 0; i < 20; i++)
        {
            _databases.UpdateClock();
            cycle.Run(_databases, 10, 1);
        }
        // Redis expires a key when now > expire time, not at it.
        Assert.Equal(10, _databases[0].KeyCount);
        _clock.Advance(1);
        RunUntil(cycle, () => _databases[0].KeyCount == 0);
    }

    [Fact]
    public void Does_nothing_when_disabled()
    {
        AddKeys(0, "k", 100, 10);
        _clock.Advance(50);
        var cycle = new ActiveExpireCycle { Enabled = false };
        _databases.UpdateClock();
        cycle.Run(_databases, 10, 1);
        Assert.Equal(100, _databases[0].KeyCount);
        Assert.Equal(0, _databases.Stats.ExpiredKeys);
    }

    [Fact]
    public void Stops_once_few_sampled_keys_are_expired()
    {
        // 1 expired key among 10,000 live ones: one cycle samples a little, not the whole set.
        AddKeys(0, "live:", 10_000, 3_600_000);
        AddKeys(0, "dead:", 1, 10);
        _clock.Advance(11);
        _databases.UpdateClock();
        new ActiveExpireCycle().Run(_databases, 10, 1);
        Assert.True(_databases[0].KeyCount >= 10_000);
        Assert.True(_databases.Stats.ExpiredStalePercentTimes100 < 100);
    }

    [Fact]
    public void Tracks_the_average_ttl_of_the_sampled_keys()
    {
        AddKeys(0, "k", 1000, 60_000);
        _databases.UpdateClock();
        new ActiveExpireCycle().Run(_databases, 10, 1);
        Assert.InRange(_databases[0].AverageTtlMs, 50_000, 60_000);
        Assert.Equal(0, _databases[1].AverageTtlMs);
    }

    [Fact]
    public void Accounts_its_cpu_time_in_microseconds()
    {
        AddKeys(0, "k", 50_000, 1);
        _clock.Advance(2);
        var cycle = new ActiveExpireCycle();
        RunUntil(cycle, () => _databases[0].KeyCount == 0);
        Assert.True(_databases.Stats.ExpireCycleCpuMicroseconds > 0);
        Assert.Equal(_databases.Stats.ExpireCycleCpuMicroseconds / 1000, _databases.Stats.ExpireCycleCpuMilliseconds);
    }
}
