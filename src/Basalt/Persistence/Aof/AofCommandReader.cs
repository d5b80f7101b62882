using System.Buffers;

namespace Basalt.Persistence.Aof;

/// <summary>
/// Reads the RESP commands of an AOF file one by one, as Redis's loader and redis-check-aof do:
/// lines starting with '#' (timestamps) are skipped, every command is <c>*argc</c> then
/// <c>$len</c> + bytes + two bytes per argument. Tracks the offset after the last complete command,
/// which is where a truncated file is cut.
/// </summary>
public sealed class AofCommandReader : IDisposable
{
    private const int MaxAnnotation = 1024;

    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private long _bufferOffset;

    /// <param name="stream">Positioned where commands start (after an RDB preamble, if any).</param>
    /// <param name="offset">The stream's position in the file, for the offsets reported.</param>
    public AofCommandReader(Stream stream, long offset)
    {
        _stream = stream;
        _bufferOffset = offset;
    }

    /// <summary>The file offset just after the last complete command (or annotation) read.</summary>
    public long ValidUpTo { get; private set; }

    /// <summary>The offset of the next byte to read.</summary>
    private long Position => _bufferOffset + _start;

    /// <summary>
    /// Reads the next command into <paramref name="args"/>. Returns <see cref="AofReadStatus.Command"/>,
    /// <see cref="AofReadStatus.End"/> at a clean end, <see cref="AofReadStatus.Truncated"/> when the
    /// file ends inside a command, or <see cref="AofReadStatus.FormatError"/>.
    /// </summary>
    public AofReadStatus Next(List<byte[]> args)
    {
        args.Clear();
        while (true)
        {
            ValidUpTo = Position;
            if (!Fill(1))
            {
                return AofReadStatus.End;
            }
            if (_buffer[_start] != '#')
            {
                break;
            }
            // An annotation: skip its line (at most 1024 bytes, as Redis reads it with fgets).
            var line = ReadLine(MaxAnnotation);
            if (line is null)
            {
                return AofReadStatus.Truncated;
            }
        }
        if (_buffer[_start] != '*')
        {
            return AofReadStatus.FormatError;
        }
        _start++;
        var header = ReadLine(128);
        if (header is null)
        {
            return AofReadStatus.Truncated;
        }
        if (!long.TryParse(header, out var argc) || argc < 1)
        {
            return AofReadStatus.FormatError;
        }
        for (long i = 0; i < argc; i++)
        {
            if (!Fill(1))
            {
                return AofReadStatus.Truncated;
            }
            if (_buffer[_start] != '$')
            {
                return AofReadStatus.FormatError;
            }
            _start++;
            var lengthLine = ReadLine(128);
            if (lengthLine is null)
            {
                return AofReadStatus.Truncated;
            }
            if (!long.TryParse(lengthLine, out var length) || length < 0 || length > int.MaxValue - 2)
            {
                return AofReadStatus.FormatError;
            }
            var value = new byte[length];
            if (!ReadExact(value) || !Skip(2))
            {
                return AofReadStatus.Truncated;
            }
            args.Add(value);
        }
        return AofReadStatus.Command;
    }

    /// <summary>A line up to CRLF (the CR and LF consumed), as text; null when the file ends first.</summary>
    private string? ReadLine(int max)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                var text = System.Text.Encoding.ASCII.GetString(_buffer, _start, length > 0 && _buffer[_start + length - 1] == '\r' ? length - 1 : length);
                _start += length + 1;
                return text;
            }
            scanned = _end - _start;
            if (scanned > max || !Fill(scanned + 1))
            {
                return scanned > max ? "" : null;
            }
        }
    }

    private bool ReadExact(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (!Fill(1))
            {
                return false;
            }
            var n = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
            destination = destination[n..];
        }
        return true;
    }

    private bool Skip(int count)
    {
        if (!Fill(count))
        {
            return false;
        }
        _start += count;
        return true;
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available; false at the end of the file.</summary>
    private bool Fill(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        if (count > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(count);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        while (_end < count)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                return false;
            }
            _end += n;
        }
        return true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}

/// <summary>What <see cref="AofCommandReader.Next"/> found.</summary>
public enum AofReadStatus
{
    Command,
    End,
    Truncated,
    FormatError,
}
