using System.Diagnostics;
using Basalt.Persistence.Rdb;
using Basalt.Server;

namespace Basalt.Persistence;

/// <summary>
/// RDB snapshots for the server: SAVE in the foreground, BGSAVE as a forkless
/// <see cref="KeyspaceSnapshot"/>, the save points and scheduled saves checked by the cron, the
/// status INFO persistence reports and the MISCONF refusal after a failed background save — the
/// parts of Redis's rdb.c and serverCron that decide when and how dump.rdb is written.
/// Every member is called under the server lock.
/// </summary>
public sealed class RdbPersistence
{
    // CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, automatic ones wait this long.
    private const long RetryDelaySeconds = 5;

    private const string MisconfError =
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. " +
        "Commands that may modify the data set are disabled, because this instance is configured to report " +
        "errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). " +
        "Please check the Redis logs for details about the RDB error.";

    private readonly BasaltServer _server;
    private KeyspaceSnapshot? _background;
    private long _backgroundStartMs;
    private long _dirtyAtStart;
    private long _lastTryUnixSeconds;
    private int _backgroundSerial;

    public RdbPersistence(BasaltServer server)
    {
        _server = server;
    }

    public bool BackgroundSaveInProgress => _background is not null;

    /// <summary>A BGSAVE to start as soon as no other snapshot runs (BGSAVE SCHEDULE, BGSAVE in MULTI).</summary>
    public bool BackgroundSaveScheduled { get; set; }

    /// <summary>The running background snapshot, for INFO's progress figures.</summary>
    public KeyspaceSnapshot? Background => _background;

    private string DumpPath => Path.Combine(_server.Config.Dir, _server.Config.DbFilename);

    /// <summary>SAVE: writes dump.rdb now, in the foreground; false after logging why it failed.</summary>
    public bool Save()
    {
        _server.Persistence.RdbSaves++;
        return SaveNow();
    }

    /// <summary>rdbSave: the synchronous save SAVE, FLUSHALL, SHUTDOWN and DEBUG RELOAD use.</summary>
    public bool SaveNow()
    {
        if (OpenDumpTarget($"temp-{Environment.ProcessId}.rdb") is not { } target)
        {
            return false;
        }
        using (target)
        {
            try
            {
                KeyspaceSnapshot.WriteAll(_server, target, Options());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _server.Log.Warning($"Write error saving DB on disk(rdbSaveRio): {ErrorText(e)}");
                return false;
            }
        }
        _server.Log.Notice("DB saved on disk");
        _server.Databases.Dirty = 0;
        _server.Persistence.LastSaveUnixSeconds = UnixNow();
        _server.Persistence.LastBgsaveOk = true;
        return true;
    }

    /// <summary>The temp file a save writes, to become dbfilename; null after Redis's log line when it cannot be created.</summary>
    private RdbFileTarget? OpenDumpTarget(string tempName)
    {
        try
        {
            return new RdbFileTarget(Path.Combine(_server.Config.Dir, tempName), DumpPath,
                _server.Config.RdbSaveIncrementalFsync, _server.Config.RdbChecksum);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _server.Log.Warning($"Failed opening the temp RDB file {tempName} (in server root dir {_server.Config.Dir}) for saving: {ErrorText(e)}");
            return null;
        }
    }

    /// <summary>
    /// rdbSaveBackground: starts a forkless snapshot; false only when one is already running. A temp
    /// file that cannot be opened counts as a save that started and failed, as Redis's child would.
    /// </summary>
    public bool StartBackgroundSave()
    {
        if (_background is not null)
        {
            return false;
        }
        _server.Persistence.RdbSaves++;
        _dirtyAtStart = _server.Databases.Dirty;
        _lastTryUnixSeconds = UnixNow();
        if (OpenDumpTarget($"temp-bgsave-{Environment.ProcessId}-{++_backgroundSerial}.rdb") is not { } target)
        {
            // In Redis the fork succeeds and the child fails to open its temp file: the client is told
            // the save started, and the failure shows in the log, INFO and MISCONF.
            _server.Log.Notice($"Background saving started by pid {Environment.ProcessId}");
            _server.Log.Warning("Background saving error");
            _server.Persistence.LastBgsaveOk = false;
            _server.Persistence.RdbLastBgsaveTimeSeconds = 0;
            return true;
        }
        var snapshot = KeyspaceSnapshot.Start(_server, target, Options());
        _background = snapshot;
        _backgroundStartMs = Environment.TickCount64;
        _server.Persistence.RdbBgsaveInProgress = true;
        // INFO shows the save's figures from its start, not from the next cron tick.
        UpdateProgress(snapshot);
        _server.Log.Notice($"Background saving started by pid {Environment.ProcessId}");
        snapshot.WhenDoneUnderLock(outcome => Finished(snapshot, outcome));
        return true;
    }

    /// <summary>killRDBChild: stops a running BGSAVE without counting it as a failure (FLUSHALL, SHUTDOWN).</summary>
    public void AbortBackgroundSave()
    {
        if (_background is not { } snapshot)
        {
            return;
        }
        snapshot.Abort();
        // The writer thread removes the temp file; SHUTDOWN waits for that, the lock is not needed for it.
        snapshot.Completion.Wait(TimeSpan.FromSeconds(5));
        EndBackground(snapshot);
    }

    private void Finished(KeyspaceSnapshot snapshot, SnapshotOutcome outcome)
    {
        if (outcome.WasAborted)
        {
            _server.Log.Warning("Background saving terminated by signal 10");
            EndBackground(snapshot);
            return;
        }
        if (!ReferenceEquals(_background, snapshot))
        {
            return;
        }
        var p = _server.Persistence;
        if (outcome.Ok)
        {
            _server.Log.Notice("DB saved on disk");
            _server.Log.Notice($"Fork CoW for RDB: current {snapshot.ExtraBytes / (1024 * 1024)} MB, peak {snapshot.PeakExtraBytes / (1024 * 1024)} MB");
            _server.Log.Notice("Background saving terminated with success");
            _server.Databases.Dirty -= _dirtyAtStart;
            p.LastSaveUnixSeconds = UnixNow();
            p.LastBgsaveOk = true;
        }
        else
        {
            _server.Log.Warning($"Write error saving DB on disk(rdbSaveRio): {outcome.Error}");
            _server.Log.Warning("Background saving error");
            p.LastBgsaveOk = false;
        }
        p.RdbLastCowSize = snapshot.PeakExtraBytes;
        p.RdbLastBgsaveTimeSeconds = (Environment.TickCount64 - _backgroundStartMs) / 1000;
        EndBackground(snapshot);
    }

    /// <summary>The INFO figures of a running BGSAVE: its time and the snapshot's progress.</summary>
    private void UpdateProgress(KeyspaceSnapshot running)
    {
        _server.Persistence.RdbCurrentBgsaveTimeSeconds = (Environment.TickCount64 - _backgroundStartMs) / 1000;
        _server.Persistence.UpdateSnapshotProgress(running);
    }

    private void EndBackground(KeyspaceSnapshot snapshot)
    {
        if (!ReferenceEquals(_background, snapshot))
        {
            return;
        }
        _background = null;
        snapshot.Dispose();
        var p = _server.Persistence;
        p.RdbBgsaveInProgress = false;
        p.RdbCurrentBgsaveTimeSeconds = -1;
        p.ClearSnapshotProgress();
    }

    /// <summary>
    /// The cron's part (serverCron): progress figures of a running save; otherwise a scheduled BGSAVE
    /// or the first save point whose time and changes have come, unless the last one failed less
    /// than 5 seconds ago.
    /// </summary>
    public void Cron()
    {
        var p = _server.Persistence;
        if (_background is { } running)
        {
            UpdateProgress(running);
            return;
        }
        if (_server.Loading || OtherSnapshotRunning?.Invoke() == true)
        {
            return;
        }
        var now = UnixNow();
        var mayRetry = p.LastBgsaveOk || now - _lastTryUnixSeconds > RetryDelaySeconds;
        if (BackgroundSaveScheduled && mayRetry)
        {
            if (StartBackgroundSave())
            {
                BackgroundSaveScheduled = false;
            }
            return;
        }
        foreach (var point in _server.Config.SaveParams)
        {
            if (_server.Databases.Dirty >= point.Changes && now - p.LastSaveUnixSeconds > point.Seconds && mayRetry)
            {
                _server.Log.Notice($"{point.Changes} changes in {point.Seconds} seconds. Saving...");
                StartBackgroundSave();
                break;
            }
        }
    }

    /// <summary>
    /// loadDataFromDisk with appendonly no: loads dump.rdb if there is one, with Redis's log lines;
    /// false (after logging why, as Redis does before exiting 1) when the file cannot be loaded.
    /// The caller holds the server lock.
    /// </summary>
    public bool LoadOnStartup()
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = LoadFile(DumpPath, allowDuplicates: false, out var error);
        switch (outcome)
        {
            case LoadOutcome.Loaded:
                _server.Log.Notice(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"DB loaded from disk: {Stopwatch.GetElapsedTime(started).TotalSeconds:F3} seconds"));
                return true;
            case LoadOutcome.Missing:
                return true;
            default:
                LogLoadFailure(error!, DumpPath);
                return false;
        }
    }

    /// <summary>DEBUG RELOAD's load: dump.rdb into the current dataset; false when it could not be loaded.</summary>
    public bool Reload(bool merge)
    {
        var outcome = LoadFile(DumpPath, merge, out var error);
        if (outcome == LoadOutcome.Failed)
        {
            LogLoadFailure(error!, DumpPath);
        }
        return outcome == LoadOutcome.Loaded;
    }

    /// <summary>emptyData: every database and the function libraries (DEBUG RELOAD without NOFLUSH).</summary>
    public void EmptyData()
    {
        // Not a change of the dataset for the dirty counter: DEBUG RELOAD ignores what emptyData removed.
        var dirty = _server.Databases.Dirty;
        foreach (var db in _server.Databases.All)
        {
            db.Clear();
        }
        _server.Functions.Clear();
        _server.Databases.Dirty = dirty;
    }

    private enum LoadOutcome
    {
        Loaded,
        Missing,
        Failed,
    }

    private LoadOutcome LoadFile(string path, bool allowDuplicates, out Exception? error)
    {
        error = null;
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return LoadOutcome.Missing;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e;
            return LoadOutcome.Failed;
        }
        var p = _server.Persistence;
        _server.Loading = true;
        _server.Databases.Loading = true;
        p.LoadingStartUnixSeconds = UnixNow();
        p.LoadingTotalBytes = stream.Length;
        p.LoadingLoadedBytes = 0;
        try
        {
            using var collectionPause = LoadCollectionPause.Begin(stream.Length);
            using var input = new RdbInput(stream);
            new RdbLoader(_server, dropExpired: true, allowDuplicates).Load(input);
            return LoadOutcome.Loaded;
        }
        catch (Exception e) when (e is RdbFormatException or RdbDatabaseCountException or IOException)
        {
            error = e;
            return LoadOutcome.Failed;
        }
        finally
        {
            stream.Dispose();
            _server.Loading = false;
            _server.Databases.Loading = false;
            p.LoadingTotalBytes = 0;
            p.LoadingLoadedBytes = 0;
        }
    }

    /// <summary>
    /// The lines Redis logs before it gives up on a file (rdbReportError and loadDataFromDisk), then the
    /// redis-check-rdb report on <paramref name="path"/> that Redis prints on stdout after rdbReportError.
    /// </summary>
    private void LogLoadFailure(Exception error, string path)
    {
        var log = _server.Log;
        switch (error)
        {
            case RdbDatabaseCountException:
                log.Warning(error.Message.TrimEnd('\n'));
                break;
            case RdbFormatException { Message: RdbFormatException.UnexpectedEof } eof:
                // rdbLoad's eoferr path, wherever the file ended (its RedisLine is 0).
                log.Warning("Short read or OOM loading DB. Unrecoverable error, aborting now.");
                log.Warning($"Internal error in RDB reading offset 0, function at rdb.c:{RedisReportLines.UnexpectedEof} -> {eof.Message}");
                break;
            case RdbFormatException { RedisLine: 0 } format:
                // Header problems are logged as they are, then the load fails with EINVAL.
                log.Warning(format.Message);
                log.Warning("Fatal error loading the DB: Invalid argument. Exiting.");
                break;
            case RdbFormatException format:
                if (format.StoredChecksum != format.ComputedChecksum)
                {
                    log.Warning($"Wrong RDB checksum expected: ({format.ComputedChecksum:x}) but got ({format.StoredChecksum:x}). Aborting now.");
                }
                log.Warning($"Internal error in RDB reading offset 0, function at rdb.c:{format.RedisLine} -> {format.ServerMessage ?? format.Message}");
                break;
            default:
                log.Warning($"Fatal error loading the DB: {error.Message}. Exiting.");
                break;
        }
        if (RdbCheckReport.FollowsLoadFailure(error))
        {
            RdbCheckReport.Run(path, _server.Config.DbFilename, Console.Out, RdbCheckReport.OptionsFor(_server.Config));
            Console.Out.Flush();
        }
    }

    /// <summary>Whether another kind of snapshot (an AOF rewrite) is running, which a BGSAVE must wait for.</summary>
    public Func<bool>? OtherSnapshotRunning { get; set; }

    /// <summary>The MISCONF error while stop-writes-on-bgsave-error applies, else null.</summary>
    public string? WriteRefusal()
    {
        var config = _server.Config;
        return config.StopWritesOnBgsaveError && config.SaveParams.Count > 0 && !_server.Persistence.LastBgsaveOk
            ? MisconfError
            : null;
    }

    /// <summary>How dump.rdb snapshots are written now (BACKUP writes its copy the same way).</summary>
    public SnapshotOptions Options() => new(
        new RdbSnapshotFormat(
            new RdbHeaderFields(BasaltServer.Version, UnixNow(), _server.Memory.EvictableBytes(_server.Databases), AofBase: false),
            _server.Functions.Sources,
            _server.Config.RdbCompression),
        _server.Config.SnapshotMemoryLimit,
        _server.Config.RdbKeySaveDelay);

    private static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string ErrorText(Exception e) => ErrnoText.Of(e);
}
