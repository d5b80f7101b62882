using Basalt.Types.Encodings;
using Xunit;

namespace Basalt.Tests.Encodings;

/// <summary>The intset format byte for byte, upgrades, and validation.</summary>
public sealed class IntsetTests
{
    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    [Fact]
    public void Empty_intset_is_an_int16_header()
    {
        var set = new Intset();
        Assert.Equal("0200000000000000", Hex(set.ToBlob()));
        Assert.Equal(0, set.Count);
        Assert.False(set.Contains(0));
        Assert.False(set.Remove(0));
    }

    [Fact]
    public void Members_are_sorted_little_endian_and_unique()
    {
        var set = new Intset();
        Assert.True(set.Add(3));
        Assert.True(set.Add(1));
        Assert.True(set.Add(2));
        Assert.False(set.Add(2));
        Assert.Equal("0200000003000000" + "0100" + "0200" + "0300", Hex(set.ToBlob()));
        Assert.Equal(1, set.Min);
        Assert.Equal(3, set.Max);
        Assert.Equal(2, set.Get(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Get(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Get(-1));
    }

    [Fact]
    public void Upgrades_widen_every_member_and_never_narrow()
    {
        var set = new Intset();
        set.Add(5);
        set.Add(-5);
        Assert.Equal(2, set.Width);

        Assert.True(set.Add(32768));
        Assert.Equal(4, set.Width);
        Assert.Equal("0400000003000000" + "FBFFFFFF" + "05000000" + "00800000", Hex(set.ToBlob()));

        Assert.True(set.Add(-2147483649));
        Assert.Equal(8, set.Width);
        Assert.Equal(-2147483649, set.Min);
        Assert.Equal([-2147483649, -5, 5, 32768], Members(set));

        Assert.True(set.Add(long.MaxValue));
        Assert.True(set.Add(long.MinValue));
        Assert.Equal([long.MinValue, -2147483649, -5, 5, 32768, long.MaxValue], Members(set));

        foreach (var v in new[] { long.MinValue, -2147483649, 32768, long.MaxValue })
        {
            Assert.True(set.Remove(v));
        }
        Assert.Equal(8, set.Width);
        Assert.Equal("0800000002000000" + "FBFFFFFFFFFFFFFF" + "0500000000000000", Hex(set.ToBlob()));
    }

    [Fact]
    public void Values_wider_than_the_encoding_are_never_members()
    {
        var set = new Intset();
        set.Add(1);
        Assert.False(set.Contains(65537));
        Assert.False(set.Contains(long.MaxValue));
        Assert.False(set.Remove(1L << 40));
        Assert.True(set.Contains(1));
    }

    [Fact]
    public void Random_operations_match_a_sorted_set_model()
    {
        var random = new Random(7);
        var set = new Intset();
        var model = new SortedSet<long>();
        long[] magnitudes = [100, 40000, 3000000000, long.MaxValue];
        for (var step = 0; step < 5000; step++)
        {
            var magnitude = magnitudes[random.Next(step < 2000 ? 1 : magnitudes.Length)];
            var value = random.NextInt64(-magnitude, magnitude);
            if (random.Next(3) == 0)
            {
                Assert.Equal(model.Remove(value), set.Remove(value));
            }
            else
            {
                Assert.Equal(model.Add(value), set.Add(value));
            }
            Assert.Equal(model.Contains(value), set.Contains(value));
        }
        Assert.Equal(model.ToArray(), Members(set));
        Assert.True(Intset.Validate(set.ToBlob(), deep: true, out var count));
        Assert.Equal(model.Count, count);
        var copy = Intset.FromBlob(set.ToBlob());
        Assert.Equal(Hex(set.ToBlob()), Hex(copy.ToBlob()));
        Assert.Equal(Hex(set.ToBlob()), Hex(set.Clone().ToBlob()));
        for (var i = 0; i < 50; i++)
        {
            Assert.Contains(set.Random(random), model);
        }
    }

    [Fact]
    public void A_small_intset_keeps_a_four_byte_header_in_memory()
    {
        // One member of 2 bytes: Redis's blob takes 10 bytes, the array 4 + 2 (rounded to 8), so the
        // array object is 32 bytes rather than 40.
        var set = new Intset();
        set.Add(7);
        Assert.Equal(8, set.Buffer.Length);
        Assert.Equal(10, set.BlobLength);
        Assert.Equal("0200000001000000" + "0700", Hex(set.ToBlob()));
        set.Add(1L << 40);
        Assert.Equal(4 + 2 * 8, set.ByteLength);
        Assert.Equal("0800000002000000" + "0700000000000000" + "0000000000010000", Hex(set.ToBlob()));
        var loaded = Intset.FromBlob(set.ToBlob());
        Assert.Equal(8, loaded.Width);
        Assert.Equal([7L, 1L << 40], Members(loaded));
        Assert.Equal(Listpack.AllocationSize(loaded.ByteLength), loaded.Buffer.Length);
    }

    [Theory]
    [InlineData("", "too short")]
    [InlineData("02000000000000", "header cut")]
    [InlineData("0200000000000000", "empty")]
    [InlineData("0300000001000000010000", "width 3")]
    [InlineData("1000000001000000", "width 16")]
    [InlineData("020000000200000001000200FF", "size larger than the length says")]
    [InlineData("0200000002000000010002", "size smaller than the length says")]
    [InlineData("02000000FFFFFFFF0100", "huge length")]
    [InlineData("0200000002000000" + "0200" + "0100", "descending")]
    [InlineData("0200000002000000" + "0100" + "0100", "duplicate")]
    public void Validate_rejects_corrupt_blobs(string hex, string why)
    {
        var blob = Convert.FromHexString(hex);
        Assert.False(Intset.Validate(blob, deep: true), why);
        Assert.Throws<InvalidDataException>(() => Intset.FromBlob(blob));
    }

    [Fact]
    public void Shallow_validation_checks_only_the_header()
    {
        var blob = Convert.FromHexString("0200000002000000" + "0200" + "0100");
        Assert.True(Intset.Validate(blob, deep: false, out var count));
        Assert.Equal(2, count);
    }

    private static long[] Members(Intset set) => Enumerable.Range(0, set.Count).Select(set.Get).ToArray();
}
