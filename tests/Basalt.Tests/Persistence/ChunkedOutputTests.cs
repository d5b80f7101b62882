using Basalt.Persistence.Rdb;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>The snapshot queue: bytes flow producers to writer, and throttled writers wait without a thread.</summary>
public sealed class ChunkedOutputTests
{
    private static void Produce(ChunkedOutput output, int bytes) => Produce(output.NewProducer(), bytes, 7, publish: true);

    private static void Produce(ChunkProducer producer, int bytes, byte fill, bool publish)
    {
        while (bytes > 0)
        {
            // A record written in pieces, as the RDB writer does.
            var piece = Math.Min(bytes, 1000);
            var span = producer.GetSpan(piece);
            span[..piece].Fill(fill);
            producer.Advance(piece);
            bytes -= piece;
        }
        if (publish)
        {
            producer.Publish();
        }
    }

    private static byte[] TakeAll(ChunkedOutput output)
    {
        output.Complete();
        var all = new List<byte>();
        while (output.TryTake(out var chunk, out var length))
        {
            all.AddRange(chunk.GetSpan()[..length].ToArray());
            output.Release(chunk, length);
        }
        return [.. all];
    }

    [Fact]
    public void Runs_of_two_producers_never_interleave_inside_a_record()
    {
        using var output = new ChunkedOutput();
        var walker = output.NewProducer();
        var writer = output.NewProducer();
        // The walker's record outgrows its chunk; the writer publishes meanwhile: the walker's bytes
        // must stay in one piece, after the writer's run.
        Produce(walker, ChunkedOutput.ChunkSize + 5000, 1, publish: false);
        Assert.True(walker.HasFullChunks);
        Produce(writer, 300, 2, publish: true);
        Assert.Equal(ChunkedOutput.ChunkSize + 5300, output.PendingBytes);
        var runs = walker.Runs;
        walker.Publish();
        Assert.Equal(runs + 1, walker.Runs);
        Assert.False(walker.HasFullChunks);

        var bytes = TakeAll(output);
        Assert.Equal(ChunkedOutput.ChunkSize + 5300, bytes.Length);
        Assert.All(bytes[..300], b => Assert.Equal(2, b));
        Assert.All(bytes[300..], b => Assert.Equal(1, b));
    }

    [Fact]
    public async Task Held_bytes_count_against_the_writers_limit_but_not_the_producers()
    {
        using var output = new ChunkedOutput();
        Produce(output, 1000);
        output.Hold(4000);
        Assert.Equal(5000, output.PendingBytes);
        Assert.Equal(5000, output.PeakPendingBytes);
        // The producer's own wait ignores what it holds: producing is what frees it.
        output.WaitBelow(2000);
        var throttled = output.WaitBelowAsync(2000);
        Assert.False(throttled.IsCompleted);
        output.Hold(-4000);
        await throttled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1000, output.PendingBytes);
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
