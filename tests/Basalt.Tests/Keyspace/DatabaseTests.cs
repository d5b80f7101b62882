using System.Text;
using Basalt.Keyspace;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Keyspace;

/// <summary>The write door: expiry boundaries, compound changes counted once, WATCH invalidation.</summary>
public sealed class DatabaseTests
{
    private readonly ManualClock _clock = new();
    private readonly DatabaseSet _databases;

    public DatabaseTests()
    {
        _databases = new DatabaseSet(4, _clock);
    }

    private Database Db => _databases[0];

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private KeyEntry Add(Database db, string key, string value = "v", long ttlMs = -1)
    {
        _databases.UpdateClock();
        var entry = db.Add(B(key), RedisString.FromValue(B(value)));
        if (ttlMs >= 0)
        {
            db.SetExpire(entry, _clock.NowMs + ttlMs);
        }
        return entry;
    }

    private WatchState Watch(int db, string key)
    {
        var state = new WatchState();
        _databases.Watches.Watch(state, db, B(key), expired: false);
        return state;
    }

    [Fact]
    public void A_key_expires_strictly_after_its_expiry_instant()
    {
        var entry = Add(Db, "k", ttlMs: 10);
        _clock.Advance(10);
        _databases.UpdateClock();
        Assert.False(Db.IsExpired(entry));
        Assert.NotNull(Db.LookupRead("k"u8));
        _clock.Advance(1);
        _databases.UpdateClock();
        Assert.Null(Db.LookupRead("k"u8));
        Assert.Equal(0, Db.KeyCount);
        Assert.Equal(0, Db.ExpiresCount);
        Assert.Equal(1, _databases.Stats.ExpiredKeys);
    }

    [Fact]
    public void Rename_moves_value_expiry_and_access_time_as_one_change()
    {
        var source = Add(Db, "a", "1", ttlMs: 5000);
        Add(Db, "b", "2");
        var watchA = Watch(0, "a");
        var watchB = Watch(0, "b");
        var dirty = _databases.Dirty;
        var replaced = Db.LookupWrite("b"u8);
        var expireAt = Db.ExpireAtOf(source);
        Assert.True(expireAt > 0);
        var renamed = Db.Rename(source, "b"u8, replaced);
        Assert.Equal(dirty + 1, _databases.Dirty);
        Assert.Null(Db.Peek("a"u8));
        Assert.Same(renamed, Db.Peek("b"u8));
        Assert.Same(source.Value, renamed.Value);
        Assert.Equal(expireAt, Db.ExpireAtOf(renamed));
        Assert.False(source.HasExpiry);
        Assert.Equal(1, Db.KeyCount);
        Assert.Equal(1, Db.ExpiresCount);
        Assert.True(watchA.Dirty);
        Assert.True(watchB.Dirty);
    }

    [Fact]
    public void A_key_loaded_with_a_ttl_counts_what_the_same_key_set_by_commands_counts()
    {
        var loadedKey = B("loaded");
        var hash = KeyHasher.Hash(loadedKey);
        var loaded = Database.PrepareLoadedEntry(loadedKey, hash, RedisString.FromValue(B("v")), out var bytes);
        Assert.True(Db.TryLoadPrepared(loaded, hash, bytes, _clock.NowMs + 5000));
        Assert.Equal(_clock.NowMs + 5000, Db.ExpireAtOf(loaded));
        Assert.Equal(DatabaseMemory.Of(loaded), Db.DatasetBytes);

        var set = Add(_databases[1], "loaded", "v", ttlMs: 5000);
        _databases[1].Account(set);
        Assert.Equal(Db.DatasetBytes, _databases[1].DatasetBytes);
    }

    [Fact]
    public void Move_transfers_a_key_between_databases_as_one_change()
    {
        var entry = Add(Db, "k", "1", ttlMs: 5000);
        var watchTarget = Watch(2, "k");
        var dirty = _databases.Dirty;
        var expireAt = Db.ExpireAtOf(entry);
        Db.Move(entry, _databases[2]);
        Assert.Equal(dirty + 1, _databases.Dirty);
        Assert.Equal(0, Db.KeyCount);
        Assert.Equal(0, Db.ExpiresCount);
        var moved = _databases[2].Peek("k"u8);
        Assert.NotNull(moved);
        Assert.Equal(expireAt, _databases[2].ExpireAtOf(moved));
        Assert.Equal(1, _databases[2].ExpiresCount);
        Assert.True(watchTarget.Dirty);
    }

    [Fact]
    public void Copy_stores_an_independent_value_with_the_same_expiry()
    {
        var source = Add(Db, "k", "hello", ttlMs: 5000);
        var dirty = _databases.Dirty;
        var copy = _databases[1].CopyFrom(Db, source, "c"u8, replaced: null);
        Assert.Equal(dirty + 1, _databases.Dirty);
        Assert.NotSame(source.Value, copy.Value);
        Assert.Equal(Db.ExpireAtOf(source), _databases[1].ExpireAtOf(copy));
        Assert.True(_databases[1].ExpireAtOf(copy) > 0);
        Assert.Equal(1, _databases[1].ExpiresCount);
        ((RedisString)copy.Value).Append("!"u8);
        Assert.Equal("hello", Encoding.ASCII.GetString(((RedisString)source.Value).Bytes));
    }

    [Fact]
    public void Copy_with_replace_drops_the_old_target_and_its_ttl()
    {
        var source = Add(Db, "k", "new");
        Add(Db, "t", "old", ttlMs: 5000);
        var replaced = Db.LookupWrite("t"u8);
        var copy = Db.CopyFrom(Db, source, "t"u8, replaced);
        Assert.Equal(-1, Db.ExpireAtOf(copy));
        Assert.Equal(0, Db.ExpiresCount);
        Assert.Equal(2, Db.KeyCount);
    }

    [Fact]
    public void Random_key_deletes_expired_keys_it_meets_and_ends_empty_when_all_expired()
    {
        for (var i = 0; i < 200; i++)
        {
            Add(Db, "k" + i, ttlMs: 10);
        }
        _clock.Advance(11);
        _databases.UpdateClock();
        Assert.Null(Db.RandomKey(new Random(5)));
        Assert.Equal(0, Db.KeyCount);
        Assert.Equal(200, _databases.Stats.ExpiredKeys);
    }

    [Fact]
    public void Random_key_skips_expired_keys()
    {
        for (var i = 0; i < 50; i++)
        {
            Add(Db, "dead" + i, ttlMs: 10);
        }
        Add(Db, "alive");
        _clock.Advance(11);
        _databases.UpdateClock();
        Assert.Equal("alive", Encoding.ASCII.GetString(Db.RandomKey(new Random(9))!.Key));
    }

    [Fact]
    public void Clear_counts_removed_keys_resets_average_ttl_and_invalidates_watches()
    {
        Add(Db, "a", ttlMs: 1000);
        Add(Db, "b");
        Db.AverageTtlMs = 1234;
        var watch = Watch(0, "a");
        var unrelated = Watch(0, "absent");
        var dirty = _databases.Dirty;
        Assert.Equal(2, Db.Clear());
        Assert.Equal(dirty + 2, _databases.Dirty);
        Assert.Equal(0, Db.KeyCount);
        Assert.Equal(0, Db.ExpiresCount);
        Assert.Equal(0, Db.AverageTtlMs);
        Assert.True(watch.Dirty);
        Assert.False(unrelated.Dirty);
    }

    [Fact]
    public void Swap_exchanges_contents_and_counts_one_change()
    {
        Add(Db, "in-zero", ttlMs: 1000);
        Add(_databases[1], "in-one");
        var watch = Watch(1, "in-zero");
        var dirty = _databases.Dirty;
        _databases.Swap(0, 1);
        Assert.Equal(dirty + 1, _databases.Dirty);
        Assert.NotNull(_databases[1].Peek("in-zero"u8));
        Assert.Equal(1, _databases[1].ExpiresCount);
        Assert.NotNull(Db.Peek("in-one"u8));
        Assert.True(watch.Dirty);
    }

    [Fact]
    public void Set_over_a_key_clears_its_ttl_unless_kept()
    {
        Add(Db, "k", ttlMs: 1000);
        var kept = Db.Set("k"u8, RedisString.FromValue("2"u8), keepTtl: true);
        Assert.True(kept.HasExpiry);
        var cleared = Db.Set("k"u8, RedisString.FromValue("3"u8));
        Assert.False(cleared.HasExpiry);
        Assert.Equal(0, Db.ExpiresCount);
    }

    [Fact]
    public void Set_string_over_a_string_reuses_it_and_keeps_the_write_door_rules()
    {
        var entry = Add(Db, "k", new string('a', 50), ttlMs: 1000);
        var value = entry.Value;
        var dirty = _databases.Dirty;
        var watch = Watch(0, "k");
        var set = Db.SetString("k"u8, B(new string('b', 50)));
        Assert.Same(entry, set);
        Assert.Same(value, set.Value);
        Assert.False(set.HasExpiry);
        Assert.Equal(dirty + 1, _databases.Dirty);
        Assert.True(watch.Dirty);
        Assert.Equal(new string('b', 50), Encoding.ASCII.GetString(((RedisString)set.Value).ToArray()));

        var expiring = Db.SetString("k"u8, B(new string('c', 50)), expireAtMs: _clock.NowMs + 5000);
        Assert.Equal(_clock.NowMs + 5000, Db.ExpireAtOf(expiring));
        Assert.Equal(1, Db.ExpiresCount);
        Assert.Equal(dirty + 2, _databases.Dirty);

        // Another type is replaced by a new string.
        Db.Add(B("list"), new RedisList(-2));
        var replaced = Db.SetString("list"u8, B("x"));
        Assert.IsType<RedisString>(replaced.Value);
    }

    [Fact]
    public void Memory_total_follows_an_in_place_set()
    {
        Add(Db, "k", new string('a', 100));
        var total = Db.DatasetBytes;
        Db.SetString("k"u8, B(new string('b', 100)));
        Assert.Equal(total, Db.DatasetBytes);
        Db.SetString("k"u8, B("42"));
        Assert.True(Db.DatasetBytes < total);
    }
}
