using System.Buffers;
using Basalt.Persistence.Rdb;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Persistence.Aof;

/// <summary>
/// The pieces of a RESP command as an AOF holds them (rio.c's rioWriteBulkCount,
/// rioWriteBulkString, rioWriteBulkLongLong, rioWriteBulkDouble), written straight into an
/// <see cref="IBufferWriter{T}"/>: numbers are formatted in place, never through a string.
/// </summary>
public static class RespCommandEncoder
{
    /// <summary>Room for "$" or "*", a 20-digit length and CRLF.</summary>
    private const int MaxHeaderBytes = 1 + RedisNumber.MaxInt64Chars + 2;

    /// <summary>"*&lt;count&gt;\r\n": the start of a command of <paramref name="count"/> arguments.</summary>
    public static void ArrayHeader(IBufferWriter<byte> output, long count) => Header(output, (byte)'*', count);

    /// <summary>"$&lt;len&gt;\r\n&lt;bytes&gt;\r\n". Long values are copied in pieces, so no buffer of their size is needed.</summary>
    public static void Bulk(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        if (value.Length <= 256)
        {
            // The common short argument: header, bytes and CRLF in one reservation.
            var span = output.GetSpan(MaxHeaderBytes + value.Length + 2);
            var written = HeaderInto(span, (byte)'$', value.Length);
            value.CopyTo(span[written..]);
            written += value.Length;
            span[written++] = (byte)'\r';
            span[written++] = (byte)'\n';
            output.Advance(written);
            return;
        }
        Header(output, (byte)'$', value.Length);
        RdbEncoder.WriteRaw(output, value);
        Raw(output, "\r\n"u8);
    }

    /// <summary>An integer as a bulk string of its decimal text (rioWriteBulkLongLong).</summary>
    public static void Bulk(IBufferWriter<byte> output, long value)
    {
        Span<byte> text = stackalloc byte[RedisNumber.MaxInt64Chars];
        Bulk(output, text[..RedisNumber.FormatInt64(value, text)]);
    }

    /// <summary>A double as rioWriteBulkDouble writes it: printf "%.17g" ("inf", "-inf" for the infinities).</summary>
    public static void BulkDouble(IBufferWriter<byte> output, double value)
    {
        Span<byte> text = stackalloc byte[RedisNumber.MaxDoubleChars];
        Bulk(output, text[..RedisNumber.FormatDouble(value, text)]);
    }

    /// <summary>A stream ID as "ms-seq" (rioWriteBulkStreamID).</summary>
    public static void Bulk(IBufferWriter<byte> output, StreamId id)
    {
        Span<byte> text = stackalloc byte[StreamId.MaxChars];
        Bulk(output, text[..id.Format(text)]);
    }

    /// <summary>Bytes that are already RESP (a constant command prefix).</summary>
    public static void Raw(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => RdbEncoder.WriteRaw(output, bytes);

    private static void Header(IBufferWriter<byte> output, byte marker, long count)
    {
        var span = output.GetSpan(MaxHeaderBytes);
        output.Advance(HeaderInto(span, marker, count));
    }

    private static int HeaderInto(Span<byte> span, byte marker, long count)
    {
        span[0] = marker;
        var written = 1 + RedisNumber.FormatInt64(count, span[1..]);
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        return written;
    }
}
