using System.Globalization;

namespace Basalt.Tests.Infrastructure;

/// <summary>Reads a process's memory figures from /proc.</summary>
public static class ProcessMemory
{
    /// <summary>Resident set size in bytes (VmRSS of /proc/&lt;pid&gt;/status).</summary>
    public static long RssBytes(int pid) => ReadStatusKb(pid, "VmRSS:") * 1024;

    /// <summary>Peak resident set size in bytes (VmHWM).</summary>
    public static long PeakRssBytes(int pid) => ReadStatusKb(pid, "VmHWM:") * 1024;

    private static long ReadStatusKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"{field} not found in /proc/{pid}/status");
    }

    public static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
