using Basalt.Keyspace;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Commands;

/// <summary>
/// A BY or GET pattern of SORT (lookupKeyByPattern): "#" is the element itself; otherwise the first
/// '*' is replaced by the element to make a key name, whose string value is the result, or with
/// "-&gt;field" after the '*' the value of that field of the hash at the key. A pattern without '*'
/// finds nothing. Like Redis, the '*', "#" and "-&gt;" are searched for in the pattern as a C string
/// (up to its first NUL byte), while the parts copied into the key and the field name are binary.
/// </summary>
public sealed class SortPattern
{
    /// <summary>Room for an integer value's text.</summary>
    public const int ScratchLength = ListpackEntry.MaxIntegerChars;

    private readonly byte[] _pattern;
    private readonly int _star;
    private readonly int _postfixLength;
    private readonly byte[]? _field;
    private byte[] _key = [];

    public SortPattern(byte[] pattern)
    {
        _pattern = pattern;
        var text = CString(pattern);
        IsElement = text.Length == 1 && text[0] == (byte)'#';
        _star = text.IndexOf((byte)'*');
        if (_star < 0)
        {
            return;
        }
        var arrow = text[(_star + 1)..].IndexOf("->"u8);
        var fieldLength = 0;
        if (arrow >= 0 && _star + 1 + arrow + 2 < text.Length)
        {
            var fieldStart = _star + 1 + arrow + 2;
            _field = pattern[fieldStart..];
            fieldLength = _field.Length;
        }
        _postfixLength = pattern.Length - (_star + 1) - (fieldLength > 0 ? fieldLength + 2 : 0);
    }

    /// <summary>"#": GET returns the element itself.</summary>
    public bool IsElement { get; }

    /// <summary>Whether a BY pattern names weight keys; without a '*' SORT does not sort at all.</summary>
    public static bool HasStar(ReadOnlySpan<byte> pattern) => CString(pattern).IndexOf((byte)'*') >= 0;

    /// <summary>
    /// The value the pattern finds for <paramref name="element"/>, read with lookupKeyRead (lazy
    /// expiry, keyspace hits and misses); an integer is written as text into <paramref name="scratch"/>
    /// (at least <see cref="ScratchLength"/> bytes). False when the key is missing, holds another
    /// type, or the hash lacks the field. The value is only valid until the keyspace changes.
    /// </summary>
    public bool TryLookup(Database db, ReadOnlySpan<byte> element, Span<byte> scratch, out ReadOnlySpan<byte> value)
    {
        if (IsElement)
        {
            value = element;
            return true;
        }
        value = default;
        if (_star < 0)
        {
            return false;
        }
        var keyLength = _star + element.Length + _postfixLength;
        if (_key.Length < keyLength)
        {
            _key = new byte[Math.Max(keyLength, _key.Length * 2)];
        }
        _pattern.AsSpan(0, _star).CopyTo(_key);
        element.CopyTo(_key.AsSpan(_star));
        _pattern.AsSpan(_star + 1, _postfixLength).CopyTo(_key.AsSpan(_star + element.Length));

        var entry = db.LookupRead(_key.AsSpan(0, keyLength));
        if (entry is null)
        {
            return false;
        }
        if (_field is not null)
        {
            if (entry.Value is not RedisHash hash || !hash.TryGet(_field, out var fieldValue))
            {
                return false;
            }
            value = fieldValue.AsSpan(scratch);
            return true;
        }
        if (entry.Value is not RedisString text)
        {
            return false;
        }
        value = text.AsSpan(scratch);
        return true;
    }

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> value)
    {
        var nul = value.IndexOf((byte)0);
        return nul >= 0 ? value[..nul] : value;
    }
}
