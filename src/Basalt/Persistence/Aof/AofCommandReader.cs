using System.Buffers;
using Basalt.Protocol;
using Basalt.Text;

namespace Basalt.Persistence.Aof;

/// <summary>
/// Reads the RESP commands of an AOF file one by one with the rules of Redis's loader
/// (loadSingleAppendOnlyFile): lines are read as <c>fgets</c> reads them (at most 1023 bytes), lines
/// starting with '#' (timestamps) are skipped, a command is <c>*argc</c> (atoi) then, per argument,
/// <c>$len</c> (strtol) + the bytes + two bytes that are not checked. The commands are parsed in
/// place from one large read buffer: the arguments handed out point into it (no copy, no allocation
/// per command) and stay valid until the next call.
/// </summary>
public sealed class AofCommandReader : IDisposable
{
    // fgets(buf, AOF_ANNOTATION_LINE_MAX_LEN = 1024) returns at most 1023 bytes of a line.
    private const int LineMax = 1023;
    private const int InitialBufferSize = 256 * 1024;

    private readonly Stream _stream;
    private readonly CommandArgs _copySource = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _endOfFile;

    /// <param name="stream">Positioned where commands start (after an RDB preamble, if any).</param>
    /// <param name="offset">The stream's position in the file, for the offsets reported.</param>
    public AofCommandReader(Stream stream, long offset)
    {
        _stream = stream;
        _bufferOffset = offset;
        ValidUpTo = offset;
        LastCommandEnd = offset;
    }

    /// <summary>The file offset just after the last complete command or annotation read.</summary>
    public long ValidUpTo { get; private set; }

    /// <summary>
    /// The file offset just after the last complete command read (the start offset before the first):
    /// Redis's valid_up_to, where a truncated file is cut.
    /// </summary>
    public long LastCommandEnd { get; private set; }

    /// <summary>
    /// Reads the next command into <paramref name="args"/>, whose arguments point into this reader's
    /// buffer until the next call. Returns <see cref="AofReadStatus.Command"/>,
    /// <see cref="AofReadStatus.End"/> at a clean end, <see cref="AofReadStatus.Truncated"/> when the
    /// file ends inside a command (Redis's readerr at EOF), or <see cref="AofReadStatus.FormatError"/>.
    /// </summary>
    public AofReadStatus Next(CommandArgs args)
    {
        while (true)
        {
            var status = TryParse(args, out var needed);
            if (status != ParseStatus.NeedMore)
            {
                return (AofReadStatus)status;
            }
            // The command (or line) is not complete in the buffer: read more and parse it again from its start.
            Refill(needed);
        }
    }

    /// <summary>Reads the next command as separate arrays (for tools that keep them).</summary>
    public AofReadStatus Next(List<byte[]> args)
    {
        args.Clear();
        var status = Next(_copySource);
        if (status == AofReadStatus.Command)
        {
            for (var i = 0; i < _copySource.Count; i++)
            {
                args.Add(_copySource.ToArray(i));
            }
        }
        return status;
    }

    private enum ParseStatus
    {
        Command = AofReadStatus.Command,
        End = AofReadStatus.End,
        Truncated = AofReadStatus.Truncated,
        FormatError = AofReadStatus.FormatError,
        NeedMore,
    }

    /// <summary>
    /// Parses annotations and one command from the buffered bytes. NeedMore (with the number of bytes
    /// from the current record's start that must be buffered) when the buffer ends before the file does.
    /// </summary>
    private ParseStatus TryParse(CommandArgs args, out int needed)
    {
        needed = 0;
        while (true)
        {
            var pos = _start;
            if (pos == _end)
            {
                if (_endOfFile)
                {
                    return ParseStatus.End;
                }
                needed = 1;
                return ParseStatus.NeedMore;
            }
            if (_buffer[pos] == '#')
            {
                // An annotation: skipped, one fgets line at a time (a longer one continues as the next "line").
                var annotation = ReadLine(ref pos);
                if (annotation == LineResult.NeedMore)
                {
                    needed = pos - _start;
                    return ParseStatus.NeedMore;
                }
                _start = pos;
                ValidUpTo = _bufferOffset + pos;
                continue;
            }
            if (_buffer[pos] != '*')
            {
                return ParseStatus.FormatError;
            }
            return ParseCommand(args, out needed);
        }
    }

    private ParseStatus ParseCommand(CommandArgs args, out int needed)
    {
        needed = 0;
        var pos = _start;
        var lineStart = pos;
        if (ReadLine(ref pos) == LineResult.NeedMore)
        {
            needed = pos - _start;
            return ParseStatus.NeedMore;
        }
        if (pos - lineStart == 1)
        {
            // "*" and the end of the file: fgets gave "*" alone (buf[1] == '\0'), a read error.
            return ParseStatus.Truncated;
        }
        var argc = unchecked((int)StrToLong(_buffer.AsSpan(lineStart + 1, pos - lineStart - 1)));
        if (argc < 1)
        {
            return ParseStatus.FormatError;
        }
        args.Reset(_buffer);
        for (var j = 0; j < argc; j++)
        {
            lineStart = pos;
            var line = ReadLine(ref pos);
            if (line == LineResult.NeedMore)
            {
                needed = pos - _start;
                return ParseStatus.NeedMore;
            }
            if (line == LineResult.EndOfFile)
            {
                return ParseStatus.Truncated;
            }
            if (_buffer[lineStart] != '$')
            {
                return ParseStatus.FormatError;
            }
            var length = StrToLong(_buffer.AsSpan(lineStart + 1, pos - lineStart - 1));
            // Redis reads the length as an unsigned long and would fail to allocate a negative or huge one.
            if (length < 0 || length > Array.MaxLength - 2)
            {
                return ParseStatus.FormatError;
            }
            var valueEnd = (long)pos + length + 2;
            if (valueEnd > _end)
            {
                if (_endOfFile)
                {
                    return ParseStatus.Truncated;
                }
                needed = (int)Math.Min(valueEnd - _start, Array.MaxLength);
                return ParseStatus.NeedMore;
            }
            args.Add(pos, (int)length);
            // The two bytes after the value are skipped unchecked, as Redis freads them into a scratch buffer.
            pos = (int)valueEnd;
        }
        _start = pos;
        ValidUpTo = LastCommandEnd = _bufferOffset + pos;
        return ParseStatus.Command;
    }

    private enum LineResult
    {
        Line,
        EndOfFile,
        NeedMore,
    }

    /// <summary>
    /// One line as fgets(buf, 1024) reads it: through the newline, or 1023 bytes, or what is left at
    /// the end of the file. Moves <paramref name="pos"/> past it. EndOfFile when nothing is left (fgets
    /// returns NULL); NeedMore, with <paramref name="pos"/> at the buffer's end, when the buffer ends first.
    /// </summary>
    private LineResult ReadLine(ref int pos)
    {
        var available = _end - pos;
        if (available == 0 && _endOfFile)
        {
            return LineResult.EndOfFile;
        }
        var window = Math.Min(available, LineMax);
        var newline = _buffer.AsSpan(pos, window).IndexOf((byte)'\n');
        if (newline >= 0)
        {
            pos += newline + 1;
            return LineResult.Line;
        }
        if (window == LineMax || _endOfFile)
        {
            pos += window;
            return LineResult.Line;
        }
        pos = _end + 1;
        return LineResult.NeedMore;
    }

    /// <summary>strtol(s, NULL, 10): leading white space, a sign, digits; saturates; 0 when there are no digits.</summary>
    private static long StrToLong(ReadOnlySpan<byte> s) => CStrtol.Parse(s).Value;

    /// <summary>
    /// Makes room for and reads more bytes: the unconsumed record moves to the buffer's start, the
    /// buffer grows when <paramref name="needed"/> bytes would not fit, and one read fills what it can.
    /// Sets the end-of-file flag when the stream has nothing more.
    /// </summary>
    private void Refill(int needed)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length || needed > _buffer.Length)
        {
            var size = (int)Math.Min(Math.Max((long)_buffer.Length * 2, needed), Array.MaxLength);
            var bigger = ArrayPool<byte>.Shared.Rent(size);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _endOfFile = true;
        }
        _end += n;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}

/// <summary>What <see cref="AofCommandReader.Next(CommandArgs)"/> found.</summary>
public enum AofReadStatus
{
    Command,
    End,
    Truncated,
    FormatError,
}
