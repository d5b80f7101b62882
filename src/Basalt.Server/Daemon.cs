using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Basalt.Server.Cli;

/// <summary>
/// <c>daemonize yes</c>. .NET cannot fork, so the server starts a copy of itself detached from the
/// terminal (a new session, standard streams on /dev/null) and the original process exits 0 —
/// what a caller of redis-server observes from its fork-and-exit.
/// </summary>
internal static partial class Daemon
{
    private const string ChildMarker = "BASALT_DAEMONIZED";

    public static bool IsDaemonChild => Environment.GetEnvironmentVariable(ChildMarker) == "1";

    /// <summary>Starts the detached copy; returns the exit code for the original process.</summary>
    public static int StartDetachedCopy()
    {
        var commandLine = Environment.GetCommandLineArgs();
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Under "dotnet basalt-server.dll" the first argument is the dll; under an apphost it is the program itself.
        var first = Path.GetFileName(Environment.ProcessPath) is "dotnet" ? 0 : 1;
        for (var i = first; i < commandLine.Length; i++)
        {
            start.ArgumentList.Add(commandLine[i]);
        }
        start.Environment[ChildMarker] = "1";
        using var child = Process.Start(start);
        return child is null ? 1 : 0;
    }

    /// <summary>In the copy: leave the parent's session so that closing the terminal does not stop the server.</summary>
    public static void DetachSession()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = SetSid();
        }
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
    }

    [LibraryImport("libc", EntryPoint = "setsid")]
    private static partial int SetSid();
}
