using System.Text;
using Basalt.Protocol;
using Xunit;

namespace Basalt.Tests.Protocol;

/// <summary>
/// The request parser on headers of every shape (the short-header fast path and the general path
/// must agree), fed whole and split at every byte, as a slow client would send it.
/// </summary>
public class RequestParserTests
{
    [Theory]
    [InlineData("*1\r\n$4\r\nPING\r\n", "PING")]
    [InlineData("*2\r\n$3\r\nGET\r\n$0\r\n\r\n", "GET|")]
    [InlineData("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\n0123456789\r\n", "SET|k|0123456789")]
    [InlineData("*1\r\n$12345\r\n", null)]
    [InlineData("*0\r\n", "")]
    [InlineData("*-1\r\n", "")]
    [InlineData("*12\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n$1\r\nh\r\n$1\r\ni\r\n$1\r\nj\r\n$1\r\nk\r\n$1\r\nl\r\n", "a|b|c|d|e|f|g|h|i|j|k|l")]
    [InlineData("*1\r\n$000000003\r\n", "!Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$03\r\nabc\r\n", "!Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$-1\r\n", "!Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$3x\r\n", "!Protocol error: invalid bulk length")]
    [InlineData("*01\r\n$1\r\na\r\n", "!Protocol error: invalid multibulk length")]
    [InlineData("*1\r\n:1\r\n", "!Protocol error: expected '$', got ':'")]
    [InlineData("*1\r\n$123456789\r\n", null)]
    [InlineData("*1\r\n$1234567890123\r\n", "!Protocol error: invalid bulk length")]
    public void ParsesWholeAndSplitAlike(string request, string? expected)
    {
        var bytes = Encoding.ASCII.GetBytes(request);
        Assert.Equal(expected, ParseAll(bytes, bytes.Length));
        for (var chunk = 1; chunk < bytes.Length; chunk++)
        {
            Assert.Equal(expected, ParseAll(bytes, chunk));
        }
    }

    [Fact]
    public void UnauthenticatedLimitsApplyToShortHeaders()
    {
        var parser = new RequestParser { Unauthenticated = true };
        Assert.Equal("!Protocol error: unauthenticated bulk length", ParseAll(Encoding.ASCII.GetBytes("*1\r\n$16385\r\n"), 64, parser));
        parser = new RequestParser { Unauthenticated = true };
        Assert.Equal("!Protocol error: unauthenticated multibulk length", ParseAll(Encoding.ASCII.GetBytes("*11\r\n"), 64, parser));
    }

    [Fact]
    public void BulkLongerThanProtoMaxBulkLenIsRefused()
    {
        var parser = new RequestParser { ProtoMaxBulkLen = 5 };
        Assert.Equal("!Protocol error: invalid bulk length", ParseAll(Encoding.ASCII.GetBytes("*1\r\n$6\r\nabcdef\r\n"), 64, parser));
    }

    /// <summary>
    /// Feeds <paramref name="bytes"/> in chunks; returns the first command's arguments joined by '|',
    /// "!" + the error, or null when the parser still waits for more.
    /// </summary>
    private static string? ParseAll(byte[] bytes, int chunk, RequestParser? parser = null)
    {
        parser ??= new RequestParser();
        using var buffer = new ReceiveBuffer();
        var args = new CommandArgs();
        var fed = 0;
        while (fed < bytes.Length)
        {
            var n = Math.Min(chunk, bytes.Length - fed);
            var memory = buffer.GetWriteMemory();
            n = Math.Min(n, memory.Length);
            bytes.AsSpan(fed, n).CopyTo(memory.Span);
            buffer.End += n;
            fed += n;
            var result = parser.Parse(buffer, args);
            if (result == ParseResult.Error)
            {
                return "!" + parser.Error;
            }
            if (result == ParseResult.Command)
            {
                var parts = new string[args.Count];
                for (var i = 0; i < args.Count; i++)
                {
                    parts[i] = args.ToStringAt(i);
                }
                return string.Join("|", parts);
            }
        }
        return null;
    }
}
