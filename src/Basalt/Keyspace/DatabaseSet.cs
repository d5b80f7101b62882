namespace Basalt.Keyspace;

/// <summary>
/// All numbered databases of the server and what they share: the command clock, the dirty
/// counter that save points read, the WATCH registry and the keyspace statistics.
/// </summary>
public sealed class DatabaseSet
{
    private readonly TimeProvider _time;
    private Database[] _databases;

    /// <param name="count">The number of databases.</param>
    /// <param name="time">The wall clock (tests pass their own); the system clock by default.</param>
    public DatabaseSet(int count, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _databases = new Database[count];
        for (var i = 0; i < count; i++)
        {
            _databases[i] = new Database(this, i);
        }
        UpdateClock();
        Eviction = new EvictionEngine(this);
    }

    public int Count => _databases.Length;

    public Database this[int index] => _databases[index];

    public IReadOnlyList<Database> All => _databases;

    /// <summary>The time commands see, in Unix milliseconds: fixed for the duration of one command, as Redis caches mstime.</summary>
    public long NowMs { get; private set; }

    /// <summary>While a file is loaded keys are not expired on access (Redis does the same).</summary>
    public bool Loading { get; set; }

    /// <summary>Changes since the last successful save (server.dirty).</summary>
    public long Dirty { get; set; }

    public KeyspaceStats Stats { get; } = new();

    public WatchRegistry Watches { get; } = new();

    /// <summary>
    /// The blocking machinery (BLPOP and friends), told by the write door when a key gets a value a
    /// blocked client may wait for (signalKeyAsReady); null when nothing listens.
    /// </summary>
    public IKeyReadyListener? ReadyListener { get; set; }

    /// <summary>Receives the keyspace events the keyspace causes itself ("new", "keymiss"); null: nobody does.</summary>
    public IKeyspaceEventSink? EventSink { get; set; }

    /// <summary>Raised when a key (the removed entry) is deleted because it expired, so that it can be propagated as a DEL.</summary>
    public event Action<Database, KeyEntry>? KeyExpired;

    public void UpdateClock() => NowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Sets the command time from a clock the caller already read (never backwards).</summary>
    public void SetClock(long unixMs)
    {
        if (unixMs > NowMs)
        {
            NowMs = unixMs;
        }
    }

    internal void RaiseKeyExpired(Database db, KeyEntry entry) => KeyExpired?.Invoke(db, entry);

    /// <summary>Raised when the maxmemory policy deletes a key (the removed entry), so that it can be propagated as a DEL.</summary>
    public event Action<Database, KeyEntry>? KeyEvicted;

    internal void RaiseKeyEvicted(Database db, KeyEntry entry) => KeyEvicted?.Invoke(db, entry);

    // Keys handed out for writing since the last count: a command may change a value after
    // LookupWrite or Add without calling Modified (a new collection is filled after it is added),
    // so their sizes are counted again before the total is next read.
    private readonly List<(Database Db, KeyEntry Entry)> _writtenKeys = [];
    private long _datasetBytes;

    /// <summary>The bytes of every database's keys and values (<see cref="DatabaseMemory"/>), kept by the write door.</summary>
    public long DatasetBytes
    {
        get
        {
            AccountWrites();
            return _datasetBytes;
        }
    }

    internal void AddDatasetBytes(long delta) => _datasetBytes += delta;

    internal void NoteWrite(Database db, KeyEntry entry)
    {
        // LookupWrite then Modified of one key is the common pair: note it once.
        if (_writtenKeys.Count > 0 && ReferenceEquals(_writtenKeys[^1].Entry, entry))
        {
            return;
        }
        _writtenKeys.Add((db, entry));
        if (_writtenKeys.Count >= 1024)
        {
            AccountWrites();
        }
    }

    /// <summary>Counts again the keys written since the last count.</summary>
    public void AccountWrites()
    {
        if (_writtenKeys.Count == 0)
        {
            return;
        }
        foreach (var (db, entry) in _writtenKeys)
        {
            db.Account(entry);
        }
        _writtenKeys.Clear();
    }

    /// <summary>The maxmemory policy's key eviction (performEvictions).</summary>
    public EvictionEngine Eviction { get; }

    /// <summary>LRU or LFU bookkeeping of key accesses, as maxmemory-policy decides.</summary>
    public KeyAccessClock AccessClock { get; } = new();

    /// <summary>Records an access to a key (LRU time or LFU counter).</summary>
    internal void Touch(KeyEntry entry) => AccessClock.Accessed(entry, NowMs);

    /// <summary>Initializes the access information of a key created now.</summary>
    internal void InitAccess(KeyEntry entry) => AccessClock.Created(entry, NowMs);

    /// <summary>Seconds since the key was last accessed (OBJECT IDLETIME).</summary>
    public long IdleSeconds(KeyEntry entry) => AccessClock.IdleSeconds(entry, NowMs);

    public long TotalKeys
    {
        get
        {
            long total = 0;
            foreach (var db in _databases)
            {
                total += db.KeyCount;
            }
            return total;
        }
    }

    /// <summary>Exchanges two databases' contents, invalidating WATCHes on keys in either (SWAPDB).</summary>
    public void Swap(int a, int b)
    {
        var first = _databases[a];
        var second = _databases[b];
        if (!Watches.IsEmpty)
        {
            bool InEither(byte[] key) => first.Table.Find(key) is not null || second.Table.Find(key) is not null;
            Watches.TouchWhere(a, InEither);
            Watches.TouchWhere(b, InEither);
        }
        AccountWrites();
        first.SwapContents(second);
        ReadyListener?.DatabasesSwapped(first, second);
        Dirty++;
    }
}
