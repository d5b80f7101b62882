using System.Runtime.InteropServices;

namespace Basalt.Persistence;

/// <summary>
/// Lowers the calling thread's scheduling priority (Linux nice +10): for the thread that writes a
/// snapshot's file, which shares the machine with the event thread that serves clients.
/// </summary>
/// <remarks>
/// Redis's snapshot runs in a forked child that competes with the server as an equal process;
/// Basalt's runs on threads of the server, and on a small machine the walker and the writer (more
/// than a core between them) took the event thread's time slices. With the snapshot niced, a
/// BGSAVE of 5M keys under a full-speed writer (2 cores) answered 92-231k PINGs of a probe client
/// instead of 33-38k, and took 8.8-9.6 s instead of 7.5-9.7 s (once 16 s on a disturbed machine);
/// the worst PING moved less (77-337 ms against 175-310 ms): that stall is not CPU sharing. Nice 5
/// gave about half the gain. The walker no longer runs niced: it takes the server lock, and a
/// niced lock holder made the event thread wait (see KeyspaceSnapshot.Start). On Linux setpriority with a thread id changes that one thread, and
/// raising one's own niceness needs no privilege; elsewhere, or if refused, nothing changes.
/// </remarks>
internal static partial class SnapshotThreadPriority
{
    private const int PrioProcess = 0;
    private const int Niceness = 10;

    public static void Lower()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            _ = SetPriority(PrioProcess, GetTid(), Niceness);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without them: the thread keeps the server's priority.
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
