namespace Basalt.Commands;

/// <summary>
/// glibc's qsort (msort.c), which is a top-down merge sort: halves of n/2 and n - n/2, merged
/// taking the left element while the comparison says &lt;= 0. It is stable, and with a comparison
/// that is not a total order (GEOSEARCH's distances when one is NaN) it gives the same order as
/// Redis's qsort call because it makes the same comparisons.
/// </summary>
public static class LibcMergeSort
{
    public static void Sort<T>(Span<T> items, Comparison<T> comparison)
    {
        if (items.Length > 1)
        {
            Sort(items, new T[items.Length], comparison);
        }
    }

    private static void Sort<T>(Span<T> items, T[] scratch, Comparison<T> comparison)
    {
        var n = items.Length;
        if (n <= 1)
        {
            return;
        }
        var n1 = n / 2;
        var left = items[..n1];
        var right = items[n1..];
        Sort(left, scratch, comparison);
        Sort(right, scratch, comparison);
        int i = 0, j = 0, k = 0;
        while (i < left.Length && j < right.Length)
        {
            scratch[k++] = comparison(left[i], right[j]) <= 0 ? left[i++] : right[j++];
        }
        while (i < left.Length)
        {
            scratch[k++] = left[i++];
        }
        // What remains of the right half is already in place.
        scratch.AsSpan(0, k).CopyTo(items);
    }
}
