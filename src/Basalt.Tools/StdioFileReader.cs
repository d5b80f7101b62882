namespace Basalt.Tools;

/// <summary>
/// A file read the way C's stdio reads it (fgets, fread, ftello, feof), because redis-check-aof's
/// verdicts and offsets follow from those calls' exact semantics: fgets stops after a newline or
/// when its buffer is full, a short read sets the end-of-file flag, and a seek clears it.
/// </summary>
internal sealed class StdioFileReader(Stream stream, long startOffset)
{
    // Large reads: a check walks files of gigabytes, and each read is a system call.
    private readonly byte[] _buffer = new byte[1024 * 1024];
    private int _pos;
    private int _end;
    private long _bufferOffset = startOffset;

    /// <summary>ftello.</summary>
    public long Position => _bufferOffset + _pos;

    /// <summary>feof: a read ran into the end of the file since the last seek.</summary>
    public bool AtEof { get; private set; }

    /// <summary>
    /// fgets(buf, size): up to size-1 bytes, stopping after '\n'. Returns the bytes read; 0 is
    /// fgets's NULL (nothing before the end of the file).
    /// </summary>
    public int Fgets(Span<byte> destination, int size)
    {
        // As glibc's fgets: a search for the newline in what is buffered, then one copy.
        var count = 0;
        var max = size - 1;
        while (count < max)
        {
            if (_pos == _end && !Refill())
            {
                AtEof = true;
                break;
            }
            var available = _buffer.AsSpan(_pos, Math.Min(_end - _pos, max - count));
            var newline = available.IndexOf((byte)'\n');
            var take = newline < 0 ? available.Length : newline + 1;
            available[..take].CopyTo(destination[count..]);
            count += take;
            _pos += take;
            if (newline >= 0)
            {
                break;
            }
        }
        return count;
    }

    /// <summary>fgets(buf, 2) then fseek(-1): the next byte without consuming it (-1 at the end); clears feof.</summary>
    public int Peek()
    {
        var b = ReadByte();
        if (b >= 0)
        {
            _pos--;
        }
        AtEof = b < 0 && AtEof;
        return b;
    }

    /// <summary>
    /// fread of <paramref name="length"/> bytes, keeping only the first bytes (into <paramref name="head"/>)
    /// and the last two of the requested range, so that a huge or lying length allocates nothing.
    /// </summary>
    public long Fread(long length, Span<byte> head, out byte beforeLast, out byte last)
    {
        beforeLast = 0;
        last = 0;
        long read = 0;
        while (read < length)
        {
            if (_pos == _end && !Refill())
            {
                AtEof = true;
                break;
            }
            var n = (int)Math.Min(length - read, _end - _pos);
            var chunk = _buffer.AsSpan(_pos, n);
            if (read < head.Length)
            {
                var h = (int)Math.Min(head.Length - read, n);
                chunk[..h].CopyTo(head[(int)read..]);
            }
            // The last two bytes of the range may straddle two chunks.
            for (var i = Math.Max(0, n - 2); i < n; i++)
            {
                var at = read + i;
                if (at == length - 2)
                {
                    beforeLast = chunk[i];
                }
                else if (at == length - 1)
                {
                    last = chunk[i];
                }
            }
            _pos += n;
            read += n;
        }
        return read;
    }

    private int ReadByte()
    {
        if (_pos == _end && !Refill())
        {
            AtEof = true;
            return -1;
        }
        return _buffer[_pos++];
    }

    private bool Refill()
    {
        _bufferOffset += _end;
        _pos = _end = 0;
        var n = stream.Read(_buffer, 0, _buffer.Length);
        _end = n;
        return n > 0;
    }
}
