using Basalt.Persistence.Rdb;
using Xunit;

namespace Basalt.Tests.Persistence;

public sealed class RdbInputTests
{
    [Theory]
    [InlineData(new byte[] { 0x05 }, 5UL)]
    [InlineData(new byte[] { 0x7F, 0xFF }, 16383UL)]
    [InlineData(new byte[] { 0x80, 0x00, 0x01, 0x00, 0x00 }, 65536UL)]
    [InlineData(new byte[] { 0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, ulong.MaxValue)]
    public void LengthsInEveryForm(byte[] bytes, ulong expected)
    {
        var input = new RdbInput(bytes);
        Assert.Equal(expected, input.ReadLength(out var encoded));
        Assert.False(encoded);
        Assert.Equal(bytes.Length, input.Offset);
    }

    [Fact]
    public void SpecialEncodingIsFlaggedAndGivesItsCode()
    {
        var input = new RdbInput(new byte[] { 0xC3 });
        Assert.Equal(3UL, input.ReadLength(out var encoded));
        Assert.True(encoded);
    }

    [Fact]
    public void UnknownLengthEncodingIsCorruption()
    {
        var e = Assert.Throws<RdbFormatException>(() => new RdbInput(new byte[] { 0x82, 0, 0, 0, 0 }).ReadLength());
        Assert.Equal("Unknown length encoding 2 in rdbLoadLen()", e.Message);
        Assert.Equal(1, e.Offset);
        Assert.Equal(236, e.RedisLine);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xFB }, "-5")]
    [InlineData(new byte[] { 0xC1, 0x39, 0x30 }, "12345")]
    [InlineData(new byte[] { 0xC2, 0xA0, 0x86, 0x01, 0x00 }, "100000")]
    [InlineData(new byte[] { 0x00 }, "")]
    [InlineData(new byte[] { 0x03, (byte)'a', (byte)'b', (byte)'c' }, "abc")]
    public void StringsInEveryForm(byte[] bytes, string expected)
    {
        var input = new RdbInput(bytes);
        var value = input.ReadString();
        Assert.Equal(expected, RecordingRdbSink.Latin1(value));
        Assert.Equal(bytes.Length, input.Offset);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xFB }, "-5")]
    [InlineData(new byte[] { 0xC1, 0x39, 0x30 }, "12345")]
    [InlineData(new byte[] { 0x00 }, "")]
    [InlineData(new byte[] { 0x06, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f' }, "abcdef")]
    public void StringsInEveryFormIntoATooSmallScratch(byte[] bytes, string expected)
    {
        var input = new RdbInput(bytes);
        var scratch = new byte[2];
        Assert.Equal(expected, RecordingRdbSink.Latin1(input.ReadString(ref scratch)));
        Assert.True(scratch.Length >= expected.Length);
        Assert.Equal(bytes.Length, input.Offset);
    }

    [Fact]
    public void StringsReadIntoOneScratchMatchStringsReadAsArrays()
    {
        // Plain, integer and LZF strings of many lengths, across the 64 KB blocks of a stream: the LZF
        // data is decoded where it lies in the block, refilled when it straddles two.
        var random = new Random(11);
        var file = new RdbBytes();
        const int Count = 3000;
        for (var i = 0; i < Count; i++)
        {
            switch (i % 3)
            {
                case 0:
                    var plain = new byte[random.Next(0, 600)];
                    random.NextBytes(plain);
                    file.String(plain);
                    break;
                case 1:
                    file.Raw(0xC1, (byte)i, (byte)(i >> 8));
                    break;
                default:
                    var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"v{i}-", random.Next(10, 120))));
                    var compressed = new byte[text.Length];
                    var size = Lzf.Compress(text, compressed);
                    Assert.True(size > 0);
                    file.Raw(0xC3).Length((ulong)size).Length((ulong)text.Length).Raw(compressed[..size]);
                    break;
            }
        }
        var bytes = file.ToArray();
        using var arrays = new RdbInput(new UnseekableStream(bytes));
        using var scratchInput = new RdbInput(new UnseekableStream(bytes));
        var scratch = new byte[16];
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(arrays.ReadString(), scratchInput.ReadString(ref scratch).ToArray());
        }
        Assert.Equal(bytes.Length, scratchInput.Offset);
        Assert.Equal(Crc64.Compute(bytes), scratchInput.Crc);
    }

    [Fact]
    public void IntegerEncodedStringCanBeReadAsItsValue()
    {
        var input = new RdbInput(new byte[] { 0xC1, 0x39, 0x30, 0x02, (byte)'h', (byte)'i' });
        Assert.Null(input.ReadStringOrInteger(out var value));
        Assert.Equal(12345, value);
        Assert.Equal("hi", RecordingRdbSink.Latin1(input.ReadStringOrInteger(out _)));
    }

    [Fact]
    public void LzfStringDecompresses()
    {
        var text = string.Concat(Enumerable.Repeat("redis-fixture-", 8));
        var plain = System.Text.Encoding.ASCII.GetBytes(text);
        var compressed = new byte[plain.Length];
        var size = Lzf.Compress(plain, compressed);
        var bytes = new RdbBytes().Raw(0xC3).Length((ulong)size).Length((ulong)plain.Length).Raw(compressed[..size]).ToArray();

        Assert.Equal(text, RecordingRdbSink.Latin1(new RdbInput(bytes).ReadString()));
    }

    [Fact]
    public void LzfWithAWrongLengthIsCorruption()
    {
        var bytes = new byte[] { 0xC3, 0x02, 0x05, 0x00, (byte)'a' };
        var e = Assert.Throws<RdbFormatException>(() => new RdbInput(bytes).ReadString());
        Assert.Equal("Invalid LZF compressed string", e.Message);
        Assert.Equal(5, e.Offset);
    }

    [Fact]
    public void UnknownStringEncodingIsCorruption()
    {
        var e = Assert.Throws<RdbFormatException>(() => new RdbInput(new byte[] { 0xC5 }).ReadString());
        Assert.Equal("Unknown RDB string encoding type 5", e.Message);
        Assert.Equal(529, e.RedisLine);
    }

    [Fact]
    public void ShortReadConsumesNothingAndReportsWhereItStarted()
    {
        var input = new RdbInput(new byte[] { 0x05, (byte)'a', (byte)'b' });
        var e = Assert.Throws<RdbFormatException>(() => input.ReadString());
        Assert.Equal(RdbFormatException.UnexpectedEof, e.Message);
        Assert.Equal(1, e.Offset);
    }

    [Fact]
    public void HugeLengthInAStreamOfUnknownSizeIsAShortReadNotAnAllocation()
    {
        var bytes = new RdbBytes().Length(1UL << 40).Raw(1, 2, 3).ToArray();
        using var input = new RdbInput(new UnseekableStream(bytes));
        var e = Assert.Throws<RdbFormatException>(() => input.ReadString());
        Assert.Equal(RdbFormatException.UnexpectedEof, e.Message);
        Assert.Equal(9, e.Offset);
    }

    [Fact]
    public void LongStringFromAStreamOfUnknownSizeArrivesWhole()
    {
        var payload = new byte[3_000_000];
        new Random(7).NextBytes(payload);
        var bytes = new RdbBytes().String(payload).ToArray();
        using var input = new RdbInput(new UnseekableStream(bytes));
        Assert.Equal(payload, input.ReadString());
        Assert.Equal(bytes.Length, input.Offset);
        Assert.Equal(Crc64.Compute(bytes), input.Crc);
    }

    [Theory]
    [InlineData(new byte[] { 255 }, double.NegativeInfinity)]
    [InlineData(new byte[] { 254 }, double.PositiveInfinity)]
    [InlineData(new byte[] { 3, (byte)'1', (byte)'.', (byte)'5' }, 1.5)]
    [InlineData(new byte[] { 4, (byte)'2', (byte)'x', (byte)'y', (byte)'z' }, 2.0)]
    public void LegacyDoublesAsSscanfReadsThem(byte[] bytes, double expected)
    {
        Assert.Equal(expected, new RdbInput(bytes).ReadLegacyDouble());
    }

    [Fact]
    public void LegacyDoubleNanMarkerAndUnreadableText()
    {
        Assert.True(double.IsNaN(new RdbInput(new byte[] { 253 }).ReadLegacyDouble()));
        var e = Assert.Throws<RdbFormatException>(() => new RdbInput(new byte[] { 3, (byte)'a', (byte)'b', (byte)'c' }).ReadLegacyDouble());
        Assert.Equal(RdbFormatException.UnexpectedEof, e.Message);
        Assert.Equal(4, e.Offset);
    }

    [Fact]
    public void CrcCoversExactlyTheBytesConsumedAcrossBlocks()
    {
        var data = new byte[200_000];
        new Random(3).NextBytes(data);
        using var input = new RdbInput(new UnseekableStream(data));
        var consumed = 0;
        var random = new Random(5);
        var scratch = new byte[100_000];
        while (consumed < data.Length - 100_000)
        {
            var n = random.Next(0, 70_000);
            input.ReadExact(scratch.AsSpan(0, n));
            consumed += n;
            Assert.Equal(Crc64.Compute(data.AsSpan(0, consumed)), input.Crc);
            Assert.Equal(consumed, input.Offset);
            input.ReadByte();
            consumed++;
        }
    }

    [Fact]
    public void SyncPutsASeekableStreamRightAfterWhatWasConsumed()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        using var stream = new MemoryStream(data);
        using var input = new RdbInput(stream, leaveOpen: true);
        input.ReadExact(new byte[10]);
        input.SyncStreamPosition();
        Assert.Equal(10, stream.Position);
        Assert.Equal(10, input.ReadByte());
        Assert.Equal(11, input.Offset);
    }

    private sealed class UnseekableStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
    }
}
