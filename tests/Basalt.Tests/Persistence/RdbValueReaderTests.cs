using System.Text.Json.Nodes;
using Basalt.Persistence.Rdb;
using Basalt.Types;
using Basalt.Types.Encodings;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>Values in the forms only older Redis versions wrote, and the checks and conversions of loading.</summary>
public sealed class RdbValueReaderTests
{
    private static RedisObject? Read(byte type, RdbBytes payload, RdbLoadOptions? options = null) =>
        RdbValueReader.Read(new RdbInput(payload.ToArray()), type, options ?? RdbLoadOptions.Default);

    private static string Model(RedisObject? value) => RdbValueModel.ValueOf(value!).ToJsonString();

    private static RdbFormatException Refused(byte type, RdbBytes payload, RdbLoadOptions? options = null) =>
        Assert.Throws<RdbFormatException>(() => Read(type, payload, options));

    [Fact]
    public void ZiplistListWithEveryEncoding()
    {
        var ziplist = RdbBytes.Ziplist("a", new string('b', 70), 0L, 12L, -100L, 1000L, 100000L, 5000000000L, 8000000L);
        var list = (RedisList)Read(RdbFormat.TypeListZiplist, new RdbBytes().String(ziplist))!;
        Assert.Equal($"[\"a\",\"{new string('b', 70)}\",\"0\",\"12\",\"-100\",\"1000\",\"100000\",\"5000000000\",\"8000000\"]", Model(list));
    }

    [Fact]
    public void ZiplistWithAWrongPreviousLengthIsRefused()
    {
        var ziplist = RdbBytes.Ziplist("a", "b");
        ziplist[10 + 3] = 9;
        var e = Refused(RdbFormat.TypeListZiplist, new RdbBytes().String(ziplist));
        Assert.Equal("List ziplist integrity check failed.", e.Message);
    }

    [Fact]
    public void QuicklistOfZiplistsBecomesListpackNodesAndSkipsEmptyOnes()
    {
        var payload = new RdbBytes().Length(3)
            .String(RdbBytes.Ziplist("x", 1L))
            .String(RdbBytes.Ziplist())
            .String(RdbBytes.Ziplist("y"));
        var list = (RedisList)Read(RdbFormat.TypeListQuicklist, payload)!;
        Assert.Equal("[\"x\",\"1\",\"y\"]", Model(list));
        Assert.Equal(2, list.NodeCount);
    }

    [Fact]
    public void QuicklistOfOnlyEmptyNodesIsAnEmptyKey()
    {
        Assert.Null(Read(RdbFormat.TypeListQuicklist, new RdbBytes().Length(1).String(RdbBytes.Ziplist())));
    }

    [Fact]
    public void Quicklist2PlainNodeAndBadContainer()
    {
        var listpack = new Listpack();
        listpack.Append("packed"u8);
        var payload = new RdbBytes().Length(2).Length(2).String(listpack.AsSpan().ToArray()).Length(1).String("plain");
        Assert.Equal("[\"packed\",\"plain\"]", Model(Read(RdbFormat.TypeListQuicklist2, payload)));

        var e = Refused(RdbFormat.TypeListQuicklist2, new RdbBytes().Length(1).Length(3).String("x"));
        Assert.Equal("Quicklist integrity check failed.", e.Message);
        Assert.Equal(2048, e.RedisLine);
    }

    [Fact]
    public void ZipmapHashBecomesAListpackOrATable()
    {
        var hash = (RedisHash)Read(RdbFormat.TypeHashZipmap, new RdbBytes().String(RdbBytes.Zipmap("name", "redis", "ver", "2.4")))!;
        Assert.True(hash.IsListpack);
        Assert.Equal("{\"name\":\"redis\",\"ver\":\"2.4\"}", Model(hash));

        var big = (RedisHash)Read(RdbFormat.TypeHashZipmap, new RdbBytes().String(RdbBytes.Zipmap("f", new string('v', 65))))!;
        Assert.False(big.IsListpack);
    }

    [Fact]
    public void ZipmapWithDuplicateFieldsIsRefused()
    {
        var e = Refused(RdbFormat.TypeHashZipmap, new RdbBytes().String(RdbBytes.Zipmap("f", "1", "f", "2")));
        Assert.Equal("Hash zipmap with dup elements, or big length (1)", e.Message);
    }

    [Fact]
    public void IntsetLoadsChecksOrderAndConvertsWhenTooBig()
    {
        var set = (RedisSet)Read(RdbFormat.TypeSetIntset, new RdbBytes().String(RdbBytes.Intset16(-7, 1, 300)))!;
        Assert.True(set.IsIntset);
        Assert.Equal("[\"-7\",\"1\",\"300\"]", Model(set));

        var e = Refused(RdbFormat.TypeSetIntset, new RdbBytes().String(RdbBytes.Intset16(5, 1)));
        Assert.Equal("Intset integrity check failed.", e.Message);

        var converted = (RedisSet)Read(RdbFormat.TypeSetIntset, new RdbBytes().String(RdbBytes.Intset16(1, 2, 3)),
            RdbLoadOptions.Default with { SetMaxIntsetEntries = 2 })!;
        Assert.False(converted.IsIntset);
    }

    [Fact]
    public void SetOfStringsPicksItsEncodingAndRefusesDuplicates()
    {
        Assert.True(((RedisSet)Read(RdbFormat.TypeSet, new RdbBytes().Length(2).String("1").String("2"))!).IsIntset);
        Assert.False(((RedisSet)Read(RdbFormat.TypeSet, new RdbBytes().Length(2).String("1").String("a"))!).IsIntset);
        Assert.Equal("Duplicate set members detected", Refused(RdbFormat.TypeSet, new RdbBytes().Length(2).String("7").String("7")).Message);
        Assert.Equal("Duplicate set members detected", Refused(RdbFormat.TypeSet, new RdbBytes().Length(2).String("a").String("a")).Message);
        Assert.Null(Read(RdbFormat.TypeSet, new RdbBytes().Length(0)));
    }

    [Fact]
    public void LegacyZsetWithTextScores()
    {
        var payload = new RdbBytes().Length(3)
            .String("b").Raw(3).Raw("2.5"u8.ToArray())
            .String("a").Raw(254)
            .String("c").Raw(1).Raw((byte)'1');
        var zset = (RedisSortedSet)Read(RdbFormat.TypeZset, payload)!;
        Assert.True(zset.IsListpack);
        Assert.Equal("[[\"c\",\"1\"],[\"b\",\"2.5\"],[\"a\",\"inf\"]]", Model(zset));
    }

    [Fact]
    public void ZsetNanAndDuplicatesAreRefused()
    {
        Assert.Equal("Zset with NAN score detected", Refused(RdbFormat.TypeZset, new RdbBytes().Length(1).String("a").Raw(253)).Message);
        Assert.Equal("Zset with NAN score detected", Refused(RdbFormat.TypeZset2, new RdbBytes().Length(1).String("a").Double(double.NaN)).Message);
        var dup = new RdbBytes().Length(2).String("m").Double(1).String("m").Double(2);
        var e = Refused(RdbFormat.TypeZset2, dup);
        Assert.Equal("Duplicate zset fields detected", e.Message);
        Assert.Equal(1894, e.RedisLine);
    }

    [Fact]
    public void ZsetOverTheThresholdsStaysASkiplist()
    {
        var payload = new RdbBytes().Length(2).String(new string('m', 65)).Double(1).String("n").Double(2);
        Assert.False(((RedisSortedSet)Read(RdbFormat.TypeZset2, payload)!).IsListpack);
    }

    [Fact]
    public void ZsetZiplistBecomesAListpackAndRefusesDuplicates()
    {
        var zset = (RedisSortedSet)Read(RdbFormat.TypeZsetZiplist, new RdbBytes().String(RdbBytes.Ziplist("a", 1L, "b", "2.5")))!;
        Assert.Equal("[[\"a\",\"1\"],[\"b\",\"2.5\"]]", Model(zset));

        var e = Refused(RdbFormat.TypeZsetZiplist, new RdbBytes().String(RdbBytes.Ziplist("a", 1L, "a", 2L)));
        Assert.Equal("Zset ziplist integrity check failed.", e.Message);
        Assert.Equal("Zset ziplist integrity check failed.", Refused(RdbFormat.TypeZsetZiplist, new RdbBytes().String(RdbBytes.Ziplist("a"))).Message);
    }

    [Fact]
    public void HashZiplistBecomesAListpackOrATable()
    {
        var hash = (RedisHash)Read(RdbFormat.TypeHashZiplist, new RdbBytes().String(RdbBytes.Ziplist("f", 1L, "g", "v")))!;
        Assert.True(hash.IsListpack);
        Assert.Equal("{\"f\":\"1\",\"g\":\"v\"}", Model(hash));
        var table = (RedisHash)Read(RdbFormat.TypeHashZiplist, new RdbBytes().String(RdbBytes.Ziplist("f", 1L, "g", "v")),
            RdbLoadOptions.Default with { HashMaxListpackEntries = 1 })!;
        Assert.False(table.IsListpack);
    }

    [Fact]
    public void HashOfPairsPicksItsEncodingAndRefusesDuplicates()
    {
        Assert.True(((RedisHash)Read(RdbFormat.TypeHash, new RdbBytes().Length(1).String("f").String("v"))!).IsListpack);
        var longValue = (RedisHash)Read(RdbFormat.TypeHash, new RdbBytes().Length(2).String("a").String("1").String("f").String(new string('v', 65)))!;
        Assert.False(longValue.IsListpack);
        Assert.Equal(2, longValue.Count);
        Assert.Equal("Hash with dup elements", Refused(RdbFormat.TypeHash, new RdbBytes().Length(2).String("f").String("1").String("f").String("2")).Message);
        // As redis-server (sanitize-dump-payload no) and redis-check-rdb (always sanitizing) report it.
        var converting = new RdbBytes().Length(2).String("f").String("1").String("f").String(new string('v', 65));
        var e = Refused(RdbFormat.TypeHash, converting);
        Assert.Equal(("Duplicate hash fields detected", 1969), (e.Message, e.RedisLine));
        e = Refused(RdbFormat.TypeHash, converting, RdbLoadOptions.Default with { DeepSanitize = true });
        Assert.Equal(("Hash with dup elements", 1951), (e.Message, e.RedisLine));
    }

    [Fact]
    public void PairListpackDuplicatesAreFoundWhenSanitizing()
    {
        var listpack = new Listpack();
        listpack.Append("f"u8);
        listpack.Append("1"u8);
        listpack.Append("f"u8);
        listpack.Append("2"u8);
        var payload = new RdbBytes().String(listpack.AsSpan().ToArray());
        Assert.NotNull(Read(RdbFormat.TypeHashListpack, payload));
        var e = Refused(RdbFormat.TypeHashListpack, payload, RdbLoadOptions.Default with { DeepSanitize = true });
        Assert.Equal("Hash listpack integrity check failed.", e.Message);
        Assert.Equal("Hash listpack integrity check failed.", Refused(RdbFormat.TypeHashListpack, payload, RdbLoadOptions.Default with { HashMaxListpackEntries = 1 }).Message);
    }

    [Fact]
    public void ListpackWithABadBacklenIsRefused()
    {
        var listpack = new Listpack();
        listpack.Append("member"u8);
        listpack.Append(1);
        var blob = listpack.AsSpan().ToArray();
        blob[6 + 7] = 9;
        Assert.Equal("Zset listpack integrity check failed.", Refused(RdbFormat.TypeZsetListpack, new RdbBytes().String(blob)).Message);
    }

    [Fact]
    public void ModuleValuesNeedTheirModuleExceptInCheckMode()
    {
        const ulong id = (12345UL << 10) | 3;
        var name = RdbValueReader.ModuleTypeName(id);
        var payload = new RdbBytes().Length(id).Length(2).Length(7).Length(5).String("s").Length(4).Double(1.5).Length(0);
        var e = Refused(RdbFormat.TypeModule2, payload);
        Assert.Equal($"The RDB file contains module data I can't load: no matching module type '{name}'", e.Message);

        var input = new RdbInput(payload.ToArray());
        var dummy = (RedisString)RdbValueReader.Read(input, RdbFormat.TypeModule2, RdbLoadOptions.Default with { CheckMode = true })!;
        Assert.Equal("module-dummy-value", RecordingRdbSink.Latin1(dummy.Bytes));
        Assert.Equal(payload.ToArray().Length, input.Offset);
    }

    [Fact]
    public void ModuleTypeNamesDecodeAsRedisDoes()
    {
        // "AAAAAAAAB" is 1 in the top 54 bits.
        Assert.Equal("AAAAAAAAB", RdbValueReader.ModuleTypeName(1UL << 10));
        Assert.Equal("_________", RdbValueReader.ModuleTypeName(ulong.MaxValue));
    }

    [Fact]
    public void StreamVersion1WithAGroup()
    {
        var node = new Listpack();
        foreach (var item in new object[] { 2L, 0L, 1L, "f", 0L, 2L, 0L, 0L, "v1", 4L, 2L, 0L, 1L, "v2", 4L })
        {
            if (item is long n)
            {
                node.Append(n);
            }
            else
            {
                node.Append(System.Text.Encoding.ASCII.GetBytes((string)item));
            }
        }
        var payload = new RdbBytes().Length(1).String(MasterKey(5, 0)).String(node.AsSpan().ToArray())
            .Length(2).Length(5).Length(1)
            .Length(1).String("g").Length(5).Length(0)
            .Length(1).Raw(MasterKey(5, 0)).Milliseconds(1000).Length(3)
            .Length(1).String("alice").Milliseconds(2000).Length(1).Raw(MasterKey(5, 0));

        var stream = (RedisStream)Read(RdbFormat.TypeStreamListpacks, payload)!;

        var model = RdbValueModel.ValueOf(stream).AsObject();
        Assert.Equal("[[\"5-0\",[\"f\",\"v1\"]],[\"5-1\",[\"f\",\"v2\"]]]", model["entries"]!.ToJsonString());
        Assert.Equal(new StreamId(5, 0), stream.FirstId);
        Assert.Equal(2, stream.EntriesAdded);
        var group = stream.Groups![[(byte)'g']];
        Assert.Equal(1, group.EntriesRead);
        Assert.Equal("alice", RecordingRdbSink.Latin1(group.Pending[new StreamId(5, 0)].Consumer.Name));
        Assert.Equal(3UL, group.Pending[new StreamId(5, 0)].DeliveryCount);
    }

    [Fact]
    public void StreamConsumerClaimingAnUnknownEntryIsRefused()
    {
        var payload = new RdbBytes().Length(0).Length(0).Length(1).Length(1)
            .Length(0).Length(0).Length(0).Length(0).Length(0)
            .Length(1).String("g").Length(0).Length(0).Length(0)
            .Length(0)
            .Length(1).String("bob").Milliseconds(1).Length(1).Raw(MasterKey(1, 1));
        var e = Refused(RdbFormat.TypeStreamListpacks2, payload);
        Assert.Equal("Consumer entry not found in group global PEL", e.Message);
    }

    [Fact]
    public void StreamShortReadsCarryTheStreamLoaderMessages()
    {
        var e = Refused(RdbFormat.TypeStreamListpacks2, new RdbBytes().Length(0).Length(0).Length(1));
        Assert.Equal("Stream object metadata loading failed.", e.Message);
        Assert.Equal(3, e.Offset);
    }

    [Fact]
    public void UnknownTypeOfAValueIsRefused()
    {
        Assert.Equal("Unknown RDB encoding type 20", Refused(20, new RdbBytes()).Message);
    }

    private static byte[] MasterKey(ulong ms, ulong seq)
    {
        var raw = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(raw, ms);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(8), seq);
        return raw;
    }
}
