namespace Basalt.Commands;

/// <summary>
/// Redis's pqsort (pqsort.c): Bentley and McIlroy's quicksort, as in NetBSD's qsort, which only
/// recurses into the partitions that overlap the range of positions wanted, so the elements of
/// that range end up in sorted order while the rest stay partitioned. SORT uses it for BY with
/// LIMIT. It is not stable, and which of two equal elements comes first depends on every swap the
/// algorithm makes: this port makes the same comparisons and swaps, so that ties (ALPHA BY with
/// equal or missing weights) come out in the order Redis gives them.
/// </summary>
public static class PartialQuicksort
{
    /// <summary>Sorts enough of <paramref name="items"/> that positions <paramref name="first"/> to <paramref name="last"/> hold what a full sort would put there.</summary>
    public static void Sort<T, TComparer>(Span<T> items, int first, int last, TComparer comparer) where TComparer : IComparer<T>
    {
        if (items.Length > 0)
        {
            Sort(items, 0, items.Length, first, last, comparer);
        }
    }

    private static void Sort<T, TComparer>(Span<T> v, int a, int n, int first, int last, TComparer cmp) where TComparer : IComparer<T>
    {
        while (true)
        {
            if (n < 7)
            {
                for (var pm = a + 1; pm < a + n; pm++)
                {
                    for (var pl = pm; pl > a && cmp.Compare(v[pl - 1], v[pl]) > 0; pl--)
                    {
                        Swap(v, pl, pl - 1);
                    }
                }
                return;
            }
            var middle = a + n / 2;
            if (n > 7)
            {
                var low = a;
                var high = a + n - 1;
                if (n > 40)
                {
                    var d = n / 8;
                    low = MedianOfThree(v, low, low + d, low + 2 * d, cmp);
                    middle = MedianOfThree(v, middle - d, middle, middle + d, cmp);
                    high = MedianOfThree(v, high - 2 * d, high - d, high, cmp);
                }
                middle = MedianOfThree(v, low, middle, high, cmp);
            }
            Swap(v, a, middle);

            // Elements equal to the pivot gather at both ends ([a, pa) and (pd, end)), the smaller
            // ones after the left group, the greater ones before the right group.
            int pa, pb, pc, pd;
            pa = pb = a + 1;
            pc = pd = a + n - 1;
            while (true)
            {
                int result;
                while (pb <= pc && (result = cmp.Compare(v[pb], v[a])) <= 0)
                {
                    if (result == 0)
                    {
                        Swap(v, pa, pb);
                        pa++;
                    }
                    pb++;
                }
                while (pb <= pc && (result = cmp.Compare(v[pc], v[a])) >= 0)
                {
                    if (result == 0)
                    {
                        Swap(v, pc, pd);
                        pd--;
                    }
                    pc--;
                }
                if (pb > pc)
                {
                    break;
                }
                Swap(v, pb, pc);
                pb++;
                pc--;
            }

            var end = a + n;
            var r = Math.Min(pa - a, pb - pa);
            SwapRuns(v, a, pb - r, r);
            r = Math.Min(pd - pc, end - pd - 1);
            SwapRuns(v, pb, end - r, r);

            r = pb - pa;
            if (r > 1 && Overlaps(a, r, first, last))
            {
                Sort(v, a, r, first, last, cmp);
            }
            r = pd - pc;
            if (r <= 1)
            {
                return;
            }
            // The right part is sorted by iterating rather than recursing, as in pqsort.c.
            a = end - r;
            n = r;
            if (!Overlaps(a, n, first, last))
            {
                return;
            }
        }
    }

    /// <summary>
    /// pqsort's test for a partition of <paramref name="count"/> elements at <paramref name="start"/>:
    /// skipped only when the wanted range lies wholly before or wholly after it.
    /// </summary>
    private static bool Overlaps(int start, int count, int first, int last) =>
        !((first < start && last < start) || (first >= start + count && last >= start + count));

    private static int MedianOfThree<T, TComparer>(Span<T> v, int a, int b, int c, TComparer cmp) where TComparer : IComparer<T> =>
        cmp.Compare(v[a], v[b]) < 0
            ? (cmp.Compare(v[b], v[c]) < 0 ? b : (cmp.Compare(v[a], v[c]) < 0 ? c : a))
            : (cmp.Compare(v[b], v[c]) > 0 ? b : (cmp.Compare(v[a], v[c]) < 0 ? a : c));

    private static void Swap<T>(Span<T> v, int i, int j) => (v[i], v[j]) = (v[j], v[i]);

    /// <summary>vecswap: exchanges <paramref name="count"/> elements pairwise, in order.</summary>
    private static void SwapRuns<T>(Span<T> v, int i, int j, int count)
    {
        for (var k = 0; k < count; k++)
        {
            Swap(v, i + k, j + k);
        }
    }
}
