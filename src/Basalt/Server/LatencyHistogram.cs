using System.Numerics;

namespace Basalt.Server;

/// <summary>
/// A command's latency distribution for INFO latencystats and LATENCY HISTOGRAM: an HDR histogram
/// laid out exactly as Redis 7.0's (values in nanoseconds from 1 to 1 second, 2 significant
/// digits), so that percentiles and buckets come out as Redis prints them.
/// </summary>
public sealed class LatencyHistogram
{
    public const long MinValue = 1;
    public const long MaxValue = 1_000_000_000;

    // hdr_calculate_bucket_config for (1, 1e9, 2 significant figures).
    private const int SubBucketHalfCountMagnitude = 7;
    private const int SubBucketCount = 1 << (SubBucketHalfCountMagnitude + 1);
    private const int SubBucketHalfCount = SubBucketCount / 2;
    private const long SubBucketMask = SubBucketCount - 1;
    private const int UnitMagnitude = 0;
    private const int BucketCount = 23;
    private const int CountsLength = (BucketCount + 1) * SubBucketHalfCount;

    private readonly long[] _counts = new long[CountsLength];

    public long TotalCount { get; private set; }

    /// <summary>Records one duration, clamped into the histogram's range as Redis clamps it.</summary>
    public void Record(long nanoseconds)
    {
        var value = Math.Clamp(nanoseconds, MinValue, MaxValue);
        _counts[CountsIndexFor(value)]++;
        TotalCount++;
    }

    /// <summary>hdr_value_at_percentile: the highest value equivalent to the one at the percentile.</summary>
    public long ValueAtPercentile(double percentile)
    {
        var requested = percentile < 100.0 ? percentile : 100.0;
        var countAtPercentile = (long)(requested / 100 * TotalCount + 0.5);
        countAtPercentile = countAtPercentile > 0 ? countAtPercentile : 1;
        long value = 0;
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += _counts[i];
            if (running >= countAtPercentile)
            {
                value = ValueAtIndex(i);
                break;
            }
        }
        return percentile == 0.0 ? LowestEquivalentValue(value) : HighestEquivalentValue(value);
    }

    /// <summary>
    /// The steps of hdr's logarithmic iteration (first bucket 1024 ns, base 2) as LATENCY HISTOGRAM
    /// walks them: the highest value of the last counted slot and the cumulative count so far.
    /// </summary>
    public IEnumerable<(long HighestEquivalentValue, long CumulativeCount)> LogarithmicSteps()
    {
        var index = -1;
        long cumulative = 0;
        long value = 0;
        long highest = 0;
        long nextLevel = 1024;
        var nextLevelLowest = LowestEquivalentValue(nextLevel);
        while (cumulative < TotalCount || (index < CountsLength && ValueAtIndex(index + 1) > nextLevelLowest))
        {
            while (true)
            {
                if (value >= nextLevelLowest)
                {
                    nextLevel *= 2;
                    nextLevelLowest = LowestEquivalentValue(nextLevel);
                    break;
                }
                index++;
                if (index >= CountsLength)
                {
                    break;
                }
                cumulative += _counts[index];
                value = ValueAtIndex(index);
                highest = LowestEquivalentValue(value) + SizeOfEquivalentValueRange(value) - 1;
            }
            yield return (highest, cumulative);
        }
    }

    private static int BucketIndex(long value)
    {
        var pow2Ceiling = 64 - BitOperations.LeadingZeroCount((ulong)(value | SubBucketMask));
        return pow2Ceiling - UnitMagnitude - (SubBucketHalfCountMagnitude + 1);
    }

    private static int SubBucketIndex(long value, int bucketIndex) => (int)(value >> (bucketIndex + UnitMagnitude));

    private static int CountsIndexFor(long value)
    {
        var bucket = BucketIndex(value);
        var sub = SubBucketIndex(value, bucket);
        return ((bucket + 1) << SubBucketHalfCountMagnitude) + (sub - SubBucketHalfCount);
    }

    private static long ValueAtIndex(int index)
    {
        var bucket = (index >> SubBucketHalfCountMagnitude) - 1;
        var sub = (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
        if (bucket < 0)
        {
            sub -= SubBucketHalfCount;
            bucket = 0;
        }
        return (long)sub << (bucket + UnitMagnitude);
    }

    private static long SizeOfEquivalentValueRange(long value)
    {
        var bucket = BucketIndex(value);
        var sub = SubBucketIndex(value, bucket);
        var adjusted = sub >= SubBucketCount ? bucket + 1 : bucket;
        return 1L << (UnitMagnitude + adjusted);
    }

    private static long LowestEquivalentValue(long value)
    {
        var bucket = BucketIndex(value);
        var sub = SubBucketIndex(value, bucket);
        return (long)sub << (bucket + UnitMagnitude);
    }

    private static long HighestEquivalentValue(long value) =>
        LowestEquivalentValue(value) + SizeOfEquivalentValueRange(value) - 1;
}
