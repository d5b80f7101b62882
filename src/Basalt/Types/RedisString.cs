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
public sealed class RedisString : RedisObject
{
    /// <summary>The longest string Redis creates as embstr (OBJ_ENCODING_EMBSTR_SIZE_LIMIT).</summary>
    public const int EmbstrLimit = 44;

    /// <summary>Growth beyond which room is added linearly rather than doubled (SDS_MAX_PREALLOC).</summary>
    private const int MaxPrealloc = 1024 * 1024;

    /// <summary>Spare bytes a reused buffer may keep beyond twice the new length (so short values still reuse).</summary>
    private const int ReplaceSlack = 16;

    /// <summary>The bytes of an embstr or raw string; only the first <see cref="_length"/> are the value.</summary>
    private byte[]? _bytes;
    private int _length;
    private long _number;

    private RedisString(byte[]? bytes, long number, StringEncoding encoding)
    {
        _bytes = bytes;
        _length = bytes?.Length ?? 0;
        _number = number;
        Encoding = encoding;
    }

    public StringEncoding Encoding { get; private set; }

    public override RedisType Type => RedisType.String;

    public override string EncodingName => Encoding switch
    {
        StringEncoding.Int => "int",
        StringEncoding.Embstr => "embstr",
        _ => "raw",
    };

    public override long ApproximateSize => 40 + (_bytes is null ? 0 : 24 + _bytes.Length);

    public bool IsInteger => Encoding == StringEncoding.Int;

    public long IntegerValue => _number;

    /// <summary>The value of a non-integer string, without copying (empty for the int encoding).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes is null ? default : _bytes.AsSpan(0, _length);

    /// <summary>The value of a non-integer string as memory, without copying (empty for the int encoding).</summary>
    public ReadOnlyMemory<byte> Memory => _bytes is null ? default : _bytes.AsMemory(0, _length);

    /// <summary>
    /// The value of a non-integer string as an exact-length array (null for the int encoding).
    /// Copies when the buffer carries room left by an in-place edit; prefer <see cref="Bytes"/>.
    /// </summary>
    public byte[]? RawBytes => _bytes is null || _bytes.Length == _length ? _bytes : _bytes.AsSpan(0, _length).ToArray();

    public int Length => _bytes is null ? DigitCount(_number) : _length;

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
            return new RedisString(null, n, StringEncoding.Int);
        }
        return new RedisString(value.ToArray(), 0, value.Length <= EmbstrLimit ? StringEncoding.Embstr : StringEncoding.Raw);
    }

    /// <summary>
    /// Makes this value what <see cref="FromValue"/> would build from <paramref name="value"/>, in
    /// place, when that needs no new buffer: an integer, or bytes that fit the present buffer without
    /// leaving it more than half empty. An overwrite then allocates nothing, and on a garbage-collected
    /// heap every allocation that survives (a stored value always does) is paid for in pause time.
    /// Returns false when a new value must be built. The caller must have announced the write.
    /// </summary>
    public bool TryReplace(ReadOnlySpan<byte> value)
    {
        if (value.Length <= 20 && RedisNumber.TryParseInt64(value, out var n))
        {
            _bytes = null;
            _length = 0;
            _number = n;
            Encoding = StringEncoding.Int;
            return true;
        }
        if (_bytes is null || _bytes.Length < value.Length || _bytes.Length > 2 * value.Length + ReplaceSlack)
        {
            return false;
        }
        value.CopyTo(_bytes);
        _length = value.Length;
        _number = 0;
        Encoding = value.Length <= EmbstrLimit ? StringEncoding.Embstr : StringEncoding.Raw;
        return true;
    }

    /// <summary>A value kept exactly as given, without trying the int encoding (createStringObject, e.g. INCRBYFLOAT's result).</summary>
    public static RedisString FromBytesNoInteger(byte[] value) =>
        new(value, 0, value.Length <= EmbstrLimit ? StringEncoding.Embstr : StringEncoding.Raw);

    /// <summary>A value built by an in-place operation (SETRANGE, SETBIT, BITOP), which Redis leaves raw.</summary>
    public static RedisString FromRawBytes(byte[] value) => new(value, 0, StringEncoding.Raw);

    public static RedisString FromInteger(long value) => new(null, value, StringEncoding.Int);

    /// <summary>Writes the string form into <paramref name="scratch"/> when needed and returns the bytes.</summary>
    public ReadOnlySpan<byte> AsSpan(Span<byte> scratch)
    {
        if (_bytes is not null)
        {
            return _bytes.AsSpan(0, _length);
        }
        var len = RedisNumber.FormatInt64(_number, scratch);
        return scratch[..len];
    }

    /// <summary>The string form as an array, which must not be modified (allocates for the int encoding and after in-place edits).</summary>
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
            value = _number;
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
        _number = value;
    }

    /// <summary>
    /// Makes the value a raw string of at least <paramref name="minLength"/> bytes, zero-padded
    /// (dbUnshareStringValue + sdsgrowzero), and returns all of its bytes for writing. An int or
    /// embstr value becomes raw even when it does not grow, as in Redis.
    /// </summary>
    public Span<byte> GrowRawForWrite(int minLength)
    {
        MakeRaw();
        if (minLength > _length)
        {
            EnsureCapacity(minLength);
            _bytes.AsSpan(_length, minLength - _length).Clear();
            _length = minLength;
        }
        return _bytes.AsSpan(0, _length);
    }

    /// <summary>Appends bytes, making the value raw first (APPEND).</summary>
    public void Append(ReadOnlySpan<byte> tail)
    {
        MakeRaw();
        if (tail.IsEmpty)
        {
            return;
        }
        EnsureCapacity(_length + tail.Length);
        tail.CopyTo(_bytes.AsSpan(_length));
        _length += tail.Length;
    }

    /// <summary>Turns an int or embstr value into an exact-size raw copy of its bytes.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_bytes))]
    private void MakeRaw()
    {
        if (Encoding == StringEncoding.Raw)
        {
            _bytes ??= [];
            return;
        }
        if (_bytes is null)
        {
            Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
            _bytes = AsSpan(scratch).ToArray();
            _length = _bytes.Length;
            _number = 0;
        }
        Encoding = StringEncoding.Raw;
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
        _bytes.AsSpan(0, _length).CopyTo(grown);
        _bytes = grown;
    }

    public override RedisObject DeepCopy() => new RedisString(_bytes?.AsSpan(0, _length).ToArray(), _number, Encoding);
}
