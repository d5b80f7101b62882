using System.Globalization;
using System.Text;
using Basalt.Persistence.Rdb;
using Basalt.Server;
using Basalt.Text;

namespace Basalt.Tools;

/// <summary>What <see cref="AofFileChecker.Check"/> concluded about one file.</summary>
internal enum AofCheckOutcome
{
    Valid,
    Empty,
    Truncated,
    TruncatedToTimestamp,
}

/// <summary>Ends the check with an exit code, as redis-check-aof's exit() calls do deep inside it.</summary>
internal sealed class AofCheckExit(int code) : Exception
{
    public int Code { get; } = code;
}

/// <summary>
/// redis-check-aof's checkSingleAof: walks one AOF file (an old-style file, a BASE or an INCR),
/// prints the first problem as <c>0x&lt;offset&gt;: message</c> and the "AOF analyzed" summary, and
/// with --fix or --truncate-to-timestamp cuts the file. The wording, offsets and line counts follow
/// the C code's fgets/fread/strtol behaviour, quirks included (the line counter counts every
/// CRLF consumed, even in the command that failed, and is shared by all files of a manifest).
/// </summary>
internal sealed class AofFileChecker(ToolConsole console, AofCheckSettings settings)
{
    private const int LongLineBuffer = 128;
    private const int AnnotationLineMax = 1024;

    // console.Out, through the current file's progress bar (which it erases before each write).
    private TextWriter _out = console.Out;
    private ByteProgressBar? _progress;
    private long _line = 1;
    private readonly byte[] _argcLine = new byte[LongLineBuffer + 1];
    private readonly byte[] _lengthLine = new byte[LongLineBuffer + 1];

    public AofCheckSettings Settings => settings;

    // Per file: the first error, and the offset it is reported at (epos).
    private string? _error;
    private long _errorPosition;

    /// <param name="name">How messages name the file (the manifest's name, or the path for an old-style file).</param>
    /// <param name="path">Where it is; the MULTI/EXEC and timestamp messages name it by this.</param>
    public AofCheckOutcome Check(string name, string path, bool lastFile, bool rdbPreamble)
    {
        _error = null;
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _out.Write($"Cannot open file {path}: {CheckAofCommand.StrError(e)}, aborting...\n");
            throw new AofCheckExit(1);
        }
        using var progress = new ByteProgressBar(console, $"Checking {name}");
        _out = progress.Out;
        _progress = progress;
        using (file)
        {
            var size = file.Length;
            if (size == 0)
            {
                return AofCheckOutcome.Empty;
            }
            if (rdbPreamble)
            {
                var rdb = RdbCheckReport.Run(file, name, _out, RdbCheckReport.StandaloneOptions, progress.Report);
                if (rdb.ReportedByLoader)
                {
                    // rdbReportError ends the whole process right after its report.
                    new ServerLog(_out).Write(LogLevel.Warning, RdbCheckReport.TerminationLogLine, 'C');
                    throw new AofCheckExit(1);
                }
                if (!rdb.Sane)
                {
                    _out.Write("RDB preamble of AOF file is not sane, aborting.\n");
                    throw new AofCheckExit(1);
                }
                _out.Write("RDB preamble is OK, proceeding with AOF tail...\n");
            }
            var reader = new StdioFileReader(file, file.Position);
            long pos = 0;
            var multi = 0;
            for (var records = 1; ; records++)
            {
                if ((records & 1023) == 0)
                {
                    progress.Report(reader.Position, size);
                }
                if (multi == 0)
                {
                    pos = reader.Position;
                }
                var first = reader.Peek();
                if (first < 0)
                {
                    break;
                }
                if (first == '#')
                {
                    var cutAt = ProcessAnnotation(reader, path, lastFile);
                    if (cutAt >= 0)
                    {
                        Cut(file, name, path, cutAt, size);
                        return AofCheckOutcome.TruncatedToTimestamp;
                    }
                }
                else if (first == '*')
                {
                    if (!ProcessCommand(reader, path, ref multi))
                    {
                        break;
                    }
                }
                else
                {
                    _out.Write($"AOF {name} format error\n");
                    break;
                }
            }
            if (reader.AtEof && multi != 0 && _error is null)
            {
                SetError("Reached EOF before reading EXEC for MULTI");
            }
            if (_error is not null)
            {
                _out.Write($"0x{_errorPosition,16:x}: {_error}\n");
            }
            var diff = size - pos;
            if (diff == 0 && settings.ToTimestamp != 0)
            {
                _out.Write($"Truncate nothing in AOF {name} to timestamp {settings.ToTimestamp}\n");
                return AofCheckOutcome.Valid;
            }
            _out.Write($"AOF analyzed: filename={name}, size={size}, ok_up_to={pos}, ok_up_to_line={_line}, diff={diff}\n");
            if (diff == 0)
            {
                return AofCheckOutcome.Valid;
            }
            if (!settings.Fix)
            {
                _out.Write($"AOF {name} is not valid. Use the --fix option to try fixing it.\n");
                throw new AofCheckExit(1);
            }
            if (!lastFile)
            {
                _out.Write($"Failed to truncate AOF {name} because it is not the last file\n");
                throw new AofCheckExit(1);
            }
            _out.Write($"This will shrink the AOF {name} from {size} bytes, with {diff} bytes, to {pos} bytes\n");
            _out.Write("Continue? [y/N]: ");
            _out.Flush();
            if (!settings.AssumeYes && !AnsweredYes())
            {
                _out.Write("Aborting...\n");
                throw new AofCheckExit(1);
            }
            Cut(file, name, path, pos, size);
            return AofCheckOutcome.Truncated;
        }
    }

    /// <summary>fgets(buf, 2, stdin) and strncasecmp(buf, "y", 1).</summary>
    private bool AnsweredYes()
    {
        var c = console.In.Read();
        return c is 'y' or 'Y';
    }

    /// <summary>Cuts the file at <paramref name="offset"/>, after saving what goes (Basalt's addition, reported on stderr).</summary>
    private void Cut(FileStream file, string name, string path, long offset, long size)
    {
        // What follows goes to stderr, where the bar is.
        _progress?.Clear();
        string backup;
        string commands;
        try
        {
            backup = AofCutBackup.Save(file, path, offset);
            commands = AofCutBackup.CountCommands(backup);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.Write($"basalt: nothing was cut: cannot save the {size - offset} bytes to cut from {path}: {CheckAofCommand.StrError(e)}\n");
            throw new AofCheckExit(1);
        }
        try
        {
            file.SetLength(offset);
            file.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // Nothing was cut: the saved copy of the tail would only mislead.
            File.Delete(backup);
            _out.Write(settings.ToTimestamp != 0
                ? $"Failed to truncate AOF {path} to timestamp {settings.ToTimestamp}\n"
                : $"Failed to truncate AOF {name}\n");
            throw new AofCheckExit(1);
        }
        console.Error.Write($"basalt: removed {size - offset} bytes ({commands}) from {name}; they are saved in {backup}\n");
    }

    /// <summary>
    /// processAnnotations: skips a '#' line; with --truncate-to-timestamp, returns the offset to cut
    /// at when this is a later "#TS:" line (else -1).
    /// </summary>
    private long ProcessAnnotation(StdioFileReader reader, string path, bool lastFile)
    {
        var at = reader.Position;
        Span<byte> buf = stackalloc byte[AnnotationLineMax];
        var n = reader.Fgets(buf, AnnotationLineMax);
        var to = settings.ToTimestamp;
        if (to == 0 || n < 4 || !buf[..4].SequenceEqual("#TS:"u8))
        {
            return -1;
        }
        var (ts, end, overflow) = CStrtol.Parse(buf[4..n]);
        var next = 4 + end < n ? buf[4 + end] : 0;
        if (overflow || next != '\r')
        {
            _out.Write("Invalid timestamp annotation\n");
            throw new AofCheckExit(1);
        }
        if (ts <= to)
        {
            return -1;
        }
        if (at == 0)
        {
            _out.Write($"AOF {path} has nothing before timestamp {to}, aborting...\n");
            throw new AofCheckExit(1);
        }
        if (!lastFile)
        {
            _out.Write($"Failed to truncate AOF {path} to timestamp {to} to offset {at} because it is not the last file.\n");
            _out.Write("If you insist, please delete all files after this file according to the manifest file and delete the corresponding records in manifest file manually. Then re-run redis-check-aof.\n");
            throw new AofCheckExit(1);
        }
        return at;
    }

    /// <summary>processRESP: one command; counts MULTI nesting as the C code does (EXEC first makes it -1).</summary>
    private bool ProcessCommand(StdioFileReader reader, string path, ref int multi)
    {
        if (!ReadLong(reader, (byte)'*', out var argc))
        {
            return false;
        }
        Span<byte> head = stackalloc byte[6];
        for (long i = 0; i < argc; i++)
        {
            if (!ReadString(reader, head, out var headLength))
            {
                return false;
            }
            if (i != 0)
            {
                continue;
            }
            // strcasecmp on a C string: the name ends at its first NUL.
            var nul = head[..headLength].IndexOf((byte)0);
            var word = Encoding.Latin1.GetString(head[..(nul < 0 ? headLength : nul)]);
            if (word.Equals("multi", StringComparison.OrdinalIgnoreCase))
            {
                if (multi++ != 0)
                {
                    SetError($"Unexpected MULTI in AOF {path}");
                    return false;
                }
            }
            else if (word.Equals("exec", StringComparison.OrdinalIgnoreCase))
            {
                if (--multi != 0)
                {
                    SetError($"Unexpected EXEC in AOF {path}");
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>readLong: a line "&lt;prefix&gt;&lt;number&gt;\r\n" read with fgets into 128 bytes.</summary>
    private bool ReadLong(StdioFileReader reader, byte prefix, out long value)
    {
        value = 0;
        _errorPosition = reader.Position;
        // readLong's buffer lives on the C stack. For a command's "*argc" line it sits where the
        // previous "*argc" line was read (nothing else reaches that deep in between), so when a file
        // ends inside such a line the "got:" bytes past the terminator are that line's leftovers;
        // for "$len" lines the intervening calls leave zeros there, as observed.
        var buf = prefix == '*' ? _argcLine : _lengthLine;
        var n = reader.Fgets(buf, LongLineBuffer);
        if (n == 0)
        {
            return false;
        }
        buf[n] = 0;
        if (prefix != '*')
        {
            buf[n + 1] = 0;
        }
        if (buf[0] != prefix)
        {
            SetError($"Expected prefix '{(char)prefix}', got: '{CChar(buf[0])}'");
            return false;
        }
        var (parsed, end, _) = CStrtol.Parse(buf[1..n]);
        value = parsed;
        // After the C string's terminator the buffer holds whatever was there; 0 as observed.
        var at = 1 + end;
        return ConsumeNewline(buf[at], buf[at + 1]);
    }

    /// <summary>readString: "$len\r\n" then len bytes and two more that must be CRLF.</summary>
    private bool ReadString(StdioFileReader reader, Span<byte> head, out int headLength)
    {
        headLength = 0;
        if (!ReadLong(reader, (byte)'$', out var length))
        {
            return false;
        }
        if (length < 0 || length > long.MaxValue - 2)
        {
            SetError($"Expected to read string of {length} bytes, which is not in the suitable range");
            return false;
        }
        length += 2;
        _errorPosition = reader.Position;
        var real = reader.Fread(length, head, out var cr, out var lf);
        if (real != length)
        {
            SetError($"Expected to read {length} bytes, got {real} bytes");
            return false;
        }
        headLength = (int)Math.Min(head.Length, length - 2);
        return ConsumeNewline(cr, lf);
    }

    private bool ConsumeNewline(byte c0, byte c1)
    {
        if (c0 != '\r' || c1 != '\n')
        {
            SetError($"Expected \\r\\n, got: {CHex(c0)}{CHex(c1)}");
            return false;
        }
        _line++;
        return true;
    }

    /// <summary>ERROR(): the message goes through a 1024-byte C buffer, so it ends at a NUL or after 1023 bytes.</summary>
    private void SetError(string message)
    {
        var nul = message.IndexOf('\0');
        message = nul >= 0 ? message[..nul] : message;
        _error = message.Length > 1023 ? message[..1023] : message;
    }

    /// <summary>printf("%02x", char): a plain char is signed, so bytes from 0x80 print sign-extended.</summary>
    private static string CHex(byte b) =>
        b < 0x80 ? b.ToString("x2", CultureInfo.InvariantCulture) : ((uint)(sbyte)b).ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>printf("%c"): the byte itself (escaped when it is not ASCII, so that it is written raw).</summary>
    private static string CChar(byte b) => SurrogateEscape.Decode([b]);
}

/// <summary>The options of one redis-check-aof run.</summary>
/// <param name="Fix">--fix.</param>
/// <param name="AssumeYes">-y: answer the confirmation with yes (Basalt's addition).</param>
/// <param name="ToTimestamp">--truncate-to-timestamp; 0 means none, as in Redis.</param>
internal sealed record AofCheckSettings(bool Fix, bool AssumeYes, long ToTimestamp);
