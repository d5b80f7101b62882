using System.Buffers.Binary;
using Basalt.Text;

namespace Basalt.Types;

/// <summary>
/// A stream entry ID: 64-bit milliseconds and 64-bit sequence, ordered as one 128-bit number
/// (Redis's streamID). Written "ms-seq" in replies.
/// </summary>
public readonly record struct StreamId(ulong Ms, ulong Seq) : IComparable<StreamId>
{
    public static readonly StreamId Min = new(0, 0);

    public static readonly StreamId Max = new(ulong.MaxValue, ulong.MaxValue);

    /// <summary>The longest "ms-seq" text: two 20-digit numbers and the dash.</summary>
    public const int MaxChars = 41;

    public bool IsZero => Ms == 0 && Seq == 0;

    public int CompareTo(StreamId other) => Ms != other.Ms ? Ms.CompareTo(other.Ms) : Seq.CompareTo(other.Seq);

    public static bool operator <(StreamId a, StreamId b) => a.CompareTo(b) < 0;

    public static bool operator >(StreamId a, StreamId b) => a.CompareTo(b) > 0;

    public static bool operator <=(StreamId a, StreamId b) => a.CompareTo(b) <= 0;

    public static bool operator >=(StreamId a, StreamId b) => a.CompareTo(b) >= 0;

    /// <summary>streamIncrID: the next ID, false when this is the largest one.</summary>
    public bool TryIncrement(out StreamId next)
    {
        if (Seq != ulong.MaxValue)
        {
            next = new StreamId(Ms, Seq + 1);
            return true;
        }
        if (Ms != ulong.MaxValue)
        {
            next = new StreamId(Ms + 1, 0);
            return true;
        }
        next = this;
        return false;
    }

    /// <summary>streamDecrID: the previous ID, false when this is 0-0.</summary>
    public bool TryDecrement(out StreamId previous)
    {
        if (Seq != 0)
        {
            previous = new StreamId(Ms, Seq - 1);
            return true;
        }
        if (Ms != 0)
        {
            previous = new StreamId(Ms - 1, ulong.MaxValue);
            return true;
        }
        previous = this;
        return false;
    }

    /// <summary>Writes "ms-seq" (or "ms.seq" for the digest) into <paramref name="destination"/>, returning the length.</summary>
    public int Format(Span<byte> destination, byte separator = (byte)'-')
    {
        Ms.TryFormat(destination, out var written);
        destination[written++] = separator;
        Seq.TryFormat(destination[written..], out var more);
        return written + more;
    }

    public override string ToString() => $"{Ms}-{Seq}";

    /// <summary>The 16-byte big-endian form Redis uses as radix tree key and in RDB PEL records.</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, Ms);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Seq);
    }

    /// <summary>
    /// streamGenericParseIDOrReply: "-" and "+" (unless <paramref name="strict"/>), "ms" (sequence
    /// <paramref name="missingSeq"/>), "ms-seq", and with <paramref name="allowAutoSeq"/> "ms-*"
    /// (then <paramref name="seqGiven"/> is false). Numbers as string2ull.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out StreamId id, ulong missingSeq = 0, bool strict = false,
        bool allowAutoSeq = false) => TryParse(text, out id, out _, missingSeq, strict, allowAutoSeq);

    public static bool TryParse(ReadOnlySpan<byte> text, out StreamId id, out bool seqGiven, ulong missingSeq = 0,
        bool strict = false, bool allowAutoSeq = false)
    {
        id = default;
        seqGiven = true;
        // Redis copies the argument into a 128-byte C buffer: longer ones are invalid, a NUL ends it.
        if (text.Length > 127)
        {
            return false;
        }
        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }
        if (text.Length == 1 && (text[0] == '-' || text[0] == '+'))
        {
            if (strict)
            {
                return false;
            }
            id = text[0] == '-' ? Min : Max;
            return true;
        }
        var dash = text.IndexOf((byte)'-');
        var msText = dash >= 0 ? text[..dash] : text;
        if (!TryParseUnsigned(msText, out var ms))
        {
            return false;
        }
        var seq = missingSeq;
        if (dash >= 0)
        {
            var seqText = text[(dash + 1)..];
            if (allowAutoSeq && seqText.Length == 1 && seqText[0] == '*')
            {
                seq = 0;
                seqGiven = false;
            }
            else if (!TryParseUnsigned(seqText, out seq))
            {
                return false;
            }
        }
        id = new StreamId(ms, seq);
        return true;
    }

    /// <summary>string2ull: string2ll when it fits (negatives rejected), else strtoull's leniency.</summary>
    private static bool TryParseUnsigned(ReadOnlySpan<byte> s, out ulong value)
    {
        if (RedisNumber.TryParseInt64(s, out var signed))
        {
            value = (ulong)signed;
            return signed >= 0;
        }
        value = 0;
        var i = 0;
        while (i < s.Length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
        {
            i++;
        }
        var negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }
        if (i == s.Length)
        {
            return false;
        }
        ulong v = 0;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9 || v > ulong.MaxValue / 10 || v * 10 > ulong.MaxValue - d)
            {
                return false;
            }
            v = (v * 10) + d;
        }
        value = negative ? 0 - v : v;
        return true;
    }
}
