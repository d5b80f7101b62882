using System.Buffers;
using System.Text;
using Basalt.Persistence.Rdb;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The primitive encodings against rdb.c's rules (spec 1.3-1.5): length forms at their boundaries,
/// the integer forms of strings, the LZF threshold and budget, times and doubles.
/// </summary>
public sealed class RdbEncoderTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(63UL, "3F")]
    [InlineData(64UL, "4040")]
    [InlineData(16383UL, "7FFF")]
    [InlineData(16384UL, "8000004000")]
    [InlineData(4294967295UL, "80FFFFFFFF")]
    [InlineData(4294967296UL, "810000000100000000")]
    [InlineData(ulong.MaxValue, "81FFFFFFFFFFFFFFFF")]
    public void Length_uses_the_shortest_form(ulong length, string expected)
    {
        Assert.Equal(expected, Hex(output => RdbEncoder.WriteLength(output, length)));
        Assert.Equal(expected.Length / 2, RdbEncoder.LengthSize(length));
    }

    [Theory]
    [InlineData("-5", "C0FB")]
    [InlineData("0", "C000")]
    [InlineData("127", "C07F")]
    [InlineData("-128", "C080")]
    [InlineData("128", "C18000")]
    [InlineData("12345", "C13930")]
    [InlineData("-32768", "C10080")]
    [InlineData("32768", "C200800000")]
    [InlineData("100000", "C2A0860100")]
    [InlineData("2147483647", "C2FFFFFF7F")]
    [InlineData("-2147483648", "C200000080")]
    public void Canonical_int32_strings_use_the_integer_forms(string text, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal(expected, Hex(output => RdbEncoder.WriteString(output, bytes, compress: true)));
        Assert.Equal(expected, Hex(output => RdbEncoder.WriteInteger(output, long.Parse(text, System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Theory]
    [InlineData("007")]
    [InlineData("-0")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("2147483648")]
    [InlineData("-2147483649")]
    [InlineData("12345678901")]
    [InlineData("123456789012")]
    [InlineData("9223372036854775807")]
    public void Other_strings_are_written_as_text(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var expected = $"{bytes.Length:X2}{Convert.ToHexString(bytes)}";
        Assert.Equal(expected, Hex(output => RdbEncoder.WriteString(output, bytes, compress: true)));
    }

    [Theory]
    [InlineData(2147483648L)]
    [InlineData(-2147483649L)]
    [InlineData(12345678901L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Integer_values_beyond_int32_are_written_as_their_decimal_text(long value)
    {
        var text = Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"{text.Length:X2}{Convert.ToHexString(text)}", Hex(output => RdbEncoder.WriteInteger(output, value)));
    }

    [Fact]
    public void Empty_string_is_a_zero_length()
    {
        Assert.Equal("00", Hex(output => RdbEncoder.WriteString(output, [], compress: true)));
        Assert.Equal("00", Hex(output => RdbEncoder.WriteString(output, [], compress: false)));
    }

    [Fact]
    public void Strings_of_20_bytes_or_fewer_are_never_compressed()
    {
        var twenty = Encoding.ASCII.GetBytes(new string('a', 20));
        Assert.Equal("14" + Convert.ToHexString(twenty), Hex(output => RdbEncoder.WriteString(output, twenty, compress: true)));
    }

    [Fact]
    public void A_compressible_string_of_21_bytes_is_written_as_lzf()
    {
        var value = Encoding.ASCII.GetBytes(new string('a', 21));
        var compressed = new byte[value.Length - 4];
        var clen = Lzf.Compress(value, compressed);
        Assert.True(clen > 0);
        var expected = $"C3{clen:X2}15{Convert.ToHexString(compressed, 0, clen)}";
        Assert.Equal(expected, Hex(output => RdbEncoder.WriteString(output, value, compress: true)));
        Assert.Equal("15" + Convert.ToHexString(value), Hex(output => RdbEncoder.WriteString(output, value, compress: false)));
    }

    [Fact]
    public void A_string_lzf_cannot_shrink_by_four_bytes_is_written_plain()
    {
        var value = Encoding.ASCII.GetBytes("abcdefghijklmnopqrstuvwxyz");
        Assert.Equal("1A" + Convert.ToHexString(value), Hex(output => RdbEncoder.WriteString(output, value, compress: true)));
    }

    [Theory]
    [InlineData(100)] // the budget (96) takes a 14-bit length, the compressed size a 6-bit one
    [InlineData(70_000)] // past the direct-compression limit: goes through the pooled buffer
    [InlineData(3_000_000)]
    public void Lzf_header_holds_the_compressed_then_the_original_length(int length)
    {
        var value = new byte[length];
        for (var i = 0; i < value.Length; i++)
        {
            value[i] = (byte)('a' + (i % 7));
        }
        var written = Bytes(output => RdbEncoder.WriteString(output, value, compress: true));

        var cursor = new RdbRecordCursor(written, 0);
        Assert.Equal(value, cursor.ReadString());
        Assert.Equal(written.Length, cursor.Position);
        var expectedCompressed = new byte[length - 4];
        var clen = Lzf.Compress(value, expectedCompressed);
        Assert.Equal(0xC3, written[0]);
        Assert.Equal(1 + RdbEncoder.LengthSize((ulong)clen) + RdbEncoder.LengthSize((ulong)length) + clen, written.Length);
        Assert.True(written.AsSpan(written.Length - clen).SequenceEqual(expectedCompressed.AsSpan(0, clen)));
    }

    [Fact]
    public void A_long_plain_string_goes_out_in_pieces()
    {
        var value = new byte[1_000_000];
        new Random(7).NextBytes(value);
        var output = new ArrayBufferWriter<byte>();
        var recorder = new RequestRecorder(output);
        RdbEncoder.WriteString(recorder, value, compress: false);
        Assert.True(recorder.LargestRequest <= 64 * 1024, $"asked for {recorder.LargestRequest} bytes at once");
        Assert.Equal("80000F4240", Convert.ToHexString(output.WrittenSpan[..5]));
        Assert.True(output.WrittenSpan[5..].SequenceEqual(value));
    }

    [Fact]
    public void Times_and_doubles_are_little_endian()
    {
        Assert.Equal("00D8C32CBB030000", Hex(output => RdbEncoder.WriteMillisecondsTime(output, 4102444800000)));
        Assert.Equal("FFFFFFFFFFFFFFFF", Hex(output => RdbEncoder.WriteMillisecondsTime(output, -1)));
        Assert.Equal("000000000000F83F", Hex(output => RdbEncoder.WriteBinaryDouble(output, 1.5)));
        Assert.Equal("000000000000F0FF", Hex(output => RdbEncoder.WriteBinaryDouble(output, double.NegativeInfinity)));
    }

    private static byte[] Bytes(Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        return output.WrittenSpan.ToArray();
    }

    private static string Hex(Action<IBufferWriter<byte>> write) => Convert.ToHexString(Bytes(write));

    /// <summary>Passes everything through, remembering the largest span asked for.</summary>
    private sealed class RequestRecorder(IBufferWriter<byte> inner) : IBufferWriter<byte>
    {
        public int LargestRequest { get; private set; }

        public void Advance(int count) => inner.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            LargestRequest = Math.Max(LargestRequest, sizeHint);
            return inner.GetMemory(sizeHint);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            LargestRequest = Math.Max(LargestRequest, sizeHint);
            return inner.GetSpan(sizeHint);
        }
    }
}
