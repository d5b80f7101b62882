using System.Text;
using Basalt.Server.Blocking;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>The timeout argument of the blocking list commands, as getTimeoutFromObjectOrReply computes it.</summary>
public sealed class ListBlockTimeoutTests
{
    private const long Now = 1_700_000_000_000;

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("0.0", 0)]
    [InlineData("1", Now + 1000)]
    [InlineData("1.5", Now + 1500)]
    [InlineData("0.0001", Now + 1)]
    [InlineData("0.001", Now + 1)]
    [InlineData("0.1", Now + 100)]
    [InlineData("0x10", Now + 16_000)]
    [InlineData("1e-400", Now + 1)]
    [InlineData("-0.0001", 0)]
    [InlineData("-1e-400", 0)]
    [InlineData("9223372036854775", long.MaxValue)]
    public void Accepted_timeouts_give_their_deadline(string text, long expected)
    {
        Assert.Null(BlockTimeout.TryComputeDeadline(Encoding.ASCII.GetBytes(text), Now, out var deadline));
        Assert.Equal(expected, deadline);
    }

    [Theory]
    [InlineData("abc", BlockTimeout.NotAFloat)]
    [InlineData("", BlockTimeout.NotAFloat)]
    [InlineData(" 1", BlockTimeout.NotAFloat)]
    [InlineData("1 ", BlockTimeout.NotAFloat)]
    [InlineData("nan", BlockTimeout.NotAFloat)]
    [InlineData("-1", BlockTimeout.Negative)]
    [InlineData("-0.001", BlockTimeout.Negative)]
    [InlineData("inf", BlockTimeout.Negative)]
    [InlineData("-inf", BlockTimeout.Negative)]
    [InlineData("1e400", BlockTimeout.Negative)]
    [InlineData("9223372036854776", BlockTimeout.Negative)]
    [InlineData("1e17", BlockTimeout.Negative)]
    public void Rejected_timeouts_give_redis_errors(string text, string error)
    {
        Assert.Equal(error, BlockTimeout.TryComputeDeadline(Encoding.ASCII.GetBytes(text), Now, out _));
    }
}
