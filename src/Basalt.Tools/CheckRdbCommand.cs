using Basalt.Persistence.Rdb;
using Basalt.Server;

namespace Basalt.Tools;

/// <summary>
/// <c>basalt check-rdb FILE</c>: redis-check-rdb 7.0.15 — the same report on stdout, byte for byte,
/// and the same exit code (0 sane, 1 not). What Redis leaves unsaid (why a file could not be
/// opened) goes to stderr, so that stdout stays identical.
/// </summary>
public sealed class CheckRdbCommand : IToolCommand
{
    public string Name => "check-rdb";

    public string Summary => "Check an RDB file as redis-check-rdb does";

    public string Usage =>
        """
        Usage: basalt check-rdb <rdb-file-name>

        Checks an RDB file (dump.rdb, written by Redis 7.0 or Basalt) and prints what redis-check-rdb 7.0
        prints: the AUX fields, the databases, the checksum verdict and key counts, or where and why the
        file is corrupt. Exit code 0 when the file is sane, 1 when it is not or cannot be read.

        Options:
          -v, --version   print the version and exit

        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    public int Run(IReadOnlyList<string> args, ToolConsole console)
    {
        if (args.Count != 1)
        {
            console.Error.Write("Usage: basalt check-rdb <rdb-file-name>\n");
            return 1;
        }
        if (args[0] is "-v" or "--version")
        {
            console.Out.Write($"redis-check-rdb {BasaltServer.Version}\n");
            return 0;
        }
        var path = args[0];
        RdbCheckResult result;
        using (var bar = new ByteProgressBar(console, "Checking"))
        {
            result = RdbCheckReport.Run(path, path, bar.Out, RdbCheckReport.StandaloneOptions, bar.Report);
        }
        if (result.OpenError is { } why)
        {
            console.Error.Write($"basalt check-rdb: cannot read '{path}': {why}\n");
        }
        if (result.ReportedByLoader)
        {
            // Redis's loading code logs this, in its log format, and exits.
            new ServerLog(console.Out).Write(LogLevel.Warning, RdbCheckReport.TerminationLogLine, role: 'C');
        }
        console.Out.Flush();
        return result.Sane ? 0 : 1;
    }
}
