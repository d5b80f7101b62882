using System.Buffers;
using System.Text;
using Basalt.Text;

namespace Basalt.Protocol;

/// <summary>
/// Encodes replies into a pooled, growing buffer: RESP2, or RESP3 after HELLO 3. Aggregate
/// headers whose length is known only at the end (SCAN, KEYS) are written with
/// <see cref="BeginDeferredLength"/> / <see cref="EndDeferredArray"/>.
/// </summary>
public sealed class ReplyWriter : IDisposable
{
    private const int InitialSize = 16 * 1024;
    private static readonly byte[] OkBytes = "+OK\r\n"u8.ToArray();
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    // Rented on the first write and given back after each send, so that an idle connection holds no output buffer.
    private byte[] _buffer = [];

    public int Protocol { get; set; } = 2;

    public int Length { get; private set; }

    /// <summary>The size of the buffer replies are written into (CLIENT LIST rbs).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Errors written since the counter was last read, with their codes (for errorstats).</summary>
    public Action<string>? ErrorWritten { get; set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    /// <summary>Forgets what was written (after it was sent) and returns the buffer to the pool.</summary>
    public void Clear()
    {
        Length = 0;
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Drops everything written from <paramref name="length"/> on (e.g. to discard a partial reply).</summary>
    public void Truncate(int length) => Length = length;

    private Span<byte> Reserve(int size)
    {
        if (Length + size > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(_buffer.Length * 2, InitialSize), Length + size));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, Length);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }
            _buffer = bigger;
        }
        return _buffer.AsSpan(Length);
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    private void Ascii(string text)
    {
        var span = Reserve(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }
        Length += text.Length;
    }

    private void PrefixedNumber(byte prefix, long value)
    {
        var span = Reserve(24);
        span[0] = prefix;
        var n = RedisNumber.FormatInt64(value, span[1..]);
        span[n + 1] = (byte)'\r';
        span[n + 2] = (byte)'\n';
        Length += n + 3;
    }

    public void Ok() => Raw(OkBytes);

    /// <summary>A status reply (+text).</summary>
    public void Simple(string text)
    {
        Raw("+"u8);
        Ascii(text);
        Raw(Crlf);
    }

    public void Simple(ReadOnlySpan<byte> text)
    {
        Raw("+"u8);
        Raw(text);
        Raw(Crlf);
    }

    /// <summary>
    /// An error reply. <paramref name="message"/> is the full text after '-', starting with the
    /// error code (e.g. "ERR syntax error", "WRONGTYPE ..."); newlines become spaces as in Redis.
    /// </summary>
    public void Error(string message)
    {
        Raw("-"u8);
        var bytes = Encoding.UTF8.GetBytes(message);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is (byte)'\r' or (byte)'\n')
            {
                bytes[i] = (byte)' ';
            }
        }
        Raw(bytes);
        Raw(Crlf);
        ErrorWritten?.Invoke(message);
    }

    /// <summary>An error reply given as bytes (for messages that quote client bytes verbatim, as Redis does).</summary>
    public void Error(ReadOnlySpan<byte> message)
    {
        Raw("-"u8);
        var start = Length;
        Raw(message);
        foreach (ref var b in _buffer.AsSpan(start, message.Length))
        {
            if (b is (byte)'\r' or (byte)'\n')
            {
                b = (byte)' ';
            }
        }
        Raw(Crlf);
        ErrorWritten?.Invoke(Encoding.Latin1.GetString(message));
    }

    public void Integer(long value) => PrefixedNumber((byte)':', value);

    public void Bulk(ReadOnlySpan<byte> value)
    {
        PrefixedNumber((byte)'$', value.Length);
        Raw(value);
        Raw(Crlf);
    }

    public void Bulk(string value) => Bulk(Encoding.UTF8.GetBytes(value));

    /// <summary>An integer sent as a bulk string (e.g. GET of an int-encoded value).</summary>
    public void BulkInteger(long value)
    {
        Span<byte> digits = stackalloc byte[24];
        var n = RedisNumber.FormatInt64(value, digits);
        Bulk(digits[..n]);
    }

    /// <summary>The null bulk string ($-1 in RESP2, _ in RESP3).</summary>
    public void NullBulk() => Raw(Protocol == 3 ? "_\r\n"u8 : "$-1\r\n"u8);

    /// <summary>The null array (*-1 in RESP2, _ in RESP3).</summary>
    public void NullArray() => Raw(Protocol == 3 ? "_\r\n"u8 : "*-1\r\n"u8);

    public void ArrayHeader(long count) => PrefixedNumber((byte)'*', count);

    /// <summary>A map of <paramref name="pairs"/> pairs (a flat array in RESP2).</summary>
    public void MapHeader(long pairs)
    {
        if (Protocol == 3)
        {
            PrefixedNumber((byte)'%', pairs);
        }
        else
        {
            PrefixedNumber((byte)'*', pairs * 2);
        }
    }

    /// <summary>A set (an array in RESP2).</summary>
    public void SetHeader(long count) => PrefixedNumber(Protocol == 3 ? (byte)'~' : (byte)'*', count);

    /// <summary>A push message header (an array in RESP2).</summary>
    public void PushHeader(long count) => PrefixedNumber(Protocol == 3 ? (byte)'>' : (byte)'*', count);

    /// <summary>A double: a bulk string in RESP2, a RESP3 double otherwise.</summary>
    public void Double(double value)
    {
        Span<byte> text = stackalloc byte[64];
        var n = RedisNumber.FormatDouble(value, text);
        DoubleText(text[..n]);
    }

    /// <summary>A double already formatted by the caller: a bulk string in RESP2, a RESP3 double otherwise.</summary>
    public void DoubleText(ReadOnlySpan<byte> text)
    {
        if (Protocol == 3)
        {
            Raw(","u8);
            Raw(text);
            Raw(Crlf);
        }
        else
        {
            Bulk(text);
        }
    }

    /// <summary>A boolean: :1/:0 in RESP2, #t/#f in RESP3.</summary>
    public void Boolean(bool value)
    {
        if (Protocol == 3)
        {
            Raw(value ? "#t\r\n"u8 : "#f\r\n"u8);
        }
        else
        {
            Raw(value ? ":1\r\n"u8 : ":0\r\n"u8);
        }
    }

    /// <summary>The RESP3 null (_), which RESP2 clients see as a null bulk string.</summary>
    public void Null() => NullBulk();

    /// <summary>A verbatim string (=len\r\ntxt:... in RESP3, a bulk string in RESP2).</summary>
    public void Verbatim(string text, string format = "txt")
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (Protocol == 3)
        {
            PrefixedNumber((byte)'=', bytes.Length + 4);
            Ascii(format);
            Raw(":"u8);
            Raw(bytes);
            Raw(Crlf);
        }
        else
        {
            Bulk(bytes);
        }
    }

    /// <summary>Starts an aggregate whose length is not known yet; returns a handle for the End call.</summary>
    public int BeginDeferredLength() => Length;

    /// <summary>Inserts the array header at <paramref name="handle"/> once the element count is known.</summary>
    public void EndDeferredArray(int handle, long count) => InsertHeader(handle, (byte)'*', count);

    public void EndDeferredMap(int handle, long pairs)
    {
        if (Protocol == 3)
        {
            InsertHeader(handle, (byte)'%', pairs);
        }
        else
        {
            InsertHeader(handle, (byte)'*', pairs * 2);
        }
    }

    public void EndDeferredSet(int handle, long count) => InsertHeader(handle, Protocol == 3 ? (byte)'~' : (byte)'*', count);

    private void InsertHeader(int handle, byte prefix, long count)
    {
        Span<byte> header = stackalloc byte[24];
        header[0] = prefix;
        var n = RedisNumber.FormatInt64(count, header[1..]);
        header[n + 1] = (byte)'\r';
        header[n + 2] = (byte)'\n';
        var headerLength = n + 3;
        Reserve(headerLength);
        Buffer.BlockCopy(_buffer, handle, _buffer, handle + headerLength, Length - handle);
        header[..headerLength].CopyTo(_buffer.AsSpan(handle));
        Length += headerLength;
    }

    public void Dispose() => Clear();
}
