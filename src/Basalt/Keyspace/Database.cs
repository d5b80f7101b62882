using Basalt.Config.Parameters;
using Basalt.Types;

namespace Basalt.Keyspace;

/// <summary>
/// One numbered database. This class is the one door for every write (DESIGN.md decision 2):
/// commands find keys for writing with <see cref="LookupWrite"/> and change the keyspace only with
/// <see cref="Set"/>, <see cref="Overwrite"/>, <see cref="Add"/>, <see cref="Delete(KeyEntry)"/>,
/// <see cref="SetExpire"/>, <see cref="Persist"/>, <see cref="Rename"/>, <see cref="Move"/>,
/// <see cref="CopyFrom"/>, <see cref="AddReplacing"/> and <see cref="Modified"/>, which take care of
/// the snapshot hook, the dirty counter, WATCH invalidation and expiry bookkeeping. Each of them
/// counts as one change, as the Redis command that uses it does.
/// </summary>
public sealed class Database
{
    private readonly DatabaseSet _owner;

    internal Database(DatabaseSet owner, int index)
    {
        _owner = owner;
        Index = index;
    }

    public int Index { get; }

    internal KeyTable Table { get; private set; } = new();

    internal ExpiryIndex Expires => Table.Expiries;

    public long KeyCount => Table.Count;

    public int ExpiresCount => Expires.Count;

    private long _datasetBytes;

    /// <summary>The bytes this database's keys and values occupy, as <see cref="DatabaseMemory"/> counts them.</summary>
    public long DatasetBytes
    {
        get
        {
            _owner.AccountWrites();
            return _datasetBytes;
        }
    }

    /// <summary>Sum of the remaining TTLs sampled by the active expire cycle (INFO keyspace avg_ttl).</summary>
    public long AverageTtlMs { get; internal set; }

    public KeyTable KeyTable => Table;

    /// <summary>The entry as stored, without expiry check or side effects.</summary>
    public KeyEntry? Peek(ReadOnlySpan<byte> key) => Table.Find(key);

    /// <summary>Whether the key's time is up: strictly after its expiry instant, as Redis's keyIsExpired.</summary>
    public bool IsExpired(KeyEntry entry) => entry.HasExpiry && IsExpiredAt(Expires.ExpireAtMs(entry));

    /// <summary><see cref="IsExpired"/> for a key whose expiry time the caller has at hand (a sample of the expiry index).</summary>
    internal bool IsExpiredAt(long expireAtMs) => expireAtMs >= 0 && _owner.NowMs > expireAtMs && !_owner.Loading;

    /// <summary>The key's expiry time in Unix milliseconds, -1 when it has none.</summary>
    public long ExpireAtOf(KeyEntry entry) => entry.HasExpiry ? Expires.ExpireAtMs(entry) : -1;

    /// <summary>
    /// Finds a live key for reading: lazily expires it, counts a hit or a miss, updates its access
    /// time; a miss is a "keymiss" event unless <paramref name="notifyMiss"/> is false (LOOKUP_NONOTIFY).
    /// </summary>
    public KeyEntry? LookupRead(ReadOnlySpan<byte> key, bool touch = true, bool countStats = true, bool notifyMiss = true)
    {
        var entry = LookupLive(key);
        if (entry is null && notifyMiss)
        {
            _owner.EventSink?.Notify(KeyspaceEventClasses.KeyMiss, "keymiss", Index, key);
        }
        if (countStats)
        {
            if (entry is null)
            {
                _owner.Stats.Misses++;
            }
            else
            {
                _owner.Stats.Hits++;
            }
        }
        if (entry is not null && touch)
        {
            _owner.Touch(entry);
        }
        return entry;
    }

    /// <summary>
    /// Finds a live key that the caller is about to change in place. The caller must call
    /// <see cref="Modified"/> after a change.
    /// </summary>
    public KeyEntry? LookupWrite(ReadOnlySpan<byte> key)
    {
        var entry = LookupLive(key);
        if (entry is not null)
        {
            _owner.Touch(entry);
            Table.PrepareWrite(entry);
            _owner.NoteWrite(this, entry);
        }
        return entry;
    }

    /// <summary>
    /// Announces an in-place change of a key found with <see cref="LookupRead"/> (XREADGROUP reads a
    /// stream and then updates its consumer group), so that a running snapshot keeps the old value.
    /// The caller must call <see cref="Modified"/> after the change.
    /// </summary>
    public void PrepareInPlaceWrite(KeyEntry entry)
    {
        Table.PrepareWrite(entry);
        _owner.NoteWrite(this, entry);
    }

    /// <summary>Whether a live key exists, without touching it (EXISTS semantics aside from stats).</summary>
    public bool Exists(ReadOnlySpan<byte> key) => LookupLive(key) is not null;

    private KeyEntry? LookupLive(ReadOnlySpan<byte> key)
    {
        var entry = Table.Find(key);
        if (entry is not null && IsExpired(entry))
        {
            ExpireNow(entry);
            return null;
        }
        return entry;
    }

    /// <summary>Deletes an expired key and tells the propagation (AOF, replicas) as a DEL.</summary>
    internal void ExpireNow(KeyEntry entry)
    {
        RemoveEntry(entry);
        _owner.Stats.ExpiredKeys++;
        _owner.Watches.Touch(Index, entry.Key);
        _owner.RaiseKeyExpired(this, entry);
    }

    /// <summary>
    /// Tells the blocking machinery that <paramref name="key"/> now holds a <paramref name="type"/>
    /// value (signalKeyAsReady, which Redis's dbAdd calls): clients blocked on it are served after
    /// the current command. Commands that make a waited-on value ready without adding the key
    /// (XADD to an existing stream) call it themselves.
    /// </summary>
    public void SignalKeyAsReady(ReadOnlySpan<byte> key, RedisType type) => _owner.ReadyListener?.KeyReady(this, key, type);

    /// <summary>Marks a key changed in place: memory count, dirty counter and WATCH invalidation (signalModifiedKey).</summary>
    public void Modified(KeyEntry entry)
    {
        _owner.NoteWrite(this, entry);
        Changed(entry);
    }

    private void Changed(KeyEntry entry)
    {
        _owner.Dirty++;
        _owner.Watches.Touch(Index, entry.Key);
    }

    /// <summary>Brings the memory total up to date with the key's present size (nothing for a removed key).</summary>
    internal void Account(KeyEntry entry) => Account(entry, DatabaseMemory.Of(entry));

    /// <summary>Brings the memory total up to date with <paramref name="size"/>, the key's present size computed by the caller.</summary>
    private void Account(KeyEntry entry, long size)
    {
        var before = entry.AccountedBytes;
        if (before < 0)
        {
            return;
        }
        entry.AccountedBytes = size;
        var delta = size - before;
        _datasetBytes += delta;
        _owner.AddDatasetBytes(delta);
    }

    /// <summary>
    /// Deletes a key chosen by the maxmemory policy: not a change for save points (Redis does not
    /// count evictions in dirty) but WATCH is invalidated and the deletion is propagated as a DEL.
    /// </summary>
    internal void Evict(KeyEntry entry)
    {
        RemoveEntry(entry);
        _owner.Stats.EvictedKeys++;
        _owner.Watches.Touch(Index, entry.Key);
        _owner.RaiseKeyEvicted(this, entry);
    }

    /// <summary>
    /// Sets a key to a value (setKey: looks the key up for writing, then adds or overwrites it):
    /// the TTL is cleared unless <paramref name="keepTtl"/>.
    /// </summary>
    public KeyEntry Set(ReadOnlySpan<byte> key, RedisObject value, bool keepTtl = false)
    {
        var entry = LookupWrite(key);
        if (entry is null)
        {
            return Add(key, value);
        }
        Overwrite(entry, value, keepTtl);
        return entry;
    }

    /// <summary>
    /// Replaces the value of a key the caller found with <see cref="LookupWrite"/> (dbSetValue), which
    /// spares a second lookup: the TTL is cleared unless <paramref name="keepTtl"/>. Under LRU the
    /// new value is fresh; under LFU it inherits the access counter, as in Redis.
    /// </summary>
    public void Overwrite(KeyEntry entry, RedisObject value, bool keepTtl = false)
    {
        Table.PrepareEntryWrite(entry);
        if (entry.Value.Type == RedisType.Stream)
        {
            // XREADGROUP waiters must learn that their stream is gone (dbOverwrite).
            SignalKeyAsReady(entry.Key, RedisType.Stream);
        }
        entry.Value = value;
        Replaced(entry, keepTtl);
    }

    /// <summary>What follows a new value for an existing key: TTL, access data, the change itself.</summary>
    private void Replaced(KeyEntry entry, bool keepTtl)
    {
        if (!keepTtl && entry.HasExpiry)
        {
            Expires.Remove(entry);
        }
        if (!_owner.AccessClock.Lfu)
        {
            _owner.InitAccess(entry);
        }
        Modified(entry);
    }

    /// <summary>
    /// Sets a key to a string as SET stores it (<see cref="RedisString.FromValue"/>), expiring at
    /// <paramref name="expireAtMs"/> when that is not -1. A string key already there takes the new
    /// bytes in its own buffer when they fit (<see cref="RedisString.TryReplace"/>), so that the
    /// common overwrite of a value by one of similar size allocates nothing.
    /// </summary>
    public KeyEntry SetString(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool keepTtl = false, long expireAtMs = -1)
    {
        keepTtl |= expireAtMs >= 0;
        var entry = LookupWrite(key);
        if (entry is null)
        {
            entry = Add(key, RedisString.FromValue(value));
        }
        else if (entry.Value is RedisString current && current.TryReplace(value))
        {
            Replaced(entry, keepTtl);
        }
        else
        {
            Overwrite(entry, RedisString.FromValue(value), keepTtl);
        }
        if (expireAtMs >= 0)
        {
            ApplyExpiry(entry, expireAtMs);
        }
        return entry;
    }

    /// <summary>Gives a key just set its expiry; part of the same change (no second dirty count).</summary>
    private void ApplyExpiry(KeyEntry entry, long expireAtMs)
    {
        Expires.Set(entry, expireAtMs);
        _owner.NoteWrite(this, entry);
    }

    /// <summary>
    /// Adds a key that the caller knows is absent (or expired). Unless <paramref name="counted"/> is
    /// false, the addition is a change (dirty counter, WATCH); uncounted, it is what Redis's dbAdd
    /// alone does, for a command that creates its key and then changes nothing (BITFIELD whose
    /// every write failed).
    /// </summary>
    public KeyEntry Add(ReadOnlySpan<byte> key, RedisObject value, bool counted = true)
    {
        var hash = KeyHasher.Hash(key);
        var existing = Table.Find(key, hash);
        if (existing is not null)
        {
            if (!IsExpired(existing))
            {
                throw new InvalidOperationException("Add of an existing key");
            }
            ExpireNow(existing);
        }
        var entry = InsertNew(key, hash, value, -1);
        _owner.InitAccess(entry);
        // Commands fill a new collection after adding it: count it again once the command is done.
        _owner.NoteWrite(this, entry);
        if (counted)
        {
            Changed(entry);
        }
        SignalKeyAsReady(entry.Key, value.Type);
        NotifyNew(entry);
        return entry;
    }

    /// <summary>The "new" keyspace event of a key just added (dbAdd's).</summary>
    private void NotifyNew(KeyEntry entry) => _owner.EventSink?.Notify(KeyspaceEventClasses.New, "new", Index, entry.Key);

    /// <summary>Inserts a key with its expiry as found in a file, without counting a change (loading).</summary>
    public KeyEntry LoadKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs)
    {
        var hash = KeyHasher.Hash(key);
        var existing = Table.Find(key, hash);
        if (existing is not null)
        {
            RemoveEntry(existing);
        }
        var entry = InsertNew(key, hash, value, expireAtMs);
        _owner.InitAccess(entry);
        return entry;
    }

    /// <summary>
    /// The entry of a key read from a file, built without touching any database, so that a loader
    /// can build it on the thread that parses the file; <see cref="TryLoadPrepared"/> links it in.
    /// <paramref name="bytes"/> is what it will count for in the memory total, but for an expiry slot.
    /// </summary>
    public static KeyEntry PrepareLoadedEntry(ReadOnlySpan<byte> key, ulong hash, RedisObject value, out long bytes)
    {
        var entry = KeyEntry.Create(key, hash, value);
        bytes = DatabaseMemory.Of(entry);
        return entry;
    }

    /// <summary>Reads ahead what looking up a key of this hash will read (<see cref="KeyTable.Preload"/>).</summary>
    public void Preload(ulong hash) => Table.Preload(hash);

    /// <summary>Links an entry from <see cref="PrepareLoadedEntry"/>, with its expiry time (-1: none), unless its key is already here (then false).</summary>
    public bool TryLoadPrepared(KeyEntry entry, ulong hash, long bytes, long expireAtMs)
    {
        if (Table.Find(entry.Key, hash) is not null)
        {
            return false;
        }
        Table.Insert(entry, hash);
        if (expireAtMs >= 0)
        {
            Expires.Set(entry, expireAtMs);
            bytes += DatabaseMemory.ExpirySlotBytes;
        }
        Account(entry, bytes);
        return true;
    }

    /// <summary>Links a new entry for a key known to be absent, with its expiry; no bookkeeping.</summary>
    private KeyEntry InsertNew(ReadOnlySpan<byte> key, ulong hash, RedisObject value, long expireAtMs)
    {
        var entry = KeyEntry.Create(key, hash, value);
        Table.Insert(entry);
        if (expireAtMs >= 0)
        {
            Expires.Set(entry, expireAtMs);
        }
        Account(entry);
        return entry;
    }

    /// <summary>
    /// RENAME: gives <paramref name="source"/>'s value, expiry and access time to <paramref name="newKey"/>
    /// and removes the source. <paramref name="replaced"/> is the live entry of the new key the caller
    /// found with <see cref="LookupWrite"/>, or null. One change; both names invalidate WATCH.
    /// </summary>
    public KeyEntry Rename(KeyEntry source, ReadOnlySpan<byte> newKey, KeyEntry? replaced)
    {
        if (replaced is not null)
        {
            RemoveEntry(replaced);
        }
        var target = InsertNew(newKey, KeyHasher.Hash(newKey), source.Value, ExpireAtOf(source));
        target.Access = source.Access;
        RemoveEntry(source);
        _owner.Dirty++;
        _owner.Watches.Touch(Index, source.Key);
        _owner.Watches.Touch(Index, target.Key);
        SignalKeyAsReady(target.Key, target.Value.Type);
        NotifyNew(target);
        return target;
    }

    /// <summary>
    /// MOVE: transfers a key with its expiry and access time to <paramref name="target"/>, where the
    /// caller checked it is absent. One change; WATCH is invalidated in both databases.
    /// </summary>
    public void Move(KeyEntry entry, Database target)
    {
        var moved = target.InsertNew(entry.Key, entry.Hash, entry.Value, ExpireAtOf(entry));
        moved.Access = entry.Access;
        RemoveEntry(entry);
        _owner.Dirty++;
        _owner.Watches.Touch(Index, entry.Key);
        _owner.Watches.Touch(target.Index, entry.Key);
        target.SignalKeyAsReady(moved.Key, moved.Value.Type);
        target.NotifyNew(moved);
    }

    /// <summary>
    /// COPY: stores a deep copy of <paramref name="source"/> (of database <paramref name="from"/>) under
    /// <paramref name="newKey"/> here, with the source's expiry; the copy is a new value for LRU/LFU.
    /// <paramref name="replaced"/> is the live entry of the new key found with <see cref="LookupWrite"/>
    /// (REPLACE), or null. One change.
    /// </summary>
    public KeyEntry CopyFrom(Database from, KeyEntry source, ReadOnlySpan<byte> newKey, KeyEntry? replaced)
    {
        var value = source.Value.DeepCopy();
        var sourceExpireAtMs = from.ExpireAtOf(source);
        if (replaced is not null)
        {
            RemoveEntry(replaced);
        }
        var copy = InsertNew(newKey, KeyHasher.Hash(newKey), value, sourceExpireAtMs);
        _owner.InitAccess(copy);
        _owner.Dirty++;
        _owner.Watches.Touch(Index, copy.Key);
        SignalKeyAsReady(copy.Key, value.Type);
        NotifyNew(copy);
        return copy;
    }

    /// <summary>
    /// RESTORE: stores <paramref name="value"/> under <paramref name="key"/> with its expiry (-1 for
    /// none), as a new value for LRU/LFU, in place of <paramref name="replaced"/> — the stored entry,
    /// live or expired but not yet reaped, that REPLACE deletes — or null when the key is absent.
    /// One change, as Redis counts the delete and the add of RESTORE REPLACE.
    /// </summary>
    public KeyEntry AddReplacing(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, KeyEntry? replaced)
    {
        if (replaced is not null)
        {
            RemoveEntry(replaced);
        }
        var entry = InsertNew(key, KeyHasher.Hash(key), value, expireAtMs);
        _owner.InitAccess(entry);
        Changed(entry);
        SignalKeyAsReady(entry.Key, value.Type);
        NotifyNew(entry);
        return entry;
    }

    public bool Delete(ReadOnlySpan<byte> key)
    {
        var entry = LookupLive(key);
        if (entry is null)
        {
            return false;
        }
        Delete(entry);
        return true;
    }

    public void Delete(KeyEntry entry)
    {
        RemoveEntry(entry);
        Changed(entry);
    }

    private void RemoveEntry(KeyEntry entry)
    {
        if (entry.Value.Type == RedisType.Stream)
        {
            // XREADGROUP waiters must learn that their stream is gone (dbGenericDelete).
            SignalKeyAsReady(entry.Key, RedisType.Stream);
        }
        Table.Remove(entry);
        if (entry.HasExpiry)
        {
            Expires.Remove(entry);
        }
        _datasetBytes -= entry.AccountedBytes;
        _owner.AddDatasetBytes(-entry.AccountedBytes);
        entry.AccountedBytes = -1;
    }

    public void SetExpire(KeyEntry entry, long whenMs)
    {
        Table.PrepareEntryWrite(entry);
        Expires.Set(entry, whenMs);
        Modified(entry);
    }

    /// <summary>Removes the TTL; false when the key had none (PERSIST).</summary>
    public bool Persist(KeyEntry entry)
    {
        if (!entry.HasExpiry)
        {
            return false;
        }
        Table.PrepareEntryWrite(entry);
        Expires.Remove(entry);
        Modified(entry);
        return true;
    }

    /// <summary>
    /// A random live key (RANDOMKEY, dbRandomKey). Expired keys met on the way are deleted, so the
    /// loop ends. (Redis gives up after 100 tries only on replicas, which cannot delete them.)
    /// </summary>
    public KeyEntry? RandomKey(Random random)
    {
        while (Table.Random(random) is { } entry)
        {
            if (!IsExpired(entry))
            {
                return entry;
            }
            ExpireNow(entry);
        }
        return null;
    }

    /// <summary>Removes every key (FLUSHDB); returns how many there were.</summary>
    public long Clear()
    {
        var removed = Table.Count;
        if (!_owner.Watches.IsEmpty)
        {
            _owner.Watches.TouchWhere(Index, key => Table.Find(key) is not null);
        }
        // A new table: a running snapshot keeps the old one, which nobody changes any more.
        Table = new KeyTable();
        AverageTtlMs = 0;
        _owner.AccountWrites();
        _owner.AddDatasetBytes(-_datasetBytes);
        _datasetBytes = 0;
        _owner.Dirty += removed;
        return removed;
    }

    /// <summary>Exchanges the contents with another database (SWAPDB).</summary>
    internal void SwapContents(Database other)
    {
        (Table, other.Table) = (other.Table, Table);
        (AverageTtlMs, other.AverageTtlMs) = (other.AverageTtlMs, AverageTtlMs);
        (_datasetBytes, other._datasetBytes) = (other._datasetBytes, _datasetBytes);
    }
}
