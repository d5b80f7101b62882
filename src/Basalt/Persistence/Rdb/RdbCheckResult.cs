namespace Basalt.Persistence.Rdb;

/// <summary>The verdict of <see cref="RdbCheckReport"/>.</summary>
/// <param name="Sane">The file read to its end (redis-check-rdb's exit code 0).</param>
/// <param name="ReportedByLoader">The problem was found by the loading code Redis shares with the
/// server (rdbReportError), which logs <see cref="RdbCheckReport.TerminationLogLine"/> after the
/// report and exits; problems the checker's own loop finds (bad header, CRC, EOF) end without it.</param>
/// <param name="OpenError">Why the file could not be opened or read (redis-check-rdb then prints only
/// its first line and exits 1), or null.</param>
public sealed record RdbCheckResult(bool Sane, bool ReportedByLoader, string? OpenError);
