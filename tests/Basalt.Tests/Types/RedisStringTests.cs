using System.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>A string value: SET's encodings and the in-place overwrite that spares an allocation.</summary>
public sealed class RedisStringTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static string Text(RedisString value) => Encoding.ASCII.GetString(value.ToArray());

    [Fact]
    public void Replace_reuses_the_buffer_for_a_value_that_fits()
    {
        var value = RedisString.FromValue(B(new string('a', 100)));
        var before = value.ApproximateSize;
        Assert.True(value.TryReplace(B(new string('b', 60))));
        Assert.Equal(new string('b', 60), Text(value));
        Assert.Equal(60, value.Length);
        Assert.Equal("raw", value.EncodingName);
        // The buffer is kept, and counted as it is.
        Assert.Equal(before, value.ApproximateSize);
        Assert.True(value.TryReplace(B(new string('c', 44))));
        Assert.Equal("embstr", value.EncodingName);
        Assert.Equal(new string('c', 44), Text(value));
    }

    [Fact]
    public void Replace_refuses_a_value_longer_than_the_buffer_or_far_shorter()
    {
        var value = RedisString.FromValue(B(new string('a', 100)));
        Assert.False(value.TryReplace(B(new string('b', 101))));
        // A buffer more than half empty would waste memory: a new value is built instead.
        Assert.False(value.TryReplace(B(new string('c', 20))));
        Assert.Equal(new string('a', 100), Text(value));
    }

    [Fact]
    public void Replace_with_an_integer_takes_the_int_encoding_as_set_does()
    {
        var value = RedisString.FromValue(B("hello"));
        Assert.True(value.TryReplace(B("12345")));
        Assert.True(value.IsInteger);
        Assert.Equal("int", value.EncodingName);
        Assert.Equal(12345, value.IntegerValue);
        Assert.Equal(RedisString.FromValue(B("12345")).ApproximateSize, value.ApproximateSize);
        // Not canonical: kept as bytes, which an int-encoded value has no buffer for (unless short
        // enough to be held inside the object).
        Assert.False(value.TryReplace(B("0123456789")));
        Assert.True(value.TryReplace(B("012")));
        Assert.Equal("embstr", value.EncodingName);
        Assert.True(RedisString.FromInteger(7).TryReplace(B("-8")));
    }
}
