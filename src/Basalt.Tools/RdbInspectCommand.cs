using Basalt.Persistence;
using Basalt.Persistence.Rdb;

namespace Basalt.Tools;

/// <summary>
/// <c>basalt rdb FILE [--json]</c>: lists what an RDB file holds — every key with its database, type,
/// encoding once loaded, size in the file, element count and expiry — with the AUX fields and the
/// function libraries; as a table, or as one JSON document for scripts.
/// </summary>
public sealed class RdbInspectCommand : IToolCommand
{
    public string Name => "rdb";

    public string Summary => "List the keys, types, sizes and expiries in an RDB file";

    public string Usage =>
        """
        Usage: basalt rdb <rdb-file> [--json]

        Lists an RDB file (dump.rdb, or an AOF base .rdb) key by key: database, type, the encoding the
        key gets once loaded (with the default thresholds), its size in the file in bytes (its expire
        and type records included), its elements (a string's length), and its expire time (Unix ms and
        UTC). The AUX fields and function libraries are listed too, and a summary at the end.

        Options:
          --json   one JSON document: {"file", "keys": [{"db", "key", "type", "encoding", "bytes",
                   "elements", "expire_ms", "expire", "expired"}], "aux", "functions", "version",
                   "bytes", "checksum", "error"}; names that are not UTF-8 also come as "*_base64"

        Exit code 0 when the whole file was read, 1 when it is corrupt (what was read before the damage
        is listed, and the problem is reported) or cannot be read.

        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    public int Run(IReadOnlyList<string> args, ToolConsole console)
    {
        string? path = null;
        var json = false;
        foreach (var arg in args)
        {
            if (arg == "--json")
            {
                json = true;
            }
            else if ((arg.StartsWith('-') && arg != "-") || path is not null)
            {
                console.Error.Write($"basalt rdb: unexpected argument '{arg}'\nUsage: basalt rdb <rdb-file> [--json]\n");
                return 1;
            }
            else
            {
                path = arg;
            }
        }
        if (path is null)
        {
            console.Error.Write("Usage: basalt rdb <rdb-file> [--json]\n");
            return 1;
        }
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.Write($"basalt rdb: cannot read '{path}': {(Directory.Exists(path) ? "Is a directory" : ErrnoText.Of(e))}\n");
            return 1;
        }
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (stream)
        using (var input = new RdbInput(stream))
        using (var bar = new ByteProgressBar(console, "Reading"))
        {
            IRdbInspectOutput output = json
                ? new RdbInspectJsonOutput(bar.Out, path, nowMs)
                : new RdbInspectTextOutput(bar.Out, path, nowMs);
            var total = stream.Length;
            var sink = new RdbInspectSink(input, output, offset => bar.Report(offset, total));
            try
            {
                // What the server would load: its default thresholds, no deep sanitization.
                output.Completed(RdbFileReader.Read(input, sink, RdbLoadOptions.Default));
            }
            catch (RdbFormatException e)
            {
                bar.Dispose();
                output.Failed(e);
                console.Out.Flush();
                console.Error.Write($"basalt rdb: {path}: {Describe(e)}\n");
                return 1;
            }
        }
        console.Out.Flush();
        return 0;
    }

    private static string Describe(RdbFormatException e)
    {
        var where = e.Key is null ? "" : $", key {Basalt.Text.Repr.Quote(e.Key)}";
        return $"corrupt at offset {e.Offset} ({e.Stage ?? "start"}{where}): {e.Message}";
    }
}
