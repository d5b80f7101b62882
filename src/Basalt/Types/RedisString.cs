using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Basalt.Text;

namespace Basalt.Types;

/// <summary>How a string value is held; the names are those OBJECT ENCODING reports.</summary>
public enum StringEncoding : byte
{
    /// <summary>An integer held as a 64-bit number (Redis "int").</summary>
    Int,
    /// <summary>A short string created in one piece (Redis "embstr", up to 44 bytes).</summary>
    Embstr,
    /// <summary>A string that was created long or modified in place (Redis "raw").</summary>
    Raw,
}

/// <summary>
/// A string value. Integer-like values are stored as a number, as Redis's "int" encoding does,
/// so that counters cost no byte array and INCR does not parse. A raw string edited in place
/// (APPEND, SETRANGE, SETBIT) keeps spare room at the end of its buffer, as an sds string does,
/// so that repeated appends cost amortized O(1) per byte.
/// </summary>
/// <remarks>
/// Every string key pays for this object, so it is 32 bytes on the 64-bit CoreCLR (header, one
/// reference, one long) and its two fields take turns:
/// <list type="bullet">
/// <item>int: <see cref="_bytes"/> null, <see cref="_word"/> the number;</item>
/// <item>a short embstr (at most <see cref="InlineLimit"/> bytes): <see cref="_bytes"/> the shared
///   <see cref="Inline"/> marker, <see cref="_word"/> the length in its first byte and the bytes in the
///   other seven, so that a value like "xxx" costs no array of its own (as Redis's embstr lives in
///   its object's allocation);</item>
/// <item>otherwise <see cref="_bytes"/> the buffer, <see cref="_word"/> the length in its low 32 bits
///   and <see cref="RawFlag"/> for raw.</item>
/// </list>
/// </remarks>
public sealed class RedisString : RedisObject
{
    /// <summary>The longest string Redis creates as embstr (OBJ_ENCODING_EMBSTR_SIZE_LIMIT).</summary>
    public const int EmbstrLimit = 44;

    /// <summary>The longest embstr held inside the object (the bytes of <see cref="_word"/> after its length byte).</summary>
    public const int InlineLimit = sizeof(long) - 1;

    /// <summary>The heap bytes of this object itself: header, <see cref="_bytes"/> and <see cref="_word"/>.</summary>
    internal const int ObjectSize = 32;

    /// <summary>Growth beyond which room is added linearly rather than doubled (SDS_MAX_PREALLOC).</summary>
    private const int MaxPrealloc = 1024 * 1024;

    /// <summary>Spare bytes a reused buffer may keep beyond twice the new length (so short values still reuse).</summary>
    private const int ReplaceSlack = 16;

    /// <summary>Set in <see cref="_word"/> of a raw string held in a buffer (an embstr's is clear).</summary>
    private const long RawFlag = 1L << 32;

    /// <summary>The <see cref="_bytes"/> of every value whose bytes are inside <see cref="_word"/>; never written.</summary>
    private static readonly byte[] Inline = [];

    /// <summary>The buffer, of which the first <see cref="ByteCount"/> are the value; null for an int; <see cref="Inline"/> for a short embstr.</summary>
    private byte[]? _bytes;

    /// <summary>The number, the inline length and bytes, or the buffer's length and raw flag (see the remarks).</summary>
    private long _word;

    private RedisString(byte[]? bytes, long word)
    {
        _bytes = bytes;
        _word = word;
    }

    /// <summary>A value over <paramref name="bytes"/> (not copied), held inline instead when it is a short embstr.</summary>
    private static RedisString OverBytes(byte[] bytes, bool raw)
    {
        if (!raw && bytes.Length <= InlineLimit)
        {
            var inline = new RedisString(Inline, 0);
            inline.SetInline(bytes);
            return inline;
        }
        return new RedisString(bytes, (uint)bytes.Length | (raw ? RawFlag : 0));
    }

    private bool IsInline => ReferenceEquals(_bytes, Inline);

    /// <summary>The length of a value held in a buffer.</summary>
    private int ByteCount
    {
        get => (int)_word;
        set => _word = (uint)value | (_word & RawFlag);
    }

    /// <summary>The bytes of an inline value, inside <see cref="_word"/> (after its length byte).</summary>
    private ReadOnlySpan<byte> InlineBytes =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref Unsafe.As<long, byte>(ref _word), 1), (int)(_word & 0xFF));

    /// <summary>Holds <paramref name="value"/> (at most <see cref="InlineLimit"/> bytes) inside the object.</summary>
    private void SetInline(ReadOnlySpan<byte> value)
    {
        _bytes = Inline;
        _word = value.Length;
        value.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref Unsafe.As<long, byte>(ref _word), 1), InlineLimit));
    }

    public StringEncoding Encoding =>
        _bytes is null ? StringEncoding.Int
        : IsInline || (_word & RawFlag) == 0 ? StringEncoding.Embstr
        : StringEncoding.Raw;

    public override RedisType Type => RedisType.String;

    public override string EncodingName => Encoding switch
    {
        StringEncoding.Int => "int",
        StringEncoding.Embstr => "embstr",
        _ => "raw",
    };

    public override long ApproximateSize =>
        ObjectSize + (_bytes is null || IsInline ? 0 : Keyspace.DatabaseMemory.ByteArray(_bytes.Length));

    public bool IsInteger => _bytes is null;

    public long IntegerValue => _word;

    /// <summary>The value of a non-integer string, without copying (empty for the int encoding).</summary>
    public ReadOnlySpan<byte> Bytes =>
        _bytes is null ? default : IsInline ? InlineBytes : _bytes.AsSpan(0, ByteCount);

    /// <summary>The value of a non-integer string as memory (empty for the int encoding); copies an inline value.</summary>
    public ReadOnlyMemory<byte> Memory =>
        _bytes is null ? default : IsInline ? InlineBytes.ToArray() : _bytes.AsMemory(0, ByteCount);

    /// <summary>
    /// The value of a non-integer string as an exact-length array (null for the int encoding).
    /// Copies when the buffer carries room left by an in-place edit or the value is inline; prefer <see cref="Bytes"/>.
    /// </summary>
    public byte[]? RawBytes =>
        _bytes is null ? null
        : IsInline ? InlineBytes.ToArray()
        : _bytes.Length == ByteCount ? _bytes : _bytes.AsSpan(0, ByteCount).ToArray();

    public int Length => _bytes is null ? DigitCount(_word) : IsInline ? (int)(_word & 0xFF) : ByteCount;

    private static int DigitCount(long value)
    {
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        return RedisNumber.FormatInt64(value, scratch);
    }

    /// <summary>
    /// A value as SET stores it (tryObjectEncoding): int when it is a canonical integer of at most
    /// 20 chars, else embstr up to 44 bytes, else raw.
    /// </summary>
    public static RedisString FromValue(ReadOnlySpan<byte> value)
    {
        if (value.Length <= 20 && RedisNumber.TryParseInt64(value, out var n))
        {
            return new RedisString(null, n);
        }
        if (value.Length <= InlineLimit)
        {
            var inline = new RedisString(Inline, 0);
            inline.SetInline(value);
            return inline;
        }
        return OverBytes(value.ToArray(), raw: value.Length > EmbstrLimit);
    }

    /// <summary>
    /// Makes this value what <see cref="FromValue"/> would build from <paramref name="value"/>, in
    /// place, when that needs no new buffer: an integer, a value short enough to be held inline, or
    /// bytes that fit the present buffer without leaving it more than half empty. An overwrite then
    /// allocates nothing, and on a garbage-collected heap every allocation that survives (a stored
    /// value always does) is paid for in pause time. Returns false when a new value must be built.
    /// The caller must have announced the write.
    /// </summary>
    public bool TryReplace(ReadOnlySpan<byte> value)
    {
        if (value.Length <= 20 && RedisNumber.TryParseInt64(value, out var n))
        {
            _bytes = null;
            _word = n;
            return true;
        }
        if (value.Length <= InlineLimit)
        {
            SetInline(value);
            return true;
        }
        if (_bytes is null || IsInline || _bytes.Length < value.Length || _bytes.Length > 2 * value.Length + ReplaceSlack)
        {
            return false;
        }
        value.CopyTo(_bytes);
        _word = (uint)value.Length | (value.Length <= EmbstrLimit ? 0 : RawFlag);
        return true;
    }

    /// <summary>A value kept exactly as given, without trying the int encoding (createStringObject, e.g. INCRBYFLOAT's result).</summary>
    public static RedisString FromBytesNoInteger(byte[] value) => OverBytes(value, raw: value.Length > EmbstrLimit);

    /// <summary>A value built by an in-place operation (SETRANGE, SETBIT, BITOP), which Redis leaves raw.</summary>
    public static RedisString FromRawBytes(byte[] value) => OverBytes(value, raw: true);

    public static RedisString FromInteger(long value) => new(null, value);

    /// <summary>Writes the string form into <paramref name="scratch"/> when needed and returns the bytes.</summary>
    public ReadOnlySpan<byte> AsSpan(Span<byte> scratch)
    {
        if (_bytes is not null)
        {
            return Bytes;
        }
        var len = RedisNumber.FormatInt64(_word, scratch);
        return scratch[..len];
    }

    /// <summary>The string form as an array, which must not be modified (allocates for the int and inline forms and after in-place edits).</summary>
    public byte[] ToArray()
    {
        if (_bytes is not null)
        {
            return RawBytes!;
        }
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        return AsSpan(scratch).ToArray();
    }

    public bool TryGetInt64(out long value)
    {
        if (Encoding == StringEncoding.Int)
        {
            value = _word;
            return true;
        }
        return RedisNumber.TryParseInt64(Bytes, out value);
    }

    /// <summary>Changes an int-encoded value in place (INCR on an unshared counter allocates nothing).</summary>
    public void SetInteger(long value)
    {
        if (Encoding != StringEncoding.Int)
        {
            throw new InvalidOperationException("SetInteger on a string that is not int-encoded");
        }
        _word = value;
    }

    /// <summary>
    /// Makes the value a raw string of at least <paramref name="minLength"/> bytes, zero-padded
    /// (dbUnshareStringValue + sdsgrowzero), and returns all of its bytes for writing. An int or
    /// embstr value becomes raw even when it does not grow, as in Redis.
    /// </summary>
    public Span<byte> GrowRawForWrite(int minLength)
    {
        MakeRaw();
        if (minLength > ByteCount)
        {
            EnsureCapacity(minLength);
            _bytes.AsSpan(ByteCount, minLength - ByteCount).Clear();
            ByteCount = minLength;
        }
        return _bytes.AsSpan(0, ByteCount);
    }

    /// <summary>
    /// Makes the value a raw string of exactly <paramref name="length"/> bytes and returns them for
    /// writing: bytes past the old end are zeros, bytes past the new end are dropped (sdsMakeRoomFor
    /// + sdsIncrLen, as a sparse HyperLogLog grows and shrinks by an opcode or two in place).
    /// </summary>
    public Span<byte> ResizeRawForWrite(int length)
    {
        MakeRaw();
        if (length > ByteCount)
        {
            EnsureCapacity(length);
            _bytes.AsSpan(ByteCount, length - ByteCount).Clear();
        }
        ByteCount = length;
        return _bytes.AsSpan(0, length);
    }

    /// <summary>
    /// Makes the value the raw string <paramref name="bytes"/>, held without a copy and without spare
    /// room (a value rebuilt whole, as a HyperLogLog turned dense is a new sds of the exact size).
    /// The caller must have announced the write.
    /// </summary>
    public void ReplaceWithRaw(byte[] bytes)
    {
        _bytes = bytes;
        _word = (uint)bytes.Length | RawFlag;
    }

    /// <summary>Appends bytes, making the value raw first (APPEND).</summary>
    public void Append(ReadOnlySpan<byte> tail)
    {
        if (IsInline && tail.Overlaps(InlineBytes))
        {
            // The tail is this very value, whose bytes MakeRaw is about to overwrite.
            tail = tail.ToArray();
        }
        MakeRaw();
        if (tail.IsEmpty)
        {
            return;
        }
        EnsureCapacity(ByteCount + tail.Length);
        tail.CopyTo(_bytes.AsSpan(ByteCount));
        ByteCount += tail.Length;
    }

    /// <summary>Turns an int or embstr value into a raw value in a buffer of its own (an exact-size copy of the bytes).</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_bytes))]
    private void MakeRaw()
    {
        if (_bytes is null || IsInline)
        {
            Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
            var bytes = AsSpan(scratch).ToArray();
            _bytes = bytes;
            _word = bytes.Length;
        }
        _word |= RawFlag;
    }

    /// <summary>sdsMakeRoomFor's greedy policy: double up to 1 MB, then add 1 MB.</summary>
    private void EnsureCapacity(int needed)
    {
        if (_bytes!.Length >= needed)
        {
            return;
        }
        long capacity = needed < MaxPrealloc ? (long)needed * 2 : (long)needed + MaxPrealloc;
        var grown = new byte[(int)Math.Min(capacity, Array.MaxLength)];
        _bytes.AsSpan(0, ByteCount).CopyTo(grown);
        _bytes = grown;
    }

    public override RedisObject DeepCopy() =>
        _bytes is null || IsInline ? new RedisString(_bytes, _word) : new RedisString(Bytes.ToArray(), (uint)ByteCount | (_word & RawFlag));
}
