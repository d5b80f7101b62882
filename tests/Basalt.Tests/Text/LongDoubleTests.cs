using System.Text;
using Basalt.Text;
using Xunit;

namespace Basalt.Tests.Text;

/// <summary>
/// INCRBYFLOAT reference data observed on redis-server 7.0.15 (x86-64): SET k a; INCRBYFLOAT k b.
/// The expected reply is the stored string, or the error text.
/// </summary>
public class LongDoubleTests
{
    private const string NotFloat = "value is not a valid float";
    private const string NanOrInf = "increment would produce NaN or Infinity";

    [Theory]
    [InlineData("10.5", "0.1", "10.6")]
    [InlineData("3.0e3", "5.0e3", "8000")]
    [InlineData("5.0e3", "-3.0e3", "2000")]
    [InlineData("0", "1e30", "1000000000000000000024696061952")]
    [InlineData("0", "0.000003814697265625", "0.00000381469726562")]
    [InlineData("0", "0.000003814697265635", "0.00000381469726563")]
    [InlineData("-0", "0", "0")]
    [InlineData("-0", "-0", "0")]
    [InlineData("1", "-1", "0")]
    [InlineData("0", "-1e-30", "0")]
    [InlineData("0", "1.1", "1.1")]
    [InlineData("1.1", "2.2", "3.3")]
    [InlineData("0.1", "0.2", "0.3")]
    [InlineData("-10.5", "0.1", "-10.4")]
    [InlineData("1e308", "1e308", "199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253843777078640893494450108026446304269499187921167194841628860392837535918200039206381557326219209014213335878306791577877829121087126122536729803237260434173178506889763247582601711514636284849020905456510092687857156096")]
    [InlineData("1e4932", "1e4932", "ERR " + NanOrInf)]
    [InlineData("0", "1e-4950", "0")]
    [InlineData("0", "1e-4952", "ERR " + NotFloat)]
    [InlineData("0", "1e4933", "ERR " + NotFloat)]
    [InlineData("0", "inf", "ERR " + NanOrInf)]
    [InlineData("0", "-inf", "ERR " + NanOrInf)]
    [InlineData("0", "nan", "ERR " + NotFloat)]
    [InlineData("0", " 1", "ERR " + NotFloat)]
    [InlineData("0", "1 ", "ERR " + NotFloat)]
    [InlineData("0", "", "ERR " + NotFloat)]
    [InlineData("0", "0x1p-16445", "0")]
    [InlineData("0", "0x1.8p3", "12")]
    [InlineData("0", "9223372036854775807", "9223372036854775807")]
    [InlineData("9223372036854775807", "1", "9223372036854775808")]
    [InlineData("-9223372036854775808", "-1", "-9223372036854775809")]
    [InlineData("0", "18446744073709551616", "18446744073709551616")]
    [InlineData("0", "+.5", "0.5")]
    [InlineData("0", "1.", "1")]
    [InlineData("0", ".", "ERR " + NotFloat)]
    [InlineData("0", "1e", "ERR " + NotFloat)]
    [InlineData("0", "99999999999999999.5", "99999999999999999.5")]
    [InlineData("100.01", "-100", "0.01")]
    [InlineData("0", "1e-17", "0.00000000000000001")]
    [InlineData("0", "5e-18", "0")]
    [InlineData("0", "4.9e-18", "0")]
    [InlineData("0", "123456789.123456789123", "123456789.12345678912242875")]
    [InlineData("abc", "1", "ERR " + NotFloat)]
    [InlineData("0", "0.30000000000000000000001", "0.3")]
    [InlineData("7.0e-1", "1", "1.7")]
    [InlineData("0", "1e40", "9999999999999999999783686092270256259072")]
    [InlineData("0", "-1e300", "-1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144")]
    [InlineData("0", "3.6451995318824746025e-4951", "0")]
    [InlineData("0", "1e-4951", "ERR " + NotFloat)]
    public void IncrByFloatMatchesRedis(string current, string increment, string expected)
    {
        Assert.Equal(expected, IncrByFloat(current, increment));
    }

    [Fact]
    public void HugeValuesPrintEveryIntegerDigit()
    {
        // 1.18e4932 (close to the long double maximum) and 2^16383, as printed by Redis.
        string big = IncrByFloat("1.18e4932", "0");
        Assert.Equal(4933, big.Length);
        Assert.StartsWith("118000000000000000000065281291", big, StringComparison.Ordinal);
        Assert.EndsWith("222606896512585853888628785152", big, StringComparison.Ordinal);

        string pow = IncrByFloat("0", "0x1p16383");
        Assert.Equal(4932, pow.Length);
        Assert.StartsWith("594865747678615882542879663314", pow, StringComparison.Ordinal);
        Assert.EndsWith("971576230223513645334982033408", pow, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsInputOfMaxCharsOrMore()
    {
        // string2ld copies into a MAX_LONG_DOUBLE_CHARS (5120) buffer and refuses longer input.
        byte[] ok = Encoding.ASCII.GetBytes("1." + new string('0', LongDouble.MaxChars - 3));
        Assert.True(LongDouble.TryParse(ok, out LongDouble one));
        Assert.Equal("1", one.ToString());
        byte[] tooLong = Encoding.ASCII.GetBytes("1." + new string('0', LongDouble.MaxChars - 2));
        Assert.False(LongDouble.TryParse(tooLong, out _));
    }

    [Fact]
    public void FromInt64IsExact()
    {
        Assert.Equal("-9223372036854775808", LongDouble.FromInt64(long.MinValue).ToString());
        Assert.Equal("9223372036854775807", LongDouble.FromInt64(long.MaxValue).ToString());
        Assert.True(LongDouble.FromInt64(0).IsZero);
        Assert.Equal(Parse("123"), LongDouble.FromInt64(123));
    }

    [Fact]
    public void ClassifiesSpecialValues()
    {
        LongDouble inf = Parse("-Infinity");
        Assert.True(inf.IsInfinity);
        Assert.True(inf.IsNegative);
        Assert.False(inf.IsFinite);
        Assert.True((inf + Parse("inf")).IsNaN);
        Assert.True((Parse("-0") + Parse("-0")).IsNegative);
        Assert.False((Parse("-0") + Parse("0")).IsNegative);
        Assert.True((Parse("0x1.fffffffffffffffep16383") + Parse("0x1p16320")).IsInfinity);
    }

    [Fact]
    public void AdditionRoundsToNearestEvenOn64Bits()
    {
        // 2^63 + 1 is exact in 64 bits; 2^64 + 1 is a tie and rounds to even (2^64);
        // 2^64 + 3 is a tie that rounds up to 2^64 + 4.
        Assert.Equal("9223372036854775809", (Parse("9223372036854775808") + Parse("1")).ToString());
        Assert.Equal("18446744073709551616", (Parse("18446744073709551616") + Parse("1")).ToString());
        Assert.Equal("18446744073709551620", (Parse("18446744073709551616") + Parse("3")).ToString());

        // Smallest subnormal minus itself is +0; adding subnormals is exact.
        Assert.True((Parse("0x1p-16445") + Parse("-0x1p-16445")).IsZero);
        Assert.Equal(Parse("0x1p-16444"), Parse("0x1p-16445") + Parse("0x1p-16445"));
    }

    private static LongDouble Parse(string s)
    {
        Assert.True(LongDouble.TryParse(Encoding.Latin1.GetBytes(s), out LongDouble v), s);
        return v;
    }

    /// <summary>What incrbyfloatCommand does, minus the keyspace.</summary>
    private static string IncrByFloat(string current, string increment)
    {
        if (!LongDouble.TryParse(Encoding.Latin1.GetBytes(current), out LongDouble value) ||
            !LongDouble.TryParse(Encoding.Latin1.GetBytes(increment), out LongDouble incr))
        {
            return "ERR " + NotFloat;
        }

        LongDouble sum = value + incr;
        if (sum.IsNaN || sum.IsInfinity)
        {
            return "ERR " + NanOrInf;
        }

        Span<byte> buf = new byte[LongDouble.MaxChars];
        return Encoding.Latin1.GetString(buf[..sum.FormatHuman(buf)]);
    }
}
