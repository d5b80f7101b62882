using System.Runtime.InteropServices;

namespace Basalt.Persistence;

/// <summary>
/// The strerror() text Redis would log for a failed file operation, from the exception .NET gave:
/// log lines such as "... for saving: No such file or directory" read the same as Redis's.
/// </summary>
public static class ErrnoText
{
    private const int ENOENT = 2;
    private const int EACCES = 13;
    private const int ENOSPC = 28;
    private const int EROFS = 30;

    public static string Of(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => Message(ENOENT),
        UnauthorizedAccessException u when u.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase) => Message(EROFS),
        UnauthorizedAccessException => Message(EACCES),
        IOException io when IsDiskFull(io) => Message(ENOSPC),
        // FileSync puts the errno in HResult itself.
        IOException io when io.HResult is > 0 and < 4096 => Message(io.HResult),
        _ => e.Message,
    };

    private static bool IsDiskFull(IOException e) =>
        e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) || (e.HResult & 0xFFFF) == 0x70;

    private static string Message(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
