using System.Text;
using Basalt.Text;
using Xunit;

namespace Basalt.Tests.Tools;

/// <summary>
/// The text the tools print file bytes through: any bytes decode and encode back to themselves, UTF-8
/// stays readable, and a stream writer that cuts a surrogate pair between two buffers still writes it whole.
/// </summary>
public sealed class SurrogateEscapeTests
{
    [Theory]
    [InlineData("")]
    [InlineData("6b6579")]
    [InlineData("d0bad0bbd18ed187")] // ключ
    [InlineData("e96bff80c3")]
    [InlineData("eda080")] // an encoded surrogate is not UTF-8
    [InlineData("f09f9880e282")] // an emoji, then a sequence cut short
    public void Bytes_come_back_as_they_were(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(bytes, SurrogateEscape.Encoding.GetBytes(SurrogateEscape.Decode(bytes)));
    }

    [Fact]
    public void Random_bytes_come_back_as_they_were_through_a_small_buffered_writer()
    {
        var random = new Random(3);
        for (var round = 0; round < 200; round++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            // Mix in valid UTF-8 (two-, three- and four-byte sequences) so that pairs meet buffer ends.
            var text = SurrogateEscape.Decode(bytes) + "é€😀" + SurrogateEscape.Decode(bytes);
            var expected = bytes.Concat(Encoding.UTF8.GetBytes("é€😀")).Concat(bytes).ToArray();
            using var sink = new MemoryStream();
            using (var writer = new StreamWriter(sink, SurrogateEscape.Encoding, bufferSize: 1 + round % 7, leaveOpen: true))
            {
                foreach (var c in text)
                {
                    writer.Write(c);
                }
            }
            Assert.Equal(expected, sink.ToArray());
        }
    }

    [Fact]
    public void A_pair_cut_at_the_writers_buffer_end_is_written_whole()
    {
        // StreamWriter's smallest buffer is 128 chars: the emoji's two halves land in two buffers.
        var text = new string('a', 127) + "😀";
        using var sink = new MemoryStream();
        using (var writer = new StreamWriter(sink, SurrogateEscape.Encoding, bufferSize: 128, leaveOpen: true))
        {
            writer.Write(text);
        }
        Assert.Equal(Encoding.UTF8.GetBytes(text), sink.ToArray());
    }

    [Fact]
    public void Valid_utf8_decodes_as_utf8_and_other_bytes_as_escapes()
    {
        Assert.Equal("ключ", SurrogateEscape.Decode(Encoding.UTF8.GetBytes("ключ")));
        Assert.Equal("\uDCE9k\uDCFF", SurrogateEscape.Decode([0xE9, (byte)'k', 0xFF]));
        Assert.Equal("\uDCE9", SurrogateEscape.FromLatin1("\u00E9"));
    }
}
