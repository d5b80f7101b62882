using System.Text;
using Basalt.Persistence.Aof;
using Basalt.Protocol;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The AOF command reader parses in place from its read buffer and starts a command again when the buffer ends
/// inside it. A stream that hands out a few bytes per read puts that boundary at every position of every command:
/// the commands, the offsets and the outcome at the end must not depend on it.
/// </summary>
public sealed class AofCommandReaderTests
{
    /// <summary>A stream that returns at most <c>chunk</c> bytes per read (as a pipe or a slow disk may).</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }

    private static string Command(params string[] args)
    {
        var sb = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args)
        {
            sb.Append('$').Append(arg.Length).Append("\r\n").Append(arg).Append("\r\n");
        }
        return sb.ToString();
    }

    private sealed record Outcome(List<string> Commands, AofReadStatus End, long LastCommandEnd, long ValidUpTo);

    private static Outcome Read(string text, int chunk, long offset = 0)
    {
        using var reader = new AofCommandReader(new TrickleStream(Encoding.Latin1.GetBytes(text), chunk), offset);
        var args = new CommandArgs();
        var commands = new List<string>();
        AofReadStatus status;
        while ((status = reader.Next(args)) == AofReadStatus.Command)
        {
            var parts = new List<string>();
            for (var i = 0; i < args.Count; i++)
            {
                parts.Add(Encoding.Latin1.GetString(args[i]));
            }
            commands.Add(string.Join(' ', parts));
        }
        return new Outcome(commands, status, reader.LastCommandEnd, reader.ValidUpTo);
    }

    private static void AssertSameWhateverTheChunks(string text, Outcome expected)
    {
        foreach (var chunk in new[] { 1, 2, 3, 5, 7, 64, 1 << 20 })
        {
            var actual = Read(text, chunk);
            Assert.Equal(expected.Commands, actual.Commands);
            Assert.Equal(expected.End, actual.End);
            Assert.Equal(expected.LastCommandEnd, actual.LastCommandEnd);
            Assert.Equal(expected.ValidUpTo, actual.ValidUpTo);
        }
    }

    [Fact]
    public void CommandsAndAnnotationsReadTheSameWhateverTheReads()
    {
        var first = Command("SELECT", "0");
        var text = first + "#TS:1700000000\r\n" + Command("SET", "key", "value") + Command("DEL", "") + "#TS:1700000001\r\n";
        var last = text.Length - "#TS:1700000001\r\n".Length;
        AssertSameWhateverTheChunks(text, new Outcome(["SELECT 0", "SET key value", "DEL "], AofReadStatus.End, last, text.Length));
    }

    [Fact]
    public void ValueLargerThanTheBufferIsReadWhole()
    {
        var big = new string('x', 700_000);
        var text = Command("SET", "a", big) + Command("GET", "a");
        var outcome = Read(text, 4096);
        Assert.Equal(["SET a " + big, "GET a"], outcome.Commands);
        Assert.Equal(AofReadStatus.End, outcome.End);
    }

    [Fact]
    public void FileCutInsideACommandIsTruncatedAfterTheLastWholeOne()
    {
        var whole = Command("SET", "a", "1");
        var next = Command("SET", "b", "2");
        for (var cut = 1; cut < next.Length; cut++)
        {
            var text = whole + "#TS:1\r\n" + next[..cut];
            // "*" alone is a short read too (fgets gave "*"); every other cut leaves a command missing bytes.
            AssertSameWhateverTheChunks(text, new Outcome(["SET a 1"], AofReadStatus.Truncated, whole.Length, whole.Length + "#TS:1\r\n".Length));
        }
    }

    [Theory]
    [InlineData("*0\r\n")]
    [InlineData("*x\r\n$1\r\na\r\n")]
    [InlineData("$1\r\na\r\n")]
    [InlineData("*1\r\n:1\r\n")]
    [InlineData("*1\r\n$-1\r\n")]
    public void MalformedCommandIsAFormatError(string bad)
    {
        var whole = Command("PING");
        AssertSameWhateverTheChunks(whole + bad, new Outcome(["PING"], AofReadStatus.FormatError, whole.Length, whole.Length));
    }

    [Fact]
    public void OffsetsCountFromWhereTheCommandsStart()
    {
        var text = Command("SET", "a", "1");
        var outcome = Read(text, 3, offset: 1000);
        Assert.Equal(1000 + text.Length, outcome.LastCommandEnd);
    }

    [Fact]
    public void ArgumentsAreCopiedForCallersThatKeepThem()
    {
        using var reader = new AofCommandReader(new TrickleStream(Encoding.Latin1.GetBytes(Command("SET", "a", "1") + Command("SET", "b", "2")), 5), 0);
        var first = new List<byte[]>();
        Assert.Equal(AofReadStatus.Command, reader.Next(first));
        var second = new List<byte[]>();
        Assert.Equal(AofReadStatus.Command, reader.Next(second));
        Assert.Equal(["SET", "a", "1"], first.Select(a => Encoding.Latin1.GetString(a)));
        Assert.Equal(["SET", "b", "2"], second.Select(a => Encoding.Latin1.GetString(a)));
        Assert.Equal(AofReadStatus.End, reader.Next(first));
    }
}
