using System.Buffers.Binary;
using System.Globalization;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// PFSELFTEST's checks (pfselftestCommand): dense registers keep random values without touching
/// their neighbours, and ten million distinct elements added to a dense and a sparse HyperLogLog
/// give the same estimates, within six standard errors at every power of ten (one for ten).
/// </summary>
internal static class HyperLogLogSelfTest
{
    private const int RegisterCycles = 1000;
    private const int Elements = 10_000_000;

    /// <summary>Null when every check passes, else the failure as Redis words it (after "TESTFAILED ").</summary>
    public static string? Run(long sparseMaxBytes, Random random) =>
        CheckRegisters(random) ?? CheckEstimates(sparseMaxBytes, random);

    private static string? CheckRegisters(Random random)
    {
        var registers = new byte[HyperLogLog.DenseSize - HyperLogLog.HeaderSize];
        var expected = new byte[HyperLogLog.RegisterCount];
        for (var cycle = 0; cycle < RegisterCycles; cycle++)
        {
            for (var i = 0; i < expected.Length; i++)
            {
                expected[i] = (byte)random.Next(HyperLogLog.RegisterMax + 1);
                HyperLogLogDense.Set(registers, i, expected[i]);
            }
            for (var i = 0; i < expected.Length; i++)
            {
                var value = HyperLogLogDense.Get(registers, i);
                if (value != expected[i])
                {
                    return string.Create(CultureInfo.InvariantCulture, $"Register {i} should be {expected[i]} but is {value}");
                }
            }
        }
        return null;
    }

    private static string? CheckEstimates(long sparseMaxBytes, Random random)
    {
        var denseBytes = new byte[HyperLogLog.DenseSize];
        "HYLL"u8.CopyTo(denseBytes);
        var dense = RedisString.FromRawBytes(denseBytes);
        var sparse = HyperLogLog.Create();
        var relativeError = 1.04 / Math.Sqrt(HyperLogLog.RegisterCount);
        long checkpoint = 1;
        var seed = (ulong)random.NextInt64();
        Span<byte> element = stackalloc byte[sizeof(ulong)];
        for (var j = 1L; j <= Elements; j++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(element, (ulong)j ^ seed);
            HyperLogLog.Add(dense, element, sparseMaxBytes);
            HyperLogLog.Add(sparse, element, sparseMaxBytes);
            if (j != checkpoint)
            {
                continue;
            }
            if (j < sparseMaxBytes / 2 && HyperLogLog.EncodingOf(sparse.Bytes) != HyperLogLogEncoding.Sparse)
            {
                return "sparse encoding not used";
            }
            HyperLogLog.TryCount(dense.Bytes, out var denseCount);
            HyperLogLog.TryCount(sparse.Bytes, out var sparseCount);
            if (denseCount != sparseCount)
            {
                return "dense/sparse disagree";
            }
            var error = Math.Abs(checkpoint - denseCount);
            var maxError = j == 10 ? 1 : (long)Math.Ceiling(relativeError * 6 * checkpoint);
            if (error > maxError)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Too big error. card:{checkpoint} abserr:{error}");
            }
            checkpoint *= 10;
        }
        return null;
    }
}
