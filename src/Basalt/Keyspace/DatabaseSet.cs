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

    /// <summary>Raised when a key is deleted because it expired, so that it can be propagated as a DEL.</summary>
    public event Action<Database, byte[]>? KeyExpired;

    public void UpdateClock() => NowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Sets the command time from a clock the caller already read (never backwards).</summary>
    public void SetClock(long unixMs)
    {
        if (unixMs > NowMs)
        {
            NowMs = unixMs;
        }
    }

    internal void RaiseKeyExpired(Database db, byte[] key) => KeyExpired?.Invoke(db, key);

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
        first.SwapContents(second);
        ReadyListener?.DatabasesSwapped(first, second);
        Dirty++;
    }
}
