using System.Runtime.InteropServices;
using System.Text;

namespace Basalt.Config;

/// <summary>
/// Replaces a config file without ever leaving a partial one: the new content goes to a temporary
/// file next to it, which is fsynced, made 0644, renamed over the old file, and the directory is
/// fsynced so that the rename itself survives a crash.
/// </summary>
internal static partial class ConfigFileWriter
{
    public static void ReplaceAtomically(string path, string content)
    {
        // Same naming as Redis's mkstemp template: <file>.XXXXXX
        var tempPath = path + "." + Path.GetRandomFileName().Replace(".", "")[..6];
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content));
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(tempPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.Move(tempPath, path, overwrite: true);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
        FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/");
    }

    // .NET cannot open a directory as a stream, so the directory entry is synced through libc.
    private static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"Could not open directory {directory} to sync it");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"Could not sync directory {directory}");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
