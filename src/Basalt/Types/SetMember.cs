using Basalt.Protocol;
using Basalt.Text;

namespace Basalt.Types;

/// <summary>
/// One member of a <see cref="RedisSet"/> as its encoding holds it: a number of an intset, or the
/// bytes of a hashtable member (which must not be modified).
/// </summary>
public readonly struct SetMember
{
    private readonly byte[]? _bytes;
    private readonly long _integer;

    public SetMember(long integer)
    {
        _bytes = null;
        _integer = integer;
    }

    public SetMember(byte[] bytes)
    {
        _bytes = bytes;
        _integer = 0;
    }

    public bool IsInteger => _bytes is null;

    public long Integer => _integer;

    /// <summary>The string form: the member's bytes, or the number's text written into <paramref name="scratch"/>.</summary>
    public ReadOnlySpan<byte> AsSpan(Span<byte> scratch)
    {
        if (_bytes is not null)
        {
            return _bytes;
        }
        return scratch[..RedisNumber.FormatInt64(_integer, scratch)];
    }

    /// <summary>The string form as an array (the member's own array for a hashtable member: do not modify).</summary>
    public byte[] ToArray() => _bytes ?? RedisNumber.FormatInt64(_integer);

    /// <summary>Length of the string form.</summary>
    public int Length
    {
        get
        {
            if (_bytes is not null)
            {
                return _bytes.Length;
            }
            Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
            return RedisNumber.FormatInt64(_integer, scratch);
        }
    }

    /// <summary>Writes the member as a bulk string.</summary>
    public void WriteTo(ReplyWriter reply)
    {
        if (_bytes is null)
        {
            reply.BulkInteger(_integer);
        }
        else
        {
            reply.Bulk(_bytes);
        }
    }
}
