using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Basalt.Persistence.Rdb;
using Basalt.Tests.Infrastructure;
using Basalt.Types.Encodings;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// Damaged files made by hand: the real redis-check-rdb and Basalt's reader (in check mode, with
/// deep sanitization, as the checker runs) report the same problem at the same offset, with the
/// same rdb.c line, stage, key and type.
/// </summary>
public sealed partial class RdbCheckerAgreementTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Cases => new(DamagedFiles.Keys);

    private static readonly Dictionary<string, byte[]> DamagedFiles = Build();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SameReportAsRedisCheckRdb(string name)
    {
        var file = DamagedFiles[name];
        var dir = Directory.CreateTempSubdirectory("basalt-rdbcheck-");
        try
        {
            var path = Path.Combine(dir.FullName, "dump.rdb");
            await File.WriteAllBytesAsync(path, file);
            var check = await ExternalTool.RunAsync("redis-check-rdb", [path], Timeout);
            var report = Report().Match(check.Stdout);
            Assert.True(report.Success, check.Stdout);

            var e = Assert.Throws<RdbFormatException>(() =>
                RdbFileReader.Read(new RdbInput(file), new RecordingRdbSink(), RdbLoadOptions.Default with { CheckMode = true, DeepSanitize = true }));

            Assert.Equal(report.Groups["message"].Value, CheckerMessage(e));
            Assert.Equal(long.Parse(report.Groups["offset"].Value), e.Offset);
            Assert.Equal(report.Groups["stage"].Value, e.Stage);
            Assert.Equal(report.Groups["key"].Success ? report.Groups["key"].Value : null, e.Key is null ? null : RecordingRdbSink.Latin1(e.Key));
            Assert.Equal(int.Parse(report.Groups["type"].Value), e.Type < 0 && e.KeysRead == 0 ? 0 : e.Type);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string CheckerMessage(RdbFormatException e) =>
        e.RedisLine > 0 && e.Message is not ("bad when_opcode" or "RDB CRC error") && !e.Message.StartsWith("Invalid object type", StringComparison.Ordinal)
            ? $"Internal error in RDB reading offset 0, function at rdb.c:{e.RedisLine} -> {e.Message}"
            : e.Message;

    [GeneratedRegex(@"--- RDB ERROR DETECTED ---\n\[offset (?<offset>\d+)\] (?<message>.*)\n\[additional info\] While doing: (?<stage>\S+)\n(\[additional info\] Reading key '(?<key>.*)'\n)?\[additional info\] Reading type (?<type>\d+)")]
    private static partial Regex Report();

    private static Dictionary<string, byte[]> Build()
    {
        static RdbBytes Key(byte type) => RdbBytes.Header().Raw(type).String("k");
        var node = NodeListpack();
        RdbBytes Stream(Func<RdbBytes, RdbBytes> groups, int nodes = 1) =>
            groups((nodes == 1 ? Key(RdbFormat.TypeStreamListpacks2).Length(1).String(Id(1, 0)).String(node) : Key(RdbFormat.TypeStreamListpacks2).Length(0))
                .Length(1).Length(1).Length(0).Length(1).Length(0).Length(0).Length(0).Length(1));
        RdbBytes Group(RdbBytes b) => b.Length(1).String("g").Length(0).Length(0).Length(0);
        var pel = new RdbBytes().Raw(Id(1, 0)).Milliseconds(1).Length(1).ToArray();
        var badListpack = new byte[8];
        var badZiplist = new byte[12];
        return new()
        {
            ["unknown-length-encoding"] = Key(0).Raw(0xBF).End(),
            ["unknown-string-encoding"] = Key(0).Raw(0xC5).End(),
            ["invalid-lzf"] = Key(0).Raw(0xC3, 0x02, 0x05, 0x00, (byte)'a').End(),
            ["truncated-value"] = Key(0).Raw(0x05, (byte)'a').ToArray(),
            ["invalid-type"] = RdbBytes.Header().Raw(20).String("k").End(),
            ["bad-when-opcode"] = RdbBytes.Header().Raw(RdbFormat.OpModuleAux).Length(5).Length(1).Length(0).Length(0).End(),
            ["intset-duplicate"] = Key(RdbFormat.TypeSet).Length(2).String("7").String("7").End(),
            ["set-duplicate"] = Key(RdbFormat.TypeSet).Length(2).String("a").String("a").End(),
            ["zset-nan"] = Key(RdbFormat.TypeZset2).Length(1).String("m").Double(double.NaN).End(),
            ["zset-duplicate"] = Key(RdbFormat.TypeZset2).Length(2).String("m").Double(1).String("m").Double(2).End(),
            ["legacy-zset-bad-score"] = Key(RdbFormat.TypeZset).Length(1).String("m").Raw(3).Raw("abc"u8.ToArray()).End(),
            ["hash-duplicate"] = Key(RdbFormat.TypeHash).Length(2).String("f").String("1").String("f").String("2").End(),
            ["hash-table-duplicate"] = HashTableDuplicate(),
            ["quicklist-container"] = Key(RdbFormat.TypeListQuicklist2).Length(1).Length(3).String("x").End(),
            ["quicklist-listpack"] = Key(RdbFormat.TypeListQuicklist2).Length(1).Length(2).String(badListpack).End(),
            ["quicklist-ziplist"] = Key(RdbFormat.TypeListQuicklist).Length(1).String(badZiplist).End(),
            ["zipmap"] = Key(RdbFormat.TypeHashZipmap).String([0x00, 0xFF]).End(),
            ["zipmap-duplicate"] = Key(RdbFormat.TypeHashZipmap).String(RdbBytes.Zipmap("f", "a", "f", "b")).End(),
            ["list-ziplist"] = Key(RdbFormat.TypeListZiplist).String(badZiplist).End(),
            ["intset"] = Key(RdbFormat.TypeSetIntset).String(RdbBytes.Intset16(3, 2)).End(),
            ["zset-ziplist"] = Key(RdbFormat.TypeZsetZiplist).String(badZiplist).End(),
            ["zset-listpack"] = Key(RdbFormat.TypeZsetListpack).String(badListpack).End(),
            ["hash-ziplist"] = Key(RdbFormat.TypeHashZiplist).String(RdbBytes.Ziplist("f", "1", "f", "2")).End(),
            ["hash-listpack"] = Key(RdbFormat.TypeHashListpack).String(badListpack).End(),
            ["stream-nodes-truncated"] = Key(RdbFormat.TypeStreamListpacks2).ToArray(),
            ["stream-node-key-size"] = Key(RdbFormat.TypeStreamListpacks2).Length(1).String("abc").String("x").End(),
            ["stream-node-listpack"] = Key(RdbFormat.TypeStreamListpacks2).Length(1).String(Id(1, 0)).String(badListpack).End(),
            ["stream-node-twice"] = Key(RdbFormat.TypeStreamListpacks2).Length(2).String(Id(1, 0)).String(node).String(Id(1, 0)).String(node).End(),
            ["stream-metadata-truncated"] = Key(RdbFormat.TypeStreamListpacks2).Length(1).String(Id(1, 0)).String(node).Length(1).ToArray(),
            ["stream-length-without-nodes"] = Stream(b => b.Length(0), nodes: 0).End(),
            ["stream-group-twice"] = Stream(b => b.Length(2).String("g").Length(0).Length(0).Length(0).Length(0).Length(0)
                .String("g").Length(0).Length(0).Length(0)).End(),
            ["stream-pel-twice"] = Stream(b => Group(b).Length(2).Raw(pel).Raw(pel).Length(0)).End(),
            ["stream-consumer-twice"] = Stream(b => Group(b).Length(0).Length(2).String("c").Milliseconds(1).Length(0).String("c").Milliseconds(1).Length(0)).End(),
            ["stream-consumer-unknown-entry"] = Stream(b => Group(b).Length(0).Length(1).String("c").Milliseconds(1).Length(1).Raw(Id(1, 0))).End(),
            ["stream-entry-claimed-twice"] = Stream(b => Group(b).Length(1).Raw(pel).Length(1).String("c").Milliseconds(1).Length(2).Raw(Id(1, 0)).Raw(Id(1, 0))).End(),
            ["stream-entry-without-owner"] = Stream(b => Group(b).Length(1).Raw(pel).Length(0)).End(),
            ["module-type-1"] = Key(RdbFormat.TypeModule).Length(5UL << 10).End(),
            ["module-value-float-truncated"] = Key(RdbFormat.TypeModule2).Length(5UL << 10).Length(3).Raw(0).ToArray(),
        };
    }

    private static byte[] HashTableDuplicate()
    {
        var b = RdbBytes.Header().Raw(RdbFormat.TypeHash).String("k").Length(513);
        for (var i = 0; i < 512; i++)
        {
            b.String($"f{i}").String("v");
        }
        return b.String("f0").String("v").End();
    }

    /// <summary>A stream node holding entry 1-0 {f: v}, laid out as Redis writes it.</summary>
    private static byte[] NodeListpack()
    {
        var listpack = new Listpack();
        listpack.Append(1);
        listpack.Append(0);
        listpack.Append(1);
        listpack.Append("f"u8);
        listpack.Append(0);
        listpack.Append(StreamFlagSameFields);
        listpack.Append(0);
        listpack.Append(0);
        listpack.Append("v"u8);
        listpack.Append(4);
        return listpack.AsSpan().ToArray();
    }

    private const int StreamFlagSameFields = 2;

    private static byte[] Id(ulong ms, ulong seq)
    {
        var raw = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(raw, ms);
        BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(8), seq);
        return raw;
    }
}
