using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>The bitmap primitives against a bit-by-bit reading of the same bytes.</summary>
public sealed class BitmapTests
{
    private static bool NaiveBit(byte[] bytes, long offset) =>
        offset < bytes.Length * 8L && (bytes[offset / 8] >> (7 - (int)(offset % 8)) & 1) == 1;

    private static IEnumerable<byte[]> Samples()
    {
        var random = new Random(99);
        foreach (var length in new[] { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 257 })
        {
            foreach (var fill in new byte[] { 0x00, 0xff, 0x80, 0x01 })
            {
                var same = new byte[length];
                Array.Fill(same, fill);
                yield return same;
                if (length > 0)
                {
                    var lastDiffers = (byte[])same.Clone();
                    lastDiffers[^1] ^= 0x01;
                    yield return lastDiffers;
                }
            }
            var noise = new byte[length];
            random.NextBytes(noise);
            yield return noise;
        }
    }

    [Fact]
    public void PopCount_counts_every_set_bit()
    {
        foreach (var bytes in Samples())
        {
            long expected = 0;
            for (long i = 0; i < bytes.Length * 8L; i++)
            {
                expected += NaiveBit(bytes, i) ? 1 : 0;
            }
            Assert.Equal(expected, Bitmap.PopCount(bytes));
        }
    }

    [Fact]
    public void FirstBit_finds_the_first_match_or_reports_none_as_redis_does()
    {
        foreach (var bytes in Samples())
        {
            foreach (var bit in new[] { 0, 1 })
            {
                long expected = bit == 1 ? -1 : bytes.Length * 8L;
                for (long i = 0; i < bytes.Length * 8L; i++)
                {
                    if (NaiveBit(bytes, i) == (bit == 1))
                    {
                        expected = i;
                        break;
                    }
                }
                Assert.Equal(expected, Bitmap.FirstBit(bytes, bit));
            }
        }
    }

    [Fact]
    public void SetBit_and_GetBit_address_bits_from_the_most_significant()
    {
        var bytes = new byte[2];
        Bitmap.SetBit(bytes, 0, true);
        Bitmap.SetBit(bytes, 15, true);
        Assert.Equal(new byte[] { 0x80, 0x01 }, bytes);
        Assert.True(Bitmap.GetBit(bytes, 15));
        Assert.False(Bitmap.GetBit(bytes, 14));
        Assert.False(Bitmap.GetBit(bytes, 1000));
        Bitmap.SetBit(bytes, 0, false);
        Assert.Equal(0, bytes[0]);
    }

    [Theory]
    [InlineData(Bitmap.Operation.And)]
    [InlineData(Bitmap.Operation.Or)]
    [InlineData(Bitmap.Operation.Xor)]
    [InlineData(Bitmap.Operation.Not)]
    public void Combine_treats_short_sources_as_zero_padded(Bitmap.Operation operation)
    {
        var random = new Random((int)operation);
        for (var round = 0; round < 200; round++)
        {
            var count = operation == Bitmap.Operation.Not ? 1 : 1 + random.Next(4);
            var sources = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                sources[i] = new byte[random.Next(0, 80)];
                random.NextBytes(sources[i]);
            }
            var longest = sources.Max(s => s.Length);
            var expected = new byte[longest];
            for (var j = 0; j < longest; j++)
            {
                int At(int i) => j < sources[i].Length ? sources[i][j] : 0;
                var output = At(0);
                for (var i = 1; i < count; i++)
                {
                    output = operation switch
                    {
                        Bitmap.Operation.And => output & At(i),
                        Bitmap.Operation.Or => output | At(i),
                        _ => output ^ At(i),
                    };
                }
                expected[j] = (byte)(operation == Bitmap.Operation.Not ? ~output : output);
            }
            var actual = Bitmap.Combine(operation, sources.Select(s => (ReadOnlyMemory<byte>)s).ToArray());
            Assert.Equal(expected, actual);
        }
    }
}
