using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Basalt.Persistence;

/// <summary>
/// fsync and fdatasync called directly, so that a failure is an exception naming the errno rather
/// than something a stream's flush may swallow, and directories can be synced after a rename (which
/// .NET has no API for). On systems without these calls (not Linux or macOS) the methods do nothing.
/// </summary>
public static partial class FileSync
{
    private const int ReadOnly = 0;

    /// <summary>Forces the file's data and metadata to the disk.</summary>
    public static void Fsync(SafeFileHandle file) => Check(fsync(file), "fsync");

    /// <summary>Forces the file's data (and the size) to the disk: enough for an append-only log.</summary>
    public static void Fdatasync(SafeFileHandle file)
    {
        if (OperatingSystem.IsLinux())
        {
            Check(fdatasync(file), "fdatasync");
        }
        else
        {
            Fsync(file);
        }
    }

    /// <summary>Makes the directory's entries (a rename, a new file) durable.</summary>
    public static void FsyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }
        var fd = open(path, ReadOnly);
        if (fd < 0)
        {
            throw Failure("open", Marshal.GetLastPInvokeError());
        }
        try
        {
            Check(fsync(fd), "fsync");
        }
        finally
        {
            _ = close(fd);
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw Failure(call, Marshal.GetLastPInvokeError());
        }
    }

    private static IOException Failure(string call, int errno) =>
        new($"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int fsync(SafeFileHandle fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int fdatasync(SafeFileHandle fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int close(int fd);
}
