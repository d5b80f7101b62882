using System.Buffers;
using Basalt.Persistence.Rdb;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The writer against the reader: a record real Redis wrote, read by <see cref="RdbValueReader"/>
/// and written again by <see cref="RdbValueWriter"/>, is Redis's record byte for byte (hashtable
/// values included: the loaded value keeps the file's order); and every value of the data set
/// survives write, read, write unchanged, encoding included.
/// </summary>
public sealed class RdbRoundTripTests
{
    private static readonly string[] Keys =
    [
        .. CommonDataSet.Strings.Select(s => s.Key),
        "list:small", "list:big", "db3:list",
        "set:intset16", "set:intset64", "set:strings", "set:big",
        "hash:small", "hash:ttl", "hash:longval", "hash:big",
        "zset:small", "zset:big", "zset:longmember",
        "stream:events", "stream:empty",
    ];

    public static TheoryData<string, string> FixtureRecords()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in new[] { "rdb-all-types", "rdb-nocompression" })
        {
            foreach (var key in Keys)
            {
                data.Add(fixture, key);
            }
        }
        return data;
    }

    public static TheoryData<string> DataSetKeys()
    {
        var data = new TheoryData<string>();
        foreach (var key in Keys)
        {
            data.Add(key);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureRecords))]
    public void Redis_record_read_and_written_again_is_unchanged(string fixture, string key)
    {
        var file = RdbFixtureFiles.Read($"{fixture}/dump.rdb");
        var type = RdbValueWriter.TypeOf(CommonDataSet.Build(key));
        var at = RdbRecordCursor.FindRecord(file, type, key);
        var valueStart = at + 2 + key.Length;

        using var input = new RdbInput(file.AsMemory(valueStart));
        var value = RdbValueReader.Read(input, type, RdbLoadOptions.Default with { DeepSanitize = true });
        Assert.NotNull(value);

        var output = new ArrayBufferWriter<byte>();
        RdbValueWriter.Write(output, value, compress: fixture == "rdb-all-types");
        Assert.Equal(input.Offset, output.WrittenCount);
        Assert.Equal(Convert.ToHexString(file, valueStart, output.WrittenCount), Convert.ToHexString(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(DataSetKeys))]
    public void Value_written_read_and_written_again_is_unchanged(string key)
    {
        foreach (var compress in new[] { true, false })
        {
            var value = CommonDataSet.Build(key);
            var type = RdbValueWriter.TypeOf(value);
            var first = new ArrayBufferWriter<byte>();
            RdbValueWriter.Write(first, value, compress);

            using var input = new RdbInput(first.WrittenMemory);
            var loaded = RdbValueReader.Read(input, type, RdbLoadOptions.Default with { DeepSanitize = true });
            Assert.NotNull(loaded);
            Assert.Equal(first.WrittenCount, input.Offset);
            Assert.Equal(value.EncodingName, loaded.EncodingName);
            Assert.Equal(type, RdbValueWriter.TypeOf(loaded));

            var second = new ArrayBufferWriter<byte>();
            RdbValueWriter.Write(second, loaded, compress);
            Assert.Equal(Convert.ToHexString(first.WrittenSpan), Convert.ToHexString(second.WrittenSpan));
        }
    }

    [Fact]
    public void A_large_list_survives_the_round_trip()
    {
        var list = new RedisList(CommonDataSet.ListFill);
        for (var i = 0; i < 100_000; i++)
        {
            list.PushTail(System.Text.Encoding.ASCII.GetBytes(i % 3 == 0 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"value-{i}"));
        }
        var first = new ArrayBufferWriter<byte>();
        RdbValueWriter.Write(first, list, compress: true);

        using var input = new RdbInput(first.WrittenMemory);
        var loaded = Assert.IsType<RedisList>(RdbValueReader.Read(input, RdbFormat.TypeListQuicklist2, RdbLoadOptions.Default));
        Assert.Equal(list.Count, loaded.Count);
        Assert.Equal(list.NodeCount, loaded.NodeCount);
        var second = new ArrayBufferWriter<byte>();
        RdbValueWriter.Write(second, loaded, compress: true);
        Assert.True(first.WrittenSpan.SequenceEqual(second.WrittenSpan));
    }
}
