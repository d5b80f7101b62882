using System.Runtime.InteropServices;
using Basalt.Persistence.Aof;
using Basalt.Persistence.Rdb;
using Basalt.Server;

namespace Basalt.Persistence;

/// <summary>
/// BACKUP: a self-contained copy of the persistence state, taken while clients keep writing, that
/// loads to the dataset as it was at one instant. With the AOF on, that instant is the moment the
/// command runs: the log is flushed, the BASE and closed INCR files are hard-linked (they never
/// change again; copied when the target is on another file system) and the open INCR is copied up
/// to the length it had then, with a manifest listing exactly those files. With the AOF off, a
/// forkless <see cref="KeyspaceSnapshot"/> writes the RDB. Never a fork, never a switch of appendonly.
/// One backup runs at a time; <see cref="Status"/> reports the last one.
/// </summary>
public sealed partial class OnlineBackup
{
    private readonly BasaltServer _server;
    private readonly object _gate = new();
    private BackupStatus _status = BackupStatus.None;
    private long _bytesDone;
    private KeyspaceSnapshot? _snapshot;

    public OnlineBackup(BasaltServer server)
    {
        _server = server;
    }

    /// <summary>The last backup's state (or the running one's progress).</summary>
    public BackupStatus Status
    {
        get
        {
            lock (_gate)
            {
                if (_status.State != BackupState.Running)
                {
                    return _status;
                }
                var snapshot = _snapshot;
                return _status with
                {
                    Bytes = snapshot is null ? Interlocked.Read(ref _bytesDone) : WrittenBytes(snapshot),
                    KeysProcessed = snapshot?.KeysProcessed ?? 0,
                    KeysTotal = snapshot?.KeysTotal ?? 0,
                };
            }
        }
    }

    /// <summary>What a running snapshot has written so far: its temp file's size.</summary>
    private static long WrittenBytes(KeyspaceSnapshot snapshot)
    {
        try
        {
            return new FileInfo(snapshot.TempPath).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Renamed or removed just now: the completion reports the final size.
            return 0;
        }
    }

    public bool Running
    {
        get
        {
            lock (_gate)
            {
                return _status.State == BackupState.Running;
            }
        }
    }

    /// <summary>
    /// Starts a backup into <paramref name="targetDir"/>; under the server lock. Returns null when it
    /// started, else the error to reply. The work that may take long runs in the background.
    /// </summary>
    public string? Start(string targetDir)
    {
        var dir = Path.GetFullPath(targetDir, Path.GetFullPath(_server.Config.Dir));
        if (Status is { State: BackupState.Running } running)
        {
            return $"ERR Backup already in progress into {running.Dir} (see BACKUP STATUS)";
        }
        if (_server.Aof.RewriteInProgress)
        {
            return "ERR Background append only file rewriting already in progress";
        }
        if (_server.Rdb.BackgroundSaveInProgress || _server.ActiveSnapshot is not null)
        {
            return "ERR Background save already in progress";
        }
        bool created;
        try
        {
            if (File.Exists(dir))
            {
                return $"ERR Backup target {dir} is a file, not a directory";
            }
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                return $"ERR Backup target directory {dir} is not empty";
            }
            created = !Directory.Exists(dir);
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"ERR Can't create the backup directory {dir}: {ErrnoText.Of(e)}";
        }
        try
        {
            if (_server.Aof.Log is not null)
            {
                StartAofCopy(dir, created);
            }
            else
            {
                StartSnapshot(dir, created);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was written that is worth keeping: leave the target as it was found.
            _server.Log.Warning($"Backup to {dir} failed: {ErrnoText.Of(e)}");
            TryDeleteDirectory(Path.Combine(dir, _server.Config.AppendDirname));
            RemoveIfCreated(dir, created);
            SetStatus(new BackupStatus(BackupState.Failed, dir, 0, 0, 0, ErrnoText.Of(e)));
            return $"ERR Can't write the backup into {dir}: {ErrnoText.Of(e)}";
        }
        return null;
    }

    private void StartSnapshot(string dir, bool created)
    {
        var config = _server.Config;
        var target = new RdbFileTarget(Path.Combine(dir, $"temp-backup-{Environment.ProcessId}.rdb"), Path.Combine(dir, config.DbFilename),
            config.RdbSaveIncrementalFsync, config.RdbChecksum);
        var snapshot = KeyspaceSnapshot.Start(_server, target, _server.Rdb.Options());
        SetStatus(new BackupStatus(BackupState.Running, dir, 0, 0, 0, null) { Kind = BackupKind.Rdb }, snapshot);
        _server.Log.Notice($"Backup to {dir} started (RDB snapshot)");
        snapshot.Completion.ContinueWith(task =>
        {
            var outcome = task.Result;
            lock (_server.Sync)
            {
                snapshot.Dispose();
            }
            if (!outcome.Ok)
            {
                // The snapshot deleted its temp file.
                RemoveIfCreated(dir, created);
            }
            Finish(dir, outcome.Ok ? outcome.FileBytes : 0, outcome.Ok ? null : outcome.Error ?? "aborted");
        }, TaskScheduler.Default);
    }

    /// <summary>
    /// Under the lock: flush the log, link the closed files and open the current INCR (an open
    /// handle keeps its data even if a later rewrite deletes it); the copy of its prefix runs after.
    /// </summary>
    private void StartAofCopy(string dir, bool created)
    {
        var aof = _server.Aof;
        var log = aof.Log!;
        if (!log.FlushAndSync())
        {
            throw new IOException(log.LastWriteError ?? "the AOF could not be written");
        }
        var manifest = aof.ManifestCopy();
        manifest.History.Clear();
        var sourceDir = aof.DirectoryFullPath;
        var targetAofDir = Path.Combine(dir, _server.Config.AppendDirname);
        Directory.CreateDirectory(targetAofDir);
        var open = manifest.Incr.Count > 0 ? manifest.Incr[^1] : null;
        long linkedBytes = 0;
        foreach (var file in manifest.Incr.Prepend(manifest.Base))
        {
            if (file is null || ReferenceEquals(file, open))
            {
                continue;
            }
            linkedBytes += LinkOrCopy(Path.Combine(sourceDir, file.Name), Path.Combine(targetAofDir, file.Name));
        }
        FileStream? openIncr = null;
        long openLength = 0;
        if (open is not null)
        {
            openIncr = new FileStream(log.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            openLength = log.FileLength;
        }
        var manifestName = _server.Config.AppendFilename + ".manifest";
        SetStatus(new BackupStatus(BackupState.Running, dir, linkedBytes, 0, 0, null)
        {
            Kind = BackupKind.Aof,
            BytesTotal = linkedBytes + openLength,
            Files = manifest.Incr.Count + (manifest.Base is null ? 0 : 1),
        }, null);
        Interlocked.Exchange(ref _bytesDone, linkedBytes);
        _server.Log.Notice($"Backup to {dir} started (AOF files)");
        Task.Run(() =>
        {
            try
            {
                if (openIncr is not null)
                {
                    using (openIncr)
                    {
                        CopyPrefix(openIncr, openLength, Path.Combine(targetAofDir, open!.Name));
                    }
                }
                WriteManifest(targetAofDir, manifestName, manifest);
                FileSync.FsyncDirectory(targetAofDir);
                Finish(dir, Interlocked.Read(ref _bytesDone), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A backup without its manifest is not one: nothing partial is left behind.
                TryDeleteDirectory(targetAofDir);
                RemoveIfCreated(dir, created);
                Finish(dir, 0, ErrnoText.Of(e));
            }
        });
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The failure is reported; what could not be removed is in a directory the user named.
        }
    }

    /// <summary>Removes the target directory when this backup made it (and nothing else is in it).</summary>
    private static void RemoveIfCreated(string dir, bool created)
    {
        try
        {
            if (created && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Directory.Delete(dir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort, as for the files: the failure itself is what gets reported.
        }
    }

    private long LinkOrCopy(string source, string destination)
    {
        var length = new FileInfo(source).Length;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() || link(source, destination) != 0)
        {
            // EXDEV and friends: another file system (or no link(2)); a copy is as good, only slower.
            File.Copy(source, destination);
        }
        return length;
    }

    private void CopyPrefix(FileStream source, long length, string destination)
    {
        var temp = destination + ".tmp";
        using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            var buffer = new byte[1024 * 1024];
            var left = length;
            while (left > 0)
            {
                var n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n == 0)
                {
                    throw new IOException("the open AOF file is shorter than it was when the backup started");
                }
                output.Write(buffer, 0, n);
                left -= n;
                Interlocked.Add(ref _bytesDone, n);
            }
            output.Flush();
            FileSync.Fsync(output.SafeFileHandle);
        }
        File.Move(temp, destination);
    }

    private static void WriteManifest(string dir, string name, AofManifest manifest)
    {
        var temp = Path.Combine(dir, name + ".tmp");
        using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            output.Write(System.Text.Encoding.Latin1.GetBytes(manifest.Format()));
            output.Flush();
            FileSync.Fsync(output.SafeFileHandle);
        }
        File.Move(temp, Path.Combine(dir, name));
    }

    private void Finish(string dir, long bytes, string? error)
    {
        BackupStatus started;
        lock (_gate)
        {
            started = _status;
        }
        if (error is null)
        {
            _server.Log.Notice($"Backup to {dir} finished: {bytes} bytes");
            SetStatus(started with { State = BackupState.Ok, Bytes = bytes, BytesTotal = bytes, KeysProcessed = 0, KeysTotal = 0 }, null);
        }
        else
        {
            _server.Log.Warning($"Backup to {dir} failed: {error}");
            SetStatus(started with { State = BackupState.Failed, Bytes = bytes, KeysProcessed = 0, KeysTotal = 0, Error = error }, null);
        }
    }

    private void SetStatus(BackupStatus status, KeyspaceSnapshot? snapshot = null)
    {
        lock (_gate)
        {
            _status = status;
            _snapshot = snapshot;
            if (status.State != BackupState.Running)
            {
                Interlocked.Exchange(ref _bytesDone, status.Bytes);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldPath, string newPath);
}

/// <summary>Where a backup is: none yet, running, done or failed.</summary>
public enum BackupState
{
    None,
    Running,
    Ok,
    Failed,
}

/// <summary>What a backup writes: the AOF files (BASE + INCR + manifest), or an RDB snapshot.</summary>
public enum BackupKind
{
    None,
    Aof,
    Rdb,
}

/// <summary>What BACKUP STATUS reports: the state, the target, the bytes so far and the snapshot's key progress.</summary>
public sealed record BackupStatus(BackupState State, string? Dir, long Bytes, long KeysProcessed, long KeysTotal, string? Error)
{
    public static readonly BackupStatus None = new(BackupState.None, null, 0, 0, 0, null);

    public BackupKind Kind { get; init; }

    /// <summary>The size the backup will have: known from the start for AOF files; for a snapshot, once it is done (else 0).</summary>
    public long BytesTotal { get; init; }

    /// <summary>AOF files in the backup (BASE and INCR), 0 for a snapshot.</summary>
    public int Files { get; init; }
}
