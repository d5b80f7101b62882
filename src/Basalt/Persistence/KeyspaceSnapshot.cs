using System.Diagnostics;
using Basalt.Keyspace;
using Basalt.Persistence.Rdb;
using Basalt.Server;
using Basalt.Types;

namespace Basalt.Persistence;

/// <summary>
/// A forkless, point-in-time snapshot of every database (DESIGN.md decision 3), written as an RDB
/// file while clients keep reading and writing.
/// </summary>
/// <remarks>
/// <para>At the start (under the server lock, O(databases)) the snapshot takes a new epoch, keeps a
/// reference to each database's key table and installs itself as the table's
/// <see cref="ISnapshotHook"/>. Every segment is then <em>captured</em> once, marked with the epoch:
/// the slot numbers of its entries are copied into a <see cref="SegmentCapture"/>, a few microseconds
/// under the lock. The walker thread captures segments in hash order, a batch per hold of the lock;
/// a writer about to change a segment not marked yet captures it first. The walker serializes the
/// captures outside the lock; a writer about to change a captured entry that is not written yet
/// (its value, its expiry, or removing it) serializes that one entry first. So every key reaches the
/// file as it was at the start, and no client waits for more than one segment's capture or one
/// value's serialization (DESIGN.md decision 3).</para>
/// <para>Serialized bytes go to one queue that a writer thread empties into the file; records of
/// different databases interleave, each run preceded by SELECTDB, which every RDB loader accepts. The
/// queue and the captures are the snapshot's extra memory (Redis's copy-on-write pages); writers are
/// held back when it exceeds its cap.</para>
/// <para>Large values (long collections, big strings) would make a writer pause for as long as they
/// take to serialize, so they are only noted when their capture is written; they are serialized
/// once all captures are done. Until then a writer about to change one in place gives the keyspace a
/// copy and leaves the original to the snapshot (copy-on-write at the value level).</para>
/// <para>A database emptied by FLUSHDB gets a new table; the snapshot keeps walking the old one,
/// which nobody changes any more. SWAPDB moves tables, and each table remembers the database it
/// was in at the start.</para>
/// </remarks>
public sealed partial class KeyspaceSnapshot : IDisposable
{
    // Work done per hold of the server lock by the walker: capturing segments.
    private static readonly long BatchTicks = Stopwatch.Frequency / 10000;
    private const int BatchKeys = 4096;

    // What the walker may serialize ahead of the file before it waits for the writer thread: enough
    // to keep that thread busy. Running at the server's priority, the walker otherwise filled the
    // whole snapshot-memory-limit (1M keys: 58 MB, 24% of the dataset, instead of about 20 MB);
    // writers' captures still queue up to that limit.
    private const long WalkerLeadBytes = 2 * 1024 * 1024;

    // Values at least this long are left for the end (collections: elements; strings: bytes).
    private const long LargeElementCount = 4096;
    private const long LargeStringBytes = 64 * 1024;

    private static long s_lastEpoch;

    private readonly BasaltServer _server;
    private readonly RdbFileTarget _target;
    private readonly ChunkedOutput _output = new();
    private readonly long _epoch = Interlocked.Increment(ref s_lastEpoch);
    private readonly TableWalk[] _walks;
    private readonly ISnapshotFormat _format;
    private readonly long _pendingLimit;
    private readonly int _keySaveDelayMicros;
    private readonly bool _writeIdle;
    private readonly bool _writeFrequency;
    private readonly long _startNowMs;

    // Large values noted by the walk: serialized at the end. _liveDeferred holds those still
    // reachable from the keyspace, which writers must copy before changing.
    private readonly object _deferredGate = new();
    private readonly List<DeferredKey> _deferred = [];
    private readonly HashSet<RedisObject> _liveDeferred = new(ReferenceEqualityComparer.Instance);

    private readonly TaskCompletionSource<SnapshotOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The walker's output (header, captures, large values; outside the server lock) and the writers'
    // (captured entries written before a change; under it): separate, so that neither waits for the
    // other, their runs interleaving in the file.
    private readonly SnapshotProducer _walkerOut;
    private readonly SnapshotProducer _writersOut;
    private volatile bool _segmentsDone;
    private volatile bool _aborted;
    private long _copiedBytes;

    private KeyspaceSnapshot(BasaltServer server, RdbFileTarget target, SnapshotOptions options)
    {
        _server = server;
        _target = target;
        _format = options.Format;
        _pendingLimit = Math.Max(options.PendingLimit, 1024 * 1024);
        _keySaveDelayMicros = options.KeySaveDelayMicros;
        var policy = server.Config.MaxMemoryPolicy;
        _writeIdle = policy.EndsWith("lru", StringComparison.Ordinal);
        _writeFrequency = policy.EndsWith("lfu", StringComparison.Ordinal);
        _startNowMs = server.Databases.NowMs;
        _walkerOut = new SnapshotProducer(_output.NewProducer());
        _writersOut = new SnapshotProducer(_output.NewProducer());
        var walks = new List<TableWalk>();
        foreach (var db in server.Databases.All)
        {
            if (db.KeyCount > 0)
            {
                walks.Add(new TableWalk(this, db.Index, db.KeyTable, db.KeyCount, db.ExpiresCount));
                KeysTotal += db.KeyCount;
            }
        }
        _walks = [.. walks];
    }

    /// <summary>Keys in the keyspace when the snapshot started (current_save_keys_total).</summary>
    public long KeysTotal { get; }

    /// <summary>Keys serialized so far (current_save_keys_processed).</summary>
    public long KeysProcessed => Volatile.Read(ref _keysProcessed);

    private long _keysProcessed;

    /// <summary>The extra memory the snapshot holds now: serialized bytes not yet written, plus values copied for it.</summary>
    public long ExtraBytes => _output.PendingBytes + Interlocked.Read(ref _copiedBytes);

    /// <summary>The peak of <see cref="ExtraBytes"/>' queue part plus every copy made (rdb_last_cow_size).</summary>
    public long PeakExtraBytes => _output.PeakPendingBytes + Interlocked.Read(ref _copiedBytes);

    /// <summary>Completes when the file is committed, failed or the snapshot was aborted.</summary>
    public Task<SnapshotOutcome> Completion => _done.Task;

    /// <summary>Runs <paramref name="finished"/> under the server lock once the snapshot has completed (from a pool thread).</summary>
    public void WhenDoneUnderLock(Action<SnapshotOutcome> finished) =>
        Completion.ContinueWith(task =>
        {
            lock (_server.Sync)
            {
                finished(task.Result);
            }
        }, TaskScheduler.Default);

    public string TempPath => _target.TempPath;

    /// <summary>
    /// Starts a snapshot of the keyspace as it is now, into <paramref name="target"/>. Must be called
    /// under the server lock; returns at once, the work runs on two background threads (started
    /// from the thread pool; until the walker runs, writers capture what they touch).
    /// </summary>
    public static KeyspaceSnapshot Start(BasaltServer server, RdbFileTarget target, SnapshotOptions options)
    {
        var snapshot = new KeyspaceSnapshot(server, target, options);
        server.ActiveSnapshot = snapshot;
        options.Format.WriteHeader(snapshot._walkerOut.Output);
        snapshot._walkerOut.Output.Publish();
        foreach (var walk in snapshot._walks)
        {
            walk.Table.Snapshot = walk;
        }
        // Thread.Start waits until the new thread runs, which on a busy machine took milliseconds
        // under the server lock: a pool thread starts them instead.
        // The walker keeps the server's priority: it takes the server lock for each batch of
        // captures, and at nice +10 it was descheduled while holding it, the event thread waiting
        // on it (1M keys, 2 cores, a full-speed writer: 150-403 PINGs of a probe answered during
        // BGSAVE instead of 9534). It keeps only a short lead over the file (WalkerLeadBytes).
        ThreadPool.UnsafeQueueUserWorkItem(static snapshot =>
        {
            StartThread("snapshot-walker", snapshot.Walk, lowerPriority: false);
            StartThread("snapshot-writer", snapshot.WriteFile, lowerPriority: true);
        }, snapshot, preferLocal: false);
        return snapshot;

        static void StartThread(string name, Action work, bool lowerPriority) => new Thread(() =>
        {
            if (lowerPriority)
            {
                SnapshotThreadPriority.Lower();
            }
            work();
        })
        { IsBackground = true, Name = name }.Start();
    }

    /// <summary>
    /// Writes the whole keyspace synchronously (SAVE): no hooks, no threads; the caller holds the lock.
    /// </summary>
    public static void WriteAll(BasaltServer server, RdbFileTarget target, SnapshotOptions options)
    {
        var output = new DirectOutput(target);
        options.Format.WriteHeader(output);
        var writer = new KeyspaceSnapshot(server, target, options);
        foreach (var walk in writer._walks)
        {
            options.Format.WriteSelectDb(output, walk.Db, (walk.KeysAtStart, walk.ExpiresAtStart));
            foreach (var segment in walk.Table.Segments())
            {
                foreach (var entry in segment.Entries())
                {
                    writer.WriteEntry(output, entry.Key, entry.Value, walk.ExpireAtOf(entry), entry, urgent: false);
                }
            }
        }
        writer._output.Dispose();
        output.Flush();
        if (options.Format.EndsWithChecksum)
        {
            target.WriteTrailer();
        }
        target.Commit();
    }

    /// <summary>Whether the queue is over its cap (writers should await <see cref="ThrottleWriterAsync"/>).</summary>
    public bool OverLimit => _output.PendingBytes >= _pendingLimit;

    /// <summary>
    /// Back-pressure on writers: a connection whose commands ran while the snapshot's queue is over
    /// its cap awaits this, outside the server lock and without holding a thread, until the file has
    /// caught up. So the extra memory stays near snapshot-memory-limit without stopping readers.
    /// </summary>
    public Task ThrottleWriterAsync() => _output.WaitBelowAsync(_pendingLimit);

    /// <summary>Stops the snapshot (FLUSHALL, SHUTDOWN): hooks removed, temp file deleted. Under the server lock.</summary>
    public void Abort()
    {
        if (_aborted)
        {
            return;
        }
        _aborted = true;
        Release();
        Uninstall();
        _output.Abandon();
    }

    /// <summary>No writer needs to wait for this snapshot any more.</summary>
    private void Release()
    {
        if (ReferenceEquals(_server.ActiveSnapshot, this))
        {
            _server.ActiveSnapshot = null;
        }
    }

    private void Uninstall()
    {
        foreach (var walk in _walks)
        {
            if (ReferenceEquals(walk.Table.Snapshot, walk))
            {
                walk.Table.Snapshot = null;
            }
        }
    }

    private void Walk()
    {
        try
        {
            foreach (var walk in _walks)
            {
                while (!walk.Done && !Stopped)
                {
                    lock (_server.Sync)
                    {
                        if (_aborted)
                        {
                            return;
                        }
                        RetireWritten();
                        CaptureBatch(walk);
                    }
                    WriteCaptures();
                }
            }
            lock (_server.Sync)
            {
                _segmentsDone = true;
            }
            // Every segment is marked: writers capture nothing more, only what they queued before.
            WriteCaptures();
            var retired = false;
            while (!retired && !Stopped)
            {
                lock (_server.Sync)
                {
                    retired = RetireWritten();
                }
            }
            lock (_server.Sync)
            {
                // Every captured entry is written, or being written by a writer that holds the lock
                // until it is done: the writers' output is complete.
                RetireWritten();
                _writersOut.Output.Publish();
            }
            WriteDeferred();
        }
        catch (Exception e)
        {
            _output.Abandon();
            _done.TrySetResult(SnapshotOutcome.Failed(ErrnoText.Of(e)));
        }
        finally
        {
            lock (_server.Sync)
            {
                _segmentsDone = true;
                ReleaseCaptures();
                Uninstall();
                Release();
            }
            _walkerOut.Output.Publish();
            _output.Complete();
        }
    }

    private bool Stopped => _aborted || _output.IsAbandoned;

    private long _delayedKeys;
    private long _delayDebtMicros;

    /// <summary>
    /// rdb-key-save-delay (tests use it to keep a save running): sleeps for every key saved so far,
    /// by the walker or by writers' hooks, outside the lock. Sleeps of less than a millisecond add up
    /// (Thread.Sleep would round them to nothing).
    /// </summary>
    private void DelayForSavedKeys()
    {
        var processed = KeysProcessed;
        _delayDebtMicros += (processed - _delayedKeys) * _keySaveDelayMicros;
        _delayedKeys = processed;
        if (_delayDebtMicros >= 1000)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(_delayDebtMicros / 1000));
            _delayDebtMicros %= 1000;
        }
    }

    /// <summary>Puts a SELECTDB (with RESIZEDB the first time) before the walk's keys when the producer's run is not in its database yet.</summary>
    private void SelectDb(SnapshotProducer producer, TableWalk walk)
    {
        if (producer.IsIn(walk.Db))
        {
            return;
        }
        // The walker and a writer may both give the sizes once: a repeated RESIZEDB is only a hint.
        _format.WriteSelectDb(producer.Output, walk.Db, walk.SizesWritten ? null : (walk.KeysAtStart, walk.ExpiresAtStart));
        walk.SizesWritten = true;
    }

    private void WriteEntry(System.Buffers.IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, KeyEntry? entry, bool urgent) =>
        WriteEntry(output, key, value, expireAtMs, entry is null ? default : AccessInfo(entry), urgent);

    private void WriteEntry(System.Buffers.IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, AccessData access, bool urgent)
    {
        // Redis's order: expire time, then IDLE or FREQ, then the key.
        _format.WriteKey(output, key, value, expireAtMs, _writeIdle ? access.Value : -1, _writeFrequency ? (int)access.Value : -1, urgent);
    }

    private AccessData AccessInfo(KeyEntry entry)
    {
        var clock = _server.Databases.AccessClock;
        return _writeIdle ? new AccessData(clock.IdleSeconds(entry, _startNowMs))
            : _writeFrequency ? new AccessData(clock.Frequency(entry, _startNowMs))
            : default;
    }

    /// <summary>
    /// The large values, serialized outside the lock: nobody changes them any more (writers copy
    /// first). Every capture is written by now, so no writer produces any more either.
    /// </summary>
    private void WriteDeferred()
    {
        for (var i = 0; ; i++)
        {
            DeferredKey item;
            lock (_deferredGate)
            {
                if (i >= _deferred.Count)
                {
                    return;
                }
                item = _deferred[i];
                _deferred[i] = default;
            }
            if (Stopped)
            {
                return;
            }
            SelectDb(_walkerOut, item.Walk);
            WriteEntry(_walkerOut.Output, item.Entry.Key, item.Value, item.ExpireAtMs, item.Access, urgent: false);
            Interlocked.Increment(ref _keysProcessed);
            lock (_deferredGate)
            {
                _liveDeferred.Remove(item.Value);
            }
            _walkerOut.Output.Publish();
            _output.WaitBelow(WalkerLead);
        }
    }

    /// <summary>The queue length the walker waits below: its lead over the file, within the cap.</summary>
    private long WalkerLead => Math.Min(_pendingLimit, WalkerLeadBytes);

    private static bool IsLarge(RedisObject value) => value switch
    {
        RedisString s => s.Length >= LargeStringBytes,
        RedisList l => l.Count >= LargeElementCount,
        RedisHash h => h.Count >= LargeElementCount,
        RedisSet s => s.Count >= LargeElementCount,
        RedisSortedSet z => z.Count >= LargeElementCount,
        RedisStream x => x.Length >= LargeElementCount || x.Nodes.Count >= LargeElementCount / 64,
        _ => false,
    };

    private void WriteFile()
    {
        try
        {
            while (_output.TryTake(out var chunk, out var length))
            {
                try
                {
                    _target.Write(chunk.GetSpan()[..length]);
                }
                finally
                {
                    _output.Release(chunk, length);
                }
            }
            if (_output.IsAbandoned || _aborted)
            {
                _target.Dispose();
                _done.TrySetResult(_aborted ? SnapshotOutcome.Aborted : SnapshotOutcome.Failed("snapshot stopped"));
                return;
            }
            if (_format.EndsWithChecksum)
            {
                _target.WriteTrailer();
            }
            _target.Commit();
            _target.Dispose();
            _done.TrySetResult(SnapshotOutcome.Succeeded(_target.Length));
        }
        catch (Exception e)
        {
            // Any failure (a full disk, a bug) must end the snapshot as failed, never hang it.
            _output.Abandon();
            _target.Dispose();
            _done.TrySetResult(SnapshotOutcome.Failed(ErrnoText.Of(e)));
        }
    }

    public void Dispose()
    {
        Abort();
        _output.Dispose();
    }

    /// <summary>LRU idle seconds or the LFU counter, as the policy wants written.</summary>
    private readonly record struct AccessData(long Value);

    /// <summary>A large value left for the end, as it was when its segment was taken; the entry only for its name, which never changes.</summary>
    private readonly record struct DeferredKey(TableWalk Walk, KeyEntry Entry, RedisObject Value, long ExpireAtMs, AccessData Access);

    /// <summary>One database's table in the snapshot: where the walk is, and the hook its writers call.</summary>
    private sealed class TableWalk(KeyspaceSnapshot owner, int db, KeyTable table, long keys, long expires) : ISnapshotHook
    {
        public int Db { get; } = db;

        public KeyTable Table { get; } = table;

        public long KeysAtStart { get; } = keys;

        public long ExpiresAtStart { get; } = expires;

        public ulong Position { get; set; }

        public bool Done { get; set; }

        public bool SizesWritten { get; set; }

        /// <summary>
        /// The expiry time of an entry that is the caller's to write (claimed, or the whole table
        /// under the server lock), -1 for none; read safely outside the lock (<see cref="ExpiryIndex.ReadConcurrently"/>).
        /// </summary>
        public long ExpireAtOf(KeyEntry entry) => entry.HasExpiry ? Table.Expiries.ReadConcurrently(entry) : -1;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void BeforeSegmentWrite(KeySegment segment)
        {
            if (segment.SnapshotMark == owner._epoch || owner._segmentsDone || owner._aborted)
            {
                return;
            }
            owner.Capture(this, segment);
            // Back-pressure happens after the command, outside the lock (ThrottleWriterAsync): waiting
            // here would stop every client, readers included, until the disk caught up.
        }

        public void BeforeEntryWrite(KeySegment segment, KeyEntry entry, int slot, bool valueInPlace)
        {
            if (owner._aborted)
            {
                return;
            }
            owner.WriteCapturedEntry(segment, entry, slot);
            if (valueInPlace)
            {
                owner.CopyIfDeferred(entry);
            }
        }
    }
}
