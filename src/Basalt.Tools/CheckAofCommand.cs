using Basalt.Persistence.Aof;
using Basalt.Server;
using Basalt.Text;

namespace Basalt.Tools;

/// <summary>
/// <c>basalt check-aof [--fix [-y]|--truncate-to-timestamp T] FILE|MANIFEST</c>: redis-check-aof 7.0
/// with its output on stdout byte for byte and its exit codes. A manifest is checked file by file
/// (BASE, then the INCRs; only the last may be cut); a single file is an old-style AOF, with or
/// without an RDB preamble. Basalt adds -y (answer the confirmation) and a saved copy of whatever
/// is cut, reported on stderr.
/// </summary>
public sealed class CheckAofCommand : IToolCommand
{
    private const int ManifestMaxLine = 1024;

    public string Name => "check-aof";

    public string Summary => "Check (and repair) an AOF file or a multi-part AOF manifest, as redis-check-aof";

    public string Usage =>
        """
        Usage: basalt check-aof [--fix [-y]|--truncate-to-timestamp $timestamp] <file.manifest|file.aof>

        Checks an append-only file as redis-check-aof 7.0 does, with the same output and exit codes
        (0 valid or repaired, 1 not). Give the manifest (appendonlydir/appendonly.aof.manifest) to check
        the BASE and every INCR file, or a single old-style AOF.

          --fix                       cut the last file after its last complete command, after asking
                                      "Continue? [y/N]: " (the answer is read from stdin)
          -y, --yes                   with --fix: do not ask
          --truncate-to-timestamp T   cut the last file at its first "#TS:" annotation later than T
                                      (Unix seconds; needs aof-timestamp-enabled yes)

        Whatever is cut is first saved as <file>.bak-<unix time>; stderr says how many bytes and
        commands were removed. Restore with: cat <file> <file>.bak-<time> > <file>.restored

        """;

    public int Run(IReadOnlyList<string> args, ToolConsole console)
    {
        try
        {
            if (!TryParse(args, console, out var settings, out var path))
            {
                console.Out.Write($"Usage: basalt {Name} [--fix [-y]|--truncate-to-timestamp $timestamp] <file.manifest|file.aof>\n");
                return 1;
            }
            var checker = new AofFileChecker(console, settings);
            if (IsManifest(path, console))
            {
                CheckMultiPart(path, checker, console);
            }
            else
            {
                CheckOldStyle(path, checker, console, IsRdb(path, console), settings);
            }
            return 0;
        }
        catch (AofCheckExit exit)
        {
            return exit.Code;
        }
        finally
        {
            console.Out.Flush();
        }
    }

    private static bool TryParse(IReadOnlyList<string> args, ToolConsole console, out AofCheckSettings settings, out string path)
    {
        settings = new AofCheckSettings(false, false, 0);
        path = "";
        bool fix = false, yes = false, truncate = false;
        long timestamp = 0;
        string? file = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--fix":
                    fix = true;
                    break;
                case "-y" or "--yes":
                    yes = true;
                    break;
                case "--truncate-to-timestamp" when i + 1 < args.Count:
                    truncate = true;
                    var (value, end, overflow) = CStrtol.Parse(System.Text.Encoding.UTF8.GetBytes(args[++i]));
                    // As strtol with "*endptr != '\0'": the whole argument must be the number ("" is 0).
                    if (overflow || end != System.Text.Encoding.UTF8.GetByteCount(args[i]))
                    {
                        console.Out.Write("Invalid timestamp, aborting...\n");
                        throw new AofCheckExit(1);
                    }
                    timestamp = value;
                    break;
                default:
                    if (file is not null || args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        return false;
                    }
                    file = args[i];
                    break;
            }
        }
        if (file is null || fix && truncate || yes && !fix)
        {
            return false;
        }
        settings = new AofCheckSettings(fix, yes, timestamp);
        path = file;
        return true;
    }

    private static void CheckOldStyle(string path, AofFileChecker checker, ToolConsole console, bool preamble, AofCheckSettings settings)
    {
        console.Out.Write("Start checking Old-Style AOF\n");
        var outcome = checker.Check(path, path, lastFile: true, preamble);
        console.Out.Write(Verdict(outcome, "AOF", path, settings));
    }

    private static void CheckMultiPart(string manifestPath, AofFileChecker checker, ToolConsole console)
    {
        var output = console.Out;
        output.Write("Start checking Multi Part AOF\n");
        var manifest = LoadManifest(manifestPath, console);
        var directory = CDirName(manifestPath);
        var total = (manifest.Base is null ? 0 : 1) + manifest.Incr.Count;
        var number = 0;
        var settings = checker.Settings;
        if (manifest.Base is { } baseFile)
        {
            var name = FileName(baseFile);
            var path = $"{directory}/{name}";
            var preamble = IsRdb(path, console);
            output.Write($"Start to check BASE AOF ({(preamble ? "RDB" : "RESP")} format).\n");
            var outcome = checker.Check(name, path, ++number == total, preamble);
            output.Write(Verdict(outcome, "BASE AOF", name, settings));
        }
        if (manifest.Incr.Count > 0)
        {
            output.Write("Start to check INCR files.\n");
            foreach (var incr in manifest.Incr)
            {
                var name = FileName(incr);
                var outcome = checker.Check(name, $"{directory}/{name}", ++number == total, rdbPreamble: false);
                output.Write(Verdict(outcome, "INCR AOF", name, settings));
            }
        }
        output.Write("All AOF files and manifest are valid\n");
    }

    /// <summary>A manifest's file name (its bytes, one per char) as text: printed byte for byte, a UTF-8 name opens.</summary>
    private static string FileName(AofFileInfo file) => SurrogateEscape.FromLatin1(file.Name);

    private static string Verdict(AofCheckOutcome outcome, string kind, string name, AofCheckSettings settings) => outcome switch
    {
        AofCheckOutcome.Valid => $"{kind} {name} is valid\n",
        AofCheckOutcome.Empty => $"{kind} {name} is empty\n",
        AofCheckOutcome.TruncatedToTimestamp => $"Successfully truncated AOF {name} to timestamp {settings.ToTimestamp}\n",
        _ => $"Successfully truncated AOF {name}\n",
    };

    /// <summary>aofLoadManifestFromFile, with its fatal report written as log lines (redis-check-aof logs to stdout).</summary>
    private static AofManifest LoadManifest(string path, ToolConsole console)
    {
        var log = new ServerLog(console.Out);
        byte[] text;
        try
        {
            text = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Write(LogLevel.Warning, $"Fatal error: can't open the AOF manifest file {path} for reading: {StrError(e)}", 'C');
            throw new AofCheckExit(1);
        }
        try
        {
            return AofManifest.Parse(text);
        }
        catch (AofManifestException e)
        {
            log.Write(LogLevel.Warning, "\n*** FATAL AOF MANIFEST FILE ERROR ***\n", 'C');
            if (e.Line is not null)
            {
                log.Write(LogLevel.Warning, $"Reading the manifest file, at line {e.LineNumber}\n", 'C');
                log.Write(LogLevel.Warning, $">>> '{SurrogateEscape.FromLatin1(e.Line)}'\n", 'C');
            }
            log.Write(LogLevel.Warning, e.Message + "\n", 'C');
            throw new AofCheckExit(1);
        }
    }

    /// <summary>fileIsManifest: some line (read in fgets chunks of 1024 bytes) that is not a comment starts with "file".</summary>
    private static bool IsManifest(string path, ToolConsole console)
    {
        using var file = OpenForDetection(path, console);
        if (file.Length == 0)
        {
            return false;
        }
        var reader = new StdioFileReader(file, 0);
        var buf = new byte[ManifestMaxLine + 1];
        var isManifest = false;
        int n;
        while ((n = ReadChunk(reader, buf, path, console)) > 0)
        {
            if (buf[0] != '#' && n >= 4 && buf.AsSpan(0, 4).SequenceEqual("file"u8))
            {
                isManifest = true;
            }
        }
        return isManifest;
    }

    private static int ReadChunk(StdioFileReader reader, byte[] buf, string path, ToolConsole console)
    {
        try
        {
            return reader.Fgets(buf, buf.Length);
        }
        catch (IOException)
        {
            console.Out.Write($"Cannot read file: {path}\n");
            throw new AofCheckExit(1);
        }
    }

    /// <summary>fileIsRDB: at least 8 bytes, starting with "REDIS".</summary>
    private static bool IsRdb(string path, ToolConsole console)
    {
        using var file = OpenForDetection(path, console);
        if (file.Length < 8)
        {
            return false;
        }
        Span<byte> signature = stackalloc byte[5];
        return file.ReadAtLeast(signature, 5, throwOnEndOfStream: false) == 5 && signature.SequenceEqual("REDIS"u8);
    }

    private static FileStream OpenForDetection(string path, ToolConsole console)
    {
        if (Directory.Exists(path))
        {
            // fopen succeeds on a directory; the first read then fails.
            console.Out.Write($"Cannot read file: {path}\n");
            throw new AofCheckExit(1);
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Out.Write($"Cannot open file {path}: {StrError(e)}\n");
            throw new AofCheckExit(1);
        }
    }

    /// <summary>dirname(3): "a" -> ".", "/a" -> "/", "d/a" -> "d", "d/a/" -> "d".</summary>
    public static string CDirName(string path)
    {
        var end = path.Length;
        while (end > 1 && path[end - 1] == '/')
        {
            end--;
        }
        var slash = path.LastIndexOf('/', end - 1);
        if (slash < 0)
        {
            return ".";
        }
        while (slash > 0 && path[slash - 1] == '/')
        {
            slash--;
        }
        return slash == 0 ? "/" : path[..slash];
    }

    /// <summary>strerror(errno) for the failures .NET reports as exceptions.</summary>
    internal static string StrError(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };
}
