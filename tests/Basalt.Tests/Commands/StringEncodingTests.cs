using System.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>How <see cref="RedisString"/> holds values: the int/embstr/raw choice and in-place edits.</summary>
public sealed class StringEncodingTests
{
    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    [Theory]
    [InlineData("0", "int")]
    [InlineData("-1", "int")]
    [InlineData("9223372036854775807", "int")]
    [InlineData("-9223372036854775808", "int")]
    [InlineData("9223372036854775808", "embstr")]
    [InlineData("01", "embstr")]
    [InlineData("+1", "embstr")]
    [InlineData("-0", "embstr")]
    [InlineData("1.0", "embstr")]
    [InlineData("", "embstr")]
    [InlineData("12345678901234567890123456789012345678901234", "embstr")]
    [InlineData("123456789012345678901234567890123456789012345", "raw")]
    public void A_set_value_is_encoded_as_redis_encodes_it(string value, string encoding)
    {
        var s = RedisString.FromValue(Bytes(value));
        Assert.Equal(encoding, s.EncodingName);
        Assert.Equal(value, Encoding.ASCII.GetString(s.ToArray()));
        Assert.Equal(value.Length, s.Length);
    }

    [Fact]
    public void Appending_makes_the_value_raw_and_keeps_every_byte()
    {
        var s = RedisString.FromValue(Bytes("12"));
        var expected = new StringBuilder("12");
        for (var i = 0; i < 2000; i++)
        {
            var piece = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            s.Append(Bytes(piece));
            expected.Append(piece);
        }
        Assert.Equal("raw", s.EncodingName);
        Assert.Equal(expected.ToString(), Encoding.ASCII.GetString(s.Bytes));
        Assert.Equal(expected.Length, s.Length);
        Assert.Equal(expected.Length, s.RawBytes!.Length);
        Assert.Equal(expected.Length, ((RedisString)s.DeepCopy()).Bytes.Length);
    }

    [Fact]
    public void Appending_nothing_still_makes_the_value_raw()
    {
        var s = RedisString.FromValue(Bytes("7"));
        s.Append([]);
        Assert.Equal("raw", s.EncodingName);
        Assert.Equal("7", Encoding.ASCII.GetString(s.Bytes));
    }

    [Fact]
    public void Growing_pads_with_zeros_even_over_room_left_by_earlier_edits()
    {
        var s = RedisString.FromValue(Bytes("abc"));
        s.Append(Bytes("def"));
        var span = s.GrowRawForWrite(4);
        Assert.Equal(6, span.Length);
        span = s.GrowRawForWrite(20);
        Assert.Equal(20, span.Length);
        Assert.Equal("abcdef", Encoding.ASCII.GetString(span[..6]));
        Assert.All(span[6..].ToArray(), b => Assert.Equal(0, b));
        Assert.Equal("raw", s.EncodingName);
    }

    [Fact]
    public void An_int_grown_for_writing_exposes_its_digits()
    {
        var s = RedisString.FromValue(Bytes("-42"));
        var span = s.GrowRawForWrite(1);
        Assert.Equal("-42", Encoding.ASCII.GetString(span));
        Assert.False(s.IsInteger);
        Assert.True(s.TryGetInt64(out var value));
        Assert.Equal(-42, value);
    }

    [Fact]
    public void An_int_counter_changes_in_place()
    {
        var s = RedisString.FromInteger(10);
        s.SetInteger(11);
        Assert.Equal(11, s.IntegerValue);
        Assert.Equal(2, s.Length);
        Assert.Throws<InvalidOperationException>(() => RedisString.FromValue(Bytes("x")).SetInteger(1));
    }

    [Fact]
    public void A_deep_copy_is_independent()
    {
        var s = RedisString.FromValue(Bytes("hello"));
        s.Append(Bytes("!"));
        var copy = (RedisString)s.DeepCopy();
        s.GrowRawForWrite(6)[0] = (byte)'J';
        Assert.Equal("Jello!", Encoding.ASCII.GetString(s.Bytes));
        Assert.Equal("hello!", Encoding.ASCII.GetString(copy.Bytes));
        Assert.Equal("raw", copy.EncodingName);
    }

    [Fact]
    public void A_float_result_keeps_its_text_even_when_integer_like()
    {
        Assert.Equal("embstr", RedisString.FromBytesNoInteger(Bytes("6")).EncodingName);
        Assert.Equal("raw", RedisString.FromBytesNoInteger(new byte[45]).EncodingName);
    }
}
