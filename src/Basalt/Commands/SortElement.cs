namespace Basalt.Commands;

/// <summary>
/// One element of the vector SORT sorts (redisSortObject): the element's string form, and what
/// it is sorted by — its score, or for ALPHA with BY the weight's string (null when the weight key
/// is missing).
/// </summary>
public struct SortElement
{
    public SortElement(byte[] value, int position)
    {
        Value = value;
        Position = position;
        Score = 0;
        Weight = null;
    }

    /// <summary>The element as a string (must not be modified: it may be the collection's own array).</summary>
    public byte[] Value;

    /// <summary>The element's place in the collection, which settles ties in a stable sort.</summary>
    public int Position;

    public double Score;

    public byte[]? Weight;
}

/// <summary>
/// Redis's sortCompare. Numbers compare by score, then as binary strings. ALPHA compares as
/// strcoll does, or as binary strings when the result is stored (the stored list must not depend
/// on the server's locale). Basalt collates as the C locale does (Redis takes LC_COLLATE from the
/// environment; under C and C.UTF-8 strcoll is strcmp): byte order, up to the first NUL byte.
/// </summary>
public readonly struct SortElementComparer(bool alpha, bool byPattern, bool store, bool descending) : IComparer<SortElement>
{
    public int Compare(SortElement x, SortElement y)
    {
        int cmp;
        if (!alpha)
        {
            cmp = x.Score > y.Score ? 1 : x.Score < y.Score ? -1 : Binary(x.Value, y.Value);
        }
        else if (byPattern)
        {
            if (x.Weight is null || y.Weight is null)
            {
                cmp = ReferenceEquals(x.Weight, y.Weight) ? 0 : x.Weight is null ? -1 : 1;
            }
            else
            {
                cmp = store ? Binary(x.Weight, y.Weight) : Collate(x.Weight, y.Weight);
            }
        }
        else
        {
            cmp = store ? Binary(x.Value, y.Value) : Collate(x.Value, y.Value);
        }
        return descending ? -cmp : cmp;
    }

    /// <summary>compareStringObjects: memcmp over the common length, then the shorter first.</summary>
    private static int Binary(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) => Math.Sign(x.SequenceCompareTo(y));

    /// <summary>strcoll in the C locale: strcmp of the C strings, which end at the first NUL byte.</summary>
    private static int Collate(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) => Math.Sign(CString(x).SequenceCompareTo(CString(y)));

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> value)
    {
        var nul = value.IndexOf((byte)0);
        return nul >= 0 ? value[..nul] : value;
    }
}

/// <summary>
/// <see cref="SortElementComparer"/> with ties left in the collection's order: glibc's qsort,
/// which Redis calls for a full sort, is a merge sort and therefore stable.
/// </summary>
public readonly struct StableSortElementComparer(SortElementComparer inner) : IComparer<SortElement>
{
    public int Compare(SortElement x, SortElement y)
    {
        var cmp = inner.Compare(x, y);
        return cmp != 0 ? cmp : x.Position.CompareTo(y.Position);
    }
}
