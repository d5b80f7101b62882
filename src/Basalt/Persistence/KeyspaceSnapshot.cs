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
/// <see cref="ISnapshotHook"/>. A walker thread then serializes the tables segment by segment in
/// hash order, a few hundred microseconds under the lock at a time, marking each segment with the
/// epoch. A writer about to change a segment that is not marked yet serializes it first, so every
/// segment reaches the file as it was at the start. Both produce into one queue that a writer
/// thread empties into the file; records of different databases interleave, each run preceded by
/// SELECTDB, which every RDB loader accepts. The queue is the snapshot's extra memory (Redis's
/// copy-on-write pages); producers wait when it exceeds its cap.</para>
/// <para>Large values (long collections, big strings) would make a writer pause for as long as they
/// take to serialize, so a segment walk only notes them; they are serialized outside the lock once
/// all segments are done. Until then a writer about to change one in place gives the keyspace a
/// copy and leaves the original to the snapshot (copy-on-write at the value level).</para>
/// <para>A database emptied by FLUSHDB gets a new table; the snapshot keeps walking the old one,
/// which nobody changes any more. SWAPDB moves tables, and each table remembers the database it
/// was in at the start.</para>
/// </remarks>
public sealed class KeyspaceSnapshot : IDisposable
{
    // Work done per hold of the server lock by the walker.
    private static readonly long BatchTicks = Stopwatch.Frequency / 4000;
    private const int BatchBytes = 256 * 1024;

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
    private int _currentDb = -1;
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
    /// under the server lock; returns at once, the work runs on two background threads.
    /// </summary>
    public static KeyspaceSnapshot Start(BasaltServer server, RdbFileTarget target, SnapshotOptions options)
    {
        var snapshot = new KeyspaceSnapshot(server, target, options);
        server.ActiveSnapshot = snapshot;
        options.Format.WriteHeader(snapshot._output);
        snapshot._output.Publish();
        foreach (var walk in snapshot._walks)
        {
            walk.Table.Snapshot = walk;
        }
        new Thread(snapshot.Walk) { IsBackground = true, Name = "snapshot-walker" }.Start();
        new Thread(snapshot.WriteFile) { IsBackground = true, Name = "snapshot-writer" }.Start();
        return snapshot;
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
                    writer.WriteEntry(output, entry.Key, entry.Value, entry.ExpireAtMs, entry, urgent: false);
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
                while (!walk.Done && !_aborted && !_output.IsAbandoned)
                {
                    lock (_server.Sync)
                    {
                        if (_aborted)
                        {
                            return;
                        }
                        WalkBatch(walk);
                        _output.Publish();
                    }
                    if (_keySaveDelayMicros > 0)
                    {
                        DelayForSavedKeys();
                    }
                    _output.WaitBelow(_pendingLimit);
                }
            }
            lock (_server.Sync)
            {
                _segmentsDone = true;
            }
            WriteDeferred();
            lock (_server.Sync)
            {
                Uninstall();
                Release();
            }
            _output.Complete();
        }
        catch (Exception e)
        {
            _output.Abandon();
            _done.TrySetResult(SnapshotOutcome.Failed(ErrnoText.Of(e)));
        }
    }

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

    private int WalkBatch(TableWalk walk)
    {
        var start = Stopwatch.GetTimestamp();
        var startBytes = _output.TotalBytes;
        var keys = 0;
        do
        {
            var segment = walk.Table.SegmentAt(walk.Position);
            if (segment.SnapshotMark != _epoch)
            {
                keys += SerializeSegment(walk, segment, urgent: false);
            }
            walk.Position = segment.EndPosition;
            walk.Done = walk.Position == 0;
        }
        while (!walk.Done && _output.TotalBytes - startBytes < BatchBytes && Stopwatch.GetTimestamp() - start < BatchTicks);
        return keys;
    }

    /// <summary>Writes a segment's keys as they are now and marks it; under the server lock.</summary>
    // Optimized from its first call: a snapshot's first seconds are when writers' hooks call it most,
    // and tiered compilation would run it unoptimized then (it runs only while a snapshot does).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int SerializeSegment(TableWalk walk, KeySegment segment, bool urgent)
    {
        segment.SnapshotMark = _epoch;
        if (segment.Count == 0)
        {
            return 0;
        }
        SelectDb(_output, walk);
        var keys = 0;
        foreach (var entry in segment.Entries())
        {
            if (IsLarge(entry.Value))
            {
                lock (_deferredGate)
                {
                    _deferred.Add(new DeferredKey(walk, entry.Key, entry.Value, entry.ExpireAtMs, AccessInfo(entry)));
                    _liveDeferred.Add(entry.Value);
                }
                continue;
            }
            WriteEntry(_output, entry.Key, entry.Value, entry.ExpireAtMs, entry, urgent);
            keys++;
        }
        Interlocked.Add(ref _keysProcessed, keys);
        return keys;
    }

    private void SelectDb(System.Buffers.IBufferWriter<byte> output, TableWalk walk)
    {
        if (_currentDb == walk.Db)
        {
            return;
        }
        _currentDb = walk.Db;
        _format.WriteSelectDb(output, walk.Db, walk.SizesWritten ? null : (walk.KeysAtStart, walk.ExpiresAtStart));
        walk.SizesWritten = true;
    }

    private void WriteEntry(System.Buffers.IBufferWriter<byte> output, byte[] key, RedisObject value, long expireAtMs, KeyEntry? entry, bool urgent) =>
        WriteEntry(output, key, value, expireAtMs, entry is null ? default : AccessInfo(entry), urgent);

    private void WriteEntry(System.Buffers.IBufferWriter<byte> output, byte[] key, RedisObject value, long expireAtMs, AccessData access, bool urgent)
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

    /// <summary>The large values, serialized outside the lock: nobody changes them any more (writers copy first).</summary>
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
            if (_aborted || _output.IsAbandoned)
            {
                return;
            }
            SelectDb(_output, item.Walk);
            WriteEntry(_output, item.Key, item.Value, item.ExpireAtMs, item.Access, urgent: false);
            Interlocked.Increment(ref _keysProcessed);
            lock (_deferredGate)
            {
                _liveDeferred.Remove(item.Value);
            }
            _output.Publish();
            _output.WaitBelow(_pendingLimit);
        }
    }

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

    private readonly record struct DeferredKey(TableWalk Walk, byte[] Key, RedisObject Value, long ExpireAtMs, AccessData Access);

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

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void BeforeSegmentWrite(KeySegment segment)
        {
            if (segment.SnapshotMark == owner._epoch || owner._segmentsDone || owner._aborted)
            {
                return;
            }
            // A client's write waits: serialize fast (no LZF) rather than small.
            owner.SerializeSegment(this, segment, urgent: true);
            owner._output.Publish();
            // Back-pressure happens after the command, outside the lock (ThrottleWriterAsync): waiting
            // here would stop every client, readers included, until the disk caught up.
        }

        public void BeforeValueWrite(KeyEntry entry)
        {
            lock (owner._deferredGate)
            {
                if (!owner._liveDeferred.Remove(entry.Value))
                {
                    return;
                }
            }
            // The snapshot keeps the original, which nothing changes any more; the keyspace
            // continues with a copy (a list's shares its nodes until it changes them).
            entry.Value = entry.Value.CopyForSnapshot(out var copied);
            Interlocked.Add(ref owner._copiedBytes, copied);
        }
    }
}
