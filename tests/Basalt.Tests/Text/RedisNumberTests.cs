using System.Text;
using Basalt.Text;
using Xunit;

namespace Basalt.Tests.Text;

/// <summary>Reference data observed on redis-server 7.0.15.</summary>
public class RedisNumberTests
{
    /// <summary>
    /// ZADD z &lt;input&gt; m (a skiplist-encoded zset, so the double is kept as is) then ZSCORE:
    /// null means ZADD replied "value is not a valid float".
    /// </summary>
    [Theory]
    [InlineData("1.1", "1.1000000000000001")]
    [InlineData("1e17", "1e+17")]
    [InlineData("1e16", "10000000000000000")]
    [InlineData("12345678901234567", "12345678901234568")]
    [InlineData("2.98023223876953125e-8", "2.9802322387695312e-08")]
    [InlineData("inf", "inf")]
    [InlineData("-inf", "-inf")]
    [InlineData("INFINITY", "inf")]
    [InlineData("+1.5", "1.5")]
    [InlineData("0x1p-1074", "4.9406564584124654e-324")]
    [InlineData("0x1.8", "1.5")]
    [InlineData("0X1P3", "8")]
    [InlineData("0x.8", "0.5")]
    [InlineData("0x1.", "1")]
    [InlineData("3e-324", "4.9406564584124654e-324")]
    [InlineData("1e-310", "9.9999999999999694e-311")]
    [InlineData("1e-5", "1.0000000000000001e-05")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1.0000000000000001e-05")]
    [InlineData("-0", "-0")]
    [InlineData("0e-500", "0")]
    [InlineData(".5", "0.5")]
    [InlineData("1.", "1")]
    [InlineData("100000000000000000000", "1e+20")]
    [InlineData("1.5e300", "1.5000000000000001e+300")]
    [InlineData("-1.5e-300", "-1.5000000000000001e-300")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("123e-2", "1.23")]
    [InlineData("1e22", "1e+22")]
    [InlineData("1e23", "9.9999999999999992e+22")]
    [InlineData("0.1", "0.10000000000000001")]
    [InlineData("-123.456e+2", "-12345.6")]
    [InlineData("0x", null)]
    [InlineData("1e-400", null)]
    [InlineData("2e-324", null)]
    [InlineData("1e400", null)]
    [InlineData("1.7976931348623159e308", null)]
    [InlineData("nan", null)]
    [InlineData("-nan", null)]
    [InlineData(".", null)]
    [InlineData("1e", null)]
    [InlineData(" 1", null)]
    [InlineData("1 ", null)]
    [InlineData("0x1.fffffffffffff8p1023", null)]
    [InlineData("infinit", null)]
    [InlineData("0x1p", null)]
    [InlineData("", null)]
    [InlineData("+", null)]
    [InlineData("1\u0000", null)]
    [InlineData("1e+", null)]
    [InlineData("--1", null)]
    public void ParseAndFormatDoubleMatchZaddZscore(string input, string? expected)
    {
        bool ok = RedisNumber.TryParseDouble(Encoding.Latin1.GetBytes(input), out double value);
        if (expected is null)
        {
            Assert.False(ok, input);
            return;
        }

        Assert.True(ok, input);
        Assert.Equal(expected, Encoding.ASCII.GetString(RedisNumber.FormatDouble(value)));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(1.5, "1.5")]
    [InlineData(100.0, "100")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(1.2345e-4, "0.00012344999999999999")]
    [InlineData(-2.2250738585072014e-308, "-2.2250738585072014e-308")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    public void FormatDoubleIsPercent17g(double value, string expected)
    {
        Span<byte> buf = stackalloc byte[RedisNumber.MaxDoubleChars];
        int n = RedisNumber.FormatDouble(value, buf);
        Assert.Equal(expected, Encoding.ASCII.GetString(buf[..n]));
    }

    /// <summary>INCRBY k &lt;input&gt; on a missing key (getLongLongFromObject = string2ll).</summary>
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1", 1L)]
    [InlineData("-1", -1L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("-1234567890123456789", -1234567890123456789L)]
    [InlineData("-0", null)]
    [InlineData("00", null)]
    [InlineData("01", null)]
    [InlineData("-01", null)]
    [InlineData("+1", null)]
    [InlineData(" 1", null)]
    [InlineData("1 ", null)]
    [InlineData("", null)]
    [InlineData("-", null)]
    [InlineData("9223372036854775808", null)]
    [InlineData("-9223372036854775809", null)]
    [InlineData("18446744073709551616", null)]
    [InlineData("-12345678901234567890", null)]
    [InlineData("000000000000000000001", null)]
    [InlineData("1e3", null)]
    [InlineData("1.0", null)]
    [InlineData("1\u0000", null)]
    public void ParseInt64MatchesString2ll(string input, long? expected)
    {
        bool ok = RedisNumber.TryParseInt64(Encoding.Latin1.GetBytes(input), out long value);
        Assert.Equal(expected.HasValue, ok);
        if (expected.HasValue)
        {
            Assert.Equal(expected.Value, value);
        }
    }

    /// <summary>SCAN &lt;input&gt;: accepted (true) or "ERR invalid cursor" (false).</summary>
    [Theory]
    [InlineData("", true, 0UL)]
    [InlineData("0", true, 0UL)]
    [InlineData("00012", true, 12UL)]
    [InlineData("+5", true, 5UL)]
    [InlineData("-1", true, ulong.MaxValue)]
    [InlineData("18446744073709551615", true, ulong.MaxValue)]
    [InlineData("-18446744073709551615", true, 1UL)]
    [InlineData("5\u0000x", true, 5UL)]
    [InlineData("18446744073709551616", false, 0UL)]
    [InlineData("-18446744073709551616", false, 0UL)]
    [InlineData("0x10", false, 0UL)]
    [InlineData("-", false, 0UL)]
    [InlineData("+", false, 0UL)]
    [InlineData(" 1", false, 0UL)]
    [InlineData("\t1", false, 0UL)]
    [InlineData("1 ", false, 0UL)]
    [InlineData("1.0", false, 0UL)]
    public void ParseScanCursorMatchesScan(string input, bool accepted, ulong expected)
    {
        bool ok = RedisNumber.TryParseScanCursor(Encoding.Latin1.GetBytes(input), out ulong value);
        Assert.Equal(accepted, ok);
        if (accepted)
        {
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    public void FormatInt64IsPlainDecimal(long value, string expected)
    {
        Span<byte> buf = stackalloc byte[RedisNumber.MaxInt64Chars];
        Assert.Equal(expected, Encoding.ASCII.GetString(buf[..RedisNumber.FormatInt64(value, buf)]));
    }

    [Fact]
    public void FormatUInt64IsPlainDecimal()
    {
        Span<byte> buf = stackalloc byte[RedisNumber.MaxUInt64Chars];
        Assert.Equal("18446744073709551615", Encoding.ASCII.GetString(buf[..RedisNumber.FormatUInt64(ulong.MaxValue, buf)]));
    }

    [Fact]
    public void DoubleFormatRoundTripsThroughParse()
    {
        // %.17g is enough digits to identify every double, so Redis's storage format round-trips.
        var rng = new Random(42);
        Span<byte> buf = stackalloc byte[RedisNumber.MaxDoubleChars];
        for (int i = 0; i < 10000; i++)
        {
            double d = BitConverter.Int64BitsToDouble(rng.NextInt64());
            if (double.IsNaN(d))
            {
                continue;
            }

            int n = RedisNumber.FormatDouble(d, buf);
            Assert.True(RedisNumber.TryParseDouble(buf[..n], out double back));
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(back));
        }
    }
}
