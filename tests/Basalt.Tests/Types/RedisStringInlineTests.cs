using System.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>
/// Short embstr values (up to 7 bytes) live inside the string object instead of an array of their
/// own: every operation must see the same bytes, encodings and sizes as for any other value.
/// </summary>
public sealed class RedisStringInlineTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("xxx")]
    [InlineData("1234567a")]
    [InlineData("abcdefg")]
    [InlineData("-0")]
    [InlineData("007")]
    public void A_short_value_reads_back_whole(string text)
    {
        var value = RedisString.FromValue(B(text));
        Assert.Equal("embstr", value.EncodingName);
        Assert.Equal(text, Text(value.Bytes));
        Assert.Equal(text, Text(value.ToArray()));
        Assert.Equal(text, Text(value.RawBytes));
        Assert.Equal(text, Text(value.Memory.Span));
        Assert.Equal(text, Text(value.AsSpan(stackalloc byte[20])));
        Assert.Equal(text.Length, value.Length);
        Assert.Equal(text.Length <= RedisString.InlineLimit ? 32 : 32 + 32, value.ApproximateSize);
    }

    [Fact]
    public void A_copy_of_a_short_value_is_independent()
    {
        var value = RedisString.FromValue(B("abc"));
        var copy = (RedisString)value.DeepCopy();
        Assert.True(value.TryReplace(B("xyz")));
        Assert.Equal("abc", Text(copy.Bytes));
        Assert.Equal("xyz", Text(value.Bytes));
    }

    [Fact]
    public void Replacing_with_a_short_value_needs_no_buffer_and_drops_the_old_one()
    {
        var value = RedisString.FromValue(B(new string('a', 100)));
        Assert.True(value.TryReplace(B("ok")));
        Assert.Equal("ok", Text(value.Bytes));
        Assert.Equal("embstr", value.EncodingName);
        Assert.Equal(32, value.ApproximateSize);
        // From inline, a longer value needs a buffer: a new value is built.
        Assert.False(value.TryReplace(B("a longer value")));
        Assert.Equal("ok", Text(value.Bytes));
        Assert.True(value.TryReplace(B("12")));
        Assert.True(value.IsInteger);
        Assert.Equal(12, value.IntegerValue);
    }

    [Fact]
    public void In_place_edits_move_a_short_value_to_a_raw_buffer()
    {
        var appended = RedisString.FromValue(B("abc"));
        appended.Append(B("defghij"));
        Assert.Equal("raw", appended.EncodingName);
        Assert.Equal("abcdefghij", Text(appended.Bytes));

        var grown = RedisString.FromValue(B("abc"));
        var bytes = grown.GrowRawForWrite(2);
        Assert.Equal("raw", grown.EncodingName);
        Assert.Equal("abc", Text(bytes));
        grown.GrowRawForWrite(5)[4] = (byte)'!';
        Assert.Equal("abc\0!", Text(grown.Bytes));

        var self = RedisString.FromValue(B("ab"));
        self.Append(self.Bytes);
        Assert.Equal("abab", Text(self.Bytes));
    }

    [Fact]
    public void Created_without_the_int_try_or_raw_as_asked()
    {
        Assert.Equal("embstr", RedisString.FromBytesNoInteger(B("3.5")).EncodingName);
        Assert.Equal("3.5", Text(RedisString.FromBytesNoInteger(B("3.5")).Bytes));
        Assert.Equal("embstr", RedisString.FromBytesNoInteger(B("12")).EncodingName);
        var raw = RedisString.FromRawBytes(B("ab"));
        Assert.Equal("raw", raw.EncodingName);
        Assert.Equal("ab", Text(raw.Bytes));
        Assert.Equal(32 + 32, raw.ApproximateSize);
    }
}
