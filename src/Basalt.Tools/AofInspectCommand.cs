using System.Globalization;
using System.Text;
using System.Text.Json;
using Basalt.Persistence.Aof;
using Basalt.Persistence.Rdb;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Tools;

/// <summary>
/// <c>basalt aof FILE|MANIFEST [--json]</c>: prints an AOF as readable commands, one per line, with
/// the database each runs in and the time of the last <c>#TS:</c> annotation before it; a manifest is
/// shown file by file (BASE, then INCRs). An RDB part is summarised (use <c>basalt rdb</c> for its keys).
/// With --json, one JSON document for scripts.
/// </summary>
public sealed class AofInspectCommand : IToolCommand
{
    private const int JsonFlushBytes = 1 << 20;

    public string Name => "aof";

    public string Summary => "Print an AOF (file or manifest) as readable commands with times and databases";

    public string Usage =>
        """
        Usage: basalt aof <file.manifest|file.aof> [--json]

        Prints every command of an append-only file, one per line:
          <offset>  db<N>  <command and arguments>
        "#TS:" annotations (aof-timestamp-enabled yes) are shown as "@ <UTC time> (#TS:<unix>)" lines.
        Given a manifest, each BASE / INCR file is shown in load order; an RDB BASE or preamble is
        summarised (basalt rdb lists its keys). Arguments that are not plain words are quoted as
        redis-cli quotes them.

          --json    one JSON document: {"files":[{"name","kind","size","rdb","records":[...],"error"}]};
                    a record is {"offset","db","timestamp","args":[...]} (timestamp: the
                    last #TS: before it, or null) or {"offset","timestamp","time"};
                    arguments that are not UTF-8 are given as {"base64": "..."}

        Exit code: 0, or 1 when a file is missing, unreadable, truncated or malformed (what could be
        read is still printed, then the problem).

        """;

    public int Run(IReadOnlyList<string> args, ToolConsole console)
    {
        var json = args.Contains("--json");
        var files = args.Where(a => a != "--json").ToList();
        if (files.Count != 1 || files[0].StartsWith("--", StringComparison.Ordinal))
        {
            console.Error.Write($"Usage: basalt {Name} <file.manifest|file.aof> [--json]\n");
            return 1;
        }
        var path = files[0];
        List<(string Name, string Path, string Kind)> parts;
        try
        {
            parts = ListFiles(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.Write($"basalt aof: cannot read {path}: {CheckAofCommand.StrError(e)}\n");
            return 1;
        }
        catch (AofManifestException e)
        {
            console.Error.Write($"basalt aof: {path}: {e.Message}{(e.Line is null ? "" : $" at line {e.LineNumber}: '{e.Line}'")}\n");
            return 1;
        }
        IAofListing listing = json ? new JsonListing(console.Out) : new TextListing(console.Out);
        var ok = true;
        var db = 0;
        foreach (var (name, filePath, kind) in parts)
        {
            ok &= ListFile(name, filePath, kind, listing, console, ref db);
        }
        listing.Finish();
        console.Out.Flush();
        return ok ? 0 : 1;
    }

    /// <summary>The files in load order: the manifest's BASE and INCRs, or the single file.</summary>
    private static List<(string Name, string Path, string Kind)> ListFiles(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException("Is a directory");
        }
        var text = File.ReadAllBytes(path);
        if (!LooksLikeManifest(text))
        {
            return [(path, path, "single")];
        }
        var manifest = AofManifest.Parse(text);
        var directory = CheckAofCommand.CDirName(path);
        var parts = new List<(string, string, string)>();
        if (manifest.Base is { } baseFile)
        {
            parts.Add((baseFile.Name, $"{directory}/{baseFile.Name}", "base"));
        }
        parts.AddRange(manifest.Incr.Select(i => (i.Name, $"{directory}/{i.Name}", "incr")));
        return parts;
    }

    /// <summary>redis-check-aof's test: a line that is not a comment starts with "file".</summary>
    private static bool LooksLikeManifest(byte[] text)
    {
        foreach (var line in Encoding.Latin1.GetString(text).Split('\n'))
        {
            if (!line.StartsWith('#') && line.StartsWith("file", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static bool ListFile(string name, string path, string kind, IAofListing listing, ToolConsole console, ref int db)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.Write($"basalt aof: cannot read {path}: {CheckAofCommand.StrError(e)}\n");
            return false;
        }
        using (file)
        {
            listing.BeginFile(name, kind, file.Length);
            long start = 0;
            if (StartsWithRdb(file))
            {
                var counter = new KeyCounter();
                try
                {
                    using var input = new RdbInput(file, leaveOpen: true);
                    var result = RdbFileReader.Read(input, counter, RdbLoadOptions.Default with { CheckMode = true });
                    input.SyncStreamPosition();
                    start = result.BytesRead;
                    listing.Rdb(result.BytesRead, result.KeysRead, counter.Databases);
                    // Loading an RDB leaves the current database at 0 for the commands that follow.
                    db = 0;
                }
                catch (RdbFormatException e)
                {
                    listing.Error(e.Offset, $"RDB part: {e.Message}");
                    listing.EndFile();
                    return false;
                }
            }
            var reader = new AofRecordReader(file, start);
            var args = new List<byte[]>();
            long? timestamp = null;
            while (true)
            {
                var kind2 = reader.Next(args);
                switch (kind2)
                {
                    case AofRecordKind.Annotation:
                        var ts = reader.Annotation.StartsWith("#TS:", StringComparison.Ordinal)
                            && long.TryParse(reader.Annotation.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : (long?)null;
                        if (ts is not null)
                        {
                            timestamp = ts;
                        }
                        listing.Annotation(reader.RecordOffset, reader.Annotation, ts);
                        continue;
                    case AofRecordKind.Command:
                        if (args.Count == 2 && Encoding.ASCII.GetString(args[0]).Equals("SELECT", StringComparison.OrdinalIgnoreCase)
                            && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var selected))
                        {
                            db = selected;
                        }
                        listing.Command(reader.RecordOffset, db, timestamp, args);
                        continue;
                    case AofRecordKind.End:
                        listing.EndFile();
                        return true;
                    case AofRecordKind.Truncated:
                        listing.Error(reader.RecordOffset, "the file ends inside a command (truncated)");
                        listing.EndFile();
                        return false;
                    default:
                        listing.Error(reader.RecordOffset, "not a RESP command (format error)");
                        listing.EndFile();
                        return false;
                }
            }
        }
    }

    private static bool StartsWithRdb(FileStream file)
    {
        if (file.Length < 8)
        {
            return false;
        }
        Span<byte> signature = stackalloc byte[5];
        var ok = file.ReadAtLeast(signature, 5, throwOnEndOfStream: false) == 5 && signature.SequenceEqual("REDIS"u8);
        file.Position = 0;
        return ok;
    }

    internal static string Time(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Counts the databases of an RDB part; the keys themselves are not kept.</summary>
    private sealed class KeyCounter : IRdbLoadSink
    {
        public SortedSet<int> Databases { get; } = [];

        public void OnAux(byte[] key, byte[] value)
        {
        }

        public void OnFunction(byte[] librarySource)
        {
        }

        public void OnSelectDb(int db) => Databases.Add(db);

        public void OnResizeDb(ulong keys, ulong expires)
        {
        }

        public void OnKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency)
        {
        }

        public void OnEmptyKeySkipped(ReadOnlySpan<byte> key)
        {
        }
    }

    /// <summary>Where the records go: readable lines or JSON.</summary>
    private interface IAofListing
    {
        void BeginFile(string name, string kind, long size);

        void Rdb(long bytes, long keys, IEnumerable<int> databases);

        void Annotation(long offset, string text, long? timestamp);

        void Command(long offset, int db, long? timestamp, List<byte[]> args);

        void Error(long offset, string message);

        void EndFile();

        void Finish();
    }

    /// <summary>
    /// Readable lines. They are gathered and written in blocks: the process's console flushes every
    /// write, which would cost a system call per command.
    /// </summary>
    private sealed class TextListing(TextWriter output) : IAofListing
    {
        private const int BlockChars = 64 * 1024;

        private readonly StringBuilder _pending = new();

        public void BeginFile(string name, string kind, long size) =>
            _pending.Append(CultureInfo.InvariantCulture, $"== {name} ({kind}, {size} bytes) ==\n");

        public void Rdb(long bytes, long keys, IEnumerable<int> databases) =>
            _pending.Append(keys == 0
                ? $"RDB part: {bytes} bytes, no keys\n"
                : $"RDB part: {bytes} bytes, {keys} keys in db {string.Join(",", databases)} (basalt rdb lists them)\n");

        public void Annotation(long offset, string text, long? timestamp)
        {
            _pending.Append(timestamp is { } ts ? $"@ {Time(ts)} ({text})\n" : $"{offset,-8} {text}\n");
            Drain();
        }

        public void Command(long offset, int db, long? timestamp, List<byte[]> args)
        {
            _pending.Append(CultureInfo.InvariantCulture, $"{offset,-8} db{db,-3}");
            foreach (var arg in args)
            {
                _pending.Append(' ').Append(Readable(arg));
            }
            _pending.Append('\n');
            Drain();
        }

        public void Error(long offset, string message) => _pending.Append(CultureInfo.InvariantCulture, $"!! at offset {offset}: {message}\n");

        public void EndFile() => Drain(force: true);

        public void Finish() => Drain(force: true);

        private void Drain(bool force = false)
        {
            if (force || _pending.Length >= BlockChars)
            {
                output.Write(_pending);
                _pending.Clear();
            }
        }

        /// <summary>Plain printable words as they are; anything else quoted as redis-cli does.</summary>
        private static string Readable(byte[] arg)
        {
            foreach (var b in arg)
            {
                if (b <= ' ' || b >= 0x7f || b is (byte)'"' or (byte)'\'' or (byte)'\\')
                {
                    return Repr.Quote(arg);
                }
            }
            return arg.Length == 0 ? "\"\"" : Encoding.ASCII.GetString(arg);
        }
    }

    private sealed class JsonListing : IAofListing
    {
        private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

        private readonly TextWriter _output;
        private readonly MemoryStream _buffer = new();
        private readonly Utf8JsonWriter _json;

        // Per file: "records" not yet opened (0), open (1), or closed after an error (2).
        private int _recordsState;

        public JsonListing(TextWriter output)
        {
            _output = output;
            _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = false });
            _json.WriteStartObject();
            _json.WriteStartArray("files");
        }

        public void BeginFile(string name, string kind, long size)
        {
            _json.WriteStartObject();
            _json.WriteString("name", name);
            _json.WriteString("kind", kind);
            _json.WriteNumber("size", size);
            _recordsState = 0;
        }

        public void Rdb(long bytes, long keys, IEnumerable<int> databases)
        {
            _json.WriteStartObject("rdb");
            _json.WriteNumber("bytes", bytes);
            _json.WriteNumber("keys", keys);
            _json.WriteStartArray("databases");
            foreach (var db in databases)
            {
                _json.WriteNumberValue(db);
            }
            _json.WriteEndArray();
            _json.WriteEndObject();
        }

        public void Annotation(long offset, string text, long? timestamp)
        {
            EnsureRecords();
            _json.WriteStartObject();
            _json.WriteNumber("offset", offset);
            if (timestamp is { } ts)
            {
                _json.WriteNumber("timestamp", ts);
                _json.WriteString("time", DateTimeOffset.FromUnixTimeSeconds(ts).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }
            else
            {
                _json.WriteString("annotation", text);
            }
            _json.WriteEndObject();
            Drain();
        }

        public void Command(long offset, int db, long? timestamp, List<byte[]> args)
        {
            EnsureRecords();
            _json.WriteStartObject();
            _json.WriteNumber("offset", offset);
            _json.WriteNumber("db", db);
            if (timestamp is { } ts)
            {
                _json.WriteNumber("timestamp", ts);
            }
            else
            {
                _json.WriteNull("timestamp");
            }
            _json.WriteStartArray("args");
            foreach (var arg in args)
            {
                string text;
                try
                {
                    text = StrictUtf8.GetString(arg);
                }
                catch (DecoderFallbackException)
                {
                    _json.WriteStartObject();
                    _json.WriteBase64String("base64", arg);
                    _json.WriteEndObject();
                    continue;
                }
                _json.WriteStringValue(text);
            }
            _json.WriteEndArray();
            _json.WriteEndObject();
            Drain();
        }

        public void Error(long offset, string message)
        {
            EndRecords();
            _json.WriteStartObject("error");
            _json.WriteNumber("offset", offset);
            _json.WriteString("message", message);
            _json.WriteEndObject();
        }

        public void EndFile()
        {
            EndRecords();
            _json.WriteEndObject();
        }

        public void Finish()
        {
            _json.WriteEndArray();
            _json.WriteEndObject();
            _json.Flush();
            WriteBuffer();
            _output.Write('\n');
        }

        private void EnsureRecords()
        {
            if (_recordsState == 0)
            {
                _json.WriteStartArray("records");
                _recordsState = 1;
            }
        }

        private void EndRecords()
        {
            EnsureRecords();
            if (_recordsState == 1)
            {
                _json.WriteEndArray();
                _recordsState = 2;
            }
        }

        /// <summary>Hands what is ready to the console now and then, so that a big file is not held in memory.</summary>
        private void Drain()
        {
            if (_json.BytesPending + _buffer.Length < JsonFlushBytes)
            {
                return;
            }
            _json.Flush();
            WriteBuffer();
        }

        private void WriteBuffer()
        {
            _output.Write(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
            _buffer.SetLength(0);
        }
    }
}
