using System.Text;
using Basalt.Text;
using Xunit;

namespace Basalt.Tests.Config;

public class ArgSplitterTests
{
    private static string[]? Split(string line) =>
        ArgSplitter.Split(Encoding.Latin1.GetBytes(line))?.Select(a => Encoding.Latin1.GetString(a)).ToArray();

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("   \t ", new string[0])]
    [InlineData("set foo bar", new[] { "set", "foo", "bar" })]
    [InlineData("  set   foo\tbar  ", new[] { "set", "foo", "bar" })]
    [InlineData("save \"\"", new[] { "save", "" })]
    [InlineData("a \"b c\" 'd e'", new[] { "a", "b c", "d e" })]
    [InlineData("\"\\n\\r\\t\\b\\a\\\\\\\"\\q\"", new[] { "\n\r\t\b\a\\\"q" })]
    [InlineData("\"\\x41\\x7a\\xff\"", new[] { "Az\u00ff" })]
    [InlineData("\"\\x4\"", new[] { "x4" })] // an incomplete \x escape is a plain escaped 'x'
    [InlineData("'it\\'s' 'a\\nb'", new[] { "it's", "a\\nb" })] // only \' is an escape in single quotes
    [InlineData("foo\"bar baz\"", new[] { "foobar baz" })] // a quote may open in the middle of a word
    [InlineData("a\0b c", new[] { "a" })] // NUL ends the line, as for a C string
    public void SplitsLikeSdssplitargs(string line, string[] expected)
    {
        Assert.Equal(expected, Split(line));
    }

    [Theory]
    [InlineData("\"unterminated")]
    [InlineData("'unterminated")]
    [InlineData("\"foo\"bar")] // closing quote must be followed by a blank
    [InlineData("'foo'bar")]
    [InlineData("\"trailing backslash\\")]
    public void RejectsUnbalancedQuotes(string line)
    {
        Assert.Null(Split(line));
    }

    [Fact]
    public void QuotedValuesSplitBackToTheSameBytes()
    {
        var value = new byte[] { 0, 1, (byte)'"', (byte)'\\', (byte)' ', (byte)'\n', 0x7f, 0xff, (byte)'z' };
        var split = ArgSplitter.Split(Encoding.ASCII.GetBytes(Repr.Quote(value)));
        Assert.NotNull(split);
        Assert.Equal(value, Assert.Single(split));
    }
}
