using System.Text;
using Basalt.Protocol;
using Basalt.Text;
using Xunit;

namespace Basalt.Tests.Protocol;

/// <summary>
/// Inline (telnet) requests: the zero-copy split used for plain lines must give exactly the
/// arguments Redis's sdssplitargs (our ArgSplitter) gives, and lines with quotes, NULs or rare
/// whitespace must still take the full rules.
/// </summary>
public class InlineRequestTests
{
    private const string Alphabet = "ab1 \t\t  \r\"'\\x\v\f\0-";

    [Theory]
    [InlineData("PING\r\n", "PING")]
    [InlineData("  SET   k\tv  \r\n", "SET|k|v")]
    [InlineData("\r\n", "")]
    [InlineData("GET a\rb\n", "GET|a|b")]
    [InlineData("SET k \"a b\"\r\n", "SET|k|a b")]
    [InlineData("ECHO a\vb\r\n", "ECHO|a\vb")]
    public void SplitsLikeRedis(string line, string expected)
    {
        Assert.Equal(expected, Parse(Encoding.Latin1.GetBytes(line)));
    }

    [Fact]
    public void RandomLinesMatchTheFullSplitter()
    {
        var random = new Random(4711);
        for (var n = 0; n < 20000; n++)
        {
            var length = random.Next(0, 24);
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }
            var line = Encoding.Latin1.GetBytes(new string(chars).Replace("\n", ""));
            var split = ArgSplitter.Split(line);
            var expected = split is null ? "!unbalanced" : string.Join("|", split.Select(Encoding.Latin1.GetString));
            Assert.Equal(expected, Parse([.. line, (byte)'\n']));
        }
    }

    private static string Parse(byte[] request)
    {
        using var buffer = new ReceiveBuffer();
        request.CopyTo(buffer.GetWriteMemory().Span);
        buffer.End = request.Length;
        var args = new CommandArgs();
        var result = new RequestParser().Parse(buffer, args);
        if (result == ParseResult.Error)
        {
            return "!unbalanced";
        }
        Assert.Equal(ParseResult.Command, result);
        return string.Join("|", Enumerable.Range(0, args.Count).Select(i => Encoding.Latin1.GetString(args[i])));
    }
}
