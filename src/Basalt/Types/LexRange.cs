namespace Basalt.Types;

/// <summary>
/// A member interval of ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX (zlexrangespec): each bound is
/// "-" (below everything), "+" (above everything), "[value" (inclusive) or "(value" (exclusive).
/// Members compare as bytes (memcmp, then length).
/// </summary>
public readonly struct LexRange
{
    private enum BoundKind : byte
    {
        Value,
        MinusInfinity,
        PlusInfinity,
    }

    private readonly byte[] _min;
    private readonly byte[] _max;
    private readonly BoundKind _minKind;
    private readonly BoundKind _maxKind;

    private LexRange(byte[] min, BoundKind minKind, bool minExclusive, byte[] max, BoundKind maxKind, bool maxExclusive)
    {
        _min = min;
        _minKind = minKind;
        MinExclusive = minExclusive;
        _max = max;
        _maxKind = maxKind;
        MaxExclusive = maxExclusive;
    }

    public bool MinExclusive { get; }

    public bool MaxExclusive { get; }

    /// <summary>zslParseLexRange; false for a bound that is none of the four forms.</summary>
    public static bool TryParse(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out LexRange range)
    {
        range = default;
        if (!TryParseBound(min, out var minValue, out var minKind, out var minExclusive) ||
            !TryParseBound(max, out var maxValue, out var maxKind, out var maxExclusive))
        {
            return false;
        }
        range = new LexRange(minValue, minKind, minExclusive, maxValue, maxKind, maxExclusive);
        return true;
    }

    private static bool TryParseBound(ReadOnlySpan<byte> text, out byte[] value, out BoundKind kind, out bool exclusive)
    {
        value = [];
        kind = BoundKind.Value;
        exclusive = true;
        if (text.IsEmpty)
        {
            return false;
        }
        switch (text[0])
        {
            // "+" and "-" are tested as C strings: a NUL byte right after them ends the argument.
            case (byte)'+' when text.Length == 1 || text[1] == 0:
                kind = BoundKind.PlusInfinity;
                return true;
            case (byte)'-' when text.Length == 1 || text[1] == 0:
                kind = BoundKind.MinusInfinity;
                return true;
            case (byte)'(':
                value = text[1..].ToArray();
                return true;
            case (byte)'[':
                value = text[1..].ToArray();
                exclusive = false;
                return true;
            default:
                return false;
        }
    }

    /// <summary>sdscmplex of a member against a bound.</summary>
    private static int Compare(ReadOnlySpan<byte> member, BoundKind kind, byte[] bound) => kind switch
    {
        BoundKind.MinusInfinity => 1,
        BoundKind.PlusInfinity => -1,
        _ => member.SequenceCompareTo(bound),
    };

    public bool AboveMin(ReadOnlySpan<byte> member)
    {
        var cmp = Compare(member, _minKind, _min);
        return MinExclusive ? cmp > 0 : cmp >= 0;
    }

    public bool BelowMax(ReadOnlySpan<byte> member)
    {
        var cmp = Compare(member, _maxKind, _max);
        return MaxExclusive ? cmp < 0 : cmp <= 0;
    }

    public bool Contains(ReadOnlySpan<byte> member) => AboveMin(member) && BelowMax(member);

    /// <summary>Ranges that cannot hold any member (zslIsInLexRange's first test, with sdscmplex's rules for -/+).</summary>
    public bool IsEmpty
    {
        get
        {
            int cmp;
            if (_minKind == _maxKind && _minKind != BoundKind.Value)
            {
                cmp = 0;
            }
            else if (_minKind == BoundKind.MinusInfinity || _maxKind == BoundKind.PlusInfinity)
            {
                cmp = -1;
            }
            else if (_minKind == BoundKind.PlusInfinity || _maxKind == BoundKind.MinusInfinity)
            {
                cmp = 1;
            }
            else
            {
                cmp = _min.AsSpan().SequenceCompareTo(_max);
            }
            return cmp > 0 || (cmp == 0 && (MinExclusive || MaxExclusive));
        }
    }
}
