using System.Globalization;
using System.Text;
using Basalt.Persistence.Aof;

namespace Basalt.Tools;

/// <summary>
/// <c>basalt restore-aof --to T APPENDONLYDIR NEW-DIR</c>: point-in-time restore from a multi-part
/// AOF written with <c>aof-timestamp-enabled yes</c>. Picks the newest BASE whose dataset is from T
/// or earlier (older ones are kept as history with <c>aof-history-retention</c>), keeps its INCR
/// files in order, cuts the one holding T at the first <c>#TS:</c> later than T and drops the rest,
/// and writes a loadable directory with its own manifest. The original is only read.
/// </summary>
public sealed class RestoreAofCommand : IToolCommand
{
    public string Name => "restore-aof";

    public string Summary => "Restore a multi-part AOF to its state at a point in time (#TS annotations)";

    public string Usage =>
        "Usage: basalt restore-aof --to TIME APPENDONLYDIR NEW-DIR\n" +
        "\n" +
        "Writes into NEW-DIR (which must not exist or be empty) an AOF directory whose data is the\n" +
        "dataset of APPENDONLYDIR as it was at TIME: unix seconds, or an ISO 8601 time\n" +
        "(2026-11-21T12:00:00Z; without an offset it is UTC). Needs 'aof-timestamp-enabled yes'\n" +
        "(the #TS: annotations). TIME may lie before the last rewrite when older sets were kept with\n" +
        "'aof-history-retention N'. APPENDONLYDIR is never changed. Start a server on the result with\n" +
        "--dir <parent of NEW-DIR> --appenddirname <name of NEW-DIR> --appendonly yes.\n";

    public int Run(IReadOnlyList<string> args, ToolConsole console)
    {
        string? timeText = null;
        var paths = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--to" && i + 1 < args.Count)
            {
                timeText = args[++i];
            }
            else if (args[i].StartsWith("--to=", StringComparison.Ordinal))
            {
                timeText = args[i][5..];
            }
            else if (!args[i].StartsWith('-'))
            {
                paths.Add(args[i]);
            }
            else
            {
                console.Error.WriteLine($"basalt restore-aof: unexpected argument '{args[i]}'");
                return 1;
            }
        }
        if (timeText is null || paths.Count != 2)
        {
            console.Error.Write(Usage);
            return 1;
        }
        if (!TryParseTime(timeText, out var time))
        {
            console.Error.WriteLine($"basalt restore-aof: '{timeText}' is not a time (unix seconds or ISO 8601)");
            return 1;
        }
        try
        {
            return Restore(paths[0], paths[1], time, console);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"basalt restore-aof: {e.Message}");
            return 1;
        }
    }

    public static bool TryParseTime(string text, out long unixSeconds)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out unixSeconds))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
        {
            unixSeconds = when.ToUnixTimeSeconds();
            return true;
        }
        return false;
    }

    private static int Restore(string sourceDir, string targetDir, long time, ToolConsole console)
    {
        var timeline = AofTimeline.Read(sourceDir);
        if (Directory.Exists(targetDir) && Directory.EnumerateFileSystemEntries(targetDir).Any() || File.Exists(targetDir))
        {
            console.Error.WriteLine($"basalt restore-aof: {targetDir} exists and is not empty");
            return 1;
        }
        if (Path.GetFullPath(targetDir).TrimEnd('/') == Path.GetFullPath(sourceDir).TrimEnd('/'))
        {
            console.Error.WriteLine("basalt restore-aof: NEW-DIR must not be the original directory");
            return 1;
        }
        var chosen = timeline.Sets.LastOrDefault(s => s.BaseTime is { } t && t <= time);
        if (chosen is null)
        {
            var oldest = timeline.Sets.Select(s => s.BaseTime).FirstOrDefault(t => t is not null);
            console.Error.WriteLine(oldest is null
                ? "basalt restore-aof: no BASE file says when its data is from (no ctime, no #TS:); was aof-timestamp-enabled on?"
                : $"basalt restore-aof: {time} ({Iso(time)}) is before the oldest kept BASE ({oldest} {Iso(oldest.Value)}); " +
                  "keep more history with aof-history-retention");
            return 1;
        }
        // Cut the INCR files in order until one reaches a time after T.
        var kept = new List<(AofFileInfo File, AofTimeCut Cut)>();
        var dropped = new List<AofFileInfo>();
        var reachedLater = false;
        var timestamps = 0;
        foreach (var incr in chosen.Incr)
        {
            if (reachedLater)
            {
                dropped.Add(incr);
                continue;
            }
            AofTimeCut cut;
            using (var bar = new ByteProgressBar(console, $"Scanning {incr.Name}"))
            {
                cut = AofTimeCut.Scan(Path.Combine(sourceDir, incr.Name), time, bar.Report);
            }
            timestamps += cut.TimestampsSeen;
            kept.Add((incr, cut));
            reachedLater = cut.ReachedLaterTime;
        }
        var laterSets = timeline.Sets.SkipWhile(s => !ReferenceEquals(s, chosen)).Skip(1).ToArray();
        if (timestamps == 0 && kept.Any(k => k.Cut.CommandsKept > 0))
        {
            console.Error.WriteLine("basalt restore-aof: the INCR files have no #TS: annotations (aof-timestamp-enabled was off): can't tell when their commands ran");
            return 1;
        }
        if (!reachedLater && laterSets.Length == 0)
        {
            console.Error.WriteLine($"basalt restore-aof: note: {time} ({Iso(time)}) is at or after the last write recorded; the whole AOF is kept");
        }
        using (var bar = new ByteProgressBar(console, "Writing"))
        {
            Write(sourceDir, targetDir, timeline.ManifestName, chosen, kept, bar);
        }
        Report(console, targetDir, time, chosen, kept, dropped, laterSets);
        return 0;
    }

    /// <summary>Builds the new directory under a temp name and renames it at the end: nothing partial is left.</summary>
    private static void Write(string sourceDir, string targetDir, string manifestName, AofSet set, List<(AofFileInfo File, AofTimeCut Cut)> kept,
        ByteProgressBar bar)
    {
        var baseBytes = new FileInfo(Path.Combine(sourceDir, set.Base.Name)).Length;
        var progress = new CopyProgress(bar, baseBytes + kept.Sum(k => k.Cut.KeepBytes));
        var full = Path.GetFullPath(targetDir).TrimEnd('/');
        var temp = $"{full}.restore-{Environment.ProcessId}.tmp";
        Directory.CreateDirectory(temp);
        try
        {
            var manifest = new AofManifest { Base = set.Base with { Type = AofFileType.Base }, BaseSeq = set.Base.Seq };
            CopyPrefix(Path.Combine(sourceDir, set.Base.Name), Path.Combine(temp, set.Base.Name), baseBytes, progress);
            foreach (var (file, cut) in kept)
            {
                CopyPrefix(Path.Combine(sourceDir, file.Name), Path.Combine(temp, file.Name), cut.KeepBytes, progress);
                manifest.Incr.Add(file with { Type = AofFileType.Incr });
                manifest.IncrSeq = file.Seq;
            }
            File.WriteAllBytes(Path.Combine(temp, manifestName), Encoding.Latin1.GetBytes(manifest.Format()));
            if (Directory.Exists(full))
            {
                Directory.Delete(full);
            }
            Directory.Move(temp, full);
        }
        catch
        {
            Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>The bytes copied so far, out of all the files to copy.</summary>
    private sealed class CopyProgress(ByteProgressBar bar, long total)
    {
        private long _done;

        public void Add(long bytes)
        {
            _done += bytes;
            bar.Report(_done, total);
        }
    }

    private static void CopyPrefix(string source, string destination, long length, CopyProgress progress)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
        var buffer = new byte[1 << 20];
        var left = length;
        while (left > 0)
        {
            var n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0)
            {
                throw new IOException($"{source} became shorter while it was read");
            }
            output.Write(buffer, 0, n);
            left -= n;
            progress.Add(n);
        }
        output.Flush(flushToDisk: true);
    }

    private static void Report(ToolConsole console, string targetDir, long time, AofSet set, List<(AofFileInfo File, AofTimeCut Cut)> kept,
        List<AofFileInfo> dropped, AofSet[] laterSets)
    {
        var output = console.Out;
        output.WriteLine($"Restoring to {time} ({Iso(time)})");
        output.WriteLine($"BASE: {set.Base.Name} (data from {set.BaseTime} {Iso(set.BaseTime!.Value)})");
        long bytesCut = 0;
        long? lastKept = set.BaseTime;
        foreach (var (file, cut) in kept)
        {
            var removed = cut.FileBytes - cut.KeepBytes;
            bytesCut += removed;
            lastKept = cut.LastTimestampKept ?? lastKept;
            output.WriteLine(removed == 0
                ? $"INCR: {file.Name} kept whole ({cut.FileBytes} bytes, {cut.CommandsKept} commands)"
                : $"INCR: {file.Name} cut at offset {cut.KeepBytes}: {removed} of {cut.FileBytes} bytes removed" +
                  (cut.TruncatedTail && !cut.ReachedLaterTime ? " (incomplete command at the end)" : ""));
        }
        foreach (var file in dropped)
        {
            output.WriteLine($"Dropped: {file.Name} (after {time})");
        }
        foreach (var later in laterSets)
        {
            output.WriteLine($"Dropped: {later.Base.Name} and its {later.Incr.Length} INCR file(s) (a later rewrite)");
        }
        output.WriteLine($"Bytes cut: {bytesCut}; files dropped: {dropped.Count + laterSets.Sum(s => 1 + s.Incr.Length)}");
        output.WriteLine($"Last timestamp kept: {(lastKept is { } t ? $"{t} ({Iso(t)})" : "none")}");
        output.WriteLine($"Restored AOF written to {targetDir}");
    }

    private static string Iso(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
