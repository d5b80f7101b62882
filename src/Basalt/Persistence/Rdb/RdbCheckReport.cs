using System.Text;
using Basalt.Config;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// redis-check-rdb's report on an RDB file, line for line as Redis 7.0.15 prints it: the
/// "[offset N] Checking RDB file NAME" line, one line per AUX field, database selector and module
/// AUX record, the checksum verdict, "\o/ RDB looks OK! \o/" and the "[info]" counters — or the
/// "--- RDB ERROR DETECTED ---" block with the stage, key and type being read. Used by
/// <c>basalt check-rdb</c>, and by the server after a failed load of dump.rdb, where Redis runs
/// the same check and prints it on stdout before exiting.
/// </summary>
/// <remarks>
/// Text is written as redis-check-rdb's printf writes it: C strings end at their first NUL byte,
/// and the formatted messages of "[offset N]" lines are cut at 1023 bytes (its 1024-byte buffer).
/// Bytes are decoded with <see cref="SurrogateEscape"/>: written through its encoding (as
/// <c>basalt check-rdb</c> writes), any name comes out byte for byte, UTF-8 or not.
/// </remarks>
public static class RdbCheckReport
{
    /// <summary>What Redis logs (as a warning) after a report on a problem found by the loading code.</summary>
    public const string TerminationLogLine = "Terminating server after rdb file reading failure.";

    // printf's "%s" of a formatted message goes through a 1024-byte buffer, NUL included.
    private const int MessageLimit = 1023;

    /// <summary>rdb_type_string: the names the checker gives object types; an index past it is "unknown".</summary>
    private static readonly string[] TypeNames =
    [
        "string", "list-linked", "set-hashtable", "zset-v1", "hash-hashtable", "zset-v2", "module-value", "", "",
        "hash-zipmap", "list-ziplist", "set-intset", "zset-ziplist", "hash-ziplist", "quicklist", "stream",
        "hash-listpack", "zset-listpack", "quicklist-v2",
    ];

    /// <summary>
    /// The check standalone redis-check-rdb makes: Redis's default thresholds, sanitize-dump-payload
    /// yes, module data skipped.
    /// </summary>
    public static RdbLoadOptions StandaloneOptions { get; } = RdbLoadOptions.Default with { DeepSanitize = true, CheckMode = true };

    /// <summary>The check a server runs after a failed load: its own configuration, but sanitizing fully.</summary>
    public static RdbLoadOptions OptionsFor(ServerConfig config) =>
        RdbLoadOptions.FromConfig(config, deepSanitize: true) with { CheckMode = true };

    /// <summary>
    /// Whether Redis runs this check after failing to load dump.rdb with <paramref name="error"/>:
    /// for the problems rdbReportError reports (every short read, everything the value loaders and
    /// the checksum find), not for a bad header, a module AUX record or a duplicated key.
    /// </summary>
    public static bool FollowsLoadFailure(Exception error) => error is RdbFormatException e
        && (e.RedisLine != 0
            || e.Message == RdbFormatException.UnexpectedEof
            || e.Message.StartsWith("Failed loading library", StringComparison.Ordinal));

    /// <summary>Checks the file at <paramref name="path"/>, naming it <paramref name="displayName"/> in the report.</summary>
    /// <param name="progress">Called after each key with the bytes read so far, and the file's size.</param>
    public static RdbCheckResult Run(string path, string displayName, TextWriter output, RdbLoadOptions options,
        Action<long, long>? progress = null)
    {
        if (Directory.Exists(path))
        {
            // fopen succeeds on a directory and the first read fails: the checker sees an empty file.
            var result = Run(Stream.Null, displayName, output, options, progress);
            return result with { OpenError = "Is a directory" };
        }
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteOffsetLine(output, 0, SurrogateEscape.Encoding.GetBytes($"Checking RDB file {displayName}"));
            return new RdbCheckResult(false, false, ErrnoText.Of(e));
        }
        using (stream)
        {
            return Run(stream, displayName, output, options, progress);
        }
    }

    /// <summary>
    /// Checks the RDB at the position of <paramref name="stream"/> (a dump.rdb, or the RDB preamble of
    /// an AOF file). On success the stream is left just past the RDB's checksum.
    /// </summary>
    public static RdbCheckResult Run(Stream stream, string displayName, TextWriter output, RdbLoadOptions options,
        Action<long, long>? progress = null)
    {
        WriteOffsetLine(output, 0, SurrogateEscape.Encoding.GetBytes($"Checking RDB file {displayName}"));
        var total = stream.CanSeek ? stream.Length - stream.Position : -1;
        using var input = new RdbInput(stream, leaveOpen: true);
        var sink = new ReportSink(input, output, progress, total);
        try
        {
            var result = RdbFileReader.Read(input, sink, options);
            var end = result.BytesRead;
            switch (result.Checksum)
            {
                case RdbChecksumStatus.Verified:
                    WriteOffsetLine(output, end, "Checksum OK"u8);
                    break;
                case RdbChecksumStatus.Disabled:
                    WriteOffsetLine(output, end, "RDB file was saved with checksum disabled: no check performed."u8);
                    break;
                case RdbChecksumStatus.NotVerified:
                    // With rdbchecksum no the checker does not read the trailer at all.
                    end -= 8;
                    break;
            }
            WriteOffsetLine(output, end, "\\o/ RDB looks OK! \\o/"u8);
            WriteInfo(output, result.KeysRead, result.ExpiresRead, sink.AlreadyExpired);
            // As documented above: an AOF's tail starts right after the RDB (check-aof reads on from here).
            input.SyncStreamPosition();
            return new RdbCheckResult(true, false, null);
        }
        catch (RdbFormatException e)
        {
            WriteError(output, e, sink.Expires, sink.AlreadyExpired);
            return new RdbCheckResult(false, IsLoaderReport(e), null);
        }
    }

    private static void WriteError(TextWriter output, RdbFormatException e, long expires, long alreadyExpired)
    {
        output.Write("--- RDB ERROR DETECTED ---\n");
        var message = IsLoaderReport(e)
            ? $"Internal error in RDB reading offset 0, function at rdb.c:{e.RedisLine} -> {e.Message}"
            : e.Message;
        WriteOffsetLine(output, e.Offset, SurrogateEscape.Encoding.GetBytes(message));
        output.Write($"[additional info] While doing: {e.Stage ?? "start"}\n");
        if (e.Key is not null)
        {
            output.Write($"[additional info] Reading key '{Decode(CString(e.Key))}'\n");
        }
        // The checker's key type starts at 0 (a static) and goes back to -1 after each complete key.
        var type = e.Type >= 0 ? e.Type : e.KeysRead == 0 ? 0 : -1;
        if (type >= 0)
        {
            output.Write($"[additional info] Reading type {type} ({(type < TypeNames.Length ? TypeNames[type] : "unknown")})\n");
        }
        WriteInfo(output, e.KeysRead, expires, alreadyExpired);
    }

    /// <summary>Problems reported through rdbReportError (with its prefix), not by the checker's own loop.</summary>
    private static bool IsLoaderReport(RdbFormatException e) =>
        e.RedisLine != 0 && e.RedisLine is not (RedisReportLines.BadWhenOpcode or RedisReportLines.CrcMismatch or RedisReportLines.UnknownEncodingType);

    private static void WriteInfo(TextWriter output, long keys, long expires, long alreadyExpired)
    {
        output.Write($"[info] {keys} keys read\n");
        output.Write($"[info] {expires} expires\n");
        output.Write($"[info] {alreadyExpired} already expired\n");
    }

    /// <summary>rdbCheckInfo: "[offset N] " and the message, cut as its buffer cuts it.</summary>
    private static void WriteOffsetLine(TextWriter output, long offset, ReadOnlySpan<byte> message)
    {
        output.Write($"[offset {offset}] ");
        output.Write(Decode(message.Length > MessageLimit ? message[..MessageLimit] : message));
        output.Write('\n');
    }

    /// <summary>printf's %s: the bytes up to the first NUL.</summary>
    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> bytes)
    {
        var nul = bytes.IndexOf((byte)0);
        return nul < 0 ? bytes : bytes[..nul];
    }

    private static string Decode(ReadOnlySpan<byte> bytes) => SurrogateEscape.Decode(bytes);

    /// <summary>Prints what the checker prints while reading, and counts what its "[info]" lines count.</summary>
    private sealed class ReportSink(RdbInput input, TextWriter output, Action<long, long>? progress, long total) : IRdbLoadSink
    {
        private readonly long _nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        public long Expires { get; private set; }

        public long AlreadyExpired { get; private set; }

        public void OnAux(byte[] key, byte[] value)
        {
            var name = CString(key);
            var text = CString(value);
            var message = new byte["AUX FIELD ".Length + name.Length + " = ''".Length + text.Length];
            var span = message.AsSpan();
            "AUX FIELD "u8.CopyTo(span);
            span = span["AUX FIELD ".Length..];
            name.CopyTo(span);
            span = span[name.Length..];
            " = '"u8.CopyTo(span);
            span = span[4..];
            text.CopyTo(span);
            span[text.Length] = (byte)'\'';
            WriteOffsetLine(output, input.Offset, message);
        }

        public void OnFunction(byte[] librarySource)
        {
        }

        public void OnSelectDb(int db) => WriteOffsetLine(output, input.Offset, Encoding.ASCII.GetBytes($"Selecting DB ID {db}"));

        public void OnResizeDb(ulong keys, ulong expires)
        {
        }

        public void OnKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency)
        {
            if (expireAtMs != -1)
            {
                Expires++;
                if (expireAtMs < _nowMs)
                {
                    AlreadyExpired++;
                }
            }
            progress?.Invoke(input.Offset, total);
        }

        public void OnEmptyKeySkipped(ReadOnlySpan<byte> key)
        {
        }

        public void OnModuleAuxSkipped(string moduleName) =>
            WriteOffsetLine(output, input.Offset, Encoding.ASCII.GetBytes($"MODULE AUX for: {moduleName}"));
    }
}
