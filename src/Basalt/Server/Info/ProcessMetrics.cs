using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Basalt.Server.Info;

/// <summary>What the operating system says about the server process and its machine, for INFO.</summary>
public static partial class ProcessMetrics
{
    /// <summary>The name (comm) of the runtime's socket event thread, the one thread that serves every connection.</summary>
    private const string EventThreadName = ".NET Sockets";

    /// <summary>The event thread's id once found (it lives as long as the process).</summary>
    private static int _eventThreadId;

    private static readonly Lazy<string> OsDescription = new(DescribeOs);

    /// <summary>Resident set size (VmRSS of /proc/self/status), or the working set where there is no /proc.</summary>
    public static long RssBytes()
    {
        if (ReadProcField("/proc/self/status", "VmRSS:") is { } kb)
        {
            return kb * 1024;
        }
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>Physical memory of the machine (MemTotal of /proc/meminfo), as Redis's total_system_memory.</summary>
    public static long TotalSystemMemoryBytes()
    {
        if (ReadProcField("/proc/meminfo", "MemTotal:") is { } kb)
        {
            return kb * 1024;
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>"sysname release machine" as uname(2) gives them, e.g. "Linux 6.1.0 x86_64".</summary>
    public static string Os => OsDescription.Value;

    /// <summary>User and system CPU time of the whole process.</summary>
    public static (TimeSpan User, TimeSpan System) CpuTimes()
    {
        using var process = Process.GetCurrentProcess();
        return (process.UserProcessorTime, process.PrivilegedProcessorTime);
    }

    /// <summary>
    /// User and system CPU time of the socket event thread, Basalt's counterpart of Redis's main
    /// thread: it reads every connection and runs their commands (Program sets one such thread).
    /// Zero before it exists (no socket event yet) or where /proc is not there.
    /// </summary>
    public static (TimeSpan User, TimeSpan System) EventThreadCpuTimes()
    {
        try
        {
            if (_eventThreadId == 0)
            {
                foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == EventThreadName)
                    {
                        _eventThreadId = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                        break;
                    }
                }
            }
            if (_eventThreadId == 0)
            {
                return default;
            }
            // utime and stime are the 14th and 15th fields; the name before them may hold spaces.
            var stat = File.ReadAllText($"/proc/self/task/{_eventThreadId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticksPerSecond = (double)ClockTicksPerSecond();
            return (TimeSpan.FromSeconds(long.Parse(fields[11], CultureInfo.InvariantCulture) / ticksPerSecond),
                TimeSpan.FromSeconds(long.Parse(fields[12], CultureInfo.InvariantCulture) / ticksPerSecond));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            _eventThreadId = 0;
            return default;
        }
    }

    private static long ClockTicksPerSecond()
    {
        const int ScClkTck = 2;
        try
        {
            var ticks = SysConf(ScClkTck);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);

    private static string DescribeOs()
    {
        var machine = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x86_64",
            Architecture.Arm64 => "aarch64",
            Architecture.X86 => "i686",
            Architecture.Arm => "armv7l",
            var other => other.ToString().ToLowerInvariant(),
        };
        try
        {
            var sysname = File.ReadAllText("/proc/sys/kernel/ostype").Trim();
            var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
            return $"{sysname} {release} {machine}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var name = OperatingSystem.IsMacOS() ? "Darwin" : OperatingSystem.IsWindows() ? "Windows" : "Unknown";
            return $"{name} {Environment.OSVersion.Version} {machine}";
        }
    }

    private static long? ReadProcField(string path, string field)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal))
                {
                    continue;
                }
                var parts = line[field.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
