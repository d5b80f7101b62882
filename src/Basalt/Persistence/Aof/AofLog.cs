using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Basalt.Server.Propagation;
using Microsoft.Win32.SafeHandles;

namespace Basalt.Persistence.Aof;

/// <summary>
/// The open INCR file of the AOF with group commit (DESIGN.md decision 4). Commands append their
/// RESP under the server lock, in execution order (<see cref="Append"/>); before a batch's replies
/// leave, its connection awaits <see cref="WaitDurableAsync"/> with the offset the batch reached.
/// One writer thread writes everything appended so far (and, under <c>always</c>, fdatasyncs it) and
/// then releases every batch it covered; batches appended meanwhile share the next write and sync.
/// So many clients share one fsync, and no reply waits for more than two. The same thread writes
/// what no client waits for and, under <c>everysec</c>, syncs once a second.
/// </summary>
/// <remarks>
/// A failed write or sync is never retried as if nothing happened: after a failed write the file is
/// cut back to its last good length and the unwritten bytes stay in memory; after a failed sync the
/// bytes stay in the file (written once, never twice). Either way <see cref="LastWriteError"/> is set
/// (INFO aof_last_write_status:err, MISCONF for writers), waiters whose bytes are not durable are
/// told so, and the background thread tries again every second until the disk takes them. Syncs
/// run outside the lock writes take, so under <c>everysec</c> replies never wait for the disk.
/// </remarks>
public sealed class AofLog : IPropagationSink, IDisposable
{
    private static readonly byte[] SelectPrefix = "*2\r\n$6\r\nSELECT\r\n"u8.ToArray();

    private readonly object _bufferGate = new();
    private readonly object _ioGate = new();
    private readonly object _durableGate = new();
    private readonly object _syncGate = new();
    private readonly object _statusGate = new();
    private readonly SafeFileHandle _file;
    private readonly Thread _background;
    private ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private ArrayBufferWriter<byte> _spare = new(64 * 1024);
    private long _appended;
    private long _written;
    private long _synced;
    private long _fileLength;
    private long _lastSyncTicks = Stopwatch.GetTimestamp();
    private long _lastTimestampSeconds;
    private volatile bool _stopping;

    /// <summary>Opens (creating if needed) <paramref name="path"/> to append to it.</summary>
    public AofLog(string path, AofFsyncPolicy policy, bool timestamps)
    {
        Path = path;
        Policy = policy;
        TimestampsEnabled = timestamps;
        _file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        _fileLength = RandomAccess.GetLength(_file);
        _background = new Thread(Background) { IsBackground = true, Name = "aof-writer" };
        _background.Start();
    }

    /// <summary>The file's path (it changes when a temp INCR is renamed into the manifest).</summary>
    public string Path { get; set; }

    public AofFsyncPolicy Policy { get; set; }

    public bool TimestampsEnabled { get; set; }

    /// <summary>The database the last SELECT written selected (-1: the next command writes one).</summary>
    public int SelectedDb { get; set; } = -1;

    /// <summary>Bytes of the file (written ones, not those still in memory).</summary>
    public long FileLength => Interlocked.Read(ref _fileLength);

    /// <summary>Bytes appended since the log was opened: the offset a batch waits for.</summary>
    public long AppendedOffset
    {
        get
        {
            lock (_bufferGate)
            {
                return _appended;
            }
        }
    }

    /// <summary>Bytes appended but not written yet (aof_buffer_length).</summary>
    public long BufferedBytes
    {
        get
        {
            lock (_bufferGate)
            {
                return _buffer.WrittenCount;
            }
        }
    }

    /// <summary>Why the last write or sync failed (strerror text), or null when the log is healthy.</summary>
    public string? LastWriteError => _writeError ?? _syncError;

    /// <summary>Why the last write failed (the bytes are still in memory), or null.</summary>
    private string? _writeError;

    /// <summary>Why the last sync failed (the bytes are in the file, maybe not on the disk), or null.</summary>
    private string? _syncError;

    /// <summary>Times a sync took so long that writing went on without waiting (aof_delayed_fsync).</summary>
    public long DelayedFsyncs { get; set; }

    /// <summary>Whether syncs are skipped right now (no-appendfsync-on-rewrite while a snapshot runs).</summary>
    public Func<bool>? SyncSuppressed { get; set; }

    /// <summary>Told (on an I/O thread) when the log fails and when it recovers, for the server's log.</summary>
    public Action<string?>? WriteStatusChanged { get; set; }

    /// <summary>Appends commands in RESP, with SELECT when the database changes (feedAppendOnlyFile).</summary>
    public void Append(IReadOnlyList<PropagatedCommand> commands, bool transaction)
    {
        lock (_bufferGate)
        {
            var start = _buffer.WrittenCount;
            if (transaction)
            {
                WriteCommand(commands[0].Db, [Multi]);
            }
            foreach (var command in commands)
            {
                WriteCommand(command.Db, command.Args);
            }
            if (transaction)
            {
                WriteCommand(commands[^1].Db, [Exec]);
            }
            _appended += _buffer.WrittenCount - start;
        }
    }

    /// <summary>Appends bytes as they are (a rewrite's SELECT reset, tests).</summary>
    public void AppendRaw(ReadOnlySpan<byte> bytes)
    {
        lock (_bufferGate)
        {
            _buffer.Write(bytes);
            _appended += bytes.Length;
        }
    }

    private static readonly byte[] Multi = "MULTI"u8.ToArray();
    private static readonly byte[] Exec = "EXEC"u8.ToArray();

    private void WriteCommand(int db, byte[][] args)
    {
        if (TimestampsEnabled)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (now > _lastTimestampSeconds)
            {
                _lastTimestampSeconds = now;
                WriteAscii($"#TS:{now.ToString(CultureInfo.InvariantCulture)}\r\n");
            }
        }
        if (db != SelectedDb)
        {
            _buffer.Write(SelectPrefix);
            RespCommandEncoder.Bulk(_buffer, db);
            SelectedDb = db;
        }
        RespCommandEncoder.ArrayHeader(_buffer, args.Length);
        foreach (var arg in args)
        {
            RespCommandEncoder.Bulk(_buffer, arg);
        }
    }

    private void WriteAscii(string text)
    {
        var span = _buffer.GetSpan(text.Length);
        var n = Encoding.ASCII.GetBytes(text, span);
        _buffer.Advance(n);
    }

    /// <summary>
    /// Completes with true once the bytes up to <paramref name="offset"/> are written (and synced
    /// under <c>always</c>), false when the disk refused them. The connection awaits it before
    /// sending a batch's replies, so the event thread goes on serving other connections meanwhile:
    /// every batch appended while the writer thread syncs joins the next sync (group commit).
    /// </summary>
    public Task<bool> WaitDurableAsync(long offset)
    {
        if (DurableOffset >= offset)
        {
            return Task.FromResult(true);
        }
        // Completed by the writer thread, which thus runs the continuation (sending the replies) itself:
        // see ReleaseWaiters.
        var waiter = new TaskCompletionSource<bool>();
        lock (_durableGate)
        {
            if (_stopping)
            {
                return Task.FromResult(DurableOffset >= offset);
            }
            _waiters.Add((offset, waiter));
        }
        _wake.Set();
        return waiter.Task;
    }

    /// <summary>
    /// Under everysec and no, writes what was appended on the caller's thread, as Redis writes its
    /// AOF buffer in the event loop before sending replies (no thread hop). The I/O lock is held only
    /// for a write (syncs run outside it), so waiting for it is short. True when
    /// <paramref name="offset"/> is then written; false means "await <see cref="WaitDurableAsync"/>"
    /// (always, or a write error: the writer thread retries and answers).
    /// </summary>
    public bool TryWriteNow(long offset)
    {
        if (Policy == AofFsyncPolicy.Always || _stopping)
        {
            return false;
        }
        if (DurableOffset >= offset)
        {
            return true;
        }
        return WriteIfOpen() && DurableOffset >= offset;
    }

    private readonly List<(long Offset, TaskCompletionSource<bool> Waiter)> _waiters = [];
    private readonly AutoResetEvent _wake = new(false);

    /// <summary>
    /// Tells the waiters whose bytes are now durable; after a failure, all of them (their bytes are not).
    /// Their continuations run here, on the writer thread: each sends its batch's replies (the send
    /// does not block) and starts the next receive. Handing each to the thread pool instead woke a
    /// worker per connection, and the workers' spinning cost more than the sends: with 50 clients
    /// and one SET each under <c>always</c>, 28 µs of server CPU per request against 19-21 µs this
    /// way, and 38-43k requests/s against 41-50k. Any other thread (<see cref="Dispose"/>, perhaps
    /// inside a command under the server lock) hands them to the thread pool: a continuation run
    /// there would execute its client's next commands within that command.
    /// </summary>
    private void ReleaseWaiters(bool failed)
    {
        List<(long Offset, TaskCompletionSource<bool> Waiter)>? done = null;
        lock (_durableGate)
        {
            var durable = DurableOffset;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (failed || _waiters[i].Offset <= durable)
                {
                    (done ??= []).Add(_waiters[i]);
                    _waiters.RemoveAt(i);
                }
            }
        }
        if (done is null)
        {
            return;
        }
        if (Thread.CurrentThread == _background)
        {
            Complete((done, failed));
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(Complete, (done, failed), preferLocal: false);
        }

        static void Complete((List<(long Offset, TaskCompletionSource<bool> Waiter)> Done, bool Failed) release)
        {
            foreach (var (_, waiter) in release.Done)
            {
                waiter.TrySetResult(!release.Failed);
            }
        }
    }

    /// <summary>What a reply may rely on: written under everysec/no (a process crash keeps it), synced under always.</summary>
    private long DurableOffset => Policy == AofFsyncPolicy.Always ? Interlocked.Read(ref _synced) : Interlocked.Read(ref _written);

    /// <summary>Empties the file (a temp INCR reused after a failed attempt); before anything is appended.</summary>
    public void Truncate()
    {
        lock (_ioGate)
        {
            RandomAccess.SetLength(_file, 0);
            Interlocked.Exchange(ref _fileLength, 0);
        }
    }

    /// <summary>Writes everything appended so far and syncs it; for SHUTDOWN and rewrites. False when the disk refused.</summary>
    public bool FlushAndSync() => WriteIfOpen() && SyncWritten();

    /// <summary>Writes what is buffered unless the log is closing; false when it is or the disk refused.</summary>
    private bool WriteIfOpen()
    {
        lock (_ioGate)
        {
            return !_stopping && WriteBuffered();
        }
    }

    /// <summary>
    /// Writes what is buffered; under the I/O lock. False when the disk refused: the file is cut back
    /// to its last good length and the bytes stay buffered, in front of what was appended since.
    /// </summary>
    private bool WriteBuffered()
    {
        ArrayBufferWriter<byte> pending;
        long upTo;
        lock (_bufferGate)
        {
            pending = _buffer;
            upTo = _appended;
            _buffer = _spare;
            _spare = pending;
        }
        var data = pending.WrittenMemory;
        try
        {
            if (data.Length > 0)
            {
                RandomAccess.Write(_file, data.Span, _fileLength);
                Interlocked.Add(ref _fileLength, data.Length);
            }
            Interlocked.Exchange(ref _written, upTo);
            pending.ResetWrittenCount();
            SetStatus(ref _writeError, null);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                RandomAccess.SetLength(_file, _fileLength);
            }
            catch (IOException)
            {
                // The length is what it is; the next successful write goes at _fileLength anyway.
            }
            lock (_bufferGate)
            {
                var newer = _buffer.WrittenMemory.ToArray();
                _buffer.ResetWrittenCount();
                _buffer.Write(data.Span);
                _buffer.Write(newer);
            }
            pending.ResetWrittenCount();
            SetStatus(ref _writeError, ErrnoText.Of(e));
            return false;
        }
    }

    /// <summary>
    /// Syncs what has been written, outside the I/O lock: under <c>everysec</c> the connections go on
    /// writing (and replying) while the background sync runs, as Redis's fsync runs in a background
    /// thread, instead of every reply waiting for the disk once a second. False when the sync failed:
    /// the bytes are in the file already (they are not written again), the error shows until a later
    /// sync succeeds.
    /// </summary>
    private bool SyncWritten()
    {
        lock (_syncGate)
        {
            if (_file.IsClosed)
            {
                // Dispose synced what there was and closed the file; nothing is left to sync.
                return true;
            }
            var target = Interlocked.Read(ref _written);
            if (Interlocked.Read(ref _synced) >= target && _syncError is null)
            {
                return true;
            }
            // no-appendfsync-on-rewrite: while a snapshot runs the sync is skipped, as configured.
            if (SyncSuppressed?.Invoke() != true)
            {
                try
                {
                    FileSync.Fdatasync(_file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    SetStatus(ref _syncError, ErrnoText.Of(e));
                    return false;
                }
                _lastSyncTicks = Stopwatch.GetTimestamp();
            }
            Interlocked.Exchange(ref _synced, target);
            SetStatus(ref _syncError, null);
            return true;
        }
    }

    /// <summary>Sets a write or sync error and tells <see cref="WriteStatusChanged"/> when the log's health changed.</summary>
    private void SetStatus(ref string? field, string? error)
    {
        string? before, after;
        lock (_statusGate)
        {
            before = LastWriteError;
            field = error;
            after = LastWriteError;
        }
        if ((before is null) != (after is null))
        {
            WriteStatusChanged?.Invoke(after);
        }
    }

    /// <summary>
    /// The writer thread: woken by a waiting batch (or every 10 ms for what nobody waits for), it
    /// writes everything appended, syncs under <c>always</c> and once a second under <c>everysec</c>,
    /// then releases the batches it covered.
    /// </summary>
    private void Background()
    {
        while (!_stopping)
        {
            _wake.WaitOne(LastWriteError is null ? 10 : 1000);
            if (_stopping)
            {
                break;
            }
            // Waiters are released outside the I/O lock: their continuations run on this thread and
            // take the server lock, under which a command may be waiting for the I/O lock (FlushAndSync).
            var written = true;
            bool everySecDue;
            lock (_ioGate)
            {
                if (_stopping)
                {
                    break;
                }
                everySecDue = Policy == AofFsyncPolicy.EverySec &&
                    Stopwatch.GetElapsedTime(_lastSyncTicks) >= TimeSpan.FromSeconds(1) &&
                    Interlocked.Read(ref _synced) < AppendedOffset;
                if (AppendedOffset > Interlocked.Read(ref _written) || _writeError is not null)
                {
                    written = WriteBuffered();
                }
            }
            var synced = true;
            if (written && (everySecDue || _syncError is not null ||
                (Policy == AofFsyncPolicy.Always && Interlocked.Read(ref _synced) < Interlocked.Read(ref _written))))
            {
                var started = Stopwatch.GetTimestamp();
                synced = SyncWritten();
                if (everySecDue && Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(2))
                {
                    DelayedFsyncs++;
                }
            }
            // Under everysec and no a reply needs its bytes written, not synced (see DurableOffset).
            ReleaseWaiters(failed: !written || (!synced && Policy == AofFsyncPolicy.Always));
        }
        ReleaseWaiters(failed: DurableOffset < AppendedOffset);
    }

    /// <summary>Writes and syncs what is left, then closes the file.</summary>
    public void Dispose()
    {
        bool written;
        lock (_ioGate)
        {
            written = WriteBuffered();
            lock (_durableGate)
            {
                _stopping = true;
            }
        }
        // Outside the I/O lock, as every sync: connections still finishing their batches find the
        // log stopping and their bytes written, instead of waiting for the disk behind the lock.
        var ok = written && (Policy == AofFsyncPolicy.No || SyncWritten());
        lock (_syncGate)
        {
            _file.Dispose();
        }
        _wake.Set();
        ReleaseWaiters(failed: !ok);
    }
}
