using System.Buffers.Binary;
using System.Text;
using Basalt.Persistence.Rdb;
using Xunit;

namespace Basalt.Tests.Persistence;

public sealed class Crc64Tests
{
    [Fact]
    public void CheckValueMatchesRedisSelfTest()
    {
        Assert.Equal(0xE9C6D914C4B8D9CAUL, Crc64.Compute("123456789"u8));
    }

    [Fact]
    public void EmptyInputLeavesCrcUnchanged()
    {
        Assert.Equal(0UL, Crc64.Compute([]));
        Assert.Equal(0x1234UL, Crc64.Update(0x1234, []));
    }

    [Fact]
    public void SlicedTablesAgreeWithBitwiseDefinitionForEveryLengthAndAlignment()
    {
        var random = new Random(64);
        var data = new byte[300];
        random.NextBytes(data);
        for (var start = 0; start < 9; start++)
        {
            for (var length = 0; length <= data.Length - start; length += length < 40 ? 1 : 17)
            {
                var slice = data.AsSpan(start, length);
                Assert.Equal(BitwiseCrc(slice), Crc64.Compute(slice));
            }
        }
    }

    [Fact]
    public void UpdateChainsAcrossArbitrarySplits()
    {
        var data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"chunk-{i};")));
        var whole = Crc64.Compute(data);
        foreach (var split in new[] { 0, 1, 7, 8, 9, 100, 1023, data.Length })
        {
            Assert.Equal(whole, Crc64.Update(Crc64.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }

    [Fact]
    public void EveryIntactFixtureTrailerIsTheCrcOfTheFile()
    {
        var verified = new List<string>();
        var disabled = new List<string>();
        foreach (var path in RdbFixtureFiles.IntactRdbFiles())
        {
            var file = File.ReadAllBytes(path);
            var stored = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8));
            if (stored == 0)
            {
                disabled.Add(path); // written with rdbchecksum no: nothing to verify
                continue;
            }
            Assert.True(stored == Crc64.Compute(file.AsSpan(0, file.Length - 8)), $"CRC mismatch in {path}");
            verified.Add(path);
        }
        Assert.Contains(verified, p => p.EndsWith("rdb-all-types/dump.rdb", StringComparison.Ordinal));
        Assert.Contains(verified, p => p.EndsWith("rdb-list-compressed/dump.rdb", StringComparison.Ordinal));
        Assert.Contains(verified, p => p.EndsWith("rdb-nocompression/dump.rdb", StringComparison.Ordinal));
        Assert.Contains(verified, p => p.EndsWith("rdb-expired-key/dump.rdb", StringComparison.Ordinal));
        Assert.Contains(disabled, p => p.EndsWith("rdb-nochecksum/dump.rdb", StringComparison.Ordinal));
    }

    [Fact]
    public void CorruptedFixtureFailsTheCheck()
    {
        var file = RdbFixtureFiles.Read("corrupt/rdb-crc-mismatch/dump.rdb");
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8));
        Assert.NotEqual(0UL, stored);
        Assert.NotEqual(stored, Crc64.Compute(file.AsSpan(0, file.Length - 8)));
    }

    private static ulong BitwiseCrc(ReadOnlySpan<byte> data)
    {
        ulong crc = 0;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x95AC9329AC4BC9B5UL : crc >> 1;
            }
        }
        return crc;
    }
}
