using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>Sends many commands in windows (so that neither side's socket buffer fills while the other waits) and checks their replies.</summary>
internal static class Pipeline
{
    private const int Window = 500;

    /// <summary>Runs every command; fails on the first error reply. Returns the replies in order.</summary>
    public static async Task<IReadOnlyList<RespReply>> RunAsync(RespConnection connection, IEnumerable<object[]> commands)
    {
        var replies = new List<RespReply>();
        foreach (var window in commands.Chunk(Window))
        {
            await connection.SendRawAsync(RespFormat.EncodePipeline(window));
            for (var i = 0; i < window.Length; i++)
            {
                var reply = await connection.ReadReplyAsync();
                Assert.False(reply.IsError, $"{RespFormat.DescribeCommand(window[i].Select(RespFormat.ToBytes))}: {reply.RawText}");
                replies.Add(reply);
            }
        }
        return replies;
    }
}
