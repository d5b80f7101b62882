using Basalt.Text;
using Basalt.Server.Info;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>The pieces INFO prints numbers with; expected texts are glibc printf's and Redis's own.</summary>
public sealed class InfoFormattingTests
{
    // Expected values are Python's "%.Nf" (correctly rounded, halves to even, like glibc).
    [Theory]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(0.375, 2, "0.38")]
    [InlineData(2.5, 0, "2")]
    [InlineData(3.5, 0, "4")]
    [InlineData(0.005, 2, "0.01")]
    [InlineData(1.005, 2, "1.00")]
    [InlineData(2.675, 2, "2.67")]
    [InlineData(1e+20, 2, "100000000000000000000.00")]
    [InlineData(123456.789, 3, "123456.789")]
    [InlineData(0.0, 2, "0.00")]
    [InlineData(-0.0, 2, "-0.00")]
    [InlineData(-1.5, 0, "-2")]
    [InlineData(99.9, 6, "99.900000")]
    [InlineData(50.0, 6, "50.000000")]
    [InlineData(0.3333333333333333, 2, "0.33")]
    [InlineData(5e-324, 2, "0.00")]
    [InlineData(0.045, 2, "0.04")]
    [InlineData(1536.0, 2, "1536.00")]
    public void Fixed_point_formatting_matches_printf(double value, int decimals, string expected) =>
        Assert.Equal(expected, PrintfFixed.Format(value, decimals));

    [Fact]
    public void Non_finite_values_print_as_printf_does()
    {
        Assert.Equal("inf", PrintfFixed.Format(double.PositiveInfinity, 2));
        Assert.Equal("-inf", PrintfFixed.Format(double.NegativeInfinity, 2));
        Assert.Equal("nan", PrintfFixed.Format(double.NaN, 2));
    }

    // bytesToHuman, as INFO memory's *_human fields show them.
    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1023L, "1023B")]
    [InlineData(1024L, "1.00K")]
    [InlineData(916360L, "894.88K")]
    [InlineData(12025856L, "11.47M")]
    [InlineData(25276510208L, "23.54G")]
    [InlineData(1099511627776L, "1.00T")]
    [InlineData(1125899906842624L, "1.00P")]
    [InlineData(long.MaxValue, "9223372036854775807B")]
    public void Human_sizes_match_bytes_to_human(long bytes, string expected) => Assert.Equal(expected, InfoWriter.Human(bytes));

    [Theory]
    [InlineData(50.0, "50")]
    [InlineData(99.0, "99")]
    [InlineData(99.9, "99.9")]
    [InlineData(99.99, "99.99")]
    [InlineData(0.0, "0")]
    [InlineData(100.0, "100")]
    public void Percentile_labels_are_trimmed_like_redis(double percentile, string expected) =>
        Assert.Equal(expected, LatencyStatsSection.PercentileLabel(percentile));

    [Fact]
    public void Unsafe_characters_in_names_become_underscores()
    {
        Assert.Equal("a_b_c_d_", InfoWriter.Safe("a#b:c\nd\r"));
        Assert.Same("config|get", InfoWriter.Safe("config|get"));
    }
}
