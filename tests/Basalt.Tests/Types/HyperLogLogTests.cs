using System.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>
/// The pieces of the HyperLogLog: the hash (vectors from the reference MurmurHash64A with Redis's
/// seed), the register an element lands in, the dense packing, the sparse opcodes and their edits,
/// the turn to dense, the estimator, and values corrupted at random (no exception, ever).
/// </summary>
public sealed class HyperLogLogTests
{
    [Theory]
    [InlineData("", 0xd8dfea6585bc9732)]
    [InlineData("a", 0x53d2470a9b43b1a7)]
    [InlineData("hello", 0x0f656f01eecfe400)]
    [InlineData("1234567", 0x85563db163632857)]
    [InlineData("12345678", 0x95ebb86389132953)]
    [InlineData("0123456789abcdef!", 0xb917c99b031f7674)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x51606c5c5b561ace)]
    public void Murmur_hash_matches_the_reference(string input, ulong expected) =>
        Assert.Equal(expected, MurmurHash64A.Hash(Encoding.ASCII.GetBytes(input), HyperLogLog.HashSeed));

    [Fact]
    public void An_element_lands_where_redis_puts_it()
    {
        // Redis: PFADD t a; PFDEBUG DECODE t -> "Z:12711 v:2,1 Z:3672".
        Assert.Equal(2, HyperLogLog.PatternLength("a"u8, out var register));
        Assert.Equal(12711, register);
        var hll = HyperLogLog.Create();
        Assert.Equal(1, HyperLogLog.Add(hll, "a"u8, 3000));
        Assert.Equal(0, HyperLogLog.Add(hll, "a"u8, 3000));
        Assert.Equal("Z:12711 v:2,1 Z:3672", Decode(hll));
    }

    [Fact]
    public void A_new_value_is_the_header_and_one_xzero()
    {
        var hll = HyperLogLog.Create();
        Assert.Equal("48594C4C0100000000000000000000007FFF", Convert.ToHexString(hll.Bytes));
        Assert.Equal(StringEncoding.Raw, hll.Encoding);
        Assert.True(HyperLogLog.TryCount(hll.Bytes, out var count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void Dense_registers_keep_their_values_apart()
    {
        var registers = new byte[HyperLogLog.DenseSize - HyperLogLog.HeaderSize];
        var random = new Random(3);
        var expected = new int[HyperLogLog.RegisterCount];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = random.Next(64);
            HyperLogLogDense.Set(registers, i, expected[i]);
        }
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], HyperLogLogDense.Get(registers, i));
        }
        HyperLogLogDense.Set(registers, 1, 0);
        Assert.Equal(expected[0], HyperLogLogDense.Get(registers, 0));
        Assert.Equal(expected[2], HyperLogLogDense.Get(registers, 2));
        // Register 0 is the low 6 bits of byte 0; register 1 starts at bit 6.
        Array.Clear(registers);
        HyperLogLogDense.Set(registers, 1, 0b111111);
        Assert.Equal([0b1100_0000, 0b0000_1111, 0], registers[..3]);
        Assert.False(HyperLogLogDense.SetIfGreater(registers, 1, 5));
        Assert.True(HyperLogLogDense.SetIfGreater(registers, 16383, 5));
        Assert.Equal(5 << 2, registers[^1]);
    }

    [Fact]
    public void Sparse_edits_split_and_join_opcodes()
    {
        var hll = HyperLogLog.Create();
        Assert.Equal(1, HyperLogLogSparse.Set(hll, 100, 3, 3000));
        Assert.Equal("Z:100 v:3,1 Z:16283", Decode(hll));
        Assert.Equal(1, HyperLogLogSparse.Set(hll, 101, 3, 3000));
        Assert.Equal("Z:100 v:3,2 Z:16282", Decode(hll));
        Assert.Equal(1, HyperLogLogSparse.Set(hll, 99, 3, 3000));
        Assert.Equal("Z:99 v:3,3 Z:16282", Decode(hll));
        // Raising the middle register of a VAL run splits it in three.
        Assert.Equal(1, HyperLogLogSparse.Set(hll, 100, 5, 3000));
        Assert.Equal("Z:99 v:3,1 v:5,1 v:3,1 Z:16282", Decode(hll));
        Assert.Equal(0, HyperLogLogSparse.Set(hll, 100, 4, 3000));
        // A short zero run is a ZERO opcode; a run of one becomes the VAL.
        Assert.Equal(1, HyperLogLogSparse.Set(hll, 103, 1, 3000));
        Assert.Equal("Z:99 v:3,1 v:5,1 v:3,1 z:1 v:1,1 Z:16280", Decode(hll));
        Assert.Equal(1, HyperLogLogSparse.Set(hll, 102, 3, 3000));
        Assert.Equal("Z:99 v:3,1 v:5,1 v:3,2 v:1,1 Z:16280", Decode(hll));
        Assert.True(HyperLogLog.TryCount(hll.Bytes, out var count));
        Assert.Equal(5, count);
    }

    [Fact]
    public void A_sparse_value_turns_dense_past_the_size_limit_or_for_a_high_register()
    {
        var hll = HyperLogLog.Create();
        HyperLogLogSparse.Set(hll, 10, 2, 3000);
        HyperLogLog.SetCachedCardinality(hll.ResizeRawForWrite(hll.Length), 1);
        Assert.Equal(1, HyperLogLogSparse.Set(hll, 20, 33, 3000));
        Assert.Equal(HyperLogLogEncoding.Dense, HyperLogLog.EncodingOf(hll.Bytes));
        Assert.Equal(HyperLogLog.DenseSize, hll.Length);
        var registers = hll.Bytes[HyperLogLog.HeaderSize..];
        Assert.Equal(2, HyperLogLogDense.Get(registers, 10));
        Assert.Equal(33, HyperLogLogDense.Get(registers, 20));
        // The header, cached cardinality included, is carried over.
        Assert.True(HyperLogLog.TryGetCachedCardinality(hll.Bytes, out var cached));
        Assert.Equal(1, cached);

        var small = HyperLogLog.Create();
        Assert.Equal(1, HyperLogLogSparse.Set(small, 100, 1, 21));
        Assert.Equal(HyperLogLogEncoding.Sparse, HyperLogLog.EncodingOf(small.Bytes));
        Assert.Equal(21, small.Length);
        Assert.Equal(1, HyperLogLogSparse.Set(small, 200, 1, 21));
        Assert.Equal(HyperLogLogEncoding.Dense, HyperLogLog.EncodingOf(small.Bytes));
    }

    [Fact]
    public void Sparse_and_dense_agree_on_registers_and_counts()
    {
        var sparse = HyperLogLog.Create();
        var dense = HyperLogLog.Create();
        Assert.True(HyperLogLogSparse.ToDense(dense));
        for (var i = 0; i < 2000; i++)
        {
            var element = Encoding.ASCII.GetBytes("element:" + i);
            Assert.Equal(HyperLogLog.Add(dense, element, long.MaxValue), HyperLogLog.Add(sparse, element, long.MaxValue));
        }
        Assert.Equal(HyperLogLogEncoding.Sparse, HyperLogLog.EncodingOf(sparse.Bytes));
        Assert.True(HyperLogLog.TryCount(sparse.Bytes, out var sparseCount));
        Assert.True(HyperLogLog.TryCount(dense.Bytes, out var denseCount));
        Assert.Equal(denseCount, sparseCount);
        Assert.InRange(sparseCount, 1900, 2100);
        Span<byte> fromSparse = new byte[HyperLogLog.RegisterCount];
        Span<byte> fromDense = new byte[HyperLogLog.RegisterCount];
        Assert.True(HyperLogLog.MergeInto(fromSparse, sparse.Bytes));
        Assert.True(HyperLogLog.MergeInto(fromDense, dense.Bytes));
        Assert.True(fromSparse.SequenceEqual(fromDense));
        Assert.Equal(sparseCount, HyperLogLog.CountRegisters(fromSparse));
        Assert.True(HyperLogLogSparse.ToDense(sparse));
        Assert.True(sparse.Bytes[HyperLogLog.HeaderSize..].SequenceEqual(dense.Bytes[HyperLogLog.HeaderSize..]));
    }

    [Fact]
    public void The_estimator_gives_zero_when_empty_and_llroundl_overflow_when_every_register_is_full()
    {
        var histogram = new int[64];
        histogram[0] = HyperLogLog.RegisterCount;
        Assert.Equal(0, HyperLogLogEstimator.Estimate(histogram));
        histogram[0] = HyperLogLog.RegisterCount - 1;
        histogram[1] = 1;
        Assert.Equal(1, HyperLogLogEstimator.Estimate(histogram));
        Array.Clear(histogram);
        histogram[HyperLogLog.RunBits + 1] = HyperLogLog.RegisterCount;
        Assert.Equal(long.MinValue, HyperLogLogEstimator.Estimate(histogram));
    }

    [Fact]
    public void Validity_is_checked_as_redis_checks_it()
    {
        Assert.True(HyperLogLog.IsValid(HyperLogLog.Create()));
        Assert.False(HyperLogLog.IsValid(RedisString.FromInteger(12)));
        Assert.False(HyperLogLog.IsValid(RedisString.FromValue("HYLL"u8)));
        Assert.False(HyperLogLog.IsValid(RedisString.FromValue("HYLX\u0001..........."u8)));
        Assert.False(HyperLogLog.IsValid(RedisString.FromValue("HYLL\u0002..........."u8)));
        // Dense must have the exact size; sparse registers are checked only when read.
        Assert.False(HyperLogLog.IsValid(RedisString.FromValue("HYLL\u0000..........."u8)));
        Assert.True(HyperLogLog.IsValid(RedisString.FromValue("HYLL\u0001..........."u8)));
    }

    [Fact]
    public void Corrupt_opcodes_are_reported_and_never_throw()
    {
        var random = new Random(11);
        for (var round = 0; round < 3000; round++)
        {
            var hll = HyperLogLog.Create();
            for (var i = random.Next(40); i > 0; i--)
            {
                HyperLogLog.Add(hll, BitConverter.GetBytes(random.Next()), 3000);
            }
            var bytes = hll.ResizeRawForWrite(hll.Length + random.Next(3));
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                bytes[random.Next(HyperLogLog.HeaderSize, bytes.Length)] = (byte)random.Next(256);
            }
            if (random.Next(4) == 0)
            {
                hll.ResizeRawForWrite(random.Next(HyperLogLog.HeaderSize, hll.Length + 1));
            }
            HyperLogLog.TryCount(hll.Bytes, out _);
            HyperLogLog.MergeInto(new byte[HyperLogLog.RegisterCount], hll.Bytes);
            HyperLogLogSparse.Decode(hll.Bytes[HyperLogLog.HeaderSize..]);
            for (var i = 0; i < 20 && HyperLogLog.EncodingOf(hll.Bytes) == HyperLogLogEncoding.Sparse; i++)
            {
                Assert.InRange(HyperLogLog.SetRegister(hll, random.Next(HyperLogLog.RegisterCount), random.Next(1, 52), random.Next(16, 200)), -1, 1);
            }
        }
        var truncated = RedisString.FromRawBytes([.. "HYLL\u0001\0\0\0\0\0\0\0\0\0\0\0"u8, 0x7f]);
        Assert.False(HyperLogLog.TryCount(truncated.Bytes, out _));
        Assert.False(HyperLogLogSparse.ToDense(truncated));
        Assert.Equal(-1, HyperLogLogSparse.Set(RedisString.FromRawBytes("HYLL\u0001\0\0\0\0\0\0\0\0\0\0\0"u8.ToArray()), 5, 1, 3000));
    }

    private static string Decode(RedisString hll) => HyperLogLogSparse.Decode(hll.Bytes[HyperLogLog.HeaderSize..]);
}
