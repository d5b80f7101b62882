using Basalt.Text;

namespace Basalt.Types.Encodings;

/// <summary>
/// One element of a <see cref="Listpack"/>, read in place: either an integer (the listpack stores
/// canonical integer strings as integers) or the bytes of a string, which point into the
/// listpack's buffer and are only valid until the listpack is next modified.
/// </summary>
public readonly ref struct ListpackEntry
{
    /// <summary>Room that always suffices for <see cref="AsSpan"/> and <see cref="CopyTo"/> of an integer.</summary>
    public const int MaxIntegerChars = RedisNumber.MaxInt64Chars;

    public ListpackEntry(long integer)
    {
        IsInteger = true;
        Integer = integer;
        Bytes = default;
    }

    public ListpackEntry(ReadOnlySpan<byte> bytes)
    {
        IsInteger = false;
        Integer = 0;
        Bytes = bytes;
    }

    public bool IsInteger { get; }

    /// <summary>The value of an integer entry (0 for a string entry).</summary>
    public long Integer { get; }

    /// <summary>The bytes of a string entry (empty for an integer entry).</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>Length of the entry's string form (what HSTRLEN reports).</summary>
    public int Length
    {
        get
        {
            if (!IsInteger)
            {
                return Bytes.Length;
            }
            Span<byte> scratch = stackalloc byte[MaxIntegerChars];
            return RedisNumber.FormatInt64(Integer, scratch);
        }
    }

    /// <summary>
    /// Whether the entry equals <paramref name="value"/> as a string (lpCompare): an integer entry
    /// matches only the canonical text of its number.
    /// </summary>
    public bool EqualsBytes(ReadOnlySpan<byte> value)
    {
        if (!IsInteger)
        {
            return Bytes.SequenceEqual(value);
        }
        return RedisNumber.TryParseInt64(value, out var n) && n == Integer;
    }

    /// <summary>
    /// The entry's string form: the bytes in place for a string entry, or the integer's text
    /// written into <paramref name="scratch"/> (at least <see cref="MaxIntegerChars"/> bytes).
    /// </summary>
    public ReadOnlySpan<byte> AsSpan(Span<byte> scratch)
    {
        if (!IsInteger)
        {
            return Bytes;
        }
        var length = RedisNumber.FormatInt64(Integer, scratch);
        return scratch[..length];
    }

    /// <summary>Copies the string form into <paramref name="destination"/> and returns its length.</summary>
    public int CopyTo(Span<byte> destination)
    {
        if (IsInteger)
        {
            return RedisNumber.FormatInt64(Integer, destination);
        }
        Bytes.CopyTo(destination);
        return Bytes.Length;
    }

    /// <summary>The string form as a new array.</summary>
    public byte[] ToArray()
    {
        if (!IsInteger)
        {
            return Bytes.ToArray();
        }
        return RedisNumber.FormatInt64(Integer);
    }

    public override string ToString() =>
        IsInteger ? Integer.ToString(System.Globalization.CultureInfo.InvariantCulture) : System.Text.Encoding.UTF8.GetString(Bytes);
}
