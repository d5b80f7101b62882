using System.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>BITFIELD's pieces: the field layout of <see cref="Bitmap"/>, the type names, and the overflow arithmetic.</summary>
public sealed class BitFieldTests
{
    private const long Max = long.MaxValue;
    private const long Min = long.MinValue;

    /// <summary>The field read one bit at a time, as Redis's getUnsignedBitfield does.</summary>
    private static ulong ReferenceGet(byte[] bytes, long offset, int bits)
    {
        ulong value = 0;
        for (var i = 0; i < bits; i++)
        {
            value = (value << 1) | (Bitmap.GetBit(bytes, offset + i) ? 1UL : 0);
        }
        return value;
    }

    private static void ReferenceSet(byte[] bytes, long offset, int bits, ulong value)
    {
        for (var i = 0; i < bits; i++)
        {
            Bitmap.SetBit(bytes, offset + i, (value & (1UL << (bits - 1 - i))) != 0);
        }
    }

    [Fact]
    public void Fields_read_and_write_as_the_bit_by_bit_layout_at_every_width_and_alignment()
    {
        var random = new Random(1234);
        for (var round = 0; round < 20_000; round++)
        {
            var bytes = new byte[random.Next(1, 24)];
            random.NextBytes(bytes);
            var bits = random.Next(1, 65);
            // Reads may run past the end (zeros there); writes stay inside.
            var readOffset = random.Next(0, bytes.Length * 8 + 16);
            Assert.Equal(ReferenceGet(bytes, readOffset, bits), Bitmap.GetField(bytes, readOffset, bits));
            if (bits > bytes.Length * 8)
            {
                continue;
            }
            var writeOffset = random.Next(0, bytes.Length * 8 - bits + 1);
            var value = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            var expected = (byte[])bytes.Clone();
            ReferenceSet(expected, writeOffset, bits, value);
            Bitmap.SetField(bytes, writeOffset, bits, value);
            Assert.Equal(expected, bytes);
        }
    }

    [Fact]
    public void Field_layout_is_big_endian_from_the_first_bit()
    {
        var bytes = new byte[9];
        Bitmap.SetField(bytes, 4, 64, 0x0123456789ABCDEF);
        Assert.Equal(new byte[] { 0x00, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0 }, bytes);
        Assert.Equal(0x0123456789ABCDEFUL, Bitmap.GetField(bytes, 4, 64));
        Assert.Equal(0x12UL, Bitmap.GetField(bytes, 8, 8));
        Assert.Equal(0xFUL, Bitmap.GetField(bytes, 64, 4));
        Assert.Equal(0xF00UL, Bitmap.GetField(bytes, 64, 12));
        Assert.Equal(0UL, Bitmap.GetField([], 1000, 64));
        // Only the low bits of the value are stored; the neighbours are kept.
        bytes = [0xFF, 0xFF];
        Bitmap.SetField(bytes, 6, 3, 0b11111010);
        Assert.Equal(new byte[] { 0xFD, 0x7F }, bytes);
    }

    [Theory]
    [InlineData("i1", true, 1)]
    [InlineData("i64", true, 64)]
    [InlineData("u1", false, 1)]
    [InlineData("u63", false, 63)]
    [InlineData("i8\0junk", true, 8)]
    public void Types_parse_as_redis_reads_them(string text, bool signed, int bits)
    {
        Assert.True(BitFieldType.TryParse(Encoding.ASCII.GetBytes(text), out var type));
        Assert.Equal(new BitFieldType(signed, bits), type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("i")]
    [InlineData("u64")]
    [InlineData("i65")]
    [InlineData("i0")]
    [InlineData("u-1")]
    [InlineData("I8")]
    [InlineData("U8")]
    [InlineData("i08")]
    [InlineData("i+8")]
    [InlineData("i 8")]
    [InlineData("u\08")]
    [InlineData("x8")]
    public void Bad_types_are_refused(string text) => Assert.False(BitFieldType.TryParse(Encoding.ASCII.GetBytes(text), out _));

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(1, 1, -1)]
    [InlineData(8, 0x80, -128)]
    [InlineData(8, 0x7F, 127)]
    [InlineData(64, ulong.MaxValue, -1)]
    public void Signed_fields_sign_extend_from_their_top_bit(int bits, ulong field, long value) =>
        Assert.Equal(value, new BitFieldType(true, bits).SignExtend(field));

    /// <summary>
    /// (type, overflow, INCRBY or SET, operand, old value) → (reply, stored value); a null reply is
    /// FAIL's refusal. The expected values are those redis-server 7.0.15 replies.
    /// </summary>
    public static TheoryData<string, BitFieldOverflow, bool, long, long, long?, long> Writes() => new()
    {
        // i64 at both ends.
        { "i64", BitFieldOverflow.Wrap, true, 1, Max, Min, Min },
        { "i64", BitFieldOverflow.Sat, true, 1, Max, Max, Max },
        { "i64", BitFieldOverflow.Fail, true, 1, Max, null, Max },
        { "i64", BitFieldOverflow.Wrap, true, -1, Min, Max, Max },
        { "i64", BitFieldOverflow.Sat, true, -1, Min, Min, Min },
        { "i64", BitFieldOverflow.Fail, true, -1, Min, null, Min },
        { "i64", BitFieldOverflow.Wrap, true, Min, 0, Min, Min },
        { "i64", BitFieldOverflow.Wrap, true, Min, -1, Max, Max },
        { "i64", BitFieldOverflow.Sat, true, Min, -1, Min, Min },
        { "i64", BitFieldOverflow.Wrap, true, Max, Max, -2, -2 },
        { "i64", BitFieldOverflow.Fail, false, Min, 5, 5, Min },
        // u63 at both ends.
        { "u63", BitFieldOverflow.Wrap, true, 1, Max, 0, 0 },
        { "u63", BitFieldOverflow.Sat, true, 1, Max, Max, Max },
        { "u63", BitFieldOverflow.Fail, true, 1, Max, null, Max },
        { "u63", BitFieldOverflow.Wrap, true, -1, 0, Max, Max },
        { "u63", BitFieldOverflow.Sat, true, -1, 0, 0, 0 },
        { "u63", BitFieldOverflow.Sat, false, -5, 0, 0, Max },
        // SET out of range: a negative unsigned value is a huge one, so SAT gives the maximum.
        { "u8", BitFieldOverflow.Wrap, false, -1, 0, 0, 255 },
        { "u8", BitFieldOverflow.Sat, false, -1, 0, 0, 255 },
        { "u8", BitFieldOverflow.Fail, false, -1, 7, null, 7 },
        { "u8", BitFieldOverflow.Wrap, false, 256, 255, 255, 0 },
        { "u8", BitFieldOverflow.Sat, false, 256, 0, 0, 255 },
        { "i8", BitFieldOverflow.Wrap, false, 128, 0, 0, -128 },
        { "i8", BitFieldOverflow.Sat, false, 128, 0, 0, 127 },
        { "i8", BitFieldOverflow.Wrap, false, -129, 0, 0, 127 },
        { "i8", BitFieldOverflow.Sat, false, -129, 0, 0, -128 },
        // Narrow types, huge increments (the sum wraps around 64 bits before the field's wrap).
        { "i1", BitFieldOverflow.Wrap, true, 1, 0, -1, -1 },
        { "i1", BitFieldOverflow.Sat, true, 1, 0, 0, 0 },
        { "u1", BitFieldOverflow.Wrap, true, 3, 1, 0, 0 },
        { "i8", BitFieldOverflow.Wrap, true, Max, 5, 4, 4 },
        { "i8", BitFieldOverflow.Sat, true, Max, 5, 127, 127 },
        { "u8", BitFieldOverflow.Wrap, true, Min, 3, 3, 3 },
        { "u8", BitFieldOverflow.Sat, true, Min, 3, 0, 0 },
        // In range: no overflow whatever the mode.
        { "i16", BitFieldOverflow.Fail, true, -100, 50, -50, -50 },
        { "u16", BitFieldOverflow.Fail, true, 65000, 535, 65535, 65535 },
        { "u16", BitFieldOverflow.Fail, false, 65535, 1, 1, 65535 },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public void Set_and_incrby_overflow_as_redis(string typeName, BitFieldOverflow overflow, bool increment, long operand, long old,
        long? expectedReply, long expectedStored)
    {
        Assert.True(BitFieldType.TryParse(Encoding.ASCII.GetBytes(typeName), out var type));
        var oldBits = (ulong)old & type.UnsignedMax;
        var written = BitFieldArithmetic.TryWrite(type, overflow, increment, operand, oldBits, out var newBits, out var reply, out var changed);
        Assert.Equal(expectedReply.HasValue, written);
        if (!written)
        {
            return;
        }
        Assert.Equal(expectedReply, reply);
        var stored = newBits & type.UnsignedMax;
        Assert.Equal(expectedStored, type.Signed ? type.SignExtend(stored) : (long)stored);
        Assert.Equal(stored != oldBits, changed);
    }

    [Fact]
    public void Overflow_checks_report_the_direction_and_the_limit()
    {
        var u8 = new BitFieldType(false, 8);
        var i8 = new BitFieldType(true, 8);
        Assert.Equal(0, BitFieldArithmetic.CheckUnsigned(u8, 200, 55, BitFieldOverflow.Sat, out _));
        Assert.Equal(1, BitFieldArithmetic.CheckUnsigned(u8, 200, 56, BitFieldOverflow.Sat, out var ulimit));
        Assert.Equal(255UL, ulimit);
        Assert.Equal(-1, BitFieldArithmetic.CheckUnsigned(u8, 5, -6, BitFieldOverflow.Sat, out ulimit));
        Assert.Equal(0UL, ulimit);
        Assert.Equal(-1, BitFieldArithmetic.CheckUnsigned(u8, 5, -6, BitFieldOverflow.Fail, out _));
        // A wrap reports 1 either way, as Redis's does.
        Assert.Equal(1, BitFieldArithmetic.CheckUnsigned(u8, 5, -6, BitFieldOverflow.Wrap, out ulimit));
        Assert.Equal(255UL, ulimit);
        Assert.Equal(0, BitFieldArithmetic.CheckSigned(i8, -128, 255, BitFieldOverflow.Sat, out _));
        Assert.Equal(1, BitFieldArithmetic.CheckSigned(i8, -128, 256, BitFieldOverflow.Sat, out var limit));
        Assert.Equal(127, limit);
        Assert.Equal(-1, BitFieldArithmetic.CheckSigned(i8, 127, -256, BitFieldOverflow.Sat, out limit));
        Assert.Equal(-128, limit);
        Assert.Equal(1, BitFieldArithmetic.CheckSigned(i8, 127, -256, BitFieldOverflow.Wrap, out limit));
        Assert.Equal(127, limit);
    }
}
