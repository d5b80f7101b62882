using System.Runtime.InteropServices;

namespace Basalt.Server;

/// <summary>
/// Redis's adjustOpenFilesLimit: every client is a file descriptor, so maxclients needs an open
/// files limit (RLIMIT_NOFILE) of maxclients plus 32 for the server's own files. When the limit is
/// lower the server raises it as far as the system lets it, and where it cannot, maxclients is
/// what the limit allows: better a clear "max number of clients reached" than accept() failing.
/// </summary>
public static partial class OpenFilesLimit
{
    /// <summary>The descriptors Redis keeps for itself beyond its clients (CONFIG_MIN_RESERVED_FDS).</summary>
    public const int ReservedDescriptors = 32;

    private const int RlimitNofile = 7;

    /// <summary>
    /// Raises the limit for <paramref name="maxClients"/> clients if needed; returns the number of
    /// clients the limit allows (<paramref name="maxClients"/> when it is enough, 0 when not even one
    /// client fits), after logging Redis's lines.
    /// </summary>
    public static long Adjust(long maxClients, ServerLog log)
    {
        var wanted = (ulong)maxClients + ReservedDescriptors;
        if (!OperatingSystem.IsLinux())
        {
            return maxClients;
        }
        if (GetRlimit(RlimitNofile, out var limit) == -1)
        {
            log.Warning($"Unable to obtain the current NOFILE limit ({Marshal.GetLastPInvokeErrorMessage()}), assuming 1024 and setting the max clients configuration accordingly.");
            return 1024 - ReservedDescriptors;
        }
        var old = limit.Current;
        if (old >= wanted)
        {
            return maxClients;
        }
        // The wanted limit, or the highest one the system accepts, 16 at a time (as Redis tries).
        var best = wanted;
        var error = 0;
        while (best > old)
        {
            var attempt = new Rlimit { Current = best, Maximum = best };
            if (SetRlimit(RlimitNofile, in attempt) != -1)
            {
                break;
            }
            error = Marshal.GetLastPInvokeError();
            if (best < 16)
            {
                best = old;
                break;
            }
            best -= 16;
        }
        best = Math.Max(best, old);
        if (best >= wanted)
        {
            log.Notice($"Increased maximum number of open files to {wanted} (it was originally set to {old}).");
            return maxClients;
        }
        if (best <= ReservedDescriptors)
        {
            log.Warning($"Your current 'ulimit -n' of {old} is not enough for the server to start. Please increase your open file limit to at least {wanted}. Exiting.");
            return 0;
        }
        var allowed = (long)best - ReservedDescriptors;
        log.Warning($"You requested maxclients of {maxClients} requiring at least {wanted} max file descriptors.");
        log.Warning($"Server can't set maximum open files to {wanted} because of OS error: {Marshal.GetPInvokeErrorMessage(error)}.");
        log.Warning($"Current maximum open files is {best}. maxclients has been reduced to {allowed} to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.");
        return allowed;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRlimit(int resource, out Rlimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRlimit(int resource, in Rlimit limit);
}
