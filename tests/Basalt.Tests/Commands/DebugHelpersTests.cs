using System.Text;
using Basalt.Commands;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>The pure pieces behind DEBUG: C-style number parsing and RDB string lengths.</summary>
public sealed class DebugHelpersTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("  42", 42)]
    [InlineData("+7", 7)]
    [InlineData("-3", -3)]
    [InlineData("12abc", 12)]
    [InlineData("abc", 0)]
    [InlineData("", 0)]
    [InlineData("-", 0)]
    [InlineData("99999999999999999999", int.MaxValue)]
    [InlineData("-99999999999999999999", int.MinValue)]
    public void Atoi_reads_the_leading_integer(string text, int expected) =>
        Assert.Equal(expected, CNumbers.Atoi(Encoding.ASCII.GetBytes(text)));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("0.5", 0.5)]
    [InlineData(".25", 0.25)]
    [InlineData("3.", 3)]
    [InlineData(" -1.5e2", -150)]
    [InlineData("1e", 1)]
    [InlineData("2E-3x", 0.002)]
    [InlineData("abc", 0)]
    [InlineData(".", 0)]
    [InlineData("", 0)]
    public void StrToD_reads_the_leading_number(string text, double expected) =>
        Assert.Equal(expected, CNumbers.StrToD(Encoding.ASCII.GetBytes(text)));

    [Theory]
    [InlineData("5", 2)]
    [InlineData("-128", 2)]
    [InlineData("127", 2)]
    [InlineData("128", 3)]
    [InlineData("-129", 3)]
    [InlineData("32767", 3)]
    [InlineData("32768", 5)]
    [InlineData("2147483647", 5)]
    [InlineData("2147483648", 11)]
    [InlineData("-9223372036854775808", 21)]
    [InlineData("hello", 6)]
    [InlineData("", 1)]
    public void Rdb_length_of_short_values(string value, long expected) =>
        Assert.Equal(expected, RdbStringLength.Of(RedisString.FromValue(Encoding.ASCII.GetBytes(value))));

    [Theory]
    [InlineData(63, 64)]
    [InlineData(64, 66)]
    [InlineData(16383, 16385)]
    [InlineData(16384, 16389)]
    public void Rdb_length_prefix_grows_with_the_string(int length, long expected) =>
        Assert.Equal(expected, RdbStringLength.Of(RedisString.FromValue(new byte[length])));

    [Fact]
    public void Integers_held_as_text_are_saved_as_integers()
    {
        // "12" kept as text (createStringObject) is still saved in the integer encoding, as rdbTryIntegerEncoding does.
        Assert.Equal(2, RdbStringLength.Of(RedisString.FromBytesNoInteger("12"u8.ToArray())));
        // Not canonical: saved as a string.
        Assert.Equal(4, RdbStringLength.Of(RedisString.FromBytesNoInteger("012"u8.ToArray())));
    }
}
