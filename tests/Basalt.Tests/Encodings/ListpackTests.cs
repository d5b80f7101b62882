using System.Text;
using Basalt.Types.Encodings;
using Xunit;

namespace Basalt.Tests.Encodings;

/// <summary>The listpack format byte for byte, navigation and mutation, against a simple model.</summary>
public sealed class ListpackTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    /// <summary>The canonical blob for these entries, built independently of the code under test.</summary>
    private static byte[] Expected(IEnumerable<byte[]> entries) => ListpackModel.Build(entries);

    private static List<string> Entries(Listpack lp)
    {
        var result = new List<string>();
        for (var p = lp.First; p >= 0; p = lp.Next(p))
        {
            result.Add(lp.Get(p).ToString());
        }
        return result;
    }

    private static void AssertMatches(Listpack lp, IReadOnlyList<byte[]> model)
    {
        Assert.Equal(model.Count, lp.Count);
        Assert.Equal(Hex(Expected(model)), Hex(lp.AsSpan()));
        Assert.True(Listpack.Validate(lp.AsSpan(), deep: true, out var count));
        Assert.Equal(model.Count, count);
        Assert.Equal(lp.AsSpan().Length, lp.ByteLength);
    }

    [Fact]
    public void Empty_listpack_is_seven_bytes()
    {
        var lp = new Listpack();
        Assert.Equal("070000000000FF", Hex(lp.AsSpan()));
        Assert.Equal(0, lp.Count);
        Assert.Equal(-1, lp.First);
        Assert.Equal(-1, lp.Last);
        Assert.Equal(-1, lp.Seek(0));
        Assert.Equal(-1, lp.Seek(-1));
    }

    [Fact]
    public void Two_strings_match_the_fixture_bytes()
    {
        var lp = new Listpack();
        lp.Append(B("x"));
        lp.Append(B("y"));
        Assert.Equal("0D0000000200817802817902FF", Hex(lp.AsSpan()));
    }

    [Theory]
    [InlineData(0L, "0001")]
    [InlineData(1L, "0101")]
    [InlineData(127L, "7F01")]
    [InlineData(128L, "C08002")]
    [InlineData(-1L, "DFFF02")]
    [InlineData(4095L, "CFFF02")]
    [InlineData(-4096L, "D00002")]
    [InlineData(4096L, "F1001003")]
    [InlineData(-4097L, "F1FFEF03")]
    [InlineData(32767L, "F1FF7F03")]
    [InlineData(-32768L, "F1008003")]
    [InlineData(32768L, "F200800004")]
    [InlineData(-32769L, "F2FF7FFF04")]
    [InlineData(8388607L, "F2FFFF7F04")]
    [InlineData(-8388608L, "F200008004")]
    [InlineData(8388608L, "F30000800005")]
    [InlineData(-8388609L, "F3FFFF7FFF05")]
    [InlineData(2147483647L, "F3FFFFFF7F05")]
    [InlineData(-2147483648L, "F30000008005")]
    [InlineData(2147483648L, "F4000000800000000009")]
    [InlineData(-2147483649L, "F4FFFFFF7FFFFFFFFF09")]
    [InlineData(long.MaxValue, "F4FFFFFFFFFFFFFF7F09")]
    [InlineData(long.MinValue, "F4000000000000008009")]
    public void Integers_take_the_smallest_encoding(long value, string entryHex)
    {
        var fromNumber = new Listpack();
        fromNumber.Append(value);
        var fromText = new Listpack();
        fromText.Append(B(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(entryHex, Hex(fromNumber.AsSpan()[Listpack.HeaderSize..^1]));
        Assert.Equal(Hex(fromNumber.AsSpan()), Hex(fromText.AsSpan()));
        var entry = fromText.Get(fromText.First);
        Assert.True(entry.IsInteger);
        Assert.Equal(value, entry.Integer);
        Assert.Equal(entryHex.Length / 2, Listpack.EntrySizeOf(value));
        Assert.Equal(entryHex.Length / 2, Listpack.EntrySizeOf(B(value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("-0")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.0")]
    [InlineData("-")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("00000000000000000001")]
    public void Non_canonical_integers_stay_strings(string text)
    {
        var lp = new Listpack();
        lp.Append(B(text));
        var entry = lp.Get(lp.First);
        Assert.False(entry.IsInteger);
        Assert.Equal(text, Encoding.ASCII.GetString(entry.Bytes));
        Assert.Equal((byte)(0x80 | text.Length), lp.Buffer[Listpack.HeaderSize]);
        Assert.True(entry.EqualsBytes(B(text)));
    }

    [Theory]
    [InlineData(0, "80", 1)]
    [InlineData(1, "81", 1)]
    [InlineData(63, "BF", 1)]
    [InlineData(64, "E040", 1)]
    [InlineData(125, "E07D", 1)]
    [InlineData(126, "E07E", 2)]
    [InlineData(127, "E07F", 2)]
    [InlineData(4095, "EFFF", 2)]
    [InlineData(4096, "F000100000", 2)]
    [InlineData(16377, "F0F93F0000", 2)]
    [InlineData(16378, "F0FA3F0000", 3)]
    [InlineData(2097145, "F0F9FF1F00", 3)]
    [InlineData(2097146, "F0FAFF1F00", 4)]
    public void Strings_take_the_smallest_length_and_backlen(int length, string headerHex, int backlenSize)
    {
        var value = new byte[length];
        new Random(length).NextBytes(value);
        value.AsSpan().Replace((byte)'1', (byte)'a');
        if (length > 0)
        {
            value[0] = (byte)'x';
        }
        var lp = new Listpack();
        lp.Append(value);
        lp.Append(B("tail"));
        var blob = lp.AsSpan();

        var header = headerHex.Length / 2;
        Assert.Equal(headerHex, Hex(blob.Slice(Listpack.HeaderSize, header)));
        Assert.Equal(header + length + backlenSize, lp.Next(lp.First) - lp.First);
        Assert.Equal(backlenSize, Listpack.BacklenSize(header + length));
        Assert.Equal(header + length + backlenSize, Listpack.EntrySizeOf(value));
        Assert.True(lp.Get(lp.First).Bytes.SequenceEqual(value));
        // Walking back from the tail crosses this entry's backlen.
        Assert.Equal(lp.First, lp.Prev(lp.Last));
        Assert.Equal(Hex(Expected([value, B("tail")])), Hex(blob));
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7F")]
    [InlineData(128L, "0180")]
    [InlineData(16382L, "7FFE")]
    [InlineData(16383L, "00FFFF")]
    [InlineData(2097150L, "7FFFFE")]
    [InlineData(2097151L, "00FFFFFF")]
    [InlineData(268435454L, "7FFFFFFE")]
    [InlineData(268435455L, "00FFFFFFFF")]
    [InlineData(4294967295L, "0FFFFFFFFF")]
    public void Backlen_encodes_every_size(long size, string hex)
    {
        var buffer = new byte[Listpack.BacklenSize(size)];
        Listpack.WriteBacklen(buffer, size);
        Assert.Equal(hex, Hex(buffer));
        Assert.Equal((ulong)size, Listpack.DecodeBacklen(buffer, buffer.Length - 1));
    }

    [Fact]
    public void A_backlen_longer_than_five_bytes_is_rejected()
    {
        byte[] buffer = [0x81, 0x81, 0x81, 0x81, 0x81, 0x81];
        Assert.Equal(ulong.MaxValue, Listpack.DecodeBacklen(buffer, buffer.Length - 1));
    }

    [Fact]
    public void Navigation_forward_backward_and_seek_agree()
    {
        var model = MixedValues();
        var lp = new Listpack();
        foreach (var v in model)
        {
            lp.Append(v);
        }
        AssertMatches(lp, model);

        var forward = new List<int>();
        for (var p = lp.First; p >= 0; p = lp.Next(p))
        {
            forward.Add(p);
        }
        var backward = new List<int>();
        for (var p = lp.Last; p >= 0; p = lp.Prev(p))
        {
            backward.Add(p);
        }
        backward.Reverse();
        Assert.Equal(forward, backward);
        for (var i = 0; i < model.Count; i++)
        {
            Assert.Equal(forward[i], lp.Seek(i));
            Assert.Equal(forward[i], lp.Seek(i - model.Count));
            Assert.True(lp.Get(forward[i]).EqualsBytes(model[i]));
        }
        Assert.Equal(-1, lp.Seek(model.Count));
        Assert.Equal(-1, lp.Seek(-model.Count - 1));
        Assert.Equal(-1, lp.Seek(long.MaxValue));
        Assert.Equal(-1, lp.Seek(long.MinValue));
    }

    [Fact]
    public void Insert_replace_and_delete_in_the_middle()
    {
        var model = new List<byte[]> { B("a"), B("1"), B("ccc"), B("4096"), B(new string('e', 70)) };
        var lp = new Listpack();
        foreach (var v in model)
        {
            lp.Append(v);
        }

        var pos = lp.Insert(lp.Seek(2), B("before-c"), after: false);
        model.Insert(2, B("before-c"));
        AssertMatches(lp, model);
        Assert.True(lp.Get(pos).EqualsBytes(B("before-c")));

        pos = lp.Insert(lp.Seek(2), -5, after: true);
        model.Insert(3, B("-5"));
        AssertMatches(lp, model);
        Assert.Equal(-5, lp.Get(pos).Integer);

        pos = lp.Insert(lp.Last, B("end"), after: true);
        model.Add(B("end"));
        AssertMatches(lp, model);
        Assert.Equal(lp.Last, pos);

        pos = lp.Replace(lp.Seek(1), B(new string('r', 200)));
        model[1] = B(new string('r', 200));
        AssertMatches(lp, model);
        Assert.Equal(lp.Seek(1), pos);

        lp.Replace(lp.Seek(1), 7);
        model[1] = B("7");
        AssertMatches(lp, model);

        var next = lp.Delete(lp.Seek(3));
        model.RemoveAt(3);
        AssertMatches(lp, model);
        Assert.Equal(lp.Seek(3), next);

        next = lp.Delete(lp.Last);
        model.RemoveAt(model.Count - 1);
        AssertMatches(lp, model);
        Assert.Equal(-1, next);

        next = lp.DeleteEntries(lp.Seek(1), 2);
        model.RemoveRange(1, 2);
        AssertMatches(lp, model);
        Assert.Equal(lp.Seek(1), next);

        pos = lp.Insert(lp.ByteLength - 1, B("at-terminator"), after: true);
        model.Add(B("at-terminator"));
        AssertMatches(lp, model);
        Assert.Equal(lp.Last, pos);

        lp.Prepend(B("head"));
        lp.Prepend(42);
        model.Insert(0, B("head"));
        model.Insert(0, B("42"));
        AssertMatches(lp, model);
    }

    [Fact]
    public void Delete_range_like_lpDeleteRange()
    {
        var model = Enumerable.Range(0, 20).Select(i => B("v" + i)).ToList();
        var lp = new Listpack();
        model.ForEach(v => lp.Append(v));

        lp.DeleteRange(3, 4);
        model.RemoveRange(3, 4);
        AssertMatches(lp, model);

        lp.DeleteRange(-3, 2);
        model.RemoveRange(model.Count - 3, 2);
        AssertMatches(lp, model);

        lp.DeleteRange(-2, 100);
        model.RemoveRange(model.Count - 2, 2);
        AssertMatches(lp, model);

        lp.DeleteRange(100, 1);
        lp.DeleteRange(-100, 1);
        lp.DeleteRange(0, 0);
        AssertMatches(lp, model);

        lp.DeleteRange(0, long.MaxValue);
        AssertMatches(lp, []);
        Assert.Equal(-1, lp.First);
    }

    [Fact]
    public void Find_compares_every_other_entry_with_skip_one()
    {
        var lp = new Listpack();
        foreach (var s in new[] { "f1", "v1", "10", "f1", "v2", "x", "-7", "y" })
        {
            lp.Append(B(s));
        }
        Assert.Equal(lp.Seek(0), lp.Find(lp.First, B("f1"), 1));
        // "f1" as a value (index 3) is not found as a field.
        Assert.Equal(-1, lp.Find(lp.Next(lp.Next(lp.First)), B("f1"), 1));
        Assert.Equal(lp.Seek(3), lp.Find(lp.Next(lp.First), B("f1"), 0));
        Assert.Equal(lp.Seek(2), lp.Find(lp.First, B("10"), 1));
        Assert.Equal(lp.Seek(6), lp.Find(lp.First, B("-7"), 1));
        Assert.Equal(-1, lp.Find(lp.First, B("010"), 1));
        Assert.Equal(-1, lp.Find(lp.First, B("v1"), 1));
        Assert.Equal(lp.Seek(1), lp.Find(lp.Seek(1), B("v1"), 1));
        Assert.Equal(-1, lp.Find(lp.First, B("nope"), 0));
        Assert.Equal(-1, lp.Find(-1, B("f1"), 1));
        Assert.Equal(-1, new Listpack().Find(new Listpack().First, B("f1"), 1));
    }

    [Fact]
    public void Values_read_from_the_same_listpack_can_be_written_back()
    {
        var lp = new Listpack();
        lp.Append(B("abcdef"));
        lp.Append(B("ghijkl"));
        var model = new List<byte[]> { B("abcdef"), B("ghijkl") };
        for (var i = 0; i < 40; i++)
        {
            // The value points into the buffer that the insertion shifts or reallocates.
            lp.Prepend(lp.Get(lp.Last).Bytes);
            model.Insert(0, model[^1]);
            lp.Insert(lp.First, lp.Get(lp.First).Bytes, after: true);
            model.Insert(1, model[0]);
            lp.Replace(lp.Last, lp.Get(lp.First).Bytes);
            model[^1] = model[0];
        }
        AssertMatches(lp, model);
    }

    [Fact]
    public void Entry_helpers_give_the_string_form()
    {
        var lp = new Listpack();
        lp.Append(-12345);
        lp.Append(B("str"));
        var integer = lp.Get(lp.First);
        var str = lp.Get(lp.Last);
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        Assert.Equal("-12345", Encoding.ASCII.GetString(integer.AsSpan(scratch)));
        Assert.Equal("-12345", Encoding.ASCII.GetString(integer.ToArray()));
        Assert.Equal(6, integer.Length);
        Assert.Equal(3, str.Length);
        Assert.True(integer.EqualsBytes(B("-12345")));
        Assert.False(integer.EqualsBytes(B("-012345")));
        Assert.False(str.EqualsBytes(B("st")));
        var destination = new byte[10];
        Assert.Equal(3, str.CopyTo(destination));
        Assert.Equal("str", Encoding.ASCII.GetString(destination, 0, 3));
        Assert.Equal(6, integer.CopyTo(destination));
    }

    [Fact]
    public void Clone_clear_and_append_all()
    {
        var lp = new Listpack();
        var model = MixedValues();
        model.ForEach(v => lp.Append(v));
        var copy = lp.Clone();
        lp.Append(B("only in the original"));
        AssertMatches(copy, model);

        copy.AppendAll(copy);
        AssertMatches(copy, model.Concat(model).ToList());

        copy.Clear();
        AssertMatches(copy, []);
        copy.Append(1);
        AssertMatches(copy, [B("1")]);
    }

    [Fact]
    public void More_than_65534_entries_mark_the_count_unknown()
    {
        var lp = new Listpack();
        for (var i = 0; i < 65536; i++)
        {
            lp.Append(i % 100);
        }
        Assert.Equal(65536, lp.Count);
        Assert.Equal(0xFFFF, lp.AsSpan()[4] | (lp.AsSpan()[5] << 8));
        Assert.True(Listpack.Validate(lp.AsSpan(), deep: true, out var count));
        Assert.Equal(65536, count);
        Assert.True(Listpack.Validate(lp.AsSpan(), deep: false, out count));
        Assert.Equal(-1, count);
        Assert.Equal(65536, Listpack.FromBlob(lp.AsSpan()).Count);
        Assert.Equal(lp.Seek(65535), lp.Last);
        Assert.Equal(lp.Seek(-65536), lp.First);

        lp.DeleteRange(0, 3);
        Assert.Equal(65533, lp.Count);
        Assert.Equal(65533, lp.AsSpan()[4] | (lp.AsSpan()[5] << 8));
    }

    [Fact]
    public void Random_operations_match_a_list_model()
    {
        var random = new Random(12345);
        var lp = new Listpack();
        var model = new List<byte[]>();
        var pool = MixedValues();
        for (var step = 0; step < 3000; step++)
        {
            var value = pool[random.Next(pool.Count)];
            switch (random.Next(7))
            {
                case 0:
                    lp.Append(value);
                    model.Add(value);
                    break;
                case 1:
                    lp.Prepend(value);
                    model.Insert(0, value);
                    break;
                case 2 when model.Count > 0:
                    {
                        var i = random.Next(model.Count);
                        var after = random.Next(2) == 0;
                        var pos = lp.Insert(lp.Seek(i), value, after);
                        model.Insert(after ? i + 1 : i, value);
                        Assert.Equal(lp.Seek(after ? i + 1 : i), pos);
                        break;
                    }
                case 3 when model.Count > 0:
                    {
                        var i = random.Next(model.Count);
                        lp.Replace(lp.Seek(i - model.Count), value);
                        model[i] = value;
                        break;
                    }
                case 4 when model.Count > 0:
                    {
                        var i = random.Next(model.Count);
                        var next = lp.Delete(lp.Seek(i));
                        model.RemoveAt(i);
                        Assert.Equal(lp.Seek(i), next);
                        break;
                    }
                case 5 when model.Count > 0:
                    {
                        var i = random.Next(-model.Count, model.Count);
                        var n = random.Next(4);
                        lp.DeleteRange(i, n);
                        var start = i < 0 ? i + model.Count : i;
                        model.RemoveRange(start, Math.Min(n, model.Count - start));
                        break;
                    }
                case 6:
                    {
                        var found = lp.Find(lp.First, value, 0);
                        var index = model.FindIndex(m => m.AsSpan().SequenceEqual(value));
                        Assert.Equal(index < 0 ? -1 : lp.Seek(index), found);
                        break;
                    }
            }
            if (step % 50 == 0)
            {
                AssertMatches(lp, model);
            }
        }
        AssertMatches(lp, model);
        Assert.Equal(model.Select(m => Encoding.ASCII.GetString(m)), Entries(lp));
    }

    [Fact]
    public void From_blob_copies_and_round_trips()
    {
        var lp = new Listpack();
        MixedValues().ForEach(v => lp.Append(v));
        var blob = lp.AsSpan().ToArray();
        var copy = Listpack.FromBlob(blob);
        blob[Listpack.HeaderSize] ^= 0xFF;
        Assert.Equal(Hex(lp.AsSpan()), Hex(copy.AsSpan()));
        Assert.Equal(lp.Count, copy.Count);
        Assert.Throws<InvalidDataException>(() => Listpack.FromBlob(blob));
    }

    [Theory]
    [InlineData("", "too short")]
    [InlineData("0600000000FF", "too short")]
    [InlineData("070000000000FE", "no terminator")]
    [InlineData("080000000000FF", "total bytes too large")]
    [InlineData("070000000000FFFF", "total bytes smaller than the blob")]
    [InlineData("070000000100FF", "count says one entry")]
    [InlineData("0B0000000300010102 01FF", "count says three, two entries")]
    [InlineData("0900000001000100FF", "a 7-bit int whose backlen is zero")]
    [InlineData("0900000001000102FF", "backlen mismatch")]
    [InlineData("0A00000001008278FF", "string longer than the blob")]
    [InlineData("090000000100F501FF", "unknown encoding F5")]
    [InlineData("090000000100FE01FF", "unknown encoding FE")]
    [InlineData("0D0000000100F0FFFFFFFF 00FF", "32-bit string length overflowing")]
    [InlineData("0B0000000100F4000000FF", "64-bit int cut by the end")]
    [InlineData("0A0000000100FF0001FF", "terminator in the middle")]
    [InlineData("0A00000001008178 81FF", "backlen with a stray continuation bit")]
    public void Validate_rejects_corrupt_blobs(string hex, string why)
    {
        var blob = Convert.FromHexString(hex.Replace(" ", ""));
        Assert.False(Listpack.Validate(blob, deep: true, out _), why);
        Assert.Throws<InvalidDataException>(() => Listpack.FromBlob(blob));
    }

    [Fact]
    public void Validate_accepts_an_unknown_count_and_counts()
    {
        var lp = new Listpack();
        lp.Append(B("a"));
        lp.Append(5);
        var blob = lp.AsSpan().ToArray();
        blob[4] = 0xFF;
        blob[5] = 0xFF;
        Assert.True(Listpack.Validate(blob, deep: true, out var count));
        Assert.Equal(2, count);
        Assert.True(Listpack.Validate(blob, deep: false, out count));
        Assert.Equal(-1, count);
        Assert.Equal(2, Listpack.FromBlob(blob).Count);
    }

    [Fact]
    public void Validate_never_throws_on_mutated_or_truncated_blobs()
    {
        var lp = new Listpack();
        MixedValues().ForEach(v => lp.Append(v));
        var valid = lp.AsSpan().ToArray();
        var random = new Random(99);
        for (var i = 0; i < 20000; i++)
        {
            var blob = (byte[])valid.Clone();
            var flips = 1 + random.Next(3);
            for (var f = 0; f < flips; f++)
            {
                blob[random.Next(blob.Length)] = (byte)random.Next(256);
            }
            if (random.Next(4) == 0)
            {
                Array.Resize(ref blob, random.Next(blob.Length));
            }
            if (Listpack.Validate(blob, deep: true, out var count))
            {
                // Whatever passes must be fully walkable both ways.
                var copy = Listpack.FromBlob(blob);
                Assert.Equal(count, copy.Count);
                var n = 0;
                for (var p = copy.First; p >= 0; p = copy.Next(p))
                {
                    _ = copy.Get(p).Length;
                    n++;
                }
                Assert.Equal(count, n);
                n = 0;
                for (var p = copy.Last; p >= 0; p = copy.Prev(p))
                {
                    n++;
                }
                Assert.Equal(count, n);
            }
        }
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(7, 8)]
    [InlineData(9, 16)]
    [InlineData(100, 104)]
    [InlineData(120, 120)]
    [InlineData(128, 128)]
    [InlineData(129, 160)]
    [InlineData(256, 256)]
    [InlineData(257, 320)]
    [InlineData(4097, 5120)]
    public void Allocation_sizes_are_granules_then_jemalloc_classes(int size, int expected) =>
        Assert.Equal(expected, Listpack.AllocationSize(size));

    [Fact]
    public void Buffer_stays_close_to_the_blob_size()
    {
        var lp = new Listpack();
        for (var i = 0; i < 1000; i++)
        {
            lp.Append(B("value-" + i));
            Assert.True(lp.Buffer.Length <= lp.ByteLength * 1.25 + 16, $"{lp.Buffer.Length} for {lp.ByteLength}");
        }
        lp.DeleteRange(0, 990);
        Assert.True(lp.Buffer.Length <= 2 * lp.ByteLength + 64, $"{lp.Buffer.Length} for {lp.ByteLength}");
    }

    internal static List<byte[]> MixedValues()
    {
        var values = new List<byte[]>();
        foreach (var n in new long[] { 0, 1, 127, 128, -1, 4095, 4096, -4096, -4097, 32767, 32768, -32768, -32769, 8388607, 8388608,
                     -8388608, -8388609, int.MaxValue, int.MinValue, 2147483648, -2147483649, long.MaxValue, long.MinValue })
        {
            values.Add(B(n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        foreach (var s in new[] { "", "a", "01", "-0", "+1", "9223372036854775808", "1.5", "hello world" })
        {
            values.Add(B(s));
        }
        foreach (var length in new[] { 63, 64, 126, 127, 4095, 4096 })
        {
            values.Add(B(new string('s', length)));
        }
        return values;
    }
}
