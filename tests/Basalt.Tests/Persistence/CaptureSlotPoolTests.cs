using Basalt.Persistence;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>The native memory of a snapshot's captured slot numbers: pieces that do not overlap, reused once given back.</summary>
public sealed unsafe class CaptureSlotPoolTests
{
    [Fact]
    public void Pieces_do_not_overlap_across_slabs()
    {
        using var pool = new CaptureSlotPool();
        // More pieces than one slab holds, each filled with its own number.
        var pieces = new List<nint>();
        for (var i = 0; i < 2500; i++)
        {
            var piece = pool.Take();
            new Span<int>(piece, CaptureSlotPool.PieceSlots).Fill(i);
            pieces.Add((nint)piece);
        }
        for (var i = 0; i < pieces.Count; i++)
        {
            var slots = new Span<int>((int*)pieces[i], CaptureSlotPool.PieceSlots);
            Assert.True(slots.IndexOfAnyExcept(i) < 0, $"piece {i} was overwritten");
        }
        Assert.Equal(3L * 1024 * CaptureSlotPool.PieceSlots * sizeof(int), pool.Bytes);
    }

    [Fact]
    public void A_piece_given_back_is_taken_again_before_new_memory()
    {
        using var pool = new CaptureSlotPool();
        var first = pool.Take();
        var second = pool.Take();
        Assert.NotEqual((nint)first, (nint)second);
        pool.Give(first);
        pool.Give(second);
        var bytes = pool.Bytes;
        Assert.Equal((nint)second, (nint)pool.Take());
        Assert.Equal((nint)first, (nint)pool.Take());
        Assert.NotEqual((nint)first, (nint)pool.Take());
        Assert.Equal(bytes, pool.Bytes);
    }

    [Fact]
    public void Dispose_frees_everything_and_the_pool_starts_over()
    {
        var pool = new CaptureSlotPool();
        pool.Give(pool.Take());
        pool.Dispose();
        Assert.Equal(0, pool.Bytes);
        var piece = pool.Take();
        new Span<int>(piece, CaptureSlotPool.PieceSlots).Fill(1);
        Assert.Equal(1024L * CaptureSlotPool.PieceSlots * sizeof(int), pool.Bytes);
        pool.Dispose();
    }
}
