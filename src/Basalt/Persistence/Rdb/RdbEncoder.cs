using System.Buffers;
using System.Buffers.Binary;
using Basalt.Text;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// The primitive encodings of the RDB format as Redis 7.0 writes them (rdb.c): lengths, strings
/// (integer forms, LZF, plain), millisecond times and binary doubles. Everything is written
/// straight into the caller's <see cref="IBufferWriter{T}"/>; long strings go in bounded pieces so
/// that a huge value never needs one contiguous buffer of its own size.
/// </summary>
public static class RdbEncoder
{
    /// <summary>The largest length form (0x81 + u64).</summary>
    public const int MaxLengthSize = 9;

    /// <summary>
    /// Strings up to this size are compressed straight into the output; longer ones through a
    /// pooled buffer, then copied out in pieces (an output writer need not offer huge spans).
    /// </summary>
    private const int DirectCompressLimit = 64 * 1024;

    /// <summary>How much a piece of a long string copy asks the output for at a time.</summary>
    private const int CopyChunk = 64 * 1024;

    /// <summary>rdbSaveRawString tries the integer forms only for strings this short.</summary>
    private const int MaxIntegerCandidateLength = 11;

    /// <summary>Below this length LZF cannot win, so Redis does not try (len > 20).</summary>
    private const int MinCompressLength = 21;

    /// <summary>rdbSaveLzfStringObject's budget: the compressed form must save at least this much.</summary>
    private const int MinCompressionGain = 4;

    /// <summary>Bytes <see cref="WriteLength"/> uses for <paramref name="length"/>.</summary>
    public static int LengthSize(ulong length) => length switch
    {
        < 1 << 6 => 1,
        < 1 << 14 => 2,
        <= uint.MaxValue => 5,
        _ => 9,
    };

    /// <summary>rdbSaveLen: the shortest of the 6-bit, 14-bit, 32-bit and 64-bit forms.</summary>
    public static void WriteLength(IBufferWriter<byte> output, ulong length)
    {
        var span = output.GetSpan(MaxLengthSize);
        output.Advance(EncodeLength(span, length));
    }

    /// <summary>Writes the length form of <paramref name="length"/> at the start of <paramref name="destination"/>; returns its size.</summary>
    public static int EncodeLength(Span<byte> destination, ulong length)
    {
        if (length < 1 << 6)
        {
            destination[0] = (byte)length;
            return 1;
        }
        if (length < 1 << 14)
        {
            destination[0] = (byte)((RdbFormat.Len14Bit << 6) | (int)(length >> 8));
            destination[1] = (byte)length;
            return 2;
        }
        if (length <= uint.MaxValue)
        {
            destination[0] = RdbFormat.Len32Bit;
            BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
            return 5;
        }
        destination[0] = RdbFormat.Len64Bit;
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], length);
        return 9;
    }

    /// <summary>
    /// rdbSaveRawString: a canonical integer of at most 11 chars that fits int32 as C0/C1/C2; else,
    /// when <paramref name="compress"/> and longer than 20 bytes, LZF (C3 clen len data) if it
    /// saves at least 4 bytes; else the length and the bytes.
    /// </summary>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> value, bool compress)
    {
        if (value.Length <= MaxIntegerCandidateLength
            && RedisNumber.TryParseInt64(value, out var number)
            && number is >= int.MinValue and <= int.MaxValue)
        {
            WriteInt32Form(output, (int)number);
            return;
        }
        if (compress && value.Length >= MinCompressLength && TryWriteLzf(output, value))
        {
            return;
        }
        WritePlainString(output, value);
    }

    /// <summary>
    /// rdbSaveLongLongAsStringObject, for an int-encoded string value: C0/C1/C2 when it fits
    /// int32, else its decimal text as a plain string (never compressed: at most 20 chars).
    /// </summary>
    public static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            WriteInt32Form(output, (int)value);
            return;
        }
        var span = output.GetSpan(1 + RedisNumber.MaxInt64Chars);
        var length = RedisNumber.FormatInt64(value, span[1..]);
        span[0] = (byte)length;
        output.Advance(1 + length);
    }

    /// <summary>rdbSaveMillisecondTime: 8 bytes, little endian.</summary>
    public static void WriteMillisecondsTime(IBufferWriter<byte> output, long ms)
    {
        var span = output.GetSpan(8);
        BinaryPrimitives.WriteInt64LittleEndian(span, ms);
        output.Advance(8);
    }

    /// <summary>rdbSaveBinaryDoubleValue: IEEE 754 binary64, little endian.</summary>
    public static void WriteBinaryDouble(IBufferWriter<byte> output, double value)
    {
        var span = output.GetSpan(8);
        BinaryPrimitives.WriteDoubleLittleEndian(span, value);
        output.Advance(8);
    }

    /// <summary>One byte (a type or an opcode).</summary>
    public static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    /// <summary>Bytes as they are, in pieces of bounded size.</summary>
    public static void WriteRaw(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var span = output.GetSpan(Math.Min(bytes.Length, CopyChunk));
            var count = Math.Min(span.Length, bytes.Length);
            bytes[..count].CopyTo(span);
            output.Advance(count);
            bytes = bytes[count..];
        }
    }

    /// <summary>rdbEncodeInteger: the shortest of int8, int16 and int32, little endian.</summary>
    private static void WriteInt32Form(IBufferWriter<byte> output, int value)
    {
        var span = output.GetSpan(5);
        int size;
        if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            span[0] = 0xC0 | RdbFormat.EncInt8;
            span[1] = (byte)value;
            size = 2;
        }
        else if (value is >= short.MinValue and <= short.MaxValue)
        {
            span[0] = 0xC0 | RdbFormat.EncInt16;
            BinaryPrimitives.WriteInt16LittleEndian(span[1..], (short)value);
            size = 3;
        }
        else
        {
            span[0] = 0xC0 | RdbFormat.EncInt32;
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], value);
            size = 5;
        }
        output.Advance(size);
    }

    private static void WritePlainString(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        var length = (ulong)value.Length;
        var headerSize = LengthSize(length);
        if (value.Length <= CopyChunk)
        {
            var span = output.GetSpan(headerSize + value.Length);
            EncodeLength(span, length);
            value.CopyTo(span[headerSize..]);
            output.Advance(headerSize + value.Length);
            return;
        }
        WriteLength(output, length);
        WriteRaw(output, value);
    }

    /// <summary>
    /// rdbSaveLzfStringObject: compresses with a budget of length - 4 and writes C3 clen len data;
    /// false (nothing written) when the compressed form does not fit the budget.
    /// </summary>
    private static bool TryWriteLzf(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        var budget = value.Length - MinCompressionGain;
        var originalLengthSize = LengthSize((ulong)value.Length);
        if (value.Length <= DirectCompressLimit)
        {
            // Compress after the largest header the result can need (clen <= budget), then close
            // the gap if the real clen took a shorter length form.
            var reserved = 1 + LengthSize((ulong)budget) + originalLengthSize;
            var span = output.GetSpan(reserved + budget);
            var compressedLength = Lzf.Compress(value, span.Slice(reserved, budget));
            if (compressedLength == 0)
            {
                return false;
            }
            var headerSize = WriteLzfHeader(span, compressedLength, value.Length);
            if (headerSize != reserved)
            {
                span.Slice(reserved, compressedLength).CopyTo(span[headerSize..]);
            }
            output.Advance(headerSize + compressedLength);
            return true;
        }

        var scratch = ArrayPool<byte>.Shared.Rent(budget);
        try
        {
            var compressedLength = Lzf.Compress(value, scratch.AsSpan(0, budget));
            if (compressedLength == 0)
            {
                return false;
            }
            var header = output.GetSpan(1 + (2 * MaxLengthSize));
            output.Advance(WriteLzfHeader(header, compressedLength, value.Length));
            WriteRaw(output, scratch.AsSpan(0, compressedLength));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>rdbSaveLzfBlob's header: C3, the compressed length, the original length.</summary>
    private static int WriteLzfHeader(Span<byte> destination, int compressedLength, int originalLength)
    {
        destination[0] = 0xC0 | RdbFormat.EncLzf;
        var size = 1 + EncodeLength(destination[1..], (ulong)compressedLength);
        return size + EncodeLength(destination[size..], (ulong)originalLength);
    }
}
