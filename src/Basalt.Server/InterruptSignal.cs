using System.Runtime.InteropServices;

namespace Basalt.Server.Cli;

/// <summary>
/// SIGINT for a server started with it ignored (a background job of a non-interactive shell
/// inherits SIGINT ignored): .NET leaves an ignored SIGINT ignored, Redis installs its handler
/// regardless and shuts down on it. An ignored SIGINT goes back to the default disposition before
/// the server registers its handler, so that the registration takes.
/// </summary>
internal static unsafe partial class InterruptSignal
{
    private const int SigInt = 2;
    private const nint SigDefault = 0;
    private const nint SigIgnore = 1;

    /// <summary>Room for glibc's struct sigaction (152 bytes on 64-bit Linux), whose first field is the handler.</summary>
    private const int SigactionBytes = 256;

    /// <summary>Resets SIGINT to its default if it is ignored; any other disposition is not touched.</summary>
    public static void StopIgnoring()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        // Only read the disposition: a handler the runtime may have installed is never replaced.
        var current = stackalloc byte[SigactionBytes];
        if (Sigaction(SigInt, null, current) == 0 && *(nint*)current == SigIgnore)
        {
            Signal(SigInt, SigDefault);
        }
    }

    [LibraryImport("libc", EntryPoint = "sigaction")]
    private static partial int Sigaction(int signal, byte* action, byte* oldAction);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
