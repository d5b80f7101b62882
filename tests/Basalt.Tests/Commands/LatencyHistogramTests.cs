using Basalt.Server;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// The latency histogram against Redis 7.0.15's own hdr_histogram: the expected figures were printed
/// by a small C program linked with deps/hdr_histogram from the 7.0.15 tree, initialised as Redis
/// initialises it (1 ns .. 1 s, 2 significant digits), for the same recorded values.
/// </summary>
public sealed class LatencyHistogramTests
{
    private static LatencyHistogram Record(IEnumerable<long> nanoseconds)
    {
        var histogram = new LatencyHistogram();
        foreach (var value in nanoseconds)
        {
            histogram.Record(value);
        }
        return histogram;
    }

    private static List<(long, long)> Buckets(LatencyHistogram histogram)
    {
        // As LATENCY HISTOGRAM reports them: only steps where the cumulative count grew.
        var buckets = new List<(long, long)>();
        long previous = 0;
        foreach (var (highest, cumulative) in histogram.LogarithmicSteps())
        {
            if (cumulative > previous)
            {
                buckets.Add((highest / 1000, cumulative));
            }
            previous = cumulative;
        }
        return buckets;
    }

    private static void AssertPercentiles(LatencyHistogram histogram, params (double Percentile, long Value)[] expected)
    {
        foreach (var (percentile, value) in expected)
        {
            Assert.Equal(value, histogram.ValueAtPercentile(percentile));
        }
    }

    [Fact]
    public void One_value()
    {
        var histogram = Record([1000]);
        Assert.Equal(1, histogram.TotalCount);
        AssertPercentiles(histogram, (0, 1000), (50, 1003), (99, 1003), (99.9, 1003), (100, 1003));
        Assert.Equal([(1L, 1L)], Buckets(histogram));
    }

    [Fact]
    public void Values_across_the_whole_range_are_clamped_and_bucketed()
    {
        var histogram = Record([0, 1, 5, 127, 128, 255, 256, 257, 1023, 1024, 1025, 5000, 12345, 99999, 1000000, 5000000, 123456789, 999999999, 2000000000]);
        AssertPercentiles(histogram, (0, 1), (50, 1031), (99, 1002438655), (99.9, 1002438655), (100, 1002438655));
        Assert.Equal([(1L, 11L), (8, 12), (16, 13), (132, 14), (1056, 15), (8454, 16), (135266, 17), (1073741, 19)], Buckets(histogram));
    }

    [Fact]
    public void A_ramp_of_a_thousand_values()
    {
        var histogram = Record(Enumerable.Range(1, 1000).Select(i => i * 3001L));
        AssertPercentiles(histogram, (0, 2992), (50, 1507327), (99, 2981887), (99.9, 2998271), (100, 3014655));
        Assert.Equal([(4L, 1L), (8, 2), (16, 5), (33, 11), (66, 22), (132, 44), (264, 88), (528, 176), (1056, 352), (2113, 704), (4227, 1000)],
            Buckets(histogram));
    }

    [Fact]
    public void Three_clusters()
    {
        var histogram = Record(Enumerable.Range(0, 300).Select(i => (i % 3) switch { 0 => 2000L, 1 => 70000L, _ => 9000000L }));
        AssertPercentiles(histogram, (0, 2000), (50, 70143), (99, 9043967), (99.9, 9043967), (100, 9043967));
        Assert.Equal([(2L, 100L), (132, 200), (16908, 300)], Buckets(histogram));
    }
}
