using System.Text;
using Basalt.Commands;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>The pure pieces of SORT: the partial quicksort and the conversion of values into scores.</summary>
public sealed class SortHelpersTests
{
    private readonly struct IntComparer : IComparer<int>
    {
        public int Compare(int x, int y) => x.CompareTo(y);
    }

    [Fact]
    public void Partial_quicksort_puts_the_wanted_range_where_a_full_sort_would()
    {
        var random = new Random(42);
        for (var round = 0; round < 500; round++)
        {
            var length = random.Next(0, 120);
            var items = Enumerable.Range(0, length).Select(_ => random.Next(length / 3 + 1)).ToArray();
            var sorted = items.Order().ToArray();
            var first = length == 0 ? 0 : random.Next(length);
            var last = length == 0 ? -1 : random.Next(first, length);
            var copy = items.ToArray();
            PartialQuicksort.Sort(copy.AsSpan(), first, last, new IntComparer());
            Assert.Equal(sorted[first..(last + 1)], copy[first..(last + 1)]);
            Assert.Equal(sorted, copy.Order().ToArray());
        }
    }

    [Fact]
    public void Partial_quicksort_of_the_whole_range_sorts_everything()
    {
        var random = new Random(1);
        var items = Enumerable.Range(0, 1000).Select(_ => random.Next()).ToArray();
        PartialQuicksort.Sort(items.AsSpan(), 0, items.Length - 1, new IntComparer());
        Assert.Equal(items.Order().ToArray(), items);
    }

    [Theory]
    [InlineData("", 0.0)]
    [InlineData("12", 12.0)]
    [InlineData("  \t-1.5", -1.5)]
    [InlineData("0x10", 16.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("7\0junk", 7.0)]
    [InlineData("0x1p-1074", double.Epsilon)]
    [InlineData("2.2250738585072014e-308", 2.2250738585072014e-308)]
    public void Numbers_convert_as_strtod_reads_them(string text, double expected)
    {
        Assert.True(SortScore.TryParse(Encoding.UTF8.GetBytes(text), out var score));
        Assert.Equal(expected, score);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("1 ")]
    [InlineData("abc")]
    [InlineData("nan")]
    [InlineData("1e400")]
    [InlineData("1e-400")]
    [InlineData("4.9e-324")]
    [InlineData("0x1p-1075")]
    [InlineData("0x1.fffffffffffffp-1023")]
    [InlineData("2.2250738585072012e-308")]
    public void Values_strtod_refuses_or_flags_with_erange_are_not_scores(string text)
    {
        Assert.False(SortScore.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }
}
