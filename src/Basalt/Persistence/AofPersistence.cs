using System.Diagnostics;
using System.Globalization;
using System.Text;
using Basalt.Persistence.Aof;
using Basalt.Persistence.Rdb;
using Basalt.Text;
using Basalt.Server;

namespace Basalt.Persistence;

/// <summary>
/// The append-only file of the server, Redis 7.0's multi-part layout: at start the manifest is read
/// (an old single-file AOF is migrated into the directory first), the BASE and INCR files are
/// loaded in order, the last INCR is opened (or created, with an empty BASE when there is none),
/// and from then on every propagated write goes to it through <see cref="AofLog"/>. Methods are
/// called under the server lock unless they say otherwise.
/// </summary>
public sealed class AofPersistence
{
    private readonly BasaltServer _server;
    private AofManifest _manifest = new();

    public AofPersistence(BasaltServer server)
    {
        _server = server;
    }

    /// <summary>The open log while the AOF is on; null when it is off.</summary>
    public AofLog? Log { get; private set; }

    /// <summary>aof_enabled: the AOF is on, or being switched on (its first rewrite runs).</summary>
    public bool Enabled => Log is not null || _switchingOn;

    // While the AOF is being switched on, writes go to temp-<F>.incr, which becomes an INCR file
    // of the manifest only when the first BASE exists.
    private bool _switchingOn;
    private const string SwitchingOnIncr = "temp-{0}.incr";

    private string FileName => _server.Config.AppendFilename;

    private string DirectoryPath => Path.Combine(_server.Config.Dir, _server.Config.AppendDirname);

    private string ManifestPath => Path.Combine(DirectoryPath, FileName + ".manifest");

    /// <summary>The AOF directory's full path (BACKUP links its files).</summary>
    public string DirectoryFullPath => Path.GetFullPath(DirectoryPath);

    /// <summary>A copy of the manifest in force now (BACKUP lists the same files).</summary>
    public AofManifest ManifestCopy() => _manifest.Clone();

    /// <summary>The size of the BASE file (aof_base_size).</summary>
    public long BaseSize { get; private set; }

    /// <summary>
    /// BASE plus INCR bytes in the files (aof_current_size): as in Redis, what is written, not what
    /// waits in memory (which a failing disk would otherwise make grow while nothing reaches it).
    /// </summary>
    public long CurrentSize => BaseSize + _closedIncrBytes + (Log?.FileLength ?? 0);

    private long _closedIncrBytes;

    /// <summary>
    /// CONFIG SET appendonly yes (startAppendOnly): writes are logged from now on into a temp INCR,
    /// and a rewrite makes the BASE; when it is done the manifest lists both. Scheduled when a
    /// BGSAVE runs. An error text when it cannot start.
    /// </summary>
    public string? SwitchOn()
    {
        if (Log is not null)
        {
            return null;
        }
        if (_server.Rdb.BackgroundSaveInProgress)
        {
            _switchingOn = true;
            RewriteScheduled = true;
            _server.Log.Warning("AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.");
            return null;
        }
        if (_rewrite is not null)
        {
            // A rewrite started with the AOF off cannot become the first BASE: restart it (Redis kills it).
            _server.Log.Warning("AOF was enabled but there is already an AOF rewriting in background. Stopping background AOF and starting a rewrite now.");
            AbortRewrite();
        }
        _switchingOn = true;
        if (!StartRewrite())
        {
            _switchingOn = false;
            _server.Log.Warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.");
            return "Unable to turn on AOF. Check server logs.";
        }
        return null;
    }

    /// <summary>
    /// Startup with appendonly yes: migrate, load, open. False (after logging why, as Redis does
    /// before exiting 1) when the files cannot be used.
    /// </summary>
    public bool Start()
    {
        try
        {
            if (!ReadManifest())
            {
                return false;
            }
            MigrateOldStyleFile();
            if (!Load())
            {
                return false;
            }
            Open();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _server.Log.Warning($"Can't open the append-only file: {ErrnoText.Of(e)}");
            return false;
        }
    }

    /// <summary>
    /// Reads the manifest (a missing one is an empty AOF); false, after Redis's FATAL report, on a bad
    /// one. Also run at start when the AOF is off, as Redis reads it at every start.
    /// </summary>
    public bool ReadManifest()
    {
        if (!File.Exists(ManifestPath))
        {
            _manifest = new AofManifest();
            return true;
        }
        try
        {
            _manifest = AofManifest.Parse(File.ReadAllBytes(ManifestPath));
            return true;
        }
        catch (AofManifestException e)
        {
            var log = _server.Log;
            log.Warning("\n*** FATAL AOF MANIFEST FILE ERROR ***\n");
            if (e.Line is not null)
            {
                log.Warning($"Reading the manifest file, at line {e.LineNumber}\n");
                log.Warning($">>> '{e.Line}'\n");
            }
            log.Warning(e.Message + "\n");
            return false;
        }
    }

    /// <summary>aofUpgradePrepare: an appendonly.aof in the data directory becomes BASE seq 1 of the AOF directory.</summary>
    private void MigrateOldStyleFile()
    {
        var oldPath = Path.Combine(_server.Config.Dir, FileName);
        if (!File.Exists(oldPath))
        {
            return;
        }
        var onlyOldBase = _manifest.Base is { } b && b.Name == FileName && _manifest.Incr.Count == 0 && _manifest.History.Count == 0;
        var nothingListed = _manifest.Base is null && _manifest.Incr.Count == 0;
        if (!nothingListed && !onlyOldBase)
        {
            return;
        }
        Directory.CreateDirectory(DirectoryPath);
        var manifest = new AofManifest { Base = new AofFileInfo(FileName, 1, AofFileType.Base), BaseSeq = 1 };
        PersistManifest(manifest);
        File.Move(oldPath, Path.Combine(DirectoryPath, FileName), overwrite: true);
        FileSync.FsyncDirectory(DirectoryPath);
        _manifest = manifest;
        _server.Log.Notice($"Successfully migrated an old-style AOF file ({FileName}) into the AOF directory ({_server.Config.AppendDirname}).");
    }

    /// <summary>loadAppendOnlyFiles: BASE, then every INCR in manifest order.</summary>
    private bool Load()
    {
        var files = new List<AofFileInfo>();
        if (_manifest.Base is not null)
        {
            files.Add(_manifest.Base);
        }
        files.AddRange(_manifest.Incr);
        if (files.Count == 0)
        {
            return true;
        }
        long total = 0;
        foreach (var file in files)
        {
            var path = Path.Combine(DirectoryPath, file.Name);
            if (!File.Exists(path))
            {
                _server.Log.Warning($"Unable to obtain the AOF file {file.Name} length. stat: No such file or directory");
                return false;
            }
            total += new FileInfo(path).Length;
        }
        if (total == 0)
        {
            return true;
        }
        var started = Stopwatch.GetTimestamp();
        _server.Loading = true;
        _server.Databases.Loading = true;
        _server.Persistence.LoadingStartUnixSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _server.Persistence.LoadingTotalBytes = total;
        try
        {
            using var collectionPause = LoadCollectionPause.Begin(total);
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                var fileStarted = Stopwatch.GetTimestamp();
                var isLast = i == files.Count - 1;
                var result = LoadFile(file);
                if (result == FileLoadResult.Failed)
                {
                    return false;
                }
                // As loadAppendOnlyFiles: an empty file is skipped silently; a truncated one counts only as the last.
                if (result == FileLoadResult.Loaded || (result == FileLoadResult.Truncated && isLast))
                {
                    var kind = file.Type == AofFileType.Base ? "base" : "incr";
                    _server.Log.Notice(Seconds($"DB loaded from {kind} file {file.Name}: ", fileStarted));
                }
                if (result == FileLoadResult.Truncated && !isLast)
                {
                    _server.Log.Warning("Fatal error: the truncated file is not the last file");
                    return false;
                }
            }
        }
        finally
        {
            _server.Loading = false;
            _server.Databases.Loading = false;
            _server.Persistence.LoadingTotalBytes = 0;
        }
        _server.Log.Notice(Seconds("DB loaded from append only file: ", started));
        return true;
    }

    private static string Seconds(string prefix, long started) =>
        prefix + Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("F3", CultureInfo.InvariantCulture) + " seconds";

    /// <summary>loadSingleAppendOnlyFile: an RDB part if the file starts with one, then RESP commands.</summary>
    private FileLoadResult LoadFile(AofFileInfo file)
    {
        var path = Path.Combine(DirectoryPath, file.Name);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        if (stream.Length == 0)
        {
            return FileLoadResult.Empty;
        }
        long commandsStart = 0;
        Span<byte> magic = stackalloc byte[5];
        if (stream.Length >= 5 && stream.ReadAtLeast(magic, 5, throwOnEndOfStream: false) == 5 && magic.SequenceEqual("REDIS"u8))
        {
            stream.Position = 0;
            var isBase = file.Type == AofFileType.Base && file.Name.EndsWith(".rdb", StringComparison.Ordinal);
            _server.Log.Notice(isBase ? "Reading RDB base file on AOF loading..." : "Reading RDB preamble from AOF file...");
            try
            {
                using var input = new RdbInput(stream, leaveOpen: true);
                new RdbLoader(_server, dropExpired: false, allowDuplicates: false).Load(input);
                commandsStart = input.Offset;
            }
            catch (RdbFormatException e)
            {
                _server.Log.Warning($"Error reading the RDB base file {file.Name}, AOF loading aborted");
                _server.Log.Warning($"Internal error in RDB reading offset 0, function at rdb.c:{e.RedisLine} -> {e.Message}");
                return FileLoadResult.Failed;
            }
            if (!isBase)
            {
                _server.Log.Notice("Reading the remaining AOF tail...");
            }
        }
        stream.Position = commandsStart;
        return LoadCommands(stream, commandsStart, file);
    }

    private FileLoadResult LoadCommands(FileStream stream, long start, AofFileInfo file)
    {
        var log = _server.Log;
        using var reader = new AofCommandReader(stream, start);
        using var client = new InternalClient(_server);
        client.Session.Set(ClientFlags.DenyBlocking);
        // One argument list for the whole file: the reader points it into its buffer for each command.
        var args = new Protocol.CommandArgs();
        var yield = new LoadingYield(_server);
        // Redis's valid_before_multi: where the last MULTI started, the end of the command before it.
        var validBeforeMulti = start;
        var previousEnd = start;
        var count = 0;
        // Every 1024 commands are a batch: the commands' clock (access times, relative expiries of old
        // files, EXEC's timing) moves on as it does between a client's batches.
        _server.Executor.BeginBatch();
        AofReadStatus status;
        while ((status = reader.Next(args)) == AofReadStatus.Command)
        {
            if ((++count & 1023) == 0)
            {
                yield.MaybeYield(reader.ValidUpTo);
                _server.Executor.BeginBatch();
            }
            if (args.Count >= 3 && args.Is(0, "function") && args.Is(1, "load"))
            {
                // A RESP base starts with its function libraries. Basalt has no script engine: it
                // keeps them as source, carried into every snapshot, as it does from an RDB file.
                _server.Functions.Add(args.ToArray(args.Count - 1), replace: args.Count == 4 && args.Is(2, "replace"));
            }
            else if (!client.ExecuteLoaded(args, out var spec))
            {
                log.Warning($"Unknown command '{SurrogateEscape.Decode(args[0])}' reading the append only file {file.Name}");
                return FileLoadResult.Failed;
            }
            else if (spec!.Name == "multi")
            {
                validBeforeMulti = previousEnd;
            }
            previousEnd = reader.LastCommandEnd;
        }
        if (status == AofReadStatus.FormatError)
        {
            log.Warning($"Bad file format reading the append only file {file.Name}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
            return FileLoadResult.Failed;
        }
        long cutAt;
        if (status == AofReadStatus.Truncated)
        {
            // A short read (readerr at EOF) cuts after the last complete command, even inside a MULTI:
            // the commands it queued are dropped with the fake client, and the next load reverts it.
            cutAt = reader.LastCommandEnd;
        }
        else if (client.Session.Has(ClientFlags.Multi))
        {
            // The file ends inside MULTI: the transaction never completed.
            log.Warning($"Revert incomplete MULTI/EXEC transaction in AOF file {file.Name}");
            cutAt = validBeforeMulti;
        }
        else
        {
            return FileLoadResult.Loaded;
        }
        if (!_server.Config.AofLoadTruncated)
        {
            log.Warning(UnexpectedEndOfFile(file.Name));
            return FileLoadResult.Failed;
        }
        log.Warning($"!!! Warning: short read while loading the AOF file {file.Name}!!!");
        log.Warning($"!!! Truncating the AOF {file.Name} at offset {cutAt} !!!");
        try
        {
            // The reading stream is read-only: cut through a handle of its own.
            using var handle = File.OpenHandle(stream.Name, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            RandomAccess.SetLength(handle, cutAt);
            FileSync.Fsync(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning($"Error truncating the AOF file {file.Name}: {ErrnoText.Of(e)}");
            log.Warning(UnexpectedEndOfFile(file.Name));
            return FileLoadResult.Failed;
        }
        log.Warning($"AOF {file.Name} loaded anyway because aof-load-truncated is enabled");
        return FileLoadResult.Truncated;
    }

    private static string UnexpectedEndOfFile(string name) =>
        $"Unexpected end of file reading the append only file {name}. You can: " +
        "1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. " +
        "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.";

    /// <summary>What loading one BASE or INCR file came to (loadSingleAppendOnlyFile's AOF_OK, AOF_EMPTY, AOF_TRUNCATED, AOF_FAILED).</summary>
    private enum FileLoadResult
    {
        Loaded,
        Empty,
        Truncated,
        Failed,
    }

    /// <summary>aofOpenIfNeededOnServerStart: an empty BASE when there is none, then the INCR to append to.</summary>
    private void Open()
    {
        Directory.CreateDirectory(DirectoryPath);
        var manifest = _manifest.Clone();
        var changed = false;
        var createdBase = manifest.Base is null && manifest.Incr.Count == 0;
        if (createdBase)
        {
            var seq = manifest.BaseSeq + 1;
            var rdbBase = _server.Config.AofUseRdbPreamble;
            var name = $"{FileName}.{seq}.base.{(rdbBase ? "rdb" : "aof")}";
            WriteEmptyBase(Path.Combine(DirectoryPath, name), rdbBase);
            manifest.Base = new AofFileInfo(name, seq, AofFileType.Base);
            manifest.BaseSeq = seq;
            changed = true;
            _server.Log.Notice($"Creating AOF base file {name} on server start");
        }
        AofFileInfo incr;
        if (manifest.Incr.Count > 0)
        {
            incr = manifest.Incr[^1];
            _server.Log.Notice($"Opening AOF incr file {incr.Name} on server start");
        }
        else
        {
            var seq = manifest.IncrSeq + 1;
            incr = new AofFileInfo($"{FileName}.{seq}.incr.aof", seq, AofFileType.Incr);
            manifest.Incr.Add(incr);
            manifest.IncrSeq = seq;
            changed = true;
            _server.Log.Notice($"Creating AOF incr file {incr.Name} on server start");
        }
        var log = OpenLog(incr.Name);
        if (changed)
        {
            PersistManifest(manifest);
        }
        _manifest = manifest;
        // A BASE made here for an empty dataset is not counted, as Redis counts what it loaded
        // (aof_base_size and aof_current_size start at 0 on a fresh AOF).
        BaseSize = manifest.Base is null || createdBase ? 0 : new FileInfo(Path.Combine(DirectoryPath, manifest.Base.Name)).Length;
        _closedIncrBytes = 0;
        foreach (var file in manifest.Incr)
        {
            if (!ReferenceEquals(file, incr))
            {
                _closedIncrBytes += new FileInfo(Path.Combine(DirectoryPath, file.Name)).Length;
            }
        }
        Log = log;
        _server.Propagation.Sink = log;
    }

    /// <summary>
    /// The BASE of a server starting with no AOF at all (its dataset is empty): an RDB with
    /// aof-base 1, or for a RESP base an empty file (a #TS line when timestamps are on).
    /// </summary>
    private void WriteEmptyBase(string path, bool rdb)
    {
        if (!rdb)
        {
            using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
            if (_server.Config.AofTimestampEnabled)
            {
                RandomAccess.Write(handle, Encoding.ASCII.GetBytes($"#TS:{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\r\n"), 0);
            }
            FileSync.Fsync(handle);
            return;
        }
        using var target = new RdbFileTarget(path + ".tmp", path, _server.Config.AofRewriteIncrementalFsync, _server.Config.RdbChecksum);
        var options = new SnapshotOptions(BaseFormat(rdb: true), _server.Config.SnapshotMemoryLimit, 0);
        KeyspaceSnapshot.WriteAll(_server, target, options);
    }

    /// <summary>Opens an INCR file of the AOF directory for appending, with the settings and the log lines of write errors.</summary>
    private AofLog OpenLog(string name)
    {
        var log = new AofLog(Path.Combine(DirectoryPath, name), Policy(_server.Config.AppendFsync), _server.Config.AofTimestampEnabled);
        // Read without the server lock: a stale answer only moves one sync by one write.
        log.SyncSuppressed = () => _server.Config.NoAppendfsyncOnRewrite && (_rewrite is not null || _server.Rdb.BackgroundSaveInProgress);
        log.WriteStatusChanged = error =>
        {
            if (error is null)
            {
                _server.Log.Warning("AOF write error looks solved, Redis can write again.");
            }
            else
            {
                _server.Log.Warning($"Error writing to the AOF file: {error}");
            }
        };
        return log;
    }

    /// <summary>The format of a BASE file: an RDB with aof-base 1 (aof-use-rdb-preamble yes), else RESP commands.</summary>
    private ISnapshotFormat BaseFormat(bool rdb) => rdb
        ? new RdbSnapshotFormat(
            new RdbHeaderFields(BasaltServer.Version, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), _server.Memory.EvictableBytes(_server.Databases), AofBase: true),
            _server.Functions.Sources,
            _server.Config.RdbCompression)
        : new RespSnapshotFormat(_server.Functions.Sources, _server.Config.AofTimestampEnabled);

    /// <summary>Writes the manifest to a temp file, syncs it, renames it over the manifest and syncs the directory.</summary>
    private void PersistManifest(AofManifest manifest)
    {
        var temp = Path.Combine(DirectoryPath, "temp-" + FileName + ".manifest");
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, Encoding.Latin1.GetBytes(manifest.Format()), 0);
            FileSync.Fsync(handle);
        }
        File.Move(temp, ManifestPath, overwrite: true);
        FileSync.FsyncDirectory(DirectoryPath);
    }

    /// <summary>A rewrite is running (aof_rewrite_in_progress).</summary>
    public bool RewriteInProgress => _rewrite is not null;

    /// <summary>A BGREWRITEAOF waits for a BGSAVE to end (aof_rewrite_scheduled).</summary>
    public bool RewriteScheduled
    {
        get => _server.Persistence.AofRewriteScheduled;
        set => _server.Persistence.AofRewriteScheduled = value;
    }

    /// <summary>The running rewrite's snapshot (INFO progress), or null.</summary>
    public KeyspaceSnapshot? Rewrite => _rewrite;

    private KeyspaceSnapshot? _rewrite;
    private AofFileInfo? _rewriteBase;
    private long _rewriteStartMs;

    /// <summary>
    /// Starts a rewrite without a rewrite buffer (Redis 7): writes from now on go to a new INCR file,
    /// listed in the manifest at once, while a forkless snapshot of the dataset as it is now becomes
    /// the next BASE; when it is done the manifest switches to BASE + that INCR and the older files
    /// become history. A crash at any point leaves a manifest that loads to the right data. False
    /// (logged) when it could not start.
    /// </summary>
    public bool StartRewrite()
    {
        // Another snapshot (BACKUP's) holds the keyspace's snapshot hooks until its walk is done.
        if (_rewrite is not null || _server.ActiveSnapshot is not null)
        {
            return false;
        }
        try
        {
            Directory.CreateDirectory(DirectoryPath);
            var manifest = _manifest.Clone();
            if (Log is { } oldLog)
            {
                // Every write from now on goes to a new INCR file, which starts with a SELECT.
                var seq = manifest.IncrSeq + 1;
                var incr = new AofFileInfo($"{FileName}.{seq}.incr.aof", seq, AofFileType.Incr);
                var newLog = OpenLog(incr.Name);
                manifest.Incr.Add(incr);
                manifest.IncrSeq = seq;
                try
                {
                    PersistManifest(manifest);
                }
                catch
                {
                    newLog.Dispose();
                    throw;
                }
                _server.Log.Notice($"Creating AOF incr file {incr.Name} on background rewrite");
                _closedIncrBytes += oldLog.FileLength + oldLog.BufferedBytes;
                Log = newLog;
                _server.Propagation.Sink = newLog;
                // The old file is flushed, synced and closed in the background (bio in Redis).
                Task.Run(oldLog.Dispose);
            }
            else if (_switchingOn)
            {
                var log = OpenLog(string.Format(System.Globalization.CultureInfo.InvariantCulture, SwitchingOnIncr, FileName));
                // Anything a failed earlier attempt left in the temp file is not part of this AOF.
                log.Truncate();
                Log = log;
                _server.Propagation.Sink = log;
            }
            _manifest = manifest;
            var baseSeq = manifest.BaseSeq + 1;
            // aof-use-rdb-preamble is read when the rewrite starts, as the fork child does.
            var rdbBase = _server.Config.AofUseRdbPreamble;
            _rewriteBase = new AofFileInfo($"{FileName}.{baseSeq}.base.{(rdbBase ? "rdb" : "aof")}", baseSeq, AofFileType.Base);
            var target = new RdbFileTarget(Path.Combine(_server.Config.Dir, $"temp-rewriteaof-bg-{Environment.ProcessId}.aof"),
                Path.Combine(DirectoryPath, _rewriteBase.Name), _server.Config.AofRewriteIncrementalFsync, _server.Config.RdbChecksum);
            var options = new SnapshotOptions(BaseFormat(rdbBase), _server.Config.SnapshotMemoryLimit, _server.Config.RdbKeySaveDelay);
            var snapshot = KeyspaceSnapshot.Start(_server, target, options);
            _rewrite = snapshot;
            _rewriteStartMs = Environment.TickCount64;
            // INFO shows the rewrite's figures from its start, not from the next cron tick.
            UpdateProgress(snapshot);
            _server.Persistence.AofRewrites++;
            _server.Persistence.AofRewriteInProgress = true;
            RewriteScheduled = false;
            _server.Log.Notice($"Background append only file rewriting started by pid {Environment.ProcessId}");
            snapshot.WhenDoneUnderLock(outcome => RewriteDone(snapshot, outcome));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _server.Log.Warning($"Can't rewrite append only file in background: {ErrnoText.Of(e)}");
            RewriteFailed();
            return false;
        }
    }

    /// <summary>backgroundRewriteDoneHandler: the new BASE takes over, older files become history and go.</summary>
    private void RewriteDone(KeyspaceSnapshot snapshot, SnapshotOutcome outcome)
    {
        if (!ReferenceEquals(_rewrite, snapshot))
        {
            return;
        }
        _rewrite = null;
        snapshot.Dispose();
        var p = _server.Persistence;
        p.AofRewriteInProgress = false;
        p.AofCurrentRewriteTimeSeconds = -1;
        p.ClearSnapshotProgress();
        p.AofLastRewriteTimeSeconds = (Environment.TickCount64 - _rewriteStartMs) / 1000;
        p.AofLastCowSize = snapshot.PeakExtraBytes;
        if (outcome.WasAborted)
        {
            // Stopped on purpose (AbortRewrite said so): Redis reaps a killed rewrite child silently.
            return;
        }
        if (!outcome.Ok)
        {
            _server.Log.Warning($"Background AOF rewrite failed: {outcome.Error}");
            RewriteFailed();
            return;
        }
        var manifest = _manifest.Clone();
        AofFileInfo? switchedOnIncr = null;
        if (_switchingOn && Log is not null)
        {
            // The temp INCR becomes the next INCR file, after the files of an earlier AOF.
            var seq = manifest.IncrSeq + 1;
            switchedOnIncr = new AofFileInfo($"{FileName}.{seq}.incr.aof", seq, AofFileType.Incr);
            File.Move(Log.Path, Path.Combine(DirectoryPath, switchedOnIncr.Name), overwrite: true);
            Log.Path = Path.Combine(DirectoryPath, switchedOnIncr.Name);
            manifest.Incr.Add(switchedOnIncr);
            manifest.IncrSeq = seq;
        }
        if (manifest.Base is { } oldBase)
        {
            // listAddNodeHead, as aof.c does: history is listed (and deleted) newest first.
            manifest.History.Insert(0, oldBase with { Type = AofFileType.History });
        }
        manifest.Base = _rewriteBase;
        manifest.BaseSeq = _rewriteBase!.Seq;
        var current = Log is null ? null : manifest.Incr[^1];
        foreach (var incr in manifest.Incr.ToArray())
        {
            if (!ReferenceEquals(incr, current))
            {
                manifest.History.Insert(0, incr with { Type = AofFileType.History });
                manifest.Incr.Remove(incr);
            }
        }
        try
        {
            PersistManifest(manifest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _server.Log.Warning($"Can't persist the AOF manifest after a rewrite: {ErrnoText.Of(e)}");
            TryDelete(Path.Combine(DirectoryPath, _rewriteBase.Name));
            RewriteFailed();
            return;
        }
        _manifest = manifest;
        _switchingOn = false;
        BaseSize = outcome.FileBytes;
        _closedIncrBytes = 0;
        p.AofLastBgrewriteOk = true;
        p.AofRewritesConsecutiveFailures = 0;
        _server.Log.Notice("Background AOF rewrite terminated with success");
        _server.Log.Notice($"Successfully renamed the temporary AOF base file temp-rewriteaof-bg-{Environment.ProcessId}.aof into {_rewriteBase.Name}");
        DeleteHistory();
        _server.Log.Notice("Background AOF rewrite finished successfully");
    }

    private void RewriteFailed()
    {
        if (_switchingOn)
        {
            // What was logged meanwhile is useless without a BASE: drop it and try again later.
            if (Log is { } log)
            {
                _server.Propagation.Sink = null;
                Log = null;
                log.Dispose();
                TryDelete(log.Path);
            }
            RewriteScheduled = true;
        }
        var p = _server.Persistence;
        p.AofLastBgrewriteOk = false;
        p.AofRewritesConsecutiveFailures++;
    }

    /// <summary>
    /// aofDelHistoryFiles: unlinks the history files and drops them from the manifest (unless
    /// aof-disable-auto-gc). Run after a rewrite, at start-up once the data is loaded (history an
    /// interrupted start left behind), and when aof-disable-auto-gc is turned off.
    /// </summary>
    public void DeleteHistory()
    {
        if (_server.Config.AofDisableAutoGc || _manifest.History.Count == 0)
        {
            return;
        }
        var manifest = _manifest.Clone();
        var history = RetainedHistory(manifest.History, _server.Config.AofHistoryRetention);
        if (history.Length == 0)
        {
            return;
        }
        foreach (var file in history)
        {
            manifest.History.Remove(file);
        }
        try
        {
            PersistManifest(manifest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        _manifest = manifest;
        foreach (var file in history)
        {
            _server.Log.Notice($"Removing the history file {file.Name} in the background");
            TryDelete(Path.Combine(DirectoryPath, file.Name));
        }
    }

    /// <summary>
    /// The history files to delete when aof-history-retention keeps the newest <paramref name="keepSets"/>
    /// superseded sets. History is listed newest first, each set as its INCR files then its BASE.
    /// </summary>
    private static AofFileInfo[] RetainedHistory(List<AofFileInfo> history, int keepSets)
    {
        var basesSeen = 0;
        var index = 0;
        while (index < history.Count && basesSeen < keepSets)
        {
            if (history[index].Name.Contains(".base.", StringComparison.Ordinal))
            {
                basesSeen++;
            }
            index++;
        }
        return basesSeen < keepSets ? [] : [.. history.Skip(index)];
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file left behind is not listed anywhere any more: harmless.
        }
    }

    /// <summary>The INFO figures of a running rewrite: its time and the snapshot's progress.</summary>
    private void UpdateProgress(KeyspaceSnapshot running)
    {
        _server.Persistence.AofCurrentRewriteTimeSeconds = (Environment.TickCount64 - _rewriteStartMs) / 1000;
        _server.Persistence.UpdateSnapshotProgress(running);
    }

    /// <summary>Stops a running rewrite (FLUSHALL does not; SHUTDOWN and appendonly no do).</summary>
    public void AbortRewrite()
    {
        if (_rewrite is not { } snapshot)
        {
            return;
        }
        // killAppendOnlyChild's line (the "child" being this process's own snapshot).
        _server.Log.Notice($"Killing running AOF rewrite child: {Environment.ProcessId}");
        snapshot.Abort();
        snapshot.Completion.Wait(TimeSpan.FromSeconds(5));
        RewriteDone(snapshot, SnapshotOutcome.Aborted);
    }

    /// <summary>
    /// The cron's part: progress of a running rewrite; a scheduled one once no BGSAVE runs; the
    /// automatic rewrite when the AOF grew by auto-aof-rewrite-percentage over its base.
    /// </summary>
    public void Cron()
    {
        var p = _server.Persistence;
        if (_rewrite is { } running)
        {
            UpdateProgress(running);
            return;
        }
        if (_server.Loading || _server.Rdb.BackgroundSaveInProgress)
        {
            return;
        }
        if (RewriteScheduled)
        {
            if (!RewriteLimited())
            {
                StartRewrite();
            }
            return;
        }
        var config = _server.Config;
        if (Log is not null && config.AutoAofRewritePercentage > 0 && CurrentSize > config.AutoAofRewriteMinSize)
        {
            var baseSize = Math.Max(BaseSize, 1);
            var growth = CurrentSize * 100 / baseSize - 100;
            if (growth >= config.AutoAofRewritePercentage && !RewriteLimited())
            {
                _server.Log.Notice($"Starting automatic rewriting of AOF on {growth}% growth");
                StartRewrite();
            }
        }
    }

    // aofRewriteLimited: after 3 failures in a row, automatic and scheduled rewrites wait 1, 2, 4...
    // up to 60 minutes between attempts.
    private const int LimitThreshold = 3;
    private const int LimitMaxMinutes = 60;
    private int _nextDelayMinutes;
    private long _nextRewriteUnixSeconds;

    private bool RewriteLimited()
    {
        if (_server.Persistence.AofRewritesConsecutiveFailures < LimitThreshold)
        {
            _nextDelayMinutes = 0;
            _nextRewriteUnixSeconds = 0;
            return false;
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (_nextRewriteUnixSeconds != 0)
        {
            if (now < _nextRewriteUnixSeconds)
            {
                return true;
            }
            _nextRewriteUnixSeconds = 0;
            return false;
        }
        _nextDelayMinutes = Math.Min(_nextDelayMinutes == 0 ? 1 : _nextDelayMinutes * 2, LimitMaxMinutes);
        _nextRewriteUnixSeconds = now + _nextDelayMinutes * 60;
        _server.Log.Warning($"Background AOF rewrite has repeatedly failed and triggered the limit, will retry in {_nextDelayMinutes} minutes");
        return true;
    }

    /// <summary>
    /// DEBUG LOADAOF: the log flushed, the dataset emptied, the manifest read again, history
    /// deleted and the AOF loaded; false when loading failed (Redis exits then).
    /// </summary>
    public bool ReloadForDebug()
    {
        Log?.FlushAndSync();
        _server.Rdb.EmptyData();
        if (!ReadManifest())
        {
            return false;
        }
        DeleteHistory();
        var sink = _server.Propagation.Sink;
        _server.Propagation.Sink = null;
        try
        {
            return Load();
        }
        finally
        {
            _server.Propagation.Sink = sink;
            _server.Databases.Dirty = 0;
        }
    }

    /// <summary>SHUTDOWN: writes and syncs what is left ("Calling fsync() on the AOF file."); false when the disk refused.</summary>
    public bool FlushForShutdown()
    {
        if (Log is null)
        {
            return true;
        }
        _server.Log.Notice("Calling fsync() on the AOF file.");
        return Log.FlushAndSync();
    }

    /// <summary>appendonly no at runtime: flush, sync and close; the files stay.</summary>
    public void Stop()
    {
        AbortRewrite();
        _switchingOn = false;
        RewriteScheduled = false;
        if (Log is null)
        {
            return;
        }
        _server.Propagation.Sink = null;
        Log.Dispose();
        Log = null;
    }

    /// <summary>The MISCONF error while the AOF cannot be written, else null.</summary>
    public string? WriteRefusal() =>
        Log?.LastWriteError is { } error ? $"MISCONF Errors writing to the AOF file: {error}" : null;

    /// <summary>Applies appendfsync and aof-timestamp-enabled changes to the open log.</summary>
    public void ApplyConfig()
    {
        if (Log is not null)
        {
            Log.Policy = Policy(_server.Config.AppendFsync);
            Log.TimestampsEnabled = _server.Config.AofTimestampEnabled;
        }
    }

    private static AofFsyncPolicy Policy(string setting) => setting switch
    {
        "always" => AofFsyncPolicy.Always,
        "no" => AofFsyncPolicy.No,
        _ => AofFsyncPolicy.EverySec,
    };
}
