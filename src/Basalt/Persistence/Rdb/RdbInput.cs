using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Basalt.Text;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// The bytes of an RDB file or DUMP payload, read forward only (Redis's rio for loading). It counts
/// the bytes consumed (<see cref="Offset"/>, redis-check-rdb's offset) and keeps the CRC64 of
/// exactly those bytes (<see cref="Crc"/>). A read that cannot be satisfied consumes nothing and
/// throws <see cref="RdbFormatException"/> "Unexpected EOF reading RDB file" at the offset where it
/// started, which is where Redis reports it.
/// </summary>
/// <remarks>
/// A stream is read in 64 KB blocks and every read is served from the block, so the per-byte work
/// is an index check; the CRC is folded over consumed ranges of the block only when the block is
/// refilled or <see cref="Crc"/> is asked, never byte by byte. Nothing past the last byte consumed
/// is trusted to belong to the RDB: <see cref="SyncStreamPosition"/> puts a seekable stream back
/// at <see cref="Offset"/> (an AOF whose RDB preamble is followed by commands).
/// </remarks>
public sealed class RdbInput : IDisposable
{
    private const int BlockSize = 64 * 1024;

    /// <summary>Strings up to this size are allocated at once; larger ones grow as their bytes arrive,
    /// so that a corrupt length cannot make a truncated file allocate gigabytes.</summary>
    private const int TrustedAllocation = 1 << 20;

    private readonly Stream? _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer;
    private int _pos;
    private int _end;

    /// <summary>Offset of <c>_buffer[0]</c> in the input (may be negative for a memory segment).</summary>
    private long _base;

    private ulong _crc;

    /// <summary>Buffer position up to which <see cref="_crc"/> has been folded.</summary>
    private int _crcPos;

    /// <summary>Total length when known (memory, seekable stream), else -1.</summary>
    private readonly long _length;

    public RdbInput(Stream stream, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = new byte[BlockSize];
        _length = stream.CanSeek ? stream.Length - stream.Position : -1;
    }

    public RdbInput(ReadOnlyMemory<byte> bytes)
    {
        if (!MemoryMarshal.TryGetArray(bytes, out var segment) || segment.Array is null)
        {
            segment = new ArraySegment<byte>(bytes.ToArray());
        }
        _buffer = segment.Array!;
        _pos = segment.Offset;
        _end = segment.Offset + segment.Count;
        _crcPos = _pos;
        _base = -segment.Offset;
        _length = segment.Count;
    }

    /// <summary>Bytes consumed so far.</summary>
    public long Offset => _base + _pos;

    /// <summary>CRC64 (Redis's) of the bytes consumed so far.</summary>
    public ulong Crc
    {
        get
        {
            FoldCrc();
            return _crc;
        }
    }

    /// <summary>Bytes left when the input's length is known, else -1.</summary>
    public long Remaining => _length < 0 ? -1 : _length - Offset;

    public byte ReadByte()
    {
        if (_pos < _end)
        {
            return _buffer[_pos++];
        }
        if (!Fill(1))
        {
            throw Eof(Offset);
        }
        return _buffer[_pos++];
    }

    public void ReadExact(Span<byte> destination)
    {
        var available = _end - _pos;
        if (destination.Length <= available)
        {
            _buffer.AsSpan(_pos, destination.Length).CopyTo(destination);
            _pos += destination.Length;
            return;
        }
        ReadExactSlow(destination);
    }

    /// <summary>Skips <paramref name="count"/> bytes (they still count in the offset and the CRC).</summary>
    public void Skip(long count)
    {
        var start = Offset;
        while (count > 0)
        {
            if (_pos == _end && !Fill(1))
            {
                throw Eof(start);
            }
            var chunk = (int)Math.Min(count, _end - _pos);
            _pos += chunk;
            count -= chunk;
        }
    }

    /// <summary>rdbLoadLen: a length, or for the special string encodings (11xxxxxx) their 6-bit code.</summary>
    public ulong ReadLength() => ReadLength(out _);

    /// <summary>rdbLoadLen: a length; <paramref name="isEncoded"/> tells a special string encoding (its code returned).</summary>
    public ulong ReadLength(out bool isEncoded)
    {
        isEncoded = false;
        var first = ReadByte();
        switch (first >> 6)
        {
            case RdbFormat.Len6Bit:
                return (ulong)(first & 0x3F);
            case RdbFormat.Len14Bit:
                return ((ulong)(first & 0x3F) << 8) | ReadByte();
            case RdbFormat.LenEncodedValue:
                isEncoded = true;
                return (ulong)(first & 0x3F);
        }
        Span<byte> raw = stackalloc byte[8];
        if (first == RdbFormat.Len32Bit)
        {
            ReadExact(raw[..4]);
            return BinaryPrimitives.ReadUInt32BigEndian(raw);
        }
        if (first == RdbFormat.Len64Bit)
        {
            ReadExact(raw);
            return BinaryPrimitives.ReadUInt64BigEndian(raw);
        }
        throw new RdbFormatException($"Unknown length encoding {first >> 6} in rdbLoadLen()", Offset, RedisReportLines.UnknownLengthEncoding);
    }

    /// <summary>
    /// A string in any of its RDB forms (plain, int8/16/32 as decimal text, LZF), as an array of
    /// exactly its length.
    /// </summary>
    public byte[] ReadString()
    {
        byte[] bytes = [];
        var text = ReadString(ref bytes);
        // From an empty scratch, a plain or LZF string comes back in a new array of exactly its
        // length; an integer's text is shorter than the array it was formatted in.
        return text.Length == bytes.Length ? bytes : text.ToArray();
    }

    /// <summary>
    /// As <see cref="ReadString()"/>, but into <paramref name="scratch"/>, which is replaced by a larger
    /// array when the string does not fit: a loader that reads every key name through one scratch
    /// array allocates nothing per key. The bytes are valid until the scratch is used again.
    /// </summary>
    public ReadOnlySpan<byte> ReadString(ref byte[] scratch)
    {
        var length = ReadLength(out var encoded);
        if (!encoded)
        {
            if (length > (ulong)scratch.Length)
            {
                // ReadPlain's checks against a corrupt length; the new array then serves as the scratch.
                scratch = ReadPlain(length);
                return scratch;
            }
            var plain = scratch.AsSpan(0, (int)length);
            ReadExact(plain);
            return plain;
        }
        switch (length)
        {
            case RdbFormat.EncInt8:
            case RdbFormat.EncInt16:
            case RdbFormat.EncInt32:
                {
                    var integer = ReadEncodedInteger(length);
                    if (scratch.Length < RedisNumber.MaxInt64Chars)
                    {
                        scratch = new byte[RedisNumber.MaxInt64Chars];
                    }
                    return scratch.AsSpan(0, RedisNumber.FormatInt64(integer, scratch));
                }
            case RdbFormat.EncLzf:
                {
                    var compressed = ReadLzfData(out var plainLength);
                    if (plainLength > scratch.Length)
                    {
                        scratch = new byte[plainLength];
                    }
                    var output = scratch.AsSpan(0, plainLength);
                    Decompress(compressed, output);
                    return output;
                }
            default:
                throw UnknownStringEncoding(length);
        }
    }

    /// <summary>
    /// As <see cref="ReadString()"/>, but an integer-encoded string gives its value instead of text
    /// (<paramref name="bytes"/> null), so that a value loaded as an int costs no array.
    /// </summary>
    public byte[]? ReadStringOrInteger(out long integer)
    {
        integer = 0;
        var length = ReadLength(out var encoded);
        if (!encoded)
        {
            return ReadPlain(length);
        }
        if (length <= RdbFormat.EncInt32)
        {
            integer = ReadEncodedInteger(length);
            return null;
        }
        if (length != RdbFormat.EncLzf)
        {
            throw UnknownStringEncoding(length);
        }
        return ReadLzf();
    }

    /// <summary>8 bytes, little endian (EXPIRETIME_MS, PEL times).</summary>
    public long ReadMillisecondsTime()
    {
        Span<byte> raw = stackalloc byte[8];
        ReadExact(raw);
        return BinaryPrimitives.ReadInt64LittleEndian(raw);
    }

    /// <summary>4 bytes, little endian, seconds (EXPIRETIME).</summary>
    public int ReadSecondsTime()
    {
        Span<byte> raw = stackalloc byte[4];
        ReadExact(raw);
        return BinaryPrimitives.ReadInt32LittleEndian(raw);
    }

    /// <summary>ZSET_2 scores and module doubles: IEEE binary64, little endian.</summary>
    public double ReadBinaryDouble()
    {
        Span<byte> raw = stackalloc byte[8];
        ReadExact(raw);
        return BinaryPrimitives.ReadDoubleLittleEndian(raw);
    }

    /// <summary>Module floats: IEEE binary32, little endian.</summary>
    public float ReadBinaryFloat()
    {
        Span<byte> raw = stackalloc byte[4];
        ReadExact(raw);
        return BinaryPrimitives.ReadSingleLittleEndian(raw);
    }

    /// <summary>
    /// rdbLoadDoubleValue (type 3 scores): a length byte then "%lg" text; 253/254/255 mean
    /// NaN/+inf/-inf. Text sscanf cannot convert fails like a short read, as in Redis.
    /// </summary>
    public double ReadLegacyDouble()
    {
        var length = ReadByte();
        switch (length)
        {
            case 255:
                return double.NegativeInfinity;
            case 254:
                return double.PositiveInfinity;
            case 253:
                return double.NaN;
        }
        Span<byte> text = stackalloc byte[length];
        ReadExact(text);
        if (!TryScanDouble(text, out var value))
        {
            throw Eof(Offset);
        }
        return value;
    }

    /// <summary>Puts a seekable stream back at <see cref="Offset"/>, so its owner can go on reading after the RDB part.</summary>
    public void SyncStreamPosition()
    {
        if (_stream is null || !_stream.CanSeek || _pos == _end)
        {
            return;
        }
        FoldCrc();
        _stream.Seek(_pos - _end, SeekOrigin.Current);
        _base += _pos;
        _pos = _end = _crcPos = 0;
    }

    public void Dispose()
    {
        if (_stream is not null && !_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    internal static RdbFormatException Eof(long offset) => new(RdbFormatException.UnexpectedEof, offset);

    private byte[] ReadPlain(ulong length)
    {
        if (length == 0)
        {
            return [];
        }
        var start = Offset;
        var known = Remaining;
        if (length > (ulong)Array.MaxLength || (known >= 0 && length > (ulong)known))
        {
            throw Eof(start);
        }
        if (length <= TrustedAllocation || known >= 0)
        {
            var bytes = new byte[(int)length];
            ReadExact(bytes);
            return bytes;
        }
        return ReadGrowing((int)length, start);
    }

    /// <summary>A long string from a stream of unknown length: the array grows only as bytes really arrive.</summary>
    private byte[] ReadGrowing(int length, long start)
    {
        var bytes = new byte[TrustedAllocation];
        var filled = 0;
        while (filled < length)
        {
            if (filled == bytes.Length)
            {
                Array.Resize(ref bytes, (int)Math.Min((long)bytes.Length * 2, length));
            }
            var chunk = Math.Min(bytes.Length - filled, BlockSize);
            if (_end - _pos < chunk && !Fill(chunk))
            {
                throw Eof(start);
            }
            _buffer.AsSpan(_pos, chunk).CopyTo(bytes.AsSpan(filled));
            _pos += chunk;
            filled += chunk;
        }
        return bytes;
    }

    private RdbFormatException UnknownStringEncoding(ulong encoding) =>
        new($"Unknown RDB string encoding type {encoding}", Offset, RedisReportLines.UnknownStringEncoding);

    private long ReadEncodedInteger(ulong encoding)
    {
        Span<byte> raw = stackalloc byte[4];
        switch (encoding)
        {
            case RdbFormat.EncInt8:
                return (sbyte)ReadByte();
            case RdbFormat.EncInt16:
                ReadExact(raw[..2]);
                return BinaryPrimitives.ReadInt16LittleEndian(raw);
            default:
                ReadExact(raw);
                return BinaryPrimitives.ReadInt32LittleEndian(raw);
        }
    }

    /// <summary>rdbLoadLzfStringObject: compressed length, plain length, data.</summary>
    private byte[] ReadLzf()
    {
        var compressed = ReadLzfData(out var length);
        if (length == 0)
        {
            // lzf_decompress into no room returns 0, which equals the expected length.
            return [];
        }
        var output = new byte[length];
        Decompress(compressed, output);
        return output;
    }

    /// <summary>
    /// The header and data of an LZF string: the compressed bytes (in the block when they fit there,
    /// valid until the next read) and, in <paramref name="length"/>, the length they expand to.
    /// </summary>
    private ReadOnlySpan<byte> ReadLzfData(out int length)
    {
        var compressedLength = ReadLength();
        var plainLength = ReadLength();
        if (plainLength > (ulong)Array.MaxLength)
        {
            // Redis's allocation of the target fails: the load ends as a short read.
            throw Eof(Offset);
        }
        var compressed = ReadInPlace(compressedLength);
        // Each 2- or 3-byte back reference yields at most 264 bytes: a longer claim cannot be honest,
        // and refusing it here spares allocating what a corrupt length asks for.
        if (plainLength > ((ulong)compressed.Length * 132) + 32)
        {
            throw InvalidLzf();
        }
        length = (int)plainLength;
        return compressed;
    }

    private void Decompress(ReadOnlySpan<byte> compressed, Span<byte> output)
    {
        if (output.Length > 0 && (!Lzf.TryDecompress(compressed, output, out var written) || written != output.Length))
        {
            throw InvalidLzf();
        }
    }

    /// <summary>
    /// The next <paramref name="length"/> bytes where they lie in the block when it can hold them
    /// (valid until the next read), else copied into an array of their own.
    /// </summary>
    private ReadOnlySpan<byte> ReadInPlace(ulong length)
    {
        if (length <= (ulong)(_end - _pos) || (length <= BlockSize && Fill((int)length)))
        {
            var bytes = _buffer.AsSpan(_pos, (int)length);
            _pos += (int)length;
            return bytes;
        }
        return ReadPlain(length);
    }

    private RdbFormatException InvalidLzf() => new("Invalid LZF compressed string", Offset, RedisReportLines.InvalidLzf);

    private void ReadExactSlow(Span<byte> destination)
    {
        var start = Offset;
        if (_stream is null)
        {
            throw Eof(start);
        }
        if (destination.Length <= BlockSize)
        {
            if (!Fill(destination.Length))
            {
                throw Eof(start);
            }
            _buffer.AsSpan(_pos, destination.Length).CopyTo(destination);
            _pos += destination.Length;
            return;
        }
        // Large: what is buffered, then straight from the stream into the destination.
        if (_length >= 0 && destination.Length > _length - start)
        {
            throw Eof(start);
        }
        var available = _end - _pos;
        _buffer.AsSpan(_pos, available).CopyTo(destination);
        _pos = _end;
        FoldCrc();
        var rest = destination[available..];
        var read = 0;
        while (read < rest.Length)
        {
            var n = _stream.Read(rest[read..]);
            if (n <= 0)
            {
                // The bytes taken from the stream cannot be given back: this input is done.
                throw Eof(start);
            }
            read += n;
        }
        _crc = Crc64.Update(_crc, rest);
        _base += _end + rest.Length;
        _pos = _end = _crcPos = 0;
    }

    /// <summary>Makes at least <paramref name="needed"/> unread bytes available (up to a block); false at the end of the stream.</summary>
    private bool Fill(int needed)
    {
        if (_stream is null)
        {
            return false;
        }
        FoldCrc();
        var unread = _end - _pos;
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, unread);
            _base += _pos;
            _pos = 0;
            _end = unread;
            _crcPos = 0;
        }
        while (_end < needed)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n <= 0)
            {
                return false;
            }
            _end += n;
        }
        return true;
    }

    private void FoldCrc()
    {
        if (_crcPos < _pos)
        {
            _crc = Crc64.Update(_crc, _buffer.AsSpan(_crcPos, _pos - _crcPos));
            _crcPos = _pos;
        }
    }

    /// <summary>sscanf("%lg"): optional spaces, then the longest prefix that is a number (text ends at a NUL, as a C string).</summary>
    private static bool TryScanDouble(ReadOnlySpan<byte> text, out double value)
    {
        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }
        var start = 0;
        while (start < text.Length && text[start] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r')
        {
            start++;
        }
        text = text[start..];
        for (var end = text.Length; end > 0; end--)
        {
            if (Types.CStrtod.TryParseWhole(text[..end], out value))
            {
                return true;
            }
        }
        value = 0;
        return false;
    }
}
