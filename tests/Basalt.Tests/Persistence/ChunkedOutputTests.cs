using Basalt.Persistence.Rdb;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>The snapshot queue: bytes flow producer to writer, and throttled writers wait without a thread.</summary>
public sealed class ChunkedOutputTests
{
    private static void Produce(ChunkedOutput output, int bytes)
    {
        var span = output.GetSpan(bytes);
        span[..bytes].Fill(7);
        output.Advance(bytes);
        output.Publish();
    }

    [Fact]
    public async Task An_async_waiter_is_released_once_the_writer_brings_the_queue_under_its_limit()
    {
        using var output = new ChunkedOutput();
        Produce(output, 1000);
        Produce(output, 1000);
        Assert.True(output.WaitBelowAsync(5000).IsCompleted);
        var waiting = output.WaitBelowAsync(1500);
        Assert.False(waiting.IsCompleted);

        Assert.True(output.TryTake(out var buffer, out var length));
        Assert.Equal(1000, length);
        output.Release(buffer, length);
        // 1000 bytes pending now, under 1500: the waiter goes on (on the thread pool, not inline).
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1000, output.PendingBytes);
    }

    [Fact]
    public async Task Abandoning_the_output_releases_every_waiter()
    {
        var output = new ChunkedOutput();
        Produce(output, 4000);
        var waiting = output.WaitBelowAsync(10);
        Assert.False(waiting.IsCompleted);
        output.Abandon();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(output.WaitBelowAsync(10).IsCompleted);
    }
}
