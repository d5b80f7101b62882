using System.Buffers.Binary;
using Basalt.Types.Encodings;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>
/// A listpack and an intset keep their size and count only in their blob's header (no fields), so
/// the header must say the truth after every change, and an unknown listpack count (65535) behaves
/// as Redis's lpLength: counted when read, written back when it fits again.
/// </summary>
public sealed class ListpackHeaderTests
{
    private static int HeaderCount(Listpack lp) => BinaryPrimitives.ReadUInt16LittleEndian(lp.AsSpan()[4..]);

    private static uint HeaderBytes(Listpack lp) => BinaryPrimitives.ReadUInt32LittleEndian(lp.AsSpan());

    [Fact]
    public void Every_change_keeps_the_header_right()
    {
        var lp = new Listpack();
        lp.Append("a"u8);
        lp.Prepend(7);
        lp.Insert(lp.First, "between"u8, after: true);
        Assert.Equal(3, HeaderCount(lp));
        Assert.Equal((uint)lp.ByteLength, HeaderBytes(lp));
        lp.Replace(lp.First, "seven"u8);
        lp.Delete(lp.Last);
        Assert.Equal(2, lp.Count);
        Assert.Equal(2, HeaderCount(lp));
        Assert.Equal((uint)lp.ByteLength, HeaderBytes(lp));
        var copy = lp.Clone();
        copy.AppendAll(lp);
        Assert.Equal(4, HeaderCount(copy));
        Assert.Equal((uint)copy.ByteLength, HeaderBytes(copy));
        Assert.True(Listpack.Validate(copy.AsSpan(), deep: true, out var count));
        Assert.Equal(4, count);
        copy.Clear();
        Assert.Equal(0, copy.Count);
        Assert.Equal(7u, HeaderBytes(copy));
        Assert.Equal(-1, copy.First);
        Assert.Equal(-1, copy.Last);
    }

    [Fact]
    public void An_unknown_count_stays_unknown_through_changes_until_it_is_read()
    {
        var lp = new Listpack();
        for (var i = 0; i < 65535; i++)
        {
            lp.Append(i % 100);
        }
        Assert.Equal(Listpack.UnknownCount, HeaderCount(lp));

        lp.DeleteRange(0, 10);
        // As lpDelete: an unknown count is not moved, even once the entries would fit it.
        Assert.Equal(Listpack.UnknownCount, HeaderCount(lp));
        Assert.Equal(65525, lp.Count);
        // As lpLength: reading counts them and writes the count back.
        Assert.Equal(65525, HeaderCount(lp));

        lp.Append(1);
        Assert.Equal(65526, HeaderCount(lp));
        Assert.Equal(65526, lp.Count);
        Assert.True(Listpack.Validate(lp.AsSpan(), deep: true, out var count));
        Assert.Equal(65526, count);
    }

    [Fact]
    public void An_adopted_blob_with_an_unknown_count_is_counted()
    {
        var source = new Listpack();
        for (var i = 0; i < 3; i++)
        {
            source.Append("x"u8);
        }
        var blob = source.AsSpan().ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(4), Listpack.UnknownCount);
        Assert.True(Listpack.Validate(blob, deep: true, out var count));
        var adopted = Listpack.Adopt(blob, count);
        Assert.Equal(3, adopted.Count);
        Assert.Equal(3, HeaderCount(adopted));
    }

    [Fact]
    public void An_intset_header_follows_its_members_and_width()
    {
        var intset = new Intset();
        intset.Add(5);
        intset.Add(-3);
        Assert.Equal(2, intset.Count);
        Assert.Equal(2, intset.Width);
        intset.Add(100_000);
        Assert.Equal(4, intset.Width);
        intset.Add(1L << 40);
        intset.Remove(5);
        var blob = intset.ToBlob();
        Assert.Equal(intset.BlobLength, blob.Length);
        Assert.Equal(8u, BinaryPrimitives.ReadUInt32LittleEndian(blob));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]));
        Assert.Equal([-3L, 100_000L, 1L << 40], Enumerable.Range(0, intset.Count).Select(intset.Get));
        Assert.True(Intset.Validate(blob, deep: true));
        var copy = Intset.FromBlob(blob);
        Assert.Equal([-3L, 100_000L, 1L << 40], Enumerable.Range(0, copy.Count).Select(copy.Get));
        Assert.Equal(8, copy.Width);
    }
}
