using System.Buffers.Binary;
using System.Text;
using Basalt.Persistence.Rdb;
using Xunit;

namespace Basalt.Tests.Persistence;

public sealed class LzfTests
{
    public static TheoryData<string, int> Inputs => new()
    {
        { "random", 1 }, { "random", 2 }, { "random", 3 }, { "random", 31 }, { "random", 32 }, { "random", 33 },
        { "random", 5000 }, { "text", 21 }, { "text", 300 }, { "text", 70000 }, { "zeros", 1 }, { "zeros", 3 },
        { "zeros", 264 }, { "zeros", 265 }, { "zeros", 100000 }, { "lowalphabet", 9000 }, { "farrepeat", 30000 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void RoundTrips(string kind, int length) => RoundTrip(Make(kind, length, seed: length));

    /// <summary>Back references that overlap what they copy (a pattern repeated), at many distances.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(263)]
    public void RoundTripsRepeatedPatterns(int period)
    {
        var pattern = Make("random", period, seed: period);
        var input = new byte[3000 + period];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = pattern[i % period];
        }
        RoundTrip(input);
    }

    private static void RoundTrip(byte[] input)
    {
        var length = input.Length;
        // liblzf's worst case is one control byte per 32 literals, but its budget checks are
        // conservative by a few bytes (a match needs 4 free bytes, the tail 3).
        var compressed = new byte[length + (length / 32) + 8];
        var written = Lzf.Compress(input, compressed);
        Assert.True(written > 0);
        var output = new byte[length];
        Assert.Equal(length, Lzf.Decompress(compressed.AsSpan(0, written), output));
        Assert.Equal(input, output);
    }

    [Fact]
    public void CompressibleDataShrinks()
    {
        var input = Make("text", 10000, seed: 1);
        var compressed = new byte[input.Length];
        var written = Lzf.Compress(input, compressed);
        Assert.InRange(written, 1, input.Length / 2);
    }

    [Fact]
    public void CompressReturnsZeroWhenTheBudgetIsTooSmall()
    {
        var input = Make("random", 100, seed: 7);
        Assert.Equal(0, Lzf.Compress(input, new byte[input.Length - 4]));
        Assert.Equal(0, Lzf.Compress(input, []));
        Assert.Equal(0, Lzf.Compress([], new byte[10]));
    }

    [Fact]
    public void CompressStaysInsideItsBudgetAndIsBudgetIndependentWhenItSucceeds()
    {
        foreach (var kind in new[] { "text", "random", "zeros", "lowalphabet" })
        {
            var input = Make(kind, 400, seed: 3);
            var full = new byte[1000];
            var fullLength = Lzf.Compress(input, full);
            Assert.True(fullLength > 0);
            for (var budget = 0; budget <= fullLength + 4; budget++)
            {
                var buffer = new byte[budget + 16];
                buffer.AsSpan().Fill(0xEE);
                var written = Lzf.Compress(input, buffer.AsSpan(0, budget));
                Assert.All(buffer.AsSpan(budget).ToArray(), b => Assert.Equal(0xEE, b));
                if (written != 0)
                {
                    Assert.Equal(full.AsSpan(0, fullLength).ToArray(), buffer.AsSpan(0, written).ToArray());
                }
            }
            Assert.Equal(fullLength, Lzf.Compress(input, new byte[fullLength + 8]));
        }
    }

    [Fact]
    public void SuccessiveCallsDoNotSeeEachOthersHashTable()
    {
        // A stale table entry from a previous input could produce a (valid but) different stream.
        var first = Make("text", 5000, seed: 11);
        var second = Make("text", 5000, seed: 12);
        var alone = new byte[6000];
        var aloneLength = Lzf.Compress(second, alone);
        var again = new byte[6000];
        Lzf.Compress(first, new byte[6000]);
        Assert.Equal(aloneLength, Lzf.Compress(second, again));
        Assert.Equal(alone, again);
    }

    [Fact]
    public void DecompressRejectsCorruptInput()
    {
        var output = new byte[100];
        // Literal run of 4 with only 2 bytes present.
        AssertCorrupt([0x03, 0x41, 0x42], output);
        // Back reference with no offset byte.
        AssertCorrupt([0x00, 0x41, 0x20], output);
        // Long back reference missing its offset byte.
        AssertCorrupt([0x00, 0x41, 0xE0, 0x05], output);
        // Back reference before the start of the output.
        AssertCorrupt([0x00, 0x41, 0x20, 0x01], output);
        // More output than the buffer holds.
        AssertCorrupt([0x00, 0x41, 0xE0, 0xFF, 0x00], new byte[10]);
        AssertCorrupt([0x04, 0x41, 0x41, 0x41, 0x41, 0x41], new byte[4]);

        var ex = Assert.Throws<InvalidDataException>(() => Lzf.Decompress([0x00, 0x41, 0x20, 0x01], new byte[10]));
        Assert.Contains("input offset 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecompressOfMutatedStreamsNeverLeavesItsBuffers()
    {
        var random = new Random(2024);
        var input = Make("text", 2000, seed: 5);
        var compressed = new byte[2100];
        var length = Lzf.Compress(input, compressed);
        for (var round = 0; round < 3000; round++)
        {
            var mutated = compressed.AsSpan(0, length).ToArray();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }
            var cut = random.Next(2) == 0 ? mutated.Length : random.Next(mutated.Length);
            var output = new byte[random.Next(2) == 0 ? input.Length : random.Next(input.Length)];
            try
            {
                var written = Lzf.Decompress(mutated.AsSpan(0, cut), output);
                Assert.InRange(written, 0, output.Length);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Fact]
    public void DecompressesTheCompressedQuicklistNodesOfTheListFixture()
    {
        // 3000 elements "item-00000".. in nodes of 681; nodes 2-4 were LZF-compressed in memory.
        var blobs = LzfBlob.Scan(RdbFixtureFiles.Read("rdb-list-compressed/dump.rdb"));
        Assert.Equal(3, blobs.Count);
        for (var node = 0; node < 3; node++)
        {
            var expected = ItemListpack(first: (node + 1) * 681, count: 681);
            Assert.Equal(8179, expected.Length);
            Assert.Equal(expected, blobs[node].Decompress());
            // quicklist compresses with its own budget; a successful compression is budget independent.
            var recompressed = new byte[expected.Length];
            var written = Lzf.Compress(expected, recompressed);
            Assert.Equal(blobs[node].Compressed, recompressed.AsSpan(0, written).ToArray());
        }
    }

    [Fact]
    public void CompressReproducesEveryBlobOfTheAllTypesFixture()
    {
        var blobs = LzfBlob.Scan(RdbFixtureFiles.Read("rdb-all-types/dump.rdb"));
        var uncompressedFile = RdbFixtureFiles.Read("rdb-nocompression/dump.rdb");
        Assert.Equal(9, blobs.Count);
        foreach (var blob in blobs)
        {
            var data = blob.Decompress();
            // The same data set saved with rdbcompression no holds the plain value.
            Assert.True(uncompressedFile.AsSpan().IndexOf(data) >= 0, $"blob at {blob.Offset} not in the uncompressed file");
            var output = new byte[data.Length - 4]; // rdbSaveLzfStringObject's budget
            var written = Lzf.Compress(data, output);
            Assert.Equal(blob.Compressed, output.AsSpan(0, written).ToArray());
        }
    }

    private static void AssertCorrupt(byte[] input, byte[] output)
    {
        Assert.Throws<InvalidDataException>(() => Lzf.Decompress(input, output));
        Assert.False(Lzf.TryDecompress(input, output, out var written));
        Assert.Equal(0, written);
    }

    private static byte[] ItemListpack(int first, int count)
    {
        var listpack = new List<byte>();
        listpack.AddRange(new byte[6]);
        for (var i = first; i < first + count; i++)
        {
            listpack.Add(0x80 | 10);
            listpack.AddRange(Encoding.ASCII.GetBytes($"item-{i:D5}"));
            listpack.Add(11);
        }
        listpack.Add(0xFF);
        var bytes = listpack.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)bytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), (ushort)count);
        return bytes;
    }

    internal static byte[] Make(string kind, int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        switch (kind)
        {
            case "random":
                random.NextBytes(data);
                break;
            case "zeros":
                break;
            case "lowalphabet":
                for (var i = 0; i < length; i++)
                {
                    data[i] = (byte)('a' + random.Next(3));
                }
                break;
            case "farrepeat":
                // A random block repeated further back than LZF's 8 KB window, then nearer.
                var block = new byte[9000];
                random.NextBytes(block);
                for (var i = 0; i < length; i++)
                {
                    data[i] = block[i % (i < 18000 ? 9000 : 4000)];
                }
                break;
            default:
                string[] words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", " ", ", ", "\n"];
                var text = new StringBuilder();
                while (text.Length < length)
                {
                    text.Append(words[random.Next(words.Length)]);
                }
                Encoding.ASCII.GetBytes(text.ToString(0, length), data);
                break;
        }
        return data;
    }
}
