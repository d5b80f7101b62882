namespace Basalt.Config;

/// <summary>
/// A configuration that cannot be loaded. Redis prints either the FATAL CONFIG FILE ERROR report
/// (for a bad line, or a check made after reading all lines) or, when a file cannot even be opened,
/// a log line; then it exits with status 1. <see cref="ServerConfig.FromCommandLine"/> does the same.
/// </summary>
public sealed class ConfigFileException : Exception
{
    /// <summary>The Redis version whose behaviour Basalt reproduces, named in the report as Redis names itself.</summary>
    public const string CompatibleRedisVersion = "7.0.15";

    private ConfigFileException(string reason, int? lineNumber, string? line, string? unreadablePath)
        : base(reason)
    {
        Reason = reason;
        LineNumber = lineNumber;
        Line = line;
        UnreadablePath = unreadablePath;
    }

    /// <summary>What is wrong, in Redis's words ("Bad directive or wrong number of arguments", ...).</summary>
    public string Reason { get; }

    /// <summary>The 1-based line number in the text being read, or null for checks made after reading it.</summary>
    public int? LineNumber { get; }

    /// <summary>The offending line, trimmed, or null.</summary>
    public string? Line { get; }

    /// <summary>The config file that could not be opened, or null when the error is about its content.</summary>
    public string? UnreadablePath { get; }

    internal static ConfigFileException AtLine(int lineNumber, string line, string reason) => new(reason, lineNumber, line, null);

    internal static ConfigFileException AfterReading(string reason) => new(reason, null, null, null);

    internal static ConfigFileException Unreadable(string path, Exception cause) =>
        new($"Fatal error, can't open config file '{path}': {DescribeIoError(cause)}", null, null, path);

    /// <summary>The text Redis writes to stderr for a bad configuration (not used for unreadable files, which Redis logs).</summary>
    public string FormatReport()
    {
        var report = $"\n*** FATAL CONFIG FILE ERROR (Redis {CompatibleRedisVersion}) ***\n";
        if (LineNumber is not null)
            report += $"Reading the configuration file, at line {LineNumber}\n>>> '{Line}'\n";
        return report + Reason + "\n";
    }

    /// <summary>The strerror() text C code would show for the failure behind <paramref name="e"/>.</summary>
    internal static string DescribeIoError(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        PathTooLongException => "File name too long",
        _ => e.Message,
    };
}
