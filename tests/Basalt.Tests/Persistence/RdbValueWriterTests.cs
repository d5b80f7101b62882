using System.Buffers;
using Basalt.Persistence.Rdb;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The records <see cref="RdbValueWriter.WriteKey(IBufferWriter{byte}, ReadOnlySpan{byte}, RedisObject, long, bool)"/>
/// writes for the fixtures' common data set, built in memory, against the records real Redis 7.0.15
/// wrote in rdb-all-types (LZF on) and rdb-nocompression (LZF off): byte for byte where the
/// layout is deterministic, element by element where Redis's dict order decides.
/// </summary>
public sealed class RdbValueWriterTests
{
    private const string Compressed = "rdb-all-types";
    private const string Uncompressed = "rdb-nocompression";

    /// <summary>Keys whose record bytes depend only on the value (stream times are copied from the fixture).</summary>
    private static readonly string[] DeterministicKeys =
    [
        .. CommonDataSet.Strings.Select(s => s.Key),
        "list:small", "list:big", "db3:list",
        "set:intset16", "set:intset64",
        "hash:small", "hash:ttl", "hash:longval",
        "zset:small", "zset:big", "zset:longmember",
        "stream:events", "stream:empty",
    ];

    /// <summary>Hashtable-encoded values: Redis writes them in its dict order.</summary>
    private static readonly string[] UnorderedKeys = ["set:strings", "set:big", "hash:big"];

    public static TheoryData<string, string> DeterministicRecords()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in new[] { Compressed, Uncompressed })
        {
            foreach (var key in DeterministicKeys)
            {
                data.Add(fixture, key);
            }
        }
        return data;
    }

    public static TheoryData<string, string> UnorderedRecords()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in new[] { Compressed, Uncompressed })
        {
            foreach (var key in UnorderedKeys)
            {
                data.Add(fixture, key);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DeterministicRecords))]
    public void Record_is_byte_identical_to_the_one_redis_wrote(string fixture, string key)
    {
        var file = RdbFixtureFiles.Read($"{fixture}/dump.rdb");
        var value = CommonDataSet.Build(key);
        var type = RdbValueWriter.TypeOf(value);
        var at = RdbRecordCursor.FindRecord(file, type, key);
        if (value is RedisStream stream)
        {
            var cursor = new RdbRecordCursor(file, at + 2 + key.Length);
            StreamRecordTimes.CopyInto(cursor, stream);
        }
        var expireAt = CommonDataSet.ExpireAt(key);
        if (expireAt != -1)
        {
            at -= 9; // FC + 8 bytes
        }

        var ours = Write(key, value, expireAt, compress: fixture == Compressed);

        Assert.True(at + ours.Length < file.Length, $"{key}: our record ({ours.Length} bytes) runs past the file");
        Assert.Equal(Convert.ToHexString(file, at, ours.Length), Convert.ToHexString(ours));
        Assert.True(IsRecordStart(file[at + ours.Length]),
            $"{key}: byte 0x{file[at + ours.Length]:X2} after our record does not start a record: Redis's record is longer");
    }

    [Theory]
    [MemberData(nameof(UnorderedRecords))]
    public void Hashtable_record_has_the_same_encoded_elements_as_redis(string fixture, string key)
    {
        var file = RdbFixtureFiles.Read($"{fixture}/dump.rdb");
        var value = CommonDataSet.Build(key);
        var type = RdbValueWriter.TypeOf(value);
        var at = RdbRecordCursor.FindRecord(file, type, key);
        var theirs = new RdbRecordCursor(file, at + 2 + key.Length);
        var theirElements = EncodedElements(theirs, type);

        var ours = Write(key, value, -1, compress: fixture == Compressed);
        var mine = new RdbRecordCursor(ours, 2 + key.Length);
        var ourElements = EncodedElements(mine, type);

        Assert.Equal(mine.Position, ours.Length);
        Assert.Equal(theirs.Position - at, ours.Length);
        Assert.Equal(theirElements, ourElements);
    }

    [Theory]
    [InlineData("str:short", RdbFormat.TypeString)]
    [InlineData("str:int8", RdbFormat.TypeString)]
    [InlineData("list:small", RdbFormat.TypeListQuicklist2)]
    [InlineData("set:intset16", RdbFormat.TypeSetIntset)]
    [InlineData("set:strings", RdbFormat.TypeSet)]
    [InlineData("set:big", RdbFormat.TypeSet)]
    [InlineData("hash:small", RdbFormat.TypeHashListpack)]
    [InlineData("hash:big", RdbFormat.TypeHash)]
    [InlineData("hash:longval", RdbFormat.TypeHash)]
    [InlineData("zset:small", RdbFormat.TypeZsetListpack)]
    [InlineData("zset:big", RdbFormat.TypeZset2)]
    [InlineData("zset:longmember", RdbFormat.TypeZset2)]
    [InlineData("stream:events", RdbFormat.TypeStreamListpacks2)]
    public void Type_byte_follows_the_encoding(string key, byte expected)
    {
        Assert.Equal(expected, RdbValueWriter.TypeOf(CommonDataSet.Build(key)));
    }

    [Fact]
    public void Idle_and_frequency_records_come_between_expiry_and_type()
    {
        var value = RedisString.FromValue("v"u8);
        var output = new ArrayBufferWriter<byte>();
        RdbValueWriter.WriteKey(output, "k"u8, value, 1000, lruIdleSeconds: 70, lfuFrequency: 5, compress: true);
        Assert.Equal("FCE803000000000000" + "F84046" + "F905" + "00" + "016B" + "0176", Convert.ToHexString(output.WrittenSpan));
    }

    [Fact]
    public void A_list_of_many_nodes_streams_out_without_large_buffers()
    {
        var list = new RedisList(CommonDataSet.ListFill);
        for (var i = 0; i < 200_000; i++)
        {
            list.PushTail(System.Text.Encoding.ASCII.GetBytes($"element-{i}"));
        }
        Assert.True(list.NodeCount > 100);
        var output = new SmallSpanWriter();
        RdbValueWriter.Write(output, list, compress: true);

        Assert.True(output.LargestRequest <= 16 * 1024, $"asked for a span of {output.LargestRequest} bytes");
        var cursor = new RdbRecordCursor(output.ToArray(), 0);
        Assert.Equal((ulong)list.NodeCount, cursor.ReadLength());
        long elements = 0;
        for (var i = 0; i < list.NodeCount; i++)
        {
            Assert.Equal((ulong)RdbFormat.QuicklistNodePacked, cursor.ReadLength());
            var blob = cursor.ReadString();
            Assert.Equal(list.GetNode(i).AsSpan().ToArray(), blob);
            elements += list.GetNode(i).Count;
        }
        Assert.Equal(list.Count, elements);
        Assert.Equal(cursor.Data.Length, cursor.Position);
    }

    [Theory]
    [InlineData("list:big")]
    [InlineData("set:big")]
    [InlineData("hash:big")]
    [InlineData("zset:big")]
    [InlineData("set:intset16")]
    [InlineData("str:compressible")]
    [InlineData("str:int64")]
    public void Writing_a_value_allocates_nothing(string key)
    {
        var value = CommonDataSet.Build(key);
        var output = new DiscardingWriter();
        RdbValueWriter.WriteKey(output, "key"u8, value, 1, compress: true); // warm up (JIT, LZF table)
        var before = GC.GetAllocatedBytesForCurrentThread();
        RdbValueWriter.WriteKey(output, "key"u8, value, 1, compress: true);
        RdbValueWriter.WriteKey(output, "key"u8, value, 1, compress: false);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal static byte[] Write(string key, RedisObject value, long expireAt, bool compress)
    {
        var output = new ArrayBufferWriter<byte>();
        RdbValueWriter.WriteKey(output, System.Text.Encoding.ASCII.GetBytes(key), value, expireAt, compress);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The elements of a set (02) or hash (04) value, each as its encoded bytes (a hash pair as
    /// field + value), sorted: the comparison covers every string encoding but not the order.
    /// </summary>
    internal static List<string> EncodedElements(RdbRecordCursor cursor, byte type)
    {
        var count = cursor.ReadLength();
        var elements = new List<string>();
        for (ulong i = 0; i < count; i++)
        {
            var element = Convert.ToHexString(cursor.ReadEncodedString());
            if (type == RdbFormat.TypeHash)
            {
                element += "/" + Convert.ToHexString(cursor.ReadEncodedString());
            }
            elements.Add(element);
        }
        elements.Sort(StringComparer.Ordinal);
        return elements;
    }

    private static bool IsRecordStart(byte b) => RdbFormat.IsObjectType(b)
        || b is RdbFormat.OpExpireTimeMs or RdbFormat.OpSelectDb or RdbFormat.OpEof or RdbFormat.OpIdle or RdbFormat.OpFreq;

    /// <summary>An output that reuses one buffer, as a snapshot's pooled chunks do.</summary>
    private sealed class DiscardingWriter : IBufferWriter<byte>
    {
        private readonly byte[] _buffer = new byte[1 << 20];

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer;

        public Span<byte> GetSpan(int sizeHint = 0) => _buffer;
    }

    /// <summary>An output that hands out spans exactly as big as asked and records the largest request.</summary>
    private sealed class SmallSpanWriter : IBufferWriter<byte>
    {
        private readonly MemoryStream _written = new();
        private byte[] _current = [];

        public int LargestRequest { get; private set; }

        public void Advance(int count) => _written.Write(_current, 0, count);

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            LargestRequest = Math.Max(LargestRequest, sizeHint);
            _current = new byte[Math.Max(sizeHint, 1)];
            return _current;
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public byte[] ToArray() => _written.ToArray();
    }
}
