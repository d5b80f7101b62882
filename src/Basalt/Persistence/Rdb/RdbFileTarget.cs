using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// An RDB file being written the way Redis writes one: into a temp file in the data directory,
/// checksummed as it goes, synced every 4 MB with <c>rdb-save-incremental-fsync</c> (so the kernel
/// never holds a huge dirty tail), then ended with EOF and the CRC-64, synced, renamed over the
/// final name and the directory synced. Until <see cref="Commit"/> succeeds the previous file is
/// untouched; disposing an uncommitted target deletes the temp file.
/// </summary>
public sealed class RdbFileTarget : IDisposable
{
    private const long IncrementalSyncBytes = 4 * 1024 * 1024;

    private readonly SafeFileHandle _file;
    private readonly bool _incrementalSync;
    private readonly bool _checksum;
    private ulong _crc;
    private long _unsynced;
    private bool _committed;

    public RdbFileTarget(string tempPath, string finalPath, bool incrementalSync, bool checksum)
    {
        TempPath = Path.GetFullPath(tempPath);
        FinalPath = Path.GetFullPath(finalPath);
        _incrementalSync = incrementalSync;
        _checksum = checksum;
        _file = File.OpenHandle(TempPath, FileMode.Create, FileAccess.Write, FileShare.Read);
    }

    public string TempPath { get; }

    public string FinalPath { get; }

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        if (_checksum)
        {
            _crc = Crc64.Update(_crc, data);
        }
        RandomAccess.Write(_file, data, Length);
        Length += data.Length;
        _unsynced += data.Length;
        if (_incrementalSync && _unsynced >= IncrementalSyncBytes)
        {
            FileSync.Fdatasync(_file);
            _unsynced = 0;
        }
    }

    /// <summary>Writes EOF and the checksum (zeros with rdbchecksum no); the file stays open and unrenamed.</summary>
    public void WriteTrailer()
    {
        Write([RdbFormat.OpEof]);
        Span<byte> crc = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(crc, _checksum ? _crc : 0);
        RandomAccess.Write(_file, crc, Length);
        Length += 8;
    }

    /// <summary>Syncs the file, renames it over the final name and syncs the directory.</summary>
    public void Commit()
    {
        FileSync.Fsync(_file);
        _file.Dispose();
        File.Move(TempPath, FinalPath, overwrite: true);
        _committed = true;
        FileSync.FsyncDirectory(Path.GetDirectoryName(FinalPath)!);
    }

    public void Dispose()
    {
        _file.Dispose();
        if (!_committed)
        {
            try
            {
                File.Delete(TempPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the previous file is what counts, and the temp name is unique.
            }
        }
    }
}
