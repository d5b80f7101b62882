using System.Runtime.InteropServices;

namespace Basalt.Server.Cli;

/// <summary>
/// SIGINT for a server started with it ignored (a background job of a non-interactive shell
/// inherits SIGINT ignored): .NET leaves an ignored SIGINT ignored, Redis installs its handler
/// regardless and shuts down on it. The disposition goes back to the default before the server
/// registers its handler, so that the registration takes.
/// </summary>
internal static partial class InterruptSignal
{
    private const int SigInt = 2;
    private const nint SigDefault = 0;
    private const nint SigIgnore = 1;

    /// <summary>Resets SIGINT to its default if it is ignored; any other disposition is left as it was.</summary>
    public static void StopIgnoring()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var previous = Signal(SigInt, SigDefault);
        if (previous != SigIgnore)
        {
            // Not ignored (the default, or a handler the runtime installed): put it back.
            Signal(SigInt, previous);
        }
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
